//! What the plain-HTTP routes (files, photos, exports) share: a refusal in plain text, and the
//! member of staff a route is for.

use app::ssr::auth::{session_from_headers, Session};
use app::ssr::AppState;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};

/// A refusal a person reads: plain text, never a page's shell.
pub fn plain(status: StatusCode, text: impl Into<String>) -> Response {
    (status, [(header::CONTENT_TYPE, "text/plain; charset=utf-8")], text.into()).into_response()
}

/// The signed-in member of staff, who has set their own password (until then, a staff route
/// answers nothing but the page that asks for it).
pub async fn signed_in_staff(state: &AppState, headers: &HeaderMap) -> Result<Session, Response> {
    match session_from_headers(&state.db, headers, chrono::Utc::now()).await {
        Ok(Some(session)) if session.staff.must_change_password => {
            Err(plain(StatusCode::FORBIDDEN, "Ganti kata sandi dahulu (change your password first)."))
        }
        Ok(Some(session)) => Ok(session),
        Ok(None) => Err(plain(StatusCode::UNAUTHORIZED, "Masuk sebagai petugas dahulu (sign in first).")),
        Err(e) => {
            tracing::error!(error = %e, "session lookup failed");
            Err(plain(StatusCode::SERVICE_UNAVAILABLE, "Coba lagi sebentar (try again shortly)."))
        }
    }
}

/// A customer's form that carries a photo: the photo and a few fields.
pub const PHOTO_FORM_LIMIT: usize = app::ssr::photo::MAX_UPLOAD_BYTES + 64 * 1024;

/// A customer's form that carries a photo, as it arrived: its text fields and the photo
/// (`photo_field`), or why it could not be read whole.
#[derive(Default)]
pub struct PhotoForm {
    pub fields: std::collections::HashMap<String, String>,
    pub photo: Option<Vec<u8>>,
    /// A photo came with it (still true once `photo` is taken to be checked).
    pub photo_sent: bool,
}

impl PhotoForm {
    /// A text field as typed (empty when absent).
    pub fn text(&self, name: &str) -> String {
        self.fields.get(name).cloned().unwrap_or_default()
    }
}

pub enum FormProblem {
    /// Over the route's body limit: the photo was too large (what was read before it is kept).
    TooLarge(PhotoForm),
    Unreadable,
}

/// Reads a multipart form with one photo field.
pub async fn read_photo_form(mut form: axum::extract::Multipart, photo_field: &str) -> Result<PhotoForm, FormProblem> {
    let mut read = PhotoForm::default();
    loop {
        let field = match form.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => return Ok(read),
            Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => return Err(FormProblem::TooLarge(read)),
            Err(e) => {
                tracing::debug!(error = %e, "form unreadable");
                return Err(FormProblem::Unreadable);
            }
        };
        let name = field.name().unwrap_or_default().to_string();
        let bytes = match field.bytes().await {
            Ok(b) => b,
            Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => return Err(FormProblem::TooLarge(read)),
            Err(_) => return Err(FormProblem::Unreadable),
        };
        if name == photo_field {
            read.photo_sent = !bytes.is_empty();
            read.photo = Some(bytes.to_vec());
        } else {
            read.fields.insert(name, String::from_utf8_lossy(&bytes).into_owned());
        }
    }
}

/// The error a photo over the limit is.
pub fn photo_too_large() -> app::error::AppError {
    app::error::AppError::Invalid(app::domain::notice::InputProblem::Photo(
        app::domain::complaint::PhotoProblem::TooLarge(app::ssr::photo::MAX_UPLOAD_MB),
    ))
}

pub fn unreadable_form() -> Response {
    plain(StatusCode::BAD_REQUEST, "Formulir tidak dapat dibaca; kirim lagi.")
}

/// Back to a form's page, saying why (a code its page reads, `galat`), with what was typed in
/// `echo` fields (never a password; the photo must be chosen again, and `foto=1` says so).
pub fn back_to_form(path: &str, error: &app::error::AppError, form: &PhotoForm, echo: &[&str]) -> Response {
    let mut query = vec![format!("galat={}", urlencode(&app::model::form_errors::form_error_code(error)))];
    for name in echo {
        let typed = form.text(name);
        if !typed.is_empty() {
            query.push(format!("{name}={}", urlencode(&typed)));
        }
    }
    if form.photo_sent {
        query.push("foto=1".into());
    }
    axum::response::Redirect::to(&format!("{path}?{}", query.join("&"))).into_response()
}

fn urlencode(v: &str) -> String {
    v.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// A customer's photo, to whoever may see it: never kept by a cache (a shared phone, a staff
/// desk).
pub fn photo_response(result: Result<app::ssr::db::photos::PhotoRow, app::error::AppError>) -> Response {
    match result {
        Ok(photo) => {
            let mut r = (StatusCode::OK, photo.bytes).into_response();
            let h = r.headers_mut();
            if let Ok(v) = axum::http::HeaderValue::from_str(&photo.content_type) {
                h.insert(header::CONTENT_TYPE, v);
            }
            h.insert(header::CACHE_CONTROL, axum::http::HeaderValue::from_static("no-store"));
            r
        }
        Err(e) => {
            let status = StatusCode::from_u16(e.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
            plain(status, "Foto tidak ditemukan (photo not found).")
        }
    }
}
