//! What an account owes as of a day. Computed once from the bills as issued and the rules in
//! force; the bill page, the counter, the banks' inquiry and the ledger all read this one
//! statement, so what a customer is shown is what every channel takes.

use super::{
    compute_bill, months_late, Arrears, BillBreakdown, BillingError, Channel, Connection, DueDateRule, FeeStep,
    LateFeeBook, MeterReading, Money, Period, RemotePaymentRule, TariffBook,
};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// The billing rules in force: tariffs, the late-fee rule, the due date, and which channels may
/// take which debts. Small enough to keep whole.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BillingRules {
    pub tariffs: TariffBook,
    pub late_fee: LateFeeBook,
    pub due: DueDateRule,
    pub remote: RemotePaymentRule,
    /// Whether a teller may take the oldest periods only (setting `counter_allows_oldest_only`,
    /// default yes); never a period skipped.
    pub counter_oldest_only: bool,
}

/// An unpaid bill as it was issued and stored.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct IssuedBill {
    pub from: IssuedFrom,
    pub group_code: String,
    pub meter_size: String,
    /// What was issued: the charges recomputed from the reading, plus `adjustment`; or, carried
    /// over, what the previous system stored.
    pub amount: Money,
    /// Adjustment lines the bill carries (a correction of a bill already paid), in sum.
    pub adjustment: Money,
    pub due_date: NaiveDate,
}

/// Where an issued bill's amount comes from.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum IssuedFrom {
    /// Computed by the portal from this reading with the tariff: recomputed and checked.
    Reading(MeterReading),
    /// Carried over from the utility's previous system (opening arrears) with the amount it
    /// stored: no reading the portal holds, so no breakdown it could check.
    CarriedOver { period: Period, usage_m3: u32 },
}

impl IssuedBill {
    pub fn period(&self) -> Period {
        match &self.from {
            IssuedFrom::Reading(reading) => reading.period,
            IssuedFrom::CarriedOver { period, .. } => *period,
        }
    }
}

/// What a bill owed is made of.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Charges {
    /// Every line, computed from the reading.
    Computed { reading: MeterReading, bill: BillBreakdown },
    /// A bill carried over from the previous system: its usage, and no breakdown.
    CarriedOver { usage_m3: u32 },
}

impl Charges {
    pub fn usage_m3(&self) -> u32 {
        match self {
            Charges::Computed { bill, .. } => bill.usage_m3,
            Charges::CarriedOver { usage_m3 } => *usage_m3,
        }
    }
}

/// One bill owed today: its charges and the late fee it carries now.
#[derive(Clone, Debug, PartialEq)]
pub struct OwedBill {
    pub period: Period,
    pub charges: Charges,
    /// The adjustment lines' sum; the bill's amount is its charges plus this.
    pub adjustment: Money,
    /// What the bill itself asks: charges and adjustment.
    pub amount: Money,
    pub due_date: NaiveDate,
    pub late_fee: Money,
    /// Bill and late fee: what settles this period today.
    pub total: Money,
    /// Months past the due date (0: not late).
    pub months_late: u32,
    /// When the late fee grows next if the bill stays unpaid.
    pub next_fee: Option<FeeStep>,
}

impl OwedBill {
    pub fn period(&self) -> Period {
        self.period
    }
}

/// Which unpaid bills a payment covers: all of them, or (at the counter) the oldest few, never
/// skipping one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cover {
    All,
    Oldest(usize),
}

/// Why a channel may not take a payment now.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    #[error("nothing is unpaid")]
    NothingToPay,
    #[error("more than {0} months in arrears: the counter only")]
    CounterOnly(u32),
    /// A number of oldest periods that is not between one and all that is unpaid, or fewer than
    /// all where the utility does not allow it.
    #[error("that choice of periods cannot be paid")]
    NotCoverable,
}

/// A stored bill that does not add up: a data problem to review, never a bill to guess.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum StatementError {
    #[error("{period}: {source}")]
    Billing { period: Period, source: BillingError },
    #[error("{period}: recomputed {recomputed} but issued {issued}")]
    Mismatch { period: Period, recomputed: Money, issued: Money },
    /// A bill carried over asks nothing, or carries adjustment lines (only bills the portal
    /// computed do).
    #[error("{period}: a bill carried over for {amount} with adjustment {adjustment}")]
    CarriedOver { period: Period, amount: Money, adjustment: Money },
}

/// What an account owes on `today`.
#[derive(Clone, Debug, PartialEq)]
pub struct Statement {
    pub today: NaiveDate,
    /// Oldest first: payments settle the oldest period first.
    pub bills: Vec<OwedBill>,
    pub total: Money,
    pub arrears: Arrears,
    /// The last day to pay before the arrears grow, and the level they grow to.
    pub next_arrears: Option<(NaiveDate, Arrears)>,
    /// Beyond the utility's limit of months in arrears: only the counter takes this debt (the
    /// limit, in months).
    pub counter_only_after: Option<u32>,
    oldest_only_at_counter: bool,
}

impl Statement {
    /// The statement of these unpaid bills (in any order) on `today`. Each bill's lines are
    /// recomputed from its reading and tariff and must add up to the amount issued, or the
    /// customer would see one thing and pay another.
    pub fn of(
        mut issued: Vec<IssuedBill>,
        rules: &BillingRules,
        today: NaiveDate,
    ) -> Result<Statement, StatementError> {
        issued.sort_by_key(IssuedBill::period);
        let mut bills = Vec::with_capacity(issued.len());
        for b in issued {
            let period = b.period();
            let billing = |source| StatementError::Billing { period, source };
            let charges = match b.from {
                IssuedFrom::Reading(reading) => {
                    let connection = Connection { group: &b.group_code, meter_size: &b.meter_size };
                    let bill = compute_bill(&rules.tariffs, &connection, &reading).map_err(billing)?;
                    if bill.amount + b.adjustment != b.amount {
                        let recomputed = bill.amount + b.adjustment;
                        return Err(StatementError::Mismatch { period, recomputed, issued: b.amount });
                    }
                    Charges::Computed { reading, bill }
                }
                IssuedFrom::CarriedOver { usage_m3, .. } => {
                    if b.amount <= Money::ZERO || !b.adjustment.is_zero() {
                        return Err(StatementError::CarriedOver { period, amount: b.amount, adjustment: b.adjustment });
                    }
                    Charges::CarriedOver { usage_m3 }
                }
            };
            // The rule in force when the bill fell due, not whatever rule came after.
            let rule = rules.late_fee.for_due(b.due_date);
            let late_fee = rule.fee(&b.group_code, b.amount, b.due_date, today).map_err(billing)?;
            // Only said on the page: a rule that cannot say its next step must not stop the bill
            // being paid.
            let next_fee = rule.next_step(&b.group_code, b.amount, b.due_date, today).ok().flatten();
            bills.push(OwedBill {
                period,
                charges,
                adjustment: b.adjustment,
                amount: b.amount,
                due_date: b.due_date,
                late_fee,
                total: b.amount + late_fee,
                months_late: months_late(b.due_date, today),
                next_fee,
            });
        }
        let overdue = bills.iter().filter(|b| b.due_date < today).count();
        let next_arrears = bills.last().and_then(|newest| {
            let due_dates: Vec<NaiveDate> = bills.iter().map(|b| b.due_date).collect();
            Arrears::next_escalation(&due_dates, rules.due.due_date(newest.period().plus_months(1)), today)
        });
        Ok(Statement {
            today,
            total: bills.iter().map(|b| b.total).sum(),
            arrears: Arrears::from_overdue_bills(overdue),
            next_arrears,
            counter_only_after: (!rules.remote.allows_remote(overdue))
                .then_some(rules.remote.counter_only_after_months)
                .flatten(),
            oldest_only_at_counter: rules.counter_oldest_only,
            bills,
        })
    }

    /// Bills whose due date has passed.
    pub fn overdue_count(&self) -> usize {
        self.bills.iter().filter(|b| b.due_date < self.today).count()
    }

    pub fn periods(&self) -> Vec<Period> {
        self.bills.iter().map(OwedBill::period).collect()
    }

    /// Whether a teller may take fewer than all periods here.
    pub fn oldest_only_allowed(&self) -> bool {
        self.oldest_only_at_counter
    }

    /// The bills a payment through `channel` covers, or why that channel may not take it: the
    /// one rule every channel and the page read.
    pub fn payable(&self, channel: &Channel, cover: Cover) -> Result<&[OwedBill], Refusal> {
        if self.bills.is_empty() {
            return Err(Refusal::NothingToPay);
        }
        let at_counter = *channel == Channel::Counter;
        // The counter takes every debt; remote channels only up to the utility's limit.
        if let (Some(months), false) = (self.counter_only_after, at_counter) {
            return Err(Refusal::CounterOnly(months));
        }
        let count = match cover {
            Cover::All => self.bills.len(),
            Cover::Oldest(n) if n == self.bills.len() => n,
            Cover::Oldest(n) if at_counter && self.oldest_only_at_counter && (1..self.bills.len()).contains(&n) => n,
            Cover::Oldest(_) => return Err(Refusal::NotCoverable),
        };
        Ok(&self.bills[..count])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures::{pam_jaya_book, period};
    use crate::{LateFeePolicy, LateTier};
    use wasm_bindgen_test::wasm_bindgen_test;

    fn rules(counter_only_after_months: Option<u32>, counter_oldest_only: bool) -> BillingRules {
        BillingRules {
            tariffs: pam_jaya_book(),
            late_fee: LateFeeBook::single(LateFeePolicy::TiersByMonthsLate {
                tiers: vec![
                    LateTier { from_months: 1, fee: Money::rupiah(10_000) },
                    LateTier { from_months: 3, fee: Money::rupiah(15_000) },
                ],
            }),
            due: DueDateRule::default(),
            remote: RemotePaymentRule { counter_only_after_months },
            counter_oldest_only,
        }
    }

    /// A K2 bill of 15 m3 on a 1/2" meter: 15 × 1.050 + 7.500 + 5.000 = 28.250.
    fn issued(p: &str, amount: i64) -> IssuedBill {
        let period = period(p);
        IssuedBill {
            from: IssuedFrom::Reading(MeterReading {
                period,
                read_on: period.day(5),
                stand_awal: 100,
                stand_akhir: 115,
                replacement: None,
                estimated: false,
            }),
            group_code: "K2".into(),
            meter_size: "1/2".into(),
            amount: Money::rupiah(amount),
            adjustment: Money::rupiah(0),
            due_date: period.day(20),
        }
    }

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn totals_bills_and_late_fees_oldest_first() {
        let s = Statement::of(
            vec![issued("2026-10", 28_250), issued("2026-08", 28_250)],
            &rules(None, true),
            day("2026-10-25"),
        )
        .unwrap();
        assert_eq!(s.periods(), vec![period("2026-08"), period("2026-10")]);
        // August is in its third month late (15.000), October days late (10.000).
        assert_eq!((s.bills[0].months_late, s.bills[0].late_fee), (3, Money::rupiah(15_000)));
        assert_eq!((s.bills[1].months_late, s.bills[1].late_fee), (1, Money::rupiah(10_000)));
        assert_eq!(s.total, Money::rupiah(28_250 * 2 + 15_000 + 10_000));
        assert_eq!(s.arrears, Arrears::SealingRisk);
        assert_eq!(s.overdue_count(), 2);
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn a_stored_amount_that_does_not_add_up_is_refused() {
        let e = Statement::of(vec![issued("2026-10", 28_000)], &rules(None, true), day("2026-10-10")).unwrap_err();
        assert_eq!(
            e,
            StatementError::Mismatch {
                period: period("2026-10"),
                recomputed: Money::rupiah(28_250),
                issued: Money::rupiah(28_000)
            }
        );
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn an_adjustment_line_is_owed_with_the_bill_and_priced_late_with_it() {
        // A correction of September (paid) carried onto October: Rp 10.000 more.
        let bill = IssuedBill { adjustment: Money::rupiah(10_000), ..issued("2026-10", 38_250) };
        let s = Statement::of(vec![bill.clone()], &rules(None, true), day("2026-11-25")).unwrap();
        let Charges::Computed { bill: charges, .. } = &s.bills[0].charges else { panic!("computed") };
        assert_eq!(charges.amount, Money::rupiah(28_250), "the charges stay what the tariff makes");
        assert_eq!(s.bills[0].amount, Money::rupiah(38_250));
        assert_eq!(s.total, Money::rupiah(38_250 + 10_000));
        // An adjustment that is not what was issued is refused like any other mismatch.
        let wrong = IssuedBill { adjustment: Money::rupiah(9_000), ..bill };
        assert!(matches!(
            Statement::of(vec![wrong], &rules(None, true), day("2026-11-25")),
            Err(StatementError::Mismatch { .. })
        ));
    }

    /// A bill from the previous system: its stored amount, 40 m³, no reading.
    fn carried(p: &str, amount: i64) -> IssuedBill {
        let period = period(p);
        IssuedBill {
            from: IssuedFrom::CarriedOver { period, usage_m3: 40 },
            adjustment: Money::ZERO,
            ..issued(p, amount)
        }
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn a_bill_carried_over_is_owed_at_its_stored_amount_and_priced_late_like_any_other() {
        // 99.999 is not what the tariff makes of any reading: nothing recomputes it.
        let s = Statement::of(
            vec![issued("2026-10", 28_250), carried("2026-08", 99_999)],
            &rules(None, true),
            day("2026-10-25"),
        )
        .unwrap();
        assert_eq!(s.periods(), vec![period("2026-08"), period("2026-10")], "oldest first, whatever its origin");
        assert_eq!(s.bills[0].charges, Charges::CarriedOver { usage_m3: 40 });
        assert_eq!((s.bills[0].amount, s.bills[0].late_fee), (Money::rupiah(99_999), Money::rupiah(15_000)));
        assert_eq!(s.total, Money::rupiah(99_999 + 15_000 + 28_250 + 10_000));
        assert_eq!(s.arrears, Arrears::SealingRisk);
        // Nothing owed, or lines only a computed bill carries: a data problem, never a bill.
        for bad in
            [carried("2026-08", 0), IssuedBill { adjustment: Money::rupiah(1_000), ..carried("2026-08", 99_999) }]
        {
            assert!(matches!(
                Statement::of(vec![bad], &rules(None, true), day("2026-10-25")),
                Err(StatementError::CarriedOver { .. })
            ));
        }
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn beyond_the_limit_only_the_counter_takes_the_debt() {
        let bills = vec![issued("2026-07", 28_250), issued("2026-08", 28_250), issued("2026-09", 28_250)];
        let s = Statement::of(bills, &rules(Some(2), true), day("2026-10-25")).unwrap();
        assert_eq!(s.counter_only_after, Some(2));
        assert_eq!(s.payable(&Channel::Qris, Cover::All), Err(Refusal::CounterOnly(2)));
        assert_eq!(s.payable(&Channel::Bank("bri".into()), Cover::All), Err(Refusal::CounterOnly(2)));
        assert_eq!(s.payable(&Channel::Counter, Cover::All).map(<[OwedBill]>::len), Ok(3));
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn the_counter_may_take_the_oldest_periods_only_where_allowed() {
        let bills = || vec![issued("2026-08", 28_250), issued("2026-09", 28_250)];
        let allowed = Statement::of(bills(), &rules(None, true), day("2026-10-01")).unwrap();
        assert_eq!(allowed.payable(&Channel::Counter, Cover::Oldest(1)).unwrap()[0].period(), period("2026-08"));
        assert_eq!(allowed.payable(&Channel::Counter, Cover::Oldest(0)), Err(Refusal::NotCoverable));
        assert_eq!(allowed.payable(&Channel::Counter, Cover::Oldest(3)), Err(Refusal::NotCoverable));
        assert_eq!(allowed.payable(&Channel::Qris, Cover::Oldest(1)), Err(Refusal::NotCoverable));
        let forbidden = Statement::of(bills(), &rules(None, false), day("2026-10-01")).unwrap();
        assert_eq!(forbidden.payable(&Channel::Counter, Cover::Oldest(1)), Err(Refusal::NotCoverable));
        assert_eq!(forbidden.payable(&Channel::Counter, Cover::Oldest(2)).map(<[OwedBill]>::len), Ok(2));
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn nothing_unpaid_is_nothing_to_pay() {
        let s = Statement::of(Vec::new(), &rules(None, true), day("2026-10-01")).unwrap();
        assert_eq!(s.total, Money::ZERO);
        assert_eq!(s.payable(&Channel::Counter, Cover::All), Err(Refusal::NothingToPay));
    }
}
