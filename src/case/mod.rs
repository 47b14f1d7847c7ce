//! Case files (TOML, interfaces.md): one security, one regime, its segments and its rules.
//!
//! Parsing is strict (unknown fields are refused) and validation names the parameter path
//! and the value: `segments.main.disclosure_date = "2021-01-01"` must come after the
//! implementation date, and so on. Every contested choice of the calculation is a named
//! field of [`Rules`] with the default of rules.md. [`parameters`] is the table of every
//! parameter by its path: how each is read from what a person types, shown, set and
//! checked, for every front end.

pub mod parameters;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::date::Date;
use crate::error::{Error, ErrorKind};
use crate::lang::Lang;
use crate::money::{Decimal, Price, Ratio};

/// Which Supreme People's Court provisions govern the case.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Regime {
    /// 法释〔2022〕2号 (the default).
    #[default]
    Spc2022,
    /// 法释〔2003〕2号, for old cases and the pre-2022 advance-payment schemes.
    Spc2003,
}

/// How the segments of a case combine.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Combine {
    /// Add the segments' compensations (each misstatement is its own loss).
    #[default]
    Sum,
    /// Pay the most favourable segment (万福生科).
    Max,
}

/// Whether the misstatement inflated (诱多) or deflated (诱空) the price.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    /// 诱多: buyers in the window lost.
    #[default]
    Long,
    /// 诱空: sellers in the window lost.
    Short,
}

/// The buy-average method (rules.md §4).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Method {
    /// 移动加权平均法 (自第一笔有效买入).
    #[default]
    MovingAverage,
    /// 先进先出加权平均法.
    FifoAverage,
    /// 综合加权平均法.
    WeightedAverage,
    /// 实际成本法.
    ActualCost,
}

impl Method {
    /// All four methods, default first.
    pub const ALL: [Method; 4] =
        [Method::MovingAverage, Method::FifoAverage, Method::WeightedAverage, Method::ActualCost];

    /// The identifier used in case files, JSON and the CLI.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::MovingAverage => "moving-average",
            Method::FifoAverage => "fifo-average",
            Method::WeightedAverage => "weighted-average",
            Method::ActualCost => "actual-cost",
        }
    }

    /// Parses the identifier.
    pub fn parse(s: &str) -> Option<Method> {
        Method::ALL.into_iter().find(|m| m.as_str() == s.trim())
    }

    /// The Chinese name (the label of the choice in [`parameters`]).
    pub fn name_zh(self) -> &'static str {
        parameters::Value::Method(self).label(Lang::Zh).unwrap_or_default()
    }

    /// The English name.
    pub fn name_en(self) -> &'static str {
        parameters::Value::Method(self).label(Lang::En).unwrap_or_default()
    }
}

/// How a gain in one part meets a loss in the other (rules.md §6).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Netting {
    /// `L = max(0, L_sold + L_held)`.
    #[default]
    Net,
    /// Each part floored at zero before adding.
    PerPart,
}

/// What the commission and stamp duty are computed on (rules.md §9).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum FeesOn {
    /// The compensable loss `C`, after deductions (飞乐音响 judgment).
    #[default]
    Compensable,
    /// The investment loss `L`, before deductions.
    Loss,
}

/// The systemic (market) risk method (rules.md §8.1).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SystemicMethod {
    /// No deduction (万福生科).
    #[default]
    None,
    /// One ratio from the case.
    Fixed,
    /// 同步指数对比法, per investor and part.
    IndexComparison,
    /// 相对比例法, one ratio for everyone.
    RelativeProportion,
}

impl SystemicMethod {
    /// Whether the method uses a parameter of `[rules.systemic]`: the ratio only `fixed`,
    /// the index codes only the index methods (any other path: yes). A value the method
    /// does not use is neither asked for nor read.
    pub fn uses(self, path: &str) -> bool {
        match path {
            "rules.systemic.ratio" => self == SystemicMethod::Fixed,
            "rules.systemic.indices" => {
                matches!(self, SystemicMethod::IndexComparison | SystemicMethod::RelativeProportion)
            }
            _ => true,
        }
    }
}

/// `[rules.systemic]`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Systemic {
    /// The method.
    #[serde(default)]
    pub method: SystemicMethod,
    /// The ratio `k` for `fixed`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ratio: Option<Ratio>,
    /// Reference index codes for the index methods.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub indices: Vec<String>,
    /// The share of the computed deduction that is applied (0.5 = "减半").
    #[serde(default = "one")]
    pub scale: Ratio,
}

impl Default for Systemic {
    fn default() -> Systemic {
        Systemic { method: SystemicMethod::None, ratio: None, indices: Vec::new(), scale: one() }
    }
}

fn one() -> Ratio {
    Ratio(Decimal::ONE)
}

fn default_days_per_year() -> u16 {
    360
}

/// Where the yearly interest rate comes from (`rules.interest_rate`, rules.md §9).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InterestRate {
    /// `deposit-table`: the PBoC benchmark demand-deposit rate in force each day
    /// (银行同期活期存款利率, 2003 Art. 30).
    DepositTable,
    /// One rate for the whole period (`"0.0035"`).
    Fixed(Ratio),
}

impl InterestRate {
    /// `deposit-table` or a rate (`0.0035`, `0.35%`: [`crate::rate`]).
    pub fn parse(text: &str) -> Option<InterestRate> {
        let t = text.trim();
        if t == "deposit-table" {
            return Some(InterestRate::DepositTable);
        }
        crate::money::parse_decimal(t)
            .or_else(|| crate::rate::parse(t))
            .map(|d| InterestRate::Fixed(Ratio(d)))
    }
}

impl std::fmt::Display for InterestRate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            InterestRate::DepositTable => f.write_str("deposit-table"),
            InterestRate::Fixed(r) => write!(f, "{r}"),
        }
    }
}

impl Serialize for InterestRate {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for InterestRate {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<InterestRate, D::Error> {
        let text = String::deserialize(d)?;
        InterestRate::parse(&text).ok_or_else(|| {
            serde::de::Error::custom(format!(
                "interest_rate: expected \"deposit-table\" or a decimal such as \"0.0035\", found {text:?}"
            ))
        })
    }
}

/// What interest is charged on (`rules.interest_principal`, rules.md §9).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum InterestPrincipal {
    /// The compensable loss and its commission and stamp duty ("前款所涉资金").
    #[default]
    LossAndFees,
    /// The compensable loss alone.
    Loss,
}

fn default_commission() -> Ratio {
    Ratio(Decimal::new(3, 4))
}

/// `[rules]`: every contested choice of the calculation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rules {
    /// The buy-average method.
    #[serde(default)]
    pub buy_average: Method,
    /// How the parts of the loss net.
    #[serde(default)]
    pub netting: Netting,
    /// Commission as a share of the fee base.
    #[serde(default = "default_commission")]
    pub commission_rate: Ratio,
    /// Stamp duty as a share of the fee base; absent: the statutory table at `Tb`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stamp_duty_rate: Option<Ratio>,
    /// What fees are computed on.
    #[serde(default)]
    pub fees_on: FeesOn,
    /// Non-systemic deduction as a share of the loss left after the systemic deduction.
    #[serde(default)]
    pub non_systemic_ratio: Ratio,
    /// The smallest share of the investment loss that is always compensated.
    #[serde(default)]
    pub min_compensation_ratio: Ratio,
    /// Whether cash dividends lower earlier prices (rules.md §7).
    #[serde(default)]
    pub adjust_dividends: bool,
    /// Interest rate per year: the deposit table or a fixed rate; absent, the deposit
    /// table under `spc2003` and no interest under `spc2022`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interest_rate: Option<InterestRate>,
    /// What interest is charged on (rules.md §9).
    #[serde(default)]
    pub interest_principal: InterestPrincipal,
    /// Days in the interest year: 360 (the PBoC's deposit rule) or 365.
    #[serde(default = "default_days_per_year")]
    pub interest_days_per_year: u16,
    /// The systemic-risk deduction.
    #[serde(default)]
    pub systemic: Systemic,
}

impl Default for Rules {
    fn default() -> Rules {
        Rules {
            buy_average: Method::default(),
            netting: Netting::default(),
            commission_rate: default_commission(),
            stamp_duty_rate: None,
            fees_on: FeesOn::default(),
            non_systemic_ratio: Ratio::ZERO,
            min_compensation_ratio: Ratio::ZERO,
            adjust_dividends: false,
            interest_rate: None,
            interest_principal: InterestPrincipal::default(),
            interest_days_per_year: default_days_per_year(),
            systemic: Systemic::default(),
        }
    }
}

/// `[[segments]]`: one misstatement with its own dates.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Segment {
    /// Identifier, unique in the case.
    pub id: String,
    /// 诱多 or 诱空.
    #[serde(default)]
    pub direction: Direction,
    /// `T0`, 实施日.
    pub implementation_date: Date,
    /// `T1`, 揭露日 / 更正日.
    pub disclosure_date: Date,
    /// `Tb`, 基准日, when published.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base_date: Option<Date>,
    /// `Pb`, 基准价, when published.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base_price: Option<Price>,
    /// The last trading day before delisting, if the security left the market
    /// (used by `spc2003` when it comes before the 30th trading day).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_trading_date: Option<Date>,
}

/// `[[corporate_actions]]`: a bonus/transfer or cash dividend with its ex-date.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CorporateAction {
    /// 除权除息日.
    pub ex_date: Date,
    /// New shares per share held (10送3 = 0.3).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bonus_per_share: Option<Ratio>,
    /// Cash per share (10派1 = 0.1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dividend_per_share: Option<Price>,
}

/// Where a parameter's value comes from (shown beside it in the app).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Read in a published source.
    Published,
    /// Reported by a secondary or weak source only.
    Unverified,
    /// Chosen by Redress because no source gives it.
    Assumed,
    /// Not published and not assumed: the user must supply it. An absent base date or
    /// price is then computed from market data; an absent reference index or ratio, or a
    /// value present only as a placeholder, makes the estimate refuse with a
    /// `case-value` error naming the path, until the user supplies it (see
    /// [`parameters::set_all`] and [`Case::check_ready`]).
    Unknown,
    /// Supplied by the user in place of the case file's value.
    User,
    /// Not published: computed from the public market data shipped with the case
    /// (`cases/<id>/`, provenance in its `data.toml`). Set by
    /// [`crate::case_data::mark_computed`], never written in a case file.
    Computed,
}

/// What kind of case a file describes (for grouping in the case list).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum CaseKind {
    /// An advance-payment scheme (先行赔付, Securities Law Art. 93).
    Scheme,
    /// A court action: representative action, demonstration judgment or mediation.
    Court,
    /// A constructed example.
    Example,
}

/// One entry of a case's provenance table.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Provenance {
    /// Published, unverified or assumed.
    pub status: Status,
    /// What the source says, or why the value was assumed.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
    /// The same in English.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note_en: String,
    /// Where it was read.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub source: String,
}

/// A source document of a case.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// Title or description.
    pub title: String,
    /// Address.
    pub url: String,
}

/// A case: one security, one regime, one or more segments, one rule set.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Case {
    /// Identifier (file stem), e.g. `xintai-2017`.
    pub id: String,
    /// Display name (Chinese).
    pub name: String,
    /// Display name (English).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub name_en: String,
    /// Six-digit security code.
    pub security: String,
    /// Scheme, court action or example.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<CaseKind>,
    /// Other names people search by: short and later names, pinyin initials.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
    /// Public market data shipped beside the case file, in `cases/<id>/`: the security's
    /// daily bars `<code>.csv` (`date,close,volume,float`) and each reference index's
    /// closes `index-<code>.csv` (`date,close`). Front ends load them
    /// ([`crate::case_data`]); a user's own export replaces them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub market_files: Vec<String>,
    /// Earlier codes of the same security (trades under them are selected too).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub former_codes: Vec<String>,
    /// The provisions that govern the case.
    #[serde(default)]
    pub regime: Regime,
    /// How segments combine.
    #[serde(default)]
    pub combine: Combine,
    /// Where the parameters were published.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub source: String,
    /// What happened and how it was paid (Chinese).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub summary: String,
    /// The same in English.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub summary_en: String,
    /// All sources.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<Source>,
    /// Published / unverified / assumed, per parameter path (`segments.main.base_price`).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub provenance: BTreeMap<String, Provenance>,
    /// The calculation rules.
    #[serde(default)]
    pub rules: Rules,
    /// The misstatements.
    pub segments: Vec<Segment>,
    /// Bonus shares and dividends with their ex-dates.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub corporate_actions: Vec<CorporateAction>,
    /// The dates that bound a claim (a scheme's claim window, a court's registration or
    /// opt-out deadline, a representative action's filing), each with its provenance
    /// (`deadlines.<field>`); see [`crate::deadlines`].
    #[serde(default, skip_serializing_if = "crate::deadlines::Dates::is_empty")]
    pub deadlines: crate::deadlines::Dates,
}

impl Case {
    /// Parses and validates a case file. `name` is used in error messages.
    pub fn from_toml(text: &str, name: &str) -> Result<Case, Error> {
        let case: Case = toml::from_str(text).map_err(|e| {
            let row = e.span().map(|s| line_number(text, s.start));
            Error::at(ErrorKind::CaseSyntax { detail: e.message().to_owned() }, name, row, None)
        })?;
        case.validate().map_err(|(field, kind)| Error::in_field(kind, name, &field))?;
        Ok(case)
    }

    /// Parses and validates a case given as JSON (the same shape as the TOML file), as the
    /// JS API receives it.
    pub fn from_json(text: &str, name: &str) -> Result<Case, Error> {
        let case: Case = serde_json::from_str(text).map_err(|e| {
            Error::at(
                ErrorKind::CaseSyntax { detail: e.to_string() },
                name,
                u32::try_from(e.line()).ok().filter(|l| *l > 0),
                None,
            )
        })?;
        case.validate().map_err(|(field, kind)| Error::in_field(kind, name, &field))?;
        Ok(case)
    }

    /// Checks what serde cannot: every parameter in its range ([`parameters::Parameter::check`]),
    /// dates in order, the fields that a method needs. Returns the parameter path (or
    /// the field) and the problem.
    pub fn validate(&self) -> Result<(), (String, ErrorKind)> {
        let bad = |field: String, value: String, reason: &'static str, reason_zh: &'static str| {
            Err((
                field,
                ErrorKind::CaseValue { value, reason: reason.into(), reason_zh: reason_zh.into() },
            ))
        };
        if self.id.trim().is_empty() {
            return bad("id".into(), self.id.clone(), "must not be empty", "不能为空");
        }
        if self.segments.is_empty() {
            return bad(
                "segments".into(),
                "[]".into(),
                "a case needs at least one segment",
                "至少需要一个分段",
            );
        }
        for (i, s) in self.segments.iter().enumerate() {
            if self.segments[..i].iter().any(|o| o.id == s.id) {
                return bad(
                    format!("segments[{i}].id"),
                    s.id.clone(),
                    "segment ids must be unique",
                    "分段标识不能重复",
                );
            }
        }
        // Every parameter in its range, by the one table.
        for path in parameters::paths(self) {
            let (Some(p), Some(value)) = (parameters::find(&path), parameters::get(self, &path))
            else {
                continue;
            };
            if let Err(r) = p.check(&value) {
                let value = value.text().unwrap_or_default();
                return Err((
                    path,
                    ErrorKind::CaseValue { value, reason: r.reason, reason_zh: r.reason_zh },
                ));
            }
        }
        for s in &self.segments {
            let f = |name: &str| format!("segments.{}.{name}", s.id);
            if s.disclosure_date <= s.implementation_date {
                return bad(
                    f("disclosure_date"),
                    s.disclosure_date.to_string(),
                    "must come after the implementation date",
                    "应晚于实施日",
                );
            }
            if let Some(tb) = s.base_date
                && tb < s.disclosure_date
            {
                return bad(
                    f("base_date"),
                    tb.to_string(),
                    "must not come before the disclosure date",
                    "不应早于揭露日",
                );
            }
        }
        let mut security_files = 0;
        for f in &self.market_files {
            match crate::case_data::kind_of(f) {
                Some(crate::case_data::FileKind::Security(code))
                    if code == self.security || self.former_codes.contains(&code) =>
                {
                    security_files += 1;
                }
                Some(crate::case_data::FileKind::Index(_)) => {}
                _ => {
                    return bad(
                        "market_files".into(),
                        f.clone(),
                        "must be <security code>.csv or index-<code>.csv",
                        "应为“证券代码.csv”或“index-指数代码.csv”",
                    );
                }
            }
        }
        if security_files > 1 {
            return bad(
                "market_files".into(),
                self.market_files.join(", "),
                "names more than one file of the security",
                "列出了多个本证券的行情文件",
            );
        }
        let r = &self.rules;
        match r.systemic.method {
            SystemicMethod::Fixed
                if r.systemic.ratio.is_none() && !self.is_unknown("rules.systemic.ratio") =>
            {
                return bad(
                    "rules.systemic.ratio".into(),
                    String::new(),
                    "the fixed method needs a ratio",
                    "固定比例法需要给出扣除比例",
                );
            }
            SystemicMethod::IndexComparison | SystemicMethod::RelativeProportion
                if r.systemic.indices.is_empty() && !self.is_unknown("rules.systemic.indices") =>
            {
                return bad(
                    "rules.systemic.indices".into(),
                    "[]".into(),
                    "the index methods need at least one index",
                    "指数法至少需要一个参考指数",
                );
            }
            _ => {}
        }
        for (i, a) in self.corporate_actions.iter().enumerate() {
            if let Some(b) = a.bonus_per_share
                && (b.0 <= Decimal::ZERO || b.0 > Decimal::TEN)
            {
                return bad(
                    format!("corporate_actions[{i}].bonus_per_share"),
                    b.to_string(),
                    "must be greater than zero and at most 10",
                    "应大于零且不超过 10",
                );
            }
            if let Some(d) = a.dividend_per_share
                && d.0 <= Decimal::ZERO
            {
                return bad(
                    format!("corporate_actions[{i}].dividend_per_share"),
                    d.to_string(),
                    "must be greater than zero",
                    "应大于零",
                );
            }
        }
        for path in self.provenance.keys() {
            if parameters::get(self, path).is_none() {
                return bad(
                    format!("provenance.\"{path}\""),
                    path.clone(),
                    "is not a parameter of the case (see cases/README.md)",
                    "不是案件的参数（见 cases/README.md）",
                );
            }
        }
        Ok(())
    }

    /// Whether the provenance table marks `path` as unknown (to be supplied by the user).
    pub fn is_unknown(&self, path: &str) -> bool {
        self.provenance.get(path).is_some_and(|p| p.status == Status::Unknown)
    }

    /// Refuses to compute with what the case does not know: a value marked `unknown`
    /// that is present only as a placeholder, or a reference index or fixed ratio that
    /// the deduction needs but the case leaves to the user. With `with_deductions`
    /// false the systemic parameters are not needed. The error is a `case-value` error
    /// whose field is the parameter path, so that a front end can ask for it.
    pub fn check_ready(&self, with_deductions: bool) -> Result<(), Error> {
        let needed = |path: &str| with_deductions || !path.starts_with("rules.systemic.");
        for (path, p) in &self.provenance {
            if p.status != Status::Unknown || !needed(path) {
                continue;
            }
            if let Some(Some(value)) = parameters::text(self, path) {
                return Err(Error::in_field(
                    ErrorKind::CaseValue {
                        value,
                        reason: "is not published (a placeholder): supply the value".into(),
                        reason_zh: "未公布（仅为占位值），请提供该值".into(),
                    },
                    &self.id,
                    path,
                ));
            }
        }
        if with_deductions {
            let s = &self.rules.systemic;
            let missing = match s.method {
                SystemicMethod::Fixed if s.ratio.is_none() => Some("rules.systemic.ratio"),
                SystemicMethod::IndexComparison | SystemicMethod::RelativeProportion
                    if s.indices.is_empty() =>
                {
                    Some("rules.systemic.indices")
                }
                _ => None,
            };
            if let Some(path) = missing {
                return Err(Error::in_field(
                    ErrorKind::CaseValue {
                        value: String::new(),
                        reason: "is not published: choose it, or compute without deductions".into(),
                        reason_zh: "未公布：请选择，或不扣除系统风险计算".into(),
                    },
                    &self.id,
                    path,
                ));
            }
        }
        Ok(())
    }
}

fn line_number(text: &str, byte: usize) -> u32 {
    let upto = text.get(..byte).unwrap_or(text);
    u32::try_from(upto.bytes().filter(|b| *b == b'\n').count() + 1).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_and_toml_give_the_same_case() {
        let toml_case = Case::from_toml(crate::DEMO_CASE, "demo.toml").unwrap();
        let json = serde_json::to_string(&toml_case).unwrap();
        assert_eq!(Case::from_json(&json, "demo.json").unwrap(), toml_case);
    }

    #[test]
    fn unknown_fields_are_refused_with_their_line() {
        let text = crate::DEMO_CASE.replace("[rules]", "[rules]\nbuy_avrage = \"fifo-average\"");
        let e = Case::from_toml(&text, "demo.toml").unwrap_err();
        assert_eq!(e.code(), "case-syntax");
        assert!(
            e.message(crate::Lang::En).contains("buy_avrage"),
            "{}",
            e.message(crate::Lang::En)
        );
        assert!(e.at.unwrap().row.is_some());
    }

    #[test]
    fn a_float_is_refused_as_inexact() {
        let text =
            crate::DEMO_CASE.replace("commission_rate = \"0.0003\"", "commission_rate = 0.0003");
        let e = Case::from_toml(&text, "demo.toml").unwrap_err();
        assert!(
            e.message(crate::Lang::En).contains("never as floating-point"),
            "{}",
            e.message(crate::Lang::En)
        );
    }
}
