//! Banks for administrators: add one, replace its key, rotate its secret, turn it off or on,
//! and what it is sent to connect.

use crate::error::AppError;
use leptos::prelude::*;

pub use crate::model::banks::*;

#[server(endpoint = "staff/banks")]
pub async fn load_bank_desk() -> Result<BankDesk, AppError> {
    super::answer::data(crate::ssr::banks::desk()).await
}

/// After adding or rotating, the page the new secret is shown on, once.
#[cfg(feature = "ssr")]
fn secret_page(id: &String) -> String {
    format!("/staf/bank/{id}/rahasia")
}

#[server(endpoint = "staff/banks/add")]
pub async fn add_bank(
    csrf: String,
    id: String,
    name: String,
    biller_code: String,
    public_key_pem: String,
) -> Result<String, AppError> {
    super::answer::form(crate::ssr::banks::add(&csrf, &id, &name, &biller_code, &public_key_pem), secret_page).await
}

#[server(endpoint = "staff/banks/key")]
pub async fn set_bank_key(csrf: String, id: String, public_key_pem: String) -> Result<String, AppError> {
    super::answer::form(crate::ssr::banks::set_key(&csrf, &id, &public_key_pem), |id| format!("/staf/bank?diubah={id}"))
        .await
}

#[server(endpoint = "staff/banks/secret")]
pub async fn rotate_bank_secret(csrf: String, id: String, grace_hours: String) -> Result<String, AppError> {
    super::answer::form(crate::ssr::banks::rotate_secret(&csrf, &id, &grace_hours), secret_page).await
}

#[server(endpoint = "staff/banks/active")]
pub async fn set_bank_active(csrf: String, id: String, active: bool) -> Result<String, AppError> {
    super::answer::form(crate::ssr::banks::set_active(&csrf, &id, active), |id| format!("/staf/bank?diubah={id}")).await
}

#[server(endpoint = "staff/banks/secret/show")]
pub async fn show_bank_secret(id: String) -> Result<SecretShowing, AppError> {
    super::answer::data(crate::ssr::banks::show_secret(&id)).await
}

#[server(endpoint = "staff/banks/sheet")]
pub async fn load_onboarding_sheet(id: String) -> Result<OnboardingSheet, AppError> {
    super::answer::data(crate::ssr::banks::sheet(&id)).await
}
