//! Stages 5–6 of the import: account labels, the chronological order of each file's
//! rows (newest-first files reversed, unordered ones sorted), overlapping exports of one
//! account de-duplicated by trade number, and the two orders the later stages walk.
//!
//! **Accounts.** A row's account is its own fund account (资金账号); else its file's most
//! frequent fund account; else the file's securities accounts (股东代码) together; else
//! the file's name. Identifiers are shown masked (`A0****0001`), a file name without its
//! extension.
//!
//! **A file's order.** A file whose dates never increase and decrease at least once lists
//! the newest rows first, and is reversed; a file whose dates go both ways is sorted by
//! date, keeping its order within a day. Both are noted.
//!
//! **Overlapping exports.** When several files are imported, a row of a later file is a
//! duplicate of a row of an earlier file of the same account, date and code with the same
//! trade number (成交编号, else 流水号), or, when it has none, the same business class,
//! quantity, price, balance and time. It is ignored as `duplicate`, naming that row, and a
//! note counts the duplicates of each pair of files. Rows of one file are never
//! duplicates of each other: identical fills in one export are real (broker-formats.md §0
//! rule 12).
//!
//! **The two orders** ([`State::order_by`]). By date, then file and the row's place in its
//! file's chronological order: what a balance column reflects (`reconcile.rs`). And the
//! order of the calculation (broker-formats.md §7.2): by date; within a day, credits
//! (bonus shares, transfers in, rights and new-share credits) first, then the other rows
//! by time, which only exchange fills keep (the others count as the start of the day),
//! then file and place. Brokers stamp credits, dividends and transfers with synthetic
//! times (00:00:00, 15:00:00, 17:00:01…), so their trades are written without a time,
//! and the calculation too puts them at the start of the day (`trade::merge_accounts`).
//! Known limit: the calculation breaks ties of untimed same-day trades of one account by
//! file and row, which for a newest-first file without a time column is the reverse of
//! the true order within a day.

use super::*;

impl State {
    /// Account keys: a row's fund account; else the file's most frequent fund account; else
    /// its securities accounts; else the file name.
    pub(super) fn label_accounts(&mut self) {
        for fi in 0..self.files.len() {
            let fs = &self.files[fi];
            let key = if let Some((&fund, _)) =
                fs.funds.iter().max_by_key(|(id, n)| (**n, std::cmp::Reverse(**id)))
            {
                self.strings.get(fund).to_owned()
            } else if !fs.holders.is_empty() {
                let mut h: Vec<&str> = fs.holders.iter().map(|&i| self.strings.get(i)).collect();
                h.sort_unstable();
                h.join("/")
            } else {
                format!("file:{}", fs.report.name)
            };
            let key_id = self.strings.id(&key);
            let label = label_of(&key);
            self.files[fi].report.account = label;
            let range = self.files[fi].recs.clone();
            for rec in &mut self.recs[range] {
                rec.account = if rec.fund != EMPTY { rec.fund } else { key_id };
            }
        }
    }

    /// Detects newest-first files and sets each row's chronological position.
    pub(super) fn order_files(&mut self) {
        for fi in 0..self.files.len() {
            let range = self.files[fi].recs.clone();
            let recs = &mut self.recs[range];
            let (mut inc, mut dec) = (0u32, 0u32);
            for w in recs.windows(2) {
                match w[0].date.cmp(&w[1].date) {
                    std::cmp::Ordering::Less => inc += 1,
                    std::cmp::Ordering::Greater => dec += 1,
                    std::cmp::Ordering::Equal => {}
                }
            }
            let n = u32::try_from(recs.len()).unwrap_or(u32::MAX);
            let order = if dec > 0 && inc == 0 {
                for r in recs.iter_mut() {
                    r.seq = n - 1 - r.order;
                }
                Order::NewestFirst
            } else if dec > 0 {
                let mut idx: Vec<usize> = (0..recs.len()).collect();
                idx.sort_by_key(|&i| (recs[i].date, recs[i].order));
                for (k, &i) in idx.iter().enumerate() {
                    recs[i].seq = u32::try_from(k).unwrap_or(u32::MAX);
                }
                Order::Unordered
            } else {
                for r in recs.iter_mut() {
                    r.seq = r.order;
                }
                Order::OldestFirst
            };
            let fs = &mut self.files[fi];
            fs.report.order = order;
            let name = fs.report.name.clone();
            let file = Some(fs.report.index);
            let mut note = |code: &'static str, message: Said| {
                self.notes.push(Note { file, ..Note::new(code, message) });
            };
            match order {
                Order::NewestFirst => note(
                    "newest-first",
                    said!(
                        "{} 按日期从新到旧排列，已按时间先后倒序处理",
                        "{} lists the newest rows first: its rows were reversed",
                        name
                    ),
                ),
                Order::Unordered => note(
                    "unordered",
                    said!(
                        "{} 的日期顺序混乱，已按日期排序（同一天内保持原顺序）",
                        "{} is not in date order: its rows were sorted by date, keeping the file's order within a day",
                        name
                    ),
                ),
                Order::OldestFirst => {}
            }
            if let Some(col) = fs.settlement_only.clone() {
                note(
                    "settlement-date",
                    said!(
                        "{} 只有交收日期列“{}”，已用作成交日期；交收日可能晚于成交日",
                        "{} has only a settlement date column “{}”, used as the trade date; settlement may be later than the trade",
                        name,
                        col
                    ),
                );
            }
            if fs.no_code_column {
                note(
                    "no-code-column",
                    said!(
                        "{} 没有证券代码列：证券按名称区分，请按名称选择",
                        "{} has no security code column: securities are told apart by name; select by name",
                        name
                    ),
                );
            }
            if fs.report.malformed > 0 {
                note(
                    "malformed-text",
                    said!(
                        "{} 有 {} 处无法解码的字节（显示为 �），请确认编码",
                        "{} has {} byte sequences that could not be decoded (shown as �): check its encoding",
                        name,
                        fs.report.malformed
                    ),
                );
            }
            if !fs.other_sheets.is_empty() {
                let sheets = fs.other_sheets.join("、");
                note(
                    "other-sheets",
                    said!(
                        "{} 只读取了第一个工作表，未读取：{}",
                        "{}: only the first sheet was read; not read: {}",
                        name,
                        sheets
                    ),
                );
            }
        }
    }

    /// Overlapping exports of one account: a row of a later file with the same trade
    /// number (and date and code), or with no number but identical in every value read,
    /// is a duplicate of the earlier file's row.
    pub(super) fn dedup(&mut self) {
        if self.files.len() < 2 {
            return;
        }
        type Key = (
            u32,
            Date,
            u32,
            Option<Id>,
            Option<Class>,
            Option<Decimal>,
            Option<Decimal>,
            Option<i64>,
            Option<TimeOfDay>,
        );
        let key = |r: &Rec| -> Key {
            match &r.id {
                Some(id) => {
                    (r.account, r.date, r.code, Some(id.clone()), None, None, None, None, None)
                }
                None => (r.account, r.date, r.code, None, r.class, r.qty, r.price, r.bal, r.time),
            }
        };
        let mut seen: Map<Key, Vec<(u32, u32)>> = Map::default();
        let mut dup_count: Map<(u32, u32), u32> = Map::default();
        for fi in 0..self.files.len() {
            let range = self.files[fi].recs.clone();
            let mut this_file: Vec<(Key, (u32, u32))> = Vec::new();
            for i in range {
                let k = key(&self.recs[i]);
                let earlier = seen
                    .get_mut(&k)
                    .and_then(|v| if v.is_empty() { None } else { Some(v.remove(0)) });
                match earlier {
                    Some((f, line)) => {
                        let name = self.files[f as usize].report.name.clone();
                        self.recs[i].outcome =
                            Outcome::Ignored(Reason::Duplicate { file: name.into(), row: line });
                        *dup_count.entry((self.recs[i].file, f)).or_insert(0) += 1;
                    }
                    None => this_file.push((k, (self.recs[i].file, self.recs[i].line))),
                }
            }
            for (k, v) in this_file {
                seen.entry(k).or_default().push(v);
            }
        }
        let mut pairs: Vec<_> = dup_count.into_iter().collect();
        pairs.sort_unstable();
        for ((later, earlier), n) in pairs {
            let (a, b) = (
                &self.files[later as usize].report.name,
                &self.files[earlier as usize].report.name,
            );
            let message = said!(
                "{} 与 {} 有 {} 行重复（同一账户的重叠导出），只计一次",
                "{} repeats {} rows of {} (overlapping exports of one account): each counted once",
                a,
                n,
                b
            );
            self.notes.push(Note {
                file: Some(later),
                shares: Some(i64::from(n)),
                ..Note::new("duplicates", message)
            });
        }
    }

    /// Indices of the rows in chronological order: by date, then file and the file's
    /// order (`rule = false`, what balance columns reflect), or by date, credits first,
    /// time, file and order (`rule = true`, §7.2).
    pub(super) fn order_by(&self, rule: bool) -> Vec<usize> {
        // One integer per row: date (22 bits from 2200 BC), [fills after credits, time of
        // fills,] file (16 bits), position in the file, then the row's index.
        let mut keyed: Vec<u128> = self
            .recs
            .iter()
            .enumerate()
            .map(|(i, r)| {
                let date = u128::from(
                    (r.date.day_number().saturating_add(1_500_000))
                        .clamp(0, (1 << 22) - 1)
                        .cast_unsigned(),
                );
                let (later, time) = if rule {
                    let credit = r.class.is_some_and(is_credit);
                    let time = if is_fill(r.class) { r.time.map_or(0, |t| t.0) } else { 0 };
                    (u128::from(!credit), u128::from(time.min((1 << 17) - 1)))
                } else {
                    (0, 0)
                };
                let file = u128::from(r.file.min(0xFFFF));
                date << 98
                    | later << 97
                    | time << 80
                    | file << 64
                    | u128::from(r.seq) << 32
                    | i as u128
            })
            .collect();
        if !keyed.is_sorted() {
            keyed.sort_unstable();
        }
        keyed.into_iter().map(|k| (k & 0xFFFF_FFFF) as usize).collect()
    }
}
