#!/usr/bin/env bash
# Each scenario beside its anchor, in one run on this machine, with the ratio printed (issue #22):
#   reads       GET /api/v1/categories, /stations/XH-01, /stations/XH-01/on-duty, /stations/XH-01/places on the
#               embedded default (release build, demo data) against a minimal actix-web server answering the same
#               bytes (server/examples/bare_answer.rs); also the same reads by a client that has them already
#               (If-None-Match: the 304 path)
#
#   bench/compare.sh                       # every scenario built so far
#   DURATION=10s CONNECTIONS=32 THREADS=2 SCENARIOS=reads BENCH_BIN=target/release/liaison bench/compare.sh
#
# Needs wrk (Debian package `wrk`); builds the release binaries unless BENCH_BIN and ANCHOR_BIN are given.
# wrk, the servers and the database share the machine; each server gets LIAISON_WORKERS=$WORKERS (default:
# one per core), the anchor the same number of workers. Prints a Markdown table at the end.
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION=${DURATION:-10s}
CONNECTIONS=${CONNECTIONS:-32}
THREADS=${THREADS:-2}
WORKERS=${WORKERS:-$(nproc)}
PORT=${PORT:-18183}
ANCHOR_PORT=${ANCHOR_PORT:-18184}
SCENARIOS=${SCENARIOS:-reads}

command -v wrk >/dev/null || { echo "wrk is not installed (apt-get install -y wrk)" >&2; exit 1; }
if [ -z "${BENCH_BIN:-}" ] || [ -z "${ANCHOR_BIN:-}" ]; then
  cargo build --release --locked --quiet --bin liaison --example bare_answer
  BENCH_BIN=${BENCH_BIN:-target/release/liaison}
  ANCHOR_BIN=${ANCHOR_BIN:-target/release/examples/bare_answer}
fi

work=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

wait_for() {
  for _ in $(seq 1 150); do curl -fs -o /dev/null "$1" && return 0; sleep 0.2; done
  echo "$1 did not answer" >&2; return 1
}

# One wrk run: prints "rps p50 p99 failures".
measure() {
  local url=$1 path=$2 etag=${3:-}
  printf '%s\n' "$path" >"$work/paths"
  PATHS_FILE="$work/paths" IF_NONE_MATCH="$etag" wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency \
    -s bench/get-paths.lua "$url" >"$work/out"
  sed -n 's/^RESULT requests=[0-9]* rps=\([0-9.]*\) p50_ms=\([0-9.]*\) p99_ms=\([0-9.]*\) non_2xx=\([0-9]*\) errors=\([0-9]*\)$/\1 \2 \3 \4 \5/p' "$work/out" |
    awk '{ printf "%s %s %s %d\n", $1, $2, $3, $4 + $5 }'
}

table="| scenario | Liaison req/s | p99 | anchor req/s | p99 | ratio | failures |\n| --- | --- | --- | --- | --- | --- | --- |\n"
row() { # name, liaison "rps p50 p99 fail", anchor "rps p50 p99 fail"
  read -r lr _ lp lf <<<"$2"
  read -r ar _ ap af <<<"$3"
  table+="| $1 | $(printf '%.0f' "$lr") | $lp ms | $(printf '%.0f' "$ar") | $ap ms | $(awk -v a="$lr" -v b="$ar" 'BEGIN { printf "%.0f%%", 100 * a / b }') | $((lf + af)) |\n"
}

reads() {
  export LIAISON_DATA_DIR="$work/data" LIAISON_BIND="127.0.0.1:$PORT" RUST_LOG=warn LIAISON_WORKERS="$WORKERS"
  unset DATABASE_URL REDIS_URL
  "$BENCH_BIN" serve --demo >"$work/server.log" 2>&1 &
  pids+=($!)
  wait_for "http://127.0.0.1:$PORT/health/ready"
  for path in /api/v1/categories /api/v1/stations/XH-01 /api/v1/stations/XH-01/on-duty /api/v1/stations/XH-01/places; do
    curl -fs -D "$work/headers" -o "$work/body" "http://127.0.0.1:$PORT$path"
    etag=$(sed -n 's/^etag: *\(.*\)\r$/\1/Ip' "$work/headers")
    WORKERS=$WORKERS "$ANCHOR_BIN" "127.0.0.1:$ANCHOR_PORT" "$work/body" >/dev/null 2>&1 &
    anchor=$!
    wait_for "http://127.0.0.1:$ANCHOR_PORT/"
    echo "== $path ($(wc -c <"$work/body") bytes)"
    liaison=$(measure "http://127.0.0.1:$PORT" "$path")
    bare=$(measure "http://127.0.0.1:$ANCHOR_PORT" "$path")
    echo "   liaison: $liaison   anchor: $bare"
    row "GET $path" "$liaison" "$bare"
    if [ -n "$etag" ]; then
      again=$(measure "http://127.0.0.1:$PORT" "$path" "$etag")
      echo "   liaison, If-None-Match (304): $again"
      row "GET $path, 304" "$again" "$bare"
    fi
    kill "$anchor"; wait "$anchor" 2>/dev/null || true
  done
}

echo "duration=$DURATION connections=$CONNECTIONS threads=$THREADS workers=$WORKERS cores=$(nproc) binary=$BENCH_BIN"
for scenario in $SCENARIOS; do
  case "$scenario" in
    reads) reads ;;
    *) echo "unknown scenario $scenario" >&2; exit 1 ;;
  esac
done
printf '\n%b' "$table"
