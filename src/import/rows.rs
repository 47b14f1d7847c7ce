//! Stages 1–4 of the import: each file's content to a grid of cells (text, HTML or a
//! workbook's sheet), the header row and its columns, and every row classified into a
//! record (or reported as ignored or rejected with its reason).
//!
//! Text is an HTML table when it has one, else delimited text when a delimiter gives a
//! consistent table (`grid::choose_delimiter`), else fixed-width or space-separated text
//! (`grid::spaces`). The header is the first of the grid's first 30 non-blank rows that
//! scores as one (`columns.rs`); a file without one is an error naming it.
//!
//! A row above the header, or below it without a readable date in the date column, is
//! not data, and is ignored as the first of these that fits: a separator (nothing but
//! dashes), a preamble (above the header), the header, a repeated header, a new header
//! (its columns apply from there), a total (合计, 总计, 小计 or 共计 in its first four
//! cells), or a row of fewer than three non-empty cells. Any other row without a date is
//! data with a bad date, and rejected.
//! A data row's business is classified over its business, remark and status columns
//! (`business.rs`); its numbers are read by `cell::number` and must be below 10¹⁵.

use super::*;

impl State {
    pub(super) fn parse_file(
        &mut self,
        index: u32,
        file: &InputFile<'_>,
        gb18030: &dyn Fn(&[u8]) -> (String, usize),
    ) -> Result<(), Error> {
        let name = file.name;
        let fail = |kind: ErrorKind| Error::at(kind, name, None, None);
        let too_large = || fail(ErrorKind::TooLarge);
        let mut encoding = None;
        let mut malformed = 0;
        let mut delimiter = None;
        let mut sheet = None;
        let mut other_sheets = Vec::new();
        let decoded: String = match file.content {
            Content::Bytes(bytes) => match sniff(bytes) {
                Sniffed::Pdf => {
                    return Err(fail(ErrorKind::Pdf));
                }
                Sniffed::Workbook => {
                    return self.workbook(index, name, bytes, &mut sheet, &mut other_sheets);
                }
                Sniffed::Text => {
                    let d = decode_text(bytes, gb18030);
                    encoding = Some(d.encoding);
                    malformed = d.malformed;
                    d.text
                }
            },
            Content::Text(t) => t.strip_prefix('\u{feff}').unwrap_or(t).to_owned(),
            Content::Sheet(sheet) => return self.sheet(index, name, sheet),
            Content::Failed(e) => return Err(e.clone()),
        };
        if decoded.trim().is_empty() {
            return Err(fail(ErrorKind::NoTrades));
        }
        let (grid, container) = if grid::is_html(&decoded) {
            (grid::html(&decoded).map_err(|_| too_large())?, Container::Html)
        } else if let Some(d) = grid::choose_delimiter(&decoded) {
            delimiter = Some(char::from(d).to_string());
            (grid::delimited(decoded, d).map_err(|_| too_large())?, Container::Delimited)
        } else {
            grid::spaces(decoded).map_err(|_| too_large())?
        };
        self.read_grid(
            index,
            name,
            &grid,
            container,
            encoding,
            malformed,
            delimiter,
            sheet,
            other_sheets,
        )
    }

    #[cfg(feature = "workbook")]
    pub(super) fn workbook(
        &mut self,
        index: u32,
        name: &str,
        bytes: &[u8],
        _sheet: &mut Option<String>,
        _other: &mut Vec<String>,
    ) -> Result<(), Error> {
        let sheet = read_workbook(bytes, name)?;
        self.sheet(index, name, &sheet)
    }

    pub(super) fn sheet(&mut self, index: u32, name: &str, sheet: &Sheet) -> Result<(), Error> {
        if sheet.grid.rows.is_empty() {
            return Err(Error::at(ErrorKind::NoTrades, name, None, None));
        }
        self.read_grid(
            index,
            name,
            &sheet.grid,
            sheet.container,
            None,
            0,
            None,
            Some(sheet.sheet.clone()),
            sheet.other_sheets.clone(),
        )
    }

    #[cfg(not(feature = "workbook"))]
    pub(super) fn workbook(
        &mut self,
        _index: u32,
        name: &str,
        _bytes: &[u8],
        _sheet: &mut Option<String>,
        _other: &mut Vec<String>,
    ) -> Result<(), Error> {
        Err(Error::at(ErrorKind::WorkbookNotSupported, name, None, None))
    }

    #[allow(clippy::too_many_arguments)]
    pub(super) fn read_grid(
        &mut self,
        index: u32,
        name: &str,
        g: &Grid,
        container: Container,
        encoding: Option<Encoding>,
        malformed: usize,
        delimiter: Option<String>,
        sheet: Option<String>,
        other_sheets: Vec<String>,
    ) -> Result<(), Error> {
        // The header: the first row among the first 30 that scores as one (a later table
        // with another header switches the columns where it starts).
        let header =
            g.rows.iter().take(30).position(|r| columns::is_header(columns::score(g.cells(r))));
        let Some(header) = header else {
            return Err(Error::at(ErrorKind::NoHeader, name, None, None));
        };
        let first_layout = Layout::new(g.cells(&g.rows[header]));
        let mut fs = FileState {
            report: FileReport {
                index,
                name: name.to_owned(),
                encoding,
                malformed,
                container,
                delimiter,
                sheet,
                header_row: g.rows[header].line,
                columns: column_reports(&first_layout),
                account: String::new(),
                order: Order::OldestFirst,
                blank_lines: g.blank_lines,
                counts: Counts::default(),
            },
            no_code_column: first_layout.get(Field::Code).is_none(),
            settlement_only: first_layout
                .settlement_date_only()
                .then(|| first_layout.get(Field::Date).map(|c| first_layout.header(c).to_owned()))
                .flatten(),
            layouts: vec![first_layout],
            holders: Vec::new(),
            funds: Map::default(),
            recs: self.recs.len()..self.recs.len(),
            other_sheets,
        };
        self.recs.reserve(g.rows.len());
        let mut order = 0u32;
        let mut last_holder = "";
        for (i, r) in g.rows.iter().enumerate() {
            let line = r.line;
            let layout = fs.layouts.last().unwrap_or(&fs.layouts[0]);
            let date = if i > header {
                layout
                    .get(Field::Date)
                    .and_then(|c| cell::date(cell::clean(g.cell(r, c)), g.serials))
            } else {
                None
            };
            let date_ok = date.is_some();
            let reason = if date_ok {
                None
            } else {
                let dashes = g.cells(r).all(|c| cell::clean(c).is_empty());
                if dashes {
                    Some(Reason::Separator)
                } else if i < header {
                    Some(Reason::Preamble)
                } else if i == header {
                    Some(Reason::Header)
                } else if layout.same_header(g.cells(r)) {
                    Some(Reason::RepeatedHeader)
                } else if columns::is_header(columns::score(g.cells(r))) {
                    fs.layouts.push(Layout::new(g.cells(r)));
                    Some(Reason::Header)
                } else if g
                    .cells(r)
                    .take(4)
                    .any(|c| ["合计", "总计", "小计", "共计"].iter().any(|k| c.contains(k)))
                {
                    Some(Reason::Total)
                } else if g.cells(r).filter(|c| !cell::clean(c).is_empty()).count() < 3 {
                    Some(Reason::NotData)
                } else {
                    None
                }
            };
            if let Some(reason) = reason {
                self.rows.push(self.row_report(index, line, Status::Ignored, Some(&reason)));
                continue;
            }
            let layout_index = fs.layouts.len() - 1;
            match self.parse_row(&fs.layouts[layout_index], g, r, date) {
                Ok(mut rec) => {
                    rec.file = index;
                    rec.layout = u32::try_from(layout_index).unwrap_or(0);
                    rec.order = order;
                    order += 1;
                    let layout = &fs.layouts[layout_index];
                    if let Some(c) = layout.get(Field::Holder) {
                        let h = cell::clean(g.cell(r, c));
                        if !h.is_empty() && fs.holders.len() < 16 && last_holder != h {
                            last_holder = h;
                            let id = self.strings.id(h);
                            if !fs.holders.contains(&id) && fs.holders.len() < 16 {
                                fs.holders.push(id);
                            }
                        }
                    }
                    if rec.fund != EMPTY {
                        *fs.funds.entry(rec.fund).or_insert(0) += 1;
                    }
                    self.recs.push(rec);
                }
                Err((reason, column, date)) => {
                    let mut rr = self.row_report(index, line, Status::Rejected, Some(&reason));
                    let layout = &fs.layouts[layout_index];
                    rr.column = column.map(|c| layout.header(c).to_owned());
                    rr.date = date;
                    // The code, so that a bad row of another security does not block one.
                    rr.code = layout
                        .get(Field::Code)
                        .map(|c| cell::code(cell::clean(g.cell(r, c))))
                        .filter(|c| !c.is_empty());
                    // The cells as written, for fixing the row by hand.
                    let text = |f: Field| {
                        layout
                            .get(f)
                            .map(|c| cell::clean(g.cell(r, c)).to_owned())
                            .unwrap_or_default()
                    };
                    let business: Vec<&str> = layout
                        .business
                        .iter()
                        .map(|&c| cell::clean(g.cell(r, c)))
                        .filter(|t| !t.is_empty())
                        .collect();
                    rr.cells = Some(Box::new(RawCells {
                        date: text(Field::Date),
                        time: text(Field::Time),
                        business: business.join(" "),
                        quantity: text(Field::Quantity),
                        price: text(Field::Price),
                    }));
                    self.rows.push(rr);
                }
            }
        }
        fs.recs.end = self.recs.len();
        self.files.push(fs);
        Ok(())
    }

    /// Reads a data row. Errors carry the reason, the column and the date if known.
    #[allow(clippy::type_complexity)]
    pub(super) fn parse_row(
        &mut self,
        layout: &Layout,
        g: &Grid,
        r: &grid::GridRow,
        date: Option<Date>,
    ) -> Result<Rec, (Reason, Option<usize>, Option<Date>)> {
        let get = |f: Field| layout.get(f).map(|c| (c, cell::clean(g.cell(r, c))));
        let (date_col, date_text) = get(Field::Date).unwrap_or((0, ""));
        let Some(date) = date else {
            return Err((Reason::BadDate { text: date_text.into() }, Some(date_col), None));
        };
        let mut time = None;
        if let Some((c, t)) = get(Field::Time) {
            time = cell::time(t, g.serials)
                .map_err(|_| (Reason::BadTime { text: t.into() }, Some(c), Some(date)))?;
        }
        let texts = layout
            .business
            .iter()
            .chain(&layout.remarks)
            .chain(&layout.status)
            .map(|&c| cell::clean(g.cell(r, c)));
        let class = self.classifier.classify(texts.clone()).map(|m| m.class);
        // The business text shown in the report: every non-empty business cell, then the
        // remarks (one cell is interned as it is, without a copy).
        let mut parts = [""; 8];
        let mut n = 0;
        for &c in layout.business.iter().chain(&layout.remarks) {
            let t = cell::clean(g.cell(r, c));
            if !t.is_empty() && n < parts.len() {
                parts[n] = t;
                n += 1;
            }
        }
        let business = if n == 1 {
            self.strings.id(parts[0])
        } else {
            let mut joined = std::mem::take(&mut self.scratch);
            joined.clear();
            for (k, t) in parts[..n].iter().enumerate() {
                if k > 0 {
                    joined.push_str(" / ");
                }
                joined.push_str(t);
            }
            let id = self.strings.id(&joined);
            self.scratch = joined;
            id
        };
        let mut bad = None;
        let mut num = |f: Field| -> Option<Decimal> {
            let (c, t) = get(f)?;
            if t.is_empty() {
                return None;
            }
            match cell::number(t) {
                Some(d) if in_range(d) => Some(d),
                _ => {
                    if bad.is_none() {
                        let _ = c;
                        bad = Some(Box::new((f, t.into())));
                    }
                    None
                }
            }
        };
        let qty = num(Field::Quantity);
        let price = num(Field::Price);
        let amount = num(Field::Amount);
        let net = num(Field::Net);
        let balance = num(Field::Balance);
        let code = match get(Field::Code) {
            Some((_, t)) if t.len() == 6 && t.bytes().all(|b| b.is_ascii_digit()) => {
                self.strings.id(t)
            }
            Some((_, t)) => {
                let c = cell::code(t);
                self.strings.id(&c)
            }
            None => EMPTY,
        };
        let name = get(Field::Name).map_or("", |(_, t)| t);
        let holding_hint =
            layout.remarks.iter().find_map(|&c| holding_in(cell::clean(g.cell(r, c))));
        let id = get(Field::TradeId)
            .map(|(_, t)| t)
            .filter(|t| !t.is_empty() && t.bytes().any(|b| b != b'0'))
            .or_else(|| get(Field::Serial).map(|(_, t)| t).filter(|t| !t.is_empty()))
            .map(Id::new);
        let fund = get(Field::FundAccount).map_or("", |(_, t)| t);
        Ok(Rec {
            file: 0,
            line: r.line,
            layout: 0,
            order: 0,
            seq: 0,
            date,
            time,
            code,
            name: self.strings.id(name),
            business,
            class,
            qty,
            price,
            amount,
            net,
            bad,
            holding_hint,
            id,
            fund: self.strings.id(fund),
            account: EMPTY,
            outcome: Outcome::Pending,
            day_start: 0,
            gap: 0,
            unknown: 0,
            dq: delta_of(class, qty),
            bal: balance.and_then(whole),
            observed: false,
        })
    }
}
