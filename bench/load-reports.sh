#!/usr/bin/env bash
# Load run of POST /api/v1/reports against a release build on a fresh database.
#
#   bench/load-reports.sh                  # embedded default: SQLite in a temporary folder
#   DATABASE_URL=postgres://postgres@127.0.0.1:5432/test bench/load-reports.sh
#                                          # PostgreSQL: a scratch database is created and dropped
#   DURATION=20s CONNECTIONS=32 THREADS=2 bench/load-reports.sh
#
# Needs wrk (Debian package `wrk`). Prints wrk's report and one RESULT line.
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION=${DURATION:-20s}
CONNECTIONS=${CONNECTIONS:-32}
THREADS=${THREADS:-2}
PORT=${PORT:-18181}

command -v wrk >/dev/null || { echo "wrk is not installed (apt-get install -y wrk)" >&2; exit 1; }
cargo build --release --quiet

data_dir=$(mktemp -d)
scratch_db=""
server_pid=""
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null || true
  if [ -n "$scratch_db" ]; then psql "$DATABASE_URL" -qc "DROP DATABASE IF EXISTS \"$scratch_db\" WITH (FORCE)" || true; fi
  rm -rf "$data_dir"
}
trap cleanup EXIT

export LIAISON_DATA_DIR="$data_dir" LIAISON_BIND="127.0.0.1:$PORT" RUST_LOG=warn
if [ -n "${DATABASE_URL:-}" ]; then
  scratch_db="liaison_bench_$$"
  psql "$DATABASE_URL" -qc "CREATE DATABASE \"$scratch_db\""
  backend="postgres"
  DATABASE_URL="${DATABASE_URL%/*}/$scratch_db" ./target/release/liaison serve --demo &
else
  backend="sqlite"
  env -u DATABASE_URL ./target/release/liaison serve --demo &
fi
server_pid=$!
for _ in $(seq 1 100); do
  curl -fs "http://127.0.0.1:$PORT/health/ready" >/dev/null 2>&1 && break
  sleep 0.1
done

echo "backend=$backend duration=$DURATION connections=$CONNECTIONS threads=$THREADS cores=$(nproc)"
wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency -s bench/post-report.lua "http://127.0.0.1:$PORT/api/v1/reports"
