//! Staff accounts.

use crate::domain::staff::{normalise_username, OfficeRef, Role, StaffMember};
use crate::ssr::db::ledger::stamp;
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
    #[error(transparent)]
    Db(#[from] sqlx::Error),
}

pub async fn create(db: &AnyPool, new: NewStaff) -> Result<StaffMember, StaffError> {
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
    let taken: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM staff WHERE username = $1").bind(&username).fetch_one(db).await?;
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
    .bind(crate::ssr::auth::hash_password(&new.password))
    .bind(&now)
    .fetch_one(db)
    .await?;
    member(db, id).await?.ok_or(StaffError::Db(sqlx::Error::RowNotFound))
}

/// (id, password hash, active) for a username.
pub async fn credentials(db: &AnyPool, username: &str) -> Result<Option<(i64, String, bool)>, sqlx::Error> {
    let row: Option<(i64, String, i64)> =
        sqlx::query_as("SELECT id, password_hash, active FROM staff WHERE username = $1").bind(username).fetch_optional(db).await?;
    Ok(row.map(|(id, hash, active)| (id, hash, active != 0)))
}

/// An active staff member.
pub async fn member(db: &AnyPool, id: i64) -> Result<Option<StaffMember>, sqlx::Error> {
    let row: Option<(i64, String, String, String, Option<i64>, Option<String>, Option<String>, Option<i64>)> = sqlx::query_as(
        "SELECT s.id, s.username, s.full_name, s.role, s.office_id, o.code, o.name, s.counter_no
         FROM staff s LEFT JOIN unit_offices o ON o.id = s.office_id WHERE s.id = $1 AND s.active = 1",
    )
    .bind(id)
    .fetch_optional(db)
    .await?;
    let Some((id, username, full_name, role, office_id, code, name, counter_no)) = row else { return Ok(None) };
    let role: Role = role.parse().map_err(|e: String| sqlx::Error::Decode(e.into()))?;
    let office = match (office_id, code, name) {
        (Some(id), Some(code), Some(name)) => Some(OfficeRef { id, code, name }),
        _ => None,
    };
    Ok(Some(StaffMember { id, username, full_name, role, office, counter_no }))
}

pub async fn password_hash(db: &AnyPool, id: i64) -> Result<String, sqlx::Error> {
    sqlx::query_scalar("SELECT password_hash FROM staff WHERE id = $1").bind(id).fetch_one(db).await
}

pub async fn set_password(db: &AnyPool, id: i64, password: &str) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE staff SET password_hash = $1, password_changed_at = $2 WHERE id = $3")
        .bind(crate::ssr::auth::hash_password(password))
        .bind(stamp(Utc::now()))
        .bind(id)
        .execute(db)
        .await?;
    Ok(())
}

/// Every active account, for the administrators' list.
pub async fn all(db: &AnyPool) -> Result<Vec<StaffMember>, sqlx::Error> {
    let ids: Vec<i64> = sqlx::query_scalar("SELECT id FROM staff WHERE active = 1 ORDER BY role, username").fetch_all(db).await?;
    let mut out = Vec::with_capacity(ids.len());
    for id in ids {
        out.extend(member(db, id).await?);
    }
    Ok(out)
}
