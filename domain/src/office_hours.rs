//! When a unit office is open: hours per weekday, closed on the utility's holidays. Online
//! queue tickets are taken only while it is open; pages say today's hours and the next opening.

use chrono::{Datelike, NaiveDate, NaiveDateTime, NaiveTime};
use serde::{Deserialize, Serialize};

/// One weekday's hours. `weekday` counts from Monday = 1 to Sunday = 7.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DayHours {
    pub weekday: u8,
    pub opens: NaiveTime,
    pub closes: NaiveTime,
}

/// An office's week. Empty: the hours are not set, and nothing is refused for them.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OpeningHours {
    pub days: Vec<DayHours>,
}

/// Consecutive weekdays with the same hours, as a page prints them ("Senin–Kamis 07.30–15.30").
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct HoursRun {
    pub first: u8,
    pub last: u8,
    pub opens: NaiveTime,
    pub closes: NaiveTime,
}

/// An office's hours as of a moment, for a page to say "open today until 15.30".
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HoursStatus {
    /// WIB, by the queue's clock.
    pub at: NaiveDateTime,
    /// None: closed all day.
    pub today: Option<DayHours>,
    pub holiday: bool,
    pub open_now: bool,
    pub next_opening: Option<NaiveDateTime>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HoursError {
    #[error("weekdays run from 1 (Monday) to 7 (Sunday)")]
    BadWeekday,
    #[error("an office closes after it opens")]
    ClosesBeforeOpening,
    #[error("a weekday has two sets of hours")]
    Repeated,
}

impl OpeningHours {
    pub fn new(mut days: Vec<DayHours>) -> Result<OpeningHours, HoursError> {
        days.sort_by_key(|d| d.weekday);
        if days.iter().any(|d| !(1..=7).contains(&d.weekday)) {
            return Err(HoursError::BadWeekday);
        }
        if days.iter().any(|d| d.closes <= d.opens) {
            return Err(HoursError::ClosesBeforeOpening);
        }
        if days.windows(2).any(|w| w[0].weekday == w[1].weekday) {
            return Err(HoursError::Repeated);
        }
        Ok(OpeningHours { days })
    }

    pub fn is_set(&self) -> bool {
        !self.days.is_empty()
    }

    /// The hours on a date: None when closed all day (not a working day, or a holiday).
    pub fn on(&self, date: NaiveDate, holidays: &[NaiveDate]) -> Option<DayHours> {
        if holidays.contains(&date) {
            return None;
        }
        let weekday = date.weekday().number_from_monday() as u8;
        self.days.iter().find(|d| d.weekday == weekday).copied()
    }

    /// Whether the office is open at this WIB moment. Hours not set: always.
    pub fn is_open(&self, at: NaiveDateTime, holidays: &[NaiveDate]) -> bool {
        if !self.is_set() {
            return true;
        }
        self.on(at.date(), holidays).is_some_and(|d| d.opens <= at.time() && at.time() < d.closes)
    }

    /// The next moment the office opens after `at` (None: hours not set, or nothing open in the
    /// next five weeks, which only a data error gives).
    pub fn next_opening(&self, at: NaiveDateTime, holidays: &[NaiveDate]) -> Option<NaiveDateTime> {
        (0..35).filter_map(|n| at.date().checked_add_days(chrono::Days::new(n))).find_map(|date| {
            let day = self.on(date, holidays)?;
            let opens = date.and_time(day.opens);
            (opens > at).then_some(opens)
        })
    }

    /// Where the office stands at `at`: today's hours, open or not, the next opening.
    pub fn status(&self, at: NaiveDateTime, holidays: &[NaiveDate]) -> HoursStatus {
        HoursStatus {
            at,
            today: self.on(at.date(), holidays),
            holiday: holidays.contains(&at.date()),
            open_now: self.is_set() && self.is_open(at, holidays),
            next_opening: self.next_opening(at, holidays),
        }
    }

    /// The week in runs of consecutive days with equal hours, Monday first.
    pub fn runs(&self) -> Vec<HoursRun> {
        let mut runs: Vec<HoursRun> = Vec::new();
        for d in &self.days {
            match runs.last_mut() {
                Some(run) if run.last + 1 == d.weekday && run.opens == d.opens && run.closes == d.closes => {
                    run.last = d.weekday
                }
                _ => runs.push(HoursRun { first: d.weekday, last: d.weekday, opens: d.opens, closes: d.closes }),
            }
        }
        runs
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    fn t(s: &str) -> NaiveTime {
        NaiveTime::parse_from_str(s, "%H:%M").unwrap()
    }

    fn at(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap()
    }

    /// Monday to Thursday 07.30–15.30, Friday 07.30–11.00.
    fn office() -> OpeningHours {
        let mut days: Vec<DayHours> =
            (1..=4).map(|weekday| DayHours { weekday, opens: t("07:30"), closes: t("15:30") }).collect();
        days.push(DayHours { weekday: 5, opens: t("07:30"), closes: t("11:00") });
        OpeningHours::new(days).unwrap()
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn open_within_the_day_s_hours_only() {
        let hours = office();
        // 30 Nov 2026 is a Monday.
        assert!(!hours.is_open(at("2026-11-30 07:29"), &[]));
        assert!(hours.is_open(at("2026-11-30 07:30"), &[]));
        assert!(!hours.is_open(at("2026-11-30 15:30"), &[]), "closed at closing time");
        assert!(!hours.is_open(at("2026-12-04 11:30"), &[]), "Friday closes early");
        assert!(!hours.is_open(at("2026-12-05 09:00"), &[]), "Saturday");
        let holiday = "2026-12-01".parse().unwrap();
        assert!(!hours.is_open(at("2026-12-01 09:00"), &[holiday]));
        assert!(OpeningHours::default().is_open(at("2026-12-05 03:00"), &[]), "hours not set refuse nothing");
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn the_next_opening_skips_weekends_and_holidays() {
        let hours = office();
        assert_eq!(hours.next_opening(at("2026-11-30 06:00"), &[]), Some(at("2026-11-30 07:30")));
        assert_eq!(hours.next_opening(at("2026-11-30 16:00"), &[]), Some(at("2026-12-01 07:30")));
        assert_eq!(
            hours.next_opening(at("2026-12-04 12:00"), &[]),
            Some(at("2026-12-07 07:30")),
            "Friday afternoon: Monday"
        );
        let holiday = "2026-12-07".parse().unwrap();
        assert_eq!(hours.next_opening(at("2026-12-04 12:00"), &[holiday]), Some(at("2026-12-08 07:30")));
        assert_eq!(OpeningHours::default().next_opening(at("2026-12-04 12:00"), &[]), None);
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn the_week_prints_as_runs() {
        let runs = office().runs();
        assert_eq!(runs.len(), 2);
        assert_eq!((runs[0].first, runs[0].last), (1, 4));
        assert_eq!((runs[1].first, runs[1].last, runs[1].closes), (5, 5, t("11:00")));
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn malformed_weeks_are_refused() {
        let day = DayHours { weekday: 1, opens: t("08:00"), closes: t("12:00") };
        assert_eq!(OpeningHours::new(vec![DayHours { weekday: 8, ..day }]), Err(HoursError::BadWeekday));
        assert_eq!(
            OpeningHours::new(vec![DayHours { closes: t("07:00"), ..day }]),
            Err(HoursError::ClosesBeforeOpening)
        );
        assert_eq!(OpeningHours::new(vec![day, day]), Err(HoursError::Repeated));
    }
}
