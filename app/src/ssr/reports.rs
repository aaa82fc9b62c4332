//! Who may read which report, and for which day.

use crate::error::AppError;
use chrono::NaiveDate;

/// A report's day: the one asked for (`YYYY-MM-DD`), or today in WIB.
pub fn parse_day(day: &str) -> Result<NaiveDate, AppError> {
    let day = day.trim();
    if day.is_empty() {
        return Ok(crate::ssr::clock::today_wib());
    }
    day.parse().map_err(|_| AppError::Invalid(crate::domain::notice::InputProblem::BadTime("day".into())))
}

/// Who may read which office's cash: tellers their own line at their office, supervisors their
/// office, administrators any office. Returns (office id, code, name, only this teller).
pub async fn cash_scope(db: &sqlx::AnyPool, staff: &crate::domain::staff::StaffMember, office: &str) -> Result<(i64, String, String, Option<i64>), AppError> {
    use crate::domain::staff::{Duty, Role};
    let code = match (office.trim(), &staff.office) {
        ("", Some(own)) => own.code.clone(),
        ("", None) => crate::ssr::db::offices::names(db).await?.into_iter().next().map(|(code, _)| code).ok_or(AppError::OfficeNotFound)?,
        (code, _) => code.to_string(),
    };
    let (id, code, name) = crate::ssr::db::notices::office_by_code(db, &code).await?.ok_or(AppError::OfficeNotFound)?;
    if staff.may(Duty::ReadOfficeReports { office_id: id }) {
        Ok((id, code, name, None))
    } else if staff.role == Role::Teller && staff.may(Duty::TakeCounterPayments { office_id: id }) {
        Ok((id, code, name, Some(staff.id)))
    } else {
        Err(AppError::Forbidden)
    }
}
