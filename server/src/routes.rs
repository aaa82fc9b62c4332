//! Routes that are not pages: health, readiness, the language switch.

use app::i18n::{Lang, LANG_COOKIE};
use app::ssr::AppState;
use axum::extract::{FromRequestParts, Path, Query, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

/// Liveness: the process answers.
pub async fn healthz() -> &'static str {
    "ok"
}

/// Readiness: the database answers too. A load balancer sends no customers here otherwise.
pub async fn readyz(State(state): State<AppState>) -> Response {
    match app::ssr::db::ping(&state.db).await {
        Ok(_) => (StatusCode::OK, "ready").into_response(),
        Err(e) => {
            tracing::warn!(error = %e, "not ready: database unreachable");
            (StatusCode::SERVICE_UNAVAILABLE, "database unavailable").into_response()
        }
    }
}

/// A query string read into `T`, or a 400 with a plain sentence: the deserializer's own message
/// (field names, parser positions) stays in the log.
pub struct Params<T>(pub T);

impl<S: Send + Sync, T: serde::de::DeserializeOwned> FromRequestParts<S> for Params<T> {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut axum::http::request::Parts, state: &S) -> Result<Self, Self::Rejection> {
        match Query::<T>::from_request_parts(parts, state).await {
            Ok(Query(value)) => Ok(Params(value)),
            Err(e) => {
                tracing::debug!(error = %e, "query string refused");
                Err((
                    StatusCode::BAD_REQUEST,
                    [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
                    "the query string could not be read",
                )
                    .into_response())
            }
        }
    }
}

#[derive(Deserialize)]
pub struct Next {
    next: Option<String>,
}

/// `/bahasa/{id|en}?next=/path`: remembers the language in a cookie and goes back. A plain
/// link, so it works before (or without) the WebAssembly.
pub async fn set_language(Path(code): Path<String>, Params(q): Params<Next>) -> Response {
    let Some(lang) = Lang::from_code(&code) else {
        return (StatusCode::NOT_FOUND, "unknown language").into_response();
    };
    let next = q.next.filter(|n| is_local_path(n)).unwrap_or_else(|| "/".to_string());
    let mut headers = HeaderMap::new();
    let cookie = format!("{LANG_COOKIE}={}; Path=/; Max-Age=31536000; SameSite=Lax", lang.code());
    headers.insert(header::SET_COOKIE, HeaderValue::from_str(&cookie).expect("cookie is ASCII"));
    match HeaderValue::from_str(&next) {
        Ok(location) => headers.insert(header::LOCATION, location),
        Err(_) => headers.insert(header::LOCATION, HeaderValue::from_static("/")),
    };
    (StatusCode::SEE_OTHER, headers).into_response()
}

/// `/t/{code}`: the short code printed on a walk-in ticket, for phones that cannot scan its QR.
/// Goes to the ticket's page; limited per client like every lookup.
pub async fn short_ticket(
    State(state): State<AppState>,
    Path(code): Path<String>,
    ip: Option<axum::Extension<app::ssr::ClientIp>>,
) -> Response {
    let client = ip.map(|axum::Extension(app::ssr::ClientIp(ip))| ip).unwrap_or(std::net::IpAddr::from([0, 0, 0, 0]));
    if let Err(wait) = state.lookups.check(client) {
        let mut response = (
            StatusCode::TOO_MANY_REQUESTS,
            [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
            "Terlalu banyak permintaan. Coba lagi sebentar.",
        )
            .into_response();
        response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(wait.as_secs().max(1)));
        return response;
    }
    let Some(code) = app::domain::queue::read_short_code(&code) else {
        return not_a_ticket();
    };
    match app::ssr::db::queue::token_by_short_code(&state.db, &code).await {
        Ok(Some(token)) => (StatusCode::SEE_OTHER, [(header::LOCATION, format!("/antrean/{token}"))]).into_response(),
        Ok(None) => not_a_ticket(),
        Err(e) => {
            tracing::error!(error = %e, "short ticket code lookup failed");
            (
                StatusCode::INTERNAL_SERVER_ERROR,
                [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
                "Terjadi gangguan. Coba lagi sebentar.",
            )
                .into_response()
        }
    }
}

fn not_a_ticket() -> Response {
    (
        StatusCode::NOT_FOUND,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        "Kode tiket tidak ditemukan hari ini. Periksa kode pada tiket Anda. / No ticket has this code today: check the code on your ticket.",
    )
        .into_response()
}

/// Only paths on this site: `//evil.example` and `/\evil` would leave it (open redirect).
fn is_local_path(next: &str) -> bool {
    next.starts_with('/')
        && !next.starts_with("//")
        && !next.starts_with("/\\")
        && !next.chars().any(|c| c.is_control())
}

#[cfg(test)]
mod tests {
    #[test]
    fn redirects_stay_on_site() {
        assert!(super::is_local_path("/tagihan?no=0102003456"));
        assert!(!super::is_local_path("//evil.example"));
        assert!(!super::is_local_path("/\\evil.example"));
        assert!(!super::is_local_path("https://evil.example"));
        assert!(!super::is_local_path("/a\r\nSet-Cookie: x=1"));
    }
}
