#!/usr/bin/env bash
# dacc fix: each fixture of before/ fixed is after/ byte for byte (JSON and
# YAML, CRLF, tabs, no final newline, comments next to the edit, removal,
# a YAML alias it must refuse); a second fix changes nothing; --diff writes
# nothing and its patch gives after/; "-" writes the fixed text to standard
# output; fix then lint leaves none of the fixed findings; and, on a copy of
# the public exports (when present): no timeout or missing-Accept finding
# left, every file still parses, only the fixed lines differ, the other
# findings stay.
#   tests/fix/run.sh DACC
set -uo pipefail
cd "$(dirname "$0")/../.."
dacc=$1
[[ "$dacc" == /* ]] || dacc="$PWD/$dacc"
corpus=${DACC_CORPUS:-../shared/corpus/genesys-public}
[ -d "$corpus" ] || corpus=/work/shared/corpus/genesys-public
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0 count=0
ok() { count=$((count + 1)); }
bad() { count=$((count + 1)); fail=1; echo "FAIL $*"; }
check() { if eval "$2"; then ok; else bad "$1"; fi; }

# the findings fix removes: timeout, token-request-form's missing Accept and
# template's wrong-case roots
fixed='(.rule == "timeout" or (.rule == "token-request-form" and (.message | contains("Accept"))) or
        (.rule == "template" and (.message | contains("never resolves"))))'
fixed_findings() { # FILE-OR-DIR [OPTION] -> their number
    "$dacc" lint --format json ${2:-} "$1" 2>/dev/null | jq "[.findings[] | select($fixed)] | length"
}

for f in tests/fix/before/*; do
    name=$(basename "$f")
    want=tests/fix/after/$name
    refused=0; [ "$name" = yaml-alias.yaml ] && refused=1
    # unsafe-*: fixed with --unsafe; json-roots-escaped.json: a root written
    # with an escape (\u0024Input) is not in the file's text: left, found
    opts=(); [[ $name == unsafe-* ]] && opts=(--unsafe)
    left=0; [ "$name" = json-roots-escaped.json ] && left=1
    cp "$f" "$tmp/$name"
    "$dacc" fix -q "${opts[@]}" "$tmp/$name" >"$tmp/out" 2>"$tmp/err"; st=$?
    check "$name: fixed is after/$name" "cmp -s '$tmp/$name' '$want'"
    if [ $refused = 1 ]; then
        check "$name: refused with exit 2 (got $st)" "[ $st = 2 ]"
        check "$name: the refusal is said" "grep -q 'left untouched' '$tmp/err'"
        check "$name: untouched" "cmp -s '$f' '$tmp/$name'"
        continue
    fi
    check "$name: exit status 0 or 1, as lint (got $st)" "[ $st = 0 ] || [ $st = 1 ]"
    check "$name: $left fixed finding(s) left" "[ \"\$(fixed_findings '$tmp/$name')\" = $left ]"
    # idempotent: a second fix changes nothing, and --diff has nothing to show
    "$dacc" fix -q "${opts[@]}" "$tmp/$name" >/dev/null 2>&1
    check "$name: a second fix changes nothing" "cmp -s '$tmp/$name' '$want'"
    "$dacc" fix --diff "${opts[@]}" "$tmp/$name" >"$tmp/diff2" 2>&1; st=$?
    check "$name: --diff after fixing: exit 0, empty (got $st)" "[ $st = 0 ] && [ ! -s '$tmp/diff2' ]"
    # standard input: the fixed text on standard output
    "$dacc" fix "${opts[@]}" --stdin-filename "$name" - <"$f" >"$tmp/stdout" 2>/dev/null
    check "$name: fix - writes after/$name" "cmp -s '$tmp/stdout' '$want'"
    # --diff: exit 1 when there is something to fix, nothing written, the patch applies
    mkdir -p "$tmp/d" && cp "$f" "$tmp/d/$name"
    (cd "$tmp/d" && "$dacc" fix --diff "${opts[@]}" "$name" >"$tmp/patch" 2>/dev/null); st=$?
    if cmp -s "$f" "$want"; then
        check "$name: --diff on a clean file exits 0 (got $st)" "[ $st = 0 ] && [ ! -s '$tmp/patch' ]"
        continue
    fi
    check "$name: --diff exits 1 (got $st)" "[ $st = 1 ]"
    check "$name: --diff writes nothing" "cmp -s '$f' '$tmp/d/$name'"
    (cd "$tmp/d" && patch -s -p1 <"$tmp/patch" >/dev/null 2>&1)
    check "$name: the --diff patch gives after/$name" "cmp -s '$tmp/d/$name' '$want'"
    rm -rf "$tmp/d"
done

# an unsafe fix waits for --unsafe: without it, the file is not after/'s and
# more of the findings --unsafe fixes (timeout, secure-flag, token-request-form) stay
unsafe_findings() { # FILE NAME -> their number
    "$dacc" lint --format json --stdin-filename "$2" - <"$1" 2>/dev/null |
        jq '[.findings[] | select(.rule == "timeout" or .rule == "secure-flag" or .rule == "token-request-form")] | length'
}
for f in tests/fix/before/unsafe-*; do
    name=$(basename "$f")
    # with --unsafe: no timeout or secure-flag finding left, nor a JSON token
    # body (but where a literal secret keeps it)
    n=$("$dacc" lint --format json "tests/fix/after/$name" 2>/dev/null | jq '[.findings[] | select(.rule == "timeout"
        or .rule == "secure-flag" or (.rule == "token-request-form" and (.message | test("not JSON"))))] | length')
    want=0; [ "$name" = unsafe-json-token-literal.json ] && want=2
    check "$name: after --unsafe, $want of the findings it fixes left (got $n)" "[ '$n' = $want ]"
    "$dacc" fix --stdin-filename "$name" - <"$f" >"$tmp/safe" 2>/dev/null
    check "$name: without --unsafe, the unsafe fixes wait" \
        "! cmp -s '$tmp/safe' 'tests/fix/after/$name' &&
         [ \$(unsafe_findings '$tmp/safe' '$name') -gt \$(unsafe_findings 'tests/fix/after/$name' '$name') ]"
done

# the rules marked [dacc fix] (or [dacc fix --unsafe]) by dacc rules are the
# ones whose explain text has a Fix part, which names --unsafe when they are unsafe
while read -r slug mark; do
    fixpart=$("$dacc" explain "$slug" | sed -n '/^Fix$/,$p')
    case $mark in
    '[dacc fix]') check "$slug: marked fixable, its explain has a Fix part" "[ -n \"\$fixpart\" ]" ;;
    '[dacc fix --unsafe]') check "$slug: marked unsafe, its Fix part says --unsafe" "grep -q -- --unsafe <<<\"\$fixpart\"" ;;
    *) check "$slug: not marked fixable, no Fix part" "[ -z \"\$fixpart\" ]" ;;
    esac
done < <("$dacc" rules | sed -E 's/^([a-z-]+) .*(\[dacc fix[^]]*\])$/\1 \2/; t; s/^([a-z-]+) .*/\1 -/')

# fix then lint with one env: .dacc.yaml is read once, so a note about it
# (here: owned by another user, not used) is said once
mkdir -p "$tmp/note"
cp tests/fix/before/json-lf.json "$tmp/note/a.json"
printf 'rules:\n  timeout: off\n' >"$tmp/note/.dacc.yaml"
if chown 65534 "$tmp/note/.dacc.yaml" 2>/dev/null; then
    (cd "$tmp/note" && "$dacc" fix -q a.json >/dev/null 2>"$tmp/note/err")
    check "fix says the .dacc.yaml note once ($(grep -c 'is not used' "$tmp/note/err"))" \
        "[ \$(grep -c 'is not used' '$tmp/note/err') = 1 ]"
else
    echo "   (the .dacc.yaml note: cannot give a file away here, not checked)"
fi

# fix takes the lint options that make sense for what it lints after fixing
mkdir -p "$tmp/empty"
"$dacc" fix --format sarif --srcroot "$tmp" --subst A=B --allow-empty --strict "$tmp/empty" >"$tmp/empty.sarif" 2>&1
check "fix --allow-empty --format sarif --srcroot --subst --strict on an empty directory: an empty SARIF run" \
    "jq -e '.runs[0].results == []' '$tmp/empty.sarif' >/dev/null"
cp tests/fix/before/json-lf.json "$tmp/empty/a.json"
"$dacc" lint --write-baseline "$tmp/base.json" "$tmp/empty/a.json" >/dev/null 2>&1
"$dacc" fix --baseline "$tmp/base.json" "$tmp/empty/a.json" >/dev/null 2>&1; st=$?
check "fix --baseline: fixed, and what is left is in the baseline (exit $st)" \
    "[ $st = 0 ] && cmp -s '$tmp/empty/a.json' tests/fix/after/json-lf.json"

# SARIF's fixes: the log is valid against the SARIF 2.1.0 schema, and its
# replacements applied as a code-scanning tool would (tests/fix/apply-sarif.mjs)
# give what dacc fix --unsafe writes (two members inserted at one place may
# come in either order: their lines are compared sorted)
ajv=node_modules/.bin/ajv
sarif_schema=node_modules/@microsoft/sarif-multitool-linux/sarif-2.1.0.json
mkdir -p "$tmp/s/in" "$tmp/s/out"
cp tests/fix/before/* "$tmp/s/in/"
"$dacc" lint --format sarif --srcroot "$tmp/s" "$tmp/s/in" >"$tmp/s/log.sarif.json" 2>/dev/null
nfix=$(jq '[.runs[0].results[] | select(.fixes)] | length' "$tmp/s/log.sarif.json")
check "sarif: results carry fixes ($nfix)" "[ '$nfix' -ge 20 ]"
if [ -x "$ajv" ] && [ -f "$sarif_schema" ]; then
    check "sarif: the log with fixes is valid against the SARIF 2.1.0 schema" \
        "'$ajv' validate --spec=draft2020 -c ajv-formats -s '$sarif_schema' -d '$tmp/s/log.sarif.json' >/dev/null 2>&1"
else
    bad "ajv or the SARIF schema is not installed: run scripts/install-deps --test"
fi
# two findings at one place get each its own fix (or none): a token request
# without headers misses Accept (fixed: a headers member) and Content-Type
# (no fix) at the same /config/request/headers; a fix that adds Accept is
# only ever on a finding about Accept, one of the roots only on a root's
check "sarif: each finding at one place has its own fix" "jq -e '[.runs[0].results[] | select(.fixes) |
    (.fixes[0].description.text | test(\"Accept\")) == (.message.text | test(\"Accept\")) and
    ((.fixes[0].description.text | test(\"Velocity root\")) == (.message.text | test(\"never resolves\")))] |
    all' '$tmp/s/log.sarif.json' >/dev/null &&
    jq -e '[.runs[0].results[] | select(.properties.pointer == \"/config/request/headers\" and
    (.locations[0].physicalLocation.artifactLocation.uri | endswith(\"yaml-list.yaml\")))] |
    map(.fixes != null) == [true, false]' '$tmp/s/log.sarif.json' >/dev/null"
node tests/fix/apply-sarif.mjs "$tmp/s/log.sarif.json" "$tmp/s/out" >/dev/null
for f in tests/fix/before/*; do
    name=$(basename "$f")
    [ "$name" = yaml-alias.yaml ] && continue
    cp "$f" "$tmp/s/want"
    "$dacc" fix -q --unsafe "$tmp/s/want" >/dev/null 2>&1
    [ -f "$tmp/s/out/$name" ] || cp "$f" "$tmp/s/out/$name"
    check "sarif: $name with its SARIF fixes applied is what dacc fix --unsafe writes" \
        "cmp -s <(sort '$tmp/s/want') <(sort '$tmp/s/out/$name')"
done

# the public exports, copied (skipped, said, when ../shared/corpus is absent)
if [ -d "$corpus" ]; then
    mkdir -p "$tmp/corpus"
    cp "$corpus"/*.json "$tmp/corpus/"
    "$dacc" lint --format json "$tmp/corpus" >"$tmp/before.json" 2>/dev/null
    n_before=$(fixed_findings "$tmp/corpus")
    check "corpus: there are fixed findings to start with ($n_before)" "[ $n_before -gt 100 ]"
    "$dacc" fix -q "$tmp/corpus" >/dev/null 2>"$tmp/err"
    check "corpus: fix says nothing was refused" "! grep -q 'left untouched' '$tmp/err'"
    check "corpus: no timeout, missing-Accept or wrong-case-root finding left" \
        "[ \"\$(fixed_findings '$tmp/corpus')\" = 0 ]"
    # idempotent: a second fix changes nothing
    cp -r "$tmp/corpus" "$tmp/corpus2"
    "$dacc" fix -q "$tmp/corpus2" >/dev/null 2>&1
    check "corpus: a second fix changes nothing" "diff -rq '$tmp/corpus' '$tmp/corpus2' >/dev/null"
    "$dacc" lint --format json "$tmp/corpus" >"$tmp/after.json" 2>/dev/null
    # the other findings are the same, nothing draws a syntax error, every JSON file still parses
    rest="[.findings[] | select($fixed | not) | [.file, .rule, (.pointer // \"\"), .message]] | sort"
    check "corpus: the other findings are unchanged" \
        "[ \"\$(jq -c '$rest' '$tmp/before.json')\" = \"\$(jq -c '$rest' '$tmp/after.json')\" ]"
    check "corpus: no fixed file draws a syntax error" \
        "jq -e '[.findings[] | select(.rule == \"syntax\")] | length == 0' '$tmp/after.json' >/dev/null"
    unparsed=0
    for j in "$tmp/corpus"/*.json; do sed '1s/^\xEF\xBB\xBF//' "$j" | jq empty 2>/dev/null || unparsed=$((unparsed + 1)); done
    check "corpus: every fixed JSON file parses with jq ($unparsed do not)" "[ $unparsed = 0 ]"
    # only the fixed members differ: every added line is a timeoutSeconds or
    # an Accept header, every changed line one whose wrong-case roots are lower-cased
    diff -r "$corpus" "$tmp/corpus" | grep '^[<>]' >"$tmp/lines"
    added=$(grep -cE $'^> [ \t]*"(timeoutSeconds": 5|Accept": "application/json"),\r?$' "$tmp/lines")
    grep '^<' "$tmp/lines" | sed 's/^< //; s/\$Input\./$input./g; s/\${INPUT\./${input./g' >"$tmp/old"
    grep '^>' "$tmp/lines" | grep -vE $'^> [ \t]*"(timeoutSeconds": 5|Accept": "application/json"),\r?$' |
        sed 's/^> //' >"$tmp/new"
    removed=$(wc -l <"$tmp/old")
    check "corpus: only added timeoutSeconds and Accept lines and lower-cased roots ($added added, $removed changed)" \
        "[ $((added + removed)) -ge $n_before ] && [ $removed -gt 0 ] && cmp -s '$tmp/old' '$tmp/new'"
    # dacc build of each fixed file is the build of the original but for the
    # fixed members: timeoutSeconds and the Accept header deleted on both
    # sides (a headers member left empty too), the original's wrong-case
    # roots lower-cased as the fix does; every rule off but syntax, so that
    # both build
    { echo 'rules:'; "$dacc" rules | awk '$1 != "syntax" { print "  " $1 ": off" }'; } >"$tmp/off.yaml"
    norm='walk(if type == "object" then del(.timeoutSeconds, .Accept) else . end)
          | walk(if type == "object" and .headers == {} then del(.headers) else . end)'
    lower='walk(if type == "string" then gsub("\\$Input\\."; "$input.") | gsub("\\$\\{INPUT\\."; "${input.") else . end)'
    built=0 differ=0
    for j in "$tmp/corpus"/*.json; do
        name=$(basename "$j")
        rm -rf "$tmp/b0" "$tmp/b1"
        "$dacc" build -q --config "$tmp/off.yaml" -o "$tmp/b0" "$corpus/$name" >/dev/null 2>&1
        "$dacc" build -q --config "$tmp/off.yaml" -o "$tmp/b1" "$j" >/dev/null 2>&1
        [ -d "$tmp/b0" ] || { differ=$((differ + 1)); echo "   $name: the original does not build"; continue; }
        for out in "$tmp/b0"/*.json; do
            o=$(basename "$out")
            if [ -f "$tmp/b1/$o" ] && [ "$(jq -S "$norm | $lower" "$out")" = "$(jq -S "$norm" "$tmp/b1/$o")" ]; then
                built=$((built + 1))
            else
                differ=$((differ + 1)); echo "   $name: $o differs"
            fi
        done
        [ "$(ls "$tmp/b0")" = "$(ls "$tmp/b1")" ] || { differ=$((differ + 1)); echo "   $name: other files built"; }
    done
    check "corpus: each fixed file builds as the original but for the fixed members ($built files equal, $differ not)" \
        "[ $differ = 0 ] && [ $built -ge 134 ]"
    # SARIF's fixes on the exports, applied, give what dacc fix --unsafe writes
    mkdir -p "$tmp/cs/in" "$tmp/cs/out" "$tmp/cs/want"
    cp "$corpus"/*.json "$tmp/cs/in/" && cp "$corpus"/*.json "$tmp/cs/want/"
    "$dacc" lint --format sarif --srcroot "$tmp/cs" "$tmp/cs/in" >"$tmp/cs/log.json" 2>/dev/null
    node tests/fix/apply-sarif.mjs "$tmp/cs/log.json" "$tmp/cs/out" >/dev/null
    "$dacc" fix -q --unsafe "$tmp/cs/want" >/dev/null 2>&1
    sarif_differ=0
    for j in "$tmp/cs/want"/*.json; do
        name=$(basename "$j")
        [ -f "$tmp/cs/out/$name" ] || cp "$tmp/cs/in/$name" "$tmp/cs/out/$name"
        cmp -s <(sort "$j") <(sort "$tmp/cs/out/$name") || sarif_differ=$((sarif_differ + 1))
    done
    check "corpus: SARIF's fixes applied give what dacc fix --unsafe writes ($sarif_differ files differ)" \
        "[ $sarif_differ = 0 ] && [ \$(ls '$tmp/cs/out' | wc -l) = \$(ls '$tmp/cs/in' | wc -l) ]"
    # the counts, as git diff --stat gives them
    mkdir -p "$tmp/orig" && cp "$corpus"/*.json "$tmp/orig/"
    stat=$(cd "$tmp" && git diff --no-index --shortstat orig corpus 2>/dev/null | sed 's/^ //')
    echo "corpus: ${stat:-$(diff -rq "$tmp/orig" "$tmp/corpus" | wc -l) files changed} (built alike: $built)"
else
    echo "   (no corpus at $corpus: the public exports are not checked)"
fi

# a fix changes bytes, nothing else: the file keeps its permissions, and a
# symbolic link stays a link (its target is fixed)
mkdir -p "$tmp/keep/real"
cp tests/fix/before/json-lf.json "$tmp/keep/real/a.json"
cp "$tmp/keep/real/a.json" "$tmp/keep/private.json"
chmod 600 "$tmp/keep/private.json"
ln -s real/a.json "$tmp/keep/link.json"
"$dacc" fix -q "$tmp/keep/private.json" "$tmp/keep/link.json" >/dev/null 2>&1
check "fix keeps a file's permissions (0600)" "[ \"\$(stat -c %a '$tmp/keep/private.json')\" = 600 ]"
check "fix writes through a symbolic link, which stays one" "[ -L '$tmp/keep/link.json' ] && [ \"\$(fixed_findings '$tmp/keep/real/a.json')\" = 0 ]"
check "the fixed files were fixed" "[ \"\$(fixed_findings '$tmp/keep/private.json')\" = 0 ]"

[ $fail = 0 ] && echo "fix: $count checks passed"
exit $fail
