//! Unit offices: where customers go, when they are open, which villages they serve.

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
    pub opening_hours: String,
    pub districts: Vec<District>,
}

#[server(endpoint = "offices/list")]
pub async fn list_offices() -> Result<Vec<Office>, AppError> {
    let state = crate::ssr::app_state()?;
    Ok(crate::ssr::db::offices::all(&state.db).await?)
}

#[server(endpoint = "offices/one")]
pub async fn get_office(code: String) -> Result<Office, AppError> {
    let result = async {
        let state = crate::ssr::app_state()?;
        crate::ssr::db::offices::by_code(&state.db, &code).await?.ok_or(AppError::OfficeNotFound)
    }
    .await;
    if let Err(e) = &result {
        e.apply_to_response();
    }
    result
}
