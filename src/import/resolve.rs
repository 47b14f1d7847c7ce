//! Stages 8–9 of the import: prices of rights and new-share credits from their payment
//! rows, cash per share of dividends from the holding, every row's outcome, and the
//! trades and report that account for every row.
//!
//! **Rights and new shares.** A rights credit (配股入账) is a `rights` trade (a buy at the
//! subscription price, rules.md §2) priced by its payment (配股缴款): the payment's
//! price, else its amount ÷ its quantity. A new-share credit (新股入账, 中签入账, 新增证券,
//! 股份登记…) is a buy at the issue price: the row's own price, else its payment's
//! (中签缴款) amount ÷ the shares credited. Amounts divided are rounded half-up to six
//! places. The payment is found by [`State::pair`]. With no payment to price it, the
//! credit is rejected (`rights-without-price`, `ipo-without-price`): a cost is never
//! invented. The entitlement, subscription, lottery, allotment and payment rows
//! themselves are ignored with their reasons (their quantities are not shares).
//!
//! **Dividends.** The cash is the row's 成交金额, else its |发生金额|. The holding it was
//! paid on is `权益股数` in the remark, else the position at the start of the day from the
//! rows before it (before same-day bonus shares: 10派5转3 pays on the 1,300 shares held,
//! not the 1,690 after), else the balance column. Cash ÷ holding, rounded half-up to six
//! places, is the cash per share. Without cash or holding the row is ignored with its
//! reason; the quantity on a dividend row is never read as a change of shares
//! (broker-formats.md §0 rule 8).
//!
//! **A buy or sell without a price** takes its amount ÷ its quantity (rounded half-up to
//! six places, noted); without either it is rejected. A purchase written with a negative
//! quantity is rejected: the side and the sign contradict each other. A sale may be
//! written negative.

use super::*;

impl State {
    /// Decides every row's outcome.
    pub(super) fn resolve(&mut self, by_file: &[usize], by_rule: &[usize]) {
        // Payments that price later credits, per account: (index, mapped code).
        let mut rights: Vec<usize> = Vec::new();
        let mut ipo: Vec<usize> = Vec::new();
        let mut matched = vec![false; self.recs.len()];
        let mut paired: Map<usize, usize> = Map::default();
        for &i in by_file {
            let r = &self.recs[i];
            if !matches!(r.outcome, Outcome::Pending) {
                continue;
            }
            match r.class {
                Some(Class::RightsPayment) => rights.push(i),
                Some(Class::IpoPayment) => ipo.push(i),
                Some(Class::RightsCredit) => {
                    if let Some(j) = self.pair(i, &rights, &matched, rights_listing) {
                        matched[j] = true;
                        paired.insert(i, j);
                    }
                }
                Some(Class::IpoCredit) if positive(r.price).is_none() => {
                    if let Some(j) = self.pair(i, &ipo, &matched, ipo_listing) {
                        matched[j] = true;
                        paired.insert(i, j);
                    }
                }
                _ => {}
            }
        }
        for &i in by_rule {
            if !matches!(self.recs[i].outcome, Outcome::Pending) {
                continue;
            }
            let outcome = self.outcome(i, paired.get(&i).copied());
            self.recs[i].outcome = outcome;
        }
    }

    /// The payment row for a credit, among the `candidates` not yet matched of the same
    /// account dated in the 60 days up to the credit: the latest whose code is the
    /// credit's or maps to it by `map` (rights 700→600, 760→601, 080→000, 082→002,
    /// 380→300; new shares 730→600, 780→601, 732→603, 787→688, 707→605); failing that,
    /// the only one with the credit's quantity (for a new-share credit, the only one).
    pub(super) fn pair(
        &self,
        credit: usize,
        candidates: &[usize],
        matched: &[bool],
        map: fn(&str) -> Option<String>,
    ) -> Option<usize> {
        let c = &self.recs[credit];
        let code = self.strings.get(c.code);
        let open = candidates.iter().copied().filter(|&j| {
            let p = &self.recs[j];
            !matched[j]
                && p.account == c.account
                && p.date <= c.date
                && c.date.days_since(p.date) <= 60
        });
        let by_code = open.clone().rev().find(|&j| {
            let pc = self.strings.get(self.recs[j].code);
            !code.is_empty() && (pc == code || map(pc).as_deref() == Some(code))
        });
        if by_code.is_some() {
            return by_code;
        }
        let same_qty: Vec<usize> = open
            .filter(|&j| {
                self.recs[j].qty.map(|q| q.abs()) == c.qty.map(|q| q.abs())
                    || self.recs[j].class == Some(Class::IpoPayment)
            })
            .collect();
        if same_qty.len() == 1 { Some(same_qty[0]) } else { None }
    }

    pub(super) fn outcome(&self, i: usize, payment: Option<usize>) -> Outcome {
        let r = &self.recs[i];
        let text = || -> Box<str> { self.strings.get(r.business).into() };
        let Some(class) = r.class else {
            return if r.qty.is_some_and(|q| !q.is_zero()) {
                Outcome::Rejected(Reason::UnknownBusiness { text: text() }, Some(Field::Business))
            } else {
                Outcome::Ignored(Reason::UnknownBusiness { text: text() })
            };
        };
        let qty_abs = r.qty.map(|q| q.abs()).unwrap_or_default();
        let whole = |q: Decimal| -> Result<u64, Outcome> {
            if !q.fract().is_zero() {
                return Err(Outcome::Rejected(
                    Reason::FractionalQuantity { text: q.normalize().to_string().into() },
                    Some(Field::Quantity),
                ));
            }
            u64::try_from(q).map_err(|_| {
                Outcome::Rejected(
                    Reason::BadNumber { text: q.to_string().into() },
                    Some(Field::Quantity),
                )
            })
        };
        let bad_qty = || {
            r.bad.as_ref().filter(|b| b.0 == Field::Quantity).map(|b| {
                Outcome::Rejected(Reason::BadNumber { text: b.1.clone() }, Some(Field::Quantity))
            })
        };
        let share_change = |kind: Kind| -> Outcome {
            if let Some(o) = bad_qty() {
                return o;
            }
            // A sell's quantity may be written negative; a purchase's never is: taking it
            // as positive would count shares the row may not show.
            if class == Class::Buy
                && let Some(q) = r.qty.filter(|q| q.is_sign_negative() && !q.is_zero())
            {
                return Outcome::Rejected(
                    Reason::NegativeBuy { text: q.normalize().to_string().into() },
                    Some(Field::Quantity),
                );
            }
            if qty_abs.is_zero() {
                return Outcome::Ignored(Reason::ZeroQuantity);
            }
            if r.code == EMPTY && r.name == EMPTY {
                return Outcome::Rejected(Reason::MissingCode, Some(Field::Code));
            }
            match whole(qty_abs) {
                Ok(q) => Outcome::Used { kind, qty: q, price: None, note: None },
                Err(o) => o,
            }
        };
        let priced =
            |kind: Kind, o: Outcome, price: Option<Decimal>, note: Option<Reason>| -> Outcome {
                match o {
                    Outcome::Used { qty, .. } => match price {
                        Some(p) => Outcome::Used { kind, qty, price: Some(p), note },
                        None => Outcome::Rejected(Reason::MissingPrice, Some(Field::Price)),
                    },
                    other => other,
                }
            };
        match class {
            Class::Buy | Class::Sell | Class::SignedTrade => {
                let kind = match class {
                    Class::Buy => Kind::Buy,
                    Class::Sell => Kind::Sell,
                    _ => {
                        if r.qty.is_some_and(|q| q < Decimal::ZERO) {
                            Kind::Sell
                        } else {
                            Kind::Buy
                        }
                    }
                };
                let o = share_change(kind);
                if !matches!(o, Outcome::Used { .. }) {
                    return o;
                }
                if let Some(p) = positive(r.price) {
                    return priced(kind, o, Some(p), None);
                }
                let derived =
                    positive(r.amount).filter(|_| !qty_abs.is_zero()).map(|a| a / qty_abs);
                if let Some(b) = r.bad.as_ref().filter(|b| b.0 == Field::Price)
                    && derived.is_none()
                {
                    return Outcome::Rejected(
                        Reason::BadNumber { text: b.1.clone() },
                        Some(Field::Price),
                    );
                }
                priced(
                    kind,
                    o,
                    derived.map(|p| round_half_up(p, 6).normalize()),
                    Some(Reason::PriceFromAmount),
                )
            }
            Class::Bonus => share_change(Kind::Bonus),
            Class::TransferIn => share_change(Kind::TransferIn),
            Class::TransferOut => share_change(Kind::TransferOut),
            Class::Dividend => {
                let cash = positive(r.amount).or_else(|| positive(r.net.map(|n| n.abs())));
                let Some(cash) = cash else { return Outcome::Ignored(Reason::DividendNoAmount) };
                // The holding the dividend was paid on: as the remark states it, else the
                // position at the start of the day (before same-day bonus shares), else the
                // balance column.
                let holding = positive(r.holding_hint)
                    .map(|h| (h, HoldingSource::Remark))
                    .or_else(|| {
                        positive(Some(Decimal::from(r.day_start)))
                            .map(|h| (h, HoldingSource::History))
                    })
                    .or_else(|| {
                        positive(r.bal.map(Decimal::from)).map(|h| (h, HoldingSource::Balance))
                    });
                let Some((holding, source)) = holding else {
                    return Outcome::Ignored(Reason::DividendNoHolding);
                };
                let per_share = round_half_up(cash / holding, 6).normalize();
                if per_share.is_zero() {
                    return Outcome::Ignored(Reason::DividendNoAmount);
                }
                Outcome::Used {
                    kind: Kind::Dividend,
                    qty: 0,
                    price: Some(per_share),
                    note: Some(Reason::DividendPerShare {
                        cash: cash.normalize(),
                        holding: holding.normalize(),
                        source,
                    }),
                }
            }
            Class::RightsCredit => {
                let o = share_change(Kind::Rights);
                if !matches!(o, Outcome::Used { .. }) {
                    return o;
                }
                let Some(j) = payment else {
                    return Outcome::Rejected(Reason::RightsWithoutPrice, Some(Field::Price));
                };
                let p = &self.recs[j];
                let price = positive(p.price).or_else(|| {
                    let q = p.qty.map(|q| q.abs()).filter(|q| !q.is_zero())?;
                    positive(p.net.map(|n| n.abs()))
                        .or(positive(p.amount))
                        .map(|a| round_half_up(a / q, 6).normalize())
                });
                match price {
                    Some(price) => priced(
                        Kind::Rights,
                        o,
                        Some(price),
                        Some(Reason::RightsPrice { row: p.line }),
                    ),
                    None => Outcome::Rejected(Reason::RightsWithoutPrice, Some(Field::Price)),
                }
            }
            Class::IpoCredit => {
                let o = share_change(Kind::Buy);
                if !matches!(o, Outcome::Used { .. }) {
                    return o;
                }
                if let Some(p) = positive(r.price) {
                    return priced(Kind::Buy, o, Some(p), Some(Reason::IpoCredit));
                }
                let Some(j) = payment else {
                    return Outcome::Rejected(Reason::IpoWithoutPrice, Some(Field::Price));
                };
                let p = &self.recs[j];
                let cash = positive(p.net.map(|n| n.abs())).or(positive(p.amount));
                match cash {
                    Some(c) => priced(
                        Kind::Buy,
                        o,
                        Some(round_half_up(c / qty_abs, 6).normalize()),
                        Some(Reason::IpoPrice { row: p.line }),
                    ),
                    None => Outcome::Rejected(Reason::IpoWithoutPrice, Some(Field::Price)),
                }
            }
            Class::DividendTax => Outcome::Ignored(Reason::DividendTax),
            Class::RightsEntitlement => Outcome::Ignored(Reason::RightsEntitlement),
            Class::RightsPayment => Outcome::Ignored(Reason::RightsPayment),
            Class::IpoSubscription => Outcome::Ignored(Reason::IpoSubscription),
            Class::IpoLottery => Outcome::Ignored(Reason::IpoLottery),
            Class::IpoAllotment => Outcome::Ignored(Reason::IpoAllotment),
            Class::IpoPayment => Outcome::Ignored(Reason::IpoPayment),
            Class::Entitlement => Outcome::Ignored(Reason::EntitlementRecord),
            Class::ListingOffset => Outcome::Ignored(Reason::ListingOffset),
            Class::Repo => Outcome::Ignored(Reason::Repo),
            Class::Cash => Outcome::Ignored(Reason::CashOnly),
            Class::Neutral => Outcome::Ignored(Reason::Neutral),
            Class::Void => Outcome::Ignored(Reason::Void),
            Class::Unsupported => {
                Outcome::Rejected(Reason::Unsupported { text: text() }, Some(Field::Business))
            }
        }
    }

    pub(super) fn build(
        mut self,
        options: &Options,
        by_rule: &[usize],
        openings: Map<(u32, u32), i64>,
    ) -> Import {
        let lang = self.lang;
        let mut trades = Vec::new();
        /// Per security (by the id of its code, or of its name when it has no code).
        #[derive(Default)]
        struct Sec {
            seen: bool,
            names: Vec<(u32, u32)>,
            rows: u32,
            trades: u32,
            position: Vec<(u32, i64)>,
            opening: i64,
            unknown: i64,
        }
        impl Sec {
            fn best_name(&self) -> Option<u32> {
                self.names
                    .iter()
                    .filter(|(id, _)| *id != EMPTY)
                    .max_by_key(|(id, n)| (*n, std::cmp::Reverse(*id)))
                    .map(|(id, _)| *id)
            }
        }
        let mut secs: Vec<Sec> = Vec::new();
        secs.resize_with(self.strings.list.len(), Sec::default);
        let mut labels: Map<u32, String> = Map::default();
        let sec_key = |r: &Rec| if r.code == EMPTY { r.name as usize } else { r.code as usize };
        for &i in by_rule {
            let r = &self.recs[i];
            if r.code != EMPTY || r.name != EMPTY {
                let s = &mut secs[sec_key(r)];
                s.seen = true;
                s.rows += 1;
                match s.names.iter_mut().find(|(id, _)| *id == r.name) {
                    Some((_, n)) => *n += 1,
                    None => s.names.push((r.name, 1)),
                }
                if !matches!(r.outcome, Outcome::Ignored(Reason::Duplicate { .. })) {
                    let k = match s.position.iter().position(|(a, _)| *a == r.account) {
                        Some(k) => k,
                        None => {
                            let open =
                                openings.get(&(r.account, r.code)).copied().unwrap_or_default();
                            s.position.push((r.account, open));
                            s.position.len() - 1
                        }
                    };
                    let p = &mut s.position[k].1;
                    *p += r.gap + delta(r);
                    if *p < 0 {
                        *p = 0;
                    }
                    s.unknown += r.unknown + r.gap.max(0);
                }
            }
            if let Outcome::Used { kind, qty, price, .. } = &r.outcome {
                let time = if is_fill(r.class) { r.time } else { None };
                trades.push(CodedTrade {
                    code: self.strings.get(r.code).to_owned(),
                    name: if r.code == EMPTY {
                        self.strings.get(r.name).to_owned()
                    } else {
                        String::new()
                    },
                    trade: Trade {
                        date: r.date,
                        time,
                        account: labels
                            .entry(r.account)
                            .or_insert_with(|| label_of(self.strings.get(r.account)))
                            .clone(),
                        kind: *kind,
                        quantity: *qty,
                        price: price.map(|p| Price(p.normalize())),
                        origin: Origin { file: r.file, row: r.line },
                    },
                });
                if r.code != EMPTY || r.name != EMPTY {
                    secs[sec_key(r)].trades += 1;
                }
            }
        }
        let mut opening_list: Vec<Opening> = Vec::new();
        let mut opening_keys: Vec<_> = openings.iter().collect();
        opening_keys.sort_by_key(|((a, c), _)| {
            (self.strings.get(*c).to_owned(), self.strings.get(*a).to_owned())
        });
        for (&(account, code), &shares) in opening_keys {
            let name =
                if code == EMPTY { None } else { secs.get(code as usize).and_then(Sec::best_name) };
            let name = name.map_or("", |id| self.strings.get(id)).to_owned();
            if code != EMPTY
                && let Some(s) = secs.get_mut(code as usize)
            {
                s.opening += shares;
            }
            opening_list.push(Opening {
                account: label_of(self.strings.get(account)),
                code: self.strings.get(code).to_owned(),
                name,
                shares: u64::try_from(shares).unwrap_or(0),
            });
        }
        let mut securities: Vec<SecuritySummary> = secs
            .iter()
            .enumerate()
            .filter(|(_, s)| s.seen)
            .map(|(id, s)| {
                let id = u32::try_from(id).unwrap_or(EMPTY);
                let is_code = s.names.iter().all(|(n, _)| *n != id);
                let code = if is_code { self.strings.get(id).to_owned() } else { String::new() };
                let name = s.best_name().unwrap_or(id);
                SecuritySummary {
                    equity: is_equity(&code),
                    code,
                    name: self.strings.get(name).to_owned(),
                    rows: s.rows,
                    trades: s.trades,
                    position: s.position.iter().map(|(_, p)| p).sum(),
                    opening: u64::try_from(s.opening).unwrap_or(0),
                    unknown_origin: u64::try_from(s.unknown).unwrap_or(0),
                }
            })
            .collect();
        securities.sort_by(|a, b| (&a.code, &a.name).cmp(&(&b.code, &b.name)));

        // Row reports for data rows, merged with the others (both are in file and line
        // order already).
        let recs = std::mem::take(&mut self.recs);
        let others = std::mem::take(&mut self.rows);
        self.rows.reserve(others.len() + recs.len());
        let mut others = others.into_iter().peekable();
        for r in &recs {
            while let Some(o) = others.next_if(|o| (o.file, o.row) < (r.file, r.line)) {
                self.rows.push(o);
            }
            let (status, reason, column, kind, quantity, price) = match &r.outcome {
                Outcome::Used { kind, qty, price, note } => (
                    Status::Used,
                    note.clone(),
                    None,
                    Some(*kind),
                    Some(*qty),
                    price.map(|p| Price(p.normalize())),
                ),
                Outcome::Ignored(reason) => {
                    (Status::Ignored, Some(reason.clone()), None, None, None, None)
                }
                Outcome::Rejected(reason, field) => {
                    (Status::Rejected, Some(reason.clone()), *field, None, None, None)
                }
                Outcome::Pending => (
                    Status::Rejected,
                    Some(Reason::UnknownBusiness { text: "".into() }),
                    None,
                    None,
                    None,
                    None,
                ),
            };
            let layout = &self.files[r.file as usize].layouts[r.layout as usize];
            let column = column
                .and_then(|f| layout.get(f))
                .map(|c| layout.header(c).to_owned())
                .or_else(|| column.map(|f| format!("{f:?}")));
            let business = self.strings.get(r.business);
            let code = self.strings.get(r.code);
            // A rejected row's cells as read (a cell that could not be read, as written).
            let cells = (status == Status::Rejected).then(|| {
                let bad = |f: Field| r.bad.as_ref().filter(|b| b.0 == f).map(|b| b.1.to_string());
                let number = |d: Decimal| d.normalize().to_string();
                let price = r.price.or_else(|| {
                    let q = r.qty.map(|q| q.abs()).filter(|q| !q.is_zero())?;
                    r.amount.map(|a| round_half_up(a.abs() / q, 4))
                });
                Box::new(RawCells {
                    date: r.date.to_string(),
                    time: r.time.map(|t| t.to_string()).unwrap_or_default(),
                    business: business.to_owned(),
                    quantity: bad(Field::Quantity)
                        .or_else(|| r.qty.map(number))
                        .unwrap_or_default(),
                    price: bad(Field::Price).or_else(|| price.map(number)).unwrap_or_default(),
                })
            });
            self.rows.push(RowReport {
                file: r.file,
                row: r.line,
                status,
                reason: reason.as_ref().map(Reason::code),
                column,
                message: reason.as_ref().map(|x| x.message(lang)),
                why: reason.clone(),
                date: Some(r.date),
                code: (!code.is_empty()).then(|| code.to_owned()),
                business: (!business.is_empty()).then(|| business.to_owned()),
                kind,
                quantity,
                price,
                cells,
            });
        }
        self.rows.extend(others);
        // Every unknown business text once, for the user (and the maintainers) to see.
        let mut unknown: Vec<&str> = self
            .rows
            .iter()
            .filter(|r| r.reason == Some("unknown-business"))
            .filter_map(|r| r.business.as_deref())
            .collect();
        unknown.sort_unstable();
        unknown.dedup();
        if !unknown.is_empty() {
            let n = unknown.len();
            let message = Said {
                zh: format!("有 {n} 种未知的业务类型，未作推测：{}", unknown.join("、")),
                en: format!("{n} unknown business types, not guessed: {}", unknown.join(", ")),
            };
            self.notes.push(Note::new("unknown-business", message));
        }
        let mut total = Counts::default();
        for r in &self.rows {
            let c = &mut self.files[r.file as usize].report.counts;
            for c in [c, &mut total] {
                match r.status {
                    Status::Used => c.used += 1,
                    Status::Ignored => c.ignored += 1,
                    Status::Rejected => c.rejected += 1,
                }
            }
        }
        for n in &mut self.notes {
            n.message = n.said.pick(lang).to_owned();
        }
        let import = Import {
            report: Report {
                lang,
                files: self.files.into_iter().map(|f| f.report).collect(),
                rows: self.rows,
                securities,
                notes: self.notes,
                selected: options.select.clone(),
                opening_position: 0,
                counts: total,
            },
            trades,
            openings: opening_list,
        };
        let opening = import.opening_of(&options.select);
        let mut import = import;
        import.report.opening_position = opening;
        import
    }
}
