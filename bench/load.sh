#!/usr/bin/env bash
# Load runs with wrk against a release build on a fresh database, one backend per run:
#   submit      POST /api/v1/reports as an enrolled kiosk, a new Idempotency-Key each (bench/post-report.lua)
#   track       GET /api/v1/reports/track/{code}, over TRACK_CODES reports filed before the run
#   station, categories, on-duty, places
#               the kiosk's reads: GET /api/v1/stations/XH-01, /api/v1/categories,
#               /api/v1/stations/XH-01/on-duty, /api/v1/stations/XH-01/places (bench/get-paths.lua)
#
#   bench/load.sh                                     # embedded default: SQLite and photos in a temporary folder
#   DATABASE_URL=postgres://postgres@127.0.0.1:5432/test REDIS_URL=redis://127.0.0.1:6379/ bench/load.sh
#                                                     # PostgreSQL (a scratch database, dropped) and Redis (a key
#                                                     # prefix of its own, removed)
#   DURATION=15s CONNECTIONS=32 THREADS=2 SCENARIOS="submit track" BENCH_BIN=target/release/liaison bench/load.sh
#
# Needs wrk (Debian package `wrk`). Prints wrk's report for each scenario and a Markdown table at the end.
# The server gets LIAISON_WORKERS=$WORKERS (default: one per core); wrk, the server and the database share the
# machine.
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION=${DURATION:-15s}
CONNECTIONS=${CONNECTIONS:-32}
THREADS=${THREADS:-2}
PORT=${PORT:-18182}
TRACK_CODES=${TRACK_CODES:-500}
SCENARIOS=${SCENARIOS:-submit track station categories on-duty places}

command -v wrk >/dev/null || { echo "wrk is not installed (apt-get install -y wrk)" >&2; exit 1; }
if [ -z "${BENCH_BIN:-}" ]; then
  cargo build --release --locked --quiet --bin liaison
  BENCH_BIN=target/release/liaison
fi

work=$(mktemp -d)
admin_url=${DATABASE_URL:-}
redis_url=${REDIS_URL:-}
scratch_db=""
namespace="liaison-bench-$$"
server_pid=""
cleanup() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  if [ -n "$scratch_db" ]; then psql "$admin_url" -qXc "DROP DATABASE IF EXISTS \"$scratch_db\" WITH (FORCE)" || true; fi
  if [ -n "$redis_url" ]; then
    redis-cli -u "$redis_url" --scan --pattern "$namespace:*" | xargs -r redis-cli -u "$redis_url" del >/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

export LIAISON_DATA_DIR="$work/data" LIAISON_BIND="127.0.0.1:$PORT" RUST_LOG=warn
export LIAISON_RATE_LIMITS__NAMESPACE="$namespace"
[ -z "${WORKERS:-}" ] || export LIAISON_WORKERS="$WORKERS"
# One kiosk files every report, so lift the per-caller limit (30 a minute) out of the measurement.
export LIAISON_RATE_LIMITS__REPORTS_PER_CALLER_PER_MINUTE=1000000000
if [ -n "$admin_url" ]; then
  scratch_db="liaison_bench_$$"
  psql "$admin_url" -qXc "CREATE DATABASE \"$scratch_db\""
  export DATABASE_URL="${admin_url%/*}/$scratch_db"
  backend="PostgreSQL $(psql "$admin_url" -AtXc 'SHOW server_version' | cut -d' ' -f1)"
else
  unset DATABASE_URL
  backend="SQLite (embedded default)"
fi
if [ -n "$redis_url" ]; then
  export REDIS_URL="$redis_url"
  backend="$backend + Redis $(redis-cli -u "$redis_url" info server | sed -n 's/^redis_version:\([0-9.]*\).*/\1/p')"
else
  unset REDIS_URL
fi

admin_password="load-$(date +%s%N)-secret"
LIAISON_ADMIN_PASSWORD="$admin_password" "$BENCH_BIN" admin create --username loadtest --display-name loadtest >/dev/null
"$BENCH_BIN" serve --demo >"$work/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 150); do
  curl -fs "http://127.0.0.1:$PORT/health/ready" >/dev/null 2>&1 && break
  sleep 0.2
done

# Enroll a kiosk at XH-01 the way a station would, then file the reports that the tracking run looks up.
api="http://127.0.0.1:$PORT/api/v1"
json_field() { python3 -c "import json,sys; print(json.load(sys.stdin)$1)"; }
admin_token=$(curl -fs "$api/auth/login" -H 'Content-Type: application/json' \
  -d "{\"username\":\"loadtest\",\"password\":\"$admin_password\"}" | json_field '["access_token"]')
code=$(curl -fs "$api/stations/XH-01/kiosks" -H 'Content-Type: application/json' -H "Authorization: Bearer $admin_token" \
  -d '{"label":"bench"}' | json_field '["enrollment_code"]')
KIOSK_TOKEN=$(curl -fs "$api/kiosks/enroll" -H 'Content-Type: application/json' \
  -d "{\"enrollment_code\":\"$code\"}" | json_field '["tokens"]["access_token"]')
export KIOSK_TOKEN
python3 - "$api" "$TRACK_CODES" >"$work/track.paths" <<'PY'
import json, os, sys, urllib.request, uuid
api, n = sys.argv[1], int(sys.argv[2])
for i in range(n):
    body = json.dumps({"category": "environment", "description": f"跟踪压测 {i}：路灯不亮。", "channel": "kiosk"}).encode()
    req = urllib.request.Request(f"{api}/reports", data=body, method="POST", headers={
        "Content-Type": "application/json", "Authorization": f"Bearer {os.environ['KIOSK_TOKEN']}",
        "Idempotency-Key": str(uuid.uuid4())})
    with urllib.request.urlopen(req) as r:
        print(f"/api/v1/reports/track/{json.load(r)['tracking_code']}")
PY
printf '%s\n' /api/v1/stations/XH-01 >"$work/station.paths"
printf '%s\n' /api/v1/categories >"$work/categories.paths"
printf '%s\n' /api/v1/stations/XH-01/on-duty >"$work/on-duty.paths"
printf '%s\n' /api/v1/stations/XH-01/places >"$work/places.paths"
for f in "$work"/*.paths; do
  curl -fs -o /dev/null "http://127.0.0.1:$PORT$(head -n 1 "$f")" || { echo "$(head -n 1 "$f") does not answer 200" >&2; exit 1; }
done

echo "backend=$backend duration=$DURATION connections=$CONNECTIONS threads=$THREADS cores=$(nproc) binary=$BENCH_BIN"
table="| backend | scenario | requests/s | p50 | p99 | errors |\n| --- | --- | --- | --- | --- | --- |\n"
for scenario in $SCENARIOS; do
  echo "== $scenario"
  if [ "$scenario" = submit ]; then
    wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency -s bench/post-report.lua "$api/reports" | tee "$work/out"
  else
    [ -f "$work/$scenario.paths" ] || { echo "unknown scenario $scenario" >&2; exit 1; }
    PATHS_FILE="$work/$scenario.paths" wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency \
      -s bench/get-paths.lua "http://127.0.0.1:$PORT" | tee "$work/out"
  fi
  row=$(sed -n 's/^RESULT requests=[0-9]* rps=\([0-9.]*\) p50_ms=\([0-9.]*\) p99_ms=\([0-9.]*\) non_2xx=\([0-9]*\) errors=\([0-9]*\)$/\1 \2 \3 \4 \5/p' "$work/out")
  read -r rps p50 p99 non2xx errors <<<"$row"
  table+="| $backend | $scenario | $(printf '%.0f' "$rps") | $p50 ms | $p99 ms | $((non2xx + errors)) |\n"
done
kill "$server_pid" && wait "$server_pid" 2>/dev/null || true
server_pid=""
printf '\n%b' "$table"
