//! Self meter readings: the window they are taken in, the figures customers send, and what the
//! billing run reads of them.

use super::photos::{PhotoRow, StoredPhoto};
use super::stamp::{stamp, Stamp};
use crate::domain::self_reading::{Doubt, State, Window};
use crate::domain::Period;
use chrono::{DateTime, Utc};
use sqlx::{AnyConnection, AnyPool};

#[derive(sqlx::FromRow)]
struct WindowRow {
    first_day: i64,
    last_day: i64,
}

/// The window in force (the default when the row cannot be read as one).
pub async fn window(db: &AnyPool) -> Result<Window, sqlx::Error> {
    let row: Option<WindowRow> =
        sqlx::query_as("SELECT first_day, last_day FROM self_reading_window WHERE id = 1").fetch_optional(db).await?;
    Ok(row
        .and_then(|r| Window::new(u32::try_from(r.first_day).ok()?, u32::try_from(r.last_day).ok()?).ok())
        .unwrap_or_default())
}

pub async fn set_window(
    conn: &mut AnyConnection,
    window: Window,
    staff_id: i64,
    at: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO self_reading_window (id, first_day, last_day, updated_by, updated_at) VALUES (1, $1, $2, $3, $4)
         ON CONFLICT (id) DO UPDATE SET first_day = excluded.first_day, last_day = excluded.last_day,
             updated_by = excluded.updated_by, updated_at = excluded.updated_at",
    )
    .bind(i64::from(window.first_day()))
    .bind(i64::from(window.last_day()))
    .bind(staff_id)
    .bind(stamp(at))
    .execute(conn)
    .await?;
    Ok(())
}

pub struct NewSelfReading<'a> {
    pub token: &'a str,
    pub customer_id: i64,
    pub period: Period,
    pub stand: i64,
    pub last_stand: Option<i64>,
    pub usual_m3: Option<u32>,
    pub doubt: Option<Doubt>,
    pub state: State,
    pub phone: &'a str,
    pub coordinates: Option<(String, String)>,
    pub photo: &'a StoredPhoto,
    pub sent_at: DateTime<Utc>,
    pub read_on: chrono::NaiveDate,
}

pub async fn insert(conn: &mut AnyConnection, r: &NewSelfReading<'_>) -> Result<i64, sqlx::Error> {
    let (latitude, longitude) = r.coordinates.clone().unzip();
    sqlx::query_scalar(
        "INSERT INTO self_readings (token, customer_id, period, stand, last_stand, usual_m3, doubt, state, phone,
             latitude, longitude, photo_type, photo, sent_at, read_on, confirmed_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)
         RETURNING id",
    )
    .bind(r.token)
    .bind(r.customer_id)
    .bind(r.period.to_string())
    .bind(r.stand)
    .bind(r.last_stand)
    .bind(r.usual_m3.map(i64::from))
    .bind(r.doubt.map(Doubt::as_str).unwrap_or_default())
    .bind(r.state.as_str())
    .bind(r.phone)
    .bind(latitude)
    .bind(longitude)
    .bind(r.photo.content_type)
    .bind(r.photo.bytes.clone())
    .bind(stamp(r.sent_at))
    .bind(r.read_on.to_string())
    .bind((r.state == State::Accepted).then(|| stamp(r.sent_at)))
    .fetch_one(conn)
    .await
}

/// Figures sent for a connection and period, whatever became of them.
pub async fn sent_for(conn: &mut AnyConnection, customer_id: i64, period: Period) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT COUNT(*) FROM self_readings WHERE customer_id = $1 AND period = $2")
        .bind(customer_id)
        .bind(period.to_string())
        .fetch_one(conn)
        .await
}

/// The figures standing (or waiting) for a connection and period step aside for another
/// (`keep`; 0 for a new one).
pub async fn replace_standing(
    conn: &mut AnyConnection,
    customer_id: i64,
    period: Period,
    keep: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE self_readings SET state = $1
         WHERE customer_id = $2 AND period = $3 AND state IN ($4, $5) AND id <> $6
           AND NOT EXISTS (SELECT 1 FROM meter_readings r WHERE r.self_reading_id = self_readings.id)",
    )
    .bind(State::Replaced.as_str())
    .bind(customer_id)
    .bind(period.to_string())
    .bind(State::Accepted.as_str())
    .bind(State::Unconfirmed.as_str())
    .bind(keep)
    .execute(conn)
    .await?;
    Ok(())
}

/// Moves a figure from `from` to `to`; false when it was no longer in `from`, or a billing
/// run has billed on it meanwhile.
pub async fn move_state(
    conn: &mut AnyConnection,
    id: i64,
    from: State,
    to: State,
    at: DateTime<Utc>,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE self_readings SET state = $1, confirmed_at = CASE WHEN $2 = 1 THEN $3 ELSE confirmed_at END
         WHERE id = $4 AND state = $5
           AND NOT EXISTS (SELECT 1 FROM meter_readings r WHERE r.self_reading_id = self_readings.id)",
    )
    .bind(to.as_str())
    .bind(i64::from(to == State::Accepted))
    .bind(stamp(at))
    .bind(id)
    .bind(from.as_str())
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct SelfReadingRow {
    pub id: i64,
    pub token: String,
    pub customer_id: i64,
    pub customer_number: String,
    pub office_id: i64,
    pub period: String,
    pub stand: i64,
    pub last_stand: Option<i64>,
    pub usual_m3: Option<i64>,
    pub doubt: String,
    pub state: String,
    pub sent_at: Stamp,
    pub read_on: String,
    /// Whether the billing run has billed (or is drafting) on it.
    pub billed: i64,
}

macro_rules! self_reading {
    () => {
        "SELECT s.id, s.token, s.customer_id, c.number AS customer_number, c.office_id, s.period, s.stand, s.last_stand, s.usual_m3, s.doubt,
                s.state, s.sent_at, s.read_on,
                CASE WHEN EXISTS (SELECT 1 FROM meter_readings r WHERE r.self_reading_id = s.id) THEN 1 ELSE 0 END
                    AS billed
         FROM self_readings s JOIN customers c ON c.id = s.customer_id"
    };
}

pub async fn by_token(db: &AnyPool, token: &str) -> Result<Option<SelfReadingRow>, sqlx::Error> {
    sqlx::query_as(concat!(self_reading!(), " WHERE s.token = $1")).bind(token).fetch_optional(db).await
}

pub async fn by_id(db: &AnyPool, id: i64) -> Result<Option<SelfReadingRow>, sqlx::Error> {
    sqlx::query_as(concat!(self_reading!(), " WHERE s.id = $1")).bind(id).fetch_optional(db).await
}

pub async fn photo(db: &AnyPool, id: i64) -> Result<Option<PhotoRow>, sqlx::Error> {
    sqlx::query_as("SELECT photo_type AS content_type, photo AS bytes FROM self_readings WHERE id = $1")
        .bind(id)
        .fetch_optional(db)
        .await
}

/// The figure standing for each connection in `period` or the month before, for a billing
/// run: the one to bill on, and the one a reader's figure is held against.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct Standing {
    pub id: i64,
    pub customer_id: i64,
    pub period: String,
    pub stand: i64,
    pub read_on: String,
    pub usual_m3: Option<i64>,
}

pub async fn standing(conn: &mut AnyConnection, period: Period) -> Result<Vec<Standing>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, customer_id, period, stand, read_on, usual_m3 FROM self_readings
         WHERE state = $1 AND period IN ($2, $3)",
    )
    .bind(State::Accepted.as_str())
    .bind(period.to_string())
    .bind(period.prev().to_string())
    .fetch_all(conn)
    .await
}

/// The connection's last figure read before `period` (None: never read). An estimate says
/// nothing of where the meter stands: a true figure below an estimate is no misread.
pub async fn last_reading(
    conn: &mut AnyConnection,
    customer_id: i64,
    period: Period,
) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT stand_akhir FROM meter_readings WHERE customer_id = $1 AND period < $2 AND estimated = 0
         ORDER BY period DESC LIMIT 1",
    )
    .bind(customer_id)
    .bind(period.to_string())
    .fetch_optional(conn)
    .await
}

/// Whether the period's bill of a connection is drafted (in a run under review) or published:
/// a figure sent or confirmed now would never reach it.
pub async fn billing_begun(conn: &mut AnyConnection, customer_id: i64, period: Period) -> Result<bool, sqlx::Error> {
    let begun: i64 = sqlx::query_scalar(
        "SELECT CASE WHEN EXISTS (SELECT 1 FROM bills WHERE customer_id = $1 AND period = $2)
                       OR EXISTS (SELECT 1 FROM draft_bills d JOIN billing_runs b ON b.id = d.run_id
                                  WHERE d.customer_id = $1 AND b.period = $2 AND b.state = $3)
                     THEN 1 ELSE 0 END",
    )
    .bind(customer_id)
    .bind(period.to_string())
    .bind(crate::model::billing::RunState::Review.as_str())
    .fetch_one(conn)
    .await?;
    Ok(begun != 0)
}
