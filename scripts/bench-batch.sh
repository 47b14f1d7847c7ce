#!/usr/bin/env bash
# Benchmark of `redress batch` against a straightforward pandas implementation of the same
# rules (benches/pandas_baseline.py), on synthetic data of the demo case.
#
#   scripts/bench-batch.sh                 1M investors, 10M trades (the default)
#   INVESTORS=100000 TRADES=1000000 scripts/bench-batch.sh
#
# Steps: release build; `redress generate` (deterministic from SEED); `redress batch` under
# /usr/bin/time -v (wall time, CPU time, peak RSS); both implementations on the first
# SAMPLE investors, which must agree to the cent on every investor (else exit 1); pandas
# under /usr/bin/time -v on the first PANDAS_INVESTORS investors ("all" by default; a
# smaller slice is extrapolated linearly by rows, and the output says so). Installs pandas
# with `pip install --user` when missing. Files go to target/bench/.
set -euo pipefail
cd "$(dirname "$0")/.."

INVESTORS=${INVESTORS:-1000000}
TRADES=${TRADES:-10000000}
SEED=${SEED:-1}
SAMPLE=${SAMPLE:-10000}
PANDAS_INVESTORS=${PANDAS_INVESTORS:-all}
THREADS=${THREADS:-$(nproc)}
CASE=cases/demo.toml
dir=target/bench
bin=target/release/redress
mkdir -p "$dir"

say() { printf '\n== %s\n' "$*" >&2; }
# field NAME FILE: a line of /usr/bin/time -v output
field() { grep -F "$1" "$2" | sed 's/.*: //'; }
seconds() {  # h:mm:ss.cc or m:ss.cc → seconds
  awk -F: '{ if (NF == 3) print $1 * 3600 + $2 * 60 + $3; else print $1 * 60 + $2 }' <<<"$1"
}
first_investors() {  # first_investors N IN OUT: the header and the first N investors' rows
  awk -F, -v n="$1" 'NR == 1 { print; next } $1 != p { k++; p = $1 } k <= n' "$2" >"$3"
}

say "cargo build --release -p redress-cli"
cargo build --release -p redress-cli
if ! python3 -c 'import pandas' 2>/dev/null; then
  say "pip install --user pandas"
  python3 -m pip install --user --quiet pandas
fi

all=$dir/all-$INVESTORS-$TRADES-$SEED.csv
if [ ! -s "$all" ]; then
  say "redress generate --investors $INVESTORS --trades $TRADES --seed $SEED"
  /usr/bin/time -f '%e s' "$bin" generate --investors "$INVESTORS" --trades "$TRADES" \
    --seed "$SEED" --out "$all.tmp"
  mv "$all.tmp" "$all"
fi
rows=$(($(wc -l <"$all") - 1))

say "redress batch ($THREADS threads) on $rows rows"
/usr/bin/time -v "$bin" batch --case "$CASE" --trades "$all" --out "$dir/results.csv" \
  --threads "$THREADS" 2>"$dir/redress.time" | tee "$dir/redress.summary"
r_wall=$(seconds "$(field 'Elapsed (wall clock)' "$dir/redress.time")")
r_cpu=$(awk '/User time|System time/ { s += $NF } END { print s }' "$dir/redress.time")
r_rss=$(field 'Maximum resident set size' "$dir/redress.time")

say "agreement on the first $SAMPLE investors (to the cent, every investor)"
first_investors "$SAMPLE" "$all" "$dir/sample.csv"
"$bin" batch --case "$CASE" --trades "$dir/sample.csv" --out "$dir/sample-redress.csv" >/dev/null
python3 benches/pandas_baseline.py "$CASE" "$dir/sample.csv" "$dir/sample-pandas.csv"
python3 - "$dir/sample-redress.csv" "$dir/sample-pandas.csv" <<'EOF'
import csv, sys
redress = {r["investor"]: r for r in csv.DictReader(open(sys.argv[1]))}
pandas = {r["investor"]: r for r in csv.DictReader(open(sys.argv[2]))}
assert redress.keys() == pandas.keys(), "not the same investors"
bad = [
    (k, f, redress[k][f"main.{f}" if f != "compensation" else f], p[f])
    for k, p in pandas.items()
    for f in ("eligible_shares", "investment_loss", "compensation")
    if redress[k][f"main.{f}" if f != "compensation" else f] != p[f]
]
for b in bad[:20]:
    print("DISAGREE investor %s %s: redress %s, pandas %s" % b, file=sys.stderr)
if bad:
    sys.exit(f"FAILED: redress and pandas disagree on {len(bad)} values")
total = sum(float(r["compensation"]) for r in redress.values())
print(f"agree: {len(redress)} investors, 3 values each, total compensation {total:,.2f}")
EOF

if [ "$PANDAS_INVESTORS" = all ]; then
  slice=$all
else
  slice=$dir/slice.csv
  first_investors "$PANDAS_INVESTORS" "$all" "$slice"
fi
slice_rows=$(($(wc -l <"$slice") - 1))
say "pandas on $slice_rows rows"
/usr/bin/time -v python3 benches/pandas_baseline.py "$CASE" "$slice" "$dir/pandas.csv" \
  2>"$dir/pandas.time"
grep '^pandas:' "$dir/pandas.time" >&2 || true
p_wall=$(seconds "$(field 'Elapsed (wall clock)' "$dir/pandas.time")")
p_rss=$(field 'Maximum resident set size' "$dir/pandas.time")
p_full=$(awk -v t="$p_wall" -v a="$rows" -v b="$slice_rows" 'BEGIN { printf "%.1f", t * a / b }')

awk -v inv="$INVESTORS" -v rows="$rows" -v th="$THREADS" -v rw="$r_wall" -v rc="$r_cpu" \
  -v rr="$r_rss" -v pw="$p_wall" -v pr="$p_rss" -v pf="$p_full" -v sr="$slice_rows" 'BEGIN {
  printf "\nredress batch: %d investors, %d trades, %d threads\n", inv, rows, th
  printf "  wall time        %8.1f s   (CPU %.1f s)\n", rw, rc
  printf "  peak RSS         %8.0f MB\n", rr / 1024
  printf "  throughput       %8.0f investors/s, %.0f trades/s\n", inv / rw, rows / rw
  printf "pandas baseline: %d trades%s\n", sr, (sr < rows ? " (a slice; extrapolated by rows)" : "")
  printf "  wall time        %8.1f s\n", pw
  printf "  peak RSS         %8.0f MB\n", pr / 1024
  if (sr < rows) printf "  for all %d      %8.1f s (extrapolated)\n", rows, pf
  printf "speed-up           %8.1f x\n", pf / rw
}'
