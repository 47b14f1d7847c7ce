//! The one public error type: what is wrong with the input, and exactly where.
//!
//! Bad input is never a panic: it is an [`Error`] naming the file, row and column and
//! the offending value, with a stable code and a message in Chinese or English.

use std::borrow::Cow;
use std::fmt;

use crate::lang::Lang;
use crate::tr;

/// Where in the input a problem is.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Location {
    /// The file name as the user gave it (or a label such as "粘贴的文本").
    pub file: String,
    /// 1-based line or row number, when the problem is in one row.
    pub row: Option<u32>,
    /// The column header of the problem, in a table.
    pub column: Option<String>,
    /// The field path of the problem, in a case file (`segments[0].base_price`).
    pub field: Option<String>,
}

impl Location {
    /// `detail`, preceded by where it is, as every located message of Redress reads:
    /// "mine.csv，第 3 行，“date”列：detail" / "mine.csv, row 3, column “date”: detail".
    pub fn describe(&self, lang: Lang, detail: &str) -> String {
        self.describe_in(true, lang, detail)
    }

    /// `detail`, preceded by where it is in its file, the file's name left out (for a
    /// front end that writes the name beside it): "第 3 行，“date”列：detail", or
    /// `detail` alone when the problem is the whole file's.
    pub fn describe_within(&self, lang: Lang, detail: &str) -> String {
        self.describe_in(false, lang, detail)
    }

    fn describe_in(&self, with_file: bool, lang: Lang, detail: &str) -> String {
        let mut parts: Vec<String> = Vec::new();
        if with_file {
            parts.push(self.file.clone());
        }
        if let Some(row) = self.row {
            parts.push(tr!(lang, "第 {} 行", "row {}", row));
        }
        if let Some(col) = &self.column {
            parts.push(tr!(lang, "“{}”列", "column “{}”", col));
        }
        if let Some(field) = &self.field {
            parts.push(tr!(lang, "字段 {}", "field {}", field));
        }
        if parts.is_empty() {
            return detail.to_owned();
        }
        let mut out = parts.join(lang.pick("，", ", "));
        out.push_str(lang.pick("：", ": "));
        out.push_str(detail);
        out
    }
}

/// What went wrong. Each variant has a stable [`Error::code`].
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The text is not a valid CSV/TSV table.
    Table {
        /// The parser's own description.
        detail: String,
    },
    /// A PDF was given: its text must be copied and pasted, or the history exported.
    Pdf,
    /// An Excel workbook was given to a build without the `workbook` feature.
    WorkbookNotSupported,
    /// The file is larger than the importer reads (2 GiB; less for a workbook's sheets).
    TooLarge,
    /// A day-bar export of another period (weekly, minute…): its title line.
    NotDailyBars {
        /// The export's title line.
        title: String,
    },
    /// The same date appears twice in daily bars (of the security, or of an index).
    DuplicateDate {
        /// The date.
        date: crate::date::Date,
        /// The index code, for index closes.
        index: Option<String>,
    },
    /// An index row without its index code.
    EmptyIndexCode,
    /// A required column is missing from the header.
    MissingColumn {
        /// The canonical column name.
        name: &'static str,
    },
    /// A date cell could not be read.
    BadDate {
        /// The cell text.
        text: String,
    },
    /// A time cell could not be read.
    BadTime {
        /// The cell text.
        text: String,
    },
    /// A number cell could not be read.
    BadNumber {
        /// The cell text.
        text: String,
    },
    /// A quantity is not a whole, non-negative number of shares.
    BadQuantity {
        /// The cell text.
        text: String,
    },
    /// The `kind` cell is not one of the known kinds.
    BadKind {
        /// The cell text.
        text: String,
    },
    /// A value the row's kind needs is empty or not positive.
    NeedsPositive {
        /// The kind of the row.
        kind: &'static str,
    },
    /// The case file is not valid TOML or does not have the expected shape.
    CaseSyntax {
        /// The TOML parser's description.
        detail: String,
    },
    /// A case field has a value that is not allowed.
    CaseValue {
        /// The offending value as written.
        value: String,
        /// Why it is not allowed (English; translated by `reason_zh`).
        reason: Cow<'static, str>,
        /// The same reason in Chinese.
        reason_zh: Cow<'static, str>,
    },
    /// The market data does not cover the days the rules need.
    MissingMarketDays {
        /// What the days are needed for: `base-date`, `base-price`,
        /// `close-before-disclosure`.
        needed_for: &'static str,
        /// How many trading days are needed.
        needed: u32,
        /// How many the data has.
        have: u32,
    },
    /// A value needs the closes of given days and the market data has none of them (or
    /// there is no market data).
    NoMarketDays {
        /// What the days are needed for: `base-price`, `close-before-disclosure`.
        needed_for: &'static str,
        /// The disclosure date.
        from: crate::date::Date,
        /// The base date, for the base price (its closes run from `from` to here).
        until: Option<crate::date::Date>,
    },
    /// The market data stops before the base date.
    MarketDataEnds {
        /// The last day the data has.
        last: Option<crate::date::Date>,
        /// The day it must reach.
        needed_until: crate::date::Date,
    },
    /// A reference index has no close where one is needed.
    MissingIndex {
        /// The index code.
        index: String,
        /// What for.
        needed_for: &'static str,
    },
    /// A value is outside the range the calculation accepts (rules out overflow).
    OutOfRange {
        /// The value as written.
        value: String,
        /// The largest value accepted.
        limit: &'static str,
    },
    /// A figure of an offer to reconcile (`redress::reconcile::Offer::read`) is empty,
    /// not a number, or out of range.
    OfferFigure {
        /// Which figure.
        figure: crate::reconcile::Figure,
        /// The text as typed.
        text: String,
        /// What is wrong with it.
        problem: crate::reconcile::FigureProblem,
    },
    /// No trades were given.
    NoTrades,
    /// No header row was found in a broker export (a date column and two other known
    /// columns within the first 30 rows).
    NoHeader,
    /// A broker export's row that cannot be used, with the importer's reason.
    Row(Box<crate::import::Reason>),
}

/// An input problem with its location.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Error {
    /// What is wrong.
    pub kind: ErrorKind,
    /// Where, when known (boxed: errors travel in `Result`s on hot paths).
    pub at: Option<Box<Location>>,
}

impl Error {
    /// An error without a location yet.
    pub fn new(kind: ErrorKind) -> Error {
        Error { kind, at: None }
    }

    /// An error at a file, row and column.
    pub fn at(kind: ErrorKind, file: &str, row: Option<u32>, column: Option<&str>) -> Error {
        Error {
            kind,
            at: Some(Box::new(Location {
                file: file.to_owned(),
                row,
                column: column.map(str::to_owned),
                field: None,
            })),
        }
    }

    /// An error at a field of a case file.
    pub fn in_field(kind: ErrorKind, file: &str, field: &str) -> Error {
        Error {
            kind,
            at: Some(Box::new(Location {
                file: file.to_owned(),
                row: None,
                column: None,
                field: Some(field.to_owned()),
            })),
        }
    }

    /// A stable, machine-readable code.
    pub fn code(&self) -> &'static str {
        match &self.kind {
            ErrorKind::Table { .. } => "table",
            ErrorKind::Pdf => "pdf",
            ErrorKind::WorkbookNotSupported => "workbook-not-supported",
            ErrorKind::TooLarge => "too-large",
            ErrorKind::NotDailyBars { .. } => "not-daily-bars",
            ErrorKind::DuplicateDate { .. } => "duplicate-date",
            ErrorKind::EmptyIndexCode => "empty-index-code",
            ErrorKind::MissingColumn { .. } => "missing-column",
            ErrorKind::BadDate { .. } => "bad-date",
            ErrorKind::BadTime { .. } => "bad-time",
            ErrorKind::BadNumber { .. } => "bad-number",
            ErrorKind::BadQuantity { .. } => "bad-quantity",
            ErrorKind::BadKind { .. } => "bad-kind",
            ErrorKind::NeedsPositive { .. } => "needs-positive",
            ErrorKind::CaseSyntax { .. } => "case-syntax",
            ErrorKind::CaseValue { .. } => "case-value",
            ErrorKind::MissingMarketDays { .. } | ErrorKind::NoMarketDays { .. } => {
                "missing-market-days"
            }
            ErrorKind::MarketDataEnds { .. } => "market-data-ends",
            ErrorKind::MissingIndex { .. } => "missing-index",
            ErrorKind::OutOfRange { .. } => "out-of-range",
            ErrorKind::OfferFigure { .. } => "offer-figure",
            ErrorKind::NoTrades => "no-trades",
            ErrorKind::NoHeader => "no-header",
            ErrorKind::Row(reason) => reason.code(),
        }
    }

    /// The message in the given language, location first.
    pub fn message(&self, lang: Lang) -> String {
        match &self.at {
            Some(at) => at.describe(lang, &self.detail(lang)),
            None => self.detail(lang),
        }
    }

    /// The message as written beside the input `file` it is about: where in that input,
    /// without its name (the front end writes the name); the whole message when the
    /// problem is located elsewhere (another file, a case) or nowhere.
    pub fn message_within(&self, file: &str, lang: Lang) -> String {
        match &self.at {
            Some(at) if at.file == file => at.describe_within(lang, &self.detail(lang)),
            _ => self.message(lang),
        }
    }

    /// The message without its location, for a front end that says where in its own
    /// words (a form field's label).
    pub fn detail(&self, lang: Lang) -> String {
        match &self.kind {
            ErrorKind::Table { detail } => {
                tr!(lang, "无法读取表格（{}）", "the table cannot be read ({})", detail)
            }
            ErrorKind::Pdf => lang
                .pick(
                    "PDF 无法直接读取：请复制其中的文字粘贴进来，或从交易软件导出历史成交",
                    "a PDF cannot be read: copy its text and paste it, or export the history from the trading client",
                )
                .to_owned(),
            ErrorKind::WorkbookNotSupported => lang
                .pick(
                    "这是 Excel 工作簿，此版本只读取文本导出（未启用 workbook 功能）",
                    "this is an Excel workbook, and this build reads only text exports (the `workbook` feature is off)",
                )
                .to_owned(),
            ErrorKind::TooLarge => lang
                .pick("文件太大，无法读取（上限 2 GiB）", "the file is too large to read (2 GiB at most)")
                .to_owned(),
            ErrorKind::NotDailyBars { title } => tr!(
                lang,
                "不是日线数据：{}（请导出不复权的日线）",
                "not daily bars: {} (export unadjusted (不复权) day bars, 日线)",
                title
            ),
            ErrorKind::DuplicateDate { date, index: None } => {
                tr!(lang, "日期 {} 出现了两次", "the date {} appears twice", date)
            }
            ErrorKind::DuplicateDate { date, index: Some(code) } => {
                tr!(lang, "指数 {} 的日期 {} 出现了两次", "index {} has the date {} twice", code, date)
            }
            ErrorKind::EmptyIndexCode => {
                lang.pick("指数代码为空", "the index code is empty").to_owned()
            }
            ErrorKind::MissingColumn { name } => {
                tr!(lang, "缺少必需的列“{}”", "the required column “{}” is missing", name)
            }
            ErrorKind::BadDate { text } => tr!(
                lang,
                "“{}”不是日期（应为 YYYY-MM-DD）",
                "“{}” is not a date (expected YYYY-MM-DD)",
                text
            ),
            ErrorKind::BadTime { text } => tr!(
                lang,
                "“{}”不是时间（应为 HH:MM:SS）",
                "“{}” is not a time (expected HH:MM:SS)",
                text
            ),
            ErrorKind::BadNumber { text } => {
                tr!(lang, "“{}”不是数字", "“{}” is not a number", text)
            }
            ErrorKind::BadQuantity { text } => {
                if text.trim_start().starts_with('-') {
                    tr!(
                        lang,
                        "“{}”：股数不能为负数（卖出请在类型列写 sell，股数写正数）",
                        "“{}”: a share count cannot be negative (for a sale, write sell as the kind and a positive count)",
                        text
                    )
                } else {
                    tr!(lang, "“{}”不是整数股数", "“{}” is not a whole number of shares", text)
                }
            }
            ErrorKind::BadKind { text } => tr!(
                lang,
                "“{}”不是已知的交易类型（buy、sell、bonus、transfer_in、transfer_out、dividend、rights、other）",
                "“{}” is not a known kind (buy, sell, bonus, transfer_in, transfer_out, dividend, rights, other)",
                text
            ),
            ErrorKind::NeedsPositive { kind } => tr!(
                lang,
                "{} 行需要大于零的数量和价格",
                "a {} row needs a quantity and price greater than zero",
                kind
            ),
            ErrorKind::CaseSyntax { detail } => {
                tr!(lang, "案件文件格式错误：{}", "the case file is malformed: {}", detail)
            }
            ErrorKind::CaseValue { value, reason, reason_zh } => {
                case_value_message(value, reason, reason_zh, lang)
            }
            ErrorKind::MissingMarketDays { needed_for, needed, have } => tr!(
                lang,
                "计算{}需要揭露日起 {} 个交易日的行情，只有 {} 个，缺 {} 个",
                "computing the {} needs {} trading days of market data from the disclosure date; there are {}, {} missing",
                need_label(needed_for, lang),
                needed,
                have,
                needed.saturating_sub(*have)
            ),
            ErrorKind::NoMarketDays { needed_for, from, until } => match until {
                Some(until) => tr!(
                    lang,
                    "计算{}需要揭露日 {} 至基准日 {} 每个交易日的收盘价，没有这些日子的行情数据",
                    "computing the {} needs the close of every trading day from the disclosure date {} to the base date {}; there is no market data for those days",
                    need_label(needed_for, lang),
                    from,
                    until
                ),
                None => tr!(
                    lang,
                    "计算{}需要揭露日 {} 之前最后一个交易日的收盘价，没有该日之前的行情数据",
                    "computing the {} needs the close of the last trading day before the disclosure date {}; there is no market data before it",
                    need_label(needed_for, lang),
                    from
                ),
            },
            ErrorKind::MarketDataEnds { last, needed_until } => match last {
                Some(last) => tr!(
                    lang,
                    "行情数据只到 {}，计算基准价需要到基准日 {}",
                    "the market data ends on {}, but the base price needs it up to the base date {}",
                    last,
                    needed_until
                ),
                None => tr!(lang, "行情数据为空", "the market data is empty"),
            },
            ErrorKind::MissingIndex { index, needed_for } => tr!(
                lang,
                "计算{}需要指数 {} 的收盘点位，但指数数据中没有",
                "computing the {} needs closes of the index {}, which the index data lacks",
                need_label(needed_for, lang),
                index
            ),
            ErrorKind::OutOfRange { value, limit } => tr!(
                lang,
                "“{}”超出可计算的范围（应大于零且不超过 {}）",
                "“{}” is outside the range that can be computed (above zero and at most {})",
                value,
                limit
            ),
            ErrorKind::OfferFigure { figure, text, problem } => {
                use crate::reconcile::FigureProblem;
                let name = figure.label(lang);
                match problem {
                    FigureProblem::Missing => tr!(
                        lang,
                        "请填写{}（数字，如 12345.67）",
                        "enter {} as a number (such as 12345.67)",
                        name
                    ),
                    FigureProblem::NotANumber => tr!(
                        lang,
                        "{}“{}”不是数字（应写成如 12345.67）",
                        "{} “{}” is not a number (write it like 12345.67)",
                        name,
                        text
                    ),
                    FigureProblem::Negative => tr!(
                        lang,
                        "{}不能是负数：“{}”",
                        "{} cannot be negative: “{}”",
                        name,
                        text
                    ),
                    FigureProblem::AboveOne => tr!(
                        lang,
                        "{}“{}”应在 0 到 100% 之间（如 25% 或 0.25）",
                        "{} “{}” must be between 0 and 100% (such as 25% or 0.25)",
                        name,
                        text
                    ),
                }
            }
            ErrorKind::NoTrades => tr!(lang, "没有交易记录", "there are no trades"),
            ErrorKind::NoHeader => tr!(
                lang,
                "前 30 行中没有找到表头（需要日期列和至少两个已知列，如证券代码、业务名称、成交数量）",
                "no header row in the first 30 rows (it needs a date column and at least two other known columns, such as 证券代码, 业务名称, 成交数量)"
            ),
            ErrorKind::Row(reason) => reason.message(lang),
        }
    }
}

/// The detail of a `case-value` error: the value and why it is not allowed (only the
/// reason for an empty value). The web page says the same of its form's fields.
pub fn case_value_message(value: &str, reason: &str, reason_zh: &str, lang: Lang) -> String {
    if value.is_empty() {
        lang.pick(reason_zh, reason).to_owned()
    } else {
        tr!(
            lang,
            "值“{}”无效：{}",
            "the value “{}” is not allowed: {}",
            value,
            lang.pick(reason_zh, reason)
        )
    }
}

fn need_label(code: &str, lang: Lang) -> &'static str {
    match code {
        "base-date" => lang.pick("基准日", "base date"),
        "base-price" => lang.pick("基准价", "base price"),
        "close-before-disclosure" => {
            lang.pick("揭露日前一交易日收盘价", "close before the disclosure date")
        }
        "index-cost" => lang.pick("指数成本", "index cost"),
        "index-exit" => lang.pick("指数退出点位", "index exit level"),
        _ => lang.pick("所需数值", "required value"),
    }
}

impl fmt::Display for Error {
    /// English, for logs and Rust callers; front ends use [`Error::message`].
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message(Lang::En))
    }
}

impl std::error::Error for Error {}
