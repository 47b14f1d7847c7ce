//! Base date `Tb` and base price `Pb` (rules.md §5; 2022 Art. 26, 2003 Art. 33).
//!
//! Given values always win. Otherwise the daily market data decides: day 1 is the first
//! trading day on or after `T1`; `Tb` is the day cumulative turnover reaches 100% of the
//! float, bounded to days 10..30 under `spc2022`, capped at day 30 (or the last trading day
//! before delisting) under `spc2003`; `Pb` is the mean close of days 1..`Tb`.

use rust_decimal::Decimal;

use crate::case::{Regime, Segment};
use crate::date::Date;
use crate::error::{Error, ErrorKind};
use crate::market::MarketData;
use crate::money::{Price, Ratio};
use crate::report::{Provided, TurnoverDay};

/// The resolved base date and price of a segment.
#[derive(Clone, Debug)]
pub struct Base {
    /// `Tb`.
    pub date: Date,
    /// Where `Tb` came from.
    pub date_source: Provided,
    /// `Tb` as a trading-day number, when computed.
    pub day: Option<u32>,
    /// The day cumulative turnover reached 100%, when it did within the data.
    pub full_turnover_day: Option<u32>,
    /// Whether `Tb` fell back to the last trading day before delisting.
    pub delisted: bool,
}

/// Resolves `Tb` (prices come later, once the ex-rights events up to `Tb` are known).
pub fn base_date(
    segment: &Segment,
    regime: Regime,
    market: Option<&MarketData>,
    file: &str,
) -> Result<(Base, Vec<TurnoverDay>), Error> {
    if let Some(tb) = segment.base_date {
        return Ok((
            Base {
                date: tb,
                date_source: Provided::Given,
                day: None,
                full_turnover_day: None,
                delisted: false,
            },
            Vec::new(),
        ));
    }
    let Some(market) = market else {
        return Err(Error::at(
            ErrorKind::MissingMarketDays { needed_for: "base-date", needed: 30, have: 0 },
            file,
            None,
            None,
        ));
    };
    let start = market.first_on_or_after(segment.disclosure_date);
    // 2022 Art. 26 looks at days 1..30 only. 2003 Art. 33(1) takes the day the turnover
    // reaches 100% however late; day 30 is only the fallback of Art. 33(2) when that day
    // cannot be determined (香溢融通: 100% on day 33, the court's base date; DESIGN.md).
    let window = match regime {
        Regime::Spc2022 => 30,
        Regime::Spc2003 => usize::MAX,
    };
    let mut days = Vec::new();
    let mut cumulative = Decimal::ZERO;
    let mut table = Vec::new();
    let mut full = None;
    let bars = market.bars[start..]
        .iter()
        .take_while(|b| segment.last_trading_date.is_none_or(|l| b.date <= l))
        .take(window);
    for (k, bar) in bars.enumerate() {
        if full.is_some() && regime == Regime::Spc2003 {
            break;
        }
        let day = u32::try_from(k + 1).unwrap_or(u32::MAX);
        let turnover = bar.volume / bar.float;
        cumulative += turnover;
        table.push(TurnoverDay {
            day,
            date: bar.date,
            close: bar.close,
            volume: Ratio(bar.volume),
            float: Ratio(bar.float),
            turnover: Ratio(turnover),
            cumulative: Ratio(cumulative),
        });
        days.push(bar);
        if full.is_none() && cumulative >= Decimal::ONE {
            full = Some(day);
        }
    }
    let have = u32::try_from(days.len()).unwrap_or(u32::MAX);
    let delisted_early = segment.last_trading_date.is_some_and(|l| {
        // The data must reach the last trading day for the fallback to apply.
        days.last().is_some_and(|b| b.date == l) && have < 30
    });
    let (day, delisted) = match (regime, full) {
        (Regime::Spc2022, Some(k)) if have >= k.max(10) => (k.max(10), false),
        (Regime::Spc2003, Some(k)) => (k, false),
        (_, None) if have >= 30 => (30, false),
        _ if delisted_early => (have, true),
        (Regime::Spc2022, Some(k)) => return Err(missing(k.max(10), have, file)),
        _ => return Err(missing(30, have, file)),
    };
    table.truncate(day as usize);
    Ok((
        Base {
            date: days[day as usize - 1].date,
            date_source: Provided::Computed,
            day: Some(day),
            full_turnover_day: full,
            delisted,
        },
        table,
    ))
}

fn missing(needed: u32, have: u32, file: &str) -> Error {
    Error::at(
        ErrorKind::MissingMarketDays { needed_for: "base-date", needed, have },
        file,
        None,
        None,
    )
}

/// The mean of the (adjusted) closes of the trading days from `T1` to `Tb`.
/// `adjust(date, close)` applies the ex-rights events that follow `date` up to `Tb`.
pub fn base_price(
    segment: &Segment,
    tb: Date,
    market: Option<&MarketData>,
    adjust: &dyn Fn(Date, Decimal) -> Decimal,
    file: &str,
) -> Result<(Decimal, Provided), Error> {
    if let Some(pb) = segment.base_price {
        return Ok((pb.0, Provided::Given));
    }
    let Some(market) = market else {
        return Err(Error::at(
            ErrorKind::NoMarketDays {
                needed_for: "base-price",
                from: segment.disclosure_date,
                until: Some(tb),
            },
            file,
            None,
            None,
        ));
    };
    let start = market.first_on_or_after(segment.disclosure_date);
    let end = market.first_on_or_after(tb.succ());
    let bars = &market.bars[start..end.max(start)];
    // The data must reach Tb itself (a suspended Tb is not a trading day, so the last bar
    // must be on Tb or the data must continue after it).
    if bars.is_empty() || (bars.last().is_some_and(|b| b.date < tb) && end >= market.bars.len()) {
        return Err(Error::at(
            ErrorKind::MarketDataEnds {
                last: market.bars.last().map(|b| b.date),
                needed_until: tb,
            },
            file,
            None,
            None,
        ));
    }
    let sum: Decimal = bars.iter().map(|b| adjust(b.date, b.close.0)).sum();
    Ok((sum / Decimal::from(bars.len()), Provided::Computed))
}

/// Adjusted close of the last trading day before `T1` (for the relative-proportion method).
pub fn close_before(
    t1: Date,
    market: Option<&MarketData>,
    adjust: &dyn Fn(Date, Decimal) -> Decimal,
    file: &str,
) -> Result<(Date, Price), Error> {
    market
        .and_then(|m| m.last_before(t1))
        .map(|b| (b.date, Price(adjust(b.date, b.close.0))))
        .ok_or_else(|| {
            Error::at(
                ErrorKind::NoMarketDays {
                    needed_for: "close-before-disclosure",
                    from: t1,
                    until: None,
                },
                file,
                None,
                None,
            )
        })
}
