#!/usr/bin/env bash
# make install into a scratch DESTDIR: the executable, the plugin, the man
# page with its EXIT STATUS, ENVIRONMENT, FILES and EXAMPLES sections, and the
# JSON schemas under PREFIX/share/dacc/; the installed dacc runs from there.
# (make is called afresh: under make check, the ASan build's OUT and flags must
# not reach it, or it would relink ./dacc from ASan objects)
#   tests/install/run.sh
set -uo pipefail
cd "$(dirname "$0")/../.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0 n=0
ok() { n=$((n + 1)); }
bad() { echo "FAIL install: $*"; fail=1; }

env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make --no-print-directory -s install DESTDIR="$tmp" PREFIX=/opt/dacc >"$tmp/log" 2>&1 || { cat "$tmp/log"; bad "make install failed"; exit 1; }
root=$tmp/opt/dacc
for f in bin/dacc lib/dacc/dacc-live.so share/man/man1/dacc.1 \
    share/dacc/action.schema.json share/dacc/config.schema.json share/dacc/report.schema.json \
    share/dacc/baseline.schema.json; do
    [ -f "$root/$f" ] && ok || bad "$f is not installed"
done
for s in "$root"/share/dacc/*.schema.json; do
    jq -e '."$schema"' "$s" >/dev/null && ok || bad "$s is not a JSON Schema"
done
for section in NAME SYNOPSIS DESCRIPTION OPTIONS CONFIGURATION RULES 'EXIT STATUS' ENVIRONMENT FILES EXAMPLES; do
    grep -qx "\.SH $section" "$root/share/man/man1/dacc.1" && ok || bad "the man page has no $section section"
done
grep -q 'DACC_SECRET_' "$root/share/man/man1/dacc.1" && ok || bad "ENVIRONMENT does not name DACC_SECRET_*"
if command -v groff >/dev/null; then
    warnings=$(groff -man -ww -z "$root/share/man/man1/dacc.1" 2>&1)
    [ -z "$warnings" ] && ok || bad "groff warns about the man page: $warnings"
fi
"$root/bin/dacc" --version | grep -q '^dacc ' && ok || bad "the installed dacc does not run"
[ "$fail" = 0 ] && echo "install: $n checks passed"
exit "$fail"
