#!/usr/bin/env bash
# Rule fixtures and their goldens.
#   tests/rules/run.sh DACC            compare every fixture's --format json output with its golden
#   tests/rules/run.sh DACC --update   rewrite the goldens (review them in the diff)
#
# Layout: tests/rules/<slug>/bad-*.{json,yaml,yml} must draw at least one <slug>
# finding; good-* must draw none; <fixture>.golden holds the exact expected
# output, and the exit status must match the golden's error count.
set -euo pipefail
cd "$(dirname "$0")/../.."
dacc=${1:?usage: tests/rules/run.sh DACC [--update]}
update=${2:-}
fail=0 count=0
for dir in tests/rules/*/; do
    slug=$(basename "$dir")
    for fixture in "$dir"*.json "$dir"*.yaml "$dir"*.yml; do
        [ -e "$fixture" ] || continue
        count=$((count + 1))
        golden="$fixture.golden"
        set +e
        out=$("$dacc" lint --format json "$fixture")
        status=$?
        set -e
        if [ "$update" = "--update" ]; then
            printf '%s\n' "$out" > "$golden"
        fi
        if [ ! -f "$golden" ]; then
            echo "FAIL $fixture: no golden (run make update-goldens)"; fail=1; continue
        fi
        if ! diff -u "$golden" <(printf '%s\n' "$out") > /tmp/dacc-golden.$$; then
            echo "FAIL $fixture: output differs from $golden"; cat /tmp/dacc-golden.$$; fail=1
        fi
        if ! node tests/positions.mjs <<<"$out"; then
            echo "FAIL $fixture: a finding does not point at its value"; fail=1
        fi
        errors=$(jq '.summary.errors' <<<"$out")
        want=0; [ "$errors" -gt 0 ] && want=1
        if [ "$status" != "$want" ]; then
            echo "FAIL $fixture: exit status $status, expected $want"; fail=1
        fi
        hits=$(jq --arg s "$slug" '[.findings[] | select(.rule == $s)] | length' <<<"$out")
        case "$(basename "$fixture")" in
            bad-*) [ "$hits" -gt 0 ] || { echo "FAIL $fixture: expected a '$slug' finding"; fail=1; } ;;
            good-*) [ "$hits" -eq 0 ] || { echo "FAIL $fixture: expected no '$slug' finding"; fail=1; } ;;
            *) echo "FAIL $fixture: fixture names start with bad- or good-"; fail=1 ;;
        esac
    done
done
rm -f /tmp/dacc-golden.$$
[ "$count" -gt 0 ] || { echo "FAIL no rule fixtures found"; exit 1; }
if [ "$fail" = 0 ]; then echo "rules: $count fixtures match their goldens"; fi
exit "$fail"
