#!/usr/bin/env bash
# Benchmark of `redress batch` against two straightforward Python programs of the same rules
# on synthetic data of the demo case, measured side by side in one run:
#   - a plain-Python loop: csv.DictReader row by row, one function per investor with
#     decimal.Decimal (benches/python_baseline.py);
#   - pandas: read the whole file, group, loop over the groups (benches/pandas_baseline.py).
#
#   scripts/bench-batch.sh                     100,000 investors, 1,000,000 trades (the default)
#   INVESTORS=1000000 TRADES=10000000 scripts/bench-batch.sh
#   RUNS=9 REDRESS_RUNS=7 THREADS=1 scripts/bench-batch.sh
#
# Steps: release build; `redress generate` (deterministic from SEED); both baselines on the
# first SAMPLE investors, which must agree with Redress to the fen on every investor (else
# exit 1); then RUNS rounds (5), each running Redress REDRESS_RUNS times (5: it takes a
# tenth of a second, so one slow start would weigh on a single run), the Python loop and
# pandas once, one after the other, so that the machine's load weighs on all three alike
# (wall time, CPU time and peak RSS of each run: timed() below); the medians over all
# runs of each, both ratios (a baseline's wall time ÷ Redress's, and the same for CPU
# time), and the load average before and after (other work on the machine lowers the
# wall-time ratios). Installs pandas with `pip install --user` when missing. Files go to
# target/bench/.
set -euo pipefail
cd "$(dirname "$0")/.."

INVESTORS=${INVESTORS:-100000}
TRADES=${TRADES:-1000000}
SEED=${SEED:-1}
SAMPLE=${SAMPLE:-10000}
RUNS=${RUNS:-5}
REDRESS_RUNS=${REDRESS_RUNS:-5}
THREADS=${THREADS:-$(nproc)}
CASE=cases/demo.toml
dir=target/bench
bin=target/release/redress
mkdir -p "$dir"

say() { printf '\n== %s\n' "$*" >&2; }
first_investors() { # first_investors N IN OUT: the header and the first N investors' rows
  awk -F, -v n="$1" 'NR == 1 { print; next } $1 != p { k++; p = $1 } k <= n' "$2" >"$3"
}
median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) }'; }

say "cargo build --release -p redress-cli"
cargo build --release -p redress-cli
if ! python3 -c 'import pandas' 2>/dev/null; then
  say "pip install --user pandas"
  python3 -m pip install --user --quiet pandas
fi

all=$dir/all-$INVESTORS-$TRADES-$SEED.csv
if [ ! -s "$all" ]; then
  say "redress generate --investors $INVESTORS --trades $TRADES --seed $SEED"
  "$bin" generate --investors "$INVESTORS" --trades "$TRADES" --seed "$SEED" --out "$all.tmp"
  mv "$all.tmp" "$all"
fi
rows=$(($(wc -l <"$all") - 1))

say "agreement on the first $SAMPLE investors (to the fen, every investor)"
first_investors "$SAMPLE" "$all" "$dir/sample.csv"
"$bin" batch --case "$CASE" --trades "$dir/sample.csv" --out "$dir/sample-redress.csv" >/dev/null
python3 benches/python_baseline.py "$CASE" "$dir/sample.csv" "$dir/sample-python.csv"
python3 benches/pandas_baseline.py "$CASE" "$dir/sample.csv" "$dir/sample-pandas.csv"
python3 - "$dir/sample-redress.csv" "$dir/sample-python.csv" "$dir/sample-pandas.csv" <<'EOF'
import csv, sys
redress = {r["investor"]: r for r in csv.DictReader(open(sys.argv[1]))}
failed = False
for name, path in (("python", sys.argv[2]), ("pandas", sys.argv[3])):
    other = {r["investor"]: r for r in csv.DictReader(open(path))}
    assert redress.keys() == other.keys(), f"{name}: not the same investors"
    column = lambda f: f"main.{f}" if f != "compensation" else f
    bad = [
        (name, k, f, redress[k][column(f)], o[f])
        for k, o in other.items()
        for f in ("eligible_shares", "investment_loss", "compensation")
        if redress[k][column(f)] != o[f]
    ]
    for b in bad[:20]:
        print("DISAGREE %s investor %s %s: redress %s, baseline %s" % b, file=sys.stderr)
    if bad:
        print(f"FAILED: redress and {name} disagree on {len(bad)} values", file=sys.stderr)
        failed = True
    else:
        total = sum(float(r["compensation"]) for r in other.values())
        print(f"{name} agrees: {len(other)} investors, 3 values each, total {total:,.2f}")
sys.exit(1 if failed else 0)
EOF

# timed NAME COMMAND...: one timed run; appends "wall cpu rss" to $dir/NAME.runs: the wall
# time around the process, its CPU time (user + system) and peak RSS from wait4, to
# the microsecond (/usr/bin/time gives hundredths, too coarse for Redress). Each program's
# output of the run before is removed first, outside the time: replacing a file written
# a moment ago makes the system discard its pages not yet on disk, 6-8 ms for Redress's
# 12 MB, a tenth of its run, which is the file system's work, not the computation's.
timed() {
  local name=$1
  shift
  python3 - "$@" >>"$dir/$name.runs" <<'EOF'
import os, subprocess, sys, time
start = time.perf_counter()
child = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL)
# This child's own usage (the totals of all children would count whatever ran before
# this interpreter's exec, a version manager's shim for one).
_, status, usage = os.wait4(child.pid, 0)
wall = time.perf_counter() - start
if os.waitstatus_to_exitcode(status) != 0:
    sys.exit(f"{sys.argv[1:]} failed")
print(f"{wall:.4f} {usage.ru_utime + usage.ru_stime:.4f} {usage.ru_maxrss}")
EOF
  tail -n 1 "$dir/$name.runs" | awk -v n="$name" \
    '{ printf "   %-8s %7.3f s wall  %7.3f s CPU  %5d MB\n", n, $1, $2, $3 / 1024 }' >&2
}
rm -f "$dir"/{redress,python,pandas}.runs
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
for run in $(seq "$RUNS"); do
  say "round $run of $RUNS on $rows rows"
  for _ in $(seq "$REDRESS_RUNS"); do
    rm -f "$dir/results.csv"
    timed redress "$bin" batch --case "$CASE" --trades "$all" --out "$dir/results.csv" \
      --threads "$THREADS"
  done
  rm -f "$dir/python.csv" "$dir/pandas.csv"
  timed python python3 benches/python_baseline.py "$CASE" "$all" "$dir/python.csv"
  timed pandas python3 benches/pandas_baseline.py "$CASE" "$all" "$dir/pandas.csv"
done
load_after=$(cut -d' ' -f1-3 /proc/loadavg)
med() { awk -v k="$2" '{ print $k }' "$dir/$1.runs" | median; }
awk -v inv="$INVESTORS" -v rows="$rows" -v th="$THREADS" -v runs="$RUNS" -v rn="$REDRESS_RUNS" \
  -v lb="$load_before" -v la="$load_after" -v cores="$(nproc)" \
  -v rw="$(med redress 1)" -v rc="$(med redress 2)" -v rr="$(med redress 3)" \
  -v yw="$(med python 1)" -v yc="$(med python 2)" -v yr="$(med python 3)" \
  -v pw="$(med pandas 1)" -v pc="$(med pandas 2)" -v pr="$(med pandas 3)" 'BEGIN {
  printf "\n%d investors, %d trades; medians of %d rounds (Redress: %d runs a round)\n", inv, rows, runs, rn
  printf "load average before %s, after %s (%d cores)\n", lb, la, cores
  printf "%-30s %9s %9s %9s\n", "", "wall", "CPU", "peak RSS"
  printf "%-30s %8.3fs %8.3fs %6.0f MB\n", "redress batch (" th " threads)", rw, rc, rr / 1024
  printf "%-30s %8.3fs %8.3fs %6.0f MB\n", "plain-Python loop", yw, yc, yr / 1024
  printf "%-30s %8.3fs %8.3fs %6.0f MB\n", "pandas", pw, pc, pr / 1024
  printf "redress: %.0f investors/s, %.1f M trades/s\n", inv / rw, rows / rw / 1e6
  printf "redress vs plain-Python loop  %6.1f x (wall)  %6.1f x (CPU)\n", yw / rw, yc / rc
  printf "redress vs pandas             %6.1f x (wall)  %6.1f x (CPU)\n", pw / rw, pc / rc
}'
