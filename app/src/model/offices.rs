//! Unit offices as pages show them: where, when open, which villages they serve.

use crate::domain::office_hours::{HoursStatus, OpeningHours};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct District {
    pub name: String,
    pub villages: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Office {
    pub code: String,
    pub name: String,
    pub is_head_office: bool,
    pub address: String,
    pub phone: String,
    /// The week's hours (empty: not set, and `hours_note` says them in words).
    pub hours: OpeningHours,
    pub hours_note: String,
    pub hours_note_en: String,
    /// Open now or not, by the queue's clock.
    pub status: HoursStatus,
    pub districts: Vec<District>,
}
