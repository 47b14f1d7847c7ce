//! Cases: the built-in list and its search, the custom case built from the form, and the
//! table of parameters with where each comes from (`Case::provenance`).
//!
//! The built-in list is the core's ([`builtin`], `redress::cases`), the demo first.

use redress::case::parameters::{self, Empty, Value};
use redress::case::{InterestRate, Regime, Rules, Status, SystemicMethod};
use redress::cases::Need;
use redress::market::import::{self as market_import, ImportOptions};
use redress::market::{IndexData, MarketData};
use redress::money::Ratio;
use redress::source::Publisher;
use redress::{Case, Date, Error, ErrorKind, Lang, format, tr};

use crate::i18n::{self, K, t};

use crate::protocol::{
    CaseCard, CaseSpec, CaseView, NeedKind, NeedView, ParamStatus, ParameterView, Problem,
    ResultView, SourceLink, Supplied,
};

/// Every built-in case: the core's list (`redress::cases`), the demo first.
pub fn builtin() -> &'static [Case] {
    redress::cases::builtin()
}

/// The built-in case with this id.
pub fn by_id(id: &str) -> Option<&'static Case> {
    redress::cases::by_id(id)
}

/// The built-in cases matching a query, best first (the core's search: names, pinyin
/// initials, ids and codes).
pub fn search(query: &str) -> Vec<&'static Case> {
    redress::cases::search(query)
}

/// Whether a case is a constructed example.
pub fn is_example(case: &Case) -> bool {
    case.id == "demo" || case.source.contains("constructed")
}

/// A case as the list shows it.
pub fn card(case: &Case, lang: Lang) -> CaseCard {
    let mut security = case.security.clone();
    for c in &case.former_codes {
        security.push_str(" / ");
        security.push_str(c);
    }
    CaseCard {
        id: case.id.clone(),
        name: name(case, lang),
        security,
        regime: regime(case.regime, lang).to_owned(),
        dates: case
            .segments
            .iter()
            .map(|s| {
                tr!(
                    lang,
                    "实施日 {} · 揭露日 {}",
                    "T0 {} · T1 {}",
                    known(case, &s.id, "implementation_date", s.implementation_date),
                    known(case, &s.id, "disclosure_date", s.disclosure_date)
                )
            })
            .collect::<Vec<_>>()
            .join(lang.pick("；", "; ")),
        summary: summary(case, lang),
        example: is_example(case),
    }
}

/// A segment's date, or `?` when the case file marks it unknown.
fn known(case: &Case, segment: &str, field: &str, date: Date) -> String {
    if case.is_unknown(&format!("segments.{segment}.{field}")) {
        "?".to_owned()
    } else {
        date.to_string()
    }
}

fn name(case: &Case, lang: Lang) -> String {
    match lang {
        Lang::En if !case.name_en.is_empty() => case.name_en.clone(),
        _ => case.name.clone(),
    }
}

fn summary(case: &Case, lang: Lang) -> String {
    match lang {
        Lang::En if !case.summary_en.is_empty() => case.summary_en.clone(),
        _ => case.summary.clone(),
    }
}

/// The label of the provisions.
pub fn regime(r: Regime, lang: Lang) -> &'static str {
    choice(Value::Regime(r), lang)
}

/// What a choice of a case means, in words (the core's label).
pub fn choice(value: Value, lang: Lang) -> &'static str {
    value.label(lang).unwrap_or_default()
}

/// A custom case built from the form, with its market and index data.
pub struct Custom {
    /// The case.
    pub case: Case,
    /// Market data, when pasted.
    pub market: Option<MarketData>,
    /// Index closes, when pasted.
    pub indices: Option<IndexData>,
}

/// Builds and validates the custom case: every field of the form is a case parameter
/// (`CaseSpec::PARAMETERS`), read, set and checked together by the core
/// (`redress::case::parameters::set_all`), as `--set` is; a problem names the form field.
pub fn custom(spec: &CaseSpec, lang: Lang) -> Result<Custom, Problem> {
    let values = spec.parameter_values();
    // What must be filled in, named as the form asks for it ("请填写证券代码").
    for (path, text) in &values {
        let required = parameters::find(path).is_some_and(|p| p.empty == Empty::Required);
        if required && text.trim().is_empty() {
            return Err(Problem {
                code: "case-value".into(),
                message: tr!(lang, "请填写{}", "{} is required", parameters::label(path, lang)),
                field: CaseSpec::field_of(path).map(str::to_owned),
            });
        }
    }
    // The demo case's one segment, under the rules.md defaults, for the form to fill.
    let mut case = by_id("demo").cloned().ok_or_else(|| Problem {
        code: "internal".into(),
        message: "the demo case is missing".into(),
        field: None,
    })?;
    let name = spec.name.trim();
    case.id = "custom".into();
    case.name = if name.is_empty() { t(Lang::Zh, K::CaseCustom) } else { name }.to_owned();
    case.name_en = if name.is_empty() { t(Lang::En, K::CaseCustom) } else { name }.to_owned();
    case.former_codes.clear();
    case.source.clear();
    case.summary.clear();
    case.summary_en.clear();
    case.sources.clear();
    case.provenance.clear();
    case.corporate_actions.clear();
    case.rules = Rules::default();
    case.segments.truncate(1);
    if let Some(segment) = case.segments.first_mut() {
        segment.id = "main".into();
    }
    parameters::set_all(&mut case, &values).map_err(|e| problem(&e, lang))?;
    // The form says which values the user typed (`custom_status`), not the provenance.
    case.provenance.clear();
    // Daily bars and index closes as a built-in case takes them: any day-bar export
    // (`redress::market::import`), Chinese or English headers.
    let options =
        ImportOptions { security: Some(case.security.clone()), lang, ..ImportOptions::default() };
    let market = match spec.market.trim() {
        "" => None,
        text => Some(
            market_import::import_market(text, t(lang, K::FormMarket), &options)
                .map_err(|e| Problem {
                    code: e.code().into(),
                    message: e.message(lang),
                    field: Some("market".into()),
                })?
                .data,
        ),
    };
    let indices = match spec.indices.trim() {
        "" => None,
        text => {
            let code = case.rules.systemic.indices.first().map(String::as_str);
            Some(
                // Its own code column first; else the case's first reference index.
                market_import::import_index(text, t(lang, K::FormIndexData), None, lang)
                    .or_else(|e| match code {
                        Some(_) => {
                            market_import::import_index(text, t(lang, K::FormIndexData), code, lang)
                        }
                        None => Err(e),
                    })
                    .map_err(|e| Problem {
                        code: e.code().into(),
                        message: e.message(lang),
                        field: Some("indices".into()),
                    })?
                    .data,
            )
        }
    };
    Ok(Custom { case, market, indices })
}

/// The form field that holds a case parameter path (`case` for a path the form does not
/// set).
pub fn form_field(path: &str) -> &'static str {
    CaseSpec::field_of(path).unwrap_or("case")
}

/// A segment as an investor knows it: by its disclosure date ("揭露日 2012-09-15"), not by
/// the case file's id ("filing"); the id when the case has no such segment.
pub fn segment_name(case: &Case, id: &str, lang: Lang) -> String {
    match case.segments.iter().find(|s| s.id == id) {
        Some(s) => tr!(lang, "揭露日 {}", "disclosed {}", s.disclosure_date),
        None => id.to_owned(),
    }
}

/// [`parameter_label`], with a segment named as an investor knows it ([`segment_name`]).
pub fn parameter_label_of(case: &Case, path: &str, lang: Lang) -> String {
    let seg =
        path.strip_prefix("segments.").and_then(|rest| rest.rsplit_once('.')).map(|(id, _)| id);
    let label = parameter_label(path, lang);
    match seg {
        Some(id) if id != "main" => label.replace(
            &tr!(lang, "（{}）", " ({})", id),
            &tr!(lang, "（{}）", " ({})", segment_name(case, id, lang)),
        ),
        _ => label,
    }
}

/// What a parameter path means, in words (the core's label).
pub fn parameter_label(path: &str, lang: Lang) -> String {
    parameters::label(path, lang)
}

/// The status of a custom case's parameter: the user's when they typed or chose it, the
/// default when the form's own value was left as it was.
fn custom_status(spec: &CaseSpec, path: &str) -> ParamStatus {
    let untouched = match CaseSpec::field_of(path) {
        Some("adjust_dividends") => spec.adjust_dividends == CaseSpec::default().adjust_dividends,
        Some(f) => spec.text(f).map(|v| v.trim()) == CaseSpec::default().text(f).map(|v| v.trim()),
        None => false,
    };
    if untouched { ParamStatus::Default } else { ParamStatus::User }
}

/// Every parameter of a case with its value as used and its status; `custom` is the form
/// a custom case was built from.
pub fn view(case: &Case, lang: Lang, custom: Option<&CaseSpec>) -> CaseView {
    let example = is_example(case);
    let mut params: Vec<(String, String)> = Vec::new();
    let or_market =
        |v: Option<String>| v.unwrap_or_else(|| t(lang, K::ComputedFromMarket).to_owned());
    for s in &case.segments {
        let p = |f: &str| format!("segments.{}.{f}", s.id);
        params.push((p("direction"), choice(Value::Direction(s.direction), lang).to_owned()));
        params.push((p("implementation_date"), s.implementation_date.to_string()));
        params.push((p("disclosure_date"), s.disclosure_date.to_string()));
        params.push((p("base_date"), or_market(s.base_date.map(|d| d.to_string()))));
        params.push((
            p("base_price"),
            or_market(s.base_price.map(|x| i18n::price(lang, &format::price(x.0)))),
        ));
    }
    let r = &case.rules;
    let pct = |x: Ratio| format::percent(x.0);
    params.push(("regime".into(), regime(case.regime, lang).to_owned()));
    params.push(("rules.buy_average".into(), i18n::method(lang, r.buy_average).to_owned()));
    params.push(("rules.netting".into(), choice(Value::Netting(r.netting), lang).to_owned()));
    params.push(("rules.commission_rate".into(), pct(r.commission_rate)));
    params.push((
        "rules.stamp_duty_rate".into(),
        r.stamp_duty_rate
            .map_or_else(|| lang.pick("按基准日法定税率", "statutory rate at Tb").to_owned(), pct),
    ));
    params.push(("rules.fees_on".into(), choice(Value::FeesOn(r.fees_on), lang).to_owned()));
    params.push(("rules.non_systemic_ratio".into(), pct(r.non_systemic_ratio)));
    params.push(("rules.min_compensation_ratio".into(), pct(r.min_compensation_ratio)));
    params.push((
        "rules.interest_rate".into(),
        match (r.interest_rate, case.regime) {
            (Some(InterestRate::Fixed(x)), _) => pct(x),
            (Some(InterestRate::DepositTable), _) | (None, Regime::Spc2003) => {
                t(lang, K::DepositTable).to_owned()
            }
            (None, Regime::Spc2022) => t(lang, K::None).to_owned(),
        },
    ));
    if r.interest_rate.is_some() || case.regime == Regime::Spc2003 {
        params.push((
            "rules.interest_principal".into(),
            choice(Value::Principal(r.interest_principal), lang).to_owned(),
        ));
        params.push((
            "rules.interest_days_per_year".into(),
            choice(Value::DaysPerYear(r.interest_days_per_year), lang).to_owned(),
        ));
    }
    params.push((
        "rules.systemic.method".into(),
        choice(Value::Systemic(r.systemic.method), lang).to_owned(),
    ));
    match r.systemic.method {
        SystemicMethod::Fixed => {
            params.push((
                "rules.systemic.ratio".into(),
                r.systemic.ratio.map_or_else(|| t(lang, K::None).to_owned(), pct),
            ));
        }
        SystemicMethod::IndexComparison | SystemicMethod::RelativeProportion => {
            params.push(("rules.systemic.indices".into(), r.systemic.indices.join(", ")));
        }
        SystemicMethod::None => {}
    }
    if r.systemic.method != SystemicMethod::None {
        params.push(("rules.systemic.scale".into(), pct(r.systemic.scale)));
    }
    let parameters = params
        .into_iter()
        .map(|(path, value)| {
            let prov = case.provenance.get(&path);
            let status = if let Some(spec) = custom {
                custom_status(spec, &path)
            } else if example {
                ParamStatus::Example
            } else {
                match prov.map(|p| p.status) {
                    Some(Status::Published) => ParamStatus::Published,
                    Some(Status::Unverified) => ParamStatus::Unverified,
                    Some(Status::Assumed) => ParamStatus::Assumed,
                    Some(Status::Unknown) => ParamStatus::Unknown,
                    Some(Status::User) => ParamStatus::User,
                    Some(Status::Computed) => ParamStatus::Computed,
                    None => ParamStatus::Default,
                }
            };
            ParameterView {
                label: parameter_label_of(case, &path, lang),
                path,
                value,
                status,
                note: prov
                    .map(|p| {
                        if lang == Lang::En && !p.note_en.is_empty() { &p.note_en } else { &p.note }
                    })
                    .cloned()
                    .unwrap_or_default(),
            }
        })
        .collect();
    CaseView {
        id: case.id.clone(),
        name: name(case, lang),
        security: case.security.clone(),
        regime: regime(case.regime, lang).to_owned(),
        summary: summary(case, lang),
        example,
        custom: custom.is_some(),
        sources: {
            // Official announcements first; the others are marked as such, and only
            // reviewed publishers are links (`redress::source`).
            let mut list: Vec<SourceLink> = case
                .sources
                .iter()
                .map(|s| {
                    let publisher = redress::source::publisher(&s.url);
                    SourceLink {
                        title: s.title.clone(),
                        url: if publisher == Publisher::Unreviewed {
                            redress::source::host_of(&s.url).to_owned()
                        } else {
                            s.url.clone()
                        },
                        official: publisher == Publisher::Official,
                        linked: publisher != Publisher::Unreviewed,
                    }
                })
                .collect();
            list.sort_by_key(|s| !s.official);
            list
        },
        parameters,
        t0: case
            .segments
            .iter()
            .map(|s| s.implementation_date)
            .min()
            .map(|d| d.to_string())
            .unwrap_or_default(),
        needs: if custom.is_some() {
            Vec::new()
        } else {
            by_id(&case.id).map(|c| needs(c, lang)).unwrap_or_default()
        },
        data: Vec::new(),
    }
}

/// The "market data sources" list of a case, from its shipped `data.toml` (empty when it
/// was not fetched or cannot be read).
pub fn data_files(files: &[(String, String)], lang: Lang) -> Vec<crate::protocol::DataFileView> {
    let Some(prov) = files
        .iter()
        .find(|(n, _)| n == "data.toml")
        .and_then(|(n, t)| redress::case_data::provenance(t, n).ok())
    else {
        return Vec::new();
    };
    prov.files
        .into_iter()
        .map(|f| crate::protocol::DataFileView {
            title: tr!(
                lang,
                "{} {}（{}，{} 至 {}，{} 个交易日）",
                "{} {} ({}, {} to {}, {} trading days)",
                f.code,
                f.name,
                if f.kind == "index" {
                    lang.pick("指数收盘点位", "index closes")
                } else {
                    lang.pick(
                        "日线：收盘价、成交量、流通股本",
                        "daily close, volume and tradable shares",
                    )
                },
                f.first,
                f.last,
                f.rows
            ),
            sources: f
                .sources
                .iter()
                .map(|s| {
                    format!(
                        "{} · {} @ {} · {}",
                        s.repository,
                        s.path,
                        &s.commit[..s.commit.len().min(12)],
                        s.rows
                    )
                })
                .collect(),
            checks: f.checks,
            unchecked: f.unchecked,
        })
        .collect()
}

/// What a built-in case needs from the user (`redress::cases::needs`), labelled. A segment
/// without a published `Tb`/`Pb` can take daily bars, or the two values typed in.
pub fn needs(case: &Case, lang: Lang) -> Vec<NeedView> {
    let mut out = Vec::new();
    for need in redress::cases::needs(case) {
        match need {
            Need::MarketData { segments } => {
                out.push(NeedView {
                    kind: NeedKind::Market,
                    path: "market".into(),
                    label: t(lang, K::FormMarket).to_owned(),
                    note: tr!(
                        lang,
                        "粘贴本股票的日行情（日期、收盘价、成交量，可直接粘贴行情软件导出的日线），用于计算基准日和基准价；或在下面直接填写基准日和基准价。",
                        "Paste the security's daily bars (date, close, volume; a day-bar export from trading software works) to compute the base date and price; or type both below."
                    ),
                    current: String::new(),
                });
                for s in &segments {
                    for field in ["base_date", "base_price"] {
                        let path = format!("segments.{s}.{field}");
                        out.push(NeedView {
                            kind: NeedKind::Parameter,
                            label: parameter_label_of(case, &path, lang),
                            path,
                            note: String::new(),
                            current: String::new(),
                        });
                    }
                }
            }
            Need::IndexData { indices } => out.push(NeedView {
                kind: NeedKind::Index,
                path: "indices".into(),
                label: t(lang, K::FormIndexData).to_owned(),
                note: tr!(
                    lang,
                    "粘贴参照指数 {} 的每日收盘（日期、收盘价），用于扣除系统风险。",
                    "Paste daily closes of the reference index {} (date, close) for the systemic-risk deduction.",
                    indices.join(", ")
                ),
                current: String::new(),
            }),
            Need::Parameter { path, note, note_en } => {
                let note = if lang == Lang::En && !note_en.is_empty() { note_en } else { note };
                if path.starts_with("rules.systemic.") {
                    systemic_needs(&mut out, case, &path, note, lang);
                } else {
                    out.push(NeedView {
                        kind: NeedKind::Parameter,
                        label: parameter_label_of(case, &path, lang),
                        path,
                        note,
                        current: String::new(),
                    });
                }
            }
        }
    }
    out
}

/// An unknown systemic-risk deduction: whichever part the case lacks, the user can choose
/// the method (`none`: no deduction), and give what each method needs (the ratio of the
/// fixed method, the reference indices and their closes for the index methods).
fn systemic_needs(out: &mut Vec<NeedView>, case: &Case, path: &str, note: String, lang: Lang) {
    let parts = [
        (
            "rules.systemic.method",
            tr!(
                lang,
                "选择：不扣除、固定比例（填比例）、指数比较或相对比例（填参照指数代码并粘贴其收盘）。",
                "Choose: none, fixed (give the ratio), index comparison or relative proportion (give the reference index codes and paste their closes)."
            ),
        ),
        (
            "rules.systemic.ratio",
            tr!(
                lang,
                "固定比例法的扣除比例，如 0.3。",
                "For the fixed method: the share deducted, such as 0.3."
            ),
        ),
        (
            "rules.systemic.indices",
            tr!(
                lang,
                "指数方法的参照指数代码，多个用逗号分隔，如 399006。",
                "For the index methods: the reference index codes, comma-separated, such as 399006."
            ),
        ),
    ];
    for (p, default_note) in parts {
        if !out.iter().any(|n| n.path == p) {
            let why = if p == path && !note.is_empty() {
                format!("{note} {default_note}")
            } else {
                default_note
            };
            // The method a case publishes (香溢融通: fixed, its ratio unknown) is what an
            // empty choice keeps: the choice says so rather than "not chosen".
            let current = (p == "rules.systemic.method"
                && case.provenance.get(p).is_none_or(|x| x.status != Status::Unknown))
            .then(|| {
                let id = parameters::text(case, p).flatten().unwrap_or_default();
                parameters::find(p)
                    .and_then(|m| m.choices().iter().find(|c| c.id == id))
                    .map(|c| c.label(lang).to_owned())
            })
            .flatten()
            .unwrap_or_default();
            out.push(NeedView {
                kind: NeedKind::Parameter,
                path: p.into(),
                label: parameter_label(p, lang),
                note: why,
                current,
            });
        }
    }
    if !out.iter().any(|n| n.kind == NeedKind::Index) {
        out.push(NeedView {
            kind: NeedKind::Index,
            path: "indices".into(),
            label: t(lang, K::FormIndexData).to_owned(),
            note: tr!(
                lang,
                "指数方法需要：粘贴参照指数的每日收盘（日期、收盘价）。",
                "For the index methods: paste the reference indices' daily closes (date, close)."
            ),
            current: String::new(),
        });
    }
}

/// When a built-in case's estimate refuses because of one of its parameters (a stamp
/// duty rate before the statutory table, say), that parameter joins what the case needs,
/// so that the user can supply it where the others are; so does one already supplied.
pub fn need_for_problem(
    view: &mut CaseView,
    case: &Case,
    result: &Result<ResultView, Problem>,
    supplied: &Supplied,
    lang: Lang,
) {
    if view.custom {
        return;
    }
    let field = result.as_ref().err().and_then(|p| p.field.clone());
    let paths = field.into_iter().chain(supplied.values.iter().map(|(p, _)| p.clone()));
    for path in paths {
        let known = parameters::get(case, &path).is_some();
        if known && !view.needs.iter().any(|n| n.path == path) {
            view.needs.push(NeedView {
                kind: NeedKind::Parameter,
                label: parameter_label_of(case, &path, lang),
                path,
                note: String::new(),
                current: String::new(),
            });
        }
    }
}

/// A built-in case with what the user supplied: the values set with the core's
/// `redress::case::parameters::set_all` (an error names the path), the bars and the
/// index closes read by the core's `redress::market::import`.
pub fn builtin_with(
    case: &Case,
    supplied: &Supplied,
    lang: Lang,
) -> Result<(Case, Option<MarketData>, Option<IndexData>), Problem> {
    let mut case = case.clone();
    // All together, as `--set` does: a method and its ratio may come in any order.
    parameters::set_all(&mut case, &supplied.values)
        .map_err(|e| problem_at_path(Some(&case), &e, lang))?;
    let options =
        ImportOptions { security: Some(case.security.clone()), lang, ..ImportOptions::default() };
    let market = match supplied.market.trim() {
        "" => None,
        text => Some(
            market_import::import_market(text, t(lang, K::FormMarket), &options)
                .map_err(|e| Problem {
                    code: e.code().into(),
                    message: e.message(lang),
                    field: Some("market".into()),
                })?
                .data,
        ),
    };
    let indices = match supplied.indices.trim() {
        "" => None,
        text => Some(
            market_import::import_index(text, t(lang, K::FormIndexData), None, lang)
                .map_err(|e| Problem {
                    code: e.code().into(),
                    message: e.message(lang),
                    field: Some("indices".into()),
                })?
                .data,
        ),
    };
    Ok((case, market, indices))
}

/// Adds the public market data shipped with a built-in case (fetched by the worker shell)
/// to what the user supplied: the user's own bars replace the shipped ones, the user's
/// index closes replace the shipped closes of the same index. What the shipped bars
/// compute is marked `computed`; what the user's compute, `user`.
pub fn with_shipped(
    mut case: Case,
    market: Option<MarketData>,
    indices: Option<IndexData>,
    files: Option<&Result<Vec<(String, String)>, String>>,
    lang: Lang,
) -> Result<(Case, Option<MarketData>, Option<IndexData>), Problem> {
    if case.market_files.is_empty() {
        return Ok((case, market, indices));
    }
    let files = match files {
        Some(Ok(files)) => files,
        Some(Err(why)) => {
            return Err(Problem {
                code: "case-data".into(),
                message: tr!(
                    lang,
                    "本案附带的公开行情数据未能载入（{}）。网络恢复后会自动重新载入；您的输入都还在。",
                    "The public market data of this case could not be loaded ({}). They are loaded again as soon as the connection is back; your input is kept.",
                    why
                ),
                field: None,
            });
        }
        None => {
            return Err(Problem {
                code: "case-data-loading".into(),
                message: t(lang, K::StageCaseData).to_owned(),
                field: None,
            });
        }
    };
    let refs: Vec<(&str, &str)> = files.iter().map(|(n, t)| (n.as_str(), t.as_str())).collect();
    let shipped = redress::case_data::read(&case, &refs).map_err(|e| Problem {
        code: e.code().into(),
        message: e.message(lang),
        field: None,
    })?;
    let (market, indices) = redress::case_data::combine(&mut case, shipped, market, indices);
    Ok((case, market, indices))
}

/// Why the estimate of a built-in case, with what the user supplied, is only an upper
/// bound: the user chose no systemic-risk deduction where the case's scheme deducted
/// market risk (its method is not "none") or may have (whether it did is unknown).
/// `None` when it is not (the case itself deducts nothing, or the user chose a deduction).
pub fn upper_bound(published: &Case, used: &Case, lang: Lang) -> Option<String> {
    if used.rules.systemic.method != SystemicMethod::None {
        return None;
    }
    let unknown = ["rules.systemic.method", "rules.systemic.ratio", "rules.systemic.indices"]
        .iter()
        .any(|p| published.is_unknown(p));
    Some(if published.rules.systemic.method != SystemicMethod::None {
        tr!(
            lang,
            "这是上限：本案的方案扣除了证券市场系统风险，而您选择了不扣除，实际赔偿会更低。",
            "This is an upper bound: the case's scheme deducted market risk, and you chose no deduction; the actual compensation will be lower."
        )
    } else if unknown {
        tr!(
            lang,
            "这是上限：本案的方案是否扣除证券市场系统风险未能确认，您选择了不扣除；若方案有扣除，实际赔偿会更低。",
            "This is an upper bound: whether the case's scheme deducted market risk could not be confirmed, and you chose no deduction; if it did, the actual compensation is lower."
        )
    } else {
        return None;
    })
}

/// A core error as a problem for the page (a case-file path becomes a form field).
pub fn problem(e: &Error, lang: Lang) -> Problem {
    let path = match (&e.kind, &e.at) {
        (ErrorKind::CaseValue { .. }, Some(at)) => at.column.as_deref().or(at.field.as_deref()),
        _ => None,
    };
    let field = path.map(form_field);
    // A field of the form is named by its label, as the form's own checks name it.
    let message = match (path, field) {
        (Some(path), Some(field)) if field != "case" => at_parameter(None, path, e, lang),
        _ => e.message(lang),
    };
    Problem { code: e.code().into(), message, field: field.map(str::to_owned) }
}

/// A core error as a problem of a built-in case: the field is the parameter path itself
/// (`rules.stamp_duty_rate`), which the needs form shows; the message names the
/// parameter as the form labels it, not by its path in the case file.
pub fn problem_at_path(case: Option<&Case>, e: &Error, lang: Lang) -> Problem {
    let field = match (&e.kind, &e.at) {
        (ErrorKind::CaseValue { .. }, Some(at)) => at.field.clone().or_else(|| at.column.clone()),
        _ => None,
    };
    let message = match &field {
        Some(path) => at_parameter(case, path, e, lang),
        None => e.message(lang),
    };
    Problem { code: e.code().into(), message, field }
}

/// A core error about the parameter at `path`, introduced by the parameter's label
/// ("系统风险扣除比例：未公布……") instead of the case id and path the core names.
fn at_parameter(case: Option<&Case>, path: &str, e: &Error, lang: Lang) -> String {
    // A value the case does not publish is there only to be replaced: quoting it ("the
    // value “none” is not allowed") would read as if the user had written it.
    let detail = match &e.kind {
        ErrorKind::CaseValue { reason, reason_zh, .. }
            if reason.starts_with("is not published") =>
        {
            lang.pick(reason_zh, reason).to_string()
        }
        _ => e.detail(lang),
    };
    let detail = i18n::investor_words(&detail, lang);
    let label = match case {
        Some(case) => parameter_label_of(case, path, lang),
        None => parameter_label(path, lang),
    };
    format!("{label}{}{detail}", lang.pick("：", ": "))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec() -> CaseSpec {
        CaseSpec {
            security: "300000".into(),
            t0: "2021-03-01".into(),
            t1: "2021/6/1".into(),
            tb: "2021-06-30".into(),
            pb: "8.00".into(),
            stamp_duty_rate: "0.001".into(),
            ..CaseSpec::default()
        }
    }

    #[test]
    fn the_custom_form_builds_the_demo_case() {
        let c = custom(&spec(), Lang::Zh).unwrap();
        let demo = by_id("demo").unwrap();
        assert_eq!(c.case.segments[0].disclosure_date, demo.segments[0].disclosure_date);
        assert_eq!(c.case.segments[0].base_price, demo.segments[0].base_price);
        assert_eq!(c.case.rules, demo.rules);
    }

    #[test]
    fn a_bad_field_is_named() {
        let mut s = spec();
        s.t1 = "2021-02-01".into();
        let p = custom(&s, Lang::Zh).err().unwrap();
        assert_eq!(p.field.as_deref(), Some("t1"));
        assert!(p.message.starts_with("揭露日 T1："), "{}", p.message);
        assert!(p.message.contains("应晚于实施日"), "{}", p.message);
        let mut s = spec();
        s.commission_rate = "abc".into();
        let p = custom(&s, Lang::En).err().unwrap();
        assert_eq!(p.field.as_deref(), Some("commission_rate"));
        let mut s = spec();
        s.security.clear();
        assert_eq!(custom(&s, Lang::En).err().unwrap().field.as_deref(), Some("security"));
        let mut s = spec();
        s.systemic_method = "fixed".into();
        let p = custom(&s, Lang::Zh).err().unwrap();
        assert_eq!(p.field.as_deref(), Some("systemic_ratio"));
        assert!(!p.message.contains("ratio"), "the form's words, not the file's: {}", p.message);
        // A ratio left from the fixed method does not count under another (QA: "30" typed
        // for fixed, then relative proportion chosen, blocked the calculation).
        s.systemic_ratio = "30".into();
        assert_eq!(custom(&s, Lang::En).err().unwrap().field.as_deref(), Some("systemic_ratio"));
        s.systemic_method = "none".into();
        assert!(custom(&s, Lang::En).is_ok());
        s.systemic_method = "relative-proportion".into();
        s.systemic_indices = "000001".into();
        let c = custom(&s, Lang::En).unwrap();
        assert_eq!(c.case.rules.systemic.ratio, None);
        s.systemic_method = "none".into();
        assert!(custom(&s, Lang::En).unwrap().case.rules.systemic.indices.is_empty());
        let mut s = spec();
        s.market = "date,close\n".into();
        assert_eq!(custom(&s, Lang::En).err().unwrap().field.as_deref(), Some("market"));
    }

    /// Every field goes through the core's parameter table: a percent is a percent, an
    /// unknown choice (a hand-edited link) is refused with its field and the allowed
    /// values, not silently taken as the default. Guards against the worker reading
    /// rates and choices with rules of its own (issue 17).
    #[test]
    fn the_custom_form_reads_every_field_as_the_core_does() {
        let commission = |text: &str| {
            let s = CaseSpec { commission_rate: text.into(), ..spec() };
            custom(&s, Lang::En).map(|c| c.case.rules.commission_rate.to_string())
        };
        for text in ["0.03%", "万分之三", "０.０３％", "0.0003"] {
            assert_eq!(commission(text).as_deref(), Ok("0.0003"), "{text}");
        }
        let p = commission("0.03").unwrap_err();
        assert_eq!(p.field.as_deref(), Some("commission_rate"));
        assert!(
            p.message.starts_with(
                "commission rate: the value “0.03” is not allowed: is 3%, above the brokers' cap"
            ),
            "{}",
            p.message
        );
        // Empty: what a case file without the field means (rules.md's 0.0003), as `--set`.
        assert_eq!(commission("").as_deref(), Ok("0.0003"));
        for (field, bad) in [
            ("netting", "both"),
            ("regime", "spc2011"),
            ("direction", "sideways"),
            ("systemic_method", "guess"),
            ("interest_days_per_year", "366"),
            ("buy_average", "lifo"),
        ] {
            let mut s = spec();
            *s.text_mut(field).unwrap() = bad.into();
            let p = custom(&s, Lang::En).err().unwrap_or_else(|| panic!("{field}={bad} taken"));
            assert_eq!(p.field.as_deref(), Some(field));
            assert!(p.message.contains(&format!("“{bad}”")), "{}", p.message);
            assert!(p.message.contains("is not one of the allowed values: "), "{}", p.message);
        }
        let s = CaseSpec {
            systemic_method: "fixed".into(),
            systemic_ratio: "百分之三十".into(),
            interest_rate: "0.35%".into(),
            ..spec()
        };
        let c = custom(&s, Lang::Zh).unwrap().case;
        assert_eq!(c.rules.systemic.ratio.map(|r| r.to_string()).as_deref(), Some("0.3"));
        assert_eq!(c.rules.interest_rate.map(|r| r.to_string()).as_deref(), Some("0.0035"));
    }

    /// What a built-in case is supplied goes through the same table, all values at once.
    #[test]
    fn supplied_values_are_read_together_and_as_percents() {
        let hlx = by_id("hailianxun-2014").unwrap();
        for order in [
            ["rules.systemic.ratio", "rules.systemic.method"],
            ["rules.systemic.method", "rules.systemic.ratio"],
        ] {
            let mut supplied = Supplied::default();
            for path in order {
                let value = if path.ends_with("ratio") { "30%" } else { "fixed" };
                supplied.set(path, value.into());
            }
            let (case, _, _) = builtin_with(hlx, &supplied, Lang::En).unwrap();
            assert_eq!(case.rules.systemic.ratio.map(|r| r.to_string()).as_deref(), Some("0.3"));
        }
        let mut supplied = Supplied::default();
        supplied.set("rules.systemic.method", "sometimes".into());
        let p = builtin_with(hlx, &supplied, Lang::Zh).unwrap_err();
        assert_eq!(p.field.as_deref(), Some("rules.systemic.method"));
        assert!(
            p.message.starts_with("系统风险扣除方法：值“sometimes”无效：不是允许的取值"),
            "{}",
            p.message
        );
    }

    #[test]
    fn search_finds_by_code_and_name() {
        // The core's search, best first (an exact code outranks a prefix of another).
        assert_eq!(search("300000")[0].id, "demo");
        assert_eq!(search("演示")[0].id, "demo");
        assert_eq!(search("DEMO")[0].id, "demo");
        assert_eq!(search("wfsk")[0].id, "wanfu-2013");
        assert!(search("nothing-like-this").is_empty());
        assert_eq!(search("").len(), builtin().len());
    }

    #[test]
    fn the_demo_parameters_are_marked_as_an_example() {
        let v = view(by_id("demo").unwrap(), Lang::Zh, None);
        assert!(v.parameters.iter().all(|p| p.status == ParamStatus::Example));
        let pb = v.parameters.iter().find(|p| p.path == "segments.main.base_price").unwrap();
        assert_eq!((pb.label.as_str(), pb.value.as_str()), ("基准价 Pb", "8.0000 元"));
    }

    #[test]
    fn parameter_notes_follow_the_language() {
        let wanfu = by_id("wanfu-2013").unwrap();
        let note = |lang| {
            let v = view(wanfu, lang, None);
            v.parameters.iter().find(|p| !p.note.is_empty()).map(|p| p.note.clone()).unwrap()
        };
        let (zh, en) = (note(Lang::Zh), note(Lang::En));
        assert!(zh.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)), "{zh}");
        assert!(en.is_ascii(), "English note is not English: {en}");
    }

    #[test]
    fn a_builtin_case_lists_what_it_needs_and_takes_what_is_supplied() {
        // Without its shipped public market data, a case asks for bars or Tb and Pb.
        let mut bare = by_id("wanfu-2013").unwrap().clone();
        bare.market_files.clear();
        let wanfu = &bare;
        let needs = needs(wanfu, Lang::Zh);
        assert!(needs.iter().any(|n| n.kind == NeedKind::Market));
        let pb = needs.iter().find(|n| n.path.ends_with(".base_price")).expect("Pb can be typed");
        let tb = needs.iter().find(|n| n.path.ends_with(".base_date")).expect("Tb can be typed");
        let mut supplied = Supplied::default();
        supplied.set(&pb.path, "8.50".into());
        supplied.set(&tb.path, "2013-06-01".into());
        let (case, market, indices) = builtin_with(wanfu, &supplied, Lang::Zh).unwrap();
        assert!(market.is_none() && indices.is_none());
        let seg = pb.path.split('.').nth(1).unwrap();
        let s = case.segments.iter().find(|s| s.id == seg).unwrap();
        assert_eq!(s.base_price.map(|p| p.0.to_string()).as_deref(), Some("8.50"));
        assert_eq!(case.provenance.get(&pb.path).map(|p| p.status), Some(Status::User));
        // A bad value names its path, and the message the parameter as the form does (a
        // segment by its disclosure date, not the case file's id).
        supplied.set(&tb.path, "not a date".into());
        let p = builtin_with(wanfu, &supplied, Lang::En).unwrap_err();
        assert_eq!(p.field.as_deref(), Some(tb.path.as_str()));
        let seg = tb.path.split('.').nth(1).unwrap();
        let t1 = wanfu.segments.iter().find(|s| s.id == seg).unwrap().disclosure_date;
        assert_eq!(
            p.message,
            format!(
                "base date Tb (disclosed {t1}): the value “not a date” is not allowed: is not a date (write 2024-05-01, 2024/5/1, 20240501 or 2024年5月1日)"
            )
        );
        assert_eq!(tb.label, format!("基准日 Tb（揭露日 {t1}）"), "the form names it so too");
    }

    /// The systemic method a case publishes is what an empty choice keeps, and the form
    /// says so (QA: 香溢融通's choice read "not chosen" beside "fixed, published").
    #[test]
    fn a_published_method_is_the_empty_choice_s_value() {
        let method = |id: &str| {
            needs(by_id(id).unwrap(), Lang::Zh)
                .into_iter()
                .find(|n| n.path == "rules.systemic.method")
                .map(|n| n.current)
        };
        let fixed = parameters::find("rules.systemic.method")
            .and_then(|m| m.choices().iter().find(|c| c.id == "fixed"))
            .map(|c| c.label(Lang::Zh).to_owned());
        assert_eq!(method("xiangyi-2021"), fixed);
        // 海联讯 publishes no method: nothing is kept.
        assert_eq!(method("hailianxun-2014").as_deref(), Some(""));
    }

    #[test]
    fn a_missing_parameter_is_named_by_its_label_not_its_path() {
        let xiangyi = by_id("xiangyi-2021").unwrap();
        let e = xiangyi.check_ready(true).expect_err("the systemic ratio is not published");
        let zh = problem_at_path(Some(xiangyi), &e, Lang::Zh);
        assert_eq!(zh.field.as_deref(), Some("rules.systemic.ratio"));
        assert_eq!(zh.message, "系统风险扣除比例：未公布：请选择，或不扣除系统风险计算");
        let en = problem_at_path(Some(xiangyi), &e, Lang::En);
        assert_eq!(
            en.message,
            "systemic ratio: is not published: choose it, or compute without deductions"
        );
        // The core's own message, for the command line, keeps the case and the path.
        assert!(e.message(Lang::En).contains("rules.systemic.ratio"));
    }

    #[test]
    fn an_unknown_deduction_offers_its_method_and_index_closes() {
        let guangdao = by_id("guangdao-2025").unwrap();
        let needs = needs(guangdao, Lang::En);
        assert!(needs.iter().any(|n| n.path == "rules.systemic.indices"));
        assert!(needs.iter().any(|n| n.path == "rules.systemic.method"));
        assert!(needs.iter().any(|n| n.kind == NeedKind::Index));
    }

    /// A case whose deduction method is unknown (海联讯) asks for what each method needs.
    /// Guards against choosing `fixed` asking for a ratio that had no field, and
    /// `index-comparison` for indices that had none.
    #[test]
    fn an_unknown_deduction_method_offers_what_each_method_needs() {
        let hlx = by_id("hailianxun-2014").unwrap();
        let needs = needs(hlx, Lang::En);
        for path in ["rules.systemic.method", "rules.systemic.ratio", "rules.systemic.indices"] {
            assert_eq!(needs.iter().filter(|n| n.path == path).count(), 1, "{path}");
        }
        assert!(needs.iter().any(|n| n.kind == NeedKind::Index));
        let mut supplied = Supplied::default();
        supplied.set("rules.systemic.method", "fixed".into());
        supplied.set("rules.systemic.ratio", "0.3".into());
        let (case, _, _) = builtin_with(hlx, &supplied, Lang::En).unwrap();
        assert_eq!(case.rules.systemic.method, SystemicMethod::Fixed);
        assert_eq!(case.rules.systemic.ratio.map(|r| r.0.to_string()).as_deref(), Some("0.3"));
    }

    /// "No deduction" chosen for a case whose scheme deducted market risk (or may have) is
    /// an upper bound, and says so (issue 15, item 5).
    #[test]
    fn no_deduction_where_the_scheme_deducted_is_an_upper_bound() {
        let chose_none = |id: &str, extra: &[(&str, &str)]| {
            let published = by_id(id).unwrap();
            let mut supplied = Supplied::default();
            supplied.set("rules.systemic.method", "none".into());
            for (p, v) in extra {
                supplied.set(p, (*v).into());
            }
            let (used, _, _) = builtin_with(published, &supplied, Lang::Zh).unwrap();
            upper_bound(published, &used, Lang::Zh)
        };
        // Deducted, with a ratio not published (香溢融通).
        let xiangyi = chose_none("xiangyi-2021", &[]).expect("an upper bound");
        assert!(xiangyi.starts_with("这是上限：本案的方案扣除了证券市场系统风险"), "{xiangyi}");
        // Whether it deducted is unknown (海联讯).
        let hlx = chose_none("hailianxun-2014", &[]).expect("an upper bound");
        assert!(hlx.contains("是否扣除证券市场系统风险未能确认"), "{hlx}");
        // A published deduction left out through a link's value (康美药业).
        assert!(chose_none("kangmei-2021", &[]).is_some());
        // A case that deducts nothing, and a deduction chosen, are no upper bound.
        let demo = by_id("demo").unwrap();
        assert_eq!(upper_bound(demo, demo, Lang::Zh), None);
        let published = by_id("hailianxun-2014").unwrap();
        let mut supplied = Supplied::default();
        supplied.set("rules.systemic.method", "fixed".into());
        supplied.set("rules.systemic.ratio", "0.3".into());
        let (used, _, _) = builtin_with(published, &supplied, Lang::En).unwrap();
        assert_eq!(upper_bound(published, &used, Lang::En), None);
    }

    /// Sources prefer official announcements; the others are marked (issue 15, item 6).
    /// Only official and reviewed publishers are links: a reprint on a site nobody vouched
    /// for is named by its host, as text (the 广道数字 case cited reprints on gambling
    /// sites, which the page linked).
    #[test]
    fn official_sources_come_first_and_unreviewed_ones_are_never_links() {
        let mut unlinked = 0;
        for case in builtin() {
            let v = view(case, Lang::Zh, None);
            let first_weak = v.sources.iter().position(|s| !s.official).unwrap_or(v.sources.len());
            assert!(v.sources[first_weak..].iter().all(|s| !s.official), "{}", case.id);
            for s in &v.sources {
                if s.linked {
                    assert!(case.sources.iter().any(|c| c.url == s.url), "{} {}", case.id, s.url);
                    assert!(redress::source::linkable(&s.url), "{} {}", case.id, s.url);
                } else {
                    unlinked += 1;
                    assert!(
                        !s.url.contains('/'),
                        "{}: {} is shown as its host only",
                        case.id,
                        s.url
                    );
                    assert!(
                        case.sources.iter().any(|c| redress::source::host_of(&c.url) == s.url
                            && !redress::source::linkable(&c.url)),
                        "{} {}",
                        case.id,
                        s.url
                    );
                }
            }
        }
        assert!(unlinked > 0, "the built-in cases cite unreviewed reprints, shown unlinked");
    }
}
