#!/usr/bin/env bash
# The contract, exercised: schemathesis (pinned, from PyPI) runs every check over the committed document
# (api-spec/openapi.json) against the debug server with the demo data, once anonymously and once with an
# administrator's token. api-spec/schemathesis.toml holds its settings and the allow-list (each entry with
# its reason). Exits non-zero when schemathesis reports anything; the last line is always
# `schemathesis: N passed, M failed` (operations, both runs together). Called by .ci/run.
#
# Environment: ST_LIAISON_BIN (default: build the debug binary), ST_SEED (default 1), ST_MAX_EXAMPLES
# (default 30), ST_OUT (reports; default <target>/schemathesis), ST_VENV (default <target>/schemathesis-venv).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

ST_VERSION=4.32.5
SEED=${ST_SEED:-1}
MAX_EXAMPLES=${ST_MAX_EXAMPLES:-30}

target_dir="$(cargo metadata --format-version 1 --no-deps --locked |
  python3 -c 'import json, sys; print(json.load(sys.stdin)["target_directory"])')"
bin=${ST_LIAISON_BIN:-}
if [ -z "$bin" ]; then
  cargo build --locked --quiet --bin liaison
  bin="$target_dir/debug/liaison"
fi
OUT=${ST_OUT:-$target_dir/schemathesis}
VENV=${ST_VENV:-$target_dir/schemathesis-venv}

st="$VENV/bin/st"
if ! "$st" --version 2>/dev/null | grep -qF "$ST_VERSION"; then
  echo "installing schemathesis $ST_VERSION from PyPI into $VENV"
  python3 -m venv "$VENV"
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check "schemathesis==$ST_VERSION"
fi

data="$(mktemp -d)"
server_pid=""
stop_server() {
  if [ -n "$server_pid" ]; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  rm -rf "$data"
}
trap stop_server EXIT

port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
base="http://127.0.0.1:$port"
admin_password="schemathesis-$(python3 -c 'import secrets; print(secrets.token_hex(8))')"

# The server reads every LIAISON_* variable as a setting: only these.
while read -r name; do unset "$name"; done < <(env | sed -n 's/^\(LIAISON_[A-Za-z0-9_]*\)=.*/\1/p')
# A fresh data folder, no configuration file, and rate limits out of the way (they would only answer 429).
export LIAISON_CONFIG="$data/none.toml" LIAISON_DATA_DIR="$data" LIAISON_BIND="127.0.0.1:$port"
export LIAISON_PUBLIC_URL="$base" LIAISON_WORKERS=2 LIAISON_AUTH__ACCESS_TOKEN_SECS=86400
export LIAISON_RATE_LIMITS__LOGIN_PER_IP_PER_MINUTE=1000000
export LIAISON_RATE_LIMITS__PHONE_CODE_INTERVAL_SECS=0
export LIAISON_RATE_LIMITS__PHONE_CODES_PER_PHONE_PER_HOUR=1000000
export LIAISON_RATE_LIMITS__PHONE_CODES_PER_IP_PER_HOUR=1000000
export LIAISON_RATE_LIMITS__WECHAT_LOGINS_PER_IP_PER_MINUTE=1000000
export LIAISON_RATE_LIMITS__ANONYMOUS_REPORTS_PER_IP_PER_HOUR=1000000
export LIAISON_RATE_LIMITS__REPORTS_PER_CALLER_PER_MINUTE=1000000

# Runs a command with its output in the server log, which is shown when it fails.
logged() {
  "$@" >>"$data/server.log" 2>&1 || { cat "$data/server.log" >&2; echo "failed: $*" >&2; return 1; }
}
logged "$bin" migrate
LIAISON_ADMIN_PASSWORD="$admin_password" logged "$bin" admin create --username st.admin \
  --display-name "Schemathesis"
"$bin" serve --demo >>"$data/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 100); do
  curl -fs "$base/health/ready" >/dev/null 2>&1 && break
  kill -0 "$server_pid" 2>/dev/null || { cat "$data/server.log" >&2; echo "the server did not start" >&2; exit 1; }
  sleep 0.2
done

json_field() { python3 -c "import json, sys; print(json.load(sys.stdin)[sys.argv[1]])" "$1"; }

# One report to act on, filed anew before each run (a run may withdraw or close it).
seed_report() {
  local created
  created="$(curl -fsS "$base/api/v1/reports" -H 'Content-Type: application/json' \
    -d '{"category":"environment","description":"3号楼旁的垃圾桶已经三天没有清运。","address":"和平路12号","channel":"web","station":"XH-01"}')"
  LIAISON_ST_TRACKING_CODE="$(json_field tracking_code <<<"$created")"
  LIAISON_ST_REPORT_ID="$(json_field id <<<"$created")"
  export LIAISON_ST_TRACKING_CODE LIAISON_ST_REPORT_ID
}

rm -rf "$OUT"
mkdir -p "$OUT"
OUT="$(cd "$OUT" && pwd)"
status=0
run() {
  local name=$1
  shift
  seed_report
  echo "== schemathesis $ST_VERSION, $name (seed $SEED, up to $MAX_EXAMPLES examples per operation)"
  # Run from the output folder: schemathesis keeps a cache in `.schemathesis/` of its working directory.
  (cd "$OUT" && "$st" --config-file "$root/api-spec/schemathesis.toml" run "$root/api-spec/openapi.json" \
    --url "$base" "$@" --checks all --max-examples "$MAX_EXAMPLES" --seed "$SEED" --workers 2 \
    --continue-on-failure --generation-database none --request-timeout 10 --no-color \
    --report junit --report-dir "$OUT/$name") || status=1
}

started=$SECONDS
run anonymous
token="$(curl -fsS "$base/api/v1/auth/login" -H 'Content-Type: application/json' \
  -d "{\"username\":\"st.admin\",\"password\":\"$admin_password\"}" | json_field access_token)"
run admin -H "Authorization: Bearer $token"

# Count operations over both runs from the JUnit reports.
read -r passed failed < <(python3 - "$OUT" <<'EOF'
import pathlib, sys, xml.etree.ElementTree as ET
passed = failed = 0
for report in pathlib.Path(sys.argv[1]).glob("*/junit*.xml"):
    for case in ET.parse(report).getroot().iter("testcase"):
        if case.find("failure") is not None or case.find("error") is not None:
            failed += 1
        elif case.find("skipped") is None:
            passed += 1
print(passed, failed)
EOF
)
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  failed=1 # schemathesis failed without a failing operation (e.g. the stateful phase): count it
fi
echo "(both runs took $((SECONDS - started)) s; JUnit reports in $OUT)"
echo "schemathesis: $passed passed, $failed failed"
exit "$status"
