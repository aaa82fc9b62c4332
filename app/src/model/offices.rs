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

/// Administrators' list of unit offices.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OfficeDesk {
    pub offices: Vec<OfficeSummary>,
    pub csrf: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OfficeSummary {
    pub code: String,
    pub name: String,
    pub villages: i64,
    pub counters: i64,
    pub services: i64,
}

/// One office as administrators keep it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OfficeSettings {
    pub office: Office,
    /// The villages served, one district a line, as the form edits them.
    pub areas: String,
    pub services: Vec<ServiceSetting>,
    pub counters: Vec<CounterSetting>,
    pub csrf: String,
}

/// A queue service: its ticket letter and names; a service turned off takes no new tickets.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServiceSetting {
    pub id: i64,
    pub prefix: String,
    pub name_id: String,
    pub name_en: String,
    pub active: bool,
}

/// A counter and the services it calls tickets of.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CounterSetting {
    pub number: i64,
    pub services: Vec<i64>,
    pub open: bool,
}

/// The office's details as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct OfficeForm {
    pub name: String,
    pub address: String,
    pub phone: String,
    pub hours_note: String,
    pub hours_note_en: String,
}

/// The week's hours as typed, Monday first: both times empty for a day the office is closed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct WeekForm {
    pub days: Vec<DayForm>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct DayForm {
    pub opens: String,
    pub closes: String,
}

/// A queue service to add (no id) or change.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ServiceForm {
    pub id: Option<i64>,
    pub prefix: String,
    pub name_id: String,
    pub name_en: String,
    /// A checkbox: present when ticked.
    pub active: Option<String>,
}

/// The services a counter calls: the ids of the ticked boxes.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct CounterForm {
    pub number: i64,
    pub serves: Vec<i64>,
}
