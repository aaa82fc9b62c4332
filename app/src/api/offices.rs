//! Unit offices: where customers go, when they are open, which villages they serve.

use crate::error::AppError;
use leptos::prelude::*;

pub use crate::model::offices::*;

#[server(endpoint = "offices/list")]
pub async fn list_offices() -> Result<Vec<Office>, AppError> {
    super::answer::data(crate::ssr::offices::all()).await
}

#[server(endpoint = "offices/one")]
pub async fn get_office(code: String) -> Result<Office, AppError> {
    super::answer::data(crate::ssr::offices::by_code(&code)).await
}
