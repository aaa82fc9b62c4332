//! Complaints: the customer's private link (and their answer once it is resolved), the staff
//! desk, a complaint's record and its steps, the deadlines and the monthly report. Filing, which
//! carries a photo, is a multipart route of the server's own.

use crate::error::AppError;
use leptos::prelude::*;

pub use crate::model::complaints::*;

#[server(endpoint = "complaints/follow")]
pub async fn follow_complaint(token: String) -> Result<ComplaintView, AppError> {
    super::answer::data(crate::ssr::complaints::follow(token)).await
}

#[server(endpoint = "complaints/confirm")]
pub async fn confirm_complaint(token: String) -> Result<String, AppError> {
    super::answer::form(crate::ssr::complaints::confirm(token), |t| format!("/pengaduan/{t}")).await
}

#[server(endpoint = "complaints/reopen")]
pub async fn reopen_complaint(token: String, reason: String) -> Result<String, AppError> {
    super::answer::form(crate::ssr::complaints::reopen(token, reason), |t| format!("/pengaduan/{t}")).await
}

#[server(endpoint = "staff/complaints/desk")]
pub async fn load_complaint_desk(
    #[server(default)] office: String,
    #[server(default)] stage: String,
) -> Result<ComplaintDesk, AppError> {
    super::answer::data(crate::ssr::complaints::desk(office, stage)).await
}

#[server(endpoint = "staff/complaints/record")]
pub async fn load_complaint_record(id: i64) -> Result<ComplaintRecord, AppError> {
    super::answer::data(crate::ssr::complaints::record(id)).await
}

#[server(endpoint = "staff/complaints/act")]
pub async fn act_on_complaint(
    csrf: String,
    id: i64,
    step: String,
    #[server(default)] note: String,
    #[server(default)] assignee: String,
) -> Result<(), AppError> {
    super::answer::form(crate::ssr::complaints::act(csrf, id, step, note, assignee), |_| {
        format!("/staf/pengaduan/{id}")
    })
    .await
}

#[server(endpoint = "staff/complaints/deadline")]
pub async fn set_complaint_deadline(
    csrf: String,
    category: String,
    unit: String,
    amount: String,
) -> Result<(), AppError> {
    super::answer::form(crate::ssr::complaints::set_deadline(csrf, category, unit, amount), |_| {
        "/staf/pengaduan?tenggat=1".into()
    })
    .await
}

#[server(endpoint = "staff/complaints/report")]
pub async fn load_complaint_report(
    #[server(default)] office: String,
    #[server(default)] month: String,
) -> Result<ComplaintReport, AppError> {
    super::answer::data(crate::ssr::complaints::report(office, month)).await
}
