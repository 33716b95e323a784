#!/usr/bin/env bash
# A year of the demo district on a fresh data folder, in one command: loads the demo district
# (`liaison seed-demo`), makes the administrator (its generated password is printed once), starts
# `liaison serve` under Debian's libfaketime with its clock on 2 January of the year, plays the year through the
# API (demo-year.mjs, which moves the clock month by month), then puts the clock back to the real time and stops
# the server, or leaves it running at the end of the year with --keep-running.
#
#   deploy/demo-year/demo-year.sh [--data-dir DIR] [--year 2025] [--bind 127.0.0.1:8080] [--keep-running]
#                                 [--out DIR] [more demo-year.mjs options, e.g. --reports-per-month 20]
#
# The binary: LIAISON_BIN, else target/release/liaison, else target/debug/liaison. The data folder must be new
# (the clock only moves forward); without --data-dir a temporary one is made and kept for you to look at.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
FAKETIME_LIB=/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1

data_dir='' year=$(( $(date -u +%Y) - 1 )) bind=127.0.0.1:8080 keep=false pass=()
while [ $# -gt 0 ]; do
  case "$1" in
    --data-dir) data_dir="$2"; shift 2 ;;
    --year) year="$2"; shift 2 ;;
    --bind) bind="$2"; shift 2 ;;
    --keep-running) keep=true; shift ;;
    -h|--help) sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) pass+=("$1"); shift ;;
  esac
done

bin="${LIAISON_BIN:-}"
if [ -z "$bin" ]; then
  for candidate in "$root/target/release/liaison" "$root/target/debug/liaison"; do
    if [ -x "$candidate" ]; then bin="$candidate"; break; fi
  done
fi
[ -n "$bin" ] && [ -x "$bin" ] || { echo "no liaison binary: build one (cargo build --release) or set LIAISON_BIN" >&2; exit 2; }
command -v node >/dev/null || { echo "node (18 or later) is needed" >&2; exit 2; }
# The server reads every LIAISON_* variable as a setting and refuses unknown ones.
unset LIAISON_BIN

if [ ! -e "$FAKETIME_LIB" ]; then
  echo "installing Debian's faketime (libfaketime)"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq faketime >/dev/null
fi

if [ -z "$data_dir" ]; then
  data_dir="$(mktemp -d "${TMPDIR:-/tmp}/liaison-demo-year-XXXXXX")"
else
  mkdir -p "$data_dir"
  data_dir="$(cd "$data_dir" && pwd)"
fi
if [ -e "$data_dir/liaison.sqlite" ]; then
  echo "$data_dir already holds a database: the demo year needs a fresh data folder (its clock only moves forward)" >&2
  exit 2
fi

clock_file="$data_dir/faketime.rc"
# libfaketime's relative format: a signed offset from the real time, in seconds.
start=$(date -u -d "$year-01-02 00:00:00" +%s)   # 08:00 on 2 January in China
echo "$(( start - $(date -u +%s) ))" | sed 's/^[0-9]/+&/' > "$clock_file"

export LIAISON_DATA_DIR="$data_dir" LIAISON_BIND="$bind" LIAISON_PUBLIC_URL="http://$bind"
export LIAISON_KIOSK_UI_DIR="$root/kiosk-ui" LIAISON_WEB_UI_DIR="$root/web-ui"
# Every official signs in on 2 January and all from this one address; residents' codes come from here too.
export LIAISON_RATE_LIMITS__LOGIN_PER_IP_PER_MINUTE=600 LIAISON_RATE_LIMITS__PHONE_CODES_PER_IP_PER_HOUR=600
export LIAISON_RATE_LIMITS__REPORTS_PER_CALLER_PER_MINUTE=600
faked=(env LD_PRELOAD="$FAKETIME_LIB" FAKETIME_TIMESTAMP_FILE="$clock_file" FAKETIME_NO_CACHE=1 FAKETIME_DONT_FAKE_MONOTONIC=1)

"${faked[@]}" "$bin" seed-demo
admin_password="Demo-$(head -c 18 /dev/urandom | base64 | tr -d '/+=' | head -c 20)"
LIAISON_ADMIN_PASSWORD="$admin_password" "${faked[@]}" "$bin" admin create --username admin --display-name 管理员
echo "administrator: admin / $admin_password   (shown once)"

"${faked[@]}" "$bin" serve >>"$data_dir/server.log" 2>&1 &
server=$!
stop_server() {
  if kill -0 "$server" 2>/dev/null; then
    kill -TERM "$server"
    wait "$server" 2>/dev/null || true
  fi
}
on_exit() {
  status=$?
  if [ "$status" -ne 0 ]; then
    stop_server
    echo "--- the last lines of $data_dir/server.log:" >&2
    tail -n 20 "$data_dir/server.log" >&2 || true
    echo "data kept in $data_dir" >&2
  fi
}
trap on_exit EXIT

for _ in $(seq 1 600); do
  if curl -fsS "http://$bind/health/ready" >/dev/null 2>&1; then break; fi
  kill -0 "$server" 2>/dev/null || { echo "the server exited at start" >&2; exit 1; }
  sleep 0.1
done
curl -fsS "http://$bind/health/ready" >/dev/null || { echo "the server did not become ready" >&2; exit 1; }

LIAISON_ADMIN_PASSWORD="$admin_password" node "$here/demo-year.mjs" --url "http://$bind" --data-dir "$data_dir" \
  --clock-file "$clock_file" --year "$year" "${pass[@]}"

if $keep; then
  trap - EXIT
  echo
  echo "The server keeps running (pid $server) at http://$bind with its clock at the end of $year:"
  echo "  console  http://$bind/console/    administrator: admin / $admin_password"
  echo "  data     $data_dir   (its log: server.log)"
  echo "  back to the real time: echo +0 > $clock_file    stop it: kill $server"
else
  echo "+0" > "$clock_file"   # the real time again
  stop_server
  trap - EXIT
  echo
  echo "The server is stopped; the year's data is kept in $data_dir."
  echo "  serve it again (real time): LIAISON_DATA_DIR=$data_dir $bin serve"
fi
