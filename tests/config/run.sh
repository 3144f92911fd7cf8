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
# the YAML twin of crm.json under a name of its own (the same name twice is a duplicate-name error)
sed "s/^name: .*/name: Lookup customer — CRM (YAML)/" tests/cli/data/mixed.yaml >"$w/flows/crm.yaml"
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
  - file: flows/crm.json
    rule: schema
    reason: the file is linted and has no schema finding
  - file: flows/legacy/old.json
    rule: schema
    reason: about a file this run does not lint
YAML
run_in "$w" lint --format json flows/crm.json flows/crm.yaml
expect "a reasoned ignore drops its finding" '[.findings[] | select(.rule == "insecure-url" and .file == "flows/crm.json") | .pointer] == ["/config/request/requestUrlTemplate"]'
expect "a glob ignore drops its finding" '[.findings[] | select(.rule == "timeout" and .file == "flows/crm.yaml")] | length == 0'
expect "a reason-less ignore warns" '[.findings[] | select(.rule == "suppression" and .file == ".dacc.yaml" and (.message | test("no reason")))] | length == 1'
expect "an ignore about a linted file that matches nothing warns" '[.findings[] | select(.rule == "suppression" and (.message | test("matches no finding"))) | .pointer] == ["/ignore/3"]'
expect "an ignore naming a missing file warns" '[.findings[] | select(.rule == "suppression" and (.message | test("names .flows/nowhere.json., which does not exist"))) | .pointer] == ["/ignore/2"]'
expect "ignore warnings point into the config" '[.findings[] | select(.rule == "suppression") | "\(.line):\(.column) \(.pointer)"] == ["6:5 /ignore/1", "8:5 /ignore/2", "11:5 /ignore/3"]'
run_in "$w" lint --format json flows/legacy/old.json
expect "a run judges only the ignores about its files (a pre-commit hook's few)" '[.findings[] | select(.rule == "suppression") | .pointer] == ["/ignore/1", "/ignore/2", "/ignore/4"]'
rm "$w/.dacc.yaml"

# --- paths in the config are relative to its directory, whatever the working directory ---
p=$tmp/p1
mkdir -p "$p/flows"
cp tests/cli/data/mixed.json "$p/flows/x.json"          # insecure-url twice, timeout
sed "s/^name: .*/name: Lookup customer — CRM (YAML)/" tests/cli/data/mixed.yaml >"$p/flows/y.yaml"
cat >"$p/.dacc.yaml" <<'YAML'
exclude: ["flows/y.yaml"]
ignore:
  - {file: flows/x.json, rule: timeout, reason: r}
YAML
applied='.summary.files == 1 and ([.findings[] | select(.file | test("y.yaml"))] | length == 0) and ([.findings[] | select(.rule == "timeout" or .rule == "suppression")] | length == 0) and ([.findings[] | select(.rule == "insecure-url")] | length == 2)'
run_in "$p" lint --format json flows
expect "paths: from the config's directory" "$applied"
run_in "$p/flows" lint --format json .
expect "paths: from below the config's directory (../.dacc.yaml)" "$applied"
run_in "$p" lint --format json "$p/flows"
expect "paths: an absolute path from the config's directory" "$applied"
run_in "$tmp" lint --format json --config ./p1/.dacc.yaml p1/flows
expect "paths: --config in another directory" "$applied"
run_in "$tmp" lint --format json --config "$p/.dacc.yaml" ./p1//flows/../flows/
expect "paths: a path with ./, // and .." "$applied"
ln -s p1 "$tmp/p1link"
run_in "$tmp" lint --format json --config p1link/.dacc.yaml p1link/flows
expect "paths: through a symlinked directory" "$applied"
run_in "$tmp" lint --format json --config p1link/.dacc.yaml "$p/flows"
expect "paths: a config through a symlink, files by their real path" "$applied"
run_in "$p/flows" lint --format json --stdin-filename x.json - <"$p/flows/x.json"
expect "paths: --stdin-filename, relative to the working directory" '[.findings[] | select(.rule == "timeout" or .rule == "suppression")] | length == 0'
run_in "$p" lint --format json --stdin-filename flows/x.json - <"$p/flows/x.json"
expect "paths: --stdin-filename from the config's directory" '[.findings[] | select(.rule == "timeout" or .rule == "suppression")] | length == 0'
cat >"$p/.dacc.yaml" <<'YAML'
exclude: ["./flows//y.yaml"]
ignore:
  - {file: ./flows/x.json, rule: timeout, reason: r}
YAML
run_in "$p" lint --format json flows
expect "paths: ./ and // in the config's entries" "$applied"
run_in "$p/flows" lint --format json .
expect "paths: ./ in the config's entries, from below" "$applied"
mkdir -p "$p/sub"
printf 'exclude: ["../flows/y.yaml"]\nignore:\n  - {file: ../flows/x.json, rule: timeout, reason: r}\n' >"$p/sub/.dacc.yaml"
run_in "$p/flows" lint --format json --config ../sub/.dacc.yaml .
expect "paths: entries outside the config's directory" "$applied"

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
printf 'rules:\n  timeout: off\n' >"$tmp/timeout-off.yaml"
run_in "$w" lint --format json --config "$tmp/timeout-off.yaml" flows/inline.yaml
expect "a suppression of a rule that is off is not 'unused'" '[.findings[] | select(.rule == "suppression" and (.message | test("matches no finding")))] | length == 0'
expect "... and the reason-less one still warns" '[.findings[] | select(.rule == "suppression" and (.message | test("no reason")))] | length == 1'

# --- scopes.granted: what each client holds, against what its token requests ask for ---
g=$tmp/grants
mkdir -p "$g/auth" "$g/calls"
token_action() { # FILE NAME CLIENT SCOPE-PARAM
    cat >"$1" <<JSON
{
  "name": "$2",
  "actionType": "customAuth",
  "config": {
    "request": {
      "requestUrlTemplate": "https://login.example.com/oauth/token",
      "requestType": "POST",
      "headers": {"Content-Type": "application/x-www-form-urlencoded", "Accept": "application/json"},
      "requestTemplate": "grant_type=client_credentials&client_id=$3&client_secret={{ secrets.CLIENT_SECRET }}$4"
    },
    "response": {"translationMap": {"t": "\$.access_token"}, "successTemplate": "{\"token\": \${t}}"}
  },
  "contract": {"input": {"inputSchema": {"type": "object", "properties": {}}},
               "output": {"successSchema": {"type": "object", "properties": {"token": {"type": "string"}}}}},
  "secure": true
}
JSON
}
token_action "$g/auth/routing.json" "Routing token" '{{ secrets.GC_CLIENT_ID }}' '&scope=routing:readonly'
token_action "$g/auth/users.json" "Users token" '$esc.url(${credentials.clientId})' '&scope=users:readonly+routing:readonly'
token_action "$g/auth/vendor.json" "Vendor token" 'vendor-app-7' ''
cp tests/cli/data/clean.json "$g/calls/lookup.json"
cat >"$g/.dacc.yaml" <<'YAML'
scopes:
  allow: [analytics:*]
  granted:
    GC_CLIENT_ID:
      - routing:readonly
      - users:readonly
      - "*:*"
      - analytics:*
    clientId: [users:readonly, routing:readonly]
    vendor-app-7: [crm:write, crm:read]
YAML
run_in "$g" lint --format json auth calls
status_is "grants: errors found" 1
expect "a grant no request asks for warns at the grant" '[.findings[] | select(.rule == "scope-least-privilege" and .severity == "warning") | "\(.file):\(.line):\(.column) \(.pointer) \(.action)"] == [".dacc.yaml:6:9 /scopes/granted/GC_CLIENT_ID/1 ", ".dacc.yaml:8:9 /scopes/granted/GC_CLIENT_ID/3 "]'
expect "the warning names the client and the scope" '[.findings[] | select(.pointer == "/scopes/granted/GC_CLIENT_ID/1") | .message | test("client .GC_CLIENT_ID. is granted .users:readonly., but none of its token requests")] == [true]'
expect "a forbidden grant is an error; an allowed one is not (only unneeded)" '[.findings[] | select(.file == ".dacc.yaml" and .severity == "error") | .pointer] == ["/scopes/granted/GC_CLIENT_ID/2"]'
expect "the clients asking for all they hold, or for no scope by name, are not warned" '[.findings[] | select(.pointer | test("clientId|vendor"))] | length == 0'
expect "asking for a scope the client is not granted is an error at the request" '[.findings[] | select(.rule == "scope-least-privilege" and .file != ".dacc.yaml")] | length == 0'
sed -i 's/routing:readonly"/routing:readonly+analytics:readonly"/' "$g/auth/routing.json"
run_in "$g" lint --format json auth/routing.json
expect "a request for an ungranted scope is an error naming the client" '[.findings[] | select(.rule == "scope-least-privilege" and .file == "auth/routing.json") | "\(.severity) \(.pointer) \(.message | test("asks for .analytics:readonly., which .dacc.yaml does not grant client .GC_CLIENT_ID."))"] == ["error /config/request/requestTemplate true"]'
run_in "$g" lint --format json -j 1 auth calls
one=$out
run_in "$g" lint --format json -j 2 auth calls
if [ "$one" = "$out" ]; then ok; else bad "grants: -j 1 and -j 2 differ"; fi
run_in "$g" lint --format json calls
expect "a run without a client's token request does not judge its grants" '[.findings[] | select(.rule == "scope-least-privilege" and .severity == "warning")] | length == 0'
expect "forbidden grants are errors in every run" '[.findings[] | select(.rule == "scope-least-privilege") | .pointer] == ["/scopes/granted/GC_CLIENT_ID/2"]'
printf 'scopes:\n  forbid: ["users:*"]\n' >"$tmp/forbid.yaml"
run_in "$g" lint --format json --config "$tmp/forbid.yaml" auth/users.json
expect "a forbid entry is a glob" '[.findings[] | select(.rule == "scope-least-privilege") | "\(.severity) \(.pointer)"] == ["error /config/request/requestTemplate"]'
expect "a scope the config forbids says so, with the pattern" '[.findings[] | select(.rule == "scope-least-privilege") | .message] == ["the token request asks for the scope '"'users:readonly'"', which .dacc.yaml forbids (scopes.forbid pattern '"'users:*'"'); ask only for the scopes the action needs"]'
printf 'scopes:\n  forbid: [users:readonly]\n  granted:\n    clientId: [users:readonly, routing:readonly]\n' >"$tmp/forbid.yaml"
run_in "$g" lint --format json --config "$tmp/forbid.yaml" auth/users.json
expect "a scope forbidden by name is not called a wildcard, in a request or a grant" '[.findings[] | select(.rule == "scope-least-privilege") | "\(.file | sub(".*/"; "")) \(.message | test("which .dacc.yaml forbids \\(scopes.forbid pattern .users:readonly.\\)") and (test("wildcard") | not))"] == ["forbid.yaml true", "users.json true"]'
printf 'scopes:\n  forbid: ["users:*"]\n  allow: [users:readonly]\n' >"$tmp/forbid.yaml"
run_in "$g" lint --format json --config "$tmp/forbid.yaml" auth/users.json
expect "scopes.allow wins over a forbid pattern" '[.findings[] | select(.rule == "scope-least-privilege")] | length == 0'
printf 'rules:\n  scope-least-privilege: off\nscopes:\n  granted:\n    GC_CLIENT_ID: ["*:*", x]\n' >"$tmp/off.yaml"
run_in "$g" lint --format json --config "$tmp/off.yaml" auth
expect "the rule turned off judges no grant" '[.findings[] | select(.rule == "scope-least-privilege")] | length == 0'
run_in "$g" lint --format sarif --config "$tmp/off.yaml" auth
expect "SARIF: a rule off is disabled in its rules entry" '[.runs[0].tool.driver.rules[] | select(.id == "scope-least-privilege") | .defaultConfiguration] == [{"enabled": false, "level": "error"}]'
printf 'rules:\n  timeout: note\n' >"$tmp/note.yaml"
run_in "$g" lint --format sarif --config "$tmp/note.yaml" auth
expect "SARIF: the rules entry gives the configured level" '[.runs[0].tool.driver.rules[] | select(.id == "timeout" or .id == "schema") | .defaultConfiguration.level] == ["error", "note"]'

# --- bad configs: exit 2, one line, file:line:col ---
for case in "rules: [timeout]|1:8" "rules:\n  nosuch: off|2:3" "rules:\n  timeout: loud|2:12" "limits:\n  max_timeout_ms: -5|2:19" "colour: red|1:1" "ignore:\n  - rule: timeout|2:5" "rules: {timeout: [|2:1" "scopes:\n  granted: [a]|2:12" "scopes:\n  granted:\n    app: routing|3:10" "scopes:\n  granted:\n    app: [1]|3:11" "scopes:\n  granted:\n    app: [a b]|3:11" "scopes:\n  grant: {}|2:3"; do
    printf "${case%|*}\n" >"$tmp/bad.yaml"
    run_in "$w" lint --config "$tmp/bad.yaml" flows/crm.json
    where=${case#*|}
    if [ "$status" = 2 ] && [ -z "$out" ] && [ "$(wc -l <<<"$err")" = 1 ] && grep -q "bad.yaml:$where: " <<<"$err"; then ok; else
        bad "bad config '${case%|*}' should exit 2 with one line at $where"; fi
done
run_in "$w" lint --config "$tmp/none.yaml" flows/crm.json
status_is "missing --config file" 2
# every mapping refuses keys it does not know and values of the wrong type, naming them
for case in "ignore:\n  - {file: flows/crm.json, rule: insecure-url, pointr: /x, reason: typo}|2:48|unknown ignore key 'pointr'" \
    "ignore:\n  - file: flows/crm.json\n    rule: timeout\n    pointer: 5|4:14|'pointer' is a string, not an integer" \
    "ignore:\n  - file: flows/crm.json\n    rule: timeout\n    pointer: config|4:14|'pointer' is a JSON Pointer" \
    "ignore:\n  - file: flows/crm.json\n    rule: timeout\n    reason: 42|4:13|'reason' is a string, not an integer" \
    "ignore:\n  - file: [flows/crm.json]\n    rule: timeout|2:11|'file' is a string, not an array" \
    "ignore:\n  - file: ''\n    rule: timeout|2:11|'file' is a path or a glob, not empty" \
    "ignore:\n  - file: flows/crm.json\n    rule: {timeout: 1}|3:11|'rule' is a string, not an object" \
    "limits: {max_timeout: 100}|1:10|unknown limit 'max_timeout'; expected max_timeout_ms or max_payload_bytes" \
    "limits:\n  max_timeout_ms: '100'|2:19|'max_timeout_ms' is a whole number" \
    "scopes:\n  forbid: ['a b']|2:12|a forbidden scope is a non-empty pattern" \
    "scopes:\n  alow: [x]|2:3|unknown scope setting 'alow'" \
    "colour: red|1:1|unknown setting 'colour'" \
    "[rules]|1:1|expected a mapping of settings" \
    "just text|1:1|expected a mapping of settings"; do
    IFS='|' read -r yaml where text <<<"$case"
    printf "$yaml\n" >"$tmp/bad.yaml"
    run_in "$w" lint --config "$tmp/bad.yaml" flows/crm.json
    if [ "$status" = 2 ] && [ -z "$out" ] && [ "$(wc -l <<<"$err")" = 1 ] && grep -qF "bad.yaml:$where: $text" <<<"$err"; then ok; else
        bad "bad config '$yaml' should exit 2 with one line 'bad.yaml:$where: $text...'"; fi
done

# an empty or comment-only .dacc.yaml means all defaults
for body in "" "# nothing set yet\n\n  # indented comment\n" "---\n"; do
    printf %b "$body" >"$w/.dacc.yaml"
    run_in "$w" lint --format json flows/crm.json
    status_is "empty config '$body' is all defaults" 1
    expect "empty config '$body' is all defaults" '[.findings[].rule] == ["insecure-url", "insecure-url", "timeout"]'
done
run_in "$w" lint --format json --config "$w/.dacc.yaml" flows/crm.json
status_is "an empty --config file" 1
rm "$w/.dacc.yaml"

# symlinks: a file reached through a link is the file the config names
ln -s flows "$w/current"
ln -s flows/legacy "$w/old"
cat >"$w/.dacc.yaml" <<'YAML'
exclude: ["flows/legacy/*"]
ignore:
  - {file: flows/crm.json, rule: timeout, reason: the vendor needs 6 s}
YAML
run_in "$w" lint --format json current/crm.json
expect "an ignore matches through a symlinked directory" '[.findings[].rule] == ["insecure-url", "insecure-url"]'
run_in "$w" lint --format json old/../crm.json
expect "'..' after a symlink is the link target's parent" '.summary.files == 1 and ([.findings[].rule] == ["insecure-url", "insecure-url"])'
run_in "$w" lint --format json old/old.json
expect "an exclude matches through a symlinked directory" '.summary.files == 0'
rm "$w/.dacc.yaml" "$w/current" "$w/old"

# excludes name directories, and slash-less names match at any depth
mkdir -p "$w/flows/legacy/deep" "$w/flows/legacyx" "$w/gen/node_modules/pkg"
cp tests/cli/data/mixed.json "$w/flows/legacy/deep/d.json"
cp tests/cli/data/mixed.json "$w/flows/legacyx/x.json"
cp tests/cli/data/mixed.json "$w/gen/node_modules/pkg/p.json"
printf 'exclude: [flows/legacy, node_modules]\n' >"$w/.dacc.yaml"
run_in "$w" lint --format json .
expect "a directory exclude covers what is under it, at any depth" \
    '[.findings[].file] | unique | all(test("legacy/|node_modules") | not) and index("./flows/legacyx/x.json") != null'
run_in "$w/flows" lint --format json legacy/deep/d.json
expect "an explicitly named file under an excluded directory is excluded" '.summary.files == 0'
run_in "$w" lint --format json --stdin-filename flows/legacy/new.json - <"$w/flows/crm.json"
status_is "standard input named into an excluded directory" 0
expect "standard input named into an excluded directory is not linted" '.summary.files == 0'
run_in "$w" lint --format json --stdin-filename flows/new.json - <"$w/flows/crm.json"
expect "standard input named elsewhere is linted" '.summary.files == 1 and .summary.errors == 3'
printf 'exclude: [flows/leg]\nignore:\n  - {file: flows/legacy, rule: timeout, reason: retired in NET-12}\n' >"$w/.dacc.yaml"
run_in "$w" lint --format json flows/legacy
expect "a prefix that is not a whole directory name excludes nothing; an ignore names a directory" \
    '.summary.files == 3 and ([.findings[] | select(.rule == "timeout")] | length) == 0 and ([.findings[].rule] | index("insecure-url")) != null'
rm -r "$w/.dacc.yaml" "$w/flows/legacy/deep" "$w/flows/legacyx" "$w/gen"

# an excluded directory is not entered: nothing in it is read or can fail the run
mkdir -p "$w/flows/legacy/deep" "$w/sl/real"
ln -s /nonexistent "$w/flows/legacy/deep/broken.json"
printf 'exclude: [legacy]\n' >"$w/.dacc.yaml"
run_in "$w" lint --format json flows
status_is "a broken link in an excluded directory" 1
expect "a broken link in an excluded directory is not read" '[.findings[].file] | all(test("legacy") | not)'
# excluding a symlink's name leaves its target to be linted by its own name
cp tests/cli/data/mixed.json "$w/sl/real/x.json"
ln -s real "$w/sl/alias"
printf 'exclude: [alias]\n' >"$w/sl/.dacc.yaml"
run_in "$w/sl" lint --format json .
expect "an excluded symlink does not hide its target" '[.findings[].file] | unique == ["./real/x.json"]'
rm -r "$w/.dacc.yaml" "$w/flows/legacy/deep" "$w/sl"

# syntax cannot be turned off or lowered: an unreadable file would pass unchecked
printf 'rules:\n  schema: warning\n  syntax: off\n' >"$tmp/syntax-off.yaml"
run_in "$w" lint --config "$tmp/syntax-off.yaml" flows/crm.json
status_is "syntax: off is a config error" 2
grep -q "syntax-off.yaml:3:11: 'syntax' stays an error" <<<"$err" && ok || bad "syntax: off names its line:col and why"
printf 'ignore:\n  - {file: flows/crm.json, rule: syntax, reason: legacy}\n' >"$tmp/syntax-ignored.yaml"
run_in "$w" lint --config "$tmp/syntax-ignored.yaml" flows/crm.json
status_is "an ignore entry for syntax is a config error" 2
grep -q "syntax-ignored.yaml:2:34: 'syntax' findings cannot be ignored" <<<"$err" && ok || bad "an ignore of syntax names its line:col and why"

# --- the published schema agrees on examples ---
ajv=node_modules/.bin/ajv
if [ -x "$ajv" ]; then
    cp tests/config/examples/full.yaml "$tmp/good.yaml"
    printf 'rules:\n  timeout: loud\n' >"$tmp/bad1.yaml"
    printf 'colour: red\n' >"$tmp/bad2.yaml"
    printf 'scopes:\n  granted:\n    app: routing\n' >"$tmp/bad3.yaml"
    printf 'ignore:\n  - {file: a.json, rule: timeout, pointr: /x, reason: typo}\n' >"$tmp/bad4.yaml"
    printf 'limits: {max_timeout: 100}\n' >"$tmp/bad5.yaml"
    printf 'ignore:\n  - {file: a.json, rule: timeout, pointer: 5, reason: r}\n' >"$tmp/bad6.yaml"
    printf 'ignore:\n  - {file: a.json, rule: timeout, pointer: x, reason: r}\n' >"$tmp/bad7.yaml"
    printf 'rules:\n  syntax: warning\n' >"$tmp/bad8.yaml"
    printf 'ignore:\n  - {file: a.json, rule: syntax, reason: legacy}\n' >"$tmp/bad9.yaml"
    if "$ajv" validate --spec=draft7 -s schemas/config.schema.json -d "$tmp/good.yaml" >/dev/null 2>&1; then ok; else bad "schema accepts a good config"; fi
    run_in "$w" lint --config "$tmp/good.yaml" flows/crm.json
    [ "$status" != 2 ] && ok || bad "dacc accepts the good config"
    for b in bad1 bad2 bad3 bad4 bad5 bad6 bad7 bad8 bad9; do
        if "$ajv" validate --spec=draft7 -s schemas/config.schema.json -d "$tmp/$b.yaml" >/dev/null 2>&1; then bad "schema refuses $b"; else ok; fi
        run_in "$w" lint --config "$tmp/$b.yaml" flows/crm.json
        status_is "dacc refuses $b" 2
    done
else
    bad "ajv is not installed (scripts/install-deps --test)"
fi

# === paths-harden (issue 13: item 12) ===========================================
# the upward search for .dacc.yaml stops at a repository root and at a
# directory neither the user nor root owns; a .dacc.yaml neither owns is not
# used (one warning line); --config FILE is used whoever owns it.  Ownership
# needs chown: checked only when the tests run as root.
p12=$tmp/p12
off=$'rules:\n  insecure-url: off\n  timeout: off\n'
mkdir -p "$p12/above/repo/sub" "$p12/filegit/repo/sub"
cp tests/cli/data/mixed.json "$p12/above/repo/sub/crm.json"
printf '%s' "$off" >"$p12/above/.dacc.yaml"
mkdir "$p12/above/repo/.git"
run_in "$p12/above/repo/sub" lint --format json crm.json
status_is "a .dacc.yaml above the repository root" 1
expect "a .dacc.yaml above the repository root is not used" '[.findings[].rule] == ["insecure-url", "insecure-url", "timeout"]'
[ -z "$err" ] && ok || bad "the repository root ends the search quietly"
cp tests/cli/data/mixed.json "$p12/filegit/repo/sub/crm.json"
printf '%s' "$off" >"$p12/filegit/.dacc.yaml"
echo 'gitdir: /nowhere' >"$p12/filegit/repo/.git"   # a worktree's or submodule's .git is a file
run_in "$p12/filegit/repo/sub" lint --format json crm.json
expect "a .git file ends the search too" '.summary.errors == 3'
printf '%s' "$off" >"$p12/above/repo/.dacc.yaml"
run_in "$p12/above/repo/sub" lint --format json crm.json
expect "the repository root's own .dacc.yaml is used" '.summary.errors == 0'
if [ "$(id -u)" = 0 ]; then
    # a world-writable sticky directory (as /tmp) with someone else's .dacc.yaml
    mkdir -p "$p12/sticky/proj"; chmod 1777 "$p12/sticky"; chmod 755 "$p12"
    cp tests/cli/data/mixed.json "$p12/sticky/proj/crm.json"
    printf '%s' "$off" >"$p12/sticky/.dacc.yaml"; chown nobody "$p12/sticky/.dacc.yaml"
    run_in "$p12/sticky/proj" lint --format json crm.json
    status_is "someone else's .dacc.yaml" 1
    expect "someone else's .dacc.yaml is not used" '.summary.errors == 3'
    if [ "$(printf '%s\n' "$err" | wc -l)" = 1 ] &&
        grep -Eq "^dacc: warning: $p12/sticky/\.dacc\.yaml is not used: it is owned by uid [0-9]+, neither yours nor root's" <<<"$err"; then
        ok; else bad "someone else's .dacc.yaml: one warning line"; fi
    run_in "$p12/sticky/proj" lint --format json --config ../.dacc.yaml crm.json
    expect "--config uses it whoever owns it" '.summary.errors == 0'
    [ -z "$err" ] && ok || bad "--config: no warning"
    # a directory someone else owns: the search stops there
    mkdir -p "$p12/foreign/proj"; chown nobody "$p12/foreign"
    cp tests/cli/data/mixed.json "$p12/foreign/proj/crm.json"
    printf '%s' "$off" >"$p12/foreign/.dacc.yaml"
    run_in "$p12/foreign/proj" lint --format json crm.json
    expect "a .dacc.yaml in someone else's directory is not used" '.summary.errors == 3'
    grep -q "its directory is owned by uid" <<<"$err" && ok || bad "someone else's directory: says so"
    chown root "$p12/foreign"
else
    echo "   (not root: the ownership checks of .dacc.yaml need chown and are skipped)"
fi

# flows: substitutions and reference actions (Architect flows)
pf=$tmp/pflows
mkdir -p "$pf/refs" "$pf/flows"
cp tests/rules/flow-call/good-matched/get-order.json "$pf/refs/"
jq 'del(.config.timeoutSeconds)' tests/rules/flow-call/good-matched/get-order.json >"$pf/refs/get-order.json"
sed 's/Get Order:$/"{{get_order}}":/' tests/rules/flow-call/good-matched/flow.yaml >"$pf/flows/flow.yaml"
printf 'flows:\n  substitutions:\n    get_order: Get Order\n  actions: [refs]\n' >"$pf/.dacc.yaml"
run_in "$pf" lint --format json flows
status_is "flows.actions and flows.substitutions" 0
expect "a call matched against a reference action, whose own findings are not reported" \
    '.summary.errors == 0 and ([.findings[] | select(.rule | startswith("flow-"))] | length == 0) and .summary.files == 1'
run_in "$pf" lint --format json --subst "get_order=Get Ordr" flows
expect "--subst wins over flows.substitutions" '[.findings[] | select(.rule == "flow-call" and .action == "Get Ordr")] | length == 1'
printf 'get_order: Get Orders\n' >"$pf/subst.yaml"
run_in "$pf" lint --format json --subst-file subst.yaml flows
expect "--subst-file wins over flows.substitutions" '[.findings[] | select(.rule == "flow-call" and .action == "Get Orders")] | length == 1'
run_in "$pf" lint --format json --subst-file subst.yaml --subst "get_order=Get Order" flows
expect "--subst wins over --subst-file" '.summary.errors == 0'
printf 'flows:\n  substitutions:\n    get_order: [a]\n' >"$pf/.dacc.yaml"
run_in "$pf" lint --format json flows
status_is "flows.substitutions: a list value" 2
grep -q '^dacc: .*\.dacc\.yaml:3:16: a substitution is a string' <<<"$err" && ok || bad "a list value: FILE:LINE:COL"
printf 'flows:\n  substitutions:\n    "a{b": x\n' >"$pf/.dacc.yaml"
run_in "$pf" lint --format json flows
status_is "flows.substitutions: a key with a brace" 2
grep -q '^dacc: .*\.dacc\.yaml:3:5: flows.substitutions: substitution refused' <<<"$err" && ok || bad "a bad key: FILE:LINE:COL"
printf 'flows:\n  actions: [nowhere]\n' >"$pf/.dacc.yaml"
run_in "$pf" lint --format json flows
status_is "flows.actions: a missing directory" 2
grep -q "^dacc: .*\.dacc\.yaml:2:13: flows.actions: cannot read" <<<"$err" && ok || bad "a missing directory: FILE:LINE:COL"
printf 'flows:\n  substitution: {}\n' >"$pf/.dacc.yaml"
run_in "$pf" lint --format json flows
status_is "flows: an unknown key" 2
grep -q "unknown flows setting 'substitution'; expected substitutions or actions" <<<"$err" && ok || bad "flows: unknown key named"
# --- baseline: (issue 16): a file relative to this one; a bad value is said at its place
pb=$tmp/pbaseline
mkdir -p "$pb/sub"
cp tests/cli/data/mixed.json "$pb/sub/crm.json"
run_in "$pb" lint --write-baseline sub/known.json sub
status_is "baseline: written" 0
printf 'baseline: known.json\n' >"$pb/sub/.dacc.yaml"
run_in "$pb/sub" lint --format json crm.json
status_is "baseline: in .dacc.yaml" 0
expect "baseline: its findings not reported" '.findings == [] and .summary.baseline.stale == 0 and .summary.baseline.matched > 0'
run_in "$pb" lint --format json --config sub/.dacc.yaml sub
expect "baseline: relative to the config file, from elsewhere" '.findings == [] and .summary.baseline.matched > 0'
printf 'baseline: [known.json]\n' >"$pb/sub/.dacc.yaml"
run_in "$pb/sub" lint crm.json
status_is "baseline: not a string" 2
grep -q '.dacc.yaml:1:11: .baseline. names a file' <<<"$err" && ok || bad "baseline: the bad value at FILE:LINE:COL"
printf 'baselines: known.json\n' >"$pb/sub/.dacc.yaml"
run_in "$pb/sub" lint crm.json
grep -q "unknown setting 'baselines'; expected rules, limits, scopes, exclude, ignore, build, flows or baseline" <<<"$err" && ok ||
    bad "baseline: an unknown setting names it among the known"

[ "$fail" = 0 ] && echo "config: $count checks passed"
exit "$fail"
