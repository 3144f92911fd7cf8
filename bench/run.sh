#!/usr/bin/env bash
# Throughput and latency bench: dacc lint beside the tools a team would use instead of it
# (Spectral, secretlint) and the parse-only floor (jq empty), all on the same generated corpora.
#
#   bench/run.sh [-d DACC] [-s "SIZES"] [-r RUNS] [-R PEER_RUNS] [-t LIMIT] [-e SEED] [-f FLOWS] [-n]
#
#   -d  dacc binary (env DACC, default ./dacc; a relative path is taken from the repository root)
#   -s  corpus sizes in files (env SIZES, default "100 1000 10000")
#   -r  timed runs of dacc and jq per size; the median wall time is reported (env RUNS, default 5)
#   -R  timed runs of Spectral and secretlint per size (env PEER_RUNS, default 3)
#   -t  time limit of one run in seconds (env LIMIT, default 300); a run that hits it is
#       reported as a lower bound (">300 s") and not repeated
#   -e  corpus seed for gen-corpus.sh (env SEED, default 42)
#   -f  Architect flows per 100 actions, linted with the actions (env FLOWS, default 25; 0: none)
#   -n  no peers: only dacc and jq, even when Spectral and secretlint are installed
#   A first run slower than SLOW seconds (env, default 60) is kept alone, for every tool.
#
# For each size it generates a corpus in a temporary directory (removed on exit), then times
#   dacc lint -j 1 --format json DIR     exit 0 or 1 (findings) is expected; 2 or more aborts
#   dacc lint --format json DIR          the default -j: one worker per online CPU
#   xargs -0 jq empty <the .json files>  the parse-only floor; jq cannot read YAML, so this row
#                                        covers only the JSON share of the corpus
#   spectral lint -r bench/spectral-ruleset.yaml -f json 'DIR/*.{json,yaml}'
#   secretlint --secretlintrc bench/secretlintrc.json --format json DIR/*.json DIR/*.yaml
# with GNU time (/usr/bin/time -f '%e %M') for peak RSS and a nanosecond clock for wall time;
# then, with flows (gen-corpus.sh --flows: SIZE * FLOWS / 100 flows calling the corpus's actions),
#   dacc lint -j 1 --format json DIR FLOWDIR   and   dacc lint --format json DIR FLOWDIR
# reported as files/s and as flows/s: the flows over the time they add to the actions alone;
# then the pre-commit case: one small file, with hyperfine if installed, else a timed loop.
# Spectral and secretlint come from bench/package.json: `npm ci --prefix bench`. Without them
# the bench still runs dacc against jq and says how to install them.
# It also checks each linter's report against the corpus labels (planted violations found,
# clean files flagged) and prints dacc's standing against the targets of issue 8. Neither
# check fails the bench.
set -euo pipefail

die() {
  printf 'run.sh: %s\n' "$*" >&2
  exit 1
}
usage() {
  sed -n '5,16p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
}
note() { printf '  .. %s\n' "$*" >&2; }

cd "$(dirname -- "$0")/.."
root=$(pwd)
dacc=${DACC:-./dacc}
sizes=${SIZES:-100 1000 10000}
runs=${RUNS:-5}
peer_runs=${PEER_RUNS:-3}
limit=${LIMIT:-300}
seed=${SEED:-42}
slow=${SLOW:-60}
flows_per_100=${FLOWS:-25}
peers=1
while getopts 'd:s:r:R:t:e:f:nh' opt; do
  case $opt in
    d) dacc=$OPTARG ;;
    s) sizes=$OPTARG ;;
    r) runs=$OPTARG ;;
    R) peer_runs=$OPTARG ;;
    t) limit=$OPTARG ;;
    e) seed=$OPTARG ;;
    f) flows_per_100=$OPTARG ;;
    n) peers=0 ;;
    *) usage ;;
  esac
done
shift $((OPTIND - 1))
[ $# -eq 0 ] || usage
posint() { case $2 in '' | *[!0-9]* | 0) die "$1 must be a positive integer, not '$2'" ;; esac; }
posint runs "$runs"
posint "peer runs" "$peer_runs"
posint "the time limit" "$limit"
for n in $sizes; do posint sizes "$n"; done
case $flows_per_100 in '' | *[!0-9]*) die "flows per 100 actions must be a whole number, not '$flows_per_100'" ;; esac
[ -n "${sizes// /}" ] || die "no sizes given"

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
command -v timeout >/dev/null || die "timeout (coreutils) is needed"

# ---- the peers: Spectral and secretlint from bench/node_modules ---------------------------------
bin=$root/bench/node_modules/.bin
ruleset=$root/bench/spectral-ruleset.yaml
slrc=$root/bench/secretlintrc.json
peer_note=""
if [ "$peers" = 1 ]; then
  if ! command -v node >/dev/null; then
    peers=0 peer_note="Node.js is not installed (apt-get install nodejs npm), then: npm ci --prefix bench"
  elif [ ! -x "$bin/spectral" ] || [ ! -x "$bin/secretlint" ] ||
    [ ! -d "$root/bench/node_modules/@secretlint/secretlint-rule-preset-recommend" ]; then
    peers=0 peer_note="not installed; install them with: npm ci --prefix bench"
  else
    spectral_version=$("$bin/spectral" --version 2>/dev/null | tail -n 1) ||
      die "'$bin/spectral --version' failed: reinstall with npm ci --prefix bench"
    secretlint_version=$("$bin/secretlint" --version 2>/dev/null | tail -n 1) ||
      die "'$bin/secretlint --version' failed: reinstall with npm ci --prefix bench"
  fi
else
  peer_note="left out (-n)"
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/dacc-bench.XXXXXX")
trap 'rm -rf -- "$work"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

now_ns() { date +%s%N; }
hires=1
case $(now_ns) in *[!0-9]*) hires=0 ;; esac

# measure OUT CMD... : runs CMD once under the time limit, stdout to OUT; sets m_wall (s), m_kb,
# m_rc (124 or 137: the limit was hit). GNU time waits for `timeout`, which waits for CMD, so %M
# is the peak RSS of the largest process among them. --foreground keeps CMD in the terminal's
# process group, so that Ctrl-C stops it rather than only the script after it.
measure() {
  local out=$1 t0 t1
  shift
  m_rc=0
  t0=$(now_ns)
  /usr/bin/time -f '%e %M' -o "$work/time.out" timeout --foreground -k 10 "$limit" "$@" \
    </dev/null >"$out" 2>"$work/stderr" || m_rc=$?
  t1=$(now_ns)
  read -r m_wall m_kb < <(tail -n 1 "$work/time.out")
  if [ "$hires" = 1 ]; then m_wall=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.4f", (b - a) / 1e9 }'); fi
}
median() { sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
maxof() { sort -g | tail -n 1; }

# series KEY MAXRC N CMD... : up to N timed runs, stdout kept in $work/out.KEY (the last run's);
# an exit code above MAXRC aborts the bench. Sets s_wall (median s, or ">LIMIT" when the first
# run hit the limit), s_kb (max KB), s_runs. A first run slower than SLOW is kept alone.
series() {
  local key=$1 maxrc=$2 n=$3 r walls=() kbs=()
  shift 3
  s_wall="" s_kb=0
  for ((r = 1; r <= n; r++)); do
    measure "$work/out.$key" "$@"
    if [ "$m_rc" -eq 124 ] || [ "$m_rc" -eq 137 ]; then
      # the limit: report a lower bound unless earlier runs finished
      [ ${#walls[@]} -gt 0 ] || { s_wall=">$limit" s_kb=$m_kb s_runs=1; return 0; }
      break
    fi
    [ "$m_rc" -le "$maxrc" ] || die "$key failed (exit $m_rc): $(head -n 1 "$work/stderr")"
    walls+=("$m_wall")
    kbs+=("$m_kb")
    if [ "$r" -eq 1 ] && awk -v w="$m_wall" -v s="$slow" 'BEGIN { exit !(w > s) }'; then break; fi
  done
  s_wall=$(printf '%s\n' "${walls[@]}" | median)
  s_kb=$(printf '%s\n' "${kbs[@]}" | maxof)
  s_runs=${#walls[@]}
}

# detection TOOL N CORPUS [any] < "file<TAB>rule" lines: one line comparing a tool's error findings
# with labels.tsv. A planted file counts as found when every labelled rule is among its findings,
# or, with "any", when the tool flagged the file at all; "any" counts only the planted secrets
# (secretlint looks for nothing else and has no dacc rule names to match).
detection() {
  local tool=$1 n=$2 corpus=$3 any=${4:-}
  awk -F '\t' -v tool="$tool" -v n="$n" -v any="$any" '
      FILENAME == "-" {
        f = $1; sub(/.*\//, "", f)
        flagged[f] = 1
        if (!((f, $2) in hit)) { hit[f, $2] = 1; rules[f] = rules[f] " " $2 }
        next
      }
      $2 == "clean" {
        clean++
        if ($1 in flagged) { fp++; m = split(rules[$1], r, " "); for (i = 1; i <= m; i++) why[r[i]]++ }
        next
      }
      any && $3 !~ /plaintext-secret/ { next }
      {
        planted++; ok = 1
        if (any) ok = ($1 in flagged)
        else { m = split($3, want, ","); for (i = 1; i <= m; i++) if (!(($1, want[i]) in hit)) ok = 0 }
        if (ok) { caught++; got[$2]++ } else missed[$2]++
      }
      END {
        line = sprintf("  %-10s %5d files: planted %s%d/%d %s", tool, n, any ? "secrets " : "", caught, planted,
          any ? "flagged" : "reported under the labelled rules")
        sep = " (missed: "; for (k in missed) { line = line sep k " " missed[k]; sep = ", " }
        if (sep == ", ") line = line ")"
        if (any) { sep = " (found: "; for (k in got) { line = line sep k " " got[k]; sep = ", " }; if (sep == ", ") line = line ")" }
        line = line sprintf("; clean files with an error: %d/%d", fp, clean)
        sep = " ("; for (k in why) { line = line sep k " " why[k]; sep = ", " }
        if (sep == ", ") line = line ")"
        print line
      }' - "$corpus/labels.tsv"
}
dacc_findings() { jq -r '.findings[] | select(.severity == "error") | [.file, .rule] | @tsv' "$1"; }
# Spectral rule names are "<dacc rule>.<detail>"; severity 0 is error
spectral_findings() { jq -r '.[] | select(.severity == 0) | [.source, (.code | split(".")[0])] | @tsv' "$1"; }
secretlint_findings() { jq -r '.[] | .filePath as $f | .messages[] | [$f, "plaintext-secret"] | @tsv' "$1"; }

# table rows: TOOL FILES RUNS WALL_S PEAK_KB REF_FPS (dacc's files/s; "" for none)
# The last column is dacc's files/s divided by this tool's: how many times faster dacc is.
row() {
  awk -v t="$1" -v n="$2" -v runs="$3" -v w="$4" -v kb="$5" -v ref="$6" 'BEGIN {
    lower = (w ~ /^>/); s = w; sub(/^>/, "", s); s += 0
    fps = s > 0 ? n / s : 0
    ws = lower ? sprintf(">%d", s) : sprintf("%.3f", s)
    fs = s > 0 ? sprintf(lower ? "<%.1f" : "%.1f", fps) : "inf"
    rs = "-"
    if (ref != "" && fps > 0) rs = sprintf(lower ? ">%.2f" : "%.2f", ref / fps)
    printf "%-15s %6s %4s %9s %9s %12s %10s\n", t, n, runs, ws, fs, (lower ? ">" : "") sprintf("%.1f", kb / 1024), rs }'
}
fps_of() { awk -v n="$1" -v w="$2" 'BEGIN { s = w; sub(/^>/, "", s); print (s > 0 ? n / s : 0) }'; }

# flow_series SIZE CORPUS FLOWDIR NFLOWS D1_WALL D_WALL: the label check of the flows (an untimed
# run over actions and flows), then dacc -j 1 and the default -j over both; rows in $flow_rows
# with the actions-only walls, for flows/s.
flow_series() {
  local n=$1 corpus=$2 flowdir=$3 nflows=$4 d1=$5 d=$6 rc=0 steps
  steps=$(cat "$flowdir"/*.yaml | grep -cE '^ *- callData(Secure)?:' || true)
  "$dacc" lint --format json "$corpus" "$flowdir" >"$work/report.json" 2>"$work/stderr" || rc=$?
  [ "$rc" -le 1 ] || die "dacc failed (exit $rc) on the $n-file corpus with flows: $(head -n 1 "$work/stderr")"
  if jq -e '.findings and .summary' "$work/report.json" >/dev/null 2>&1; then
    jq -r '.findings[] | select(.severity == "error") | select(.file | test("/flows-[0-9]+/")) | [.file, .rule] | @tsv' \
      "$work/report.json" | detection "dacc flows" "$nflows" "$flowdir" >>"$checks"
  else
    printf '  %-10s %5d flows: the JSON report did not parse; check skipped\n' dacc "$nflows" >>"$checks"
  fi
  note "$n files + $nflows flows: dacc -j 1, dacc"
  series daccf1 1 "$runs" "$dacc" lint -j 1 --format json "$corpus" "$flowdir"
  printf 'size %s\ndacc1 %s %s %s %s %s %s %s\n' "$n" "$n" "$nflows" "$steps" "$s_wall" "$s_kb" "$d1" "$s_runs" >>"$flow_rows"
  series daccf 1 "$runs" "$dacc" lint --format json "$corpus" "$flowdir"
  printf 'dacc %s %s %s %s %s %s %s\n' "$n" "$nflows" "$steps" "$s_wall" "$s_kb" "$d" "$s_runs" >>"$flow_rows"
}

dacc_version=$("$dacc" --version 2>/dev/null | head -n 1 || true)
printf 'dacc bench: %s (%s), %s, %s CPUs, seed %s\n' \
  "${dacc_version:-version unknown}" "$dacc" "$(jq --version)" "$(nproc)" "$seed"
if [ "$peers" = 1 ]; then
  printf 'peers: Spectral %s (bench/spectral-ruleset.yaml), secretlint %s (recommended preset), node %s\n' \
    "$spectral_version" "$secretlint_version" "$(node --version)"
else
  printf 'peers: Spectral and secretlint %s\n' "$peer_note"
fi
loadavg() { cut -d ' ' -f 1-3 /proc/loadavg 2>/dev/null || echo unknown; }
printf 'load average at the start: %s (other work on the machine skews the figures)\n' "$(loadavg)"
printf 'runs: median of %s for dacc and jq, %s for Spectral and secretlint; a first run over %s s is kept alone;\n' \
  "$runs" "$peer_runs" "$slow"
printf '      a run is stopped at %s s and reported as a lower bound\n\n' "$limit"

checks=$work/checks
: >"$checks"
verdict=$work/verdict # size, then per tool: key files wall kb
: >"$verdict"
printf '%-15s %6s %4s %9s %9s %12s %10s\n' tool files runs "median s" files/s "peak RSS MiB" dacc/tool
flow_rows=$work/flow.rows # size, then per -j: key actions flows steps wall kb actions-only-wall
: >"$flow_rows"
for n in $sizes; do
  corpus=$work/corpus-$n
  flowdir=$work/flows-$n
  nflows=$((n * flows_per_100 / 100))
  if [ "$nflows" -gt 0 ]; then
    "$root/bench/gen-corpus.sh" --flows "$nflows" "$flowdir" "$n" "$corpus" "$seed" >/dev/null
  else
    "$root/bench/gen-corpus.sh" "$n" "$corpus" "$seed" >/dev/null
  fi
  find "$corpus" -type f -name '*.json' -print0 | sort -z >"$work/json.list"
  njson=$(tr -cd '\0' <"$work/json.list" | wc -c)

  # untimed first run: warms the cache, checks the exit code, keeps the report for the label check
  rc=0
  "$dacc" lint --format json "$corpus" >"$work/report.json" 2>"$work/stderr" || rc=$?
  [ "$rc" -le 1 ] || die "dacc failed (exit $rc) on the $n-file corpus: $(head -n 1 "$work/stderr")"
  if jq -e '.findings and .summary' "$work/report.json" >/dev/null 2>&1; then
    dacc_findings "$work/report.json" | detection dacc "$n" "$corpus" >>"$checks"
    counted=$(jq -r '.summary.files // "?"' "$work/report.json")
    [ "$counted" = "$n" ] || echo "  dacc report for $n files: summary.files is $counted" >>"$checks"
  else
    printf '  %-10s %5d files: the JSON report did not parse or lacks findings/summary; check skipped\n' dacc "$n" >>"$checks"
  fi
  xargs -0 -a "$work/json.list" jq empty >/dev/null 2>&1 || die "jq empty rejected a generated JSON file"

  note "$n files: dacc -j 1, dacc, jq empty"
  series dacc1 1 "$runs" "$dacc" lint -j 1 --format json "$corpus"
  d1_wall=$s_wall d1_kb=$s_kb d1_runs=$s_runs
  series dacc 1 "$runs" "$dacc" lint --format json "$corpus"
  d_wall=$s_wall d_kb=$s_kb d_runs=$s_runs
  series jq 0 "$runs" xargs -0 -a "$work/json.list" jq empty
  j_wall=$s_wall j_kb=$s_kb j_runs=$s_runs
  ref=$(fps_of "$n" "$d_wall")
  row "dacc lint -j 1" "$n" "$d1_runs" "$d1_wall" "$d1_kb" "$ref"
  row "dacc lint" "$n" "$d_runs" "$d_wall" "$d_kb" ""
  row "jq empty" "$njson" "$j_runs" "$j_wall" "$j_kb" "$ref"
  if [ "$nflows" -gt 0 ]; then
    flow_series "$n" "$corpus" "$flowdir" "$nflows" "$d1_wall" "$d_wall"
  fi
  {
    printf 'size %s\n' "$n"
    printf 'dacc1 %s %s %s\ndacc %s %s %s\njq %s %s %s\n' "$n" "$d1_wall" "$d1_kb" "$n" "$d_wall" "$d_kb" \
      "$njson" "$j_wall" "$j_kb"
  } >>"$verdict"

  if [ "$peers" = 1 ]; then
    note "$n files: Spectral (limit $limit s a run)"
    series spectral 1 "$peer_runs" "$bin/spectral" lint -r "$ruleset" -f json --quiet "$corpus/*.{json,yaml}"
    row "Spectral" "$n" "$s_runs" "$s_wall" "$s_kb" "$ref"
    printf 'spectral %s %s %s\n' "$n" "$s_wall" "$s_kb" >>"$verdict"
    if [[ $s_wall == \>* ]]; then
      printf '  %-10s %5d files: stopped at %s s; no report to check\n' Spectral "$n" "$limit" >>"$checks"
    elif jq -e 'type == "array"' "$work/out.spectral" >/dev/null 2>&1; then
      spectral_findings "$work/out.spectral" | detection Spectral "$n" "$corpus" >>"$checks"
    else
      printf '  %-10s %5d files: its JSON report did not parse; check skipped\n' Spectral "$n" >>"$checks"
    fi

    note "$n files: secretlint (limit $limit s a run)"
    series secretlint 1 "$peer_runs" "$bin/secretlint" --secretlintrc "$slrc" --format json --no-color \
      "$corpus/*.json" "$corpus/*.yaml"
    row "secretlint" "$n" "$s_runs" "$s_wall" "$s_kb" "$ref"
    printf 'secretlint %s %s %s\n' "$n" "$s_wall" "$s_kb" >>"$verdict"
    if [[ $s_wall == \>* ]]; then
      printf '  %-10s %5d files: stopped at %s s; no report to check\n' secretlint "$n" "$limit" >>"$checks"
    elif jq -e 'type == "array"' "$work/out.secretlint" >/dev/null 2>&1; then
      secretlint_findings "$work/out.secretlint" | detection secretlint "$n" "$corpus" any >>"$checks"
    else
      printf '  %-10s %5d files: its JSON report did not parse; check skipped\n' secretlint "$n" >>"$checks"
    fi
  fi
  rm -f "$work"/out.*
done

# ---- flows: Architect flows calling the corpus's actions, linted with them -------------------------
if [ -s "$flow_rows" ]; then
  printf '\nflows (%s per 100 actions; workflows and inbound-call flows whose Call Data Action steps call the\n' \
    "$flows_per_100"
  printf 'corpus'"'"'s actions; dacc lint ACTIONS FLOWS): files/s over all files, flows/s = flows over the time\n'
  printf 'they add to the actions alone (row above, same -j), flow/action = flows/s over the actions'"'"' files/s\n'
  printf '%-15s %7s %6s %6s %4s %9s %9s %9s %11s %12s\n' tool actions flows steps runs "median s" files/s flows/s \
    flow/action "peak RSS MiB"
  awk '
    $1 == "size" { next }
    function sec(w) { sub(/^>/, "", w); return w + 0 }
    {
      t = $1 == "dacc1" ? "dacc lint -j 1" : "dacc lint"
      w = sec($5); wa = sec($7); files = $2 + $3
      fps = w > 0 ? files / w : 0; afps = wa > 0 ? $2 / wa : 0
      extra = w - wa; flps = extra > 0 ? $3 / extra : 0
      fs = (flps > 0) ? sprintf("%.1f", flps) : "n/a"
      rs = (flps > 0 && afps > 0) ? sprintf("%.2f", flps / afps) : "n/a"
      printf "%-15s %7s %6s %6s %4s %9.3f %9.1f %9s %11s %12.1f\n", t, $2, $3, $4, $8, w, fps, fs, rs, $6 / 1024
    }' "$flow_rows"
fi

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
[ "$rc" -le 1 ] || die "dacc failed (exit $rc) on $one: $(head -n 1 "$work/stderr")"

q() { printf "'%s'" "${1//\'/\'\\\'\'}"; }
# one-file commands: label <TAB> runs <TAB> command line (for hyperfine -N and for the loop)
one_cmds=$work/one.cmds
{
  printf 'dacc lint\t50\t%s lint --format json %s\n' "$(q "$dacc")" "$(q "$one")"
  printf 'dacc lint -j 1\t50\t%s lint -j 1 --format json %s\n' "$(q "$dacc")" "$(q "$one")"
  printf 'jq empty\t50\tjq empty %s\n' "$(q "$one")"
  if [ "$peers" = 1 ]; then
    printf 'Spectral\t10\t%s lint -r %s -f json --quiet %s\n' "$(q "$bin/spectral")" "$(q "$ruleset")" "$(q "$one")"
    printf 'secretlint\t10\t%s --secretlintrc %s --format json --no-color %s\n' "$(q "$bin/secretlint")" \
      "$(q "$slrc")" "$(q "$one")"
  fi
} >"$one_cmds"

if command -v hyperfine >/dev/null; then
  how="hyperfine -N: 3 warm-up runs, then 50 timed runs (10 for Spectral and secretlint)"
else
  [ "$hires" = 1 ] || die "date +%s%N is not supported here and hyperfine is missing: apt-get install hyperfine"
  how="a date +%s%N loop: 50 timed runs (10 for Spectral and secretlint)"
fi
one_time() { # runs cmdline -> median seconds
  local nr=$1 cmd=$2 i t0 t1 ts=()
  if command -v hyperfine >/dev/null; then
    hyperfine -N -i --warmup 3 --runs "$nr" --style none --export-json "$work/hf.json" "$cmd" \
      >/dev/null 2>"$work/stderr" || die "hyperfine failed: $(head -n 1 "$work/stderr")"
    jq -r '.results[0].median' "$work/hf.json"
    return
  fi
  local -a argv
  eval "argv=($cmd)"
  for ((i = 0; i < nr; i++)); do
    t0=$(now_ns)
    "${argv[@]}" >/dev/null 2>&1 || true
    t1=$(now_ns)
    ts+=("$((t1 - t0))")
  done
  printf '%s\n' "${ts[@]}" | median | awk '{ printf "%.6f", $1 / 1e9 }'
}
one_kb() { # cmdline -> max KB over 3 runs
  local cmd=$1 r kbs=()
  local -a argv
  eval "argv=($cmd)"
  for r in 1 2 3; do
    measure /dev/null "${argv[@]}"
    kbs+=("$m_kb")
  done
  printf '%s\n' "${kbs[@]}" | maxof
}
note "single file: $(tr '\n' ' ' < <(cut -f 1 "$one_cmds"))"
one_res=$work/one.res
while IFS=$'\t' read -r label nr cmd; do
  printf '%s\t%s\t%s\t%s\n' "$label" "$nr" "$(one_time "$nr" "$cmd")" "$(one_kb "$cmd")"
done <"$one_cmds" >"$one_res"

printf '\nsingle file (pre-commit case): %s bytes; %s\n' "$bytes" "$how"
printf '%-15s %4s %10s %9s %12s %10s\n' tool runs "median ms" files/s "peak RSS MiB" dacc/tool
awk -F '\t' '
  $1 == "dacc lint" { ref = $3 }
  { label[NR] = $1; nr[NR] = $2; w[NR] = $3; kb[NR] = $4 }
  END {
    for (i = 1; i <= NR; i++)
      printf "%-15s %4s %10.2f %9.1f %12.1f %10s\n", label[i], nr[i], w[i] * 1000, 1 / w[i], kb[i] / 1024,
        (label[i] == "dacc lint" ? "-" : sprintf("%.2f", w[i] / ref))
  }' "$one_res"

printf '\nload average at the end: %s\n' "$(loadavg)"
printf '\nnotes:\n'
echo "  jq empty rows cover only the .json share of each corpus (about 85 %; jq cannot read YAML)."
echo "  dacc/tool = dacc's files/s (default -j) divided by the tool's files/s, each on its own file count;"
echo "  in the single-file table, the tool's median time divided by dacc's. 1.00 means as fast as dacc;"
echo "  on the jq row, 0.50 means dacc costs twice the bare parse."
echo "  runs = timed runs kept; a first run over $slow s is kept alone (as Spectral's and secretlint's at 10,000"
echo "  files usually are), and a run stopped at $limit s shows as '>$limit', its files/s as an upper bound."
echo "  peak RSS is the largest %M from GNU time over the runs (the largest process: xargs's jq, node)."
[ "$peers" = 1 ] || echo "  Spectral and secretlint: $peer_note (needs Node.js >= 18 and npm)."

if [ -s "$flow_rows" ]; then
  printf '\nlabel check (error findings against the planted violations; secretlint looks for credentials only;\n'
  printf '"dacc flows": the flows'"'"' planted mistakes, found in the run over actions and flows):\n'
else
  printf '\nlabel check (error findings against the planted violations; secretlint looks for credentials only):\n'
fi
cat "$checks"

# ---- issue 8 targets, on the largest size -----------------------------------------------------------
printf '\ntargets (issue 8), on the largest corpus:\n'
awk -v one_res="$one_res" '
  $1 == "size" { size = $2; next }
  { n[size, $1] = $2; w[size, $1] = $3; kb[size, $1] = $4; if (!(size in seen)) { seen[size] = 1; order[++ns] = size } }
  function fps(s, k,   t) { t = w[s, k]; sub(/^>/, "", t); return t > 0 ? n[s, k] / t : 0 }
  function yes(c) { return c ? "met" : "MISSED" }
  END {
    big = order[ns]; small = order[1]
    dj = fps(big, "jq") > 0 ? fps(big, "dacc") / fps(big, "jq") : 0
    dj1 = fps(big, "jq") > 0 ? fps(big, "dacc1") / fps(big, "jq") : 0
    printf "  %-52s %s (dacc/jq %.2f; with -j 1 %.2f)\n", "within 2x of jq empty on " big " files (dacc/jq >= 0.50)", yes(dj >= 0.5), dj, dj1
    if ((big, "spectral") in w) {
      sp = fps(big, "spectral"); lower = (w[big, "spectral"] ~ /^>/)
      r = sp > 0 ? fps(big, "dacc") / sp : 0
      r1 = sp > 0 ? fps(big, "dacc1") / sp : 0; gt = lower ? ">" : ""
      v = (r >= 100) ? "met" : lower ? "not shown (Spectral hit the time limit; raise -t)" : "MISSED"
      printf("  %-52s %s (%s%.0fx; with -j 1 %s%.0fx)\n", ">= 100x Spectral on " big " files", v, gt, r, gt, r1)
    } else printf "  %-52s not measured (Spectral not installed)\n", ">= 100x Spectral"
    m = kb[big, "dacc"] > kb[big, "dacc1"] ? kb[big, "dacc"] : kb[big, "dacc1"]
    printf "  %-52s %s (%.1f MiB; -j 1 %.1f MiB, default -j %.1f MiB)\n", "peak RSS under 32 MB on " big " files", yes(m < 32 * 1000 * 1000 / 1024), m / 1024, kb[big, "dacc1"] / 1024, kb[big, "dacc"] / 1024
    if (ns > 1) printf "  %-52s %+.1f MiB from %s to %s files (default -j)\n", "memory flat in the number of files", (kb[big, "dacc"] - kb[small, "dacc"]) / 1024, small, big
    while ((getline line < one_res) > 0) { split(line, f, "\t"); if (f[1] == "dacc lint") ow = f[3]; if (f[1] == "dacc lint -j 1") ow1 = f[3] }
    printf "  %-52s %s (%.2f ms; -j 1 %.2f ms)\n", "one file in under 5 ms wall", yes(ow < 0.005), ow * 1000, ow1 * 1000
  }' "$verdict"
if [ -s "$flow_rows" ]; then
  awk '
    $1 == "size" { size = $2; next }
    function sec(w) { sub(/^>/, "", w); return w + 0 }
    { fl[size, $1] = (sec($5) > sec($7)) ? $3 / (sec($5) - sec($7)) : 0; ac[size, $1] = sec($7) > 0 ? $2 / sec($7) : 0; big = size }
    END {
      printf "  %-52s flows/s %.0f, action files/s %.0f (-j 1: %.0f, %.0f)\n", "flows/s beside action files/s on " big " files",
        fl[big, "dacc"], ac[big, "dacc"], fl[big, "dacc1"], ac[big, "dacc1"]
    }' "$flow_rows"
fi
