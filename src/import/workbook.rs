//! Real workbooks (BIFF8 `.xls` and `.xlsx`) to the same grid as the text containers, so
//! that the rest of the import is shared.
//!
//! No arithmetic is done on binary floating point. A number cell is written as the
//! shortest decimal text that reads back as the same `f64` (what Excel displays: a code
//! `2570`, a price `8.12`), which the importer then reads as an exact decimal
//! (`cell::number`; a code is padded to six digits again by `cell::code`). A date or time
//! cell is written as its serial number, which the date and time readers understand when
//! [`Grid::serials`] is set: the integer part is days since 1899-12-30 (`cell::serial_date`,
//! serials of 1982 to 2099 only), the fraction × 86,400 rounded half-up to the second in
//! decimal arithmetic (`cell::serial_time`). Workbooks in the 1904 date system are not
//! detected.
//!
//! Only the first sheet with cells is read; the others with cells are named in the sheet
//! ([`Sheet::other_sheets`]) and the import says they were not read.
//!
//! A damaged or hostile file must not exhaust memory or crash the reader. Before calamine
//! opens a BIFF8 file, the compound file's chains it will follow and the sheets' declared
//! and actual cell bounds are checked (`check_biff_bounds`); a panic of calamine's BIFF8
//! parser is caught natively ([`read`]). An `.xlsx` sheet is read cell by cell. A sheet of
//! more than [`MAX_CELLS`] cells is refused as too large, and columns beyond
//! [`MAX_COLUMNS`] are not read.

use std::io::Cursor;

use calamine::{Data, DataRef, Reader, Xls, XlsError, Xlsx, XlsxError, open_workbook_from_rs};

use super::grid::{Container, Grid, Sheet, TooLarge};

/// Why a workbook could not be read.
pub enum BookError {
    /// Calamine's description.
    Unreadable(String),
    /// Too large.
    TooLarge,
}

impl From<TooLarge> for BookError {
    fn from(_: TooLarge) -> BookError {
        BookError::TooLarge
    }
}

/// The most cells a sheet may span (rows × columns of its bounding box). Calamine
/// allocates the whole box of a BIFF8 sheet at once, so a damaged or hostile file that
/// declares a cell in row 60000, column 60000 would take gigabytes: such files are refused.
const MAX_CELLS: u64 = 4_000_000;

/// The most columns read from a sheet (broker exports have fewer than 60).
const MAX_COLUMNS: u32 = 1024;

/// Reads a workbook from its bytes: BIFF8 (`D0 CF 11 E0`) after checking its cell bounds,
/// xlsx (`PK`) cell by cell.
///
/// Calamine's BIFF8 parser indexes records without checking their length, so a damaged
/// file can make it panic; such a panic is caught here and reported as an unreadable
/// workbook (natively; a build with `panic = "abort"` cannot catch it).
pub fn read(bytes: &[u8]) -> Result<Sheet, BookError> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| read_unguarded(bytes))).unwrap_or_else(
        |_| Err(BookError::Unreadable("the workbook is damaged (its reader failed)".into())),
    )
}

fn read_unguarded(bytes: &[u8]) -> Result<Sheet, BookError> {
    if bytes.starts_with(&CFB_MAGIC) {
        check_biff_bounds(bytes)?;
        let mut xls: Xls<_> = open_workbook_from_rs(Cursor::new(bytes))
            .map_err(|e: XlsError| BookError::Unreadable(e.to_string()))?;
        let names = xls.sheet_names();
        let mut book: Option<Sheet> = None;
        let mut others = Vec::new();
        for (i, name) in names.iter().enumerate() {
            let Some(Ok(range)) = xls.worksheet_range_at(i) else { continue };
            if range.is_empty() {
                continue;
            }
            if book.is_some() {
                others.push(name.clone());
                continue;
            }
            let (row0, col0) = range.start().unwrap_or((0, 0));
            let cells = range.rows().enumerate().flat_map(|(r, cells)| {
                let row = u32::try_from(r).unwrap_or(u32::MAX).saturating_add(row0);
                cells.iter().enumerate().map(move |(c, v)| {
                    let col = u32::try_from(c).unwrap_or(u32::MAX).saturating_add(col0);
                    let mut text = String::new();
                    write_data(v, &mut text);
                    (row, col, text)
                })
            });
            let grid = sparse_grid(cells)?;
            book = Some(Sheet {
                grid,
                container: Container::Xls,
                sheet: name.clone(),
                other_sheets: Vec::new(),
            });
        }
        let mut book = book.unwrap_or_else(|| Sheet {
            grid: Grid::default(),
            container: Container::Xls,
            sheet: String::new(),
            other_sheets: Vec::new(),
        });
        book.other_sheets = others;
        return Ok(book);
    }
    let mut xlsx: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes))
        .map_err(|e: XlsxError| BookError::Unreadable(e.to_string()))?;
    let names = xlsx.sheet_names();
    let mut book: Option<Sheet> = None;
    let mut others = Vec::new();
    for name in &names {
        let Ok(mut reader) = xlsx.worksheet_cells_reader(name) else { continue };
        let mut cells = Vec::new();
        loop {
            match reader.next_cell() {
                Ok(Some(cell)) => {
                    let (row, col) = cell.get_position();
                    let mut text = String::new();
                    write_ref(cell.get_value(), &mut text);
                    if !text.is_empty() {
                        cells.push((row, col, text));
                    }
                    if cells.len() as u64 > MAX_CELLS {
                        return Err(BookError::TooLarge);
                    }
                }
                Ok(None) => break,
                Err(e) => return Err(BookError::Unreadable(e.to_string())),
            }
        }
        if cells.is_empty() {
            continue;
        }
        if book.is_some() {
            others.push(name.clone());
            continue;
        }
        let grid = sparse_grid(cells.into_iter())?;
        book = Some(Sheet {
            grid,
            container: Container::Xlsx,
            sheet: name.clone(),
            other_sheets: Vec::new(),
        });
    }
    let mut book = book.unwrap_or_else(|| Sheet {
        grid: Grid::default(),
        container: Container::Xlsx,
        sheet: String::new(),
        other_sheets: Vec::new(),
    });
    book.other_sheets = others;
    Ok(book)
}

/// Builds a grid from `(row, column, text)` cells (0-based), rows numbered from 1 as a
/// spreadsheet shows them. Columns beyond [`MAX_COLUMNS`] are not read.
fn sparse_grid(cells: impl Iterator<Item = (u32, u32, String)>) -> Result<Grid, TooLarge> {
    let mut cells: Vec<(u32, u32, String)> = cells.filter(|c| c.1 < MAX_COLUMNS).collect();
    cells.sort_by_key(|c| (c.0, c.1));
    let mut g = Grid::with_buffer(String::new())?;
    g.serials = true;
    let mut i = 0;
    while i < cells.len() {
        let row = cells[i].0;
        let first = g.mark();
        let mut col = 0;
        while i < cells.len() && cells[i].0 == row {
            while col < cells[i].1 {
                g.push_text("")?;
                col += 1;
            }
            if col == cells[i].1 {
                g.push_text(&cells[i].2)?;
                col += 1;
            }
            i += 1;
        }
        g.end_row(first, row.saturating_add(1));
    }
    Ok(g)
}

const CFB_MAGIC: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// Refuses a BIFF workbook whose records would make calamine allocate an unbounded cell
/// box (or trip on an inverted column range).
fn check_biff_bounds(bytes: &[u8]) -> Result<(), BookError> {
    let bad = |what: &str| BookError::Unreadable(format!("damaged workbook ({what})"));
    let stream = cfb_stream(bytes, &["Workbook", "Book"])
        .ok_or_else(|| bad("its compound-file structure is broken"))?;
    let (mut max_row, mut max_col) = (0u64, 0u64);
    let mut p = 0;
    while p + 4 <= stream.len() {
        let typ = u16::from_le_bytes([stream[p], stream[p + 1]]);
        let len = usize::from(u16::from_le_bytes([stream[p + 2], stream[p + 3]]));
        let Some(d) = stream.get(p + 4..p + 4 + len) else { break };
        p += 4 + len;
        let u16_at =
            |i: usize| d.get(i..i + 2).map(|b| u64::from(u16::from_le_bytes([b[0], b[1]])));
        let u32_at = |i: usize| {
            d.get(i..i + 4).map(|b| u64::from(u32::from_le_bytes([b[0], b[1], b[2], b[3]])))
        };
        match typ {
            0x0200 => {
                let (rf, rl, cf, cl) = match len {
                    10 => (u16_at(0), u16_at(2), u16_at(4), u16_at(6)),
                    14 | 16 => (u32_at(0), u32_at(4), u16_at(8), u16_at(10)),
                    _ => continue,
                };
                let (Some(rf), Some(rl), Some(mut cf), Some(cl)) = (rf, rl, cf, cl) else {
                    continue;
                };
                if cf > 0xFF || cl < cf {
                    cf = 0;
                }
                if rl >= 1 && cl >= 1 {
                    if rl - 1 < rf || cl - 1 < cf {
                        return Err(bad("inverted dimensions"));
                    }
                    if (rl - rf).saturating_mul(cl - cf) > MAX_CELLS {
                        return Err(BookError::TooLarge);
                    }
                }
            }
            0x0203 | 0x0204 | 0x00D6 | 0x0205 | 0x027E | 0x00FD | 0x0006 | 0x0201 => {
                if let (Some(r), Some(c)) = (u16_at(0), u16_at(2)) {
                    max_row = max_row.max(r);
                    max_col = max_col.max(c);
                }
            }
            0x00BD | 0x00BE => {
                let (Some(r), Some(first), Some(last)) =
                    (u16_at(0), u16_at(2), len.checked_sub(2).and_then(u16_at))
                else {
                    continue;
                };
                if len < 6 || last < first {
                    return Err(bad("inverted column range"));
                }
                max_row = max_row.max(r);
                max_col = max_col.max(last);
            }
            _ => {}
        }
    }
    if (max_row + 1).saturating_mul(max_col + 1) > MAX_CELLS {
        return Err(BookError::TooLarge);
    }
    Ok(())
}

/// The `Workbook` stream of an OLE2 compound file (MS-CFB), after checking every chain
/// calamine will follow (directory, mini stream, mini FAT, the stream itself): each must
/// stay within the tables and end without a cycle, or calamine would loop until memory
/// runs out or index out of bounds.
fn cfb_stream(bytes: &[u8], names: &[&str]) -> Option<Vec<u8>> {
    const END: u32 = 0xFFFF_FFFE;
    let u16_at = |b: &[u8], i: usize| b.get(i..i + 2).map(|b| u16::from_le_bytes([b[0], b[1]]));
    let u32_at =
        |b: &[u8], i: usize| b.get(i..i + 4).map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]));
    let shift = match u16_at(bytes, 30)? {
        9 => 9,
        12 => 12,
        _ => return None,
    };
    if bytes.len() < 512 || u16_at(bytes, 32)? != 6 {
        return None;
    }
    let size = 1usize << shift;
    let maxid = bytes.len() / size;
    // A sector (zero-padded at the end of the file, as calamine reads it).
    let sector = |id: u32| -> Option<Vec<u8>> {
        if id as usize > maxid {
            return None;
        }
        let start = (id as usize + 1) * size;
        let mut v = bytes.get(start.min(bytes.len())..(start + size).min(bytes.len()))?.to_vec();
        v.resize(size, 0);
        Some(v)
    };
    let words = |v: &[u8]| -> Vec<u32> {
        v.chunks_exact(4).map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]])).collect()
    };
    let mut difat = words(&bytes[76..512]);
    let mut id = u32_at(bytes, 68)?;
    let mut steps = 0;
    while id < 0xFFFF_FFFA {
        steps += 1;
        if steps > maxid + 1 {
            return None;
        }
        difat.extend(words(&sector(id)?));
        id = difat.pop()?;
    }
    let mut fat = Vec::new();
    for id in difat.into_iter().filter(|&id| id < 0xFFFF_FFFC) {
        fat.extend(words(&sector(id)?));
        if fat.len() > 4 * bytes.len() {
            return None;
        }
    }
    // Follows a chain of `unit`-byte sectors until END or `limit` bytes; None on a cycle or
    // an id outside the table.
    let chain = |start: u32, table: &[u32], unit: usize, limit: usize| -> Option<Vec<u32>> {
        let mut out = Vec::new();
        let mut id = start;
        let mut total = 0usize;
        while id != END {
            if out.len() >= table.len() || id as usize >= table.len() {
                return None;
            }
            out.push(id);
            total = total.saturating_add(unit);
            if total >= limit {
                break;
            }
            id = table[id as usize];
        }
        Some(out)
    };
    let mut dir = Vec::new();
    for id in chain(u32_at(bytes, 48)?, &fat, size, usize::MAX)? {
        dir.extend(sector(id)?);
    }
    let entries: Vec<&[u8]> = dir.chunks_exact(128).collect();
    let len_of = |e: &[u8]| -> Option<usize> {
        let len = if shift == 9 {
            u64::from(u32_at(e, 120)?)
        } else {
            u64::from_le_bytes(e.get(120..128)?.try_into().ok()?)
        };
        usize::try_from(len).ok().filter(|&l| u32::try_from(l).is_ok())
    };
    let root = entries.first()?;
    let mini_fat_len = usize::try_from(u32_at(bytes, 64)?).ok()?;
    let (ministream, minifat) = if mini_fat_len > 0 {
        let mut ms = Vec::new();
        for id in chain(u32_at(root, 116)?, &fat, size, len_of(root)?)? {
            ms.extend(sector(id)?);
        }
        let mut mf = Vec::new();
        for id in chain(u32_at(bytes, 60)?, &fat, size, mini_fat_len.saturating_mul(size))? {
            mf.extend(sector(id)?);
        }
        (ms, words(&mf))
    } else {
        (Vec::new(), Vec::new())
    };
    let name_of = |e: &[u8]| -> String {
        let units: Vec<u16> = e[..64]
            .chunks_exact(2)
            .map(|c| u16::from_le_bytes([c[0], c[1]]))
            .take_while(|&u| u != 0)
            .collect();
        String::from_utf16_lossy(&units)
    };
    for want in names {
        let Some(e) = entries.iter().find(|e| name_of(e).eq_ignore_ascii_case(want)) else {
            continue;
        };
        let start = u32_at(e, 116)?;
        let len = len_of(e)?;
        let mut data = Vec::new();
        if len < 4096 {
            for id in chain(start, &minifat, 64, len)? {
                let a = (id as usize).checked_mul(64)?;
                data.extend_from_slice(ministream.get(a..a + 64)?);
            }
        } else {
            for id in chain(start, &fat, size, len)? {
                data.extend(sector(id)?);
            }
        }
        data.truncate(len);
        return Some(data);
    }
    None
}

fn write_data(c: &Data, out: &mut String) {
    use std::fmt::Write;
    match c {
        Data::Int(i) => {
            let _ = write!(out, "{i}");
        }
        Data::Float(x) => {
            if x.is_finite() {
                let _ = write!(out, "{x}");
            }
        }
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => out.push_str(s),
        Data::Bool(b) => out.push_str(if *b { "TRUE" } else { "FALSE" }),
        Data::DateTime(d) => {
            let x = d.as_f64();
            if x.is_finite() {
                let _ = write!(out, "{x}");
            }
        }
        Data::Error(_) | Data::Empty => {}
    }
}

fn write_ref(c: &DataRef<'_>, out: &mut String) {
    use std::fmt::Write;
    match c {
        DataRef::Int(i) => {
            let _ = write!(out, "{i}");
        }
        DataRef::Float(x) => {
            if x.is_finite() {
                let _ = write!(out, "{x}");
            }
        }
        DataRef::String(s) | DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => out.push_str(s),
        DataRef::SharedString(s) => out.push_str(s),
        DataRef::Bool(b) => out.push_str(if *b { "TRUE" } else { "FALSE" }),
        DataRef::DateTime(d) => {
            let x = d.as_f64();
            if x.is_finite() {
                let _ = write!(out, "{x}");
            }
        }
        DataRef::Error(_) | DataRef::Empty => {}
    }
}
