//! The import report: what happened to every input row, and what the import found about
//! each file, account and security. A public contract (serde, decimals as strings) that
//! the CLI, the web page and the JS API render.
//!
//! Every non-blank line of every file has exactly one [`RowReport`]: `used` (it became a
//! trade), `ignored` (with why: a preamble, a cash-only row, a dividend tax…) or
//! `rejected` (with why and the column: a bad date, an unknown business with a quantity…).
//! Blank lines are only counted.

use serde::Serialize;

use crate::date::Date;
use crate::lang::{Lang, Said};
use crate::money::{Decimal, Price};
use crate::text::Encoding;
use crate::tr;
use crate::trade::Kind;

use super::columns::Field;
use super::grid::Container;

/// The whole report of one import.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Report {
    /// Language of the messages.
    pub lang: Lang,
    /// One entry per input file, in input order.
    pub files: Vec<FileReport>,
    /// One entry per non-blank input line, by file and line.
    pub rows: Vec<RowReport>,
    /// Every security found, by code.
    pub securities: Vec<SecuritySummary>,
    /// Findings about files, accounts and positions (newest-first files, inferred opening
    /// positions, balance gaps, shares of unknown origin, duplicates…).
    pub notes: Vec<Note>,
    /// The codes (or names) selected for the calculation; empty when none was asked for.
    pub selected: Vec<String>,
    /// Shares of the selected security held before the history starts, inferred from the
    /// balance columns (0 when none was inferred).
    pub opening_position: u64,
    /// Rows used, ignored and rejected, over all files.
    pub counts: Counts,
}

/// Row counts.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    /// Rows that became trades.
    pub used: u32,
    /// Rows ignored, each with its reason.
    pub ignored: u32,
    /// Rows rejected, each with its reason.
    pub rejected: u32,
}

/// What was found about one file.
#[derive(Clone, Debug, Serialize)]
pub struct FileReport {
    /// Index among the input files (the `file` of every row and trade origin).
    pub index: u32,
    /// The name as given.
    pub name: String,
    /// The text encoding detected (absent for workbooks and text given as text).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub encoding: Option<Encoding>,
    /// Byte sequences that were not valid in that encoding.
    pub malformed: usize,
    /// The container.
    pub container: Container,
    /// The delimiter of delimited text (`\t`, `,`, `;`, `|`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub delimiter: Option<String>,
    /// The sheet read from a workbook.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sheet: Option<String>,
    /// The line of the (first) header row.
    pub header_row: u32,
    /// Every column of the header, with the field it was mapped to.
    pub columns: Vec<ColumnReport>,
    /// The account label given to the file's rows (masked identifiers, or the file name).
    pub account: String,
    /// The order of the rows in the file.
    pub order: Order,
    /// Lines with nothing on them (not listed among the rows).
    pub blank_lines: u32,
    /// Rows used, ignored and rejected in this file.
    pub counts: Counts,
}

/// A column of a header.
#[derive(Clone, Debug, Serialize)]
pub struct ColumnReport {
    /// 1-based column number.
    pub index: u32,
    /// The header as written (cleaned).
    pub header: String,
    /// The field it was mapped to, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<Field>,
    /// Whether this is the column used for its field (false for a duplicate or a
    /// lower-priority alias, e.g. the second `佣金`, or `交收日期` beside `发生日期`).
    pub used: bool,
}

/// The order of a file's rows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Order {
    /// Oldest first (or a single date).
    OldestFirst,
    /// Newest first: the rows were reversed.
    NewestFirst,
    /// Neither: the rows were sorted by date, keeping the file's order within a day.
    Unordered,
}

impl Order {
    /// The order of the file's rows, for the user.
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Order::OldestFirst => lang.pick("按时间先后", "oldest first"),
            Order::NewestFirst => lang.pick("最新在前（已倒序）", "newest first (reversed)"),
            Order::Unordered => lang.pick("日期无序（已按日期排序）", "unordered (sorted by date)"),
        }
    }
}

/// What happened to a row.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// It became a trade.
    Used,
    /// It is not a trade of shares (and says why).
    Ignored,
    /// It looks like data but cannot be used (and says why and where).
    Rejected,
}

/// One input row.
#[derive(Clone, Debug, Serialize)]
pub struct RowReport {
    /// File index.
    pub file: u32,
    /// 1-based line (or sheet row) as the user sees it.
    pub row: u32,
    /// Used, ignored or rejected.
    pub status: Status,
    /// A stable code for why (absent for a plainly used row).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<&'static str>,
    /// The column at fault, for a rejected row.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<String>,
    /// The explanation, in the report's language.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    /// The row's date.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<Date>,
    /// The security code (six digits when numeric).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    /// The business text as written.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub business: Option<String>,
    /// The trade kind, for a used row.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kind: Option<Kind>,
    /// Whole shares, for a used row.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub quantity: Option<u64>,
    /// Price per share (cash per share for a dividend), for a used row.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub price: Option<Price>,
    /// A rejected row's cells as read, for a front end's row editor (not part of the
    /// report's JSON).
    #[serde(skip)]
    pub cells: Option<Box<RawCells>>,
    /// Why, typed, for a front end that renders the message in its own language (not
    /// part of the report's JSON, which has `reason` and `message`).
    #[serde(skip)]
    pub why: Option<Reason>,
}

/// A row's cells as read (the text of a cell that could not be read, else its value).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RawCells {
    /// The date.
    pub date: String,
    /// The time, or empty.
    pub time: String,
    /// The business text.
    pub business: String,
    /// The quantity.
    pub quantity: String,
    /// The price (or, without one, the amount ÷ the quantity), or empty.
    pub price: String,
}

/// A security found in the files, for the user to choose the case's from; the selection
/// ([`crate::import::Import::wanted`]) takes the case's code and its former codes, or
/// names for a file without a code column. Subscription and rights-payment codes (730…,
/// 700…) carry no trades: their rows are ignored, and the shares arrive under the
/// listing code.
#[derive(Clone, Debug, Serialize)]
pub struct SecuritySummary {
    /// The code (empty when the file has no code column; then the name identifies it).
    pub code: String,
    /// The most frequent name.
    pub name: String,
    /// Whether the code is an A-share stock (not a bond, fund, repo or subscription code).
    pub equity: bool,
    /// Rows that mention it.
    pub rows: u32,
    /// Trades produced for it.
    pub trades: u32,
    /// Shares held at the end of the history, over all accounts.
    pub position: i64,
    /// Shares inferred as held before the history (from balance columns).
    pub opening: u64,
    /// Shares that appear without a row explaining them (balance gaps and sells beyond the
    /// known position).
    pub unknown_origin: u64,
}

/// A finding about a file, an account or a security.
#[derive(Clone, Debug, Serialize)]
pub struct Note {
    /// A stable code.
    pub code: &'static str,
    /// The file, by index.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<u32>,
    /// The row concerned.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub row: Option<u32>,
    /// The security concerned.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub security: Option<String>,
    /// The account concerned.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub account: Option<String>,
    /// A number of shares (signed for a balance gap: negative when shares left unseen).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub shares: Option<i64>,
    /// The explanation, in the report's language.
    pub message: String,
    /// The explanation in both languages (not part of the report's JSON).
    #[serde(skip)]
    pub said: Said,
}

impl Note {
    /// A note with its code and text, about nothing in particular yet (the fields that
    /// say what it is about are set by the caller); the report's `message` is written in
    /// its language when the import ends.
    pub(crate) fn new(code: &'static str, said: Said) -> Note {
        Note {
            code,
            file: None,
            row: None,
            security: None,
            account: None,
            shares: None,
            message: String::new(),
            said,
        }
    }
}

/// Why a row was ignored or rejected, or what was derived for a used row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Reason {
    /// Above the header.
    Preamble,
    /// The header row.
    Header,
    /// The header repeated further down.
    RepeatedHeader,
    /// A line of dashes.
    Separator,
    /// A total (合计) row.
    Total,
    /// Fewer than three cells: a title or note line.
    NotData,
    /// A trade row without a quantity.
    ZeroQuantity,
    /// Cash only (bank transfer, interest, loan, fee).
    CashOnly,
    /// Neither shares nor cash (指定交易).
    Neutral,
    /// A repurchase agreement.
    Repo,
    /// Void or failed.
    Void,
    /// Dividend tax.
    DividendTax,
    /// A dividend row without an amount.
    DividendNoAmount,
    /// A dividend whose holding is unknown (cash per share cannot be derived).
    DividendNoHolding,
    /// Rights allotted (no shares yet).
    RightsEntitlement,
    /// Rights paid (the shares come with 配股入账).
    RightsPayment,
    /// New-share subscription.
    IpoSubscription,
    /// Lottery numbers.
    IpoLottery,
    /// Allotment notice.
    IpoAllotment,
    /// Payment for new shares (the shares come with 新股入账).
    IpoPayment,
    /// A CSDC entitlement registration that is not a share credit.
    EntitlementRecord,
    /// CSDC offset line.
    ListingOffset,
    /// The same row is in an earlier file of the same account.
    Duplicate {
        /// The earlier file.
        file: Box<str>,
        /// Its row.
        row: u32,
    },
    /// The business text matches nothing known.
    UnknownBusiness {
        /// The text.
        text: Box<str>,
    },
    /// A holding change the calculation does not model.
    Unsupported {
        /// The text.
        text: Box<str>,
    },
    /// The date cell is not a date.
    BadDate {
        /// The cell.
        text: Box<str>,
    },
    /// The time cell is not a time.
    BadTime {
        /// The cell.
        text: Box<str>,
    },
    /// A number cell is not a number.
    BadNumber {
        /// The cell.
        text: Box<str>,
    },
    /// A quantity that is not whole.
    FractionalQuantity {
        /// The cell.
        text: Box<str>,
    },
    /// A purchase whose quantity is negative: the row contradicts itself (a sell's
    /// quantity may be negative, a buy's never).
    NegativeBuy {
        /// The cell.
        text: Box<str>,
    },
    /// A trade without a price or amount.
    MissingPrice,
    /// A share change without a security code or name.
    MissingCode,
    /// 配股入账 with no 配股缴款 row giving the subscription price.
    RightsWithoutPrice,
    /// 新股入账 with no price and no 中签缴款 to derive it.
    IpoWithoutPrice,
    /// Used: the price is the amount divided by the quantity.
    PriceFromAmount,
    /// Used: dividend per share = cash ÷ holding.
    DividendPerShare {
        /// Cash.
        cash: Decimal,
        /// Shares held.
        holding: Decimal,
        /// Where the holding came from.
        source: HoldingSource,
    },
    /// Used: a rights credit priced by the 配股缴款 row.
    RightsPrice {
        /// That row.
        row: u32,
    },
    /// Used: a new-share credit priced by its payment row.
    IpoPrice {
        /// That row.
        row: u32,
    },
    /// Used: a new-share credit priced by its own row.
    IpoCredit,
}

/// Where the holding behind a dividend's cash per share came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HoldingSource {
    /// The balance column of the dividend row.
    Balance,
    /// The remark (`权益股数:1300`).
    Remark,
    /// The rows before it (the position at the start of the day).
    History,
}

impl Reason {
    /// The stable code.
    pub fn code(&self) -> &'static str {
        match self {
            Reason::Preamble => "preamble",
            Reason::Header => "header",
            Reason::RepeatedHeader => "repeated-header",
            Reason::Separator => "separator",
            Reason::Total => "total",
            Reason::NotData => "not-data",
            Reason::ZeroQuantity => "zero-quantity",
            Reason::CashOnly => "cash-only",
            Reason::Neutral => "neutral",
            Reason::Repo => "repo",
            Reason::Void => "void",
            Reason::DividendTax => "dividend-tax",
            Reason::DividendNoAmount => "dividend-without-amount",
            Reason::DividendNoHolding => "dividend-without-holding",
            Reason::RightsEntitlement => "rights-entitlement",
            Reason::RightsPayment => "rights-payment",
            Reason::IpoSubscription => "ipo-subscription",
            Reason::IpoLottery => "ipo-lottery",
            Reason::IpoAllotment => "ipo-allotment",
            Reason::IpoPayment => "ipo-payment",
            Reason::EntitlementRecord => "entitlement-record",
            Reason::ListingOffset => "listing-offset",
            Reason::Duplicate { .. } => "duplicate",
            Reason::UnknownBusiness { .. } => "unknown-business",
            Reason::Unsupported { .. } => "unsupported",
            Reason::BadDate { .. } => "bad-date",
            Reason::BadTime { .. } => "bad-time",
            Reason::BadNumber { .. } => "bad-number",
            Reason::FractionalQuantity { .. } => "fractional-quantity",
            Reason::NegativeBuy { .. } => "negative-buy",
            Reason::MissingPrice => "missing-price",
            Reason::MissingCode => "missing-code",
            Reason::RightsWithoutPrice => "rights-without-price",
            Reason::IpoWithoutPrice => "ipo-without-price",
            Reason::PriceFromAmount => "price-from-amount",
            Reason::DividendPerShare { .. } => "dividend-per-share",
            Reason::RightsPrice { .. } => "rights-price",
            Reason::IpoPrice { .. } => "ipo-price",
            Reason::IpoCredit => "ipo-credit",
        }
    }

    /// The explanation.
    pub fn message(&self, lang: Lang) -> String {
        match self {
            Reason::Preamble => tr!(lang, "表头之前的说明行", "a line above the header"),
            Reason::Header => tr!(lang, "表头", "the header row"),
            Reason::RepeatedHeader => tr!(lang, "重复的表头", "the header, repeated"),
            Reason::Separator => tr!(lang, "分隔线", "a separator line"),
            Reason::Total => tr!(lang, "合计行", "a total row"),
            Reason::NotData => {
                tr!(lang, "不是数据行（少于三个单元格）", "not a data row (fewer than three cells)")
            }
            Reason::ZeroQuantity => {
                tr!(lang, "数量为零，不改变持仓", "the quantity is zero: no change of holdings")
            }
            Reason::CashOnly => tr!(lang, "只涉及资金，不涉及股份", "cash only, no shares"),
            Reason::Neutral => tr!(
                lang,
                "不涉及股份和资金（如指定交易）",
                "neither shares nor cash (e.g. designated trading)"
            ),
            Reason::Repo => tr!(lang, "回购（不是股票）", "a repurchase agreement, not shares"),
            Reason::Void => tr!(lang, "作废或失败的记录", "a void or failed row"),
            Reason::DividendTax => tr!(
                lang,
                "红利税扣缴：只涉及资金，数量不是股份变动",
                "dividend tax: cash only; its quantity is not a change of shares"
            ),
            Reason::DividendNoAmount => tr!(
                lang,
                "分红记录没有金额，无法得出每股现金",
                "a dividend row without an amount: no cash per share"
            ),
            Reason::DividendNoHolding => tr!(
                lang,
                "分红时持股数不明，无法得出每股现金",
                "the holding at the dividend is unknown: no cash per share"
            ),
            Reason::RightsEntitlement => {
                tr!(lang, "配股权证：尚无股份", "rights allotted: no shares yet")
            }
            Reason::RightsPayment => tr!(
                lang,
                "配股缴款：股份在配股入账时计入，缴款价格用作配股价",
                "rights paid: the shares come with the rights credit, priced at this subscription price"
            ),
            Reason::IpoSubscription => {
                tr!(lang, "新股申购：尚无股份", "new-share subscription: no shares yet")
            }
            Reason::IpoLottery => tr!(
                lang,
                "申购配号：数量是配号个数，不是股份",
                "lottery numbers: the quantity counts numbers, not shares"
            ),
            Reason::IpoAllotment => tr!(
                lang,
                "中签通知：股份在新股入账时计入",
                "allotment notice: the shares come with the new-share credit"
            ),
            Reason::IpoPayment => tr!(
                lang,
                "中签缴款：股份在新股入账时计入",
                "payment for new shares: the shares come with the new-share credit"
            ),
            Reason::EntitlementRecord => tr!(
                lang,
                "权益登记（红利）：不是股份变动",
                "entitlement registration (dividend): no change of shares"
            ),
            Reason::ListingOffset => tr!(
                lang,
                "上市流通或权益挂牌的对冲行：不是交易",
                "a listing or entitlement offset line: not a trade"
            ),
            Reason::Duplicate { file, row } => tr!(
                lang,
                "与 {} 第 {} 行重复（同一账户的重叠导出），只计一次",
                "the same as {} row {} (overlapping exports of one account): counted once",
                file,
                row
            ),
            Reason::UnknownBusiness { text } => tr!(
                lang,
                "未知的业务类型“{}”：未作推测，请检查",
                "unknown business type “{}”: not guessed, please check",
                text
            ),
            Reason::Unsupported { text } => tr!(
                lang,
                "“{}”改变持仓的方式不在计算范围内，请人工核对",
                "“{}” changes holdings in a way the calculation does not model: review it by hand",
                text
            ),
            Reason::BadDate { text } => tr!(lang, "“{}”不是日期", "“{}” is not a date", text),
            Reason::BadTime { text } => tr!(lang, "“{}”不是时间", "“{}” is not a time", text),
            Reason::BadNumber { text } => tr!(lang, "“{}”不是数字", "“{}” is not a number", text),
            Reason::FractionalQuantity { text } => {
                tr!(lang, "“{}”不是整数股数", "“{}” is not a whole number of shares", text)
            }
            Reason::NegativeBuy { text } => tr!(
                lang,
                "买入的数量是负数（{}）：方向与数量的符号矛盾，没有采用。请核对这一行（可能是卖出，或导出有误）",
                "a purchase with a negative quantity ({}): the side and the sign contradict each other, so the row is not used. Check it (a sale, or a faulty export?)",
                text
            ),
            Reason::MissingPrice => {
                tr!(lang, "成交记录没有价格或金额", "a trade without a price or amount")
            }
            Reason::MissingCode => tr!(
                lang,
                "股份变动没有证券代码或名称",
                "a change of shares without a security code or name"
            ),
            Reason::RightsWithoutPrice => tr!(
                lang,
                "配股入账但没有配股缴款记录给出配股价：请加入缴款记录或资金流水",
                "rights shares credited but no rights payment row gives the price: add it (or the cash statement)"
            ),
            Reason::IpoWithoutPrice => tr!(
                lang,
                "新股入账但没有发行价，也没有中签缴款记录可推算：请加入缴款记录",
                "new shares credited without an issue price and no payment row to derive it: add the payment row"
            ),
            Reason::PriceFromAmount => {
                tr!(lang, "价格由成交金额除以数量得出", "price = amount ÷ quantity")
            }
            Reason::DividendPerShare { cash, holding, source } => {
                let from = match source {
                    HoldingSource::Balance => lang.pick("余额列", "the balance column"),
                    HoldingSource::Remark => lang.pick("备注", "the remark"),
                    HoldingSource::History => lang.pick("之前的交易记录", "the history before it"),
                };
                tr!(
                    lang,
                    "每股现金 = {} 元 ÷ {} 股（持股数来自{}）",
                    "cash per share = {} yuan ÷ {} shares (holding from {})",
                    cash,
                    holding,
                    from
                )
            }
            Reason::RightsPrice { row } => tr!(
                lang,
                "配股价来自第 {} 行的配股缴款",
                "priced at the subscription price of the rights payment in row {}",
                row
            ),
            Reason::IpoPrice { row } => tr!(
                lang,
                "发行价由第 {} 行的中签缴款金额除以入账股数得出",
                "issue price = the payment of row {} ÷ the shares credited",
                row
            ),
            Reason::IpoCredit => tr!(
                lang,
                "新股入账：按发行价买入",
                "new shares credited: a purchase at the issue price"
            ),
        }
    }
}
