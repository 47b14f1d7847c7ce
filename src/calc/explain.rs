//! The explanation: an ordered list of steps, each with the arithmetic written out and the
//! article of the 2022 or 2003 provisions (or the scheme's rule, or a documented choice of
//! Redress) that it applies. A person must be able to redo every number by hand.

use rust_decimal::Decimal;

use crate::case::{
    Case, Direction, FeesOn, InterestPrincipal, InterestRate, Method, Netting, Regime, Segment,
    Status, SystemicMethod,
};
use crate::format;
use crate::lang::Lang;
use crate::report::{Authority, Provided, RulesUsed, SegmentResult, Step};
use crate::tr;

use super::adjust::Event;
use super::base::Base;

/// Everything the explanation needs, unrounded where it matters.
pub struct Facts<'a> {
    pub case: &'a Case,
    pub segment: &'a Segment,
    pub rules: &'a RulesUsed,
    pub method: Method,
    pub lang: Lang,
    pub base: &'a Base,
    pub result: &'a SegmentResult,
    pub unrounded_entry: Option<Decimal>,
    pub entry_sums: (Decimal, Decimal),
    pub opening: Decimal,
    pub shortfall: Decimal,
    pub events: &'a [Event],
    pub loss_parts: [Decimal; 2],
    pub loss: Decimal,
    pub c1: Decimal,
    pub c: Decimal,
    pub d_non: Decimal,
    pub fee_base: Decimal,
    /// `Σ rate × days` of the interest period.
    pub interest_rate_days: Decimal,
    /// The part of its first day that `Dbuy` starts after (`Dbuy` − its day).
    pub interest_from_fraction: Decimal,
    pub without_deductions: bool,
    pub accounts: usize,
    pub rows: usize,
}

/// A provision of the regime in force: the 2022 article, or its 2003 counterpart.
fn law(f: &Facts<'_>, a2022: u32, a2003: Option<u32>) -> Authority {
    match (f.case.regime, a2003) {
        (Regime::Spc2003, Some(a)) => article("spc2003", a, f.lang),
        _ => article("spc2022", a2022, f.lang),
    }
}

/// A 2022 article with no 2003 counterpart: under `spc2003` it is applied by analogy, and
/// the label says so.
fn analogue(f: &Facts<'_>, a2022: u32) -> Authority {
    let mut a = article("spc2022", a2022, f.lang);
    if f.case.regime == Regime::Spc2003 {
        a.label.push_str(f.lang.pick(
            "（2003 年规定无对应条文，参照适用）",
            " (no 2003 counterpart; applied by analogy)",
        ));
    }
    a
}

pub(crate) fn article(source: &'static str, n: u32, lang: Lang) -> Authority {
    let label = match (source, lang) {
        ("spc2003", Lang::Zh) => format!("法释〔2003〕2号 第{}条", chinese_number(n)),
        ("spc2003", Lang::En) => format!("SPC provisions 2003 (法释〔2003〕2号), Art. {n}"),
        (_, Lang::Zh) => format!("法释〔2022〕2号 第{}条", chinese_number(n)),
        (_, Lang::En) => format!("SPC provisions 2022 (法释〔2022〕2号), Art. {n}"),
    };
    Authority { source, article: Some(n), label }
}

fn choice(lang: Lang, what: &str) -> Authority {
    Authority {
        source: "redress",
        article: None,
        label: tr!(
            lang,
            "计算规则（法律未作规定）：{}",
            "a rule of the calculation (the law is silent): {}",
            what
        ),
    }
}

fn scheme(lang: Lang, what: &str) -> Authority {
    Authority {
        source: "case",
        article: None,
        label: tr!(lang, "本案方案规则：{}", "this case's rule: {}", what),
    }
}

/// 1..=99 in Chinese numerals (第二十七条).
pub fn chinese_number(n: u32) -> String {
    const D: [&str; 10] = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    match n {
        0..=9 => D[n as usize].to_owned(),
        10..=19 => format!("十{}", if n == 10 { "" } else { D[(n % 10) as usize] }),
        20..=99 => format!(
            "{}十{}",
            D[(n / 10) as usize],
            if n.is_multiple_of(10) { "" } else { D[(n % 10) as usize] }
        ),
        _ => n.to_string(),
    }
}

/// Builds the steps of one segment.
pub fn steps(f: &Facts<'_>) -> Vec<Step> {
    let lang = f.lang;
    let r = f.result;
    let long = f.segment.direction == Direction::Long;
    let mut out = Vec::new();
    let mut push = |code: &'static str, title: String, text: String, authority: Authority| {
        out.push(Step { code, title, text, authority });
    };

    push(
        "merge",
        lang.pick("合并账户", "Merge the accounts").into(),
        tr!(
            lang,
            "共 {} 条记录，来自 {} 个账户；同一投资者的多个账户合并计算，按成交日期、成交时间、账户和原始顺序排列。",
            "{} rows from {} account(s); an investor's accounts are merged and ordered by date, time, account and input order.",
            f.rows,
            f.accounts
        ),
        analogue(f, 30),
    );

    if !f.opening.is_zero() || !f.shortfall.is_zero() {
        push(
            "opening",
            lang.pick("期初持仓", "Opening position").into(),
            tr!(
                lang,
                "第一条记录之前已持有 {} 股（填写 {} 股，另有 {} 股由超出记录的卖出推断）。这些股份属于实施日前持仓，卖出时最先扣减（先进先出），不计入可索赔股份。",
                "{} shares were held before the first row ({} given, {} inferred from sells that exceed the history). They belong to the holding before T0, leave first when shares are sold (FIFO), and are never eligible.",
                format::shares(f.opening + f.shortfall),
                format::shares(f.opening),
                format::shares(f.shortfall)
            ),
            choice(
                lang,
                lang.pick("期初持仓与不足部分补为期初持仓", "opening position and shortfall"),
            ),
        );
    }

    if !f.events.is_empty() {
        let list: Vec<String> = f
            .events
            .iter()
            .map(|e| {
                if e.d.is_zero() {
                    tr!(
                        lang,
                        "{} 每股送转 {}",
                        "{}: {} new shares per share",
                        e.x,
                        format::rate(e.r)
                    )
                } else {
                    tr!(
                        lang,
                        "{} 每股送转 {}、每股派现 {}",
                        "{}: {} new shares and {} cash per share",
                        e.x,
                        format::rate(e.r),
                        format::rate(e.d)
                    )
                }
            })
            .collect();
        push(
            "adjustment",
            lang.pick("除权调整（复权）", "Ex-rights adjustment").into(),
            tr!(
                lang,
                "{}。除权日之前的每笔交易：数量 ×（1 + 送转比例），价格 =（价格 − 每股派现）÷（1 + 送转比例）；除权日前的收盘价同样调整。送转股记录本身因此不再另计。",
                "{}. Every trade before an ex-date: quantity × (1 + ratio), price = (price − cash per share) ÷ (1 + ratio); closes before the ex-date are adjusted alike. The bonus row itself then adds nothing new.",
                list.join(lang.pick("；", "; "))
            ),
            law(f, 29, Some(35)),
        );
    }

    let t0 = f.segment.implementation_date;
    let t1 = f.segment.disclosure_date;
    let tb = r.base_date;
    if long {
        push(
            "eligibility",
            lang.pick("可索赔股份", "Eligible shares").into(),
            tr!(
                lang,
                "实施日 {} 起（含）至揭露日 {} 前（不含）买入的股份为窗口层。卖出时依次扣减实施日前持仓、窗口层、揭露日后买入（先进先出）。揭露日前一交易日收盘时窗口层剩余 E = {} 股。",
                "Shares bought from the implementation date {} (included) to before the disclosure date {} (excluded) form the window layer. Sells take from the holding before T0 first, then the window layer, then shares bought after T1 (FIFO). At the close before T1 the window layer holds E = {} shares.",
                t0,
                t1,
                format::shares(r.eligible_shares.0)
            ),
            law(f, 11, Some(18)),
        );
    } else {
        push(
            "eligibility",
            lang.pick("可索赔股份（诱空）", "Eligible shares (short)").into(),
            tr!(
                lang,
                "实施日 {} 起至揭露日 {} 前卖出的持有股份构成可索赔的空头头寸；窗口期内的买入先回补该头寸。揭露日前剩余 E = {} 股。",
                "Shares the investor owned and sold from the implementation date {} to before the disclosure date {} build the eligible short position; buys in the window first re-purchase it. Before T1 it is E = {} shares.",
                t0,
                t1,
                format::shares(r.eligible_shares.0)
            ),
            analogue(f, 28),
        );
    }
    if r.eligible_shares.0.is_zero() {
        push(
            "total",
            lang.pick("赔偿金额", "Compensation").into(),
            tr!(
                lang,
                "没有可索赔股份，赔偿为 0.00 元。",
                "No eligible shares: the compensation is 0.00 yuan."
            ),
            law(f, 27, Some(30)),
        );
        return out;
    }

    let entry = f.unrounded_entry.unwrap_or_default();
    let entry_name = if long { "B" } else { "A" };
    let method_text = method_text(f.method, long, f.entry_sums, lang);
    let trail = window_trail(r, long, lang);
    let exact = entry == crate::money::round_average(entry);
    push(
        "average",
        if long {
            lang.pick("买入均价", "Buy average").into()
        } else {
            lang.pick("卖出均价（诱空）", "Sell average (short)").into()
        },
        tr!(
            lang,
            "{}{}{} = {}{}",
            "{}{}{} = {}{}",
            method_text,
            trail,
            entry_name,
            format::price(entry),
            if exact {
                ""
            } else {
                lang.pick(
                    "（显示 4 位小数，计算使用全精度）",
                    " (shown to 4 places, used at full precision)",
                )
            }
        ),
        if f.case.regime == Regime::Spc2003 {
            article("spc2003", 31, lang)
        } else {
            article("spc2022", if long { 27 } else { 28 }, lang)
        },
    );

    // Base date and price.
    let day = f.base.day.unwrap_or(30);
    let status = |field: &str| {
        f.case.provenance.get(&format!("segments.{}.{field}", f.segment.id)).map(|p| p.status)
    };
    let tb_text = match (f.base.date_source, f.base.full_turnover_day) {
        (Provided::Given, _) if status("base_date") == Some(Status::User) => {
            tr!(lang, "基准日 Tb = {}（您填写的）", "base date Tb = {} (as you entered it)", tb)
        }
        (Provided::Given, _) => {
            tr!(lang, "基准日 Tb = {}（案件给定）", "base date Tb = {} (given by the case)", tb)
        }
        (Provided::Computed, Some(full)) if full == day => tr!(
            lang,
            "自揭露日起第 {} 个交易日累计换手率达到可流通部分的 100%，基准日 Tb = {}",
            "cumulative turnover reached 100% of the float on trading day {} from the disclosure date: Tb = {}",
            full,
            tb
        ),
        (Provided::Computed, Some(full)) => tr!(
            lang,
            "累计换手率在第 {} 个交易日达到 100%，不足 10 个交易日，基准日取第 {} 个交易日 Tb = {}",
            "cumulative turnover reached 100% on trading day {}, within 10 days, so the base date is trading day {}: Tb = {}",
            full,
            day,
            tb
        ),
        (Provided::Computed, None) if f.base.delisted => tr!(
            lang,
            "证券在第 {} 个交易日退市，基准日取最后交易日 Tb = {}",
            "the security was delisted on trading day {}, so the base date is its last trading day: Tb = {}",
            day,
            tb
        ),
        (Provided::Computed, None) => tr!(
            lang,
            "30 个交易日内累计换手率未达到 100%，基准日取第 {} 个交易日 Tb = {}",
            "cumulative turnover did not reach 100% within 30 trading days, so the base date is trading day {}: Tb = {}",
            day,
            tb
        ),
    };
    let pb_text = match (r.base_price_source, status("base_price")) {
        (Provided::Given, Some(Status::User)) => tr!(
            lang,
            "基准价 Pb = {}（您填写的）",
            "base price Pb = {} (as you entered it)",
            format::price(r.base_price.0)
        ),
        (Provided::Given, _) => tr!(
            lang,
            "基准价 Pb = {}（案件给定）",
            "base price Pb = {} (given by the case)",
            format::price(r.base_price.0)
        ),
        (Provided::Computed, _) => tr!(
            lang,
            "基准价 Pb = 揭露日至基准日每个交易日收盘价的平均数 = {}",
            "base price Pb = mean of the closes from the disclosure date to the base date = {}",
            format::price(r.base_price.0)
        ),
    };
    // Where computed figures come from: the public data shipped with the case, or the
    // user's own export.
    let computed = [status("base_date"), status("base_price")];
    let data_source = if computed.contains(&Some(Status::Computed)) {
        lang.pick(
            "（由本案附带的公开行情数据计算，见案件的数据来源）",
            " (computed from the public market data shipped with the case; see its data sources)",
        )
    } else if r.base_price_source == Provided::Computed && computed.contains(&Some(Status::User)) {
        lang.pick("（由您提供的行情数据计算）", " (computed from the market data you supplied)")
    } else {
        ""
    };
    push(
        "base",
        lang.pick("基准日与基准价", "Base date and base price").into(),
        format!("{tb_text}{}{pb_text}{data_source}{}", lang.pick("；", "; "), lang.pick("。", ".")),
        law(f, 26, Some(33)),
    );

    // The two parts.
    let [l_exit, l_rest] = f.loss_parts;
    if long {
        let ps = r.sell_average.map_or(Decimal::ZERO, |p| p.0);
        push(
            "sold",
            lang.pick("揭露日至基准日卖出部分", "Part sold from T1 to Tb").into(),
            if r.sold_shares.0.is_zero() {
                tr!(
                    lang,
                    "揭露日 {} 至基准日 {}（均含）没有卖出可索赔股份：S = 0。",
                    "No eligible shares were sold from {} to {} (both included): S = 0.",
                    t1,
                    tb
                )
            } else {
                tr!(
                    lang,
                    "揭露日 {} 至基准日 {}（均含）卖出可索赔股份 S = {} 股，卖出均价 Ps = {}。损失 =（B − Ps）× S =（{} − {}）× {} = {}",
                    "Eligible shares sold from {} to {} (both included): S = {}, sell average Ps = {}. Loss = (B − Ps) × S = ({} − {}) × {} = {}",
                    t1,
                    tb,
                    format::shares(r.sold_shares.0),
                    format::price(ps),
                    format::price(entry),
                    format::price(ps),
                    format::shares(r.sold_shares.0),
                    format::yuan(l_exit)
                )
            },
            law(f, 27, Some(31)),
        );
        push(
            "held",
            lang.pick("基准日后仍持有部分", "Part held after Tb").into(),
            tr!(
                lang,
                "基准日后仍持有 H = E − S = {} 股。损失 =（B − Pb）× H =（{} − {}）× {} = {}",
                "Held after the base date: H = E − S = {} shares. Loss = (B − Pb) × H = ({} − {}) × {} = {}",
                format::shares(r.held_shares.0),
                format::price(entry),
                format::price(r.base_price.0),
                format::shares(r.held_shares.0),
                format::yuan(l_rest)
            ),
            law(f, 27, Some(32)),
        );
    } else {
        let pr = r.buy_back_average.map_or(Decimal::ZERO, |p| p.0);
        let bought = r.bought_back_shares.map_or(Decimal::ZERO, |s| s.0);
        push(
            "bought-back",
            lang.pick("揭露日至基准日买回部分", "Part bought back from T1 to Tb").into(),
            tr!(
                lang,
                "揭露日至基准日买回 R = {} 股，买回均价 Pr = {}。损失 =（Pr − A）× R =（{} − {}）× {} = {}",
                "Bought back from T1 to Tb: R = {} shares at an average Pr = {}. Loss = (Pr − A) × R = ({} − {}) × {} = {}",
                format::shares(bought),
                format::price(pr),
                format::price(pr),
                format::price(entry),
                format::shares(bought),
                format::yuan(l_exit)
            ),
            analogue(f, 28),
        );
        push(
            "not-bought-back",
            lang.pick("基准日前未买回部分", "Part not bought back by Tb").into(),
            tr!(
                lang,
                "未买回 E − R = {} 股。损失 =（Pb − A）×（E − R）=（{} − {}）× {} = {}",
                "Not bought back: E − R = {} shares. Loss = (Pb − A) × (E − R) = ({} − {}) × {} = {}",
                format::shares(r.held_shares.0),
                format::price(r.base_price.0),
                format::price(entry),
                format::shares(r.held_shares.0),
                format::yuan(l_rest)
            ),
            analogue(f, 28),
        );
    }

    let netting = match f.case.rules.netting {
        Netting::Net => tr!(
            lang,
            "投资差额损失 L = max(0, {} + {}) = {}（两部分盈亏相抵）",
            "investment loss L = max(0, {} + {}) = {} (a gain in one part offsets a loss in the other)",
            format::yuan(l_exit),
            format::yuan(l_rest),
            format::yuan(f.loss)
        ),
        Netting::PerPart => tr!(
            lang,
            "投资差额损失 L = max(0, {}) + max(0, {}) = {}（每部分分别不低于零）",
            "investment loss L = max(0, {}) + max(0, {}) = {} (each part floored at zero)",
            format::yuan(l_exit),
            format::yuan(l_rest),
            format::yuan(f.loss)
        ),
    };
    push(
        "loss",
        lang.pick("投资差额损失", "Investment loss").into(),
        netting,
        choice(
            lang,
            match f.case.rules.netting {
                Netting::Net => lang.pick("netting = net，盈亏相抵", "netting = net"),
                Netting::PerPart => lang.pick("netting = per-part，分别计算", "netting = per-part"),
            },
        ),
    );

    // Deductions.
    let scale = f.rules.systemic_scale.0;
    let systemic_text = match f.rules.systemic_method {
        SystemicMethod::None => None,
        SystemicMethod::Fixed => Some(tr!(
            lang,
            "固定比例 k = {}，扣除比例再乘以 {}：扣除 = Σ(k × {} × 亏损部分) = {}",
            "fixed ratio k = {}, applied at {}: deduction = Σ(k × {} × each losing part) = {}",
            format::rate(f.rules.systemic_ratio.map_or(Decimal::ZERO, |k| k.0)),
            format::rate(scale),
            format::rate(scale),
            format::yuan(r.systemic_deduction.0)
        )),
        SystemicMethod::IndexComparison | SystemicMethod::RelativeProportion => {
            let parts: Vec<String> = r
                .parts
                .iter()
                .map(|p| {
                    let idx: Vec<String> = p
                        .indices
                        .iter()
                        .map(|i| format!("{} {}→{} ({})", i.index, format::price(i.entry.0), format::price(i.exit.0), format::percent(i.change.0)))
                        .collect();
                    tr!(
                        lang,
                        "{}：指数变动 rI = {}［{}］，个股变动 rP = {}，k = min(1, rI ÷ rP) = {}，扣除 {}",
                        "{}: index change rI = {} [{}], stock change rP = {}, k = min(1, rI ÷ rP) = {}, deduction {}",
                        part_name(p.name, lang),
                        p.index_change.map_or("—".into(), |x| format::percent(x.0)),
                        idx.join(", "),
                        p.stock_change.map_or("—".into(), |x| format::percent(x.0)),
                        format::percent(p.systemic_ratio.0),
                        format::yuan(p.systemic_deduction.0)
                    )
                })
                .collect();
            let method = if f.rules.systemic_method == SystemicMethod::IndexComparison {
                lang.pick(
                    "同步指数对比法（指数成本按与买入均价相同的公式计算）",
                    "index comparison (the index cost uses the same formula as the buy average)",
                )
            } else {
                lang.pick(
                    "相对比例法（揭露日前一交易日收盘至基准期平均）",
                    "relative proportion (from the close before T1 to the mean over T1..Tb)",
                )
            };
            let scaled = if scale == Decimal::ONE {
                String::new()
            } else {
                tr!(lang, "，扣除比例再乘以 {}", ", applied at {}", format::rate(scale))
            };
            Some(tr!(
                lang,
                "{}{}。{}。系统风险扣除合计 = {}",
                "{}{}. {}. Systemic deduction in total = {}",
                method,
                scaled,
                parts.join(lang.pick("；", "; ")),
                format::yuan(r.systemic_deduction.0)
            ))
        }
    };
    if let Some(text) = systemic_text {
        push(
            "systemic",
            lang.pick("证券市场系统风险扣除", "Systemic (market) risk deduction").into(),
            tr!(lang, "{}；剩余 C1 = {}", "{}; remaining C1 = {}", text, format::yuan(f.c1)),
            law(f, 31, Some(19)),
        );
    }
    if !f.rules.non_systemic_ratio.0.is_zero() {
        push(
            "non-systemic",
            lang.pick("非系统风险扣除", "Non-systemic risk deduction").into(),
            tr!(
                lang,
                "扣除 = {} × C1 = {} × {} = {}",
                "deduction = {} × C1 = {} × {} = {}",
                format::rate(f.rules.non_systemic_ratio.0),
                format::rate(f.rules.non_systemic_ratio.0),
                format::yuan(f.c1),
                format::yuan(f.d_non)
            ),
            law(f, 31, Some(19)),
        );
    }
    if !f.rules.min_compensation_ratio.0.is_zero() {
        push(
            "minimum",
            lang.pick("最低赔付比例", "Minimum compensation").into(),
            tr!(
                lang,
                "赔付不低于投资差额损失的 {}：{} × {} = {}{}",
                "at least {} of the investment loss is paid: {} × {} = {}{}",
                format::percent(f.rules.min_compensation_ratio.0),
                format::rate(f.rules.min_compensation_ratio.0),
                format::yuan(f.loss),
                format::yuan(f.rules.min_compensation_ratio.0 * f.loss),
                if r.min_compensation_applied {
                    lang.pick("，本例适用", ", which applies here")
                } else {
                    lang.pick("，本例未触及", ", not reached here")
                }
            ),
            scheme(lang, "min_compensation_ratio"),
        );
    }
    if f.without_deductions {
        push(
            "no-deductions",
            lang.pick("不扣除风险因素（对比）", "Without deductions (comparison)").into(),
            lang.pick(
                "本次计算按对比要求未适用本案的风险扣除。",
                "This run leaves out the case's deductions, for comparison.",
            )
            .into(),
            choice(lang, lang.pick("不扣除风险因素的对比", "without deductions, for comparison")),
        );
    }
    push(
        "compensable",
        lang.pick("可赔偿损失", "Compensable loss").into(),
        tr!(lang, "C = {}", "C = {}", format::yuan(f.c)),
        law(f, 25, Some(30)),
    );

    let base_name = match f.case.rules.fees_on {
        FeesOn::Compensable => lang.pick("可赔偿损失 C", "the compensable loss C"),
        FeesOn::Loss => lang.pick("投资差额损失 L", "the investment loss L"),
    };
    push(
        "fees",
        lang.pick("佣金和印花税", "Commission and stamp duty").into(),
        tr!(
            lang,
            "以{0} {1} 为基数：佣金 = {1} × {2} = {3}；印花税 = {1} × {4} = {5}",
            "on {0} {1}: commission = {1} × {2} = {3}; stamp duty = {1} × {4} = {5}",
            base_name,
            format::yuan(f.fee_base),
            format::rate(f.rules.commission_rate.0),
            format::yuan(r.commission.0),
            format::rate(r.stamp_duty_rate.0),
            format::yuan(r.stamp_duty.0)
        ),
        law(f, 25, Some(30)),
    );
    if let (Some(rate), Some(days), Some(principal)) =
        (f.rules.interest_rate, r.interest_days, r.interest_principal)
    {
        let fees_in = f.case.rules.interest_principal == InterestPrincipal::LossAndFees;
        let principal_text = if fees_in {
            tr!(
                lang,
                "计息本金 P = 可赔偿损失 + 佣金 + 印花税 = {} + {} + {} = {}",
                "principal P = compensable loss + commission + stamp duty = {} + {} + {} = {}",
                format::yuan(r.compensable_loss.0),
                format::yuan(r.commission.0),
                format::yuan(r.stamp_duty.0),
                format::yuan(principal.0)
            )
        } else {
            tr!(
                lang,
                "计息本金 P = 可赔偿损失 = {}（不含佣金和印花税）",
                "principal P = compensable loss = {} (commission and stamp duty left out)",
                format::yuan(principal.0)
            )
        };
        let pct = |d: Decimal| format!("{}%", format::rate(d * Decimal::ONE_HUNDRED));
        let periods: Vec<String> = r
            .interest_periods
            .iter()
            .map(|p| {
                tr!(
                    lang,
                    "{} 至 {}：{} 天 × {}",
                    "{} to {}: {} days × {}",
                    p.from,
                    p.to,
                    format::rate(p.days.0),
                    pct(p.rate.0)
                )
            })
            .collect();
        let rate_name = match rate {
            InterestRate::DepositTable => {
                lang.pick("同期活期存款基准利率（分段）", "the demand-deposit rate of each period")
            }
            InterestRate::Fixed(_) => lang.pick("固定年利率", "a fixed yearly rate"),
        };
        let year = f.case.rules.interest_days_per_year;
        // `Dbuy` is a day number with a fraction (rules.md §9): the day it falls in, which
        // the first period of the table starts on, and how far into that day.
        let from_day = r.interest_from.map(|d| d.to_string()).unwrap_or_default();
        let fraction = crate::money::round_half_up(f.interest_from_fraction, 4);
        let from_text = if fraction.is_zero() {
            from_day
        } else {
            tr!(lang, "{} 再加 {} 天", "{} plus {} of a day", from_day, format::rate(fraction))
        };
        push(
            "interest",
            lang.pick("资金利息", "Interest").into(),
            tr!(
                lang,
                "{0}。计息期自加权买入日（{1}）至卖出日或基准日的加权日期，共 {2} 天，按{3}：{4}。利息 = P × Σ（年利率 × 天数）÷ {5} = {6} × {7} ÷ {5} = {8}（一年按 {5} 天计）",
                "{0}. Interest runs from the weighted buy date ({1}) to the weighted sell or base date, {2} days, at {3}: {4}. Interest = P × Σ(rate × days) ÷ {5} = {6} × {7} ÷ {5} = {8} (a year of {5} days)",
                principal_text,
                from_text,
                format::rate(days.0),
                rate_name,
                periods.join(lang.pick("；", "; ")),
                year,
                format::yuan(principal.0),
                format::rate(crate::money::round_half_up(f.interest_rate_days, 8)),
                format::yuan(r.interest.0)
            ),
            if f.case.regime == Regime::Spc2003 {
                article("spc2003", 30, lang)
            } else {
                scheme(lang, "interest_rate")
            },
        );
    }
    push(
        "total",
        lang.pick("赔偿金额", "Compensation").into(),
        tr!(
            lang,
            "{} + {} + {} + {} = {} 元（各项先四舍五入到分再相加）",
            "{} + {} + {} + {} = {} yuan (each amount rounded half-up to the fen, then added)",
            format::yuan(r.compensable_loss.0),
            format::yuan(r.commission.0),
            format::yuan(r.stamp_duty.0),
            format::yuan(r.interest.0),
            format::yuan(r.compensation.0)
        ),
        law(f, 25, Some(30)),
    );
    out
}

/// How the method works, in the words of the direction (buys build a long position,
/// sells a short one).
fn method_text(method: Method, long: bool, sums: (Decimal, Decimal), lang: Lang) -> String {
    let name = lang.pick(method.name_zh(), method.name_en());
    let (grow_zh, grow_en, shrink_zh, shrink_en) = if long {
        ("买入", "buy", "卖出", "sell")
    } else {
        ("卖出", "sell", "买入（回补）", "buy (re-purchase)")
    };
    match method {
        Method::MovingAverage => tr!(
            lang,
            "{0}：每次{1}后，均价 =（头寸 × 原均价 + 本次数量 × 本次价格）÷（头寸 + 本次数量）；{2}只减少头寸、不改变均价；头寸降为零后从下一笔{1}重新计算（自第一笔有效{1}起）。",
            "{0}: after each {1}, average = (position × old average + quantity × price) ÷ (position + quantity); a {2} reduces the position without changing the average; when the position reaches zero the next {1} starts afresh (from the first effective {1}).",
            name,
            lang.pick(grow_zh, grow_en),
            lang.pick(shrink_zh, shrink_en)
        ),
        Method::FifoAverage => tr!(
            lang,
            "{0}：窗口期的每笔{1}作为一批保存，{2}先进先出地扣减最早的批次；均价为揭露日前剩余批次的数量加权平均 = {3} ÷ {4}。",
            "{0}: each window {1} is kept as a lot and each {2} takes the oldest lots first; the average is the quantity-weighted mean of the lots left before T1 = {3} ÷ {4}.",
            name,
            lang.pick(grow_zh, grow_en),
            lang.pick(shrink_zh, shrink_en),
            format::yuan(sums.0),
            format::shares(sums.1)
        ),
        Method::WeightedAverage => tr!(
            lang,
            "{0}：窗口期全部{1}的金额 {2} ÷ 全部{1}的数量 {3}（不考虑{4}）。",
            "{0}: the amount of all window {1}s {2} ÷ their quantity {3} ({4}s ignored).",
            name,
            lang.pick(grow_zh, grow_en),
            format::yuan(sums.0),
            format::shares(sums.1),
            lang.pick(shrink_zh, shrink_en)
        ),
        Method::ActualCost => tr!(
            lang,
            "{0}：（窗口期{1}金额 − 从可索赔头寸中{2}的金额）{3} ÷（{1}数量 − {2}数量）{4}。",
            "{0}: (amount of window {1}s − amount of the {2}s out of the eligible position) {3} ÷ (quantity of {1}s − quantity of those {2}s) {4}.",
            name,
            lang.pick(grow_zh, grow_en),
            lang.pick(shrink_zh, shrink_en),
            format::yuan(sums.0),
            format::shares(sums.1)
        ),
    }
}

/// The window rows that changed the eligible position, with the position and average
/// after each, so the average can be redone by hand (at most 30 lines).
fn window_trail(r: &SegmentResult, long: bool, lang: Lang) -> String {
    const MAX: usize = 30;
    let rows: Vec<_> = r.trades.iter().filter(|t| t.eligible_after.is_some()).collect();
    if rows.is_empty() {
        return String::new();
    }
    let mut lines = Vec::new();
    for t in rows.iter().take(MAX) {
        let qty = t.adjusted_quantity.map_or(crate::money::Decimal::from(t.quantity), |q| q.0);
        let price = t.adjusted_price.or(t.price).map_or(crate::money::Decimal::ZERO, |p| p.0);
        let change = t.eligible_change.0;
        let verb = match (long, change > crate::money::Decimal::ZERO) {
            (true, true) => lang.pick("买入", "buy"),
            (true, false) => lang.pick("卖出", "sell"),
            (false, true) => lang.pick("卖出", "sell"),
            (false, false) => lang.pick("回补", "re-purchase"),
        };
        let moved = if change.abs() == qty {
            format::shares(qty)
        } else {
            tr!(
                lang,
                "{}（其中 {} 股出自可索赔头寸）",
                "{} ({} of them out of the eligible position)",
                format::shares(qty),
                format::shares(change.abs())
            )
        };
        lines.push(tr!(
            lang,
            "{} {} {} @ {} → 头寸 {}，均价 {}",
            "{} {} {} @ {} → position {}, average {}",
            t.date,
            verb,
            moved,
            format::price(price),
            t.eligible_after.map_or_else(String::new, |q| format::shares(q.0)),
            t.average_after.map_or_else(|| "—".to_owned(), |a| format::price(a.0))
        ));
    }
    if rows.len() > MAX {
        lines.push(tr!(
            lang,
            "……共 {} 笔，其余见逐笔明细",
            "… {} rows in all; the rest are in the trade table",
            rows.len()
        ));
    }
    format!(" {}{} ", lines.join(lang.pick("；", "; ")), lang.pick("。", "."))
}

fn part_name(name: &str, lang: Lang) -> &'static str {
    match name {
        "sold" => lang.pick("卖出部分", "sold part"),
        "held" => lang.pick("持有部分", "held part"),
        "bought_back" => lang.pick("买回部分", "bought-back part"),
        _ => lang.pick("未买回部分", "part not bought back"),
    }
}

#[cfg(test)]
mod tests {
    use super::chinese_number;

    #[test]
    fn chinese_numerals() {
        assert_eq!(chinese_number(7), "七");
        assert_eq!(chinese_number(10), "十");
        assert_eq!(chinese_number(18), "十八");
        assert_eq!(chinese_number(27), "二十七");
        assert_eq!(chinese_number(30), "三十");
    }
}
