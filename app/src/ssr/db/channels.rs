//! Payment channels' health as stored: the signals each channel gives, and its state on record.

use crate::ssr::db::stamp::{stamp, Stamp};
use chrono::{DateTime, Utc};
use sqlx::{AnyConnection, AnyPool};

pub async fn record_signal(
    db: &AnyPool,
    channel: &str,
    at: DateTime<Utc>,
    ok: bool,
    what: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO channel_signals (channel, at, ok, what) VALUES ($1, $2, $3, $4)")
        .bind(channel)
        .bind(stamp(at))
        .bind(i64::from(ok))
        .bind(what)
        .execute(db)
        .await?;
    Ok(())
}

/// Signals older than `before` go.
pub async fn forget_signals_before(db: &AnyPool, before: DateTime<Utc>) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM channel_signals WHERE at < $1").bind(stamp(before)).execute(db).await?;
    Ok(())
}

/// An active partner's channel and the name customers know it by.
#[derive(sqlx::FromRow)]
pub struct PartnerChannel {
    pub channel: String,
    pub name: String,
}

pub async fn partner_channels(db: &AnyPool) -> Result<Vec<PartnerChannel>, sqlx::Error> {
    sqlx::query_as("SELECT channel, name FROM partners WHERE active = 1 ORDER BY sort_order, name").fetch_all(db).await
}

/// A channel's state on record.
#[derive(sqlx::FromRow)]
pub struct StatusRow {
    pub channel: String,
    pub status: String,
    pub source: String,
    pub reason: String,
    pub since: Stamp,
    pub notice_id: Option<i64>,
}

pub async fn statuses(db: &AnyPool) -> Result<Vec<StatusRow>, sqlx::Error> {
    sqlx::query_as("SELECT channel, status, source, reason, since, notice_id FROM channel_status").fetch_all(db).await
}

pub async fn status_of(db: &AnyPool, channel: &str) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar("SELECT status FROM channel_status WHERE channel = $1").bind(channel).fetch_optional(db).await
}

/// Stores a channel's state, on the caller's transaction.
pub async fn put_status(
    conn: &mut AnyConnection,
    channel: &str,
    status: &str,
    source: &str,
    reason: &str,
    notice_id: Option<i64>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO channel_status (channel, status, source, reason, since, notice_id) VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (channel) DO UPDATE SET status = excluded.status, source = excluded.source, reason = excluded.reason,
                                             since = excluded.since, notice_id = excluded.notice_id",
    )
    .bind(channel)
    .bind(status)
    .bind(source)
    .bind(reason)
    .bind(stamp(Utc::now()))
    .bind(notice_id)
    .execute(conn)
    .await?;
    Ok(())
}

/// What the monitor judges a channel by.
pub struct RawSignals {
    /// Failures since the last success (or ever).
    pub failures_since_success: i64,
    pub last_success: Option<Stamp>,
    /// Payments customers opened on the channel since `since`, and the first one ever.
    pub recent_attempts: i64,
    pub first_attempt: Option<Stamp>,
}

#[derive(sqlx::FromRow)]
struct LastSuccess {
    id: i64,
    at: Stamp,
}

#[derive(sqlx::FromRow)]
struct Attempts {
    recent: i64,
    first: Option<Stamp>,
}

pub async fn signals(db: &AnyPool, channel: &str, since: DateTime<Utc>) -> Result<RawSignals, sqlx::Error> {
    let last_ok: Option<LastSuccess> =
        sqlx::query_as("SELECT id, at FROM channel_signals WHERE channel = $1 AND ok = 1 ORDER BY id DESC LIMIT 1")
            .bind(channel)
            .fetch_optional(db)
            .await?;
    let failures: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM channel_signals WHERE channel = $1 AND ok = 0 AND id > $2")
            .bind(channel)
            .bind(last_ok.as_ref().map_or(0, |s| s.id))
            .fetch_one(db)
            .await?;
    // Banks report payments; customers open none on them: intents are QRIS's and the counter's.
    let attempts: Attempts = sqlx::query_as(
        "SELECT (SELECT COUNT(*) FROM payment_intents WHERE channel = $1 AND created_at >= $2) AS recent,
                (SELECT MIN(created_at) FROM payment_intents WHERE channel = $1) AS first",
    )
    .bind(channel)
    .bind(stamp(since))
    .fetch_one(db)
    .await?;
    Ok(RawSignals {
        failures_since_success: failures,
        last_success: last_ok.map(|s| s.at),
        recent_attempts: attempts.recent,
        first_attempt: attempts.first,
    })
}

/// Whether a notice is still open, on the caller's transaction.
pub async fn notice_open(conn: &mut AnyConnection, id: i64) -> Result<bool, sqlx::Error> {
    let open: Option<i64> = sqlx::query_scalar("SELECT id FROM notices WHERE id = $1 AND closed_at IS NULL")
        .bind(id)
        .fetch_optional(conn)
        .await?;
    Ok(open.is_some())
}
