#!/usr/bin/env bash
# Puts qrcode-generator's ES module into kiosk-ui/vendor/qrcode/ (served at /kiosk/vendor/qrcode/qrcode.mjs)
# from the pinned npm tarball, whose sha512 must equal the pin here AND what the registry reports. SOURCES.md
# says why the kiosk draws its own codes.
#   bash vendor.sh           writes qrcode.mjs beside this script
#   bash vendor.sh --check   fails unless the committed file is byte-identical to a fresh extraction
# Needs node with npm, openssl, and the npm registry.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"

VERSION=2.0.4
INTEGRITY='sha512-mZSiP6RnbHl4xL2Ap5HfkjLnmxfKcPWpWe/c+5XxCuetEenqmNFf1FH/ftXPCtFG5/TDobjsjz6sSNL0Sr8Z9g=='

check=false
case "${1:-}" in
  --check) check=true ;;
  '') ;;
  *) echo "usage: $0 [--check]" >&2; exit 2 ;;
esac

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
registry="$(cd "$work" && npm view "qrcode-generator@$VERSION" dist.integrity)"
if [ "$registry" != "$INTEGRITY" ]; then
  echo "qrcode-generator $VERSION: the registry reports $registry, pinned $INTEGRITY" >&2
  exit 1
fi
(cd "$work" && npm pack --silent "qrcode-generator@$VERSION" >/dev/null)
tarball="$work/qrcode-generator-$VERSION.tgz"
actual="sha512-$(openssl dgst -sha512 -binary "$tarball" | base64 -w0)"
if [ "$actual" != "$INTEGRITY" ]; then
  echo "qrcode-generator $VERSION: the tarball is $actual, pinned $INTEGRITY" >&2
  exit 1
fi
mkdir -p "$work/pkg"
tar -xzf "$tarball" -C "$work/pkg" --strip-components=1
if $check; then
  if ! cmp -s "$work/pkg/dist/qrcode.mjs" "$here/qrcode.mjs"; then
    echo "kiosk-ui/vendor/qrcode/qrcode.mjs differs from qrcode-generator $VERSION: run bash kiosk-ui/vendor/qrcode/vendor.sh" >&2
    exit 1
  fi
  echo "kiosk-ui/vendor/qrcode (qrcode-generator $VERSION) matches the pinned package"
else
  cp "$work/pkg/dist/qrcode.mjs" "$here/qrcode.mjs"
  echo "wrote kiosk-ui/vendor/qrcode/qrcode.mjs ($VERSION)"
fi
