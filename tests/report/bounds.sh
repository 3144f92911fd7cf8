#!/usr/bin/env bash
# Pathological reports: findings by the hundred thousand, and names that try to
# write to the terminal or forge a GitHub workflow command.
#   tests/report/bounds.sh DACC
# The inputs are generated here, in a temporary directory.
#  (a) 200,000 lines of '- {}' (1 MB, 600,000 findings) in every format: the
#      first 1,000 findings listed, every one counted, the omission said, and
#      peak memory under 100 times the input (it was 170 MB in text, 983 MB in
#      json, 2.67 GB in sarif).  An ASan build's memory is not that of a
#      release build (shadow memory, quarantine): there the bound is skipped.
#  (b) the run cap (25,000) over 30 files, the same output for every -j, and
#      counts that honour suppressions and the ignore list beyond the caps
#  (c) file names, action names and echoed lines with ESC, C1 controls and
#      newlines, in the text and github formats
set -euo pipefail
cd "$(dirname "$0")/../.."
dacc=${1:?usage: tests/report/bounds.sh DACC}
[[ "$dacc" == /* ]] || dacc="$PWD/$dacc"
root=$PWD
ajv=node_modules/.bin/ajv
sarif_schema=node_modules/@microsoft/sarif-multitool-linux/sarif-2.1.0.json
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0 count=0
ok() { count=$((count + 1)); }
bad() { count=$((count + 1)); fail=1; echo "FAIL $*"; }

asan=0
if nm "$dacc" 2>/dev/null | grep '__asan_init' >/dev/null; then asan=1; fi # not -q: nm would die of SIGPIPE (pipefail)
timer=/usr/bin/time
[ -x "$timer" ] || timer=

# run DIR ARGS... : dacc in DIR, stdout to $tmp/out, stderr to $tmp/err, peak
# RSS in KiB to $rss (empty without /usr/bin/time); sets $status
run() {
    local dir=$1
    shift
    status=0
    rss=
    if [ -n "$timer" ]; then
        (cd "$dir" && "$timer" -f %M -o "$tmp/rss" timeout 300 "$dacc" "$@" </dev/null >"$tmp/out" 2>"$tmp/err") \
            || status=$?
        rss=$(tail -n 1 "$tmp/rss")
    else
        (cd "$dir" && timeout 300 "$dacc" "$@" </dev/null >"$tmp/out" 2>"$tmp/err") || status=$?
    fi
}

lines() { # TEXT N: N lines of TEXT
    yes -- "$1" | head -n "$2" || true # yes ends on SIGPIPE
}

omitted_text() { # N -> the sentence every format gives
    echo "$1 findings not shown: a report lists the first 1000 findings of each file and the first 25000 of the run (the counts hold them all)"
}

# --- (a) one file, 600,000 findings ---
mkdir -p "$tmp/a"
lines '- {}' 200000 >"$tmp/a/one.yaml"
input_kib=$(( $(stat -c %s "$tmp/a/one.yaml") / 1024 ))
limit=$((input_kib * 100))
[ "$timer" ] || echo "note: /usr/bin/time is missing: peak memory is not checked"
[ "$asan" = 1 ] && echo "note: an ASan build: peak memory is not checked (shadow memory and quarantine inflate it)"
for fmt in text json sarif github; do
    run "$tmp/a" lint --no-color --format "$fmt" one.yaml
    cp "$tmp/out" "$tmp/a/$fmt.out"
    [ "$status" = 1 ] && ok || bad "600,000 findings ($fmt): exit status $status, expected 1"
    [ -s "$tmp/err" ] && bad "600,000 findings ($fmt): stderr: $(head -c 300 "$tmp/err")" || ok
    if [ -n "$rss" ] && [ "$asan" = 0 ]; then
        [ "$rss" -le "$limit" ] && ok \
            || bad "600,000 findings ($fmt): peak memory $rss KiB, over 100 times the input ($limit KiB)"
    fi
    echo "  $fmt: peak ${rss:-?} KiB for a ${input_kib} KiB input"
done
out=$tmp/a/text.out
tail -n 1 "$out" | grep -qxF "1 file, 200000 actions: 600000 errors, 0 warnings; $(omitted_text 599000)" && ok \
    || bad "text: the summary counts every finding and says how many are not shown: $(tail -n 1 "$out")"
[ "$(grep -c ': error: ' "$out")" = 1000 ] && ok || bad "text: 1,000 findings listed ($(grep -c ': error: ' "$out"))"
out=$tmp/a/json.out
jq -e '.summary == {"files": 1, "actions": 200000, "errors": 600000, "warnings": 0, "omitted": 599000}
       and (.findings | length) == 1000 and .findings[0].line == 1 and .findings[999].line == 334' "$out" >/dev/null \
    && ok || bad "json: summary and the first 1,000 findings: $(jq -c '.summary, (.findings | length)' "$out" 2>&1 | head -c 300)"
out=$tmp/a/sarif.out
jq -e '.runs[0] as $r | ($r.results | length) == 1000
       and $r.invocations[0].executionSuccessful == true
       and ($r.invocations[0].toolExecutionNotifications | length) == 1
       and ($r.invocations[0].toolExecutionNotifications[0] | .level == "warning"
            and .descriptor.id == "results-capped" and .properties.omittedResults == 599000
            and (.message.text | startswith("599000 results left out: a SARIF run of dacc lists at most 25000")))
       and $r.properties == {"omittedResults": 599000, "maxResultsPerFile": 1000, "maxResultsPerRun": 25000}' \
    "$out" >/dev/null && ok || bad "sarif: 1,000 results, a notification and the run's properties say what was left out"
out=$tmp/a/github.out
[ "$(wc -l <"$out")" = 1001 ] && ok || bad "github: 1,000 commands and one about the rest ($(wc -l <"$out") lines)"
tail -n 1 "$out" | grep -qxF "::warning title=dacc::$(omitted_text 599000)" && ok \
    || bad "github: the last line says how many are not shown: $(tail -n 1 "$out")"
if [ -x "$ajv" ] && [ -f "$sarif_schema" ] && [ -d node_modules/ajv-formats ]; then
    cp "$tmp/a/sarif.out" "$tmp/a/capped.sarif.json"
    cp "$tmp/a/json.out" "$tmp/a/capped.json"
    "$ajv" validate --spec=draft2020 -c ajv-formats -s "$sarif_schema" -d "$tmp/a/capped.sarif.json" >/dev/null 2>&1 \
        && ok || bad "sarif: a capped report is not valid SARIF 2.1.0"
    "$ajv" validate --spec=draft7 -s schemas/report.schema.json -d "$tmp/a/capped.json" >/dev/null 2>&1 \
        && ok || bad "json: a capped report does not validate against schemas/report.schema.json"
fi

# --- (b) the run cap, -j, suppressions and the ignore list beyond the caps ---
mkdir -p "$tmp/b"
total=0
for i in $(seq 1 30); do
    n=$((340 + 10 * i))                    # 1,050 to 1,920 findings a file
    lines '- {}' "$n" >"$tmp/b/f$i.yaml"
    total=$((total + 3 * n))
done
run "$tmp/b" lint --format json -j 1 .
cp "$tmp/out" "$tmp/b1.json"
for j in 2 4; do
    run "$tmp/b" lint --format json -j "$j" .
    cmp -s "$tmp/out" "$tmp/b1.json" && ok || bad "run cap: -j $j differs from -j 1"
done
jq -e --argjson t "$total" '.summary == {"files": 30, "actions": ($t / 3), "errors": $t, "warnings": 0, "omitted": ($t - 25000)}
       and (.findings | length) == 25000 and ([.findings | group_by(.file)[] | length] | max) == 1000
       and ([.findings[].file] | unique | length) == 25
       and (.findings | . == sort_by(.file, .line, .column, .rule))' "$tmp/b1.json" >/dev/null \
    && ok || bad "run cap: the first 25,000 (1,000 a file) listed, all counted: $(jq -c .summary "$tmp/b1.json")"
# SARIF: at most 25,000 results a run (GitHub refuses more), the rest said in a notification
run "$tmp/b" lint --format sarif -j 2 .
jq -e --argjson o "$((total - 25000))" '.runs[0] | (.results | length) == 25000
       and .invocations[0].toolExecutionNotifications[0].properties.omittedResults == $o
       and (.invocations[0].toolExecutionNotifications[0].message.text
            | startswith("\($o) results left out: a SARIF run of dacc lists at most 25000 results (GitHub code scanning takes at most 25000 a run)"))' \
    "$tmp/out" >/dev/null && ok || bad "run cap: sarif lists 25,000 results and says how many it left out"
run "$tmp/b" lint --no-color -j 2 .
tail -n 1 "$tmp/out" | grep -qxF "30 files, $((total / 3)) actions: $total errors, 0 warnings; $(omitted_text $((total - 25000)))" \
    && ok || bad "run cap: the text summary: $(tail -n 1 "$tmp/out")"

# A file whose findings past its first 1,000 are suppressed inline, and one
# the ignore list drops whole: the counts leave them out, and no suppression
# or ignore entry is reported unused.
mkdir -p "$tmp/s"
{ lines '- {}' 600; lines '- {}  # dacc:ignore schema generated stub' 1500; } >"$tmp/s/a.yaml"
lines '- {}' 1500 >"$tmp/s/b.yaml"
printf 'ignore:\n  - file: b.yaml\n    rule: schema\n    reason: generated\n' >"$tmp/s/.dacc.yaml"
for j in 1 2; do
    run "$tmp/s" lint --format json -j "$j" a.yaml b.yaml
    jq -e '.summary == {"files": 2, "actions": 3600, "errors": 1800, "warnings": 0, "omitted": 800}
           and ([.findings[] | select(.rule != "schema")] | length) == 0 and (.findings | length) == 1000' "$tmp/out" \
        >/dev/null && ok || bad "suppressed and ignored findings past the cap are not counted (-j $j): $(jq -c .summary "$tmp/out")"
done

# --- (c) names and lines that carry terminal controls ---
mkdir -p "$tmp/c"
name=$'x\n::error file=forged.json,line=1,col=1,title=forged::forged\e[2J\xc2\x9b1m.json'
cp tests/cli/data/mixed.json "$tmp/c/$name"
printf '[{"name": "Dup\\u001b[2Jname\\u009b31m"}, {"name": "Dup\\u001b[2Jname\\u009b31m"}]\n' >"$tmp/c/dup.json"
printf 'name: ab\x1b[31mcd\xc2\x9b0m\nx: 1\n' >"$tmp/c/esc.yaml"
for fmt in text github; do
    run "$tmp/c" lint --no-color --format "$fmt" "$name" dup.json esc.yaml
    [ "$status" = 1 ] && ok || bad "controls ($fmt): exit status $status"
    if grep -q '^::error file=forged' "$tmp/out"; then
        bad "controls ($fmt): a file name forged a workflow command"; grep -n '^::' "$tmp/out" | head -3
    else ok; fi
    if LC_ALL=C grep -q $'\e\|\xc2\x9b' "$tmp/out"; then
        bad "controls ($fmt): ESC or a C1 control reaches the output"; LC_ALL=C grep -n $'\e\|\xc2\x9b' "$tmp/out" | cat -A | head -3
    else ok; fi
done
run "$tmp/c" lint --no-color --format text esc.yaml
# the echoed line keeps one character a column: the caret stays under column 9
[ "$(sed -n 2,3p "$tmp/out")" = "$(printf ' 1 | name: ab?[31mcd?0m\n   |         ^')" ] && ok \
    || bad "controls: the echoed line shows them as '?' with the caret in its column: $(sed -n 2,3p "$tmp/out" | cat -A)"
run "$tmp/c" lint --no-color --format github "$name"
if grep -Ev '^::(error|warning|notice) file=[^,]*,line=[0-9]+,col=[0-9]+,title=[a-z-]+::' "$tmp/out"; then
    bad "controls (github): the lines above are not workflow commands"
else ok; fi
grep -qF 'file=x%0A%3A%3Aerror file=forged.json%2Cline=1%2Ccol=1%2Ctitle=forged%3A%3Aforged?[2J?1m.json,line=' "$tmp/out" \
    && ok || bad "controls (github): the file property is escaped: $(head -n 1 "$tmp/out")"

if [ "$fail" = 0 ]; then echo "report bounds: $count checks passed"; fi
exit "$fail"
