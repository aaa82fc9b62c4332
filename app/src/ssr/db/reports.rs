//! Money reports: the cash each teller should hand over, the day's reconciliation per channel,
//! and money set aside to refund.

use crate::ssr::clock;
use crate::ssr::db::stamp::{stamp, Stamp};
use chrono::{NaiveDate, TimeZone, Utc};
use serde::{Deserialize, Serialize};
use sqlx::AnyPool;

/// A WIB day as stored-timestamp bounds [from, to).
pub fn day_bounds(day: NaiveDate) -> (String, String) {
    let start = clock::wib()
        .from_local_datetime(&day.and_hms_opt(0, 0, 0).expect("midnight exists"))
        .single()
        .expect("WIB has no gaps");
    let end = start + chrono::Duration::days(1);
    (stamp(start.with_timezone(&Utc)), stamp(end.with_timezone(&Utc)))
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, sqlx::FromRow)]
pub struct TellerTotal {
    pub username: String,
    pub full_name: String,
    pub payments: i64,
    pub amount: i64,
}

/// Cash taken at an office's counters on a WIB day, per teller (only `teller_id` when given).
pub async fn cash_by_teller(
    db: &AnyPool,
    office_id: i64,
    day: NaiveDate,
    teller_id: Option<i64>,
) -> Result<Vec<TellerTotal>, sqlx::Error> {
    let (from, to) = day_bounds(day);
    sqlx::query_as(
        "SELECT s.username, s.full_name, COUNT(*) AS payments, CAST(SUM(p.amount) AS BIGINT) AS amount
         FROM payments p JOIN staff s ON s.id = p.received_by
         WHERE p.channel = 'counter' AND p.office_id = $1 AND p.paid_at >= $2 AND p.paid_at < $3 AND ($4 = 0 OR s.id = $4)
         GROUP BY s.username, s.full_name ORDER BY s.username",
    )
    .bind(office_id)
    .bind(from)
    .bind(to)
    .bind(teller_id.unwrap_or(0))
    .fetch_all(db)
    .await
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChannelTotal {
    pub channel: String,
    pub credited: i64,
    pub credited_amount: i64,
    pub set_aside: i64,
    pub set_aside_amount: i64,
}

pub async fn channel_totals(db: &AnyPool, day: NaiveDate) -> Result<Vec<ChannelTotal>, sqlx::Error> {
    let (from, to) = day_bounds(day);
    #[derive(sqlx::FromRow)]
    struct Total {
        channel: String,
        count: i64,
        amount: i64,
    }
    let credited: Vec<Total> = sqlx::query_as(
        "SELECT channel, COUNT(*) AS count, CAST(SUM(amount) AS BIGINT) AS amount FROM payments WHERE paid_at >= $1 AND paid_at < $2 GROUP BY channel ORDER BY channel",
    )
    .bind(&from)
    .bind(&to)
    .fetch_all(db)
    .await?;
    let aside: Vec<Total> = sqlx::query_as(
        "SELECT channel, COUNT(*) AS count, CAST(SUM(amount) AS BIGINT) AS amount FROM overpayments WHERE received_at >= $1 AND received_at < $2 GROUP BY channel ORDER BY channel",
    )
    .bind(&from)
    .bind(&to)
    .fetch_all(db)
    .await?;
    let mut channels: Vec<String> = credited.iter().chain(aside.iter()).map(|r| r.channel.clone()).collect();
    channels.sort();
    channels.dedup();
    Ok(channels
        .into_iter()
        .map(|channel| {
            let c = credited.iter().find(|r| r.channel == channel);
            let a = aside.iter().find(|r| r.channel == channel);
            ChannelTotal {
                credited: c.map_or(0, |r| r.count),
                credited_amount: c.map_or(0, |r| r.amount),
                set_aside: a.map_or(0, |r| r.count),
                set_aside_amount: a.map_or(0, |r| r.amount),
                channel,
            }
        })
        .collect())
}

/// One line of the reconciliation file: a credited payment or money set aside.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct LedgerLine {
    pub kind: String,
    pub channel: String,
    pub partner_reference: Option<String>,
    pub receipt_number: Option<String>,
    pub at: Stamp,
    pub amount: i64,
    pub customer_number: Option<String>,
    pub note: String,
}

pub async fn ledger_lines(db: &AnyPool, day: NaiveDate) -> Result<Vec<LedgerLine>, sqlx::Error> {
    let (from, to) = day_bounds(day);
    let mut lines: Vec<LedgerLine> = sqlx::query_as(
        "SELECT 'payment' AS kind, p.channel, p.partner_reference, p.receipt_number, p.paid_at AS at, p.amount, c.number AS customer_number,
                COALESCE(s.username, '') AS note
         FROM payments p JOIN customers c ON c.id = p.customer_id LEFT JOIN staff s ON s.id = p.received_by
         WHERE p.paid_at >= $1 AND p.paid_at < $2",
    )
    .bind(&from)
    .bind(&to)
    .fetch_all(db)
    .await?;
    let aside: Vec<LedgerLine> = sqlx::query_as(
        "SELECT 'refund' AS kind, o.channel, o.partner_reference, NULL AS receipt_number, o.received_at AS at, o.amount, c.number AS customer_number,
                o.reason AS note
         FROM overpayments o LEFT JOIN customers c ON c.id = o.customer_id
         WHERE o.received_at >= $1 AND o.received_at < $2",
    )
    .bind(&from)
    .bind(&to)
    .fetch_all(db)
    .await?;
    lines.extend(aside);
    lines.sort_by(|a, b| (&a.channel, &a.at).cmp(&(&b.channel, &b.at)));
    Ok(lines)
}

#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct Overpayment {
    pub id: i64,
    pub channel: String,
    pub partner_reference: String,
    pub customer_number: Option<String>,
    pub amount: i64,
    pub reason: String,
    pub received_at: Stamp,
    pub refunded_at: Option<Stamp>,
}

/// Money waiting to be refunded first, then the latest refunded.
pub async fn overpayments(db: &AnyPool) -> Result<Vec<Overpayment>, sqlx::Error> {
    sqlx::query_as(
        "SELECT o.id, o.channel, o.partner_reference, c.number AS customer_number, o.amount, o.reason, o.received_at, o.refunded_at
         FROM overpayments o LEFT JOIN customers c ON c.id = o.customer_id
         ORDER BY CASE WHEN o.refunded_at IS NULL THEN 0 ELSE 1 END, o.received_at DESC LIMIT 200",
    )
    .fetch_all(db)
    .await
}

/// Marks money as refunded; false when it already was (or does not exist).
/// On the caller's transaction (which also records who did it). Whether it was still to refund.
pub async fn mark_refunded(db: &mut sqlx::AnyConnection, id: i64, staff_id: i64) -> Result<bool, sqlx::Error> {
    let done =
        sqlx::query("UPDATE overpayments SET refunded_at = $1, refunded_by = $2 WHERE id = $3 AND refunded_at IS NULL")
            .bind(stamp(Utc::now()))
            .bind(staff_id)
            .bind(id)
            .execute(db)
            .await?;
    Ok(done.rows_affected() == 1)
}

/// Quotes a CSV field when it needs it, and defuses spreadsheet formulas (a value starting with
/// = + - @, a tab or a carriage return is prefixed with '). A negative whole number is no
/// formula: it stays a number the accountant's spreadsheet can add.
pub fn csv_field(value: &str) -> String {
    let negative_number =
        value.strip_prefix('-').is_some_and(|d| !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit()));
    let value = if value.starts_with(['=', '+', '-', '@', '\t', '\r']) && !negative_number {
        format!("'{value}")
    } else {
        value.to_string()
    };
    if value.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", value.replace('"', "\"\""))
    } else {
        value
    }
}

pub fn csv_line(fields: &[&str]) -> String {
    let mut line = fields.iter().map(|f| csv_field(f)).collect::<Vec<_>>().join(",");
    line.push_str("\r\n");
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_wib_day_starts_at_17_utc() {
        let (from, to) = day_bounds(NaiveDate::from_ymd_opt(2026, 11, 26).unwrap());
        assert_eq!(from, "2026-11-25T17:00:00Z");
        assert_eq!(to, "2026-11-26T17:00:00Z");
    }

    #[test]
    fn csv_fields_are_quoted_and_defused() {
        assert_eq!(csv_field("plain"), "plain");
        assert_eq!(csv_field("a,b"), "\"a,b\"");
        assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_field("=HYPERLINK(1)"), "'=HYPERLINK(1)");
        assert_eq!(csv_field("\t=1+1"), "'\t=1+1");
        assert_eq!(csv_field("\r=1+1"), "\"'\r=1+1\"");
        assert_eq!(csv_field("-2+3"), "'-2+3");
        assert_eq!(csv_field("-49400"), "-49400", "a credit stays a number");
        assert_eq!(csv_field("-"), "'-");
        assert_eq!(csv_field("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(csv_line(&["a", "b"]), "a,b\r\n");
    }
}
