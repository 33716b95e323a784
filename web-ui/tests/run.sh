#!/usr/bin/env bash
# The web-ui screens' browser tests (tests/*.test.js; today the handling unit's page): Debian's Chromium
# (headless) driven by playwright-core, with axe-core, against the real server (debug build, a temporary data
# folder, the demo data), started by the kiosk's harness (kiosk-ui/tests/server.js). Called by .ci/run after
# the kiosk's tests. Screenshots of every state go to web-ui/tests/artifacts/ (not committed).
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
# CARGO_TARGET_DIR, when set, is where cargo metadata says the build went.
target_dir="$(cargo metadata --format-version 1 --no-deps --locked | node -e \
  'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).target_directory))')"
export LIAISON_BIN="$target_dir/debug/liaison"
export CHROMIUM="${CHROMIUM:-/usr/bin/chromium}"
export ARTIFACTS="$here/artifacts"
rm -rf "$ARTIFACTS"
mkdir -p "$ARTIFACTS"

cd "$here"
# Each *.test.js file starts its own server and browser and stops them; the files run one after the other.
timeout 300 node --test --test-concurrency=1 --test-reporter=spec ./*.test.js
