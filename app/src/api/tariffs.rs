//! The published tariff tables and the late-fee rule.

use crate::error::AppError;
use leptos::prelude::*;

pub use crate::model::tariffs::*;

#[server(endpoint = "tariffs/sheet")]
pub async fn tariff_sheet() -> Result<TariffTables, AppError> {
    super::answer::data(async { crate::ssr::tariffs::sheet() }).await
}
