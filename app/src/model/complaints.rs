//! Complaints: what the customer's private page shows, the staff desk and a complaint's record,
//! the deadlines, and the monthly report.

use crate::domain::complaint::{Category, Deadline, ReportLine, Stage, Step};
use crate::domain::Period;
use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

/// One step on a complaint's record. Times are WIB.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ComplaintEvent {
    pub at: NaiveDateTime,
    pub step: Step,
    pub stage: Stage,
    pub note: String,
    /// Staff names: on the staff record only (the customer's page shows none).
    pub by: Option<String>,
    pub assignee: Option<String>,
}

/// A complaint as its private link shows it to whoever filed it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ComplaintView {
    pub number: String,
    pub token: String,
    pub category: Category,
    pub stage: Stage,
    pub office_name: String,
    pub customer_number: Option<String>,
    pub bill_period: Option<Period>,
    pub description: String,
    pub location: String,
    pub received_at: NaiveDateTime,
    pub due_at: NaiveDateTime,
    /// A resolved complaint closes by itself then, unless the customer answers first.
    pub closes_at: Option<NaiveDateTime>,
    pub has_photo: bool,
    /// Internal notes left out.
    pub events: Vec<ComplaintEvent>,
}

/// A line of the staff desk.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeskLine {
    pub id: i64,
    pub number: String,
    pub category: Category,
    pub stage: Stage,
    pub office_name: String,
    pub customer_number: Option<String>,
    pub reporter_name: String,
    pub received_at: NaiveDateTime,
    pub due_at: NaiveDateTime,
    /// Negative: overdue. None: no longer with the utility.
    pub minutes_left: Option<i64>,
    pub assignee: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ComplaintDesk {
    pub csrf: String,
    /// (code, name) of the offices an administrator may pick; empty for office staff.
    pub offices: Vec<(String, String)>,
    pub office: String,
    pub stage: Option<Stage>,
    pub lines: Vec<DeskLine>,
    /// Every category's deadline; editable by administrators.
    pub deadlines: Vec<(Category, Deadline)>,
    pub may_set_deadlines: bool,
}

/// A complaint as staff work on it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ComplaintRecord {
    pub csrf: String,
    pub id: i64,
    pub view: ComplaintView,
    pub reporter_name: String,
    pub phone: String,
    /// The phone is the one on file for the customer number.
    pub phone_on_file: bool,
    pub coordinates: Option<(String, String)>,
    pub minutes_left: Option<i64>,
    pub assignee: Option<String>,
    /// The steps this member of staff may take now.
    pub steps: Vec<Step>,
    /// (id, name) of who it can be assigned to, when assigning is among the steps.
    pub assignable: Vec<(i64, String)>,
    /// A bill dispute upheld is settled by correcting the reading: where that is done.
    pub correction_link: Option<String>,
}

/// One month's complaints of an office (or every office), against the national indicator.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ComplaintReport {
    pub offices: Vec<(String, String)>,
    pub office: String,
    pub office_name: String,
    pub month: Period,
    pub lines: Vec<ReportLine>,
}

/// The largest photo a complaint takes, before the portal shrinks it.
pub const PHOTO_MAX_MB: u32 = 8;
