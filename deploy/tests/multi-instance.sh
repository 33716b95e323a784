#!/usr/bin/env bash
# The multi-instance test: two `liaison serve` processes on loopback sharing one PostgreSQL database (a scratch
# database, dropped afterwards), one Redis (a key prefix of their own, removed afterwards) and one S3-compatible
# photo store (a folder of their own in the bucket; moto on loopback, started when none answers), and nginx in front
# with deploy/nginx/liaison.conf rendered for loopback (deploy/tests/render_nginx.py). multi_instance.py then
# shows that any instance serves any request: tokens, rate limits, live updates and the supervision lease.
#
#   bash deploy/tests/multi-instance.sh                    # builds target/debug/liaison (cargo build) first
#   DEPLOY_LIAISON_BIN=target/release/liaison bash deploy/tests/multi-instance.sh
#   MI_POSTGRES_URL=postgres://postgres@127.0.0.1:5432/test MI_REDIS_URL=redis://127.0.0.1:6379/ \
#     MI_S3_ENDPOINT=http://127.0.0.1:5055 MI_S3_BUCKET=liaison-test …      # the defaults, as .ci/run uses them
#
# Starts PostgreSQL and Redis when they are down, installs nginx when it is missing (Debian packages), and starts
# moto (PyPI moto[server], installed when missing) on MI_S3_ENDPOINT when nothing answers there.
# Exits non-zero on any failure; the last line is "N passed, N failed".
set -euo pipefail
cd "$(dirname "$0")/../.."

PG_URL=${MI_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/test}
REDIS=${MI_REDIS_URL:-redis://127.0.0.1:6379/}
S3_ENDPOINT=${MI_S3_ENDPOINT:-http://127.0.0.1:5055}
S3_BUCKET=${MI_S3_BUCKET:-liaison-test}
LOGIN_LIMIT=5
export PATH="$PATH:/usr/sbin"

if [ -z "${DEPLOY_LIAISON_BIN:-}" ]; then
  cargo build --locked --quiet --bin liaison
  bin=target/debug/liaison
else
  bin=$DEPLOY_LIAISON_BIN
fi
bin=$(realpath "$bin")
if ! command -v nginx >/dev/null; then
  echo "installing nginx"
  apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends nginx >/dev/null
fi
if ! pg_isready -q -h 127.0.0.1 -p 5432; then
  echo "starting PostgreSQL"
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n 1)" main start
  for _ in $(seq 1 60); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done
fi
if ! redis-cli -u "$REDIS" ping >/dev/null 2>&1; then
  echo "starting Redis"
  mkdir -p /var/lib/redis /var/log/redis
  redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no \
    --dir /var/lib/redis --logfile /var/log/redis/multi-instance.log
  for _ in $(seq 1 30); do redis-cli -u "$REDIS" ping >/dev/null 2>&1 && break; sleep 1; done
fi

work=$(mktemp -d)
chmod 755 "$work"
pids=()
if ! curl -fs "$S3_ENDPOINT/" >/dev/null 2>&1; then
  if ! command -v moto_server >/dev/null 2>&1; then
    echo "installing moto (an S3-compatible server) from PyPI"
    python3 -m pip install --quiet --disable-pip-version-check 'moto[server]'
  fi
  s3_port=${S3_ENDPOINT##*:}
  echo "starting moto_server on $S3_ENDPOINT"
  moto_server -H 127.0.0.1 -p "${s3_port%/}" >"$work/moto.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 1 60); do curl -fs "$S3_ENDPOINT/" >/dev/null 2>&1 && break; sleep 0.5; done
fi
curl -fs -X PUT "$S3_ENDPOINT/$S3_BUCKET" >/dev/null
run_id="$$_$(date +%s)"
db="liaison_multi_$run_id"
namespace="liaison-multi-$run_id"
cleanup() {
  local rc=$?
  # nginx first (it holds connections to the instances), then the instances.
  for ((i = ${#pids[@]} - 1; i >= 0; i--)); do
    kill "${pids[$i]}" 2>/dev/null || true
    wait "${pids[$i]}" 2>/dev/null || true
  done
  psql "$PG_URL" -qXc "DROP DATABASE IF EXISTS \"$db\" WITH (FORCE)" >/dev/null 2>&1 || true
  redis-cli -u "$REDIS" --scan --pattern "$namespace:*" | xargs -r redis-cli -u "$REDIS" del >/dev/null 2>&1 || true
  if [ "$rc" -ne 0 ]; then
    for f in a.log b.log nginx/error.log; do
      [ -s "$work/$f" ] && { echo "--- last lines of $f"; tail -n 30 "$work/$f"; }
    done
  fi
  rm -rf "$work"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Four distinct free ports, all held open while they are picked (picked one at a time, two could be the same).
read -r port_a port_b port_http port_https < <(python3 -c '
import socket
held = [socket.socket() for _ in range(4)]
for s in held:
    s.bind(("127.0.0.1", 0))
print(*(s.getsockname()[1] for s in held))')

psql "$PG_URL" -qXc "CREATE DATABASE \"$db\""
database_url="${PG_URL%/*}/$db"

# What every instance shares, exactly as a deployment would set it.
export DATABASE_URL="$database_url" REDIS_URL="$REDIS"
export LIAISON_AUTH__SIGNING_KEY="$(openssl rand -base64 32)" LIAISON_PII__KEY="$(openssl rand -base64 32)"
export LIAISON_RATE_LIMITS__NAMESPACE="$namespace" LIAISON_RATE_LIMITS__TRUST_FORWARDED_FOR=true
export LIAISON_RATE_LIMITS__LOGIN_PER_IP_PER_MINUTE=$LOGIN_LIMIT
export LIAISON_WORKFLOW__SUPERVISION_INTERVAL_SECS=1
export LIAISON_PUBLIC_URL="https://127.0.0.1:$port_https" LIAISON_LOG_FORMAT=json RUST_LOG=info
export LIAISON_WORKERS=2 LIAISON_SHUTDOWN_TIMEOUT_SECS=5
export LIAISON_PHOTOS__STORE=s3 LIAISON_PHOTOS__S3__ENDPOINT="$S3_ENDPOINT" LIAISON_PHOTOS__S3__BUCKET="$S3_BUCKET"
export LIAISON_PHOTOS__S3__ALLOW_HTTP=true LIAISON_PHOTOS__S3__PREFIX="$namespace"
export LIAISON_PHOTOS__S3__ACCESS_KEY_ID=test LIAISON_PHOTOS__S3__SECRET_ACCESS_KEY=test

LIAISON_DATA_DIR="$work/setup" "$bin" migrate >"$work/setup.log" 2>&1
LIAISON_DATA_DIR="$work/setup" "$bin" seed-demo >>"$work/setup.log" 2>&1
admin_password="multi-$(openssl rand -hex 12)"
LIAISON_ADMIN_PASSWORD="$admin_password" LIAISON_DATA_DIR="$work/setup" \
  "$bin" admin create --username admin --display-name 管理员 >>"$work/setup.log" 2>&1

LIAISON_BIND="127.0.0.1:$port_a" LIAISON_DATA_DIR="$work/a" "$bin" serve >"$work/a.log" 2>&1 &
pids+=($!); pid_a=$!
LIAISON_BIND="127.0.0.1:$port_b" LIAISON_DATA_DIR="$work/b" "$bin" serve >"$work/b.log" 2>&1 &
pids+=($!); pid_b=$!

mkdir -p "$work/nginx"
openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=127.0.0.1 \
  -addext "subjectAltName=IP:127.0.0.1,DNS:localhost" \
  -keyout "$work/nginx/tls.key" -out "$work/nginx/tls.crt" 2>/dev/null
conf=$(python3 deploy/tests/render_nginx.py --dir "$work/nginx" \
  --upstream "127.0.0.1:$port_a" --upstream "127.0.0.1:$port_b" \
  --http-port "$port_http" --https-port "$port_https" --cert "$work/nginx/tls.crt" --key "$work/nginx/tls.key")
nginx -t -q -p "$work/nginx" -c "$conf"
nginx -p "$work/nginx" -c "$conf" -g 'daemon off;' &
pids+=($!)

for port in "$port_a" "$port_b"; do
  for _ in $(seq 1 100); do
    curl -fs "http://127.0.0.1:$port/health/ready" >/dev/null 2>&1 && break
    sleep 0.2
  done
done
for _ in $(seq 1 50); do
  curl -fsk "https://127.0.0.1:$port_https/health/live" >/dev/null 2>&1 && break
  sleep 0.2
done

echo "instances A :$port_a (pid $pid_a) and B :$port_b (pid $pid_b), nginx https :$port_https http :$port_http," \
  "database $db, Redis prefix $namespace, photos in $S3_ENDPOINT/$S3_BUCKET/$namespace, $("$bin" --version 2>/dev/null || basename "$bin")"
MI_A="http://127.0.0.1:$port_a" MI_B="http://127.0.0.1:$port_b" \
  MI_NGINX="https://127.0.0.1:$port_https" MI_NGINX_HTTP="http://127.0.0.1:$port_http" MI_CA="$work/nginx/tls.crt" \
  MI_PIDS="$pid_a $pid_b" MI_LOG_A="$work/a.log" MI_LOG_B="$work/b.log" MI_ACCESS_LOG="$work/nginx/access.log" \
  MI_DATABASE_URL="$database_url" MI_REDIS_URL="$REDIS" MI_NAMESPACE="$namespace" \
  MI_ADMIN_PASSWORD="$admin_password" MI_LOGIN_LIMIT="$LOGIN_LIMIT" MI_S3="$S3_ENDPOINT/$S3_BUCKET/$namespace" \
  python3 deploy/tests/multi_instance.py
