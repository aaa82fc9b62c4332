//! Outage notices and announcements: what customers see (by office, by village), and what
//! supervisors and administrators publish.

use crate::error::AppError;
use leptos::prelude::*;

pub use crate::model::notices::*;

#[server(endpoint = "notices/board")]
pub async fn load_notice_board(scope: BoardScope, #[server(default)] at_least: i64) -> Result<NoticeBoard, AppError> {
    super::answer::data(crate::ssr::notices::board(scope, at_least)).await
}

/// Every notice of the last 90 days, open ones first.
#[server(endpoint = "notices/history")]
pub async fn notice_history() -> Result<NoticeBoard, AppError> {
    super::answer::data(crate::ssr::notices::history()).await
}

#[server(endpoint = "staff/notices/publish")]
pub async fn publish_notice(form: NoticeForm) -> Result<i64, AppError> {
    super::answer::form(crate::ssr::notices::publish(form), |id| format!("/staf/gangguan?terbit={id}")).await
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
    super::answer::form(crate::ssr::notices::update(csrf, id, status, message, repair_eta, flow_eta), |_| {
        format!("/staf/gangguan?diperbarui={id}")
    })
    .await
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
    let announce = crate::ssr::notices::announce(csrf, office, title, body, starts_at, ends_at, pinned.is_some());
    super::answer::form(announce, |_| "/staf/gangguan?pengumuman=1".into()).await.map(|_| ())
}

#[server(endpoint = "staff/announcements/withdraw")]
pub async fn withdraw_announcement(csrf: String, id: i64) -> Result<(), AppError> {
    super::answer::form(crate::ssr::notices::withdraw(csrf, id), |_| "/staf/gangguan".into()).await
}

#[server(endpoint = "staff/notices/desk")]
pub async fn load_notice_desk() -> Result<NoticeDesk, AppError> {
    super::answer::data(crate::ssr::notices::desk()).await
}
