//! The calculation: from an investor's trades and a case to an explained [`Estimate`].
//!
//! The order of the steps follows rules.md: merge and order the accounts (§2), find the
//! opening shortfall, build the ex-rights events (§7), then for each segment resolve
//! `Tb`/`Pb` (§5), walk the layers (§3–4), compute the parts of the loss (§6), the
//! deductions (§8), fees and interest (§9), and combine the segments (§10).

pub mod average;

mod adjust;
mod base;
mod duplicates;
pub(crate) mod explain;
pub mod interest;
pub mod limits;
mod walk;

use rust_decimal::Decimal;

use crate::case::{
    Case, Direction, FeesOn, InterestPrincipal, InterestRate, Method, Netting, Regime,
    SystemicMethod,
};
use crate::date::Date;
use crate::error::{Error, ErrorKind};
use crate::lang::Lang;
use crate::market::{IndexData, MarketData};
use crate::money::{Price, Ratio, Shares, Yuan, round_average, round_yuan};
use crate::report::{
    Estimate, IndexLevels, InterestPeriod, Part, Phase, RulesUsed, SegmentResult, TradeEffect,
    Warning,
};
use crate::tr;
use crate::trade::{Kind, Trade};

use adjust::{Event, RowEvents};
use walk::{Dates, Row};

/// Everything an estimate needs. The core reads nothing else: no files, no clock.
#[derive(Clone, Copy, Debug)]
pub struct Input<'a> {
    /// The case.
    pub case: &'a Case,
    /// The investor's rows for the case's security, from all accounts, in any order.
    pub trades: &'a [Trade],
    /// The names of the input files, indexed by `Origin::file`.
    pub files: &'a [String],
    /// Shares held before the first row (the answer to "did you hold shares before T0?").
    pub opening_position: u64,
    /// Daily bars of the security, when `Tb`/`Pb` are computed or a method needs closes.
    pub market: Option<&'a MarketData>,
    /// Reference index closes, for the index-based deductions.
    pub indices: Option<&'a IndexData>,
}

/// Choices of the caller that are not part of the case.
#[derive(Clone, Copy, Debug)]
pub struct Options {
    /// Overrides `rules.buy_average`.
    pub method: Option<Method>,
    /// Computes without the systemic, non-systemic and minimum-compensation rules.
    pub without_deductions: bool,
    /// Language of messages and explanation.
    pub lang: Lang,
    /// Whether to list every trade's effect and the explanation steps (the batch runner
    /// turns this off).
    pub detail: bool,
}

impl Default for Options {
    fn default() -> Options {
        Options { method: None, without_deductions: false, lang: Lang::Zh, detail: true }
    }
}

/// Computes the estimate.
pub fn estimate(input: &Input<'_>, options: &Options) -> Result<Estimate, Error> {
    input.case.check_ready(!options.without_deductions)?;
    Calculation::new(input, options)?.run()
}

/// One cell of the method comparison.
#[derive(Clone, Debug, serde::Serialize)]
pub struct Comparison {
    /// The buy-average method.
    pub method: Method,
    /// Whether the case's deductions were applied.
    pub with_deductions: bool,
    /// The compensation.
    pub compensation: Yuan,
    /// The investment loss `L` (summed over segments).
    pub investment_loss: Yuan,
}

/// The four methods × with/without the case's deductions, for the comparison table.
pub fn compare(input: &Input<'_>, lang: Lang) -> Result<Vec<Comparison>, Error> {
    let mut out = Vec::with_capacity(8);
    for method in Method::ALL {
        for with_deductions in [true, false] {
            let options = Options {
                method: Some(method),
                without_deductions: !with_deductions,
                lang,
                detail: false,
            };
            let e = estimate(input, &options)?;
            out.push(Comparison {
                method,
                with_deductions,
                compensation: e.compensation,
                investment_loss: Yuan(e.segments.iter().map(|s| s.investment_loss.0).sum()),
            });
        }
    }
    Ok(out)
}

/// One interest convention of the comparison (rules.md §9): what it charges interest on,
/// the days in its year, and what it gives.
#[derive(Clone, Debug, serde::Serialize)]
pub struct InterestVariant {
    /// What interest is charged on.
    pub principal: InterestPrincipal,
    /// 360 or 365.
    pub days_per_year: u16,
    /// The interest (summed over segments).
    pub interest: Yuan,
    /// The compensation.
    pub compensation: Yuan,
    /// Whether it is the case's own convention.
    pub case_default: bool,
}

/// The interest conventions (loss and fees or loss alone × 360 or 365 days) under the
/// options given, so a user sees how much rides on them. Empty when the case charges no
/// interest.
pub fn compare_interest(
    input: &Input<'_>,
    options: &Options,
) -> Result<Vec<InterestVariant>, Error> {
    let rules = &input.case.rules;
    if rules.interest_rate.is_none() && input.case.regime != Regime::Spc2003 {
        return Ok(Vec::new());
    }
    let options = Options { detail: false, ..*options };
    let mut out = Vec::with_capacity(4);
    for principal in [InterestPrincipal::LossAndFees, InterestPrincipal::Loss] {
        for days_per_year in [360, 365] {
            let mut case = input.case.clone();
            case.rules.interest_principal = principal;
            case.rules.interest_days_per_year = days_per_year;
            let e = estimate(&Input { case: &case, ..*input }, &options)?;
            out.push(InterestVariant {
                principal,
                days_per_year,
                interest: Yuan(e.segments.iter().map(|s| s.interest.0).sum()),
                compensation: e.compensation,
                case_default: principal == rules.interest_principal
                    && days_per_year == rules.interest_days_per_year,
            });
        }
    }
    Ok(out)
}

struct Calculation<'a> {
    input: &'a Input<'a>,
    options: &'a Options,
    method: Method,
    /// Trades in merged order.
    trades: Vec<&'a Trade>,
    opening: Decimal,
    shortfall: Decimal,
    events: Vec<Event>,
    unattributed: Vec<Date>,
    warnings: Vec<Warning>,
}

impl<'a> Calculation<'a> {
    fn new(input: &'a Input<'a>, options: &'a Options) -> Result<Calculation<'a>, Error> {
        if input.trades.is_empty() && input.opening_position == 0 {
            return Err(Error::new(ErrorKind::NoTrades));
        }
        limits::check(input)?;
        let mut trades: Vec<&Trade> = input.trades.iter().collect();
        trades.sort_by(|a, b| {
            (a.date, a.time.map_or(0, |t| t.0), &a.account, a.origin).cmp(&(
                b.date,
                b.time.map_or(0, |t| t.0),
                &b.account,
                b.origin,
            ))
        });
        let mut calc = Calculation {
            input,
            options,
            method: options.method.unwrap_or(input.case.rules.buy_average),
            trades,
            opening: Decimal::from(input.opening_position),
            shortfall: Decimal::ZERO,
            events: Vec::new(),
            unattributed: Vec::new(),
            warnings: Vec::new(),
        };
        calc.scan();
        let duplicates = duplicates::warnings(&calc.trades, input.files, options.lang);
        calc.warnings.extend(duplicates);
        Ok(calc)
    }

    fn lang(&self) -> Lang {
        self.options.lang
    }

    fn file_name(&self, trade: &Trade) -> String {
        self.input
            .files
            .get(trade.origin.file as usize)
            .cloned()
            .unwrap_or_else(|| format!("#{}", trade.origin.file + 1))
    }

    fn warn_row(&mut self, code: &'static str, trade: &Trade, message: String) {
        let file = self.file_name(trade);
        self.warnings.push(Warning {
            code,
            row: Some(trade.origin.row),
            file: Some(file),
            segment: None,
            message,
        });
    }

    /// Pass over the raw rows: the shortfall of the opening position (rules.md §2), the
    /// positions behind bonus rows, transfers that do not net out, and the ex-rights events.
    fn scan(&mut self) {
        let lang = self.lang();
        // The known position starts at the opening position given: only a sell beyond it
        // is shortfall.
        let mut pos = self.opening;
        let mut lowest = Decimal::ZERO;
        let mut first_short: Option<&Trade> = None;
        let mut day: Option<Date> = None;
        let mut day_start = Decimal::ZERO;
        let mut transfers = Decimal::ZERO;
        let mut last_transfer: Option<&Trade> = None;
        let mut rows = RowEvents::default();
        for &t in &self.trades {
            if day != Some(t.date) {
                day = Some(t.date);
                day_start = pos;
            }
            let q = Decimal::from(t.quantity);
            match t.kind {
                Kind::Buy | Kind::Rights => pos += q,
                Kind::Sell => {
                    pos -= q;
                    if pos < lowest {
                        lowest = pos;
                        first_short.get_or_insert(t);
                    }
                }
                Kind::Bonus => {
                    let e = rows.bonus.entry(t.date).or_insert((Decimal::ZERO, day_start));
                    e.0 += q;
                    pos += q;
                }
                Kind::Dividend => {
                    if let Some(p) = t.price {
                        let e = rows.dividend.entry(t.date).or_insert(Decimal::ZERO);
                        *e = (*e).max(p.0);
                    }
                }
                Kind::TransferIn => {
                    transfers += q;
                    last_transfer = Some(t);
                }
                Kind::TransferOut => {
                    transfers -= q;
                    last_transfer = Some(t);
                }
                Kind::Other => {}
            }
        }
        self.shortfall = -lowest;
        // A bonus row's base, the position at its day's start, already counts the opening.
        for v in rows.bonus.values_mut() {
            v.1 += self.shortfall;
        }
        if let Some(t) = first_short {
            let msg = tr!(
                lang,
                "卖出数量超过已知持仓：记录开始得晚了。不足的 {} 股计入期初持仓（视为实施日前已持有，不计入可索赔股份）",
                "this sell exceeds the known position: the history starts late. The shortfall of {} shares is added to the opening position (held before T0, never eligible)",
                crate::format::shares(self.shortfall)
            );
            self.warn_row("history-starts-late", t, msg);
        }
        if let Some(t) = last_transfer
            && !transfers.is_zero()
        {
            let msg = if transfers > Decimal::ZERO {
                tr!(
                    lang,
                    "转入 {} 股而没有对应的转出记录：请加入转出账户的交易记录。在此之前，这些股份只在之后被卖出时作为期初持仓计入",
                    "{} shares were transferred in without a matching transfer out: add the other account's history. Until then they count only as opening position when sold",
                    crate::format::shares(transfers)
                )
            } else {
                tr!(
                    lang,
                    "转出 {} 股而没有对应的转入记录：这些股份按仍然持有计算。如果在另一账户卖出，请加入该账户的交易记录",
                    "{} shares were transferred out without a matching transfer in: they are treated as still held. If they were sold in another account, add that account's history",
                    crate::format::shares(-transfers)
                )
            };
            self.warn_row("transfer-unmatched", t, msg);
        }
        let rules = &self.input.case.rules;
        let (events, unattributed) =
            adjust::events(&self.input.case.corporate_actions, &rows, rules.adjust_dividends);
        // Tell where a ratio was inferred or disagrees with the rows.
        for e in &events {
            let Some(&(qty, held)) = rows.bonus.get(&e.x) else { continue };
            let first =
                self.trades.iter().copied().find(|t| t.date == e.x && t.kind == Kind::Bonus);
            let Some(t) = first else { continue };
            if !e.from_case {
                let msg = tr!(
                    lang,
                    "案件未给出 {} 的送转比例，按送转股数 {} ÷ 当日前持仓 {} 推算为每股送转 {}",
                    "the case gives no bonus ratio for {}; inferred as {} bonus shares ÷ {} held = {} per share",
                    e.x,
                    crate::format::shares(qty),
                    crate::format::shares(held),
                    crate::format::rate(round_average(e.r))
                );
                self.warn_row("bonus-ratio-inferred", t, msg);
            } else if (held * e.r - qty).abs() >= Decimal::ONE {
                let msg = tr!(
                    lang,
                    "按案件比例每股 {} 应得 {} 股，记录为 {} 股；按案件比例计算",
                    "at the case's ratio of {} per share, {} shares were due but the rows show {}; the case's ratio is used",
                    crate::format::rate(e.r),
                    crate::format::shares(held * e.r),
                    crate::format::shares(qty)
                );
                self.warn_row("bonus-mismatch", t, msg);
            }
        }
        for x in &unattributed {
            if let Some(t) =
                self.trades.iter().copied().find(|t| t.date == *x && t.kind == Kind::Bonus)
            {
                let msg = tr!(
                    lang,
                    "除权日前没有持仓，送转股无法归属：这些股份视为实施日前持有",
                    "no shares were held before the ex-date, so the bonus cannot be attributed: its shares count as held before T0"
                );
                self.warn_row("bonus-unattributed", t, msg);
            }
        }
        self.events = events;
        self.unattributed = unattributed;
    }

    fn rules_used(&self) -> RulesUsed {
        let r = &self.input.case.rules;
        let off = self.options.without_deductions;
        RulesUsed {
            regime: self.input.case.regime,
            buy_average: self.method,
            netting: r.netting,
            commission_rate: r.commission_rate,
            stamp_duty_rate: r.stamp_duty_rate,
            fees_on: r.fees_on,
            non_systemic_ratio: if off { Ratio::ZERO } else { r.non_systemic_ratio },
            min_compensation_ratio: if off { Ratio::ZERO } else { r.min_compensation_ratio },
            adjust_dividends: r.adjust_dividends,
            interest_rate: self.interest_rate(),
            interest_principal: self.interest_rate().map(|_| r.interest_principal),
            interest_days_per_year: self.interest_rate().map(|_| r.interest_days_per_year),
            systemic_method: if off { SystemicMethod::None } else { r.systemic.method },
            systemic_ratio: if off { None } else { r.systemic.ratio },
            systemic_indices: if off { Vec::new() } else { r.systemic.indices.clone() },
            systemic_scale: r.systemic.scale,
        }
    }

    /// The interest rate in force: the case's, else the deposit table under `spc2003`.
    fn interest_rate(&self) -> Option<InterestRate> {
        match (self.input.case.rules.interest_rate, self.input.case.regime) {
            (Some(r), _) => Some(r),
            (None, Regime::Spc2003) => Some(InterestRate::DepositTable),
            (None, Regime::Spc2022) => None,
        }
    }

    fn run(mut self) -> Result<Estimate, Error> {
        let rules = self.rules_used();
        let mut segments = Vec::with_capacity(self.input.case.segments.len());
        for i in 0..self.input.case.segments.len() {
            segments.push(self.segment(i, &rules)?);
        }
        let (compensation, chosen) = match self.input.case.combine {
            crate::case::Combine::Sum => (segments.iter().map(|s| s.compensation.0).sum(), None),
            crate::case::Combine::Max => {
                let best = segments
                    .iter()
                    .max_by(|a, b| a.compensation.cmp(&b.compensation))
                    .map(|s| (s.compensation.0, s.id.clone()));
                best.map_or((Decimal::ZERO, None), |(c, id)| (c, Some(id)))
            }
        };
        Ok(Estimate {
            case_id: self.input.case.id.clone(),
            compensation: Yuan(round_yuan(compensation)),
            combine: self.input.case.combine,
            chosen_segment: chosen,
            segments,
            rules,
            opening_position: Shares(self.opening + self.shortfall),
            opening_shortfall: Shares(self.shortfall),
            adjustments: self.events.iter().map(Event::report).collect(),
            warnings: self.warnings,
            lang: self.options.lang,
        })
    }

    fn market_label(&self) -> String {
        self.lang().pick("行情数据", "market data").to_owned()
    }

    fn segment(&mut self, index: usize, rules: &RulesUsed) -> Result<SegmentResult, Error> {
        let case = self.input.case;
        let seg = &case.segments[index];
        let lang = self.lang();
        let label = self.market_label();
        let (base, turnover) = base::base_date(seg, case.regime, self.input.market, &label)?;
        let tb = base.date;
        let events: Vec<Event> = adjust::up_to(&self.events, tb).to_vec();
        let adj_close = |d: Date, c: Decimal| adjust::price(&events, d, c);
        let (pb, pb_source) = base::base_price(seg, tb, self.input.market, &adj_close, &label)?;
        let turnover = turnover
            .into_iter()
            .map(|mut t| {
                t.close = Price(adj_close(t.date, t.close.0));
                t
            })
            .collect::<Vec<_>>();
        let dates = Dates { t0: seg.implementation_date, t1: seg.disclosure_date, tb };

        // Rows adjusted to the terms of Tb.
        let rows: Vec<Row> = self
            .trades
            .iter()
            .map(|t| Row {
                date: t.date,
                kind: t.kind,
                qty: adjust::quantity(&events, t.date, Decimal::from(t.quantity)),
                unattributed_bonus: t.kind == Kind::Bonus && self.unattributed.contains(&t.date),
            })
            .collect();
        let prices: Vec<Decimal> = self
            .trades
            .iter()
            .map(|t| t.price.map_or(Decimal::ZERO, |p| adjust::price(&events, t.date, p.0)))
            .collect();
        let first_day = self.trades.first().map_or(seg.implementation_date, |t| t.date).pred();
        let opening = adjust::quantity(&events, first_day, self.opening + self.shortfall);

        // Channels: price, then the day number (interest), then each index (deduction).
        let interest_rate = rules.interest_rate;
        let index_codes: Vec<String> = if rules.systemic_method == SystemicMethod::IndexComparison {
            rules.systemic_indices.clone()
        } else {
            Vec::new()
        };
        let day_channel = interest_rate.map(|_| 1);
        let index_base = 1 + usize::from(day_channel.is_some());
        let channels = index_base + index_codes.len();
        let index_closes = self.index_closes(&index_codes, &dates, seg)?;
        let mut values = |i: usize, out: &mut [Decimal]| {
            out[0] = prices[i];
            if let Some(c) = day_channel {
                out[c] = Decimal::from(self.trades[i].date.day_number());
            }
            for (j, closes) in index_closes.iter().enumerate() {
                out[index_base + j] = closes[i];
            }
        };
        let params = walk::Params {
            opening,
            dates,
            direction: seg.direction,
            method: self.method,
            channels,
            detail: self.options.detail,
        };
        let outcome = walk::walk(&rows, &params, &mut values);

        // The two parts of the loss.
        let sign = match seg.direction {
            Direction::Long => Decimal::ONE,
            Direction::Short => Decimal::NEGATIVE_ONE,
        };
        let e = outcome.eligible;
        let entry = outcome.entry.clone().filter(|_| e > Decimal::ZERO);
        let entry_price = entry.as_ref().map(|v| v[0]);
        let exit_qty = outcome.exit_qty;
        let rest_qty = e - exit_qty;
        let exit_avg =
            |c: usize| (exit_qty > Decimal::ZERO).then(|| outcome.exit_sums[c] / exit_qty);
        let exit_price = exit_avg(0);
        let (loss_exit, loss_rest) = match entry_price {
            Some(b) => (
                carry(exit_price.map_or(Decimal::ZERO, |p| sign * (b - p) * exit_qty)),
                carry(sign * (b - pb) * rest_qty),
            ),
            None => (Decimal::ZERO, Decimal::ZERO),
        };
        let loss = match case.rules.netting {
            Netting::Net => (loss_exit + loss_rest).max(Decimal::ZERO),
            Netting::PerPart => loss_exit.max(Decimal::ZERO) + loss_rest.max(Decimal::ZERO),
        };

        // Systemic ratios per part.
        let ks = self.systemic_ratios(
            rules,
            seg,
            &dates,
            sign,
            entry.as_deref(),
            exit_price,
            pb,
            &outcome,
            index_base,
            &adj_close,
        )?;
        let scale = rules.systemic_scale.0;
        let parts_loss = [loss_exit, loss_rest];
        let d_sys: Decimal = carry(
            parts_loss
                .iter()
                .zip(&ks)
                .filter(|(l, _)| **l > Decimal::ZERO)
                .map(|(l, k)| k.k * scale * *l)
                .sum(),
        );
        let c1 = (loss - d_sys).max(Decimal::ZERO);
        let systemic = loss - c1;
        let d_non = carry(rules.non_systemic_ratio.0 * c1);
        let floor = rules.min_compensation_ratio.0 * loss;
        let after_non = c1 - d_non;
        let min_applied = floor > after_non;
        let c = after_non.max(floor);

        // Fees and interest.
        let stamp_rate = match case.rules.stamp_duty_rate {
            Some(r) => r.0,
            None => statutory_stamp_duty(tb).ok_or_else(|| {
                Error::in_field(
                    ErrorKind::CaseValue {
                        value: String::new(),
                        reason: "not given, and the statutory stamp-duty table starts on 2008-09-19, after the base date: give the rate".into(),
                        reason_zh: "未给出，而法定印花税率表自 2008-09-19 起，晚于基准日：请给出税率".into(),
                    },
                    &case.id,
                    "rules.stamp_duty_rate",
                )
            })?,
        };
        let fee_base = match case.rules.fees_on {
            FeesOn::Compensable => c,
            FeesOn::Loss => loss,
        };
        let commission = carry(fee_base * rules.commission_rate.0);
        let stamp = carry(fee_base * stamp_rate);
        let mut interest_principal = None;
        let mut interest_periods = Vec::new();
        let mut interest_rate_days = Decimal::ZERO;
        let mut interest_from_fraction = Decimal::ZERO;
        let (interest, interest_from, interest_days) = match (interest_rate, day_channel, &entry) {
            (Some(rate), Some(ch), Some(entry)) if e > Decimal::ZERO => {
                let d_buy = entry[ch];
                let d_exit = exit_avg(ch).unwrap_or(Decimal::ZERO);
                let d_end = (exit_qty * d_exit + rest_qty * Decimal::from(tb.day_number())) / e;
                let days = (d_end - d_buy).max(Decimal::ZERO);
                // The day `Dbuy` falls in: the integral's first unit interval (rules.md
                // §9), where the table of rate periods starts too.
                let from_day = d_buy.floor();
                interest_from_fraction = d_buy - from_day;
                let from = Date::from_day_number(i32::try_from(from_day).unwrap_or(0));
                let (periods, rate_days) =
                    interest::integrate(rate, d_buy, d_end).map_err(|gap| {
                        let interest::Gap::BeforeTable(day) = gap;
                        Error::in_field(
                            ErrorKind::CaseValue {
                                value: day.to_string(),
                                reason: "the interest period starts before 1999-06-10, where the deposit-rate table starts: give the rate as a number".into(),
                                reason_zh: "计息期始于 1999-06-10（同期活期存款利率表的起点）之前：请以数字给出利率".into(),
                            },
                            &case.id,
                            "rules.interest_rate",
                        )
                    })?;
                let principal = match case.rules.interest_principal {
                    InterestPrincipal::LossAndFees => c + commission + stamp,
                    InterestPrincipal::Loss => c,
                };
                interest_principal = Some(Yuan(round_yuan(principal)));
                interest_periods = periods
                    .into_iter()
                    .map(|p| InterestPeriod {
                        from: p.from,
                        to: p.to,
                        days: Ratio(crate::money::round_half_up(p.days, 4)),
                        rate: Ratio(p.rate),
                    })
                    .collect();
                interest_rate_days = rate_days;
                let year = Decimal::from(case.rules.interest_days_per_year);
                (carry(principal * rate_days / year), Some(from), Some(Ratio(days)))
            }
            _ => (Decimal::ZERO, None, None),
        };
        let compensation =
            round_yuan(c) + round_yuan(commission) + round_yuan(stamp) + round_yuan(interest);

        let names = match seg.direction {
            Direction::Long => ["sold", "held"],
            Direction::Short => ["bought_back", "not_bought_back"],
        };
        let parts: Vec<Part> = (0..2)
            .map(|p| Part {
                name: names[p],
                shares: Shares(if p == 0 { exit_qty } else { rest_qty }),
                exit_price: if p == 0 {
                    exit_price.map(|x| Price(round_average(x)))
                } else {
                    Some(Price(round_average(pb)))
                },
                loss: Yuan(round_yuan(parts_loss[p])),
                stock_change: ks[p].stock.map(|x| Ratio(crate::money::round_half_up(x, 8))),
                index_change: ks[p].index.map(|x| Ratio(crate::money::round_half_up(x, 8))),
                indices: ks[p].levels.clone(),
                systemic_ratio: Ratio(ks[p].k),
                systemic_deduction: Yuan(round_yuan(if parts_loss[p] > Decimal::ZERO {
                    ks[p].k * scale * parts_loss[p]
                } else {
                    Decimal::ZERO
                })),
            })
            .collect();

        let (sold_shares, sell_average, bought_back, buy_back_average, buy_average) =
            match seg.direction {
                Direction::Long => (exit_qty, exit_price, None, None, entry_price),
                Direction::Short => (e, entry_price, Some(exit_qty), exit_price, None),
            };
        if e.is_zero() {
            let long = seg.direction == Direction::Long;
            let msg = tr!(
                lang,
                "在实施日 {0} 至揭露日 {1} 之间没有可索赔的{2}",
                "no eligible {2} between the implementation date {0} and the disclosure date {1}",
                seg.implementation_date,
                seg.disclosure_date,
                match (long, lang) {
                    (true, Lang::Zh) => "买入（或已在揭露日前卖出）",
                    (true, Lang::En) => "purchases (or they were sold before the disclosure date)",
                    (false, Lang::Zh) => "卖出",
                    (false, Lang::En) => "sales",
                }
            );
            self.warnings.push(Warning {
                code: "no-eligible-shares",
                row: None,
                file: None,
                segment: Some(seg.id.clone()),
                message: msg,
            });
        }
        if base.delisted {
            let msg = tr!(
                lang,
                "证券在第 30 个交易日前退市：基准日取最后交易日 {}",
                "the security was delisted before the 30th trading day: the base date is its last trading day, {}",
                tb
            );
            self.warnings.push(Warning {
                code: "base-date-delisting",
                row: None,
                file: None,
                segment: Some(seg.id.clone()),
                message: msg,
            });
        }

        let mut result = SegmentResult {
            id: seg.id.clone(),
            direction: seg.direction,
            implementation_date: seg.implementation_date,
            disclosure_date: seg.disclosure_date,
            eligible_shares: Shares(e),
            buy_average: buy_average.map(|b| Price(round_average(b))),
            sold_shares: Shares(sold_shares),
            sell_average: sell_average.map(|p| Price(round_average(p))),
            held_shares: Shares(rest_qty),
            bought_back_shares: bought_back.map(Shares),
            buy_back_average: buy_back_average.map(|p| Price(round_average(p))),
            base_date: tb,
            base_price: Price(round_average(pb)),
            base_date_source: base.date_source,
            base_price_source: pb_source,
            turnover,
            loss_sold: Yuan(round_yuan(loss_exit)),
            loss_held: Yuan(round_yuan(loss_rest)),
            investment_loss: Yuan(round_yuan(loss)),
            parts,
            systemic_deduction: Yuan(round_yuan(systemic)),
            non_systemic_deduction: Yuan(round_yuan(d_non)),
            min_compensation_applied: min_applied,
            compensable_loss: Yuan(round_yuan(c)),
            stamp_duty_rate: Ratio(stamp_rate),
            commission: Yuan(round_yuan(commission)),
            stamp_duty: Yuan(round_yuan(stamp)),
            interest: Yuan(round_yuan(interest)),
            interest_from,
            interest_days: interest_days.map(|d| Ratio(crate::money::round_half_up(d.0, 4))),
            interest_principal,
            interest_periods,
            compensation: Yuan(compensation),
            trades: Vec::new(),
            steps: Vec::new(),
        };
        if self.options.detail {
            result.trades = self.effects(&dates, &rows, &prices, &outcome.effects, &events);
            result.steps = explain::steps(&explain::Facts {
                case,
                segment: seg,
                rules,
                method: self.method,
                lang,
                base: &base,
                result: &result,
                unrounded_entry: entry_price,
                entry_sums: outcome.entry_sums,
                opening: self.opening,
                shortfall: self.shortfall,
                events: &events,
                loss_parts: parts_loss,
                loss,
                c1,
                c,
                d_non,
                fee_base,
                interest_rate_days,
                interest_from_fraction,
                without_deductions: self.options.without_deductions,
                accounts: self.accounts(),
                rows: self.trades.len(),
            });
        }
        Ok(result)
    }

    fn accounts(&self) -> usize {
        let mut names: Vec<&str> = self.trades.iter().map(|t| t.account.as_str()).collect();
        names.sort_unstable();
        names.dedup();
        names.len()
    }

    /// Each trade's index close for each reference index (only window and settlement rows
    /// need one; other rows get zero). A missing day uses the last close before it.
    fn index_closes(
        &mut self,
        codes: &[String],
        dates: &Dates,
        _seg: &crate::case::Segment,
    ) -> Result<Vec<Vec<Decimal>>, Error> {
        if codes.is_empty() {
            return Ok(Vec::new());
        }
        let lang = self.lang();
        let data = self.input.indices;
        let mut all = Vec::with_capacity(codes.len());
        let mut gaps: Vec<(usize, String)> = Vec::new();
        for code in codes {
            let mut closes = Vec::with_capacity(self.trades.len());
            for (i, t) in self.trades.iter().enumerate() {
                let phase = dates.phase(t.date);
                let needed = matches!(phase, Phase::Window | Phase::Settlement)
                    && matches!(t.kind, Kind::Buy | Kind::Sell | Kind::Rights);
                if !needed {
                    closes.push(Decimal::ZERO);
                    continue;
                }
                match data.and_then(|d| d.close_on(code, t.date)) {
                    Some((c, exact)) => {
                        if !exact {
                            gaps.push((i, code.clone()));
                        }
                        closes.push(c.0);
                    }
                    None => {
                        return Err(Error::at(
                            ErrorKind::MissingIndex {
                                index: code.clone(),
                                needed_for: "index-cost",
                            },
                            lang.pick("指数数据", "index data"),
                            None,
                            None,
                        ));
                    }
                }
            }
            all.push(closes);
        }
        for (i, code) in gaps.into_iter().take(20) {
            let t = self.trades[i];
            let msg = tr!(
                lang,
                "指数 {} 在 {} 没有收盘点位，使用此前最近一个交易日的点位",
                "index {} has no close on {}; the last close before it is used",
                code,
                t.date
            );
            self.warn_row("index-date-missing", t, msg);
        }
        Ok(all)
    }

    #[allow(clippy::too_many_arguments)]
    fn systemic_ratios(
        &self,
        rules: &RulesUsed,
        seg: &crate::case::Segment,
        dates: &Dates,
        sign: Decimal,
        entry: Option<&[Decimal]>,
        exit_price: Option<Decimal>,
        pb: Decimal,
        outcome: &walk::Outcome,
        index_base: usize,
        adj_close: &dyn Fn(Date, Decimal) -> Decimal,
    ) -> Result<[PartRatio; 2], Error> {
        let lang = self.lang();
        let mut ks = [PartRatio::default(), PartRatio::default()];
        match rules.systemic_method {
            SystemicMethod::None => {}
            SystemicMethod::Fixed => {
                let k = rules.systemic_ratio.map_or(Decimal::ZERO, |r| r.0);
                ks[0].k = k;
                ks[1].k = k;
            }
            SystemicMethod::IndexComparison => {
                let Some(entry) = entry else { return Ok(ks) };
                let b = entry[0];
                for (p, exit) in [(0, exit_price), (1, Some(pb))] {
                    let Some(exit) = exit else { continue };
                    let mut levels = Vec::new();
                    for (j, code) in rules.systemic_indices.iter().enumerate() {
                        let ib = entry[index_base + j];
                        let is = if p == 0 {
                            outcome.exit_sums[index_base + j] / outcome.exit_qty
                        } else {
                            self.index_mean(code, dates)?
                        };
                        let change =
                            if ib.is_zero() { Decimal::ZERO } else { sign * (ib - is) / ib };
                        levels.push(IndexLevels {
                            index: code.clone(),
                            entry: Price(round_average(ib)),
                            exit: Price(round_average(is)),
                            change: Ratio(change),
                        });
                    }
                    // An actual-cost average can be zero or negative; then the stock
                    // "fell" by nothing that a ratio can describe, and k is 0.
                    let stock =
                        if b > Decimal::ZERO { sign * (b - exit) / b } else { Decimal::ZERO };
                    ks[p] = PartRatio::from_changes(stock, levels);
                }
            }
            SystemicMethod::RelativeProportion => {
                let label = lang.pick("行情数据", "market data");
                let (_, p0) =
                    base::close_before(seg.disclosure_date, self.input.market, adj_close, label)?;
                let stock = sign * (p0.0 - pb) / p0.0;
                let mut levels = Vec::new();
                for code in &rules.systemic_indices {
                    let i0 = self
                        .input
                        .indices
                        .and_then(|d| d.close_on(code, seg.disclosure_date.pred()))
                        .map(|(c, _)| c.0)
                        .ok_or_else(|| {
                            Error::at(
                                ErrorKind::MissingIndex {
                                    index: code.clone(),
                                    needed_for: "index-cost",
                                },
                                lang.pick("指数数据", "index data"),
                                None,
                                None,
                            )
                        })?;
                    let ip = self.index_mean(code, dates)?;
                    levels.push(IndexLevels {
                        index: code.clone(),
                        entry: Price(round_average(i0)),
                        exit: Price(round_average(ip)),
                        change: Ratio(sign * (i0 - ip) / i0),
                    });
                }
                let k = PartRatio::from_changes(stock, levels);
                ks = [k.clone(), k];
            }
        }
        Ok(ks)
    }

    /// Mean index close over days 1..Tb (rules.md §8.1): the security's own trading days
    /// from `T1` to `Tb` — the days its base price averages — each at the index's close
    /// that day or, when the index has none, the last close before it. Without the
    /// security's bars (a base date and price given), the index's own closes dated
    /// `T1..=Tb`.
    fn index_mean(&self, code: &str, dates: &Dates) -> Result<Decimal, Error> {
        let lang = self.lang();
        let missing = || {
            Error::at(
                ErrorKind::MissingIndex { index: code.to_owned(), needed_for: "index-exit" },
                lang.pick("指数数据", "index data"),
                None,
                None,
            )
        };
        let Some(data) = self.input.indices else { return Err(missing()) };
        let days: Vec<Date> = self.input.market.map_or_else(Vec::new, |m| {
            m.bars[m.first_on_or_after(dates.t1)..]
                .iter()
                .take_while(|b| b.date <= dates.tb)
                .map(|b| b.date)
                .collect()
        });
        let closes: Vec<Decimal> = if days.is_empty() {
            data.closes_between(code, dates.t1, dates.tb).iter().map(|(_, c)| c.0).collect()
        } else {
            let mut out = Vec::with_capacity(days.len());
            for d in days {
                out.push(data.close_on(code, d).ok_or_else(missing)?.0.0);
            }
            out
        };
        if closes.is_empty() {
            return Err(missing());
        }
        let n = Decimal::from(closes.len());
        Ok(closes.into_iter().sum::<Decimal>() / n)
    }

    fn effects(
        &self,
        dates: &Dates,
        rows: &[Row],
        prices: &[Decimal],
        effects: &[walk::Effect],
        events: &[Event],
    ) -> Vec<TradeEffect> {
        let lang = self.lang();
        let adjust_dividends = self.input.case.rules.adjust_dividends;
        self.trades
            .iter()
            .enumerate()
            .map(|(i, t)| {
                let fx = effects.get(i).cloned().unwrap_or_default();
                let phase = dates.phase(t.date);
                let qty = rows[i].qty;
                let adjusted_quantity = (qty != Decimal::from(t.quantity) && t.kind != Kind::Bonus)
                    .then_some(Shares(qty));
                let adjusted_price = t
                    .price
                    .filter(|p| prices[i] != p.0 && t.kind != Kind::Dividend)
                    .map(|_| Price(round_average(prices[i])));
                let note = match (phase, t.kind) {
                    (Phase::After, _) => Some(lang.pick(
                        "基准日之后：不影响计算（持有部分按基准价计量）",
                        "after the base date: no effect (held shares are measured at Pb)",
                    )),
                    (_, Kind::Bonus) if rows[i].unattributed_bonus => Some(lang.pick(
                        "除权日前无持仓：视为实施日前持有",
                        "nothing held before the ex-date: counted as held before T0",
                    )),
                    (_, Kind::Bonus) if events.iter().any(|e| e.x == t.date) => Some(lang.pick(
                        "已通过除权调整计入此前的交易",
                        "already counted by adjusting earlier trades for the ex-rights event",
                    )),
                    (_, Kind::Dividend) if adjust_dividends => Some(lang.pick(
                        "现金红利：用于调整此前的价格",
                        "cash dividend: used to adjust earlier prices",
                    )),
                    (_, Kind::Dividend) => Some(lang.pick(
                        "现金红利：不冲抵损失，不影响计算",
                        "cash dividend: not offset, no effect",
                    )),
                    (_, Kind::TransferIn | Kind::TransferOut) => Some(lang.pick(
                        "本人账户间转托管：合并账户后持仓不变",
                        "transfer between own accounts: no change once accounts are merged",
                    )),
                    (_, Kind::Other) => Some(lang.pick(
                        "其他业务：不参与计算",
                        "other business: ignored by the calculation",
                    )),
                    _ => None,
                };
                TradeEffect {
                    row: t.origin.row,
                    file: self.file_name(t),
                    account: t.account.clone(),
                    date: t.date,
                    time: t.time,
                    kind: t.kind,
                    quantity: t.quantity,
                    price: t.price,
                    adjusted_quantity,
                    adjusted_price,
                    phase,
                    layer: fx.layer,
                    from_pre: Shares(fx.from_pre),
                    from_window: Shares(fx.from_window),
                    from_post: Shares(fx.from_post),
                    eligible_change: Shares(fx.eligible_change),
                    counted: Shares(fx.counted),
                    eligible_after: fx.after.map(|(q, _)| Shares(q)),
                    average_after: fx.after.and_then(|(_, a)| a).map(|a| Price(round_average(a))),
                    note: note.map(str::to_owned),
                }
            })
            .collect()
    }
}

/// The systemic ratio of one part and what it came from.
#[derive(Clone, Debug, Default)]
struct PartRatio {
    k: Decimal,
    stock: Option<Decimal>,
    index: Option<Decimal>,
    levels: Vec<IndexLevels>,
}

impl PartRatio {
    /// `k = min(1, rI / rP)` when both fell (rose, short), else 0 (rules.md §8.1).
    fn from_changes(stock: Decimal, levels: Vec<IndexLevels>) -> PartRatio {
        let index = if levels.is_empty() {
            Decimal::ZERO
        } else {
            levels.iter().map(|l| l.change.0).sum::<Decimal>() / Decimal::from(levels.len())
        };
        let k = if index > Decimal::ZERO && stock > Decimal::ZERO {
            (index / stock).min(Decimal::ONE)
        } else {
            Decimal::ZERO
        };
        PartRatio { k, stock: Some(stock), index: Some(index), levels }
    }
}

/// Amounts are carried to 10⁻¹² yuan. Averages that do not terminate (37,000 / 3,000) are
/// kept to 28 digits, so a loss that is exactly 18,500 may come out as 18,499.999…95;
/// rounding the carried amounts to 12 places removes that residue, so that an amount that
/// is exactly on a half-fen boundary (328.155) rounds as the exact value does.
pub fn carry(amount: Decimal) -> Decimal {
    crate::money::round_half_up(amount, 12)
}

/// The statutory stamp duty on sales at a date (rules.md §9): 1‰ from 2008-09-19, 0.5‰
/// from 2023-08-28; earlier dates have no default.
pub fn statutory_stamp_duty(date: Date) -> Option<Decimal> {
    let halved = Date::from_ymd(2023, 8, 28)?;
    let seller_only = Date::from_ymd(2008, 9, 19)?;
    if date >= halved {
        Some(Decimal::new(5, 4))
    } else if date >= seller_only {
        Some(Decimal::new(1, 3))
    } else {
        None
    }
}
