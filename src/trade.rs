//! The trade model: one row of an investor's history, of one kind, from one account.
//!
//! Rows come from the canonical CSV ([`crate::canonical`]) or from broker exports
//! (the importer); either way each keeps where it came from ([`Origin`]) so that
//! every warning and every line of the explanation can name the file and row.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::date::Date;
use crate::money::{Price, Shares};

/// What a row does (rules.md §2).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// A purchase (price > 0, quantity > 0).
    Buy,
    /// A sale (price > 0, quantity > 0).
    Sell,
    /// Bonus or capitalisation shares credited (送股/转增/红股入账): shares in, no cost.
    Bonus,
    /// Shares moved in from another of the investor's accounts (转托管, 担保品划入).
    TransferIn,
    /// Shares moved out to another of the investor's accounts.
    TransferOut,
    /// A cash dividend: `price` is the cash per share; no quantity change.
    Dividend,
    /// A rights issue (配股): a buy at the subscription price.
    Rights,
    /// Kept and shown, ignored by the arithmetic.
    Other,
}

impl Kind {
    /// Every kind, in the order of rules.md §2.
    pub const ALL: [Kind; 8] = [
        Kind::Buy,
        Kind::Sell,
        Kind::Bonus,
        Kind::TransferIn,
        Kind::TransferOut,
        Kind::Dividend,
        Kind::Rights,
        Kind::Other,
    ];

    /// The identifier used in CSV, JSON and case files.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Buy => "buy",
            Kind::Sell => "sell",
            Kind::Bonus => "bonus",
            Kind::TransferIn => "transfer_in",
            Kind::TransferOut => "transfer_out",
            Kind::Dividend => "dividend",
            Kind::Rights => "rights",
            Kind::Other => "other",
        }
    }

    /// Whether the row acquires shares at a price (a buy or a rights subscription).
    pub fn is_purchase(self) -> bool {
        matches!(self, Kind::Buy | Kind::Rights)
    }

    /// Whether the row needs a positive price.
    pub fn needs_price(self) -> bool {
        matches!(self, Kind::Buy | Kind::Sell | Kind::Rights | Kind::Dividend)
    }

    /// Whether the row needs a positive quantity.
    pub fn needs_quantity(self) -> bool {
        matches!(
            self,
            Kind::Buy
                | Kind::Sell
                | Kind::Bonus
                | Kind::TransferIn
                | Kind::TransferOut
                | Kind::Rights
        )
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Kind {
    type Err = ();
    fn from_str(s: &str) -> Result<Kind, ()> {
        Kind::ALL.into_iter().find(|k| k.as_str() == s.trim()).ok_or(())
    }
}

/// Where a row came from: the index of its file in the input and its 1-based line
/// number in that file (the header is line 1 of a canonical CSV).
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
pub struct Origin {
    /// Index of the file among the investor's files (0 for the first).
    pub file: u32,
    /// 1-based line number within that file.
    pub row: u32,
}

/// A cell that is not a time of day.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BadTime;

/// A time of day in seconds after midnight.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TimeOfDay(pub u32);

impl TimeOfDay {
    /// Parses `HH:MM:SS`, `H:MM:SS`, `HH:MM`, `HHMMSS`, `HMMSS` (`93055`) and `HHMMSScc`
    /// (`14410380`, centiseconds dropped). Empty text is `None` without an error.
    pub fn parse(text: &str) -> Result<Option<TimeOfDay>, BadTime> {
        let t = text.trim();
        if t.is_empty() {
            return Ok(None);
        }
        let (h, m, s) = if t.contains(':') {
            let mut it = t.split(':');
            let h = it.next().ok_or(BadTime)?;
            let m = it.next().ok_or(BadTime)?;
            let s = it.next().unwrap_or("0");
            if it.next().is_some() {
                return Err(BadTime);
            }
            (num(h)?, num(m)?, num(s.split('.').next().unwrap_or(""))?)
        } else if t.bytes().all(|b| b.is_ascii_digit()) {
            match t.len() {
                1 if t == "0" => (0, 0, 0),
                5 => (num(&t[0..1])?, num(&t[1..3])?, num(&t[3..5])?),
                6 | 8 => (num(&t[0..2])?, num(&t[2..4])?, num(&t[4..6])?),
                _ => return Err(BadTime),
            }
        } else {
            return Err(BadTime);
        };
        if h > 23 || m > 59 || s > 60 {
            return Err(BadTime);
        }
        Ok(Some(TimeOfDay(h * 3600 + m * 60 + s)))
    }
}

fn num(s: &str) -> Result<u32, BadTime> {
    if s.is_empty() || s.len() > 2 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return Err(BadTime);
    }
    s.parse().map_err(|_| BadTime)
}

impl fmt::Display for TimeOfDay {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:02}:{:02}:{:02}", self.0 / 3600, self.0 / 60 % 60, self.0 % 60)
    }
}

impl Serialize for TimeOfDay {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// One row of trade history, validated.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Trade {
    /// Trade date.
    pub date: Date,
    /// Time of day, when the export has it.
    pub time: Option<TimeOfDay>,
    /// The account (each file is one account unless the rows say otherwise).
    pub account: String,
    /// What the row does.
    pub kind: Kind,
    /// Whole shares (0 for a dividend or an `other` row).
    pub quantity: u64,
    /// Price per share; cash per share for a dividend; absent for bonus and transfers.
    pub price: Option<Price>,
    /// Where the row came from.
    pub origin: Origin,
}

impl Trade {
    /// The quantity as a decimal share count.
    pub fn shares(&self) -> Shares {
        Shares::from_int(i64::try_from(self.quantity).unwrap_or(i64::MAX))
    }
}

/// Sorts the rows of all of an investor's accounts into one history (2022 Art. 30): by
/// date, then time (a row without a time counts as the start of its day, so that
/// untimed credits such as 红股入账 come before that day's trades), then account label,
/// then input order. The key is total, so the order of the files never matters when the
/// accounts are labelled.
pub fn merge_accounts(trades: &mut [Trade]) {
    trades.sort_by(|a, b| {
        (a.date, a.time.map_or(0, |t| t.0), &a.account, a.origin).cmp(&(
            b.date,
            b.time.map_or(0, |t| t.0),
            &b.account,
            b.origin,
        ))
    });
}
