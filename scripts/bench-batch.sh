#!/usr/bin/env bash
# Benchmark of `redress batch` against two straightforward Python programs of the same rules
# on synthetic data of the demo case, measured side by side in one run:
#   - a plain-Python loop: csv.DictReader row by row, one function per investor with
#     decimal.Decimal (benches/python_baseline.py);
#   - pandas: read the whole file, group, loop over the groups (benches/pandas_baseline.py).
#
#   scripts/bench-batch.sh                     100,000 investors, 1,000,000 trades (the default)
#   INVESTORS=1000000 TRADES=10000000 scripts/bench-batch.sh
#   RUNS=5 THREADS=1 scripts/bench-batch.sh
#
# Steps: release build; `redress generate` (deterministic from SEED); both baselines on the
# first SAMPLE investors, which must agree with Redress to the fen on every investor (else
# exit 1); then RUNS rounds, each running Redress, the Python loop and pandas one after
# the other under /usr/bin/time -v (wall time, CPU time, peak RSS), so that the machine's
# load weighs on all three alike; the medians of the rounds and both ratios (a baseline's
# wall time ÷ Redress's). Installs pandas with `pip install --user` when missing. Files go
# to target/bench/.
set -euo pipefail
cd "$(dirname "$0")/.."

INVESTORS=${INVESTORS:-100000}
TRADES=${TRADES:-1000000}
SEED=${SEED:-1}
SAMPLE=${SAMPLE:-10000}
RUNS=${RUNS:-3}
THREADS=${THREADS:-$(nproc)}
CASE=cases/demo.toml
dir=target/bench
bin=target/release/redress
mkdir -p "$dir"

say() { printf '\n== %s\n' "$*" >&2; }
# field NAME FILE: a line of /usr/bin/time -v output
field() { grep -F "$1" "$2" | sed 's/.*: //'; }
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

# timed NAME COMMAND...: one timed run; appends "wall cpu rss" to $dir/NAME.runs
timed() {
  local name=$1
  shift
  local start=$EPOCHREALTIME wall cpu rss
  /usr/bin/time -v "$@" 2>"$dir/$name.time" >/dev/null
  # Wall time to the microsecond (time -v gives hundredths, too coarse for Redress).
  wall=$(awk -v a="$start" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.4f", b - a }')
  cpu=$(awk '/User time|System time/ { s += $NF } END { print s }' "$dir/$name.time")
  rss=$(field 'Maximum resident set size' "$dir/$name.time")
  echo "$wall $cpu $rss" >>"$dir/$name.runs"
  printf '   %-8s %7.3f s wall  %6.2f s CPU  %5d MB\n' "$name" "$wall" "$cpu" "$((rss / 1024))" >&2
}
rm -f "$dir"/{redress,python,pandas}.runs
for run in $(seq "$RUNS"); do
  say "round $run of $RUNS on $rows rows"
  timed redress "$bin" batch --case "$CASE" --trades "$all" --out "$dir/results.csv" \
    --threads "$THREADS"
  timed python python3 benches/python_baseline.py "$CASE" "$all" "$dir/python.csv"
  timed pandas python3 benches/pandas_baseline.py "$CASE" "$all" "$dir/pandas.csv"
done
med() { awk -v k="$2" '{ print $k }' "$dir/$1.runs" | median; }
awk -v inv="$INVESTORS" -v rows="$rows" -v th="$THREADS" -v runs="$RUNS" \
  -v rw="$(med redress 1)" -v rc="$(med redress 2)" -v rr="$(med redress 3)" \
  -v yw="$(med python 1)" -v yc="$(med python 2)" -v yr="$(med python 3)" \
  -v pw="$(med pandas 1)" -v pc="$(med pandas 2)" -v pr="$(med pandas 3)" 'BEGIN {
  printf "\n%d investors, %d trades; medians of %d rounds\n", inv, rows, runs
  printf "%-30s %9s %9s %9s\n", "", "wall", "CPU", "peak RSS"
  printf "%-30s %8.3fs %8.2fs %6.0f MB\n", "redress batch (" th " threads)", rw, rc, rr / 1024
  printf "%-30s %8.3fs %8.2fs %6.0f MB\n", "plain-Python loop", yw, yc, yr / 1024
  printf "%-30s %8.3fs %8.2fs %6.0f MB\n", "pandas", pw, pc, pr / 1024
  printf "redress: %.0f investors/s, %.1f M trades/s\n", inv / rw, rows / rw / 1e6
  printf "redress vs plain-Python loop  %6.1f x (wall)  %6.1f x (CPU)\n", yw / rw, yc / rc
  printf "redress vs pandas             %6.1f x (wall)  %6.1f x (CPU)\n", pw / rw, pc / rc
}'
