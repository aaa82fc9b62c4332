//! Unit offices as customers see them: where, when open (by the queue's clock), which villages.

use crate::error::AppError;
use crate::model::offices::Office;

pub async fn all() -> Result<Vec<Office>, AppError> {
    let state = crate::ssr::app_state()?;
    Ok(crate::ssr::db::offices::all(&state.db, state.site.queue_clock.now(), &state.rules.get().due.holidays).await?)
}

pub async fn by_code(code: &str) -> Result<Office, AppError> {
    let state = crate::ssr::app_state()?;
    crate::ssr::db::offices::by_code(&state.db, code, state.site.queue_clock.now(), &state.rules.get().due.holidays)
        .await?
        .ok_or(AppError::OfficeNotFound)
}
