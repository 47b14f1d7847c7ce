#!/usr/bin/env python3
"""A straightforward plain-Python implementation of the bench case's rules, for comparison only.

The second baseline that `scripts/bench-batch.sh` runs beside `redress batch` (the first is
pandas_baseline.py): what a programmer would write without pandas. It reads the file row by
row with `csv.DictReader`, collects each investor's contiguous rows, and calls one plain
function per investor with exact `decimal.Decimal` money: the moving-average buy price over
one long segment with a given base date and price, a fixed systemic deduction (the case's
ratio, or none), fees on the compensable loss, each amount rounded half-up to the fen
(rules.md §3, §4, §6, §8, §9, restricted to what the bench case uses). It is not part of
Redress and nothing depends on it; it has no opening position, short-history, ex-rights,
transfer, short-segment, index-deduction or interest handling.

Usage: python_baseline.py CASE.toml ALL.csv OUT.csv
Writes investor,eligible_shares,investment_loss,compensation (one row per investor).
"""

import csv
import sys
import time
import tomllib
from decimal import ROUND_HALF_UP, Decimal, getcontext

FEN = Decimal("0.01")
PICO = Decimal("1e-12")


def round_fen(x):
    return x.quantize(FEN, rounding=ROUND_HALF_UP)


def carry(x):
    """An amount to 10^-12 yuan, as Redress carries every amount: a moving average that
    does not terminate leaves a residue (9,183.333...3 for 27,550/3) that would otherwise
    round a commission exactly on a half fen (2.755) down."""
    return x.quantize(PICO, rounding=ROUND_HALF_UP)


def compensate(rows, case):
    """One investor: rows are dicts of the canonical columns, in file order."""
    t0, t1, tb, pb = case["t0"], case["t1"], case["tb"], case["pb"]
    # Accounts merged, ordered by date, time (none = start of day), account, input order.
    rows = sorted(rows, key=lambda r: (r["date"], r["time"], r["account"]))
    pre = post = 0
    q = 0  # the window layer
    a = Decimal(0)  # its moving average
    eligible = None
    buy_average = Decimal(0)
    sold = 0
    sold_amount = Decimal(0)
    for r in rows:
        date = r["date"]  # ISO dates compare as text
        if eligible is None and date >= t1:
            eligible, buy_average = q, a
        if date > tb:
            continue
        n = int(r["quantity"])
        if r["kind"] in ("buy", "rights"):
            if date < t0:
                pre += n
            elif date < t1:
                a = (q * a + n * Decimal(r["price"])) / (q + n)
                q += n
            else:
                post += n
        elif r["kind"] == "sell":
            x = min(n, pre)
            pre -= x
            y = min(n - x, q)
            if y > 0:
                q -= y
                if date >= t1:
                    sold += y
                    sold_amount += y * Decimal(r["price"])
            post -= min(n - x - y, post)
    if eligible is None:
        eligible, buy_average = q, a
    loss = Decimal(0)
    if eligible > 0:
        held = eligible - sold
        loss_sold = carry(buy_average * sold - sold_amount)
        loss_held = carry((buy_average - pb) * held)
        loss = max(Decimal(0), loss_sold + loss_held)
    compensable = loss - carry(loss * case["k"])
    compensation = (
        round_fen(compensable)
        + round_fen(carry(compensable * case["commission_rate"]))
        + round_fen(carry(compensable * case["stamp_rate"]))
    )
    return eligible, round_fen(loss), compensation


def main():
    case_path, trades_path, out_path = sys.argv[1:4]
    with open(case_path, "rb") as f:
        toml = tomllib.load(f)
    seg = toml["segments"][0]
    rules = toml["rules"]
    systemic = rules.get("systemic", {})
    assert len(toml["segments"]) == 1 and seg["direction"] == "long"
    assert rules.get("buy_average", "moving-average") == "moving-average"
    assert systemic.get("method", "none") in ("none", "fixed")
    assert rules.get("fees_on", "compensable") == "compensable"
    assert not rules.get("non_systemic_ratio") and not rules.get("min_compensation_ratio")
    case = {
        "t0": seg["implementation_date"],
        "t1": seg["disclosure_date"],
        "tb": seg["base_date"],
        "pb": Decimal(seg["base_price"]),
        "k": Decimal(systemic.get("ratio", "0")) * Decimal(systemic.get("scale", "1")),
        "commission_rate": Decimal(rules.get("commission_rate", "0.0003")),
        "stamp_rate": Decimal(rules["stamp_duty_rate"]),
    }
    getcontext().prec = 28  # as Redress's decimals

    started = time.perf_counter()
    investors = 0
    with open(trades_path, newline="") as f, open(out_path, "w", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["investor", "eligible_shares", "investment_loss", "compensation"])
        current, rows = None, []
        for row in csv.DictReader(f):
            if row["investor"] != current:
                if rows:
                    writer.writerow([current, *compensate(rows, case)])
                    investors += 1
                current, rows = row["investor"], []
            rows.append(row)
        if rows:
            writer.writerow([current, *compensate(rows, case)])
            investors += 1
    elapsed = time.perf_counter() - started
    print(f"python: {investors} investors in {elapsed:.1f} s", file=sys.stderr)


if __name__ == "__main__":
    main()
