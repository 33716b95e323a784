#!/usr/bin/env bash
# Fuzz the photo pipeline for a bounded time (default 300 s) with cargo-fuzz on the stable toolchain.
#
#   fuzz/run.sh            # 5 minutes
#   fuzz/run.sh 3600       # an hour
#
# Seeds are small JPEG, PNG and WebP files (with and without EXIF) made by the test fixtures' recipe.
# Crashes land in fuzz/artifacts/photo_pipeline/; reproduce one with
#   RUSTC_BOOTSTRAP=1 cargo fuzz run photo_pipeline --sanitizer none fuzz/artifacts/photo_pipeline/<file>
set -euo pipefail
cd "$(dirname "$0")"
SECONDS_TO_RUN=${1:-300}

command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked
# cargo-fuzz passes nightly-only flags; the stable compiler accepts them with RUSTC_BOOTSTRAP. Without
# AddressSanitizer (which needs a nightly standard library), libFuzzer still catches panics, aborts,
# timeouts and runaway memory (-rss_limit_mb).
export RUSTC_BOOTSTRAP=1
mkdir -p corpus/photo_pipeline
cp -n seeds/* corpus/photo_pipeline/ 2>/dev/null || true
cargo fuzz run photo_pipeline --sanitizer none --release -- \
  -max_total_time="$SECONDS_TO_RUN" -rss_limit_mb=1024 -timeout=10 -max_len=262144 -print_final_stats=1
