#!/usr/bin/env bash
# The photo pipeline against libvips on a 12-megapixel JPEG: both produce the display image (long edge
# 2048) and the thumbnail (long edge 320), re-encoded at quality 82 without metadata.
#
#   bench/photos.sh              # 15 runs each
#   RUNS=31 bench/photos.sh
#
# Ours: `liaison photos process` (release build): one decode, orientation, two resizes, two encodes.
# libvips: `vipsthumbnail` twice (it makes one size per run, with shrink-on-load for the thumbnail).
# Prints the median wall time and peak memory of each, and their ratio. Needs libvips-tools and time
# (Debian packages), installed here when missing.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-15}

missing=()
command -v vipsthumbnail >/dev/null || missing+=(libvips-tools)
[ -x /usr/bin/time ] || missing+=(time)
if [ ${#missing[@]} -gt 0 ]; then apt-get install -y "${missing[@]}" >/dev/null; fi
cargo build --release --quiet

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# A photo-like 4000×3000 image: smooth colour waves, edges and sensor-like noise, saved as a phone would.
vips sines "$work/r.v" 4000 3000 --hfreq 2 --vfreq 3
vips sines "$work/g.v" 4000 3000 --hfreq 5 --vfreq 1
vips sines "$work/b.v" 4000 3000 --hfreq 1 --vfreq 7
vips bandjoin "$work/r.v $work/g.v $work/b.v" "$work/rgb.v"
vips linear "$work/rgb.v" "$work/lin.v" 90 128
vips gaussnoise "$work/noise.v" 4000 3000 --sigma 6 --mean 0
vips add "$work/lin.v" "$work/noise.v" "$work/noisy.v"
vips cast "$work/noisy.v" "$work/photo8.v" uchar
vips copy "$work/photo8.v" "$work/photo.v" --interpretation srgb
vips copy "$work/photo.v" "$work/photo.jpg[Q=92]"
echo "input: $(vipsheader "$work/photo.jpg") $(stat -c %s "$work/photo.jpg") bytes; cores=$(nproc)"

ours() {
  ./target/release/liaison photos process "$work/photo.jpg" --out "$work/ours" >/dev/null
}
vips_both() {
  vipsthumbnail "$work/photo.jpg" --size 2048 -o "$work/vips-display.jpg[Q=82,strip]"
  vipsthumbnail "$work/photo.jpg" --size 320 -o "$work/vips-thumb.jpg[Q=82,strip]"
}
export -f ours vips_both
export work

measure() { # name command -> "median_ms peak_kib"
  local times=() peaks=()
  for _ in $(seq 1 "$RUNS"); do
    local start end
    start=$(date +%s%N)
    /usr/bin/time -f "%M" -o "$work/mem" bash -c "$2"
    end=$(date +%s%N)
    times+=($(( (end - start) / 1000000 )))
    peaks+=($(cat "$work/mem"))
  done
  python3 - "$1" "${times[*]}" "${peaks[*]}" <<'PY'
import statistics, sys
name, times, peaks = sys.argv[1], list(map(int, sys.argv[2].split())), list(map(int, sys.argv[3].split()))
print(f"{name} {statistics.median(times):.0f} {max(peaks)}")
PY
}

ours; vips_both  # warm the page cache
read -r _ ours_ms ours_kib < <(measure ours ours)
read -r _ vips_ms vips_kib < <(measure vips vips_both)
ls -l "$work"/ours/display.jpg "$work"/ours/thumb.jpg "$work"/vips-display.jpg "$work"/vips-thumb.jpg | awk '{print $5, $9}'
python3 - "$ours_ms" "$vips_ms" "$ours_kib" "$vips_kib" <<'PY'
import sys
ours, vips, ours_kib, vips_kib = map(float, sys.argv[1:])
print(f"RESULT liaison_median_ms={ours:.0f} vipsthumbnail_median_ms={vips:.0f} ratio={ours / vips:.2f} "
      f"liaison_peak_mib={ours_kib / 1024:.0f} vipsthumbnail_peak_mib={vips_kib / 1024:.0f}")
PY
