//! The case parameters: one table of every parameter a case has, by its path
//! (`rules.commission_rate`, `segments.<id>.base_price`), with its kind, its labels in
//! both languages and, for a choice, its allowed values, typed.
//!
//! Every front end reads a parameter here: the command line's `--set PATH=VALUE`, the
//! JS API's `set`, the web worker's custom case and a built-in case's supplied values,
//! the page's form check (the text half, [`Parameter::read`], links no decimal code) and
//! share links. One reading for each kind: a rate as people type it ([`crate::rate`]:
//! `0.03%` is 0.0003, never 0.03), a date as [`Date::parse_loose`] reads it, a choice by
//! its identifier only (anything else is refused with the allowed values).
//!
//! [`set_all`] applies several values and then validates the case once
//! ([`Case::validate`]), so that values which only make sense together (`fixed` and its
//! ratio) can come in any order. What an empty value means is what leaving the field out
//! of a case file means ([`Empty`]).

use std::borrow::Cow;

use crate::case::{
    Case, Combine, CorporateAction, Direction, FeesOn, InterestPrincipal, InterestRate, Method,
    Netting, Provenance, Regime, Rules, Status, SystemicMethod,
};
use crate::date::Date;
use crate::error::{Error, ErrorKind};
use crate::lang::Lang;
use crate::money::{Decimal, Price, Ratio, parse_decimal};

/// What an empty text means for a parameter: what leaving the field out of a case file
/// means.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Empty {
    /// It must be given.
    Required,
    /// Absent: a rule applies instead (the statutory stamp duty table, `Tb`/`Pb` from
    /// market data, the regime's interest…).
    Absent,
    /// The default of rules.md.
    Default,
}

/// How a parameter is written and what values it takes.
#[derive(Clone, Copy, Debug)]
pub enum Kind {
    /// A six-digit security code.
    Code,
    /// A calendar date: `2024-05-01`, `2024/5/1`, `20240501`, `2024年5月1日`.
    Date,
    /// A price per share, greater than zero.
    Price,
    /// A rate or ratio from 0 to `max`, as [`crate::rate`] reads it.
    Rate {
        /// The largest value allowed.
        max: Decimal,
    },
    /// `deposit-table` (the PBoC demand-deposit rate of each day) or a yearly rate from 0
    /// to 1.
    InterestRate,
    /// Reference index codes, separated by commas, spaces or `、`.
    Codes,
    /// `true` or `false`.
    Bool,
    /// A whole number of years.
    Years,
    /// Bonus shares and cash dividends with their ex-dates: written in the case file only.
    Actions,
    /// One of these values.
    Choice(&'static [Choice]),
}

/// An allowed value of a choice.
#[derive(Debug)]
pub struct Choice {
    /// The identifier in case files, `--set`, links and JSON.
    pub id: &'static str,
    /// The value.
    pub value: Value,
    /// What it means, in Chinese.
    pub zh: &'static str,
    /// The same in English.
    pub en: &'static str,
}

impl Choice {
    /// The label in a language.
    pub fn label(&self, lang: Lang) -> &'static str {
        lang.pick(self.zh, self.en)
    }
}

/// The value of a parameter, typed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Value {
    /// Left out: what [`Parameter::empty`] says applies.
    Absent,
    /// A security code.
    Code(String),
    /// A date.
    Date(Date),
    /// A price.
    Price(Price),
    /// A rate or ratio.
    Ratio(Ratio),
    /// The interest rate.
    Interest(InterestRate),
    /// Index codes.
    Codes(Vec<String>),
    /// A yes or no.
    Bool(bool),
    /// Years.
    Years(u8),
    /// Bonus shares and dividends.
    Actions(Vec<CorporateAction>),
    /// The provisions.
    Regime(Regime),
    /// How segments combine.
    Combine(Combine),
    /// 诱多 or 诱空.
    Direction(Direction),
    /// The buy-average method.
    Method(Method),
    /// How the parts net.
    Netting(Netting),
    /// What fees are computed on.
    FeesOn(FeesOn),
    /// What interest is charged on.
    Principal(InterestPrincipal),
    /// Days in an interest year.
    DaysPerYear(u16),
    /// The systemic-risk method.
    Systemic(SystemicMethod),
}

impl Value {
    /// The value as a case file writes it (`0.0003`, `fifo-average`, `801150, 000001`);
    /// `None` when absent.
    pub fn text(&self) -> Option<String> {
        Some(match self {
            Value::Absent => return None,
            Value::Code(c) => c.clone(),
            Value::Date(d) => d.to_string(),
            Value::Price(p) => p.to_string(),
            Value::Ratio(r) => r.to_string(),
            Value::Interest(i) => i.to_string(),
            Value::Codes(c) if c.is_empty() => return None,
            Value::Codes(c) => c.join(", "),
            Value::Bool(b) => b.to_string(),
            Value::Years(y) => y.to_string(),
            Value::Actions(a) if a.is_empty() => return None,
            Value::Actions(a) => actions_text(a),
            _ => self.choice()?.id.to_owned(),
        })
    }

    /// The allowed value of a choice this is.
    pub fn choice(&self) -> Option<&'static Choice> {
        PARAMETERS.iter().find_map(|p| p.choices().iter().find(|c| c.value.same_choice(self)))
    }

    /// Whether two values are the same choice: compared as choices only, so that naming
    /// a method (the web page does) links no decimal or date comparison.
    fn same_choice(&self, other: &Value) -> bool {
        match (self, other) {
            (Value::Bool(a), Value::Bool(b)) => a == b,
            (Value::Regime(a), Value::Regime(b)) => a == b,
            (Value::Combine(a), Value::Combine(b)) => a == b,
            (Value::Direction(a), Value::Direction(b)) => a == b,
            (Value::Method(a), Value::Method(b)) => a == b,
            (Value::Netting(a), Value::Netting(b)) => a == b,
            (Value::FeesOn(a), Value::FeesOn(b)) => a == b,
            (Value::Principal(a), Value::Principal(b)) => a == b,
            (Value::DaysPerYear(a), Value::DaysPerYear(b)) => a == b,
            (Value::Systemic(a), Value::Systemic(b)) => a == b,
            _ => false,
        }
    }

    /// What a choice means, in words (`None` for a value that is not a choice).
    pub fn label(&self, lang: Lang) -> Option<&'static str> {
        self.choice().map(|c| c.label(lang))
    }
}

fn actions_text(actions: &[CorporateAction]) -> String {
    let list: Vec<String> = actions
        .iter()
        .map(|a| {
            let mut t = a.ex_date.to_string();
            if let Some(b) = a.bonus_per_share {
                t.push_str(&format!(" +{b}"));
            }
            if let Some(d) = a.dividend_per_share {
                t.push_str(&format!(" ¥{d}"));
            }
            t
        })
        .collect();
    list.join("; ")
}

/// Why a value is refused, in both languages.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Refusal {
    /// English.
    pub reason: Cow<'static, str>,
    /// Chinese.
    pub reason_zh: Cow<'static, str>,
}

impl Refusal {
    fn new(reason: impl Into<Cow<'static, str>>, reason_zh: impl Into<Cow<'static, str>>) -> Self {
        Refusal { reason: reason.into(), reason_zh: reason_zh.into() }
    }

    /// What the core says of `value` (the words of a `case-value` error's detail).
    pub fn message(&self, value: &str, lang: Lang) -> String {
        crate::error::case_value_message(value, &self.reason, &self.reason_zh, lang)
    }

    /// The `case-value` error at `path` of the case `file`.
    pub fn error(self, value: &str, file: &str, path: &str) -> Error {
        Error::at(
            ErrorKind::CaseValue {
                value: value.to_owned(),
                reason: self.reason,
                reason_zh: self.reason_zh,
            },
            file,
            None,
            Some(path),
        )
    }
}

/// One parameter of a case.
#[derive(Debug)]
pub struct Parameter {
    /// The path, `*` standing for a segment's id: `segments.*.base_price`.
    pub path: &'static str,
    /// How it is written and what it takes.
    pub kind: Kind,
    /// What an empty value means.
    pub empty: Empty,
    /// Whether the user may set it (`--set`, the JS API's `set`, the web forms); the
    /// others are the case file's.
    pub settable: bool,
    field: Field,
}

/// The field of [`Case`] a parameter is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Field {
    Security,
    Regime,
    Combine,
    CorporateActions,
    Direction,
    ImplementationDate,
    DisclosureDate,
    BaseDate,
    BasePrice,
    LastTradingDate,
    BuyAverage,
    Netting,
    CommissionRate,
    StampDutyRate,
    FeesOn,
    NonSystemicRatio,
    MinCompensationRatio,
    AdjustDividends,
    InterestRate,
    InterestPrincipal,
    InterestDaysPerYear,
    SystemicMethod,
    SystemicRatio,
    SystemicIndices,
    SystemicScale,
    /// One of the dates of [`crate::deadlines::Dates`], by its name.
    Deadline(&'static str),
    LimitationYears,
}

impl Field {
    /// What the parameter is, in Chinese and English: a function rather than a column of
    /// the table, so that the web page, which reads the table, does not carry the labels.
    fn names(self) -> (&'static str, &'static str) {
        match self {
            Field::Security => ("证券代码", "security code"),
            Field::Regime => ("适用规定", "provisions"),
            Field::Combine => ("分段合并方式", "combining segments"),
            Field::CorporateActions => ("送转与分红", "bonus shares and dividends"),
            Field::Direction => ("虚假陈述类型", "kind of misstatement"),
            Field::ImplementationDate => ("实施日 T0", "implementation date T0"),
            Field::DisclosureDate => ("揭露日 T1", "disclosure date T1"),
            Field::BaseDate => ("基准日 Tb", "base date Tb"),
            Field::BasePrice => ("基准价 Pb", "base price Pb"),
            Field::LastTradingDate => ("最后交易日", "last trading day"),
            Field::BuyAverage => ("买入均价方法", "buy-average method"),
            Field::Netting => ("盈亏相抵", "offsetting the two parts"),
            Field::CommissionRate => ("佣金费率", "commission rate"),
            Field::StampDutyRate => ("印花税率", "stamp duty rate"),
            Field::FeesOn => ("税费计算基数", "fees computed on"),
            Field::NonSystemicRatio => ("非系统风险扣除比例", "non-systemic deduction ratio"),
            Field::MinCompensationRatio => ("最低赔偿比例", "minimum compensation ratio"),
            Field::AdjustDividends => ("现金红利调整价格", "dividends adjust prices"),
            Field::InterestRate => ("利率", "interest rate"),
            Field::InterestPrincipal => ("计息本金", "interest charged on"),
            Field::InterestDaysPerYear => ("一年计息天数", "days in an interest year"),
            Field::SystemicMethod => ("系统风险扣除方法", "systemic-risk method"),
            Field::SystemicRatio => ("系统风险扣除比例", "systemic ratio"),
            Field::SystemicIndices => ("参考指数", "reference indices"),
            Field::SystemicScale => ("系统风险扣除适用比例", "share of the systemic deduction"),
            Field::Deadline("limitation_from") => ("诉讼时效起算日", "limitation period runs from"),
            Field::LimitationYears => ("诉讼时效年数", "years of the limitation period"),
            Field::Deadline("claim_start") => ("申报开始日", "claim window opens"),
            Field::Deadline("claim_end") => ("申报截止日", "claim window closes"),
            Field::Deadline("registration_end") => ("权利登记截止日", "registration deadline"),
            Field::Deadline("opt_out_end") => ("声明退出截止日", "opt-out deadline"),
            Field::Deadline("action_filed") => ("代表人诉讼立案日", "representative action filed"),
            Field::Deadline(_) => ("", ""),
        }
    }
}

/// The brokers' commission cap, 0.3% (千分之三).
const BROKER_CAP: Decimal = Decimal::from_parts(3, 0, 0, false, 3);
const UNIT: Kind = Kind::Rate { max: Decimal::ONE };

static REGIMES: [Choice; 2] = [
    Choice {
        id: "spc2022",
        value: Value::Regime(Regime::Spc2022),
        zh: "法释〔2022〕2号",
        en: "SPC provisions 2022",
    },
    Choice {
        id: "spc2003",
        value: Value::Regime(Regime::Spc2003),
        zh: "法释〔2003〕2号",
        en: "SPC provisions 2003",
    },
];

static COMBINES: [Choice; 2] = [
    Choice {
        id: "sum",
        value: Value::Combine(Combine::Sum),
        zh: "各分段赔偿相加",
        en: "The segments' compensations added",
    },
    Choice {
        id: "max",
        value: Value::Combine(Combine::Max),
        zh: "取最有利的一个分段",
        en: "The most favourable segment",
    },
];

static DIRECTIONS: [Choice; 2] = [
    Choice {
        id: "long",
        value: Value::Direction(Direction::Long),
        zh: "诱多（价格被抬高）",
        en: "Inflating (诱多)",
    },
    Choice {
        id: "short",
        value: Value::Direction(Direction::Short),
        zh: "诱空（价格被压低）",
        en: "Deflating (诱空)",
    },
];

static METHODS: [Choice; 4] = [
    Choice {
        id: "moving-average",
        value: Value::Method(Method::MovingAverage),
        zh: "移动加权平均法",
        en: "moving weighted average",
    },
    Choice {
        id: "fifo-average",
        value: Value::Method(Method::FifoAverage),
        zh: "先进先出加权平均法",
        en: "FIFO weighted average",
    },
    Choice {
        id: "weighted-average",
        value: Value::Method(Method::WeightedAverage),
        zh: "综合加权平均法",
        en: "overall weighted average",
    },
    Choice {
        id: "actual-cost",
        value: Value::Method(Method::ActualCost),
        zh: "实际成本法",
        en: "actual cost",
    },
];

static NETTINGS: [Choice; 2] = [
    Choice {
        id: "net",
        value: Value::Netting(Netting::Net),
        zh: "卖出部分和持有部分盈亏相抵",
        en: "Gains and losses of the sold and held parts offset",
    },
    Choice {
        id: "per-part",
        value: Value::Netting(Netting::PerPart),
        zh: "两部分分别计算，各不低于零",
        en: "Each part on its own, never below zero",
    },
];

static FEES_ON: [Choice; 2] = [
    Choice {
        id: "compensable",
        value: Value::FeesOn(FeesOn::Compensable),
        zh: "扣除后的可赔偿损失",
        en: "The compensable loss (after deductions)",
    },
    Choice {
        id: "loss",
        value: Value::FeesOn(FeesOn::Loss),
        zh: "扣除前的投资差额损失",
        en: "The investment loss (before deductions)",
    },
];

static PRINCIPALS: [Choice; 2] = [
    Choice {
        id: "loss-and-fees",
        value: Value::Principal(InterestPrincipal::LossAndFees),
        zh: "可赔偿损失及其佣金、印花税",
        en: "The compensable loss with its commission and stamp duty",
    },
    Choice {
        id: "loss",
        value: Value::Principal(InterestPrincipal::Loss),
        zh: "仅可赔偿损失",
        en: "The compensable loss only",
    },
];

static DAYS_PER_YEAR: [Choice; 2] = [
    Choice {
        id: "360",
        value: Value::DaysPerYear(360),
        zh: "360 天（人民银行计息规定）",
        en: "360 days (the PBoC's deposit rule)",
    },
    Choice { id: "365", value: Value::DaysPerYear(365), zh: "365 天", en: "365 days" },
];

static SYSTEMIC_METHODS: [Choice; 4] = [
    Choice {
        id: "none",
        value: Value::Systemic(SystemicMethod::None),
        zh: "不扣除",
        en: "No deduction",
    },
    Choice {
        id: "fixed",
        value: Value::Systemic(SystemicMethod::Fixed),
        zh: "固定比例",
        en: "Fixed ratio",
    },
    Choice {
        id: "index-comparison",
        value: Value::Systemic(SystemicMethod::IndexComparison),
        zh: "同步指数对比法",
        en: "Index comparison",
    },
    Choice {
        id: "relative-proportion",
        value: Value::Systemic(SystemicMethod::RelativeProportion),
        zh: "相对比例法",
        en: "Relative proportion",
    },
];

const fn param(path: &'static str, field: Field, kind: Kind, empty: Empty) -> Parameter {
    Parameter { path, kind, empty, settable: true, field }
}

/// A parameter that only a case file sets.
const fn fixed(path: &'static str, field: Field, kind: Kind) -> Parameter {
    Parameter { path, kind, empty: Empty::Absent, settable: false, field }
}

/// Every parameter, in display order: the case's choices, a segment's dates and prices,
/// the rules, then the deadlines a case file records.
pub static PARAMETERS: &[Parameter] = &[
    param("security", Field::Security, Kind::Code, Empty::Required),
    param("regime", Field::Regime, Kind::Choice(&REGIMES), Empty::Default),
    param("combine", Field::Combine, Kind::Choice(&COMBINES), Empty::Default),
    fixed("corporate_actions", Field::CorporateActions, Kind::Actions),
    param("segments.*.direction", Field::Direction, Kind::Choice(&DIRECTIONS), Empty::Default),
    param("segments.*.implementation_date", Field::ImplementationDate, Kind::Date, Empty::Required),
    param("segments.*.disclosure_date", Field::DisclosureDate, Kind::Date, Empty::Required),
    param("segments.*.base_date", Field::BaseDate, Kind::Date, Empty::Absent),
    param("segments.*.base_price", Field::BasePrice, Kind::Price, Empty::Absent),
    param("segments.*.last_trading_date", Field::LastTradingDate, Kind::Date, Empty::Absent),
    param("rules.buy_average", Field::BuyAverage, Kind::Choice(&METHODS), Empty::Default),
    param("rules.netting", Field::Netting, Kind::Choice(&NETTINGS), Empty::Default),
    param(
        "rules.commission_rate",
        Field::CommissionRate,
        Kind::Rate { max: BROKER_CAP },
        Empty::Default,
    ),
    param("rules.stamp_duty_rate", Field::StampDutyRate, UNIT, Empty::Absent),
    param("rules.fees_on", Field::FeesOn, Kind::Choice(&FEES_ON), Empty::Default),
    param("rules.non_systemic_ratio", Field::NonSystemicRatio, UNIT, Empty::Default),
    param("rules.min_compensation_ratio", Field::MinCompensationRatio, UNIT, Empty::Default),
    param("rules.adjust_dividends", Field::AdjustDividends, Kind::Bool, Empty::Default),
    param("rules.interest_rate", Field::InterestRate, Kind::InterestRate, Empty::Absent),
    param(
        "rules.interest_principal",
        Field::InterestPrincipal,
        Kind::Choice(&PRINCIPALS),
        Empty::Default,
    ),
    param(
        "rules.interest_days_per_year",
        Field::InterestDaysPerYear,
        Kind::Choice(&DAYS_PER_YEAR),
        Empty::Default,
    ),
    param(
        "rules.systemic.method",
        Field::SystemicMethod,
        Kind::Choice(&SYSTEMIC_METHODS),
        Empty::Default,
    ),
    param("rules.systemic.ratio", Field::SystemicRatio, UNIT, Empty::Absent),
    param("rules.systemic.indices", Field::SystemicIndices, Kind::Codes, Empty::Default),
    param("rules.systemic.scale", Field::SystemicScale, UNIT, Empty::Default),
    fixed("deadlines.limitation_from", Field::Deadline("limitation_from"), Kind::Date),
    fixed("deadlines.limitation_years", Field::LimitationYears, Kind::Years),
    fixed("deadlines.claim_start", Field::Deadline("claim_start"), Kind::Date),
    fixed("deadlines.claim_end", Field::Deadline("claim_end"), Kind::Date),
    fixed("deadlines.registration_end", Field::Deadline("registration_end"), Kind::Date),
    fixed("deadlines.opt_out_end", Field::Deadline("opt_out_end"), Kind::Date),
    fixed("deadlines.action_filed", Field::Deadline("action_filed"), Kind::Date),
];

const SEGMENT: &str = "segments.*.";

/// The parameter at `path` (`segments.<any id>.base_price` finds `segments.*.base_price`);
/// `None` when no parameter has that path.
pub fn find(path: &str) -> Option<&'static Parameter> {
    match path.strip_prefix("segments.") {
        Some(rest) => {
            let (id, field) = rest.rsplit_once('.')?;
            if id.is_empty() {
                return None;
            }
            PARAMETERS.iter().find(|p| p.path.strip_prefix(SEGMENT) == Some(field))
        }
        None => PARAMETERS.iter().find(|p| p.path == path && !p.path.starts_with(SEGMENT)),
    }
}

/// The parameter at `path` in this case, with the index of its segment.
fn locate(case: &Case, path: &str) -> Option<(&'static Parameter, Option<usize>)> {
    let p = find(path)?;
    let segment = match path.strip_prefix("segments.") {
        Some(rest) => {
            let (id, _) = rest.rsplit_once('.')?;
            Some(case.segments.iter().position(|s| s.id == id)?)
        }
        None => None,
    };
    Some((p, segment))
}

/// The parameter paths of a case, in display order: the case's choices, each segment's
/// dates and prices (`segments.<id>.<field>`), then the rules. The deadlines are the
/// case file's own and listed apart ([`crate::deadlines`]).
pub fn paths(case: &Case) -> Vec<String> {
    let mut out = Vec::new();
    let mut segments_done = false;
    for p in PARAMETERS.iter().filter(|p| !p.path.starts_with("deadlines.")) {
        match p.path.strip_prefix(SEGMENT) {
            Some(_) if segments_done => {}
            Some(_) => {
                segments_done = true;
                for s in &case.segments {
                    for q in PARAMETERS {
                        if let Some(field) = q.path.strip_prefix(SEGMENT) {
                            out.push(format!("segments.{}.{field}", s.id));
                        }
                    }
                }
            }
            None => out.push(p.path.to_owned()),
        }
    }
    out
}

/// The value of the parameter at `path`; `None` when the case has no such parameter.
pub fn get(case: &Case, path: &str) -> Option<Value> {
    let (p, segment) = locate(case, path)?;
    Some(read_field(case, segment, p.field))
}

/// The value of a parameter as a case file writes it: `None` when `path` is not a
/// parameter of the case, `Some(None)` when the case leaves it out (a default, market
/// data or a rule applies), `Some(Some(text))` otherwise.
pub fn text(case: &Case, path: &str) -> Option<Option<String>> {
    get(case, path).map(|v| v.text())
}

/// The label of a parameter path, the segment's id after it when the case has several
/// (`基准日 Tb（s2）`); the path itself when it is no parameter.
pub fn label(path: &str, lang: Lang) -> String {
    let Some(p) = find(path) else { return path.to_owned() };
    let base = p.label(lang);
    let segment =
        path.strip_prefix("segments.").and_then(|rest| rest.rsplit_once('.')).map(|(id, _)| id);
    match segment {
        Some(id) if id != "main" => crate::tr!(lang, "{}（{}）", "{} ({})", base, id),
        _ => base.to_owned(),
    }
}

/// Replaces parameters with values the user supplied, as text (`--set`, the JS API's
/// `set`, the web forms), marks each `user` in the provenance table and validates the
/// case once all are applied: values that need each other may come in any order. The
/// error names the path and the value as written; on an error the case is left as it
/// was. A later value for the same path replaces an earlier one.
pub fn set_all<P: AsRef<str>, V: AsRef<str>>(
    case: &mut Case,
    values: &[(P, V)],
) -> Result<(), Error> {
    let mut typed = Vec::with_capacity(values.len());
    for (path, text) in values {
        let (path, text) = (path.as_ref().trim(), text.as_ref());
        let p = settable(case, path, text.trim())?;
        let value = p.parse(text).map_err(|r| r.error(text.trim(), &case.id, path))?;
        typed.push((path, value));
    }
    let mut next = case.clone();
    for (path, value) in &typed {
        apply(&mut next, path, value.clone())?;
        next.provenance.insert(
            (*path).to_owned(),
            Provenance {
                status: Status::User,
                note: String::new(),
                note_en: String::new(),
                source: String::new(),
            },
        );
    }
    next.validate().map_err(|(field, kind)| {
        // The value as the user wrote it, when the problem is one the user supplied.
        let kind = match (kind, values.iter().rev().find(|(p, _)| p.as_ref().trim() == field)) {
            (ErrorKind::CaseValue { value, reason, reason_zh }, written) => {
                let value = match written {
                    Some((_, text)) if !value.is_empty() => text.as_ref().trim().to_owned(),
                    _ => value,
                };
                ErrorKind::CaseValue { value, reason, reason_zh }
            }
            (kind, _) => kind,
        };
        Error::at(kind, &next.id, None, Some(&field))
    })?;
    *case = next;
    Ok(())
}

/// Replaces parameters with typed values and validates the case once all are applied;
/// the provenance table is left as it is (the caller says where the values come from).
/// On an error the case is left as it was.
pub fn set_values(case: &mut Case, values: &[(&str, Value)]) -> Result<(), Error> {
    let mut next = case.clone();
    for (path, value) in values {
        settable(&next, path, &value.text().unwrap_or_default())?;
        apply(&mut next, path, value.clone())?;
    }
    next.validate().map_err(|(field, kind)| Error::at(kind, &next.id, None, Some(&field)))?;
    *case = next;
    Ok(())
}

/// The parameter at `path` if the user may set it in this case.
fn settable(case: &Case, path: &str, value: &str) -> Result<&'static Parameter, Error> {
    let refuse = |r: Refusal| r.error(value, &case.id, path);
    let Some(p) = find(path) else {
        return Err(refuse(Refusal::new(
            "is not a parameter (see cases/README.md)",
            "不是案件的参数（见 cases/README.md）",
        )));
    };
    if !p.settable {
        return Err(refuse(Refusal::new(
            "is not a parameter the user can set",
            "不是可由用户设置的参数",
        )));
    }
    if locate(case, path).is_none() {
        return Err(refuse(Refusal::new("names no segment of the case", "案件中没有该分段")));
    }
    Ok(p)
}

/// Puts a typed value in its place, unchecked.
fn apply(case: &mut Case, path: &str, value: Value) -> Result<(), Error> {
    let shown = value.text().unwrap_or_default();
    let (p, segment) = locate(case, path).ok_or_else(|| {
        Refusal::new("is not a parameter of the case", "不是案件的参数")
            .error(&shown, &case.id, path)
    })?;
    write_field(case, segment, p, value).map_err(|r| r.error(&shown, &case.id, path))
}

impl Parameter {
    /// What the parameter is, in a language (`基准价 Pb`, `base price Pb`).
    pub fn label(&self, lang: Lang) -> &'static str {
        let (zh, en) = self.field.names();
        lang.pick(zh, en)
    }

    /// The allowed values, for a choice (and `false`, `true` for a yes or no).
    pub fn choices(&self) -> &'static [Choice] {
        static BOOLS: [Choice; 2] = [
            Choice { id: "false", value: Value::Bool(false), zh: "否", en: "no" },
            Choice { id: "true", value: Value::Bool(true), zh: "是", en: "yes" },
        ];
        match self.kind {
            Kind::Choice(c) => c,
            Kind::Bool => &BOOLS,
            _ => &[],
        }
    }

    /// Reads what a person typed, as text: the value in the form [`Parameter::parse`]
    /// takes exactly (`万分之三` → `0.0003`, `2024年5月1日` → `2024-05-01`), `None` for an
    /// empty text that may be empty, or why it is refused. Plain text work: the web page
    /// checks its form with it without linking a decimal library.
    pub fn read(&self, text: &str) -> Result<Option<String>, Refusal> {
        let t = text.trim();
        if t.is_empty() {
            return match self.empty {
                Empty::Required => Err(Refusal::new("is required", "必须填写")),
                Empty::Absent | Empty::Default => Ok(None),
            };
        }
        let read = match self.kind {
            Kind::Code => {
                let code: String = t.chars().map(crate::rate::half_width).collect();
                is_code(&code).then_some(code)
            }
            Kind::Date => Date::parse_loose(t).map(|d| d.to_string()),
            Kind::Price => plain_number(t),
            Kind::Rate { .. } => crate::rate::normalize(t),
            Kind::InterestRate if t == "deposit-table" => Some(t.to_owned()),
            Kind::InterestRate => crate::rate::normalize(t),
            Kind::Codes => Some(codes(t).join(", ")),
            Kind::Bool | Kind::Choice(_) => self
                .choices()
                .iter()
                .find(|c| c.id.eq_ignore_ascii_case(t))
                .map(|c| c.id.to_owned()),
            Kind::Years => t.parse::<u8>().ok().filter(|y| *y > 0).map(|y| y.to_string()),
            Kind::Actions => {
                return Err(Refusal::new(
                    "is written in the case file only ([[corporate_actions]])",
                    "只能在案件文件中填写（[[corporate_actions]]）",
                ));
            }
        };
        read.map(Some).ok_or_else(|| self.not_read())
    }

    /// Why a text of this kind is not read.
    fn not_read(&self) -> Refusal {
        match self.kind {
            Kind::Code => Refusal::new("is not a 6-digit security code", "不是 6 位数字的证券代码"),
            Kind::Date => Refusal::new(
                "is not a date (write 2024-05-01, 2024/5/1, 20240501 or 2024年5月1日)",
                "不是日期（可写 2024-05-01、2024/5/1、20240501 或 2024年5月1日）",
            ),
            Kind::Price => Refusal::new("is not a number (such as 8.50)", "不是数字（如 8.50）"),
            Kind::Rate { .. } => Refusal::new(
                "is not a rate (write 0.03%, 万分之三 or 0.0003)",
                "不是比例（可写 0.03%、万分之三 或 0.0003）",
            ),
            Kind::InterestRate => Refusal::new(
                "is not an interest rate (write deposit-table for the PBoC demand-deposit rates, or a rate such as 0.35% or 0.0035)",
                "不是利率（可写 deposit-table 即同期活期存款利率表，或 0.35%、0.0035 这样的利率）",
            ),
            Kind::Years => Refusal::new("is not a whole number of years", "不是整数年数"),
            Kind::Bool | Kind::Choice(_) | Kind::Codes | Kind::Actions => {
                let ids: Vec<&str> = self.choices().iter().map(|c| c.id).collect();
                Refusal::new(
                    format!("is not one of the allowed values: {}", ids.join(", ")),
                    format!("不是允许的取值（可选：{}）", ids.join("、")),
                )
            }
        }
    }

    /// Reads what a person typed into a typed value ([`Value::Absent`] for an empty text
    /// that may be empty), or says why not. Ranges are [`Parameter::check`]'s.
    pub fn parse(&self, text: &str) -> Result<Value, Refusal> {
        let Some(t) = self.read(text)? else { return Ok(Value::Absent) };
        let decimal = || parse_decimal(&t).ok_or_else(|| self.not_read());
        Ok(match self.kind {
            Kind::Code => Value::Code(t),
            Kind::Date => Value::Date(Date::parse_loose(&t).ok_or_else(|| self.not_read())?),
            Kind::Price => Value::Price(Price(decimal()?)),
            Kind::Rate { .. } => Value::Ratio(Ratio(decimal()?)),
            Kind::InterestRate if t == "deposit-table" => {
                Value::Interest(InterestRate::DepositTable)
            }
            Kind::InterestRate => Value::Interest(InterestRate::Fixed(Ratio(decimal()?))),
            Kind::Codes => Value::Codes(codes(&t)),
            Kind::Years => Value::Years(t.parse().map_err(|_| self.not_read())?),
            Kind::Bool | Kind::Choice(_) => self
                .choices()
                .iter()
                .find(|c| c.id == t)
                .map(|c| c.value.clone())
                .ok_or_else(|| self.not_read())?,
            Kind::Actions => return Err(self.not_read()),
        })
    }

    /// Whether a value is in the parameter's range: a code of six digits, a price above
    /// zero, a rate from 0 to its largest, one of the choices.
    pub fn check(&self, value: &Value) -> Result<(), Refusal> {
        let rate = |r: &Ratio, max: Decimal| {
            if r.0 >= Decimal::ZERO && r.0 <= max {
                Ok(())
            } else if self.field == Field::CommissionRate && r.0 > max {
                // "0.03" typed for 0.03% is 3%, ten times any broker's commission.
                Err(Refusal::new(
                    format!(
                        "is {}, above the brokers' cap of 0.3%; for three in ten thousand write 0.03%, 万分之三 or 0.0003",
                        crate::rate::percent(&r.to_string())
                    ),
                    format!(
                        "即 {}，高于券商佣金的上限千分之三（0.3%）；如果您指的是万分之三，请填写 0.03%、万分之三 或 0.0003",
                        crate::rate::percent(&r.to_string())
                    ),
                ))
            } else {
                Err(Refusal::new("must be between 0 and 1", "应在 0 到 1 之间"))
            }
        };
        match (self.kind, value) {
            (Kind::Code, Value::Code(c)) if !is_code(c) => Err(self.not_read()),
            (Kind::Price, Value::Price(p)) if p.0 <= Decimal::ZERO => {
                Err(Refusal::new("must be greater than zero", "应大于零"))
            }
            (Kind::Rate { max }, Value::Ratio(r)) => rate(r, max),
            (Kind::InterestRate, Value::Interest(InterestRate::Fixed(r))) => rate(r, Decimal::ONE),
            (Kind::Choice(choices), v) if *v != Value::Absent => {
                if choices.iter().any(|c| c.value.same_choice(v)) {
                    Ok(())
                } else {
                    Err(self.not_read())
                }
            }
            _ => Ok(()),
        }
    }
}

fn is_code(text: &str) -> bool {
    text.len() == 6 && text.bytes().all(|b| b.is_ascii_digit())
}

/// A number in plain notation (`8.50`, full-width digits too), as a plain decimal.
fn plain_number(text: &str) -> Option<String> {
    let t: String = text.chars().map(crate::rate::half_width).collect();
    let digits = t.strip_prefix(['-', '+']).unwrap_or(&t);
    let (int, frac) = digits.split_once('.').unwrap_or((digits, ""));
    let ok = !(int.is_empty() && frac.is_empty())
        && int.bytes().all(|b| b.is_ascii_digit())
        && frac.bytes().all(|b| b.is_ascii_digit());
    ok.then_some(t)
}

/// Index codes separated by commas, semicolons, spaces or `、`.
fn codes(text: &str) -> Vec<String> {
    text.split([',', '，', ';', '；', '、', ' ', '\u{3000}'])
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .map(str::to_owned)
        .collect()
}

fn read_field(case: &Case, segment: Option<usize>, field: Field) -> Value {
    let r = &case.rules;
    let opt_date = |d: Option<Date>| d.map_or(Value::Absent, Value::Date);
    let opt_ratio = |x: Option<Ratio>| x.map_or(Value::Absent, Value::Ratio);
    if let Some(s) = segment.and_then(|i| case.segments.get(i)) {
        match field {
            Field::Direction => return Value::Direction(s.direction),
            Field::ImplementationDate => return Value::Date(s.implementation_date),
            Field::DisclosureDate => return Value::Date(s.disclosure_date),
            Field::BaseDate => return opt_date(s.base_date),
            Field::BasePrice => return s.base_price.map_or(Value::Absent, Value::Price),
            Field::LastTradingDate => return opt_date(s.last_trading_date),
            _ => {}
        }
    }
    match field {
        Field::Security => Value::Code(case.security.clone()),
        Field::Regime => Value::Regime(case.regime),
        Field::Combine => Value::Combine(case.combine),
        Field::CorporateActions => Value::Actions(case.corporate_actions.clone()),
        Field::BuyAverage => Value::Method(r.buy_average),
        Field::Netting => Value::Netting(r.netting),
        Field::CommissionRate => Value::Ratio(r.commission_rate),
        Field::StampDutyRate => opt_ratio(r.stamp_duty_rate),
        Field::FeesOn => Value::FeesOn(r.fees_on),
        Field::NonSystemicRatio => Value::Ratio(r.non_systemic_ratio),
        Field::MinCompensationRatio => Value::Ratio(r.min_compensation_ratio),
        Field::AdjustDividends => Value::Bool(r.adjust_dividends),
        Field::InterestRate => r.interest_rate.map_or(Value::Absent, Value::Interest),
        Field::InterestPrincipal => Value::Principal(r.interest_principal),
        Field::InterestDaysPerYear => Value::DaysPerYear(r.interest_days_per_year),
        Field::SystemicMethod => Value::Systemic(r.systemic.method),
        Field::SystemicRatio => opt_ratio(r.systemic.ratio),
        Field::SystemicIndices => Value::Codes(r.systemic.indices.clone()),
        Field::SystemicScale => Value::Ratio(r.systemic.scale),
        Field::Deadline(name) => {
            let dates = case.deadlines.fields();
            opt_date(dates.iter().find(|(f, _)| *f == name).and_then(|(_, d)| *d))
        }
        Field::LimitationYears => {
            case.deadlines.limitation_years.map_or(Value::Absent, Value::Years)
        }
        // A segment field without its segment: `locate` never gives one.
        Field::Direction
        | Field::ImplementationDate
        | Field::DisclosureDate
        | Field::BaseDate
        | Field::BasePrice
        | Field::LastTradingDate => Value::Absent,
    }
}

/// Puts a value of the right type in its field; [`Value::Absent`] puts what a case file
/// without the field means.
fn write_field(
    case: &mut Case,
    segment: Option<usize>,
    p: &Parameter,
    value: Value,
) -> Result<(), Refusal> {
    let wrong = || {
        Refusal::new(
            format!("is not a value of this parameter ({})", p.path),
            format!("不是该参数可取的值（{}）", p.path),
        )
    };
    let required = || Refusal::new("is required", "必须填写");
    let default = Rules::default();
    let r = &mut case.rules;
    macro_rules! put {
        ($place:expr, $variant:ident, $absent:expr) => {
            $place = match value {
                Value::$variant(v) => v,
                Value::Absent => $absent,
                _ => return Err(wrong()),
            }
        };
    }
    macro_rules! put_opt {
        ($place:expr, $variant:ident) => {
            $place = match value {
                Value::$variant(v) => Some(v),
                Value::Absent => None,
                _ => return Err(wrong()),
            }
        };
    }
    if let Some(s) = segment.and_then(|i| case.segments.get_mut(i)) {
        match p.field {
            Field::Direction => put!(s.direction, Direction, Direction::default()),
            Field::ImplementationDate => put!(s.implementation_date, Date, return Err(required())),
            Field::DisclosureDate => put!(s.disclosure_date, Date, return Err(required())),
            Field::BaseDate => put_opt!(s.base_date, Date),
            Field::BasePrice => put_opt!(s.base_price, Price),
            Field::LastTradingDate => put_opt!(s.last_trading_date, Date),
            _ => return Err(wrong()),
        }
        return Ok(());
    }
    match p.field {
        Field::Security => put!(case.security, Code, return Err(required())),
        Field::Regime => put!(case.regime, Regime, Regime::default()),
        Field::Combine => put!(case.combine, Combine, Combine::default()),
        Field::BuyAverage => put!(r.buy_average, Method, default.buy_average),
        Field::Netting => put!(r.netting, Netting, default.netting),
        Field::CommissionRate => put!(r.commission_rate, Ratio, default.commission_rate),
        Field::StampDutyRate => put_opt!(r.stamp_duty_rate, Ratio),
        Field::FeesOn => put!(r.fees_on, FeesOn, default.fees_on),
        Field::NonSystemicRatio => put!(r.non_systemic_ratio, Ratio, default.non_systemic_ratio),
        Field::MinCompensationRatio => {
            put!(r.min_compensation_ratio, Ratio, default.min_compensation_ratio)
        }
        Field::AdjustDividends => put!(r.adjust_dividends, Bool, default.adjust_dividends),
        Field::InterestRate => put_opt!(r.interest_rate, Interest),
        Field::InterestPrincipal => {
            put!(r.interest_principal, Principal, default.interest_principal)
        }
        Field::InterestDaysPerYear => {
            put!(r.interest_days_per_year, DaysPerYear, default.interest_days_per_year)
        }
        Field::SystemicMethod => put!(r.systemic.method, Systemic, default.systemic.method),
        Field::SystemicRatio => put_opt!(r.systemic.ratio, Ratio),
        Field::SystemicIndices => put!(r.systemic.indices, Codes, Vec::new()),
        Field::SystemicScale => put!(r.systemic.scale, Ratio, default.systemic.scale),
        _ => return Err(wrong()),
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn demo() -> Case {
        Case::from_toml(crate::DEMO_CASE, "demo.toml").unwrap()
    }

    fn commission(case: &Case) -> String {
        case.rules.commission_rate.to_string()
    }

    #[test]
    fn every_path_resolves_and_nothing_else_does() {
        let case = demo();
        for p in paths(&case) {
            assert!(get(&case, &p).is_some(), "{p}");
            assert!(find(&p).is_some(), "{p}");
        }
        assert_eq!(text(&case, "segments.main.base_price"), Some(Some("8".into())));
        assert_eq!(text(&case, "rules.interest_rate"), Some(None));
        assert_eq!(text(&case, "segments.nope.base_price"), None);
        assert_eq!(text(&case, "rules.colour"), None);
        assert_eq!(text(&case, "segments.main.netting"), None);
        assert_eq!(text(&case, "netting"), None);
        assert_eq!(text(&case, "segments..base_price"), None);
        assert_eq!(text(&case, "deadlines.claim_end"), Some(None));
    }

    /// Every parameter of every built-in case reads back what it shows.
    #[test]
    fn every_value_round_trips_through_its_text() {
        let mut seen = 0;
        for case in crate::cases::builtin() {
            for path in paths(case) {
                let p = find(&path).unwrap();
                let value = get(case, &path).unwrap();
                if !p.settable {
                    continue;
                }
                let shown = value.text().unwrap_or_default();
                let back = p.parse(&shown).unwrap_or_else(|r| panic!("{path} {shown}: {r:?}"));
                let back = match (&value, back) {
                    // An empty list and no list are one thing.
                    (Value::Codes(v), Value::Absent) if v.is_empty() => Value::Codes(Vec::new()),
                    (_, back) => back,
                };
                assert_eq!(back, value, "{} {path}", case.id);
                assert_eq!(p.check(&value), Ok(()), "{} {path}", case.id);
                seen += 1;
            }
        }
        assert!(seen > 300, "{seen}");
        // Every allowed value of every choice too.
        for p in PARAMETERS {
            for c in p.choices() {
                assert_eq!(p.parse(c.id), Ok(c.value.clone()), "{}", p.path);
                assert_eq!(c.value.text().as_deref(), Some(c.id), "{}", p.path);
                assert_eq!(c.value.choice().map(|c| c.id), Some(c.id));
            }
        }
    }

    /// A choice's identifier is what the case file says (the serde name).
    #[test]
    fn choice_ids_are_the_case_file_names() {
        let all = [
            &REGIMES[..],
            &COMBINES,
            &DIRECTIONS,
            &METHODS,
            &NETTINGS,
            &FEES_ON,
            &PRINCIPALS,
            &SYSTEMIC_METHODS,
        ];
        for choices in all {
            for c in choices {
                let json = match &c.value {
                    Value::Regime(v) => serde_json::to_string(v),
                    Value::Combine(v) => serde_json::to_string(v),
                    Value::Direction(v) => serde_json::to_string(v),
                    Value::Method(v) => serde_json::to_string(v),
                    Value::Netting(v) => serde_json::to_string(v),
                    Value::FeesOn(v) => serde_json::to_string(v),
                    Value::Principal(v) => serde_json::to_string(v),
                    Value::Systemic(v) => serde_json::to_string(v),
                    other => panic!("{other:?}"),
                };
                assert_eq!(json.unwrap(), format!("\"{}\"", c.id));
            }
        }
        for m in Method::ALL {
            assert_eq!(Value::Method(m).text().as_deref(), Some(m.as_str()));
        }
    }

    /// A percent is a percent, however it is written. Guards against a front end reading
    /// "0.03%" as 0.03 (issue 17).
    #[test]
    fn a_percent_is_a_percent() {
        for text in ["0.03%", "０.０３％", "万分之三", "0.0003", " 0.03 % "] {
            let mut case = demo();
            set_all(&mut case, &[("rules.commission_rate", text)]).unwrap();
            assert_eq!(commission(&case), "0.0003", "{text}");
        }
        let mut case = demo();
        set_all(&mut case, &[("rules.systemic.method", "fixed"), ("rules.systemic.ratio", "30%")])
            .unwrap();
        assert_eq!(case.rules.systemic.ratio.unwrap().to_string(), "0.3");
        set_all(&mut case, &[("rules.interest_rate", "0.35%")]).unwrap();
        assert_eq!(case.rules.interest_rate.unwrap().to_string(), "0.0035");
        // "0.03" is 3%: above any broker's commission, refused with what to write.
        let before = demo();
        let mut case = before.clone();
        let e = set_all(&mut case, &[("rules.commission_rate", "0.03")]).unwrap_err();
        assert_eq!(case, before, "a refused value changes nothing");
        assert_eq!(e.at.as_ref().unwrap().column.as_deref(), Some("rules.commission_rate"));
        let zh = e.message(Lang::Zh);
        assert!(zh.contains("值“0.03”无效：即 3%，高于券商佣金的上限"), "{zh}");
        assert!(zh.contains("0.03%、万分之三 或 0.0003"), "{zh}");
        let e = set_all(&mut case, &[("rules.commission_rate", "3%")]).unwrap_err();
        assert!(e.message(Lang::En).contains("the value “3%” is not allowed: is 3%"), "{e:?}");
        // The page's half reads the same.
        let p = find("rules.commission_rate").unwrap();
        assert_eq!(p.read("万分之三"), Ok(Some("0.0003".to_owned())));
        assert_eq!(p.read("0.03"), Ok(Some("0.03".to_owned())));
    }

    /// Values are validated together, in any order. Guards against refusing
    /// `--set rules.systemic.method=fixed` for want of the ratio that the next `--set`
    /// gives (issue 17).
    #[test]
    fn values_are_validated_together_in_any_order() {
        let pairs = [("rules.systemic.method", "fixed"), ("rules.systemic.ratio", "0.2")];
        let mut a = demo();
        set_all(&mut a, &pairs).unwrap();
        let mut b = demo();
        set_all(&mut b, &[pairs[1], pairs[0]]).unwrap();
        assert_eq!(a, b);
        assert_eq!(a.rules.systemic.method, SystemicMethod::Fixed);
        assert_eq!(a.provenance["rules.systemic.ratio"].status, Status::User);
        // Alone, the method still lacks its ratio.
        let mut c = demo();
        let e = set_all(&mut c, &pairs[..1]).unwrap_err();
        assert_eq!(e.at.unwrap().column.as_deref(), Some("rules.systemic.ratio"));
        // Dates that only fit together.
        let mut d = demo();
        set_all(
            &mut d,
            &[
                ("segments.main.disclosure_date", "2019-06-01"),
                ("segments.main.base_date", "2019-07-01"),
                ("segments.main.implementation_date", "2019-01-02"),
            ],
        )
        .unwrap();
        assert_eq!(d.segments[0].disclosure_date.to_string(), "2019-06-01");
    }

    #[test]
    fn an_unknown_choice_is_refused_with_the_allowed_values() {
        for (path, allowed) in [
            ("rules.buy_average", "moving-average, fifo-average, weighted-average, actual-cost"),
            ("rules.systemic.method", "none, fixed, index-comparison, relative-proportion"),
            ("regime", "spc2022, spc2003"),
            ("segments.main.direction", "long, short"),
            ("rules.interest_days_per_year", "360, 365"),
            ("rules.adjust_dividends", "false, true"),
        ] {
            let mut case = demo();
            let e = set_all(&mut case, &[(path, "guess")]).unwrap_err();
            assert_eq!(e.code(), "case-value");
            let en = e.message(Lang::En);
            assert!(en.contains(path), "{en}");
            assert!(en.contains(&format!("is not one of the allowed values: {allowed}")), "{en}");
            assert!(e.message(Lang::Zh).contains("不是允许的取值（可选："), "{path}");
        }
    }

    #[test]
    fn set_replaces_marks_and_refuses_what_is_not_a_parameter() {
        let mut case = demo();
        set_all(&mut case, &[("segments.main.base_price", "7.5")]).unwrap();
        assert_eq!(case.segments[0].base_price.unwrap().to_string(), "7.5");
        assert_eq!(case.provenance["segments.main.base_price"].status, Status::User);
        set_all(&mut case, &[("rules.systemic.indices", "801150，000001、399006")]).unwrap();
        assert_eq!(case.rules.systemic.indices, ["801150", "000001", "399006"]);
        set_all(&mut case, &[("segments.main.base_price", "")]).unwrap();
        assert_eq!(case.segments[0].base_price, None);
        let before = case.clone();
        for (path, value, why) in [
            ("segments.main.disclosure_date", "2020-01-01", "must come after"),
            ("segments.main.implementation_date", "", "is required"),
            ("segments.main.base_price", "-1", "greater than zero"),
            ("segments.main.base_price", "8%", "is not a number"),
            ("segments.nope.base_price", "8", "names no segment"),
            ("rules.colour", "red", "is not a parameter"),
            ("corporate_actions", "x", "can set"),
            ("deadlines.claim_end", "2024-01-01", "can set"),
            ("security", "60000", "6-digit"),
            ("rules.non_systemic_ratio", "1.5", "between 0 and 1"),
        ] {
            let e = set_all(&mut case, &[(path, value)]).unwrap_err();
            assert!(e.message(Lang::En).contains(why), "{path}: {}", e.message(Lang::En));
            assert_eq!(case, before, "{path}: a refused value changes nothing");
        }
    }

    /// An empty value means what leaving the field out of a case file means.
    #[test]
    fn an_empty_value_is_a_field_left_out() {
        let mut case = demo();
        set_all(
            &mut case,
            &[
                ("rules.commission_rate", "0.0001"),
                ("rules.systemic.scale", "0.5"),
                ("rules.buy_average", "actual-cost"),
            ],
        )
        .unwrap();
        set_all(
            &mut case,
            &[
                ("rules.commission_rate", ""),
                ("rules.systemic.scale", " "),
                ("rules.buy_average", ""),
                ("rules.stamp_duty_rate", ""),
            ],
        )
        .unwrap();
        let default = Rules::default();
        assert_eq!(case.rules.commission_rate, default.commission_rate);
        assert_eq!(case.rules.systemic.scale, default.systemic.scale);
        assert_eq!(case.rules.buy_average, default.buy_average);
        assert_eq!(case.rules.stamp_duty_rate, None);
    }

    #[test]
    fn typed_values_are_set_and_validated_together() {
        let mut case = demo();
        set_values(
            &mut case,
            &[
                ("rules.systemic.method", Value::Systemic(SystemicMethod::Fixed)),
                ("rules.systemic.ratio", Value::Ratio(Ratio(Decimal::new(25, 2)))),
            ],
        )
        .unwrap();
        assert_eq!(case.rules.systemic.ratio.unwrap().to_string(), "0.25");
        assert!(!case.provenance.contains_key("rules.systemic.ratio"));
        let e = set_values(&mut case, &[("rules.netting", Value::Bool(true))]).unwrap_err();
        assert!(e.message(Lang::En).contains("is not a value of this parameter"), "{e:?}");
    }

    #[test]
    fn labels_name_the_segment_when_there_are_several() {
        for p in PARAMETERS {
            assert!(!p.label(Lang::Zh).is_empty() && p.label(Lang::En).is_ascii(), "{}", p.path);
            assert!(!p.label(Lang::En).is_empty(), "{}", p.path);
        }
        assert_eq!(label("segments.main.base_date", Lang::Zh), "基准日 Tb");
        assert_eq!(label("segments.s2.base_date", Lang::En), "base date Tb (s2)");
        assert_eq!(label("rules.systemic.ratio", Lang::Zh), "系统风险扣除比例");
        assert_eq!(label("nonsense", Lang::Zh), "nonsense");
        assert_eq!(
            Value::Netting(Netting::PerPart).label(Lang::Zh),
            Some("两部分分别计算，各不低于零")
        );
        assert_eq!(Value::Ratio(Ratio::ZERO).label(Lang::Zh), None);
    }

    #[test]
    fn the_text_half_reads_what_people_type() {
        let read = |path: &str, text: &str| find(path).unwrap().read(text);
        assert_eq!(read("segments.x.base_date", "2024年5月1日"), Ok(Some("2024-05-01".into())));
        assert_eq!(read("segments.x.base_price", "８.５"), Ok(Some("8.5".into())));
        assert_eq!(read("security", "６０００００"), Ok(Some("600000".into())));
        assert_eq!(read("rules.interest_rate", "deposit-table"), Ok(Some("deposit-table".into())));
        assert_eq!(read("rules.buy_average", "FIFO-Average"), Ok(Some("fifo-average".into())));
        assert_eq!(read("segments.x.base_date", ""), Ok(None));
        assert!(read("segments.x.implementation_date", "").is_err());
        for bad in ["1e3", "1.2.3", ".", "-", "1,000", "8%"] {
            assert!(read("segments.x.base_price", bad).is_err(), "{bad}");
        }
        let r = read("segments.x.base_date", "2024-13-01").unwrap_err();
        assert_eq!(
            r.message("2024-13-01", Lang::Zh),
            "值“2024-13-01”无效：不是日期（可写 2024-05-01、2024/5/1、20240501 或 2024年5月1日）"
        );
    }
}
