//! Staff sign-in, sign-out, passwords, accounts and the audit log.

use crate::error::AppError;
#[cfg(feature = "ssr")]
use crate::error::{fail, redirect_or_fail};
#[cfg(feature = "ssr")]
use crate::ssr::set_cookie;
use leptos::prelude::*;

pub use crate::model::staff::*;

#[server(endpoint = "staff/me")]
pub async fn who_am_i() -> Result<StaffContext, AppError> {
    match crate::ssr::auth::signed_in_session().await {
        Ok(s) => Ok(StaffContext { member: s.staff, csrf: s.csrf }),
        Err(e) => fail(e),
    }
}

#[cfg(feature = "ssr")]
fn client_ip() -> Option<std::net::IpAddr> {
    use_context::<http::request::Parts>().and_then(|p| p.extensions.get::<crate::ssr::ClientIp>().map(|c| c.0))
}

#[server(endpoint = "staff/login")]
pub async fn login(username: String, password: String) -> Result<(), AppError> {
    use crate::ssr::auth;
    let state = crate::ssr::app_state()?;
    let secure = use_context::<http::request::Parts>().is_some_and(|p| auth::is_https(&p.headers));
    match auth::sign_in(&state.db, &username, &password, client_ip(), chrono::Utc::now()).await {
        Ok((token, session)) => {
            set_cookie(&auth::session_cookie(&token, secure));
            leptos_axum::redirect(if session.staff.must_change_password { "/staf?ganti_sandi=1" } else { "/staf" });
            Ok(())
        }
        Err(e) => fail(e),
    }
}

#[server(endpoint = "staff/logout")]
pub async fn logout(csrf: String) -> Result<(), AppError> {
    use crate::ssr::auth;
    let result = async {
        let state = crate::ssr::app_state()?;
        let session = auth::signed_in_session().await?;
        let parts = use_context::<http::request::Parts>().ok_or(AppError::Internal)?;
        auth::check_csrf(&session, &csrf, &parts.headers)?;
        auth::sign_out(&state.db, &session).await?;
        crate::ssr::db::audit::record(
            &state.db,
            Some(&session.staff),
            &session.staff.username,
            crate::domain::audit::AuditAction::Logout,
            &session.staff.username,
            "",
            client_ip(),
        )
        .await?;
        Ok(())
    }
    .await;
    match result {
        Ok(()) => {
            set_cookie(&auth::clearing_cookie());
            leptos_axum::redirect("/staf/masuk?keluar=1");
            Ok(())
        }
        Err(e) => fail(e),
    }
}

#[server(endpoint = "staff/password")]
pub async fn change_password(csrf: String, current: String, new_password: String, repeat: String) -> Result<(), AppError> {
    use crate::ssr::{auth, db::staff};
    let result = async {
        let state = crate::ssr::app_state()?;
        let session = auth::signed_in_session().await?;
        let parts = use_context::<http::request::Parts>().ok_or(AppError::Internal)?;
        auth::check_csrf(&session, &csrf, &parts.headers)?;
        if !auth::check_password(staff::password_hash(&state.db, session.staff.id).await?, current).await {
            return Err(AppError::LoginFailed);
        }
        if new_password != repeat {
            return Err(AppError::PasswordsDiffer);
        }
        crate::domain::staff::check_password(&session.staff.username, &new_password).map_err(AppError::WeakPassword)?;
        let hash = auth::hash_password_off_thread(new_password).await?;
        staff::set_password(&state.db, session.staff.id, &hash).await?;
        auth::end_other_sessions(&state.db, &session).await?;
        crate::ssr::db::audit::record(
            &state.db,
            Some(&session.staff),
            &session.staff.username,
            crate::domain::audit::AuditAction::PasswordChanged,
            &session.staff.username,
            "",
            client_ip(),
        )
        .await?;
        Ok(())
    }
    .await;
    redirect_or_fail(result, "/staf?sandi=1")
}

#[server(endpoint = "staff/accounts")]
pub async fn load_staff_directory() -> Result<StaffDirectory, AppError> {
    let result = async {
        let state = crate::ssr::app_state()?;
        let session = crate::ssr::auth::authorize_read(crate::domain::staff::Duty::Administer).await?;
        let staff = crate::ssr::db::staff::all(&state.db).await?;
        let offices = crate::ssr::db::offices::names(&state.db).await?;
        let sessions = crate::ssr::db::staff::active_sessions(&state.db, chrono::Utc::now())
            .await?
            .into_iter()
            .map(|r| SessionLine {
                signed_in_at: crate::ssr::clock::to_wib(&r.created_at).unwrap_or_default(),
                last_seen_at: crate::ssr::clock::to_wib(&r.last_seen_at).unwrap_or_default(),
                handle: r.handle,
                staff_id: r.staff_id,
                username: r.username,
                client_ip: r.client_ip,
            })
            .collect();
        Ok(StaffDirectory { csrf: session.csrf, me: session.staff.id, staff, offices, sessions })
    }
    .await;
    result.or_else(fail)
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
    use crate::ssr::db::staff::{self, NewStaff, StaffError};
    let result = async {
        let state = crate::ssr::app_state()?;
        let (session, ip) = crate::ssr::auth::authorize_action(&csrf, crate::domain::staff::Duty::Administer).await?;
        let role = role.parse().map_err(|_| AppError::Invalid(crate::domain::notice::InputProblem::UnknownChoice("role".into())))?;
        let counter_no = match counter_no.trim() {
            "" => None,
            n => Some(
                n.parse::<i64>()
                    .ok()
                    .filter(|n| (1..=99).contains(n))
                    .ok_or(AppError::Invalid(crate::domain::notice::InputProblem::UnknownChoice("counter_no".into())))?,
            ),
        };
        let created =
            staff::create(&state.db, NewStaff { username, full_name, role, office_code: Some(office), counter_no, password }).await.map_err(|e| match e {
                StaffError::UsernameTaken(_) => AppError::UsernameTaken,
                StaffError::WeakPassword(w) => AppError::WeakPassword(w),
                StaffError::Db(e) => AppError::from(e),
                StaffError::Hashing => AppError::Internal,
                StaffError::BadUsername => AppError::Invalid(crate::domain::notice::InputProblem::UnknownChoice("username".into())),
                StaffError::BadName => AppError::Invalid(crate::domain::notice::InputProblem::Markup("full_name".into())),
                StaffError::OfficeRequired | StaffError::OfficeNotAllowed | StaffError::UnknownOffice(_) => {
                    AppError::Invalid(crate::domain::notice::InputProblem::UnknownChoice("office".into()))
                }
            })?;
        crate::ssr::db::audit::record(
            &state.db,
            Some(&session.staff),
            &session.staff.username,
            crate::domain::audit::AuditAction::StaffCreated,
            &created.username,
            created.role.as_str(),
            ip,
        )
        .await?;
        Ok(())
    }
    .await;
    redirect_or_fail(result, "/staf/pengguna?dibuat=1")
}

/// An administrator's change to another account, audited in the same transaction.
#[cfg(feature = "ssr")]
async fn change_account(csrf: &str, id: i64, change: crate::ssr::db::staff::AccountChange<'_>) -> Result<(), AppError> {
    use crate::ssr::db::staff::{self, AccountChangeError};
    let state = crate::ssr::app_state()?;
    let (session, ip) = crate::ssr::auth::authorize_action(csrf, crate::domain::staff::Duty::Administer).await?;
    staff::change_account(&state.db, &session.staff, id, change, ip).await.map_err(|e| match e {
        AccountChangeError::NotFound => AppError::PageNotFound,
        AccountChangeError::OwnAccount => AppError::OwnAccount,
        AccountChangeError::Db(e) => AppError::from(e),
    })?;
    Ok(())
}

/// Deactivates an account: it cannot sign in, and its sessions end at once.
#[server(endpoint = "staff/accounts/deactivate")]
pub async fn deactivate_staff(csrf: String, id: i64) -> Result<(), AppError> {
    let result = change_account(&csrf, id, crate::ssr::db::staff::AccountChange::Deactivate).await;
    redirect_or_fail(result, "/staf/pengguna?nonaktif=1")
}

/// Sets a new password for an account, to be changed by its owner at the next sign-in; its
/// sessions end at once.
#[server(endpoint = "staff/accounts/reset-password")]
pub async fn reset_staff_password(csrf: String, id: i64, password: String) -> Result<(), AppError> {
    let result = async {
        let state = crate::ssr::app_state()?;
        crate::ssr::auth::authorize_action(&csrf, crate::domain::staff::Duty::Administer).await?;
        let target = crate::ssr::db::staff::member(&state.db, id).await?.ok_or(AppError::PageNotFound)?;
        crate::domain::staff::check_password(&target.username, &password).map_err(AppError::WeakPassword)?;
        let hash = crate::ssr::auth::hash_password_off_thread(password).await?;
        change_account(&csrf, id, crate::ssr::db::staff::AccountChange::ResetPassword { new_hash: &hash }).await
    }
    .await;
    redirect_or_fail(result, "/staf/pengguna?sandi_diatur=1")
}

/// Ends one open session of an account.
#[server(endpoint = "staff/sessions/end")]
pub async fn end_staff_session(csrf: String, id: i64, handle: String) -> Result<(), AppError> {
    let result = if handle.len() == 64 && handle.chars().all(|c| c.is_ascii_hexdigit()) {
        change_account(&csrf, id, crate::ssr::db::staff::AccountChange::EndSession { handle: &handle }).await
    } else {
        Err(AppError::PageNotFound)
    };
    redirect_or_fail(result, "/staf/pengguna?sesi_ditutup=1")
}

#[server(endpoint = "staff/audit")]
pub async fn audit_log(#[server(default)] before: Option<i64>) -> Result<Vec<AuditLine>, AppError> {
    let result = async {
        let state = crate::ssr::app_state()?;
        crate::ssr::auth::authorize_read(crate::domain::staff::Duty::Administer).await?;
        let rows = crate::ssr::db::audit::recent(&state.db, before, 100).await?;
        Ok(rows
            .into_iter()
            .map(|r| AuditLine {
                id: r.id,
                at: crate::ssr::clock::to_wib(&r.at).unwrap_or_default(),
                username: r.username,
                kind: r.action.parse().ok(),
                action: r.action,
                subject: r.subject,
                detail: r.detail,
                client_ip: r.client_ip,
            })
            .collect())
    }
    .await;
    result.or_else(fail)
}
