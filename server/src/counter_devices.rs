//! The API a counter device calls when it reaches the server: its office's snapshot, a block of
//! offline receipt numbers, and the outbox of cash it took offline. Authorised by the device's
//! credential cookie (strict same-site, so no other site can make the browser send it), with a
//! staff member of its office signed in for the snapshot and the numbers; JSON bodies only. A
//! request's body is at most 64 KB, as every other: a device sends its outbox in batches of 50.

use app::error::AppError;
use app::model::counter_devices::SyncRequest;
use app::ssr::AppState;
use axum::extract::rejection::{JsonRejection, QueryRejection};
use axum::extract::{Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Deserialize;
use serde_json::json;

/// A device's outbox size when it asks for numbers; supervisors see it.
#[derive(Debug, Deserialize)]
pub struct BlockRequest {
    #[serde(default)]
    pub outbox: i64,
}

fn refused(e: AppError) -> Response {
    let status = StatusCode::from_u16(e.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let code = app::model::counter_devices::DeviceRefusal::of(&e);
    (status, Json(json!({"error": e.to_string(), "code": code.as_str()}))).into_response()
}

fn answer<T: serde::Serialize>(result: Result<T, AppError>) -> Response {
    match result {
        Ok(value) => Json(value).into_response(),
        Err(e) => refused(e),
    }
}

fn unreadable(e: JsonRejection) -> Response {
    (e.status(), Json(json!({"error": format!("the request is not what this endpoint reads: {}", e.body_text())})))
        .into_response()
}

/// What a device asks for its snapshot: the cursor of the one it holds, and its outbox size.
#[derive(Debug, Deserialize)]
pub struct SnapshotQuery {
    pub since: Option<String>,
    #[serde(default)]
    pub outbox: i64,
}

pub async fn snapshot(
    State(state): State<AppState>,
    headers: HeaderMap,
    query: Result<Query<SnapshotQuery>, QueryRejection>,
) -> Response {
    let device = match app::ssr::offline_sync::staffed_device(&state, &headers).await {
        Ok(d) => d,
        Err(e) => return refused(e),
    };
    let Query(query) = match query {
        Ok(q) => q,
        Err(e) => return (e.status(), Json(json!({"error": e.body_text()}))).into_response(),
    };
    match app::ssr::offline_sync::snapshot(&state, &device, query.since.as_deref(), query.outbox).await {
        // Always fresh: a cached snapshot would hide payments made since.
        Ok(snapshot) => ([(header::CACHE_CONTROL, "no-store")], Json(snapshot)).into_response(),
        Err(e) => refused(e),
    }
}

pub async fn receipt_block(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Result<Json<BlockRequest>, JsonRejection>,
) -> Response {
    let device = match app::ssr::offline_sync::staffed_device(&state, &headers).await {
        Ok(d) => d,
        Err(e) => return refused(e),
    };
    let Json(request) = match body {
        Ok(b) => b,
        Err(e) => return unreadable(e),
    };
    answer(app::ssr::offline_sync::receipt_block(&state, &device, request.outbox).await)
}

pub async fn sync(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Result<Json<SyncRequest>, JsonRejection>,
) -> Response {
    let device = match app::ssr::offline_sync::device(&state, &headers).await {
        Ok(d) => d,
        Err(e) => return refused(e),
    };
    let Json(request) = match body {
        Ok(b) => b,
        Err(e) => return unreadable(e),
    };
    answer(app::ssr::offline_sync::sync(&state, &device, &request).await)
}
