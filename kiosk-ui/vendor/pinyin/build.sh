#!/usr/bin/env bash
# Makes pinyin-words.txt (the kiosk pinyin pad's dictionary) from pinned, checked downloads:
#   jieba 0.42.1 (PyPI sdist; its jieba/dict.txt: words with frequencies), MIT
#   pinyin-pro 3.29.4 (npm; toneless pinyin of each word), MIT
# then build.mjs, which is deterministic. SOURCES.md says more.
#   bash build.sh           writes pinyin-words.txt
#   bash build.sh --check   fails unless the committed pinyin-words.txt is byte-identical to a fresh one
# Needs python3 with pip, node and npm, and the two registries.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"

JIEBA_VERSION=0.42.1
JIEBA_SHA256=055ca12f62674fafed09427f176506079bc135638a14e23e25be909131928db2
PINYIN_PRO_VERSION=3.29.4
PINYIN_PRO_INTEGRITY='sha512-SPXpDT2cHEy+d26V1RXYMlVzXN42hotFAak1fzyWPi4o2dKXb61UqD4pzxDJHwk6gbv8vQ6EfErd+hYX0Qhzug=='

check=false
case "${1:-}" in
  --check) check=true ;;
  '') ;;
  *) echo "usage: $0 [--check]" >&2; exit 2 ;;
esac

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# jieba: pip checks the pinned hash itself (--require-hashes), and so does this script.
printf 'jieba==%s --hash=sha256:%s\n' "$JIEBA_VERSION" "$JIEBA_SHA256" >"$work/requirements.txt"
python3 -m pip download --quiet --disable-pip-version-check --no-deps --no-binary :all: --require-hashes \
  -r "$work/requirements.txt" -d "$work/pypi"
jieba_archive="$work/pypi/jieba-$JIEBA_VERSION.tar.gz"
echo "$JIEBA_SHA256  $jieba_archive" | sha256sum --check --quiet
tar -xzf "$jieba_archive" -C "$work" "jieba-$JIEBA_VERSION/jieba/dict.txt"

# pinyin-pro: the tarball's sha512 must be the pinned one, and the one the registry reports for that version.
registry_integrity="$(cd "$work" && npm view "pinyin-pro@$PINYIN_PRO_VERSION" dist.integrity)"
if [ "$registry_integrity" != "$PINYIN_PRO_INTEGRITY" ]; then
  echo "pinyin-pro $PINYIN_PRO_VERSION: the registry reports $registry_integrity, pinned $PINYIN_PRO_INTEGRITY" >&2
  exit 1
fi
mkdir -p "$work/npm"
(cd "$work/npm" && npm pack --silent "pinyin-pro@$PINYIN_PRO_VERSION" >/dev/null)
tarball="$work/npm/pinyin-pro-$PINYIN_PRO_VERSION.tgz"
actual="sha512-$(openssl dgst -sha512 -binary "$tarball" | base64 -w0)"
if [ "$actual" != "$PINYIN_PRO_INTEGRITY" ]; then
  echo "pinyin-pro $PINYIN_PRO_VERSION: the tarball is $actual, pinned $PINYIN_PRO_INTEGRITY" >&2
  exit 1
fi
mkdir -p "$work/pinyin-pro"
tar -xzf "$tarball" -C "$work/pinyin-pro" --strip-components=1

node "$here/build.mjs" "$work/jieba-$JIEBA_VERSION/jieba/dict.txt" "$work/pinyin-pro" "$work/pinyin-words.txt"

if $check; then
  if ! cmp -s "$work/pinyin-words.txt" "$here/pinyin-words.txt"; then
    echo "kiosk-ui/vendor/pinyin/pinyin-words.txt differs from a fresh build: run bash kiosk-ui/vendor/pinyin/build.sh" >&2
    diff <(head -n 20 "$here/pinyin-words.txt") <(head -n 20 "$work/pinyin-words.txt") >&2 || true
    exit 1
  fi
  echo "kiosk-ui/vendor/pinyin/pinyin-words.txt matches a fresh build"
else
  cp "$work/pinyin-words.txt" "$here/pinyin-words.txt"
  echo "wrote kiosk-ui/vendor/pinyin/pinyin-words.txt"
fi
