//! Staff sign-in, sign-out, passwords, accounts and the audit log.

use crate::error::AppError;
use leptos::prelude::*;

pub use crate::model::staff::*;

#[server(endpoint = "staff/me")]
pub async fn who_am_i() -> Result<StaffContext, AppError> {
    super::answer::data(crate::ssr::staff::me()).await
}

#[server(endpoint = "staff/login")]
pub async fn login(username: String, password: String) -> Result<(), AppError> {
    super::answer::form(crate::ssr::staff::login(&username, &password), |to| to.to_string()).await.map(|_| ())
}

#[server(endpoint = "staff/logout")]
pub async fn logout(csrf: String) -> Result<(), AppError> {
    super::answer::form(crate::ssr::staff::logout(&csrf), |_| "/staf/masuk?keluar=1".into()).await
}

#[server(endpoint = "staff/password")]
pub async fn change_password(
    csrf: String,
    current: String,
    new_password: String,
    repeat: String,
) -> Result<(), AppError> {
    super::answer::form(crate::ssr::staff::change_password(&csrf, current, new_password, &repeat), |_| {
        "/staf?sandi=1".into()
    })
    .await
}

#[server(endpoint = "staff/accounts")]
pub async fn load_staff_directory() -> Result<StaffDirectory, AppError> {
    super::answer::data(crate::ssr::staff::directory()).await
}

#[server(endpoint = "staff/accounts/create")]
pub async fn create_staff(
    csrf: String,
    username: String,
    full_name: String,
    role: String,
    #[server(default)] office: String,
    #[server(default)] counter_no: String,
    password: String,
) -> Result<(), AppError> {
    let form = crate::ssr::staff::AccountForm { username, full_name, role, office, counter_no, password };
    super::answer::form(crate::ssr::staff::create(&csrf, form), |_| "/staf/pengguna?dibuat=1".into()).await
}

/// Deactivates an account: it cannot sign in, and its sessions end at once.
#[server(endpoint = "staff/accounts/deactivate")]
pub async fn deactivate_staff(csrf: String, id: i64) -> Result<(), AppError> {
    super::answer::form(crate::ssr::staff::deactivate(&csrf, id), |_| "/staf/pengguna?nonaktif=1".into()).await
}

/// Sets a new password for an account, to be changed by its owner at the next sign-in; its
/// sessions end at once.
#[server(endpoint = "staff/accounts/reset-password")]
pub async fn reset_staff_password(csrf: String, id: i64, password: String) -> Result<(), AppError> {
    super::answer::form(crate::ssr::staff::reset_password(&csrf, id, password), |_| {
        "/staf/pengguna?sandi_diatur=1".into()
    })
    .await
}

/// Ends one open session of an account.
#[server(endpoint = "staff/sessions/end")]
pub async fn end_staff_session(csrf: String, id: i64, handle: String) -> Result<(), AppError> {
    super::answer::form(crate::ssr::staff::end_session(&csrf, id, &handle), |_| "/staf/pengguna?sesi_ditutup=1".into())
        .await
}

#[server(endpoint = "staff/audit")]
pub async fn audit_log(#[server(default)] before: Option<i64>) -> Result<Vec<AuditLine>, AppError> {
    super::answer::data(crate::ssr::staff::audit_log(before)).await
}
