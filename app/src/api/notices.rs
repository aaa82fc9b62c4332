//! Outage notices and announcements: what customers see (by office, by village), and what
//! supervisors and administrators publish.

use crate::error::AppError;
#[cfg(feature = "ssr")]
use crate::error::{fail, redirect_or_fail};
use leptos::prelude::*;

pub use crate::model::notices::*;

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

#[server(endpoint = "staff/notices/desk")]
pub async fn load_notice_desk() -> Result<NoticeDesk, AppError> {
    match crate::ssr::notices::desk().await {
        Ok(d) => Ok(d),
        Err(e) => fail(e),
    }
}
