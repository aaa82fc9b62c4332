//! Tariffs as administrators add them: append-only, a decree at a time.

use crate::domain::{Period, Tariff};
use crate::model::billing::RunState;
use sqlx::AnyConnection;

/// Writes a new tariff with its blocks and fixed charges; returns its id. A tariff for the same
/// group and period breaks the unique key: two administrators cannot both add one.
pub async fn insert(conn: &mut AnyConnection, t: &Tariff) -> Result<i64, sqlx::Error> {
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO tariffs (group_code, effective_from, minimum_usage_m3, decree, decree_en)
         VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(&t.group)
    .bind(t.effective_from.to_string())
    .bind(i64::from(t.minimum_usage_m3))
    .bind(&t.decree)
    .bind(&t.decree_en)
    .fetch_one(&mut *conn)
    .await?;
    for (position, b) in t.blocks.iter().enumerate() {
        sqlx::query("INSERT INTO tariff_blocks (tariff_id, position, upto_m3, price_per_m3) VALUES ($1, $2, $3, $4)")
            .bind(id)
            .bind(position as i64)
            .bind(b.upto_m3.map(i64::from))
            .bind(whole(b.price_per_m3)?)
            .execute(&mut *conn)
            .await?;
    }
    for (position, c) in t.fixed_charges.iter().enumerate() {
        sqlx::query(
            "INSERT INTO tariff_fixed_charges (tariff_id, position, label, label_en, meter_size, amount)
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(id)
        .bind(position as i64)
        .bind(&c.label)
        .bind(&c.label_en)
        .bind(c.meter_size.as_deref())
        .bind(whole(c.amount)?)
        .execute(&mut *conn)
        .await?;
    }
    Ok(id)
}

fn whole(amount: crate::domain::Money) -> Result<i64, sqlx::Error> {
    amount.whole_rupiah().map_err(|e| sqlx::Error::Encode(Box::new(e)))
}

/// The first and last periods the portal bills itself: those of its bills computed from a
/// reading and of its billing runs not discarded. A new tariff takes effect after the last;
/// opening arrears are the periods before the first (bills carried over from the previous system
/// were priced there). None before the portal has billed anything.
pub async fn portal_billed(conn: &mut AnyConnection) -> Result<Option<(Period, Period)>, sqlx::Error> {
    let (first, last): (Option<String>, Option<String>) = sqlx::query_as(
        "SELECT MIN(first), MAX(last) FROM (
             SELECT MIN(period) AS first, MAX(period) AS last FROM bills WHERE reading_id IS NOT NULL
             UNION ALL SELECT MIN(period), MAX(period) FROM billing_runs WHERE state <> $1
         ) AS billed",
    )
    .bind(RunState::Discarded.as_str())
    .fetch_one(conn)
    .await?;
    Ok(first.zip(last).and_then(|(f, l)| Some((f.parse().ok()?, l.parse().ok()?))))
}

/// The meter sizes of a group's connections that are billed (not disconnected).
pub async fn meter_sizes_in_use(conn: &mut AnyConnection, group: &str) -> Result<Vec<String>, sqlx::Error> {
    sqlx::query_scalar("SELECT DISTINCT meter_size FROM customers WHERE group_code = $1 AND status <> $2")
        .bind(group)
        .bind(crate::domain::ConnectionStatus::Disconnected.as_str())
        .fetch_all(conn)
        .await
}
