//! Stage 7 of the import: per account and security, the balance column against the rows
//! (the opening position inferred, gaps reported) and sells beyond the known position
//! reported as shares of unknown origin, never a negative position.
//!
//! **The balance column**, per account and security, in the order balances reflect (by
//! date, then file and place in the file's chronological order). A row's balance is an
//! observation when its business is known and not void and the row moves shares or shows a
//! holding: a zero on a cash row of the code says nothing. At the first observation, the
//! opening position is the balance − the row's own change − the changes of the rows before
//! it; a positive opening is reported (`opening-inferred`, naming the row) and becomes
//! [`Import::openings`], which the calculation takes as `Input::opening_position` (held
//! before T0, rules.md §2). A negative difference there, and every later disagreement, is a
//! gap (`balance-gap`, between which rows, with the signed number of shares): the position
//! takes the balance from there on, but a gap is never added to the opening.
//!
//! **Unknown origin**, in the order of the calculation (`order.rs`): a row that would take
//! the position below zero (from the inferred opening, with the gaps) is reported as
//! `unknown-origin` with the shares it lacks, and the position stays at zero. The trade
//! is kept as it is: the calculation's own shortfall rule counts those shares as opening
//! position, with its warning.

use super::*;

impl State {
    /// Balance columns and positions, per account and code. Returns the inferred openings.
    pub(super) fn reconcile(
        &mut self,
        by_file: &[usize],
        by_rule: &[usize],
    ) -> Map<(u32, u32), i64> {
        let mut openings: Map<(u32, u32), i64> = Map::default();
        // Pass 1, in file order: what the balance columns say.
        // Per account and code: the position so far, and whether a balance was seen.
        let mut state: Map<(u32, u32), (i64, bool)> = Map::default();
        for &i in by_file {
            let r = &self.recs[i];
            if r.code == EMPTY && r.name == EMPTY
                || matches!(r.outcome, Outcome::Ignored(Reason::Duplicate { .. }))
            {
                continue;
            }
            let d = delta(r);
            let key = (r.account, r.code);
            let (balance, class) = (r.bal, r.class);
            let st = state.entry(key).or_insert((0, false));
            // A balance is an observation when the row moves shares or shows a holding (a
            // zero on a cash row of the code says nothing).
            if let Some(b) = balance
                && (d != 0 || b > 0)
                && class.is_some_and(|c| c != Class::Void)
            {
                let expected = b - d;
                let diff = expected - st.0;
                match st.1 {
                    false if diff > 0 => {
                        openings.insert(key, diff);
                    }
                    _ if diff != 0 => {
                        self.recs[i].gap = diff;
                    }
                    _ => {}
                }
                st.0 = expected;
                st.1 = true;
                self.recs[i].observed = true;
            }
            st.0 += d;
        }
        // Notes for openings and gaps.
        let mut last_obs: Map<(u32, u32), (u32, u32)> = Map::default();
        for &i in by_file {
            let r = &self.recs[i];
            let key = (r.account, r.code);
            let opening_here =
                !last_obs.contains_key(&key) && r.observed && openings.contains_key(&key);
            if !opening_here && r.gap == 0 {
                if r.observed {
                    last_obs.insert(key, (r.file, r.line));
                }
                continue;
            }
            let (code, name, account) = (
                self.strings.get(r.code).to_owned(),
                self.strings.get(r.name).to_owned(),
                label_of(self.strings.get(r.account)),
            );
            let sec = if code.is_empty() { name.clone() } else { code.clone() };
            if !last_obs.contains_key(&key)
                && let Some(&o) = openings.get(&key)
                && r.observed
            {
                let said = said!(
                    "{} {}：余额列显示第一条记录之前已持有 {} 股（记录开始前的持仓，或未导出的转入、配股、新股入账）；按期初持仓计",
                    "{} {}: the balance column shows {} shares held before the first row (held before the history, or a transfer, rights or new-share credit not exported); counted as the opening position",
                    sec,
                    name,
                    crate::format::shares(Decimal::from(o))
                );
                self.notes.push(Note {
                    file: Some(r.file),
                    row: Some(r.line),
                    security: Some(sec.clone()),
                    account: Some(account.clone()),
                    shares: Some(o),
                    ..Note::new("opening-inferred", said)
                });
            }
            if r.gap != 0 {
                let from = last_obs.get(&key).map(|&(_, l)| l);
                let g = r.gap;
                let message = match (g > 0, from) {
                    (true, Some(f)) => said!(
                        "{} {}：第 {} 行与第 {} 行之间余额多出 {} 股，没有记录说明来源（缺少转入、红股、配股或新股入账记录？）",
                        "{} {}: between rows {} and {} the balance grows by {} shares that no row explains (a missing transfer, bonus, rights or new-share credit?)",
                        sec,
                        name,
                        f,
                        r.line,
                        crate::format::shares(Decimal::from(g))
                    ),
                    (true, None) => said!(
                        "{} {}：第 {} 行之前余额多出 {} 股，没有记录说明来源",
                        "{} {}: before row {} the balance grows by {} shares that no row explains",
                        sec,
                        name,
                        r.line,
                        crate::format::shares(Decimal::from(g))
                    ),
                    (false, Some(f)) => said!(
                        "{} {}：第 {} 行与第 {} 行之间余额少了 {} 股，没有记录说明去向（缺少卖出或转出记录？）",
                        "{} {}: between rows {} and {} the balance drops by {} shares that no row explains (a missing sell or transfer out?)",
                        sec,
                        name,
                        f,
                        r.line,
                        crate::format::shares(Decimal::from(-g))
                    ),
                    (false, None) => said!(
                        "{} {}：第 {} 行之前余额少了 {} 股，没有记录说明去向",
                        "{} {}: before row {} the balance drops by {} shares that no row explains",
                        sec,
                        name,
                        r.line,
                        crate::format::shares(Decimal::from(-g))
                    ),
                };
                self.notes.push(Note {
                    file: Some(r.file),
                    row: Some(r.line),
                    security: Some(sec.clone()),
                    account: Some(account.clone()),
                    shares: Some(g),
                    ..Note::new("balance-gap", message)
                });
            }
            if r.observed {
                last_obs.insert(key, (r.file, r.line));
            }
        }
        // Pass 2, in the order of §7.2: positions, and shares of unknown origin.
        // Per account and code: position, and the day and position at its start.
        let mut pos: Map<(u32, u32), (i64, Date, i64)> = Map::default();
        for &i in by_rule {
            let r = &self.recs[i];
            if r.code == EMPTY && r.name == EMPTY
                || matches!(r.outcome, Outcome::Ignored(Reason::Duplicate { .. }))
            {
                continue;
            }
            let key = (r.account, r.code);
            let open = openings.get(&key).copied().unwrap_or_default();
            let (p, day, start) = pos.entry(key).or_insert((open, r.date, open));
            if *day != r.date {
                *day = r.date;
                *start = *p;
            }
            let day_start = *start;
            let d = delta(r);
            *p += r.gap;
            *p += d;
            let mut unknown = 0;
            if *p < 0 {
                unknown = -*p;
                *p = 0;
            }
            let r = &mut self.recs[i];
            r.day_start = day_start;
            r.unknown = unknown;
        }
        for &i in by_rule {
            let r = &self.recs[i];
            if r.unknown == 0 {
                continue;
            }
            let (code, name) = (self.strings.get(r.code), self.strings.get(r.name));
            let sec = if code.is_empty() { name.to_owned() } else { code.to_owned() };
            let said = said!(
                "{} {}：这笔卖出比已知持仓多 {} 股，这些股份来源不明（记录开始前的持仓，或本文件未包含的转入、配股、新股入账）；计算时作为期初持仓",
                "{} {}: this sell exceeds the known position by {} shares of unknown origin (held before the history, or a transfer, rights or new-share credit this file lacks); the calculation counts them as opening position",
                sec,
                name,
                crate::format::shares(Decimal::from(r.unknown))
            );
            self.notes.push(Note {
                file: Some(r.file),
                row: Some(r.line),
                security: Some(sec.clone()),
                account: Some(label_of(self.strings.get(r.account))),
                shares: Some(r.unknown),
                ..Note::new("unknown-origin", said)
            });
        }
        openings
    }
}
