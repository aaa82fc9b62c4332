//! Files uploaded by administrators: each is checked in the background (a file of a hundred
//! thousand rows takes longer than a request may), its report shown on its page, and applied in
//! the background when the administrator asks and the check found it clean.

use super::{import, Mode};
use crate::domain::staff::{Duty, StaffMember};
use crate::error::AppError;
use crate::model::imports::{ImportDesk, ImportJob, ImportKind, ImportState};
use crate::ssr::auth::{self, Session};
use crate::ssr::db::audit::By;
use crate::ssr::db::import_jobs::{self as q, JobRow};
use crate::ssr::{app_state, clock};
use chrono::Utc;
use sqlx::AnyPool;
use std::net::IpAddr;

/// The largest file the upload page takes: a 135,000-customer file is about 20 MB.
pub const MAX_FILE_BYTES: usize = 64 * 1024 * 1024;

/// A run that has not reported for this long died with its server: nothing of it was written
/// (an application is one transaction).
const GIVEN_UP_AFTER: chrono::Duration = chrono::Duration::minutes(15);

/// Stores an uploaded file and starts its check. The caller has checked the session's CSRF token
/// and that it may administer.
pub async fn upload(
    db: &AnyPool,
    session: &Session,
    ip: Option<IpAddr>,
    kind: ImportKind,
    file_name: &str,
    bytes: &[u8],
) -> Result<i64, AppError> {
    let file_name: String = file_name.chars().filter(|c| !c.is_control()).take(120).collect();
    let id = q::create(db, kind, &file_name, bytes, session.staff.id).await?;
    tokio::spawn(run(db.clone(), id, kind, file_name, Mode::Check, session.staff.clone(), ip));
    Ok(id)
}

/// Starts applying a file that was checked clean.
pub async fn apply(csrf: &str, id: i64) -> Result<i64, AppError> {
    let state = app_state()?;
    let (session, ip) = auth::authorize_action(csrf, Duty::Administer).await?;
    let row = q::get(&state.db, id).await?.ok_or(AppError::ImportNotFound)?;
    let clean = row.report().is_some_and(|r| r.is_clean() && !r.applied);
    if !clean || !q::advance(&state.db, id, ImportState::Checked, ImportState::Applying).await? {
        return Err(AppError::ImportNotReady);
    }
    let kind = row.kind().map_err(|_| AppError::Internal)?;
    tokio::spawn(run(state.db.clone(), id, kind, row.file_name, Mode::Apply, session.staff, ip));
    Ok(id)
}

pub async fn job(id: i64) -> Result<ImportJob, AppError> {
    let state = app_state()?;
    let session = auth::authorize_read(Duty::Administer).await?;
    let row = q::get(&state.db, id).await?.ok_or(AppError::ImportNotFound)?;
    view(row, &session.csrf)
}

pub async fn desk() -> Result<ImportDesk, AppError> {
    let state = app_state()?;
    let session = auth::authorize_read(Duty::Administer).await?;
    let jobs =
        q::recent(&state.db, 20).await?.into_iter().map(|row| view(row, &session.csrf)).collect::<Result<_, _>>()?;
    Ok(ImportDesk { jobs, csrf: session.csrf })
}

fn view(row: JobRow, csrf: &str) -> Result<ImportJob, AppError> {
    let mut state = row.state().map_err(|_| AppError::Internal)?;
    if state.is_running() && Utc::now() - row.updated_at.0 > GIVEN_UP_AFTER {
        state = ImportState::Failed;
    }
    Ok(ImportJob {
        id: row.id,
        kind: row.kind().map_err(|_| AppError::Internal)?,
        report: row.report(),
        file_name: row.file_name,
        state,
        error: row.error,
        created_at: row.created_at.wib(),
        created_by: row.created_by,
        csrf: csrf.to_string(),
    })
}

async fn run(db: AnyPool, id: i64, kind: ImportKind, name: String, mode: Mode, staff: StaffMember, ip: Option<IpAddr>) {
    let by = By { actor: Some(&staff), name: &staff.username, ip };
    let outcome = match q::file(&db, id).await {
        Ok(Some(bytes)) => {
            import(&db, &by, kind, &name, &bytes, mode, clock::today_wib()).await.map_err(|e| e.to_string())
        }
        Ok(None) => Err("the file is no longer kept".to_string()),
        Err(e) => Err(e.to_string()),
    };
    let finished = match &outcome {
        Ok(report) if report.applied => q::finish(&db, id, ImportState::Applied, Some(report), None).await,
        // Checked, or found faulty when applied (the data changed since the check).
        Ok(report) => q::finish(&db, id, ImportState::Checked, Some(report), None).await,
        Err(e) => {
            tracing::error!(job = id, error = %e, "import failed");
            q::finish(&db, id, ImportState::Failed, None, Some(e)).await
        }
    };
    if let Err(e) = finished {
        tracing::error!(job = id, error = %e, "could not record how an import ended");
    }
}
