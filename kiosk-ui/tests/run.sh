#!/usr/bin/env bash
# The kiosk's browser tests (tests/*.test.js, one file per flow, helpers.js shared): Debian's Chromium (headless)
# driven by playwright-core, with axe-core, against the real server (debug build, a temporary data folder, the demo
# data). Called by .ci/run (step 3/3).
# Screenshots of every screen go to kiosk-ui/tests/artifacts/ (not committed).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"

if [ ! -x /usr/bin/chromium ]; then
  echo "installing Debian's chromium"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi
if ! fc-list :lang=zh 2>/dev/null | grep -q .; then
  echo "installing a Chinese font (for readable screenshots)"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-wqy-microhei >/dev/null || true
fi

cd "$here"
npm ci --no-audit --no-fund --loglevel=error

cd "$root"
cargo build --locked --bin liaison
target_dir="$(cargo metadata --format-version 1 --no-deps --locked | node -e \
  'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).target_directory))')"
export LIAISON_BIN="$target_dir/debug/liaison"
export CHROMIUM="${CHROMIUM:-/usr/bin/chromium}"
export ARTIFACTS="$here/artifacts"
rm -rf "$ARTIFACTS"
mkdir -p "$ARTIFACTS"

cd "$here"
# Every *.test.js file starts its own server and browser and stops them (one test pulls the server down
# mid-flow); the files run one after the other.
timeout 600 node --test --test-concurrency=1 --test-reporter=spec ./*.test.js
