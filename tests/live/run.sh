#!/usr/bin/env bash
# dacc live against a real OAuth2 server over real TLS: tests/live/lab.mjs
# (oidc-provider, from npm ci) on 127.0.0.1 with certificates made here by
# tests/live/gen-certs.sh.  Every case checks the exit status and the message,
# and every output (stdout and stderr, text and json) is searched for the
# client secrets and for every token the server issued: none may appear.
#   tests/live/run.sh DACC
set -uo pipefail
cd "$(dirname "$0")/../.."
dacc=${1:?usage: tests/live/run.sh DACC}
[[ "$dacc" == /* ]] || dacc="$PWD/$dacc"
here=tests/live

for tool in node openssl jq; do
    command -v "$tool" >/dev/null 2>&1 || { echo "live: '$tool' is missing (scripts/install-deps --test)"; exit 1; }
done
[ -f node_modules/oidc-provider/package.json ] || { echo "live: oidc-provider is missing: run 'npm ci'"; exit 1; }
node -e 'process.exit(typeof URL.parse === "function" ? 0 : 1)' ||
    { echo "live: node $(node --version) is too old for oidc-provider 9 (it needs Node 20 or newer)"; exit 1; }

tmp=$(mktemp -d)
lab_pid=
stop_lab() {
    if [ -n "$lab_pid" ]; then
        kill -TERM "$lab_pid" 2>/dev/null
        wait "$lab_pid" 2>/dev/null
        lab_pid=
    fi
}
trap 'stop_lab; rm -rf "$tmp"' EXIT

# --- the lab: fresh certificates and secrets each run ---
"$here/gen-certs.sh" "$tmp/certs" || exit 1
secret_main=$(openssl rand -hex 20)
secret_readonly=$(openssl rand -hex 20)
# the echo routes' client (not the provider's): a secret that every encoding changes
secret_echo="$(openssl rand -base64 15 | tr -d '\n')+/ \"q\\x=%&é$(openssl rand -hex 4)"
mkdir "$tmp/log"
: >"$tmp/log/requests.log"
: >"$tmp/log/tokens.log"
# the slow endpoint answers after 6.5 s: past the 5000 ms a custom-authentication action gets
LAB_SECRET_MAIN=$secret_main LAB_SECRET_READONLY=$secret_readonly LAB_LOG_DIR="$tmp/log" LAB_SLOW_MS=6500 \
    LAB_MAX_SECONDS=300 node "$here/lab.mjs" "$tmp/certs" "$tmp/ports" >"$tmp/lab.log" 2>&1 &
lab_pid=$!
for _ in $(seq 1 200); do
    [ -s "$tmp/ports" ] && break
    if ! kill -0 "$lab_pid" 2>/dev/null; then
        echo "live: the lab exited before it was ready:"; cat "$tmp/lab.log"; lab_pid=; exit 1
    fi
    sleep 0.05
done
[ -s "$tmp/ports" ] || { echo "live: the lab was not ready after 10 s:"; cat "$tmp/lab.log"; exit 1; }
port() { sed -n "s/^$1=//p" "$tmp/ports"; }
main=$(port main) selfsigned=$(port selfsigned) tls11=$(port tls11)

# the fixtures, pointed at the lab's ports
mkdir "$tmp/fx"
for f in "$here"/fixtures/*; do
    sed -e "s/@MAIN@/$main/g" -e "s/@SELF@/$selfsigned/g" -e "s/@TLS11@/$tls11/g" "$f" >"$tmp/fx/$(basename "$f")"
done
fx=$tmp/fx

fail=0 count=0
ok() { count=$((count + 1)); }
bad() {
    count=$((count + 1)); fail=1
    echo "FAIL $1"; echo "  stdout: ${out:0:${SHOW:-600}}"; echo "  stderr: ${err:0:600}"
}

# live NAME [VAR=VALUE...] -- ARGS...: run 'dacc live --cacert CA ARGS' with only
# the secrets given (no DACC_SECRET_* from outside, no proxy); sets status, out,
# err; then searches this case's output for every secret and issued token.
live() {
    name=$1; shift
    local vars=()
    while [ "$1" != "--" ]; do vars+=("$1"); shift; done
    shift
    local clean=()
    while IFS='=' read -r var _; do clean+=(-u "$var"); done < <(env | grep '^DACC_SECRET_' || true)
    requests_before=$(wc -l <"$tmp/log/requests.log")
    env "${clean[@]}" -u https_proxy -u HTTPS_PROXY -u all_proxy -u ALL_PROXY NO_PROXY=127.0.0.1,localhost \
        "${vars[@]}" timeout 60 "$dacc" live "$@" >"$tmp/out" 2>"$tmp/err" </dev/null
    status=$?
    out=$(cat "$tmp/out")
    err=$(cat "$tmp/err")
    requests_made=$(( $(wc -l <"$tmp/log/requests.log") - requests_before ))
    { echo "== $name"; cat "$tmp/out" "$tmp/err"; } >>"$tmp/all"
    no_leak "$name"
}
no_leak() { # NAME: neither secret nor any token the lab issued so far is in the case's output
    local leaked=
    for s in "$secret_main" "$secret_readonly" "$secret_echo"; do
        grep -qF -- "$s" "$tmp/out" "$tmp/err" && leaked="a client secret"
    done
    # every encoding of them dacc sends, and the first 12 bytes of each (a cut copy)
    grep -qFf "$tmp/needles" "$tmp/out" "$tmp/err" && leaked="an encoding of a client secret: $(grep -oFf "$tmp/needles" "$tmp/out" "$tmp/err" | head -1)"
    while read -r tok; do
        [ -n "$tok" ] && grep -qF -- "$tok" "$tmp/out" "$tmp/err" && leaked="a token"
        [ -n "$tok" ] && grep -qF -- "${tok:0:12}" "$tmp/out" "$tmp/err" && leaked="the first 12 characters of a token"
    done <"$tmp/log/tokens.log"
    if [ -n "$leaked" ]; then bad "$1: $leaked appears in the output"; else ok; fi
}
expect_status() { # WANT
    if [ "$status" = "$1" ]; then ok; else bad "$name: exit status $status, expected $1"; fi
}
expect() { # REGEX: in stdout or stderr
    if grep -Eq -- "$1" <<<"$out$err"; then ok; else bad "$name: output lacks /$1/"; fi
}
expect_json() { # JQ-EXPR (must print true) over stdout
    if [ "$(jq -r "$1" <<<"$out" 2>/dev/null)" = true ]; then ok; else bad "$name: stdout fails $1"; fi
}
expect_requests() { # N: requests the lab received during the case
    if [ "$requests_made" = "$1" ]; then ok; else bad "$name: the lab got $requests_made requests, expected $1"; fi
}
newest_token() { tail -n 1 "$tmp/log/tokens.log"; }
sha12() { printf '%s' "$1" | openssl dgst -sha256 -r | cut -c1-12; }

# the needles no_leak looks for besides the raw secrets: URL-encoded (%20 and '+',
# upper- and lower-case hex), JSON-escaped (and '/' as '\/'), the base64 id:secret
# pairs (and base64url without padding), and the first 12 bytes of each
encodings() { # SECRET
    local uri json
    uri=$(jq -rn --arg s "$1" '$s | @uri')
    json=$(jq -n --arg s "$1" '$s | tojson' | sed 's/^"//; s/"$//')
    printf '%s\n' "$uri" "${uri//%20/+}" "$json" "${json//\//\\/}"
    printf '%s\n' "$uri" "${uri//%20/+}" | sed 's/%[0-9A-F][0-9A-F]/\L&/g'
}
pair64() { printf '%s' "$1" | base64 -w0; echo; printf '%s' "$1" | base64 -w0 | tr '+/' '-_' | tr -d '='; echo; }
{
    for s in "$secret_main" "$secret_readonly" "$secret_echo"; do
        encodings "$s"
        encodings "$s" | cut -c1-12
        printf '%s\n' "${s:0:12}"
    done
    pair64 "lab-client:$secret_main"
    pair64 "echo-client:$secret_echo"
} | grep -v '^$' | sort -u >"$tmp/needles"

MAIN=(DACC_SECRET_CLIENTID=lab-client "DACC_SECRET_CLIENTSECRET=$secret_main")
CA=(--cacert "$tmp/certs/ca.pem")

# --- success ---
live "success" "${MAIN[@]}" -- "${CA[@]}" "$fx/token.customAuth.json"
expect_status 0
expect '^token  Lab Login  \('
expect '^  HTTP 200  TLSv1\.[23]  dns [0-9]+ ms  connect [0-9]+ ms  tls [0-9]+ ms  first byte [0-9]+ ms  total [0-9]+ ms'
expect "token: 43 characters, sha256 $(sha12 "$(newest_token)")\.\.\., Bearer, expires in 3600 s, scope 'api:read api:write'"
expect 'dacc live: 1 step: verified'
live "success, json" "${MAIN[@]}" -- "${CA[@]}" --format json "$fx/token.customAuth.json"
expect_status 0
expect_json '.summary == {"steps":1,"errors":0,"warnings":0,"verified":true}'
expect_json '.steps[0] | .step == "token" and .http_status == 200 and (.tls_version | test("^TLSv1\\.[23]$"))'
expect_json '.steps[0].timing_ms | [.dns, .connect, .tls, .first_byte, .total] | all(type == "number")'
expect_json ".steps[0].token == {\"length\":43,\"sha256_prefix\":\"$(sha12 "$(newest_token)")\",\"token_type\":\"Bearer\",\"expires_in\":3600,\"scope\":\"api:read api:write\"}"
live "success, verbose" "${MAIN[@]}" -- "${CA[@]}" --verbose "$fx/token.customAuth.json"
expect_status 0
expect 'dacc live: > body \([0-9]+ bytes\): grant_type=client_credentials&client_id=\[url-encoded: \[secret clientId\]\]&client_secret=\[url-encoded: \[secret clientSecret\]\]'
expect 'dacc live: < HTTP 200'

# --- secrets from a file (YAML), and its permissions ---
printf 'clientId: lab-client\nclientSecret: "%s"\n' "$secret_main" >"$tmp/secrets.yaml"
chmod 644 "$tmp/secrets.yaml"
live "secrets file readable by others" -- "${CA[@]}" --secrets-file "$tmp/secrets.yaml" "$fx/token.customAuth.json"
expect_status 2
expect "secrets.yaml: the secrets file is open to group or others \(mode 0644\); run 'chmod 600 "
expect_requests 0
chmod 640 "$tmp/secrets.yaml"
live "secrets file readable by group" -- "${CA[@]}" --secrets-file "$tmp/secrets.yaml" "$fx/token.customAuth.json"
expect_status 2
expect 'open to group or others \(mode 0640\)'
live "secrets file not a regular file" -- "${CA[@]}" --secrets-file "$tmp/certs" "$fx/token.customAuth.json"
expect_status 2
expect 'the secrets file must be a regular file'
chmod 600 "$tmp/secrets.yaml"
live "secrets file, owner only" -- "${CA[@]}" --secrets-file "$tmp/secrets.yaml" "$fx/token.customAuth.json"
expect_status 0
expect 'dacc live: 1 step: verified'

# --- missing secret: named, with its variable, and nothing sent ---
live "missing secret" DACC_SECRET_CLIENTID=lab-client -- "${CA[@]}" "$fx/token.customAuth.json"
expect_status 2
expect "^dacc: secret 'clientSecret' has no value: set DACC_SECRET_CLIENTSECRET"
expect '^dacc: no request was made$'
expect_requests 0
live "missing secrets, every one named" -- "${CA[@]}" "$fx/token-basic.yaml"
expect_status 2
expect "secret 'labClientId' has no value: set DACC_SECRET_LABCLIENTID"
expect "secret 'labClientSecret' has no value: set DACC_SECRET_LABCLIENTSECRET"
expect_requests 0

# --- wrong secret ---
live "wrong secret" DACC_SECRET_CLIENTID=lab-client DACC_SECRET_CLIENTSECRET=not-the-secret -- "${CA[@]}" \
    "$fx/token.customAuth.json"
expect_status 1
expect "HTTP 401 invalid_client: .*check the client id and secret, and the auth style"
expect '\[credentials\]'

# --- scope not allowed for the client ---
live "scope not allowed" "${MAIN[@]}" -- "${CA[@]}" "$fx/scope-admin.customAuth.json"
expect_status 1
expect "HTTP 400 invalid_scope .*refused: 'admin'.*ask only for scopes granted to the client"

# --- reduced scope: drift, and a lifetime too short for the refresh pattern ---
live "reduced scope (drift)" "DACC_SECRET_READONLYSECRET=$secret_readonly" -- "${CA[@]}" --format json \
    "$fx/readonly.customAuth.json"
expect_status 1
expect_json '[.steps[0].checks[] | select(.severity == "error" and .check == "scope")] | length == 1'
expect_json '.steps[0].checks[] | select(.check == "scope") | .message | test("scope drift: .*missing: .api:write.")'
expect_json '[.steps[0].checks[] | select(.severity == "warning" and .check == "expires_in")] | length == 1'
expect_json '.steps[0].token.scope == "api:read" and .steps[0].token.expires_in == 300'

# --- no scope asked: the expected scopes come from .dacc.yaml's grant of the client ---
printf 'scopes:\n  granted:\n    lab-readonly: [api:read, api:write]\n' >"$tmp/grant-wide.yaml"
printf 'scopes:\n  granted:\n    lab-readonly: [api:read]\n' >"$tmp/grant-exact.yaml"
printf 'scopes:\n  granted:\n    other-client: [api:read, api:write]\n' >"$tmp/grant-other.yaml"
live "no scope asked, no grant listed" "DACC_SECRET_READONLYSECRET=$secret_readonly" -- "${CA[@]}" --format json \
    --config "$tmp/grant-other.yaml" "$fx/readonly-noscope.customAuth.json"
expect_json '[.steps[0].checks[] | select(.check == "scope") | .severity] == ["note"]'
expect_json '.steps[0].checks[] | select(.check == "scope") | .message | test("asks for no scope; the server granted .api:read.")'
live "no scope asked, grant wider than the token" "DACC_SECRET_READONLYSECRET=$secret_readonly" -- "${CA[@]}" \
    --config "$tmp/grant-wide.yaml" "$fx/readonly-noscope.customAuth.json"
expect_status 1
expect "scope drift: \.dacc\.yaml grants client 'lab-readonly' 'api:read api:write' but the token carries only 'api:read'; missing: 'api:write'"
live "no scope asked, grant as the token" "DACC_SECRET_READONLYSECRET=$secret_readonly" -- "${CA[@]}" --format json \
    --config "$tmp/grant-exact.yaml" "$fx/readonly-noscope.customAuth.json"
expect_json '[.steps[0].checks[] | select(.check == "scope")] | length == 0'
expect_json '.steps[0].token.scope == "api:read"'
printf 'scopes:\n  granted:\n    clientId: [api:read]\n' >"$tmp/grant-narrow.yaml"
live "the request asks for more than .dacc.yaml grants" "${MAIN[@]}" -- "${CA[@]}" --format json \
    --config "$tmp/grant-narrow.yaml" "$fx/token.customAuth.json"
expect_json '.steps[0].token.scope == "api:read api:write"'
expect_json '[.steps[0].checks[] | select(.check == "scope")] | length == 0'

# --- 429: Retry-After honoured once ---
live "429 then success" "${MAIN[@]}" -- "${CA[@]}" "$fx/rate-limited-once.customAuth.json"
expect_status 0
expect 'HTTP 200 .*\(2 attempts\)'
expect 'note: HTTP 429: waited the 1 s the server asked for \(Retry-After\) and tried once more'
live "429 then success, json" "${MAIN[@]}" -- "${CA[@]}" --format json "$fx/rate-limited-once.customAuth.json"
expect_status 0
expect_json '.steps[0].attempts == 2 and .steps[0].http_status == 200 and .summary.verified'
expect_requests 2
live "429 always" "${MAIN[@]}" -- "${CA[@]}" "$fx/rate-limited.customAuth.json"
expect_status 1
expect 'still HTTP 429 after waiting the Retry-After once: .*rate limiting.*about 100 requests a minute per client.*cache each token'
expect_requests 2

# --- slow endpoint: past the 5000 ms a custom-authentication action gets ---
start=$(date +%s%N)
live "slow endpoint" "${MAIN[@]}" -- "${CA[@]}" --format json "$fx/slow.customAuth.json"
took=$(( ($(date +%s%N) - start) / 1000000 ))
expect_status 1
expect_json '.steps[0].checks[0].check == "timeout"'
expect_json '.steps[0].checks[0].message | test("no complete answer within 5000 ms \\(--max-timeout-ms")'
if [ "$took" -ge 4900 ] && [ "$took" -lt 6400 ]; then ok; else bad "slow endpoint: took $took ms, expected about 5000"; fi

# --- TLS 1.0/1.1-only server ---
live "TLS 1.1-only server" "${MAIN[@]}" -- "${CA[@]}" "$fx/tls11.customAuth.json"
expect_status 1
expect 'alert protocol version.*the server may only speak TLS 1\.0 or 1\.1; Genesys Cloud requires TLS 1\.2 or newer.*TLS-terminating proxy'
expect '\[tls\]'

# --- certificates ---
live "self-signed certificate" "${MAIN[@]}" -- "${CA[@]}" "$fx/self-signed.customAuth.json"
expect_status 1
expect "certificate failed verification \(SSL certificate problem: self-signed certificate\).*pass --cacert FILE"
live "private CA without --cacert" "${MAIN[@]}" -- "$fx/token.customAuth.json"
expect_status 1
expect 'certificate failed verification.*pass --cacert FILE'
live "--cacert not a file" "${MAIN[@]}" -- --cacert "$tmp/no-such-ca.pem" "$fx/token.customAuth.json"
expect_status 2
expect 'cacert .*no-such-ca.pem: not a readable file'

# --- oversized responses: announced, and chunked ---
live "oversized response (Content-Length)" "${MAIN[@]}" -- "${CA[@]}" "$fx/oversized.customAuth.json"
expect_status 1
expect 'the response announces [0-9]+ bytes \(Content-Length\), more than the payload limit of 32768 bytes'
live "oversized response (chunked)" "${MAIN[@]}" -- "${CA[@]}" "$fx/oversized-chunked.customAuth.json"
expect_status 1
expect 'ran past the payload limit of 32768 bytes .*without a Content-Length, chunked'
live "oversized response, higher limit" "${MAIN[@]}" -- "${CA[@]}" --max-payload-bytes 65536 \
    "$fx/oversized-chunked.customAuth.json"
expect_status 0

# --- downstream call: a valid token, a page of a paginated API, one token for the run ---
BASIC=(DACC_SECRET_LABCLIENTID=lab-client "DACC_SECRET_LABCLIENTSECRET=$secret_main")
tokens_before=$(wc -l <"$tmp/log/tokens.log")
live "downstream call with pagination" "${MAIN[@]}" -- "${CA[@]}" --format json \
    "$fx/token.customAuth.json" "$fx/token-copy.customAuth.json" "$fx/list-items.custom.json" \
    --call "List Items" --call "List Items" --input limit=2 --input offset=248
expect_status 0
expect_json '[.steps[].step] == ["token", "token", "call", "call"]'
expect_json '.steps[1].checks[0].message | test("same token request as .Lab Login.: its token is reused")'
expect_json '[.steps[2,3] | .http_status == 200 and .token.from == "Lab Login" and .success_template_bytes > 0] | all'
expect_json '[.steps[].token.sha256_prefix] | unique | length == 1'
expect_json '(.steps[2].url | endswith("/api/items?limit=2&offset=248")) and .steps[2].response_bytes > 0'
issued_now=$(( $(wc -l <"$tmp/log/tokens.log") - tokens_before ))
if [ "$issued_now" = 1 ]; then ok; else bad "downstream call: one token per client per run, but $issued_now were issued"; fi
if [ "$(grep -c '^GET /api/items$' "$tmp/log/requests.log")" = 2 ]; then ok; else bad "downstream call: the API got no two calls"; fi
live "downstream call, text" "${BASIC[@]}" -- "${CA[@]}" "$fx/token-basic.yaml" "$fx/list-items.custom.json" \
    --call "List Items" --input limit=100 --input offset=200 --verbose
expect_status 0
expect "^  with the token of 'Lab Login, basic auth' \(43 characters, sha256 [0-9a-f]{12}\.\.\.\)"
expect 'dacc live: > Authorization: Bearer \[token: 43 characters, sha256 [0-9a-f]{12}\.\.\.\]'
expect 'dacc live: > Authorization: Basic \[base64: \[secret labClientId\]:\[secret labClientSecret\]\]'
live "downstream call outside the page limits" "${BASIC[@]}" -- "${CA[@]}" "$fx/token-basic.yaml" \
    "$fx/list-items.custom.json" --call "List Items" --input limit=500
expect_status 1
expect 'HTTP 400 \(bad_pagination\)'
live "downstream translation map that does not resolve" "${MAIN[@]}" -- "${CA[@]}" "$fx/token.customAuth.json" \
    "$fx/list-items-stale.custom.json" --call "List Items, stale paths" --input limit=5
expect_status 1
expect "error: translation map 'nextPage': \\\$\.paging\.next matches nothing in the response and has no default"
expect "warning: translation map 'cursor': .*the default from translationMapDefaults is used"

live "literal credentials in the action are not shown" "${MAIN[@]}" -- "${CA[@]}" --verbose \
    "$fx/token.customAuth.json" "$fx/list-items-literal-key.custom.json" --call "List Items, literal key" --input limit=1
expect_status 0
expect 'dacc live: > X-Api-Key: \[literal value not shown\]'
expect 'api_key=\[literal value not shown\]'
if grep -q CANARY "$tmp/out" "$tmp/err"; then bad "$name: a literal key from the action is shown"; else ok; fi

# --- downstream with a token that lacks the scope ---
live "downstream, token lacking scope (403)" "${MAIN[@]}" -- "${CA[@]}" "$fx/write-only.customAuth.json" \
    "$fx/list-items.custom.json" --call "List Items" --input limit=2
expect_status 1
expect "HTTP 403 \(insufficient_scope\): the token lacks a permission the API needs \(it asks for 'api:read'\)"

# --- usage and configuration errors ---
live "missing input" "${MAIN[@]}" -- "${CA[@]}" "$fx/token.customAuth.json" "$fx/list-items.custom.json" \
    --call "List Items"
expect_status 2
expect "^dacc: input 'limit' has no value: pass --input limit=VALUE"
expect_requests 0
live "unknown --call" "${MAIN[@]}" -- "${CA[@]}" "$fx/token.customAuth.json" --call "No Such Action"
expect_status 2
expect "--call 'No Such Action': no action of that name"
live "no token action" "${MAIN[@]}" -- "${CA[@]}" "$fx/list-items.custom.json"
expect_status 2
expect 'no token action in the PATHs'
live "bad --input" "${MAIN[@]}" -- "${CA[@]}" --input novalue "$fx/token.customAuth.json"
expect_status 2
expect '--input needs NAME=VALUE'
live "sarif is not a live format" "${MAIN[@]}" -- "${CA[@]}" --format sarif "$fx/token.customAuth.json"
expect_status 2

# ==== issue 13: hostile servers (durations, echoes), literal credentials, names ====
# (each case fails on the binary before the fix)
ECHO=(DACC_SECRET_ECHOID=echo-client "DACC_SECRET_ECHOSECRET=$secret_echo")

# a Retry-After too large for any arithmetic: not waited for, said not to fit
for after in 9223372036854776 9223372036854775807 99999999999999999999999; do
    start=$(date +%s%N)
    live "429 with Retry-After $after" "${MAIN[@]}" -- "${CA[@]}" "$fx/rate-limited-huge.customAuth.json" \
        --input after=$after
    took=$(( ($(date +%s%N) - start) / 1000000 ))
    expect_status 1
    expect "HTTP 429 with a Retry-After of [0-9]+ s, which does not fit in the 5000 ms timeout"
    expect_requests 1
    if [ "$took" -lt 4000 ]; then ok; else bad "$name: took $took ms"; fi
done

# expires_in of 2^63-1 (a number, a string): shown as sent, the token lasts the run
for as in number string; do
    live "expires_in 9223372036854775807 as a $as" "${MAIN[@]}" -- "${CA[@]}" --format json \
        "$fx/expires-huge.customAuth.json" "$fx/list-items.custom.json" --call "List Items" --call "List Items" \
        --input as=$as --input limit=1
    expect_status 0
    expect_json '.steps[0].token.expires_in == 9223372036854775807'
    expect_json '[.steps[].step] == ["token", "call", "call"]'
    expect_requests 3
done

# a server echoes the secret as it received it: URL-encoded (upper- and lower-case
# hex, a space as %20), the form as JSON (escaped, '/' as '\/'), the base64 id:secret
# pair of a Basic header (and base64url), in WWW-Authenticate, and in a Location cut by
# dacc's 300th byte: every form is redacted, in every output
for mode in form lower plus json www redirect; do
    for fmt in text json; do
        live "echo of the secret ($mode, $fmt)" "${ECHO[@]}" -- "${CA[@]}" --verbose --format $fmt \
            "$fx/echo.customAuth.json" --input mode=$mode
        expect_status 1
        expect '\[redacted\]'
    done
done
live "echo of the Basic pair" "${ECHO[@]}" -- "${CA[@]}" --verbose "$fx/echo-basic.yaml"
expect_status 1
expect 'received Basic \[redacted\] and \[redacted\]'
# a Location with copies of the token, the last one across dacc's 300th byte
live "call: the token echoed in a Location" "${MAIN[@]}" -- "${CA[@]}" "$fx/token.customAuth.json" \
    "$fx/echo-api.custom.json" --call "Echo API" --input mode=redirect
expect_status 1
expect 'HTTP 302 redirect to https://127\.0\.0\.1/callback\?pad=p*&access_token=\[redacted\]&access_token=\[redacted\]'
if grep -q 'access_token=\[redacted\]\.\.\.\|access_token=\[redacted\]&end=1' <<<"$out"; then ok; else bad "$name: the cut copy is not redacted"; fi

# credentials written into the action itself: what lint's plaintext-secret flags is
# not shown (userinfo, a high-entropy query value, a vendor key in a header, a JSON
# body's client_secret), and an action whose name holds a token is '#0', as lint calls it
for fmt in text json; do
    live "literal credentials in the action ($fmt)" "${MAIN[@]}" -- "${CA[@]}" --verbose --format $fmt \
        "$fx/token.customAuth.json" "$fx/literal-credentials.custom.json" \
        --call "List Items ghp_CANARYn4me0123456789abcdefghijklmnopq" --input limit=1
    expect_status 0
    if grep -q CANARY "$tmp/out" "$tmp/err"; then
        bad "$name: a literal credential of the action is shown: $(grep -oh '.\{20\}CANARY.\{12\}' "$tmp/out" "$tmp/err" | head -1)"
    else
        ok
    fi
    expect 'dacc live: > POST https://\[literal value not shown\]@127\.0\.0\.1:[0-9]+/api/items\?limit=1&sig=\[literal value not shown\]&format=json'
    expect 'dacc live: > X-Vendor: \[literal value not shown\]'
    expect 'dacc live: > body \([0-9]+ bytes\): \[literal value not shown\]'
done
expect_json '.steps[1].action == "#0" and (.steps[1].url | test("^https://\\[literal value not shown\\]@"))'
live "literal credentials in the action, text" "${MAIN[@]}" -- "${CA[@]}" "$fx/token.customAuth.json" \
    "$fx/literal-credentials.custom.json" --call "List Items ghp_CANARYn4me0123456789abcdefghijklmnopq" --input limit=1
expect '^call  #0  \('
if grep -q CANARY "$tmp/out" "$tmp/err"; then bad "$name: a literal credential of the action is shown"; else ok; fi

# in a field plaintext-secret flags, a secret's name is not shown either (it may be a
# credential pasted where the name goes): '[secret]', and a missing one is not named
live "flagged field: a missing secret is not named" "${MAIN[@]}" -- "${CA[@]}" "$fx/token.customAuth.json" \
    "$fx/flagged-reference.custom.json" --call "List Items, flagged URL"
expect_status 2
expect "flagged-reference\.custom\.json: action 'List Items, flagged URL': a secret referenced in config\.request\.requestUrlTemplate has no value; .*'dacc lint' says what to fix"
if grep -q CANARY "$tmp/out" "$tmp/err"; then bad "$name: a name or value of the flagged field is shown"; else ok; fi
live "flagged field: secrets shown without their names" "${MAIN[@]}" DACC_SECRET_CANARYREF=k3y -- "${CA[@]}" --verbose \
    "$fx/token.customAuth.json" "$fx/flagged-reference.custom.json" --call "List Items, flagged URL"
expect_status 0
expect 'dacc live: > GET https://127\.0\.0\.1:[0-9]+/api/items\?limit=1&sig=\[literal value not shown\]&key=\[url-encoded: \[secret\]\]$'
if grep -q CANARY "$tmp/out" "$tmp/err"; then bad "$name: a name or value of the flagged field is shown"; else ok; fi

# names and file names never reach the terminal raw: ESC sequences, BEL, C1 controls
# (CSI as U+009B), a newline that would forge a GitHub workflow command
evil_dir=$tmp/evil
mkdir -p "$evil_dir"
evil_file="$evil_dir/$(printf 'login\n::error file=x::forged file\033[31m.customAuth.json')"
evil_name=$(printf 'Lab Login\033]0;pwned\007\n::error::forged name \302\23331m')
jq --arg n "$evil_name" '.name = $n' "$fx/token.customAuth.json" >"$evil_file"
jq --arg n "$evil_name" '.name = $n | .config.request.requestTemplate = "#set($x = 1)"' \
    "$fx/token.customAuth.json" >"$evil_dir/bad.customAuth.json"
raw_bytes() { # NAME [json]: no ESC, BEL or C1 character (json: jansson writes C1 as UTF-8), and no
    # line that is a workflow command
    local c1='\\|\302[\200-\237]'
    [ "${2:-}" = json ] && c1=
    if LC_ALL=C grep -q "$(printf "[\\033\\007]$c1")" "$tmp/out" "$tmp/err" ||
        grep -q '^::' "$tmp/out" "$tmp/err"; then
        bad "$1: a control character or a forged line reaches the output"
    else
        ok
    fi
}
for fmt in text json; do
    live "hostile action and file names ($fmt)" "${MAIN[@]}" -- "${CA[@]}" --verbose --format $fmt "$evil_file"
    expect_status 0
    raw_bytes "$name" $fmt
done
live "hostile names in an error" "${MAIN[@]}" -- "${CA[@]}" "$evil_dir/bad.customAuth.json"
expect_status 2
expect "bad\.customAuth\.json: action 'Lab Login\?\]0;pwned\?\?::error::forged name \?31m': config\.request\.requestTemplate: dacc live cannot render"
raw_bytes "$name"

# no core file while secrets are in memory: RLIMIT_CORE 0 (seen in /proc/PID/limits,
# and no core file from SIGABRT under 'ulimit -c unlimited'), and not dumpable: a
# process of the same user without capabilities cannot read /proc/PID/environ (which
# holds DACC_SECRET_*).  Needs Linux and a core_pattern writing a file into the working
# directory (else the core file part is skipped, and says so); setpriv for the
# capabilities to be dropped when the tests run as root (else that part is skipped).
core_case() {
    name="no core dump, not dumpable"
    local dir=$tmp/core pid before limits n=0 nocaps=()
    # as root, dacc and the reader both run without capabilities: a reader needs all
    # of dacc's, and CAP_SYS_PTRACE would let it read a process that is not dumpable
    [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null && nocaps=(setpriv --bounding-set=-all --inh-caps=-all)
    mkdir -p "$dir"
    before=$(wc -l <"$tmp/log/requests.log")
    (cd "$dir" && ulimit -c unlimited 2>/dev/null;
        exec "${nocaps[@]}" env "${MAIN[@]}" "$dacc" live "${CA[@]}" "$fx/slow.customAuth.json" >/dev/null 2>&1) &
    pid=$!
    # until the request is out: the secrets are read and sent
    while [ "$(wc -l <"$tmp/log/requests.log")" = "$before" ] && [ $n -lt 100 ]; do sleep 0.05; n=$((n + 1)); done
    limits=$(grep '^Max core file size' "/proc/$pid/limits" 2>/dev/null)
    if grep -Eq '^Max core file size +0 +0 ' <<<"$limits"; then ok; else bad "$name: RLIMIT_CORE is not 0 ($limits)"; fi
    if [ "$(id -u)" = 0 ] && [ ${#nocaps[@]} = 0 ]; then
        echo "live: skipped: $name, /proc/PID/environ (root, and no setpriv to drop capabilities)"
    elif "${nocaps[@]}" cat "/proc/$pid/environ" 2>/dev/null | tr '\0' '\n' | grep -q '^DACC_SECRET_'; then
        bad "$name: another process of the user reads the secrets in /proc/$pid/environ"
    else
        ok
    fi
    kill -ABRT "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
    local pattern
    pattern=$(cat /proc/sys/kernel/core_pattern 2>/dev/null)
    if [ "${pattern:0:1}" = '|' ] || [ "${pattern:0:1}" = / ] || [ -z "$pattern" ] || ! (ulimit -c unlimited) 2>/dev/null; then
        echo "live: skipped: $name, core file (core_pattern '$pattern', or the hard limit forbids cores)"
    elif ls "$dir"/core* >/dev/null 2>&1; then
        bad "$name: SIGABRT wrote a core file$(grep -qaF -- "$secret_main" "$dir"/core* && echo ' holding the client secret')"
    else
        ok
    fi
    rm -rf "$dir"
}
if [ "$(uname -s)" = Linux ]; then core_case; else echo "live: skipped: core dump case (not Linux)"; fi

# --- last: every output of every case, searched once more as a whole ---
for s in "$secret_main" "$secret_readonly"; do
    if grep -qF -- "$s" "$tmp/all"; then bad "a client secret appears in the output of some case"; else ok; fi
done
issued=$(grep -c . "$tmp/log/tokens.log")
leaks=$(grep -cFf "$tmp/log/tokens.log" "$tmp/all")
if [ "$issued" -gt 0 ] && [ "$leaks" = 0 ]; then ok; else bad "tokens: $issued issued, $leaks output lines show one"; fi

stop_lab
echo "live: $count checks against oidc-provider ($issued tokens issued)"
exit $fail
