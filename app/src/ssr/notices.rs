//! Publishing notices and announcements: who may, what is valid, what is recorded. The server
//! functions in `api::notices` are thin doors onto these.

use crate::domain::audit::AuditAction;
use crate::domain::notice::{
    check_window, parse_local_time, text_field, Area, InputProblem, NoticeDraft, NoticeKind, NoticeStatus, Severity,
    BODY_MAX, TITLE_MAX, UPDATE_MAX,
};
use crate::domain::staff::Duty;
use crate::error::AppError;
use crate::model::notices::{NoticeDesk, NoticeForm};
use crate::ssr::auth::{authorize_action, current_session};
use crate::ssr::db::audit::Action;
use crate::ssr::db::{notices, offices};
use crate::ssr::{app_state, clock};

fn choice<T: std::str::FromStr>(field: &str, value: &str) -> Result<T, AppError> {
    value.parse().map_err(|_| AppError::Invalid(InputProblem::UnknownChoice(field.into())))
}

/// An office code from a form, resolved: empty means every office.
async fn scope(db: &sqlx::AnyPool, code: &str) -> Result<Option<(i64, String, String)>, AppError> {
    let code = code.trim();
    if code.is_empty() {
        return Ok(None);
    }
    offices::office_by_code(db, code)
        .await?
        .map(Some)
        .ok_or(AppError::Invalid(InputProblem::UnknownChoice("office".into())))
}

pub async fn publish(form: NoticeForm) -> Result<i64, AppError> {
    let state = app_state()?;
    let office = scope(&state.db, &form.office).await?;
    let office_id = office.as_ref().map(|o| o.0);
    let (session, ip) = authorize_action(&form.csrf, Duty::PublishNotices { office_id }).await?;
    let kind: NoticeKind = choice("kind", &form.kind)?;
    let severity: Severity = choice("severity", &form.severity)?;
    let starts_at = parse_local_time("starts_at", &form.starts_at)?.unwrap_or_else(|| clock::now_wib().naive_local());
    let areas = form
        .areas
        .iter()
        .filter(|a| !a.trim().is_empty())
        .map(|a| {
            let (district, village) = a.split_once('|').unwrap_or((a.as_str(), ""));
            Area { district: district.trim().to_string(), village: village.trim().to_string() }
        })
        .collect();
    let service_area = match office_id {
        Some(id) => offices::service_area(&state.db, id).await?,
        None => Vec::new(),
    };
    let draft = NoticeDraft {
        kind,
        severity,
        title: form.title,
        body: form.body,
        starts_at,
        ends_at: parse_local_time("ends_at", &form.ends_at)?,
        repair_eta: parse_local_time("repair_eta", &form.repair_eta)?,
        flow_eta: parse_local_time("flow_eta", &form.flow_eta)?,
        mitigation: form.mitigation,
        areas,
    }
    .validate(office_id.is_some(), &service_area)?;
    let scope_name = office.map(|o| o.2).unwrap_or_else(|| "semua kantor".into());
    let mut tx = crate::ssr::db::begin_write(&state.db).await?;
    let id = notices::insert(&mut tx, Some(session.staff.id), office_id, &draft, None).await?;
    let detail = format!("{} · {} · {}", kind.as_str(), scope_name, draft.title);
    Action { actor: &session.staff, action: AuditAction::NoticePublished, subject: format!("notice {id}"), detail, ip }
        .record(&mut tx)
        .await?;
    tx.commit().await?;
    state.live.board_changed();
    Ok(id)
}

pub async fn update(
    csrf: String,
    id: i64,
    status: String,
    message: String,
    repair_eta: String,
    flow_eta: String,
) -> Result<(), AppError> {
    let state = app_state()?;
    let Some((notice, office_id)) = notices::get(&state.db, id).await? else {
        return Err(AppError::NoticeNotFound);
    };
    let (session, ip) = authorize_action(&csrf, Duty::PublishNotices { office_id }).await?;
    let to: NoticeStatus = choice("status", &status)?;
    if !notice.status.can_become(to) {
        return Err(AppError::Invalid(InputProblem::StatusNotAllowed {
            from: notice.status.as_str().into(),
            to: to.as_str().into(),
        }));
    }
    let message = text_field("message", &message, UPDATE_MAX, false, false)?;
    let change = notices::StatusChange {
        to,
        message,
        repair_eta: parse_local_time("repair_eta", &repair_eta)?,
        flow_eta: parse_local_time("flow_eta", &flow_eta)?,
    };
    let repair = change.repair_eta.or(notice.repair_eta);
    if let (Some(repair), Some(flow)) = (repair, change.flow_eta.or(notice.flow_eta)) {
        if flow < repair {
            return Err(AppError::Invalid(InputProblem::FlowBeforeRepair));
        }
    }
    let mut tx = crate::ssr::db::begin_write(&state.db).await?;
    notices::change_status(&mut tx, id, office_id, Some(session.staff.id), &change).await?;
    let detail = format!("{} -> {}", notice.status.as_str(), to.as_str());
    Action { actor: &session.staff, action: AuditAction::NoticeUpdated, subject: format!("notice {id}"), detail, ip }
        .record(&mut tx)
        .await?;
    tx.commit().await?;
    state.live.board_changed();
    Ok(())
}

pub async fn announce(
    csrf: String,
    office: String,
    title: String,
    body: String,
    starts_at: String,
    ends_at: String,
    pinned: bool,
) -> Result<i64, AppError> {
    let state = app_state()?;
    let office = scope(&state.db, &office).await?;
    let office_id = office.as_ref().map(|o| o.0);
    let (session, ip) = authorize_action(&csrf, Duty::PublishNotices { office_id }).await?;
    let title = text_field("title", &title, TITLE_MAX, true, true)?;
    let body = text_field("body", &body, BODY_MAX, true, false)?;
    let starts_at = parse_local_time("starts_at", &starts_at)?.unwrap_or_else(|| clock::now_wib().naive_local());
    let ends_at = parse_local_time("ends_at", &ends_at)?.ok_or(InputProblem::Required("ends_at".into()))?;
    check_window(starts_at, ends_at)?;
    let mut tx = crate::ssr::db::begin_write(&state.db).await?;
    let announcement = notices::NewAnnouncement { office_id, title: title.clone(), body, starts_at, ends_at, pinned };
    let id = notices::insert_announcement(&mut tx, session.staff.id, &announcement).await?;
    let subject = format!("announcement {id}");
    Action { actor: &session.staff, action: AuditAction::AnnouncementPublished, subject, detail: title, ip }
        .record(&mut tx)
        .await?;
    tx.commit().await?;
    state.live.board_changed();
    Ok(id)
}

pub async fn withdraw(csrf: String, id: i64) -> Result<(), AppError> {
    let state = app_state()?;
    let Some(office_id) = notices::announcement_office(&state.db, id).await? else {
        return Err(AppError::NoticeNotFound);
    };
    let (session, ip) = authorize_action(&csrf, Duty::PublishNotices { office_id }).await?;
    let mut tx = crate::ssr::db::begin_write(&state.db).await?;
    notices::withdraw_announcement(&mut tx, id, office_id).await?;
    let subject = format!("announcement {id}");
    Action { actor: &session.staff, action: AuditAction::AnnouncementWithdrawn, subject, detail: String::new(), ip }
        .record(&mut tx)
        .await?;
    tx.commit().await?;
    state.live.board_changed();
    Ok(())
}

pub async fn desk() -> Result<NoticeDesk, AppError> {
    let state = app_state()?;
    let session = current_session().await?;
    let staff = &session.staff;
    let all_offices =
        crate::ssr::db::offices::all(&state.db, state.site.queue_clock.now(), &state.rules.get().due.holidays).await?;
    let mut offices = Vec::new();
    for office in all_offices {
        if let Some(id) = offices::office_id(&state.db, &office.code).await? {
            if staff.may(Duty::PublishNotices { office_id: Some(id) }) {
                offices.push(office);
            }
        }
    }
    if offices.is_empty() {
        return Err(AppError::Forbidden);
    }
    let own = staff.office_id();
    let may_publish_for_all = staff.may(Duty::PublishNotices { office_id: None });
    Ok(NoticeDesk {
        csrf: session.csrf.clone(),
        may_publish_for_all,
        offices,
        notices: notices::active(&state.db, own).await?,
        announcements: notices::active_announcements(&state.db, own).await?,
    })
}

/// The notices and announcements customers see: every office's, one office's, or those
/// touching one village. `at_least`: the live event the caller has already seen.
pub async fn board(
    scope: crate::model::notices::BoardScope,
    at_least: i64,
) -> Result<crate::model::notices::NoticeBoard, AppError> {
    let state = app_state()?;
    let board = state.board.get(&state, at_least.max(crate::ssr::live::seen_by_page())).await?;
    let office_id = match scope.office.as_deref() {
        Some(code) => Some(board.office_id(code).ok_or(AppError::OfficeNotFound)?),
        None => None,
    };
    let now = clock::now_wib().naive_local();
    let mut list = board.notices(office_id, now);
    if let (Some(district), Some(village)) = (scope.district.as_deref(), scope.village.as_deref()) {
        list.retain(|n| crate::domain::notice::affects(&n.areas, district, village));
    }
    Ok(crate::model::notices::NoticeBoard {
        notices: list,
        announcements: board.announcements(office_id, now),
        head: board.head,
    })
}

/// Every notice of the last 90 days, open ones first.
pub async fn history() -> Result<crate::model::notices::NoticeBoard, AppError> {
    let state = app_state()?;
    let head = crate::ssr::live::head(&state.db).await?;
    Ok(crate::model::notices::NoticeBoard {
        notices: notices::history(&state.db, 90).await?,
        announcements: notices::active_announcements(&state.db, None).await?,
        head,
    })
}
