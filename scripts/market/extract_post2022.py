#!/usr/bin/env python3
"""Rebuild and check the public daily market data shipped with three cases.

    zijing-2023    688086 紫晶存储 (STAR)
    zeda-2023      688555 泽达易盛 (STAR)
    guangdao-2025  920680 广道数字 (BSE; 839680 before 2025-10-09)

Everything that exists as a whole git snapshot is read with `git show` from the
git directories given on the command line; rows that could only be read piecewise
are taken from the hand transcriptions in scripts/market/transcribed/ (as read).
Nothing is downloaded.  Every check is run and a summary is printed; with
--write the CSV files and data.toml are (re)written under cases/<id>/.

    python3 scripts/market/extract_post2022.py \
        --ganlei  /work/.mirror/ganlei333+stockdata/repo \
        --samleon /work/.mirror/SamLeon360+stock_data/repo \
        --hriszc  /work/.mirror/hriszc+zechenhehuo/repo \
        --chenzt  /work/.mirror/chenzt2020+quant/repo \
        [--write]

Rules for the base date (rules.md §5, spc2022) are recomputed at the end.
"""

import argparse
import csv
import io
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
CASES = ROOT / "cases"
TRANSCRIBED = HERE / "transcribed"
SHARED_688086 = Path("/work/shared/data/market/688086.csv")

# Commits the shipped data were read from (the snapshots used were these HEADs).
GANLEI = ("ganlei333/stockdata", "e4c6e193f7d164a7fb380c7d3f2c367baa898b1f")
SAMLEON = ("SamLeon360/stock_data", "0de1cd19ad223a4112d348c23c5231052769e970")
HRISZC = ("hriszc/zechenhehuo", "3faadcb5aa838eadeff89d5329b7eb2fedb7c20d")
HRISZC_FILE_COMMIT = "8b4e7db145693bff45734af567a71b674f3772f0"
CHENZT = ("chenzt2020/quant", "ced77b919b3b95824497b0432624da640d3d6e2d")
OVERWATCH = "Overwatch-mercy/stock-data"
OW_688086 = "c6e0b49df33a3024ca5bd9d7c6d139735d98ed5a"
OW_688555 = "9f8cd6c4499423ae7c7c72952813d4a4cfb21965"
OW_920680 = "de808b15e74a9b96278908d62b7edbb5b9725dec"

BEFORE_T0 = 20  # trading days before T0 (or the listing day if later)
AFTER_T1 = 60  # trading days after day 1


# ---------------------------------------------------------------------------
# reading


def git_show(gitdir, commit, path):
    out = subprocess.run(
        ["git", "--git-dir", str(gitdir), "show", f"{commit}:{path}"],
        check=True,
        capture_output=True,
    )
    return out.stdout.decode("utf-8")


def read_ganlei(gitdir, path):
    """S1: 邢不行 format; line 1 is a note, line 2 the header. As-traded prices."""
    text = git_show(gitdir, GANLEI[1], path)
    lines = text.splitlines()
    rows = []
    for r in csv.DictReader(lines[1:]):
        close = float(r["收盘价"])
        rows.append(
            {
                "date": r["交易日期"],
                "name": r["股票名称"],
                "high": float(r["最高价"]),
                "low": float(r["最低价"]),
                "close": close,
                "volume": round(float(r["成交量"])),
                "amount": float(r["成交额"]),
                "float_exact": float(r["流通市值"]) / close,
                "float": round(float(r["流通市值"]) / close),
            }
        )
    rows.sort(key=lambda x: x["date"])
    return rows


def read_samleon(gitdir, path):
    """S3: newest first, `volume` is really 成交额 (yuan). Returns (by_date, duplicates)."""
    text = git_show(gitdir, SAMLEON[1], path)
    by_date, dups = {}, []
    for r in csv.DictReader(io.StringIO(text)):
        row = {
            "date": r["date"],
            "amount": float(r["volume"]),
            "low": float(r["low"]),
            "close": float(r["close"]),
            "high": float(r["high"]),
        }
        if row["date"] in by_date:
            dups.append((row["date"], by_date[row["date"]] == row))
        by_date[row["date"]] = row
    return by_date, dups


def read_index(gitdir, commit, path):
    text = git_show(gitdir, commit, path)
    # Keep the source's text (4 decimals in hriszc, 2 in chenzt2020) for writing.
    return {r["date"]: r["close"] for r in csv.DictReader(io.StringIO(text))}


def read_transcribed(name):
    lines = [ln for ln in (TRANSCRIBED / name).read_text("utf-8").splitlines() if not ln.startswith("#")]
    rows = []
    for r in csv.DictReader(lines):
        rows.append(
            {
                "date": r["date"],
                "open": float(r["open"]),
                "high": float(r["high"]),
                "low": float(r["low"]),
                "close": float(r["close"]),
                "volume": int(r["volume"]),
                "amount": float(r["amount"]),
                "turnover_pct": r["turnover_pct"],
                "float": int(r["float"]),
                "float_mcap": float(r["float_mcap"]),
            }
        )
    return rows


def read_out_csv(path):
    with open(path, encoding="utf-8") as f:
        return [
            {"date": r["date"], "close": float(r["close"]), "volume": int(r["volume"]), "float": int(r["float"])}
            for r in csv.DictReader(f)
        ]


# ---------------------------------------------------------------------------
# checks


class Report:
    def __init__(self, case):
        self.case = case
        self.results = []  # (ok, text)

    def check(self, ok, text):
        self.results.append((bool(ok), text))
        return ok

    def note(self, text):
        self.results.append((None, text))

    def print(self):
        print(f"\n== {self.case}")
        for ok, text in self.results:
            mark = "note" if ok is None else ("PASS" if ok else "FAIL")
            print(f"  [{mark}] {text}")

    @property
    def failed(self):
        return [t for ok, t in self.results if ok is False]


def cents(x):
    return abs(x * 100 - round(x * 100)) < 1e-6


def amount_in_range(amount, volume, low, high, vol_slack=0):
    """成交额/成交量 inside [low, high]. 成交额 is rounded to the yuan in the sources and
    SamLeon360 stores it as float32 (errors up to ~1e-7 relative), so allow that much;
    vol_slack allows for a volume rounded to 100 shares."""
    tol = max(1.0, abs(amount) * 1e-7)
    return (amount + tol) >= low * (volume - vol_slack) - 1e-6 and (amount - tol) <= high * (volume + vol_slack) + 1e-6


def fmt_float(x):
    return f"{x:.2f}"


def days_between(calendar, first, last):
    return [d for d in calendar if first <= d <= last]


def window(calendar, rows, t0, t1):
    """First/last date of the window of the brief: 20 trading days before T0
    (or the first row if later) through 60 trading days after day 1."""
    cal_before = [d for d in calendar if d < t0]
    start = cal_before[-BEFORE_T0] if len(cal_before) >= BEFORE_T0 else calendar[0]
    start = max(start, rows[0]["date"])
    dates = [r["date"] for r in rows]
    day1 = next(i for i, d in enumerate(dates) if d >= t1)
    end_i = min(day1 + AFTER_T1, len(dates) - 1)
    return start, dates[end_i]


def base_date(rows, t1, floats=None):
    """rules.md §5, spc2022. floats: optional {date: float} override."""
    days = [r for r in rows if r["date"] >= t1]
    cum, k_star, cums = 0.0, None, []
    for i, r in enumerate(days):
        fl = floats.get(r["date"], r["float"]) if floats else r["float"]
        cum += r["volume"] / fl
        cums.append(cum)
        if k_star is None and cum >= 1:
            k_star = i + 1
    if len(days) < 30 and (k_star is None or k_star < 10):
        raise ValueError(f"only {len(days)} trading days from T1")
    if len(days) >= 30 and cums[29] < 1:
        tb = 30
    else:
        tb = max(k_star, 10)
    pb = sum(r["close"] for r in days[:tb]) / tb
    return {
        "day1": days[0]["date"],
        "k_star": k_star,
        "tb_day": tb,
        "tb": days[tb - 1]["date"],
        "cum_tb": cums[tb - 1],
        "cum_30": cums[29] if len(cums) >= 30 else None,
        "pb": pb,
    }


def calendar_checks(rep, rows, calendar, label):
    dates = [r["date"] for r in rows]
    cal = set(calendar)
    not_sse = [d for d in dates if d not in cal]
    rep.check(not not_sse, f"{label}: every date is an SSE trading day (000001 calendar)" + (f"; not: {not_sse}" if not_sse else ""))
    rep.check(dates == sorted(set(dates)), f"{label}: dates ascending, no duplicates")
    missing = [d for d in days_between(calendar, dates[0], dates[-1]) if d not in set(dates)]
    rep.note(f"{label}: SSE trading days with no row (suspended): {missing if missing else 'none'}")
    return missing


# ---------------------------------------------------------------------------
# writing


def write_security(path, rows):
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write("date,close,volume,float\n")
        for r in rows:
            f.write(f"{r['date']},{fmt_float(r['close'])},{r['volume']},{r['float']}\n")


def write_index(path, rows):
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write("date,close\n")
        for d, c in rows:
            f.write(f"{d},{c}\n")


def q(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def toml_list(items):
    if not items:
        return "[]"
    return "[\n" + "".join(f"  {q(i)},\n" for i in items) + "]"


def write_data_toml(path, case_id, files):
    out = [f"# Public market data shipped with case {case_id}.",
           "# Written by scripts/market/extract_post2022.py; see the checks below and that script.", ""]
    for f in files:
        out.append("[[files]]")
        for k in ("file", "kind", "code", "name", "first", "last"):
            out.append(f"{k} = {q(f[k])}")
        out.append(f"rows = {f['rows']}")
        out.append(f"checks = {toml_list(f['checks'])}")
        out.append(f"unchecked = {toml_list(f['unchecked'])}")
        for s in f["sources"]:
            out.append("[[files.sources]]")
            for k in ("repository", "path", "commit", "rows", "columns"):
                out.append(f"{k} = {q(s[k])}")
        out.append("")
    Path(path).write_text("\n".join(out), encoding="utf-8")


def index_file(code, name, closes, first, last, calendar, sec_dates, source, checks, unchecked):
    rows = [(d, closes[d]) for d in sorted(closes) if first <= d <= last]
    return {
        "file": f"index-{code}.csv",
        "kind": "index",
        "code": code,
        "name": name,
        "first": rows[0][0],
        "last": rows[-1][0],
        "rows": len(rows),
        "checks": checks,
        "unchecked": unchecked,
        "sources": [source],
        "_rows": rows,
    }


def idx000001_source(first, last):
    return {
        "repository": HRISZC[0],
        "path": "data/sh000001.csv",
        "commit": HRISZC[1],
        "rows": f"{first} to {last}",
        "columns": f"date→date; close→close (baostock, 4 decimals; file last changed in {HRISZC_FILE_COMMIT})",
    }


def idx000688_source(first, last):
    return {
        "repository": CHENZT[0],
        "path": "data/index/sh000688.csv",
        "commit": CHENZT[1],
        "rows": f"{first} to {last}",
        "columns": "date→date; close→close (2 decimals)",
    }


def index_checks(rep, label, closes, other, first, last, calendar, sec_dates, tol=0.005):
    rows = [d for d in sorted(closes) if first <= d <= last]
    checks = []
    cal = days_between(calendar, first, last)
    if label == "000001":
        ok = rows == cal
        rep.check(ok, f"index {label}: rows are exactly the calendar {first}..{last} ({len(rows)} days)")
    else:
        ok = rows == cal
        rep.check(ok, f"index {label}: dates equal the 000001 calendar {first}..{last} ({len(rows)} days)")
        if ok:
            checks.append(f"dates equal those of 000001 (hriszc/zechenhehuo) over the range, {len(rows)} days")
    extra = sorted(set(sec_dates) - set(rows))
    rep.check(not extra, f"index {label}: has a close on every day of the security file")
    if not extra:
        checks.append("has a close on every trading day of the security file")
    if other is not None:
        both = [d for d in rows if d in other]
        diff = max(abs(float(closes[d]) - float(other[d])) for d in both)
        miss = [d for d in rows if d not in other]
        ok = diff <= tol + 1e-9 and not miss
        rep.check(ok, f"index {label}: agrees with chenzt2020/quant data/index/sh000001.csv on {len(both)} days, max |diff| {diff:.4f}")
        if ok:
            checks.append(f"agrees with chenzt2020/quant data/index/sh000001.csv (commit {CHENZT[1][:8]}) within {tol} on all {len(both)} days (max {diff:.4f})")
    return checks


# ---------------------------------------------------------------------------
# cases


def case_zijing(args, calendar, idx1, idx1_alt, idx688):
    rep = Report("zijing-2023 (688086)")
    t0, t1, published_tb = "2020-01-31", "2022-02-12", "2022-03-15"
    s1 = read_ganlei(args.ganlei, "sh688086.csv")
    s3, dups = read_samleon(args.samleon, "688086.csv")
    # The verified extract (its rows after 2022-01-14 were transcribed from Overwatch-mercy
    # by an earlier extraction); fall back to the shipped copy.
    src = Path(args.zijing_extract)
    shipped = read_out_csv(src if src.exists() else CASES / "zijing-2023" / "688086.csv")
    rep.check(all(same for _, same in dups), f"SamLeon360 688086.csv: its {len(dups)} duplicated dates repeat identical rows")

    # Rows to 2022-01-14 rebuilt from S1 and compared with the verified extract.
    pre = [r for r in shipped if r["date"] <= "2022-01-14"]
    post = [r for r in shipped if r["date"] > "2022-01-14"]
    s1_by = {r["date"]: r for r in s1}
    same = [r["date"] for r in pre if r["date"] in s1_by
            and fmt_float(s1_by[r["date"]]["close"]) == fmt_float(r["close"])
            and s1_by[r["date"]]["volume"] == r["volume"] and s1_by[r["date"]]["float"] == r["float"]]
    ok = len(same) == len(pre) == len(s1)
    rep.check(ok, f"rows 2020-02-26..2022-01-14 rebuilt from ganlei333 equal the shared extract ({len(same)}/{len(pre)} rows, S1 has {len(s1)})")
    bad = [r["date"] for r in s1 if not amount_in_range(r["amount"], r["volume"], r["low"], r["high"])]
    rep.check(not bad, f"ganlei333: 成交额/成交量 inside [low, high] on every row ({len(s1) - len(bad)}/{len(s1)})")
    float_exact = [r["date"] for r in s1 if abs(r["float_exact"] - r["float"]) > 0.01]
    rep.check(not float_exact, f"ganlei333: 流通市值/收盘价 is an integer on every row ({len(float_exact)} not)")
    ov = [d for d in s1_by if d in s3]
    neq = [d for d in ov if fmt_float(s1_by[d]["close"]) != fmt_float(s3[d]["close"])]
    rep.check(not neq, f"ganlei333 closes equal SamLeon360 closes on all {len(ov)} overlapping days")
    amt = [d for d in ov if abs(s1_by[d]["amount"] - s3[d]["amount"]) > max(1.0, s1_by[d]["amount"] * 1e-7)]
    rep.check(not amt, f"ganlei333 成交额 equals SamLeon360 `volume` (成交额, float32: within 1e-7) on {len(ov) - len(amt)}/{len(ov)} overlapping days")

    # Rows after 2022-01-14 (transcribed earlier from Overwatch-mercy) against SamLeon360.
    s3_post = sorted(d for d in s3 if post[0]["date"] <= d <= post[-1]["date"])
    rep.check([r["date"] for r in post] == s3_post, f"post-2022 dates equal SamLeon360's ({len(post)} rows {post[0]['date']}..{post[-1]['date']})")
    neq = [r["date"] for r in post if r["date"] in s3 and fmt_float(r["close"]) != fmt_float(s3[r["date"]]["close"])]
    rep.check(not neq, f"post-2022 closes equal SamLeon360 as-traded closes ({len(post) - len(neq)}/{len(post)})" + (f"; differ: {neq}" if neq else ""))
    out = [r["date"] for r in post if r["date"] in s3
           and not amount_in_range(s3[r["date"]]["amount"], r["volume"], s3[r["date"]]["low"], s3[r["date"]]["high"])]
    rep.check(not out, f"post-2022: SamLeon360 amount / Overwatch volume inside [low, high] ({len(post) - len(out)}/{len(post)})" + (f"; outside: {out}" if out else ""))
    floats = sorted({r["float"] for r in post})
    rep.note(f"post-2022 float (Overwatch-mercy): {floats}; ganlei333 implies {s1[-1]['float']} on 2022-01-14")
    missing = calendar_checks(rep, shipped, calendar, "688086.csv")

    start, end = window(calendar, shipped, t0, t1)
    rep.note(f"window of the brief: {start}..{end}; shipped file (the verified extract) {shipped[0]['date']}..{shipped[-1]['date']}")

    # base date
    res = base_date(shipped, t1)
    alt = base_date(shipped, t1, {r["date"]: 134341658 for r in post})
    rep.check(res["tb"] == published_tb, f"spc2022 Tb = {res['tb']} (day {res['tb_day']}, cum {res['cum_tb']:.4%}), published {published_tb}")
    rep.check(alt["tb"] == published_tb, f"with ganlei333's float 134,341,658 after 2022-01-14: Tb = {alt['tb']} (day {alt['tb_day']}, cum {alt['cum_tb']:.4%})")

    first, last = shipped[0]["date"], shipped[-1]["date"]
    sec_dates = [r["date"] for r in shipped]
    c1 = index_checks(rep, "000001", idx1, idx1_alt, first, last, calendar, sec_dates)
    c688 = index_checks(rep, "000688", idx688, None, first, last, calendar, sec_dates)
    files = [
        {
            "file": "688086.csv", "kind": "security", "code": "688086", "name": "退市紫晶",
            "first": first, "last": last, "rows": len(shipped),
            "checks": [
                f"rows to 2022-01-14 rebuilt from ganlei333 equal the shared verified extract ({len(pre)} rows)",
                "ganlei333: 成交额/成交量 inside [low, high] on every row; 流通市值/收盘价 an exact integer",
                f"ganlei333 closes equal SamLeon360 as-traded closes on all {len(ov)} overlapping days",
                f"rows 2022-01-17..{last}: dates equal SamLeon360's; closes equal SamLeon360's; SamLeon360 成交额 / volume inside [low, high] on all {len(post)} rows (成交额 rounded to the yuan: 2022-05-06, a one-price day at 7.39, gives 7.389998)",
                "rows 2022-01-17..: volume/132971658×100 equals Overwatch-mercy 换手率 to 4 decimals (checked by the earlier extraction, shared/data/market/README.md)",
                f"2022-05-05 has no row: suspended in both sources; no other SSE trading day is missing" if missing == ["2022-05-05"] else f"SSE trading days without a row: {missing}",
                f"rules.md §5 spc2022 from day 1 2022-02-14 gives Tb {res['tb']} (day {res['tb_day']}, cumulative turnover {res['cum_tb']:.2%}), the published base date; also with ganlei333's float 134,341,658",
            ],
            "unchecked": [
                "block trades (大宗交易) are included in volume",
                "float from 2021-12-27: ganlei333 implies 134,341,658, Overwatch-mercy gives 132,971,658 from 2021-12-31 (used for rows from 2022-01-17); which is right is unresolved",
                "volume after 2022-01-14 has one source (Overwatch-mercy); it is checked only through SamLeon360 成交额 / volume inside [low, high]",
            ],
            "sources": [
                {"repository": GANLEI[0], "path": "sh688086.csv", "commit": GANLEI[1],
                 "rows": f"{first} to 2022-01-14",
                 "columns": "交易日期→date; 收盘价→close; 成交量→volume; round(流通市值/收盘价)→float"},
                {"repository": OVERWATCH, "path": "688086.csv", "commit": OW_688086,
                 "rows": f"2022-01-17 to {last}",
                 "columns": "日期→date; 收盘价→close (as-traded from 2021-10-28); 成交量（股）→volume; 流通股本（股）→float (132,971,658); read piecewise (offsets 95000, 111000) and transcribed"},
                {"repository": SAMLEON[0], "path": "688086.csv", "commit": SAMLEON[1],
                 "rows": f"2022-01-17 to {last} (checks only)",
                 "columns": "date, close (as-traded) and volume (really 成交额, yuan), low, high: used to check dates, closes and volume; nothing copied"},
            ],
            "_rows": shipped,
        },
        index_file("000001", "上证指数", idx1, first, last, calendar, sec_dates, idx000001_source(first, last),
                   c1, ["the reference index of the scheme was not published; 000001 is offered for the market-risk comparison and as the trading calendar"]),
        index_file("000688", "科创50", idx688, first, last, calendar, sec_dates, idx000688_source(first, last),
                   c688,
                   ["one source only (no second 000688 series found)",
                    "the index was first published on 2020-07-23; rows before that (2020-02-26 to 2020-07-22) are back-calculated values"]),
    ]
    return rep, files, {"Tb": res, "Tb_alt": alt, "float": "Overwatch-mercy 132,971,658 (ganlei333 134,341,658 as alt)"}


def case_zeda(args, calendar, idx1, idx1_alt, idx688):
    rep = Report("zeda-2023 (688555)")
    t0, t1, claimed_tb = "2020-06-02", "2022-05-12", "2022-06-15"
    s1 = read_ganlei(args.ganlei, "sh688555.csv")
    s3, dups = read_samleon(args.samleon, "688555.csv")
    ow = read_transcribed("overwatch_688555.csv")
    rep.check(all(same for _, same in dups), f"SamLeon360 688555.csv: its {len(dups)} duplicated dates repeat identical rows")
    s1_by = {r["date"]: r for r in s1}
    ow_by = {r["date"]: r for r in ow}

    # S1 self-checks and S1 vs S3
    bad = [r["date"] for r in s1 if not amount_in_range(r["amount"], r["volume"], r["low"], r["high"])]
    rep.check(not bad, f"ganlei333: 成交额/成交量 inside [low, high] on every row ({len(s1) - len(bad)}/{len(s1)})" + (f"; outside {bad}" if bad else ""))
    float_exact = [r["date"] for r in s1 if abs(r["float_exact"] - r["float"]) > 0.01]
    rep.check(not float_exact, f"ganlei333: 流通市值/收盘价 is an integer on every row" + (f"; not on {float_exact}" if float_exact else ""))
    ov = sorted(d for d in s1_by if d in s3)
    neq = [d for d in ov if fmt_float(s1_by[d]["close"]) != fmt_float(s3[d]["close"])]
    rep.check(not neq and len(ov) == len(s1), f"ganlei333 closes equal SamLeon360 on all {len(ov)} overlapping days (S1 rows {len(s1)})")
    amt = [d for d in ov if abs(s1_by[d]["amount"] - s3[d]["amount"]) > max(1.0, s1_by[d]["amount"] * 1e-7)]
    rep.check(not amt, f"ganlei333 成交额 equals SamLeon360 `volume` (成交额, float32: within 1e-7) on {len(ov) - len(amt)}/{len(ov)} days")
    s3_only = sorted(d for d in s3 if d <= "2022-01-14" and d not in s1_by)
    rep.check(not s3_only, f"SamLeon360 has no day to 2022-01-14 that ganlei333 lacks ({s3_only})")
    changes, prev = [], None
    for r in s1:
        if r["float"] != prev:
            changes.append(f"{r['date']} {r['float']:,}")
            prev = r["float"]
    rep.note(f"ganlei333 float changes: {changes}")

    # Overwatch-mercy overlap with S1 (2021-12-28..2022-01-14)
    overlap = [r for r in ow if r["date"] <= "2022-01-14"]
    vol_eq = [r["date"] for r in overlap if s1_by[r["date"]]["volume"] == r["volume"]]
    close_eq = [r["date"] for r in overlap if fmt_float(s1_by[r["date"]]["close"]) == fmt_float(r["close"])]
    rep.check(len(vol_eq) == len(overlap), f"Overwatch-mercy volume equals ganlei333 on the {len(overlap)} overlap days {overlap[0]['date']}..{overlap[-1]['date']} ({len(vol_eq)})")
    rep.check(len(close_eq) == len(overlap), f"Overwatch-mercy closes equal ganlei333 (as-traded) on the overlap days ({len(close_eq)}/{len(overlap)}): no ex-date after 2021-12-28")
    fl_diff = [(r["date"], s1_by[r["date"]]["float"], r["float"]) for r in overlap if s1_by[r["date"]]["float"] != r["float"]]
    rep.note(f"float disagreement on the overlap (date, ganlei333, Overwatch-mercy): {fl_diff}")

    # Post-2022 rows: S3 close + S2 volume and float
    post_ow = [r for r in ow if r["date"] > "2022-01-14"]
    last_ow = post_ow[-1]["date"]
    s3_post = sorted(d for d in s3 if "2022-01-14" < d <= last_ow)
    rep.check([r["date"] for r in post_ow] == s3_post, f"post-2022 dates: Overwatch-mercy (transcribed) equal SamLeon360 ({len(post_ow)} rows 2022-01-17..{last_ow})")
    problems = {"close": [], "hl": [], "range": [], "turn": [], "mcap": [], "synthetic": []}
    for r in post_ow:
        d = r["date"]
        s = s3[d]
        if fmt_float(r["close"]) != fmt_float(s["close"]):
            problems["close"].append(d)
        if fmt_float(r["high"]) != fmt_float(s["high"]) or fmt_float(r["low"]) != fmt_float(s["low"]):
            problems["hl"].append(d)
        if not amount_in_range(s["amount"], r["volume"], s["low"], s["high"]):
            problems["range"].append(d)
        if f"{r['volume'] / r['float'] * 100:.4f}" != r["turnover_pct"]:
            problems["turn"].append(d)
        if abs(r["close"] * r["float"] - r["float_mcap"]) > 0.011:
            problems["mcap"].append(d)
        if abs(r["close"] * r["volume"] - r["amount"]) > 0.011:
            problems["synthetic"].append(d)
    n = len(post_ow)
    rep.check(not problems["close"], f"post-2022: Overwatch-mercy 收盘价 equals SamLeon360 as-traded close ({n - len(problems['close'])}/{n})" + (f"; differ {problems['close']}" if problems["close"] else ""))
    rep.check(not problems["hl"], f"post-2022: Overwatch-mercy high/low equal SamLeon360 ({n - len(problems['hl'])}/{n})")
    rep.check(not problems["range"], f"post-2022: SamLeon360 amount / Overwatch volume inside [low, high] ({n - len(problems['range'])}/{n})" + (f"; outside {problems['range']}" if problems["range"] else ""))
    rep.check(not problems["turn"], f"post-2022: volume/float×100 equals Overwatch 换手率 to 4 decimals ({n - len(problems['turn'])}/{n})" + (f"; differ {problems['turn']}" if problems["turn"] else ""))
    rep.check(not problems["mcap"], f"post-2022: 流通市值 = 收盘价 × 流通股本 ({n - len(problems['mcap'])}/{n}) (transcription cross-check)")
    rep.note(f"Overwatch-mercy 成交额 = close × volume (synthetic) on {n - len(problems['synthetic'])}/{n} post-2022 rows; not used")

    # Assemble: S1 rows, then S3 close + S2 volume/float
    rows = [{"date": r["date"], "close": r["close"], "volume": r["volume"], "float": r["float"]} for r in s1]
    rows += [{"date": r["date"], "close": s3[r["date"]]["close"], "volume": r["volume"], "float": r["float"]} for r in post_ow]
    start, end = window(calendar, rows, t0, t1)
    rows = [r for r in rows if start <= r["date"] <= end]
    rep.note(f"window: {start} (listing day; T0 {t0} is before listing) .. {end} (day 61 from day 1)")
    rep.check(rows[-1]["date"] == end, f"transcription reaches the window end {end}")
    missing = calendar_checks(rep, rows, calendar, "688555.csv")
    # day-to-day moves within the STAR ±20% limit (listing days excepted: no limit for the first 5 days)
    big = [(a["date"], b["date"]) for a, b in zip(rows[5:], rows[6:]) if abs(b["close"] / a["close"] - 1) > 0.2001]
    rep.check(not big, f"no close-to-close move beyond ±20% after the first 5 days" + (f": {big}" if big else ""))

    res = base_date(rows, t1)
    alt = base_date(rows, t1, {r["date"]: 40871400 for r in rows if r["date"] > "2022-01-14"})
    rep.check(res["tb"] == claimed_tb, f"spc2022 Tb = {res['tb']} (day {res['tb_day']}, k* {res['k_star']}, cum {res['cum_tb']:.4%}), claimed {claimed_tb}")
    rep.note(f"with ganlei333's last float 40,871,400 instead: Tb {alt['tb']} (day {alt['tb_day']}, cum {alt['cum_tb']:.4%}), Pb {alt['pb']:.4f}")

    first, last = rows[0]["date"], rows[-1]["date"]
    sec_dates = [r["date"] for r in rows]
    c1 = index_checks(rep, "000001", idx1, idx1_alt, first, last, calendar, sec_dates)
    c688 = index_checks(rep, "000688", idx688, None, first, last, calendar, sec_dates)
    n_s1 = sum(1 for r in rows if r["date"] <= "2022-01-14")
    files = [
        {
            "file": "688555.csv", "kind": "security", "code": "688555", "name": "退市泽达",
            "first": first, "last": last, "rows": len(rows),
            "checks": [
                f"ganlei333 (rows {first}..2022-01-14, {n_s1}): 成交额/成交量 inside [low, high] on every row; 流通市值/收盘价 an exact integer; closes and 成交额 equal SamLeon360 on all {len(ov)} days",
                f"Overwatch-mercy volume and close equal ganlei333 on the {len(overlap)} overlap days 2021-12-28..2022-01-14",
                f"rows 2022-01-17..{last} ({n}): dates equal SamLeon360's; Overwatch-mercy close, high and low equal SamLeon360's as-traded ones; SamLeon360 成交额 / Overwatch-mercy volume inside [low, high]; volume/float×100 equals Overwatch-mercy 换手率 to 4 decimals; 流通市值 = close × float (all {n} rows)",
                "every date is an SSE trading day; no SSE trading day in the range lacks a row" if not missing else f"SSE trading days without a row (suspended): {missing}",
                f"rules.md §5 spc2022 from day 1 {res['day1']} gives Tb {res['tb']} (day {res['tb_day']}, cumulative turnover {res['cum_tb']:.2%}), the base date the plaintiffs claimed; Pb {res['pb']:.4f}",
            ],
            "unchecked": [
                "block trades (大宗交易) are included in volume",
                "float 2021-12-31..2022-01-14: ganlei333 implies 40,871,400, Overwatch-mercy gives 41,423,200; the file follows ganlei333 to 2022-01-14 and Overwatch-mercy from 2022-01-17, so its float steps up on 2022-01-17 as a change of source; which is right is unresolved (Tb is the same with either)",
                "the float change to 41,842,000 on 2022-06-23 comes from Overwatch-mercy only",
                "volume after 2022-01-14 has one source (Overwatch-mercy); it is checked only through SamLeon360 成交额 / volume inside [low, high] and its own 换手率",
            ],
            "sources": [
                {"repository": GANLEI[0], "path": "sh688555.csv", "commit": GANLEI[1],
                 "rows": f"{first} to 2022-01-14",
                 "columns": "交易日期→date; 收盘价→close; 成交量→volume; round(流通市值/收盘价)→float"},
                {"repository": SAMLEON[0], "path": "688555.csv", "commit": SAMLEON[1],
                 "rows": f"2022-01-17 to {last}",
                 "columns": "date→date; close→close (as-traded); volume (really 成交额, yuan), low, high used for checks"},
                {"repository": OVERWATCH, "path": "688555.csv", "commit": OW_688555,
                 "rows": f"2022-01-17 to {last}",
                 "columns": "成交量（股）→volume; 流通股本（股）→float; 日期, 收盘价, 最高价, 最低价, 换手率, 流通市值 used for checks; read piecewise (offsets 75000, 91000, 107000) and transcribed in scripts/market/transcribed/overwatch_688555.csv"},
            ],
            "_rows": rows,
        },
        index_file("000001", "上证指数", idx1, first, last, calendar, sec_dates, idx000001_source(first, last),
                   c1, ["the reference index of the mediation was not published; 000001 is offered for the market-risk comparison and as the trading calendar"]),
        index_file("000688", "科创50", idx688, first, last, calendar, sec_dates, idx000688_source(first, last),
                   c688, ["one source only (no second 000688 series found)",
                          "the index was first published on 2020-07-23; rows 2020-06-23 to 2020-07-22 are back-calculated values"]),
    ]
    return rep, files, {"Tb": res, "Tb_alt": alt, "float": "Overwatch-mercy 41,423,200 then 41,842,000 from 2022-06-23 (ganlei333 40,871,400 as alt)"}


def case_guangdao(args, calendar, idx1, idx1_alt):
    rep = Report("guangdao-2025 (920680 = 839680)")
    t1 = "2024-12-05"
    ow = read_transcribed("overwatch_920680.csv")
    n = len(ow)
    problems = {"cents": [], "range": [], "turn": [], "hl": []}
    factors = []
    rows = []
    for r in ow:
        traded = r["float_mcap"] / r["float"]
        if not cents(traded):
            problems["cents"].append((r["date"], traded))
        f = round(traded, 2) / r["close"]
        factors.append((r["date"], f))
        # 成交额/成交量 against the day's range scaled to as-traded prices. Volume is
        # rounded to 100 shares in the source: allow ±50 shares.
        # The as-traded low/high are the adjusted ones times f, which carries the
        # 3-decimal rounding of the adjusted prices: allow half a cent.
        if not amount_in_range(r["amount"], r["volume"], r["low"] * f - 0.005, r["high"] * f + 0.005, vol_slack=50):
            problems["range"].append(r["date"])
        # 换手率 is given to 2 decimals, computed from the unrounded volume.
        if abs(r["volume"] / r["float"] * 100 - float(r["turnover_pct"])) > 0.005 + 50 / r["float"] * 100 + 1e-9:
            problems["turn"].append(r["date"])
        if not (r["low"] <= min(r["open"], r["close"]) and max(r["open"], r["close"]) <= r["high"]):
            problems["hl"].append(r["date"])
        rows.append({"date": r["date"], "close": round(traded, 2), "volume": r["volume"], "float": r["float"]})
    rep.check(not problems["cents"], f"流通市值/流通股本 is a whole number of cents on every row ({n - len(problems['cents'])}/{n})" + (f"; not {problems['cents']}" if problems["cents"] else ""))
    diffs = [(d, round(round(r["float_mcap"] / r["float"], 2) - r["close"], 3)) for (d, _), r in zip(factors, ow)]
    diff_set = sorted({x for _, x in diffs})
    steps = [(a[0], b[0], a[1], b[1]) for a, b in zip(diffs, diffs[1:]) if a[1] != b[1]]
    rep.note(f"as-traded minus forward-adjusted close: values {diff_set}; changes: {steps}")
    rep.check(len(steps) <= 1, "the adjustment is constant apart from at most one ex-date in the window")
    rep.check(not problems["range"], f"成交额/成交量 inside [low, high] × that factor, volume ±50 shares ({n - len(problems['range'])}/{n})" + (f"; outside {problems['range']}" if problems["range"] else ""))
    rep.check(not problems["turn"], f"volume/流通股本×100 equals 换手率 to 2 decimals, volume ±50 shares ({n - len(problems['turn'])}/{n})" + (f"; differ {problems['turn']}" if problems["turn"] else ""))
    rep.check(not problems["hl"], f"low ≤ open, close ≤ high on every row ({n - len(problems['hl'])}/{n})")
    rounded = all(r["volume"] % 100 == 0 for r in rows)
    rep.note(f"every volume is a multiple of 100: {rounded}")
    big = [(a["date"], b["date"], round(b["close"] / a["close"] - 1, 4)) for a, b in zip(rows, rows[1:]) if abs(b["close"] / a["close"] - 1) > 0.3001]
    rep.check(not big, "no close-to-close move beyond the BSE ±30% limit" + (f": {big}" if big else ""))
    missing = calendar_checks(rep, rows, calendar, "920680.csv")
    # The window ends 60 trading days after day 1.
    dates = [r["date"] for r in rows]
    d1 = next(i for i, d in enumerate(dates) if d >= t1)
    end = dates[min(d1 + AFTER_T1, len(dates) - 1)]
    rep.check(d1 + AFTER_T1 < len(dates), f"transcription reaches day 61 ({end})")
    rows = [r for r in rows if r["date"] <= end]
    res = base_date(rows, t1)
    rep.note(f"spc2022 Tb = {res['tb']} (day {res['tb_day']}, k* {res['k_star']}, cum {res['cum_tb']:.4%}), Pb {res['pb']:.4f}")

    first, last = rows[0]["date"], rows[-1]["date"]
    sec_dates = [r["date"] for r in rows]
    c1 = index_checks(rep, "000001", idx1, idx1_alt, first, last, calendar, sec_dates)
    files = [
        {
            "file": "920680.csv", "kind": "security", "code": "920680", "name": "广道退",
            "first": first, "last": last, "rows": len(rows),
            "checks": [
                "920680 is the same security as 839680 (广道数字; code changed on 2025-10-09 when BSE moved to 920 codes); the source file carries the listing day 2021-11-15 of 839680",
                f"close = 流通市值/流通股本, a whole number of cents on all {len(rows)} rows; it exceeds the source's forward-adjusted 收盘价 by exactly {steps[0][2]} to {steps[0][0]} and equals it from {steps[0][1]} (one ex-date, a cash dividend of about {steps[0][2]} yuan)" if len(steps) == 1 else f"close = 流通市值/流通股本, a whole number of cents on every row; adjustment changes {steps}",
                "成交额/成交量 (成交额 is real for this file) lies inside the as-traded [low, high] (the adjusted ones scaled by as-traded/adjusted close) on every row, allowing ±50 shares for volume rounding",
                "volume/流通股本×100 equals the source's 换手率 to 2 decimals on every row (allowing ±50 shares: 2024-11-28 gives 13.5550 for 13.55); low ≤ open, close ≤ high; no close-to-close move beyond ±30%",
                "every date is an SSE trading day; no SSE trading day in the range lacks a row" if not missing else f"SSE trading days without a row (suspended): {missing}",
                f"rules.md §5 spc2022 from day 1 {res['day1']} gives Tb {res['tb']} (day {res['tb_day']}, cumulative turnover {res['cum_tb']:.2%}), Pb {res['pb']:.4f}; not published",
            ],
            "unchecked": [
                "block trades (大宗交易) are included in volume",
                "one source only: no second series of as-traded closes, volumes or floats for 2024-2025 was found (ganlei333 bj839680.csv ends 2022-01-14)",
                "volume is rounded to 100 shares in the source",
                "the float (46,893,344 throughout) comes from one source",
                "rows before 2024-06-03: the purchase window's start (T0) is unknown; if the window starts at the IPO (listing 2021-11-15), earlier rows would have to be read from the same file",
            ],
            "sources": [
                {"repository": OVERWATCH, "path": "920680.csv", "commit": OW_920680,
                 "rows": f"{first} to {last}",
                 "columns": "日期→date; round(流通市值/流通股本, 2)→close (as-traded); 成交量（股）→volume; 流通股本（股）→float; 收盘价, 最高价, 最低价, 开盘价, 成交额, 换手率 used for checks; read piecewise (offsets 173000, 189000, 205000, 221000) and transcribed in scripts/market/transcribed/overwatch_920680.csv"},
            ],
            "_rows": rows,
        },
        index_file("000001", "上证指数", idx1, first, last, calendar, sec_dates, idx000001_source(first, last),
                   c1, ["not the scheme's benchmark: the scheme uses a purpose-built 北交所可比市场指数 (not public); 北证50 899050 has no public daily source; 000001 is shipped as the trading calendar and as a stand-in the user may choose"]),
    ]
    return rep, files, {"Tb": res, "float": "Overwatch-mercy 46,893,344"}


# ---------------------------------------------------------------------------


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--ganlei", required=True, help="git dir of ganlei333/stockdata")
    ap.add_argument("--samleon", required=True, help="git dir of SamLeon360/stock_data")
    ap.add_argument("--hriszc", required=True, help="git dir of hriszc/zechenhehuo")
    ap.add_argument("--chenzt", required=True, help="git dir of chenzt2020/quant")
    ap.add_argument("--zijing-extract", default=str(SHARED_688086),
                    help="the verified 688086 extract (default: shared/data/market/688086.csv)")
    ap.add_argument("--write", action="store_true", help="write cases/<id>/*.csv and data.toml")
    args = ap.parse_args()

    idx1 = read_index(args.hriszc, HRISZC[1], "data/sh000001.csv")
    idx1_alt = read_index(args.chenzt, CHENZT[1], "data/index/sh000001.csv")
    idx688 = read_index(args.chenzt, CHENZT[1], "data/index/sh000688.csv")
    calendar = sorted(idx1)

    runs = [
        ("zijing-2023", case_zijing(args, calendar, idx1, idx1_alt, idx688)),
        ("zeda-2023", case_zeda(args, calendar, idx1, idx1_alt, idx688)),
        ("guangdao-2025", case_guangdao(args, calendar, idx1, idx1_alt)),
    ]
    failed = 0
    for case_id, (rep, files, base) in runs:
        rep.print()
        failed += len(rep.failed)
        for f in files:
            print(f"  file {f['file']}: {f['rows']} rows {f['first']}..{f['last']}")
        if args.write:
            d = CASES / case_id
            d.mkdir(exist_ok=True)
            for f in files:
                if f["kind"] == "security":
                    write_security(d / f["file"], f["_rows"])
                else:
                    write_index(d / f["file"], f["_rows"])
            write_data_toml(d / "data.toml", case_id, files)

    print("\n== base date (rules.md §5, spc2022)")
    print(f"  {'case':<14} {'day 1':<11} {'Tb':<11} {'day':>3} {'k*':>3} {'cum at Tb':>10} {'Pb':>8}  float")
    for case_id, (_, _, base) in runs:
        for key in ("Tb", "Tb_alt"):
            if key not in base:
                continue
            b = base[key]
            tag = case_id if key == "Tb" else "  (alt float)"
            print(f"  {tag:<14} {b['day1']:<11} {b['tb']:<11} {b['tb_day']:>3} {b['k_star']:>3} {b['cum_tb']:>10.4%} {b['pb']:>8.4f}" + (f"  {base['float']}" if key == "Tb" else ""))
    print(f"\n{failed} check(s) failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
