#!/usr/bin/env bash
# dacc build: golden import files, JSON and YAML sources alike, repeatable
# bytes, nothing written on a lint error or a name clash, atomic writes under
# failures and SIGKILL, a secrets manifest that never holds a value, and the
# Terraform it emits (checked by `terraform fmt` and read back by `terraform
# console` when terraform is installed).
#   tests/build/run.sh DACC [--update]
set -euo pipefail
cd "$(dirname "$0")/../.."
dacc=${1:?usage: tests/build/run.sh DACC [--update]}
[[ "$dacc" == /* ]] || dacc="$PWD/$dacc"
update=${2:-}
fx=tests/build/fixtures
expected=tests/build/expected/fixtures
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0 count=0

ok() { count=$((count + 1)); }
bad() {
    count=$((count + 1)); fail=1
    echo "FAIL $1"
    [ -s "$tmp/out" ] && echo "  stdout: $(head -c 600 "$tmp/out")"
    [ -s "$tmp/err" ] && echo "  stderr: $(head -c 600 "$tmp/err")"
    return 0
}
# run ARGS...: $status, and stdout/stderr in $tmp/out, $tmp/err
run() {
    set +e
    timeout 60 "$dacc" "$@" </dev/null >"$tmp/out" 2>"$tmp/err"
    status=$?
    set -e
}
expect_status() { if [ "$status" = "$2" ]; then ok; else bad "$1: exit status $status, expected $2"; fi; }
# no file but DIR's own temporary leftovers; every file a complete one
temps_in() { find "$1" -name '.*.tmp-*' 2>/dev/null | wc -l; }

# --- goldens: JSON sources -------------------------------------------------
run build --emit terraform -o "$tmp/json" "$fx/json"
expect_status "build the JSON fixtures" 0
if [ "$update" = --update ]; then
    rm -rf "$expected" && mkdir -p "$expected" && cp "$tmp/json"/* "$expected"/
    echo "updated $expected"
fi
if diff -r "$expected" "$tmp/json" >"$tmp/diff"; then ok; else cat "$tmp/diff"; bad "the JSON fixtures build to $expected"; fi

# --- the same actions kept as YAML give the same bytes ---------------------
run build --emit terraform -o "$tmp/yaml" "$fx/yaml"
expect_status "build the YAML fixtures" 0
if diff -r "$tmp/json" "$tmp/yaml" >"$tmp/diff"; then ok; else cat "$tmp/diff"; bad "YAML and JSON sources build alike"; fi

# --- repeatable: again into a new directory, and over the old files --------
run build --emit terraform -o "$tmp/again" "$fx/json"
diff -r "$tmp/json" "$tmp/again" >/dev/null && ok || bad "a second build gives the same bytes"
run build --emit terraform -o "$tmp/json" "$fx/json"
expect_status "rebuild over the old files" 0
diff -r "$expected" "$tmp/json" >/dev/null && ok || bad "a rebuild over the old files gives the same bytes"
[ "$(temps_in "$tmp/json")" = 0 ] && ok || bad "no temporary file stays behind"
run build -o "$tmp/plain" "$fx/json"
if [ ! -e "$tmp/plain/actions.tf" ] && [ ! -e "$tmp/plain/versions.tf" ] &&
    diff -r -x actions.tf -x versions.tf "$expected" "$tmp/plain" >/dev/null; then ok; else
    bad "without --emit terraform: the same files but actions.tf and versions.tf"; fi

# --- what the import files hold ----------------------------------------------
out=$tmp/json
if grep -rq '{{ *secrets' "$out"; then bad "no '{{ secrets.X }}' is left in any output"; else ok; fi
grep -q 'client_secret=<< secrets.clientSecret >>' "$out/partner-api-token.customAuth.json" && ok ||
    bad "{{ secrets.clientSecret }} becomes << secrets.clientSecret >>"
grep -q 'client_id=$esc.url(<< secrets.clientId >>)' "$out/partner-api-token.customAuth.json" && ok ||
    bad "<< secrets.X >> stays as it is"
[ "$(jq -r '.config.request.headers["X-Partner-Key"]' "$out/create-return.custom.json")" = '<< secrets.partnerKey >>' ] && ok ||
    bad "{{secrets.X}} without spaces is rewritten too"
[ "$(jq -r '.config.request.headers["X-Api-Key"]' "$out/lookup-order.custom.json")" = '${credentials.apiKey}' ] && ok ||
    bad '${credentials.X} stays as it is'
for f in "$out"/*.json; do
    jq -e 'if has("secrets") then true else has("id") or has("selfUri") or has("version") or has("integrationId") | not end' "$f" >/dev/null && ok ||
        bad "$(basename "$f"): server-owned members are dropped"
done
[ "$(jq -c 'keys_unsorted' "$out/lookup-order.custom.json")" = '["name","integrationType","actionType","category","config","contract","secure","x-owner"]' ] && ok ||
    bad "export order first, then the other members"
[ "$(jq -c '.config | keys_unsorted' "$out/lookup-order.custom.json")" = '["request","response","timeoutSeconds"]' ] && ok ||
    bad "nested members keep their source order"
for f in "$out"/*; do
    [ "$(tail -c 1 "$f" | od -An -c | tr -d ' ')" = '\n' ] && ok || bad "$(basename "$f") ends with a newline"
done
[ -e "$out/partner-api-token.customAuth.json" ] && ok || bad "a custom-authentication action is a .customAuth.json"

# --- the manifest: every secret, where it is used, where to provide it --------
m=$out/secrets.manifest.json
[ "$(jq -c '[.secrets[] | [.name, .providedAs]]' "$m")" = \
  '[["apiKey","integration-credential-field"],["clientId","integration-secret"],["clientSecret","integration-secret"],["partnerKey","integration-secret"]]' ] && ok ||
    bad "the manifest lists each secret with where it is provided"
[ "$(jq -r '.secrets[] | select(.name == "clientSecret") | .usedBy[0] | "\(.file) \(.pointer)"' "$m")" = \
  'partner-api-token.customAuth.json /config/request/requestTemplate' ] && ok || bad "the manifest points at each use"
# no string of an action reaches it but the action names, file names and references
jq -r '.. | strings' "$out"/*.custom*.json | sort -u >"$tmp/values"
jq 'del(.secrets[].usedBy[].action, .secrets[].usedBy[].file, .secrets[].reference)' "$m" >"$tmp/rest"
leaked=$(while IFS= read -r v; do
    [ "${#v}" -ge 6 ] && grep -qF -- "$v" "$tmp/rest" && printf '%s\n' "$v"; done <"$tmp/values" || true)
[ -z "$leaked" ] && ok || bad "the manifest holds no value of the actions: $leaked"

# canary strings in every unrelated field: none reaches the manifest or the output
run build --format json -o "$tmp/canary" "$fx/canary-clean"
expect_status "build the canary fixture" 0
grep -rq CANARY "$tmp/canary/secrets.manifest.json" "$tmp/out" "$tmp/err" && bad "no canary in the manifest or the summary" || ok
[ "$(jq -r '.secrets[0].name' "$tmp/canary/secrets.manifest.json")" = notesToken ] && ok || bad "the canary fixture's secret is listed"
[ "$(grep -c CANARY "$tmp/canary/post-note.custom.json")" -ge 8 ] && ok || bad "the canaries are in the import file (they are not secrets)"
# a literal secret: lint fails, nothing is written, the secret is printed nowhere
for format in text json sarif github; do
    run build --format "$format" -o "$tmp/leaky" "$fx/canary-secret"
    expect_status "a literal client secret ($format)" 1
    [ ! -e "$tmp/leaky" ] && ok || bad "nothing is written for a literal secret ($format)"
    grep -q CANARY "$tmp/out" "$tmp/err" && bad "the literal secret is printed nowhere ($format)" || ok
done

# --- the summary ---------------------------------------------------------------
run build --format json -o "$tmp/sum" "$fx/json"
expect_status "--format json" 0
jq -e '.tool.name == "dacc" and .summary.actions == 4 and .summary.files == 3 and .summary.written == 5 and
       (.files | length) == 5 and (.files[-1].path | endswith("/secrets.manifest.json"))' "$tmp/out" >/dev/null && ok ||
    bad "--format json summarises what was written, the manifest last"
while read -r path bytes sha; do
    [ "$(wc -c <"$path" | tr -d ' ')" = "$bytes" ] && [ "$(sha256sum "$path" | cut -d' ' -f1)" = "$sha" ] && ok ||
        bad "size and sha256 of $path"
done < <(jq -r '.files[] | "\(.path) \(.bytes) \(.sha256)"' "$tmp/out")
run build -o "$tmp/txt" "$fx/json"
[ "$(grep -c '^wrote ' "$tmp/out")" = 5 ] && tail -1 "$tmp/out" | grep -qx "4 actions from 3 files: 5 files written to $tmp/txt" && ok ||
    bad "text: a line a file and a summary line"
run build -q -o "$tmp/quiet" "$fx/json"
[ ! -s "$tmp/out" ] && [ -e "$tmp/quiet/secrets.manifest.json" ] && ok || bad "-q: nothing printed"

# --- files in DIR this build did not write are named, never deleted --------------
run build -q -o "$tmp/stale" "$fx/json"
touch "$tmp/stale/renamed-away.custom.json" "$tmp/stale/.lookup-order.custom.json.tmp-Ab12Cd" \
      "$tmp/stale/actions.tf" "$tmp/stale/README.txt"
run build -o "$tmp/stale" "$fx/json"
expect_status "a directory with old files builds" 0
grep -c 'is not from this build' "$tmp/err" | grep -qx 3 &&
    grep -q "^dacc: note: $tmp/stale/renamed-away.custom.json is not from this build (an action renamed or removed?)" "$tmp/err" &&
    grep -q "^dacc: note: $tmp/stale/actions.tf is not from this build (an earlier build's --emit terraform)" "$tmp/err" &&
    grep -q "^dacc: note: $tmp/stale/.lookup-order.custom.json.tmp-Ab12Cd is not from this build (a temporary file" "$tmp/err" &&
    ok || bad "stale files are named on standard error"
[ -e "$tmp/stale/renamed-away.custom.json" ] && [ -e "$tmp/stale/README.txt" ] && ok || bad "stale files are kept"
run build --format json -o "$tmp/stale" "$fx/json"
jq -e --arg d "$tmp/stale" '.stale == [$d + "/.lookup-order.custom.json.tmp-Ab12Cd", $d + "/actions.tf", $d + "/renamed-away.custom.json"]' \
    "$tmp/out" >/dev/null && [ ! -s "$tmp/err" ] && ok || bad "--format json lists stale files, sorted"
run build --emit terraform --format json -o "$tmp/stale" "$fx/json"
jq -e '.stale | map(test("actions.tf$")) | any | not' "$tmp/out" >/dev/null && ok || bad "actions.tf is not stale with --emit terraform"
run build -q -o "$tmp/stale" "$fx/json"
[ ! -s "$tmp/err" ] && ok || bad "-q: no stale notes"
run build --format json -o "$tmp/sum2" "$fx/json"
jq -e '.stale == []' "$tmp/out" >/dev/null && ok || bad "a fresh directory has no stale files"

# --- lint first: errors write nothing, and report as lint does ---------------
for format in text json sarif github; do
    run build --format "$format" -o "$tmp/err-$format" "$fx/lint-error"
    expect_status "a lint error ($format)" 1
    [ ! -e "$tmp/err-$format" ] && ok || bad "a lint error writes nothing ($format)"
    cp "$tmp/out" "$tmp/build-report"
    set +e; "$dacc" lint --format "$format" "$fx/lint-error" >"$tmp/lint-report" 2>/dev/null; set -e
    cmp -s "$tmp/build-report" "$tmp/lint-report" && ok || bad "a failed build prints lint's report ($format)"
done
run build -o "$tmp/mixed" "$fx/json" "$fx/lint-error"
expect_status "one bad file among good ones" 1
[ ! -e "$tmp/mixed" ] && ok || bad "one bad file: nothing at all is written"
run build -o "$tmp/warn" "$fx/warning"
expect_status "a warning does not stop the build" 0
grep -q 'contract-mismatch' "$tmp/err" && [ -e "$tmp/warn/lookup-with-extra.custom.json" ] && ok ||
    bad "a warning is shown on standard error and the file is written"
run build --format github -o "$tmp/warn-gh" "$fx/warning"
expect_status "a warning does not stop the build (github)" 0
grep -q '^::warning ' "$tmp/out" && ok || bad "--format github: the warning is an annotation"
run build --format sarif -o "$tmp/ok-sarif" "$fx/json"
expect_status "--format sarif" 0
jq -e '.version == "2.1.0" and (.runs[0].results | length) == 0' "$tmp/out" >/dev/null && ok ||
    bad "--format sarif: a clean build still prints a SARIF log"
run build --strict -o "$tmp/strict" "$fx/warning"
expect_status "--strict: a warning fails the build" 1
[ ! -e "$tmp/strict" ] && ok || bad "--strict: nothing written"

# --- names that give one file name -------------------------------------------
run build -o "$tmp/clash" "$fx/clash"
expect_status "two names, one file" 1
grep -q "'Get Order'" "$tmp/out" && grep -q "'get order!'" "$tmp/out" && grep -q "get-order.custom.json" "$tmp/out" &&
    grep -q "\[duplicate-name\]" "$tmp/out" && ok || bad "the clash is a duplicate-name finding naming both actions and the file"
[ ! -e "$tmp/clash" ] && ok || bad "a clash writes nothing"
run build --format json -o "$tmp/clash" "$fx/clash"
jq -e '[.findings[].rule] == ["duplicate-name"] and .findings[0].pointer == "/name" and .summary.errors == 1' "$tmp/out" >/dev/null &&
    ok || bad "build --format json reports the clash as a finding"
# with the rule off, build still refuses, says why, and standard output is still one JSON report
printf 'rules:\n  duplicate-name: off\n' >"$tmp/clash-off.yaml"
run build --config "$tmp/clash-off.yaml" --format json -o "$tmp/clash" "$fx/clash"
expect_status "a clash with duplicate-name off" 1
grep -q "build to one import file" "$tmp/err" && ! grep -q "Get Order" "$tmp/err" && jq -e '.summary.errors == 0' "$tmp/out" >/dev/null && ok ||
    bad "a clash with duplicate-name off: the reason on standard error, a JSON report on standard output"
[ ! -e "$tmp/clash" ] && ok || bad "a clash with the rule off writes nothing"

# --- usage ------------------------------------------------------------------
run build "$fx/json"; expect_status "build without -o" 2
grep -q -- '-o DIR' "$tmp/err" && ok || bad "build without -o says so"
run build -o "$tmp/x"; expect_status "build without PATH" 2
run build -o "$tmp/x" -; expect_status "build from standard input" 2
run build --emit pulumi -o "$tmp/x" "$fx/json"; expect_status "--emit of an unknown kind" 2
run lint -o "$tmp/x" "$fx/json"; expect_status "lint -o" 2
run build -o "$tmp/x" "$fx/no-such-dir"; expect_status "a missing input" 2
[ ! -e "$tmp/x" ] && ok || bad "usage errors write nothing"
cp -r "$fx/json" "$tmp/inputs"
run build -o "$tmp/inputs/out" "$tmp/inputs"; expect_status "an output directory inside the inputs" 2
# an input file in DIR itself: its import file of the same name would replace it
first=$(ls "$tmp/inputs" | head -1)
sum=$(sha256sum <"$tmp/inputs/$first")
run build -o "$tmp/inputs" "$tmp/inputs/$first"; expect_status "an input file in the output directory" 2
grep -q "is in the output directory" "$tmp/err" && ok || bad "the refusal says the input is in the output directory"
[ "$(sha256sum <"$tmp/inputs/$first")" = "$sum" ] && ok || bad "the input in the output directory is left as it was"
run build --output "$tmp/deep/er/dir" "$fx/json"; expect_status "mkdir -p" 0
[ -e "$tmp/deep/er/dir/secrets.manifest.json" ] && ok || bad "the output directory is made with its parents"

# --- a directory that cannot be written ----------------------------------------
echo 'not a directory' >"$tmp/file.txt"
run build -o "$tmp/file.txt" "$fx/json"; expect_status "DIR is a regular file" 2
[ "$(cat "$tmp/file.txt")" = 'not a directory' ] && ok || bad "the file in the way is left alone"
run build -o "$tmp/file.txt/out" "$fx/json"; expect_status "DIR under a regular file" 2
grep -q "cannot create directory" "$tmp/err" && ok || bad "DIR under a file: says why"

# a failure in the middle: the third file's name is taken by a directory
mkdir -p "$tmp/mid/lookup-order.custom.json"
run build -o "$tmp/mid" "$fx/json"; expect_status "a file cannot be renamed into place" 2
[ "$(temps_in "$tmp/mid")" = 0 ] && ok || bad "a failed write leaves no temporary file"
cmp -s "$tmp/mid/create-return.custom.json" "$expected/create-return.custom.json" &&
    cmp -s "$tmp/mid/get-queue-depth.custom.json" "$expected/get-queue-depth.custom.json" && ok ||
    bad "the files written before the failure are complete"
[ ! -e "$tmp/mid/secrets.manifest.json" ] && [ ! -e "$tmp/mid/partner-api-token.customAuth.json" ] && ok ||
    bad "nothing is written after the failure (the manifest comes last)"

# a full disk: files may grow to 1 KiB only (RLIMIT_FSIZE), so a write fails half-way
set +e
(trap '' XFSZ; ulimit -f 1; exec "$dacc" build -o "$tmp/full" "$fx/json") >"$tmp/out" 2>"$tmp/err"
status=$?
set -e
expect_status "a write that runs out of room" 2
[ "$(temps_in "$tmp/full")" = 0 ] && ok || bad "the half-written temporary file is removed"
[ -z "$(find "$tmp/full" -type f)" ] && ok || bad "no partial file is left"

# --- killed between files: every file is whole, old or new ---------------------
gen() { # DIR VARIANT: 300 actions in one file; the variant changes every file, the manifest too
    mkdir -p "$1"
    jq --arg v "$2" '[range(300) as $i | .[0] | .name = "Bulk Action \($i)" | .category = $v
        | .config.request.headers["X-Api-Key"] = "${credentials.apiKey\($v)}"]' "$fx/json/orders.json" >"$1/bulk.json"
}
gen "$tmp/bulk-a" A
gen "$tmp/bulk-b" B
run build -q -o "$tmp/ref-a" "$tmp/bulk-a"; expect_status "build 300 actions (A)" 0
start=$(date +%s%N)
run build -q -o "$tmp/ref-b" "$tmp/bulk-b"; expect_status "build 300 actions (B)" 0
took=$((($(date +%s%N) - start) / 1000000))
killed=0 mixed=0 broken=0
for pct in 10 30 50 60 70 80 90 95; do
    rm -rf "$tmp/work" && cp -r "$tmp/ref-a" "$tmp/work"
    ms=$((took * pct / 100 + 1))
    set +e
    { timeout -s KILL "$(printf '%d.%03d' $((ms / 1000)) $((ms % 1000)))" "$dacc" build -q -o "$tmp/work" \
        "$tmp/bulk-b" >/dev/null 2>&1; } 2>/dev/null
    [ $? = 137 ] && killed=$((killed + 1))
    set -e
    na=0 nb=0
    while IFS= read -r name; do
        case "$name" in
        .*.tmp-??????) continue ;; # a temporary file a kill left: named as one, never read as output
        esac
        if cmp -s "$tmp/work/$name" "$tmp/ref-b/$name"; then nb=$((nb + 1))
        elif cmp -s "$tmp/work/$name" "$tmp/ref-a/$name"; then na=$((na + 1))
        else broken=$((broken + 1)); echo "  partial or strange file after a kill at ${ms} ms: $name"; fi
    done < <(find "$tmp/work" -mindepth 1 -maxdepth 1 -printf '%f\n')
    [ "$na" -gt 0 ] && [ "$nb" -gt 0 ] && mixed=$((mixed + 1))
    if cmp -s "$tmp/work/secrets.manifest.json" "$tmp/ref-b/secrets.manifest.json" &&
        ! diff -r -x '.*' "$tmp/ref-b" "$tmp/work" >/dev/null; then
        broken=$((broken + 1)); echo "  the new manifest came before every action was written"
    fi
done
[ "$broken" = 0 ] && ok || bad "after SIGKILL every file is the old one or the new one, whole"
echo "   (kill test: a build takes ${took} ms; $killed of 8 runs were killed, $mixed of them between files)"

# --- the public exports: every one builds to itself, less the server's members ---
corpus=../shared/corpus/genesys-public
if [ -d "$corpus" ]; then
    { echo "rules:"; "$dacc" rules | awk '$1 != "syntax" { print "  " $1 ": off" }'; } >"$tmp/all-off.yaml" # syntax stays an error
    n=0 built=0 same=0 outputs=0
    mkdir -p "$tmp/corpus-tf"
    for f in "$corpus"/*.json; do
        n=$((n + 1))
        run build -q --config "$tmp/all-off.yaml" --emit terraform -o "$tmp/corpus/$n" "$f"
        [ "$status" = 0 ] || { bad "$(basename "$f") builds with every rule off"; continue; }
        built=$((built + 1))
        cp "$tmp/corpus/$n/actions.tf" "$tmp/corpus-tf/a$n.tf"
        for o in "$tmp/corpus/$n"/*.custom*.json; do
            outputs=$((outputs + 1))
            jq -e --slurpfile out "$o" '(if type == "array" then . elif has("entities") then .entities else [.] end)
                | map(select(.name == $out[0].name)) | .[0]
                | del(.id, .selfUri, .version, .integrationId) == $out[0]' "$f" >/dev/null && same=$((same + 1)) ||
                echo "  $(basename "$f"): $(basename "$o") is not the export less its server-owned members"
        done
    done
    [ "$n" -gt 0 ] && [ "$built" = "$n" ] && [ "$same" = "$outputs" ] && ok ||
        bad "the public exports build to themselves ($built of $n files built, $same of $outputs actions equal)"
    if command -v terraform >/dev/null 2>&1; then
        (cd "$tmp/corpus-tf" && TF_CLI_CONFIG_FILE=/dev/null terraform fmt -check -list=true . >"$tmp/out" 2>&1) && ok ||
            bad "terraform fmt leaves the Terraform of every public export as it is"
    fi
fi

# --- Terraform ---------------------------------------------------------------
tf=$expected/actions.tf
grep -q '\$\${input.orderId}' "$tf" && ok || bad 'Velocity ${ is written $${ in HCL'
grep -q '50%%{off}' "$tf" && ok || bad '%{ is written %%{ in HCL'
if grep -v '^ *#' "$tf" | grep -q '[^$]\${'; then bad 'no unescaped ${ in the HCL'; else ok; fi
grep -q 'resource "genesyscloud_integration_custom_auth_action" "partner_api_token"' "$tf" && ok ||
    bad "a custom-authentication action is a genesyscloud_integration_custom_auth_action"
grep -q 'contract_input = jsonencode({' "$tf" && ok || bad "contracts are jsonencode(...)"
if command -v terraform >/dev/null 2>&1; then
    export TF_CLI_CONFIG_FILE=/dev/null TF_IN_AUTOMATION=1 CHECKPOINT_DISABLE=1
    mkdir -p "$tmp/tf" && cp "$tf" "$expected/versions.tf" "$tmp/tf/"
    (cd "$tmp/tf" && terraform fmt -check -diff >"$tmp/out" 2>&1) && ok ||
        bad "terraform fmt leaves actions.tf and versions.tf as they are"
    # read every resource back: blocks become locals, and each value must equal the import file's
    mkdir -p "$tmp/tfrt"
    awk '/^resource "[a-z_]+" "[A-Za-z0-9_]+" \{$/ { split($0, p, "\""); print "locals {"; print "  " p[4] " = {"; inres = 1; next }
         inres && /^}$/ { print "  }"; print "}"; inres = 0; next }
         inres && /^  (config_request|config_response) \{$/ { sub(/ \{$/, " = {"); print; next }
         { print }' "$tf" >"$tmp/tfrt/main.tf"
    for f in "$expected"/*.custom*.json; do
        base=$(basename "$f"); slug=${base%%.*}; label=${slug//-/_}
        set +e
        (cd "$tmp/tfrt" && echo "jsonencode(local.$label)" |
            TF_VAR_integration_id_custom_rest_actions=ID:custom-rest-actions \
            TF_VAR_integration_id_purecloud_data_actions=ID:purecloud-data-actions TF_VAR_action_category=CAT \
            terraform console) >"$tmp/tfout" 2>"$tmp/err"
        set -e
        if jq -e --slurpfile src "$f" '(. | fromjson) as $tf | $src[0] as $a |
            def present(o): o | with_entries(select(.value != null));
            present($tf | .contract_input |= (if . == null then null else fromjson end)
                        | .contract_output |= (if . == null then null else fromjson end)) ==
            present({name: $a.name, integration_id: ("ID:" + $a.integrationType),
                     category: (if $a.actionType == "customAuth" then null else ($a.category // "CAT") end),
                     secure: (if $a.actionType == "customAuth" then null else $a.secure end),
                     config_timeout_seconds: $a.config.timeoutSeconds,
                     contract_input: (if $a.actionType == "customAuth" then null else $a.contract.input.inputSchema end),
                     contract_output: (if $a.actionType == "customAuth" then null else $a.contract.output.successSchema end),
                     config_request: present({request_url_template: $a.config.request.requestUrlTemplate,
                         request_type: $a.config.request.requestType, request_template: $a.config.request.requestTemplate,
                         headers: $a.config.request.headers}),
                     config_response: present({translation_map: $a.config.response.translationMap,
                         translation_map_defaults: $a.config.response.translationMapDefaults,
                         success_template: $a.config.response.successTemplate})})' "$tmp/tfout" >/dev/null; then ok; else
            bad "terraform reads $label back as the import file holds it"
        fi
    done
else
    echo "   (terraform is not installed: actions.tf is checked against its golden only)"
fi

# === paths-harden (issue 13: items 7, 11, 3) ====================================
# item 7: an output directory that only looks like it lies elsewhere
mkdir -p "$tmp/p7/in"
cp "$fx"/json/*.json "$tmp/p7/in/"
ls "$tmp/p7/in" >"$tmp/p7-before"
run build -o "$tmp/p7/new/../in" "$tmp/p7/in"
expect_status "-o new/../inputs is refused" 2
if [ "$(ls "$tmp/p7/in")" = "$(cat "$tmp/p7-before")" ]; then ok; else bad "-o new/../inputs writes nothing into the inputs"; fi
grep -q "is inside the input directory" "$tmp/err" && ok || bad "-o new/../inputs: says why"
(cd "$tmp/p7" && run build -o "./x/./../in/" in)
expect_status "-o ./x/./../in/ (relative) is refused" 2
# ... or is reached from the inputs through a followed symbolic link or a bind mount
mkdir -p "$tmp/p7/out"
ln -s "$tmp/p7/out" "$tmp/p7/in/outlink"
run build --follow-symlinks -o "$tmp/p7/out" "$tmp/p7/in"
expect_status "-o DIR that a followed link in the inputs leads to" 2
[ -z "$(ls -A "$tmp/p7/out")" ] && ok || bad "nothing is written where a followed link in the inputs leads"
grep -q "walk of the inputs enters" "$tmp/err" && ok || bad "a followed link to the output directory: says why"
rm "$tmp/p7/in/outlink"
if unshare -m --propagation private true 2>/dev/null; then
    mkdir -p "$tmp/p7/in/mnt" "$tmp/p7/bound"
    set +e
    unshare -m --propagation private sh -c 'mount --bind "$1" "$2" && exec timeout 60 "$3" build -o "$1/new" "$4"' \
        sh "$tmp/p7/bound" "$tmp/p7/in/mnt" "$dacc" "$tmp/p7/in" >"$tmp/out" 2>"$tmp/err"
    status=$?
    set -e
    expect_status "-o DIR under a directory bind-mounted inside the inputs" 2
    [ ! -e "$tmp/p7/bound/new" ] && ok || bad "nothing is made under a directory bind-mounted inside the inputs"
    grep -q "walk of the inputs enters" "$tmp/err" && ok || bad "a bind mount to the output directory: says why"
    rmdir "$tmp/p7/in/mnt"
else
    echo "   (unshare -m is not allowed here: the bind-mount case is not checked)"
fi

# item 11: build builds the bytes lint checked, or nothing.  A file whose
# bytes differ on every read (the kernel's /proc/sys/kernel/random/uuid is a
# regular file) stands for one rewritten between lint and build; with every
# rule but syntax off lint passes it, and build must not build what it reads
# the second time.
if [ -r /proc/sys/kernel/random/uuid ]; then
    mkdir -p "$tmp/p11"
    printf 'rules:\n  schema: off\n  plaintext-secret: off\n  token-request-form: off\n  timeout: off\n  payload-limit: off\n  scope-least-privilege: off\n  insecure-url: off\n  template: off\n  contract-mismatch: off\n  secure-flag: off\n  duplicate-name: off\n' >"$tmp/p11/off.yaml"
    run build --config "$tmp/p11/off.yaml" -o "$tmp/p11/out" /proc/sys/kernel/random/uuid
    expect_status "a file whose bytes changed since lint read them" 2
    if [ "$(wc -l <"$tmp/err")" = 1 ] && grep -q "uuid changed after lint read it; nothing written" "$tmp/err"; then ok; else
        bad "a changed file: one line naming it"; fi
    [ ! -e "$tmp/p11/out" ] && ok || bad "a changed file: nothing written"
fi
# the same with a real swap: gdb stops dacc at build's read of the file (the
# second source_read of it; lint's is the first) and a literal secret is put
# in its place
# (only where gdb may trace a program: a container without ptrace skips it)
if command -v gdb >/dev/null &&
    gdb -q -batch -nx -ex run -ex 'print $_exitcode' --args /bin/true 2>/dev/null | grep -q '^\$1 = 0$'; then
    mkdir -p "$tmp/p11/in"
    clean=$(ls "$fx"/canary-clean/* | head -1); secret=$(ls "$fx"/canary-secret/* | head -1)
    cp "$clean" "$tmp/p11/in/a.${clean##*.}"
    target="$tmp/p11/in/a.${clean##*.}"
    set +e
    # (LeakSanitizer cannot run under ptrace: an ASan build checks leaks everywhere else)
    ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" timeout 120 gdb -q -batch -nx -ex 'set breakpoint pending on' -ex 'set pagination off' \
        -ex "break source_read if \$_streq(path, \"$target\")" \
        -ex "run build -o $tmp/p11/swapped $tmp/p11/in >$tmp/out 2>$tmp/err" \
        -ex continue -ex "shell cp $secret $target" -ex 'delete' -ex continue -ex 'print $_exitcode' \
        "$dacc" </dev/null >"$tmp/gdb" 2>&1
    set -e
    if grep -q '^\$1 = 2$' "$tmp/gdb"; then ok; else
        bad "a file swapped between lint and build: exit 2 ($(grep '^\$1' "$tmp/gdb"))"; fi
    grep -q "changed after lint read it" "$tmp/err" && ok || bad "a swapped file: says so"
    if [ ! -e "$tmp/p11/swapped" ] && ! grep -rqs CANARY "$tmp/p11/swapped" "$tmp/out" "$tmp/err"; then ok; else
        bad "a swapped-in literal secret is built nowhere and printed nowhere"; fi
else
    echo "   (gdb is not installed or may not trace here: the swap between lint and build is checked with /proc only)"
fi

# item 3: names bound for the terminal carry no control character
mkdir -p "$tmp/p3/in" "$tmp/p3/out"
cp "$fx"/json/*.json "$tmp/p3/in/"
: >"$tmp/p3/out/$(printf 'x\033]0;owned\007\n::error file=a::forged.custom.json')"
run build -o "$tmp/p3/out" "$tmp/p3/in"
expect_status "build beside a stale file with control characters in its name" 0
if ! LC_ALL=C grep -q "$(printf '[\001-\010\013-\037\177]')" "$tmp/err" "$tmp/out"; then ok; else
    bad "no control character reaches the terminal from a file name"; fi
if [ "$(grep -c 'not from this build' "$tmp/err")" = 1 ] && [ "$(wc -l <"$tmp/err")" = 1 ] &&
    grep -q '\\x1b\]0;owned\\x07\\x0a::error' "$tmp/err"; then ok; else bad "the stale note is one line, escapes shown"; fi
outdir="$tmp/p3/$(printf 'o\033[2Jut')"
run build -o "$outdir" "$tmp/p3/in"
expect_status "an output directory with ESC in its name" 0
if ! LC_ALL=C grep -q "$(printf '\033')" "$tmp/out" && grep -q 'written to .*o\\x1b\[2Jut' "$tmp/out"; then ok; else
    bad "'wrote' and summary lines escape the output directory's name"; fi


# === flow-emit (issue 15): --emit archy, an Architect flow per integration =======
# Goldens of what it writes (the example actions; actions with nested, array and
# untyped outputs, numbers of each kind, a token action, names that would give one
# variable; a voice flow); the YAML read back by dacc's own loader and flow library
# (tests/unit/test_archy_keys.c); and every real step of the public flows whose
# action is in the corpus has the keys the emitted step has.
archy_expected=tests/build/expected/archy
keysdrv=
for d in "$(dirname "$dacc")/tests" "$(dirname "$dacc")/build/tests" build/tests; do
    [ -x "$d/test_archy_keys" ] && { keysdrv=$d/test_archy_keys; break; }
done
archy_build() { # NAME ARGS...: build into $tmp/archy-NAME, expecting success
    local name=$1; shift
    run build -q "$@" -o "$tmp/archy-$name"
    expect_status "--emit archy: $name" 0
}
archy_build clean --emit archy fixtures/examples/clean
archy_build fx --emit archy --category Orders "$fx/archy"
archy_build voice --emit archy --flow-type inboundCall --category Orders "$fx/archy"
if [ "$update" = --update ]; then
    for name in clean fx voice; do
        rm -rf "$archy_expected/$name" && mkdir -p "$archy_expected/$name" &&
            cp "$tmp/archy-$name"/*.flow.yaml "$archy_expected/$name/"
    done
    echo "updated $archy_expected"
fi
for name in clean fx voice; do
    mkdir -p "$tmp/archy-only-$name" && cp "$tmp/archy-$name"/*.flow.yaml "$tmp/archy-only-$name/"
    if diff -r "$archy_expected/$name" "$tmp/archy-only-$name" >"$tmp/diff"; then ok; else
        cat "$tmp/diff"; bad "--emit archy ($name) writes $archy_expected/$name"; fi
done
[ "$(ls "$tmp/archy-fx"/*.flow.yaml | wc -l)" = 2 ] && ok || bad "--emit archy: one flow per integration"
run build -q --emit archy --category Orders -o "$tmp/archy-fx2" "$fx/archy"
diff -r "$tmp/archy-fx" "$tmp/archy-fx2" >/dev/null && ok || bad "--emit archy: the same bytes again"
run build -q --emit archy --emit terraform -o "$tmp/archy-both" "$fx/json"
[ -e "$tmp/archy-both/actions.tf" ] && [ -e "$tmp/archy-both/custom-rest-actions.flow.yaml" ] && ok ||
    bad "--emit terraform --emit archy: both"
# categories: the action's own; else --category; else .dacc.yaml build.category; else a quoted substitution
c=$archy_expected/clean/custom-rest-actions.flow.yaml
[ "$(grep -c '^ *"{{data_action_category}}":$' "$c")" = 2 ] && ok || bad "no category: a quoted {{data_action_category}}"
grep -q '^ *Logistics:$' "$archy_expected/fx/custom-rest-actions.flow.yaml" &&
    [ "$(grep -c '^ *Orders:$' "$archy_expected/fx/custom-rest-actions.flow.yaml")" = 3 ] && ok ||
    bad "the action's category, else --category"
printf 'build:\n  category: From Config\n' >"$tmp/archy-cat.yaml"
run build -q --config "$tmp/archy-cat.yaml" --emit archy -o "$tmp/archy-cfg" fixtures/examples/clean
[ "$(grep -c '^ *From Config:$' "$tmp/archy-cfg/custom-rest-actions.flow.yaml")" = 2 ] && ok || bad ".dacc.yaml build.category"
run build -q --config "$tmp/archy-cat.yaml" --emit archy --category Flag -o "$tmp/archy-cfg2" fixtures/examples/clean
[ "$(grep -c '^ *Flag:$' "$tmp/archy-cfg2/custom-rest-actions.flow.yaml")" = 2 ] && ok || bad "--category wins over build.category"
# what the steps hold
f=$archy_expected/fx/custom-rest-actions.flow.yaml
grep -q 'var: Flow.track_shipment_fragile_2$' "$f" && ok || bad "a variable name already taken gets _2"
grep -q 'exp: Flow.weigh_order_orderId$' "$f" && [ "$(grep -c 'exp: Flow.orderId$' "$f")" = 2 ] && ok ||
    bad "an input of the same name and type shares its variable; of another type it does not"
grep -q 'name: Flow.ship_date$' "$f" && ok || bad "a name made valid: ship-date is Flow.ship_date"
grep -q '^ *raw:' "$f" && bad "an untyped array is not bound" || ok
grep -q -- '- decimalVariable:' "$f" && grep -q -- '- integerCollectionVariable:' "$f" &&
    grep -q -- '- stringCollectionVariable:' "$f" && grep -q -- '- booleanVariable:' "$f" && ok ||
    bad "variables of every type the outputs have"
t=$archy_expected/fx/web-services-data-actions.flow.yaml
grep -q 'var: Flow.oauth_token$' "$t" && grep -q 'var: Flow.token_ttl$' "$t" && grep -q 'var: Flow.token_scope$' "$t" && ok ||
    bad "a token action binds Flow.oauth_token, Flow.token_ttl and Flow.token_scope"
[ "$(grep -c '^ *failureOutputs:$' "$f")" = 4 ] && [ "$(grep -c '^ *details.entityName:$' "$f")" = 4 ] && ok ||
    bad "workflow: the thirteen failure outputs in each step"
v=$archy_expected/voice/custom-rest-actions.flow.yaml
head -1 "$v" | grep -qx 'inboundCall:' && ! grep -q failureOutputs "$v" && [ "$(grep -c '^ *processingPrompt:$' "$v")" = 4 ] && ok ||
    bad "--flow-type inboundCall: a voice flow, no failure outputs, a processing prompt"
# read back through dacc's loader and flow library: one call per action, the contract's keys
if [ -n "$keysdrv" ]; then
    "$keysdrv" "$c" data_action_category=X >"$tmp/keys" 2>"$tmp/err" && ok || bad "the emitted flow loads as a flow"
    printf 'Get Order Status\torderId\teta,status\nUpdate Case Priority\tcaseId,priority\tupdated\n' | cmp -s - "$tmp/keys" && ok ||
        bad "the emitted steps: the contract's inputs and outputs ($(tr '\t\n' ' ;' <"$tmp/keys"))"
    "$keysdrv" "$f" >"$tmp/keys" && [ "$(wc -l <"$tmp/keys")" = 4 ] && ok || bad "four calls in the fixtures' flow"
else
    bad "test_archy_keys is not built (make build/tests/test_archy_keys)"
fi
# --format json lists the flows it wrote; stale flows are named
run build --format json --emit archy -o "$tmp/archy-json" "$fx/archy"
jq -e '[.files[].path | select(endswith(".flow.yaml"))] | length == 2' "$tmp/out" >/dev/null && ok ||
    bad "--format json lists the flow files"
run build -o "$tmp/archy-json" "$fx/archy"
grep -c "is not from this build (an earlier build's --emit archy)" "$tmp/err" | grep -qx 2 && ok ||
    bad "a flow of an earlier --emit archy is named as stale"
run build --emit archy -o "$tmp/archy-json" "$fx/json"
grep -q "web-services-data-actions.flow.yaml is not from this build (the flow of an integration no action names now?)" "$tmp/err" &&
    ok || bad "the flow of an integration gone is named as stale"
# usage
run build --category X -o "$tmp/x" "$fx/json"; expect_status "--category without --emit archy" 2
run build --emit archy --flow-type inboundcall -o "$tmp/x" "$fx/json"; expect_status "--flow-type of no flow type" 2
run build --emit archy --flow-type secureCall -o "$tmp/x" "$fx/json"; expect_status "--flow-type dacc writes no flow of" 2
grep -q "workflow, inboundShortMessage or inboundCall" "$tmp/err" && ok || bad "--flow-type: says which types"
run build --emit archy --category '{{x}}' -o "$tmp/x" "$fx/json"; expect_status "--category with a placeholder" 2
printf 'build:\n  category: [a]\n' >"$tmp/archy-bad.yaml"
run build --config "$tmp/archy-bad.yaml" --emit archy -o "$tmp/x" "$fx/json"; expect_status "build.category not a string" 2
printf 'build:\n  categories: a\n' >"$tmp/archy-bad.yaml"
run build --config "$tmp/archy-bad.yaml" -o "$tmp/x" "$fx/json"; expect_status "an unknown build setting" 2
[ ! -e "$tmp/x" ] && ok || bad "--emit archy usage errors write nothing"

# dacc lint over what it emits plus the same actions: no flow-* finding, every
# call checked (the category is set, so no call waits on a substitution); and the
# same flow with one input renamed draws flow-contract, so the check can fail.
set +e
"$dacc" lint --format json "$tmp/archy-cfg2"/*.flow.yaml fixtures/examples/clean >"$tmp/out" 2>"$tmp/err"
status=$?
set -e
jq -e '[.findings[] | select(.rule | startswith("flow-"))] | length == 0' "$tmp/out" >/dev/null && ok ||
    bad "lint over the emitted flow and its actions: no flow-* finding"
expect_status "lint over the emitted flow and its actions" 0
mkdir -p "$tmp/archy-mut"
for y in "$tmp/archy-cfg2"/*.flow.yaml; do sed 's/^\( *\)orderId:$/\1orderIdent:/' "$y" >"$tmp/archy-mut/$(basename "$y")"; done
set +e
"$dacc" lint --format json "$tmp/archy-mut"/*.flow.yaml fixtures/examples/clean >"$tmp/out" 2>"$tmp/err"
set -e
jq -e '[.findings[] | select(.rule == "flow-contract")] | length >= 2' "$tmp/out" >/dev/null && ok ||
    bad "an emitted flow with an input renamed draws flow-contract (unknown input, required input missing)"

# the public flows: every real step whose action the corpus defines has the input
# keys of the emitted step, and its successOutputs keys when it lists every output
# (a step listing fewer, or none, is counted and not compared).  The substitutions
# name the actions as tests/flow/run.sh works them out; categories are --category.
archy_corpus=../shared/corpus/archy-public
if [ -d "$archy_corpus" ] && [ -n "$keysdrv" ]; then
    declare -A archy_names=(
        [ani-blacklist]="data_action_name=Disconnect Interaction"
        [automatic-offer-callback-for-disconnected-call]="create_callback_data_action_name=Create Callback - JVM|agentless_sms_data_action_name=Agentless SMS"
        [callback-prioritization]="get_interaction_state=Get Interaction State|get_callback_priority=Get Callback Priority|update_callback_priority=Update Callback Priority"
        [genesys-cloud-call-park]="data_action_name_1=Get Waiting Calls in specific Queue based on External Tag|data_action_name_2=Replace participant with ANI"
        [merge-ephemeral-message-to-external-contact-blueprint]="fetch_external_contact_by_identifier_data_action=Fetch External Contact by Identifier|get_external_contact_id_for_customer_participant_data_action=Get External Contact Id for Customer Participant v2|merge_external_contacts_data_action=Merge External Contacts"
        [process-automation-trigger-with-salesforce]="get_contact_data_action_name=Mickelsen_SFDC_Get Contact by Phone Number_Finance_Insurance|get_summary_data_action_name=Mickelsen Get Summary|create_case_data_action_name=Mickelsen_SFDC_Create Case"
        [scheduling-bot-blueprint]="get_booking_slots_action_name=Get Bookable Slots|create_booking_action_name=Create Booking"
        [switch-voice-to-web-messaging]="send_agentless_message_data_action=Send Agentless Outbound Message v2|get_cust_participant_data_data_action=Get All Customer Participant Data by ConversationId|get_participant_id_data_action=Get Participant Id for Customer|update_participant_data_data_action=Update Participant Data on Conversation"
    )
    { echo "rules:"; "$dacc" rules | awk '$1 != "syntax" { print "  " $1 ": off" }'; } >"$tmp/archy-off.yaml"
    same_in=0 same_out=0 fewer=0 none=0 differ=0
    for f in "$archy_corpus"/*.yaml "$archy_corpus"/*.yml "$archy_corpus"/*.tftpl; do
        [ -e "$f" ] || continue
        prefix=$(basename "$f" | awk -F'__' '{print $1 "__" $2}')
        ours=$tmp/archy-corpus/$prefix
        if [ ! -d "$ours" ]; then
            mkdir -p "$ours"
            n=0
            for a in "$archy_corpus/$prefix"__*.json; do
                [ -e "$a" ] || continue
                n=$((n + 1)) # one at a time: a contract file beside them is no action
                "$dacc" build -q --config "$tmp/archy-off.yaml" --emit archy --category Cat -o "$ours/out$n" "$a" \
                    >/dev/null 2>&1 || continue
                for y in "$ours/out$n"/*.flow.yaml; do [ -e "$y" ] && "$keysdrv" "$y" >>"$ours/keys"; done
            done
            touch "$ours/keys"
        fi
        subs=()
        IFS='|' read -r -a subs <<<"${archy_names[${prefix#*__}]:-}"
        subs+=("data_action_category=Cat" "lambda_integration_name=Cat")
        "$keysdrv" "$f" "${subs[@]}" >"$tmp/real" 2>"$tmp/err" || { bad "$(basename "$f") loads as a flow"; continue; }
        while IFS=$'\t' read -r name in out; do
            mine=$(awk -F'\t' -v n="$name" '$1 == n { print; exit }' "$ours/keys")
            [ -n "$mine" ] || continue
            min=$(cut -f2 <<<"$mine"); mout=$(cut -f3 <<<"$mine")
            if [ "$in" = "$min" ]; then same_in=$((same_in + 1)); else
                differ=$((differ + 1)); echo "  $(basename "$f"): '$name' inputs: real $in, emitted $min"; fi
            if [ "$out" = - ]; then none=$((none + 1)); continue; fi
            nreal=$(tr ',' '\n' <<<"$out" | wc -l); nmine=$(tr ',' '\n' <<<"$mout" | grep -c . || true)
            if [ "$nreal" -lt "$nmine" ]; then fewer=$((fewer + 1)); continue; fi
            if [ "$out" = "$mout" ]; then same_out=$((same_out + 1)); else
                differ=$((differ + 1)); echo "  $(basename "$f"): '$name' successOutputs: real $out, emitted $mout"; fi
        done <"$tmp/real"
    done
    echo "   (public flows: $same_in steps with the emitted inputs, $same_out with the emitted successOutputs;" \
         "$fewer list fewer outputs and $none none: not compared)"
    [ "$differ" = 0 ] && [ "$same_in" -ge 20 ] && [ "$same_out" -ge 10 ] && ok ||
        bad "the public flows' steps have the keys of the emitted steps"
fi

# --- a flow beside the actions: lint checks it, build writes nothing for it ---
for fx in good-matched good-placeholders-given; do
    dir=tests/rules/flow-call/$fx
    subst=()
    [ -f "$dir/.subst.yaml" ] && subst=(--subst-file "$dir/.subst.yaml")
    rm -rf "$tmp/flowout"
    st=0
    "$dacc" build "${subst[@]}" -o "$tmp/flowout" "$dir" >"$tmp/out" 2>"$tmp/err" || st=$?
    [ "$st" = 0 ] && ok || bad "build of actions with a flow ($fx) exits $st: $(cat "$tmp/err")"
    [ "$(cd "$tmp/flowout" 2>/dev/null && ls | tr '\n' ' ')" = "get-order.custom.json secrets.manifest.json " ] && ok ||
        bad "build of $fx wrote other files than the action's: $(ls "$tmp/flowout" 2>&1 | tr '\n' ' ')"
done
# a flow calling an action that is not there still stops the build
rm -rf "$tmp/flowout"
st=0
"$dacc" build -o "$tmp/flowout" tests/rules/flow-call/bad-unknown-action >"$tmp/out" 2>&1 || st=$?
[ "$st" = 1 ] && [ ! -e "$tmp/flowout" ] && grep -q 'flow-call' "$tmp/out" && ok ||
    bad "a flow calling no action of the run must fail the build (exit $st): $(head -3 "$tmp/out")"

# === terraform (issue 18): versions.tf, static actions left out, an integration ID per integrationType,
# every file read back by HashiCorp's HCL parser (npm @cdktn/hcl2json; no terraform needed) ===
bfx=tests/build/fixtures # (the loop above reuses $fx)
tfx=$bfx/terraform
tfexp=tests/build/expected/terraform
run build --emit terraform -o "$tmp/tfmix" "$tfx"
expect_status "build the Terraform fixture (static, lambda, no integrationType, purecloud)" 0
cp "$tmp/err" "$tmp/tfmix.err"
if [ "$update" = --update ]; then
    rm -rf "$tfexp" && mkdir -p "$tfexp" && cp "$tmp/tfmix"/* "$tfexp"/
    echo "updated $tfexp"
fi
if diff -r "$tfexp" "$tmp/tfmix" >"$tmp/diff"; then ok; else cat "$tmp/diff"; bad "the Terraform fixture builds to $tfexp"; fi
vtf=$tmp/tfmix/versions.tf
grep -qx '      source  = "mypurecloud/genesyscloud"' "$vtf" && grep -qx '      version = ">= 1.24.0"' "$vtf" && ok ||
    bad "versions.tf requires mypurecloud/genesyscloud >= 1.24.0"
cmp -s "$vtf" "$expected/versions.tf" && ok || bad "versions.tf is the same whatever the actions"
# static: an import file, no resource, a note (not with -q; in --format json on actions.tf's entry)
if ! grep -q 'Get User Presence' "$tmp/tfmix/actions.tf" && [ -e "$tmp/tfmix/get-user-presence.custom.json" ]; then ok; else
    bad "a static action has its import file but no resource"; fi
[ "$(grep -c 'is a static action' "$tmp/tfmix.err")" = 1 ] &&
    grep -qx "dacc: note: $tfx/mixed.json:2:3: 'Get User Presence' is a static action, which the genesyscloud provider cannot create: it has no resource in actions.tf" "$tmp/tfmix.err" &&
    ok || bad "the static action left out is named on standard error: $(cat "$tmp/tfmix.err")"
run build -q --emit terraform -o "$tmp/tfmix-q" "$tfx"
[ "$status" = 0 ] && [ ! -s "$tmp/err" ] && [ ! -s "$tmp/out" ] && ok || bad "-q: no note for a static action"
run build --format json --emit terraform -o "$tmp/tfmix-j" "$tfx"
jq -e '[.files[] | select(has("leftOut")) | [(.path | endswith("/actions.tf")), .leftOut]] == [[true, ["Get User Presence"]]]' \
    "$tmp/out" >/dev/null && [ ! -s "$tmp/err" ] && ok || bad "--format json: \"leftOut\" on actions.tf's entry, no note"
run build --format json --emit terraform -o "$tmp/tfjson-j" "$bfx/json"
jq -e '(.files | length) == 7 and ([.files[] | has("leftOut")] | any | not) and
       ([.files[].path | select(endswith(".tf"))] | map(split("/")[-1])) == ["actions.tf", "versions.tf"]' \
    "$tmp/out" >/dev/null && ok || bad "--format json: actions.tf then versions.tf, no leftOut when nothing is left out"
# one variable per integration type, in the order of first use; none for the static action's alone
[ "$(grep -o '^variable "[a-z_]*"' "$tmp/tfmix/actions.tf" | cut -d'"' -f2 | tr '\n' ' ')" = \
  'integration_id_purecloud_data_actions integration_id_aws_lambda_data_actions integration_id action_category ' ] && ok ||
    bad "a variable per integration type (integration_id for actions naming none)"
grep -A3 '"invoke_scoring_lambda"' "$tmp/tfmix/actions.tf" | grep -q '= var.integration_id_aws_lambda_data_actions$' &&
    grep -A3 '"ping_partner"' "$tmp/tfmix/actions.tf" | grep -q '= var.integration_id$' && ok ||
    bad "each resource names its own integration type's variable"
# two integration types that would share one variable: refused before anything is written
mkdir -p "$tmp/tfclash"
jq '[.[3], (.[3] | .name = "Get Queue Depth Two" | .integrationType = "purecloud_data_actions")]' "$tfx/mixed.json" \
    >"$tmp/tfclash/clash.json"
run build --emit terraform -o "$tmp/tfclash-out" "$tmp/tfclash"
expect_status "two integration types giving one variable name" 2
grep -qx "dacc: --emit terraform: the integration types 'purecloud_data_actions' and 'purecloud-data-actions' would share the variable integration_id_purecloud_data_actions: build their actions into separate directories" "$tmp/err" &&
    [ -z "$(ls -A "$tmp/tfclash-out" 2>/dev/null)" ] && ok || bad "a variable-name clash is refused, nothing written"
# versions.tf an earlier build left is named as stale, like actions.tf
run build -q --emit terraform -o "$tmp/tfstale" "$bfx/json"
run build -o "$tmp/tfstale" "$bfx/json"
grep -qx "dacc: note: $tmp/tfstale/versions.tf is not from this build (an earlier build's --emit terraform); delete it before importing the directory" "$tmp/err" &&
    ok || bad "an old versions.tf is named on standard error"
run build --format json -o "$tmp/tfstale" "$bfx/json"
jq -e --arg d "$tmp/tfstale" '.stale == [$d + "/actions.tf", $d + "/versions.tf"]' "$tmp/out" >/dev/null && ok ||
    bad "--format json lists an old versions.tf as stale"
run build --format json --emit terraform -o "$tmp/tfstale" "$bfx/json"
jq -e '.stale == []' "$tmp/out" >/dev/null && ok || bad "versions.tf is not stale with --emit terraform"
# HashiCorp's HCL parser: every file parses, every resource evaluates to its import file
if [ ! -f node_modules/@cdktn/hcl2json/package.json ]; then
    bad "@cdktn/hcl2json is not installed: run npm ci (or scripts/install-deps --test)"
else
    tfdirs=("$expected" "$tfexp")
    [ -d "$tmp/corpus" ] && tfdirs+=("$tmp/corpus"/*)
    if node tests/build/hcl-roundtrip.mjs "${tfdirs[@]}" >"$tmp/out" 2>"$tmp/err"; then ok; else
        cat "$tmp/out"; bad "HCL read back: every file parses and every resource is its import file"; fi
    echo "   ($(tail -1 "$tmp/out"))"
    # the check can fail: an unescaped ${, a changed value, a shared variable
    for mut in 's/"\$\${input\.rawRequest}"/"${input.rawRequest}"/' 's/"Health"/"Healthy"/' \
               's/= var\.integration_id_aws_lambda_data_actions$/= var.integration_id_purecloud_data_actions/'; do
        rm -rf "$tmp/tfmut" && cp -r "$tfexp" "$tmp/tfmut" && sed -i "$mut" "$tmp/tfmut/actions.tf"
        if ! cmp -s "$tfexp/actions.tf" "$tmp/tfmut/actions.tf" &&
            ! node tests/build/hcl-roundtrip.mjs "$tmp/tfmut" >/dev/null 2>&1; then ok; else
            bad "HCL read back fails on a changed actions.tf ($mut)"; fi
    done
fi

[ "$fail" = 0 ] && echo "build: $count checks passed"
exit "$fail"
