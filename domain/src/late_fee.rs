//! When a bill falls due, what paying late costs, and how far behind an account is.
//! The rule differs between utilities, so it is data: one of the three rules below.

use super::{period::add_months, BillingError, Money, Period, Rounding};
use chrono::{Datelike, NaiveDate, Weekday};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Bills are payable until `due_day` of their period's month; a holiday (or a Sunday, when
/// `skip_sundays`) on that day moves the due date to the next working day.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DueDateRule {
    pub due_day: u32,
    pub skip_sundays: bool,
    pub holidays: Vec<NaiveDate>,
}

impl Default for DueDateRule {
    fn default() -> Self {
        DueDateRule { due_day: 20, skip_sundays: true, holidays: Vec::new() }
    }
}

impl DueDateRule {
    pub fn due_date(&self, period: Period) -> NaiveDate {
        let mut date = period.day(self.due_day);
        // Bounded: a run of more than two weeks of holidays is a data error, not a reason to hang.
        for _ in 0..14 {
            let closed = self.holidays.contains(&date) || (self.skip_sundays && date.weekday() == Weekday::Sun);
            if !closed {
                break;
            }
            date = date.succ_opt().unwrap_or(date);
        }
        date
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LateTier {
    /// Applies from this many months late (1 = as soon as the due date has passed).
    pub from_months: u32,
    pub fee: Money,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "rule", rename_all = "snake_case")]
pub enum LateFeePolicy {
    /// One fee per late bill, by customer group (Jakarta).
    FlatPerGroup { fees: BTreeMap<String, Money> },
    /// A fee that grows with the months late (Bondowoso: 10.000, then 15.000 after two months).
    TiersByMonthsLate { tiers: Vec<LateTier> },
    /// A share of the bill, rounded to whole rupiah (10% in Kabupaten Bogor).
    Percentage { percent: Decimal, rounding: Rounding },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum PolicyError {
    #[error("late-fee tiers must start at one month and rise")]
    BadTiers,
    #[error("a late-fee percentage lies between 0 and 100")]
    BadPercent,
    #[error("a late fee cannot be negative")]
    Negative,
    #[error("the due day must be between 1 and 28")]
    BadDueDay,
    #[error("two late-fee rules start on the same day")]
    TwoRulesOneDay,
}

impl LateFeePolicy {
    pub fn validate(&self) -> Result<(), PolicyError> {
        match self {
            LateFeePolicy::FlatPerGroup { fees } => {
                if fees.values().any(|f| f.is_negative()) {
                    return Err(PolicyError::Negative);
                }
            }
            LateFeePolicy::TiersByMonthsLate { tiers } => {
                let rising = tiers.windows(2).all(|w| w[0].from_months < w[1].from_months);
                if tiers.first().map(|t| t.from_months) != Some(1) || !rising {
                    return Err(PolicyError::BadTiers);
                }
                if tiers.iter().any(|t| t.fee.is_negative()) {
                    return Err(PolicyError::Negative);
                }
            }
            LateFeePolicy::Percentage { percent, .. } => {
                if percent.is_sign_negative() || *percent > Decimal::ONE_HUNDRED {
                    return Err(PolicyError::BadPercent);
                }
            }
        }
        Ok(())
    }

    /// The late fee on a bill of `amount` due on `due`, paid on `on`. Zero when not late.
    pub fn fee(&self, group: &str, amount: Money, due: NaiveDate, on: NaiveDate) -> Result<Money, BillingError> {
        let months = months_late(due, on);
        if months == 0 {
            return Ok(Money::ZERO);
        }
        Ok(match self {
            LateFeePolicy::FlatPerGroup { fees } => {
                *fees.get(group).ok_or_else(|| BillingError::UnknownGroup(group.to_string()))?
            }
            LateFeePolicy::TiersByMonthsLate { tiers } => {
                tiers.iter().rev().find(|t| t.from_months <= months).map(|t| t.fee).unwrap_or(Money::ZERO)
            }
            LateFeePolicy::Percentage { percent, rounding } => amount.percent(*percent).round(*rounding),
        })
    }
}

/// Every late-fee rule the utility has decreed, each for the bills due from its date on: a new
/// rule prices the bills that fall due after it starts, and never re-prices one already out.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LateFeeBook {
    /// The rule before any dated one.
    first: LateFeePolicy,
    /// Sorted by date, no date twice.
    dated: Vec<DatedLateFee>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DatedLateFee {
    /// The first due date the rule prices.
    pub from: NaiveDate,
    pub policy: LateFeePolicy,
    /// The decree that set it.
    pub decree: String,
}

impl LateFeeBook {
    pub fn new(first: LateFeePolicy, mut dated: Vec<DatedLateFee>) -> Result<LateFeeBook, PolicyError> {
        first.validate()?;
        for d in &dated {
            d.policy.validate()?;
        }
        dated.sort_by_key(|d| d.from);
        if dated.windows(2).any(|w| w[0].from == w[1].from) {
            return Err(PolicyError::TwoRulesOneDay);
        }
        Ok(LateFeeBook { first, dated })
    }

    /// A book of one rule, for every bill.
    pub fn single(policy: LateFeePolicy) -> LateFeeBook {
        LateFeeBook { first: policy, dated: Vec::new() }
    }

    /// The rule for a bill due on `due`.
    pub fn for_due(&self, due: NaiveDate) -> &LateFeePolicy {
        self.dated.iter().rev().find(|d| d.from <= due).map_or(&self.first, |d| &d.policy)
    }

    /// Rules decreed for bills due after `today`.
    pub fn upcoming(&self, today: NaiveDate) -> impl Iterator<Item = &DatedLateFee> {
        self.dated.iter().filter(move |d| d.from > today)
    }

    /// The book with a new rule added, checked as the book checks every rule.
    pub fn with(&self, rule: DatedLateFee) -> Result<LateFeeBook, PolicyError> {
        let mut dated = self.dated.clone();
        dated.push(rule);
        LateFeeBook::new(self.first.clone(), dated)
    }
}

/// The day a bill's late fee next grows, and what it grows to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeeStep {
    pub from: NaiveDate,
    pub fee: Money,
}

impl LateFeePolicy {
    /// When the fee on this bill next grows if it stays unpaid after `on` (None: it never does
    /// again), so the bill can say by which date paying costs less.
    pub fn next_step(
        &self,
        group: &str,
        amount: Money,
        due: NaiveDate,
        on: NaiveDate,
    ) -> Result<Option<FeeStep>, BillingError> {
        let now = self.fee(group, amount, due, on)?;
        // Past the last tier (or the first month, for the other rules) the fee stays as it is.
        let last_change = match self {
            LateFeePolicy::TiersByMonthsLate { tiers } => tiers.last().map_or(1, |t| t.from_months),
            _ => 1,
        };
        for months in months_late(due, on)..last_change {
            // `months_late` becomes `months + 1` the day after the due date's monthly anniversary.
            let Some(from) = add_months(due, months).succ_opt() else { break };
            let fee = self.fee(group, amount, due, from)?;
            if fee > now {
                return Ok(Some(FeeStep { from, fee }));
            }
        }
        Ok(None)
    }
}

/// 0 on or before the due date; 1 the day after; 2 once a month has passed since the due date...
pub fn months_late(due: NaiveDate, on: NaiveDate) -> u32 {
    if on <= due {
        return 0;
    }
    let mut months = 1;
    while months < 1200 && on > add_months(due, months) {
        months += 1;
    }
    months
}

/// How far behind an account is, by its unpaid bills past due. Two months usually means the
/// connection is sealed, three that it is cut off.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Arrears {
    None,
    Overdue,
    SealingRisk,
    DisconnectionRisk,
}

impl Arrears {
    /// When an account's arrears next grow if nothing is paid: the last day to pay (a due date
    /// still ahead, or `next_bill_due` for the bill still to come) and the level the day after.
    /// None once the account is at the last level.
    pub fn next_escalation(
        due_dates: &[NaiveDate],
        next_bill_due: NaiveDate,
        today: NaiveDate,
    ) -> Option<(NaiveDate, Arrears)> {
        let overdue = due_dates.iter().filter(|d| **d < today).count();
        let now = Arrears::from_overdue_bills(overdue);
        // A bill still to come whose due date has passed has not been issued: no date to give.
        let pay_by = due_dates
            .iter()
            .copied()
            .filter(|d| *d >= today)
            .min()
            .or((next_bill_due >= today).then_some(next_bill_due))?;
        let then = Arrears::from_overdue_bills(overdue + 1);
        (then > now).then_some((pay_by, then))
    }

    pub fn from_overdue_bills(count: usize) -> Arrears {
        match count {
            0 => Arrears::None,
            1 => Arrears::Overdue,
            2 => Arrears::SealingRisk,
            _ => Arrears::DisconnectionRisk,
        }
    }
}

/// Which channels may take which debts: beyond `counter_only_after_months` overdue bills an
/// account is settled at the unit office's counter (sealing, reconnection), and no remote channel
/// takes it. None: every channel takes every debt. One rule for the bill page, QRIS, the banks
/// and the counter (which always takes everything).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RemotePaymentRule {
    pub counter_only_after_months: Option<u32>,
}

impl RemotePaymentRule {
    /// Whether an account with this many overdue bills may be paid away from the counter.
    pub fn allows_remote(self, overdue_bills: usize) -> bool {
        self.counter_only_after_months.is_none_or(|limit| overdue_bills <= limit as usize)
    }
}

#[cfg(test)]
mod remote_rule_tests {
    use super::RemotePaymentRule;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test(unsupported = test)]
    fn beyond_the_limit_only_the_counter_takes_the_debt() {
        assert!(RemotePaymentRule::default().allows_remote(36), "no limit by default");
        let rule = RemotePaymentRule { counter_only_after_months: Some(2) };
        assert!(rule.allows_remote(0) && rule.allows_remote(2));
        assert!(!rule.allows_remote(3));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(not(target_arch = "wasm32"))]
    use proptest::prelude::*;
    use rust_decimal_macros::dec;
    use wasm_bindgen_test::wasm_bindgen_test;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn p(s: &str) -> Period {
        s.parse().unwrap()
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn due_on_the_twentieth_unless_closed() {
        let rule = DueDateRule { due_day: 20, skip_sundays: true, holidays: vec![d("2026-11-20")] };
        // 20 Nov 2026 is a Friday, declared a holiday here; 21st is a Saturday (open).
        assert_eq!(rule.due_date(p("2026-11")), d("2026-11-21"));
        // 20 Dec 2026 is a Sunday.
        assert_eq!(rule.due_date(p("2026-12")), d("2026-12-21"));
        assert_eq!(DueDateRule::default().due_date(p("2026-10")), d("2026-10-20"));
        let plain = DueDateRule { skip_sundays: false, ..DueDateRule::default() };
        assert_eq!(plain.due_date(p("2026-12")), d("2026-12-20"));
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn months_late_counts_from_the_due_date() {
        let due = d("2026-10-20");
        assert_eq!(months_late(due, d("2026-10-19")), 0);
        assert_eq!(months_late(due, d("2026-10-20")), 0);
        assert_eq!(months_late(due, d("2026-10-21")), 1);
        assert_eq!(months_late(due, d("2026-11-20")), 1);
        assert_eq!(months_late(due, d("2026-11-21")), 2);
        assert_eq!(months_late(due, d("2027-10-21")), 13);
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn jakarta_flat_per_group() {
        let policy = LateFeePolicy::FlatPerGroup {
            fees: [("K2".to_string(), Money::rupiah(10_000)), ("K4B".to_string(), Money::rupiah(75_000))].into(),
        };
        let (due, late) = (d("2026-10-20"), d("2026-10-25"));
        assert_eq!(policy.fee("K2", Money::rupiah(41_375), due, late), Ok(Money::rupiah(10_000)));
        assert_eq!(policy.fee("K4B", Money::rupiah(41_375), due, late), Ok(Money::rupiah(75_000)));
        assert_eq!(policy.fee("K2", Money::rupiah(41_375), due, due), Ok(Money::ZERO));
        assert_eq!(policy.fee("ZZ", Money::rupiah(41_375), due, late), Err(BillingError::UnknownGroup("ZZ".into())));
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn bondowoso_tiers() {
        let policy = LateFeePolicy::TiersByMonthsLate {
            tiers: vec![
                LateTier { from_months: 1, fee: Money::rupiah(10_000) },
                LateTier { from_months: 3, fee: Money::rupiah(15_000) },
            ],
        };
        policy.validate().unwrap();
        let due = d("2026-08-20");
        assert_eq!(policy.fee("K2", Money::ZERO, due, d("2026-08-21")), Ok(Money::rupiah(10_000)));
        assert_eq!(policy.fee("K2", Money::ZERO, due, d("2026-10-20")), Ok(Money::rupiah(10_000)));
        assert_eq!(policy.fee("K2", Money::ZERO, due, d("2026-10-21")), Ok(Money::rupiah(15_000)));
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn a_new_rule_prices_the_bills_due_from_its_date_and_never_those_before() {
        let old =
            LateFeePolicy::TiersByMonthsLate { tiers: vec![LateTier { from_months: 1, fee: Money::rupiah(10_000) }] };
        let new = LateFeePolicy::Percentage { percent: dec!(5), rounding: Rounding::HalfUp };
        let book = LateFeeBook::single(old.clone())
            .with(DatedLateFee { from: d("2027-01-01"), policy: new.clone(), decree: "Perbup 3/2026".into() })
            .unwrap();
        assert_eq!(book.for_due(d("2026-12-21")), &old, "a bill already out keeps its rule");
        assert_eq!(book.for_due(d("2027-01-01")), &new);
        assert_eq!(book.for_due(d("2027-06-20")), &new);
        assert_eq!(book.upcoming(d("2026-12-31")).count(), 1);
        assert_eq!(book.upcoming(d("2027-01-01")).count(), 0);
        let again = DatedLateFee { from: d("2027-01-01"), policy: old.clone(), decree: String::new() };
        assert_eq!(book.with(again), Err(PolicyError::TwoRulesOneDay));
        let bad = LateFeePolicy::Percentage { percent: dec!(150), rounding: Rounding::Up };
        let bad = DatedLateFee { from: d("2027-02-01"), policy: bad, decree: String::new() };
        assert_eq!(book.with(bad), Err(PolicyError::BadPercent));
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn percentage_rounds_as_configured() {
        let policy = LateFeePolicy::Percentage { percent: dec!(10), rounding: Rounding::HalfUp };
        let due = d("2026-10-20");
        assert_eq!(policy.fee("K2", Money::rupiah(28_875), due, d("2026-10-21")), Ok(Money::rupiah(2_888)));
        let down = LateFeePolicy::Percentage { percent: dec!(10), rounding: Rounding::Down };
        assert_eq!(down.fee("K2", Money::rupiah(28_875), due, d("2026-10-21")), Ok(Money::rupiah(2_887)));
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn malformed_policies_are_refused() {
        let bad_tiers =
            LateFeePolicy::TiersByMonthsLate { tiers: vec![LateTier { from_months: 2, fee: Money::rupiah(1) }] };
        assert_eq!(bad_tiers.validate(), Err(PolicyError::BadTiers));
        let falling = LateFeePolicy::TiersByMonthsLate {
            tiers: vec![
                LateTier { from_months: 1, fee: Money::rupiah(1) },
                LateTier { from_months: 1, fee: Money::rupiah(2) },
            ],
        };
        assert_eq!(falling.validate(), Err(PolicyError::BadTiers));
        let pct = LateFeePolicy::Percentage { percent: dec!(150), rounding: Rounding::Up };
        assert_eq!(pct.validate(), Err(PolicyError::BadPercent));
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn the_next_fee_step_is_the_day_the_fee_grows() {
        let tiers = LateFeePolicy::TiersByMonthsLate {
            tiers: vec![
                LateTier { from_months: 1, fee: Money::rupiah(10_000) },
                LateTier { from_months: 3, fee: Money::rupiah(15_000) },
            ],
        };
        let due = d("2026-08-20");
        let step = |on| tiers.next_step("K2", Money::ZERO, due, d(on)).unwrap();
        assert_eq!(
            step("2026-08-20"),
            Some(FeeStep { from: d("2026-08-21"), fee: Money::rupiah(10_000) }),
            "not late yet"
        );
        assert_eq!(step("2026-08-21"), Some(FeeStep { from: d("2026-10-21"), fee: Money::rupiah(15_000) }));
        assert_eq!(step("2026-10-20"), Some(FeeStep { from: d("2026-10-21"), fee: Money::rupiah(15_000) }));
        assert_eq!(step("2026-10-21"), None, "the last tier");
        // The day it names is the first day of the higher fee, and the day before still costs less.
        assert_eq!(tiers.fee("K2", Money::ZERO, due, d("2026-10-20")), Ok(Money::rupiah(10_000)));
        let flat = LateFeePolicy::FlatPerGroup { fees: [("K2".to_string(), Money::rupiah(5_000))].into() };
        assert_eq!(
            flat.next_step("K2", Money::ZERO, due, d("2026-08-01")),
            Ok(Some(FeeStep { from: d("2026-08-21"), fee: Money::rupiah(5_000) }))
        );
        assert_eq!(flat.next_step("K2", Money::ZERO, due, d("2026-09-01")), Ok(None));
        let pct = LateFeePolicy::Percentage { percent: dec!(10), rounding: Rounding::HalfUp };
        assert_eq!(
            pct.next_step("K2", Money::rupiah(28_875), due, due),
            Ok(Some(FeeStep { from: d("2026-08-21"), fee: Money::rupiah(2_888) }))
        );
        let free = LateFeePolicy::Percentage { percent: dec!(10), rounding: Rounding::HalfUp };
        assert_eq!(free.next_step("K2", Money::ZERO, due, due), Ok(None), "a zero fee never grows");
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn arrears_grow_the_day_after_the_next_due_date() {
        let next = d("2026-12-21");
        // One bill past due, the next due on 20 Nov: unpaid on the 21st, the meter may be sealed.
        assert_eq!(
            Arrears::next_escalation(&[d("2026-10-20"), d("2026-11-20")], next, d("2026-11-05")),
            Some((d("2026-11-20"), Arrears::SealingRisk))
        );
        // Both past due: the bill still to come decides when disconnection is near.
        assert_eq!(
            Arrears::next_escalation(&[d("2026-10-20"), d("2026-11-20")], next, d("2026-11-30")),
            Some((next, Arrears::DisconnectionRisk))
        );
        assert_eq!(
            Arrears::next_escalation(&[d("2026-09-20"), d("2026-10-20"), d("2026-11-20")], next, d("2026-11-30")),
            None
        );
        assert_eq!(
            Arrears::next_escalation(&[d("2026-11-20")], next, d("2026-11-05")),
            Some((d("2026-11-20"), Arrears::Overdue))
        );
        // The next bill is late in coming: no day is promised.
        assert_eq!(
            Arrears::next_escalation(&[d("2026-10-20"), d("2026-11-20")], d("2026-11-21"), d("2026-11-30")),
            None
        );
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn arrears_levels() {
        assert_eq!(Arrears::from_overdue_bills(0), Arrears::None);
        assert_eq!(Arrears::from_overdue_bills(2), Arrears::SealingRisk);
        assert_eq!(Arrears::from_overdue_bills(7), Arrears::DisconnectionRisk);
    }

    #[cfg(not(target_arch = "wasm32"))]
    proptest! {
        #[test]
        fn paying_later_never_costs_less(days in 0i64..800, extra in 1i64..60, amount in 0i64..10_000_000) {
            let due = d("2026-01-20");
            let on = due + chrono::Duration::days(days);
            let later = on + chrono::Duration::days(extra);
            prop_assert!(months_late(due, later) >= months_late(due, on));
            let policies = [
                LateFeePolicy::Percentage { percent: dec!(10), rounding: Rounding::HalfUp },
                LateFeePolicy::TiersByMonthsLate { tiers: vec![
                    LateTier { from_months: 1, fee: Money::rupiah(10_000) },
                    LateTier { from_months: 3, fee: Money::rupiah(15_000) },
                ]},
            ];
            for policy in policies {
                let now = policy.fee("K2", Money::rupiah(amount), due, on).unwrap();
                let then = policy.fee("K2", Money::rupiah(amount), due, later).unwrap();
                prop_assert!(then >= now);
                prop_assert!(now.whole_rupiah().is_ok());
            }
        }
    }
}
