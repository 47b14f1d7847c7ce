//! Real workbooks (BIFF8 `.xls`, `.xlsx`, and whatever else calamine reads) to the same
//! grid as the text containers, so that the rest of the import is shared.
//!
//! Number cells are written as their shortest decimal form (what Excel displays: a code
//! `2570`, a price `8.12`), date and time cells as their serial number, which the date and
//! time readers understand when [`Grid::serials`] is set. No arithmetic is done on binary
//! floating point.

use std::io::Cursor;

use calamine::{Data, Reader, Sheets, open_workbook_auto_from_rs};

use super::grid::{Container, Grid, TooLarge};

/// A workbook read into a grid: the first sheet with cells, and the names of the other
/// sheets that have cells (not read).
pub struct Book {
    /// The grid of the first non-empty sheet.
    pub grid: Grid,
    /// BIFF8 or xlsx (or another format).
    pub container: Container,
    /// The sheet read.
    pub sheet: String,
    /// Other sheets with cells, not read.
    pub other_sheets: Vec<String>,
}

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

/// Reads a workbook from its bytes.
pub fn read(bytes: &[u8]) -> Result<Book, BookError> {
    let mut sheets = open_workbook_auto_from_rs(Cursor::new(bytes))
        .map_err(|e| BookError::Unreadable(e.to_string()))?;
    let container = match sheets {
        Sheets::Xls(_) => Container::Xls,
        Sheets::Xlsx(_) => Container::Xlsx,
        _ => Container::Workbook,
    };
    let names = sheets.sheet_names();
    let mut grid = None;
    let mut sheet = String::new();
    let mut other_sheets = Vec::new();
    for (i, name) in names.iter().enumerate() {
        let Some(Ok(range)) = sheets.worksheet_range_at(i) else { continue };
        if range.is_empty() {
            continue;
        }
        if grid.is_some() {
            other_sheets.push(name.clone());
            continue;
        }
        let mut g = Grid::with_buffer(String::new())?;
        g.serials = true;
        let (row0, col0) = range.start().unwrap_or((0, 0));
        let mut text = String::new();
        for (r, cells) in range.rows().enumerate() {
            let first = g.mark();
            for _ in 0..col0 {
                g.push_text("")?;
            }
            for c in cells {
                text.clear();
                write_cell(c, &mut text);
                g.push_text(&text)?;
            }
            let line = u32::try_from(r).unwrap_or(u32::MAX).saturating_add(row0).saturating_add(1);
            g.end_row(first, line);
        }
        sheet = name.clone();
        grid = Some(g);
    }
    let grid = grid.unwrap_or_default();
    Ok(Book { grid, container, sheet, other_sheets })
}

fn write_cell(c: &Data, out: &mut String) {
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
