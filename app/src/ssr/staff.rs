//! Staff accounts: signing in and out, passwords, the administrators' directory and their
//! changes to accounts, the audit log. Every change is recorded in the transaction that makes it.

use crate::domain::audit::AuditAction;
use crate::domain::notice::InputProblem;
use crate::domain::staff::Duty;
use crate::error::AppError;
use crate::model::staff::{AuditLine, SessionLine, StaffContext, StaffDirectory};
use crate::ssr::db::audit::Action;
use crate::ssr::db::staff::{self, AccountChange, AccountChangeError, NewStaff, StaffError};
use crate::ssr::{app_state, auth, set_cookie};

fn client_ip() -> Option<std::net::IpAddr> {
    leptos::prelude::use_context::<http::request::Parts>()
        .and_then(|p| p.extensions.get::<crate::ssr::ClientIp>().map(|c| c.0))
}

fn request_headers() -> Result<http::HeaderMap, AppError> {
    leptos::prelude::use_context::<http::request::Parts>().map(|p| p.headers).ok_or(AppError::Internal)
}

/// Who is signed in, with the token their forms carry.
pub async fn me() -> Result<StaffContext, AppError> {
    let session = auth::signed_in_session().await?;
    Ok(StaffContext { member: session.staff, csrf: session.csrf })
}

/// Signs in and sets the session cookie; where to go next (the password form first for an
/// account whose password an administrator reset).
pub async fn login(username: &str, password: &str) -> Result<&'static str, AppError> {
    let state = app_state()?;
    let secure = auth::is_https(&request_headers()?);
    let (token, session) = auth::sign_in(&state.db, username, password, client_ip(), chrono::Utc::now()).await?;
    set_cookie(&auth::session_cookie(&token, secure));
    Ok(if session.staff.must_change_password { "/staf?ganti_sandi=1" } else { "/staf" })
}

pub async fn logout(csrf: &str) -> Result<(), AppError> {
    let state = app_state()?;
    let session = auth::signed_in_session().await?;
    auth::check_csrf(&session, csrf, &request_headers()?)?;
    let mut tx = crate::ssr::db::begin_write(&state.db).await?;
    auth::sign_out(&mut tx, &session).await?;
    own_action(&session, AuditAction::Logout).record(&mut tx).await?;
    tx.commit().await?;
    set_cookie(&auth::clearing_cookie());
    Ok(())
}

/// A staff member's action on their own account.
fn own_action(session: &auth::Session, action: AuditAction) -> Action<'_> {
    Action {
        actor: &session.staff,
        action,
        subject: session.staff.username.clone(),
        detail: String::new(),
        ip: client_ip(),
    }
}

/// Changes one's own password; every other session of the account ends.
pub async fn change_password(csrf: &str, current: String, new_password: String, repeat: &str) -> Result<(), AppError> {
    let state = app_state()?;
    let session = auth::signed_in_session().await?;
    auth::check_csrf(&session, csrf, &request_headers()?)?;
    if !auth::check_password(staff::password_hash(&state.db, session.staff.id).await?, current).await {
        return Err(AppError::LoginFailed);
    }
    if new_password != repeat {
        return Err(AppError::PasswordsDiffer);
    }
    crate::domain::staff::check_password(&session.staff.username, &new_password).map_err(AppError::WeakPassword)?;
    let hash = auth::hash_password_off_thread(new_password).await?;
    let mut tx = crate::ssr::db::begin_write(&state.db).await?;
    staff::set_password(&mut tx, session.staff.id, &hash).await?;
    auth::end_other_sessions(&mut tx, &session).await?;
    own_action(&session, AuditAction::PasswordChanged).record(&mut tx).await?;
    tx.commit().await?;
    Ok(())
}

/// Administrators: every account, every office, every open session.
pub async fn directory() -> Result<StaffDirectory, AppError> {
    let state = app_state()?;
    let session = auth::authorize_read(Duty::Administer).await?;
    let staff = staff::all(&state.db).await?;
    let offices = crate::ssr::db::offices::names(&state.db).await?;
    let sessions = staff::active_sessions(&state.db, chrono::Utc::now())
        .await?
        .into_iter()
        .map(|r| SessionLine {
            signed_in_at: r.created_at.wib(),
            last_seen_at: r.last_seen_at.wib(),
            handle: r.handle,
            staff_id: r.staff_id,
            username: r.username,
            client_ip: r.client_ip,
        })
        .collect();
    Ok(StaffDirectory { csrf: session.csrf, me: session.staff.id, staff, offices, sessions })
}

/// What an administrator typed to create an account.
pub struct AccountForm {
    pub username: String,
    pub full_name: String,
    pub role: String,
    pub office: String,
    pub counter_no: String,
    pub password: String,
}

pub async fn create(csrf: &str, form: AccountForm) -> Result<(), AppError> {
    let state = app_state()?;
    let (session, ip) = auth::authorize_action(csrf, Duty::Administer).await?;
    let role = form.role.parse().map_err(|_| AppError::Invalid(InputProblem::UnknownChoice("role".into())))?;
    let counter_no = match form.counter_no.trim() {
        "" => None,
        n => Some(
            n.parse::<i64>()
                .ok()
                .filter(|n| (1..=99).contains(n))
                .ok_or(AppError::Invalid(InputProblem::UnknownChoice("counter_no".into())))?,
        ),
    };
    let new = NewStaff {
        username: form.username,
        full_name: form.full_name,
        role,
        office_code: Some(form.office),
        counter_no,
        password: form.password,
    };
    let by = crate::ssr::db::audit::By { actor: Some(&session.staff), name: &session.staff.username, ip };
    staff::create(&state.db, new, &by).await.map_err(|e| match e {
        StaffError::UsernameTaken(_) => AppError::UsernameTaken,
        StaffError::WeakPassword(w) => AppError::WeakPassword(w),
        StaffError::Db(e) => AppError::from(e),
        StaffError::Hashing => AppError::Internal,
        StaffError::BadUsername => AppError::Invalid(InputProblem::UnknownChoice("username".into())),
        StaffError::BadName => AppError::Invalid(InputProblem::Markup("full_name".into())),
        StaffError::OfficeRequired | StaffError::OfficeNotAllowed | StaffError::UnknownOffice(_) => {
            AppError::Invalid(InputProblem::UnknownChoice("office".into()))
        }
    })?;
    Ok(())
}

/// An administrator's change to another account, audited in the same transaction.
async fn change_account(csrf: &str, id: i64, change: AccountChange<'_>) -> Result<(), AppError> {
    let state = app_state()?;
    let (session, ip) = auth::authorize_action(csrf, Duty::Administer).await?;
    staff::change_account(&state.db, &session.staff, id, change, ip).await.map_err(|e| match e {
        AccountChangeError::NotFound => AppError::PageNotFound,
        AccountChangeError::OwnAccount => AppError::OwnAccount,
        AccountChangeError::Db(e) => AppError::from(e),
    })?;
    Ok(())
}

/// Deactivates an account: it cannot sign in, and its sessions end at once.
pub async fn deactivate(csrf: &str, id: i64) -> Result<(), AppError> {
    change_account(csrf, id, AccountChange::Deactivate).await
}

/// Sets a new password for an account, to be changed by its owner at the next sign-in.
pub async fn reset_password(csrf: &str, id: i64, password: String) -> Result<(), AppError> {
    let state = app_state()?;
    auth::authorize_action(csrf, Duty::Administer).await?;
    let target = staff::member(&state.db, id).await?.ok_or(AppError::PageNotFound)?;
    crate::domain::staff::check_password(&target.username, &password).map_err(AppError::WeakPassword)?;
    let hash = auth::hash_password_off_thread(password).await?;
    change_account(csrf, id, AccountChange::ResetPassword { new_hash: &hash }).await
}

/// Ends one open session of an account.
pub async fn end_session(csrf: &str, id: i64, handle: &str) -> Result<(), AppError> {
    if handle.len() != 64 || !handle.chars().all(|c| c.is_ascii_hexdigit()) {
        return Err(AppError::PageNotFound);
    }
    change_account(csrf, id, AccountChange::EndSession { handle }).await
}

/// The newest hundred entries before `before` (an entry id), newest first.
pub async fn audit_log(before: Option<i64>) -> Result<Vec<AuditLine>, AppError> {
    let state = app_state()?;
    auth::authorize_read(Duty::Administer).await?;
    let rows = crate::ssr::db::audit::recent(&state.db, before, 100).await?;
    Ok(rows.into_iter().map(AuditLine::from).collect())
}
