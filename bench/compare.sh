#!/usr/bin/env bash
# Each scenario beside its anchor, in one run on this machine, with the ratio printed (issue #22):
#   reads          GET /api/v1/categories, /stations/XH-01, /stations/XH-01/on-duty, /stations/XH-01/places on the
#                  embedded default (release build, demo data) against a minimal actix-web server answering the
#                  same bytes (server/examples/bare_answer.rs); also the same reads by a client that has them
#                  already (If-None-Match: the 304 path)
#   intake-pg      POST /api/v1/reports as a kiosk on PostgreSQL (+ Redis) against pgbench writing the same rows
#                  (copied from a report Liaison stored, under fresh keys) in one prepared statement
#   intake-sqlite  the same on the embedded default against server/examples/sqlite_rows.rs writing the same rows
#                  with the server's SQLite settings, each report in one transaction
#   at-scale       with COUNT reports (default 100,000) filed through the API on the embedded default (BACKEND=pg
#                  for PostgreSQL): tracking (every code in turn) against the bare server answering one tracking
#                  answer's bytes, on-duty, the deputy's inbox and the station's queues (absolute targets)
#
#   bench/compare.sh                       # every scenario
#   DURATION=10s CONNECTIONS=32 THREADS=2 SCENARIOS="reads intake-pg" BENCH_BIN=target/release/liaison bench/compare.sh
#
# Needs wrk (Debian package `wrk`), pgbench and psql for intake-pg, node for at-scale; builds the release
# binaries unless BENCH_BIN, ANCHOR_BIN and ROWS_BIN are given. wrk, the servers and the database share the
# machine; each server gets LIAISON_WORKERS=$WORKERS (default: one per core), the anchor the same number of
# workers. Prints a Markdown table at the end. The 30-minute soak is bench/soak.sh.
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION=${DURATION:-10s}
CONNECTIONS=${CONNECTIONS:-32}
THREADS=${THREADS:-2}
WORKERS=${WORKERS:-$(nproc)}
PORT=${PORT:-18183}
ANCHOR_PORT=${ANCHOR_PORT:-18184}
SCENARIOS=${SCENARIOS:-reads intake-pg intake-sqlite at-scale}
PG_ADMIN_URL=${PG_ADMIN_URL:-postgres://postgres@127.0.0.1:5432/test}
REDIS_FOR_BENCH=${REDIS_FOR_BENCH:-redis://127.0.0.1:6379/}
COUNT=${COUNT:-100000}

command -v wrk >/dev/null || { echo "wrk is not installed (apt-get install -y wrk)" >&2; exit 1; }
if [ -z "${BENCH_BIN:-}" ] || [ -z "${ANCHOR_BIN:-}" ] || [ -z "${ROWS_BIN:-}" ]; then
  cargo build --release --locked --quiet --bin liaison --example bare_answer --example sqlite_rows
  BENCH_BIN=${BENCH_BIN:-target/release/liaison}
  ANCHOR_BIN=${ANCHOR_BIN:-target/release/examples/bare_answer}
  ROWS_BIN=${ROWS_BIN:-target/release/examples/sqlite_rows}
fi

work=$(mktemp -d)
pids=()
scratch_dbs=()
namespace="liaison-compare-$$"
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
  for db in "${scratch_dbs[@]}"; do psql "$PG_ADMIN_URL" -qXc "DROP DATABASE IF EXISTS \"$db\" WITH (FORCE)" || true; done
  redis-cli -u "$REDIS_FOR_BENCH" --scan --pattern "$namespace:*" 2>/dev/null | xargs -r redis-cli -u "$REDIS_FOR_BENCH" del >/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

wait_for() {
  for _ in $(seq 1 150); do curl -fs -o /dev/null "$1" && return 0; sleep 0.2; done
  echo "$1 did not answer" >&2; return 1
}

# The RESULT line of a wrk script (or of sqlite_rows) in a file, as "rps p50 p99 failures".
result_of() {
  sed -n 's/^RESULT requests=[0-9]* rps=\([0-9.]*\) p50_ms=\([0-9.]*\) p99_ms=\([0-9.]*\) non_2xx=\([0-9]*\) errors=\([0-9]*\)$/\1 \2 \3 \4 \5/p' "$1" |
    awk '{ printf "%s %s %s %d\n", $1, $2, $3, $4 + $5 }'
}

# One wrk run: prints "rps p50 p99 failures".
measure() {
  local url=$1 path=$2 etag=${3:-}
  printf '%s\n' "$path" >"$work/paths"
  PATHS_FILE="$work/paths" IF_NONE_MATCH="$etag" wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency \
    -s bench/get-paths.lua "$url" >"$work/out"
  result_of "$work/out"
}

table="| scenario | Liaison req/s | p99 | anchor req/s | p99 | ratio | failures |\n| --- | --- | --- | --- | --- | --- | --- |\n"
row() { # name, liaison "rps p50 p99 fail", anchor "rps p50 p99 fail"
  read -r lr _ lp lf <<<"$2"
  read -r ar _ ap af <<<"$3"
  table+="| $1 | $(printf '%.0f' "$lr") | $lp ms | $(printf '%.0f' "$ar") | $ap ms | $(awk -v a="$lr" -v b="$ar" 'BEGIN { printf "%.0f%%", 100 * a / b }') | $((lf + af)) |\n"
}
absolute() { # name, liaison "rps p50 p99 fail": a row without an anchor (the target is absolute)
  read -r lr _ lp lf <<<"$2"
  table+="| $1 | $(printf '%.0f' "$lr") | $lp ms | – | – | – | $lf |\n"
}

json_field() { python3 -c "import json,sys; print(json.load(sys.stdin)$1)"; }

# Starts Liaison with the demo data on a fresh store: `sqlite` (a data folder of its own) or `pg` (a scratch
# database, dropped at the end, and Redis under a key prefix of its own). Sets $server, $api, $admin_token and
# $KIOSK_TOKEN (a kiosk enrolled at XH-01 the way a station does it).
start_liaison() {
  local name=$1 backend=$2
  export LIAISON_DATA_DIR="$work/$name" LIAISON_BIND="127.0.0.1:$PORT" RUST_LOG=warn LIAISON_WORKERS="$WORKERS"
  export LIAISON_RATE_LIMITS__NAMESPACE="$namespace" LIAISON_RATE_LIMITS__REPORTS_PER_CALLER_PER_MINUTE=1000000000
  unset DATABASE_URL REDIS_URL
  if [ "$backend" = pg ]; then
    local db="liaison_compare_${name//-/_}_$$"
    psql "$PG_ADMIN_URL" -qXc "CREATE DATABASE \"$db\""
    scratch_dbs+=("$db")
    export DATABASE_URL="${PG_ADMIN_URL%/*}/$db" REDIS_URL="$REDIS_FOR_BENCH"
  fi
  admin_password="compare-$(date +%s%N)-secret"
  LIAISON_ADMIN_PASSWORD="$admin_password" "$BENCH_BIN" admin create --username admin --display-name admin >/dev/null
  "$BENCH_BIN" serve --demo >"$work/$name.log" 2>&1 &
  server=$!
  pids+=("$server")
  wait_for "http://127.0.0.1:$PORT/health/ready"
  api="http://127.0.0.1:$PORT/api/v1"
  admin_token=$(curl -fs "$api/auth/login" -H 'Content-Type: application/json' \
    -d "{\"username\":\"admin\",\"password\":\"$admin_password\"}" | json_field '["access_token"]')
  local code
  code=$(curl -fs "$api/stations/XH-01/kiosks" -H 'Content-Type: application/json' -H "Authorization: Bearer $admin_token" \
    -d '{"label":"bench"}' | json_field '["enrollment_code"]')
  KIOSK_TOKEN=$(curl -fs "$api/kiosks/enroll" -H 'Content-Type: application/json' \
    -d "{\"enrollment_code\":\"$code\"}" | json_field '["tokens"]["access_token"]')
  export KIOSK_TOKEN
}

stop_liaison() {
  kill "$server" 2>/dev/null || true
  wait "$server" 2>/dev/null || true
}

# Files one report as the bench's kiosk does, and prints its id: the template the anchors copy.
template_report() {
  curl -fs "$api/reports" -H 'Content-Type: application/json' -H "Authorization: Bearer $KIOSK_TOKEN" \
    -H "Idempotency-Key: template-$$" -d "$(sed -n "s/^wrk.body = '\(.*\)'$/\1/p" bench/post-report.lua)" | json_field '["id"]'
}

# The kiosk's filing under wrk: prints "rps p50 p99 failures".
measure_intake() {
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency -s bench/post-report.lua "$api/reports" >"$work/out"
  result_of "$work/out"
}

seconds() { local d=$1; case "$d" in *m) echo $(( ${d%m} * 60 )) ;; *s) echo "${d%s}" ;; *) echo "$d" ;; esac; }

# The kiosk's filing on Liaison, then its anchor writing the same rows: pgbench's one statement on PostgreSQL
# (bench/intake-anchor.py), server/examples/sqlite_rows.rs on SQLite.
intake() {
  local backend=$1 template liaison anchor
  start_liaison "intake-$backend" "$backend"
  template=$(template_report)
  echo "== POST /api/v1/reports on $backend"
  liaison=$(measure_intake)
  echo "   liaison: $liaison"
  stop_liaison
  if [ "$backend" = pg ]; then
    python3 bench/intake-anchor.py "$DATABASE_URL" "$template" >"$work/anchor.sql"
    (cd "$work" && pgbench -n -M prepared -c "$CONNECTIONS" -j "$THREADS" -T "$(seconds "$DURATION")" -l \
      --log-prefix=anchorlog -f "$work/anchor.sql" "$DATABASE_URL" >"$work/pgbench.out" 2>&1) ||
      { cat "$work/pgbench.out" >&2; return 1; }
    anchor=$(python3 - "$work" <<'PY'
import glob, re, sys
out = open(f"{sys.argv[1]}/pgbench.out").read()
tps = float(re.search(r"tps = ([0-9.]+)", out).group(1))
failed = int((re.search(r"number of failed transactions: ([0-9]+)", out) or [0, "0"])[1])
lat = sorted(int(line.split()[2]) for f in glob.glob(f"{sys.argv[1]}/anchorlog.*") for line in open(f))
pick = lambda p: lat[min(len(lat) - 1, int(len(lat) * p))] / 1000
print(f"{tps} {pick(0.5):.2f} {pick(0.99):.2f} {failed}")
PY
)
    echo "   pgbench, one statement: $anchor"
    row "POST /reports, PostgreSQL + Redis vs pgbench" "$liaison" "$anchor"
  else
    "$ROWS_BIN" "$LIAISON_DATA_DIR/liaison.sqlite" "$template" "$(seconds "$DURATION")" "$CONNECTIONS" >"$work/out"
    anchor=$(result_of "$work/out")
    echo "   sqlite_rows: $anchor"
    row "POST /reports, SQLite vs sqlite_rows" "$liaison" "$anchor"
  fi
}

# An account for a role, signed in: prints its access token.
account_token() {
  local username=$1 body=$2
  curl -fs "$api/accounts" -H 'Content-Type: application/json' -H "Authorization: Bearer $admin_token" \
    -d "{\"username\":\"$username\",\"display_name\":\"$username\",\"password\":\"$admin_password\",$body}" >/dev/null
  curl -fs "$api/auth/login" -H 'Content-Type: application/json' \
    -d "{\"username\":\"$username\",\"password\":\"$admin_password\"}" | json_field '["access_token"]'
}

# A GET under wrk over the paths in a file, as a bearer (on Liaison, or at a base URL): prints "rps p50 p99 failures".
measure_paths() {
  local file=$1 token=${2:-} base=${3:-http://127.0.0.1:$PORT}
  PATHS_FILE="$file" TOKEN="$token" wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency \
    -s bench/get-paths.lua "$base" >"$work/out"
  result_of "$work/out"
}

at_scale() {
  start_liaison at-scale "${BACKEND:-sqlite}"
  echo "== filing $COUNT reports through the API"
  LIAISON_SEED_PASSWORD="$admin_password" node bench/seed-reports.mjs --url "http://127.0.0.1:$PORT" --count "$COUNT" \
    --concurrency 32 --codes "$work/track.paths" | tail -n 1
  local deputy deputy_token staff_token
  deputy=$(curl -fs "$api/stations/XH-01/deputies" | json_field '["items"][0]["code"]')
  deputy_token=$(account_token bench.deputy "\"role\":\"deputy\",\"deputy\":\"$deputy\"")
  staff_token=$(account_token bench.staff '"role":"staff","stations":["XH-01"]')
  printf '%s\n' /api/v1/me/inbox >"$work/inbox.paths"
  printf '%s\n' /api/v1/stations/XH-01/triage >"$work/triage.paths"
  printf '%s\n' /api/v1/stations/XH-01/reports >"$work/queue.paths"
  printf '%s\n' /api/v1/stations/XH-01/on-duty >"$work/on-duty.paths"
  local tracking bare
  echo "== tracking, $(wc -l <"$work/track.paths") codes in turn"
  tracking=$(measure_paths "$work/track.paths")
  curl -fs -o "$work/track.body" "http://127.0.0.1:$PORT$(head -n 1 "$work/track.paths")"
  WORKERS=$WORKERS "$ANCHOR_BIN" "127.0.0.1:$ANCHOR_PORT" "$work/track.body" >/dev/null 2>&1 &
  local anchor=$!
  wait_for "http://127.0.0.1:$ANCHOR_PORT/"
  bare=$(measure_paths "$work/track.paths" "" "http://127.0.0.1:$ANCHOR_PORT")
  kill "$anchor"; wait "$anchor" 2>/dev/null || true
  echo "   liaison: $tracking   anchor: $bare"
  row "GET /reports/track/{code}, $COUNT reports" "$tracking" "$bare"
  for what in on-duty inbox triage queue; do
    local token=""
    case "$what" in inbox) token=$deputy_token ;; triage | queue) token=$staff_token ;; esac
    local result
    result=$(measure_paths "$work/$what.paths" "$token")
    echo "== $(head -n 1 "$work/$what.paths"): $result"
    absolute "GET $(head -n 1 "$work/$what.paths"), $COUNT reports" "$result"
  done
  echo "   server RSS: $(ps -o rss= -p "$server" | awk '{printf "%.0f MB", $1/1024}')"
  stop_liaison
}

reads() {
  start_liaison reads sqlite
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
  stop_liaison
}

echo "duration=$DURATION connections=$CONNECTIONS threads=$THREADS workers=$WORKERS cores=$(nproc) binary=$BENCH_BIN"
for scenario in $SCENARIOS; do
  case "$scenario" in
    reads) reads ;;
    intake-pg) intake pg ;;
    intake-sqlite) intake sqlite ;;
    at-scale) at_scale ;;
    *) echo "unknown scenario $scenario" >&2; exit 1 ;;
  esac
done
printf '\n%b' "$table"
