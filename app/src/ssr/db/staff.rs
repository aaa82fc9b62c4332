//! Staff accounts.

use crate::domain::staff::{normalise_username, OfficeRef, Role, StaffMember};
use crate::ssr::db::stamp::{stamp, Stamp};
use chrono::Utc;
use sqlx::AnyPool;

/// A new account as an administrator (or the `server staff add` command) asks for it.
pub struct NewStaff {
    pub username: String,
    pub full_name: String,
    pub role: Role,
    pub office_code: Option<String>,
    pub counter_no: Option<i64>,
    pub password: String,
}

#[derive(Debug, thiserror::Error)]
pub enum StaffError {
    #[error("the username must be 3-32 letters, digits, '.', '_' or '-', starting with a letter")]
    BadUsername,
    #[error("the name must be 1-80 characters without < or >")]
    BadName,
    #[error("the username {0:?} is taken")]
    UsernameTaken(String),
    #[error("supervisors and tellers belong to an office: give its code")]
    OfficeRequired,
    #[error("administrators serve every office: give no office")]
    OfficeNotAllowed,
    #[error("no unit office has code {0:?}")]
    UnknownOffice(String),
    #[error("password: {0}")]
    WeakPassword(#[from] crate::domain::staff::WeakPassword),
    #[error("the password could not be hashed")]
    Hashing,
    #[error(transparent)]
    Db(#[from] sqlx::Error),
}

/// Creates an account and records who created it (`by`), in one transaction.
pub async fn create(
    db: &AnyPool,
    new: NewStaff,
    by: &crate::ssr::db::audit::By<'_>,
) -> Result<StaffMember, StaffError> {
    let username = normalise_username(&new.username).ok_or(StaffError::BadUsername)?;
    let full_name = new.full_name.trim().to_string();
    if full_name.is_empty() || full_name.chars().count() > 80 || full_name.contains(['<', '>']) {
        return Err(StaffError::BadName);
    }
    crate::domain::staff::check_password(&username, &new.password)?;
    let office_id: Option<i64> = match (new.role, new.office_code.as_deref().map(str::trim).filter(|c| !c.is_empty())) {
        (Role::Admin, None) => None,
        (Role::Admin, Some(_)) => return Err(StaffError::OfficeNotAllowed),
        (_, None) => return Err(StaffError::OfficeRequired),
        (_, Some(code)) => Some(
            sqlx::query_scalar("SELECT id FROM unit_offices WHERE code = $1")
                .bind(code)
                .fetch_optional(db)
                .await?
                .ok_or_else(|| StaffError::UnknownOffice(code.to_string()))?,
        ),
    };
    let password_hash =
        crate::ssr::auth::hash_password_off_thread(new.password.clone()).await.map_err(|_| StaffError::Hashing)?;
    let mut tx = super::begin_write(db).await?;
    let taken: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM staff WHERE username = $1")
        .bind(&username)
        .fetch_one(&mut *tx)
        .await?;
    if taken > 0 {
        return Err(StaffError::UsernameTaken(username));
    }
    let now = stamp(Utc::now());
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO staff (username, full_name, role, office_id, counter_no, password_hash, created_at, password_changed_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $7) RETURNING id",
    )
    .bind(&username)
    .bind(&full_name)
    .bind(new.role.as_str())
    .bind(office_id)
    .bind(new.counter_no)
    .bind(password_hash)
    .bind(&now)
    .fetch_one(&mut *tx)
    .await?;
    by.record(&mut tx, crate::domain::audit::AuditAction::StaffCreated, &username, new.role.as_str()).await?;
    tx.commit().await?;
    member(db, id).await?.ok_or(StaffError::Db(sqlx::Error::RowNotFound))
}

/// (id, password hash, active) for a username.
pub async fn credentials(db: &AnyPool, username: &str) -> Result<Option<(i64, String, bool)>, sqlx::Error> {
    let row: Option<(i64, String, i64)> =
        sqlx::query_as("SELECT id, password_hash, active FROM staff WHERE username = $1")
            .bind(username)
            .fetch_optional(db)
            .await?;
    Ok(row.map(|(id, hash, active)| (id, hash, active != 0)))
}

/// An active staff member.
pub async fn member(db: &AnyPool, id: i64) -> Result<Option<StaffMember>, sqlx::Error> {
    let row: Option<MemberRow> = sqlx::query_as(
        "SELECT s.id, s.username, s.full_name, s.role, s.office_id, o.code AS office_code, o.name AS office_name, s.counter_no, s.must_change_password
         FROM staff s LEFT JOIN unit_offices o ON o.id = s.office_id WHERE s.id = $1 AND s.active = 1",
    )
    .bind(id)
    .fetch_optional(db)
    .await?;
    let Some(MemberRow {
        id,
        username,
        full_name,
        role,
        office_id,
        office_code: code,
        office_name: name,
        counter_no,
        must_change_password,
    }) = row
    else {
        return Ok(None);
    };
    let role: Role = role.parse().map_err(|e: String| sqlx::Error::Decode(e.into()))?;
    let office = match (office_id, code, name) {
        (Some(id), Some(code), Some(name)) => Some(OfficeRef { id, code, name }),
        _ => None,
    };
    Ok(Some(StaffMember {
        id,
        username,
        full_name,
        role,
        office,
        counter_no,
        must_change_password: must_change_password != 0,
    }))
}

#[derive(sqlx::FromRow)]
struct MemberRow {
    id: i64,
    username: String,
    full_name: String,
    role: String,
    office_id: Option<i64>,
    office_code: Option<String>,
    office_name: Option<String>,
    counter_no: Option<i64>,
    must_change_password: i64,
}

pub async fn password_hash(db: &AnyPool, id: i64) -> Result<String, sqlx::Error> {
    sqlx::query_scalar("SELECT password_hash FROM staff WHERE id = $1").bind(id).fetch_one(db).await
}

/// The member's own new password: the obligation to change it is met.
/// On the caller's transaction.
pub async fn set_password(db: &mut sqlx::AnyConnection, id: i64, password_hash: &str) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE staff SET password_hash = $1, password_changed_at = $2, must_change_password = 0 WHERE id = $3",
    )
    .bind(password_hash)
    .bind(stamp(Utc::now()))
    .bind(id)
    .execute(db)
    .await?;
    Ok(())
}

/// An active session, for the administrators' list. `handle` is the session token's SHA-256:
/// it names the session without being able to open it.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct SessionRow {
    pub handle: String,
    pub staff_id: i64,
    pub username: String,
    pub created_at: Stamp,
    pub last_seen_at: Stamp,
    pub client_ip: String,
}

/// Sessions that have not expired, most recently used first.
pub async fn active_sessions(db: &AnyPool, now: chrono::DateTime<Utc>) -> Result<Vec<SessionRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT ss.token_hash AS handle, ss.staff_id, s.username, ss.created_at, ss.last_seen_at, ss.client_ip
         FROM staff_sessions ss JOIN staff s ON s.id = ss.staff_id
         WHERE ss.expires_at > $1 AND ss.last_seen_at > $2 AND s.active = 1
         ORDER BY ss.last_seen_at DESC LIMIT 500",
    )
    .bind(stamp(now))
    .bind(stamp(now - crate::ssr::auth::IDLE_TIMEOUT))
    .fetch_all(db)
    .await
}

/// What an administrator did to an account, for the audit log.
pub enum AccountChange<'a> {
    Deactivate,
    ResetPassword { new_hash: &'a str },
    EndSession { handle: &'a str },
}

#[derive(Debug, thiserror::Error)]
pub enum AccountChangeError {
    #[error("no active account or session matches")]
    NotFound,
    #[error("administrators cannot deactivate their own account")]
    OwnAccount,
    #[error(transparent)]
    Db(#[from] sqlx::Error),
}

/// Applies an administrator's change to an account and records it in the audit log, in one
/// transaction. Deactivating and resetting a password end every session of the account at once.
pub async fn change_account(
    db: &AnyPool,
    admin: &StaffMember,
    target_id: i64,
    change: AccountChange<'_>,
    ip: Option<std::net::IpAddr>,
) -> Result<String, AccountChangeError> {
    let mut tx = super::begin_write(db).await?;
    let username: Option<String> = sqlx::query_scalar("SELECT username FROM staff WHERE id = $1 AND active = 1")
        .bind(target_id)
        .fetch_optional(&mut *tx)
        .await?;
    let username = username.ok_or(AccountChangeError::NotFound)?;
    let (action, detail) = match change {
        AccountChange::Deactivate => {
            if target_id == admin.id {
                return Err(AccountChangeError::OwnAccount);
            }
            sqlx::query("UPDATE staff SET active = 0 WHERE id = $1").bind(target_id).execute(&mut *tx).await?;
            sqlx::query("DELETE FROM staff_sessions WHERE staff_id = $1").bind(target_id).execute(&mut *tx).await?;
            (crate::domain::audit::AuditAction::StaffDeactivated, String::new())
        }
        AccountChange::ResetPassword { new_hash } => {
            sqlx::query(
                "UPDATE staff SET password_hash = $1, password_changed_at = $2, must_change_password = 1 WHERE id = $3",
            )
            .bind(new_hash)
            .bind(stamp(Utc::now()))
            .bind(target_id)
            .execute(&mut *tx)
            .await?;
            sqlx::query("DELETE FROM staff_sessions WHERE staff_id = $1").bind(target_id).execute(&mut *tx).await?;
            (crate::domain::audit::AuditAction::StaffPasswordReset, String::new())
        }
        AccountChange::EndSession { handle } => {
            let ended = sqlx::query("DELETE FROM staff_sessions WHERE staff_id = $1 AND token_hash = $2")
                .bind(target_id)
                .bind(handle)
                .execute(&mut *tx)
                .await?;
            if ended.rows_affected() == 0 {
                return Err(AccountChangeError::NotFound);
            }
            (
                crate::domain::audit::AuditAction::StaffSessionEnded,
                format!("session {}", &handle[..handle.len().min(8)]),
            )
        }
    };
    crate::ssr::db::audit::record(&mut *tx, Some(admin), &admin.username, action, &username, &detail, ip).await?;
    tx.commit().await?;
    Ok(username)
}

/// Every active account, for the administrators' list.
pub async fn all(db: &AnyPool) -> Result<Vec<StaffMember>, sqlx::Error> {
    let ids: Vec<i64> =
        sqlx::query_scalar("SELECT id FROM staff WHERE active = 1 ORDER BY role, username").fetch_all(db).await?;
    let mut out = Vec::with_capacity(ids.len());
    for id in ids {
        out.extend(member(db, id).await?);
    }
    Ok(out)
}
