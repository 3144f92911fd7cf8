#!/usr/bin/env bash
# Adopting dacc in a real repository (issue 16):
#  1. a scratch repository that holds, beside actions, the usual files that are
#     not actions (a GitHub workflow, docker-compose.yml, package.json,
#     tsconfig.json, .pre-commit-config.yaml, an OpenAPI document, a
#     Kubernetes manifest): dacc lint at its root reports only the actions,
#     and lists the others as skipped in every format; a broken action is
#     still linted; every public export stays an action;
#  2. nothing found is a failure: an empty directory, a file named with
#     another extension, a missing path (never "no problems"), build;
#  3. the baseline: the round trip (write; every line of a file moves: no new
#     finding; a new problem: exactly it; a fixed one: one stale entry), the
#     .dacc.yaml key, findings beyond the report caps, -j, the schema (ajv),
#     and no secret in the baseline file.
#   tests/adopt/run.sh DACC
set -uo pipefail
cd "$(dirname "$0")/../.."
dacc=$1
[[ "$dacc" == /* ]] || dacc="$PWD/$dacc"
root=$PWD
ajv=$root/node_modules/.bin/ajv
corpus=$root/../shared/corpus/genesys-public
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0 count=0

run() { # ARGS... : $status, $out, $err
    timeout 60 "$dacc" "$@" </dev/null >"$tmp/out" 2>"$tmp/err"
    status=$?
    out=$(cat "$tmp/out")
    err=$(cat "$tmp/err")
}
run_in() { # DIR ARGS... : run in DIR
    local dir=$1
    shift
    pushd "$dir" >/dev/null || return
    run "$@"
    popd >/dev/null || return
}
ok() { count=$((count + 1)); }
bad() { count=$((count + 1)); fail=1; echo "FAIL $1"; echo "  stdout: ${out:0:600}"; echo "  stderr: ${err:0:400}"; }
check() { # NAME COMMAND... : passes when the command does
    local name=$1
    shift
    if "$@"; then ok; else bad "$name"; fi
}
expect_status() { [ "$status" = "$2" ] && ok || bad "$1: exit status $status, expected $2"; }
expect_out() { jq -e "$2" <<<"$out" >/dev/null 2>&1 && ok || bad "$1: stdout fails $2"; }

# ------------------------------------------------------------ 1. what a file is
repo=$tmp/repo
mkdir -p "$repo/actions" "$repo/.github/workflows" "$repo/deploy" "$repo/api"
good=$corpus/GenesysCloudBlueprints__automated-callback-blueprint__files__Disconnect-callback.custom.json
# a whole action that draws no error: a timeout set
jq '.config.timeoutSeconds = 5 | .name = "Disconnect callback"' "$good" >"$repo/actions/disconnect.json"
cat >"$repo/.github/workflows/ci.yml" <<'EOF'
name: CI
on:
  push:
    branches: [main]
jobs:
  lint:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: dacc lint actions/
EOF
cp "$repo/.github/workflows/ci.yml" "$repo/ci.yml" # the walk skips hidden directories: named here too
cat >"$repo/docker-compose.yml" <<'EOF'
services:
  web:
    image: nginx:1.27
    ports: ["8080:80"]
    secrets: [db_password]
secrets:
  db_password:
    file: ./db_password.txt
EOF
cat >"$repo/package.json" <<'EOF'
{
  "name": "callbacks",
  "version": "1.0.0",
  "config": { "port": 8080 },
  "scripts": { "lint": "dacc lint actions/" },
  "devDependencies": {}
}
EOF
cat >"$repo/tsconfig.json" <<'EOF'
{ "compilerOptions": { "strict": true, "target": "ES2022" }, "include": ["src"] }
EOF
cat >"$repo/.pre-commit-config.yaml" <<'EOF'
repos:
  - repo: local
    hooks:
      - id: dacc
        name: dacc
        entry: dacc lint
        language: system
        types_or: [json, yaml]
EOF
cp "$repo/.pre-commit-config.yaml" "$repo/pre-commit-config.yaml"
cat >"$repo/api/openapi.yaml" <<'EOF'
openapi: 3.0.3
info:
  title: Orders
  version: "1.0"
paths:
  /orders/{id}:
    get:
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}}
      responses:
        "200": {description: the order}
components:
  securitySchemes:
    bearer: {type: http, scheme: bearer}
EOF
cat >"$repo/deploy/configmap.yaml" <<'EOF'
apiVersion: v1
kind: ConfigMap
metadata:
  name: callbacks
  namespace: contact-center
data:
  LOG_LEVEL: info
EOF
# a broken action: config missing, one key misspelt
cat >"$repo/actions/broken.json" <<'EOF'
{
  "name": "Broken action",
  "integrationType": "custom-rest-actions",
  "actionType": "custom",
  "contarct": {}
}
EOF
run_in "$repo" lint --format json .
expect_status "repository root: the broken action fails" 1
expect_out "only the actions are linted" '.summary.files == 2 and .summary.actions == 2'
expect_out "the broken action is reported" '[.findings[].file] | unique == ["./actions/broken.json"]'
expect_out "the others are skipped, sorted" '.skipped == ["./api/openapi.yaml", "./ci.yml", "./deploy/configmap.yaml",
    "./docker-compose.yml", "./package.json", "./pre-commit-config.yaml", "./tsconfig.json"]'
run_in "$repo" lint .
grep -qx "skipped 7 files that are neither data actions nor flows; --verbose lists them" <<<"$out" && ok ||
    bad "text: one line about the skipped files"
grep -q "package.json" <<<"$out" && bad "text: a skipped file is not named without --verbose" || ok
run_in "$repo" lint --verbose .
grep -A7 "^skipped 7 files that are neither data actions nor flows:$" <<<"$out" | grep -qx "  ./tsconfig.json" && ok ||
    bad "--verbose: each skipped file on its line"
run_in "$repo" lint --format sarif .
expect_out "sarif: a notification per skipped file" '[.runs[0].invocations[0].toolExecutionNotifications[]
    | select(.message.text | startswith("skipped"))] | length == 7'
expect_out "sarif: the skipped file's location, relative to %SRCROOT% as results are" '[.runs[0].invocations[0]
    .toolExecutionNotifications[].locations[0].physicalLocation.artifactLocation | select(. != null)]
    | index({"uri": "package.json", "uriBaseId": "%SRCROOT%"}) != null'
run_in "$repo" lint --format github .
grep -q "package.json\|tsconfig\|openapi" <<<"$out" && bad "github: the skipped files are not annotated" || ok
run_in "$repo" lint --format json .pre-commit-config.yaml package.json
expect_status "files named one by one, as pre-commit passes them: skipped, not failed" 0
expect_out "named files: both skipped" '.summary.files == 0 and (.skipped | length) == 2'
(cd "$repo" && "$dacc" lint --format json . >"$tmp/report1.json" 2>/dev/null)
"$ajv" validate --spec=draft7 -s schemas/report.schema.json -d "$tmp/report1.json" >/dev/null 2>&1 && ok || bad "a report with skipped files validates against schemas/report.schema.json"
# build leaves the skipped files alone too
rm "$repo/actions/broken.json"
run_in "$repo" build -o "$tmp/out1" .
expect_status "build at the root: only the action is built" 0
[ "$(ls "$tmp/out1" | grep -c '\.json$')" -ge 1 ] && ! ls "$tmp/out1" | grep -q "package\|tsconfig\|openapi" && ok ||
    bad "build: no import file made of a file that is no action: $(ls "$tmp/out1")"
# every public export stays an action
if [ -d "$corpus" ]; then
    run lint --format json "$corpus"
    n=$(ls "$corpus"/*.json | wc -l)
    expect_out "every public export is an action" "(has(\"skipped\") | not) and .summary.files == $n"
fi

# ------------------------------------------------------------ 2. nothing found
mkdir -p "$tmp/empty/sub" && echo "notes" >"$tmp/empty/readme.txt" && echo x >"$tmp/notes.txt"
run lint "$tmp/empty"
expect_status "a directory without JSON or YAML" 2
grep -q "no data action or flow files under $tmp/empty" <<<"$err" && ok || bad "the empty directory is named"
[ -z "$out" ] && ok || bad "nothing on stdout for an empty directory"
run lint --allow-empty "$tmp/empty"
expect_status "--allow-empty" 0
printf 'exclude:\n  - "*.json"\n' >"$tmp/empty/.dacc.yaml"
cp "$good" "$tmp/empty/sub/a.json"
run lint --config "$tmp/empty/.dacc.yaml" "$tmp/empty"
expect_status "every JSON file excluded: nothing found" 2
rm -f "$tmp/empty/sub/a.json" "$tmp/empty/.dacc.yaml"
run lint "$tmp/notes.txt"
expect_status "a .txt named on the command line" 2
[ "$(wc -l <"$tmp/err")" = 1 ] && grep -q "notes.txt: not a .json, .yaml or .yml file" <<<"$err" && ok ||
    bad "a .txt: one line saying so"
for fmt in text json sarif github; do
    run lint --format "$fmt" "$tmp/missing"
    expect_status "a missing path ($fmt)" 2
    grep -qi "no problems" <<<"$out" && bad "a missing path never says 'no problems' ($fmt)" || ok
done
run lint --format json "$tmp/missing"
expect_out "json: a missing path is counted as unread" '.summary.unread == 1'
run build -o "$tmp/out2" "$tmp/empty"
expect_status "build of an empty directory" 2
[ ! -e "$tmp/out2" ] && ok || bad "build of an empty directory writes nothing"

# ------------------------------------------------------------ 3. the baseline
b=$tmp/base
mkdir -p "$b/actions"
for f in Disconnect-callback Execute-workflow Get-callbacks-waiting; do
    cp "$corpus/GenesysCloudBlueprints__automated-callback-blueprint__files__$f.custom.json" "$b/actions/$f.json"
done
cd "$b"
run lint --format json actions
expect_status "the baseline's repository has findings" 1
before=$(jq '.summary.errors + .summary.warnings' <<<"$out")
run lint --write-baseline .dacc-baseline.json actions
expect_status "--write-baseline: the findings are recorded, not reported" 0
grep -q "^baseline: [0-9]* entries written to .dacc-baseline.json" <<<"$out" && ok || bad "--write-baseline says so"
check "the baseline validates against schemas/baseline.schema.json" \
    "$ajv" validate --spec=draft7 -s "$root/schemas/baseline.schema.json" -d .dacc-baseline.json
entries=$(jq '.entries | length' .dacc-baseline.json)
[ "$entries" -gt 0 ] && [ "$(grep -c '"digest"' .dacc-baseline.json)" = "$entries" ] && ok ||
    bad "one entry a line ($entries entries)"
jq -c '.entries[]' .dacc-baseline.json >"$tmp/e1"
sort "$tmp/e1" | cmp -s - "$tmp/e1" && ok || bad "the entries are sorted"
grep -q '"line"\|"column"' .dacc-baseline.json && bad "no line or column in the baseline" || ok
cp .dacc-baseline.json "$tmp/first.json"
run lint --write-baseline .dacc-baseline.json actions
cmp -s .dacc-baseline.json "$tmp/first.json" && ok || bad "writing the baseline again gives the same bytes"
# every line of a file moves: no new finding
{ printf '\n\n\n'; cat actions/Disconnect-callback.json; } >"$tmp/moved" && mv "$tmp/moved" actions/Disconnect-callback.json
run lint --format json --baseline .dacc-baseline.json actions
expect_status "lines moved: nothing new" 0
expect_out "lines moved: no finding, all matched, none stale" ".findings == [] and .summary.errors == 0 and
    .summary.baseline.matched == $entries and .summary.baseline.stale == 0"
run lint --baseline .dacc-baseline.json actions
grep -qx "baseline: $entries known findings not reported" <<<"$out" && ok || bad "text: the baseline's line"
run lint --format json --baseline .dacc-baseline.json -j 1 actions
one=$out
run lint --format json --baseline .dacc-baseline.json -j 2 actions
[ "$one" = "$out" ] && ok || bad "-j 1 and -j 2 give one report"
# a new problem: exactly it is reported
jq '.config.request.requestUrlTemplate = "http://example.com/x"' actions/Execute-workflow.json >"$tmp/new" &&
    mv "$tmp/new" actions/Execute-workflow.json
run lint --format json --baseline .dacc-baseline.json actions
expect_out "a new problem: exactly it" '[.findings[] | .rule] == ["insecure-url"] and
    .findings[0].file == "actions/Execute-workflow.json"'
git_status=$status
[ "$git_status" = 1 ] && ok || bad "a new error fails the run ($git_status)"
# a fixed problem: its entry is stale
jq '.config.timeoutSeconds = 5' actions/Get-callbacks-waiting.json >"$tmp/fix" &&
    mv "$tmp/fix" actions/Get-callbacks-waiting.json
run lint --format json --baseline .dacc-baseline.json actions
expect_out "a fixed problem: one stale entry" '.summary.baseline.stale == 1'
run lint --baseline .dacc-baseline.json actions
grep -q "; 1 entry no longer matches (--write-baseline drops it)" <<<"$out" && ok || bad "text: the stale entry is said"
run lint --format sarif --baseline .dacc-baseline.json actions
expect_out "sarif: the baseline's notification" '[.runs[0].invocations[0].toolExecutionNotifications[].message.text]
    | map(select(startswith("baseline:"))) | length == 1'
run lint --format json --baseline .dacc-baseline.json actions/Disconnect-callback.json
expect_out "a run over one file judges only its entries" '.summary.baseline.stale == 0'
"$dacc" lint --format json --baseline .dacc-baseline.json actions >"$tmp/report2.json" 2>/dev/null
"$ajv" validate --spec=draft7 -s "$root/schemas/report.schema.json" -d "$tmp/report2.json" >/dev/null 2>&1 && ok ||
    bad "a report with a baseline validates against schemas/report.schema.json"
# .dacc.yaml baseline:, relative to the config file, from another directory
# (entries name files relative to the baseline file: it stays where it was written)
printf 'baseline: .dacc-baseline.json\n' >.dacc.yaml
run lint --format json actions
expect_out ".dacc.yaml baseline: the same" '[.findings[].rule] == ["insecure-url"] and
    (.summary.baseline.file | endswith(".dacc-baseline.json"))'
cd "$tmp"
run lint --format json --config base/.dacc.yaml base/actions
expect_out "from another directory: the same entries match" '[.findings[].rule] == ["insecure-url"] and
    .summary.baseline.stale == 1'
run lint --baseline "$tmp/nothing.json" base/actions
expect_status "a missing baseline" 2
grep -q "cannot read the baseline" <<<"$err" && ok || bad "a missing baseline is said"
echo '{"entries": 3}' >"$tmp/notbaseline.json"
run lint --baseline "$tmp/notbaseline.json" base/actions
expect_status "a file that is not a baseline" 2
run lint --baseline x.json --write-baseline y.json base/actions
expect_status "--baseline with --write-baseline" 2
run build --write-baseline y.json -o "$tmp/o" base/actions
expect_status "--write-baseline is lint's" 2
# findings past the report caps are matched too (and counted nowhere)
mkdir -p "$tmp/caps"
{ echo '['; for i in $(seq 1 1499); do echo '{},'; done; echo '{}]'; } >"$tmp/caps/many.json"
run lint --format json "$tmp/caps"
expect_out "past the caps: findings omitted" '.summary.omitted > 0'
run lint --write-baseline "$tmp/caps.base" "$tmp/caps"
run lint --format json --baseline "$tmp/caps.base" "$tmp/caps"
expect_status "past the caps: all matched" 0
expect_out "past the caps: none counted" '.summary.errors == 0 and .summary.warnings == 0 and (has("omitted") | not)'
# a secret never reaches the baseline file
run lint --write-baseline "$tmp/canary.base" "$root/tests/secrets/canary"
[ -s "$tmp/canary.base" ] && [ "$(jq '.entries | length' "$tmp/canary.base")" -gt 10 ] && ok ||
    bad "the canaries draw entries"
grep -q "CANARY" "$tmp/canary.base" && bad "a canary secret in the baseline file" || ok
grep -q "CANARY" "$tmp/out" "$tmp/err" && bad "a canary secret printed" || ok

[ "$fail" = 0 ] && echo "adopt: $count checks passed"
exit "$fail"
