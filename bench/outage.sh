#!/usr/bin/env bash
# What residents see while PostgreSQL restarts under load (issue #22, point 3): a release build on a scratch
# database files reports as a kiosk from 8 threads, each report retried with the same Idempotency-Key while the
# answer is 503 (as the kiosk's outbox does); PostgreSQL is restarted in the middle (pg_ctlcluster). Prints the
# answers by status, what readiness said meanwhile, and checks that every report accepted is stored once.
#
#   DATABASE_URL=postgres://postgres@127.0.0.1:5432/test bench/outage.sh        (needs pg_ctlcluster: run as root)
set -euo pipefail
cd "$(dirname "$0")/.."
BENCH_BIN=${BENCH_BIN:-target/release/liaison}
PORT=${PORT:-18185}
admin_url=${DATABASE_URL:?set DATABASE_URL to a PostgreSQL database this script may create another beside}
work=$(mktemp -d)
scratch="liaison_outage_$$"
server_pid=""
cleanup() {
  [ -z "$server_pid" ] || { kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; }
  psql "$admin_url" -qXc "DROP DATABASE IF EXISTS \"$scratch\" WITH (FORCE)" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
psql "$admin_url" -qXc "CREATE DATABASE \"$scratch\""
export DATABASE_URL="${admin_url%/*}/$scratch" LIAISON_DATA_DIR="$work/data" LIAISON_BIND="127.0.0.1:$PORT" RUST_LOG=warn
export LIAISON_RATE_LIMITS__REPORTS_PER_CALLER_PER_MINUTE=1000000000
unset REDIS_URL
password="Restart-$(date +%s%N)-drill"
LIAISON_ADMIN_PASSWORD="$password" "$BENCH_BIN" admin create --username outage --display-name outage >/dev/null
"$BENCH_BIN" serve --demo >"$work/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 150); do curl -fs "http://127.0.0.1:$PORT/health/ready" >/dev/null 2>&1 && break; sleep 0.2; done
cluster=$(ls /etc/postgresql | head -n 1)
python3 - "http://127.0.0.1:$PORT" "$password" "$cluster" <<'PY'
import collections, json, subprocess, sys, threading, time, urllib.error, urllib.request, uuid
base, password, cluster = sys.argv[1], sys.argv[2], sys.argv[3]
def call(path, body=None, token=None, key=None):
    req = urllib.request.Request(base + path, data=json.dumps(body).encode() if body is not None else None,
                                 method="POST" if body is not None else "GET")
    req.add_header("Content-Type", "application/json")
    if token: req.add_header("Authorization", "Bearer " + token)
    if key: req.add_header("Idempotency-Key", key)
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            return r.status, json.load(r), r.headers
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read() or b"null"), e.headers
    except Exception as e:
        return 0, str(e), {}
_, tokens, _ = call("/api/v1/auth/login", {"username": "outage", "password": password})
admin = tokens["access_token"]
_, made, _ = call("/api/v1/stations/XH-01/kiosks", {"label": "outage"}, admin)
_, enrolled, _ = call("/api/v1/kiosks/enroll", {"enrollment_code": made["enrollment_code"]})
kiosk = enrolled["tokens"]["access_token"]
statuses, codes, accepted, lock = collections.Counter(), collections.Counter(), [], threading.Lock()
ready, stop = collections.Counter(), time.time() + 25
def filer(n):
    i = 0
    while time.time() < stop:
        key, i = str(uuid.uuid4()), i + 1
        body = {"category": "environment", "description": f"停电压测 {n}-{i}：路灯不亮。", "channel": "kiosk"}
        while True:
            status, answer, headers = call("/api/v1/reports", body, kiosk, key)
            with lock:
                statuses[status] += 1
                if status >= 500: codes[f"{status} {answer.get('code') if isinstance(answer, dict) else answer} retry-after={headers.get('Retry-After')}"] += 1
            if status in (201, 200):
                with lock: accepted.append(answer["tracking_code"])
                break
            if status in (503, 0):
                time.sleep(float(headers.get("Retry-After") or 1) / 5)
                if time.time() > stop + 60: break
                continue
            break
def watch_ready():
    while time.time() < stop:
        status, _, _ = call("/health/ready")
        ready[status] += 1
        time.sleep(0.25)
threads = [threading.Thread(target=filer, args=(n,)) for n in range(8)] + [threading.Thread(target=watch_ready)]
for t in threads: t.start()
time.sleep(8)
t0 = time.time()
subprocess.run(["pg_ctlcluster", "--skip-systemctl-redirect", cluster, "main", "restart"], check=True)
print(f"PostgreSQL restarted in {time.time() - t0:.1f} s")
for t in threads: t.join()
print("answers by status:", dict(statuses))
print("5xx answers:", dict(codes))
print("readiness answers:", dict(ready))
print("accepted:", len(accepted), "distinct:", len(set(accepted)))
open("/tmp/outage-accepted.txt", "w").write("\n".join(accepted))
PY
stored=$(psql "$DATABASE_URL" -AtXc "SELECT count(*) FROM reports WHERE description LIKE '停电压测%'")
echo "stored: $stored (each accepted once: $(sort -u /tmp/outage-accepted.txt | wc -l))"
