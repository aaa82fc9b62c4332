//! Unit offices: where customers go, when they are open, which villages they serve.

use crate::error::AppError;
use leptos::prelude::*;

pub use crate::model::offices::*;

#[server(endpoint = "offices/list")]
pub async fn list_offices() -> Result<Vec<Office>, AppError> {
    let state = crate::ssr::app_state()?;
    Ok(crate::ssr::db::offices::all(&state.db, state.site.queue_clock.now(), &state.rules.due.holidays).await?)
}

#[server(endpoint = "offices/one")]
pub async fn get_office(code: String) -> Result<Office, AppError> {
    let result = async {
        let state = crate::ssr::app_state()?;
        crate::ssr::db::offices::by_code(&state.db, &code, state.site.queue_clock.now(), &state.rules.due.holidays).await?.ok_or(AppError::OfficeNotFound)
    }
    .await;
    if let Err(e) = &result {
        e.apply_to_response();
    }
    result
}
