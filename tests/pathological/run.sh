#!/usr/bin/env bash
# Pathological inputs: text that is small, or valid, but that once made dacc
# take quadratic time or expand a file far past its size.  The inputs are made
# here, at test time, in a temporary directory (none is kept in the tree).
#   tests/pathological/run.sh DACC
#
# Each case checks what dacc says, and runs under a timeout that only the old
# behaviour exceeds (the ASan build included, which is about 3 times slower):
#   - a listing of 10,000 actions on one line, as the API returns it: every
#     finding measured the whole line again (57.5 s; about 1 s now, 3 s under ASan)
#   - one line of 80,000 ${input.a}: the same, once per reference (every
#     finding is kept until findings are sorted and made unique)
#   - 1,000 and 9,000 aliases of one string of 1 MB in a 1 MB YAML file: lint
#     read 1 GB (16 s, 245 s) and build wrote it out; refused now at the alias
#     that takes the expansion past 16 MiB, the size limit of a file
#   - success templates of 80,000 ${a}, 20,000 #set, 80,000 'a=': rules
#     scanned the rest of the template at every reference or '=' (16 s, 20 s)
#   - a JSON key of 2,000 characters: valid JSON, once a syntax error (libyaml
#     takes no key over 1,024 characters in the position pass)
set -uo pipefail
cd "$(dirname "$0")/../.."
dacc=${1:?usage: tests/pathological/run.sh DACC}
[[ "$dacc" == /* ]] || dacc="$PWD/$dacc"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0 count=0

# run SECONDS ARGS... : sets $status (124 when the timeout ended it), $out, $err
run() {
    local limit=$1
    shift
    timeout "$limit" "$dacc" "$@" </dev/null >"$tmp/out" 2>"$tmp/err"
    status=$?
    out=$(head -c 2000 "$tmp/out")
    err=$(head -c 2000 "$tmp/err")
}
ok() { count=$((count + 1)); }
bad() { count=$((count + 1)); fail=1; echo "FAIL $1"; echo "  stdout: ${out:0:400}"; echo "  stderr: ${err:0:400}"; }
expect_status() { # NAME WANT
    if [ "$status" = 124 ]; then bad "$1: timed out"; return; fi
    if [ "$status" = "$2" ]; then ok; else bad "$1: exit status $status, expected $2"; fi
}
expect_out() { # NAME JQ-EXPR (over the whole stdout; must print true)
    if [ "$(jq -r "$2" "$tmp/out" 2>/dev/null)" = true ]; then ok; else bad "$1: expected $2"; fi
}

# a clean action (YAML) whose caseId input has a description of SIZE bytes
# anchored &s and, on the same line, N aliases of it
alias_bomb() { # N SIZE
    awk -v n="$1" -v size="$2" '
        /^        caseId: \{type: string\}$/ {
            s = "a"; while (length(s) < size) s = s s; s = substr(s, 1, size)
            printf "        caseId: {type: string, description: &s \"%s\", examples: [", s
            for (i = 0; i < n; i++) printf "%s*s", (i ? ", " : "")
            print "]}"; next }
        { print }' fixtures/examples/clean/update-case.yaml
}

# ---- one line of 10,000 actions: two findings each, each with that line as context
jq -c '{entities: [range(10000) as $i | . + {name: "Lookup \($i)"}]}' \
    fixtures/examples/needs-work/lookup-customer.custom.json >"$tmp/listing.json"
run 30 lint --format json "$tmp/listing.json"
expect_status "one-line listing of 10,000 actions" 1
expect_out "one-line listing: every action and finding" \
    '.summary.actions == 10000 and .summary.errors == 20000 and ([.findings[] | select(.line != 1)] | length) == 0'

# ---- one line of 80,000 references to an undeclared input: a finding per reference (kept once)
awk 'BEGIN {
    printf "{\"name\": \"many refs\", \"integrationType\": \"custom-rest-actions\", \"actionType\": \"custom\", "
    printf "\"config\": {\"request\": {\"requestUrlTemplate\": \"https://api.example.com/x\", \"requestType\": \"POST\", "
    printf "\"headers\": {}, \"requestTemplate\": \""
    for (i = 0; i < 80000; i++) printf "${input.a}"
    printf "\"}, \"response\": {\"translationMap\": {}, \"translationMapDefaults\": {}, \"successTemplate\": \"${rawResult}\"}, "
    printf "\"timeoutSeconds\": 5}, \"contract\": {\"input\": {\"inputSchema\": {\"type\": \"object\"}}, "
    print "\"output\": {\"successSchema\": {\"type\": \"object\"}}}, \"secure\": false}" }' >"$tmp/refs.json"
run 10 lint --format json "$tmp/refs.json"
expect_status "one line of 80,000 \${input.a}" 1
expect_out "80,000 \${input.a}: one finding of each" \
    '[.findings[] | [.rule, .line]] == [["contract-mismatch", 1], ["payload-limit", 1]]'

# ---- success templates that made a rule scan the rest of the text at every step:
# 80,000 ${a} (contract-mismatch looked for #set and #foreach again for each: 16 s),
# 20,000 #set($vN) with their own and one unknown reference each (each unknown
# one compared against every #set), and 80,000 'a=' (plaintext-secret looked
# for the end of a value from every '=': 20 s)
many() { # TEMPLATE-AWK-EXPR COUNT > action whose success template repeats it
    awk -v n="$2" 'BEGIN {
        printf "{\"name\": \"many\", \"integrationType\": \"custom-rest-actions\", \"actionType\": \"custom\", "
        printf "\"config\": {\"request\": {\"requestUrlTemplate\": \"https://api.example.com/x\", \"requestType\": \"GET\", "
        printf "\"headers\": {}, \"requestTemplate\": \"${input.rawRequest}\"}, \"response\": {\"translationMap\": {}, "
        printf "\"translationMapDefaults\": {}, \"successTemplate\": \""
        for (i = 0; i < n; i++) printf '"$1"'
        printf "\"}, \"timeoutSeconds\": 5}, \"contract\": {\"input\": {\"inputSchema\": {\"type\": \"object\"}}, "
        print "\"output\": {\"successSchema\": {\"type\": \"object\"}}}, \"secure\": false}" }'
}
many '"${a}"' 80000 >"$tmp/aliases.json"
run 10 lint --format json "$tmp/aliases.json"
expect_status "80,000 \${a} in a success template" 0
expect_out "80,000 \${a}: one finding" '[.findings[] | .message] == ["'"'"'a'"'"' in the success template is not a translation-map alias"]'
many '"#set($v" i " = 1)${v" i "}${w" i "}"' 20000 >"$tmp/sets.json"
run 10 lint --format json "$tmp/sets.json"
expect_status "20,000 #set in a success template" 0
expect_out "20,000 #set: the unknown references only" \
    '.summary.warnings == 20000 and ([.findings[] | select(.message | test("^.v"))] | length) == 0'
many '"a="' 80000 >"$tmp/equals.json"
run 10 lint --format json "$tmp/equals.json"
expect_status "80,000 a= in a success template" 0
expect_out "80,000 a=: nothing to say" '.findings == []'

# ---- aliases of a 1 MB string: refused where the expansion passes 16 MiB, by lint and by build
for n in 1000 9000; do
    alias_bomb "$n" 1048576 >"$tmp/bomb-$n.yaml"
    # the crossing alias is the 15th: the text (1 MB) and 15 copies pass 16 MiB
    col=$(awk '/caseId: \{type/ { print index($0, ", *s") - 2 + 14 * 4 }' "$tmp/bomb-$n.yaml")
    run 10 lint --format json "$tmp/bomb-$n.yaml"
    expect_status "$n aliases of 1 MB: lint" 1
    expect_out "$n aliases of 1 MB: one syntax finding at the alias that crosses 16 MiB" \
        "(.findings | length) == 1 and .findings[0].rule == \"syntax\" and .findings[0].line == 26 and .findings[0].column == $col and (.findings[0].message | test(\"aliases expand the file to more than 16 MiB\"))"
    run 10 build -o "$tmp/out-$n" "$tmp/bomb-$n.yaml"
    expect_status "$n aliases of 1 MB: build" 1
    if [ ! -e "$tmp/out-$n" ] && grep -q "aliases expand the file to more than 16 MiB" "$tmp/out"; then ok; else
        bad "$n aliases of 1 MB: build writes nothing and says why"; fi
done
# within the cap (the text and 14 copies) the same action builds
alias_bomb 14 1048576 >"$tmp/within.yaml"
run 30 build --format json -o "$tmp/out-within" "$tmp/within.yaml"
expect_status "14 aliases of 1 MB: build" 0
size=$(stat -c %s "$tmp/out-within/update-case-priority.custom.json" 2>/dev/null || echo 0)
if [ "$size" -gt $((15 * 1048576)) ] && [ "$size" -lt $((17 * 1048576)) ]; then ok; else
    bad "14 aliases of 1 MB: the import file holds the 15 copies ($size bytes)"; fi

# ---- a key of 2,000 characters: valid JSON, with positions; in YAML, an explicit
# "? " key (libyaml takes no implicit key over 1,024 characters, and says so)
key=$(head -c 2000 /dev/zero | tr '\0' k)
jq --arg k "$key" '.contract.input.inputSchema.properties[$k] = {type: "string"}' \
    fixtures/examples/clean/get-order-status.custom.json >"$tmp/longkey.json"
jq -c . "$tmp/longkey.json" >"$tmp/longkey-one-line.json"
for f in longkey.json longkey-one-line.json; do
    run 10 lint --format json "$tmp/$f"
    expect_status "a JSON key of 2,000 characters ($f)" 0
    expect_out "a JSON key of 2,000 characters ($f): no finding" '(.findings | length) == 0 and .summary.actions == 1'
done
for form in implicit explicit; do
    awk -v k="$key" -v form="$form" '
        /^        caseId: \{type: string\}$/ {
            print
            if (form == "implicit") printf "        %s: {type: string}\n", k
            else printf "        ? %s\n        : {type: string}\n", k
            next }
        { print }' fixtures/examples/clean/update-case.yaml >"$tmp/longkey-$form.yaml"
done
run 10 lint --format json "$tmp/longkey-implicit.yaml"
expect_status "a YAML key of 2,000 characters" 1
expect_out "a YAML key of 2,000 characters: the message says what the limit is" \
    '.findings[0].rule == "syntax" and .findings[0].line == 27 and (.findings[0].message | test("at most 1,024 characters up to its .:. in YAML; write a longer one as an explicit .[?]"))'
run 10 lint --format json "$tmp/longkey-explicit.yaml"
expect_status "a YAML key of 2,000 characters as an explicit key" 0

echo "pathological: $count checks, $([ $fail = 0 ] && echo passed || echo FAILED)"
exit $fail
