//! Unit-office queues as pages see them: the live state of an office's queue, a customer's
//! ticket, taking and cancelling a ticket online.

use crate::error::AppError;
use leptos::prelude::*;

pub use crate::model::queue::*;

/// The live state of an office's queue.
#[server(endpoint = "queue/office")]
pub async fn load_office_queue(code: String) -> Result<OfficeQueue, AppError> {
    super::answer::data(crate::ssr::queue::office(&code)).await
}

/// A customer's ticket by its token.
#[server(endpoint = "queue/ticket")]
pub async fn load_ticket(token: String) -> Result<TicketView, AppError> {
    super::answer::data(crate::ssr::queue::ticket(&token)).await
}

/// Takes a ticket online: one per phone number and per device per office and day while it is
/// still open. A form post: works without JavaScript, and goes to the ticket's page.
#[server(endpoint = "queue/take")]
pub async fn take_ticket(office: String, service: String, phone: String) -> Result<(), AppError> {
    super::answer::form(crate::ssr::queue::take_online(&office, &service, &phone), |token| format!("/antrean/{token}"))
        .await
        .map(|_| ())
}

/// The customer gives up their place.
#[server(endpoint = "queue/cancel")]
pub async fn cancel_ticket(token: String) -> Result<(), AppError> {
    super::answer::form(crate::ssr::queue::cancel_online(&token), |_| format!("/antrean/{token}")).await
}

#[server(endpoint = "queue/console")]
pub async fn load_console(
    #[server(default)] counter: Option<i64>,
    #[server(default)] printed: Option<String>,
    #[server(default)] office: String,
) -> Result<ConsoleView, AppError> {
    super::answer::data(crate::ssr::queue::console(&office, counter, printed)).await
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
    let act = crate::ssr::queue::counter_action(&csrf, &office, counter, &action, &ticket, &service);
    super::answer::form(act, |_| console_url(&office, counter, None)).await
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
    let walk_in = crate::ssr::queue::walk_in(&csrf, &office, counter, &service, priority == "1");
    super::answer::form(walk_in, |token| console_url(&office, counter, Some(token))).await.map(|_| ())
}

/// The queue screen's state, and every call since `after` (so a screen that lost its
/// connection speaks the calls it missed, in order).
#[server(endpoint = "queue/screen")]
pub async fn load_screen(
    code: String,
    #[server(default)] after: i64,
    #[server(default)] at_least: i64,
) -> Result<ScreenView, AppError> {
    super::answer::data(crate::ssr::queue::screen(&code, after, at_least)).await
}

/// Queue statistics of an office for a day: supervisors their office, administrators any.
#[server(endpoint = "queue/statistics")]
pub async fn load_queue_stats(
    #[server(default)] day: String,
    #[server(default)] office: String,
) -> Result<QueueStats, AppError> {
    super::answer::data(crate::ssr::queue::statistics(&day, &office)).await
}
