#!/usr/bin/env bash
# Seed corpus for the fuzzer: every fixture, prefixed with the mode byte that
# selects its syntax (bit 0: YAML) and a report format.   tests/fuzz/seed.sh DIR
set -euo pipefail
cd "$(dirname "$0")/../.."
dir=${1:?usage: tests/fuzz/seed.sh DIR}
mkdir -p "$dir" tests/fuzz/regressions
n=0
while IFS= read -r f; do
    case "$f" in *.yaml|*.yml) mode='\001' ;; *) mode='\002' ;; esac
    { printf "$mode"; head -c 65535 "$f"; } >"$dir/seed-$n"
    n=$((n + 1))
done < <(find tests/rules tests/cli/data fixtures -type f \( -name '*.json' -o -name '*.yaml' -o -name '*.yml' \) | sort)
# settings files, as they are (the config target reads them whole)
for f in tests/config/examples/*.yaml; do
    cp "$f" "$dir/seed-config-$(basename "$f")"
    n=$((n + 1))
done
echo "fuzz: $n seeds in $dir"
