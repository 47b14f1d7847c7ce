#!/usr/bin/env python3
"""Writes the broker-export fixtures of tests/import.rs from the sample rows of
broker-formats.md §8 (copied verbatim, UTF-8, into source/A.txt … source/L.txt), each in
its real encoding and container:

  a-ths-jiaoge.xls     A: 同花顺 交割单, GBK text with tabs, named .xls
  a-utf16.xls          A: the same saved by Excel as "Unicode text" (UTF-16LE, BOM)
  b-pingan-history.xls B: 平安 历史成交, GBK TSV, ="…" cells, trailing empty column
  c-tdx-history.xls    C: 通达信 历史成交, GBK TSV
  d-hxsec-jiaoge.xls   D: 华西 交割单, GBK TSV, CRLF, ="…" text cells
  e-citic.xlsx         E: 中信 交割单 as Excel saves it: codes and accounts as numbers,
                          dates and times as date/time cells (hand-written OOXML)
  f-gtja-credit.xls    F: 国泰君安 信用, a real BIFF8 workbook (xlwt), dates as numbers
  g-jgd.csv            the master ledger in the jgd.csv layout (catalogue #23): GB18030,
                          = "000597      " codes, -- blanks, trailing comma, newest first,
                          credits without prices (priced from their payment rows)
  h-ths-statement.xls  A as an HTML table (GBK, meta charset), title rows, ="…", &nbsp;
  i-tdx-history.txt    C as a 通达信 fixed-width text export (catalogue #17), GBK
  j-csdc-paste.txt     J: CSDC holding changes as pasted text (tabs, two sections)
  k-gf-ocr.txt         K: 广发 对账单 lines as OCR text (single spaces)
  l-*.{xls,txt}        L: each edge row under its layout's header
  paste-tabs.txt       A as copied from the client's table (tabs)
  paste-spaces.txt     A as copied from a fixed-width view (runs of spaces, CJK = 2)

Run from this folder: `python3 generate.py` (needs `pip install xlwt==1.3.0` for the BIFF8
file). The output is byte-for-byte reproducible: no timestamps are written.
"""

import datetime
import io
import os
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))


def source(letter):
    with open(os.path.join(HERE, "source", letter + ".txt"), encoding="utf-8") as f:
        return f.read()


def rows_of(text):
    return [line.split("\t") for line in text.splitlines() if line and not line.startswith("#")]


def write(name, data):
    with open(os.path.join(HERE, name), "wb") as f:
        f.write(data)


def width(s):
    w = 0
    for ch in s:
        o = ord(ch)
        wide = (0x1100 <= o <= 0x115F or 0x2E80 <= o <= 0xA4CF or 0xAC00 <= o <= 0xD7A3
                or 0xF900 <= o <= 0xFAFF or 0xFE30 <= o <= 0xFE4F or 0xFF00 <= o <= 0xFF60
                or 0xFFE0 <= o <= 0xFFE6)
        w += 2 if wide else 1
    return w


def is_number(s):
    try:
        float(s.replace(",", ""))
        return True
    except ValueError:
        return False


def fixed(rows, numbers_right=True):
    """Renders rows as a fixed-width view: every column as wide as its widest cell plus two
    spaces; text left-aligned, numbers right-aligned (when asked)."""
    n = max(len(r) for r in rows)
    rows = [r + [""] * (n - len(r)) for r in rows]
    widths = [max(width(r[i]) for r in rows) for i in range(n)]
    out = []
    for k, r in enumerate(rows):
        cells = []
        for i, c in enumerate(r):
            pad = " " * (widths[i] - width(c))
            right = numbers_right and k > 0 and c and is_number(c)
            cells.append(pad + c if right else c + pad)
        out.append("  ".join(cells).rstrip())
    return out


# ---------------------------------------------------------------- text containers

A = source("A")
write("a-ths-jiaoge.xls", A.encode("gbk"))
write("a-utf16.xls", b"\xff\xfe" + A.replace("\n", "\r\n").encode("utf-16-le"))
write("b-pingan-history.xls", source("B").encode("gbk"))
write("c-tdx-history.xls", source("C").encode("gbk"))
write("d-hxsec-jiaoge.xls", source("D").replace("\n", "\r\n").encode("gbk"))
write("j-csdc-paste.txt", source("J").encode("utf-8"))
write("k-gf-ocr.txt", source("K").encode("utf-8"))

# Pasted from the client's table: tabs, no trailing tab. From a fixed-width view: spaces.
a_rows = [r[:19] for r in rows_of(A)]
write("paste-tabs.txt", ("\n".join("\t".join(r).rstrip("\t") for r in a_rows) + "\n").encode("utf-8"))
write("paste-spaces.txt", ("\n".join(fixed(a_rows, numbers_right=False)) + "\n").encode("utf-8"))

# ---------------------------------------------------------------- HTML (A)

def td(c):
    if c == "":
        return "<td>&nbsp;</td>"
    return "<td>" + c.replace("&", "&amp;") + "</td>"


header, *data = a_rows
html = ['<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312"></head><body>',
        '<table border="1">',
        '<tr><td colspan="19">交割单查询</td></tr>',
        '<tr><td colspan="19">资金账号：880000000001&nbsp;&nbsp;查询区间：20240101-20240930</td></tr>',
        "<tr>" + "".join("<th>%s</th>" % h for h in header) + "</tr>"]
for r in data:
    r = list(r)
    if r[2]:
        r[2] = '="%s"' % r[2]
    html.append("<tr>" + "".join(td(c) for c in r) + "</tr>")
html.append('<tr><td>合计</td>' + "<td>&nbsp;</td>" * 18 + "</tr>")
html.append("</table></body></html>")
write("h-ths-statement.xls", "\r\n".join(html).encode("gbk"))

# ---------------------------------------------------------------- fixed-width TDX (C)

c_rows = rows_of(source("C"))
c_head = c_rows[0]
out = [["成交日期", "成交时间", "证券代码", "证券名称", "买卖标志", "成交数量", "成交价格", "成交金额",
        "委托编号", "成交编号", "发生金额", "股东代码", "备注"]]
for r in c_rows[1:]:
    d = dict(zip(c_head, r))
    amount = float(d["成交金额"])
    fees = sum(float(d[k]) for k in ("佣金", "印花税", "过户费", "其他费"))
    remark = d["备注"]
    if remark.startswith("证券买入"):
        net = -(amount + fees)
    elif remark.startswith("证券卖出"):
        net = amount - fees
    elif remark.startswith("股息入账"):
        net = amount
    elif "扣税" in remark or "下账" in remark or "扣款" in remark:
        net = -amount
    else:
        net = 0.0
    code = d["证券代码"]
    holder = "A000000001" if code[0] in "67" else "0000000001"
    out.append([d["成交日期"], d["成交时间"], code, d["证券名称"], d["买卖标志"],
                "%.2f" % float(d["成交数量"]), "%.8f" % float(d["成交价格"]), "%.2f" % amount,
                d["委托编号"], d["成交编号"], "%.2f" % net, holder, remark])
lines = ["历史成交查询", "", "-" * 60, ""] + fixed(out)
write("i-tdx-history.txt", ("\r\n".join(lines) + "\r\n").encode("gbk"))

# ---------------------------------------------------------------- jgd.csv (the ledger)

a_head = a_rows[0]
jgd_head = ["交收日期", "发生日期", "发生时间", "证券代码", "证券名称", "交易类别", "成交数量", "成交均价",
            "成交金额", "发生金额", "佣金", "其他费用", "印花税", "过户费", "股份余额", "资金余额",
            "成交编号", "股东账号", "流水号", "交易市场", "币种"]
jgd = []
for k, r in enumerate(a_rows[1:]):
    d = dict(zip(a_head, r))
    day = datetime.date(int(d["成交日期"][:4]), int(d["成交日期"][4:6]), int(d["成交日期"][6:]))
    settle = day + datetime.timedelta(days=3 if day.weekday() == 4 else 1) if d["成交时间"] else day
    price = d["成交均价"]
    if d["操作"] in ("新股入账", "配股入账"):
        price = "0.000"  # priced from the payment rows
    market = {"上海Ａ股": "沪市A股", "深圳Ａ股": "深市A股", "": "--"}[d["交易市场"]]
    cell = lambda v: v if v != "" else "--"
    code = '= "%s      "' % d["证券代码"] if d["证券代码"] else "--"
    jgd.append([settle.strftime("%Y%m%d"), d["成交日期"], cell(d["成交时间"]), code, cell(d["证券名称"]),
                d["操作"], d["成交数量"], price, d["成交金额"], d["发生金额"], d["佣金"], d["其他杂费"],
                d["印花税"], d["过户费"], d["余额"], d["本次金额"], cell(d["成交编号"]),
                cell(d["股东帐户"]), "%08d" % (k + 1), market, "人民币"])
jgd.reverse()  # newest first, as this broker exports it
text = ",".join(jgd_head) + ",\r\n" + "".join(",".join(r) + ",\r\n" for r in jgd)
write("g-jgd.csv", text.encode("gb18030"))

# ---------------------------------------------------------------- xlsx (E)

def serial(yyyymmdd):
    d = datetime.date(int(yyyymmdd[:4]), int(yyyymmdd[4:6]), int(yyyymmdd[6:]))
    return (d - datetime.date(1899, 12, 30)).days


def day_fraction(hhmmss):
    h, m, s = (int(x) for x in hhmmss.split(":"))
    return repr((h * 3600 + m * 60 + s) / 86400)


def col_name(i):
    s = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        s = chr(65 + r) + s
    return s


def xml_escape(s):
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


e_rows = rows_of(source("E"))
e_head = e_rows[0]
shared = []
index = {}


def sst(s):
    if s not in index:
        index[s] = len(shared)
        shared.append(s)
    return index[s]


sheet_rows = []
for k, r in enumerate(e_rows):
    cells = []
    for i, v in enumerate(r):
        ref = "%s%d" % (col_name(i), k + 1)
        h = e_head[i]
        if v == "":
            continue
        if k > 0 and h == "发生日期":
            cells.append('<c r="%s" s="1"><v>%d</v></c>' % (ref, serial(v)))
        elif k > 0 and h == "成交时间":
            cells.append('<c r="%s" s="2"><v>%s</v></c>' % (ref, day_fraction(v)))
        elif k > 0 and (is_number(v) and h not in ("股东代码",) or h == "股东代码" and v.isdigit()):
            # Excel turns 000001 into 1 and 0000000001 into 1 (broker-formats.md rule 5).
            cells.append('<c r="%s"><v>%s</v></c>' % (ref, repr(float(v)).rstrip("0").rstrip(".")))
        else:
            cells.append('<c r="%s" t="s"><v>%d</v></c>' % (ref, sst(v)))
    sheet_rows.append('<row r="%d">%s</row>' % (k + 1, "".join(cells)))

NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
RNS = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
parts = {
    "[Content_Types].xml": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
    '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
    "</Types>",
    "_rels/.rels": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
    "</Relationships>",
    "xl/workbook.xml": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    "<workbook %s %s><sheets><sheet name=\"交割单\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>" % (NS, RNS),
    "xl/_rels/workbook.xml.rels": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>'
    '<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
    "</Relationships>",
    "xl/styles.xml": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    "<styleSheet %s><fonts count=\"1\"><font><sz val=\"11\"/><name val=\"宋体\"/></font></fonts>"
    '<fills count="1"><fill><patternFill patternType="none"/></fill></fills>'
    '<borders count="1"><border/></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="21" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>'
    "</styleSheet>" % NS,
    "xl/sharedStrings.xml": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<sst %s count="%d" uniqueCount="%d">%s</sst>'
    % (NS, len(shared), len(shared), "".join("<si><t>%s</t></si>" % xml_escape(s) for s in shared)),
    "xl/worksheets/sheet1.xml": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    "<worksheet %s><sheetData>%s</sheetData></worksheet>" % (NS, "".join(sheet_rows)),
}
buf = io.BytesIO()
with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
    for name in ["[Content_Types].xml", "_rels/.rels", "xl/workbook.xml", "xl/_rels/workbook.xml.rels",
                 "xl/styles.xml", "xl/sharedStrings.xml", "xl/worksheets/sheet1.xml"]:
        info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
        info.compress_type = zipfile.ZIP_DEFLATED
        z.writestr(info, parts[name].encode("utf-8"))
write("e-citic.xlsx", buf.getvalue())

# ---------------------------------------------------------------- BIFF8 .xls (F)

import xlwt  # noqa: E402  (only this part needs it)

f_rows = rows_of(source("F"))
f_head = f_rows[0]
book = xlwt.Workbook(encoding="utf-8")
sheet = book.add_sheet("Sheet1")
for k, r in enumerate(f_rows):
    for i, v in enumerate(r):
        if v == "":
            continue
        h = f_head[i]
        if k > 0 and h == "证券代码":
            sheet.write(k, i, int(v))  # 000858 -> 858, as a resaved workbook has it
        elif k > 0 and h not in ("股东代码", "证券名称", "业务名称", "成交编号") and is_number(v):
            sheet.write(k, i, float(v) if "." in v else int(v))
        else:
            sheet.write(k, i, v)
out = io.BytesIO()
book.save(out)
write("f-gtja-credit.xls", out.getvalue())

# ---------------------------------------------------------------- L: each edge row under its header

L = source("L").splitlines()
ths = "成交日期 成交时间 证券代码 证券名称 操作 成交数量 成交均价 成交金额 后证余额 合同编号 成交编号 手续费 印花税 其他杂费 发生金额 备注 交易市场 真实操作 结算费".split()
write("l1-ths-remarks.xls", ("\t".join(ths) + "\t\n" + "\n".join(L[1:4]) + "\n").encode("gbk"))
zheshang = "成交日期 证券代码 证券名称 成交价格 发生数量 成交数量 成交金额 发生金额 股票余额 佣金 印花税 过户费 成交编号 合同编号 操作 股东帐户 交易市场 备注".split()
write("l2-zheshang-dividend.xls", ("\t".join(zheshang) + "\n" + L[5] + "\n").encode("gbk"))
cmb = "币种 证券名称 成交日期 成交价格 成交数量 发生金额 资金余额 合同编号 业务名称 手续费 印花税 过户费 结算费 证券代码 股东代码".split()
write("l3-cmb-flow.xls", ("\t".join(cmb) + "\n" + L[7] + "\n" + L[8] + "\n").encode("gbk"))
orders = "委托日期 委托时间 证券代码 证券名称 买卖标志 信用类型 状态说明 说明 委托价格 委托数量 委托编号 成交价格 成交数量 委托类别 股东序号".split()
write("l4-tdx-orders.xls", ("\t".join(orders) + "\n" + L[10] + "\n").encode("gbk"))
bank = "流水号 转账日期 币种代码 银行代码 变动资金 合同编号 银行名称 转帐类别名称 备注 结果说明 业务名称 币种 转账时间 状态".split()
write("l5-ths-bankflow.xls", ("\t".join(bank) + "\t\n" + L[12] + "\n").encode("gbk"))
snippet = L[14].replace("…", "")
html_head = "<tr><th>成交日期</th><th>成交时间</th><th>证券代码</th><th>证券名称</th><th>操作</th><th>成交均价</th><th>成交数量</th><th>成交金额</th><th>发生金额</th></tr>"
write("l6-html.xls", ("<html><body><table>\n<tr><td>历史成交查询</td></tr>\n" + html_head + "\n" + snippet + "\n</table></body></html>\n").encode("gbk"))
