#!/usr/bin/env bash
# The Genesys Cloud stand-in (tests/pull/org-lab.mjs) against Genesys's own
# JavaScript SDK (purecloud-platform-client-v2, from npm ci): tests/pull/sdk.mjs
# logs in and lists the org through the SDK's IntegrationsApi, and must find
# exactly the corpus exports the lab serves.  Then the lab's own rules (fault
# routes, edits) are checked with curl, and every output is searched for the
# client secret and for every token the lab issued.
#   tests/pull/sdk-test.sh
set -uo pipefail
cd "$(dirname "$0")/../.." || exit 1
here=tests/pull
. tests/pull/lab.sh
org_lab_open pull-lab oidc-provider purecloud-platform-client-v2
org_lab_start LAB_SLOW_MS=1500 LAB_MAX_SECONDS=300

fail=0 count=0
ok() { count=$((count + 1)); }
bad() { count=$((count + 1)); fail=1; echo "FAIL $1"; }
no_leak() { # NAME FILE...: neither the secret nor any issued token (nor its first 12 characters)
    local name=$1; shift
    local leaked=
    grep -qF -- "$secret" "$@" && leaked="the client secret"
    grep -qF -- "${secret:0:12}" "$@" && leaked="the first 12 characters of the client secret"
    grep -qF -- "$(printf 'lab-client:%s' "$secret" | base64 -w0)" "$@" && leaked="the Basic credentials"
    while read -r tok; do
        [ -n "$tok" ] && grep -qF -- "${tok:0:12}" "$@" && leaked="a token"
    done <"$tmp/log/tokens.log"
    if [ -n "$leaked" ]; then bad "$name: $leaked appears in the output"; else ok; fi
}

# --- the official SDK against the lab ---
# no proxy from outside: the SDK (axios) would send the lab's traffic to it
env -u https_proxy -u HTTPS_PROXY -u http_proxy -u HTTP_PROXY -u all_proxy -u ALL_PROXY NO_PROXY='*' \
    NODE_EXTRA_CA_CERTS="$tmp/certs/ca.pem" LAB_CLIENT_SECRET="$secret" \
    timeout 120 node "$here/sdk.mjs" "$port" "$corpus" >"$tmp/sdk.out" 2>"$tmp/sdk.err"
status=$?
while read -r line; do
    case $line in
        ok\ *) ok ;;
        FAIL\ *) bad "sdk: ${line#FAIL }" ;;
        \#*) echo "pull-lab: sdk: ${line#\# }" ;;
    esac
done <"$tmp/sdk.out"
[ "$status" = 0 ] && ok || { bad "sdk: exit status $status"; cat "$tmp/sdk.err"; }
n=$(grep -c '^ok ' "$tmp/sdk.out")
[ "$n" -ge 20 ] && ok || bad "sdk: only $n checks passed (expected at least 20)"
# the SDK went through the host names (our dns.lookup), logged in with Basic, and
# fetched every action by id
grep -q '^POST login /oauth/token 200 basic$' "$tmp/log/requests.log" && ok ||
    bad "sdk: no Basic login on the login host"
page2='/api/v2/integrations/actions?pageSize=100&pageNumber=2&includeAuthActions=true&includeConfig=true'
grep -qxF "GET api $page2 200" "$tmp/log/requests.log" && ok || bad "sdk: no second page of 100 on the api host"
[ -s "$tmp/sdk.err" ] && { bad "sdk: wrote to standard error"; sed 's/^/  /' "$tmp/sdk.err" | head -5; } || ok
no_leak "sdk" "$tmp/sdk.out" "$tmp/sdk.err"

# --- the lab's rules, with curl ---
C=(curl -sS --cacert "$tmp/certs/ca.pem" --tlsv1.2 --resolve "login.dacc-lab.localhost:$port:127.0.0.1"
    --resolve "api.dacc-lab.localhost:$port:127.0.0.1" --noproxy '*' -o "$tmp/body" -D "$tmp/head" -w '%{http_code}')
login=https://login.dacc-lab.localhost:$port
api=https://api.dacc-lab.localhost:$port
lab=https://127.0.0.1:$port
token() { # [PREFIX]: a fresh token, through the Basic form of client authentication
    "${C[@]}" -u "lab-client:$secret" -d grant_type=client_credentials "$login${1:-}/oauth/token" >/dev/null
    jq -r .access_token "$tmp/body"
}
get() { # NAME WANT URL [TOKEN]: GET, expect status WANT
    local got
    got=$("${C[@]}" ${4:+-H "Authorization: Bearer $4"} "$3")
    { echo "== $1"; cat "$tmp/head" "$tmp/body"; echo; } >>"$tmp/curl.out"
    if [ "$got" = "$2" ]; then ok; else bad "$1: HTTP $got, expected $2"; fi
}
has() { # NAME JQ: the last body passes JQ
    if [ "$(jq -r "$2" "$tmp/body" 2>/dev/null)" = true ]; then ok; else bad "$1: body fails $2"; fi
}

got=$("${C[@]}" -d grant_type=client_credentials -d client_id=lab-client -d "client_secret=$secret" \
    "$login/oauth/token")
[ "$got" = 200 ] && ok || bad "token, form client authentication: HTTP $got"
got=$("${C[@]}" -u "lab-client:$secret-x" -d grant_type=client_credentials "$login/oauth/token")
[ "$got" = 401 ] && ok || bad "token, wrong secret: HTTP $got, expected 401"
got=$("${C[@]}" -u "lab-client:$secret" -H 'Content-Type: application/json' -d '{"grant_type":"client_credentials"}' \
    "$login/oauth/token")
[ "$got" = 400 ] && ok || bad "token, JSON body: HTTP $got, expected 400"
got=$("${C[@]}" -u "lab-client:$secret" -d grant_type=password -d username=u -d password=p "$login/oauth/token")
[ "$got" = 400 ] || [ "$got" = 401 ] && ok || bad "token, password grant: HTTP $got, expected 400"
got=$("${C[@]}" -u "lab-client:$secret" -d grant_type=client_credentials "$api/oauth/token")
[ "$got" = 404 ] && ok || bad "token on the api host: HTTP $got, expected 404"
t=$(token)
get "list on the login host" 404 "$login/api/v2/integrations/actions" "$t"
get "list without a token" 401 "$api/api/v2/integrations/actions"
has "401 body" '.code == "authentication.required" and .status == 401'
get "list with a made-up token" 401 "$api/api/v2/integrations/actions" "not-a-token"
get "page size 100" 200 "$api/api/v2/integrations/actions?pageSize=100" "$t"
has "page of 100" '(.entities | length) == 100 and .pageCount == 2 and (.nextUri | test("pageNumber=2"))'
get "page size 101" 400 "$api/api/v2/integrations/actions?pageSize=101" "$t"
has "400 body" '.code == "bad.request" and .status == 400'
get "page size 0" 400 "$api/api/v2/integrations/actions?pageSize=0" "$t"
get "page number 0" 400 "$api/api/v2/integrations/actions?pageNumber=0" "$t"
get "past the last page" 200 "$api/api/v2/integrations/actions?pageSize=100&pageNumber=9" "$t"
has "past the last page is empty" '(.entities | length) == 0 and .total > 100'
get "category filter" 200 "$api/api/v2/integrations/actions?pageSize=100&category=Zendesk%20Data%20Actions" "$t"
has "category filter applied" '(.entities | length) >= 1 and all(.entities[]; .category == "Zendesk Data Actions")'
get "no permission" 403 "$api/api/v2/integrations/actions" "$(
    "${C[@]}" -u "lab-noperm:$secret" -d grant_type=client_credentials "$login/oauth/token" >/dev/null
    jq -r .access_token "$tmp/body")"
has "403 body" '.code == "missing.permissions"'

# faults
get "429: first try" 429 "$api/fault/429/api/v2/integrations/actions?pageSize=100" "$t"
grep -qi '^retry-after: 1' "$tmp/head" && ok || bad "429: no Retry-After: 1"
get "429: second try" 200 "$api/fault/429/api/v2/integrations/actions?pageSize=100" "$t"
get "429always" 429 "$api/fault/429always/api/v2/integrations/actions?pageSize=100" "$t"
get "429always again" 429 "$api/fault/429always/api/v2/integrations/actions?pageSize=100" "$t"
start=$(date +%s%N)
get "slow: page 2" 200 "$api/fault/slow/api/v2/integrations/actions?pageSize=100&pageNumber=2" "$t"
ms=$(( ($(date +%s%N) - start) / 1000000 ))
[ "$ms" -ge 1400 ] && ok || bad "slow: page 2 took $ms ms, expected 1500"
get "500: page 1" 200 "$api/fault/500/api/v2/integrations/actions?pageSize=100" "$t"
get "500: page 2" 500 "$api/fault/500/api/v2/integrations/actions?pageSize=100&pageNumber=2" "$t"
has "500 body" '.code == "internal.server.error" and .status == 500'
e=$(token /fault/expire)
get "expire: page 1" 200 "$api/fault/expire/api/v2/integrations/actions?pageSize=100" "$e"
get "expire: page 2, same token" 401 "$api/fault/expire/api/v2/integrations/actions?pageSize=100&pageNumber=2" "$e"
get "expire: the token is dead everywhere" 401 "$api/api/v2/integrations" "$e"
e2=$(token /fault/expire)
get "expire: page 2, new token" 200 "$api/fault/expire/api/v2/integrations/actions?pageSize=100&pageNumber=2" "$e2"

# edits on the org side
get "manifest" 200 "$lab/lab/manifest"
id=$(jq -r '[.actions[] | select(.actionType == "custom")][0].id' "$tmp/body")
[ -n "$id" ] && [ "$id" != null ] && ok || bad "manifest: no custom action"
edit() { "${C[@]}" -X POST -d "$(jq -cn --arg id "$id" --arg path "$1" --arg value "$2" \
    '{op: "replace", id: $id, path: $path, value: $value}')" "$lab/lab/edit"; }
got=$(edit /config/request/requestType PATCH)
[ "$got" = 200 ] && ok || bad "edit: HTTP $got"
get "edited action" 200 "$api/api/v2/integrations/actions/$id?includeConfig=true" "$t"
has "edit shows" '.config.request.requestType == "PATCH" and .version == 2'
got=$("${C[@]}" -X POST -d "{\"op\":\"delete\",\"id\":\"$id\"}" "$lab/lab/edit")
get "deleted action" 404 "$api/api/v2/integrations/actions/$id" "$t"
got=$("${C[@]}" -X POST "$lab/lab/reset")
get "reset" 200 "$api/api/v2/integrations/actions/$id?includeConfig=true" "$t"
has "reset shows" '.version == 1 and .config.request.requestType != "PATCH"'
got=$("${C[@]}" -X POST -d "$(jq -cn --arg id "$id" '{op: "remove", id: $id, path: "/config/request/headers"}')" \
    "$lab/lab/edit")
get "member removed" 200 "$api/api/v2/integrations/actions/$id?includeConfig=true" "$t"
has "removal shows" '(.config.request | has("headers") | not) and .version == 2'
get "an integration" 200 "$api/api/v2/integrations?pageSize=1&integrationType=zendesk-data-actions" "$t"
integ=$(jq -r '.entities[0].id' "$tmp/body")
got=$("${C[@]}" -X POST -d "$(jq -cn --arg i "$integ" '{op: "add", integrationId: $i, action: {name: "Lab Added",
    config: {request: {requestUrlTemplate: "https://example.com/x", requestType: "GET", headers: {},
    requestTemplate: "${input.rawRequest}"}, response: {translationMap: {}, successTemplate: "${rawResult}"}},
    contract: {input: {inputSchema: {type: "object"}}, output: {successSchema: {type: "object"}}}}}')" "$lab/lab/edit")
[ "$got" = 200 ] && ok || bad "edit, add: HTTP $got"
get "added action listed" 200 "$api/api/v2/integrations/actions?pageSize=100&name=lab%20added" "$t"
has "added action" '.total == 1 and .entities[0].category == "Zendesk Data Actions"
    and (.entities[0].id | startswith("custom_-_"))'
"${C[@]}" -X POST "$lab/lab/reset" >/dev/null
get "after reset, gone" 200 "$api/api/v2/integrations/actions?pageSize=100&name=lab%20added" "$t"
has "after reset, gone" '.total == 0'
get "too many ids" 400 "$api/api/v2/integrations/actions?ids=$(seq -s, 1 51)" "$t"
get "drafts" 200 "$api/api/v2/integrations/actions/drafts?pageSize=100" "$t"
has "drafts only under /drafts" '.total == 2'

# the proof can fail: one contract changed on the org side, and the SDK run says so
got=$(edit /contract/input/inputSchema/title changed)
[ "$got" = 200 ] && ok || bad "edit of a contract: HTTP $got"
env -u https_proxy -u HTTPS_PROXY -u http_proxy -u HTTP_PROXY -u all_proxy -u ALL_PROXY NO_PROXY='*' \
    NODE_EXTRA_CA_CERTS="$tmp/certs/ca.pem" LAB_CLIENT_SECRET="$secret" \
    timeout 120 node "$here/sdk.mjs" "$port" "$corpus" >"$tmp/sdk2.out" 2>"$tmp/sdk2.err"
status=$?
[ "$status" = 1 ] && ok || bad "sdk after an edit: exit status $status, expected 1"
grep -q '^FAIL every listed action is a corpus export' "$tmp/sdk2.out" && ok ||
    bad "sdk after an edit: the changed contract went unnoticed"
no_leak "sdk after an edit" "$tmp/sdk2.out" "$tmp/sdk2.err"
"${C[@]}" -X POST "$lab/lab/reset" >/dev/null

no_leak "curl" "$tmp/curl.out" "$tmp/lab.log" "$tmp/log/requests.log"
stop_lab
if [ "$fail" = 0 ]; then echo "pull-lab: all $count checks passed"
else echo "pull-lab: some of $count checks FAILED"; fi
exit "$fail"
