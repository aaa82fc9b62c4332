//! Complaints: the complaint, its steps, its photo, and the deadlines per category.

use super::photos::{PhotoRow, StoredPhoto};
use super::stamp::{stamp, Stamp};
use crate::domain::complaint::{Category, Deadline, Stage, Step};
use chrono::{DateTime, Utc};
use sqlx::{AnyConnection, AnyPool};

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct DeadlineRow {
    pub category: String,
    pub unit: String,
    pub amount: i64,
}

/// Every category's deadline; a category without a (readable) row keeps its default.
pub async fn deadlines(db: &AnyPool) -> Result<Vec<(Category, Deadline)>, sqlx::Error> {
    let rows: Vec<DeadlineRow> =
        sqlx::query_as("SELECT category, unit, amount FROM complaint_deadlines").fetch_all(db).await?;
    Ok(Category::ALL
        .into_iter()
        .map(|c| {
            let stored =
                rows.iter().find(|r| r.category == c.as_str()).and_then(|r| Deadline::from_parts(&r.unit, r.amount));
            (c, stored.unwrap_or_else(|| c.default_deadline()))
        })
        .collect())
}

/// One category's deadline.
pub async fn deadline(db: &AnyPool, category: Category) -> Result<Deadline, sqlx::Error> {
    Ok(deadlines(db)
        .await?
        .into_iter()
        .find(|(c, _)| *c == category)
        .map_or_else(|| category.default_deadline(), |(_, d)| d))
}

pub async fn set_deadline(
    conn: &mut AnyConnection,
    category: Category,
    deadline: Deadline,
    staff_id: i64,
    at: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO complaint_deadlines (category, unit, amount, updated_by, updated_at) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (category) DO UPDATE SET unit = excluded.unit, amount = excluded.amount,
             updated_by = excluded.updated_by, updated_at = excluded.updated_at",
    )
    .bind(category.as_str())
    .bind(deadline.unit())
    .bind(i64::from(deadline.amount()))
    .bind(staff_id)
    .bind(stamp(at))
    .execute(conn)
    .await?;
    Ok(())
}

pub struct NewComplaint<'a> {
    pub token: &'a str,
    pub office_id: i64,
    pub category: Category,
    pub customer_id: Option<i64>,
    pub bill_period: Option<String>,
    pub reporter_name: &'a str,
    pub phone: &'a str,
    pub phone_on_file: bool,
    pub description: &'a str,
    pub location: &'a str,
    pub coordinates: Option<(String, String)>,
    pub received_at: DateTime<Utc>,
    pub due_at: DateTime<Utc>,
}

pub async fn insert(conn: &mut AnyConnection, c: &NewComplaint<'_>) -> Result<i64, sqlx::Error> {
    let (latitude, longitude) = c.coordinates.clone().unzip();
    sqlx::query_scalar(
        "INSERT INTO complaints (token, office_id, category, customer_id, bill_period, reporter_name, phone,
             phone_on_file, description, location, latitude, longitude, stage, received_at, due_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $14) RETURNING id",
    )
    .bind(c.token)
    .bind(c.office_id)
    .bind(c.category.as_str())
    .bind(c.customer_id)
    .bind(c.bill_period.clone())
    .bind(c.reporter_name)
    .bind(c.phone)
    .bind(i64::from(c.phone_on_file))
    .bind(c.description)
    .bind(c.location)
    .bind(latitude)
    .bind(longitude)
    .bind(Stage::Received.as_str())
    .bind(stamp(c.received_at))
    .bind(stamp(c.due_at))
    .fetch_one(conn)
    .await
}

pub async fn add_photo(conn: &mut AnyConnection, complaint_id: i64, photo: &StoredPhoto) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO complaint_photos (complaint_id, content_type, bytes, width, height) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(complaint_id)
    .bind(photo.content_type)
    .bind(photo.bytes.as_slice())
    .bind(i64::from(photo.width))
    .bind(i64::from(photo.height))
    .execute(conn)
    .await?;
    Ok(())
}

/// One step on the record.
pub struct NewEvent<'a> {
    pub complaint_id: i64,
    pub at: DateTime<Utc>,
    pub step: Step,
    pub stage: Stage,
    pub note: &'a str,
    pub staff_id: Option<i64>,
    pub assignee_id: Option<i64>,
}

pub async fn add_event(conn: &mut AnyConnection, e: &NewEvent<'_>) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO complaint_events (complaint_id, at, step, stage, note, staff_id, assignee_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(e.complaint_id)
    .bind(stamp(e.at))
    .bind(e.step.as_str())
    .bind(e.stage.as_str())
    .bind(e.note)
    .bind(e.staff_id)
    .bind(e.assignee_id)
    .execute(conn)
    .await?;
    Ok(())
}

/// A stage change, only from the stage the decision was made on: two members of staff acting
/// at once cannot both move it. Whether it moved.
pub struct Move {
    pub id: i64,
    pub from: Stage,
    pub to: Stage,
    pub assigned_to: Option<i64>,
    pub at: DateTime<Utc>,
}

pub async fn move_stage(conn: &mut AnyConnection, m: &Move) -> Result<bool, sqlx::Error> {
    // A note stays in its stage: it answers nothing and closes nothing.
    let moved = m.from != m.to;
    let answered = moved && matches!(m.to, Stage::Resolved | Stage::Rejected);
    let reopened = m.from == Stage::Resolved && m.to == Stage::InProgress;
    let closed = moved && m.to.is_final();
    let done = sqlx::query(
        "UPDATE complaints SET stage = $1, assigned_to = COALESCE($2, assigned_to), updated_at = $3,
             answered_at = CASE WHEN $4 = 1 THEN $3 WHEN $5 = 1 THEN NULL ELSE answered_at END,
             closed_at = CASE WHEN $6 = 1 THEN $3 ELSE closed_at END
         WHERE id = $7 AND stage = $8",
    )
    .bind(m.to.as_str())
    .bind(m.assigned_to)
    .bind(stamp(m.at))
    .bind(i64::from(answered))
    .bind(i64::from(reopened))
    .bind(i64::from(closed))
    .bind(m.id)
    .bind(m.from.as_str())
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct ComplaintRow {
    pub id: i64,
    pub token: String,
    pub office_id: i64,
    pub office_name: String,
    pub category: String,
    pub customer_number: Option<String>,
    pub bill_period: Option<String>,
    pub reporter_name: String,
    pub phone: String,
    pub phone_on_file: i64,
    pub description: String,
    pub location: String,
    pub latitude: Option<String>,
    pub longitude: Option<String>,
    pub stage: String,
    pub assigned_to: Option<i64>,
    pub assignee_name: Option<String>,
    pub received_at: Stamp,
    pub due_at: Stamp,
    pub answered_at: Option<Stamp>,
    pub closed_at: Option<Stamp>,
    pub has_photo: i64,
}

macro_rules! complaint {
    () => {
        "SELECT k.id, k.token, k.office_id, o.name AS office_name, k.category, c.number AS customer_number,
                k.bill_period, k.reporter_name, k.phone, k.phone_on_file, k.description, k.location, k.latitude,
                k.longitude, k.stage, k.assigned_to, s.full_name AS assignee_name, k.received_at, k.due_at,
                k.answered_at, k.closed_at,
                CAST(CASE WHEN EXISTS (SELECT 1 FROM complaint_photos p WHERE p.complaint_id = k.id) THEN 1 ELSE 0 END
                    AS BIGINT) AS has_photo
         FROM complaints k
         JOIN unit_offices o ON o.id = k.office_id
         LEFT JOIN customers c ON c.id = k.customer_id
         LEFT JOIN staff s ON s.id = k.assigned_to"
    };
}

pub async fn by_token(db: &AnyPool, token: &str) -> Result<Option<ComplaintRow>, sqlx::Error> {
    sqlx::query_as(concat!(complaint!(), " WHERE k.token = $1")).bind(token).fetch_optional(db).await
}

pub async fn by_id(db: &AnyPool, id: i64) -> Result<Option<ComplaintRow>, sqlx::Error> {
    sqlx::query_as(concat!(complaint!(), " WHERE k.id = $1")).bind(id).fetch_optional(db).await
}

/// The desk's list: an office's complaints (every office: None), those still open by time left
/// (overdue first), then the rest newest first. At most `limit`. Open is not yet answered:
/// resolving or rejecting sets `answered_at`, reopening clears it, and closing follows a
/// resolution.
pub async fn desk(
    db: &AnyPool,
    office_id: Option<i64>,
    stage: Option<Stage>,
    limit: i64,
) -> Result<Vec<ComplaintRow>, sqlx::Error> {
    sqlx::query_as(concat!(
        complaint!(),
        " WHERE ($1 = 0 OR k.office_id = $1) AND ($2 = '' OR k.stage = $2)
          ORDER BY k.answered_at IS NOT NULL,
                   CASE WHEN k.answered_at IS NULL THEN k.due_at END,
                   k.received_at DESC
          LIMIT $3"
    ))
    .bind(office_id.unwrap_or(0))
    .bind(stage.map(Stage::as_str).unwrap_or_default())
    .bind(limit)
    .fetch_all(db)
    .await
}

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct EventRow {
    pub at: Stamp,
    pub step: String,
    pub stage: String,
    pub note: String,
    pub staff_name: Option<String>,
    pub assignee_name: Option<String>,
}

pub async fn events(db: &AnyPool, complaint_id: i64) -> Result<Vec<EventRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT e.at, e.step, e.stage, e.note, s.full_name AS staff_name, a.full_name AS assignee_name
         FROM complaint_events e
         LEFT JOIN staff s ON s.id = e.staff_id
         LEFT JOIN staff a ON a.id = e.assignee_id
         WHERE e.complaint_id = $1 ORDER BY e.id",
    )
    .bind(complaint_id)
    .fetch_all(db)
    .await
}

pub async fn photo(db: &AnyPool, complaint_id: i64) -> Result<Option<PhotoRow>, sqlx::Error> {
    sqlx::query_as("SELECT content_type, bytes FROM complaint_photos WHERE complaint_id = $1")
        .bind(complaint_id)
        .fetch_optional(db)
        .await
}

/// Resolved complaints nobody confirmed or reopened since `resolved_before`.
pub async fn unconfirmed(db: &AnyPool, resolved_before: DateTime<Utc>) -> Result<Vec<i64>, sqlx::Error> {
    sqlx::query_scalar("SELECT id FROM complaints WHERE stage = $1 AND answered_at < $2 ORDER BY id")
        .bind(Stage::Resolved.as_str())
        .bind(stamp(resolved_before))
        .fetch_all(db)
        .await
}

/// Complaints filed from `from` up to `to` (an office's: Some), as the monthly report counts them.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct OutcomeRow {
    pub category: String,
    pub stage: String,
    pub received_at: Stamp,
    pub due_at: Stamp,
    pub answered_at: Option<Stamp>,
}

pub async fn outcomes(
    db: &AnyPool,
    office_id: Option<i64>,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Result<Vec<OutcomeRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT category, stage, received_at, due_at, answered_at FROM complaints
         WHERE ($1 = 0 OR office_id = $1) AND received_at >= $2 AND received_at < $3 ORDER BY id",
    )
    .bind(office_id.unwrap_or(0))
    .bind(stamp(from))
    .bind(stamp(to))
    .fetch_all(db)
    .await
}

/// Complaints a client network filed since `since`: the filing limit.
pub async fn filed_by_phone_since(
    conn: &mut AnyConnection,
    phone: &str,
    since: DateTime<Utc>,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT COUNT(*) FROM complaints WHERE phone = $1 AND received_at >= $2")
        .bind(phone)
        .bind(stamp(since))
        .fetch_one(conn)
        .await
}

/// The staff of an office a complaint can be assigned to (active accounts).
pub async fn assignable(db: &AnyPool, office_id: i64) -> Result<Vec<(i64, String)>, sqlx::Error> {
    sqlx::query_as("SELECT id, full_name FROM staff WHERE office_id = $1 AND active = 1 ORDER BY full_name")
        .bind(office_id)
        .fetch_all(db)
        .await
}
