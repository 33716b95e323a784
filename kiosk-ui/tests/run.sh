#!/usr/bin/env bash
# The kiosk's browser tests (tests/*.test.js, one file per flow, helpers.js shared): Debian's Chromium (headless)
# driven by playwright-core, with axe-core, against the real server (debug build, a temporary data folder, the demo
# data). Called by .ci/run (step 3/3).
# Screenshots of every screen go to kiosk-ui/tests/artifacts/ (not committed).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"

. "$root/kiosk-ui/tests/prepare.sh"
prepare_browser_tests "$here" "$root"

cd "$here"
# Every *.test.js file starts its own server and browser and stops them (one test pulls the server down
# mid-flow); the files run one after the other.
timeout 900 node --test --test-concurrency=1 --test-reporter=spec ./*.test.js
