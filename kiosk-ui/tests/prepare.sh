# Sourced by the browser tests' run.sh scripts (the kiosk's, web-ui's): installs what they need on a fresh
# machine (Debian's chromium, a Chinese font for readable screenshots, the pinned npm packages of the calling
# folder), builds the server and exports LIAISON_BIN, CHROMIUM and ARTIFACTS for the tests' harness.

# prepare_browser_tests TESTS_DIR ROOT
prepare_browser_tests() {
  local tests_dir="$1" root="$2" target_dir
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
  (cd "$tests_dir" && npm ci --no-audit --no-fund --loglevel=error)
  if [ -n "${LIAISON_PREBUILT_BIN:-}" ]; then
    # A server binary built elsewhere (e.g. while only the screens change in a second checkout).
    export LIAISON_BIN="$LIAISON_PREBUILT_BIN"
  else
    (cd "$root" && cargo build --locked --bin liaison)
    # CARGO_TARGET_DIR, when set, is where cargo metadata says the build went.
    target_dir="$(cd "$root" && cargo metadata --format-version 1 --no-deps --locked | node -e \
      'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).target_directory))')"
    export LIAISON_BIN="$target_dir/debug/liaison"
  fi
  export CHROMIUM="${CHROMIUM:-/usr/bin/chromium}"
  export ARTIFACTS="$tests_dir/artifacts"
  rm -rf "$ARTIFACTS"
  mkdir -p "$ARTIFACTS"
}
