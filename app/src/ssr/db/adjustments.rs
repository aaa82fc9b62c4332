//! Adjustment lines and the published bills they correct. A line is pending until a billing run
//! drafts the customer's next bill (it is claimed by the run), then carried by that bill once
//! the run is published. Every write runs in the caller's transaction, under the ledger's lock.

use super::stamp::stamp;
use crate::domain::adjustment::{AdjustmentKind, AdjustmentLine};
use crate::domain::{IntentStatus, Money, Period};
use chrono::Utc;
use sqlx::{AnyConnection, AnyPool};
use std::collections::HashMap;

/// A line to add.
pub struct NewLine<'a> {
    pub customer_id: i64,
    pub kind: AdjustmentKind,
    pub period: Period,
    pub detail: &'a str,
    pub amount: i64,
    pub staff_id: i64,
    pub run_id: Option<i64>,
    pub bill_id: Option<i64>,
}

pub async fn add(conn: &mut AnyConnection, line: &NewLine<'_>) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO bill_adjustments (customer_id, kind, period, detail, amount, created_at, created_by, run_id, bill_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(line.customer_id)
    .bind(line.kind.as_str())
    .bind(line.period.to_string())
    .bind(line.detail)
    .bind(line.amount)
    .bind(stamp(Utc::now()))
    .bind(line.staff_id)
    .bind(line.run_id)
    .bind(line.bill_id)
    .execute(conn)
    .await?;
    Ok(())
}

/// What a bill could not take of its lines (`rest`, a credit): a line on the bill giving it back,
/// and the same credit pending for the customer's following bill. Nothing is lost.
pub async fn carry(
    conn: &mut AnyConnection,
    customer_id: i64,
    period: Period,
    rest: i64,
    staff_id: i64,
    on: (Option<i64>, i64),
) -> Result<(), sqlx::Error> {
    let (run_id, bill_id) = on;
    let line = |amount, run_id, bill_id| NewLine {
        customer_id,
        kind: AdjustmentKind::Carried,
        period,
        detail: "",
        amount,
        staff_id,
        run_id,
        bill_id,
    };
    add(conn, &line(-rest, run_id, Some(bill_id))).await?;
    add(conn, &line(rest, None, None)).await
}

/// The sum of the reading corrections already made to the customer's bill of `period` (paid).
pub async fn corrected_before(conn: &mut AnyConnection, customer_id: i64, period: Period) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT CAST(COALESCE(SUM(amount), 0) AS BIGINT) FROM bill_adjustments
         WHERE customer_id = $1 AND period = $2 AND kind = $3",
    )
    .bind(customer_id)
    .bind(period.to_string())
    .bind(AdjustmentKind::ReadingCorrected.as_str())
    .fetch_one(conn)
    .await
}

/// Whether the customer has a reading after `period`: it starts where this one ends.
pub async fn read_after(conn: &mut AnyConnection, customer_id: i64, period: Period) -> Result<bool, sqlx::Error> {
    let later: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM meter_readings WHERE customer_id = $1 AND period > $2")
        .bind(customer_id)
        .bind(period.to_string())
        .fetch_one(conn)
        .await?;
    Ok(later > 0)
}

#[derive(sqlx::FromRow)]
struct Sum {
    customer_id: i64,
    amount: i64,
}

/// What each customer has pending (no run has claimed it), in sum.
pub async fn pending(conn: &mut AnyConnection) -> Result<HashMap<i64, i64>, sqlx::Error> {
    let sums: Vec<Sum> = sqlx::query_as(
        "SELECT customer_id, CAST(SUM(amount) AS BIGINT) AS amount FROM bill_adjustments
         WHERE run_id IS NULL AND bill_id IS NULL GROUP BY customer_id",
    )
    .fetch_all(conn)
    .await?;
    Ok(sums.into_iter().map(|s| (s.customer_id, s.amount)).collect())
}

/// Claims the pending lines of every customer the run drafted a bill for.
pub async fn claim(conn: &mut AnyConnection, run_id: i64) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE bill_adjustments SET run_id = $1
         WHERE run_id IS NULL AND bill_id IS NULL
           AND customer_id IN (SELECT customer_id FROM draft_bills WHERE run_id = $1)",
    )
    .bind(run_id)
    .execute(conn)
    .await?;
    Ok(())
}

/// What the run claimed for one customer, in sum.
pub async fn claimed(conn: &mut AnyConnection, run_id: i64, customer_id: i64) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT CAST(COALESCE(SUM(amount), 0) AS BIGINT) FROM bill_adjustments WHERE run_id = $1 AND customer_id = $2",
    )
    .bind(run_id)
    .bind(customer_id)
    .fetch_one(conn)
    .await
}

/// A discarded run's claims go back to pending.
pub async fn release(conn: &mut AnyConnection, run_id: i64) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE bill_adjustments SET run_id = NULL WHERE run_id = $1 AND bill_id IS NULL")
        .bind(run_id)
        .execute(conn)
        .await?;
    Ok(())
}

/// A drafted bill that takes less of its claimed lines than they add up to (a credit larger
/// than the bill): what it took and what was claimed.
#[derive(sqlx::FromRow)]
pub struct Shortfall {
    pub customer_id: i64,
    pub taken: i64,
    pub claimed: i64,
}

/// Read before the run's drafts become bills.
pub async fn shortfalls(conn: &mut AnyConnection, run_id: i64) -> Result<Vec<Shortfall>, sqlx::Error> {
    sqlx::query_as(
        "SELECT d.customer_id, d.adjustment AS taken, CAST(SUM(a.amount) AS BIGINT) AS claimed
         FROM draft_bills d JOIN bill_adjustments a ON a.run_id = d.run_id AND a.customer_id = d.customer_id
         WHERE d.run_id = $1
         GROUP BY d.customer_id, d.adjustment HAVING SUM(a.amount) <> d.adjustment",
    )
    .bind(run_id)
    .fetch_all(conn)
    .await
}

/// Hands the run's claimed lines to the bills it published for `period`.
pub async fn attach(conn: &mut AnyConnection, run_id: i64, period: Period) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE bill_adjustments SET bill_id =
             (SELECT b.id FROM bills b WHERE b.customer_id = bill_adjustments.customer_id AND b.period = $1)
         WHERE run_id = $2 AND bill_id IS NULL",
    )
    .bind(period.to_string())
    .bind(run_id)
    .execute(conn)
    .await?;
    Ok(())
}

/// The id of the customer's bill for the period.
pub async fn bill_of(conn: &mut AnyConnection, customer_id: i64, period: Period) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar("SELECT id FROM bills WHERE customer_id = $1 AND period = $2")
        .bind(customer_id)
        .bind(period.to_string())
        .fetch_optional(conn)
        .await
}

/// A published bill as a correction reads it, with its reading.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct PublishedBill {
    pub id: i64,
    pub customer_id: i64,
    pub reading_id: i64,
    pub group_code: String,
    pub meter_size: String,
    pub amount: i64,
    pub adjustment: i64,
    pub paid: i64,
    pub read_on: String,
    pub stand_awal: i64,
    pub stand_akhir: i64,
    pub stand_angkat: Option<i64>,
    pub stand_pasang: Option<i64>,
    pub estimated: i64,
}

pub async fn published_bill(
    conn: &mut AnyConnection,
    customer_id: i64,
    period: Period,
) -> Result<Option<PublishedBill>, sqlx::Error> {
    sqlx::query_as(
        "SELECT b.id, b.customer_id, b.reading_id, b.group_code, b.meter_size, b.amount, b.adjustment,
                CASE WHEN b.payment_id IS NULL THEN 0 ELSE 1 END AS paid,
                r.read_on, r.stand_awal, r.stand_akhir, r.stand_angkat, r.stand_pasang, r.estimated
         FROM bills b JOIN meter_readings r ON r.id = b.reading_id
         WHERE b.customer_id = $1 AND b.period = $2",
    )
    .bind(customer_id)
    .bind(period.to_string())
    .fetch_optional(conn)
    .await
}

/// Whether the customer's bill of `period` was carried over from the previous system (it has
/// no reading).
pub async fn carried_over(conn: &mut AnyConnection, customer_id: i64, period: Period) -> Result<bool, sqlx::Error> {
    sqlx::query_scalar("SELECT COUNT(*) FROM bills WHERE customer_id = $1 AND period = $2 AND reading_id IS NULL")
        .bind(customer_id)
        .bind(period.to_string())
        .fetch_one(conn)
        .await
        .map(|n: i64| n > 0)
}

/// An unpaid bill's charges as computed again from its corrected reading.
pub struct Revised {
    pub adjustment: i64,
    pub usage_m3: i64,
    pub billed_m3: i64,
    pub water_charge: i64,
    pub fixed_charges: i64,
    pub amount: i64,
}

/// Rewrites an unpaid bill; refuses (returns false) one paid meanwhile.
pub async fn revise(conn: &mut AnyConnection, bill_id: i64, r: &Revised) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE bills SET usage_m3 = $1, billed_m3 = $2, water_charge = $3, fixed_charges = $4, amount = $5,
             adjustment = $7
         WHERE id = $6 AND payment_id IS NULL",
    )
    .bind(r.usage_m3)
    .bind(r.billed_m3)
    .bind(r.water_charge)
    .bind(r.fixed_charges)
    .bind(r.amount)
    .bind(bill_id)
    .bind(r.adjustment)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Marks the payment codes still open for a revised bill `Revised`: they ask the old amount.
/// Money that arrives for one later is set aside to refund, never credited. Returns how many.
pub async fn close_intents_of(conn: &mut AnyConnection, bill_id: i64) -> Result<u64, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE payment_intents SET status = $1
         WHERE status IN ($2, $3) AND id IN (SELECT intent_id FROM payment_intent_bills WHERE bill_id = $4)",
    )
    .bind(IntentStatus::Revised.as_str())
    .bind(IntentStatus::Pending.as_str())
    .bind(IntentStatus::Expired.as_str())
    .bind(bill_id)
    .execute(conn)
    .await?;
    Ok(done.rows_affected())
}

/// An adjustment line as stored.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct LineRow {
    pub kind: String,
    pub period: String,
    pub detail: String,
    pub amount: i64,
}

impl LineRow {
    /// The line as pages show it; an error names a stored value this portal did not write.
    pub fn line(self) -> Result<AdjustmentLine, String> {
        Ok(AdjustmentLine {
            kind: self.kind.parse()?,
            period: self.period.parse().map_err(|e: crate::domain::InvalidPeriod| e.to_string())?,
            detail: self.detail,
            amount: Money::rupiah(self.amount),
        })
    }
}

/// A customer's lines not yet on a published bill, for staff.
pub async fn pending_of(conn: &mut AnyConnection, customer_id: i64) -> Result<Vec<LineRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT kind, period, detail, amount FROM bill_adjustments
         WHERE customer_id = $1 AND bill_id IS NULL ORDER BY id",
    )
    .bind(customer_id)
    .fetch_all(conn)
    .await
}

/// A line carried by one of the customer's unpaid bills, with that bill's period.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct BillLineRow {
    pub bill_period: String,
    #[sqlx(flatten)]
    pub line: LineRow,
}

/// The lines the customer's unpaid bills carry, in the order they were made.
pub async fn of_unpaid_bills(db: &AnyPool, customer_id: i64) -> Result<Vec<BillLineRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT b.period AS bill_period, a.kind, a.period, a.detail, a.amount
         FROM bill_adjustments a JOIN bills b ON b.id = a.bill_id
         WHERE b.customer_id = $1 AND b.payment_id IS NULL ORDER BY a.id",
    )
    .bind(customer_id)
    .fetch_all(db)
    .await
}
