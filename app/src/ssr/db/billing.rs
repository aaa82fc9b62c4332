//! Billing runs: what a run bills, its drafts under review, and their publication.

use super::bulk::{self, Value};
use super::stamp::{stamp, Stamp};
use crate::domain::Period;
use chrono::Utc;
use sqlx::{AnyConnection, AnyPool};

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct RunRow {
    pub id: i64,
    pub period: String,
    pub office_id: Option<i64>,
    pub office: Option<String>,
    pub state: String,
    pub created_at: Stamp,
    pub created_by: String,
    pub published_at: Option<Stamp>,
}

const RUN: &str =
    "SELECT r.id, r.period, r.office_id, o.name AS office, r.state, r.created_at, s.username AS created_by,
        r.published_at
    FROM billing_runs r JOIN staff s ON s.id = r.created_by LEFT JOIN unit_offices o ON o.id = r.office_id";

pub async fn runs(db: &AnyPool, limit: i64) -> Result<Vec<RunRow>, sqlx::Error> {
    sqlx::query_as(&format!("{RUN} ORDER BY r.id DESC LIMIT $1")).bind(limit).fetch_all(db).await
}

pub async fn run(conn: &mut AnyConnection, id: i64) -> Result<Option<RunRow>, sqlx::Error> {
    sqlx::query_as(&format!("{RUN} WHERE r.id = $1")).bind(id).fetch_optional(conn).await
}

/// A run of this period under review whose connections overlap `office`'s (None: every
/// office), if any.
pub async fn open_run(
    conn: &mut AnyConnection,
    period: Period,
    office: Option<i64>,
) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT id FROM billing_runs WHERE period = $1 AND state = $2
           AND (office_id IS NULL OR $3 = 0 OR office_id = $4) LIMIT 1",
    )
    .bind(period.to_string())
    .bind(crate::model::billing::RunState::Review.as_str())
    .bind(office.is_some() as i64)
    .bind(office.unwrap_or(0))
    .fetch_optional(conn)
    .await
}

pub async fn create_run(
    conn: &mut AnyConnection,
    period: Period,
    office: Option<i64>,
    staff_id: i64,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO billing_runs (period, office_id, state, created_at, created_by)
         VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(period.to_string())
    .bind(office)
    .bind(crate::model::billing::RunState::Review.as_str())
    .bind(stamp(Utc::now()))
    .bind(staff_id)
    .fetch_one(conn)
    .await
}

/// A connection to bill: not disconnected, and not billed for the period yet.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct Billable {
    pub id: i64,
    pub group_code: String,
    pub meter_size: String,
    /// `ConnectionStatus` code.
    pub status: String,
    /// Where the meter stood at its latest reading before the period (None: never read).
    pub last_stand: Option<i64>,
}

pub async fn billable(
    conn: &mut AnyConnection,
    period: Period,
    office: Option<i64>,
) -> Result<Vec<Billable>, sqlx::Error> {
    sqlx::query_as(
        "SELECT c.id, c.group_code, c.meter_size, c.status,
                (SELECT r.stand_akhir FROM meter_readings r WHERE r.customer_id = c.id AND r.period < $1
                 ORDER BY r.period DESC LIMIT 1) AS last_stand
         FROM customers c
         WHERE c.status <> $2 AND ($3 = 0 OR c.office_id = $4) AND c.connected_on <= $5
           AND NOT EXISTS (SELECT 1 FROM bills b WHERE b.customer_id = c.id AND b.period = $1)
         ORDER BY c.id",
    )
    .bind(period.to_string())
    .bind(crate::domain::ConnectionStatus::Disconnected.as_str())
    .bind(office.is_some() as i64)
    .bind(office.unwrap_or(0))
    .bind(period.last_day().to_string())
    .fetch_all(conn)
    .await
}

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct ReadingRow {
    pub id: i64,
    pub customer_id: i64,
    pub read_on: String,
    pub stand_awal: i64,
    pub stand_akhir: i64,
    pub stand_angkat: Option<i64>,
    pub stand_pasang: Option<i64>,
    pub estimated: i64,
    pub note: Option<String>,
    /// The customer's figure it was written from (by a billing run).
    pub self_reading_id: Option<i64>,
}

const READING: &str =
    "SELECT id, customer_id, read_on, stand_awal, stand_akhir, stand_angkat, stand_pasang, estimated, note,
            self_reading_id
    FROM meter_readings";

pub async fn readings(conn: &mut AnyConnection, period: Period) -> Result<Vec<ReadingRow>, sqlx::Error> {
    sqlx::query_as(&format!("{READING} WHERE period = $1")).bind(period.to_string()).fetch_all(conn).await
}

pub async fn reading(conn: &mut AnyConnection, id: i64) -> Result<Option<ReadingRow>, sqlx::Error> {
    sqlx::query_as(&format!("{READING} WHERE id = $1")).bind(id).fetch_optional(conn).await
}

/// One billed month before the run's period, for estimates and the spike check: computed from a
/// reading, or carried over from the previous system with its usage.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct PastMonth {
    pub customer_id: i64,
    pub period: String,
    pub usage_m3: i64,
    pub estimated: i64,
}

/// The `months` billed months before `period`, oldest first: every customer's, or (`customer`)
/// one customer's.
pub async fn history(
    conn: &mut AnyConnection,
    customer: Option<i64>,
    period: Period,
    months: i32,
) -> Result<Vec<PastMonth>, sqlx::Error> {
    sqlx::query_as(
        "SELECT b.customer_id, b.period, b.usage_m3, COALESCE(r.estimated, 0) AS estimated
         FROM bills b LEFT JOIN meter_readings r ON r.id = b.reading_id
         WHERE ($1 = 0 OR b.customer_id = $2) AND b.period >= $3 AND b.period < $4
         ORDER BY b.customer_id, b.period",
    )
    .bind(customer.is_some() as i64)
    .bind(customer.unwrap_or(0))
    .bind(period.plus_months(-months).to_string())
    .bind(period.to_string())
    .fetch_all(conn)
    .await
}

/// The estimate a run bills an unread meter on, written as the period's reading.
pub struct RunReading {
    pub customer_id: i64,
    pub read_on: String,
    pub stand_awal: i64,
    pub stand_akhir: i64,
    /// An estimate (true), or the figure the customer sent (`self_reading_id`).
    pub estimated: bool,
    pub self_reading_id: Option<i64>,
}

/// Writes the readings a run makes itself: estimates, and customers' own figures.
pub async fn add_run_readings(
    conn: &mut AnyConnection,
    period: Period,
    readings: &[RunReading],
) -> Result<(), sqlx::Error> {
    let rows: Vec<Vec<Value>> = readings
        .iter()
        .map(|e| {
            vec![
                e.customer_id.into(),
                period.to_string().into(),
                e.read_on.clone().into(),
                e.stand_awal.into(),
                e.stand_akhir.into(),
                Value::Int(i64::from(e.estimated)),
                e.self_reading_id.into(),
            ]
        })
        .collect();
    bulk::insert(
        conn,
        "meter_readings (customer_id, period, read_on, stand_awal, stand_akhir, estimated, self_reading_id)",
        &rows,
    )
    .await
}

/// A drafted bill, as written and as reviewed.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct Draft {
    pub customer_id: i64,
    pub reading_id: i64,
    pub group_code: String,
    pub meter_size: String,
    pub usage_m3: i64,
    pub billed_m3: i64,
    pub water_charge: i64,
    pub fixed_charges: i64,
    /// Charges and `adjustment`.
    pub amount: i64,
    /// What the bill takes of the customer's pending adjustment lines.
    pub adjustment: i64,
    pub due_date: String,
    pub flags: String,
    pub average_m3: Option<i64>,
    pub made_estimate: i64,
}

pub async fn add_drafts(conn: &mut AnyConnection, run_id: i64, drafts: &[Draft]) -> Result<(), sqlx::Error> {
    let rows: Vec<Vec<Value>> = drafts
        .iter()
        .map(|d| {
            vec![
                run_id.into(),
                d.customer_id.into(),
                d.reading_id.into(),
                d.group_code.clone().into(),
                d.meter_size.clone().into(),
                d.usage_m3.into(),
                d.billed_m3.into(),
                d.water_charge.into(),
                d.fixed_charges.into(),
                d.amount.into(),
                d.adjustment.into(),
                d.due_date.clone().into(),
                d.flags.clone().into(),
                d.average_m3.into(),
                d.made_estimate.into(),
            ]
        })
        .collect();
    bulk::insert(
        conn,
        "draft_bills (run_id, customer_id, reading_id, group_code, meter_size, usage_m3, billed_m3, water_charge,
                      fixed_charges, amount, adjustment, due_date, flags, average_m3, made_estimate)",
        &rows,
    )
    .await
}

pub async fn add_problems(
    conn: &mut AnyConnection,
    run_id: i64,
    problems: &[(i64, String)],
) -> Result<(), sqlx::Error> {
    let rows: Vec<Vec<Value>> = problems
        .iter()
        .map(|(customer, reason)| vec![run_id.into(), (*customer).into(), reason.clone().into()])
        .collect();
    bulk::insert(conn, "draft_problems (run_id, customer_id, reason)", &rows).await
}

/// A run's totals: drafted bills, those flagged, those of them reviewed, m3 and rupiah.
#[derive(Clone, Debug, Default, sqlx::FromRow)]
pub struct Totals {
    pub bills: i64,
    pub flagged: i64,
    pub reviewed: i64,
    pub m3: i64,
    pub amount: i64,
    pub problems: i64,
}

pub async fn totals(conn: &mut AnyConnection, run_id: i64) -> Result<Totals, sqlx::Error> {
    sqlx::query_as(
        "SELECT COUNT(*) AS bills,
                CAST(COALESCE(SUM(CASE WHEN flags <> '' THEN 1 ELSE 0 END), 0) AS BIGINT) AS flagged,
                CAST(COALESCE(SUM(CASE WHEN flags <> '' AND reviewed_by IS NOT NULL THEN 1 ELSE 0 END), 0) AS BIGINT) AS reviewed,
                CAST(COALESCE(SUM(usage_m3), 0) AS BIGINT) AS m3,
                CAST(COALESCE(SUM(amount), 0) AS BIGINT) AS amount,
                (SELECT COUNT(*) FROM draft_problems p WHERE p.run_id = $1) AS problems
         FROM draft_bills WHERE run_id = $1",
    )
    .bind(run_id)
    .fetch_one(conn)
    .await
}

/// A flagged draft as the review list shows it.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct FlaggedRow {
    pub customer_id: i64,
    pub number: String,
    pub name: String,
    pub office_id: i64,
    pub office: String,
    pub usage_m3: i64,
    pub average_m3: Option<i64>,
    pub amount: i64,
    pub flags: String,
    pub reviewed: i64,
    pub stand_awal: i64,
    pub stand_akhir: i64,
    pub note: Option<String>,
    /// The figure the customer sent for the period (billed on, or held against the reader's).
    pub customer_reading: Option<i64>,
    pub customer_stand: Option<i64>,
}

/// Flagged drafts (of one office's customers, or of all), those still to review first, then by
/// office and number.
pub async fn flagged(
    conn: &mut AnyConnection,
    run_id: i64,
    office: Option<i64>,
    limit: i64,
) -> Result<Vec<FlaggedRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT d.customer_id, c.number, c.name, c.office_id, o.name AS office, d.usage_m3, d.average_m3, d.amount,
                d.flags, CASE WHEN d.reviewed_by IS NULL THEN 0 ELSE 1 END AS reviewed,
                r.stand_awal, r.stand_akhir, r.note,
                COALESCE(u.id, s.id) AS customer_reading, COALESCE(u.stand, s.stand) AS customer_stand
         FROM draft_bills d
         JOIN billing_runs br ON br.id = d.run_id
         JOIN customers c ON c.id = d.customer_id
         JOIN unit_offices o ON o.id = c.office_id
         JOIN meter_readings r ON r.id = d.reading_id
         LEFT JOIN self_readings u ON u.id = r.self_reading_id
         LEFT JOIN self_readings s ON s.customer_id = d.customer_id AND s.period = br.period AND s.state = 'accepted'
         WHERE d.run_id = $1 AND d.flags <> '' AND ($2 = 0 OR c.office_id = $3)
         ORDER BY CASE WHEN d.reviewed_by IS NULL THEN 0 ELSE 1 END, o.code, c.number
         LIMIT $4",
    )
    .bind(run_id)
    .bind(office.is_some() as i64)
    .bind(office.unwrap_or(0))
    .bind(limit)
    .fetch_all(conn)
    .await
}

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct ProblemRow {
    pub number: String,
    pub name: String,
    pub reason: String,
}

pub async fn problems(conn: &mut AnyConnection, run_id: i64) -> Result<Vec<ProblemRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT c.number, c.name, p.reason FROM draft_problems p JOIN customers c ON c.id = p.customer_id
         WHERE p.run_id = $1 ORDER BY c.number",
    )
    .bind(run_id)
    .fetch_all(conn)
    .await
}

/// The draft of one customer in a run, with the customer's number and office.
pub async fn draft(conn: &mut AnyConnection, run_id: i64, customer_id: i64) -> Result<Option<Draft>, sqlx::Error> {
    sqlx::query_as(
        "SELECT customer_id, reading_id, group_code, meter_size, usage_m3, billed_m3, water_charge, fixed_charges,
                amount, adjustment, due_date, flags, average_m3, made_estimate
         FROM draft_bills WHERE run_id = $1 AND customer_id = $2",
    )
    .bind(run_id)
    .bind(customer_id)
    .fetch_optional(conn)
    .await
}

pub async fn customer_office(conn: &mut AnyConnection, customer_id: i64) -> Result<Option<(String, i64)>, sqlx::Error> {
    sqlx::query_as("SELECT number, office_id FROM customers WHERE id = $1").bind(customer_id).fetch_optional(conn).await
}

/// A corrected reading: the figure a person gave, no longer an estimate.
pub async fn correct_reading(conn: &mut AnyConnection, reading_id: i64, stand_akhir: i64) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE meter_readings SET stand_akhir = $1, estimated = 0 WHERE id = $2")
        .bind(stand_akhir)
        .bind(reading_id)
        .execute(conn)
        .await?;
    Ok(())
}

/// Rewrites a draft after its reading was corrected, marked reviewed by `staff_id`.
pub async fn rewrite_draft(conn: &mut AnyConnection, run_id: i64, d: &Draft, staff_id: i64) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE draft_bills SET usage_m3 = $1, billed_m3 = $2, water_charge = $3, fixed_charges = $4, amount = $5,
             flags = $6, reviewed_by = $7, adjustment = $10
         WHERE run_id = $8 AND customer_id = $9",
    )
    .bind(d.usage_m3)
    .bind(d.billed_m3)
    .bind(d.water_charge)
    .bind(d.fixed_charges)
    .bind(d.amount)
    .bind(&d.flags)
    .bind(staff_id)
    .bind(run_id)
    .bind(d.customer_id)
    .bind(d.adjustment)
    .execute(conn)
    .await?;
    Ok(())
}

/// Marks flagged drafts reviewed as they are: one customer's, or (None) every one left.
pub async fn accept(
    conn: &mut AnyConnection,
    run_id: i64,
    customer_id: Option<i64>,
    staff_id: i64,
) -> Result<u64, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE draft_bills SET reviewed_by = $1
         WHERE run_id = $2 AND flags <> '' AND reviewed_by IS NULL AND ($3 = 0 OR customer_id = $4)",
    )
    .bind(staff_id)
    .bind(run_id)
    .bind(customer_id.is_some() as i64)
    .bind(customer_id.unwrap_or(0))
    .execute(conn)
    .await?;
    Ok(done.rows_affected())
}

/// Turns a run's drafts into bills, in the caller's transaction: customers see the whole period
/// when it commits, and none of it before.
pub async fn publish(conn: &mut AnyConnection, run_id: i64, period: Period, staff_id: i64) -> Result<u64, sqlx::Error> {
    let made = sqlx::query(
        "INSERT INTO bills (customer_id, period, reading_id, group_code, meter_size, usage_m3, billed_m3, water_charge,
                            fixed_charges, amount, adjustment, due_date, run_id)
         SELECT customer_id, $1, reading_id, group_code, meter_size, usage_m3, billed_m3, water_charge, fixed_charges,
                amount, adjustment, due_date, run_id
         FROM draft_bills WHERE run_id = $2",
    )
    .bind(period.to_string())
    .bind(run_id)
    .execute(&mut *conn)
    .await?;
    sqlx::query("DELETE FROM draft_bills WHERE run_id = $1").bind(run_id).execute(&mut *conn).await?;
    sqlx::query("UPDATE billing_runs SET state = $1, published_at = $2, published_by = $3 WHERE id = $4")
        .bind(crate::model::billing::RunState::Published.as_str())
        .bind(stamp(Utc::now()))
        .bind(staff_id)
        .bind(run_id)
        .execute(conn)
        .await?;
    Ok(made.rows_affected())
}

/// The run's bills by office and group, for the DRD: customers, m3, water, fixed charges, total.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct DrdLine {
    pub office: String,
    pub group_code: String,
    pub customers: i64,
    pub m3: i64,
    pub water_charge: i64,
    pub fixed_charges: i64,
    /// Corrections of earlier bills the bills carry.
    pub adjustment: i64,
    pub amount: i64,
}

/// Read from the drafts while under review, from the bills once published.
pub async fn drd(db: &AnyPool, run_id: i64, published: bool) -> Result<Vec<DrdLine>, sqlx::Error> {
    let table = if published { "bills" } else { "draft_bills" };
    let sql = format!(
        "SELECT o.code || ' ' || o.name AS office, x.group_code, COUNT(*) AS customers,
                CAST(SUM(x.usage_m3) AS BIGINT) AS m3, CAST(SUM(x.water_charge) AS BIGINT) AS water_charge,
                CAST(SUM(x.fixed_charges) AS BIGINT) AS fixed_charges,
                CAST(SUM(x.adjustment) AS BIGINT) AS adjustment, CAST(SUM(x.amount) AS BIGINT) AS amount
         FROM {table} x JOIN customers c ON c.id = x.customer_id JOIN unit_offices o ON o.id = c.office_id
         WHERE x.run_id = $1
         GROUP BY o.code, o.name, x.group_code ORDER BY o.code, x.group_code"
    );
    sqlx::query_as(&sql).bind(run_id).fetch_all(db).await
}

/// Removes a run's drafts, its unbillable list and the readings it wrote (estimates and
/// customers' figures, which stay with the customer to be billed on again), and marks it
/// discarded, in the caller's transaction. Returns the drafts removed.
pub async fn discard(conn: &mut AnyConnection, run_id: i64) -> Result<u64, sqlx::Error> {
    let estimates: Vec<i64> =
        sqlx::query_scalar("SELECT reading_id FROM draft_bills WHERE run_id = $1 AND made_estimate = 1")
            .bind(run_id)
            .fetch_all(&mut *conn)
            .await?;
    let dropped = sqlx::query("DELETE FROM draft_bills WHERE run_id = $1").bind(run_id).execute(&mut *conn).await?;
    sqlx::query("DELETE FROM draft_problems WHERE run_id = $1").bind(run_id).execute(&mut *conn).await?;
    for chunk in estimates.chunks(500) {
        let list = (1..=chunk.len()).map(|n| format!("${n}")).collect::<Vec<_>>().join(",");
        let sql = format!(
            "DELETE FROM meter_readings WHERE (estimated = 1 OR self_reading_id IS NOT NULL) AND id IN ({list})"
        );
        let mut query = sqlx::query(&sql);
        for id in chunk {
            query = query.bind(*id);
        }
        query.execute(&mut *conn).await?;
    }
    sqlx::query("UPDATE billing_runs SET state = $1 WHERE id = $2")
        .bind(crate::model::billing::RunState::Discarded.as_str())
        .bind(run_id)
        .execute(conn)
        .await?;
    Ok(dropped.rows_affected())
}

/// When the run's bills fall due (as drafted; every bill of a run falls due the same day).
pub async fn due_date(conn: &mut AnyConnection, run_id: i64, published: bool) -> Result<Option<String>, sqlx::Error> {
    let table = if published { "bills" } else { "draft_bills" };
    sqlx::query_scalar(&format!("SELECT MAX(due_date) FROM {table} WHERE run_id = $1"))
        .bind(run_id)
        .fetch_one(conn)
        .await
}
