#!/usr/bin/env bash
# Every test against one build.  tests/run-all.sh DACC UNIT_BIN_DIR
set -euo pipefail
cd "$(dirname "$0")/.."
dacc=${1:?usage: tests/run-all.sh DACC UNIT_BIN_DIR}
bindir=${2:?usage: tests/run-all.sh DACC UNIT_BIN_DIR}
for t in "$bindir"/test_*; do
    [ -x "$t" ] || continue
    echo "== unit: $(basename "$t")"
    "$t"
done
echo "== rule fixtures"
tests/rules/run.sh "$dacc"
echo "== command line"
tests/cli/run.sh "$dacc"
echo "== configuration and suppressions"
tests/config/run.sh "$dacc"
echo "== real exports"
tests/corpus/run.sh "$dacc"
echo "== report formats"
tests/report/run.sh "$dacc"
echo "== build"
tests/build/run.sh "$dacc"
echo "== live"
tests/live/run.sh "$dacc"
echo "== the Genesys Cloud stand-in, proven with the official SDK"; tests/pull/sdk-test.sh
echo "== dacc pull against the stand-in"; tests/pull/run.sh "$dacc"
echo "== secrets"; tests/secrets/run.sh "$dacc"
echo "== pathological inputs"; tests/pathological/run.sh "$dacc"
echo "== Architect flows"; tests/flow/run.sh "$dacc" "$bindir"
echo "== dacc fix"; tests/fix/run.sh "$dacc"
echo "== make install"; tests/install/run.sh
echo "== adopting dacc"; tests/adopt/run.sh "$dacc"
echo "== the pre-commit framework"; tests/precommit/run.sh "$dacc"
