//! The month's billing run: drafting, reviewing held bills, publishing.

use crate::error::AppError;
use leptos::prelude::*;

pub use crate::model::billing::*;

#[server(endpoint = "staff/billing")]
pub async fn load_billing_desk() -> Result<BillingDesk, AppError> {
    super::answer::data(crate::ssr::billing::desk()).await
}

#[server(endpoint = "staff/billing/run")]
pub async fn load_billing_run(id: i64) -> Result<RunView, AppError> {
    super::answer::data(crate::ssr::billing::run_view(id)).await
}

/// Drafts the period's bills from its readings and holds them for review.
#[server(endpoint = "staff/billing/start")]
pub async fn start_billing_run(
    csrf: String,
    period: String,
    #[server(default)] office: String,
) -> Result<i64, AppError> {
    super::answer::form(crate::ssr::billing::start(&csrf, &period, &office), |id| format!("/staf/tagihan/{id}")).await
}

/// A corrected figure for a held bill's reading, with the reason.
#[server(endpoint = "staff/billing/correct")]
pub async fn correct_reading(
    csrf: String,
    run: i64,
    customer: i64,
    stand_akhir: String,
    reason: String,
) -> Result<i64, AppError> {
    super::answer::form(crate::ssr::billing::correct(&csrf, run, customer, &stand_akhir, &reason), |id| {
        format!("/staf/tagihan/{id}")
    })
    .await
}

/// Accepts one held bill as drafted, or (without a customer) every one left.
#[server(endpoint = "staff/billing/accept")]
pub async fn accept_held_bills(
    csrf: String,
    run: i64,
    #[server(default)] customer: Option<i64>,
) -> Result<i64, AppError> {
    super::answer::form(crate::ssr::billing::accept(&csrf, run, customer), |id| format!("/staf/tagihan/{id}")).await
}

/// Drops a run under review and the estimates it made; the period can be drafted again.
#[server(endpoint = "staff/billing/discard")]
pub async fn discard_billing_run(csrf: String, run: i64) -> Result<i64, AppError> {
    super::answer::form(crate::ssr::billing::discard(&csrf, run), |id| format!("/staf/tagihan/{id}")).await
}

/// Publishes the run; `announce` (a ticked box) sends the announcement typed with it.
#[server(endpoint = "staff/billing/publish")]
pub async fn publish_billing_run(
    csrf: String,
    run: i64,
    #[server(default)] announce: Option<String>,
    #[server(default)] title: String,
    #[server(default)] body: String,
) -> Result<i64, AppError> {
    super::answer::form(crate::ssr::billing::publish(&csrf, run, announce.is_some(), &title, &body), |id| {
        format!("/staf/tagihan/{id}?terbit=1")
    })
    .await
}
