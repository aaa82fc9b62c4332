//! A billing period: the month a bill is issued for and payable in.

use chrono::{Datelike, Months, NaiveDate};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Period {
    year: i32,
    month: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("'{0}' is not a period (expected YYYY-MM)")]
pub struct InvalidPeriod(pub String);

impl Period {
    pub fn new(year: i32, month: u32) -> Option<Period> {
        ((1..=12).contains(&month) && (1900..=9999).contains(&year)).then_some(Period { year, month })
    }

    pub fn of(date: NaiveDate) -> Period {
        Period { year: date.year(), month: date.month() }
    }

    pub fn year(self) -> i32 {
        self.year
    }

    pub fn month(self) -> u32 {
        self.month
    }

    pub fn first_day(self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.year, self.month, 1).expect("a Period is always a valid month")
    }

    pub fn last_day(self) -> NaiveDate {
        self.next().first_day().pred_opt().expect("a Period is always a valid month")
    }

    /// The given day of this month, clamped to the month's last day.
    pub fn day(self, day: u32) -> NaiveDate {
        let last = self.last_day();
        NaiveDate::from_ymd_opt(self.year, self.month, day.clamp(1, last.day())).unwrap_or(last)
    }

    pub fn next(self) -> Period {
        self.plus_months(1)
    }

    pub fn prev(self) -> Period {
        self.plus_months(-1)
    }

    pub fn plus_months(self, n: i32) -> Period {
        let index = self.index() + n;
        Period { year: index.div_euclid(12), month: (index.rem_euclid(12) + 1) as u32 }
    }

    /// Months from `self` to `later` (negative if `later` is earlier).
    pub fn months_until(self, later: Period) -> i32 {
        later.index() - self.index()
    }

    fn index(self) -> i32 {
        self.year * 12 + self.month as i32 - 1
    }
}

/// Adds calendar months to a date, clamping to the month's end (31 Jan + 1 month = 28/29 Feb).
pub fn add_months(date: NaiveDate, months: u32) -> NaiveDate {
    date.checked_add_months(Months::new(months)).unwrap_or(NaiveDate::MAX)
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

impl FromStr for Period {
    type Err = InvalidPeriod;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || InvalidPeriod(s.to_string());
        let (y, m) = s.split_once('-').ok_or_else(bad)?;
        if y.len() != 4 || m.len() != 2 {
            return Err(bad());
        }
        Period::new(y.parse().map_err(|_| bad())?, m.parse().map_err(|_| bad())?).ok_or_else(bad)
    }
}

impl TryFrom<String> for Period {
    type Error = InvalidPeriod;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        s.parse()
    }
}

impl From<Period> for String {
    fn from(p: Period) -> String {
        p.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(not(target_arch = "wasm32"))]
    use proptest::prelude::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test(unsupported = test)]
    fn parses_and_prints() {
        let p: Period = "2026-11".parse().unwrap();
        assert_eq!((p.year(), p.month()), (2026, 11));
        assert_eq!(p.to_string(), "2026-11");
        for bad in ["2026-13", "2026-00", "2026-1", "26-11", "", "2026/11", "abcd-ef"] {
            assert!(bad.parse::<Period>().is_err(), "{bad}");
        }
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn steps_across_years() {
        let dec: Period = "2026-12".parse().unwrap();
        assert_eq!(dec.next().to_string(), "2027-01");
        assert_eq!(dec.next().prev(), dec);
        assert_eq!(dec.plus_months(-24).to_string(), "2024-12");
        assert_eq!(Period::new(2026, 2).unwrap().day(31), NaiveDate::from_ymd_opt(2026, 2, 28).unwrap());
    }

    #[cfg(not(target_arch = "wasm32"))]
    proptest! {
        #[test]
        fn month_arithmetic_is_consistent(y in 1950i32..2100, m in 1u32..=12, n in -500i32..500) {
            let p = Period::new(y, m).unwrap();
            let q = p.plus_months(n);
            prop_assert_eq!(p.months_until(q), n);
            prop_assert_eq!(q.to_string().parse::<Period>().unwrap(), q);
        }
    }
}
