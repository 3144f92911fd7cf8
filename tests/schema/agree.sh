#!/usr/bin/env bash
# schemas/action.schema.json and the schema rule must agree: every fixture
# that parses is valid for a real JSON Schema validator (ajv) exactly when dacc
# reports no 'schema' finding for it.   tests/schema/agree.sh DACC
set -euo pipefail
cd "$(dirname "$0")/../.."
dacc=${1:?usage: tests/schema/agree.sh DACC}
ajv=node_modules/.bin/ajv
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
[ -x "$ajv" ] || { echo "FAIL ajv is not installed: run scripts/install-deps --test"; exit 1; }

# one dacc run over every fixture; a file's verdict is whether it drew a
# 'schema' finding, and a file that does not parse says nothing about the schema
# (the Architect flow fixtures are flows and the actions they call, not a test of the action schema)
mapfile -t all < <(find tests/rules fixtures -type f \( -name '*.json' -o -name '*.yaml' -o -name '*.yml' \) \
    -not -path 'tests/rules/flow-*' -not -path 'fixtures/examples/flows/*' | sort)
declare -A dacc_valid unparsed
set +e
"$dacc" lint --format json "${all[@]}" >"$tmp/fixtures.json"
set -e
while read -r rule f; do
    case $rule in
        syntax) unparsed[$f]=1 ;;
        schema) dacc_valid[$f]=invalid ;;
    esac
done < <(jq -r '.findings[] | select(.rule == "syntax" or .rule == "schema")
    # a YAML .inf or .nan: JSON has no such number, so no JSON Schema can refuse one
    | select(.message | test("^-?\\.(inf|nan) is not a number JSON can hold") | not)
    # header names that differ only in case: JSON Schema compares member names exactly
    | select(.message | test("^header .* is also given as .* \\(header names do not depend on case\\)") | not)
    | "\(.rule) \(.file)"' "$tmp/fixtures.json")
# a file that is neither an action nor a flow is skipped, not checked: it says nothing either
while read -r f; do unparsed[$f]=1; done < <(jq -r '.skipped[]?' "$tmp/fixtures.json")
files=()
for f in "${all[@]}"; do
    [ -n "${unparsed[$f]:-}" ] && continue
    files+=("$f")
    : "${dacc_valid[$f]:=valid}"
done

[ "${#files[@]}" -gt 0 ] || { echo "FAIL no fixtures found"; exit 1; }
args=()
for f in "${files[@]}"; do args+=(-d "$f"); done
set +e
ajv_out=$("$ajv" validate --spec=draft7 -s schemas/action.schema.json "${args[@]}" --errors=line 2>&1)
set -e

fail=0 valid=0 invalid=0
for f in "${files[@]}"; do
    if grep -qxF "$f valid" <<<"$ajv_out"; then verdict=valid
    elif grep -qxF "$f invalid" <<<"$ajv_out"; then verdict=invalid
    else echo "FAIL $f: ajv gave no verdict"; fail=1; continue
    fi
    [ "$verdict" = valid ] && valid=$((valid + 1)) || invalid=$((invalid + 1))
    if [ "$verdict" != "${dacc_valid[$f]}" ]; then
        echo "FAIL $f: ajv says $verdict, dacc's schema rule says ${dacc_valid[$f]}"
        fail=1
    fi
done
[ "$valid" -gt 0 ] && [ "$invalid" -gt 0 ] || { echo "FAIL the fixtures must include both valid and invalid files"; fail=1; }
[ "$fail" = 0 ] && echo "schema: ajv and dacc agree on ${#files[@]} files ($valid valid, $invalid invalid)"

# the JSON report itself: real output over every fixture validates against schemas/report.schema.json
report=$tmp/report.json
empty=$tmp/empty.json
set +e
"$dacc" lint --format json tests/rules fixtures >"$report"
echo '[]' >"${empty%.json}.in.json"
"$dacc" lint --format json "${empty%.json}.in.json" >"$empty"
rm -f "${empty%.json}.in.json"
set -e
n=$(jq '.findings | length' "$report")
if "$ajv" validate --spec=draft7 -s schemas/report.schema.json -d "$report" -d "$empty" >/dev/null 2>&1 && [ "$n" -gt 100 ]; then
    echo "schema: the JSON report ($n findings, and an empty one) validates against schemas/report.schema.json"
else
    echo "FAIL the JSON report does not validate against schemas/report.schema.json"
    "$ajv" validate --spec=draft7 -s schemas/report.schema.json -d "$report" --errors=text 2>&1 | head -5
    fail=1
fi
exit "$fail"
