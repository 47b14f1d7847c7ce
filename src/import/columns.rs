//! Header rows and columns: which row is the header (keyword scoring, broker-formats.md §0
//! rule 3) and what each column means (aliases, exact match first, §0 rule 6).
//!
//! **The header** is a row with at least three cells that are known headers, one of them a
//! date ([`score`], [`is_header`]). The importer takes the first such row among a grid's
//! first 30 non-blank rows (`rows.rs`); text without a delimiter is first split into cells
//! by the columns of the first such line among its first 40 (`grid::spaces`). A later
//! row that is itself a header switches the columns from there on (two sections pasted
//! together); a row that repeats the current header is reported as a repeated header
//! ([`Layout::same_header`]).
//!
//! **Columns** map to fields by exact alias first. A header that no alias names exactly is
//! mapped by substring (`…日期` a date, `…代码` a code…) only when no header of the row
//! names that field exactly, and at a low priority: `操作日期` is not the date beside
//! `成交日期`, and a header that contains `备注` without being it (`费用备注`) is never
//! a remark. Among several columns of one field the best priority wins, then the first:
//! a trade date (成交日期, 发生日期) beats a settlement date (交割日期, 交收日期), which is
//! used only when the file has no other date ([`Layout::settlement_date_only`]; the import
//! then says so). Every business, remark and status column is kept
//! ([`Layout::business`], [`Layout::remarks`], [`Layout::status`]): each is searched for
//! the row's business (`business.rs`).

use serde::Serialize;

use super::cell;

/// What a column holds, after mapping its header.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    /// The trade date (成交日期, 发生日期, …) or, failing that, a settlement date.
    Date,
    /// Time of day.
    Time,
    /// Security code.
    Code,
    /// Security name.
    Name,
    /// Business type (业务名称, 摘要, 操作, 买卖标志, 交易类别, 过户类型, …).
    Business,
    /// Free remark (备注), searched for the business as well.
    Remark,
    /// Quantity (成交数量, 发生数量, 过户数量).
    Quantity,
    /// Price (成交均价, 成交价格).
    Price,
    /// Gross amount (成交金额).
    Amount,
    /// Signed net cash (发生金额, 清算金额).
    Net,
    /// Shares held after the row (股份余额, 剩余数量, 余额, …).
    Balance,
    /// Cash held after the row (资金余额, 本次金额, …).
    CashBalance,
    /// Fill number (成交编号).
    TradeId,
    /// Order number (合同编号, 委托编号).
    OrderId,
    /// Serial number of the row (流水号).
    Serial,
    /// Securities account (股东代码, 股东帐户).
    Holder,
    /// Fund account (资金帐号).
    FundAccount,
    /// Market (交易市场).
    Market,
    /// Currency (币种).
    Currency,
    /// Status (状态), searched for void rows.
    Status,
    /// A fee (佣金, 印花税, …).
    Fee,
    /// Known, not needed.
    Other,
}

/// The number of fields.
const FIELDS: usize = Field::Other as usize + 1;

/// One alias: header text, field, priority (lower wins among columns of one field).
type Alias = (&'static str, Field, u8);

/// Priority from which a date column is a settlement date, not a trade date.
pub const SETTLEMENT: u8 = 5;

const ALIASES: &[Alias] = &[
    ("成交日期", Field::Date, 0),
    ("交易日期", Field::Date, 0),
    ("发生日期", Field::Date, 1),
    ("日期", Field::Date, 2),
    ("业务日期", Field::Date, 2),
    ("过户日期", Field::Date, 2),
    ("变动日期", Field::Date, 2),
    ("委托日期", Field::Date, 4),
    ("转账日期", Field::Date, 4),
    ("交割日期", Field::Date, SETTLEMENT),
    ("交收日期", Field::Date, SETTLEMENT),
    ("清算日期", Field::Date, SETTLEMENT + 1),
    ("成交时间", Field::Time, 0),
    ("发生时间", Field::Time, 1),
    ("时间", Field::Time, 2),
    ("交易时间", Field::Time, 1),
    ("委托时间", Field::Time, 3),
    ("转账时间", Field::Time, 3),
    ("证券代码", Field::Code, 0),
    ("股票代码", Field::Code, 0),
    ("代码", Field::Code, 1),
    ("基金代码", Field::Code, 1),
    ("产品代码", Field::Code, 2),
    ("证券名称", Field::Name, 0),
    ("证券简称", Field::Name, 0),
    ("股票名称", Field::Name, 0),
    ("名称", Field::Name, 1),
    ("产品名称", Field::Name, 2),
    ("业务名称", Field::Business, 0),
    ("摘要", Field::Business, 0),
    ("操作", Field::Business, 0),
    ("交易类别", Field::Business, 0),
    ("业务标志名称", Field::Business, 0),
    ("委托类别", Field::Business, 0),
    ("过户类型", Field::Business, 0),
    ("权益类别", Field::Business, 1),
    ("买卖类别", Field::Business, 0),
    ("业务类型", Field::Business, 0),
    ("业务说明", Field::Business, 0),
    ("真实操作", Field::Business, 0),
    ("买卖标志", Field::Business, 0),
    ("买卖方向", Field::Business, 0),
    ("买卖", Field::Business, 0),
    ("委托方向", Field::Business, 0),
    ("交易类型", Field::Business, 0),
    ("业务", Field::Business, 1),
    ("类别", Field::Business, 2),
    ("转帐类别名称", Field::Business, 0),
    ("转账类别名称", Field::Business, 0),
    ("备注", Field::Remark, 0),
    ("说明", Field::Remark, 1),
    ("附言", Field::Remark, 1),
    ("成交数量", Field::Quantity, 0),
    ("成交股数", Field::Quantity, 0),
    ("过户数量", Field::Quantity, 0),
    ("发生数量", Field::Quantity, 1),
    ("变动数量", Field::Quantity, 1),
    ("数量", Field::Quantity, 2),
    ("成交均价", Field::Price, 0),
    ("成交价格", Field::Price, 0),
    ("成交价", Field::Price, 1),
    ("均价", Field::Price, 2),
    ("价格", Field::Price, 2),
    ("成交金额", Field::Amount, 0),
    ("金额", Field::Amount, 2),
    ("发生金额", Field::Net, 0),
    ("清算金额", Field::Net, 0),
    ("收付金额", Field::Net, 0),
    ("本次发生金额", Field::Net, 0),
    ("变动资金", Field::Net, 1),
    ("资金发生数", Field::Net, 1),
    ("股份余额", Field::Balance, 0),
    ("剩余数量", Field::Balance, 0),
    ("后证余额", Field::Balance, 0),
    ("股票余额", Field::Balance, 0),
    ("本次股票余额", Field::Balance, 0),
    ("股份本次余额", Field::Balance, 0),
    ("证券余额", Field::Balance, 0),
    ("期末余额", Field::Balance, 0),
    ("余额", Field::Balance, 1),
    ("可用余额", Field::Balance, 2),
    ("库存数量", Field::Balance, 2),
    ("资金余额", Field::CashBalance, 0),
    ("本次金额", Field::CashBalance, 0),
    ("剩余金额", Field::CashBalance, 0),
    ("资金本次余额", Field::CashBalance, 0),
    ("本次资金余额", Field::CashBalance, 0),
    ("可用金额", Field::CashBalance, 1),
    ("成交编号", Field::TradeId, 0),
    ("成交号", Field::TradeId, 0),
    ("成交序号", Field::TradeId, 0),
    ("合同编号", Field::OrderId, 0),
    ("委托编号", Field::OrderId, 0),
    ("合同号", Field::OrderId, 0),
    ("委托号", Field::OrderId, 0),
    ("申报序号", Field::OrderId, 1),
    ("流水号", Field::Serial, 0),
    ("流水序号", Field::Serial, 0),
    ("记录序列号", Field::Serial, 1),
    ("股东代码", Field::Holder, 0),
    ("股东帐户", Field::Holder, 0),
    ("股东账户", Field::Holder, 0),
    ("股东账号", Field::Holder, 0),
    ("股东帐号", Field::Holder, 0),
    ("证券账号", Field::Holder, 1),
    ("证券帐号", Field::Holder, 1),
    ("股票账号", Field::Holder, 1),
    ("资金帐号", Field::FundAccount, 0),
    ("资金账号", Field::FundAccount, 0),
    ("资金账户", Field::FundAccount, 0),
    ("资金帐户", Field::FundAccount, 0),
    ("资产账户", Field::FundAccount, 1),
    ("交易市场", Field::Market, 0),
    ("市场名称", Field::Market, 0),
    ("市场", Field::Market, 1),
    ("市场类型", Field::Market, 1),
    ("市场代码", Field::Market, 2),
    ("币种", Field::Currency, 0),
    ("币种代码", Field::Currency, 0),
    ("货币名称", Field::Currency, 0),
    ("货币", Field::Currency, 1),
    ("状态", Field::Status, 0),
    ("委托状态", Field::Status, 0),
    ("状态说明", Field::Status, 0),
    ("结果说明", Field::Status, 0),
    ("处理结果", Field::Status, 0),
    ("佣金", Field::Fee, 0),
    ("手续费", Field::Fee, 0),
    ("净佣金", Field::Fee, 0),
    ("印花税", Field::Fee, 0),
    ("过户费", Field::Fee, 0),
    ("其他杂费", Field::Fee, 0),
    ("其他费", Field::Fee, 0),
    ("其它杂费", Field::Fee, 0),
    ("其他费用", Field::Fee, 0),
    ("结算费", Field::Fee, 0),
    ("清算费", Field::Fee, 0),
    ("交易所清算费", Field::Fee, 0),
    ("附加费", Field::Fee, 0),
    ("交易规费", Field::Fee, 0),
    ("交易征费", Field::Fee, 0),
    ("规费", Field::Fee, 0),
    ("经手费", Field::Fee, 0),
    ("证管费", Field::Fee, 0),
    ("财汇局征费", Field::Fee, 0),
    ("总费用", Field::Fee, 0),
    ("费用合计", Field::Fee, 0),
    ("费用备注", Field::Other, 0),
    ("委托价格", Field::Other, 0),
    ("委托数量", Field::Other, 0),
    ("撤销数量", Field::Other, 0),
    ("撤单数量", Field::Other, 0),
    ("席位代码", Field::Other, 0),
    ("托管单元", Field::Other, 0),
    ("托管单元名称", Field::Other, 0),
    ("交易单元号", Field::Other, 0),
    ("结算参与人简称", Field::Other, 0),
    ("股份性质", Field::Other, 0),
    ("证券类别", Field::Other, 0),
    ("结算汇率", Field::Other, 0),
    ("订单编号", Field::Other, 0),
    ("策略名称", Field::Other, 0),
    ("委托类型", Field::Other, 0),
    ("成功", Field::Other, 0),
    ("错误", Field::Other, 0),
    ("信用类型", Field::Other, 0),
    ("银行名称", Field::Other, 0),
    ("银行代码", Field::Other, 0),
];

fn exact(header: &str) -> Option<Alias> {
    ALIASES.iter().copied().find(|a| a.0 == header)
}

/// Substring rules for headers no alias names exactly, with a low priority.
fn fuzzy(header: &str) -> Option<(Field, u8)> {
    let has = |s: &str| header.contains(s);
    if has("备注") {
        return Some((Field::Other, 9));
    }
    if has("日期") {
        return Some((Field::Date, 8));
    }
    if has("时间") {
        return Some((Field::Time, 8));
    }
    if has("资金帐") || has("资金账") {
        return Some((Field::FundAccount, 8));
    }
    if has("代码") {
        return Some((Field::Code, 8));
    }
    None
}

/// How well a row looks like a header: the number of cells that are known aliases.
pub fn score<'a>(cells: impl Iterator<Item = &'a str>) -> (usize, bool) {
    let mut hits = 0;
    let mut date = false;
    for c in cells {
        let c = cell::clean(c);
        if let Some(a) = exact(c) {
            hits += 1;
            date |= a.1 == Field::Date;
        }
    }
    (hits, date)
}

/// Whether a score makes a header: at least three known headers, one of them a date.
pub fn is_header(score: (usize, bool)) -> bool {
    score.0 >= 3 && score.1
}

/// The meaning of every column of a header row.
#[derive(Clone, Debug, Default)]
pub struct Layout {
    /// Per column: the cleaned header text and its field (with priority).
    pub columns: Vec<(String, Option<(Field, u8)>)>,
    /// The column chosen for each field, by the field's discriminant.
    pick: [Option<u32>; FIELDS],
    /// Columns searched for the business type, in column order.
    pub business: Vec<usize>,
    /// Remark columns.
    pub remarks: Vec<usize>,
    /// Status columns.
    pub status: Vec<usize>,
}

impl Layout {
    /// Maps a header row.
    pub fn new<'a>(cells: impl Iterator<Item = &'a str>) -> Layout {
        let mut columns: Vec<(String, Option<(Field, u8)>)> = cells
            .map(|c| {
                let h = cell::clean(c).to_owned();
                let f = exact(&h).map(|a| (a.1, a.2));
                (h, f)
            })
            .collect();
        // Substring mapping only for fields that no header names exactly.
        for i in 0..columns.len() {
            if columns[i].1.is_none()
                && let Some((f, p)) = fuzzy(&columns[i].0)
                && !columns.iter().any(|c| c.1.is_some_and(|(g, q)| g == f && q < 8))
            {
                columns[i].1 = Some((f, p));
            }
        }
        let mut layout = Layout { columns, ..Layout::default() };
        for (i, (_, f)) in layout.columns.iter().enumerate() {
            let Some((field, prio)) = *f else { continue };
            match field {
                Field::Business => layout.business.push(i),
                Field::Remark => layout.remarks.push(i),
                Field::Status => layout.status.push(i),
                _ => {}
            }
            // The first column of the best priority wins (duplicates are kept in
            // `columns`, and the first of two same-named columns is used).
            let slot = &mut layout.pick[field as usize];
            match *slot {
                Some(j) => {
                    let cur = layout.columns[j as usize].1.map_or(u8::MAX, |x| x.1);
                    if prio < cur {
                        *slot = u32::try_from(i).ok();
                    }
                }
                None => *slot = u32::try_from(i).ok(),
            }
        }
        layout
    }

    /// The column of a field.
    pub fn get(&self, field: Field) -> Option<usize> {
        self.pick[field as usize].map(|i| i as usize)
    }

    /// The header of a column.
    pub fn header(&self, col: usize) -> &str {
        self.columns.get(col).map_or("", |c| c.0.as_str())
    }

    /// Whether the date column is a settlement date (交收日期 and the like).
    pub fn settlement_date_only(&self) -> bool {
        self.get(Field::Date)
            .and_then(|i| self.columns[i].1)
            .is_some_and(|(_, p)| (SETTLEMENT..8).contains(&p))
    }

    /// Whether a row has the same header cells as this layout.
    pub fn same_header<'a>(&self, cells: impl Iterator<Item = &'a str>) -> bool {
        let mut n = 0;
        for (i, c) in cells.enumerate() {
            let c = cell::clean(c);
            match self.columns.get(i) {
                Some(h) if h.0 == c => n += 1,
                None if c.is_empty() => {}
                _ => return false,
            }
        }
        n == self.columns.len() || n + 1 == self.columns.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exact_match_wins_over_substrings() {
        let l = Layout::new(
            ["成交日期", "操作", "操作日期", "委托价格", "成交均价", "费用备注", "备注"]
                .into_iter(),
        );
        assert_eq!(l.get(Field::Date), Some(0));
        assert_eq!(l.business, vec![1]);
        assert_eq!(l.get(Field::Price), Some(4));
        assert_eq!(l.remarks, vec![6]);
        assert_eq!(l.columns[3].1, Some((Field::Other, 0)));
    }

    #[test]
    fn keeps_duplicates_and_prefers_trade_dates() {
        let l = Layout::new(["交收日期", "发生日期", "佣金", "佣金", "=\"证券代码\""].into_iter());
        assert_eq!(l.get(Field::Date), Some(1));
        assert!(!l.settlement_date_only());
        assert_eq!(l.columns.iter().filter(|c| c.1 == Some((Field::Fee, 0))).count(), 2);
        assert_eq!(l.get(Field::Code), Some(4));
        let only = Layout::new(["交收日期", "业务名称", "证券代码"].into_iter());
        assert!(only.settlement_date_only());
    }

    #[test]
    fn scores_header_rows() {
        assert!(is_header(score(["成交日期", "证券代码", "操作", "成交数量"].into_iter())));
        assert!(!is_header(score(["历史成交查询"].into_iter())));
        assert!(!is_header(score(["20240108", "600000", "买入", "1000"].into_iter())));
    }
}
