//! Staff sessions and failed sign-ins as stored.

use crate::ssr::db::stamp::{stamp, Stamp};
use chrono::{DateTime, Utc};
use sqlx::{AnyConnection, AnyPool};

/// A session by the hash of its cookie token.
#[derive(sqlx::FromRow)]
pub struct SessionRow {
    pub staff_id: i64,
    pub csrf_token: String,
    pub last_seen_at: Stamp,
    pub expires_at: Stamp,
}

pub async fn find(db: &AnyPool, token_hash: &str) -> Result<Option<SessionRow>, sqlx::Error> {
    sqlx::query_as("SELECT staff_id, csrf_token, last_seen_at, expires_at FROM staff_sessions WHERE token_hash = $1")
        .bind(token_hash)
        .fetch_optional(db)
        .await
}

pub async fn delete(conn: &mut AnyConnection, token_hash: &str) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM staff_sessions WHERE token_hash = $1").bind(token_hash).execute(conn).await?;
    Ok(())
}

pub async fn touch(db: &AnyPool, token_hash: &str, now: DateTime<Utc>) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE staff_sessions SET last_seen_at = $1 WHERE token_hash = $2")
        .bind(stamp(now))
        .bind(token_hash)
        .execute(db)
        .await?;
    Ok(())
}

pub struct NewSession<'a> {
    pub token_hash: &'a str,
    pub staff_id: i64,
    pub csrf: &'a str,
    pub at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
    pub client_ip: String,
}

pub async fn insert(conn: &mut AnyConnection, s: &NewSession<'_>) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO staff_sessions (token_hash, staff_id, csrf_token, created_at, last_seen_at, expires_at, client_ip) VALUES ($1, $2, $3, $4, $4, $5, $6)",
    )
    .bind(s.token_hash)
    .bind(s.staff_id)
    .bind(s.csrf)
    .bind(stamp(s.at))
    .bind(stamp(s.expires_at))
    .bind(&s.client_ip)
    .execute(conn)
    .await?;
    Ok(())
}

/// Ends every session of a staff member but the one with `keep`.
pub async fn end_others(conn: &mut AnyConnection, staff_id: i64, keep: &str) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM staff_sessions WHERE staff_id = $1 AND token_hash <> $2")
        .bind(staff_id)
        .bind(keep)
        .execute(conn)
        .await?;
    Ok(())
}

/// Failed sign-ins since a moment: for a username from an address, from the address, for the
/// username from anywhere; with the oldest of the first two (when the block lifts).
pub struct Failures {
    pub by_pair: i64,
    pub oldest_pair: Option<Stamp>,
    pub by_address: i64,
    pub oldest_address: Option<Stamp>,
    pub by_name: i64,
}

#[derive(sqlx::FromRow)]
struct Count {
    n: i64,
    oldest: Option<Stamp>,
}

pub async fn failures_since(
    conn: &mut AnyConnection,
    username: &str,
    address: &str,
    since: DateTime<Utc>,
) -> Result<Failures, sqlx::Error> {
    let since = stamp(since);
    let pair: Count = sqlx::query_as("SELECT COUNT(*) AS n, MIN(at) AS oldest FROM login_failures WHERE username = $1 AND client_ip = $2 AND at > $3")
        .bind(username)
        .bind(address)
        .bind(&since)
        .fetch_one(&mut *conn)
        .await?;
    let by_address: Count =
        sqlx::query_as("SELECT COUNT(*) AS n, MIN(at) AS oldest FROM login_failures WHERE client_ip = $1 AND at > $2")
            .bind(address)
            .bind(&since)
            .fetch_one(&mut *conn)
            .await?;
    let by_name: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM login_failures WHERE username = $1 AND at > $2")
        .bind(username)
        .bind(&since)
        .fetch_one(&mut *conn)
        .await?;
    Ok(Failures {
        by_pair: pair.n,
        oldest_pair: pair.oldest,
        by_address: by_address.n,
        oldest_address: by_address.oldest,
        by_name,
    })
}

/// Records an attempt as failed (until its password proves right); its id.
pub async fn record_failure(
    conn: &mut AnyConnection,
    username: &str,
    address: &str,
    at: DateTime<Utc>,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("INSERT INTO login_failures (username, client_ip, at) VALUES ($1, $2, $3) RETURNING id")
        .bind(username)
        .bind(address)
        .bind(stamp(at))
        .fetch_one(conn)
        .await
}

/// A right password: this attempt and the address's earlier failures for the name no longer
/// count.
pub async fn forgive(conn: &mut AnyConnection, attempt: i64, username: &str, address: &str) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM login_failures WHERE id = $1 OR (username = $2 AND client_ip = $3)")
        .bind(attempt)
        .bind(username)
        .bind(address)
        .execute(conn)
        .await?;
    Ok(())
}
