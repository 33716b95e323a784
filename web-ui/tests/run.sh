#!/usr/bin/env bash
# The web-ui screens' browser tests (tests/*.test.js: the handling unit's page, the deputy's workbench, the station
# console): Debian's Chromium
# (headless) driven by playwright-core, with axe-core, against the real server (debug build, a temporary data
# folder, the demo data), started by the kiosk's harness (kiosk-ui/tests/server.js). Called by .ci/run after
# the kiosk's tests. Screenshots of every state go to web-ui/tests/artifacts/ (not committed).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"

. "$root/kiosk-ui/tests/prepare.sh"
prepare_browser_tests "$here" "$root"
# The console's supervision test starts the server again a few days later: Debian's libfaketime moves only
# that process's clock (the test is skipped without it).
if [ ! -e /usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1 ]; then
  echo "installing Debian's faketime"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq faketime >/dev/null || true
fi

cd "$here"
# Each *.test.js file starts its own server and browser and stops them; the files run one after the other
# (about 7 minutes on this 2-core machine; 20 allowed).
timeout 1200 node --test --test-concurrency=1 --test-reporter=spec ./*.test.js
