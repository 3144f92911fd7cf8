#!/usr/bin/env bash
# Rule fixtures and their goldens.
#   tests/rules/run.sh DACC            compare every fixture's --format json output with its golden
#   tests/rules/run.sh DACC --update   rewrite the goldens (review them in the diff)
#
# Layout: tests/rules/<slug>/bad-*.{json,yaml,yml} must draw at least one <slug>
# finding; good-* must draw none; <fixture>.golden holds the exact expected
# output, and the exit status must match the golden's error count.  A fixture
# may also be a directory (bad-*/, good-*/: an Architect flow with the actions
# it calls), linted as one PATH; its .subst.yaml, when there is one, is given
# as --subst-file.
set -euo pipefail
cd "$(dirname "$0")/../.."
dacc=${1:?usage: tests/rules/run.sh DACC [--update]}
update=${2:-}
fail=0 count=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for dir in tests/rules/*/; do
    slug=$(basename "$dir")
    for fixture in "$dir"*.json "$dir"*.yaml "$dir"*.yml "$dir"*/; do
        [ -e "$fixture" ] || continue
        fixture=${fixture%/}
        count=$((count + 1))
        golden="$fixture.golden"
        extra=()
        [ ! -f "$fixture/.subst.yaml" ] || extra=(--subst-file "$fixture/.subst.yaml")
        set +e
        out=$("$dacc" lint --format json "${extra[@]}" "$fixture")
        status=$?
        set -e
        if [ "$update" = "--update" ]; then
            printf '%s\n' "$out" > "$golden"
        fi
        if [ ! -f "$golden" ]; then
            echo "FAIL $fixture: no golden (run make update-goldens)"; fail=1; continue
        fi
        if ! diff -u "$golden" <(printf '%s\n' "$out") > "$tmp/diff"; then
            echo "FAIL $fixture: output differs from $golden"; cat "$tmp/diff"; fail=1
        fi
        # kept for one positions check over every fixture's findings at the end
        printf '%s\n' "$out" > "$tmp/report-$count.json"
        read -r errors hits < <(jq -r --arg s "$slug" \
            '"\(.summary.errors) \([.findings[] | select(.rule == $s)] | length)"' <<<"$out")
        want=0; [ "$errors" -gt 0 ] && want=1
        if [ "$status" != "$want" ]; then
            echo "FAIL $fixture: exit status $status, expected $want"; fail=1
        fi
        case "$(basename "$fixture")" in
            bad-*) [ "$hits" -gt 0 ] || { echo "FAIL $fixture: expected a '$slug' finding"; fail=1; } ;;
            good-*) [ "$hits" -eq 0 ] || { echo "FAIL $fixture: expected no '$slug' finding"; fail=1; } ;;
            *) echo "FAIL $fixture: fixture names start with bad- or good-"; fail=1 ;;
        esac
    done
done
[ "$count" -gt 0 ] || { echo "FAIL no rule fixtures found"; exit 1; }
# every finding of every fixture points at its value (one node process for all)
if ! jq -s '{findings: [.[].findings[]]}' "$tmp"/report-*.json | node tests/positions.mjs; then
    echo "FAIL a finding above does not point at its value"; fail=1
fi
if [ "$fail" = 0 ]; then echo "rules: $count fixtures match their goldens"; fi
exit "$fail"
