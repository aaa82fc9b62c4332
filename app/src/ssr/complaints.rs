//! Complaints: filing (with its checks, its photo and its limits), the customer's private link,
//! the staff desk and the steps staff take, the deadlines, the monthly report and the closing of
//! what nobody confirmed. The server functions in `api::complaints` and the filing route are
//! thin doors onto these.

use crate::domain::audit::AuditAction;
use crate::domain::complaint::{
    self as rules, Actor, Category, Deadline, Outcome, Stage, Step, DESCRIPTION_MAX, DESCRIPTION_MIN, LOCATION_MAX,
    NAME_MAX, NOTE_MAX,
};
use crate::domain::notice::{text_field, InputProblem};
use crate::domain::staff::{Duty, StaffMember};
use crate::domain::{CustomerNumber, Period};
use crate::error::AppError;
use crate::model::complaints::{
    ComplaintDesk, ComplaintEvent, ComplaintRecord, ComplaintReport, ComplaintView, DeskLine,
};
use crate::ssr::auth::{authorize_action, authorize_read, current_session};
use crate::ssr::db::audit::Action;
use crate::ssr::db::complaints::{self as q, ComplaintRow, Move, NewComplaint, NewEvent};
use crate::ssr::db::{self, customers, offices};
use crate::ssr::{app_state, clock, AppState};
use chrono::{DateTime, Duration, NaiveDateTime, TimeZone, Utc};
use std::net::IpAddr;

/// A complaint as the form sent it, every field as typed.
#[derive(Clone, Debug, Default)]
pub struct Filing {
    pub category: String,
    pub customer_number: String,
    pub office: String,
    pub name: String,
    pub phone: String,
    pub period: String,
    pub description: String,
    pub location: String,
    pub latitude: String,
    pub longitude: String,
    pub photo: Option<Vec<u8>>,
}

/// More than this many complaints from one phone number in a day is refused (a real emergency
/// is one complaint; the rest is noise or abuse).
pub const PER_PHONE_PER_DAY: i64 = 5;

fn wib(t: DateTime<Utc>) -> NaiveDateTime {
    t.with_timezone(&clock::wib()).naive_local()
}

fn utc(t: NaiveDateTime) -> DateTime<Utc> {
    clock::wib()
        .from_local_datetime(&t)
        .single()
        .map(|t| t.with_timezone(&Utc))
        .unwrap_or_else(|| Utc.from_utc_datetime(&t))
}

/// Files a complaint; its private link's token.
pub async fn file(
    state: &AppState,
    filing: Filing,
    ip: Option<IpAddr>,
    now: DateTime<Utc>,
) -> Result<String, AppError> {
    if let Some(ip) = ip {
        state
            .lookups
            .check(ip)
            .map_err(|wait| AppError::TooManyRequests { retry_after_secs: wait.as_secs().max(1) })?;
    }
    let category: Category =
        filing.category.trim().parse().map_err(|_| InputProblem::UnknownChoice("category".into()))?;
    let customer = match filing.customer_number.trim() {
        "" => None,
        typed => {
            let number = CustomerNumber::parse(typed).map_err(AppError::InvalidCustomerNumber)?;
            Some(customers::detail(&state.db, number.as_str()).await?.ok_or(AppError::CustomerNotFound)?)
        }
    };
    if customer.is_none() && !category.open_to_anyone() {
        return Err(InputProblem::Required("customer_number".into()).into());
    }
    let office_id = match &customer {
        Some(c) => c.office_id,
        None => match filing.office.trim() {
            "" => return Err(InputProblem::Required("office".into()).into()),
            code => offices::office_id(&state.db, code).await?.ok_or(AppError::OfficeNotFound)?,
        },
    };
    let name = text_field("name", &filing.name, NAME_MAX, true, true)?;
    let phone = crate::ssr::queue::normalise_phone(&filing.phone).ok_or(InputProblem::BadPhone("phone".into()))?;
    let bill_period = match (category, filing.period.trim(), &customer) {
        (Category::BillDispute, typed, Some(c)) if !typed.is_empty() => {
            let period: Period = typed.parse().map_err(|_| InputProblem::BadPeriod("period".into()))?;
            let billed = customers::bills(&state.db, c.id, 36).await?;
            if !billed.iter().any(|b| b.period == period.to_string()) {
                return Err(AppError::BillNotFound);
            }
            Some(period.to_string())
        }
        _ => None,
    };
    let description = text_field("description", &filing.description, DESCRIPTION_MAX, true, false)?;
    if description.chars().count() < DESCRIPTION_MIN {
        return Err(InputProblem::TooShort { field: "description".into(), min: DESCRIPTION_MIN }.into());
    }
    let location = text_field("location", &filing.location, LOCATION_MAX, false, false)?;
    let coordinates = crate::domain::notice::coordinates(&filing.latitude, &filing.longitude)?;
    // The cheap refusal before the dear one: a flood from one phone decodes no photos.
    if q::filed_by_phone_since(&mut *state.db.acquire().await?, &phone, now - Duration::days(1)).await?
        >= PER_PHONE_PER_DAY
    {
        return Err(AppError::TooManyRequests { retry_after_secs: 3600 });
    }
    let photo = match filing.photo.filter(|b| !b.is_empty()) {
        Some(bytes) => Some(crate::ssr::photo::prepare_off_thread(bytes).await?.map_err(InputProblem::Photo)?),
        None => None,
    };
    let deadline = q::deadline(&state.db, category).await?;
    let due_at = utc(deadline.due(wib(now), &state.rules.get().due.holidays));
    let phone_on_file = customer
        .as_ref()
        .and_then(|c| c.phone.as_deref())
        .and_then(crate::ssr::queue::normalise_phone)
        .is_some_and(|on_file| on_file == phone);
    let token = crate::ssr::random::random_hex(20).to_lowercase();
    let mut tx = db::begin_write(&state.db).await?;
    // Counted again in the transaction that writes it: the count the limit sees is current.
    if q::filed_by_phone_since(&mut tx, &phone, now - Duration::days(1)).await? >= PER_PHONE_PER_DAY {
        return Err(AppError::TooManyRequests { retry_after_secs: 3600 });
    }
    let id = q::insert(
        &mut tx,
        &NewComplaint {
            token: &token,
            office_id,
            category,
            customer_id: customer.as_ref().map(|c| c.id),
            bill_period,
            reporter_name: &name,
            phone: &phone,
            phone_on_file,
            description: &description,
            location: &location,
            coordinates,
            received_at: now,
            due_at,
        },
    )
    .await?;
    if let Some(photo) = &photo {
        q::add_photo(&mut tx, id, photo).await?;
    }
    tx.commit().await?;
    tracing::info!(complaint = id, category = category.as_str(), "complaint filed");
    Ok(token)
}

fn event(row: q::EventRow, staff: bool) -> Option<ComplaintEvent> {
    let step: Step = row.step.parse().ok()?;
    if step == Step::Note && !staff {
        return None;
    }
    // The customer reads only the words written for them: a resolution, a rejection, their own.
    let for_customer = matches!(step, Step::Resolve | Step::Reject | Step::Reopen);
    Some(ComplaintEvent {
        at: row.at.wib(),
        step,
        stage: row.stage.parse().ok()?,
        note: if staff || for_customer { row.note } else { String::new() },
        by: row.staff_name.filter(|_| staff),
        assignee: row.assignee_name.filter(|_| staff),
    })
}

fn stage_of(row: &ComplaintRow) -> Result<Stage, AppError> {
    row.stage.parse().map_err(|e: String| {
        tracing::error!(complaint = row.id, error = %e, "complaint with an unreadable stage");
        AppError::Internal
    })
}

fn category_of(row: &ComplaintRow) -> Result<Category, AppError> {
    row.category.parse().map_err(|e: String| {
        tracing::error!(complaint = row.id, error = %e, "complaint with an unreadable category");
        AppError::Internal
    })
}

async fn view(db: &sqlx::AnyPool, row: &ComplaintRow, staff: bool) -> Result<ComplaintView, AppError> {
    let stage = stage_of(row)?;
    let events = q::events(db, row.id).await?.into_iter().filter_map(|e| event(e, staff)).collect();
    Ok(ComplaintView {
        number: rules::ticket_number(row.id),
        token: if staff { String::new() } else { row.token.clone() },
        category: category_of(row)?,
        stage,
        office_name: row.office_name.clone(),
        customer_number: row.customer_number.clone(),
        bill_period: row.bill_period.as_deref().and_then(|p| p.parse().ok()),
        description: row.description.clone(),
        location: row.location.clone(),
        received_at: row.received_at.wib(),
        due_at: row.due_at.wib(),
        closes_at: (stage == Stage::Resolved)
            .then(|| row.answered_at.map(|t| rules::closes_by_itself_at(t.wib())))
            .flatten(),
        has_photo: row.has_photo != 0,
        events,
    })
}

async fn by_token(db: &sqlx::AnyPool, token: &str) -> Result<ComplaintRow, AppError> {
    let token = token.trim();
    if token.is_empty() || token.len() > 64 {
        return Err(AppError::ComplaintNotFound);
    }
    q::by_token(db, token).await?.ok_or(AppError::ComplaintNotFound)
}

/// The customer's page, by the private link.
pub async fn follow(token: String) -> Result<ComplaintView, AppError> {
    let state = app_state()?;
    let row = by_token(&state.db, &token).await?;
    view(&state.db, &row, false).await
}

/// The photo, to whoever holds the private link.
pub async fn photo_by_token(db: &sqlx::AnyPool, token: &str) -> Result<crate::ssr::db::photos::PhotoRow, AppError> {
    let row = by_token(db, token).await?;
    q::photo(db, row.id).await?.ok_or(AppError::ComplaintNotFound)
}

/// The photo, to staff who may handle the complaint.
pub async fn photo_for_staff(
    db: &sqlx::AnyPool,
    staff: &StaffMember,
    id: i64,
) -> Result<crate::ssr::db::photos::PhotoRow, AppError> {
    let row = q::by_id(db, id).await?.ok_or(AppError::ComplaintNotFound)?;
    if !staff.may(Duty::HandleComplaints { office_id: row.office_id }) {
        return Err(AppError::Forbidden);
    }
    q::photo(db, id).await?.ok_or(AppError::ComplaintNotFound)
}

/// Takes a step and records it, all in one transaction; the stage it reached. Refused when the
/// complaint moved meanwhile (another member of staff, or the customer, was first).
async fn take_step(
    state: &AppState,
    row: &ComplaintRow,
    step: Step,
    note: &str,
    by: Option<(&StaffMember, Option<IpAddr>)>,
    assignee: Option<(i64, String)>,
    now: DateTime<Utc>,
) -> Result<Stage, AppError> {
    let from = stage_of(row)?;
    let to = step.from(from).map_err(AppError::ComplaintStepRefused)?;
    let mut tx = db::begin_write(&state.db).await?;
    // A note moves nothing, but is guarded alike: it must not land on a complaint just closed.
    let moved = q::move_stage(
        &mut tx,
        &Move { id: row.id, from, to, assigned_to: assignee.as_ref().map(|(id, _)| *id), at: now },
    )
    .await?;
    if !moved {
        return Err(AppError::ComplaintStepRefused(rules::StepRefused { step, from }));
    }
    q::add_event(
        &mut tx,
        &NewEvent {
            complaint_id: row.id,
            at: now,
            step,
            stage: to,
            note,
            staff_id: by.map(|(s, _)| s.id),
            assignee_id: assignee.as_ref().map(|(id, _)| *id),
        },
    )
    .await?;
    if let Some((staff, ip)) = by {
        let to_whom = assignee.map(|(_, name)| format!(" → {name}")).unwrap_or_default();
        Action {
            actor: staff,
            action: AuditAction::ComplaintMoved,
            subject: format!("complaint {}", rules::ticket_number(row.id)),
            detail: format!("{}: {} -> {}{to_whom}", step.as_str(), from.as_str(), to.as_str()),
            ip,
        }
        .record(&mut tx)
        .await?;
    }
    tx.commit().await?;
    Ok(to)
}

/// The customer says the problem is solved.
pub async fn confirm(token: String) -> Result<String, AppError> {
    let state = app_state()?;
    let row = by_token(&state.db, &token).await?;
    take_step(&state, &row, Step::Confirm, "", None, None, Utc::now()).await?;
    Ok(row.token)
}

/// The customer says the problem is still there: back to work, with their words.
pub async fn reopen(token: String, reason: String) -> Result<String, AppError> {
    let state = app_state()?;
    let row = by_token(&state.db, &token).await?;
    let reason = text_field("reason", &reason, NOTE_MAX, true, false)?;
    take_step(&state, &row, Step::Reopen, &reason, None, None, Utc::now()).await?;
    Ok(row.token)
}

/// What a member of staff may do to a complaint in this stage.
fn steps_for(staff: &StaffMember, office_id: i64, stage: Stage) -> Vec<Step> {
    Step::ALL
        .into_iter()
        .filter(|s| s.actor() == Actor::Staff && s.from(stage).is_ok())
        .filter(|s| staff.may(duty_for(*s, office_id)))
        .collect()
}

/// Who may take a step: choosing who works on a complaint, or turning it away, is a
/// supervisor's; the rest is any of the office's staff.
fn duty_for(step: Step, office_id: i64) -> Duty {
    match step {
        Step::Assign | Step::Reject => Duty::AssignComplaints { office_id },
        _ => Duty::HandleComplaints { office_id },
    }
}

/// A staff step on the desk.
pub async fn act(csrf: String, id: i64, step: String, note: String, assignee: String) -> Result<(), AppError> {
    let state = app_state()?;
    let row = q::by_id(&state.db, id).await?.ok_or(AppError::ComplaintNotFound)?;
    let step: Step = step.trim().parse().map_err(|_| InputProblem::UnknownChoice("step".into()))?;
    if step.actor() != Actor::Staff {
        return Err(InputProblem::UnknownChoice("step".into()).into());
    }
    let (session, ip) = authorize_action(&csrf, duty_for(step, row.office_id)).await?;
    let note = text_field("note", &note, NOTE_MAX, step.needs_text(), false)?;
    let assignee = match step {
        Step::Assign => {
            let chosen: i64 = assignee.trim().parse().map_err(|_| InputProblem::Required("assignee".into()))?;
            let who = q::assignable(&state.db, row.office_id)
                .await?
                .into_iter()
                .find(|(id, _)| *id == chosen)
                .ok_or(InputProblem::UnknownChoice("assignee".into()))?;
            Some(who)
        }
        _ => None,
    };
    take_step(&state, &row, step, &note, Some((&session.staff, ip)), assignee, Utc::now()).await?;
    Ok(())
}

/// Closes resolved complaints nobody answered within `CONFIRM_DAYS`; how many.
pub async fn close_unconfirmed(state: &AppState, now: DateTime<Utc>) -> Result<usize, AppError> {
    let mut closed = 0;
    for id in q::unconfirmed(&state.db, now - Duration::days(rules::CONFIRM_DAYS)).await? {
        let Some(row) = q::by_id(&state.db, id).await? else { continue };
        match take_step(state, &row, Step::AutoClose, "", None, None, now).await {
            Ok(_) => closed += 1,
            // The customer answered in the meantime.
            Err(AppError::ComplaintStepRefused(_)) => {}
            Err(e) => return Err(e),
        }
    }
    Ok(closed)
}

/// The office a desk or report shows: a member of an office sees theirs; an administrator the
/// one chosen (a code), or every office.
async fn desk_office(db: &sqlx::AnyPool, staff: &StaffMember, chosen: &str) -> Result<Option<i64>, AppError> {
    match staff.office_id() {
        Some(own) => Ok(Some(own)),
        None if chosen.trim().is_empty() => Ok(None),
        None => Ok(Some(offices::office_id(db, chosen.trim()).await?.ok_or(AppError::OfficeNotFound)?)),
    }
}

/// The office (None: every office) a member of staff may see complaints of, from their choice.
pub async fn scope(db: &sqlx::AnyPool, staff: &StaffMember, chosen: &str) -> Result<Option<i64>, AppError> {
    match desk_office(db, staff, chosen).await? {
        Some(office_id) if staff.may(Duty::HandleComplaints { office_id }) => Ok(Some(office_id)),
        None if staff.may(Duty::SetComplaintDeadlines) => Ok(None),
        _ => Err(AppError::Forbidden),
    }
}

async fn staff_session_for(
    db: &sqlx::AnyPool,
    office: &str,
) -> Result<(crate::ssr::auth::Session, Option<i64>), AppError> {
    let session = current_session().await?;
    let office_id = scope(db, &session.staff, office).await?;
    Ok((session, office_id))
}

pub async fn desk(office: String, stage: String) -> Result<ComplaintDesk, AppError> {
    let state = app_state()?;
    let (session, office_id) = staff_session_for(&state.db, &office).await?;
    let stage: Option<Stage> = match stage.trim() {
        "" => None,
        s => Some(s.parse().map_err(|_| InputProblem::UnknownChoice("stage".into()))?),
    };
    let now = clock::now_wib().naive_local();
    let lines = q::desk(&state.db, office_id, stage, 200)
        .await?
        .into_iter()
        .filter_map(|row| {
            let (stage, category) = (stage_of(&row).ok()?, category_of(&row).ok()?);
            Some(DeskLine {
                id: row.id,
                number: rules::ticket_number(row.id),
                category,
                stage,
                office_name: row.office_name,
                customer_number: row.customer_number,
                reporter_name: row.reporter_name,
                received_at: row.received_at.wib(),
                due_at: row.due_at.wib(),
                minutes_left: rules::minutes_left(stage, row.due_at.wib(), now),
                assignee: row.assignee_name,
            })
        })
        .collect();
    let is_admin = session.staff.may(Duty::SetComplaintDeadlines);
    Ok(ComplaintDesk {
        csrf: session.csrf.clone(),
        offices: if is_admin { offices::names(&state.db).await? } else { Vec::new() },
        office: if is_admin { office.trim().to_string() } else { String::new() },
        stage,
        lines,
        deadlines: q::deadlines(&state.db).await?,
        may_set_deadlines: is_admin,
    })
}

pub async fn record(id: i64) -> Result<ComplaintRecord, AppError> {
    let state = app_state()?;
    let row = q::by_id(&state.db, id).await?.ok_or(AppError::ComplaintNotFound)?;
    let session = authorize_read(Duty::HandleComplaints { office_id: row.office_id }).await?;
    let view = view(&state.db, &row, true).await?;
    let steps = steps_for(&session.staff, row.office_id, view.stage);
    let assignable =
        if steps.contains(&Step::Assign) { q::assignable(&state.db, row.office_id).await? } else { Vec::new() };
    let correction_link = match (view.category, &view.customer_number) {
        (Category::BillDispute, Some(number)) if !view.stage.is_final() => Some(format!("/staf/pelanggan/{number}")),
        _ => None,
    };
    Ok(ComplaintRecord {
        csrf: session.csrf.clone(),
        id,
        minutes_left: rules::minutes_left(view.stage, view.due_at, clock::now_wib().naive_local()),
        view,
        reporter_name: row.reporter_name,
        phone: row.phone,
        phone_on_file: row.phone_on_file != 0,
        coordinates: row.latitude.zip(row.longitude),
        assignee: row.assignee_name,
        steps,
        assignable,
        correction_link,
    })
}

pub async fn set_deadline(csrf: String, category: String, unit: String, amount: String) -> Result<(), AppError> {
    let state = app_state()?;
    let (session, ip) = authorize_action(&csrf, Duty::SetComplaintDeadlines).await?;
    let category: Category = category.trim().parse().map_err(|_| InputProblem::UnknownChoice("category".into()))?;
    let amount = crate::domain::notice::whole_number("amount", &amount)?;
    let deadline =
        Deadline::from_parts(unit.trim(), i64::from(amount)).ok_or(InputProblem::UnknownChoice("deadline".into()))?;
    let mut tx = db::begin_write(&state.db).await?;
    q::set_deadline(&mut tx, category, deadline, session.staff.id, Utc::now()).await?;
    Action {
        actor: &session.staff,
        action: AuditAction::ComplaintDeadlineSet,
        subject: format!("complaint deadline {}", category.as_str()),
        detail: format!("{} {}", deadline.amount(), deadline.unit()),
        ip,
    }
    .record(&mut tx)
    .await?;
    tx.commit().await?;
    Ok(())
}

/// One month of an office's complaints (every office: an administrator's choice).
pub async fn report(office: String, month: String) -> Result<ComplaintReport, AppError> {
    let state = app_state()?;
    let (session, office_id) = staff_session_for(&state.db, &office).await?;
    let month: Period = match month.trim() {
        "" => Period::of(clock::today_wib()),
        typed => typed.parse().map_err(|_| InputProblem::BadPeriod("month".into()))?,
    };
    let lines = month_lines(&state.db, office_id, month).await?;
    let is_admin = session.staff.may(Duty::SetComplaintDeadlines);
    let office_name = match (&session.staff.office, office_id) {
        (Some(own), _) => own.name.clone(),
        (None, Some(_)) => offices::office_by_code(&state.db, office.trim()).await?.map(|o| o.2).unwrap_or_default(),
        (None, None) => String::new(),
    };
    Ok(ComplaintReport {
        offices: if is_admin { offices::names(&state.db).await? } else { Vec::new() },
        office: office.trim().to_string(),
        office_name,
        month,
        lines,
    })
}

/// The report's lines for a month, as the page and the CSV show them.
pub async fn month_lines(
    db: &sqlx::AnyPool,
    office_id: Option<i64>,
    month: Period,
) -> Result<Vec<rules::ReportLine>, AppError> {
    let start = utc(month.first_day().and_hms_opt(0, 0, 0).unwrap_or_default());
    let end = utc(month.next().first_day().and_hms_opt(0, 0, 0).unwrap_or_default());
    let outcomes: Vec<Outcome> = q::outcomes(db, office_id, start, end)
        .await?
        .into_iter()
        .filter_map(|r| {
            Some(Outcome {
                category: r.category.parse().ok()?,
                received_at: r.received_at.wib(),
                due_at: r.due_at.wib(),
                // Only a resolution counts towards the indicator, not a rejection.
                answered_at: r.answered_at.map(|t| t.wib()).filter(|_| r.stage != Stage::Rejected.as_str()),
            })
        })
        .collect();
    Ok(rules::report(&outcomes))
}
