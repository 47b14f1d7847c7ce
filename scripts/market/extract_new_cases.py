#!/usr/bin/env python3
"""Rebuild and check the public daily market data shipped with four more cases.

    feilo-2021        600651 飞乐音响 (SSE main board)  spc2003  indices 000001, 801080, 850832
    leshi-2021        300104 乐视网 (ChiNext)           spc2022  indices 399006, 399001
    meishang-2023     300495 美尚生态 (ChiNext)         spc2022  indices 399006, 399001
    jinzhougang-2025  600190 锦州港 (SSE A share)       spc2022  index 000001

Usage:

    python3 scripts/market/extract_new_cases.py \\
        --ganlei  /work/.mirror/ganlei333+stockdata/repo \\
        --samleon /work/.mirror/SamLeon360+stock_data/repo \\
        --hriszc  /work/.mirror/hriszc+zechenhehuo/repo \\
        --chenzt  /work/.mirror/chenzt2020+quant/repo \\
        --emacsist /work/.mirror/emacsist+china_stock_indices_corr/repo \\
        [--write]

Whole snapshots are read with `git show` at the commits below. Rows that could only be
read piecewise are taken from the hand transcriptions in scripts/market/transcribed/
(as read, with the offsets in their header lines):

    overwatch_600190.csv      Overwatch-mercy/stock-data 600190.csv   (float; checks)
    suiwenfeng_600190.csv     suiwenfeng/stock 600190.csv             (as-traded close and
                                                                       volume after 2022-01-14)
    sw_801080.csv, sw_850832.csv (+ _month.csv)  zl1990118-design/sw-index-data

Window (as for the other cases): 20 trading days (security rows) before T0, or the
listing day if later, through 60 trading days after day 1 (the first row on or after
T1); extended to Tb if the base date falls later. Base dates follow rules.md section 5:
spc2003 takes the day cumulative turnover reaches 100% even after day 30 (day 30 only
if it is never reached in the data); spc2022 takes day max(k*, 10), or day 30 when
cum_30 < 1. Nothing is downloaded. Without --write nothing is written; the checks and
the base dates (also founder-2019, from its shipped file) are printed, and the exit
code is 1 if a check failed.
"""

import argparse
import csv
import io
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import extract_pre2022 as pre  # noqa: E402  (shared readers, checks and data.toml writer)

ROOT = HERE.parent.parent
CASES_DIR = ROOT / "cases"
TRANSCRIBED = HERE / "transcribed"

GANLEI = ("ganlei333/stockdata", "e4c6e193f7d164a7fb380c7d3f2c367baa898b1f")
SAMLEON = ("SamLeon360/stock_data", "0de1cd19ad223a4112d348c23c5231052769e970")
HRISZC = ("hriszc/zechenhehuo", "3faadcb5aa838eadeff89d5329b7eb2fedb7c20d")
CHENZT = ("chenzt2020/quant", "ced77b919b3b95824497b0432624da640d3d6e2d")
EMACSIST = ("emacsist/china_stock_indices_corr", "b90c5d16390f9ec11472a5158fa2939b56160909")
OVERWATCH = ("Overwatch-mercy/stock-data", "8cf7d707731b5250eb8d0850326c83ea6b6eedf6")
SUIWENFENG = ("suiwenfeng/stock", "1fe8998dd467aa3c22601613b0dd8715a550b0d6")
SWDATA = ("zl1990118-design/sw-index-data", "8c0e6cff726a121349b39c1ca3752abc3dc906b2")

BEFORE = 20
AFTER = 60
S1_END = "2022-01-14"

OW_OFFSETS = "1384000, 1400000, 1416000, 1432000, 1448000, 1464000, 1480000, 1490000"
SUI_OFFSETS = "0, 16000, 32000"
SW_OFFSETS = {"801080": ("197000", "372000"), "850832": ("64500", "197000")}

INDEX_NAMES = {"000001": "上证指数", "399001": "深证成指", "399006": "创业板指",
               "801080": "电子", "850832": "LED"}


# ---------------------------------------------------------------------------- report

class Report:
    def __init__(self, case):
        self.case, self.lines = case, []

    def check(self, ok, text):
        self.lines.append((bool(ok), text))
        return ok

    def note(self, text):
        self.lines.append((None, text))

    @property
    def failed(self):
        return [t for ok, t in self.lines if ok is False]

    def print(self):
        print(f"\n== {self.case}")
        for ok, t in self.lines:
            print(f"  [{'note' if ok is None else ('PASS' if ok else 'FAIL')}] {t}")


# ---------------------------------------------------------------------------- reading

def ganlei_rows(gitdir, path):
    rows = pre.read_stock(gitdir, GANLEI[1], path)
    for r in rows:
        r["float"] = round(r["fmv"] / r["close"])
    return rows


def read_comment_csv(path):
    lines = [ln for ln in Path(path).read_text("utf-8").splitlines() if not ln.startswith("#")]
    return list(csv.DictReader(lines))


def iso(yyyymmdd):
    s = str(yyyymmdd)
    return f"{s[:4]}-{s[4:6]}-{s[6:]}"


def read_sw(code):
    day = [{"date": iso(r["date"]), "open": float(r["open"]), "high": float(r["high"]),
            "low": float(r["low"]), "close": float(r["close"])}
           for r in read_comment_csv(TRANSCRIBED / f"sw_{code}.csv")]
    month = [{"date": iso(r["date"]), "open": float(r["open"]), "high": float(r["high"]),
              "low": float(r["low"]), "close": float(r["close"])}
             for r in read_comment_csv(TRANSCRIBED / f"sw_{code}_month.csv")]
    return day, month


def read_samleon(gitdir, path):
    text = pre.show(gitdir, SAMLEON[1], path)
    out, dups = {}, []
    for r in csv.DictReader(io.StringIO(text)):
        row = {"date": r["date"], "amount": float(r["volume"]), "low": float(r["low"]),
               "close": float(r["close"]), "open": float(r["open"]), "high": float(r["high"])}
        if row["date"] in out:
            dups.append((row["date"], out[row["date"]] == row))
        out[row["date"]] = row
    return out, dups


# ---------------------------------------------------------------------------- rules.md §5

class MissingDays(Exception):
    pass


def base_date(rows, t1, regime):
    """rows: dicts with date, close, volume, float (trading days = rows)."""
    i1 = next((i for i, r in enumerate(rows) if r["date"] >= t1), None)
    if i1 is None:
        raise MissingDays(f"no trading day on or after {t1}")
    days = rows[i1:]
    cum, cums, kstar = 0.0, [], None
    for k, r in enumerate(days, start=1):
        cum += r["volume"] / r["float"]
        cums.append(cum)
        if kstar is None and cum >= 1:
            kstar = k
    n = len(days)
    if regime == "spc2003":
        if kstar is not None:
            tb = kstar
        elif n >= 30:
            tb = 30
        else:
            raise MissingDays(f"{30 - n} trading days missing after {t1} (100% not reached)")
    elif regime == "spc2022":
        if kstar is not None and kstar <= 30:
            tb = max(kstar, 10)
            if n < tb:
                raise MissingDays(f"{tb - n} trading days missing after {t1}")
        elif n >= 30:
            tb = 30
        else:
            raise MissingDays(f"{30 - n} trading days missing after {t1}")
    else:
        raise ValueError(regime)
    closes = [r["close"] for r in days[:tb]]
    return {"day1": days[0]["date"], "i1": i1, "k_star": kstar, "tb_day": tb,
            "tb": days[tb - 1]["date"], "cum_tb": cums[tb - 1],
            "cum_30": cums[29] if n >= 30 else None, "pb": sum(closes) / tb,
            "regime": regime}


def base_text(res):
    extra = ""
    if res["regime"] == "spc2003" and res["k_star"] and res["k_star"] > 30:
        extra = "; 100% is reached after day 30, and spc2003 takes that day (not day 30)"
    return (f"rules.md §5 {res['regime']} from day 1 {res['day1']} gives Tb {res['tb']} "
            f"(day {res['tb_day']}, k* {res['k_star']}, cumulative turnover "
            f"{res['cum_tb']:.2%}), Pb {res['pb']:.4f}{extra}; not published")


# ---------------------------------------------------------------------------- window

def cut_window(src, t0, t1, regime):
    """src: security rows (date, close, volume, float, ...). Returns (start, end, base)."""
    i0 = next(i for i, r in enumerate(src) if r["date"] >= t0)
    start = max(0, i0 - BEFORE)
    simple = [{"date": r["date"], "close": r["close"], "volume": r["volume"],
               "float": r["float"]} for r in src[start:]]
    res = base_date(simple, t1, regime)
    i1 = start + res["i1"]
    end = i1 + AFTER
    if end >= len(src):
        raise MissingDays(f"{end - len(src) + 1} trading days missing after day 1 + {AFTER}")
    itb = i1 + res["tb_day"] - 1
    extended = itb > end
    return start, max(end, itb), res, extended


# ---------------------------------------------------------------------------- indices

def load_indices(args):
    z = {k: pre.read_baostock(args.hriszc, HRISZC[1], f"data/{p}.csv")
         for k, p in [("000001", "sh000001"), ("399001", "sz399001")]}
    q = {"399006": pre.read_quant(args.chenzt, CHENZT[1], "data/index/sz399006.csv"),
         "000001": pre.read_quant(args.chenzt, CHENZT[1], "data/index/sh000001.csv")}
    e = {k: pre.read_netease(args.emacsist, EMACSIST[1], f"{k}.csv.ok")
         for k in ("000001", "399001", "399006")}

    def ql(p):
        return f"chenzt2020/quant {p} @ {CHENZT[1][:8]}"

    def el(p):
        return f"emacsist/china_stock_indices_corr {p} @ {EMACSIST[1][:8]}"
    return {
        "000001": (z["000001"], (HRISZC[0], HRISZC[1], "data/sh000001.csv"),
                   [(ql("data/index/sh000001.csv"), q["000001"]),
                    (el("000001.csv.ok"), e["000001"])]),
        "399001": (z["399001"], (HRISZC[0], HRISZC[1], "data/sz399001.csv"),
                   [(el("399001.csv.ok"), e["399001"])]),
        "399006": (q["399006"], (CHENZT[0], CHENZT[1], "data/index/sz399006.csv"),
                   [(el("399006.csv.ok"), e["399006"])]),
    }


def index_entry(rep, code, isrc, calendar, first, last, sec_dates, extra_unchecked=()):
    data, (srepo, scommit, spath), second = isrc
    irows = {d: c for d, c in data.items() if first <= d <= last}
    ids = sorted(irows)
    checks = pre.check_index(irows, calendar, first, last, second)
    miss = [d for d in sec_dates if d not in irows]
    rep.check(not miss, f"index {code}: a close on every day of the security file"
              + (f"; missing {miss}" if miss else ""))
    cal = [d for d in calendar if first <= d <= last]
    rep.check(ids == cal, f"index {code}: dates equal the 000001 calendar {first}..{last} ({len(ids)} days)")
    for c in checks[1:]:
        rep.note(f"index {code}: {c}")
    unchecked = list(extra_unchecked)
    if code == "399006":
        unchecked.append("the primary source gives 2 decimals only")
    else:
        unchecked.append("the level is as baostock gives it (4 decimals); official exchange "
                         "files were not compared")
    return {"file": f"index-{code}.csv", "kind": "index", "code": code,
            "name": INDEX_NAMES[code], "first": ids[0], "last": ids[-1], "rows": len(ids),
            "checks": checks, "unchecked": unchecked,
            "sources": [{"repository": srepo, "path": spath, "commit": scommit,
                         "rows": f"{ids[0]} to {ids[-1]}", "columns": "date→date; close→close"}],
            "_rows": [(d, irows[d]) for d in ids]}


def sw_entry(rep, code, calendar, first, last, sec_dates, unchecked):
    day, month = read_sw(code)
    by = {r["date"]: r for r in day}
    n_all = len(day)
    rep.check([r["date"] for r in day] == sorted(by), f"sw {code}: transcribed dates ascending, no duplicates ({n_all} rows {day[0]['date']}..{day[-1]['date']})")
    hl = [r["date"] for r in day if not (r["low"] <= min(r["open"], r["close"]) and max(r["open"], r["close"]) <= r["high"])]
    rep.check(not hl, f"sw {code}: low ≤ open, close ≤ high on every transcribed row" + (f"; not on {hl}" if hl else ""))
    moves = [(abs(b["close"] / a["close"] - 1), b["date"]) for a, b in zip(day, day[1:])]
    mx = max(moves)
    rep.check(mx[0] < 0.1, f"sw {code}: largest day-to-day close move {mx[0]:.2%} ({mx[1]})")
    tcal = [d for d in calendar if day[0]["date"] <= d <= day[-1]["date"]]
    tmiss = [d for d in tcal if d not in by]
    textra = [d for d in by if d not in set(calendar)]
    rep.check(not textra, f"sw {code}: every transcribed date is an SSE trading day" + (f"; not: {textra}" if textra else ""))
    rep.note(f"sw {code}: SSE trading days missing in the transcribed range: {tmiss or 'none'}")
    # monthly aggregates of the source against the daily rows
    agg_ok, agg_bad = [], []
    for m in month:
        ym = m["date"][:7]
        rows = [r for r in day if r["date"][:7] == ym]
        full = [d for d in calendar if d[:7] == ym]
        if not rows or rows[0]["date"] != full[0] or rows[-1]["date"] != m["date"]:
            continue
        got = (rows[0]["open"], max(r["high"] for r in rows), min(r["low"] for r in rows), rows[-1]["close"])
        want = (m["open"], m["high"], m["low"], m["close"])
        (agg_ok if got == want else agg_bad).append(ym)
    rep.check(agg_ok and not agg_bad, f"sw {code}: first open, highest high, lowest low and last close of each month equal the source's `month` rows for {len(agg_ok)} months ({agg_ok[0]}..{agg_ok[-1]})" + (f"; differ {agg_bad}" if agg_bad else ""))
    irows = {d: f"{by[d]['close']:.2f}" for d in by if first <= d <= last}
    ids = sorted(irows)
    checks = pre.check_index(irows, calendar, first, last, [])
    miss = [d for d in sec_dates if d not in irows]
    rep.check(not miss, f"index {code}: a close on every day of the security file" + (f"; missing {miss}" if miss else ""))
    off_d, off_m = SW_OFFSETS[code]
    checks.append(
        f"rows transcribed piecewise from the source (key `day`, offset {off_d}) into "
        f"scripts/market/transcribed/sw_{code}.csv ({n_all} rows {day[0]['date']} to "
        f"{day[-1]['date']}); every row has low <= open, close <= high; largest day-to-day "
        f"close move {mx[0]:.2%} ({mx[1]}); "
        + ("no SSE trading day missing in the transcribed range" if not tmiss else
           f"SSE trading days missing in the source: {', '.join(tmiss)}"))
    checks.append(
        f"first open, highest high, lowest low and last close of each month from "
        f"{agg_ok[0]} to {agg_ok[-1]} ({len(agg_ok)} months) equal the source's own `month` "
        f"rows (offset {off_m}, transcribed in scripts/market/transcribed/sw_{code}_month.csv)")
    return {"file": f"index-{code}.csv", "kind": "index", "code": code,
            "name": INDEX_NAMES[code], "first": ids[0], "last": ids[-1], "rows": len(ids),
            "checks": checks, "unchecked": ["no second daily source found for a cross-check"] + list(unchecked),
            "sources": [{"repository": SWDATA[0], "path": f"sw/{code}.json", "commit": SWDATA[1],
                         "rows": f"{ids[0]} to {ids[-1]}",
                         "columns": "day[i][0] (yyyymmdd)→date; day[i][4]→close (2 decimals)"}],
            "_rows": [(d, irows[d]) for d in ids]}


# ---------------------------------------------------------------------------- security

STD_UNCHECKED = [
    "block trades (大宗交易) are included in volume: no public daily block-trade series",
    "float is derived (流通市值/收盘价), not a published 流通股本 column; its change "
    "dates were not compared with the company's announcements",
]


def ganlei_security(rep, code, name_hint, rows, src, calendar, res, extended):
    spath = ("sh" if code.startswith("6") else "sz") + code + ".csv"
    checks, notes = pre.check_security(rows, calendar, code)
    rep.check(not notes["avg_bad"], f"{code}: 成交额/成交量 inside [low, high] (± half a cent) on every row")
    names = sorted(set(r["name"] for r in rows), key=lambda n: next(r["date"] for r in rows if r["name"] == n))
    checks.append("股票名称 in the window, in order of first use: " + ", ".join(names))
    if rows[0]["date"] == src[0]["date"]:
        checks.append(f"first row is the listing day ({src[0]['date']}); 前收盘价 there is the IPO price {src[0]['preclose']}")
    if extended:
        checks.append(f"the window runs past day 1 + {AFTER} to Tb {res['tb']} (day {res['tb_day']})")
    checks.append(base_text(res))
    name = Counter(r["name"] for r in rows).most_common(1)[0][0]
    return {"file": f"{code}.csv", "kind": "security", "code": code, "name": name,
            "first": rows[0]["date"], "last": rows[-1]["date"], "rows": len(rows),
            "checks": checks,
            "unchecked": STD_UNCHECKED[:1] + [
                "no second whole-snapshot source of as-traded close, volume and float before "
                "2019 to compare with (S2 Overwatch-mercy is forward-adjusted and piecewise only)",
            ] + STD_UNCHECKED[1:],
            "sources": [{"repository": GANLEI[0], "path": spath, "commit": GANLEI[1],
                         "rows": f"{rows[0]['date']} to {rows[-1]['date']}",
                         "columns": "交易日期→date; 收盘价→close; 成交量→volume; round(流通市值/收盘价)→float"}],
            "_rows": [(r["date"], f"{r['close']:.2f}", int(r["volume"]), r["float"]) for r in rows]}


def s1c(src, d):
    return next(r["close"] for r in src if r["date"] == d)


def notes_avg_bad(rows):
    return [r["date"] for r in rows if r["vol"] > 0
            and not (r["low"] - 0.005 <= r["amount"] / r["vol"] <= r["high"] + 0.005)]


def case_ganlei(args, calendar, idx, cid, code, t0, t1, regime, indices, sw_unchecked=(),
                sec_unchecked=(), idx_unchecked=None):
    rep = Report(f"{cid} ({code})")
    spath = ("sh" if code.startswith("6") else "sz") + code + ".csv"
    src = ganlei_rows(args.ganlei, spath)
    for r in src:
        r["volume"] = int(r["vol"])
    start, end, res, extended = cut_window(src, t0, t1, regime)
    rows = src[start:end + 1]
    first, last = rows[0]["date"], rows[-1]["date"]
    sec = ganlei_security(rep, code, None, rows, src, calendar, res, extended)
    try:
        s3, _ = read_samleon(args.samleon, f"{code}.csv")
    except Exception:
        s3 = {}
    common = [r for r in rows if r["date"] in s3]
    if common:
        bad = [r["date"] for r in common if f"{r['close']:.2f}" != f"{s3[r['date']]['close']:.2f}"
               or abs(r["amount"] - s3[r["date"]]["amount"]) > max(1.0, r["amount"] * 1e-7)]
        # A difference is explained when ganlei333's row is consistent with its neighbours:
        # the next row's 前收盘价 equals its close and 成交额/成交量 lies inside [low, high].
        nxt = {a["date"]: b for a, b in zip(src, src[1:])}
        expl = [d for d in bad if d in nxt and abs(nxt[d]["preclose"] - s1c(src, d)) < 1e-9
                and d not in notes_avg_bad(rows)]
        rep.check(len(expl) == len(bad), f"{code}: ganlei333 closes and 成交额 equal SamLeon360's on the {len(common)} common days"
                  + (f" except {bad} (ganlei333 consistent there; SamLeon360's row differs: {expl})" if bad else ""))
        txt = (f"closes and 成交额 equal SamLeon360/stock_data {code}.csv (commit {SAMLEON[1][:8]}, as-traded) "
               f"on {len(common) - len(bad)} of {len(common)} common days {common[0]['date']}..{common[-1]['date']}")
        if bad:
            txt += (f"; they differ on {', '.join(bad)}, where SamLeon360's row is inconsistent (e.g. its close "
                    "repeats the previous day's) and ganlei333's is consistent (next 前收盘价 = close, "
                    "成交额/成交量 inside [low, high])")
        sec["checks"].insert(-1, txt)
        sec["sources"].append({"repository": SAMLEON[0], "path": f"{code}.csv", "commit": SAMLEON[1],
                               "rows": f"{common[0]['date']} to {common[-1]['date']} (checks only)",
                               "columns": "date, close (as-traded) and volume (really 成交额, yuan): used to "
                                          "check closes and 成交额; nothing copied"})
        sec["unchecked"][1] = ("no second source of as-traded close before 2019-04-25 (SamLeon360 starts "
                               "then), and none of volume (SamLeon360's `volume` is 成交额) or float, was compared")
    sec["unchecked"] += list(sec_unchecked)
    rep.note(base_text(res))
    sec_dates = [r["date"] for r in rows]
    files = [sec]
    for ix in indices:
        if ix in ("801080", "850832"):
            files.append(sw_entry(rep, ix, calendar, first, last, sec_dates, sw_unchecked))
        else:
            files.append(index_entry(rep, ix, idx[ix], calendar, first, last, sec_dates,
                                     (idx_unchecked or {}).get(ix, ())))
    return rep, files, res


# ---------------------------------------------------------------------------- 锦州港

def case_jinzhougang(args, calendar, idx):
    rep = Report("jinzhougang-2025 (600190)")
    code, t0, t1, regime = "600190", "2019-04-17", "2023-11-11", "spc2022"
    s1 = ganlei_rows(args.ganlei, "sh600190.csv")
    for r in s1:
        r["volume"] = int(r["vol"])
    s1_by = {r["date"]: r for r in s1}
    s3, dups = read_samleon(args.samleon, "600190.csv")
    rep.check(all(same for _, same in dups), f"SamLeon360 600190.csv: {len(dups)} duplicated dates, all identical rows")
    sui = []
    for r in read_comment_csv(TRANSCRIBED / "suiwenfeng_600190.csv"):
        sui.append({"date": iso(r["date"]), "open": float(r["open"]), "high": float(r["high"]),
                    "low": float(r["low"]), "close": float(r["close"]),
                    "volume": int(r["volume"]), "amount": float(r["amount"])})
    ow = [{"date": r["date"], "close": float(r["close"]), "volume": int(r["volume"]),
           "turnover_pct": r["turnover_pct"], "float": int(r["float"])}
          for r in read_comment_csv(TRANSCRIBED / "overwatch_600190.csv")]
    sui_by = {r["date"]: r for r in sui}
    ow_by = {r["date"]: r for r in ow}
    sd = [r["date"] for r in sui]
    rep.check(sd == sorted(set(sd)) and [r["date"] for r in ow] == sd,
              f"transcriptions: suiwenfeng and Overwatch-mercy rows have the same {len(sd)} dates {sd[0]}..{sd[-1]}, ascending")

    # 1. suiwenfeng against ganlei333 on the overlap
    ov = [d for d in sd if d <= S1_END]
    bad = [d for d in ov if not (f"{s1_by[d]['close']:.2f}" == f"{sui_by[d]['close']:.2f}"
                                 and s1_by[d]["high"] == sui_by[d]["high"] and s1_by[d]["low"] == sui_by[d]["low"]
                                 and s1_by[d]["volume"] == sui_by[d]["volume"]
                                 and abs(s1_by[d]["amount"] - sui_by[d]["amount"]) < 1.0)]
    rep.check(not bad, f"suiwenfeng close, high, low, volume and 成交额 equal ganlei333 on the {len(ov)} overlap days {ov[0]}..{ov[-1]}" + (f"; differ {bad}" if bad else ""))
    # 1b. ganlei333 against SamLeon360 where both exist
    g3 = [d for d in sorted(s1_by) if d in s3]
    bad = [d for d in g3 if f"{s1_by[d]['close']:.2f}" != f"{s3[d]['close']:.2f}"
           or abs(s1_by[d]["amount"] - s3[d]["amount"]) > max(1.0, s1_by[d]["amount"] * 1e-7)]
    s3_only = [d for d in s3 if d <= S1_END and d not in s1_by]
    rep.check(not bad and not s3_only, f"ganlei333 closes and 成交额 equal SamLeon360's on all {len(g3)} common days {g3[0]}..{g3[-1]}"
              + (f"; differ {bad}" if bad else "") + (f"; only in SamLeon360 {s3_only}" if s3_only else ""))
    # 2. suiwenfeng against SamLeon360 (as-traded) to 2023-04-04
    s3_end = max(s3)
    post3 = [d for d in sd if S1_END < d <= s3_end]
    s3d = sorted(d for d in s3 if S1_END < d <= s3_end)
    rep.check(post3 == s3d, f"dates 2022-01-17..{s3_end}: suiwenfeng equal SamLeon360 ({len(post3)} days)")
    bad = [d for d in post3 if d in s3 and not all(f"{s3[d][k]:.2f}" == f"{sui_by[d][k]:.2f}" for k in ("open", "high", "low", "close"))]
    rep.check(not bad, f"suiwenfeng open, high, low and close equal SamLeon360's as-traded prices on all {len(post3)} days" + (f"; differ {bad}" if bad else ""))
    bad = [d for d in post3 if d in s3 and abs(s3[d]["amount"] - sui_by[d]["amount"]) > max(1.0, sui_by[d]["amount"] * 1e-7)]
    rep.check(not bad, f"suiwenfeng 成交额 equals SamLeon360 `volume` (成交额) on all {len(post3)} days" + (f"; differ {bad}" if bad else ""))
    # 3. internal as-traded check
    post = [r for r in sui if r["date"] > S1_END]
    bad = [r["date"] for r in post if not (r["low"] * r["volume"] - 1 <= r["amount"] <= r["high"] * r["volume"] + 1)]
    rep.check(not bad, f"suiwenfeng 成交额/成交量 inside [low, high] on all {len(post)} rows after {S1_END}" + (f"; outside {bad}" if bad else ""))
    nonint = [r["date"] for r in post if r["volume"] <= 0]
    rep.check(not nonint, "suiwenfeng volume positive on every row after 2022-01-14")
    # 4. Overwatch-mercy against suiwenfeng
    switch = "2022-08-29"   # Overwatch-mercy rounds volume to 100 shares and prices to cents from here
    bad = [d for d in sd if (d < switch and ow_by[d]["volume"] != sui_by[d]["volume"])
           or (d >= switch and (abs(ow_by[d]["volume"] - sui_by[d]["volume"]) > 50 or ow_by[d]["volume"] % 100))]
    rep.check(not bad, f"Overwatch-mercy volume equals suiwenfeng exactly before {switch} and within 50 shares (a multiple of 100) from then on" + (f"; differ {bad}" if bad else ""))
    offs = sorted({round(sui_by[d]["close"] - ow_by[d]["close"], 4) for d in sd if d >= switch})
    rep.check(offs == [0.02], f"Overwatch-mercy close = suiwenfeng close − {offs} on every day {switch}..{sd[-1]} (forward adjustment for a later cash dividend): no ex-date in that range")
    ratios = [ow_by[d]["close"] / sui_by[d]["close"] for d in sd if d < switch]
    rep.note(f"Overwatch-mercy / suiwenfeng close before {switch}: {min(ratios):.4f}..{max(ratios):.4f} (forward-adjusted, ex-date 2022-06-24 inside)")
    bad = [d for d in sd if abs(ow_by[d]["volume"] / ow_by[d]["float"] * 100 - float(ow_by[d]["turnover_pct"])) > 0.00005 + 1e-12]
    rep.check(not bad, f"Overwatch-mercy volume/流通股本×100 equals its 换手率 to 4 decimals on all {len(sd)} transcribed rows" + (f"; not {bad}" if bad else ""))
    floats = sorted({r["float"] for r in ow})
    rep.check(len(floats) == 1 and floats[0] == s1_by[S1_END]["float"], f"Overwatch-mercy 流通股本 {floats} on every transcribed row = ganlei333's float on {S1_END} ({s1_by[S1_END]['float']:,})")

    # combined rows
    combined = [r for r in s1] + [
        {"date": r["date"], "close": r["close"], "volume": r["volume"], "float": ow_by[r["date"]]["float"],
         "high": r["high"], "low": r["low"], "amount": r["amount"]} for r in post]
    start, end, res, extended = cut_window(combined, t0, t1, regime)
    rows = combined[start:end + 1]
    first, last = rows[0]["date"], rows[-1]["date"]
    pre_rows = [r for r in rows if r["date"] <= S1_END]
    post_rows = [r for r in rows if r["date"] > S1_END]
    dates = [r["date"] for r in rows]
    cal = [d for d in calendar if first <= d <= last]
    missing = [d for d in cal if d not in set(dates)]
    notcal = [d for d in dates if d not in set(calendar)]
    rep.check(not notcal and dates == sorted(set(dates)), "600190.csv: every date an SSE trading day, ascending, no duplicates")
    rep.note(f"600190.csv: SSE trading days without a row (suspended): {missing or 'none'}")
    big = [(b["date"], round(b["close"] / a["close"] - 1, 4)) for a, b in zip(post_rows, post_rows[1:])
           if abs(round(a["close"] * 1.1, 2) - a["close"]) + 1e-9 < abs(b["close"] - a["close"])]
    rep.check(not big, "no close-to-close move beyond the ±10% limit (rounded to the cent) after 2022-01-14" + (f": {big}" if big else ""))
    rep.note(base_text(res))
    s1_checks, notes = pre.check_security(pre_rows, calendar, code)
    rep.check(not notes["avg_bad"], "ganlei333 rows: 成交额/成交量 inside [low, high] (± half a cent)")
    pmax = max((r["volume"] / r["float"], r["date"]) for r in post_rows)
    checks = [f"rows {first}..{S1_END} (ganlei333, {len(pre_rows)}): " + c for c in s1_checks
              if not c.startswith("suspension gaps") and not c.startswith("no suspension gap")]
    checks += [
        f"ganlei333 closes and 成交额 equal SamLeon360's on all {len(g3)} common days {g3[0]}..{g3[-1]}",
        f"rows 2022-01-17..{last} ({len(post_rows)}): close and volume from suiwenfeng/stock (unadjusted); "
        f"its close, high, low, volume and 成交额 equal ganlei333 on the {len(ov)} overlap days {ov[0]}..{ov[-1]}",
        f"suiwenfeng open, high, low and close equal SamLeon360's as-traded prices, its 成交额 equals SamLeon360's, "
        f"and the dates are the same, on all {len(post3)} days 2022-01-17..{s3_end}",
        f"suiwenfeng 成交额/成交量 lies inside [low, high] on every row after {S1_END} (so the prices are as traded, "
        f"also after {s3_end}); daily volume/float up to {pmax[0]:.2%} ({pmax[1]})",
        f"Overwatch-mercy (forward-adjusted) volume equals suiwenfeng's exactly to 2022-08-26 and to within 50 shares "
        f"(rounded to 100) from 2022-08-29; its close is suiwenfeng's minus exactly 0.02 on every day 2022-08-29.."
        f"{sd[-1]} (a later 0.02 cash dividend), so no ex-date falls in the base-date window",
        f"float after {S1_END} = Overwatch-mercy 流通股本 {floats[0]:,} on every row (its 换手率 equals "
        f"volume/流通股本×100 to 4 decimals), the same as ganlei333's float (流通市值/收盘价) on {S1_END}",
        ("every date is an SSE trading day; no SSE trading day in the range lacks a row" if not missing else
         f"SSE trading days without a row (suspended): {', '.join(missing)}"),
        "no close-to-close move beyond the ±10% limit after 2022-01-14",
    ]
    if extended:
        checks.append(f"the window runs past day 1 + {AFTER} to Tb {res['tb']}")
    checks.append(base_text(res))
    sec = {
        "file": "600190.csv", "kind": "security", "code": code,
        "name": Counter(r["name"] for r in pre_rows).most_common(1)[0][0],
        "first": first, "last": last, "rows": len(rows), "checks": checks,
        "unchecked": [
            STD_UNCHECKED[0],
            f"as-traded close and volume after {s3_end} have one source (suiwenfeng/stock); they are checked through "
            "its own 成交额/成交量 range, Overwatch-mercy's volume (±50 shares) and its constant 0.02 offset in price",
            "float after 2022-01-14 comes from Overwatch-mercy only (constant; no change announced in the window was looked up)",
            f"float to {S1_END} is derived (流通市值/收盘价), not a published 流通股本 column",
            "no second source of as-traded close, volume and float before 2019-04-25 (SamLeon360 starts then) was compared; volume to 2022-01-14 and float to 2021-12-13 have one source (ganlei333)",
        ],
        "sources": [
            {"repository": GANLEI[0], "path": "sh600190.csv", "commit": GANLEI[1], "rows": f"{first} to {S1_END}",
             "columns": "交易日期→date; 收盘价→close; 成交量→volume; round(流通市值/收盘价)→float"},
            {"repository": SUIWENFENG[0], "path": "600190.csv", "commit": SUIWENFENG[1], "rows": f"2022-01-17 to {last}",
             "columns": f"日期→date; 收盘价→close (unadjusted); 成交量→volume; 开盘价, 最高价, 最低价, 成交额 used for checks; read piecewise (offsets {SUI_OFFSETS}) and transcribed in scripts/market/transcribed/suiwenfeng_600190.csv (rows 2021-12-14 to 2024-02-08)"},
            {"repository": OVERWATCH[0], "path": "600190.csv", "commit": OVERWATCH[1], "rows": f"2022-01-17 to {last}",
             "columns": f"流通股本（股）→float; 收盘价 (forward-adjusted), 成交量（股）, 换手率 used for checks; read piecewise (offsets {OW_OFFSETS}) and transcribed in scripts/market/transcribed/overwatch_600190.csv (rows 2021-12-14 to 2024-02-08)"},
            {"repository": SAMLEON[0], "path": "600190.csv", "commit": SAMLEON[1], "rows": f"2022-01-17 to {s3_end} (checks only)",
             "columns": "date, open, high, low, close (as-traded) and volume (really 成交额, yuan): used to check dates, prices and 成交额; nothing copied"},
        ],
        "_rows": [(r["date"], f"{r['close']:.2f}", int(r["volume"]), r["float"]) for r in rows],
    }
    files = [sec, index_entry(rep, "000001", idx["000001"], calendar, first, last, dates,
                              ["the scheme's or court's reference index is not published; 000001 is offered for the market-risk comparison and as the trading calendar"])]
    return rep, files, res


# ---------------------------------------------------------------------------- output

def write_case(case_id, files):
    d = CASES_DIR / case_id
    d.mkdir(exist_ok=True)
    for f in files:
        if f["kind"] == "security":
            pre.write_csv(d / f["file"], ["date", "close", "volume", "float"], f["_rows"])
        else:
            pre.write_csv(d / f["file"], ["date", "close"], f["_rows"])
    with open(d / "data.toml", "w", encoding="utf-8") as fh:
        fh.write(f"# Public market data shipped with case {case_id}.\n")
        fh.write("# Built by scripts/market/extract_new_cases.py from whole git snapshots and the hand\n")
        fh.write("# transcriptions in scripts/market/transcribed/.\n")
        fh.write("\n".join(pre.file_entry(x) for x in files))


def founder_base():
    path = CASES_DIR / "founder-2019" / "600601.csv"
    with open(path, encoding="utf-8") as f:
        rows = [{"date": r["date"], "close": float(r["close"]), "volume": int(r["volume"]),
                 "float": int(r["float"])} for r in csv.DictReader(f)]
    return base_date(rows, "2015-11-20", "spc2003")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--ganlei", required=True)
    ap.add_argument("--samleon", required=True)
    ap.add_argument("--hriszc", required=True)
    ap.add_argument("--chenzt", required=True)
    ap.add_argument("--emacsist", required=True)
    ap.add_argument("--write", action="store_true", help="write cases/<id>/*.csv and data.toml")
    args = ap.parse_args()
    for label, gitdir, (_, commit) in [("ganlei", args.ganlei, GANLEI), ("samleon", args.samleon, SAMLEON),
                                       ("hriszc", args.hriszc, HRISZC), ("chenzt", args.chenzt, CHENZT),
                                       ("emacsist", args.emacsist, EMACSIST)]:
        h = pre.head(gitdir)
        if h != commit:
            print(f"note: --{label} HEAD is {h}; reading the recorded commit {commit}")

    idx = load_indices(args)
    calendar = sorted(idx["000001"][0])
    sw_unc = ["the court did not name its indices in the parts read; 801080 (SW L1 电子) and 850832 "
              "(SW L3 LED) are the case file's reading, in the SW2021 classification; the SW2014 "
              "series in force in 2018-2021 were not compared"]
    runs = [
        ("feilo-2021", case_ganlei(args, calendar, idx, "feilo-2021", "600651", "2017-08-26", "2018-04-13",
                                   "spc2003", ["000001", "801080", "850832"], sw_unchecked=sw_unc)),
        ("leshi-2021", case_ganlei(
            args, calendar, idx, "leshi-2021", "300104", "2010-08-12", "2017-07-11", "spc2022",
            ["399006", "399001"],
            sec_unchecked=["the 10-for-10 capitalisation issue took effect during the 2017-04-17 → 2018-01-23 "
                           "suspension: rows before 2018-01-24 are as traded, before the bonus (rules.md §7 "
                           "adjusts them from the case's corporate_actions)"])),
        ("meishang-2023", case_ganlei(args, calendar, idx, "meishang-2023", "300495", "2015-06-25", "2021-05-06",
                                      "spc2022", ["399006", "399001"])),
        ("jinzhougang-2025", case_jinzhougang(args, calendar, idx)),
    ]
    failed = 0
    for cid, (rep, files, res) in runs:
        rep.print()
        failed += len(rep.failed)
        for f in files:
            print(f"  file {f['file']:<18} {f['rows']:>5} rows  {f['first']} .. {f['last']}")
        if args.write:
            write_case(cid, files)
    print("\n== base date (rules.md §5)")
    print(f"  {'case':<17} {'regime':<8} {'day 1':<11} {'Tb':<11} {'day':>4} {'k*':>4} {'cum at Tb':>10} {'Pb':>8}")
    table = [(cid, res) for cid, (_, _, res) in runs] + [("founder-2019", founder_base())]
    for cid, b in table:
        print(f"  {cid:<17} {b['regime']:<8} {b['day1']:<11} {b['tb']:<11} {b['tb_day']:>4} {str(b['k_star']):>4} "
              f"{b['cum_tb']:>10.4%} {b['pb']:>8.4f}")
    print(f"\n{failed} check(s) failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
