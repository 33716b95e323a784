#!/usr/bin/env bash
# Puts the screens' third-party libraries into web-ui/shared/vendor/ (served at /ui/shared/vendor/...) from
# pinned, checked npm tarballs:
#   echarts 6.1.0 (the console dashboard's charts; its minified ES module build), Apache-2.0
#   leaflet 1.9.4 (the console dashboard's map of grids; leaflet.js, leaflet.css and the images it names), BSD-2-Clause
# Each tarball's sha512 must equal the pin here AND what the registry reports for that version. Only the files
# served (and the licence files) are kept, byte for byte as published. SOURCES.md says more.
#   bash vendor.sh           writes echarts/ and leaflet/ beside this script
#   bash vendor.sh --check   fails unless the committed files are byte-identical to a fresh extraction
# Needs node with npm, openssl, and the npm registry.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"

ECHARTS_VERSION=6.1.0
ECHARTS_INTEGRITY='sha512-q0yaFPggC9FUdsWH4blavRWFmxdrIodbkoKNAjJudAI6CA9gNPxHtV2RcZNEepZVlk4yvBYkOkbk6HIVpIyHZA=='
LEAFLET_VERSION=1.9.4
LEAFLET_INTEGRITY='sha512-nxS1ynzJOmOlHp+iL3FyWqK89GtNL8U8rvlMOsQdTTssxZwCXh8N2NB3GDQOL+YR3XnWyZAxwQixURb+FA74PA=='

# What is kept of each package: "path in the tarball:path under vendor/<name>/".
ECHARTS_FILES=(
  dist/echarts.esm.min.js:echarts.esm.min.js
  LICENSE:LICENSE
  NOTICE:NOTICE
  licenses/LICENSE-d3:LICENSE-d3
)
LEAFLET_FILES=(
  dist/leaflet.js:leaflet.js
  dist/leaflet.css:leaflet.css
  dist/images/layers.png:images/layers.png
  dist/images/layers-2x.png:images/layers-2x.png
  dist/images/marker-icon.png:images/marker-icon.png
  dist/images/marker-icon-2x.png:images/marker-icon-2x.png
  dist/images/marker-shadow.png:images/marker-shadow.png
  LICENSE:LICENSE
)

check=false
case "${1:-}" in
  --check) check=true ;;
  '') ;;
  *) echo "usage: $0 [--check]" >&2; exit 2 ;;
esac

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# Downloads name@version, checks its integrity against the pin and the registry, and extracts it to $work/name.
fetch() {
  local name="$1" version="$2" pinned="$3"
  local registry actual tarball
  registry="$(cd "$work" && npm view "$name@$version" dist.integrity)"
  if [ "$registry" != "$pinned" ]; then
    echo "$name $version: the registry reports $registry, pinned $pinned" >&2
    exit 1
  fi
  mkdir -p "$work/npm"
  (cd "$work/npm" && npm pack --silent "$name@$version" >/dev/null)
  tarball="$work/npm/$name-$version.tgz"
  actual="sha512-$(openssl dgst -sha512 -binary "$tarball" | base64 -w0)"
  if [ "$actual" != "$pinned" ]; then
    echo "$name $version: the tarball is $actual, pinned $pinned" >&2
    exit 1
  fi
  mkdir -p "$work/$name"
  tar -xzf "$tarball" -C "$work/$name" --strip-components=1
}

# Copies the kept files of $work/name into $work/out/name.
keep() {
  local name="$1"; shift
  local entry from to
  for entry in "$@"; do
    from="${entry%%:*}"
    to="${entry#*:}"
    mkdir -p "$(dirname "$work/out/$name/$to")"
    cp "$work/$name/$from" "$work/out/$name/$to"
  done
}

fetch echarts "$ECHARTS_VERSION" "$ECHARTS_INTEGRITY"
fetch leaflet "$LEAFLET_VERSION" "$LEAFLET_INTEGRITY"
keep echarts "${ECHARTS_FILES[@]}"
keep leaflet "${LEAFLET_FILES[@]}"

if $check; then
  failed=false
  for name in echarts leaflet; do
    # Same files, same bytes, nothing missing and nothing extra.
    if ! diff -r "$work/out/$name" "$here/$name" >"$work/diff.txt" 2>&1; then
      echo "web-ui/shared/vendor/$name differs from the pinned package: run bash web-ui/shared/vendor/vendor.sh" >&2
      head -n 20 "$work/diff.txt" >&2
      failed=true
    fi
  done
  $failed && exit 1
  echo "web-ui/shared/vendor (echarts $ECHARTS_VERSION, leaflet $LEAFLET_VERSION) matches the pinned packages"
else
  for name in echarts leaflet; do
    rm -rf "${here:?}/$name"
    cp -r "$work/out/$name" "$here/$name"
  done
  echo "wrote web-ui/shared/vendor/echarts ($ECHARTS_VERSION) and web-ui/shared/vendor/leaflet ($LEAFLET_VERSION)"
fi
