//! Any bytes through the whole photo pipeline: type check, header limits, decode, orientation, resize and
//! re-encode. It must answer Ok or a refusal, never panic, hang or allocate without bound.
#![no_main]

use liaison::infra::photos::process::{PixelLimits, process};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // Tighter than the server's defaults so each run stays fast; the code paths are the same.
    let limits = PixelLimits { max_edge: 4096, max_pixels: 4_000_000, max_alloc_bytes: 64 * 1024 * 1024 };
    let _ = process(data, &limits);
});
