#!/usr/bin/env python3
"""Independent check of the real-case golden folders (tests/golden/real-*/).

Recomputes every figure of rules.md (§3-§10) with exact rational arithmetic
(fractions.Fraction) from the folder's case.toml, trades*.csv and options.toml and the
case's shipped public data in cases/<id>/*.csv. It never calls the Rust code.

    python3 scripts/check_real_goldens.py                 # every tests/golden/real-* folder
    python3 scripts/check_real_goldens.py real-wanfu-2013 # one folder
    python3 scripts/check_real_goldens.py --expect DIR    # print DIR's figures as expect.toml
    python3 scripts/check_real_goldens.py --verify        # compare with each expect.toml

Only what the real-case goldens use is implemented: long segments, buys, sells and bonus
rows, moving-average buy average, `net` netting, systemic method none / fixed /
index-comparison, fees on the compensable loss, interest by the deposit table or a fixed
rate.
"""

import csv
import datetime as dt
import sys
import tomllib
from fractions import Fraction as F
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "golden"

# rules.md §9: PBoC benchmark demand-deposit rate, in force from the date given.
DEPOSIT_TABLE = [
    ("1999-06-10", "0.0099"),
    ("2002-02-21", "0.0072"),
    ("2007-07-21", "0.0081"),
    ("2007-12-21", "0.0072"),
    ("2008-11-27", "0.0036"),
    ("2011-02-09", "0.0040"),
    ("2011-04-06", "0.0050"),
    ("2012-06-08", "0.0040"),
    ("2012-07-06", "0.0035"),
]
# rules.md §9: statutory stamp duty (seller) at Tb.
STAMP_TABLE = [("2008-09-19", "0.001"), ("2023-08-28", "0.0005")]


def date(s):
    return dt.date.fromisoformat(s)


def dnum(d):
    """Day number of a date (only differences and integer boundaries matter)."""
    return d.toordinal()


def half_up(x, places):
    """Rounds a Fraction half away from zero to `places` decimals; returns a string."""
    q = F(10) ** places
    v = abs(x) * q
    n = int(v)  # floor for non-negative
    if v - n >= F(1, 2):
        n += 1
    if x < 0 and n != 0:
        n = -n
    s = str(abs(n)).rjust(places + 1, "0")
    out = s[:-places] + "." + s[-places:] if places else s
    return ("-" if n < 0 else "") + out


def r2(x):
    return F(half_up(x, 2))


def fmt_days(x):
    """A day count as the shortest exact decimal, when it has one."""
    if x.denominator == 1:
        return str(x.numerator)
    return f"{x.numerator}/{x.denominator} (= {float(x):.6f})"


# --------------------------------------------------------------------------- inputs


def read_bars(path):
    rows = []
    with open(path, newline="") as f:
        for r in csv.DictReader(f):
            rows.append(
                {
                    "date": date(r["date"]),
                    "close": F(r["close"]),
                    "volume": F(r["volume"]),
                    "float": F(r["float"]),
                }
            )
    return rows


def read_index(path):
    out = {}
    with open(path, newline="") as f:
        for r in csv.DictReader(f):
            out[date(r["date"])] = F(r["close"])
    return out


def index_close(series, d):
    """The close on d, or the last close before it (a missing index day)."""
    if d in series:
        return series[d], d
    before = [x for x in series if x < d]
    if not before:
        raise ValueError(f"no index close on or before {d}")
    x = max(before)
    return series[x], x


def read_trades(folder):
    trades = []
    for p in sorted(folder.glob("trades*.csv")):
        with open(p, newline="") as f:
            for i, r in enumerate(csv.DictReader(f)):
                trades.append(
                    {
                        "date": date(r["date"]),
                        "time": r.get("time") or "",
                        "kind": r["kind"],
                        "qty": F(r["quantity"]),
                        "price": F(r["price"]) if r.get("price") else F(0),
                        "order": (p.name, i),
                    }
                )
    trades.sort(key=lambda t: (t["date"], t["time"], t["order"]))
    return trades


# --------------------------------------------------------------------------- §5


def base_date(seg, regime, bars):
    """Returns (Tb, day number or None, table of (day, date, turnover, cumulative))."""
    t1 = date(seg["disclosure_date"])
    if seg.get("base_date"):
        tb = date(seg["base_date"])
        days = [b for b in bars if t1 <= b["date"] <= tb]
        return tb, len(days), None, None
    last = date(seg["last_trading_date"]) if seg.get("last_trading_date") else None
    days = [b for b in bars if b["date"] >= t1 and (last is None or b["date"] <= last)]
    cum = F(0)
    kstar = None
    cum_at = []
    for k, b in enumerate(days, start=1):
        cum += b["volume"] / b["float"]
        cum_at.append(cum)
        if kstar is None and cum >= 1:
            kstar = k
    if regime == "spc2022":
        if kstar is not None and kstar <= 30:
            day = max(kstar, 10)
        else:
            day = 30
    else:  # spc2003: the 100% day however late; day 30 only if never reached
        if kstar is not None:
            day = kstar
        elif len(days) >= 30:
            day = 30
        elif last is not None and days and days[-1]["date"] == last:
            day = len(days)
        else:
            raise ValueError("missing market days")
    if day > len(days):
        raise ValueError(f"missing market days: need {day}, have {len(days)}")
    return days[day - 1]["date"], day, cum_at[day - 1], kstar


# --------------------------------------------------------------------------- §7


def adjusted_trades(trades, tb):
    """Applies bonus rows with a date up to tb: earlier trades' quantity x (1+r), price
    / (1+r); r = bonus quantity / position held at the close before. Returns the adjusted
    trades (bonus rows dropped) and the list of (date, r)."""
    events = []
    pos = F(0)
    for t in trades:
        if t["kind"] == "bonus":
            if t["date"] <= tb:
                events.append((t["date"], t["qty"] / pos))
            pos += t["qty"]
        elif t["kind"] == "buy":
            pos += t["qty"]
        elif t["kind"] == "sell":
            pos -= t["qty"]
    out = []
    for t in trades:
        if t["kind"] == "bonus":
            continue
        u = dict(t)
        for x, r in events:
            if t["date"] < x:
                u["qty"] = u["qty"] * (1 + r)
                u["price"] = u["price"] / (1 + r)
        out.append(u)
    return out, events


def close_factor(events, d):
    f = F(1)
    for x, r in events:
        if d < x:
            f /= 1 + r
    return f


# --------------------------------------------------------------------------- one segment


def segment(case, seg, trades, bars, indices, opts):
    regime = case.get("regime", "spc2022")
    rules = case.get("rules", {})
    t0, t1 = date(seg["implementation_date"]), date(seg["disclosure_date"])
    tb, tb_day, tb_cum, kstar = base_date(seg, regime, bars)
    tr, events = adjusted_trades(trades, tb)

    # Pb: mean (adjusted) close of trading days T1..Tb.
    pdays = [b for b in bars if t1 <= b["date"] <= tb]
    if seg.get("base_price"):
        pb = F(seg["base_price"])
    else:
        pb = sum(b["close"] * close_factor(events, b["date"]) for b in pdays) / len(pdays)

    systemic = rules.get("systemic", {})
    method = systemic.get("method", "none")
    if opts.get("without_deductions"):
        method = "none"
    codes = systemic.get("indices", []) if method == "index-comparison" else []

    # §3-§4: layers and moving average (price, index closes, day numbers alike).
    pre = F(0)
    window_layer = F(0)
    q = F(0)
    a = F(0)
    ia = {c: F(0) for c in codes}
    da = F(0)
    sold = []  # (qty, price, date) of eligible shares sold in the settlement period
    log = []
    for t in tr:
        d, n = t["date"], t["qty"]
        if d < t0:
            if t["kind"] == "buy":
                pre += n
            else:
                x = min(n, pre)
                pre -= x
            continue
        if d < t1:
            if t["kind"] == "buy":
                if q == 0:
                    a, da = F(0), F(0)
                    ia = {c: F(0) for c in codes}
                a = (q * a + n * t["price"]) / (q + n)
                da = (q * da + n * dnum(d)) / (q + n)
                for c in codes:
                    ic, _ = index_close(indices[c], d)
                    ia[c] = (q * ia[c] + n * ic) / (q + n)
                q += n
                window_layer += n
            else:
                x = min(n, pre)
                pre -= x
                q -= n - x
                window_layer -= n - x
            log.append((d, t["kind"], n, t["price"], "window"))
            continue
        if d <= tb and t["kind"] == "sell":
            x = min(n, pre)
            pre -= x
            y = min(n - x, window_layer)
            window_layer -= y
            if y:
                sold.append((y, t["price"], d))
            log.append((d, "sell", n, t["price"], f"settlement: {x} pre, {y} eligible"))
        else:
            log.append((d, t["kind"], n, t["price"], "after Tb" if d > tb else "post"))
    E = q
    B = a
    S = sum((s[0] for s in sold), F(0))
    Ps = sum((s[0] * s[1] for s in sold), F(0)) / S if S else F(0)
    H = E - S

    l_sold = (B - Ps) * S
    l_held = (B - pb) * H
    L = max(F(0), l_sold + l_held)

    # §8.1 per part.
    scale = F(systemic.get("scale", "1"))
    parts = []
    for name, shares, exit_price, loss in (("sold", S, Ps, l_sold), ("held", H, pb, l_held)):
        if shares == 0:
            continue
        p = {"name": name, "shares": shares, "loss": loss, "exit": exit_price}
        if method == "fixed":
            p["k"] = F(systemic["ratio"])
        elif method == "index-comparison":
            rp = (B - exit_price) / B
            per = {}
            for c in codes:
                ib = ia[c]
                if name == "sold":
                    ex = sum(s[0] * index_close(indices[c], s[2])[0] for s in sold) / S
                else:
                    ex = sum(index_close(indices[c], b["date"])[0] for b in pdays) / len(pdays)
                per[c] = (ib, ex, (ib - ex) / ib)
            ri = sum(v[2] for v in per.values()) / len(per)
            p.update(rp=rp, ri=ri, per=per)
            p["k"] = min(F(1), ri / rp) if ri > 0 and rp > 0 else F(0)
        else:
            p["k"] = F(0)
        p["deduction"] = p["k"] * scale * loss if loss > 0 else F(0)
        parts.append(p)
    d_sys = sum((p["deduction"] for p in parts), F(0))
    C1 = max(F(0), L - d_sys)
    d_non = F(rules.get("non_systemic_ratio", "0")) * C1
    C = max(C1 - d_non, F(rules.get("min_compensation_ratio", "0")) * L)

    # §9 fees.
    base = C if rules.get("fees_on", "compensable") == "compensable" else L
    comm = base * F(rules.get("commission_rate", "0.0003"))
    if rules.get("stamp_duty_rate"):
        sd_rate = F(rules["stamp_duty_rate"])
    else:
        sd_rate = None
        for since, r in STAMP_TABLE:
            if tb >= date(since):
                sd_rate = F(r)
        if sd_rate is None:
            raise ValueError("stamp duty before 2008 must be given")
    stamp = base * sd_rate

    # §9 interest.
    interest = F(0)
    irate = rules.get("interest_rate", "deposit-table" if regime == "spc2003" else None)
    dbuy = dend = None
    pieces = []
    if irate is not None and C > 0 and (S + H) > 0:
        principal = C + comm + stamp
        if rules.get("interest_principal", "loss-and-fees") == "loss":
            principal = C
        year = int(rules.get("interest_days_per_year", 360))
        dbuy = da
        dsell = sum((s[0] * dnum(s[2]) for s in sold), F(0)) / S if S else F(0)
        dend = (S * dsell + H * dnum(tb)) / (S + H)

        def rate_on(n):
            if irate != "deposit-table":
                return F(irate)
            d = dt.date.fromordinal(n)
            r = None
            for since, v in DEPOSIT_TABLE:
                if d >= date(since):
                    r = F(v)
            return r

        total = F(0)
        n = dbuy.numerator // dbuy.denominator
        while n < dend:
            lo, hi = max(F(n), dbuy), min(F(n + 1), dend)
            if hi > lo:
                r = rate_on(n)
                total += r * (hi - lo)
                if pieces and pieces[-1][2] == r:
                    pieces[-1][1] += hi - lo
                else:
                    pieces.append([dt.date.fromordinal(n), hi - lo, r])
            n += 1
        interest = principal * total / year
    else:
        principal = F(0)

    comp = r2(C) + r2(comm) + r2(stamp) + r2(interest)
    return {
        "id": seg["id"],
        "t0": t0,
        "t1": t1,
        "tb": tb,
        "tb_day": tb_day,
        "tb_cum": tb_cum,
        "kstar": kstar,
        "tb_given": bool(seg.get("base_date")),
        "pb": pb,
        "pb_given": bool(seg.get("base_price")),
        "pdays": len(pdays),
        "events": events,
        "log": log,
        "E": E,
        "B": B,
        "S": S,
        "Ps": Ps,
        "H": H,
        "l_sold": l_sold,
        "l_held": l_held,
        "L": L,
        "parts": parts,
        "method": method,
        "scale": scale,
        "d_sys": L - C1,
        "d_non": d_non,
        "C": C,
        "comm": comm,
        "stamp": stamp,
        "sd_rate": sd_rate,
        "principal": principal,
        "dbuy": dbuy,
        "dend": dend,
        "pieces": pieces,
        "interest": interest,
        "comp": comp,
        "sold": sold,
    }


def run(folder):
    folder = Path(folder)
    case = tomllib.loads((folder / "case.toml").read_text())
    opts_path = folder / "options.toml"
    opts = tomllib.loads(opts_path.read_text()) if opts_path.exists() else {}
    data = ROOT / "cases" / case["id"]
    bars = None
    indices = {}
    for f in case.get("market_files", []):
        if f.startswith("index-"):
            indices[f[len("index-") : -len(".csv")]] = read_index(data / f)
        else:
            bars = read_bars(data / f)
    trades = read_trades(folder)
    segs = [segment(case, s, trades, bars, indices, opts) for s in case["segments"]]
    if case.get("combine", "sum") == "max":
        total = max(s["comp"] for s in segs)
    else:
        total = sum(s["comp"] for s in segs)
    return case, segs, total


# --------------------------------------------------------------------------- output


def d4(x):
    return half_up(x, 4)


def report(folder):
    case, segs, total = run(folder)
    print(f"=== {Path(folder).name} ({case['id']}, {case.get('regime')}, combine {case.get('combine', 'sum')})")
    for s in segs:
        print(f"-- segment {s['id']}: T0 {s['t0']} T1 {s['t1']}")
        if s["tb_given"]:
            print(f"   Tb {s['tb']} (given; {s['tb_day']} trading days T1..Tb)")
        else:
            print(
                f"   Tb {s['tb']} = day {s['tb_day']}, cumulative turnover {float(s['tb_cum']):.6f}"
                f" ({half_up(s['tb_cum'] * 100, 4)}%), k* {s['kstar']}"
            )
        print(f"   Pb {'(given) ' if s['pb_given'] else ''}{s['pb']} = {d4(s['pb'])} over {s['pdays']} days")
        for x, r in s["events"]:
            print(f"   bonus ex {x}: r = {r}")
        for row in s["log"]:
            print(f"   {row[0]} {row[1]} {row[2]} @ {row[3]} [{row[4]}]")
        print(f"   E {s['E']} B {s['B']} = {d4(s['B'])}  S {s['S']} Ps {d4(s['Ps'])} H {s['H']}")
        print(
            f"   L_sold {s['l_sold']} -> {half_up(s['l_sold'], 2)}; L_held {s['l_held']} -> "
            f"{half_up(s['l_held'], 2)}; L {half_up(s['L'], 2)}"
        )
        for p in s["parts"]:
            line = f"   part {p['name']}: shares {p['shares']} loss {half_up(p['loss'], 2)} k {p['k']}"
            if "rp" in p:
                line += f" (~{float(p['k']):.10f}); rP {p['rp']} (~{float(p['rp']):.10f}) rI ~{float(p['ri']):.10f}"
                for c, (ib, ex, ri) in p["per"].items():
                    line += f"\n      {c}: IB {ib} (~{float(ib):.6f}) {'IS' if p['name'] == 'sold' else 'IP'} {ex} (~{float(ex):.6f}) rI {float(ri):.10f}"
            line += f"\n      deduction {p['deduction']} -> {half_up(p['deduction'], 2)}"
            print(line)
        print(f"   systemic {half_up(s['d_sys'], 2)} non-systemic {half_up(s['d_non'], 2)} C {s['C']} -> {half_up(s['C'], 2)}")
        print(f"   commission {half_up(s['comm'], 2)} stamp ({s['sd_rate']}) {half_up(s['stamp'], 2)}")
        if s["dbuy"] is not None:
            print(
                f"   interest: P {s['principal']} (~{float(s['principal']):.6f}); Dbuy {dt.date.fromordinal(int(s['dbuy']))}"
                f" + {s['dbuy'] - int(s['dbuy'])}; Dend {dt.date.fromordinal(int(s['dend']))} + {s['dend'] - int(s['dend'])}"
            )
            for frm, days, r in s["pieces"]:
                print(f"      from {frm}: {fmt_days(days)} days at {r}")
            print(f"      interest {float(s['interest']):.6f} -> {half_up(s['interest'], 2)}")
        print(f"   compensation {half_up(s['comp'], 2)}")
    print(f"TOTAL {half_up(total, 2)}")
    print()


def expect_lines(folder):
    case, segs, total = run(folder)
    out = [f'"compensation" = "{half_up(total, 2)}"']
    for i, s in enumerate(segs):
        p = f"segments.{i}"
        out += [
            f'"{p}.id" = "{s["id"]}"',
            f'"{p}.base_date" = "{s["tb"]}"',
            f'"{p}.base_price" = "{d4(s["pb"])}"',
            f'"{p}.eligible_shares" = {s["E"]}',
            f'"{p}.buy_average" = "{d4(s["B"])}"',
            f'"{p}.sold_shares" = {s["S"]}',
            f'"{p}.held_shares" = {s["H"]}',
        ]
        if s["S"]:
            out.append(f'"{p}.sell_average" = "{d4(s["Ps"])}"')
        out += [
            f'"{p}.loss_sold" = "{half_up(s["l_sold"], 2)}"',
            f'"{p}.loss_held" = "{half_up(s["l_held"], 2)}"',
            f'"{p}.investment_loss" = "{half_up(s["L"], 2)}"',
            f'"{p}.systemic_deduction" = "{half_up(s["d_sys"], 2)}"',
            f'"{p}.compensable_loss" = "{half_up(s["C"], 2)}"',
            f'"{p}.commission" = "{half_up(s["comm"], 2)}"',
            f'"{p}.stamp_duty" = "{half_up(s["stamp"], 2)}"',
            f'"{p}.interest" = "{half_up(s["interest"], 2)}"',
            f'"{p}.compensation" = "{half_up(s["comp"], 2)}"',
        ]
    return out


def verify(folder):
    import json

    folder = Path(folder)
    want = tomllib.loads((folder / "expect.toml").read_text())
    mine = tomllib.loads("\n".join(expect_lines(folder)))
    problems = [f"{k}: expect.toml {want.get(k)!r}, python {v!r}" for k, v in mine.items() if want.get(k) != v]
    rust = folder / "result.json"
    if rust.exists():
        res = json.loads(rust.read_text())
        for k, v in mine.items():
            node = res
            for part in k.split("."):
                node = node[int(part)] if isinstance(node, list) else node.get(part) if node else None
            if node != v:
                problems.append(f"{k}: result.json {node!r}, python {v!r}")
    return problems


def main(argv):
    if argv and argv[0] == "--expect":
        print("\n".join(expect_lines(argv[1])))
        return 0
    if argv and argv[0] == "--verify":
        bad = 0
        for f in sorted(GOLDEN.glob("real-*")):
            ps = verify(f)
            print(f"{f.name}: {'ok' if not ps else 'DIFFERS'}")
            for p in ps:
                print("   ", p)
            bad += len(ps)
        return 1 if bad else 0
    folders = [GOLDEN / a for a in argv] if argv else sorted(GOLDEN.glob("real-*"))
    for f in folders:
        report(f)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
