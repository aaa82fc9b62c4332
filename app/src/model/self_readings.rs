//! Self meter reading as its pages show it: the window, and a figure the customer sent.

use crate::domain::self_reading::{Doubt, State};
use crate::domain::Period;
use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

/// When figures are taken: the form says so, open or not.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReadingWindowView {
    pub first_day: u32,
    pub last_day: u32,
    pub open_today: bool,
    /// The window open today, or the next one (WIB dates).
    pub opens_on: NaiveDate,
    pub closes_on: NaiveDate,
    /// The bill a figure sent in that window goes on.
    pub period: Period,
}

/// A figure as its private page shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SelfReadingView {
    pub token: String,
    pub customer_number: String,
    pub period: Period,
    pub stand: i64,
    pub last_stand: Option<i64>,
    /// Usage since the last reading, or since 0 for a meter never read (None: below it).
    pub usage_m3: Option<i64>,
    pub usual_m3: Option<i64>,
    pub doubt: Option<Doubt>,
    pub state: State,
    /// WIB.
    pub sent_at: NaiveDateTime,
    /// A billing run has billed (or is drafting) on it: it can no longer be withdrawn.
    pub billed: bool,
}

/// The window on the billing desk, and whether this member of staff may change it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WindowSetting {
    pub first_day: u32,
    pub last_day: u32,
    pub may_set: bool,
}
