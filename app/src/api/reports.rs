//! Reports staff read: cash per teller and office for a day, the day's reconciliation per
//! channel, money set aside to refund. CSV versions are routes in the server.

pub use crate::domain::Money;
use crate::error::AppError;
use leptos::prelude::*;

pub use crate::model::reports::*;

#[server(endpoint = "reports/cash")]
pub async fn load_cash_report(
    #[server(default)] day: String,
    #[server(default)] office: String,
) -> Result<CashReport, AppError> {
    super::answer::data(crate::ssr::reports::cash(&day, &office)).await
}

#[server(endpoint = "reports/reconciliation")]
pub async fn load_reconciliation(#[server(default)] day: String) -> Result<Reconciliation, AppError> {
    super::answer::data(crate::ssr::reports::reconciliation(&day)).await
}

#[server(endpoint = "reports/refunded")]
pub async fn mark_refunded(csrf: String, id: i64) -> Result<(), AppError> {
    super::answer::form(crate::ssr::reports::mark_refunded(&csrf, id), |_| "/staf/rekonsiliasi?dikembalikan=1".into())
        .await
}
