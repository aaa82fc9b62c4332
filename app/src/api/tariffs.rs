//! The published tariff tables and the late-fee rule; new decrees for administrators.

use crate::error::AppError;
use leptos::prelude::*;

pub use crate::model::tariffs::*;

#[server(endpoint = "tariffs/sheet")]
pub async fn tariff_sheet() -> Result<TariffTables, AppError> {
    super::answer::data(async { crate::ssr::tariffs::sheet() }).await
}

/// The administrators' tariff page; `query` is its address' query string (a decree to preview).
/// The bill a usage would make (the tariff page's estimator).
#[server(endpoint = "tariffs/estimate")]
pub async fn estimate_bill(group: String, meter: String, usage: String) -> Result<Estimate, AppError> {
    super::answer::data(async { crate::ssr::tariffs::estimate(&group, &meter, &usage) }).await
}

#[server(endpoint = "staff/tariffs")]
pub async fn load_tariff_desk(#[server(default)] query: String) -> Result<TariffDesk, AppError> {
    super::answer::data(crate::ssr::tariffs::desk(&query)).await
}

#[server(endpoint = "staff/tariffs/add")]
pub async fn add_tariff(csrf: String, tariff: TariffForm) -> Result<String, AppError> {
    super::answer::form(crate::ssr::tariffs::add(&csrf, tariff), |_| "/staf/tarif?disimpan=1".to_string()).await
}

#[server(endpoint = "staff/tariffs/late-fee")]
pub async fn add_late_fee_rule(csrf: String, rule: LateFeeForm) -> Result<String, AppError> {
    super::answer::form(crate::ssr::late_fees::add_rule(&csrf, rule), |_| "/staf/tarif?denda=1#denda".to_string()).await
}

#[server(endpoint = "staff/tariffs/due-day")]
pub async fn set_due_rule(
    csrf: String,
    due_day: String,
    #[server(default)] skip_sundays: Option<String>,
) -> Result<(), AppError> {
    super::answer::form(crate::ssr::late_fees::set_due_rule(&csrf, &due_day, skip_sundays.is_some()), |_| {
        "/staf/tarif?jatuh_tempo=1#jatuh-tempo".to_string()
    })
    .await
}

#[server(endpoint = "staff/tariffs/holiday")]
pub async fn put_holiday(csrf: String, day: String, name: String) -> Result<(), AppError> {
    super::answer::form(crate::ssr::late_fees::put_holiday(&csrf, &day, &name), |_| {
        "/staf/tarif?libur=1#libur".to_string()
    })
    .await
}

#[server(endpoint = "staff/tariffs/holiday/remove")]
pub async fn remove_holiday(csrf: String, day: String) -> Result<(), AppError> {
    super::answer::form(crate::ssr::late_fees::remove_holiday(&csrf, &day), |_| "/staf/tarif?libur=1#libur".to_string())
        .await
}
