#!/usr/bin/env bash
# The mixed soak of issue #22 on PostgreSQL + Redis: starts a release server on a scratch PostgreSQL database
# (made beside DATABASE_URL's and dropped on exit) with Redis (a key namespace of its own, removed on exit) and
# the demo district, creates the administrator with the CLI, then runs bench/soak.mjs against it (filing,
# reading, acting, live streams) with the server's pid, so its RSS is followed too. Prints a line per interval,
# a Markdown table and a verdict; exits non-zero if the soak saw an error. The server's warnings during the soak
# (RUST_LOG=warn) are counted at the end, and its log's tail is shown when the soak fails.
#
#   bench/soak.sh                                         # 30 minutes, a line a minute, 2 minutes of warm-up
#   DURATION=3m INTERVAL=30s WARMUP=1m BENCH_BIN=target/release/liaison bench/soak.sh
#   DATABASE_URL=postgres://postgres@127.0.0.1:5432/test REDIS_URL=redis://127.0.0.1:6379/ \
#     CONCURRENCY=16 STREAMS=8 WORKERS=2 bench/soak.sh
#
# Needs node (18 or later), psql, redis-cli and curl. Build the binary first (cargo build --release --bin liaison).
set -euo pipefail
cd "$(dirname "$0")/.."

BENCH_BIN=${BENCH_BIN:-target/release/liaison}
DURATION=${DURATION:-30m}
INTERVAL=${INTERVAL:-60s}
WARMUP=${WARMUP:-2m}
CONCURRENCY=${CONCURRENCY:-16}
STREAMS=${STREAMS:-8}
PORT=${PORT:-18186}
admin_url=${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/test}
redis_url=${REDIS_URL:-redis://127.0.0.1:6379/}

[ -x "$BENCH_BIN" ] || { echo "$BENCH_BIN is not there: cargo build --release --bin liaison, or set BENCH_BIN" >&2; exit 1; }
for tool in node psql redis-cli curl; do
  command -v "$tool" >/dev/null || { echo "$tool is not installed" >&2; exit 1; }
done

work=$(mktemp -d)
scratch_db="liaison_soak_$$"
namespace="liaison-soak-$$"
server_pid=""
cleanup() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  psql "$admin_url" -qXc "DROP DATABASE IF EXISTS \"$scratch_db\" WITH (FORCE)" >/dev/null 2>&1 || true
  redis-cli -u "$redis_url" --scan --pattern "$namespace:*" | xargs -r redis-cli -u "$redis_url" del >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

psql "$admin_url" -qXc "CREATE DATABASE \"$scratch_db\""
export DATABASE_URL="${admin_url%/*}/$scratch_db" REDIS_URL="$redis_url"
export LIAISON_DATA_DIR="$work/data" LIAISON_BIND="127.0.0.1:$PORT" RUST_LOG=warn
export LIAISON_RATE_LIMITS__NAMESPACE="$namespace"
# One kiosk files every report, so lift the per-caller limit (30 a minute) out of the soak.
export LIAISON_RATE_LIMITS__REPORTS_PER_CALLER_PER_MINUTE=1000000000
[ -z "${WORKERS:-}" ] || export LIAISON_WORKERS="$WORKERS"
backend="PostgreSQL $(psql "$admin_url" -AtXc 'SHOW server_version' | cut -d' ' -f1)"
backend+=" + Redis $(redis-cli -u "$redis_url" info server | sed -n 's/^redis_version:\([0-9.]*\).*/\1/p')"

password="soak-$(date +%s%N)-secret"
LIAISON_ADMIN_PASSWORD="$password" "$BENCH_BIN" admin create --username admin --display-name admin >/dev/null
"$BENCH_BIN" serve --demo >"$work/server.log" 2>&1 &
server_pid=$!
url="http://127.0.0.1:$PORT"
ready=""
for _ in $(seq 1 300); do
  if curl -fs "$url/health/ready" >/dev/null 2>&1; then ready=1; break; fi
  kill -0 "$server_pid" 2>/dev/null || break
  sleep 0.2
done
if [ -z "$ready" ]; then
  echo "the server did not become ready; its log:" >&2
  tail -n 30 "$work/server.log" >&2
  exit 1
fi

echo "== soak: $backend, $("$BENCH_BIN" --version 2>/dev/null || echo liaison) ($BENCH_BIN), $(nproc) cores, pid $server_pid"
status=0
log_before=$(wc -l <"$work/server.log")
LIAISON_SOAK_PASSWORD="$password" node bench/soak.mjs --url "$url" --pid "$server_pid" --duration "$DURATION" \
  --interval "$INTERVAL" --warmup "$WARMUP" --concurrency "$CONCURRENCY" --streams "$STREAMS" || status=$?

# Warnings at startup (public_url, generated keys) are expected here; those logged during the soak are not.
during=$(tail -n +"$((log_before + 1))" "$work/server.log")
warnings=$(grep -c -E 'WARN|ERROR' <<<"$during" || true)
echo "== server log during the soak: $warnings warning or error lines"
if [ "$warnings" -gt 0 ]; then grep -m 5 -E 'WARN|ERROR' <<<"$during" | cut -c1-300; fi
if [ "$status" -ne 0 ]; then
  echo "== the soak failed (exit $status); the server log's tail:"
  tail -n 20 "$work/server.log" | cut -c1-300
fi
exit "$status"
