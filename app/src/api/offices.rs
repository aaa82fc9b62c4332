//! Unit offices: where customers go, when they are open, which villages they serve.

use crate::domain::office_hours::{HoursStatus, OpeningHours};
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct District {
    pub name: String,
    pub villages: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Office {
    pub code: String,
    pub name: String,
    pub is_head_office: bool,
    pub address: String,
    pub phone: String,
    /// The week's hours (empty: not set, and `hours_note` says them in words).
    pub hours: OpeningHours,
    pub hours_note: String,
    pub hours_note_en: String,
    /// Open now or not, by the queue's clock.
    pub status: HoursStatus,
    pub districts: Vec<District>,
}

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
