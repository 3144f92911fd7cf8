#!/usr/bin/env bash
# Real public exports (../shared/corpus/genesys-public, or $DACC_CORPUS): every
# file loads, no crash, and every finding points at a value.  Prints how often
# each rule fires; every finding (rule, severity, file, pointer) is compared
# with tests/corpus/expected-findings.txt.   tests/corpus/run.sh DACC [--update]
set -euo pipefail
cd "$(dirname "$0")/../.."
dacc=${1:?usage: tests/corpus/run.sh DACC}
corpus=${DACC_CORPUS:-../shared/corpus/genesys-public}
if [ ! -d "$corpus" ]; then
    echo "corpus: $corpus not present here; skipped"
    exit 0
fi
fail=0
files=("$corpus"/*.json)
set +e
"$dacc" lint --format json "${files[@]}" >/tmp/dacc-corpus.$$ 2>/tmp/dacc-corpus-err.$$
status=$?
set -e
if [ "$status" -gt 1 ]; then echo "FAIL corpus: exit status $status"; cat /tmp/dacc-corpus-err.$$; fail=1; fi
n=$(jq '[.findings[] | select(.rule == "syntax")] | length' /tmp/dacc-corpus.$$)
if [ "$n" != 0 ]; then echo "FAIL corpus: $n files do not load"; jq -r '.findings[] | select(.rule == "syntax") | "\(.file):\(.line):\(.column): \(.message)"' /tmp/dacc-corpus.$$; fail=1; fi
if ! node tests/positions.mjs </tmp/dacc-corpus.$$; then echo "FAIL corpus: findings not at their values"; fail=1; fi
echo "corpus: ${#files[@]} files, $(jq .summary.actions /tmp/dacc-corpus.$$) actions; findings per rule:"
jq -r '.findings[] | "\(.rule) \(.severity)"' /tmp/dacc-corpus.$$ | sort | uniq -c | sort -rn | sed 's/^/  /'
# every finding, pinned: a rule change that loses one (recall) or adds one
# shows here, to be explained and the list updated on purpose
# (tests/corpus/run.sh DACC --update rewrites it)
pinned=tests/corpus/expected-findings.txt
jq -r '.findings[] | "\(.rule) \(.severity) \(.file | split("/") | last) \(.pointer)"' /tmp/dacc-corpus.$$ |
    LC_ALL=C sort > /tmp/dacc-corpus-got.$$
if [ "${2:-}" = "--update" ] && [ "$corpus" = ../shared/corpus/genesys-public ]; then
    cp /tmp/dacc-corpus-got.$$ "$pinned"
fi
if [ "$corpus" = ../shared/corpus/genesys-public ] && ! diff -u "$pinned" /tmp/dacc-corpus-got.$$; then
    echo "FAIL corpus: findings differ from $pinned (above)"; fail=1
fi
rm -f /tmp/dacc-corpus.$$ /tmp/dacc-corpus-err.$$ /tmp/dacc-corpus-got.$$
exit "$fail"
