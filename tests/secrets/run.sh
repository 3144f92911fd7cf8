#!/usr/bin/env bash
# Secrets never reach dacc's output, and the secret patterns are data.
#   tests/secrets/run.sh DACC
#
# 1. Every format of rules/secrets.yaml: its own `example` draws a finding that
#    names the format (the examples are the formats' executable documentation).
# 2. tests/secrets/canary/ plants one fake secret per file, each holding a
#    unique marker CANARYnn, in every place an action can carry one (headers,
#    URL userinfo and query, form and JSON bodies, translation defaults, success
#    template, contract defaults, examples and enums), as JSON and YAML, and in
#    two files whose syntax error sits on the secret's line.  Each file must
#    draw its finding on the marker's line (so the test cannot pass
#    vacuously); then dacc lint runs in every report format, with and without
#    -q, on the path, on standard input and on the whole directory, and no byte
#    of stdout or stderr may hold "CANARY".
# 3. --rules DIR: a copy of rules/ with a format removed, a format added, a
#    limit and a scope changed gives different findings from the same binary;
#    a broken pattern or a missing file is exit 2 with one line naming it.
set -euo pipefail
cd "$(dirname "$0")/../.."
dacc=${1:?usage: tests/secrets/run.sh DACC}
canaries=tests/secrets/canary
data=tests/secrets/data
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0 checks=0

bad() { echo "FAIL $*"; fail=1; }

# Run dacc with ARGS (stdin from $stdin_file when set); fills $status, $tmp/out, $tmp/err.
stdin_file=
run() {
    set +e
    if [ -n "$stdin_file" ]; then
        "$dacc" "$@" <"$stdin_file" >"$tmp/out" 2>"$tmp/err"
    else
        "$dacc" "$@" </dev/null >"$tmp/out" 2>"$tmp/err"
    fi
    status=$?
    set -e
    checks=$((checks + 1))
}

# ---------------------------------------------------------------- report formats
formats=()
for fmt in text json sarif github; do
    run lint --format "$fmt" "$canaries/x-api-key-header.json"
    if [ "$status" = 2 ] && grep -q "format" "$tmp/err"; then
        echo "note: dacc rejects --format $fmt ($(head -1 "$tmp/err")); not checked"
    else
        formats+=("$fmt")
    fi
done
[ "${#formats[@]}" -ge 2 ] || bad "dacc accepts fewer than two report formats: ${formats[*]}"

# ------------------------------------------- 1. every format's example is found
# `  - id: X` ... `    name: N` ... `    example: E` in rules/secrets.yaml
examples=$tmp/examples.tsv
awk '
    function unquote(v) {
        if (v ~ /^".*"$/ || v ~ /^\x27.*\x27$/) v = substr(v, 2, length(v) - 2)
        return v
    }
    /^formats:/ { on = 1; next }
    /^[^ #]/ { on = 0 }
    on && /^  - id: / { id = $3 }
    on && /^    name: / { sub(/^    name: /, ""); name = unquote($0) }
    on && /^    example: / { sub(/^    example: /, ""); print id "\t" name "\t" unquote($0) }
' rules/secrets.yaml >"$examples"
nformats=$(grep -c '^  - id: ' <(sed -n '/^formats:/,/^[^ #]/p' rules/secrets.yaml))
[ "$(wc -l <"$examples")" -eq "$nformats" ] || bad "rules/secrets.yaml: $nformats formats but $(wc -l <"$examples") examples"
while IFS=$'\t' read -r id name example; do
    # the example as the description of a contract input: only the format
    # patterns look there (no secret names, no entropy), so the finding must
    # name this very format
    jq -n --arg ex "$example" '{
        name: "Get order status", integrationType: "custom-rest-actions", actionType: "custom",
        config: {request: {requestUrlTemplate: "https://api.acme-orders.example.com/v1/orders/${input.orderId}",
                           requestType: "GET", headers: {Accept: "application/json"},
                           requestTemplate: "${input.rawRequest}"},
                 response: {translationMap: {status: "$.status"}, translationMapDefaults: {},
                            successTemplate: "{\"status\": ${status}}"},
                 timeoutSeconds: 5},
        contract: {input: {inputSchema: {type: "object", properties: {orderId: {type: "string", description: $ex}}}},
                   output: {successSchema: {type: "object", properties: {status: {type: "string"}}}}},
        secure: false}' >"$tmp/example-$id.json"
    run lint --format json "$tmp/example-$id.json"
    if ! jq -e --arg n "literal $name in" \
        '[.findings[] | select(.rule == "plaintext-secret" and (.message | startswith($n)))] | length == 1' \
        "$tmp/out" >/dev/null; then
        bad "rules/secrets.yaml format '$id': its own example draws no '$name' finding"
    fi
done <"$examples"

# ------------------------------- 2a. each canary file draws its finding (non-vacuous)
files=()
for f in "$canaries"/*.json "$canaries"/*.yaml; do files+=("$f"); done
[ "${#files[@]}" -ge 20 ] || bad "only ${#files[@]} canary files in $canaries"
declare -A seen
for f in "${files[@]}"; do
    markers=$(grep -o 'CANARY[0-9][0-9]' "$f" | sort -u || true)
    if [ "$(wc -w <<<"$markers")" != 1 ]; then bad "$f: holds $(wc -w <<<"$markers") canary markers, not one"; continue; fi
    [ -z "${seen[$markers]:-}" ] || bad "$f: marker $markers is also in ${seen[$markers]}"
    seen[$markers]=$f
    line=$(grep -n "$markers" "$f" | head -1 | cut -d: -f1)
    case "$(basename "$f")" in
        syntax-error-*) want=syntax ;;
        *) want=plaintext-secret ;;
    esac
    # a block scalar's finding is at its indicator, the line above its text
    case "$(basename "$f")" in *-block-scalar.*) line=$((line - 1)) ;; esac
    run lint --format json "$f"
    [ "$status" = 1 ] || bad "$f: exit status $status, expected 1"
    if ! jq -e --arg r "$want" --argjson l "$line" \
        '[.findings[] | select(.rule == $r and .line == $l)] | length > 0' "$tmp/out" >/dev/null; then
        bad "$f: no '$want' finding on line $line, where its canary $markers is"
    fi
done

# ---------------------------------------- 2b. no output ever holds a canary
leaks() { # WHAT: fail when stdout or stderr of the last run holds a marker
    grep -q CANARY "$tmp/out" "$tmp/err" || return 0
    bad "$1 prints canary $(grep -oh 'CANARY[0-9]*' "$tmp/out" "$tmp/err" | sort -u | tr '\n' ' ')"
}
for f in "${files[@]}"; do
    for fmt in "${formats[@]}"; do
        for q in "" -q; do
            what="dacc lint --format $fmt${q:+ $q}"
            stdin_file=
            run lint --format "$fmt" $q "$f"
            [ "$status" = 1 ] || bad "$what $f: exit status $status, expected 1"
            leaks "$what $f"
            stdin_file=$f
            run lint --format "$fmt" $q -
            [ "$status" = 1 ] || bad "$what - <$f: exit status $status, expected 1"
            leaks "$what - <$f"
            run lint --format "$fmt" $q --stdin-filename "$f" -
            [ "$status" = 1 ] || bad "$what --stdin-filename $f - <$f: exit status $status, expected 1"
            leaks "$what --stdin-filename $f - <$f"
            stdin_file=
        done
    done
done
for fmt in "${formats[@]}"; do
    for q in "" -q; do
        run lint --format "$fmt" $q "$canaries"
        [ "$status" = 1 ] || bad "dacc lint --format $fmt $q $canaries: exit status $status, expected 1"
        leaks "dacc lint --format $fmt${q:+ $q} $canaries"
        run lint --format "$fmt" $q --strict -j 3 "$canaries"
        leaks "dacc lint --format $fmt${q:+ $q} --strict -j 3 $canaries"
    done
done

# ------------------------------- 2c. a credential as a duplicated key (syntax)
# the key is the secret and the file cannot be parsed: the message names where
# the first one is, and neither line is echoed
for ext in yaml json; do
    f=$tmp/dup-key.$ext
    if [ "$ext" = yaml ]; then
        printf 'name: Dup\nconfig:\n  request:\n    headers:\n      ghp_CANARY40aB3dE5fG7hJ9kL2mN4pQ6rS8tU1vW3xY:\n        a\n      ghp_CANARY40aB3dE5fG7hJ9kL2mN4pQ6rS8tU1vW3xY: b\n' >"$f"
    else
        printf '{"name": "Dup", "config": {"request": {"headers": {\n"ghp_CANARY40aB3dE5fG7hJ9kL2mN4pQ6rS8tU1vW3xY": "a",\n"ghp_CANARY40aB3dE5fG7hJ9kL2mN4pQ6rS8tU1vW3xY": "b"}}}}\n' >"$f"
    fi
    for fmt in "${formats[@]}"; do
        run lint --format "$fmt" "$f"
        [ "$status" = 1 ] || bad "duplicate credential key ($ext, $fmt): exit status $status, expected 1"
        leaks "dacc lint --format $fmt (a duplicated credential key, $ext)"
    done
    run lint --format json "$f"
    jq -e '[.findings[] | select(.rule == "syntax" and (.message | test("duplicate key; the first is at line")))] | length == 1' \
        "$tmp/out" >/dev/null || bad "duplicate credential key ($ext): no syntax finding naming the first key's place"
done

# ------------------------------------------------- 3. --rules DIR is the data
rules=$tmp/rules
cp -r rules "$rules"
findings() { # FILE [ARGS...]: sets $out to "rule line:column message" per finding (--format json)
    local f=$1
    shift
    run lint --format json "$@" "$f"
    out=$(jq -r '.findings[] | "\(.rule) \(.line):\(.column) \(.message)"' "$tmp/out")
}

# an unchanged copy changes nothing
run lint --format json tests/rules "$canaries"
cp "$tmp/out" "$tmp/builtin.json"
run lint --format json --rules "$rules" tests/rules "$canaries"
cmp -s "$tmp/builtin.json" "$tmp/out" || bad "--rules with an unchanged copy of rules/ gives other findings than the built-in rules"

# a format taken out of secrets.yaml is no longer found
stripe=$data/stripe-key-contract-default.json
findings "$stripe"
grep -q '^plaintext-secret .*Stripe secret key' <<<"$out" || bad "$stripe: the built-in rules find no Stripe secret key"
awk '/^  - id: /{skip = ($3 == "stripe-key")} /^[^ ]/{skip = 0} !skip' rules/secrets.yaml >"$rules/secrets.yaml"
grep -q 'stripe-key' "$rules/secrets.yaml" && bad "could not take stripe-key out of the copy of secrets.yaml"
findings "$stripe" --rules "$rules"
# (the key is still random enough to draw the high-entropy finding, which is not a format's)
! grep -q 'Stripe' <<<"$out" ||
    bad "$stripe: with stripe-key taken out of --rules, expected no Stripe finding, got: $out"

# a format added to secrets.yaml is found, under the name the data gives it
partner=$data/partner-key-header.json
findings "$partner"
[ -z "$out" ] || bad "$partner: the built-in rules should find nothing, got: $out"
awk '{print} /^formats:/{
    print "  - id: acme-live-key"
    print "    name: Acme live API key"
    print "    pattern: \x27\\bacme_live_[a-z0-9]{16}\\b\x27"
    print "    keywords: [acme_live_]"
    print "    example: acme_live_0123456789abcdef"
}' "$tmp/rules/secrets.yaml" >"$tmp/secrets.added" && mv "$tmp/secrets.added" "$rules/secrets.yaml"
findings "$partner" --rules "$rules"
grep -q "^plaintext-secret 10:26 literal Acme live API key in header 'X-Partner-Ref'" <<<"$out" && [ "$status" = 1 ] ||
    bad "$partner: with acme-live-key added to --rules, expected an 'Acme live API key' finding at 10:26, got status $status: $out"

# a limit changed in limits.yaml
note=$data/order-note-body.json
findings "$note"
[ -z "$out" ] || bad "$note: the built-in rules should find nothing, got: $out"
sed 's/^max_payload_bytes: .*/max_payload_bytes: 64/' rules/limits.yaml >"$rules/limits.yaml"
findings "$note" --rules "$rules"
grep -q '^payload-limit 13:26 .*over the limit of 64' <<<"$out" ||
    bad "$note: with max_payload_bytes 64 in --rules, expected a payload-limit finding, got: $out"
findings "$note" --rules "$rules" --max-payload-bytes 32768
[ -z "$out" ] || bad "$note: --max-payload-bytes should override limits.yaml of --rules, got: $out"

# a scope added to the forbidden list of scopes.yaml
scope=$data/orders-scope-token.json
findings "$scope"
[ -z "$out" ] || bad "$scope: the built-in rules should find nothing, got: $out"
awk '{print} /^forbidden:/{print "  - \x27orders:write\x27"}' rules/scopes.yaml >"$rules/scopes.yaml"
findings "$scope" --rules "$rules"
grep -q "^scope-least-privilege .*'orders:write'" <<<"$out" ||
    bad "$scope: with orders:write forbidden in --rules, expected a scope-least-privilege finding, got: $out"

# a broken pattern: exit 2, one line naming file:line:column of the pattern
broken=$tmp/broken
cp -r rules "$broken"
# (a character class that never closes)
awk '/^    pattern: .*glpat-/ { print "    pattern: \x27\\bglpat-[A-Za-z0-9_-{20,}\x27"; next } { print }' \
    rules/secrets.yaml >"$broken/secrets.yaml"
pline=$(grep -n '^    pattern: .*glpat-\[A-Za-z0-9_-{20,}' "$broken/secrets.yaml" | cut -d: -f1 || true)
if [ -z "$pline" ]; then
    bad "could not break the glpat pattern in a copy of secrets.yaml"
else
    pcol=$(sed -n "${pline}p" "$broken/secrets.yaml" | awk '{print index($0, "\x27")}')
    run lint "$canaries/x-api-key-header.json" --rules "$broken"
    [ "$status" = 2 ] || bad "--rules with a broken pattern: exit status $status, expected 2"
    [ "$(wc -l <"$tmp/err")" = 1 ] || bad "--rules with a broken pattern: $(wc -l <"$tmp/err") lines on stderr, expected 1: $(cat "$tmp/err")"
    grep -q "$broken/secrets.yaml:$pline:$pcol: " "$tmp/err" ||
        bad "--rules with a broken pattern: stderr does not name $broken/secrets.yaml:$pline:$pcol: $(cat "$tmp/err")"
    [ ! -s "$tmp/out" ] || bad "--rules with a broken pattern: a report was printed anyway"
fi

# a file missing from DIR
rm "$broken/scopes.yaml"
cp rules/secrets.yaml "$broken/secrets.yaml"
run lint "$canaries/x-api-key-header.json" --rules "$broken"
[ "$status" = 2 ] || bad "--rules without scopes.yaml: exit status $status, expected 2"
[ "$(wc -l <"$tmp/err")" = 1 ] && grep -q "$broken/scopes.yaml" "$tmp/err" ||
    bad "--rules without scopes.yaml: expected one line naming $broken/scopes.yaml, got: $(cat "$tmp/err")"

# and the built-in rules are still the built-in rules
findings "$stripe"
grep -q '^plaintext-secret .*Stripe secret key' <<<"$out" ||
    bad "$stripe: the built-in rules no longer find the Stripe secret key"

if [ "$fail" = 0 ]; then
    echo "secrets: $(wc -l <"$examples") format examples found, ${#files[@]} canary files silent in ${formats[*]} ($checks runs), --rules DIR honoured"
fi
exit "$fail"
