//! Self meter reading over plain HTTP: the form that sends a figure with its photo (multipart),
//! and the photo, to the customer who holds the private link and to the staff who review it.

use crate::http::{
    back_to_form, photo_response, photo_too_large, plain, read_photo_form, signed_in_staff, unreadable_form,
    FormProblem,
};
use app::error::AppError;
use app::ssr::self_readings::{self, Sending};
use app::ssr::{clock, AppState, ClientIp};
use axum::extract::{Multipart, Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Extension;

/// The form's page, filled in again when it comes back (never the photo).
const ECHO: [&str; 3] = ["no", "hp", "angka"];
const FORM: &str = "/baca-meter";

/// `POST /baca-meter/kirim`: fields `no`, `hp`, `angka`, `lat`, `lon` and the photo `foto`.
/// Answers with the figure's private page (which asks for a confirmation when the figure is
/// odd), or the form again with the reason.
pub async fn send(State(state): State<AppState>, ip: Option<Extension<ClientIp>>, form: Multipart) -> Response {
    let mut form = match read_photo_form(form, "foto").await {
        Ok(form) => form,
        Err(FormProblem::TooLarge(partial)) => return back_to_form(FORM, &photo_too_large(), &partial, &ECHO),
        Err(FormProblem::Unreadable) => return unreadable_form(),
    };
    let sending = Sending {
        customer_number: form.text("no"),
        phone: form.text("hp"),
        stand: form.text("angka"),
        latitude: form.text("lat"),
        longitude: form.text("lon"),
        photo: form.photo.take(),
    };
    let ip = ip.map(|Extension(ClientIp(ip))| ip);
    match self_readings::send(&state, sending, ip, clock::today_wib(), chrono::Utc::now()).await {
        Ok(token) => Redirect::to(&format!("{FORM}/{token}?baru=1")).into_response(),
        Err(AppError::Internal) => {
            plain(StatusCode::INTERNAL_SERVER_ERROR, "Angka meter belum tersimpan; coba kirim lagi.")
        }
        Err(e) => back_to_form(FORM, &e, &form, &ECHO),
    }
}

/// `GET /baca-meter/{token}/foto`.
pub async fn photo_by_token(State(state): State<AppState>, Path(token): Path<String>) -> Response {
    photo_response(self_readings::photo_by_token(&state.db, &token).await)
}

/// `GET /staf/baca-meter/{id}/foto`.
pub async fn photo_for_staff(State(state): State<AppState>, headers: HeaderMap, Path(id): Path<i64>) -> Response {
    match signed_in_staff(&state, &headers).await {
        Ok(session) => photo_response(self_readings::photo_for_staff(&state.db, &session.staff, id).await),
        Err(refusal) => refusal,
    }
}
