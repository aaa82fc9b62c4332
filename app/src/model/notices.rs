//! Outage notices and announcements as pages show them, and the forms staff send to publish them.

use crate::domain::notice::{Area, NoticeKind, NoticeStatus, Severity};
use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoticeUpdateView {
    /// WIB
    pub at: NaiveDateTime,
    pub status: NoticeStatus,
    pub message: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoticeView {
    pub id: i64,
    pub kind: NoticeKind,
    pub severity: Severity,
    pub title: String,
    pub body: String,
    /// As customers should read it now (planned work follows its window).
    pub status: NoticeStatus,
    /// (code, name); None for every office.
    pub office: Option<(String, String)>,
    pub areas: Vec<Area>,
    /// All times WIB.
    pub starts_at: NaiveDateTime,
    pub ends_at: Option<NaiveDateTime>,
    pub repair_eta: Option<NaiveDateTime>,
    pub flow_eta: Option<NaiveDateTime>,
    pub mitigation: String,
    pub updated_at: NaiveDateTime,
    /// The payment channel a notice the portal published itself is about (`qris`, `va_bri`):
    /// its words are then the portal's, said in the reader's language.
    pub channel: Option<String>,
    /// Newest first.
    pub updates: Vec<NoticeUpdateView>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AnnouncementView {
    pub id: i64,
    pub office: Option<(String, String)>,
    pub title: String,
    pub body: String,
    pub starts_at: NaiveDateTime,
    pub ends_at: NaiveDateTime,
    pub pinned: bool,
}

/// What a page shows now, and the live event id it was read at (the page's stream resumes
/// from there, so nothing published in between is missed).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct NoticeBoard {
    pub notices: Vec<NoticeView>,
    pub announcements: Vec<AnnouncementView>,
    pub head: i64,
}

/// Which notices a page wants.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct BoardScope {
    /// An office code: that office's notices and those for every office.
    pub office: Option<String>,
    /// A customer's place: only notices that reach it.
    pub district: Option<String>,
    pub village: Option<String>,
}

/// The form a notice is published with. Times are WIB from datetime-local fields; areas are
/// "District|Village" (or "District|" for the whole district).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct NoticeForm {
    pub csrf: String,
    pub kind: String,
    pub severity: String,
    /// Office code, or empty for every office.
    #[serde(default)]
    pub office: String,
    pub title: String,
    pub body: String,
    #[serde(default)]
    pub starts_at: String,
    #[serde(default)]
    pub ends_at: String,
    #[serde(default)]
    pub repair_eta: String,
    #[serde(default)]
    pub flow_eta: String,
    #[serde(default)]
    pub mitigation: String,
    #[serde(default)]
    pub areas: Vec<String>,
}

/// What the notices desk shows a supervisor or administrator: the offices they may publish
/// for (with each office's service area to choose villages from), and what is open now.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoticeDesk {
    pub csrf: String,
    pub may_publish_for_all: bool,
    pub offices: Vec<crate::model::offices::Office>,
    pub notices: Vec<NoticeView>,
    pub announcements: Vec<AnnouncementView>,
}
