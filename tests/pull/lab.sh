# tests/pull/lab.sh - what tests/pull/run.sh and tests/pull/sdk-test.sh share
# (sourced, from the repository root): the corpus found, the tools checked, and
# the Genesys Cloud stand-in (org-lab.mjs) started on fresh certificates and a
# fresh client secret, then stopped by its pid when the script exits.
#   org_lab_open NAME PACKAGE...   sets corpus and tmp; exit 0 (skipped) without the corpus,
#                                  exit 1 when a tool or an npm PACKAGE is missing
#   org_lab_start VAR=VALUE...     sets secret and port; each VAR=VALUE goes to the lab's environment

org_lab_open() {
    lab_name=$1
    shift
    corpus=${DACC_CORPUS:-../shared/corpus/genesys-public}
    [ -d "$corpus" ] || corpus=/work/shared/corpus/genesys-public
    if [ ! -d "$corpus" ]; then
        echo "$lab_name: the corpus ($corpus) is not present here; skipped"
        exit 0
    fi
    corpus=$(cd "$corpus" && pwd)
    local tool pkg
    for tool in node openssl jq curl; do
        command -v "$tool" >/dev/null 2>&1 ||
            { echo "$lab_name: '$tool' is missing (scripts/install-deps --test)"; exit 1; }
    done
    for pkg in "$@"; do
        [ -f "node_modules/$pkg/package.json" ] || { echo "$lab_name: $pkg is missing: run 'npm ci'"; exit 1; }
    done
    node -e 'process.exit(typeof URL.parse === "function" ? 0 : 1)' ||
        { echo "$lab_name: node $(node --version) is too old for oidc-provider 9 (it needs Node 20 or newer)"; exit 1; }
    tmp=$(mktemp -d)
    lab_pid=
    trap 'stop_lab; if [ -n "${KEEP_TMP:-}" ]; then echo "$lab_name: kept $tmp"; else rm -rf "$tmp"; fi' EXIT
}

stop_lab() {
    if [ -n "$lab_pid" ]; then
        kill -TERM "$lab_pid" 2>/dev/null
        wait "$lab_pid" 2>/dev/null
        lab_pid=
    fi
}

org_lab_start() {
    tests/live/gen-certs.sh "$tmp/certs" DNS:login.dacc-lab.localhost DNS:api.dacc-lab.localhost || exit 1
    secret=$(openssl rand -hex 20)
    mkdir "$tmp/log"
    : >"$tmp/log/requests.log"
    : >"$tmp/log/tokens.log"
    env LAB_SECRET_MAIN="$secret" LAB_LOG_DIR="$tmp/log" "$@" \
        node tests/pull/org-lab.mjs "$tmp/certs" "$corpus" "$tmp/ready" >"$tmp/lab.log" 2>&1 &
    lab_pid=$!
    for _ in $(seq 1 200); do
        [ -s "$tmp/ready" ] && break
        if ! kill -0 "$lab_pid" 2>/dev/null; then
            echo "$lab_name: the lab exited before it was ready:"; cat "$tmp/lab.log"; lab_pid=; exit 1
        fi
        sleep 0.05
    done
    [ -s "$tmp/ready" ] || { echo "$lab_name: the lab was not ready after 10 s:"; cat "$tmp/lab.log"; exit 1; }
    port=$(sed -n 's/^port=//p' "$tmp/ready")
}
