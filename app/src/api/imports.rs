//! Administrators' imports of the utility's own files. The upload itself is a plain multipart
//! form post to `/staf/impor/unggah` (a route of its own, for files far larger than a server
//! function's body); these read what became of it and apply it.

use crate::error::AppError;
use leptos::prelude::*;

pub use crate::model::imports::*;

#[server(endpoint = "staff/imports")]
pub async fn load_import_desk() -> Result<ImportDesk, AppError> {
    super::answer::data(crate::ssr::imports::jobs::desk()).await
}

#[server(endpoint = "staff/imports/job")]
pub async fn load_import_job(id: i64) -> Result<ImportJob, AppError> {
    super::answer::data(crate::ssr::imports::jobs::job(id)).await
}

/// Applies a file its check found clean; the page shows the run's progress.
#[server(endpoint = "staff/imports/apply")]
pub async fn apply_import(csrf: String, id: i64) -> Result<i64, AppError> {
    super::answer::form(crate::ssr::imports::jobs::apply(&csrf, id), |id| format!("/staf/impor/{id}")).await
}
