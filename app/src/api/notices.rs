//! Outage notices and announcements: what customers see (by office, by village), and what
//! supervisors and administrators publish.

use crate::domain::notice::{Area, NoticeKind, NoticeStatus, Severity};
use crate::error::AppError;
use chrono::NaiveDateTime;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
use crate::error::{fail, redirect_or_fail};

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

#[server(endpoint = "notices/board")]
pub async fn load_notice_board(scope: BoardScope, #[server(default)] at_least: i64) -> Result<NoticeBoard, AppError> {
    let state = crate::ssr::app_state()?;
    let board = state.board.get(&state, at_least).await?;
    let office_id = match scope.office.as_deref() {
        Some(code) => match board.office_id(code) {
            Some(id) => Some(id),
            None => return fail(AppError::OfficeNotFound),
        },
        None => None,
    };
    let now = crate::ssr::clock::now_wib().naive_local();
    let mut list = board.notices(office_id, now);
    if let (Some(district), Some(village)) = (scope.district.as_deref(), scope.village.as_deref()) {
        list.retain(|n| crate::domain::notice::affects(&n.areas, district, village));
    }
    Ok(NoticeBoard { notices: list, announcements: board.announcements(office_id, now), head: board.head })
}

/// Every notice of the last 90 days, open ones first.
#[server(endpoint = "notices/history")]
pub async fn notice_history() -> Result<NoticeBoard, AppError> {
    let state = crate::ssr::app_state()?;
    let head = crate::ssr::live::head(&state.db).await?;
    Ok(NoticeBoard {
        notices: crate::ssr::db::notices::history(&state.db, 90).await?,
        announcements: crate::ssr::db::notices::active_announcements(&state.db, None).await?,
        head,
    })
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

#[server(endpoint = "staff/notices/publish")]
pub async fn publish_notice(form: NoticeForm) -> Result<i64, AppError> {
    let result = crate::ssr::notices::publish(form).await;
    let to = result.as_ref().map(|id| format!("/staf/gangguan?terbit={id}")).unwrap_or_default();
    redirect_or_fail(result, &to)
}

#[server(endpoint = "staff/notices/update")]
pub async fn update_notice(
    csrf: String,
    id: i64,
    status: String,
    message: String,
    #[server(default)] repair_eta: String,
    #[server(default)] flow_eta: String,
) -> Result<(), AppError> {
    redirect_or_fail(crate::ssr::notices::update(csrf, id, status, message, repair_eta, flow_eta).await, &format!("/staf/gangguan?diperbarui={id}"))
}

#[server(endpoint = "staff/announcements/publish")]
pub async fn publish_announcement(
    csrf: String,
    #[server(default)] office: String,
    title: String,
    body: String,
    starts_at: String,
    ends_at: String,
    #[server(default)] pinned: Option<String>,
) -> Result<(), AppError> {
    redirect_or_fail(
        crate::ssr::notices::announce(csrf, office, title, body, starts_at, ends_at, pinned.is_some()).await.map(|_| ()),
        "/staf/gangguan?pengumuman=1",
    )
}

#[server(endpoint = "staff/announcements/withdraw")]
pub async fn withdraw_announcement(csrf: String, id: i64) -> Result<(), AppError> {
    redirect_or_fail(crate::ssr::notices::withdraw(csrf, id).await, "/staf/gangguan")
}

/// What the notices desk shows a supervisor or administrator: the offices they may publish
/// for (with each office's service area to choose villages from), and what is open now.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoticeDesk {
    pub csrf: String,
    pub may_publish_for_all: bool,
    pub offices: Vec<crate::api::offices::Office>,
    pub notices: Vec<NoticeView>,
    pub announcements: Vec<AnnouncementView>,
}

#[server(endpoint = "staff/notices/desk")]
pub async fn load_notice_desk() -> Result<NoticeDesk, AppError> {
    match crate::ssr::notices::desk().await {
        Ok(d) => Ok(d),
        Err(e) => fail(e),
    }
}
