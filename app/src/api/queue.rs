//! Unit-office queues as pages see them: the live state of an office's queue, a customer's
//! ticket, taking and cancelling a ticket online.

use crate::error::AppError;
#[cfg(feature = "ssr")]
use crate::error::{fail, redirect_or_fail};
use leptos::prelude::*;

pub use crate::model::queue::*;

/// The live state of an office's queue.
#[server(endpoint = "queue/office")]
pub async fn load_office_queue(code: String) -> Result<OfficeQueue, AppError> {
    let result = async {
        let state = crate::ssr::app_state()?;
        let office_id = crate::ssr::db::notices::office_id(&state.db, &code).await?.ok_or(AppError::OfficeNotFound)?;
        crate::ssr::queue::office_queue(&state, office_id).await
    }
    .await;
    result.or_else(fail)
}

/// A customer's ticket by its token.
#[server(endpoint = "queue/ticket")]
pub async fn load_ticket(token: String) -> Result<TicketView, AppError> {
    let result = async {
        if !crate::model::payments::is_receipt_token(&token) {
            return Err(AppError::TicketNotFound);
        }
        let state = crate::ssr::app_state()?;
        crate::ssr::db::queue::ticket(&state.db, &token).await?.ok_or(AppError::TicketNotFound)
    }
    .await;
    result.or_else(fail)
}

/// Takes a ticket online: one per phone number and per device per office and day while it is
/// still open. A form post: works without JavaScript, and goes to the ticket's page.
#[server(endpoint = "queue/take")]
pub async fn take_ticket(office: String, service: String, phone: String) -> Result<(), AppError> {
    let result = crate::ssr::queue::take_online(&office, &service, &phone).await;
    match result {
        Ok(token) => redirect_or_fail(Ok(()), &format!("/antrean/{token}")),
        Err(e) => fail(e),
    }
}

/// The customer gives up their place.
#[server(endpoint = "queue/cancel")]
pub async fn cancel_ticket(token: String) -> Result<(), AppError> {
    let result = crate::ssr::queue::cancel_online(&token).await;
    redirect_or_fail(result, &format!("/antrean/{token}"))
}

#[server(endpoint = "queue/console")]
pub async fn load_console(
    #[server(default)] counter: Option<i64>,
    #[server(default)] printed: Option<String>,
    #[server(default)] office: String,
) -> Result<ConsoleView, AppError> {
    crate::ssr::queue::console(&office, counter, printed).await.or_else(fail)
}

/// One move at a counter: `open`, `close`, `call` (next, or `ticket` out of order), `recall`,
/// `start`, `finish`, `no_show`, `transfer` (to `service`).
#[server(endpoint = "queue/counter")]
pub async fn counter_action(
    csrf: String,
    counter: i64,
    action: String,
    #[server(default)] ticket: String,
    #[server(default)] service: String,
    #[server(default)] office: String,
) -> Result<(), AppError> {
    let result = crate::ssr::queue::counter_action(&csrf, &office, counter, &action, &ticket, &service).await;
    redirect_or_fail(result, &console_url(&office, counter, None))
}

/// A walk-in ticket from the counter's kiosk, printable; priority in one tap.
#[server(endpoint = "queue/walk-in")]
pub async fn walk_in_ticket(
    csrf: String,
    counter: i64,
    service: String,
    #[server(default)] priority: String,
    #[server(default)] office: String,
) -> Result<(), AppError> {
    match crate::ssr::queue::walk_in(&csrf, &office, counter, &service, priority == "1").await {
        Ok(token) => redirect_or_fail(Ok(()), &console_url(&office, counter, Some(&token))),
        Err(e) => fail(e),
    }
}

/// The queue screen's state, and every call since `after` (so a screen that lost its
/// connection speaks the calls it missed, in order).
#[server(endpoint = "queue/screen")]
pub async fn load_screen(code: String, #[server(default)] after: i64, #[server(default)] at_least: i64) -> Result<ScreenView, AppError> {
    let result = async {
        let state = crate::ssr::app_state()?;
        let board = state.board.get(&state, at_least).await?;
        let office_id = board.office_id(&code).ok_or(AppError::OfficeNotFound)?;
        let queue = crate::ssr::queue::office_queue(&state, office_id).await?;
        let (new_calls, last_call_id) = crate::ssr::db::queue::calls_after(&state.db, office_id, after).await?;
        let now = crate::ssr::clock::now_wib().naive_local();
        let notices = board
            .notices(Some(office_id), now)
            .into_iter()
            .map(|n| ScreenNotice {
                disruption: true,
                villages: n.areas.into_iter().map(|a| a.village).collect(),
                back_by: n.flow_eta.or(n.ends_at),
                title: n.title,
            })
            .chain(board.announcements(Some(office_id), now).into_iter().map(|a| ScreenNotice {
                title: a.title,
                disruption: false,
                villages: Vec::new(),
                back_by: None,
            }))
            .collect();
        Ok(ScreenView { queue, notices, new_calls, last_call_id })
    }
    .await;
    result.or_else(fail)
}

/// Queue statistics of an office for a day: supervisors their office, administrators any.
#[server(endpoint = "queue/statistics")]
pub async fn load_queue_stats(#[server(default)] day: String, #[server(default)] office: String) -> Result<QueueStats, AppError> {
    let result = async {
        let state = crate::ssr::app_state()?;
        let session = crate::ssr::auth::current_session().await?;
        let day = crate::ssr::reports::parse_day(&day)?;
        let (office_id, ..) = crate::ssr::queue::stats_scope(&state.db, &session.staff, &office).await?;
        let mut stats = crate::ssr::db::queue::statistics(&state.db, office_id, day).await?;
        if session.staff.office.is_none() {
            stats.offices = crate::ssr::db::offices::names(&state.db).await?;
        }
        Ok(stats)
    }
    .await;
    result.or_else(fail)
}
