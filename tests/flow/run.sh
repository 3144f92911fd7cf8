#!/usr/bin/env bash
# The flow stage against Genesys's own public files (../shared/corpus/archy-public,
# or $DACC_ARCHY_CORPUS), used by path:
#  1. flattening: every action of an Architect .i3 export whose definition is in
#     the corpus (same blueprint, matched by name without the " - Exported ..."
#     suffix) flattens, through src/flow/, to exactly the inputs (name, type,
#     required) and success outputs (name, type) of Genesys's
#     inputSchemaFlattened / successSchemaFlattened;
#  2. flows: every public Archy flow loads (unresolved {{KEY}}s marked, as lint
#     will) and its Call Data Action steps are found; prints a table of flows,
#     the keys each needs and the calls found, and checks the count of calls;
#  3. calls whose action is defined in the corpus (after substituting the
#     action names) bind only inputs and outputs their contract has, and set
#     every required input.
#  4. dacc lint on every public flow with its blueprint's actions and the
#     substitutions its Terraform sets (where the corpus lacks them: the action
#     files' names, as in 3): no crash, no exit 2, no flow-contract error; the
#     flow-* findings are listed;
#  5. mutated copies (renamed input, removed required input, unknown output,
#     renamed action, wrong literal type) each caught at the right line:col;
#     -j 1 and -j 2 give the same bytes; a secret given as a substitution is
#     never printed.
#   tests/flow/run.sh DACC BINDIR
set -euo pipefail
cd "$(dirname "$0")/../.."
dacc=${1:?usage: tests/flow/run.sh DACC BINDIR}
[ ! -e "$dacc" ] || dacc=$(realpath "$dacc")   # it runs from temporary directories
bindir=${2:?usage: tests/flow/run.sh DACC BINDIR}
drv=$bindir/test_flow_corpus
corpus=${DACC_ARCHY_CORPUS:-../shared/corpus/archy-public}
if [ ! -d "$corpus" ]; then
    echo "flow: $corpus not present here; skipped"
    exit 0
fi
command -v node >/dev/null || { echo "FAIL flow: node is needed to decode the .i3 exports"; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0

# Genesys's flattening of each action of an .i3 export, as the driver prints ours:
# "out<TAB>ACTION<TAB>LEAF<TAB>CODE" and "in<TAB>ACTION<TAB>NAME<TAB>CODE<TAB>required|optional"
i3_flattened() {
    node -e '
const fs = require("fs");
const j = JSON.parse(decodeURIComponent(Buffer.from(fs.readFileSync(process.argv[1], "utf8"), "base64").toString("latin1")));
const scalar = { string: "str", integer: "int", number: "dec", boolean: "bln" };
const code = p => p.type === "array" ? (p.items && scalar[p.items.type] ? scalar[p.items.type] + "_coll" : "none")
                                     : (scalar[p.type] || "none");
const base = n => n.replace(/ - Exported [0-9-]+ @ [0-9:]+$/, "");
for (const a of j.uiMetaData.actionServiceActions || []) {
    const out = ((a.contract.output.successSchemaFlattened || {}).schema || {}).properties || {};
    for (const [k, p] of Object.entries(out)) console.log(["out", base(a.name), k, code(p)].join("\t"));
    const inp = ((a.contract.input.inputSchemaFlattened || {}).schema || {}).properties || {};
    for (const [k, p] of Object.entries(inp))
        console.log(["in", base(a.name), k, code(p), p.required ? "required" : "optional"].join("\t"));
}' "$1"
}

echo "-- flattening against the .i3 exports' successSchemaFlattened / inputSchemaFlattened"
agree=0
for i3 in "$corpus"/*.i3*; do
    prefix=$(basename "$i3" | awk -F'__' '{print $1 "__" $2}')
    i3_flattened "$i3" >"$tmp/theirs"
    actions=()
    for f in "$corpus/$prefix"__*.json; do [ -e "$f" ] && actions+=("$f"); done
    if [ "${#actions[@]}" = 0 ] || ! "$drv" flatten "${actions[@]}" >"$tmp/ours" 2>"$tmp/err"; then
        echo "FAIL flow: cannot flatten the actions of $prefix"; cat "$tmp/err"; fail=1; continue
    fi
    while IFS= read -r name; do
        if ! grep -q -F -x -- "$name" <(cut -f2 "$tmp/ours" | sort -u); then
            echo "  $(basename "$i3"): '$name' has no definition in the corpus; not compared"
            continue
        fi
        awk -F'\t' -v n="$name" '$2 == n' "$tmp/theirs" | sort >"$tmp/t1"
        awk -F'\t' -v n="$name" '$2 == n' "$tmp/ours" | sort >"$tmp/o1"
        if cmp -s "$tmp/t1" "$tmp/o1"; then
            agree=$((agree + 1))
            echo "  agrees: $name ($(grep -c '^out' "$tmp/o1" || true) outputs, $(grep -c '^in' "$tmp/o1" || true) inputs)"
        else
            echo "FAIL flow: $name flattens differently (< Genesys, > ours):"
            diff "$tmp/t1" "$tmp/o1" | sed 's/^/    /' || true
            fail=1
        fi
    done < <(cut -f2 "$tmp/theirs" | sort -u)
done
[ "$agree" -gt 0 ] || { echo "FAIL flow: no action compared"; fail=1; }

echo "-- flows: the keys each needs and the calls found (LINE:COL CATEGORY / ACTION, members of inputs/successOutputs/failureOutputs)"
nflows=0
ncalls=0
for f in "$corpus"/*.yaml "$corpus"/*.yml "$corpus"/*.tftpl; do
    [ -e "$f" ] || continue
    if ! "$drv" calls "$f" >"$tmp/calls" 2>"$tmp/err"; then
        echo "FAIL flow: $(basename "$f") does not load"; cat "$tmp/err"; fail=1; continue
    fi
    type=$(awk -F'\t' '$1 == "type" {print $2}' "$tmp/calls")
    [ -n "$type" ] || { echo "FAIL flow: $(basename "$f") is not taken for a flow"; fail=1; }
    keys=$(awk -F'\t' '$1 == "unresolved" {print $2}' "$tmp/calls" | paste -sd' ' -)
    n=$(grep -c '^call' "$tmp/calls" || true)
    nflows=$((nflows + 1))
    ncalls=$((ncalls + n))
    echo "  $(basename "$f" | sed 's/^GenesysCloudBlueprints__//')  [$type, $n calls]"
    [ -z "$keys" ] || echo "    needs: $keys"
    awk -F'\t' '$1 == "call" {printf "    %s  %s / %s  in=%s ok=%s fail=%s%s\n", $2, $3, $4, $5, $6, $7, ($8 ? "  (unresolved)" : "")}' \
        "$tmp/calls"
done
# Names the actions of the same blueprint in the corpus carry, for the keys that
# name them (the action files' own names; the blueprints' Terraform builds them
# from variables, e.g. "${var.prefix} Get Callback Priority", which the corpus
# does not hold), so that those calls can be checked against their contracts.
declare -A names=(
    [ani-blacklist]="data_action_name=Disconnect Interaction"
    [automatic-offer-callback-for-disconnected-call]="create_callback_data_action_name=Create Callback - JVM|agentless_sms_data_action_name=Agentless SMS"
    [callback-prioritization]="get_interaction_state=Get Interaction State|get_callback_priority=Get Callback Priority|update_callback_priority=Update Callback Priority"
    [genesys-cloud-call-park]="data_action_name_1=Get Waiting Calls in specific Queue based on External Tag|data_action_name_2=Replace participant with ANI"
    [merge-ephemeral-message-to-external-contact-blueprint]="fetch_external_contact_by_identifier_data_action=Fetch External Contact by Identifier|get_external_contact_id_for_customer_participant_data_action=Get External Contact Id for Customer Participant v2|merge_external_contacts_data_action=Merge External Contacts"
    [process-automation-trigger-with-salesforce]="get_contact_data_action_name=Mickelsen_SFDC_Get Contact by Phone Number_Finance_Insurance|get_summary_data_action_name=Mickelsen Get Summary|create_case_data_action_name=Mickelsen_SFDC_Create Case"
    [scheduling-bot-blueprint]="get_booking_slots_action_name=Get Bookable Slots|create_booking_action_name=Create Booking"
    [switch-voice-to-web-messaging]="send_agentless_message_data_action=Send Agentless Outbound Message v2|get_cust_participant_data_data_action=Get All Customer Participant Data by ConversationId|get_participant_id_data_action=Get Participant Id for Customer|update_participant_data_data_action=Update Participant Data on Conversation"
)

echo "-- calls against the contracts of the same blueprint's actions (no unknown input or output, no required input unset)"
checked=0
for f in "$corpus"/*.yaml "$corpus"/*.yml "$corpus"/*.tftpl; do
    [ -e "$f" ] || continue
    prefix=$(basename "$f" | awk -F'__' '{print $1 "__" $2}')
    actions=()
    for a in "$corpus/$prefix"__*.json; do [ -e "$a" ] && actions+=("$a"); done
    [ "${#actions[@]}" -gt 0 ] || continue
    subs=()
    IFS='|' read -r -a subs <<<"${names[${prefix#*__}]:-}"
    # categories are not matched here (UI exports have none): any value does
    subs+=("data_action_category=Cat" "lambda_integration_name=Cat")
    if ! "$drv" check "$f" "${actions[@]}" -- "${subs[@]}" >"$tmp/check" 2>"$tmp/err"; then
        echo "FAIL flow: cannot check $(basename "$f")"; cat "$tmp/err"; fail=1; continue
    fi
    found=$(grep -c $'^check\t.*\tfound$' "$tmp/check" || true)
    checked=$((checked + found))
    echo "  $(basename "$f" | sed 's/^GenesysCloudBlueprints__//'): $found of $(grep -c '^check' "$tmp/check" || true) calls matched"
    grep -v '^check' "$tmp/check" | sed 's/^ */    /' || true
    if grep -qE '^ *(unknown-|required-input-novalue)' "$tmp/check"; then
        echo "FAIL flow: $(basename "$f") has a call its action's contract refuses"; fail=1
    fi
done

echo "-- dacc lint: each flow with its blueprint's actions (flow-* findings listed)"
# the substitutions the blueprints' Terraform sets, where the corpus holds it
# (genesyscloud_flow substitutions = {...}); Terraform variables get a stand-in
declare -A tf_subs=(
    [deploy-webmessaging-chatbot-with-lambda-blueprint]="flow_name=DudeWheresMyStuffMessage|default_language=en-us|force_unlock=true"
    [set-emergency-group-lambda-blueprint]="prefix=dev-emergency|clientId=client-id|clientSecret=CANARY-SECRET-7f3a9c|groupID=group-id"
    [sms-followup-on-missed-callback-blueprint]="callback_originating_sms_phonenumber=+15550100|callback_phonenumber=+15550101|callback_division=Home"
)
linted=0
: >"$tmp/flow-findings"
for f in "$corpus"/*.yaml "$corpus"/*.yml "$corpus"/*.tftpl; do
    [ -e "$f" ] || continue
    prefix=$(basename "$f" | awk -F'__' '{print $1 "__" $2}')
    bp=${prefix#*__}
    rm -rf "$tmp/lint" && mkdir -p "$tmp/lint"
    cp "$f" "$tmp/lint/flow.yaml"
    for a in "$corpus/$prefix"__*.json; do [ -e "$a" ] && cp "$a" "$tmp/lint/"; done
    args=()
    IFS='|' read -r -a subs <<<"${names[$bp]:-}${tf_subs[$bp]:+|${tf_subs[$bp]}}"
    for kv in "${subs[@]}" data_action_category=Cat lambda_integration_name=Cat integration_category=Cat \
              gc_data_actions_integration=Cat; do
        [ -n "$kv" ] && args+=(--subst "$kv")
    done
    set +e
    (cd "$tmp/lint" && "$dacc" lint --format json "${args[@]}" .) >"$tmp/out.json" 2>"$tmp/err"
    status=$?
    set -e
    linted=$((linted + 1))
    if [ "$status" -gt 1 ]; then
        echo "FAIL flow: dacc lint on $(basename "$f") exits $status"; cat "$tmp/err"; fail=1; continue
    fi
    if grep -q CANARY-SECRET "$tmp/out.json" "$tmp/err"; then
        echo "FAIL flow: a substitution's secret value is printed for $(basename "$f")"; fail=1
    fi
    jq -r --arg b "$(basename "$f" | sed 's/^GenesysCloudBlueprints__//')" '.findings[] | select(.rule | startswith("flow-"))
        | "\($b):\(.line):\(.column) \(.severity) \(.rule) \(.message)"' "$tmp/out.json" | tee -a "$tmp/flow-findings" |
        sed 's/^/    /'
    if jq -e '[.findings[] | select(.rule == "flow-contract" and .severity == "error")] | length > 0' "$tmp/out.json" >/dev/null; then
        echo "FAIL flow: $(basename "$f"): a flow-contract error on a flow its blueprint deploys"; fail=1
    fi
done
echo "  $linted flows linted, $(wc -l <"$tmp/flow-findings") flow-* findings"

echo "-- mutations of a real flow, each caught at its line:col"
src="$corpus/GenesysCloudBlueprints__callback-prioritization__terraform__Callback-Prioritization-Workflow.yaml"
mutate() {  # NAME SED-SCRIPT RULE LINE-PATTERN LINES-BELOW IT TEXT-AT-THE-COLUMN
    local name=$1 script=$2 rule=$3 pattern=$4 below=$5 at=$6
    rm -rf "$tmp/mut" && mkdir -p "$tmp/mut"
    cp "$corpus"/GenesysCloudBlueprints__callback-prioritization__exports__*.json "$tmp/mut/"
    sed "$script" "$src" >"$tmp/mut/flow.yaml"
    local line col
    line=$(( $(grep -n -m1 -- "$pattern" "$tmp/mut/flow.yaml" | cut -d: -f1) + below ))
    col=$(sed -n "${line}p" "$tmp/mut/flow.yaml" | awk -v t="$at" '{print index($0, t)}')
    set +e
    (cd "$tmp/mut" && "$dacc" lint --format json --subst data_action_category=Cat \
        --subst "get_interaction_state=Get Interaction State" --subst "get_callback_priority=Get Callback Priority" \
        --subst "update_callback_priority=Update Callback Priority" .) >"$tmp/mut.json"
    local status=$?
    set -e
    if [ "$status" -le 1 ] && [ "$col" -gt 0 ] && jq -e --arg r "$rule" --argjson l "$line" --argjson c "$col" \
        '[.findings[] | select(.rule == $r and .line == $l and .column == $c)] | length > 0' "$tmp/mut.json" >/dev/null; then
        echo "  $name: $rule at flow.yaml:$line:$col"
    else
        echo "FAIL flow: $name: no $rule finding at flow.yaml:$line:$col; got:"
        jq -r '.findings[] | "    \(.line):\(.column) \(.rule) \(.message)"' "$tmp/mut.json"; fail=1
    fi
}
mutate "renamed input" 's/^\( *\)conversationId:$/\1conversationIdent:/' flow-contract 'conversationIdent:' 0 conversationIdent
mutate "removed required input" '/^ *priority:$/{N;d}' flow-contract '{{update_callback_priority}}:' 1 inputs
mutate "unknown output" 's/^\( *\)state:$/\1stat:/' flow-contract '^ *stat:$' 0 stat
mutate "renamed action" 's/{{get_interaction_state}}:/{{get_interaction_state}}s:/' flow-call '{{get_interaction_state}}s:' 0 '{{'
mutate "wrong literal type" '0,/exp: Flow.CallbackConversationID/s//lit: 42/' flow-contract 'lit: 42' -1 conversationId
jq -e '[.findings[] | select(.rule == "flow-contract" and .severity == "warning" and (.message | test("conversationId.*of type string")))] | length == 1' \
    "$tmp/mut.json" >/dev/null || { echo "FAIL flow: the wrong literal type is not one warning"; fail=1; }

echo "-- -j 1 and -j 2 give the same bytes"
rm -rf "$tmp/many" && mkdir -p "$tmp/many"
cp "$corpus"/*.json "$tmp/many/"
for f in "$corpus"/*.yaml "$corpus"/*.yml; do cp "$f" "$tmp/many/"; done
set +e
"$dacc" lint --format json -j 1 --subst data_action_category=Cat "$tmp/many" >"$tmp/j1.json"
"$dacc" lint --format json -j 2 --subst data_action_category=Cat "$tmp/many" >"$tmp/j2.json"
set -e
if cmp -s "$tmp/j1.json" "$tmp/j2.json" && [ "$(jq '[.findings[] | select(.rule | startswith("flow-"))] | length' "$tmp/j1.json")" -gt 0 ]; then
    echo "  same bytes, $(jq '[.findings[] | select(.rule | startswith("flow-"))] | length' "$tmp/j1.json") flow-* findings"
else
    echo "FAIL flow: -j 1 and -j 2 differ (or no flow finding to compare)"; fail=1
fi

echo "flow: $nflows flows, $ncalls calls ($checked checked against their contracts); $agree actions flatten as Genesys does"
# every "- callData:" item of the corpus (ARCHY-RESEARCH §1.1 counts 72 over 35 flows, five of them outside this corpus)
expected_calls=${DACC_ARCHY_CALLS:-52}
if [ -z "${DACC_ARCHY_CORPUS:-}" ] && [ "$ncalls" != "$expected_calls" ]; then
    echo "FAIL flow: $ncalls calls found, $expected_calls expected"; fail=1
fi
exit "$fail"
