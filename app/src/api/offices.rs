//! Unit offices: where customers go, when they are open, which villages they serve.

use crate::error::AppError;
use leptos::prelude::*;

pub use crate::model::offices::*;

#[server(endpoint = "offices/list")]
pub async fn list_offices() -> Result<Vec<Office>, AppError> {
    super::answer::data(crate::ssr::offices::all()).await
}

#[server(endpoint = "offices/one")]
pub async fn get_office(code: String) -> Result<Office, AppError> {
    super::answer::data(crate::ssr::offices::by_code(&code)).await
}

#[server(endpoint = "staff/offices")]
pub async fn load_office_desk() -> Result<OfficeDesk, AppError> {
    super::answer::data(crate::ssr::office_settings::desk()).await
}

#[server(endpoint = "staff/offices/settings")]
pub async fn load_office_settings(code: String) -> Result<OfficeSettings, AppError> {
    super::answer::data(crate::ssr::office_settings::settings(&code)).await
}

/// Where an office's settings page goes after a change.
#[cfg(feature = "ssr")]
fn saved(code: &String) -> String {
    format!("/staf/kantor/{code}?disimpan=1")
}

#[server(endpoint = "staff/offices/add")]
pub async fn add_office(csrf: String, code: String, name: String) -> Result<String, AppError> {
    super::answer::form(crate::ssr::office_settings::add(&csrf, &code, &name), saved).await
}

#[server(endpoint = "staff/offices/details")]
pub async fn save_office_details(csrf: String, code: String, office: OfficeForm) -> Result<String, AppError> {
    super::answer::form(crate::ssr::office_settings::save_details(&csrf, &code, office), saved).await
}

#[server(endpoint = "staff/offices/hours")]
pub async fn save_office_hours(csrf: String, code: String, week: WeekForm) -> Result<String, AppError> {
    super::answer::form(crate::ssr::office_settings::save_hours(&csrf, &code, week), saved).await
}

#[server(endpoint = "staff/offices/areas")]
pub async fn save_office_areas(csrf: String, code: String, areas: String) -> Result<String, AppError> {
    super::answer::form(crate::ssr::office_settings::save_areas(&csrf, &code, &areas), saved).await
}

#[server(endpoint = "staff/offices/service")]
pub async fn save_queue_service(csrf: String, code: String, service: ServiceForm) -> Result<String, AppError> {
    super::answer::form(crate::ssr::office_settings::save_service(&csrf, &code, service), saved).await
}

#[server(endpoint = "staff/offices/counter/add")]
pub async fn add_counter(csrf: String, code: String) -> Result<String, AppError> {
    super::answer::form(crate::ssr::office_settings::add_counter(&csrf, &code), saved).await
}

#[server(endpoint = "staff/offices/counter")]
pub async fn save_counter(csrf: String, code: String, counter: CounterForm) -> Result<String, AppError> {
    super::answer::form(crate::ssr::office_settings::save_counter(&csrf, &code, counter), saved).await
}
