//! Complaints over plain HTTP: the filing form (multipart, for its photo), the photo itself for
//! whoever holds the private link or handles the complaint, and the monthly report as CSV.

use crate::http::{
    back_to_form, photo_response, photo_too_large, plain, read_photo_form, signed_in_staff, unreadable_form,
    FormProblem,
};
use app::domain::Period;
use app::error::AppError;
use app::ssr::complaints::{self, Filing};
use app::ssr::db::reports::csv_line;
use app::ssr::{clock, AppState, ClientIp};
use axum::extract::{Multipart, Path, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Extension;
use serde::Deserialize;

/// What the form's page fills in again when it comes back.
const ECHO: [&str; 8] = ["jenis", "no", "kantor", "nama", "hp", "periode", "uraian", "lokasi"];

/// `POST /pengaduan/kirim`: fields `jenis`, `no`, `kantor`, `nama`, `hp`, `periode`, `uraian`,
/// `lokasi`, `lat`, `lon` and the photo `foto`. Answers with the complaint's private page, or
/// the form again with the reason.
pub async fn file(State(state): State<AppState>, ip: Option<Extension<ClientIp>>, form: Multipart) -> Response {
    let mut form = match read_photo_form(form, "foto").await {
        Ok(form) => form,
        Err(FormProblem::TooLarge(partial)) => return back_to_form("/pengaduan", &photo_too_large(), &partial, &ECHO),
        Err(FormProblem::Unreadable) => return unreadable_form(),
    };
    let filing = Filing {
        category: form.text("jenis"),
        customer_number: form.text("no"),
        office: form.text("kantor"),
        name: form.text("nama"),
        phone: form.text("hp"),
        period: form.text("periode"),
        description: form.text("uraian"),
        location: form.text("lokasi"),
        latitude: form.text("lat"),
        longitude: form.text("lon"),
        photo: form.photo.take(),
    };
    let ip = ip.map(|Extension(ClientIp(ip))| ip);
    match complaints::file(&state, filing, ip, chrono::Utc::now()).await {
        Ok(token) => Redirect::to(&format!("/pengaduan/{token}?baru=1")).into_response(),
        Err(AppError::Internal) => {
            plain(StatusCode::INTERNAL_SERVER_ERROR, "Pengaduan belum tersimpan; coba kirim lagi.")
        }
        Err(e) => back_to_form("/pengaduan", &e, &form, &ECHO),
    }
}

/// `GET /pengaduan/{token}/foto`.
pub async fn photo_by_token(State(state): State<AppState>, Path(token): Path<String>) -> Response {
    photo_response(complaints::photo_by_token(&state.db, &token).await)
}

/// `GET /staf/pengaduan/{id}/foto`.
pub async fn photo_for_staff(State(state): State<AppState>, headers: HeaderMap, Path(id): Path<i64>) -> Response {
    match signed_in_staff(&state, &headers).await {
        Ok(session) => photo_response(complaints::photo_for_staff(&state.db, &session.staff, id).await),
        Err(refusal) => refusal,
    }
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
    let session = match signed_in_staff(&state, &headers).await {
        Ok(s) => s,
        Err(refusal) => return refusal,
    };
    let month: Period = match q.bulan.trim() {
        "" => Period::of(clock::today_wib()),
        typed => match typed.parse() {
            Ok(m) => m,
            Err(_) => return plain(StatusCode::BAD_REQUEST, "bulan: use YYYY-MM"),
        },
    };
    let office_id = match complaints::scope(&state.db, &session.staff, &q.kantor).await {
        Ok(o) => o,
        Err(e) => {
            let status = StatusCode::from_u16(e.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
            return plain(status, "not allowed");
        }
    };
    let lines = match complaints::month_lines(&state.db, office_id, month).await {
        Ok(l) => l,
        Err(_) => return plain(StatusCode::INTERNAL_SERVER_ERROR, "internal error"),
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
