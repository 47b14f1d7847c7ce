//! The business-type table (broker-formats.md §4): which text means which event.
//!
//! Every business column, the remark (备注) and the status column (状态) are searched. A
//! void row (作废, 废单, 失败…) beats every other match; then a strong match beats a weak
//! one (the generic 买入/卖出 of a TDX 买卖标志 column loses to the real event in 备注);
//! then the longest match wins (`担保品买入` before `买入`, `股息红利税补缴` before
//! `股息`). Single letters and digits (`B`, `S`, `1`, `2`, `买`, `卖`) match only a whole
//! cell. Anything that matches nothing is surfaced as unknown, never guessed.

use serde::Serialize;

/// What a row is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Class {
    /// Shares bought.
    Buy,
    /// Shares sold.
    Sell,
    /// A CSDC 交易过户: the sign of the quantity says buy or sell.
    SignedTrade,
    /// Bonus or capitalisation shares (红股入账, 送股, 转增).
    Bonus,
    /// Shares moved in from another account (托管转入, 担保品划入).
    TransferIn,
    /// Shares moved out (托管转出, 担保品划出).
    TransferOut,
    /// A cash dividend (股息入账).
    Dividend,
    /// Dividend tax (股息红利税补缴): cash only.
    DividendTax,
    /// Rights allotted (配股权证): no shares yet.
    RightsEntitlement,
    /// Rights paid (配股缴款): cash out, gives the subscription price.
    RightsPayment,
    /// Rights shares credited (配股入账): a purchase at the subscription price.
    RightsCredit,
    /// New-share subscription (新股申购): nothing yet.
    IpoSubscription,
    /// Lottery numbers (申购配号): the quantity is a count of numbers.
    IpoLottery,
    /// Allotment notice (申购中签): nothing yet.
    IpoAllotment,
    /// Payment for allotted new shares (中签缴款).
    IpoPayment,
    /// New shares credited (新股入账): a purchase at the issue price.
    IpoCredit,
    /// CSDC 权益登记: a bonus when the entitlement is 送股/转增/红股, else nothing.
    Entitlement,
    /// CSDC 上市流通 / 权益挂牌 offset lines.
    ListingOffset,
    /// Repurchase agreements (融券回购, 质押回购): not shares.
    Repo,
    /// Cash only: bank transfers, interest, loans, fees.
    Cash,
    /// Neither shares nor cash (指定交易, 证券冻结).
    Neutral,
    /// Void or failed (作废, 失败, 废单).
    Void,
    /// Changes holdings in a way the calculation does not model (融券卖出, ETF申购减股,
    /// 证券清理, 转股入帐): surfaced for review.
    Unsupported,
}

/// One pattern: the text, its class, and whether it is a weak (generic buy/sell flag)
/// match. Patterns marked exact match only a whole cell.
struct Pattern {
    text: &'static str,
    class: Class,
    weak: bool,
    exact: bool,
}

const fn p(text: &'static str, class: Class) -> Pattern {
    Pattern { text, class, weak: false, exact: false }
}
const fn weak(text: &'static str, class: Class) -> Pattern {
    Pattern { text, class, weak: true, exact: false }
}
const fn exact(text: &'static str, class: Class) -> Pattern {
    Pattern { text, class, weak: true, exact: true }
}

use Class::*;

const PATTERNS: &[Pattern] = &[
    // 4.1 trades
    weak("买入", Buy),
    weak("卖出", Sell),
    p("证券买入", Buy),
    p("证券卖出", Sell),
    p("普通买入", Buy),
    p("普通卖出", Sell),
    p("担保品买入", Buy),
    p("担保品卖出", Sell),
    p("担保物买入", Buy),
    p("担保物卖出", Sell),
    p("担保买入", Buy),
    p("担保卖出", Sell),
    p("证券买", Buy),
    p("证券卖", Sell),
    p("证买", Buy),
    p("证卖", Sell),
    p("证券mc", Sell),
    p("限价买入", Buy),
    p("限价卖出", Sell),
    p("融资买入", Buy),
    p("卖券还款", Sell),
    p("融资平仓", Sell),
    p("要约资金", Sell),
    p("预受要约", Sell),
    p("基金申购", Buy),
    p("基金赎回", Sell),
    p("基金认购", Buy),
    p("ETF申购", Buy),
    p("ETF赎回", Sell),
    exact("买", Buy),
    exact("卖", Sell),
    exact("B", Buy),
    exact("S", Sell),
    exact("1", Buy),
    exact("2", Sell),
    p("交易过户", SignedTrade),
    p("融券卖出", Unsupported),
    p("买券还券", Unsupported),
    p("融券买券归还", Unsupported),
    p("直接还券", Unsupported),
    p("现券还券", Unsupported),
    p("还券划出", Unsupported),
    p("ETF申购减股", Unsupported),
    p("ETF赎回加股", Unsupported),
    p("ETF份额合并", Unsupported),
    p("开放基金拆分增股", Unsupported),
    p("开放基金拆分减股", Unsupported),
    p("分级基金上折", Unsupported),
    p("证券清理", Unsupported),
    p("退出结算系统", Unsupported),
    p("债券转股回售转出", Unsupported),
    p("转股入帐", Unsupported),
    p("转股入账", Unsupported),
    // repo (融券回购 is a repo, not a short sale)
    p("融券回购", Repo),
    p("融券购回", Repo),
    p("质押回购拆出", Repo),
    p("拆出质押购回", Repo),
    p("回购拆出", Repo),
    p("拆出购回", Repo),
    p("专项融券回购", Repo),
    p("专项融券购回", Repo),
    p("融券回购到期预冻标券", Repo),
    p("债券质押回购融券清算", Repo),
    p("融入方初始交易", Repo),
    p("融入购回减资金", Repo),
    p("国债逆回购", Repo),
    p("逆回购", Repo),
    // 4.2 transfers
    p("托管转入", TransferIn),
    p("转托管入", TransferIn),
    p("转托管转入", TransferIn),
    p("股份转入", TransferIn),
    p("证券转入", TransferIn),
    p("非流通证券转入", TransferIn),
    p("担保品划入", TransferIn),
    p("担保物转入", TransferIn),
    p("融券证券划入", TransferIn),
    p("托管转出", TransferOut),
    p("转托管出", TransferOut),
    p("转托管转出", TransferOut),
    p("股份转出", TransferOut),
    p("证券调出", TransferOut),
    p("证券转出", TransferOut),
    p("非流通证券转出", TransferOut),
    p("担保品划出", TransferOut),
    p("担保物转出", TransferOut),
    // 4.3 new issues
    p("新股申购", IpoSubscription),
    p("申购", IpoSubscription),
    p("网上认购", IpoSubscription),
    p("配售申购", IpoSubscription),
    p("申购还款", Cash),
    p("申购配号", IpoLottery),
    p("配号", IpoLottery),
    p("中购配号", IpoLottery),
    p("起始配号", IpoLottery),
    p("申购中签", IpoAllotment),
    p("中签", IpoAllotment),
    p("中签通知", IpoAllotment),
    p("市值申购中签", IpoAllotment),
    p("新股中签资金扣款", IpoPayment),
    p("中签缴款", IpoPayment),
    p("中签扣款", IpoPayment),
    p("市值申购中签扣款", IpoPayment),
    p("新股申购确认缴款", IpoPayment),
    p("配售缴款", IpoPayment),
    p("新股缴款", IpoPayment),
    p("新股入账", IpoCredit),
    p("新股入帐", IpoCredit),
    p("中签入账", IpoCredit),
    p("中签入帐", IpoCredit),
    p("新增证券", IpoCredit),
    p("股份登记", IpoCredit),
    p("转债入账", IpoCredit),
    p("转债入帐", IpoCredit),
    p("申购无效", Void),
    // 4.4 corporate actions and income
    p("红股入账", Bonus),
    p("红股入帐", Bonus),
    p("送股", Bonus),
    p("转增", Bonus),
    p("送股入账", Bonus),
    p("红股派息", Bonus),
    p("股票红利", Bonus),
    p("股息入账", Dividend),
    p("股息入帐", Dividend),
    p("红利入账", Dividend),
    p("红利入帐", Dividend),
    p("红利到账", Dividend),
    p("现金红利", Dividend),
    p("派息", Dividend),
    p("分红", Dividend),
    p("股息红利", Dividend),
    p("股息红利税补缴", DividendTax),
    p("股息红利税补", DividendTax),
    p("股息红利扣税", DividendTax),
    p("股息红利差异扣税", DividendTax),
    p("红利差异税扣税", DividendTax),
    p("红利差别税扣款", DividendTax),
    p("红利税补扣", DividendTax),
    p("股息个税征收", DividendTax),
    p("股息红利税差异化处理资金下账", DividendTax),
    p("红利税", DividendTax),
    p("配股权证", RightsEntitlement),
    p("配股权证上账", RightsEntitlement),
    p("权证入帐", RightsEntitlement),
    p("权证入账", RightsEntitlement),
    p("权证上账", RightsEntitlement),
    p("配股缴款", RightsPayment),
    p("配股认购", RightsPayment),
    p("配股入账", RightsCredit),
    p("配股入帐", RightsCredit),
    p("配股上市", RightsCredit),
    p("权益登记", Entitlement),
    p("上市流通", ListingOffset),
    p("权益挂牌", ListingOffset),
    // 4.5 cash-only and neutral rows
    p("银行转证券", Cash),
    p("银行转存", Cash),
    p("银证转入", Cash),
    p("三方存管转入", Cash),
    p("证券转银行", Cash),
    p("银行转取", Cash),
    p("银证转出", Cash),
    p("三方存管转出", Cash),
    p("利息归本", Cash),
    p("批量利息归本", Cash),
    p("结息归本", Cash),
    p("利息结转", Cash),
    p("活期利息", Cash),
    p("利息税代扣", Cash),
    p("批量利税代扣", Cash),
    p("偿还融资利息", Cash),
    p("偿还融资逾期利息", Cash),
    p("融资利息", Cash),
    p("偿还融券费用", Cash),
    p("专项融券费用扣收", Cash),
    p("手续费多退少补取", Cash),
    p("前台收费", Cash),
    p("港股通组合费", Cash),
    p("货币基金收益结转", Cash),
    p("保证金产品申购", Cash),
    p("保证金产品赎回", Cash),
    p("赎回到帐", Cash),
    p("赎回到账", Cash),
    p("资金冻结", Cash),
    p("资金冻结取消", Cash),
    p("交收资金冻结", Cash),
    p("交收资金冻结取消", Cash),
    p("资产修正存", Cash),
    p("资产修正取", Cash),
    p("现金蓝补", Cash),
    p("融资借入", Cash),
    p("融资借款", Cash),
    p("融资开仓", Cash),
    p("偿还融资负债本金", Cash),
    p("融资还款", Cash),
    p("资金自动还融资", Cash),
    p("自有资金还融资", Cash),
    p("转股零款", Cash),
    p("股息红利税", DividendTax),
    p("指定交易", Neutral),
    p("指定登记", Neutral),
    p("撤销指定", Neutral),
    p("投票确认", Neutral),
    p("证券冻结", Neutral),
    p("证券解冻", Neutral),
    p("验资", Neutral),
    p("查询", Neutral),
    p("开户", Neutral),
    p("对账", Neutral),
    p("指定", Neutral),
    // void rows
    p("作废", Void),
    p("失败", Void),
    p("废单", Void),
    p("余额不足", Void),
];

/// A match: its class, the pattern, and its rank (strength, length).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Match {
    /// The class.
    pub class: Class,
    /// The pattern that matched.
    pub pattern: &'static str,
    weak: bool,
    len: usize,
}

impl Match {
    fn better_than(&self, other: &Match) -> bool {
        // Void beats everything; strong beats weak; then the longer pattern.
        let rank = |m: &Match| (m.class == Class::Void, !m.weak, m.len);
        rank(self) > rank(other)
    }
}

/// Finds the best pattern in one text (uncached).
fn search(text: &str) -> Option<Match> {
    let mut best: Option<Match> = None;
    for p in PATTERNS {
        let hit = if p.exact { text == p.text } else { text.contains(p.text) };
        if hit {
            let m = Match {
                class: p.class,
                pattern: p.text,
                weak: p.weak,
                len: p.text.chars().count(),
            };
            if best.is_none_or(|b| m.better_than(&b)) {
                best = Some(m);
            }
        }
    }
    best
}

/// A classifier with a cache: exports repeat the same few business texts.
#[derive(Default)]
pub struct Classifier {
    cache: super::Map<Box<str>, Option<Match>>,
}

impl Classifier {
    /// The best match of one text.
    pub fn one(&mut self, text: &str) -> Option<Match> {
        if text.is_empty() {
            return None;
        }
        if let Some(m) = self.cache.get(text) {
            return *m;
        }
        let m = search(text);
        if self.cache.len() < 100_000 {
            self.cache.insert(text.into(), m);
        }
        m
    }

    /// The best match over several texts (business columns first, then remarks).
    pub fn classify<'a>(&mut self, texts: impl Iterator<Item = &'a str>) -> Option<Match> {
        let mut best: Option<Match> = None;
        let mut all = [""; 8];
        let mut n = 0;
        for t in texts {
            if n < all.len() {
                all[n] = t;
                n += 1;
            }
            if let Some(m) = self.one(t)
                && best.is_none_or(|b| m.better_than(&b))
            {
                best = Some(m);
            }
        }
        // CSDC 权益登记: a bonus when the entitlement is shares.
        if let Some(m) = best
            && m.class == Class::Entitlement
            && all[..n].iter().any(|t| ["送股", "转增", "红股"].iter().any(|k| t.contains(k)))
        {
            best = Some(Match { class: Class::Bonus, ..m });
        }
        best
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn class(texts: &[&str]) -> Option<Class> {
        Classifier::default().classify(texts.iter().copied()).map(|m| m.class)
    }

    #[test]
    fn longest_match_first() {
        assert_eq!(class(&["担保品买入"]), Some(Class::Buy));
        assert_eq!(class(&["股息红利税补缴"]), Some(Class::DividendTax));
        assert_eq!(class(&["股息入账"]), Some(Class::Dividend));
        assert_eq!(class(&["新股中签资金扣款"]), Some(Class::IpoPayment));
        assert_eq!(class(&["融券回购"]), Some(Class::Repo));
        assert_eq!(class(&["融券卖出"]), Some(Class::Unsupported));
        assert_eq!(class(&["证券mc(濮耐股份)"]), Some(Class::Sell));
        assert_eq!(class(&["证券买入(兴业证券)"]), Some(Class::Buy));
        assert_eq!(class(&["银行转证券"]), Some(Class::Cash));
        assert_eq!(class(&["证券转银行"]), Some(Class::Cash));
    }

    #[test]
    fn the_remark_beats_a_generic_flag() {
        assert_eq!(
            class(&["卖出", "股息入账:海康威视002415; 权益股数:1300;"]),
            Some(Class::Dividend)
        );
        assert_eq!(
            class(&["买入", "股息红利税差异化处理资金下账 证券代码:'002415'"]),
            Some(Class::DividendTax)
        );
        assert_eq!(class(&["买入", "起始配号:100012345678"]), Some(Class::IpoLottery));
        assert_eq!(class(&["其他", "起始配号:15956892.00"]), Some(Class::IpoLottery));
        assert_eq!(class(&["买入", "证券买入"]), Some(Class::Buy));
        assert_eq!(class(&["买入", "信用交易", "已确认", "申购"]), Some(Class::IpoSubscription));
    }

    #[test]
    fn single_letters_match_only_whole_cells() {
        assert_eq!(class(&["买"]), Some(Class::Buy));
        assert_eq!(class(&["S"]), Some(Class::Sell));
        assert_eq!(class(&["SA"]), None);
        assert_eq!(class(&["其他"]), None);
    }

    #[test]
    fn void_rows_are_excluded() {
        assert_eq!(
            class(&["银行转存", "出入金失败，原因@@出入金失败，", "作废"]),
            Some(Class::Void)
        );
    }

    #[test]
    fn csdc_entitlements() {
        assert_eq!(class(&["送股", "权益登记"]), Some(Class::Bonus));
        assert_eq!(class(&["红利", "权益登记"]), Some(Class::Entitlement));
        assert_eq!(class(&["送股", "上市流通"]), Some(Class::ListingOffset));
        assert_eq!(class(&["", "交易过户"]), Some(Class::SignedTrade));
    }
}
