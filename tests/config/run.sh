#!/usr/bin/env bash
# .dacc.yaml, --config, precedence (flag over config over default), suppressions.
#   tests/config/run.sh DACC
set -uo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
dacc=$1
[[ "$dacc" == /* ]] || dacc="$root/$dacc"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0 count=0
ok() { count=$((count + 1)); }
bad() { count=$((count + 1)); fail=1; echo "FAIL $1"; echo "  stdout: ${out:0:600}"; echo "  stderr: ${err:0:300}"; }
# in DIR, run dacc ARGS...: sets status, out, err
run_in() {
    local dir=$1; shift
    (cd "$dir" && timeout 20 "$dacc" "$@" >"$tmp/out" 2>"$tmp/err"); status=$?
    out=$(cat "$tmp/out"); err=$(cat "$tmp/err")
}
expect() { # NAME JQ-EXPR
    if [ "$(jq -r "$2" <<<"$out" 2>/dev/null)" = true ]; then ok; else bad "$1: $2"; fi
}
status_is() { if [ "$status" = "$2" ]; then ok; else bad "$1: exit status $status, expected $2"; fi; }

w=$tmp/work
mkdir -p "$w/flows/legacy" "$w/sub"
cp tests/cli/data/mixed.json "$w/flows/crm.json"            # http URL, http Referer, timeout 6
cp tests/cli/data/mixed.yaml "$w/flows/crm.yaml"
cp tests/cli/data/clean.json "$w/flows/legacy/old.json"
cp tests/cli/data/mixed.json "$w/flows/legacy/older.json"

# --- no config: the defaults ---
run_in "$w" lint --format json flows/crm.json
status_is "defaults" 1
expect "defaults" '[.findings[].rule] == ["insecure-url", "insecure-url", "timeout"]'

# --- severity, off, limits, excludes ---
cat >"$w/.dacc.yaml" <<'YAML'
rules:
  insecure-url: warning
  secure-flag: off
limits:
  max_timeout_ms: 6000
exclude:
  - flows/legacy/*
YAML
run_in "$w" lint --format json flows
status_is "config: severity and limit" 0
expect "insecure-url became a warning" '[.findings[] | select(.rule == "insecure-url") | .severity] | unique == ["warning"]'
expect "timeout limit from the config" '[.findings[] | select(.rule == "timeout")] | length == 0'
expect "excluded files are not linted" '.summary.files == 2 and ([.findings[].file] | all(test("legacy") | not))'
run_in "$w" lint --format json --strict flows
status_is "--strict fails on warnings" 1
run_in "$w" lint --format json --max-timeout-ms 5000 flows/crm.json
expect "a flag wins over the config" '[.findings[] | select(.rule == "timeout")] | length == 1'
run_in "$w/sub" lint --format json ../flows/crm.json
expect "found upward from a subdirectory" '[.findings[] | select(.rule == "insecure-url") | .severity] | unique == ["warning"]'
cat >"$tmp/other.yaml" <<'YAML'
rules:
  insecure-url: off
  timeout: note
YAML
run_in "$w" lint --format json --config "$tmp/other.yaml" flows/crm.json
expect "--config replaces the nearest file" '([.findings[] | select(.rule == "insecure-url")] | length == 0) and ([.findings[] | select(.rule == "timeout") | .severity] == ["note"])'
status_is "notes do not fail" 0

# --- the ignore list ---
cat >"$w/.dacc.yaml" <<'YAML'
ignore:
  - file: flows/crm.json
    rule: insecure-url
    pointer: /config/request/headers/Referer
    reason: the portal only answers http; retired in NET-12
  - file: flows/*.yaml
    rule: timeout
  - file: flows/nowhere.json
    rule: schema
    reason: kept for a file that was removed
YAML
run_in "$w" lint --format json flows/crm.json flows/crm.yaml
expect "a reasoned ignore drops its finding" '[.findings[] | select(.rule == "insecure-url" and .file == "flows/crm.json") | .pointer] == ["/config/request/requestUrlTemplate"]'
expect "a glob ignore drops its finding" '[.findings[] | select(.rule == "timeout" and .file == "flows/crm.yaml")] | length == 0'
expect "a reason-less ignore warns" '[.findings[] | select(.rule == "suppression" and .file == ".dacc.yaml" and (.message | test("no reason")))] | length == 1'
expect "an ignore that matches nothing warns" '[.findings[] | select(.rule == "suppression" and (.message | test("matches no finding")))] | length == 1'
expect "ignore warnings point into the config" '[.findings[] | select(.rule == "suppression") | "\(.line):\(.column) \(.pointer)"] == ["6:5 /ignore/1", "8:5 /ignore/2"]'
rm "$w/.dacc.yaml"

# --- inline suppressions in YAML ---
cat >"$w/flows/inline.yaml" <<'YAML'
name: Lookup customer
actionType: custom
config:
  request:
    # dacc:ignore insecure-url the vendor's sandbox has no TLS; never promoted
    requestUrlTemplate: http://sandbox.example.com/customers/lookup
    requestType: GET
    headers:
      Referer: http://portal.example.com/  # dacc:ignore insecure-url
  response:
    translationMap: {}
    successTemplate: ${rawResult}
  timeoutSeconds: 5  # dacc:ignore timeout nothing to suppress here
contract:
  input:
    inputSchema: {type: object}
  output:
    successSchema: {type: object}
YAML
run_in "$w" lint --format json flows/inline.yaml
expect "suppression on the line above" '[.findings[] | select(.rule == "insecure-url")] | length == 0'
expect "a reason-less suppression warns at its comment" '[.findings[] | select(.rule == "suppression" and (.message | test("no reason"))) | "\(.line):\(.column)"] == ["9:44"]'
expect "an unused suppression warns" '[.findings[] | select(.rule == "suppression" and (.message | test("matches no finding"))) | .line] == [13]'
status_is "only warnings remain" 0

# --- bad configs: exit 2, one line, file:line:col ---
for case in "rules: [timeout]|1:8" "rules:\n  nosuch: off|2:3" "rules:\n  timeout: loud|2:12" "limits:\n  max_timeout_ms: -5|2:19" "colour: red|1:1" "ignore:\n  - rule: timeout|2:5" "rules: {timeout: [|2:1"; do
    printf "${case%|*}\n" >"$tmp/bad.yaml"
    run_in "$w" lint --config "$tmp/bad.yaml" flows/crm.json
    where=${case#*|}
    if [ "$status" = 2 ] && [ -z "$out" ] && [ "$(wc -l <<<"$err")" = 1 ] && grep -q "bad.yaml:$where: " <<<"$err"; then ok; else
        bad "bad config '${case%|*}' should exit 2 with one line at $where"; fi
done
run_in "$w" lint --config "$tmp/none.yaml" flows/crm.json
status_is "missing --config file" 2

# --- the published schema agrees on examples ---
ajv=node_modules/.bin/ajv
if [ -x "$ajv" ]; then
    printf 'rules:\n  timeout: warning\nlimits:\n  max_payload_bytes: 1000\nscopes:\n  allow: ["routing:*"]\nexclude: ["gen/*"]\nignore:\n  - {file: a.json, rule: schema, reason: why}\n' >"$tmp/good.yaml"
    printf 'rules:\n  timeout: loud\n' >"$tmp/bad1.yaml"
    printf 'colour: red\n' >"$tmp/bad2.yaml"
    if "$ajv" validate --spec=draft7 -s schemas/config.schema.json -d "$tmp/good.yaml" >/dev/null 2>&1; then ok; else bad "schema accepts a good config"; fi
    run_in "$w" lint --config "$tmp/good.yaml" flows/crm.json
    [ "$status" != 2 ] && ok || bad "dacc accepts the good config"
    for b in bad1 bad2; do
        if "$ajv" validate --spec=draft7 -s schemas/config.schema.json -d "$tmp/$b.yaml" >/dev/null 2>&1; then bad "schema refuses $b"; else ok; fi
        run_in "$w" lint --config "$tmp/$b.yaml" flows/crm.json
        status_is "dacc refuses $b" 2
    done
else
    bad "ajv is not installed (scripts/install-deps --test)"
fi

[ "$fail" = 0 ] && echo "config: $count checks passed"
exit "$fail"
