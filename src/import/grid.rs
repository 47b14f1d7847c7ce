//! Containers to a grid of cells (broker-formats.md §2): delimited text (the delimiter
//! chosen by consistency), HTML tables, fixed-width text (columns from the header by
//! display width, CJK = 2) and whitespace-separated pasted text. Workbooks become the same
//! grid in `workbook.rs`.
//!
//! A grid keeps one text buffer and the byte span of every cell, so that a 100 MB export
//! costs one copy, not one allocation per cell. Every row keeps the 1-based line (or
//! spreadsheet row) the user sees.

use serde::{Deserialize, Serialize};

use super::cell;
use super::columns;

/// How the cells were laid out.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Container {
    /// Text with a delimiter (tab, comma, semicolon or bar).
    Delimited,
    /// An HTML `<table>` (often saved as `.xls`).
    Html,
    /// Columns aligned with spaces (a fixed-width `.txt` or a pasted fixed-width view).
    FixedWidth,
    /// Cells separated by single spaces (text copied from a PDF or OCR).
    Spaces,
    /// An Excel workbook, BIFF8 `.xls`.
    Xls,
    /// An Excel workbook, `.xlsx`.
    Xlsx,
    /// Another workbook format calamine reads (`.xlsb`, `.ods`).
    Workbook,
}

impl Container {
    /// What the file was read as, for the user.
    pub fn label(self, lang: crate::lang::Lang) -> &'static str {
        match self {
            Container::Delimited => lang.pick("分隔符文本", "delimited text"),
            Container::Html => lang.pick("HTML 表格", "HTML table"),
            Container::FixedWidth => lang.pick("等宽对齐文本", "fixed-width text"),
            Container::Spaces => lang.pick("空格分隔文本", "space-separated text"),
            Container::Xls => lang.pick("Excel 工作簿（.xls）", "Excel workbook (.xls)"),
            Container::Xlsx => lang.pick("Excel 工作簿（.xlsx）", "Excel workbook (.xlsx)"),
            Container::Workbook => lang.pick("电子表格", "spreadsheet"),
        }
    }
}

/// One row of a grid.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GridRow {
    /// 1-based line (text) or row (workbook, HTML) number.
    pub line: u32,
    first: u32,
    len: u32,
}

/// Cells with their rows.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Grid {
    buf: String,
    spans: Vec<(u32, u32)>,
    /// The rows that have at least one non-empty cell.
    pub rows: Vec<GridRow>,
    /// Lines with nothing on them.
    pub blank_lines: u32,
    /// Cells may hold Excel serial dates and times (workbooks).
    pub serials: bool,
}

/// A workbook's sheet read into a grid: the first sheet with cells, and the names of the
/// other sheets that have cells (not read). The web page's workbook reader sends it to
/// the worker that imports every input together.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sheet {
    /// The grid of the first non-empty sheet.
    pub grid: Grid,
    /// BIFF8 or xlsx (or another format).
    pub container: Container,
    /// The sheet read.
    pub sheet: String,
    /// Other sheets with cells, not read.
    pub other_sheets: Vec<String>,
}

/// The buffer is too large for 32-bit offsets (4 GiB).
#[derive(Debug)]
pub struct TooLarge;

impl Grid {
    /// An empty grid over this buffer (cells are spans of it, or appended to it).
    pub fn with_buffer(buf: String) -> Result<Grid, TooLarge> {
        if buf.len() > (u32::MAX / 2) as usize {
            return Err(TooLarge);
        }
        Ok(Grid { buf, ..Grid::default() })
    }

    /// The raw cells of a row.
    pub fn cells(&self, row: &GridRow) -> impl Iterator<Item = &str> + Clone {
        let s = row.first as usize;
        self.spans[s..s + row.len as usize].iter().map(|&(a, b)| &self.buf[a as usize..b as usize])
    }

    /// One raw cell ("" beyond the end of the row).
    pub fn cell(&self, row: &GridRow, col: usize) -> &str {
        if col >= row.len as usize {
            return "";
        }
        let (a, b) = self.spans[row.first as usize + col];
        &self.buf[a as usize..b as usize]
    }

    fn offset(&self) -> u32 {
        u32::try_from(self.buf.len()).unwrap_or(u32::MAX)
    }

    /// Appends a cell whose text is not already in the buffer.
    pub fn push_text(&mut self, text: &str) -> Result<(), TooLarge> {
        if self.buf.len() + text.len() > u32::MAX as usize {
            return Err(TooLarge);
        }
        let a = self.offset();
        self.buf.push_str(text);
        self.spans.push((a, self.offset()));
        Ok(())
    }

    fn push_span(&mut self, a: usize, b: usize) {
        // Offsets are below 2 GiB (checked in `with_buffer`).
        let at = |x: usize| u32::try_from(x).unwrap_or(u32::MAX);
        self.spans.push((at(a), at(b)));
    }

    /// Ends a row started at span index `first`; rows whose cells are all empty count as
    /// blank lines.
    pub fn end_row(&mut self, first: usize, line: u32) {
        let len = self.spans.len() - first;
        let blank = self.spans[first..]
            .iter()
            .all(|&(a, b)| cell::is_blank(&self.buf[a as usize..b as usize]));
        if blank {
            self.spans.truncate(first);
            self.blank_lines += 1;
        } else {
            self.rows.push(GridRow {
                line,
                first: u32::try_from(first).unwrap_or(u32::MAX),
                len: u32::try_from(len).unwrap_or(u32::MAX),
            });
        }
    }

    /// Index of the next span (for `end_row`).
    pub fn mark(&self) -> usize {
        self.spans.len()
    }
}

/// The delimiters tried, in order of preference.
const DELIMITERS: [u8; 4] = [b'\t', b',', b';', b'|'];

/// Chooses a delimiter by consistency over the first non-empty lines: the one whose most
/// common field count (at least 3) is shared by the most lines. `None` when no delimiter
/// gives a consistent table (then the text is fixed-width or space-separated).
pub fn choose_delimiter(text: &str) -> Option<u8> {
    let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).take(64).collect();
    let mut best: Option<(usize, usize, u8)> = None;
    for d in DELIMITERS {
        let mut counts: Vec<usize> = lines.iter().map(|l| count_fields(l, d)).collect();
        counts.sort_unstable();
        let mut mode = (0, 0);
        let mut i = 0;
        while i < counts.len() {
            let j = counts[i..].iter().take_while(|&&c| c == counts[i]).count();
            if j >= mode.1 && counts[i] >= 3 {
                mode = (counts[i], j);
            }
            i += j;
        }
        let (fields, lines_with) = mode;
        if fields < 3 || (lines_with < 2 && lines.len() > 1) {
            continue;
        }
        if best.is_none_or(|(f, n, _)| (lines_with, fields) > (n, f)) {
            best = Some((fields, lines_with, d));
        }
    }
    best.map(|b| b.2)
}

fn count_fields(line: &str, d: u8) -> usize {
    let mut n = 1;
    let mut quoted = false;
    let mut at_start = true;
    for &b in line.as_bytes() {
        if at_start && b == b'"' {
            quoted = true;
            at_start = false;
            continue;
        }
        at_start = false;
        if quoted {
            if b == b'"' {
                quoted = false;
            }
        } else if b == d {
            n += 1;
            at_start = true;
        }
    }
    n
}

/// Splits delimited text into a grid. A field that starts with `"` is quoted (RFC 4180,
/// `""` for a quote, at most 16 lines long); `="…"` is not a quote and is cleaned later.
pub fn delimited(text: String, d: u8) -> Result<Grid, TooLarge> {
    let mut g = Grid::with_buffer(text)?;
    let len = g.buf.len();
    // Broker cells average well over six bytes and lines over sixty: reserve once.
    g.spans.reserve(len / 6 + 16);
    g.rows.reserve(len / 64 + 16);
    let mut pos = 0;
    let mut line: u32 = 1;
    while pos < len {
        let row_line = line;
        let first = g.mark();
        loop {
            let bytes = g.buf.as_bytes();
            let mut end = pos;
            let mut consumed_lines = 0;
            let mut unquoted = None;
            if bytes.get(pos) == Some(&b'"')
                && let Some((value, next, lines)) = quoted(bytes, pos, d)
            {
                unquoted = Some(value);
                end = next;
                consumed_lines = lines;
            }
            match unquoted {
                Some(Some(range)) => g.push_span(range.0, range.1),
                Some(None) => {
                    // Escaped quotes: the value is not a slice of the text.
                    let value = g.buf[pos + 1..end - 1].replace("\"\"", "\"");
                    g.push_text(&value)?;
                }
                None => {
                    end = pos + field_end(&bytes[pos..], d);
                    g.push_span(pos, end);
                }
            }
            line = line.saturating_add(consumed_lines);
            pos = end;
            let bytes = g.buf.as_bytes();
            if pos < len && bytes[pos] == d {
                pos += 1;
                if pos == len {
                    break;
                }
                continue;
            }
            // End of line (or of text).
            if pos < len && bytes[pos] == b'\r' {
                pos += 1;
            }
            if pos < len && bytes[pos] == b'\n' {
                pos += 1;
            }
            line = line.saturating_add(1);
            break;
        }
        g.end_row(first, row_line);
    }
    Ok(g)
}

/// The fields of one line of delimited text by the same rules as [`delimited`] (a field
/// that starts with `"` is quoted, `""` inside it is a quote), for readers that choose
/// the delimiter line by line (the market-data importer).
pub fn fields(line: &str, d: u8) -> Vec<String> {
    let line = line.trim_end_matches(['\r', '\n']);
    let bytes = line.as_bytes();
    let mut out = Vec::new();
    let mut pos = 0;
    loop {
        let end = match (bytes.get(pos) == Some(&b'"')).then(|| quoted(bytes, pos, d)).flatten() {
            Some((Some((a, b)), next, _)) => {
                out.push(line[a..b].to_owned());
                next
            }
            Some((None, next, _)) => {
                out.push(line[pos + 1..next - 1].replace("\"\"", "\""));
                next
            }
            None => {
                let end = pos + field_end(&bytes[pos..], d);
                out.push(line[pos..end].to_owned());
                end
            }
        };
        if end < bytes.len() && bytes[end] == d {
            pos = end + 1;
        } else {
            return out;
        }
    }
}

/// The length of the field at the start of `bytes`: up to the delimiter, a line end or
/// the end. Eight bytes at a time (a zero-byte test on `word ^ broadcast(byte)`).
fn field_end(bytes: &[u8], d: u8) -> usize {
    const LO: u64 = 0x0101_0101_0101_0101;
    const HI: u64 = 0x8080_8080_8080_8080;
    let has = |w: u64, b: u8| {
        let x = w ^ (LO * u64::from(b));
        x.wrapping_sub(LO) & !x & HI
    };
    let mut i = 0;
    while i + 8 <= bytes.len() {
        let w = u64::from_le_bytes([
            bytes[i],
            bytes[i + 1],
            bytes[i + 2],
            bytes[i + 3],
            bytes[i + 4],
            bytes[i + 5],
            bytes[i + 6],
            bytes[i + 7],
        ]);
        if has(w, d) | has(w, b'\n') | has(w, b'\r') != 0 {
            break;
        }
        i += 8;
    }
    while i < bytes.len() && !matches!(bytes[i], b'\n' | b'\r') && bytes[i] != d {
        i += 1;
    }
    i
}

/// A quoted field: its value's span (`None` when it has `""` escapes and is not a slice of
/// the text), the offset after the closing quote, and the line ends inside it.
type Quoted = (Option<(usize, usize)>, usize, u32);

/// A quoted field at `start`, or `None` if the quote does not close properly within 16
/// lines (then it is text).
fn quoted(bytes: &[u8], start: usize, d: u8) -> Option<Quoted> {
    let mut i = start + 1;
    let mut escapes = false;
    let mut lines = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'"' if bytes.get(i + 1) == Some(&b'"') => {
                escapes = true;
                i += 2;
            }
            b'"' => {
                let next = i + 1;
                let ok =
                    next == bytes.len() || matches!(bytes[next], b'\n' | b'\r') || bytes[next] == d;
                if !ok {
                    return None;
                }
                let span = if escapes { None } else { Some((start + 1, i)) };
                return Some((span, next, lines));
            }
            b'\n' => {
                lines += 1;
                if lines > 16 {
                    return None;
                }
                i += 1;
            }
            _ => i += 1,
        }
    }
    None
}

/// Whether decoded text is an HTML table.
pub fn is_html(text: &str) -> bool {
    let head = text.get(..text.len().min(1 << 16)).unwrap_or(text);
    let lower = head.to_ascii_lowercase();
    lower.contains("<table") || (lower.trim_start().starts_with('<') && lower.contains("<tr"))
}

/// Reads the rows of every `<table>` of an HTML document. Each `<tr>` is one row, numbered
/// from 1 in document order as a spreadsheet shows them; cells are `<td>` and `<th>`,
/// with tags removed, entities decoded and white space collapsed.
pub fn html(text: &str) -> Result<Grid, TooLarge> {
    let mut g = Grid::with_buffer(String::with_capacity(text.len() / 2))?;
    let lower = text.to_ascii_lowercase();
    let lb = lower.as_bytes();
    let mut pos = 0;
    let mut tr: u32 = 0;
    let mut cell_text = String::new();
    while let Some(i) = find_tag(lb, pos, lb.len(), b"tr") {
        tr = tr.saturating_add(1);
        let next_tr = find_tag(lb, i + 3, lb.len(), b"tr").unwrap_or(lb.len());
        let row_end = find_from(lb, i, next_tr, b"</tr").unwrap_or(next_tr);
        let first = g.mark();
        let mut p = i + 3;
        loop {
            let td = find_tag(lb, p, row_end, b"td");
            let th = find_tag(lb, p, row_end, b"th");
            let start = match (td, th) {
                (Some(a), Some(b)) => a.min(b),
                (Some(a), None) | (None, Some(a)) => a,
                (None, None) => break,
            };
            let Some(open_end) = find_from(lb, start, row_end, b">") else { break };
            let content_start = open_end + 1;
            let mut content_end = row_end;
            for tag in [&b"</td"[..], b"</th", b"<td", b"<th"] {
                if let Some(e) = find_from(lb, content_start, content_end, tag) {
                    content_end = e;
                }
            }
            cell_text.clear();
            html_text(&text[content_start..content_end], &mut cell_text);
            g.push_text(&cell_text)?;
            p = content_end;
        }
        g.end_row(first, tr);
        pos = next_tr.max(i + 1);
    }
    Ok(g)
}

/// The next `<tag` (followed by `>`, `/` or white space) in `from..to`.
fn find_tag(lower: &[u8], from: usize, to: usize, tag: &[u8]) -> Option<usize> {
    let mut p = from;
    while let Some(i) = find_from(lower, p, to, b"<") {
        let after = i + 1 + tag.len();
        if lower.get(i + 1..after) == Some(tag)
            && lower
                .get(after)
                .is_none_or(|b| matches!(b, b'>' | b' ' | b'\t' | b'\n' | b'\r' | b'/'))
        {
            return Some(i);
        }
        p = i + 1;
    }
    None
}

/// The first `needle` in `hay[from..to]`.
fn find_from(hay: &[u8], from: usize, to: usize, needle: &[u8]) -> Option<usize> {
    let to = to.min(hay.len());
    if from >= to || needle.is_empty() {
        return None;
    }
    let first = needle[0];
    let mut i = from;
    while i + needle.len() <= to {
        match hay[i..to].iter().position(|&b| b == first) {
            None => return None,
            Some(k) => {
                let at = i + k;
                if at + needle.len() > to {
                    return None;
                }
                if &hay[at..at + needle.len()] == needle {
                    return Some(at);
                }
                i = at + 1;
            }
        }
    }
    None
}

/// The text of an HTML fragment: tags removed, entities decoded, white space collapsed.
fn html_text(fragment: &str, out: &mut String) {
    let mut chars = fragment.char_indices().peekable();
    let mut space = false;
    while let Some((i, c)) = chars.next() {
        match c {
            '<' => {
                for (_, c) in chars.by_ref() {
                    if c == '>' {
                        break;
                    }
                }
                space = true;
            }
            '&' => {
                let rest = &fragment[i + 1..];
                let end = rest.find(';').filter(|&e| e <= 10);
                let decoded = end.and_then(|e| entity(&rest[..e]));
                match (end, decoded) {
                    (Some(e), Some(ch)) => {
                        if space && !out.is_empty() {
                            out.push(' ');
                        }
                        space = false;
                        out.push(ch);
                        for _ in 0..rest[..=e].chars().count() {
                            chars.next();
                        }
                    }
                    _ => out.push('&'),
                }
            }
            c if c.is_whitespace() => space = true,
            c => {
                if space && !out.is_empty() {
                    out.push(' ');
                }
                space = false;
                out.push(c);
            }
        }
    }
}

fn entity(name: &str) -> Option<char> {
    Some(match name {
        "nbsp" => ' ',
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        _ => {
            let n = if let Some(h) = name.strip_prefix("#x").or_else(|| name.strip_prefix("#X")) {
                u32::from_str_radix(h, 16).ok()?
            } else {
                name.strip_prefix('#')?.parse().ok()?
            };
            let c = char::from_u32(n)?;
            if c == '\u{a0}' { ' ' } else { c }
        }
    })
}

/// Text without a delimiter. The header is the first of the first 40 lines whose
/// whitespace-separated words score as one (`columns::is_header`). When the header's
/// words are separated by runs of spaces (it holds at least half as many double spaces as
/// gaps between its words), the text is a fixed-width view: every line is cut between the
/// header's columns by display width (CJK and full-width characters count 2,
/// [`cell::width`]), each cut at the column of its gap where the fewest of the next 2,000
/// lines have a character (the rightmost on a tie), so that right-aligned numbers and empty
/// cells both fall in their column. When they are separated by single spaces (text copied
/// from a PDF or OCR), every line is split on white space. Without a header, lines are
/// split on white space too.
pub fn spaces(text: String) -> Result<(Grid, Container), TooLarge> {
    let lines: Vec<(u32, &str)> = text
        .split('\n')
        .enumerate()
        .map(|(i, l)| (u32::try_from(i + 1).unwrap_or(u32::MAX), l.trim_end_matches('\r')))
        .collect();
    let header = lines.iter().take(40).enumerate().find_map(|(k, (_, l))| {
        columns::is_header(columns::score(l.split_whitespace())).then_some(k)
    });
    let fixed = header.is_some_and(|k| {
        let l = lines[k].1.trim();
        let double = l.matches("  ").count();
        double * 2 >= l.split_whitespace().count().saturating_sub(1)
    });
    let mut g = Grid::with_buffer(String::new())?;
    let cuts = match (fixed, header) {
        (true, Some(k)) => Some(boundaries(&lines, k)),
        _ => None,
    };
    let mut cell_buf = String::new();
    for &(n, l) in &lines {
        let first = g.mark();
        match &cuts {
            Some(cuts) if !l.trim().is_empty() => {
                let mut col = 0usize;
                let mut k = 0;
                cell_buf.clear();
                for c in l.chars() {
                    while k < cuts.len() && col >= cuts[k] {
                        g.push_text(&cell_buf)?;
                        cell_buf.clear();
                        k += 1;
                    }
                    cell_buf.push(c);
                    col += cell::width(c);
                }
                g.push_text(&cell_buf)?;
                cell_buf.clear();
                while k < cuts.len() {
                    g.push_text("")?;
                    k += 1;
                }
            }
            _ => {
                for t in l.split_whitespace() {
                    g.push_text(t)?;
                }
            }
        }
        g.end_row(first, n);
    }
    let container = if cuts.is_some() { Container::FixedWidth } else { Container::Spaces };
    Ok((g, container))
}

/// Display-column boundaries between the header's tokens: for each gap, the column where
/// the fewest lines after the header have a character.
fn boundaries(lines: &[(u32, &str)], header: usize) -> Vec<usize> {
    let tokens = token_columns(lines[header].1);
    let occupied = |col: usize| -> usize {
        lines[header + 1..]
            .iter()
            .take(2000)
            .filter(|(_, l)| {
                let mut c = 0;
                for ch in l.chars() {
                    let w = cell::width(ch);
                    if c + w > col {
                        return !ch.is_whitespace();
                    }
                    c += w;
                }
                false
            })
            .count()
    };
    let mut cuts = Vec::with_capacity(tokens.len());
    for w in tokens.windows(2) {
        let (end, next) = (w[0].1, w[1].0);
        // Choose in [end, next] the column with fewest characters, nearest the right.
        let mut best = (usize::MAX, next);
        for col in (end..=next).rev() {
            let o = occupied(col);
            if o < best.0 {
                best = (o, col);
            }
        }
        cuts.push(best.1);
    }
    cuts
}

/// The (start, end) display columns of the whitespace-separated tokens of a line.
fn token_columns(line: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut col = 0;
    let mut start = None;
    for c in line.chars() {
        if c.is_whitespace() {
            if let Some(s) = start.take() {
                out.push((s, col));
            }
        } else if start.is_none() {
            start = Some(col);
        }
        col += cell::width(c);
    }
    if let Some(s) = start {
        out.push((s, col));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(g: &Grid) -> Vec<(u32, Vec<String>)> {
        g.rows.iter().map(|r| (r.line, g.cells(r).map(str::to_owned).collect())).collect()
    }

    #[test]
    fn splits_tsv_with_trailing_tabs_and_crlf() {
        let g = delimited("a\tb\tc\t\r\n\r\n1\t2\t3\t\r\n".to_owned(), b'\t').unwrap();
        assert_eq!(
            rows(&g),
            vec![
                (1, vec!["a".into(), "b".into(), "c".into(), "".into()]),
                (3, vec!["1".into(), "2".into(), "3".into(), "".into()])
            ]
        );
        assert_eq!(g.blank_lines, 1);
    }

    #[test]
    fn quoted_csv_fields() {
        let g = delimited(
            "a,\"1,000.00\",\"say \"\"hi\"\"\",=\"000001\"\nx,\"two\nlines\",y\nz,1,2\n".to_owned(),
            b',',
        )
        .unwrap();
        let r = rows(&g);
        assert_eq!(r[0].1, vec!["a", "1,000.00", "say \"hi\"", "=\"000001\""]);
        assert_eq!(r[1], (2, vec!["x".into(), "two\nlines".into(), "y".into()]));
        assert_eq!(r[2].0, 4);
    }

    #[test]
    fn chooses_the_consistent_delimiter() {
        let tsv =
            "成交日期\t证券代码\t备注\n20240108\t600000\t股息入账:a,b,c\n20240109\t600000\tx\n";
        assert_eq!(choose_delimiter(tsv), Some(b'\t'));
        let csv = "标题\n日期,代码,数量,价格\n1,2,3,4\n5,6,7,8\n";
        assert_eq!(choose_delimiter(csv), Some(b','));
        assert_eq!(choose_delimiter("成交日期 证券代码 数量\n20240108 600000 100\n"), None);
    }

    #[test]
    fn html_rows_are_numbered_as_a_sheet_shows_them() {
        let h = "<html><table><tr><td colspan=3>历史成交查询</td></tr>\n<tr><th>成交日期</th><TH>证券代码</TH></tr>\
                 <tr><td>2026-01-05</td><td>=\"600519\"</td><td>a&nbsp;b &amp; <b>c</b></td></tr></table>";
        let g = html(h).unwrap();
        let r = rows(&g);
        assert_eq!(r[0], (1, vec!["历史成交查询".to_owned()]));
        assert_eq!(r[1].1, vec!["成交日期", "证券代码"]);
        assert_eq!(r[2], (3, vec!["2026-01-05".into(), "=\"600519\"".into(), "a b & c".into()]));
    }

    #[test]
    fn fixed_width_by_display_columns() {
        let text = "历史成交查询\n\
                    成交日期  证券名称  成交数量  备注\n\
                    20240108  浦发银行      1000  证券买入\n\
                    20240710  海康威视       390\n";
        let (g, c) = spaces(text.to_owned()).unwrap();
        assert_eq!(c, Container::FixedWidth);
        let r = rows(&g);
        let trim = |v: &Vec<String>| v.iter().map(|s| s.trim().to_owned()).collect::<Vec<_>>();
        assert_eq!(trim(&r[2].1), vec!["20240108", "浦发银行", "1000", "证券买入"]);
        assert_eq!(trim(&r[3].1), vec!["20240710", "海康威视", "390", ""]);
    }

    #[test]
    fn single_spaces_are_tokens() {
        let text = "业务日期 发生时间 证券代码 成交数量\n2024-01-08 094112 600000 1000.0000\n";
        let (g, c) = spaces(text.to_owned()).unwrap();
        assert_eq!(c, Container::Spaces);
        assert_eq!(rows(&g)[1].1, vec!["2024-01-08", "094112", "600000", "1000.0000"]);
    }
}
