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
admin_url=${DATABASE_URL:-}
scratch_db=""
server_pid=""
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null || true
  if [ -n "$scratch_db" ]; then psql "$admin_url" -qc "DROP DATABASE IF EXISTS \"$scratch_db\" WITH (FORCE)" || true; fi
  rm -rf "$data_dir"
}
trap cleanup EXIT

export LIAISON_DATA_DIR="$data_dir" LIAISON_BIND="127.0.0.1:$PORT" RUST_LOG=warn
# One kiosk files every report, so lift the per-caller limit (30 a minute) out of the measurement.
export LIAISON_RATE_LIMITS__REPORTS_PER_CALLER_PER_MINUTE=1000000000
if [ -n "$admin_url" ]; then
  scratch_db="liaison_bench_$$"
  psql "$admin_url" -qc "CREATE DATABASE \"$scratch_db\""
  backend="postgres"
  export DATABASE_URL="${admin_url%/*}/$scratch_db"
else
  backend="sqlite"
  unset DATABASE_URL
fi
admin_password="load-$(date +%s%N)-secret"
LIAISON_ADMIN_PASSWORD="$admin_password" ./target/release/liaison admin create --username loadtest --display-name loadtest
./target/release/liaison serve --demo &
server_pid=$!
for _ in $(seq 1 100); do
  curl -fs "http://127.0.0.1:$PORT/health/ready" >/dev/null 2>&1 && break
  sleep 0.1
done

# Enroll a kiosk at XH-01 the way a station would: admin signs in, makes a code, the kiosk trades it in.
api="http://127.0.0.1:$PORT/api/v1"
json_field() { python3 -c "import json,sys; print(json.load(sys.stdin)$1)"; }
admin_token=$(curl -fs "$api/auth/login" -H 'Content-Type: application/json' \
  -d "{\"username\":\"loadtest\",\"password\":\"$admin_password\"}" | json_field '["access_token"]')
code=$(curl -fs "$api/stations/XH-01/kiosks" -H 'Content-Type: application/json' -H "Authorization: Bearer $admin_token" \
  -d '{"label":"bench"}' | json_field '["enrollment_code"]')
KIOSK_TOKEN=$(curl -fs "$api/kiosks/enroll" -H 'Content-Type: application/json' \
  -d "{\"enrollment_code\":\"$code\"}" | json_field '["tokens"]["access_token"]')
export KIOSK_TOKEN

echo "backend=$backend duration=$DURATION connections=$CONNECTIONS threads=$THREADS cores=$(nproc)"
wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency -s bench/post-report.lua "http://127.0.0.1:$PORT/api/v1/reports"
