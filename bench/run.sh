#!/usr/bin/env bash
# Throughput and latency bench: dacc lint against the parse-only floor (jq empty).
#
#   bench/run.sh [-d DACC] [-s "SIZES"] [-r RUNS] [-e SEED]
#
#   -d  dacc binary (env DACC, default ./dacc; a relative path is taken from the repository root)
#   -s  corpus sizes in files (env SIZES, default "1000 10000")
#   -r  timed runs per tool and size; the median wall time is reported (env RUNS, default 5).
#       A first run slower than SLOW seconds (env, default 60) is kept alone.
#   -e  corpus seed for gen-corpus.sh (env SEED, default 42)
#
# For each size it generates a corpus in a temporary directory (removed on exit), then times
#   dacc lint --format json DIR          exit 0 or 1 (findings) is expected; 2 or more aborts
#   xargs -0 jq empty <the .json files>  the parse-only floor; jq cannot read YAML, so this row
#                                        covers only the JSON share of the corpus
# with GNU time (/usr/bin/time -f '%e %M') for peak RSS and a nanosecond clock for wall time,
# then the pre-commit case: one small file, with hyperfine if installed, else 50 timed runs.
# It also checks dacc's report against the corpus labels (planted violations found, clean files
# flagged); that check is informative and never fails the bench.
set -euo pipefail

die() {
  printf 'run.sh: %s\n' "$*" >&2
  exit 1
}
usage() {
  sed -n '4,10p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
}

cd "$(dirname -- "$0")/.."
root=$(pwd)
dacc=${DACC:-./dacc}
sizes=${SIZES:-1000 10000}
runs=${RUNS:-5}
seed=${SEED:-42}
slow=${SLOW:-60}
while getopts 'd:s:r:e:h' opt; do
  case $opt in
    d) dacc=$OPTARG ;;
    s) sizes=$OPTARG ;;
    r) runs=$OPTARG ;;
    e) seed=$OPTARG ;;
    *) usage ;;
  esac
done
shift $((OPTIND - 1))
[ $# -eq 0 ] || usage
case $runs in '' | *[!0-9]* | 0) die "runs must be a positive integer, not '$runs'" ;; esac
for n in $sizes; do
  case $n in '' | *[!0-9]* | 0) die "sizes must be positive integers, not '$n'" ;; esac
done

case $dacc in
  /*) ;;
  */*) dacc=$root/${dacc#./} ;;
  *) dacc=$(command -v -- "$dacc" || printf '%s' "$root/$dacc") ;;
esac
if [ ! -f "$dacc" ] || [ ! -x "$dacc" ]; then
  die "dacc binary not found at '$dacc': build it first (make), or point DACC at it"
fi
if ! /usr/bin/time -f '%e %M' -o /dev/null true 2>/dev/null; then
  die "GNU time is needed at /usr/bin/time: apt-get install time"
fi
command -v jq >/dev/null || die "jq is needed for the parse-only floor: apt-get install jq"

work=$(mktemp -d "${TMPDIR:-/tmp}/dacc-bench.XXXXXX")
trap 'rm -rf -- "$work"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

now_ns() { date +%s%N; }
hires=1
case $(now_ns) in *[!0-9]*) hires=0 ;; esac

# measure CMD... : runs CMD once with stdout to /dev/null; sets m_wall (s), m_kb, m_rc
measure() {
  local t0 t1
  m_rc=0
  t0=$(now_ns)
  /usr/bin/time -f '%e %M' -o "$work/time.out" "$@" >/dev/null 2>"$work/stderr" || m_rc=$?
  t1=$(now_ns)
  read -r m_wall m_kb < <(tail -n 1 "$work/time.out")
  if [ "$hires" = 1 ]; then m_wall=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.4f", (b - a) / 1e9 }'); fi
}
median() { sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
maxof() { sort -g | tail -n 1; }
fail_dacc() { # rc what
  die "dacc failed (exit $1) on $2: $(head -n 1 "$work/stderr")"
}

# series NAME CMD... : RUNS timed runs; sets s_wall (median s), s_kb (max KB), s_runs
series() {
  local name=$1 r walls=() kbs=()
  shift
  for ((r = 1; r <= runs; r++)); do
    measure "$@"
    case $name in
      dacc) [ "$m_rc" -le 1 ] || fail_dacc "$m_rc" "timed run" ;;
      *) [ "$m_rc" -eq 0 ] || die "$name failed (exit $m_rc): $(head -n 1 "$work/stderr")" ;;
    esac
    walls+=("$m_wall")
    kbs+=("$m_kb")
    if [ "$r" -eq 1 ] && awk -v w="$m_wall" -v s="$slow" 'BEGIN { exit !(w > s) }'; then break; fi
  done
  s_wall=$(printf '%s\n' "${walls[@]}" | median)
  s_kb=$(printf '%s\n' "${kbs[@]}" | maxof)
  s_runs=${#walls[@]}
}

# detection FILES CORPUS REPORT : one line comparing dacc's error findings with labels.tsv
detection() {
  local n=$1 corpus=$2 report=$3 counted
  if ! jq -e '.findings and .summary' "$report" >/dev/null 2>&1; then
    echo "  $n files: dacc's JSON report did not parse or lacks findings/summary; check skipped"
    return 0
  fi
  counted=$(jq -r '.summary.files // "?"' "$report")
  jq -r '.findings[] | select(.severity == "error") | [.file, .rule] | @tsv' "$report" |
    awk -F '\t' -v n="$n" -v counted="$counted" '
      FNR == NR {
        f = $1; sub(/.*\//, "", f)
        if (!((f, $2) in hit)) { hit[f, $2] = 1; rules[f] = rules[f] " " $2 }
        next
      }
      $2 == "clean" {
        clean++
        if ($1 in rules) { fp++; m = split(rules[$1], r, " "); for (i = 1; i <= m; i++) why[r[i]]++ }
        next
      }
      {
        planted++; m = split($3, want, ","); ok = 1
        for (i = 1; i <= m; i++) if (!(($1, want[i]) in hit)) ok = 0
        if (ok) caught++; else missed[$2]++
      }
      END {
        line = sprintf("  %d files: planted %d/%d reported under the labelled rules", n, caught, planted)
        sep = " (missed: "; for (k in missed) { line = line sep k " " missed[k]; sep = ", " }
        if (sep == ", ") line = line ")"
        line = line sprintf("; clean files with an error: %d/%d", fp, clean)
        sep = " ("; for (k in why) { line = line sep k " " why[k]; sep = ", " }
        if (sep == ", ") line = line ")"
        if (counted != n) line = line sprintf("; summary.files is %s, expected %d", counted, n)
        print line
      }' - "$corpus/labels.tsv"
}

# table rows: TOOL FILES WALL_S PEAK_KB RATIO
row() {
  awk -v t="$1" -v n="$2" -v w="$3" -v kb="$4" -v r="$5" 'BEGIN {
    printf "%-10s %7s %9.3f %10s %13.1f %8s\n", t, n, w, (w > 0 ? sprintf("%.1f", n / w) : "inf"), kb / 1024, r }'
}

dacc_version=$("$dacc" --version 2>/dev/null | head -n 1 || true)
printf 'dacc bench: %s (%s), %s, %s CPUs, %s runs per row (median wall, max RSS), seed %s\n\n' \
  "${dacc_version:-version unknown}" "$dacc" "$(jq --version)" "$(nproc)" "$runs" "$seed"

checks=$work/checks
: >"$checks"
printf '%-10s %7s %9s %10s %13s %8s\n' tool files "median s" files/s "peak RSS MiB" dacc/jq
for n in $sizes; do
  corpus=$work/corpus-$n
  "$root/bench/gen-corpus.sh" "$n" "$corpus" "$seed" >/dev/null
  find "$corpus" -type f -name '*.json' -print0 | sort -z >"$work/json.list"
  njson=$(tr -cd '\0' <"$work/json.list" | wc -c)

  # untimed first run: warms the cache, checks the exit code, keeps the report for the label check
  rc=0
  "$dacc" lint --format json "$corpus" >"$work/report.json" 2>"$work/stderr" || rc=$?
  [ "$rc" -le 1 ] || fail_dacc "$rc" "the $n-file corpus"
  detection "$n" "$corpus" "$work/report.json" >>"$checks"
  xargs -0 -a "$work/json.list" jq empty >/dev/null 2>&1 || die "jq empty rejected a generated JSON file"

  series dacc "$dacc" lint --format json "$corpus"
  d_wall=$s_wall d_kb=$s_kb d_runs=$s_runs
  series jq xargs -0 -a "$work/json.list" jq empty
  j_wall=$s_wall j_kb=$s_kb
  r=$(awk -v n="$n" -v dw="$d_wall" -v m="$njson" -v jw="$j_wall" 'BEGIN {
    if (dw > 0 && jw > 0 && m > 0) printf "%.2f", (n / dw) / (m / jw); else print "-" }')
  row "dacc lint" "$n" "$d_wall" "$d_kb" "$r"
  row "jq empty" "$njson" "$j_wall" "$j_kb" "-"
  [ "$d_runs" -eq "$runs" ] || echo "  (dacc took over ${slow}s on $n files: 1 run kept)"
done

# ---- single file: the pre-commit hook case --------------------------------------------------------
small=$work/small
"$root/bench/gen-corpus.sh" 40 "$small" "$seed" >/dev/null
one=$(awk -F '\t' '$2 == "clean" && $1 ~ /\.custom\.json$/ { print $1 }' "$small/labels.tsv" |
  while read -r f; do printf '%s %s\n' "$(wc -c <"$small/$f")" "$f"; done | sort -n | head -n 1 | cut -d ' ' -f 2)
[ -n "$one" ] || die "no clean JSON file in the small corpus"
one=$small/$one
bytes=$(wc -c <"$one")
rc=0
"$dacc" lint --format json "$one" >/dev/null 2>"$work/stderr" || rc=$?
[ "$rc" -le 1 ] || fail_dacc "$rc" "$one"

q() { printf "'%s'" "${1//\'/\'\\\'\'}"; }
if command -v hyperfine >/dev/null; then
  how="hyperfine -N, 3 warm-up runs"
  hyperfine -N -i --warmup 3 --runs 50 --style none --export-json "$work/hf.json" \
    "$(q "$dacc") lint --format json $(q "$one")" "jq empty $(q "$one")" >/dev/null 2>"$work/stderr" ||
    die "hyperfine failed: $(head -n 1 "$work/stderr")"
  d_one=$(jq -r '.results[0].median' "$work/hf.json")
  j_one=$(jq -r '.results[1].median' "$work/hf.json")
  nruns=$(jq -r '.results[0].times | length' "$work/hf.json")
else
  how="date +%s%N loop"
  nruns=50
  one_loop() {
    local i t0 t1 ts=()
    for ((i = 0; i < nruns; i++)); do
      t0=$(now_ns)
      "$@" >/dev/null 2>&1 || true
      t1=$(now_ns)
      ts+=("$((t1 - t0))")
    done
    printf '%s\n' "${ts[@]}" | median | awk '{ printf "%.6f", $1 / 1e9 }'
  }
  [ "$hires" = 1 ] || die "date +%s%N is not supported here and hyperfine is missing: apt-get install hyperfine"
  d_one=$(one_loop "$dacc" lint --format json "$one")
  j_one=$(one_loop jq empty "$one")
fi
kb_one() {
  local r kbs=()
  for r in 1 2 3; do
    measure "$@"
    kbs+=("$m_kb")
  done
  printf '%s\n' "${kbs[@]}" | maxof
}
d_kb=$(kb_one "$dacc" lint --format json "$one")
j_kb=$(kb_one jq empty "$one")

printf '\nsingle file (pre-commit case): %s bytes, %s runs each, %s\n' "$bytes" "$nruns" "$how"
printf '%-10s %10s %9s %13s %8s\n' tool "median ms" files/s "peak RSS MiB" dacc/jq
awk -v dw="$d_one" -v jw="$j_one" -v dk="$d_kb" -v jk="$j_kb" 'BEGIN {
  printf "%-10s %10.2f %9.1f %13.1f %8.2f\n", "dacc lint", dw * 1000, 1 / dw, dk / 1024, jw / dw
  printf "%-10s %10.2f %9.1f %13.1f %8s\n", "jq empty", jw * 1000, 1 / jw, jk / 1024, "-" }'

printf '\nnotes:\n'
echo "  jq empty rows cover only the .json share of each corpus (about 85 %; jq cannot read YAML)."
echo "  dacc/jq = dacc files/s divided by jq files/s on the same corpus; 1.00 means as fast as parsing alone."
printf '\nlabel check (dacc error findings against the planted violations):\n'
cat "$checks"
