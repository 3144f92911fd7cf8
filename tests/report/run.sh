#!/usr/bin/env bash
# Report formats: the same findings rendered as text, json, sarif and github.
#   tests/report/run.sh DACC            compare each format with tests/report/expected/FORMAT.txt,
#                                       validate SARIF against the SARIF 2.1.0 schema, check
#                                       the escaping of GitHub workflow commands, grep for canaries
#   tests/report/run.sh DACC --update   rewrite the goldens (review them in the diff)
set -euo pipefail
cd "$(dirname "$0")/../.."
dacc=${1:?usage: tests/report/run.sh DACC [--update]}
update=${2:-}
[[ "$dacc" == /* ]] || dacc="$PWD/$dacc"
root=$PWD
data=tests/cli/data
expected=tests/report/expected
formats=(text json sarif github)
ajv=node_modules/.bin/ajv
multitool_dir=node_modules/@microsoft/sarif-multitool-linux
sarif_schema=$multitool_dir/sarif-2.1.0.json   # the schema the SARIF Multitool ships (draft 2020-12)
multitool=$multitool_dir/Sarif.Multitool
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0 count=0
ok() { count=$((count + 1)); }
bad() { count=$((count + 1)); fail=1; echo "FAIL $*"; }

# lint ARGS... : run dacc with stdout to $tmp/out, stderr to $tmp/err; sets $status
lint() {
    status=0
    timeout 20 "$dacc" lint "$@" </dev/null >"$tmp/out" 2>"$tmp/err" || status=$?
}

# --- (a) goldens: every format over the same fixtures ---
fixtures=("$data/mixed.json" "$data/mixed.yaml" "$data/clean.json")
for fmt in "${formats[@]}"; do
    lint --format "$fmt" --no-color "${fixtures[@]}"
    # SARIF names the machine's directories (%SRCROOT%, workingDirectory): the golden holds a stand-in
    [ "$fmt" != sarif ] || sed -i "s|\"file://$root/\"|\"file:///SRCROOT/\"|" "$tmp/out"
    cp "$tmp/out" "$tmp/golden-$fmt.out"
    [ "$status" = 1 ] && ok || bad "$fmt: exit status $status, expected 1"
    [ -s "$tmp/err" ] && bad "$fmt: stderr is not empty: $(head -c 300 "$tmp/err")" || ok
    if [ "$update" = "--update" ]; then
        mkdir -p "$expected"
        cp "$tmp/out" "$expected/$fmt.txt"
    fi
    if [ ! -f "$expected/$fmt.txt" ]; then
        bad "$fmt: no golden $expected/$fmt.txt (run tests/report/run.sh DACC --update)"
    elif diff -u "$expected/$fmt.txt" "$tmp/out" >"$tmp/diff"; then
        ok
    else
        bad "$fmt: output differs from $expected/$fmt.txt"; head -60 "$tmp/diff"
    fi
done
# the structured formats carry the same findings as json, in the same order
jq -c '[.findings[] | [.rule, .severity, .file, .line, .column, .pointer, .action, .message]]' \
    "$tmp/golden-json.out" >"$tmp/view-json"
jq -c '.runs[0] as $r | [$r.results[] | [.ruleId, .level, .locations[0].physicalLocation.artifactLocation.uri,
        .locations[0].physicalLocation.region.startLine, .locations[0].physicalLocation.region.startColumn,
        .properties.pointer, .properties.action, .message.text]]' "$tmp/golden-sarif.out" >"$tmp/view-sarif"
# (the fixture paths need no percent-encoding, so the URI is the path)
cmp -s "$tmp/view-json" "$tmp/view-sarif" && ok || bad "sarif results differ from the json findings"
jq -e '.runs[0] as $r | all($r.results[]; $r.tool.driver.rules[.ruleIndex].id == .ruleId)
       and all($r.results[]; .locations[0].logicalLocations[0].fullyQualifiedName == .properties.pointer)' \
    "$tmp/golden-sarif.out" >/dev/null && ok || bad "sarif ruleIndex or logical location does not match"
"$dacc" rules | awk '{ print $1 }' >"$tmp/slugs"
jq -r '.runs[0].tool.driver.rules[].id' "$tmp/golden-sarif.out" | cmp -s - "$tmp/slugs" && ok \
    || bad "sarif rules are not every registered rule, in registry order"

# --- (b) SARIF against the official SARIF 2.1.0 JSON Schema ---
# The reports: the goldens' run, a clean run (no results), standard input with
# and without --stdin-filename, absolute and awkward file names, and the canaries.
mkdir -p "$tmp/sarif" "$tmp/names/d ir"
cp "$tmp/golden-sarif.out" "$tmp/sarif/golden.sarif"
lint --format sarif "$data/clean.json"; cp "$tmp/out" "$tmp/sarif/clean.sarif"
timeout 20 "$dacc" lint --format sarif - <"$data/mixed.yaml" >"$tmp/sarif/stdin.sarif" 2>/dev/null || true
timeout 20 "$dacc" lint --format sarif --stdin-filename 'flows/a b:c.yaml' - <"$data/mixed.yaml" \
    >"$tmp/sarif/stdin-named.sarif" 2>/dev/null || true
# two files (one file named twice is read once): one named relative, one absolute
mkdir -p "$tmp/names/e ir"
cp "$data/mixed.json" "$tmp/names/d ir/a b,c:d%e#f?[x]é.json"
sed 's/"name": "[^"]*"/"name": "A twin"/' "$data/mixed.json" >"$tmp/names/e ir/a b,c:d%e#f?[x]é.json"
(cd "$tmp/names" && timeout 20 "$dacc" lint --format sarif "d ir/a b,c:d%e#f?[x]é.json" \
    "$tmp/names/e ir/a b,c:d%e#f?[x]é.json" >"$tmp/sarif/names.sarif" 2>/dev/null) || true
lint --format sarif "$data/canary.json" "$data/canary-syntax.json"; cp "$tmp/out" "$tmp/sarif/canary.sarif"
# a config that turns a rule off and changes another's level: still valid SARIF
printf 'rules:\n  timeout: off\n  insecure-url: note\n' >"$tmp/levels.yaml"
lint --format sarif --config "$tmp/levels.yaml" "$data/mixed.json"; cp "$tmp/out" "$tmp/sarif/configured.sarif"
jq -e '[.runs[0].tool.driver.rules[] | select(.id == "timeout" or .id == "insecure-url") | .defaultConfiguration]
       == [{"enabled": false, "level": "error"}, {"level": "note"}]' "$tmp/sarif/configured.sarif" >/dev/null \
    && ok || bad "sarif: rules entries carry the configured level"
jq -e '[.runs[0].results[].locations[0].physicalLocation.artifactLocation.uri] | unique
       == ["d%20ir/a%20b%2Cc%3Ad%25e%23f%3F%5Bx%5D%C3%A9.json",
           "e%20ir/a%20b%2Cc%3Ad%25e%23f%3F%5Bx%5D%C3%A9.json"]' \
    --arg dir "$tmp/names" "$tmp/sarif/names.sarif" >/dev/null && ok \
    || bad "sarif: file names become percent-encoded URI references: $(jq -c '[.runs[0].results[].locations[0].physicalLocation.artifactLocation.uri] | unique' "$tmp/sarif/names.sarif")"
jq -e '[.runs[0].results[].locations[0].physicalLocation.artifactLocation.uri] | unique == ["%3Cstdin%3E"]' \
    "$tmp/sarif/stdin.sarif" >/dev/null && ok || bad "sarif: <stdin> is encoded"
jq -e '[.runs[0].results[].locations[0].physicalLocation.artifactLocation.uri] | unique == ["flows/a%20b%3Ac.yaml"]' \
    "$tmp/sarif/stdin-named.sarif" >/dev/null && ok || bad "sarif: --stdin-filename is encoded"
jq -e '.runs[0].results == [] and (.runs[0].tool.driver.rules | length) > 0' "$tmp/sarif/clean.sarif" >/dev/null \
    && ok || bad "sarif: a clean run has no results and still lists the rules"
jq -e '.runs[0].invocations[0].executionSuccessful == true' "$tmp/sarif/clean.sarif" >/dev/null \
    && ok || bad "sarif: a run that read every input was successful"
# an input that cannot be read: exit 2, and the run says it did not succeed
lint --format sarif "$tmp/no-such-file.json" "$data/clean.json"; cp "$tmp/out" "$tmp/sarif/unreadable.sarif"
[ "$status" = 2 ] && ok || bad "sarif: an unreadable input is exit status 2 (got $status)"
jq -e '.runs[0].invocations[0].executionSuccessful == false' "$tmp/sarif/unreadable.sarif" >/dev/null \
    && ok || bad "sarif: a run with an unreadable input is not executionSuccessful"

if [ ! -x "$ajv" ] || [ ! -f "$sarif_schema" ] || [ ! -d node_modules/ajv-formats ]; then
    bad "ajv, ajv-formats or the SARIF Multitool's schema is not installed: run scripts/install-deps --test"
else
    jq -e '."$schema" == "https://json-schema.org/draft/2020-12/schema"' "$sarif_schema" >/dev/null \
        || bad "$sarif_schema is no longer draft 2020-12: change --spec below"
    args=()
    for f in "$tmp"/sarif/*.sarif; do cp "$f" "$f.json"; args+=(-d "$f.json"); done # ajv reads data by extension
    # -c ajv-formats: check "format" too (artifactLocation.uri is a uri-reference)
    if "$ajv" validate --spec=draft2020 -c ajv-formats -s "$sarif_schema" "${args[@]}" --errors=text \
        >"$tmp/ajv.out" 2>&1; then
        ok
    else
        bad "SARIF output is not valid against $sarif_schema:"; cat "$tmp/ajv.out"
    fi
    # and the validator does refuse what it should (a bad level, a bad URI)
    jq '.runs[0].results[0].level = "fatal"' "$tmp/sarif/golden.sarif" >"$tmp/broken-level.json"
    jq '.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri = "a b:c"' \
        "$tmp/sarif/golden.sarif" >"$tmp/broken-uri.json"
    for b in broken-level broken-uri; do
        if "$ajv" validate --spec=draft2020 -c ajv-formats -s "$sarif_schema" -d "$tmp/$b.json" >/dev/null 2>&1; then
            bad "ajv accepts a broken SARIF file ($b)"
        else ok; fi
    done
fi

# The Multitool's own validator (schema plus SARIF's rules), when it runs here.
# It exits 0 whatever it finds, and skips a file it cannot read without a
# word, so its log is read: no error or warning, and every file reported on
# (each draws notes, such as SARIF2003 "provide version control provenance").
if [ -x "$multitool" ] && "$multitool" --version >/dev/null 2>&1; then
    (cd "$tmp/sarif" && "$root/$multitool" validate ./*.sarif -o "$tmp/multitool.sarif" \
        --level "Error;Warning;Note" --log ForceOverwrite >"$tmp/multitool.out" 2>&1) || true
    if [ ! -s "$tmp/multitool.sarif" ]; then
        bad "the SARIF Multitool wrote no log"; cat "$tmp/multitool.out"
    else
        problems=$(jq -r '.runs[0].results[] | select(.level == "error" or .level == "warning")
                          | "\(.ruleId): \(.locations[0].physicalLocation.artifactLocation.uri): \(.message.arguments // [] | join(" | "))"' \
                   "$tmp/multitool.sarif")
        [ -z "$problems" ] && ok || { bad "the SARIF Multitool finds problems:"; echo "$problems"; }
        seen=$(jq -r '[.runs[0].results[].locations[0].physicalLocation.artifactLocation.uri | sub(".*/"; "")] | unique | join(" ")' \
               "$tmp/multitool.sarif")
        all=$(cd "$tmp/sarif" && ls ./*.sarif | sed 's|^\./||' | sort | tr '\n' ' ' | sed 's/ $//')
        [ "$seen" = "$all" ] && ok || bad "the SARIF Multitool did not read every file: read '$seen' of '$all'"
    fi
else
    echo "note: the SARIF Multitool ($multitool) does not run here; its validate step is skipped"
fi

# --- (c) github: workflow commands, escaped as GitHub's toolkit escapes them ---
# A file whose name holds ',', ':', '%', a newline and a carriage return, and a
# header name with '%', ',' and ':' that the insecure-url message quotes.
mkdir -p "$tmp/gh"
name=$'we,ird:na%me\nnl\rcr.json'
jq '.config.request.headers = {"Ref%er,er:x": "http://portal.example.com/"}' "$data/mixed.json" >"$tmp/gh/$name"
(cd "$tmp/gh" && timeout 20 "$dacc" lint --format github "$name" "$root/$data/clean.json" >"$tmp/gh.out" 2>"$tmp/gh.err") || true
(cd "$tmp/gh" && timeout 20 "$dacc" lint --format json "$name" "$root/$data/clean.json" >"$tmp/gh.json" 2>/dev/null) || true
[ "$(wc -l <"$tmp/gh.out")" = 3 ] && ok || bad "github: one line a finding (3): $(cat "$tmp/gh.out")"
[ -s "$tmp/gh.err" ] && bad "github: stderr is not empty" || ok
if grep -Ev '^::(error|warning|notice) file=[^,]*,line=[0-9]+,col=[0-9]+,title=[a-z-]+::' "$tmp/gh.out"; then
    bad "github: the lines above are not workflow commands"
else ok; fi
grep -qF 'file=we%2Cird%3Ana%25me%0Anl%0Dcr.json,line=9,col=' "$tmp/gh.out" && ok \
    || bad "github: the file property is escaped: $(head -1 "$tmp/gh.out")"
grep -qF "title=insecure-url::header 'Ref%25er,er:x' uses http://; call https:// endpoints only" "$tmp/gh.out" && ok \
    || bad "github: the message is escaped as data ('%' only; ',' and ':' kept): $(cat "$tmp/gh.out")"
# decoded again, the commands carry exactly the json findings
if jq -e -R -s --slurpfile j "$tmp/gh.json" '
    def unescape: gsub("%0D"; "\r") | gsub("%0A"; "\n") | gsub("%3A"; ":") | gsub("%2C"; ",") | gsub("%25"; "%");
    [split("\n")[] | select(length > 0)
     | capture("^::(?<cmd>error|warning|notice) file=(?<file>[^,]*),line=(?<line>[0-9]+),col=(?<col>[0-9]+),title=(?<title>[a-z-]+)::(?<msg>.*)$")
     | [(if .cmd == "notice" then "note" else .cmd end), (.file | unescape), (.line | tonumber),
        (.col | tonumber), .title, (.msg | unescape)]]
    == [$j[0].findings[] | [.severity, .file, .line, .column, .rule, .message]]' "$tmp/gh.out" >/dev/null; then
    ok
else
    bad "github: decoded commands differ from the json findings"
fi
lint --format github "$data/clean.json"
[ "$status" = 0 ] && [ ! -s "$tmp/out" ] && ok || bad "github: a clean run prints nothing (status $status)"

# --- (d) no secret in any format ---
for f in canary.json canary-syntax.json; do
    for fmt in "${formats[@]}"; do
        lint --format "$fmt" "$data/$f"
        if grep -q CANARY "$tmp/out" "$tmp/err"; then bad "$f ($fmt) prints the secret"; else ok; fi
        status=0
        timeout 20 "$dacc" lint --format "$fmt" - <"$data/$f" >"$tmp/out" 2>"$tmp/err" || status=$?
        if grep -q CANARY "$tmp/out" "$tmp/err"; then bad "$f ($fmt, stdin) prints the secret"; else ok; fi
    done
done

# --- (e) pathological reports: caps and counts, memory, terminal controls in names ---
if tests/report/bounds.sh "$dacc"; then ok; else bad "tests/report/bounds.sh (above)"; fi
if tests/report/github.sh "$dacc"; then ok; else bad "tests/report/github.sh (above)"; fi

if [ "$fail" = 0 ]; then echo "report: $count checks passed"; fi
exit "$fail"
