//! Customers for staff: search, their record, status and phone.

use crate::error::AppError;
use leptos::prelude::*;

pub use crate::model::customers::*;

#[server(endpoint = "staff/customers")]
pub async fn search_customers(#[server(default)] q: String) -> Result<CustomerSearch, AppError> {
    super::answer::data(crate::ssr::customers::search(&q)).await
}

#[server(endpoint = "staff/customers/record")]
pub async fn load_customer_record(number: String) -> Result<CustomerRecord, AppError> {
    super::answer::data(crate::ssr::customers::record(&number)).await
}

#[server(endpoint = "staff/customers/status")]
pub async fn set_customer_status(
    csrf: String,
    number: String,
    status: String,
    reason: String,
) -> Result<String, AppError> {
    super::answer::form(crate::ssr::customers::set_status(&csrf, &number, &status, &reason), |n| {
        format!("/staf/pelanggan/{n}?diubah=1")
    })
    .await
}

#[server(endpoint = "staff/customers/phone")]
pub async fn set_customer_phone(
    csrf: String,
    number: String,
    #[server(default)] phone: String,
) -> Result<String, AppError> {
    super::answer::form(crate::ssr::customers::set_phone(&csrf, &number, &phone), |n| {
        format!("/staf/pelanggan/{n}?diubah=1")
    })
    .await
}

/// A published bill's corrected meter figure, with the reason: an unpaid bill is computed
/// again, a paid one's difference goes to the next bill.
#[server(endpoint = "staff/customers/correct-bill")]
pub async fn correct_bill(
    csrf: String,
    number: String,
    period: String,
    stand_akhir: String,
    reason: String,
) -> Result<String, AppError> {
    super::answer::form(crate::ssr::corrections::correct_bill(&csrf, &number, &period, &stand_akhir, &reason), |n| {
        format!("/staf/pelanggan/{n}?diubah=1")
    })
    .await
}
