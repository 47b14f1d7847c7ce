#!/usr/bin/env python3
"""Rebuild the built-in market data (up to 2022-01-14) of six cases from local git snapshots.

Usage:
    extract_pre2022.py --stockdata GITDIR --zechenhehuo GITDIR --quant GITDIR \
                       --indices-corr GITDIR [--sw801150 CSV] [--repo DIR] [--dry-run]

GITDIR is the git directory of a whole snapshot (e.g. /work/.mirror/OWNER+NAME/repo):
  --stockdata     ganlei333/stockdata            (securities, as traded, volume in shares)
  --zechenhehuo   hriszc/zechenhehuo             (000001, 399001, 000300; trading calendar)
  --quant         chenzt2020/quant               (399006; cross-checks of 000001, 000300)
  --indices-corr  emacsist/china_stock_indices_corr (cross-checks, to 2020-04-09)
  --sw801150      the transcribed 申万医药生物 extract (shared/data/market/idx_801150.csv,
                  from zl1990118-design/sw-index-data, which has no whole snapshot)

For every case it reads the case file (cases/<id>.toml) for the security and the segment
dates, cuts the window (20 trading days before the earliest T0, or the listing day, through
60 trading days after day 1 of the latest T1; a delisted security to its last trading day),
writes cases/<id>/<code>.csv, cases/<id>/index-<code>.csv and cases/<id>/data.toml, runs the
checks and prints them with the base date (Tb) and base price (Pb) of every segment
(rules.md section 5, spc2003). Nothing is downloaded: it only runs `git show`.
"""

import argparse
import csv
import datetime as dt
import io
import json
import subprocess
import sys
import tomllib
from collections import Counter
from pathlib import Path

BEFORE = 20  # trading days before the earliest T0
AFTER = 60   # trading days after day 1 of the latest T1
S1_END = "2022-01-14"  # last day of ganlei333/stockdata

# case id -> indices to ship, and special handling
CASES = {
    "wanfu-2013": {"indices": ["399006", "399001"]},
    "hailianxun-2014": {"indices": ["399006", "399001"]},
    "xintai-2017": {"indices": ["399006", "399001"]},
    "kangmei-2021": {"indices": ["000001", "801150"]},
    "xiangyi-2021": {"indices": ["000001"]},
    # T1 2015-11-20 (from the case file): the window is cut like the others.
    "founder-2019": {"indices": ["000001", "000300"]},
}

INDEX_NAMES = {"000001": "上证指数", "399001": "深证成指", "399006": "创业板指",
               "000300": "沪深300", "801150": "医药生物"}


# ---------------------------------------------------------------- reading snapshots

def git(gitdir, *args):
    return subprocess.run(["git", "--git-dir", str(gitdir), *args], check=True,
                          capture_output=True).stdout


def head(gitdir):
    return git(gitdir, "rev-parse", "HEAD").decode().strip()


def show(gitdir, commit, path):
    return git(gitdir, "show", f"{commit}:{path}").decode("utf-8-sig")


def read_stock(gitdir, commit, path):
    """ganlei333/stockdata: line 1 is a banner, line 2 the header, rows ascending."""
    lines = show(gitdir, commit, path).splitlines()
    rows = list(csv.DictReader(io.StringIO("\n".join(lines[1:]))))
    out = []
    for r in rows:
        out.append({
            "date": r["交易日期"], "name": r["股票名称"],
            "high": float(r["最高价"]), "low": float(r["最低价"]),
            "close": float(r["收盘价"]), "preclose": float(r["前收盘价"]),
            "vol_raw": r["成交量"], "vol": float(r["成交量"]),
            "amount": float(r["成交额"]), "fmv": float(r["流通市值"]),
        })
    return out


def read_baostock(gitdir, commit, path):
    """hriszc/zechenhehuo: date,open,close,... ; keep the close text as given."""
    rows = csv.DictReader(io.StringIO(show(gitdir, commit, path)))
    return {r["date"]: r["close"] for r in rows}


def read_quant(gitdir, commit, path):
    rows = csv.DictReader(io.StringIO(show(gitdir, commit, path)))
    return {r["date"]: r["close"] for r in rows}


def read_netease(gitdir, commit, path):
    """emacsist/china_stock_indices_corr *.csv.ok: 网易 format, newest first."""
    rows = csv.DictReader(io.StringIO(show(gitdir, commit, path)))
    return {r["日期"]: r["收盘价"] for r in rows}


def read_plain(path):
    with open(path, encoding="utf-8") as f:
        return {r["date"]: r["close"] for r in csv.DictReader(f)}


# ---------------------------------------------------------------- rules.md section 5

def base_date(rows, t1, delisted):
    """spc2003, Art. 33 read literally: Tb = first day with cumulative turnover >= 1;
    if it is never reached, day 30; if the security was delisted before that, its last
    trading day. Also gives the variant with a 30-day cap (rules.md text: day 30 when
    cum_30 < 1). Returns a dict; rows are the security's rows (date, close, volume, float)."""
    i1 = next(i for i, r in enumerate(rows) if r["date"] >= t1)
    cum, kstar, cums = 0.0, None, []
    for k, r in enumerate(rows[i1:], start=1):
        cum += r["volume"] / r["float"]
        cums.append(cum)
        if kstar is None and cum >= 1:
            kstar = k
    n = len(cums)
    if kstar is not None:
        tb = kstar
    elif n >= 30:
        tb = 30
    elif delisted:
        tb = n
    else:
        raise SystemExit(f"{30 - n} trading days missing after {t1}")
    cap = kstar if kstar is not None and kstar <= 30 else (30 if n >= 30 else n)

    def at(k):
        closes = [r["close"] for r in rows[i1:i1 + k]]
        return {"day": k, "date": rows[i1 + k - 1]["date"], "cum": cums[k - 1],
                "pb": sum(closes) / k}
    return {"day1": rows[i1]["date"], "tb": at(tb), "cap30": at(cap), "kstar": kstar,
            "cum30": cums[29] if n >= 30 else None}


# ---------------------------------------------------------------- checks

def gaps(dates, calendar):
    """Runs of calendar trading days missing between consecutive dates."""
    pos = {d: i for i, d in enumerate(calendar)}
    out = []
    for a, b in zip(dates, dates[1:]):
        ia, ib = pos[a], pos[b]
        if ib - ia > 1:
            out.append((calendar[ia + 1], calendar[ib - 1], ib - ia - 1))
    return out


def check_security(rows, calendar, code):
    checks, notes = [], {}
    n = len(rows)
    # 1. mean traded price inside [low, high]
    bad, near = [], []
    for r in rows:
        if r["vol"] > 0:
            avg = r["amount"] / r["vol"]
            if not (r["low"] - 1e-9 <= avg <= r["high"] + 1e-9):
                item = f'{r["date"]} ({avg:.6f} vs [{r["low"]}, {r["high"]}])'
                # 成交额 is rounded to the yuan: on one-price days the mean can miss by less
                # than half a cent
                if r["low"] - 0.005 <= avg <= r["high"] + 0.005:
                    near.append(item)
                else:
                    bad.append(item)
    ok = n - len(bad) - len(near)
    text = f"成交额/成交量 inside [最低价, 最高价] on {ok} of {n} rows (as-traded prices)"
    if near:
        text += (f"; within half a cent of it on {len(near)} one-price (涨停/跌停) rows where "
                 f"成交额 is rounded: {', '.join(near)}")
    if bad:
        text += f"; OUTSIDE on {', '.join(bad)}"
    checks.append(text)
    notes["avg_bad"] = bad
    # 2. volume: integer shares, positive, below the float
    nonint = [r["date"] for r in rows if r["vol"] != int(r["vol"])]
    zero = [r["date"] for r in rows if r["vol"] <= 0]
    turns = [(r["vol"] / r["float"], r["date"]) for r in rows]
    mx = max(turns)
    checks.append(
        f"成交量 is a whole number of shares on {n - len(nonint)} of {n} rows"
        + (f" (not on {', '.join(nonint)})" if nonint else "")
        + f"; zero-volume rows: {len(zero)}"
        + f"; daily volume/float from {min(turns)[0]:.4%} to {mx[0]:.2%} (max {mx[1]})"
        + ("" if mx[0] <= 1 else " — ABOVE 100%"))
    # 3. dates
    ds = [r["date"] for r in rows]
    asc = all(a < b for a, b in zip(ds, ds[1:]))
    wk = [d for d in ds if dt.date.fromisoformat(d).weekday() >= 5]
    cal = set(calendar)
    off = [d for d in ds if d not in cal]
    checks.append(f"dates strictly ascending: {'yes' if asc else 'NO'}; weekend dates: "
                  f"{len(wk)}; dates not in the 000001 calendar (hriszc/zechenhehuo): "
                  f"{', '.join(off) if off else 'none'}")
    # 4. float
    dev = max(abs(r["fmv"] / r["close"] - round(r["fmv"] / r["close"])) for r in rows)
    ch = [(b["date"], a["float"], b["float"]) for a, b in zip(rows, rows[1:])
          if a["float"] != b["float"]]
    blips = [f"{b['date']} ({b['float']:,} between two days of {a['float']:,})"
             for a, b, c in zip(rows, rows[1:], rows[2:])
             if a["float"] == c["float"] != b["float"]]
    if blips:
        checks.append("float returns to its previous value the next day (a one-day glitch of "
                      "流通市值 in the source, kept as given; turnover that day uses it): "
                      + "; ".join(blips))
    if ch:
        checks.append(f"float = round(流通市值/收盘价) (largest distance of the ratio from an "
                      f"integer {dev:.4f} shares); {len(ch)} change(s): "
                      + "; ".join(f"{d} {a:,} → {b:,}" for d, a, b in ch))
    else:
        checks.append(f"float = round(流通市值/收盘价) (largest distance of the ratio from an "
                      f"integer {dev:.4f} shares); constant {rows[0]['float']:,}, no change")
    # 5. 前收盘价 = previous row's 收盘价 (differs only on ex-rights days)
    pc = [f'{b["date"]} ({b["preclose"]} vs {a["close"]})' for a, b in zip(rows, rows[1:])
          if abs(b["preclose"] - a["close"]) > 1e-9]
    checks.append("前收盘价 equals the previous row's 收盘价 on "
                  f"{n - 1 - len(pc)} of {n - 1} rows"
                  + (f"; differs (ex-rights / ex-dividend days) on {', '.join(pc)}" if pc else ""))
    # 6. suspensions inside the window
    g = gaps(ds, calendar)
    if g:
        checks.append("suspension gaps inside the window (calendar trading days with no row): "
                      + "; ".join(f"{a} → {b} ({k} days)" for a, b, k in g))
    else:
        checks.append("no suspension gap inside the window (every calendar trading day has a row)")
    return checks, notes


def check_index(rows, calendar, first, last, second):
    """rows: date -> close text. second: list of (label, {date: close}) cross-check sources."""
    checks = []
    ds = sorted(rows)
    cal = [d for d in calendar if first <= d <= last]
    miss = sorted(set(cal) - set(ds))
    extra = sorted(set(ds) - set(cal))
    checks.append(f"dates = the 000001 trading calendar from {first} to {last}: "
                  + ("yes" if not miss and not extra else
                     f"missing {', '.join(miss) or 'none'}; extra {', '.join(extra) or 'none'}"))
    for label, other in second:
        common = [d for d in ds if d in other]
        if not common:
            continue
        diffs = [(abs(float(rows[d]) - float(other[d])), d) for d in common]
        mx = max(diffs)
        big = [f"{d} ({rows[d]} vs {other[d]})" for x, d in diffs if x > 0.0051]
        only = [d for d in ds if d not in other and common[0] <= d <= common[-1]]
        oth = [d for d in other if common[0] <= d <= common[-1] and d not in rows]
        checks.append(
            f"cross-checked with {label} on {len(common)} common days ({common[0]} to "
            f"{common[-1]}): max |difference| {mx[0]:.4f} ({mx[1]})"
            + (f"; above 0.005 on {', '.join(big)}" if big else "")
            + (f"; dates only here {', '.join(only)}" if only else "")
            + (f"; dates only there {', '.join(oth)}" if oth else ""))
    return checks


# ---------------------------------------------------------------- output

def toml_str(s):
    return json.dumps(s, ensure_ascii=False)


def toml_list(xs):
    if not xs:
        return "[]"
    return "[\n" + "".join(f"  {toml_str(x)},\n" for x in xs) + "]"


def file_entry(f):
    out = ["[[files]]",
           f"file = {toml_str(f['file'])}",
           f"kind = {toml_str(f['kind'])}",
           f"code = {toml_str(f['code'])}",
           f"name = {toml_str(f['name'])}",
           f"first = {toml_str(f['first'])}",
           f"last = {toml_str(f['last'])}",
           f"rows = {f['rows']}",
           f"checks = {toml_list(f['checks'])}",
           f"unchecked = {toml_list(f['unchecked'])}"]
    for s in f["sources"]:
        out += ["[[files.sources]]",
                f"repository = {toml_str(s['repository'])}",
                f"path = {toml_str(s['path'])}",
                f"commit = {toml_str(s['commit'])}",
                f"rows = {toml_str(s['rows'])}",
                f"columns = {toml_str(s['columns'])}"]
    return "\n".join(out) + "\n"


def write_csv(path, header, rows):
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write(",".join(header) + "\n")
        for r in rows:
            f.write(",".join(str(x) for x in r) + "\n")


# ---------------------------------------------------------------- main

def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--stockdata", required=True)
    ap.add_argument("--zechenhehuo", required=True)
    ap.add_argument("--quant", required=True)
    ap.add_argument("--indices-corr", required=True)
    ap.add_argument("--sw801150", default=None)
    ap.add_argument("--repo", default=str(Path(__file__).resolve().parents[2]))
    ap.add_argument("--dry-run", action="store_true", help="check and print, write nothing")
    a = ap.parse_args()
    repo = Path(a.repo)
    sw_csv = a.sw801150 or str(repo.parent / "shared/data/market/idx_801150.csv")

    c_s1, c_z, c_q, c_e = (head(a.stockdata), head(a.zechenhehuo), head(a.quant),
                           head(a.indices_corr))
    z = {k: read_baostock(a.zechenhehuo, c_z, f"data/{p}.csv")
         for k, p in [("000001", "sh000001"), ("399001", "sz399001"), ("000300", "sh000300")]}
    q = {"399006": read_quant(a.quant, c_q, "data/index/sz399006.csv"),
         "000001": read_quant(a.quant, c_q, "data/index/sh000001.csv"),
         "000300": read_quant(a.quant, c_q, "data/index/sh000300.csv")}
    e = {k: read_netease(a.indices_corr, c_e, f"{p}.csv.ok")
         for k, p in [("000001", "000001"), ("399001", "399001"), ("399006", "399006"),
                      ("000300", "399300")]}
    sw = read_plain(sw_csv)
    calendar = sorted(z["000001"])

    # primary source and cross-checks of each index
    def qlabel(p):
        return f"chenzt2020/quant {p} @ {c_q[:8]}"

    def elabel(p):
        return f"emacsist/china_stock_indices_corr {p} @ {c_e[:8]}"
    ZS = ("hriszc/zechenhehuo", c_z)
    index_src = {
        "000001": (z["000001"], ZS + ("data/sh000001.csv",),
                   [(qlabel("data/index/sh000001.csv"), q["000001"]),
                    (elabel("000001.csv.ok"), e["000001"])]),
        "399001": (z["399001"], ZS + ("data/sz399001.csv",),
                   [(elabel("399001.csv.ok"), e["399001"])]),
        "000300": (z["000300"], ZS + ("data/sh000300.csv",),
                   [(qlabel("data/index/sh000300.csv"), q["000300"]),
                    (elabel("399300.csv.ok (CSI 300 under its SZSE code)"), e["000300"])]),
        "399006": (q["399006"], ("chenzt2020/quant", c_q, "data/index/sz399006.csv"),
                   [(elabel("399006.csv.ok"), e["399006"])]),
        "801150": (sw, ("zl1990118-design/sw-index-data",
                        "8c0e6cff726a121349b39c1ca3752abc3dc906b2", "sw/801150.json"), []),
    }

    summary = []
    for cid, cfg in CASES.items():
        case = tomllib.loads((repo / "cases" / f"{cid}.toml").read_text(encoding="utf-8"))
        code = case["security"]
        segs = case["segments"]
        t0 = min(s["implementation_date"] for s in segs)
        t1 = cfg.get("t1") or max(s["disclosure_date"] for s in segs)
        last_td = max((s.get("last_trading_date", "") for s in segs), default="") or None
        spath = ("sh" if code.startswith("6") else "sz") + code + ".csv"
        src = read_stock(a.stockdata, c_s1, spath)
        for r in src:
            r["float"] = round(r["fmv"] / r["close"])
        # window
        i0 = next(i for i, r in enumerate(src) if r["date"] >= t0)
        start = max(0, i0 - BEFORE)
        if cfg.get("end"):
            end = max(i for i, r in enumerate(src) if r["date"] <= cfg["end"])
        elif last_td:
            end = max(i for i, r in enumerate(src) if r["date"] <= last_td)
        else:
            i1 = next(i for i, r in enumerate(src) if r["date"] >= t1)
            end = min(len(src) - 1, i1 + AFTER)
        # base dates (the window must reach Tb: extend it if it does not)
        simple = [{"date": r["date"], "close": r["close"], "volume": int(r["vol"]),
                   "float": r["float"]} for r in src[start:]]
        results = []
        if not cfg.get("t1_unknown"):
            for s in segs:
                st1 = cfg.get("t1") or s["disclosure_date"]
                res = base_date(simple, st1, bool(last_td))
                results.append((s["id"], st1, res))
                if res["tb"]["date"] > src[end]["date"]:
                    end = max(i for i, r in enumerate(src) if r["date"] <= res["tb"]["date"])
                    print(f"{cid}: window extended to Tb {res['tb']['date']}")
        rows = src[start:end + 1]
        first, last = rows[0]["date"], rows[-1]["date"]
        checks, _ = check_security(rows, calendar, code)
        name = Counter(r["name"] for r in rows).most_common(1)[0][0]
        names = sorted(set(r["name"] for r in rows), key=lambda n: next(
            r["date"] for r in rows if r["name"] == n))
        checks.append("股票名称 in the window, in order of first use: " + ", ".join(names))
        if rows[0]["date"] == src[0]["date"]:
            checks.append(f"first row is the listing day ({src[0]['date']}); 前收盘价 there is "
                          f"the IPO price {src[0]['preclose']}")
        if last_td:
            checks.append(f"last row {last} is the source's last row for {code} and equals "
                          f"the case's last_trading_date {last_td}: "
                          f"{'yes' if last == src[-1]['date'] == last_td else 'NO'}")
        unchecked = [
            "block trades (大宗交易) are included in volume: no public daily block-trade series",
            "no second whole-snapshot source of as-traded close, volume and float before "
            "2019 to compare with (S2 Overwatch-mercy is forward-adjusted and piecewise only)",
            "float is derived (流通市值/收盘价), not a published 流通股本 column; its change "
            "dates were not compared with the company's announcements",
        ]
        files = [{
            "file": f"{code}.csv", "kind": "security", "code": code, "name": name,
            "first": first, "last": last, "rows": len(rows), "checks": checks,
            "unchecked": unchecked,
            "sources": [{"repository": "ganlei333/stockdata", "path": spath, "commit": c_s1,
                         "rows": f"{first} to {last}",
                         "columns": "交易日期→date; 收盘价→close; 成交量→volume; "
                                    "round(流通市值/收盘价)→float"}],
        }]
        out_rows = {"sec": [(r["date"], f'{r["close"]:.2f}', int(r["vol"]), r["float"])
                            for r in rows]}
        for ix in cfg["indices"]:
            data, (srepo, scommit, spth), second = index_src[ix]
            irows = {d: c for d, c in data.items() if first <= d <= last}
            ids = sorted(irows)
            ichecks = check_index(irows, calendar, first, last, second)
            iun = []
            if not second:
                iun.append("no second daily source found for a cross-check")
            if ix == "801150":
                ichecks.append(
                    "rows transcribed piecewise from the source (offsets 194000 and 210000) into "
                    "shared/data/market/idx_801150.csv; every row has low <= open, close <= "
                    "high, no day-to-day move above 9%, and period-end closes match the "
                    "source's quarter/801150.json (commit 00a966b443a18bbfe4bdc0ee22372c6e9f4ab0dc) "
                    "at 9 period ends (see shared/data/market/README.md)")
                iun.append("2017-04-05 and 2017-07-21 are absent in the source and no other "
                           "public daily 801150 series was found to fill them")
                iun.append("SW2021 classification series; whether the court used the same "
                           "series (SW2014 801150 history) was not verified")
            if ix == "399006":
                iun.append("the primary source gives 2 decimals only")
            if ix in ("000001", "399001", "000300"):
                iun.append("the level is as baostock gives it (4 decimals); official exchange "
                           "files were not compared")
            lbl = {"000001": "data/sh000001.csv", "399001": "data/sz399001.csv",
                   "000300": "data/sh000300.csv", "399006": "data/index/sz399006.csv",
                   "801150": "sw/801150.json"}[ix]
            cols = ("day[i][0] (yyyymmdd)→date; day[i][4]→close" if ix == "801150"
                    else "date→date; close→close")
            files.append({
                "file": f"index-{ix}.csv", "kind": "index", "code": ix,
                "name": INDEX_NAMES[ix], "first": ids[0], "last": ids[-1], "rows": len(ids),
                "checks": ichecks, "unchecked": iun,
                "sources": [{"repository": srepo, "path": lbl, "commit": scommit,
                             "rows": f"{ids[0]} to {ids[-1]}", "columns": cols}],
            })
            out_rows[ix] = [(d, irows[d]) for d in ids]
        # write
        if not a.dry_run:
            d = repo / "cases" / cid
            d.mkdir(exist_ok=True)
            write_csv(d / f"{code}.csv", ["date", "close", "volume", "float"], out_rows["sec"])
            for ix in cfg["indices"]:
                write_csv(d / f"index-{ix}.csv", ["date", "close"], out_rows[ix])
            with open(d / "data.toml", "w", encoding="utf-8") as f:
                f.write(f"# Public market data shipped with case {cid}.\n")
                f.write("# Built by scripts/market/extract_pre2022.py from whole git snapshots.\n")
                f.write("\n".join(file_entry(x) for x in files))
        summary.append((cid, files, results))

    # print
    for cid, files, results in summary:
        print(f"== {cid}")
        for f in files:
            print(f"  {f['file']:<16} {f['rows']:>5} rows  {f['first']} .. {f['last']}")
            for c in f["checks"]:
                print(f"      check: {c[:300]}{'…' if len(c) > 300 else ''}")
            for c in f["unchecked"]:
                print(f"      unchecked: {c}")
        for sid, t1, res in results:
            tb, cap = res["tb"], res["cap30"]
            print(f"  segment {sid}: T1 {t1}, day 1 {res['day1']}: Tb {tb['date']} (day "
                  f"{tb['day']}, cum {tb['cum']:.4%}), Pb {tb['pb']:.4f}"
                  + ("" if cap["day"] == tb["day"] else
                     f"  [30-day cap: Tb {cap['date']} (day 30, cum {cap['cum']:.4%}), "
                     f"Pb {cap['pb']:.4f}]"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
