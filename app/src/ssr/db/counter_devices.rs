//! Counter devices: enrolled by a supervisor, known by the hash of their secret, given blocks
//! of offline receipt numbers, and what they said when they last reached the server.

use super::stamp::{stamp, Stamp};
use crate::domain::offline::{Outcome, ReceiptBlock};
use chrono::{DateTime, Utc};
use sqlx::{AnyConnection, AnyPool};

pub struct NewDevice<'a> {
    pub office_id: i64,
    pub label: &'a str,
    pub secret_hash: &'a str,
    pub staff_id: i64,
    pub at: DateTime<Utc>,
}

pub async fn enrol(conn: &mut AnyConnection, device: &NewDevice<'_>) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO counter_devices (office_id, label, secret_hash, enrolled_by, enrolled_at)
         VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(device.office_id)
    .bind(device.label)
    .bind(device.secret_hash)
    .bind(device.staff_id)
    .bind(stamp(device.at))
    .fetch_one(conn)
    .await
}

/// Revokes a device still enrolled; whether one was.
pub async fn revoke(conn: &mut AnyConnection, id: i64, staff_id: i64, at: DateTime<Utc>) -> Result<bool, sqlx::Error> {
    let done =
        sqlx::query("UPDATE counter_devices SET revoked_by = $1, revoked_at = $2 WHERE id = $3 AND revoked_at IS NULL")
            .bind(staff_id)
            .bind(stamp(at))
            .bind(id)
            .execute(conn)
            .await?;
    Ok(done.rows_affected() == 1)
}

/// An enrolled device as its credential finds it.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct Device {
    pub id: i64,
    pub office_id: i64,
    pub office_name: String,
    pub label: String,
    pub revoked_at: Option<Stamp>,
}

macro_rules! device {
    () => {
        "SELECT d.id, d.office_id, o.name AS office_name, d.label, d.revoked_at
         FROM counter_devices d JOIN unit_offices o ON o.id = d.office_id"
    };
}

pub async fn by_secret_hash(db: &AnyPool, secret_hash: &str) -> Result<Option<Device>, sqlx::Error> {
    sqlx::query_as(concat!(device!(), " WHERE d.secret_hash = $1")).bind(secret_hash).fetch_optional(db).await
}

pub async fn by_id(db: &AnyPool, id: i64) -> Result<Option<Device>, sqlx::Error> {
    sqlx::query_as(concat!(device!(), " WHERE d.id = $1")).bind(id).fetch_optional(db).await
}

/// What the device said as it reached the server: how many payments its outbox holds, and
/// (`synced`) that it sent them.
pub async fn seen(db: &AnyPool, id: i64, at: DateTime<Utc>, outbox: i64, synced: bool) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE counter_devices SET last_seen_at = $1, outbox = $2,
                last_synced_at = CASE WHEN $3 = 1 THEN $1 ELSE last_synced_at END
         WHERE id = $4",
    )
    .bind(stamp(at))
    .bind(outbox)
    .bind(i64::from(synced))
    .bind(id)
    .execute(db)
    .await?;
    Ok(())
}

/// The next `size` numbers of the one sequence, given to the device. Under the ledger's lock,
/// so two devices asking at once get blocks that do not overlap.
pub async fn assign_block(
    db: &AnyPool,
    device_id: i64,
    size: i64,
    at: DateTime<Utc>,
) -> Result<ReceiptBlock, sqlx::Error> {
    let mut tx = super::begin_serial(db, super::Serial::Ledger).await?;
    let last: i64 = sqlx::query_scalar("SELECT CAST(COALESCE(MAX(last_number), 0) AS BIGINT) FROM receipt_blocks")
        .fetch_one(&mut *tx)
        .await?;
    let block = ReceiptBlock { first: last + 1, last: last + size };
    sqlx::query(
        "INSERT INTO receipt_blocks (device_id, first_number, last_number, assigned_at) VALUES ($1, $2, $3, $4)",
    )
    .bind(device_id)
    .bind(block.first)
    .bind(block.last)
    .bind(stamp(at))
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(block)
}

/// Records that the device was served a snapshot taken at `at`.
pub async fn served_snapshot(db: &AnyPool, device_id: i64, at: DateTime<Utc>) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO counter_snapshots (device_id, taken_at) VALUES ($1, $2)")
        .bind(device_id)
        .bind(stamp(at))
        .execute(db)
        .await?;
    Ok(())
}

/// Whether the device was served a snapshot taken at `at`.
pub async fn served(conn: &mut AnyConnection, device_id: i64, at: DateTime<Utc>) -> Result<bool, sqlx::Error> {
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM counter_snapshots WHERE device_id = $1 AND taken_at = $2")
        .bind(device_id)
        .bind(stamp(at))
        .fetch_one(conn)
        .await?;
    Ok(n > 0)
}

/// Whether `number` lies in a block given to the device.
pub async fn holds_number(conn: &mut AnyConnection, device_id: i64, number: i64) -> Result<bool, sqlx::Error> {
    let n: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM receipt_blocks WHERE device_id = $1 AND first_number <= $2 AND last_number >= $2",
    )
    .bind(device_id)
    .bind(number)
    .fetch_one(conn)
    .await?;
    Ok(n > 0)
}

/// A device as supervisors see it, with what its offline payments came to.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct DeviceSummary {
    pub id: i64,
    pub office_name: String,
    pub label: String,
    pub enrolled_by: String,
    pub enrolled_at: Stamp,
    pub revoked_at: Option<Stamp>,
    pub last_seen_at: Option<Stamp>,
    pub last_synced_at: Option<Stamp>,
    pub outbox: i64,
    pub credited: i64,
    pub set_aside: i64,
    pub refused: i64,
}

/// Every device of `office` (None: all offices), enrolled first; revoked ones last.
pub async fn summaries(db: &AnyPool, office: Option<i64>) -> Result<Vec<DeviceSummary>, sqlx::Error> {
    sqlx::query_as(
        "SELECT d.id, o.name AS office_name, d.label, s.username AS enrolled_by, d.enrolled_at, d.revoked_at,
                d.last_seen_at, d.last_synced_at, d.outbox,
                (SELECT COUNT(*) FROM offline_payments p WHERE p.device_id = d.id AND p.outcome = $3) AS credited,
                (SELECT COUNT(*) FROM offline_payments p WHERE p.device_id = d.id AND p.outcome = $4) AS set_aside,
                (SELECT COUNT(*) FROM offline_payments p WHERE p.device_id = d.id AND p.outcome = $5) AS refused
         FROM counter_devices d JOIN unit_offices o ON o.id = d.office_id JOIN staff s ON s.id = d.enrolled_by
         WHERE $1 = 0 OR d.office_id = $2
         ORDER BY CASE WHEN d.revoked_at IS NULL THEN 0 ELSE 1 END, o.name, d.id",
    )
    .bind(i64::from(office.is_some()))
    .bind(office.unwrap_or(0))
    .bind(Outcome::Credited.as_str())
    .bind(Outcome::SetAside.as_str())
    .bind(Outcome::Refused.as_str())
    .fetch_all(db)
    .await
}
