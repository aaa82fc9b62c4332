//! Self meter reading (baca meter mandiri): in a window of days each month the customer sends
//! the meter's figure with a photo. The figure is checked at once against the last reading and
//! the customer's usual usage; an odd one is taken only when the customer confirms it, and is
//! held for review. The month's billing run bills on it where no meter reader read the meter,
//! and a reader's figure that disagrees with it is held for review too.

use super::usage::{UsagePoint, BASELINE_MONTHS, MIN_BASELINE_MONTHS};
use super::Period;
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

/// A water meter's register has at most six whole-m³ digits.
pub const STAND_MAX: i64 = 999_999;
/// Figures sent for one connection and period (each replaces the one before): a slip of the
/// thumb is mended, a stranger cannot flood a connection.
pub const PER_PERIOD: i64 = 3;
/// Without months enough to know the usual, a month above this is odd (a household uses some
/// 15 to 30 m³; a shop or a boarding house may use a hundred).
pub const FAR_WITHOUT_HISTORY_M3: u32 = 150;
/// Slack between a customer's figure and a reader's, for a digit read a turn early or late.
pub const SLACK_M3: i64 = 3;

/// The days of each month the utility takes readings from customers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Window {
    first_day: u32,
    last_day: u32,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum WindowProblem {
    /// A day outside 1..=31.
    NotADay,
    /// The last day before the first.
    Backwards,
}

impl Window {
    /// Days 1..=31; a last day past a short month's end ends the window with the month.
    pub fn new(first_day: u32, last_day: u32) -> Result<Window, WindowProblem> {
        if !(1..=31).contains(&first_day) || !(1..=31).contains(&last_day) {
            return Err(WindowProblem::NotADay);
        }
        if last_day < first_day {
            return Err(WindowProblem::Backwards);
        }
        Ok(Window { first_day, last_day })
    }

    pub fn first_day(self) -> u32 {
        self.first_day
    }

    pub fn last_day(self) -> u32 {
        self.last_day
    }

    pub fn contains(self, day: NaiveDate) -> bool {
        (self.first_day..=self.last_day).contains(&day.day())
    }

    /// The window's first and last date in `day`'s month (the last clamped to the month).
    pub fn in_month_of(self, day: NaiveDate) -> Option<(NaiveDate, NaiveDate)> {
        let month = Period::of(day);
        let last_of_month = month.last_day();
        let first = NaiveDate::from_ymd_opt(day.year(), day.month(), self.first_day)?;
        let last = NaiveDate::from_ymd_opt(day.year(), day.month(), self.last_day.min(last_of_month.day()))?;
        Some((first, last))
    }

    /// The window that is open on `day`, or the next one to open after it.
    pub fn current_or_next(self, day: NaiveDate) -> Option<(NaiveDate, NaiveDate)> {
        match self.in_month_of(day) {
            Some((first, last)) if day <= last => Some((first, last)),
            // Past, or a first day beyond this month's end (the 31st in a 30-day month).
            _ => self.in_month_of(Period::of(day).next().first_day()),
        }
    }
}

impl Default for Window {
    /// Readers walk from about the 1st to the 15th; customers read after them, before the bills.
    fn default() -> Self {
        Window { first_day: 20, last_day: 25 }
    }
}

/// The period a figure read on `day` is billed in: readings of a period are taken in the month
/// before it.
pub fn period_for(day: NaiveDate) -> Period {
    Period::of(day).next()
}

/// Why a figure is taken only when the customer confirms it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Doubt {
    /// Below the last reading: a meter only runs forward (a misread digit, or a new meter).
    Lower,
    /// Far above the usual month (a leak after the meter, or a misread digit).
    High,
}

crate::codes!(Doubt, "doubt", {
    Lower => "lower",
    High => "high",
});

impl Doubt {
    /// What the customer is asked, (Indonesian, English).
    pub fn question(self) -> (&'static str, &'static str) {
        match self {
            Doubt::Lower => (
                "Angka ini lebih kecil dari bacaan terakhir. Meter air hanya berputar maju: periksa lagi angkanya.",
                "This figure is lower than the last reading. A water meter only runs forward: check the figure again.",
            ),
            Doubt::High => (
                "Angka ini berarti pemakaian jauh di atas biasanya. Periksa lagi angkanya; bila benar, mungkin ada kebocoran setelah meter.",
                "This figure means far more use than usual. Check the figure again; if it is right, there may be a leak after the meter.",
            ),
        }
    }
}

/// A figure checked against the meter's history.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Checked {
    /// The usage it makes since the last reading (None: below it).
    pub usage_m3: Option<u32>,
    /// The average of the usual months it was compared with.
    pub usual_m3: Option<u32>,
    pub doubt: Option<Doubt>,
}

/// Checks `stand` against the last figure read (None: never read) and the months before (oldest first; an
/// estimated month says nothing of the meter and is left out).
pub fn check(stand: i64, last_stand: Option<i64>, history: &[UsagePoint]) -> Checked {
    let actual: Vec<u32> = history.iter().rev().filter(|p| !p.estimated).take(BASELINE_MONTHS).map(|p| p.m3).collect();
    let usual_m3 = (actual.len() >= MIN_BASELINE_MONTHS)
        .then(|| (actual.iter().map(|&m| f64::from(m)).sum::<f64>() / actual.len() as f64).round() as u32);
    // A meter never read started at 0, as the billing run bills it.
    let last = last_stand.unwrap_or(0);
    if stand < last {
        return Checked { usage_m3: None, usual_m3, doubt: Some(Doubt::Lower) };
    }
    let usage = u32::try_from(stand - last).unwrap_or(u32::MAX);
    // The same rule as a bill's spike: more than twice the usual month.
    let high = match usual_m3 {
        Some(usual) => usage > 2 * usual.max(1),
        None => usage > FAR_WITHOUT_HISTORY_M3,
    };
    Checked { usage_m3: Some(usage), usual_m3, doubt: high.then_some(Doubt::High) }
}

/// Whether a meter reader's figure contradicts a customer's for the same meter: a meter only
/// runs forward, and between two readings it turns by about the usual use of the days between.
/// Allowed: up to twice the usual daily use over those days, plus `SLACK_M3`.
pub fn contradicts(customer: (i64, NaiveDate), reader: (i64, NaiveDate), usual_m3: Option<u32>) -> bool {
    let days = (reader.1 - customer.1).num_days();
    let usual = i64::from(usual_m3.unwrap_or(30));
    let allowed = SLACK_M3 + (2 * usual * days.abs() + 29) / 30;
    let turned = reader.0 - customer.0;
    if days >= 0 {
        turned < -SLACK_M3 || turned > allowed
    } else {
        turned > SLACK_M3 || -turned > allowed
    }
}

/// Where a sent figure stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum State {
    /// Odd, waiting for the customer to confirm it or take it back.
    Unconfirmed,
    /// Taken: the month's billing run bills on it where no reader read the meter.
    Accepted,
    /// Taken back by the customer.
    Withdrawn,
    /// A later figure for the same period took its place.
    Replaced,
}

crate::codes!(State, "self reading state", {
    Unconfirmed => "unconfirmed",
    Accepted => "accepted",
    Withdrawn => "withdrawn",
    Replaced => "replaced",
});

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn history(m3: &[u32]) -> Vec<UsagePoint> {
        let start: Period = "2026-05".parse().unwrap();
        m3.iter()
            .enumerate()
            .map(|(i, &m3)| UsagePoint { period: start.plus_months(i as i32), m3, estimated: false })
            .collect()
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn a_window_is_days_of_the_month_and_ends_with_a_short_month() {
        assert_eq!(Window::new(0, 5), Err(WindowProblem::NotADay));
        assert_eq!(Window::new(5, 32), Err(WindowProblem::NotADay));
        assert_eq!(Window::new(25, 20), Err(WindowProblem::Backwards));
        let w = Window::new(20, 25).unwrap();
        assert!(!w.contains(d("2026-11-19")));
        assert!(w.contains(d("2026-11-20")) && w.contains(d("2026-11-25")));
        assert!(!w.contains(d("2026-11-26")));
        let end = Window::new(28, 31).unwrap();
        assert_eq!(end.in_month_of(d("2027-02-03")), Some((d("2027-02-28"), d("2027-02-28"))));
        assert_eq!(end.current_or_next(d("2026-11-29")), Some((d("2026-11-28"), d("2026-11-30"))));
        assert_eq!(w.current_or_next(d("2026-11-26")), Some((d("2026-12-20"), d("2026-12-25"))));
        assert_eq!(w.current_or_next(d("2026-11-02")), Some((d("2026-11-20"), d("2026-11-25"))));
        let late = Window::new(31, 31).unwrap();
        assert_eq!(late.current_or_next(d("2026-11-10")), Some((d("2026-12-31"), d("2026-12-31"))));
        assert_eq!(period_for(d("2026-11-22")).to_string(), "2026-12");
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn a_figure_below_the_last_or_far_above_the_usual_is_doubted() {
        let h = history(&[15, 18, 20, 17, 16, 14]);
        assert_eq!(check(1218, Some(1200), &h), Checked { usage_m3: Some(18), usual_m3: Some(17), doubt: None });
        assert_eq!(check(1199, Some(1200), &h).doubt, Some(Doubt::Lower));
        assert_eq!(check(1234, Some(1200), &h).doubt, None, "twice the usual is still usual");
        assert_eq!(check(1235, Some(1200), &h).doubt, Some(Doubt::High));
        assert_eq!(check(30, None, &h).usage_m3, Some(30), "a meter never read started at 0");
        assert_eq!(check(500, None, &[]).doubt, Some(Doubt::High));
        assert_eq!(check(1300, Some(1200), &history(&[15])).doubt, None, "one month is no usual");
        assert_eq!(check(1351, Some(1200), &[]).doubt, Some(Doubt::High));
        let mut estimated = history(&[15, 15, 15, 200]);
        estimated[3].estimated = true;
        assert_eq!(check(1240, Some(1200), &estimated).doubt, Some(Doubt::High), "an estimate is no usual");
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn a_reader_contradicts_a_customer_when_the_meter_would_have_run_back_or_raced() {
        let (day, later) = (d("2026-11-22"), d("2026-12-07"));
        assert!(!contradicts((1200, day), (1200, day), Some(18)));
        assert!(!contradicts((1200, day), (1209, later), Some(18)), "15 days of 18 m³ a month");
        assert!(!contradicts((1200, day), (1221, later), Some(18)), "within twice the usual plus slack");
        assert!(contradicts((1200, day), (1222, later), Some(18)));
        assert!(contradicts((1200, day), (1190, later), Some(18)), "the meter ran back");
        assert!(!contradicts((1200, day), (1198, later), Some(18)), "a wheel read a turn late");
        assert!(!contradicts((1210, later), (1200, day), Some(18)), "the reader came first");
        assert!(contradicts((1190, later), (1200, day), Some(18)));
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn codes_round_trip() {
        for s in State::ALL {
            assert_eq!(s.as_str().parse::<State>(), Ok(s));
        }
        for x in Doubt::ALL {
            assert_eq!(x.as_str().parse::<Doubt>(), Ok(x));
        }
    }
}
