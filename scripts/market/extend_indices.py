#!/usr/bin/env python3
"""Extends a case's shipped index files back to 20 index trading days before its earliest
implementation date T0, where the security listed after T0 (the first extractions started
the index files at the listing day). IPO subscriptions are dated before the listing and
the index deduction needs the index's close on those dates.

    scripts/market/extend_indices.py --zechenhehuo GITDIR --quant GITDIR [--write]

Reads the same public snapshots as extract_pre2022.py / extract_post2022.py (no download),
prepends the missing rows exactly as the source writes them, and updates data.toml
(first, rows, the source's row range, and a check line saying what was added).
"""
import argparse, csv, io, re, subprocess, tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ZECHEN = ('hriszc/zechenhehuo', '3faadcb5aa838eadeff89d5329b7eb2fedb7c20d')
QUANT = ('chenzt2020/quant', 'ced77b919b3b95824497b0432624da640d3d6e2d')
SOURCES = {
    '000001': (ZECHEN, 'data/sh000001.csv'),
    '399001': (ZECHEN, 'data/sz399001.csv'),
    '000300': (ZECHEN, 'data/sh000300.csv'),
    '399006': (QUANT, 'data/index/sz399006.csv'),
    '000688': (QUANT, 'data/index/sh000688.csv'),
}
BEFORE = 20


def source_rows(gitdirs, code):
    (repo, commit), path = SOURCES[code]
    text = subprocess.run(['git', '--git-dir', gitdirs[repo], 'show', f'{commit}:{path}'],
                          check=True, capture_output=True, text=True).stdout
    return [(r['date'], r['close']) for r in csv.DictReader(io.StringIO(text))]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--zechenhehuo', required=True)
    ap.add_argument('--quant', required=True)
    ap.add_argument('--write', action='store_true')
    a = ap.parse_args()
    gitdirs = {ZECHEN[0]: a.zechenhehuo, QUANT[0]: a.quant}
    for case_file in sorted((ROOT / 'cases').glob('*.toml')):
        case = tomllib.loads(case_file.read_text())
        files = case.get('market_files', [])
        if not files:
            continue
        t0 = min(s['implementation_date'] for s in case['segments'])
        cid = case['id']
        data_path = ROOT / 'cases' / cid / 'data.toml'
        data_text = data_path.read_text()
        for f in files:
            m = re.fullmatch(r'index-(\d{6})\.csv', f)
            if not m or m.group(1) not in SOURCES:
                continue
            code = m.group(1)
            path = ROOT / 'cases' / cid / f
            lines = path.read_text().splitlines()
            first = lines[1].split(',')[0]
            src = source_rows(gitdirs, code)
            dates = [d for d, _ in src]
            i0 = next(i for i, d in enumerate(dates) if d >= t0)
            start = dates[max(0, i0 - BEFORE)]
            if start >= first:
                continue
            add = [f'{d},{c}' for d, c in src if start <= d < first]
            # The rows already shipped must be the source's own rows.
            have = dict(src)
            for line in lines[1:]:
                d, c = line.split(',')
                assert have.get(d) == c, (cid, f, d, c, have.get(d))
            print(f'{cid}/{f}: +{len(add)} rows {start} .. {add[-1].split(",")[0]} (T0 {t0}, was from {first})')
            if not a.write:
                continue
            path.write_text('\n'.join([lines[0]] + add + lines[1:]) + '\n')
            rows = len(lines) - 1 + len(add)
            block_re = re.compile(r'(\[\[files\]\]\nfile = "' + re.escape(f) + r'"\n)(.*?)(?=\n\[\[files\]\]\n|\Z)', re.S)
            mb = block_re.search(data_text)
            block = mb.group(2)
            block = re.sub(r'^first = "[^"]+"', f'first = "{start}"', block, flags=re.M)
            block = re.sub(r'^rows = \d+', f'rows = {rows}', block, flags=re.M)
            block = re.sub(r'^(rows = ")' + re.escape(first), r'\g<1>' + start, block, flags=re.M)
            block = block.replace('checks = [\n', 'checks = [\n  "rows from ' + start + ' to the day before ' + first
                                  + ' (' + str(len(add)) + ') added by scripts/market/extend_indices.py: 20 index trading days before T0 '
                                  + t0 + ', so that subscriptions dated before the listing have an index close; the shipped rows equal the source\'s",\n', 1)
            data_text = data_text[:mb.start(2)] + block + data_text[mb.end(2):]
        if a.write:
            data_path.write_text(data_text)


if __name__ == '__main__':
    main()
