#!/usr/bin/env python3
"""A straightforward pandas implementation of the demo case's rules, for comparison only.

This is the baseline that `scripts/bench-batch.sh` runs beside `redress batch`: what an
analyst would write with pandas for one long segment with a given base date and price,
the moving-average buy price, no deductions, fees on the compensable loss (rules.md §3,
§4, §6, §9, restricted to what cases/demo.toml uses). It is not part of Redress and
nothing depends on it; it has no opening position, short-history, ex-rights,
transfer, short-segment or deduction handling.

Money is float64, as pandas users do; amounts are rounded half-up to the fen with a
small tolerance so that exact half-fen values that float64 cannot represent round the
way exact decimals do.

Usage: pandas_baseline.py CASE.toml ALL.csv OUT.csv
Writes investor,eligible_shares,investment_loss,compensation (one row per investor).
"""

import math
import sys
import time
import tomllib

import numpy as np
import pandas as pd


def round_fen(x):
    """Half-up (away from zero) to 0.01, tolerant of float64 representation error."""
    return math.copysign(math.floor(abs(x) * 100 + 0.5 + 1e-7) / 100, x)


def main():
    case_path, trades_path, out_path = sys.argv[1:4]
    with open(case_path, "rb") as f:
        case = tomllib.load(f)
    seg = case["segments"][0]
    rules = case["rules"]
    assert len(case["segments"]) == 1 and seg["direction"] == "long"
    assert rules.get("buy_average", "moving-average") == "moving-average"
    assert rules.get("systemic", {}).get("method", "none") == "none"
    t0 = np.datetime64(seg["implementation_date"])
    t1 = np.datetime64(seg["disclosure_date"])
    tb = np.datetime64(seg["base_date"])
    pb = float(seg["base_price"])
    commission_rate = float(rules.get("commission_rate", "0.0003"))
    stamp_rate = float(rules["stamp_duty_rate"])

    started = time.perf_counter()
    df = pd.read_csv(
        trades_path,
        dtype={"investor": str, "date": str, "time": str, "account": str, "kind": str},
        keep_default_na=False,
    )
    df["row"] = np.arange(len(df))
    df["date"] = pd.to_datetime(df["date"], format="%Y-%m-%d")
    # Accounts merged, ordered by date, time (none = start of day), account, input order.
    df = df.sort_values(["investor", "date", "time", "account", "row"], kind="stable")
    df["phase"] = np.select(
        [df["date"] < t0, df["date"] < t1, df["date"] <= tb], [0, 1, 2], default=3
    )
    df["buy"] = df["kind"].isin(["buy", "rights"])
    df["sell"] = df["kind"] == "sell"

    out = []
    for investor, g in df.groupby("investor", sort=False):
        phase = g["phase"].to_numpy()
        qty = g["quantity"].to_numpy()
        price = g["price"].to_numpy()
        buy = g["buy"].to_numpy()
        sell = g["sell"].to_numpy()
        pre = post = 0
        q = 0  # window layer
        a = 0.0  # its moving average
        snap = None
        sold = 0
        sold_amount = 0.0
        for i in range(len(g)):
            ph = phase[i]
            if snap is None and ph >= 2:
                snap = (q, a)
            if ph == 3:
                continue
            n = int(qty[i])
            if buy[i]:
                if ph == 0:
                    pre += n
                elif ph == 1:
                    a = price[i] if q == 0 else (q * a + n * price[i]) / (q + n)
                    q += n
                else:
                    post += n
            elif sell[i]:
                x = min(n, pre)
                pre -= x
                y = min(n - x, q)
                if y > 0:
                    q -= y
                    if ph == 2:
                        sold += y
                        sold_amount += y * price[i]
                    elif q == 0:
                        a = 0.0
                post -= min(n - x - y, post)
        if snap is None:
            snap = (q, a)
        eligible, b = snap
        held = eligible - sold
        loss = 0.0
        if eligible > 0:
            loss = max(0.0, (b * sold - sold_amount) + (b - pb) * held)
        compensation = (
            round_fen(loss) + round_fen(loss * commission_rate) + round_fen(loss * stamp_rate)
        )
        out.append((investor, eligible, round_fen(loss), round_fen(compensation)))

    result = pd.DataFrame(
        out, columns=["investor", "eligible_shares", "investment_loss", "compensation"]
    )
    result.to_csv(out_path, index=False, float_format="%.2f")
    elapsed = time.perf_counter() - started
    print(f"pandas: {len(result)} investors, {len(df)} rows in {elapsed:.1f} s", file=sys.stderr)


if __name__ == "__main__":
    main()
