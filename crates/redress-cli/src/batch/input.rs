//! Reading the batch file: the header, then chunks of whole investors cut from the raw
//! bytes, then the records of a chunk.
//!
//! Reading does as little as it can, because it is the one part that runs alone (under a
//! lock, one worker at a time): it fills a block of [`BLOCK`] bytes, finds the last place
//! in it where one investor's rows end and another's begin, and hands the bytes before it
//! on as a [`Chunk`] (no copy: the block becomes the chunk). Splitting a chunk into
//! records and cells is done by the worker that took it, outside the lock
//! (`kernel::read_plain` for plain chunks, [`Records`] for the others).
//!
//! Quoting is what makes CSV hard to cut: a line end inside a quoted cell does not end a
//! record. A block without any `"` and without a carriage return that does not end a line
//! cannot hold a quoted cell, so its records are its lines and its cells are split at
//! commas; any other block goes through `csv_core`, the tokenizer of the `csv` crate that
//! `estimate` reads with, so both read the same cells. Rows are numbered by physical
//! line, counting line feeds.

use std::io::{self, Read};
use std::sync::Mutex;

/// Bytes read per block, before it is cut at the last investor boundary.
pub const BLOCK: usize = 256 * 1024;

/// Whole investors' rows, as the bytes of the file.
pub struct Chunk {
    /// The bytes: whole records (the last chunk may end without a line end).
    pub text: Vec<u8>,
    /// The line of the file on which `text` starts.
    pub first_line: u32,
    /// Whether `text` has no quote and no lone carriage return (records are lines).
    pub plain: bool,
    /// Bytes of the file up to the end of this chunk, for the progress bar.
    pub read_to: u64,
}

/// Buffers given back once written, to be filled again: a new buffer costs a page fault
/// for each 4 KiB the first time it is written.
#[derive(Default)]
pub struct Pool(Mutex<Vec<Vec<u8>>>);

impl Pool {
    /// An empty buffer, used before if one is free.
    pub fn take(&self) -> Vec<u8> {
        self.0.lock().ok().and_then(|mut v| v.pop()).unwrap_or_default()
    }

    /// Gives `buffer` back.
    pub fn give(&self, mut buffer: Vec<u8>) {
        buffer.clear();
        if let Ok(mut v) = self.0.lock() {
            v.push(buffer);
        }
    }
}

/// The header of the batch file and where its data start.
pub struct Header {
    /// The cells, trimmed.
    pub cells: Vec<String>,
    /// Its line.
    pub line: u32,
}

/// Why the header cannot be read.
pub enum HeaderError {
    /// Reading failed.
    Io(io::Error),
    /// The header is not CSV text (not UTF-8).
    Table(String),
    /// There is nothing but blank lines.
    Empty,
}

/// The reader's side: the file and the bytes read but not yet handed on.
pub struct Source {
    file: Box<dyn Read + Send>,
    /// Unconsumed bytes; they start at a record boundary.
    buf: Vec<u8>,
    eof: bool,
    /// The line of `buf[0]`.
    line: u32,
    /// The offset in the file of `buf[0]`.
    offset: u64,
    /// The column of `investor`.
    investor: usize,
}

impl Source {
    /// Reads the header: the first record that is not blank. A UTF-8 byte-order mark at
    /// the start of the file is not part of it.
    pub fn open(file: Box<dyn Read + Send>) -> Result<(Source, Header), HeaderError> {
        let mut source =
            Source { file, buf: Vec::new(), eof: false, line: 1, offset: 0, investor: 0 };
        source.fill(BLOCK).map_err(HeaderError::Io)?;
        if source.buf.starts_with(b"\xEF\xBB\xBF") {
            source.buf.drain(..3);
            source.offset = 3;
        }
        loop {
            let mut reader = csv::ReaderBuilder::new()
                .has_headers(false)
                .flexible(true)
                .from_reader(source.buf.as_slice());
            let mut record = csv::StringRecord::new();
            let found = loop {
                let start = reader.position().byte();
                match reader.read_record(&mut record) {
                    Ok(true) => {}
                    Ok(false) => break None,
                    Err(e) => return Err(HeaderError::Table(e.to_string())),
                }
                record.trim();
                if !record.iter().all(str::is_empty) {
                    break Some(start);
                }
            };
            let end = usize::try_from(reader.position().byte()).unwrap_or(usize::MAX);
            // A record that reaches the end of what was read may go on after it.
            if !source.eof && end >= source.buf.len() {
                source.fill(source.buf.len() * 2).map_err(HeaderError::Io)?;
                continue;
            }
            let Some(start) = found else { return Err(HeaderError::Empty) };
            let start = usize::try_from(start).unwrap_or(0);
            let first = start
                + source.buf[start..].iter().take_while(|b| matches!(b, b'\r' | b'\n')).count();
            let line = u32::try_from(1 + lines(&source.buf[..first])).unwrap_or(u32::MAX);
            let cells = record.iter().map(str::to_owned).collect();
            source.line = u32::try_from(1 + lines(&source.buf[..end])).unwrap_or(u32::MAX);
            source.offset += end as u64;
            source.buf.drain(..end);
            return Ok((source, Header { cells, line }));
        }
    }

    /// Sets the column of `investor` (found in the header).
    pub fn investor_column(&mut self, column: usize) {
        self.investor = column;
    }

    /// Reads until `buf` holds `target` bytes or the file ends (into the vector's spare
    /// capacity, which `read_to_end` does not zero first).
    fn fill(&mut self, target: usize) -> io::Result<()> {
        let want = target.saturating_sub(self.buf.len());
        if self.eof || want == 0 {
            return Ok(());
        }
        self.buf.reserve_exact(want);
        let got = (&mut self.file).take(want as u64).read_to_end(&mut self.buf)?;
        if got < want {
            self.eof = true;
        }
        Ok(())
    }

    /// The next chunk of whole investors, `None` at the end of the file. The cut depends
    /// only on the bytes of the file (blocks are filled to exactly [`BLOCK`] bytes), never
    /// on how the system hands them over.
    pub fn next_chunk(&mut self, pool: &Pool) -> io::Result<Option<Chunk>> {
        let mut target = BLOCK;
        let (cut, plain, lines_read) = loop {
            self.fill(target)?;
            if self.buf.is_empty() {
                return Ok(None);
            }
            let (lines_read, plain) = scan_block(&self.buf);
            if self.eof {
                break (self.buf.len(), plain, lines_read);
            }
            let cut = if plain {
                plain_cut(&self.buf, self.investor)
            } else {
                quoted_cut(&self.buf, self.investor)
            };
            match cut {
                Some(c) => break (c, plain, lines_read),
                // One investor fills the block: read on.
                None => target = self.buf.len() * 2,
            }
        };
        // The rest goes on in a buffer used before, so that its pages are not new.
        let mut rest = pool.take();
        rest.extend_from_slice(&self.buf[cut..]);
        self.buf.truncate(cut);
        let text = std::mem::replace(&mut self.buf, rest);
        let first_line = self.line;
        let lines_cut = lines_read - lines(&self.buf);
        self.line = self.line.saturating_add(u32::try_from(lines_cut).unwrap_or(u32::MAX));
        self.offset += text.len() as u64;
        Ok(Some(Chunk { text, first_line, plain, read_to: self.offset }))
    }
}

/// Line feeds in `bytes`, and whether it has a quote or a carriage return: one pass, in
/// 16 lanes of byte counters that the compiler turns into vector instructions.
fn scan(bytes: &[u8]) -> (usize, bool, bool) {
    let (mut lines, mut quote, mut cr) = (0, false, false);
    for block in bytes.chunks(16 * 255) {
        let (mut n, mut q, mut c) = ([0u8; 16], [0u8; 16], [0u8; 16]);
        let mut vectors = block.chunks_exact(16);
        for v in &mut vectors {
            for i in 0..16 {
                n[i] += u8::from(v[i] == b'\n');
                q[i] |= u8::from(v[i] == b'"');
                c[i] |= u8::from(v[i] == b'\r');
            }
        }
        for &b in vectors.remainder() {
            n[0] += u8::from(b == b'\n');
            q[0] |= u8::from(b == b'"');
            c[0] |= u8::from(b == b'\r');
        }
        lines += n.iter().map(|&x| usize::from(x)).sum::<usize>();
        quote |= q.iter().any(|&x| x != 0);
        cr |= c.iter().any(|&x| x != 0);
    }
    (lines, quote, cr)
}

/// Line feeds in `bytes`.
fn lines(bytes: &[u8]) -> usize {
    scan(bytes).0
}

/// The line feeds in `bytes`, and whether its records are its lines: no quote, and every
/// carriage return ends a line.
fn scan_block(bytes: &[u8]) -> (usize, bool) {
    let (lines, quote, cr) = scan(bytes);
    let plain = !quote
        && (!cr
            || bytes
                .iter()
                .enumerate()
                .all(|(i, &b)| b != b'\r' || bytes.get(i + 1) == Some(&b'\n')));
    (lines, plain)
}

#[cfg(test)]
fn is_plain(bytes: &[u8]) -> bool {
    scan_block(bytes).1
}

/// The `column`-th cell of a plain line, trimmed (empty when the line is shorter).
fn plain_cell(line: &[u8], column: usize) -> &[u8] {
    line.split(|&b| b == b',').nth(column).unwrap_or_default().trim_ascii()
}

/// The end of the last investor's predecessor in a plain block: the cut, just after the
/// line feed of the last row of the investor before the block's last investor. Rows
/// without an investor (and blank rows) go with what follows them.
fn plain_cut(buf: &[u8], column: usize) -> Option<usize> {
    let mut end = buf.iter().rposition(|&b| b == b'\n')?;
    let mut last: Option<&[u8]> = None;
    loop {
        // The line that ends at the line feed at `end`.
        let start = buf[..end].iter().rposition(|&b| b == b'\n').map_or(0, |p| p + 1);
        let line = &buf[start..end];
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        let investor = plain_cell(line, column);
        if !investor.is_empty() {
            match last {
                None => last = Some(investor),
                Some(x) if x != investor => return Some(end + 1),
                Some(_) => {}
            }
        }
        if start == 0 {
            return None;
        }
        end = start - 1;
    }
}

/// [`plain_cut`] for a block with quotes, reading it record by record with `csv_core`.
fn quoted_cut(buf: &[u8], column: usize) -> Option<usize> {
    let mut cut = None;
    let mut last: Vec<u8> = Vec::new();
    let mut last_end = 0;
    let mut fields = Fields::default();
    let mut tokenizer = Tokenizer::new();
    let mut pos = 0;
    while pos < buf.len() {
        let Some(consumed) = tokenizer.record(&buf[pos..], &mut fields, false) else { break };
        pos += consumed;
        let investor = fields.get(column).trim_ascii();
        if investor.is_empty() {
            continue;
        }
        if !last.is_empty() && last != investor {
            cut = Some(last_end);
            last.clear();
        }
        if last.is_empty() {
            last.extend_from_slice(investor);
        }
        last_end = pos;
    }
    cut
}

/// The cells of one record as `csv_core` gives them.
#[derive(Default)]
struct Fields {
    bytes: Vec<u8>,
    ends: Vec<usize>,
    len: usize,
}

impl Fields {
    fn get(&self, i: usize) -> &[u8] {
        if i >= self.len {
            return &[];
        }
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        &self.bytes[start..self.ends[i]]
    }
}

/// `csv_core` configured as `estimate`'s reader (`,`, `"` doubled inside quotes, CR, LF
/// or CRLF ending a record).
struct Tokenizer {
    core: csv_core::Reader,
    started: bool,
}

impl Tokenizer {
    fn new() -> Tokenizer {
        Tokenizer { core: csv_core::Reader::new(), started: false }
    }

    /// Reads one record from `input` into `fields`; returns the bytes consumed, or `None`
    /// when `input` ends before the record does (unless `last`: then the end of `input`
    /// is the end of the file, which ends the record) or holds no record.
    fn record(&mut self, mut input: &[u8], fields: &mut Fields, last: bool) -> Option<usize> {
        use csv_core::ReadRecordResult as R;
        if fields.bytes.is_empty() {
            fields.bytes.resize(256, 0);
            fields.ends.resize(16, 0);
        }
        let (mut out, mut ends, mut consumed) = (0, 0, 0);
        loop {
            // `csv_core` drops a byte-order mark at the start of its first input: a chunk
            // is not the start of the file, so it first sees one byte alone.
            let take = if self.started { input.len() } else { input.len().min(1) };
            self.started = true;
            let (res, nin, nout, nend) = self.core.read_record(
                &input[..take],
                &mut fields.bytes[out..],
                &mut fields.ends[ends..],
            );
            input = &input[nin..];
            consumed += nin;
            out += nout;
            ends += nend;
            match res {
                R::InputEmpty if input.is_empty() && !last => return None,
                R::InputEmpty => {}
                R::OutputFull => fields.bytes.resize(fields.bytes.len() * 2, 0),
                R::OutputEndsFull => fields.ends.resize(fields.ends.len() * 2, 0),
                R::Record => {
                    // `csv_core` keeps the ends relative to the record's first byte.
                    fields.len = ends;
                    return Some(consumed);
                }
                R::End => return None,
            }
        }
    }
}

/// The fields a row is read for: the six canonical columns, then `investor` (a power of two
/// less one, see [`place`]).
pub const FIELDS: usize = 7;

/// One row: its line and the range of each field's cell (empty when absent), and a last
/// place where the cells that are no field go.
#[derive(Clone, Copy)]
struct Row {
    line: u32,
    cells: [(u32, u32); FIELDS + 1],
}

/// The place in [`Row::cells`] of the cell in `column` (eight places: indexing with a
/// mask needs no bounds check).
pub fn place(slots: &[Option<u8>], column: usize) -> usize {
    slots.get(column).copied().flatten().map_or(FIELDS, usize::from) & FIELDS
}

/// The records of a chunk: each row's line and the cells of its fields, trimmed; blank
/// rows (every cell empty, whether a field or not) left out.
#[derive(Default)]
pub struct Records {
    /// The cells' bytes, unescaped.
    own: Vec<u8>,
    rows: Vec<Row>,
}

impl Records {
    /// Splits `chunk` into records; `slots[i]` is the field of the `i`-th cell, if any.
    #[cfg(test)]
    pub fn split(chunk: &Chunk, slots: &[Option<u8>]) -> Records {
        let mut r = Records::default();
        r.refill(chunk, slots);
        r
    }

    /// Splits `chunk` into these records with `csv_core`, in place of the ones before (a
    /// worker keeps one `Records` for all its chunks: its memory is then already mapped and
    /// cached). Plain chunks are read faster by `kernel::read_plain`, as lines.
    pub fn refill(&mut self, chunk: &Chunk, slots: &[Option<u8>]) {
        self.rows.clear();
        self.own.clear();
        self.split_quoted(&chunk.text, chunk.first_line, slots);
    }

    fn split_quoted(&mut self, text: &[u8], first_line: u32, slots: &[Option<u8>]) {
        let mut tokenizer = Tokenizer::new();
        let mut fields = Fields::default();
        let (mut pos, mut line, mut counted) = (0, first_line, 0);
        while let Some(consumed) = tokenizer.record(&text[pos..], &mut fields, true) {
            // The record starts after the line ends that came before it.
            let first = pos + text[pos..].iter().take_while(|b| matches!(b, b'\r' | b'\n')).count();
            let first = first.min(text.len());
            let more = lines(&text[counted..first]);
            line = line.saturating_add(u32::try_from(more).unwrap_or(u32::MAX));
            counted = first;
            pos += consumed;
            let mut row = Row { line, cells: [(0, 0); FIELDS + 1] };
            let mut blank = true;
            for i in 0..fields.len {
                let cell = fields.get(i).trim_ascii();
                blank &= cell.is_empty();
                if let Some(&Some(f)) = slots.get(i) {
                    let from = self.own.len();
                    self.own.extend_from_slice(cell);
                    row.cells[usize::from(f) & FIELDS] = (offset(from), offset(self.own.len()));
                }
            }
            if !blank {
                self.rows.push(row);
            }
            if pos >= text.len() {
                // The end of the chunk ends its last record; nothing more follows.
                break;
            }
        }
    }

    /// Number of rows.
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// The line of row `i`.
    pub fn line(&self, i: usize) -> u32 {
        self.rows[i].line
    }

    /// The fields of row `i`.
    #[inline]
    pub fn fields(&self, i: usize) -> [&[u8]; FIELDS] {
        let bytes = self.own.as_slice();
        let cells = &self.rows[i].cells;
        std::array::from_fn(|f| &bytes[cells[f].0 as usize..cells[f].1 as usize])
    }
}

/// The fields of the line that starts `text` (a plain chunk's line: its cells split at
/// commas and trimmed), for the long path.
pub fn plain_fields<'a>(text: &'a [u8], slots: &[Option<u8>]) -> [&'a [u8]; FIELDS] {
    let line = text.split(|&b| b == b'\n').next().unwrap_or_default();
    let mut fields: [&[u8]; FIELDS + 1] = [&[]; FIELDS + 1];
    for (column, cell) in line.split(|&b| b == b',').enumerate() {
        fields[place(slots, column)] = cell.trim_ascii();
    }
    let [date, time, account, kind, quantity, price, investor, _] = fields;
    [date, time, account, kind, quantity, price, investor]
}

/// A position in a chunk (chunks are far smaller than 4 GiB).
fn offset(at: usize) -> u32 {
    u32::try_from(at).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chunk(text: &[u8], first_line: u32) -> Chunk {
        Chunk { text: text.to_vec(), first_line, plain: is_plain(text), read_to: 0 }
    }

    /// The investor first, then fields 0, 1 and 2 (the cell before the last is no field).
    const SLOTS: [Option<u8>; 5] = [Some(6), Some(0), Some(1), None, Some(2)];

    /// Rows with an investor as (line, [investor, field 0, 1, 2]), and the lines of the
    /// others that are not blank.
    type Rows = (Vec<(u32, Vec<Vec<u8>>)>, Vec<u32>);

    fn view(f: [&[u8]; FIELDS]) -> Vec<Vec<u8>> {
        [f[6], f[0], f[1], f[2]].iter().map(|c| c.to_vec()).collect()
    }

    /// As the csv crate reads them, numbered by line feeds.
    fn with_csv(text: &[u8], first_line: u32) -> Rows {
        let mut forced = chunk(text, first_line);
        forced.plain = false;
        let r = Records::split(&forced, &SLOTS);
        let (mut rows, mut orphans) = (Vec::new(), Vec::new());
        for i in 0..r.len() {
            if r.fields(i)[6].is_empty() {
                orphans.push(r.line(i));
            } else {
                rows.push((r.line(i), view(r.fields(i))));
            }
        }
        (rows, orphans)
    }

    /// As the batch reads them: lines for a plain chunk, the csv crate's records otherwise.
    fn split(text: &[u8], first_line: u32) -> Rows {
        let c = chunk(text, first_line);
        if !c.plain {
            return with_csv(text, first_line);
        }
        let (mut rows, mut orphans, mut all) = (Vec::new(), Vec::new(), Vec::new());
        let mut each = |investor: &mut [super::super::kernel::Row<'_>], _: &mut Vec<u32>| {
            all.extend(
                investor
                    .iter()
                    .map(|r| (r.line, view(plain_fields(&text[r.source as usize..], &SLOTS)))),
            );
        };
        let first = first_line;
        super::super::kernel::read_plain(
            text,
            first,
            &SLOTS,
            b"",
            &mut rows,
            &mut orphans,
            &mut each,
        );
        (all, orphans)
    }

    fn cells(row: &[&str]) -> Vec<Vec<u8>> {
        let mut out: Vec<Vec<u8>> = row.iter().map(|c| c.as_bytes().to_vec()).collect();
        out.resize(4, Vec::new());
        out
    }

    #[test]
    fn plain_and_quoted_chunks_give_the_same_records_and_lines() {
        let cases: [&[u8]; 9] = [
            b"a,1,x\nb, 2 ,y\n",
            b"a,1,x,skipped,e\n,,,not blank,\n",
            b"a,1,x\r\nb,2,y\r\n\r\nc,3,z",
            b"\n\na,1\n , \n\nb,2\n",
            b"a,1,x\nb,2",
            b"a,,\n,,\n,b,\n",
            b"\xEF\xBB\xBFa,1\n",
            b"a,1,2,3,4,5,6\n,\nb,",
            b"a\n b \n,x\n",
        ];
        for text in cases {
            assert!(chunk(text, 1).plain, "{text:?}");
            assert_eq!(split(text, 7), with_csv(text, 7), "{}", String::from_utf8_lossy(text));
        }
    }

    #[test]
    fn lines_are_physical_lines() {
        let text = b"a,1\r\n\r\nb,2\n\n\nc,3\n";
        let lines: Vec<u32> = split(text, 2).0.iter().map(|r| r.0).collect();
        assert_eq!(lines, [2, 4, 7]);
    }

    #[test]
    fn quotes_and_lone_carriage_returns_go_through_the_csv_tokenizer() {
        let text = b"\"carol, jr\",1\n\"multi\nline\",2\nx\"y,3\n";
        assert!(!chunk(text, 1).plain);
        assert_eq!(
            split(text, 1).0,
            [
                (1, cells(&["carol, jr", "1"])),
                (2, cells(&["multi\nline", "2"])),
                (4, cells(&["x\"y", "3"]))
            ]
        );
        let text = b"a,1\rb,2\r\n";
        assert!(!chunk(text, 1).plain);
        assert_eq!(split(text, 1).0, [(1, cells(&["a", "1"])), (1, cells(&["b", "2"]))]);
        // A byte-order mark inside the file is part of a cell, not dropped.
        let text = b"\xEF\xBB\xBFa,\"1\"\n";
        assert_eq!(split(text, 3).0, [(3, cells(&["\u{feff}a", "1"]))]);
    }

    #[test]
    fn a_block_is_cut_after_the_last_complete_investor() {
        let text = b"a,1\na,2\nb,1\n,9\nb,2\nc,1\nc,2\nc,";
        let cut = plain_cut(text, 0).unwrap();
        assert_eq!(&text[..cut], b"a,1\na,2\nb,1\n,9\nb,2\n");
        assert_eq!(quoted_cut(text, 0), Some(cut));
        // Rows without an investor go with the investor after them.
        let text = b"a,1\n,2\n,3\nb,1\nb,";
        assert_eq!(plain_cut(text, 0), Some(4));
        assert_eq!(quoted_cut(text, 0), Some(4));
        // One investor only: no cut.
        assert_eq!(plain_cut(b"a,1\na,2\n", 0), None);
        assert_eq!(quoted_cut(b"a,1\na,2\n", 0), None);
        // A quoted line end is not a record end.
        let text = b"\"a\",1\n\"b\",\"x\ny\"\n\"b\",2\n\"c";
        assert_eq!(quoted_cut(text, 0), Some(6));
    }

    #[test]
    fn an_investor_larger_than_a_block_is_one_chunk() {
        let rows = 2 * BLOCK / 10;
        for quoted in [false, true] {
            let mut text = b"investor,x\n".to_vec();
            for i in 0..rows {
                let row = if quoted { format!("\"A\",{i:07}\n") } else { format!("A,{i:07}\n") };
                text.extend_from_slice(row.as_bytes());
            }
            text.extend_from_slice(b"B,1\nB,2\n");
            // Others after, so that reading on for A does not reach the end of the file.
            for i in 0..rows * 3 {
                text.extend_from_slice(format!("{:07},1\n", i / 2).as_bytes());
            }
            let (mut source, _) = Source::open(Box::new(io::Cursor::new(text))).ok().unwrap();
            source.investor_column(0);
            let pool = Pool::default();
            let first = source.next_chunk(&pool).unwrap().unwrap();
            // All of A, which is more than a block, then whole investors.
            let last_a = format!("{:07}\n", rows - 1);
            assert!(first.text.windows(last_a.len()).any(|w| w == last_a.as_bytes()));
            assert!(first.text.ends_with(b"\n"));
            assert_eq!(first.plain, !quoted);
            let investor = |line: &[u8]| line.split(|&b| b == b',').next().unwrap().to_vec();
            let last = first.text[..first.text.len() - 1].rsplit(|&b| b == b'\n').next().unwrap();
            let second = source.next_chunk(&pool).unwrap().unwrap();
            assert_ne!(investor(last), investor(&second.text));
            let lines = u32::try_from(lines(&first.text)).unwrap();
            assert_eq!(second.first_line, first.first_line + lines);
        }
    }

    #[test]
    fn a_source_cuts_the_same_chunks_whatever_the_reads() {
        // A reader that hands over a few bytes at a time.
        struct Dribble(Vec<u8>, usize);
        impl Read for Dribble {
            fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
                let n = out.len().min(7).min(self.0.len() - self.1);
                out[..n].copy_from_slice(&self.0[self.1..self.1 + n]);
                self.1 += n;
                Ok(n)
            }
        }
        let mut text = b"\xEF\xBB\xBF\ninvestor,x\n".to_vec();
        for i in 0..60_000 {
            text.extend_from_slice(format!("{:06},{}\n", i / 3, i).as_bytes());
        }
        let chunks = |file: Box<dyn Read + Send>| {
            let (mut source, header) = Source::open(file).ok().unwrap();
            assert_eq!(
                (header.cells.clone(), header.line),
                (vec!["investor".into(), "x".into()], 2)
            );
            let mut out = Vec::new();
            while let Some(c) = source.next_chunk(&Pool::default()).unwrap() {
                out.push((c.first_line, c.text));
            }
            out
        };
        let whole = chunks(Box::new(io::Cursor::new(text.clone())));
        assert!(whole.len() > 1);
        assert_eq!(whole, chunks(Box::new(Dribble(text.clone(), 0))));
        // Chunks cut at investor boundaries, and lines run on.
        let mut line = 3;
        let investor = |row: &[u8]| row[..6].to_vec();
        for pair in whole.windows(2) {
            let last = pair[0].1.split(|&b| b == b'\n').rev().nth(1).unwrap();
            assert_ne!(investor(last), investor(&pair[1].1));
        }
        for (first, text) in &whole {
            assert_eq!(*first, line);
            line += u32::try_from(lines(text)).unwrap();
        }
    }
}
