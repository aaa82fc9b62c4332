//! Uploaded files on their way in, and the reports of their checks.

use crate::model::imports::{ImportKind, ImportReport, ImportState};
use crate::ssr::db::stamp::{stamp, Stamp};
use chrono::Utc;
use sqlx::AnyPool;

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct JobRow {
    pub id: i64,
    pub kind: String,
    pub file_name: String,
    pub state: String,
    pub report: Option<String>,
    pub error: Option<String>,
    pub created_at: Stamp,
    pub updated_at: Stamp,
    pub created_by: String,
}

impl JobRow {
    pub fn kind(&self) -> Result<ImportKind, String> {
        self.kind.parse()
    }

    pub fn state(&self) -> Result<ImportState, String> {
        self.state.parse()
    }

    pub fn report(&self) -> Option<ImportReport> {
        self.report.as_deref().and_then(|r| serde_json::from_str(r).ok())
    }
}

const SELECT: &str = "SELECT j.id, j.kind, j.file_name, j.state, j.report, j.error, j.created_at, j.updated_at,
        s.username AS created_by
    FROM import_jobs j JOIN staff s ON s.id = j.created_by";

pub async fn create(
    db: &AnyPool,
    kind: ImportKind,
    file_name: &str,
    file: &[u8],
    staff_id: i64,
) -> Result<i64, sqlx::Error> {
    let now = stamp(Utc::now());
    sqlx::query_scalar(
        "INSERT INTO import_jobs (kind, file_name, file, state, created_at, created_by, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $5) RETURNING id",
    )
    .bind(kind.as_str())
    .bind(file_name)
    .bind(file.to_vec())
    .bind(ImportState::Checking.as_str())
    .bind(now)
    .bind(staff_id)
    .fetch_one(db)
    .await
}

pub async fn get(db: &AnyPool, id: i64) -> Result<Option<JobRow>, sqlx::Error> {
    sqlx::query_as(&format!("{SELECT} WHERE j.id = $1")).bind(id).fetch_optional(db).await
}

pub async fn recent(db: &AnyPool, limit: i64) -> Result<Vec<JobRow>, sqlx::Error> {
    sqlx::query_as(&format!("{SELECT} ORDER BY j.id DESC LIMIT $1")).bind(limit).fetch_all(db).await
}

pub async fn file(db: &AnyPool, id: i64) -> Result<Option<Vec<u8>>, sqlx::Error> {
    Ok(sqlx::query_scalar::<_, Option<Vec<u8>>>("SELECT file FROM import_jobs WHERE id = $1")
        .bind(id)
        .fetch_optional(db)
        .await?
        .flatten())
}

/// Moves a job from `from` to `to` and says whether it was in `from` (two clicks on "apply"
/// start one run).
pub async fn advance(db: &AnyPool, id: i64, from: ImportState, to: ImportState) -> Result<bool, sqlx::Error> {
    let done = sqlx::query("UPDATE import_jobs SET state = $1, updated_at = $2 WHERE id = $3 AND state = $4")
        .bind(to.as_str())
        .bind(stamp(Utc::now()))
        .bind(id)
        .bind(from.as_str())
        .execute(db)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// Records how a run ended. An applied file is not kept: its rows are in the tables now.
pub async fn finish(
    db: &AnyPool,
    id: i64,
    state: ImportState,
    report: Option<&ImportReport>,
    error: Option<&str>,
) -> Result<(), sqlx::Error> {
    let report = report.map(|r| serde_json::to_string(r).unwrap_or_default());
    let drop_file = state == ImportState::Applied;
    sqlx::query(
        "UPDATE import_jobs SET state = $1, report = COALESCE($2, report), error = $3, updated_at = $4,
             file = CASE WHEN $5 = 1 THEN NULL ELSE file END
         WHERE id = $6",
    )
    .bind(state.as_str())
    .bind(report)
    .bind(error)
    .bind(stamp(Utc::now()))
    .bind(drop_file as i64)
    .bind(id)
    .execute(db)
    .await?;
    Ok(())
}
