#!/usr/bin/env bash
# dacc pull against the Genesys Cloud stand-in (tests/pull/org-lab.mjs, which
# tests/pull/sdk-test.sh proves with the official SDK) serving the public
# corpus as an org, over TLS with a private CA on 127.0.0.1 under the host
# names login.dacc-lab.localhost and api.dacc-lab.localhost.  Checks: the
# written files equal the corpus exports they came from, a second pull
# changes no byte, --check is clean on a fresh pull and says exactly the
# changed pointers after an edit on either side, filters, drafts, YAML, every
# fault a clear one-line message and exit 2, and every output (and every
# written file) searched for the client secret and for every token issued.
#   tests/pull/run.sh DACC
set -uo pipefail
cd "$(dirname "$0")/../.." || exit 1
dacc=${1:?usage: tests/pull/run.sh DACC}
[[ "$dacc" == /* ]] || dacc="$PWD/$dacc"
. tests/pull/lab.sh
org_lab_open pull oidc-provider
org_lab_start LAB_SLOW_MS=2500 LAB_RETRY_AFTER=1 LAB_MAX_SECONDS=600
ca=$tmp/certs/ca.pem
lab=https://127.0.0.1:$port
api=https://api.dacc-lab.localhost:$port
login=https://login.dacc-lab.localhost:$port
unset DACC_SECRET_CLIENTID DACC_SECRET_CLIENTSECRET NO_COLOR
export DACC_SECRET_CLIENTID=lab-client DACC_SECRET_CLIENTSECRET=$secret

fail=0 count=0
ok() { count=$((count + 1)); }
bad() { count=$((count + 1)); fail=1; echo "FAIL $1"; }
outputs=()   # every file an output went to, for the final leak search
# run NAME ARGS...: dacc pull with the lab's hosts; $out, $err, $status
n=0
run() {
    local name=$1; shift
    n=$((n + 1))
    out=$tmp/out.$n err=$tmp/err.$n
    (cd "$tmp" && "$dacc" pull --region dacc-lab.localhost --api-base "$api" --login-base "$login" --cacert "$ca" \
        "$@" >"$out" 2>"$err")
    status=$?
    outputs+=("$out" "$err")
    [ "$status" -le 2 ] || bad "$name: exit status $status (a crash?)"
}
expect() { # NAME STATUS: the last run exited STATUS
    [ "$status" = "$2" ] && ok || { bad "$1: exit status $status, expected $2"; sed 's/^/  /' "$err" | head -5; }
}
one_line() { # NAME PATTERN: the last run failed with exactly one line on stderr, matching PATTERN, nothing on stdout
    expect "$1" 2
    [ "$(wc -l <"$err")" = 1 ] && ok || { bad "$1: $(wc -l <"$err") lines on stderr, expected 1"; head -5 "$err"; }
    grep -qE -- "$2" "$err" && ok || { bad "$1: stderr does not match '$2'"; head -3 "$err"; }
    [ ! -s "$out" ] && ok || bad "$1: something on stdout"
}
edit() { curl -sf --cacert "$ca" -X POST -H 'content-type: application/json' -d "$1" "$lab/lab/edit" >/dev/null; }
reset() { curl -sf --cacert "$ca" -X POST "$lab/lab/reset" >/dev/null; }
curl -sf --cacert "$ca" "$lab/lab/manifest" >"$tmp/manifest.json" || { echo "pull: no lab manifest"; exit 1; }
norm='del(.id, .selfUri, .version, .integrationId, .category) | .secure = (.secure // false)'

# --- a first pull: every action, as the admin UI exports it, then lint ---
run "pull" -o dir
expect "pull (the corpus has findings)" 1
grep -qE '^dacc: [0-9]+ actions from the org: [0-9]+ written, 0 unchanged in dir$' "$err" && ok ||
    { bad "pull: no summary line"; cat "$err"; }
published=$(jq '[.actions[] | select(.published)] | length' "$tmp/manifest.json")
[ "$(ls "$tmp/dir" | wc -l)" = "$published" ] && ok || bad "pull: $(ls "$tmp/dir" | wc -l) files, expected $published"
# the report is lint's over the files written, byte for byte
(cd "$tmp" && "$dacc" lint dir >"$tmp/lint.txt" 2>/dev/null)
cmp -s "$out" "$tmp/lint.txt" && ok || bad "pull: the report is not dacc lint's over DIR"
run "pull json" -o dir --format json -q
expect "pull json" 1
(cd "$tmp" && "$dacc" lint --format json dir >"$tmp/lint.json" 2>/dev/null)
cmp -s "$out" "$tmp/lint.json" && ok || bad "pull --format json: not dacc lint's json"
[ ! -s "$err" ] && ok || bad "pull -q: something on stderr"
# each file equals the export it came from, less server-owned members (same members, same values; an
# export without "secure" has the API's false), with the integrationType of its integration, the
# actionType of its id and the file name build gives it
node - "$tmp/manifest.json" "$tmp/dir" "$corpus" >"$tmp/compare.out" <<'JS'
const fs = require('fs');
const [manifest, dir, corpus] = process.argv.slice(2);
const m = JSON.parse(fs.readFileSync(manifest, 'utf8'));
const byName = new Map();
for (const f of fs.readdirSync(dir)) byName.set(JSON.parse(fs.readFileSync(`${dir}/${f}`, 'utf8')).name, f);
const sorted = (v) => Array.isArray(v) ? v.map(sorted) : v && typeof v === 'object'
    ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, sorted(v[k])])) : v;
const norm = (o) => {
    const c = { ...o };
    for (const k of ['id', 'selfUri', 'version', 'integrationId', 'category']) delete c[k];
    if (c.secure === undefined) c.secure = false;
    return JSON.stringify(sorted(c));
};
let same = 0, byte = 0;
for (const a of m.actions.filter((x) => x.published && x.source)) {
    const f = byName.get(a.name);
    if (!f) { console.log(`FAIL no file for '${a.name}' (${a.id})`); continue; }
    const text = fs.readFileSync(`${dir}/${f}`, 'utf8'), src = fs.readFileSync(`${corpus}/${a.source}`, 'utf8');
    const got = JSON.parse(text);
    if (text === src) byte++;
    if (norm(got) === norm(JSON.parse(src))) same++;
    else console.log(`FAIL ${f} differs from ${a.source}`);
    if (got.integrationType !== a.integrationType || got.actionType !== a.actionType)
        console.log(`FAIL ${f}: ${got.integrationType}/${got.actionType}, not ${a.integrationType}/${a.actionType}`);
    if (!f.endsWith(a.actionType === 'customAuth' ? '.customAuth.json' : '.custom.json'))
        console.log(`FAIL ${f}: not the file name build gives a ${a.actionType} action`);
    if (Object.keys(got)[0] !== 'name') console.log(`FAIL ${f}: name is not first`);
}
console.log(`same ${same} byte ${byte}`);
JS
grep '^FAIL' "$tmp/compare.out" | sed 's/^FAIL /FAIL pull: /'
grep -q '^FAIL' "$tmp/compare.out" && fail=1 || ok
read -r _ same _ byte < <(grep '^same ' "$tmp/compare.out")
[ "${same:-0}" = "$(jq '[.actions[] | select(.published and .source)] | length' "$tmp/manifest.json")" ] && ok ||
    bad "pull: only ${same:-0} files equal their exports"
[ "${byte:-0}" -gt 20 ] && ok || bad "pull: only ${byte:-0} files are byte for byte their exports"
echo "pull: ${same:-0} of $published actions equal their exports (${byte:-0} byte for byte)"
# a custom-authentication action is included, drafts and server-owned members are not
ls "$tmp/dir"/*.customAuth.json >/dev/null 2>&1 && ok || bad "pull: no custom-authentication action"
jq 'has("id") or has("selfUri") or has("version") or has("integrationId") or has("category")' "$tmp"/dir/* \
    | grep -q true && bad "pull: a server-owned member was written" || ok
grep -q '(draft)' <(jq -r .name "$tmp"/dir/*) && bad "pull: a draft was written without --drafts" || ok
# every request asked for the largest page, and integration credentials were never asked for
grep -E ' /api/v2/integrations(/actions)?\?' "$tmp/log/requests.log" | grep -vq 'pageSize=100' &&
    bad "pull: a listing without pageSize=100" || ok
grep -qE 'credentials|/config/current' "$tmp/log/requests.log" && bad "pull: integration credentials fetched" || ok
grep -q '^POST login /oauth/token 200 basic$' "$tmp/log/requests.log" && ok || bad "pull: no Basic login"

# --- a second pull changes no byte (and rewrites nothing) ---
(cd "$tmp/dir" && sha256sum ./* && stat -c '%n %Y %i' ./*) >"$tmp/before"
sleep 1
run "second pull" -o dir
expect "second pull" 1
(cd "$tmp/dir" && sha256sum ./* && stat -c '%n %Y %i' ./*) >"$tmp/after"
cmp -s "$tmp/before" "$tmp/after" && ok || bad "second pull: files changed"
grep -q " 0 written, $published unchanged" "$err" && ok || bad "second pull: not all unchanged"

# --- --check ---
run "check fresh" -o dir --check
expect "check fresh" 0
grep -q "^the org's $published actions and dir agree$" "$out" && ok || { bad "check fresh: not agreed"; cat "$out"; }
run "check fresh json" -o dir --check --format json
expect "check fresh json" 0
jq -e '.differences == [] and .summary.same == .summary.org and .tool.name == "dacc"' "$out" >/dev/null && ok ||
    bad "check fresh json"
# an edit in the org: exactly its pointer
id=$(jq -r '[.actions[] | select(.published and .actionType == "custom")][0].id' "$tmp/manifest.json")
name=$(jq -r --arg id "$id" '.actions[] | select(.id == $id) | .name' "$tmp/manifest.json")
edit "{\"op\":\"replace\",\"id\":\"$id\",\"path\":\"/config/request/requestType\",\"value\":\"PUT\"}" ||
    bad "lab edit refused"
edit "{\"op\":\"remove\",\"id\":\"$id\",\"path\":\"/contract/output\"}" || bad "lab edit refused"
run "check org edit" -o dir --check --format json
expect "check org edit" 1
jq -e --arg n "$name" '[.differences[] | [.kind, .action, .pointer]] ==
    [["changed", $n, "/config/request/requestType"], ["changed", $n, "/contract/output"]]' "$out" >/dev/null && ok ||
    { bad "check org edit: not exactly the two pointers"; jq -c '.differences' "$out"; }
run "check org edit text" -o dir --check
expect "check org edit text" 1
[ "$(grep -c "differs from the org at" "$out")" = 2 ] && ok || bad "check org edit text: two lines expected"
reset
# an edit in the repository: exactly its pointer
f=$(ls "$tmp"/dir/*.custom.json | head -1)
cp "$f" "$tmp/saved.json"
jq '.contract.input.inputSchema.title = "edited" | .config.request.headers["X-New"] = "1"' "$tmp/saved.json" >"$f"
run "check repo edit" -o dir --check --format json
expect "check repo edit" 1
jq -e '[.differences[] | .pointer] == ["/config/request/headers/X-New", "/contract/input/inputSchema/title"]
       or [.differences[] | .pointer] == ["/contract/input/inputSchema/title", "/config/request/headers/X-New"]' \
    "$out" >/dev/null && ok || { bad "check repo edit: not exactly the two pointers"; jq -c '.differences' "$out"; }
jq -e '.summary.changed == 1 and .summary.onlyInOrg == 0 and .summary.onlyInRepository == 0' "$out" >/dev/null &&
    ok || bad "check repo edit: summary"
# a member name that is a credential (a token pasted as a header's name) is never shown: the pointer
# stops at its parent, as lint's do
canary="ghp_$(openssl rand -hex 18)"
jq --arg k "$canary" '.config.request.headers[$k] = "1"' "$tmp/saved.json" >"$f"
run "check hidden name" -o dir --check --format json
expect "check hidden name" 1
jq -e '[.differences[] | .pointer] == ["/config/request/headers"]' "$out" >/dev/null && ok ||
    { bad "check hidden name: the pointer does not stop at the headers"; jq -c '.differences' "$out"; }
run "check hidden name text" -o dir --check
expect "check hidden name text" 1
grep -q "differs from the org at /config/request/headers$" "$out" && ok || bad "check hidden name text: no line"
grep -qF -- "${canary:4:12}" "$tmp"/out.* "$tmp"/err.* && bad "check hidden name: the name was shown" || ok
cp "$tmp/saved.json" "$f"
# an action added in the org, one deleted, a file removed from the repository
integ=$(jq -r '[.integrations[] | select(.integrationType == "custom-rest-actions")][0].id' "$tmp/manifest.json")
edit "{\"op\":\"add\",\"integrationId\":\"$integ\",\"action\":{\"name\":\"Pull Test Added\",\"config\":{\"request\":
      {\"requestUrlTemplate\":\"https://example.com/x\",\"requestType\":\"GET\",\"headers\":{}},\"response\":
      {\"translationMap\":{},\"successTemplate\":\"\${rawResult}\"}},\"contract\":{\"input\":{\"inputSchema\":
      {\"type\":\"object\"}},\"output\":{\"successSchema\":{\"type\":\"object\"}}},\"secure\":false}}" ||
    bad "lab add refused"
edit "{\"op\":\"delete\",\"id\":\"$id\"}" || bad "lab delete refused"
gone=$(ls "$tmp"/dir/*.custom.json | tail -1)
mv "$gone" "$tmp/gone.json"
run "check add delete" -o dir --check --format json
expect "check add delete" 1
jq -e '.summary.onlyInOrg == 2 and .summary.onlyInRepository == 1 and .summary.changed == 0' "$out" >/dev/null &&
    ok || { bad "check add delete: summary"; jq -c .summary "$out"; }
jq -e '[.differences[] | select(.kind == "only-in-org") | .file] | any(endswith("/pull-test-added.custom.json"))' \
    "$out" >/dev/null && ok || bad "check add delete: the added action is not named with its file"
mv "$tmp/gone.json" "$gone"
reset
# a file no action of the org is written to is named, not deleted
cp "$gone" "$tmp/dir/stale-one.custom.json"
run "stale file" -o dir
expect "stale file" 1
grep -q "^dacc: note: dir/stale-one.custom.json is no action of the org" "$err" && ok || bad "stale file not named"
[ -f "$tmp/dir/stale-one.custom.json" ] && ok || bad "stale file deleted"
rm "$tmp/dir/stale-one.custom.json"
# two actions of the org that build to one file name: nothing is written
edit "{\"op\":\"add\",\"integrationId\":\"$integ\",\"action\":{\"name\":\"$name!\",\"config\":{\"request\":
      {\"requestUrlTemplate\":\"https://example.com/x\",\"requestType\":\"GET\",\"headers\":{}}},\"contract\":{},
      \"secure\":false}}" || bad "lab add refused"
run "name clash" -o clash
one_line "two org actions, one file name" "both give the file name .*; nothing was written"
[ ! -e "$tmp/clash" ] && ok || bad "name clash: DIR written"
reset

# --- filters, drafts, YAML ---
run "integration filter" -o by-integration --integration "Zendesk Data Actions" --integration "Office 365" -q
[ "$(ls "$tmp/by-integration" | wc -l)" = "$(jq '[.actions[] | select(.published and (.category == "Zendesk Data Actions"
    or .category == "Office 365"))] | length' "$tmp/manifest.json")" ] && ok || bad "--integration: wrong count"
run "integration typo" -o f --integration "Zendesk Data Action"
one_line "--integration naming no integration" "--integration 'Zendesk Data Action': the org has no integration"
run "category filter" -o by-category --category "Salesforce Data Actions" -q
[ "$(ls "$tmp/by-category" | wc -l)" = "$(jq '[.actions[] | select(.published and .category == "Salesforce Data Actions")]
    | length' "$tmp/manifest.json")" ] && ok || bad "--category: wrong count"
run "check filtered" -o by-category --category "Salesforce Data Actions" --check
expect "check filtered" 0
run "drafts" -o drafts --drafts -q
drafts=$(jq '[.drafts[] | select(.published | not)] | length' "$tmp/manifest.json")
[ "$(ls "$tmp/drafts" | wc -l)" = "$((published + drafts))" ] && ok || bad "--drafts: wrong count"
draft_id=$(jq -r '[.drafts[] | select(.published)][0].id' "$tmp/manifest.json")
draft_name=$(jq -r '[.drafts[] | select(.published)][0].name' "$tmp/manifest.json")
df=""
for g in "$tmp"/drafts/*; do [ "$(jq -r .name "$g")" = "$draft_name" ] && df=$g; done
curl -sf --cacert "$ca" -H "Authorization: Bearer $(curl -sf --cacert "$ca" -u "lab-client:$secret" \
    -d grant_type=client_credentials "$lab/oauth/token" | jq -r .access_token)" \
    "$lab/api/v2/integrations/actions/$draft_id/draft?includeConfig=true" >"$tmp/draft.json"
[ -n "$df" ] && [ "$(jq -r .config.request.requestUrlTemplate "$df")" = \
    "$(jq -r .config.request.requestUrlTemplate "$tmp/draft.json")" ] && ok || bad "--drafts: the draft does not stand for its action"
run "yaml" -o yaml --yaml -q
[ "$(ls "$tmp/yaml"/*.yaml | wc -l)" = "$published" ] && ok || bad "--yaml: wrong count"
run "yaml check" -o yaml --check
expect "yaml check (YAML reads back as the org's actions)" 0
run "yaml check json dir" -o dir --yaml --check
expect "--check matches actions, not file names" 0
node -e 'const y=require("js-yaml"),fs=require("fs");for(const f of fs.readdirSync(process.argv[1]))
    y.load(fs.readFileSync(process.argv[1]+"/"+f,"utf8"),{schema:y.CORE_SCHEMA})' "$tmp/yaml" && ok ||
    bad "--yaml: a file js-yaml cannot read"

# --- faults: one line, exit 2 ---
run "429 then served" -o f429 --category "Zendesk Data Actions" --api-base "$api/fault/429" -q
expect "429 then served (Retry-After honoured; lint finds the missing timeout)" 1
[ "$(ls "$tmp/f429" | wc -l)" = 1 ] && ok || bad "429 then served: no file written"
[ "$(grep -c ' 429$' "$tmp/log/requests.log")" -ge 3 ] && ok || bad "429: the lab did not refuse"
run "429 always" -o f --api-base "$api/fault/429always" --max-time 30
one_line "429 always" 'HTTP 429: still rate limited after 5 retries'
run "429 max-time" -o f --api-base "$api/fault/429always" --max-time 2
one_line "429 past --max-time" 'HTTP 429: rate limited, and waiting .* would pass --max-time'
run "slow" -o f --api-base "$api/fault/slow" --max-timeout-ms 1000
one_line "slow page" 'no complete answer within 1000 ms'
tokens_before=$(grep -c 'oauth/token 200' "$tmp/log/requests.log")
run "expired token" -o fexpire --api-base "$api/fault/expire" -q
expect "expired token mid-listing: a new one" 1
[ "$(grep -c 'oauth/token 200' "$tmp/log/requests.log")" -ge $((tokens_before + 2)) ] && ok ||
    bad "expired token: no new token"
run "500" -o f --api-base "$api/fault/500"
one_line "500" 'HTTP 500: the server failed'
DACC_SECRET_CLIENTSECRET=wrong-$secret run "wrong secret" -o f
one_line "wrong secret" 'cannot get a token from .*invalid_client'
DACC_SECRET_CLIENTID=lab-noperm run "no permission" -o f
one_line "no permission" 'HTTP 403: the OAuth client lacks a permission'
requests=$(wc -l <"$tmp/log/requests.log")
DACC_SECRET_CLIENTSECRET= run "no secret" -o f
expect "no secret" 2
grep -q "secret 'clientSecret' has no value: set DACC_SECRET_CLIENTSECRET" "$err" && ok || bad "no secret: message"
[ "$(wc -l <"$tmp/log/requests.log")" = "$requests" ] && ok || bad "no secret: a request was made"
out=$tmp/o err=$tmp/e
outputs+=("$tmp/o2" "$tmp/e2")
(cd "$tmp" && "$dacc" pull --region dacc-lab.localhost --api-base "$api" --login-base "$login" -o f >"$out" 2>"$err")
status=$?
cp "$out" "$tmp/o2"; cp "$err" "$tmp/e2"
one_line "no --cacert" "certificate failed verification.*--cacert"
out=$tmp/o err=$tmp/e
(cd "$tmp" && "$dacc" pull --region example.com -o f >"$out" 2>"$err")
status=$?
one_line "unknown region" "--region example.com: not a Genesys Cloud region; use one of mypurecloud.com"
run "api not there" -o f --api-base "$api/nothing"
one_line "wrong API base" 'HTTP 404'
out=$tmp/o err=$tmp/e
(cd "$tmp" && "$dacc" pull --region mypurecloud.com --api-base "http://api.example.com" -o f >"$out" 2>"$err")
status=$?
one_line "http API base" 'an https:// URL without user'
run "userinfo" -o f --api-base "https://lab-client:$secret@api.dacc-lab.localhost:$port"
one_line "a password in --api-base (never repeated)" '^dacc: --api-base: an https:// URL without user'
run "check no dir" -o no-such-dir --check
one_line "check without DIR" 'no such directory'
[ ! -e "$tmp/f" ] && ok || bad "a failed pull wrote DIR"
"$dacc" pull --region mypurecloud.com -o x --check --format sarif >/dev/null 2>"$tmp/e"
[ $? = 2 ] && grep -q 'text or json only' "$tmp/e" && ok || bad "--check --format sarif accepted"
"$dacc" pull --region mypurecloud.com >/dev/null 2>"$tmp/e"
[ $? = 2 ] && grep -q 'pull needs a directory' "$tmp/e" && ok || bad "pull without -o accepted"
"$dacc" lint --region mypurecloud.com . >/dev/null 2>"$tmp/e"
[ $? = 2 ] && grep -q 'options of pull only' "$tmp/e" && ok || bad "lint --region accepted"

# --- secrets file, --verbose, progress on a terminal only ---
printf 'clientId: lab-client\nclientSecret: "%s"\n' "$secret" >"$tmp/secrets.yaml"
chmod 600 "$tmp/secrets.yaml"
DACC_SECRET_CLIENTID= DACC_SECRET_CLIENTSECRET= run "secrets file" -o sf --secrets-file "$tmp/secrets.yaml" -q \
    --category "Zendesk Data Actions"
expect "--secrets-file (lint finds the missing timeout)" 1
[ "$(ls "$tmp/sf" | wc -l)" = 1 ] && ok || bad "--secrets-file: no file written"
run "verbose" -o by-category --verbose --category "Salesforce Data Actions" --check
expect "verbose" 0
grep -q '^dacc pull: > GET https://api.dacc-lab.localhost' "$err" && ok || bad "--verbose: no request shown"
grep -qi 'bearer' "$err" && bad "--verbose: the Bearer header is shown" || ok
grep -q 'Authorization: Basic \[base64: \[secret clientId\]:\[secret clientSecret\]\]' "$err" && ok ||
    bad "--verbose: the login request is not shown masked"
grep -q 'reading actions: page' "$err" && bad "progress line without a terminal" || ok
if command -v script >/dev/null 2>&1; then
    (cd "$tmp" && script -qec "$(printf '%q ' "$dacc" pull --region dacc-lab.localhost --api-base "$api" \
        --login-base "$login" --cacert "$ca" -o dir --check)" /dev/null >"$tmp/tty.out" 2>&1)
    outputs+=("$tmp/tty.out")
    grep -q 'dacc pull: reading actions: page 1 of 2' "$tmp/tty.out" && ok || bad "no progress line on a terminal"
fi

# --- nothing leaks: outputs, written files, the lab's own logs of what was sent ---
leaked=
files=("${outputs[@]}" "$tmp"/dir/* "$tmp"/yaml/* "$tmp"/drafts/*)
grep -qF -- "$secret" "${files[@]}" && leaked="the client secret"
grep -qF -- "${secret:0:12}" "${files[@]}" && leaked="the first 12 characters of the client secret"
grep -qF -- "$(printf 'lab-client:%s' "$secret" | base64 -w0)" "${files[@]}" && leaked="the Basic credentials"
while read -r tok; do
    [ -n "$tok" ] && grep -qF -- "${tok:0:12}" "${files[@]}" && leaked="a token"
done <"$tmp/log/tokens.log"
[ -z "$leaked" ] && ok || bad "$leaked appears in an output or a written file"
[ "$(wc -l <"$tmp/log/tokens.log")" -gt 10 ] && ok || bad "too few tokens issued to search for"

if [ "$fail" = 0 ]; then
    echo "pull: $count checks against the stand-in ($(wc -l <"$tmp/log/tokens.log") tokens issued)"
    exit 0
fi
echo "pull: FAILED ($count checks)"
exit 1
