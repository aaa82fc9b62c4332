//! Exact rupiah amounts. Arithmetic stays exact (rust_decimal); rounding to whole rupiah
//! happens only where a rule says so, with the rule's own strategy.

use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::iter::Sum;
use std::ops::{Add, AddAssign, Sub};

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Money(Decimal);

/// How a computed amount (a percentage fee, say) becomes whole rupiah.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Rounding {
    /// Half a rupiah or more rounds up (the usual reading of "dibulatkan").
    HalfUp,
    /// Any fraction rounds up: the utility never undercharges by a fraction.
    Up,
    /// Any fraction is dropped: the customer never pays for a fraction.
    Down,
}

super::codes!(Rounding, "rounding", { HalfUp => "half_up", Up => "up", Down => "down" });

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0} is not a whole rupiah amount")]
pub struct NotWholeRupiah(pub Money);

/// The largest amount one payment may carry. No water bill comes near it; a figure above it is a
/// partner's mistake or an attack, and storing it would risk overflow downstream.
pub const MAX_PAYMENT_RUPIAH: i64 = 1_000_000_000;

/// Why an amount a partner reported cannot enter the ledger.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReportedAmountError {
    #[error("the amount is not a number")]
    NotANumber,
    #[error("the amount has a fraction of a rupiah")]
    Fractional,
    #[error("the amount is not positive")]
    NotPositive,
    #[error("the amount is above the largest payment accepted (Rp 1.000.000.000)")]
    TooLarge,
}

impl Money {
    pub const ZERO: Money = Money(Decimal::ZERO);

    pub fn rupiah(whole: i64) -> Self {
        Money(Decimal::from(whole))
    }

    pub fn from_decimal(amount: Decimal) -> Self {
        Money(amount.normalize())
    }

    pub fn amount(self) -> Decimal {
        self.0
    }

    pub fn is_zero(self) -> bool {
        self.0.is_zero()
    }

    pub fn is_negative(self) -> bool {
        self.0.is_sign_negative() && !self.0.is_zero()
    }

    /// Price times a quantity (cubic metres, months...). Exact.
    pub fn times(self, quantity: impl Into<Decimal>) -> Money {
        Money::from_decimal(self.0 * quantity.into())
    }

    /// `percent` per cent of this amount, exact (not yet rounded).
    pub fn percent(self, percent: Decimal) -> Money {
        Money::from_decimal(self.0 * percent / Decimal::ONE_HUNDRED)
    }

    pub fn round(self, rounding: Rounding) -> Money {
        let strategy = match rounding {
            Rounding::HalfUp => RoundingStrategy::MidpointAwayFromZero,
            Rounding::Up => RoundingStrategy::AwayFromZero,
            Rounding::Down => RoundingStrategy::ToZero,
        };
        Money::from_decimal(self.0.round_dp_with_strategy(0, strategy))
    }

    /// The amount as whole rupiah, for storage. Refuses fractions instead of truncating them.
    pub fn whole_rupiah(self) -> Result<i64, NotWholeRupiah> {
        if self.0.fract().is_zero() {
            i64::try_from(self.0.trunc()).map_err(|_| NotWholeRupiah(self))
        } else {
            Err(NotWholeRupiah(self))
        }
    }

    /// An amount a partner sent as text (`150000`, `150000.00`): whole rupiah, positive and at
    /// most `MAX_PAYMENT_RUPIAH`, or refused. Nothing is truncated or rounded.
    pub fn parse_reported(text: &str) -> Result<Money, ReportedAmountError> {
        let text = text.trim();
        // Plain digits with an optional decimal part: no signs, exponents or grouping.
        let (whole, fraction) = text.split_once('.').unwrap_or((text, ""));
        if whole.is_empty()
            || !whole.chars().all(|c| c.is_ascii_digit())
            || !fraction.chars().all(|c| c.is_ascii_digit())
            || text.ends_with('.')
        {
            return Err(if text.starts_with('-') {
                ReportedAmountError::NotPositive
            } else {
                ReportedAmountError::NotANumber
            });
        }
        if fraction.chars().any(|c| c != '0') {
            return Err(ReportedAmountError::Fractional);
        }
        if whole.trim_start_matches('0').len() > 10 {
            return Err(ReportedAmountError::TooLarge);
        }
        let value: i64 = whole.parse().map_err(|_| ReportedAmountError::NotANumber)?;
        match value {
            0 => Err(ReportedAmountError::NotPositive),
            v if v > MAX_PAYMENT_RUPIAH => Err(ReportedAmountError::TooLarge),
            v => Ok(Money::rupiah(v)),
        }
    }

    /// Digits grouped with dots, no currency: `28.875`, `1.050,50`.
    pub fn grouped(self) -> String {
        let abs = self.0.abs();
        let mut out = group_thousands(&abs.trunc().to_string());
        let fract = abs.fract();
        if !fract.is_zero() {
            let cents =
                (fract * Decimal::ONE_HUNDRED).round_dp_with_strategy(0, RoundingStrategy::MidpointAwayFromZero);
            out.push_str(&format!(",{:02}", cents));
        }
        out
    }

    /// A two-decimal string such as banks exchange: `28875.00`.
    pub fn two_decimals(self) -> String {
        format!("{:.2}", self.0)
    }
}

/// Whole-rupiah digits grouped with dots: `28875` → `28.875`.
pub fn group_thousands(digits: &str) -> String {
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 4);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push('.');
        }
        out.push(c);
    }
    out
}

/// `Rp 28.875` (with a no-break space, as `Lang::money` writes it) from whole rupiah, without
/// the decimal arithmetic: for the browser, where every byte of code is downloaded.
pub fn rupiah_text(whole: i64) -> String {
    let sign = if whole < 0 { "-" } else { "" };
    format!("{sign}Rp\u{a0}{}", group_thousands(&whole.unsigned_abs().to_string()))
}

/// `Rp 28.875`, `-Rp 1.000`: how Indonesian bills print amounts.
impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.is_negative() {
            f.write_str("-")?;
        }
        write!(f, "Rp {}", self.grouped())
    }
}

impl Add for Money {
    type Output = Money;
    fn add(self, rhs: Money) -> Money {
        Money(self.0 + rhs.0)
    }
}

impl AddAssign for Money {
    fn add_assign(&mut self, rhs: Money) {
        self.0 += rhs.0;
    }
}

impl Sub for Money {
    type Output = Money;
    fn sub(self, rhs: Money) -> Money {
        Money(self.0 - rhs.0)
    }
}

impl Sum for Money {
    fn sum<I: Iterator<Item = Money>>(iter: I) -> Money {
        iter.fold(Money::ZERO, Add::add)
    }
}

impl<'a> Sum<&'a Money> for Money {
    fn sum<I: Iterator<Item = &'a Money>>(iter: I) -> Money {
        iter.copied().sum()
    }
}

#[cfg(test)]
mod reported_amount_tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test(unsupported = test)]
    fn partners_amounts_are_whole_positive_and_bounded() {
        assert_eq!(Money::parse_reported("150000.00"), Ok(Money::rupiah(150_000)));
        assert_eq!(Money::parse_reported(" 28875 "), Ok(Money::rupiah(28_875)));
        assert_eq!(Money::parse_reported("1000000000.0"), Ok(Money::rupiah(MAX_PAYMENT_RUPIAH)));
        assert_eq!(Money::parse_reported("150000.50"), Err(ReportedAmountError::Fractional));
        assert_eq!(Money::parse_reported("0.01"), Err(ReportedAmountError::Fractional));
        assert_eq!(Money::parse_reported("-150000.00"), Err(ReportedAmountError::NotPositive));
        assert_eq!(Money::parse_reported("0.00"), Err(ReportedAmountError::NotPositive));
        assert_eq!(Money::parse_reported("1000000001"), Err(ReportedAmountError::TooLarge));
        assert_eq!(Money::parse_reported("99999999999999999999999999999999"), Err(ReportedAmountError::TooLarge));
        for junk in ["", "abc", "1e9", "1,000", "1.000.000", "+5", "12.", ".5", "NaN", "0x10", "١٢٣"] {
            assert!(Money::parse_reported(junk).is_err(), "{junk:?} refused");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(not(target_arch = "wasm32"))]
    use proptest::prelude::*;
    use rust_decimal_macros::dec;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test(unsupported = test)]
    fn formats_like_an_indonesian_bill() {
        assert_eq!(Money::rupiah(28_875).to_string(), "Rp 28.875");
        assert_eq!(Money::rupiah(0).to_string(), "Rp 0");
        assert_eq!(Money::rupiah(999).to_string(), "Rp 999");
        assert_eq!(Money::rupiah(1_000).to_string(), "Rp 1.000");
        assert_eq!(Money::rupiah(10_000_000).to_string(), "Rp 10.000.000");
        assert_eq!(Money::rupiah(-1_500).to_string(), "-Rp 1.500");
        assert_eq!(Money::from_decimal(dec!(1050.5)).to_string(), "Rp 1.050,50");
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn rounding_is_explicit() {
        let fee = Money::rupiah(28_875).percent(dec!(10));
        assert_eq!(fee, Money::from_decimal(dec!(2887.5)));
        assert_eq!(fee.round(Rounding::HalfUp), Money::rupiah(2_888));
        assert_eq!(fee.round(Rounding::Down), Money::rupiah(2_887));
        assert_eq!(Money::from_decimal(dec!(2887.01)).round(Rounding::Up), Money::rupiah(2_888));
        assert_eq!(Money::from_decimal(dec!(2887.49)).round(Rounding::HalfUp), Money::rupiah(2_887));
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn storage_refuses_fractions() {
        assert_eq!(Money::rupiah(12_500).whole_rupiah(), Ok(12_500));
        assert!(Money::from_decimal(dec!(0.5)).whole_rupiah().is_err());
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn two_decimal_strings_for_banks() {
        assert_eq!(Money::rupiah(150_000).two_decimals(), "150000.00");
    }

    #[cfg(not(target_arch = "wasm32"))]
    proptest! {
        #[test]
        fn grouping_keeps_every_digit(n in 0i64..1_000_000_000_000) {
            let shown = Money::rupiah(n).grouped();
            prop_assert_eq!(shown.replace('.', ""), n.to_string());
            prop_assert!(shown.split('.').skip(1).all(|g| g.len() == 3));
            prop_assert!(!shown.starts_with('.'));
        }

        #[test]
        fn rounding_moves_less_than_one_rupiah(cents in -10_000_000i64..10_000_000) {
            let m = Money::from_decimal(Decimal::new(cents, 2));
            for r in [Rounding::HalfUp, Rounding::Up, Rounding::Down] {
                let rounded = m.round(r);
                prop_assert!(rounded.amount().fract().is_zero());
                prop_assert!((rounded.amount() - m.amount()).abs() < Decimal::ONE);
            }
        }
    }
}
