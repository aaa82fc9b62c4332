//! Unit offices for administrators: add one, keep its details, hours and villages, and set up
//! its queue (services with their ticket letters, counters and what each calls). Every change is
//! in the audit log, written in the transaction that makes it; customers' office pages, notices
//! and the queue read the offices from the database, so a change shows at once everywhere.

use crate::domain::audit::AuditAction;
use crate::domain::notice::{text_field, InputProblem};
use crate::domain::office::{office_code, service_area, service_area_text, ticket_prefix, week_hours};
use crate::domain::staff::Duty;
use crate::error::AppError;
use crate::model::offices::*;
use crate::ssr::db::audit::By;
use crate::ssr::db::office_settings as q;
use crate::ssr::db::{self, offices, Serial};
use crate::ssr::{app_state, auth};
use sqlx::AnyConnection;

pub async fn desk() -> Result<OfficeDesk, AppError> {
    let state = app_state()?;
    let session = auth::authorize_read(Duty::Administer).await?;
    Ok(OfficeDesk { offices: q::summaries(&state.db).await?, csrf: session.csrf })
}

pub async fn settings(code: &str) -> Result<OfficeSettings, AppError> {
    let state = app_state()?;
    let session = auth::authorize_read(Duty::Administer).await?;
    let office = crate::ssr::offices::by_code(code).await?;
    let id = offices::office_id(&state.db, &office.code).await?.ok_or(AppError::OfficeNotFound)?;
    let areas = crate::ssr::db::offices::service_area(&state.db, id).await?;
    Ok(OfficeSettings {
        areas: service_area_text(&areas),
        services: q::services(&state.db, id).await?,
        counters: q::counters(&state.db, id).await?,
        office,
        csrf: session.csrf,
    })
}

/// Adds an office by its code and name, with the queue's default services and counters.
/// Returns its code.
pub async fn add(csrf: &str, code: &str, name: &str) -> Result<String, AppError> {
    let state = app_state()?;
    let code = office_code(code)?;
    let name = text_field("name", name, 80, true, true)?;
    let (session, ip) = auth::authorize_action(csrf, Duty::Administer).await?;
    let by = By { actor: Some(&session.staff), name: &session.staff.username, ip };
    // Under the queue's lock, as the queue sets offices up: two adds of one code cannot cross.
    let mut tx = db::begin_serial(&state.db, Serial::Queue).await?;
    let id = q::add(&mut tx, &code, &name).await?.ok_or_else(|| InputProblem::OfficeTaken(code.clone()))?;
    by.record(&mut tx, AuditAction::OfficeAdded, &code, &name).await?;
    tx.commit().await?;
    crate::ssr::db::queue::ensure_setup(&state.db, id).await?;
    Ok(code)
}

/// Runs `change` on the office in one transaction with its audit entry (`detail` says what
/// changed). Returns the office's code, for the page to go back to.
async fn change<F>(csrf: &str, code: &str, action: AuditAction, detail: String, change: F) -> Result<String, AppError>
where
    F: for<'c> FnOnce(
        &'c mut AnyConnection,
        i64,
    ) -> std::pin::Pin<Box<dyn std::future::Future<Output = Result<(), AppError>> + Send + 'c>>,
{
    let state = app_state()?;
    let (session, ip) = auth::authorize_action(csrf, Duty::Administer).await?;
    let by = By { actor: Some(&session.staff), name: &session.staff.username, ip };
    // The queue's lock: counters are numbered and services lettered in the transaction.
    let mut tx = db::begin_serial(&state.db, Serial::Queue).await?;
    let id = crate::ssr::db::offices::office_id(&mut *tx, code).await?.ok_or(AppError::OfficeNotFound)?;
    change(&mut tx, id).await?;
    by.record(&mut tx, action, code, &detail).await?;
    tx.commit().await?;
    Ok(code.to_string())
}

pub async fn save_details(csrf: &str, code: &str, form: OfficeForm) -> Result<String, AppError> {
    let form = OfficeForm {
        name: text_field("name", &form.name, 80, true, true)?,
        address: text_field("address", &form.address, 200, true, true)?,
        phone: text_field("office_phone", &form.phone, 40, true, true)?,
        hours_note: text_field("hours_note", &form.hours_note, 200, false, true)?,
        hours_note_en: text_field("hours_note_en", &form.hours_note_en, 200, false, true)?,
    };
    let detail = format!("{} · {} · {}", form.name, form.address, form.phone);
    change(csrf, code, AuditAction::OfficeChanged, detail, move |conn, id| {
        Box::pin(async move { Ok(q::set_details(conn, id, &form).await?) })
    })
    .await
}

pub async fn save_hours(csrf: &str, code: &str, week: WeekForm) -> Result<String, AppError> {
    let typed: Vec<(String, String)> = week.days.into_iter().map(|d| (d.opens, d.closes)).collect();
    let hours = week_hours(&typed)?;
    let detail = hours
        .days
        .iter()
        .map(|d| format!("{} {}-{}", d.weekday, d.opens.format("%H:%M"), d.closes.format("%H:%M")))
        .collect::<Vec<_>>()
        .join(", ");
    change(csrf, code, AuditAction::OfficeHoursChanged, detail, move |conn, id| {
        Box::pin(async move { Ok(q::set_hours(conn, id, &hours).await?) })
    })
    .await
}

pub async fn save_areas(csrf: &str, code: &str, text: &str) -> Result<String, AppError> {
    let areas = service_area(text)?;
    let detail = service_area_text(&areas).replace('\n', "; ");
    change(csrf, code, AuditAction::OfficeAreaChanged, detail, move |conn, id| {
        Box::pin(async move { Ok(q::set_areas(conn, id, &areas).await?) })
    })
    .await
}

/// Adds a queue service (no id) or changes one: its ticket letter, names, and whether it takes
/// tickets.
pub async fn save_service(csrf: &str, code: &str, form: ServiceForm) -> Result<String, AppError> {
    let prefix = ticket_prefix(&form.prefix)?;
    let name_id = text_field("name_id", &form.name_id, 60, true, true)?;
    let name_en = text_field("name_en", &form.name_en, 60, false, true)?;
    let active = form.active.is_some();
    let detail = format!("{prefix} {name_id} / {name_en}{}", if active { "" } else { " (off)" });
    change(csrf, code, AuditAction::QueueServiceSaved, detail, move |conn, office| {
        Box::pin(async move {
            if q::prefix_holder(conn, office, &prefix, form.id).await?.is_some() {
                return Err(InputProblem::PrefixTaken(prefix).into());
            }
            let row = q::ServiceRow { prefix: &prefix, name_id: &name_id, name_en: &name_en, active };
            match form.id {
                None => {
                    q::add_service(conn, office, &row).await?;
                }
                Some(id) => {
                    if !q::set_service(conn, office, id, &row).await? {
                        return Err(InputProblem::UnknownChoice("service".into()).into());
                    }
                }
            }
            Ok(())
        })
    })
    .await
}

pub async fn add_counter(csrf: &str, code: &str) -> Result<String, AppError> {
    change(csrf, code, AuditAction::CounterSaved, "new counter".into(), move |conn, office| {
        Box::pin(async move {
            q::add_counter(conn, office).await?;
            Ok(())
        })
    })
    .await
}

pub async fn save_counter(csrf: &str, code: &str, form: CounterForm) -> Result<String, AppError> {
    let mut serves = form.serves;
    serves.sort_unstable();
    serves.dedup();
    let detail = format!("{}: {serves:?}", form.number);
    change(csrf, code, AuditAction::CounterSaved, detail, move |conn, office| {
        Box::pin(async move {
            if !q::set_counter_services(conn, office, form.number, &serves).await? {
                return Err(InputProblem::UnknownChoice("counter".into()).into());
            }
            Ok(())
        })
    })
    .await
}
