#!/usr/bin/env bash
# SARIF as GitHub code scanning reads it ("SARIF support for code scanning"):
#   (a) rule metadata: name, shortDescription and fullDescription of at most 1,024 characters,
#       help.text (the explain text) and help.markdown, properties.tags ("security" on the security
#       rules), properties.precision, properties.security-severity on exactly the security rules;
#   (b) regions span the value (tests/report/regions.mjs: the region's text parses to the value at
#       the result's pointer), over the fixtures, every rule fixture and the public corpus, and the
#       check refuses a region one column short;
#   (c) artifact URIs relative to %SRCROOT% (the git work tree, or --srcroot), normalised, the same
#       from a subdirectory and through '..', a symbolic link resolved, a file outside as file://;
#       workingDirectory and executionSuccessful;
#   (d) partialFingerprints: the same after lines are added above, different per value, gone when fixed.
#   tests/report/github.sh DACC
set -euo pipefail
cd "$(dirname "$0")/../.."
dacc=${1:?usage: tests/report/github.sh DACC}
[[ "$dacc" == /* ]] || dacc="$PWD/$dacc"
root=$PWD
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0 count=0
ok() { count=$((count + 1)); }
bad() { count=$((count + 1)); fail=1; echo "FAIL $*"; }
# sarif DIR ARGS... : dacc lint --format sarif ARGS run in DIR, to $tmp/out
sarif() {
    local dir=$1
    shift
    (cd "$dir" && timeout 60 "$dacc" lint --format sarif "$@" </dev/null >"$tmp/out" 2>"$tmp/err") || true
}

# --- (a) rule metadata ---
sarif . tests/cli/data/mixed.json
cp "$tmp/out" "$tmp/mixed.sarif"
jq -e '.runs[0].tool.driver.rules as $rules | ([$rules[] | select(
          (.name | test("^[A-Z][A-Za-z]+$")) and (.name | length) <= 255
          and (.shortDescription.text | length) > 0 and (.shortDescription.text | length) <= 1024
          and (.fullDescription.text | length) > 0 and (.fullDescription.text | length) <= 1024
          and (.help.text | startswith("What it checks\n")) and (.help.markdown | startswith("**What it checks**"))
          and (.properties.tags | length) > 0
          and (.properties.precision | IN("very-high", "high", "medium", "low"))
          and (if (.properties.tags | index("security")) then
                 (.properties["security-severity"] | tonumber) > 0 and (.properties["security-severity"] | tonumber) <= 10
               else .properties | has("security-severity") | not end))] | length) == ($rules | length)' "$tmp/mixed.sarif" >/dev/null \
    && ok || bad "rule metadata: $(jq -c '.runs[0].tool.driver.rules[] | {id, name, s: (.fullDescription.text | length), p: .properties}' "$tmp/mixed.sarif")"
jq -e '[.runs[0].tool.driver.rules[] | select(.properties.tags | index("security")) | .id] | sort
       == ["insecure-url", "plaintext-secret", "scope-least-privilege", "secure-flag"]' "$tmp/mixed.sarif" >/dev/null \
    && ok || bad "the security rules are plaintext-secret, insecure-url, scope-least-privilege and secure-flag"
# help.text is `dacc explain SLUG` less its two header lines and the blank after them
for slug in $(jq -r '.runs[0].tool.driver.rules[].id' "$tmp/mixed.sarif"); do
    "$dacc" explain "$slug" | tail -n +4 >"$tmp/explain"
    jq -j --arg s "$slug" '.runs[0].tool.driver.rules[] | select(.id == $s) | .help.text' "$tmp/mixed.sarif" \
        | cmp -s - "$tmp/explain" || { bad "$slug: help.text is not its explain text"; continue; }
    ok
done
# the descriptions that had to be cut end at a whole sentence
jq -e '[.runs[0].tool.driver.rules[] | select(.id == "plaintext-secret" or .id == "scope-least-privilege")
        | .fullDescription.text | endswith(".") and length > 500] == [true, true]' "$tmp/mixed.sarif" >/dev/null \
    && ok || bad "a long fullDescription is cut after a whole sentence"

# --- (b) regions span the value ---
mkdir -p "$tmp/regions"
sarif . tests/cli/data/mixed.json tests/cli/data/mixed.yaml fixtures/examples/
cp "$tmp/out" "$tmp/regions/fixtures.sarif"
sarif . tests/rules/
cp "$tmp/out" "$tmp/regions/rules.sarif"
corpus=../shared/corpus/genesys-public
if [ -d "$corpus" ]; then
    sarif . "$corpus"
    cp "$tmp/out" "$tmp/regions/corpus.sarif"
fi
if node tests/report/regions.mjs "$tmp"/regions/*.sarif >"$tmp/regions.out" 2>&1; then
    ok
else
    bad "regions:"; head -20 "$tmp/regions.out"
fi
n=$(sed -n 's/^\([0-9]*\) regions checked$/\1/p' "$tmp/regions.out")
[ "${n:-0}" -ge 200 ] && ok || bad "regions: only ${n:-0} checked"
jq -e '[.runs[0].results[].locations[0].physicalLocation.region | select(.endLine)] | length > 0' \
    "$tmp/regions/fixtures.sarif" >/dev/null && ok || bad "regions: no result has an end"
# a region one column short is refused (the check can fail)
jq '(.runs[0].results[] | .locations[0].physicalLocation.region | select(.endLine)) |= (.endColumn -= 1)' \
    "$tmp/regions/fixtures.sarif" >"$tmp/short.sarif"
node tests/report/regions.mjs "$tmp/short.sarif" >/dev/null 2>&1 && bad "regions.mjs accepts regions one column short" || ok

# --- (c) artifact URIs under %SRCROOT% ---
repo=$tmp/repo
mkdir -p "$repo/a/sub" "$repo/b" "$tmp/outside"
git init -q "$repo"
cp tests/cli/data/mixed.json "$repo/a/x.json"
cp tests/cli/data/mixed.json "$tmp/outside/y.json"
ln -s ../a/x.json "$repo/b/link.json"
view='.runs[0] | [.originalUriBaseIds["%SRCROOT%"].uri, .invocations[0].workingDirectory.uri,
       ([.results[].locations[0].physicalLocation.artifactLocation | [.uri, .uriBaseId]] | unique),
       [.results[].partialFingerprints["dacc/v1"]]]'
sarif "$repo" a/x.json
jq -c "$view" "$tmp/out" >"$tmp/top"
jq -e --arg r "file://$repo/" '.runs[0] | .originalUriBaseIds["%SRCROOT%"].uri == $r
       and .invocations[0].workingDirectory.uri == $r and .invocations[0].executionSuccessful == true
       and ([.results[].locations[0].physicalLocation.artifactLocation] | unique == [{"uri": "a/x.json", "uriBaseId": "%SRCROOT%"}])' \
    "$tmp/out" >/dev/null && ok || bad "uri: from the root: $(jq -c "$view" "$tmp/out")"
for args in "$repo|./a/../a/x.json" "$repo/a|x.json" "$repo/a/sub|../x.json" "$repo/a/sub|../../a/./x.json" \
            "$repo/b|link.json" "$tmp|repo/a/x.json --srcroot repo"; do
    dir=${args%%|*}
    # shellcheck disable=SC2086 # the arguments are words
    sarif "$dir" ${args#*|}
    jq -c "$view | .[0], .[2], .[3]" "$tmp/out" >"$tmp/got"
    jq -c "$view | .[0], .[2], .[3]" "$tmp/out" >/dev/null 2>&1 || { bad "uri: $args: no SARIF: $(head -c 300 "$tmp/err")"; continue; }
    jq -c '.[0], .[2], .[3]' "$tmp/top" | cmp -s - "$tmp/got" && ok || bad "uri: $args gives $(cat "$tmp/got")"
done
jq -e --arg w "file://$tmp/" '.runs[0].invocations[0].workingDirectory.uri == $w' "$tmp/out" >/dev/null \
    && ok || bad "uri: workingDirectory is where dacc ran"
# a file outside %SRCROOT% keeps an absolute file:// URI, without uriBaseId
sarif "$repo/a" x.json ../../outside/y.json
jq -e --arg o "file://$tmp/outside/y.json" '[.runs[0].results[].locations[0].physicalLocation.artifactLocation] | unique
       == [{"uri": $o}, {"uri": "a/x.json", "uriBaseId": "%SRCROOT%"}]' "$tmp/out" >/dev/null \
    && ok || bad "uri: a file outside the root: $(jq -c '[.runs[0].results[].locations[0].physicalLocation.artifactLocation] | unique' "$tmp/out")"
# a linked work tree has a .git file: its directory is the root too
mkdir -p "$tmp/linked/c"
echo "gitdir: $repo/.git" >"$tmp/linked/.git"
cp tests/cli/data/mixed.json "$tmp/linked/c/z.json"
sarif "$tmp/linked/c" z.json
jq -e '[.runs[0].results[].locations[0].physicalLocation.artifactLocation.uri] | unique == ["c/z.json"]' "$tmp/out" \
    >/dev/null && ok || bad "uri: a .git file marks the root"
# without a work tree, the working directory is the root
mkdir -p "$tmp/plain/d"
cp tests/cli/data/mixed.json "$tmp/plain/d/w.json"
sarif "$tmp/plain/d" w.json
jq -e --arg r "file://$tmp/plain/d/" '.runs[0].originalUriBaseIds["%SRCROOT%"].uri == $r' \
    "$tmp/out" >/dev/null && ok || bad "uri: the root without a work tree"

# --- (d) partialFingerprints ---
sarif "$repo" a/x.json
jq -c '[.runs[0].results[] | [.partialFingerprints["dacc/v1"], .locations[0].physicalLocation.region.startLine]]' "$tmp/out" >"$tmp/fp1"
jq -e '[.runs[0].results[].partialFingerprints | (.["dacc/v1"] | test("^[0-9a-f]{64}$"))
        and (.primaryLocationLineHash | test("^[0-9a-f]{16}:[0-9]+$"))
        and (.primaryLocationLineHash[0:16] == .["dacc/v1"][0:16])] | all' "$tmp/out" >/dev/null \
    && ok || bad "fingerprints: dacc/v1 and primaryLocationLineHash"
jq -e '([.runs[0].results[] | [.ruleId, .properties.pointer]] | unique | length)
       == ([.runs[0].results[].partialFingerprints.primaryLocationLineHash] | unique | length)' "$tmp/out" >/dev/null \
    && ok || bad "fingerprints: one per rule and value"
{ printf '\n\n\n'; cat tests/cli/data/mixed.json; } >"$repo/a/x.json"
sarif "$repo" a/x.json
jq -c '[.runs[0].results[] | [.partialFingerprints["dacc/v1"], .locations[0].physicalLocation.region.startLine - 3]]' "$tmp/out" >"$tmp/fp2"
cmp -s "$tmp/fp1" "$tmp/fp2" && ok || bad "fingerprints: lines added above change them"
# fix the http:// URL: its result and fingerprint are gone, the others stay
sed 's|http://crm|https://crm|' tests/cli/data/mixed.json >"$repo/a/x.json"
sarif "$repo" a/x.json
jq -c '[.runs[0].results[].partialFingerprints["dacc/v1"]]' "$tmp/out" >"$tmp/fp3"
jq -e --slurpfile before "$tmp/fp1" '($before[0] | map(.[0])) as $b | (. - $b) == [] and (. | length) < ($b | length)' \
    "$tmp/fp3" >/dev/null && ok || bad "fingerprints: a fixed value's result goes, the rest keep theirs"

echo "report github: $count checks passed"
[ "$fail" = 0 ] || echo "report github: FAILED"
exit "$fail"
