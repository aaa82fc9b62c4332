//! Complaints over plain HTTP: the filing form (multipart, for its photo), the photo itself for
//! whoever holds the private link or handles the complaint, and the monthly report as CSV.

use app::domain::Period;
use app::error::AppError;
use app::model::complaints::filing_error_code;
use app::ssr::auth::session_from_headers;
use app::ssr::complaints::{self, Filing};
use app::ssr::db::reports::csv_line;
use app::ssr::photo::MAX_UPLOAD_BYTES;
use app::ssr::{clock, AppState, ClientIp};
use axum::extract::{Multipart, Path, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Extension;
use serde::Deserialize;

/// The photo and the form's few fields.
pub const BODY_LIMIT: usize = MAX_UPLOAD_BYTES + 64 * 1024;

/// Back to the form, saying why, with everything typed (the photo must be chosen again).
fn back(error: &AppError, filing: &Filing) -> Response {
    let fields = [
        ("galat", filing_error_code(error)),
        ("jenis", filing.category.clone()),
        ("no", filing.customer_number.clone()),
        ("kantor", filing.office.clone()),
        ("nama", filing.name.clone()),
        ("hp", filing.phone.clone()),
        ("periode", filing.period.clone()),
        ("uraian", filing.description.clone()),
        ("lokasi", filing.location.clone()),
        ("foto", if filing.photo.as_ref().is_some_and(|p| !p.is_empty()) { "1".into() } else { String::new() }),
    ];
    let query = fields
        .iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(k, v)| format!("{k}={}", urlencode(v)))
        .collect::<Vec<_>>()
        .join("&");
    Redirect::to(&format!("/pengaduan?{query}")).into_response()
}

fn urlencode(v: &str) -> String {
    v.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// `POST /pengaduan/kirim`: fields `jenis`, `no`, `kantor`, `nama`, `hp`, `periode`, `uraian`,
/// `lokasi`, `lat`, `lon` and the photo `foto`. Answers with the complaint's private page, or
/// the form again with the reason.
pub async fn file(State(state): State<AppState>, ip: Option<Extension<ClientIp>>, mut form: Multipart) -> Response {
    let mut filing = Filing::default();
    loop {
        let field = match form.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => break,
            Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                return back(&too_large(), &filing);
            }
            Err(e) => {
                tracing::debug!(error = %e, "complaint form unreadable");
                return unreadable();
            }
        };
        let name = field.name().unwrap_or_default().to_string();
        let bytes = match field.bytes().await {
            Ok(b) => b,
            Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => return back(&too_large(), &filing),
            Err(_) => return unreadable(),
        };
        let text = || String::from_utf8_lossy(&bytes).into_owned();
        match name.as_str() {
            "jenis" => filing.category = text(),
            "no" => filing.customer_number = text(),
            "kantor" => filing.office = text(),
            "nama" => filing.name = text(),
            "hp" => filing.phone = text(),
            "periode" => filing.period = text(),
            "uraian" => filing.description = text(),
            "lokasi" => filing.location = text(),
            "lat" => filing.latitude = text(),
            "lon" => filing.longitude = text(),
            "foto" => filing.photo = Some(bytes.to_vec()),
            _ => {}
        }
    }
    let ip = ip.map(|Extension(ClientIp(ip))| ip);
    match complaints::file(&state, filing.clone(), ip, chrono::Utc::now()).await {
        Ok(token) => Redirect::to(&format!("/pengaduan/{token}?baru=1")).into_response(),
        Err(AppError::Internal) => {
            (StatusCode::INTERNAL_SERVER_ERROR, plain("Pengaduan belum tersimpan; coba kirim lagi.")).into_response()
        }
        Err(e) => back(&e, &filing),
    }
}

fn too_large() -> AppError {
    AppError::Invalid(app::domain::notice::InputProblem::Photo(app::domain::complaint::PhotoProblem::TooLarge(
        app::ssr::photo::MAX_UPLOAD_MB,
    )))
}

fn plain(text: &'static str) -> ([(header::HeaderName, &'static str); 1], &'static str) {
    ([(header::CONTENT_TYPE, "text/plain; charset=utf-8")], text)
}

fn unreadable() -> Response {
    (StatusCode::BAD_REQUEST, plain("Formulir tidak dapat dibaca; kirim lagi.")).into_response()
}

fn photo_response(result: Result<app::ssr::db::complaints::PhotoRow, AppError>) -> Response {
    match result {
        Ok(photo) => {
            let mut r = (StatusCode::OK, photo.bytes).into_response();
            let h = r.headers_mut();
            if let Ok(v) = HeaderValue::from_str(&photo.content_type) {
                h.insert(header::CONTENT_TYPE, v);
            }
            // Whoever holds the link may see it; no shared cache should keep it.
            h.insert(header::CACHE_CONTROL, HeaderValue::from_static("private, max-age=3600"));
            r
        }
        Err(e) => {
            let status = StatusCode::from_u16(e.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
            (status, plain("Foto tidak ditemukan.")).into_response()
        }
    }
}

/// `GET /pengaduan/{token}/foto`.
pub async fn photo_by_token(State(state): State<AppState>, Path(token): Path<String>) -> Response {
    photo_response(complaints::photo_by_token(&state.db, &token).await)
}

/// `GET /staf/pengaduan/{id}/foto`.
pub async fn photo_for_staff(State(state): State<AppState>, headers: HeaderMap, Path(id): Path<i64>) -> Response {
    let Ok(Some(session)) = session_from_headers(&state.db, &headers, chrono::Utc::now()).await else {
        return (StatusCode::UNAUTHORIZED, plain("Masuk sebagai petugas dahulu.")).into_response();
    };
    photo_response(complaints::photo_for_staff(&state.db, &session.staff, id).await)
}

#[derive(Deserialize)]
pub struct ReportQuery {
    #[serde(default)]
    bulan: String,
    #[serde(default)]
    kantor: String,
}

/// `GET /staf/pengaduan/laporan.csv?bulan=YYYY-MM&kantor=`: the monthly report's lines.
pub async fn report_csv(
    State(state): State<AppState>,
    headers: HeaderMap,
    crate::routes::Params(q): crate::routes::Params<ReportQuery>,
) -> Response {
    let Ok(Some(session)) = session_from_headers(&state.db, &headers, chrono::Utc::now()).await else {
        return (StatusCode::UNAUTHORIZED, plain("sign in first")).into_response();
    };
    if session.staff.must_change_password {
        return (StatusCode::FORBIDDEN, plain("change your password first")).into_response();
    }
    let month: Period = match q.bulan.trim() {
        "" => Period::of(clock::today_wib()),
        typed => match typed.parse() {
            Ok(m) => m,
            Err(_) => return (StatusCode::BAD_REQUEST, plain("bulan: use YYYY-MM")).into_response(),
        },
    };
    let office_id = match complaints::scope(&state.db, &session.staff, &q.kantor).await {
        Ok(o) => o,
        Err(e) => {
            let status = StatusCode::from_u16(e.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
            return (status, plain("not allowed")).into_response();
        }
    };
    let lines = match complaints::month_lines(&state.db, office_id, month).await {
        Ok(l) => l,
        Err(_) => return (StatusCode::INTERNAL_SERVER_ERROR, plain("internal error")).into_response(),
    };
    let office = session.staff.office.as_ref().map(|o| o.code.clone()).unwrap_or_else(|| q.kantor.trim().to_string());
    let mut body = csv_line(&[
        "bulan",
        "kantor",
        "jenis",
        "diterima",
        "selesai",
        "selesai_tepat_waktu",
        "persen_tepat_waktu",
        "median_jam",
    ]);
    for line in lines {
        let percent = line.within_permille.map(|p| format!("{}.{}", p / 10, p % 10)).unwrap_or_default();
        let median = line.median_minutes.map(|m| format!("{:.1}", m as f64 / 60.0)).unwrap_or_default();
        body.push_str(&csv_line(&[
            &month.to_string(),
            &office,
            line.category.map(|c| c.as_str()).unwrap_or("semua"),
            &line.received.to_string(),
            &line.resolved.to_string(),
            &line.within_deadline.to_string(),
            &percent,
            &median,
        ]));
    }
    let mut r = (StatusCode::OK, body).into_response();
    let h = r.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/csv; charset=utf-8"));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    let file = match office.is_empty() {
        true => format!("pengaduan-{month}.csv"),
        false => format!("pengaduan-{month}-{office}.csv"),
    };
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{file}\"")) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    r
}
