//! An investor's deadlines for a case: the three-year limitation period that runs from
//! the disclosure or correction date (Civil Code Art. 188; 2022 provisions Art. 32), and
//! the dates a case file records with their sources — an advance-payment scheme's claim
//! window, a court's registration or opt-out deadline, the filing of a representative
//! action (which interrupts the limitation period for the rights-holders).
//!
//! "Today" is an input: the core reads no clock. The page passes its own date, the
//! command line the system date or `--today`.

use serde::{Deserialize, Serialize};

use crate::case::{Case, Status};
use crate::date::Date;
use crate::lang::Lang;
use crate::tr;

/// The dates a case file records (`[deadlines]`), each marked in the provenance table as
/// `deadlines.<field>`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Dates {
    /// First day of an advance-payment scheme's claim window (申报).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub claim_start: Option<Date>,
    /// Last day of the claim window.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub claim_end: Option<Date>,
    /// Last day to register as a rights-holder in an ordinary representative action
    /// (权利登记).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub registration_end: Option<Date>,
    /// Last day to opt out of a special representative action (声明退出).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub opt_out_end: Option<Date>,
    /// The day a representative action was filed or accepted: it interrupts the
    /// limitation period for the rights-holders (2022 provisions Art. 33).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub action_filed: Option<Date>,
    /// The disclosure or correction date the limitation period runs from, when it is not
    /// the earliest segment's `T1` (a case may set `T1` to the next day so that the
    /// evening's announcement leaves that day's purchases in the window).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limitation_from: Option<Date>,
    /// The years of the limitation period when they are not the Civil Code's three (two
    /// under the General Principles of Civil Law, Art. 135, for periods that had run out
    /// by 2017-10-01).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limitation_years: Option<u8>,
}

impl Dates {
    /// Whether the case records none.
    pub fn is_empty(&self) -> bool {
        *self == Dates::default()
    }

    /// The fields by their names in the case file.
    pub fn fields(&self) -> [(&'static str, Option<Date>); 6] {
        [
            ("limitation_from", self.limitation_from),
            ("claim_start", self.claim_start),
            ("claim_end", self.claim_end),
            ("registration_end", self.registration_end),
            ("opt_out_end", self.opt_out_end),
            ("action_filed", self.action_filed),
        ]
    }

    /// A field by its value as written, `None` when there is no such field.
    pub fn get(&self, field: &str) -> Option<Option<String>> {
        if field == "limitation_years" {
            return Some(self.limitation_years.map(|y| y.to_string()));
        }
        self.fields().into_iter().find(|(f, _)| *f == field).map(|(_, d)| d.map(|d| d.to_string()))
    }
}

/// What a deadline is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    /// The limitation period starts: the earliest disclosure or correction date.
    LimitationStart,
    /// The limitation period's start is not recorded (a case disclosed before the 2022
    /// provisions: it ran from the publication of the penalty decision).
    LimitationUnknown,
    /// The limitation period ends, three years later.
    LimitationEnd,
    /// A representative action was filed (the period is interrupted).
    ActionFiled,
    /// The scheme's claim window opens.
    ClaimStart,
    /// The scheme's claim window closes.
    ClaimEnd,
    /// The last day to register in an ordinary representative action.
    RegistrationEnd,
    /// The last day to opt out of a special representative action.
    OptOutEnd,
}

/// One deadline.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Deadline {
    /// What it is.
    pub kind: Kind,
    /// The day.
    pub date: Date,
    /// Days from today to the day (negative: past).
    pub days_left: i64,
    /// What it means, in the requested language.
    pub text: String,
    /// The provision or source it rests on.
    pub authority: String,
    /// How sure the date is (`None` for the limitation period, which the law fixes).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<Status>,
    /// The source of a date the case file records.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub source: String,
}

/// The day `years` years after `from`: the corresponding day, or the month's last day
/// when it has none (Civil Code Art. 201–202: the first day is not counted, the period
/// ends on the corresponding day).
pub fn years_after(from: Date, years: i32) -> Date {
    let (y, m, d) = from.ymd();
    (0..4).find_map(|back| Date::from_ymd(y + years, m, d - back)).unwrap_or(from)
}

/// The deadlines of a case as of `today`, in date order.
pub fn deadlines(case: &Case, today: Date, lang: Lang) -> Vec<Deadline> {
    let mut out = Vec::new();
    let left = |d: Date| i64::from(d.day_number()) - i64::from(today.day_number());
    let earliest = case.segments.iter().map(|s| s.disclosure_date).min();
    // The 2022 provisions (in force 2022-01-22) count from the disclosure or correction
    // date; before them the period ran from the publication of the penalty decision
    // (2003 provisions Art. 5; 法〔2022〕36号 keeps that start for cases penalised
    // earlier), a date only the case file can give.
    let in_force = Date::from_ymd(2022, 1, 22).expect("a date");
    let start = case.deadlines.limitation_from.or(earliest.filter(|d| *d >= in_force));
    if let (None, Some(t1)) = (start, earliest) {
        out.push(Deadline {
            kind: Kind::LimitationUnknown,
            date: t1,
            days_left: left(t1),
            text: tr!(
                lang,
                "本案在 2022 年规定施行（2022-01-22）前揭露：诉讼时效自行政处罚决定公布之日起算（2003 年规定第五条），本案未记录该日期。",
                "This case was disclosed before the 2022 provisions took effect (2022-01-22): the limitation period ran from the publication of the penalty decision (2003 provisions, Art. 5), a date this case does not record."
            ),
            authority: lang.pick("法释〔2003〕2号 第五条", "SPC provisions 2003, Art. 5").to_owned(),
            status: None,
            source: String::new(),
        });
    }
    if let Some(start) = start {
        let years = case.deadlines.limitation_years.unwrap_or(3);
        let end = years_after(start, i32::from(years));
        out.push(Deadline {
            kind: Kind::LimitationStart,
            date: start,
            days_left: left(start),
            text: if case.deadlines.limitation_from.is_some() {
                tr!(lang, "诉讼时效自 {} 起算。", "The limitation period runs from {}.", start)
            } else {
                tr!(
                    lang,
                    "诉讼时效自揭露日或更正日（取较早者）起算：{}",
                    "The limitation period runs from the disclosure or correction date (the earlier): {}",
                    start
                )
            },
            // A start before the 2022 provisions is the penalty decision's publication
            // (2003 Art. 5); from them on, the disclosure or correction date (2022 Art. 32).
            authority: if start < in_force {
                lang.pick("法释〔2003〕2号 第五条", "SPC provisions 2003, Art. 5")
            } else {
                lang.pick("法释〔2022〕2号 第三十二条", "SPC provisions 2022, Art. 32")
            }
            .to_owned(),
            status: case.provenance.get("deadlines.limitation_from").map(|p| p.status),
            source: case
                .provenance
                .get("deadlines.limitation_from")
                .map(|p| p.source.clone())
                .unwrap_or_default(),
        });
        out.push(Deadline {
            kind: Kind::LimitationEnd,
            date: end,
            days_left: left(end),
            text: if left(end) >= 0 {
                tr!(
                    lang,
                    "{} 年诉讼时效到 {} 届满，还有 {} 天。",
                    "The {}-year limitation period ends on {}, in {} days.",
                    years,
                    end,
                    left(end)
                )
            } else {
                tr!(
                    lang,
                    "{} 年诉讼时效已于 {} 届满。已参加代表人诉讼或已起诉、申报的投资者不受影响；其他情况请咨询律师或投资者保护机构。",
                    "The {}-year limitation period ended on {}. Investors who joined a representative action, sued or claimed in time are not affected; otherwise, ask a lawyer or an investor-protection body.",
                    years,
                    end
                )
            },
            authority: lang.pick("民法典 第一百八十八条", "Civil Code, Art. 188").to_owned(),
            status: None,
            source: String::new(),
        });
    }
    for (field, date) in case.deadlines.fields() {
        let Some(date) = date.filter(|_| field != "limitation_from") else { continue };
        let p = case.provenance.get(&format!("deadlines.{field}"));
        let days = left(date);
        let past = days < 0;
        let (kind, text, authority) = match field {
            "claim_start" if past => (
                Kind::ClaimStart,
                tr!(lang, "先行赔付申报自 {} 开始。", "Claims to the scheme opened on {}.", date),
                lang.pick("先行赔付方案公告", "the scheme's announcement"),
            ),
            "claim_start" => (
                Kind::ClaimStart,
                tr!(
                    lang,
                    "先行赔付申报自 {} 开始，还有 {} 天。",
                    "Claims to the scheme open on {}, in {} days.",
                    date,
                    days
                ),
                lang.pick("先行赔付方案公告", "the scheme's announcement"),
            ),
            "claim_end" if past => (
                Kind::ClaimEnd,
                tr!(
                    lang,
                    "先行赔付的申报已于 {} 截止。没有申报的投资者仍可依法起诉（方案不影响诉权）。",
                    "Claims to the scheme closed on {}. Investors who did not claim may still sue (the scheme does not take away that right).",
                    date
                ),
                lang.pick("先行赔付方案公告", "the scheme's announcement"),
            ),
            "claim_end" => (
                Kind::ClaimEnd,
                tr!(
                    lang,
                    "先行赔付申报到 {} 截止，还有 {} 天。",
                    "Claims to the scheme close on {}, in {} days.",
                    date,
                    days
                ),
                lang.pick("先行赔付方案公告", "the scheme's announcement"),
            ),
            "registration_end" => (
                Kind::RegistrationEnd,
                if past {
                    tr!(
                        lang,
                        "代表人诉讼的权利登记已于 {} 截止；未登记的投资者可以另行起诉。",
                        "Registration in the representative action closed on {}; investors who did not register may sue separately.",
                        date
                    )
                } else {
                    tr!(
                        lang,
                        "代表人诉讼的权利登记到 {} 截止，还有 {} 天。",
                        "Registration in the representative action closes on {}, in {} days.",
                        date,
                        days
                    )
                },
                lang.pick("法院公告", "the court's notice"),
            ),
            "opt_out_end" => (
                Kind::OptOutEnd,
                if past {
                    tr!(
                        lang,
                        "特别代表人诉讼的声明退出已于 {} 截止：未退出的权利人都在诉讼中。",
                        "Opting out of the special representative action closed on {}: rights-holders who did not opt out are in the action.",
                        date
                    )
                } else {
                    tr!(
                        lang,
                        "特别代表人诉讼“默示加入、明示退出”：不想参加的，到 {} 前声明退出，还有 {} 天；不必做什么即可参加。",
                        "The special representative action includes every rights-holder who does not opt out: to stay out, opt out by {} ({} days left); to take part, nothing needs doing.",
                        date,
                        days
                    )
                },
                lang.pick("法院公告", "the court's notice"),
            ),
            _ => (
                Kind::ActionFiled,
                tr!(
                    lang,
                    "{} 法院受理代表人诉讼。普通代表人诉讼对同类权利人中断诉讼时效，未登记的自登记期满后重新计算；特别代表人诉讼中声明退出的，自退出次日重新计算。",
                    "On {} the court accepted the representative action. An ordinary one interrupts the limitation period for every rights-holder, restarting it when registration closes for those who did not register; in a special one, it restarts the day after an investor opts out.",
                    date
                ),
                lang.pick("法释〔2022〕2号 第三十三条", "SPC provisions 2022, Art. 33"),
            ),
        };
        out.push(Deadline {
            kind,
            date,
            days_left: days,
            text,
            authority: authority.to_owned(),
            status: p.map(|p| p.status),
            source: p.map(|p| p.source.clone()).unwrap_or_default(),
        });
    }
    out.sort_by_key(|d| d.date);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        Date::parse_loose(s).unwrap()
    }

    #[test]
    fn three_years_end_on_the_corresponding_day_or_the_month_s_last() {
        assert_eq!(years_after(d("2022-02-12"), 3), d("2025-02-12"));
        assert_eq!(years_after(d("2020-02-29"), 3), d("2023-02-28"));
    }

    #[test]
    fn the_limitation_period_runs_from_the_earliest_disclosure_and_counts_days_left() {
        let case = crate::cases::by_id("zeda-2023").unwrap();
        let all = deadlines(case, d("2024-02-12"), Lang::Zh);
        let end = all.iter().find(|x| x.kind == Kind::LimitationEnd).unwrap();
        assert_eq!(end.date, d("2025-05-12"));
        assert_eq!(end.days_left, 455, "2024 is a leap year: 17 + 31 + 365 + 42");
        assert!(end.text.contains("还有 455 天"), "{}", end.text);
        let past = deadlines(case, d("2026-12-04"), Lang::En);
        let end = past.iter().find(|x| x.kind == Kind::LimitationEnd).unwrap();
        assert!(end.days_left < 0 && end.text.contains("ended on 2025-05-12"), "{}", end.text);
    }

    fn kinds(all: &[Deadline]) -> Vec<Kind> {
        all.iter().map(|x| x.kind).collect()
    }

    fn find(all: &[Deadline], kind: Kind) -> &Deadline {
        all.iter().find(|x| x.kind == kind).unwrap_or_else(|| panic!("no {kind:?} in {all:?}"))
    }

    /// A scheme's claim window (紫晶存储's advance payment, 2023-05-31 to
    /// 2023-06-30), before it opens, while it is open and after it closed, each with the
    /// scheme's announcement as its source.
    #[test]
    fn a_scheme_s_claim_window_before_during_and_after() {
        let case = crate::cases::by_id("zijing-2023").unwrap();
        let before = deadlines(case, d("2023-05-21"), Lang::En);
        use Kind::*;
        assert_eq!(kinds(&before), [LimitationStart, ClaimStart, ClaimEnd, LimitationEnd]);
        let open = find(&before, ClaimStart);
        assert_eq!((open.date, open.days_left), (d("2023-05-31"), 10));
        assert_eq!(open.text, "Claims to the scheme open on 2023-05-31, in 10 days.");
        assert_eq!(open.authority, "the scheme's announcement");
        let during = deadlines(case, d("2023-06-10"), Lang::Zh);
        assert_eq!(find(&during, ClaimStart).text, "先行赔付申报自 2023-05-31 开始。");
        let close = find(&during, ClaimEnd);
        assert_eq!((close.date, close.days_left), (d("2023-06-30"), 20));
        assert_eq!(close.text, "先行赔付申报到 2023-06-30 截止，还有 20 天。");
        assert_eq!(close.status, Some(Status::Published));
        assert_eq!(close.source, "http://bs.baitongwang.com/tengchongshi/2023/0617/28865.html");
        let after = deadlines(case, d("2023-07-01"), Lang::Zh);
        let closed = find(&after, ClaimEnd);
        assert_eq!(closed.days_left, -1);
        assert!(
            closed
                .text
                .starts_with("先行赔付的申报已于 2023-06-30 截止。没有申报的投资者仍可依法起诉")
        );
        // The limitation period runs from the day the scheme calls the disclosure date.
        assert_eq!(find(&after, LimitationStart).date, d("2022-02-11"));
        assert_eq!(find(&after, LimitationEnd).date, d("2025-02-11"));
    }

    /// Court cases. 康美药业: an ordinary representative action accepted on
    /// 2020-12-31 with registration until 2021-04-24, disclosed before the 2022 provisions
    /// (no start of the limitation period recorded); 美尚生态: a special representative
    /// action, opted out of by 2025-02-19 (disclosed in 2021, no start recorded either).
    #[test]
    fn a_court_s_registration_and_opt_out_deadlines() {
        use Kind::*;
        let kangmei = crate::cases::by_id("kangmei-2021").unwrap();
        let all = deadlines(kangmei, d("2021-04-14"), Lang::Zh);
        assert_eq!(kinds(&all), [LimitationUnknown, ActionFiled, RegistrationEnd]);
        let filed = find(&all, ActionFiled);
        assert_eq!(
            (filed.date, filed.authority.as_str()),
            (d("2020-12-31"), "法释〔2022〕2号 第三十三条")
        );
        let register = find(&all, RegistrationEnd);
        assert_eq!(register.text, "代表人诉讼的权利登记到 2021-04-24 截止，还有 10 天。");
        assert_eq!(register.authority, "法院公告");
        let later = deadlines(kangmei, d("2021-04-25"), Lang::En);
        assert_eq!(
            find(&later, RegistrationEnd).text,
            "Registration in the representative action closed on 2021-04-24; investors who did not register may sue separately."
        );
        let meishang = crate::cases::by_id("meishang-2023").unwrap();
        let all = deadlines(meishang, d("2025-02-09"), Lang::En);
        assert_eq!(kinds(&all), [LimitationUnknown, ActionFiled, OptOutEnd]);
        let opt_out = find(&all, OptOutEnd);
        assert_eq!(opt_out.days_left, 10);
        assert!(
            opt_out.text.contains(
                "opt out by 2025-02-19 (10 days left); to take part, nothing needs doing"
            ),
            "{}",
            opt_out.text
        );
        let after = deadlines(meishang, d("2025-02-20"), Lang::Zh);
        assert!(
            find(&after, OptOutEnd)
                .text
                .starts_with("特别代表人诉讼的声明退出已于 2025-02-19 截止")
        );
    }

    /// A case that publishes no window (广道数字's scheme has announced none;
    /// 乐视网's court case records none) lists the limitation period alone, never a date of
    /// its own making.
    #[test]
    fn a_case_with_no_published_window_lists_the_limitation_period_alone() {
        use Kind::*;
        let guangdao = crate::cases::by_id("guangdao-2025").unwrap();
        assert!(guangdao.deadlines.is_empty());
        let all = deadlines(guangdao, d("2025-06-01"), Lang::Zh);
        assert_eq!(kinds(&all), [LimitationStart, LimitationEnd]);
        assert_eq!(find(&all, LimitationStart).date, d("2024-12-05"), "the disclosure date");
        assert_eq!(find(&all, LimitationEnd).date, d("2027-12-05"));
        assert!(all.iter().all(|x| x.source.is_empty() && x.status.is_none()), "{all:?}");
        let leshi = crate::cases::by_id("leshi-2021").unwrap();
        assert!(leshi.deadlines.is_empty());
        let all = deadlines(leshi, d("2025-06-01"), Lang::En);
        assert_eq!(kinds(&all), [LimitationUnknown]);
        assert_eq!(all[0].date, d("2017-07-11"), "placed at the disclosure date, no end invented");
    }

    #[test]
    fn before_the_2022_provisions_the_start_is_the_penalty_s_publication() {
        // A case that records no penalty date: the rule is said, no date invented.
        let mut case = crate::cases::by_id("xiangyi-2021").unwrap().clone();
        case.deadlines = Dates::default();
        let all = deadlines(&case, d("2026-12-04"), Lang::Zh);
        assert_eq!(all.iter().map(|x| x.kind).collect::<Vec<_>>(), [Kind::LimitationUnknown]);
        // A recorded start and the two years of the old law.
        case.deadlines.limitation_from = Some(d("2013-09-24"));
        case.deadlines.limitation_years = Some(2);
        let all = deadlines(&case, d("2014-09-24"), Lang::En);
        let end = all.iter().find(|x| x.kind == Kind::LimitationEnd).unwrap();
        assert_eq!((end.date, end.days_left), (d("2015-09-24"), 365));
        assert!(end.text.starts_with("The 2-year limitation period"), "{}", end.text);
        // Its start is the 2003 provisions' (QA: 欣泰电气's cited 2022 Art. 32).
        let start = all.iter().find(|x| x.kind == Kind::LimitationStart).unwrap();
        assert_eq!(start.authority, "SPC provisions 2003, Art. 5");
        let xintai = crate::cases::by_id("xintai-2017").unwrap();
        let all = deadlines(xintai, d("2026-12-04"), Lang::Zh);
        let start = all.iter().find(|x| x.kind == Kind::LimitationStart).unwrap();
        assert_eq!(start.authority, "法释〔2003〕2号 第五条");
        // From the 2022 provisions on, their Art. 32.
        let zijing = crate::cases::by_id("zijing-2023").unwrap();
        let all = deadlines(zijing, d("2026-12-04"), Lang::En);
        let start = all.iter().find(|x| x.kind == Kind::LimitationStart).unwrap();
        assert_eq!(start.authority, "SPC provisions 2022, Art. 32");
    }
}
