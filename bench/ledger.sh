#!/usr/bin/env bash
# The console's figures with many reports stored: starts a release server on the embedded default (SQLite, a
# scratch folder) or PostgreSQL (DATABASE_URL: a scratch database is made and dropped), files COUNT reports
# (default 100,000) through the API as kiosks (bench/seed-reports.mjs), then times the dashboard
# (bench/dashboard-load.mjs: its API calls, and the page in Chromium) and the ledger's downloads for a year
# (GET /api/v1/stats/export as XLSX and both CSV tables, three runs each).
#
#   COUNT=100000 BENCH_BIN=target/release/liaison bench/ledger.sh
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
BIN="${BENCH_BIN:-$root/target/release/liaison}"
COUNT="${COUNT:-100000}"
PORT="${PORT:-18087}"
work="$(mktemp -d)"
scratch_db=""
cleanup() {
  [ -z "${server:-}" ] || kill "$server" 2>/dev/null || true
  if [ -n "$scratch_db" ]; then psql "$admin_url" -qXc "DROP DATABASE IF EXISTS \"$scratch_db\" WITH (FORCE)" || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
export LIAISON_DATA_DIR="$work/data" LIAISON_BIND="127.0.0.1:$PORT" RUST_LOG=warn
export LIAISON_RATE_LIMITS__REPORTS_PER_CALLER_PER_MINUTE=1000000000
export LIAISON_RATE_LIMITS__NAMESPACE="ledger-$$"
admin_url="${DATABASE_URL:-}"
backend="SQLite (embedded)"
if [ -n "$admin_url" ]; then
  scratch_db="liaison_ledger_$$"
  psql "$admin_url" -qXc "CREATE DATABASE \"$scratch_db\""
  export DATABASE_URL="${admin_url%/*}/$scratch_db"
  backend="PostgreSQL"
fi
password="ledger-$(date +%s%N)-secret"
LIAISON_ADMIN_PASSWORD="$password" "$BIN" admin create --username admin --display-name admin >/dev/null
"$BIN" serve --demo >"$work/server.log" 2>&1 &
server=$!
url="http://127.0.0.1:$PORT"
for _ in $(seq 1 100); do curl -fsS "$url/health/ready" >/dev/null 2>&1 && break; sleep 0.2; done
echo "== $backend, $("$BIN" --version 2>/dev/null || echo liaison), $(nproc) cores; filing $COUNT reports"
LIAISON_SEED_PASSWORD="$password" node "$root/bench/seed-reports.mjs" --url "$url" --count "$COUNT" --concurrency 32
today="$(TZ=Asia/Shanghai date +%F)"
year_start="$(TZ=Asia/Shanghai date +%Y)-01-01"
echo "== the dashboard, this month"
LIAISON_BENCH_PASSWORD="$password" node "$root/bench/dashboard-load.mjs" --url "$url" --user admin --station XH-01 --runs 5
echo "== the ledger for a year ($year_start – $today), all stations"
token="$(curl -fsS "$url/api/v1/auth/login" -H 'content-type: application/json' \
  -d "{\"username\":\"admin\",\"password\":\"$password\"}" | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).access_token))')"
for what in "format=xlsx" "format=csv&table=figures" "format=csv&table=reports"; do
  for run in 1 2 3; do
    curl -fsS -o "$work/ledger.out" -w "$what run $run: %{time_total} s, %{size_download} bytes\n" \
      -H "authorization: Bearer $token" "$url/api/v1/stats/export?from=$year_start&to=$today&$what"
  done
done
echo "== server RSS after: $(ps -o rss= -p "$server" | awk '{printf "%.0f MB", $1/1024}')"
