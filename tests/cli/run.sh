#!/usr/bin/env bash
# Command-line behaviour: exit statuses, stdin, directory walks, bad inputs,
# report formats, and that no secret ever reaches any output.
#   tests/cli/run.sh DACC
set -uo pipefail
cd "$(dirname "$0")/../.."
dacc=$1
[[ "$dacc" == /* ]] || dacc="$PWD/$dacc"
data=tests/cli/data
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0 count=0

# run ARGS... : sets $status, $out (stdout), $err (stderr); stdin from $stdin_file if set
run() {
    if [ -n "${stdin_file:-}" ]; then
        timeout 20 "$dacc" "$@" <"$stdin_file" >"$tmp/out" 2>"$tmp/err"
    else
        timeout 20 "$dacc" "$@" </dev/null >"$tmp/out" 2>"$tmp/err"
    fi
    status=$?
    out=$(cat "$tmp/out")
    err=$(cat "$tmp/err")
}
ok() { count=$((count + 1)); }
bad() { count=$((count + 1)); fail=1; echo "FAIL $1"; echo "  stdout: ${out:0:400}"; echo "  stderr: ${err:0:400}"; }
expect_status() { # NAME WANT
    if [ "$status" = "$2" ]; then ok; else bad "$1: exit status $status, expected $2"; fi
}
expect_out() { # NAME JQ-EXPR  (must print true)
    if [ "$(jq -r "$2" <<<"$out" 2>/dev/null)" = true ]; then ok; else bad "$1: stdout fails $2"; fi
}
expect_err_line() { # NAME REGEX: stderr is exactly one line and matches
    if [ "$(printf '%s\n' "$err" | wc -l)" = 1 ] && grep -Eq "$2" <<<"$err"; then ok; else bad "$1: stderr should be one line matching /$2/"; fi
}

# --- usage ---
run --version; expect_status "--version" 0
grep -Eq '^dacc [0-9]+\.[0-9]+\.[0-9]+$' <<<"$out" && ok || bad "--version prints 'dacc X.Y.Z'"
run --help; expect_status "--help" 0
grep -q 'dacc lint' <<<"$out" && ok || bad "--help shows usage"
run; expect_status "no arguments" 2
run frobnicate; expect_status "unknown command" 2; expect_err_line "unknown command" "^dacc: unknown command 'frobnicate'"
run lint; expect_status "lint without paths" 2
run lint --bogus "$data/clean.json"; expect_status "unknown option" 2; expect_err_line "unknown option" "unknown option '--bogus'"
run lint --format xml "$data/clean.json"; expect_status "unknown format" 2
run lint --format; expect_status "--format without value" 2
run lint --max-timeout-ms abc "$data/clean.json"; expect_status "bad --max-timeout-ms" 2
run lint --max-timeout-ms 0 "$data/clean.json"; expect_status "zero --max-timeout-ms" 2

# --- rules and explain come from the same metadata ---
run rules; expect_status "rules" 0
for slug in syntax schema timeout insecure-url; do
    grep -Eq "^$slug +(error|warning) +[a-z]" <<<"$out" && ok || bad "rules lists $slug"
done
for slug in syntax schema timeout insecure-url; do
    run explain "$slug"; expect_status "explain $slug" 0
    grep -q '^Bad' <<<"$out" && grep -q '^Good' <<<"$out" && grep -q '^Why' <<<"$out" && ok || bad "explain $slug has Why, Bad and Good"
done
scripts/gen-man "$dacc" >"$tmp/dacc.1"
if grep -q '^\.TH DACC 1' "$tmp/dacc.1" && [ "$(grep -c '^\.SS ' "$tmp/dacc.1")" = "$("$dacc" rules | wc -l)" ]; then ok; else
    out=$(head -5 "$tmp/dacc.1"); err=; bad "the man page has a section per rule"; fi
if command -v groff >/dev/null 2>&1; then
    warn=$(groff -man -Tutf8 -ww -z "$tmp/dacc.1" 2>&1)
    [ -z "$warn" ] && ok || { out=$warn; err=; bad "groff reads the man page without warnings"; }
fi
run explain no-such-rule; expect_status "explain unknown" 2; expect_err_line "explain unknown" "unknown rule 'no-such-rule'"

# --- exit statuses ---
run lint "$data/clean.json"; expect_status "clean file" 0
grep -qx '1 file, 1 action: no problems' <<<"$out" && ok || bad "clean summary line"
printf 'rules:\n  insecure-url: note\n  timeout: note\n' >"$tmp/notes.yaml"
run lint --config "$tmp/notes.yaml" "$data/mixed.json"; expect_status "notes only" 0
grep -qx '1 file, 1 action: 0 errors, 0 warnings, 3 notes' <<<"$out" && ok || bad "the summary line counts notes"
run lint --strict "$data/clean.json"; expect_status "clean file, --strict" 0
run lint "$data/mixed.json"; expect_status "file with errors" 1
run lint --max-timeout-ms 6000 --format json "$data/mixed.json"
expect_out "--max-timeout-ms raises the limit" '[.findings[] | select(.rule == "timeout")] | length == 0'
run lint --format json --max-timeout-ms 5999 "$data/mixed.json"
expect_out "--max-timeout-ms 5999 fails 6 s" '[.findings[] | select(.rule == "timeout")] | length == 1'

# --- report formats ---
# a file named twice (a directory and a file in it, two spellings, a symlink) is read once
mkdir -p "$tmp/twice/real"
cp "$data/clean.json" "$tmp/twice/real/a.json"
ln -s real "$tmp/twice/alias"
run lint --format json "$tmp/twice/real" "$tmp/twice/real/a.json" "$tmp/twice/real/./a.json" "$tmp/twice/alias"
expect_out "a file named four ways is linted once" '.summary.files == 1 and .findings == []'

stdin_file="$data/mixed.json" run lint -j 4 --format json - -
expect_out "standard input given twice is read once" '.summary.files == 1 and .summary.errors == 3'

# lines break at LF, CRLF and a lone CR: the echoed source line is the one the finding is on
run lint --no-color tests/rules/schema/bad-action-type-cr-line-breaks.yaml
grep -qx ' 5 | actionType: bogus' <<<"$out" && ok || bad "a lone CR ends the echoed source line"
run lint --no-color tests/rules/schema/bad-action-type-mixed-line-breaks.yaml
grep -qx ' 5 | actionType: bogus' <<<"$out" && ok || bad "mixed line breaks: the echoed source line"

run lint --format json "$data/mixed.json" "$data/clean.json"
expect_status "json report" 1
expect_out "json report shape" '(keys_unsorted == ["tool","findings","summary"]) and .tool.name == "dacc" and (.summary | keys_unsorted == ["files","actions","errors","warnings"])'
expect_out "json summary counts" '.summary == {"files":2,"actions":2,"errors":3,"warnings":0}'
expect_out "json findings sorted" '[.findings[] | [.file, .line, .column, .rule]] as $f | $f == ($f | sort)'
expect_out "json finding fields" 'all(.findings[]; keys_unsorted == ["rule","severity","file","line","column","pointer","action","message"])'
expect_out "json action name" 'all(.findings[]; .action == "Lookup customer — CRM")'
for case in text quiet; do
    flags=(--no-color); [ "$case" = quiet ] && flags+=(-q)
    run lint "${flags[@]}" "$data/mixed.json" "$data/clean.json"
    if diff -u "tests/cli/expected/$case.txt" "$tmp/out" >"$tmp/diff"; then ok; else bad "text report ($case) differs from tests/cli/expected/$case.txt"; cat "$tmp/diff"; fi
done
if grep -q $'\033' "$tmp/out"; then bad "no colour when stdout is not a terminal"; else ok; fi
if command -v script >/dev/null 2>&1; then
    tty_out=$(script -qec "$dacc lint $data/mixed.json" /dev/null </dev/null)
    grep -q $'\033\\[' <<<"$tty_out" && ok || { out=$tty_out; err=; bad "colour on a terminal"; }
    tty_out=$(NO_COLOR=1 script -qec "$dacc lint $data/mixed.json" /dev/null </dev/null)
    grep -q $'\033\\[' <<<"$tty_out" && { out=$tty_out; err=; bad "NO_COLOR turns colour off"; } || ok
    tty_out=$(script -qec "$dacc lint --no-color $data/mixed.json" /dev/null </dev/null)
    grep -q $'\033\\[' <<<"$tty_out" && { out=$tty_out; err=; bad "--no-color turns colour off"; } || ok
fi
run lint "$data/clean.json" --format json -q; expect_out "options after paths" '.summary.files == 1'

# --- the same action in JSON and YAML: same rules, pointers and messages ---
run lint --format json "$data/mixed.json"; json_view=$(jq -c '[.findings[] | {rule, pointer, message, action}]' <<<"$out")
run lint --format json "$data/mixed.yaml"; yaml_view=$(jq -c '[.findings[] | {rule, pointer, message, action}]' <<<"$out")
[ -n "$json_view" ] && [ "$json_view" = "$yaml_view" ] && ok || bad "JSON and YAML give the same findings: $json_view vs $yaml_view"
expect_out "YAML positions" '[.findings[] | "\(.line):\(.column) \(.pointer)"] == ["6:25 /config/request/requestUrlTemplate", "9:16 /config/request/headers/Referer", "13:19 /config/timeoutSeconds"]'

# --- parallel lint: the same bytes for every -j, errors in file order ---
for fmt in json text; do
    "$dacc" lint -j 1 --format "$fmt" tests/rules fixtures "$tmp/nothere.json" >"$tmp/j1" 2>"$tmp/j1.err"
    "$dacc" lint -j 4 --format "$fmt" tests/rules fixtures "$tmp/nothere.json" >"$tmp/j4" 2>"$tmp/j4.err"
    if cmp -s "$tmp/j1" "$tmp/j4" && cmp -s "$tmp/j1.err" "$tmp/j4.err" && [ -s "$tmp/j1" ]; then ok; else
        out=$(diff "$tmp/j1" "$tmp/j4" | head -20); err=$(cat "$tmp/j4.err"); bad "-j 4 output differs from -j 1 ($fmt)"; fi
done
run lint -j 0 "$data/clean.json"; expect_status "-j 0 is refused" 2

# --- standard input ---
stdin_file="$data/mixed.json" run lint --format json -
expect_status "stdin" 1; expect_out "stdin is named <stdin>" '.findings[0].file == "<stdin>" and .summary.files == 1'
stdin_file="$data/mixed.yaml" run lint --format json --stdin-filename flows/crm.yaml -
expect_out "--stdin-filename names stdin" 'all(.findings[]; .file == "flows/crm.yaml") and (.findings | length) == 3'
stdin_file="$data/mixed.yaml" run lint --format json -
expect_out "stdin YAML without a name is sniffed as YAML" '(.findings | length) == 3'

# --- directory walk ---
mkdir -p "$tmp/tree/b" "$tmp/tree/.hidden" "$tmp/tree/node_modules/x" "$tmp/tree/a"
cp "$data/clean.json" "$tmp/tree/b/z.json"
cp "$data/mixed.yaml" "$tmp/tree/a/m.yaml"
cp "$data/mixed.json" "$tmp/tree/c.yml.json"
cp "$data/clean.json" "$tmp/tree/.hidden/x.json"
cp "$data/clean.json" "$tmp/tree/node_modules/x/x.json"
echo 'not an action' >"$tmp/tree/notes.txt"
ln -s .. "$tmp/tree/b/loop"
ln -s ../b "$tmp/tree/a/again"
(cd "$tmp" && timeout 20 "$dacc" lint --format json tree >"$tmp/out" 2>"$tmp/err"); status=$?; out=$(cat "$tmp/out"); err=$(cat "$tmp/err")
expect_status "directory walk" 1
expect_out "walk: matching files only, each once, in order" '[.findings[].file] | unique == ["tree/a/m.yaml", "tree/c.yml.json"]'
expect_out "walk: files counted" '.summary.files == 3'

# --- bad inputs: a one-line error and exit 2, or a syntax finding; never a crash ---
run lint --format json "$tmp/missing.json" "$data/clean.json"
expect_status "missing path" 2; expect_err_line "missing path" "missing\.json: cannot open: No such file"
expect_out "missing path: the other file is still reported" '.summary.files == 1'
mkfifo "$tmp/fifo.json"
run lint "$tmp/fifo.json"; expect_status "FIFO" 2; expect_err_line "FIFO" "fifo\.json: not a regular file"
truncate -s 17M "$tmp/big.json"
run lint "$tmp/big.json"; expect_status "file over 16 MiB" 2; expect_err_line "file over 16 MiB" "larger than the limit of 16777216 bytes"
ln -s "$tmp/nowhere.json" "$tmp/tree/b/dangling.json"
(cd "$tmp" && timeout 20 "$dacc" lint --format json tree >"$tmp/out" 2>"$tmp/err"); status=$?; err=$(cat "$tmp/err")
expect_status "dangling link in a walk" 2; expect_err_line "dangling link" "dangling\.json: cannot read"
rm "$tmp/tree/b/dangling.json"
: >"$tmp/empty.yaml"
run lint --format json "$tmp/empty.yaml"; expect_status "empty file" 1
expect_out "empty file is a syntax finding at 1:1" '.findings == [.findings[0]] and .findings[0].rule == "syntax" and .findings[0].line == 1 and .findings[0].column == 1'
head -c 100000 /dev/zero | tr '\0' '[' >"$tmp/deep.json"
run lint --format json "$tmp/deep.json"; expect_status "100,000-deep JSON" 1
expect_out "deep JSON is a syntax finding" '.findings[0].rule == "syntax"'
{ head -c 100000 /dev/zero | tr '\0' '['; } >"$tmp/deep.yaml"
run lint --format json "$tmp/deep.yaml"; expect_status "100,000-deep YAML" 1
expect_out "deep YAML stops at the depth limit" '.findings[0].rule == "syntax" and (.findings[0].message | test("deeper than 256"))'
{
    echo 'a: &a ["x","x","x","x","x","x","x","x","x"]'
    prev=a
    for l in b c d e f g h i; do
        echo "$l: &$l [*$prev,*$prev,*$prev,*$prev,*$prev,*$prev,*$prev,*$prev,*$prev]"; prev=$l
    done
} >"$tmp/bomb.yaml"
run lint --format json "$tmp/bomb.yaml"; expect_status "alias bomb" 1
expect_out "alias bomb is refused" '.findings[0].rule == "syntax" and (.findings[0].message | test("aliases expand"))'
awk 'BEGIN { printf "{\"name\": \"many keys\", \"secure\": false, \"big\": {"; for (i = 0; i < 100000; i++) printf "%s\"k%d\": %d", (i ? "," : ""), i, i; print "}}" }' >"$tmp/keys.json"
run lint --format json "$tmp/keys.json"; expect_status "100,000 keys" 1
expect_out "100,000 keys load" '[.findings[].rule] | unique == ["schema"]'
awk 'BEGIN { printf "name: many keys\nbig:\n"; for (i = 0; i < 100000; i++) printf "  k%d: %d\n", i, i; printf "  k5: 1\n" }' >"$tmp/keys.yaml"
run lint --format json "$tmp/keys.yaml"; expect_status "100,000 YAML keys with a duplicate" 1
expect_out "duplicate YAML key found at its second place" '.findings[0].rule == "syntax" and .findings[0].line == 100003 and .findings[0].column == 3'
awk 'BEGIN { printf "{\"name\": \""; for (i = 0; i < 1048576; i++) printf "a"; print "\"}" }' >"$tmp/long.json"
run lint --format json "$tmp/long.json"; expect_status "1 MB string" 1
expect_out "1 MB string loads" '[.findings[].rule] | unique == ["schema"]'
printf '{"name": "a\0b"}' >"$tmp/nul.json"
run lint --format json "$tmp/nul.json"; expect_status "NUL byte" 1
expect_out "raw NUL is a syntax finding" '.findings[0].rule == "syntax"'
printf 'name: "caf\xe9"\n' >"$tmp/latin1.yaml"
run lint --format json "$tmp/latin1.yaml"; expect_status "invalid UTF-8 YAML" 1
expect_out "invalid UTF-8 YAML at its place" '.findings[0].rule == "syntax" and .findings[0].line == 1 and .findings[0].column == 11 and (.findings[0].message | test("UTF-8"))'
printf '{"n\xffame": 1}' >"$tmp/badkey.json"
run lint --format json "$tmp/badkey.json"; expect_status "invalid UTF-8 in a JSON key" 1
expect_out "invalid UTF-8 JSON key" '.findings[0].rule == "syntax" and (.findings[0].message | test("decode byte"))'
run lint "$data/clean.json" >/dev/null
if "$dacc" lint "$data/clean.json" >/dev/full 2>/dev/null; then bad "a failed write to stdout must fail"; else
    [ $? = 2 ] && ok || bad "write failure exits 2"; fi

# --- dacc live is a plugin: nothing else loads libcurl, libssl or libcrypto ---
plugin=$(dirname "$dacc")/dacc-live.so
tls_libs='lib(curl|ssl|crypto)\.so'
if readelf -d "$dacc" | grep NEEDED | grep -Eq "$tls_libs"; then
    out=$(readelf -d "$dacc" | grep NEEDED); err=; bad "the executable needs libcurl, libssl or libcrypto"; else ok; fi
if ldd "$dacc" | grep -Eq "$tls_libs"; then out=$(ldd "$dacc"); err=; bad "ldd: the executable loads a TLS library"; else ok; fi
for args in "--version" "lint $data/clean.json" "rules"; do
    # shellcheck disable=SC2086
    loaded=$(LD_DEBUG=files "$dacc" $args 2>&1 >/dev/null | grep -E "file=[^ ]*($tls_libs|dacc-live)" || true)
    [ -z "$loaded" ] && ok || { out=$loaded; err=; bad "dacc $args loads the live plugin or a TLS library"; }
done
if readelf -d "$plugin" | grep NEEDED | grep -q 'libcurl\.so'; then ok; else out=; err=; bad "$plugin needs libcurl"; fi
exports=$(nm -D --defined-only "$plugin" | awk '{ print $NF }')
[ "$exports" = dacc_live_plugin ] && ok || { out=$exports; err=; bad "the plugin exports dacc_live_plugin only"; }
# dacc live honours .dacc.yaml's excludes as lint does: the broken draft is not read
mkdir -p "$tmp/liveex/drafts"
cp fixtures/examples/clean/login.customAuth.json "$tmp/liveex/"
echo '{broken' >"$tmp/liveex/drafts/wip.json"
printf 'exclude: [drafts]\n' >"$tmp/liveex/.dacc.yaml"
(cd "$tmp/liveex" && env -u DACC_SECRET_CLIENTID -u DACC_SECRET_CLIENTSECRET timeout 20 "$dacc" live . >"$tmp/out" 2>"$tmp/err"); status=$?
out=$(cat "$tmp/out"); err=$(cat "$tmp/err")
[ "$status" = 2 ] && grep -q "secret 'clientId' has no value" <<<"$err" && ! grep -q wip.json <<<"$err" && ok ||
    bad "dacc live leaves excluded files alone"
unset DACC_SECRET_CLIENTID DACC_SECRET_CLIENTSECRET
token_fx=tests/live/fixtures/token.customAuth.json
real_dacc=$dacc
mkdir -p "$tmp/lonely" "$tmp/inst/bin" "$tmp/inst/lib/dacc" "$tmp/links" "$tmp/broken/bin" "$tmp/broken/lib/dacc"
cp "$real_dacc" "$tmp/lonely/dacc"
dacc=$tmp/lonely/dacc
run live "$token_fx"; expect_status "live without the plugin" 2
expect_err_line "live without the plugin names each path tried" \
    "^dacc: cannot load dacc-live\.so, which live needs: tried $tmp/lonely/dacc-live\.so \(cannot open shared object file: No such file or directory\); $tmp/lonely/\.\./lib/dacc/dacc-live\.so \(cannot open"
[ -z "$out" ] && ok || bad "live without the plugin prints nothing on stdout"
run lint "$data/clean.json"; expect_status "lint without the plugin" 0
# make install's layout: PREFIX/bin/dacc, PREFIX/lib/dacc/dacc-live.so; also through a symlink
cp "$real_dacc" "$tmp/inst/bin/dacc"
cp "$plugin" "$tmp/inst/lib/dacc/dacc-live.so"
ln -s "$tmp/inst/bin/dacc" "$tmp/links/dacc"
for dacc in "$tmp/inst/bin/dacc" "$tmp/links/dacc"; do
    # the plugin runs: it renders the token request and finds the secrets missing
    run live "$token_fx"; expect_status "live from ../lib/dacc ($dacc)" 2
    grep -q "^dacc: secret 'clientId' has no value" <<<"$err" && ok || bad "live from ../lib/dacc runs the plugin ($dacc)"
done
# an unusable plugin beside the executable is reported, not passed over for another
cp "$real_dacc" "$tmp/broken/bin/dacc"
printf 'not a shared object\n' >"$tmp/broken/bin/dacc-live.so"
cp "$plugin" "$tmp/broken/lib/dacc/dacc-live.so"
dacc=$tmp/broken/bin/dacc
run live "$token_fx"; expect_status "live with a broken plugin" 2
expect_err_line "live with a broken plugin says which and why" \
    "^dacc: cannot load dacc-live\.so, which live needs: tried $tmp/broken/bin/dacc-live\.so \([^)]+\)$"
dacc=$real_dacc

# --- no secret in any output ---
for f in canary.json canary-syntax.json; do
    for fmt in text json; do
        run lint --format "$fmt" "$data/$f"
        if grep -q CANARY <<<"$out$err"; then bad "$f ($fmt) prints the secret"; else ok; fi
    done
    stdin_file="$data/$f" run lint -
    if grep -q CANARY <<<"$out$err"; then bad "$f (stdin) prints the secret"; else ok; fi
done

# === paths-harden (issue 13: item 10) ===========================================
# a symbolic link in a walked directory that leads outside the paths given is
# not followed (a 0600 file elsewhere would have its first line echoed under a
# syntax error); it is counted in one line on stderr; --follow-symlinks and a
# link named on the command line are followed
mkdir -p "$tmp/p10/repo/actions" "$tmp/p10/elsewhere/dir"
cp "$data/clean.json" "$tmp/p10/repo/actions/ok.json"
printf 'CANARY-LEAKED-LINE-0123 {\n' >"$tmp/p10/elsewhere/secret.json"; chmod 600 "$tmp/p10/elsewhere/secret.json"
cp "$data/mixed.json" "$tmp/p10/elsewhere/dir/far.json"
ln -s "$tmp/p10/elsewhere/secret.json" "$tmp/p10/repo/actions/leak.json"
ln -s "$tmp/p10/elsewhere/dir" "$tmp/p10/repo/actions/far"
ln -s ok.json "$tmp/p10/repo/actions/alias.json"   # inside: followed (and read once)
run lint --no-color "$tmp/p10/repo"
expect_status "links out of the tree are left alone" 0
if grep -q CANARY <<<"$out$err"; then bad "a file outside the tree is not read through a link"; else ok; fi
expect_err_line "links out of the tree: one line" "^dacc: note: 2 symbolic links inside the paths lead outside them and were not followed \(the first: .*/actions/far\); --follow-symlinks follows them$"
run lint --format json -q "$tmp/p10/repo"
expect_status "-q: links out of the tree" 0; [ -z "$err" ] && ok || bad "-q: the note is not printed"
expect_out "links out of the tree: one file read" '.summary.files == 1'
run lint --format json --follow-symlinks "$tmp/p10/repo"
expect_status "--follow-symlinks follows them" 1
expect_out "--follow-symlinks: every file read" '.summary.files == 3'
run lint --format json "$tmp/p10/repo/actions/leak.json"
expect_status "a link named on the command line is followed" 1
run lint --format json "$tmp/p10/repo" "$tmp/p10/elsewhere/dir"
expect_out "a link into another path given is followed" '.summary.files == 2'
run build -o "$tmp/p10/out" "$tmp/p10/repo"
expect_status "build: links out of the tree are left alone" 0
[ "$(grep -c 'symbolic link' <<<"$err")" = 1 ] && ok || bad "build: the note is said once"
# live walks as lint does: a token action reached through a link out of the tree
# is left alone (no token action, the note not with -q), and found with --follow-symlinks
mkdir -p "$tmp/p10/live" "$tmp/p10/token"
cp tests/live/fixtures/echo.customAuth.json "$tmp/p10/token/"
ln -s "$tmp/p10/token/echo.customAuth.json" "$tmp/p10/live/echo.customAuth.json"
run live -q "$tmp/p10/live"
expect_status "live: links out of the tree are left alone" 2
grep -q 'no token action' <<<"$err" && ! grep -q 'symbolic link' <<<"$err" && ok ||
    bad "live -q: no token action through a link out of the tree, and no note"
run live --follow-symlinks "$tmp/p10/live"
expect_status "live --follow-symlinks" 2
grep -q "secret 'echoSecret' has no value" <<<"$err" && ok || bad "live --follow-symlinks: the linked token action is read"
run --help
grep -q -- '--follow-symlinks' <<<"$out" && ok || bad "--help names --follow-symlinks"

# Architect flows: --subst and --subst-file
fl=tests/rules/flow-call/good-placeholders-given
run lint --format json "$fl"
expect_status "a flow without its substitutions: a note only" 0
expect_out "one flow-call note" '[.findings[] | select(.rule == "flow-call" and .severity == "note")] | length == 1'
run lint --format json --subst orders_category=Orders --subst "get_order_action=Get Order" "$fl"
expect_status "--subst resolves the call" 0
expect_out "--subst: no finding" '.findings | length == 0'
run lint --format json --subst-file "$fl/.subst.yaml" "$fl"
expect_out "--subst-file: no finding" '.findings | length == 0'
run lint --subst novalue "$fl"
expect_status "--subst without =" 2
grep -qx 'dacc: --subst needs KEY=VALUE' <<<"$err" && ok || bad "--subst without =: one line"
run lint --subst "{x}=1" "$fl"
expect_status "--subst with a brace in the key" 2
run live --subst a=b tests/live/fixtures
expect_status "--subst is not an option of live" 2
grep -qx 'dacc: --subst is an option of lint, build and fix only' <<<"$err" && ok || bad "--subst with live: said"
run lint --subst-file "$tmp/none.yaml" "$fl"
expect_status "--subst-file: a missing file" 2
printf 'a: [1\n' >"$tmp/bad-subst.yaml"
run lint --subst-file "$tmp/bad-subst.yaml" "$fl"
expect_status "--subst-file: bad YAML" 2
grep -q "^dacc: --subst-file $tmp/bad-subst.yaml:2:1: " <<<"$err" && ok || bad "--subst-file: FILE:LINE:COL"
printf 'a: [1]\n' >"$tmp/bad-subst.yaml"
run lint --subst-file "$tmp/bad-subst.yaml" "$fl"
grep -q "^dacc: --subst-file $tmp/bad-subst.yaml:1:1: the value of substitution 'a'" <<<"$err" && ok ||
    bad "--subst-file: a list value at FILE:LINE:COL"
run --help
grep -q -- '--subst KEY=VALUE' <<<"$out" && grep -q -- '--subst-file FILE' <<<"$out" && ok || bad "--help names --subst and --subst-file"
# --- adopting dacc (issue 16): the options of tests/adopt/run.sh, as --help and the parser take them
run --help
for o in --allow-empty "--baseline FILE" "--write-baseline FILE" --verbose; do
    grep -q -- "$o" <<<"$out" && ok || bad "--help names $o"
done
run lint --verbose "$data/clean.json"
[ "$status" != 2 ] && ok || bad "lint takes --verbose"
run lint --write-baseline
expect_status "--write-baseline needs a FILE" 2

[ "$fail" = 0 ] && echo "cli: $count checks passed"
exit "$fail"
