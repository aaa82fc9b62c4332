//! The administrators' file upload: a multipart form post far larger than a server function's
//! body may be, answered with a redirect to the upload's page, or back to the form saying why.

use app::domain::staff::Duty;
use app::model::imports::ImportKind;
use app::ssr::auth::{check_csrf, session_from_headers};
use app::ssr::imports::jobs::{upload, MAX_FILE_BYTES};
use app::ssr::{AppState, ClientIp};
use axum::extract::{Multipart, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Extension;

/// What the upload route itself may take: the file and a few small fields.
pub const BODY_LIMIT: usize = MAX_FILE_BYTES + 64 * 1024;

fn back(code: &str) -> Response {
    Redirect::to(&format!("/staf/impor?galat={code}")).into_response()
}

fn plain(status: StatusCode, text: &'static str) -> Response {
    (status, [(header::CONTENT_TYPE, "text/plain; charset=utf-8")], text).into_response()
}

/// `POST /staf/impor/unggah`: fields `csrf`, `jenis` (customers, readings) and `berkas`.
pub async fn import_file(
    State(state): State<AppState>,
    headers: HeaderMap,
    ip: Option<Extension<ClientIp>>,
    mut form: Multipart,
) -> Response {
    let Ok(Some(session)) = session_from_headers(&state.db, &headers, chrono::Utc::now()).await else {
        // The import page asks them to sign in.
        return Redirect::to("/staf/impor").into_response();
    };
    if session.staff.must_change_password {
        return Redirect::to("/staf").into_response();
    }
    // Before a byte of the file is read.
    if !session.staff.may(Duty::Administer) {
        return plain(StatusCode::FORBIDDEN, "Hanya administrator yang dapat mengimpor berkas.");
    }
    let (mut csrf, mut kind, mut file) = (String::new(), String::new(), None);
    loop {
        let field = match form.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => break,
            Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => return back("besar"),
            Err(e) => {
                tracing::debug!(error = %e, "upload refused");
                return plain(StatusCode::BAD_REQUEST, "Unggahan tidak dapat dibaca; kirim formulirnya lagi.");
            }
        };
        let name = field.name().unwrap_or_default().to_string();
        let file_name = field.file_name().map(str::to_string);
        let bytes = match field.bytes().await {
            Ok(b) => b,
            Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => return back("besar"),
            Err(_) => return plain(StatusCode::BAD_REQUEST, "Unggahan tidak dapat dibaca; kirim formulirnya lagi."),
        };
        match name.as_str() {
            "csrf" => csrf = String::from_utf8_lossy(&bytes).into_owned(),
            "jenis" => kind = String::from_utf8_lossy(&bytes).into_owned(),
            "berkas" => file = Some((file_name.unwrap_or_else(|| "berkas".into()), bytes)),
            _ => {}
        }
    }
    if check_csrf(&session, &csrf, &headers).is_err() {
        return back("sesi");
    }
    let Ok(kind) = kind.parse::<ImportKind>() else {
        return back("jenis");
    };
    let Some((file_name, bytes)) = file.filter(|(_, b)| !b.is_empty()) else {
        return back("berkas");
    };
    if bytes.len() > MAX_FILE_BYTES {
        return back("besar");
    }
    match upload(&state.db, &session, ip.map(|Extension(ClientIp(ip))| ip), kind, &file_name, &bytes).await {
        Ok(id) => Redirect::to(&format!("/staf/impor/{id}")).into_response(),
        Err(e) => {
            tracing::error!(error = %e, "upload not stored");
            plain(StatusCode::INTERNAL_SERVER_ERROR, "Berkas tidak dapat disimpan; coba lagi.")
        }
    }
}
