//! Counter devices, as supervisors manage them: enrolled on the device itself (its credential
//! goes into a cookie only that browser holds), revoked from anywhere, and what each brought back.

use crate::domain::offline::OfflineReceiptNumber;
use crate::domain::staff::{Duty, Role, StaffMember};
use crate::domain::{audit::AuditAction, Money};
use crate::error::AppError;
use crate::model::counter_devices::{DeviceLine, DevicesPage, OfflinePaymentLine, DEVICE_COOKIE};
use crate::ssr::db::counter_devices::{self as db, DeviceSummary, NewDevice};
use crate::ssr::db::offline_payments::{self, OfflineRecord};
use crate::ssr::db::stamp::Stamp;
use crate::ssr::{app_state, auth, random::random_hex, set_cookie};

/// A device's cookie lives as long as browsers let one live: a counter opened once a year must
/// still be able to bring back what it took.
const COOKIE_DAYS: i64 = 400;
const LABEL_MAX: usize = 60;

/// The device the request's cookie names, enrolled or revoked; None without one.
pub async fn from_headers(db: &sqlx::AnyPool, headers: &http::HeaderMap) -> Result<Option<db::Device>, sqlx::Error> {
    let Some(secret) = auth::cookie_value(headers, DEVICE_COOKIE).filter(|s| s.len() == 64) else {
        return Ok(None);
    };
    db::by_secret_hash(db, &auth::hash_token(secret)).await
}

/// The enrolled, unrevoked device the page's request comes from, if any.
async fn this_device(db: &sqlx::AnyPool) -> Result<Option<db::Device>, sqlx::Error> {
    let headers = leptos::prelude::use_context::<http::request::Parts>().map(|p| p.headers).unwrap_or_default();
    Ok(from_headers(db, &headers).await?.filter(|d| d.revoked_at.is_none()))
}

/// The offices whose devices this staff member manages: their own, or (administrators) all.
fn scope(staff: &StaffMember) -> Result<Option<i64>, AppError> {
    match staff.office_id() {
        _ if staff.role == Role::Admin => Ok(None),
        Some(office) if staff.may(Duty::ManageCounterDevices { office_id: office }) => Ok(Some(office)),
        _ => Err(AppError::Forbidden),
    }
}

pub async fn page() -> Result<DevicesPage, AppError> {
    let state = app_state()?;
    let session = auth::current_session().await?;
    let office = scope(&session.staff)?;
    let this_device = this_device(&state.db).await?.map(|d| d.id);
    let mut devices = Vec::new();
    for summary in db::summaries(&state.db, office).await? {
        let payments = offline_payments::of_device(&state.db, summary.id, 50).await?;
        devices.push(line(summary, payments)?);
    }
    Ok(DevicesPage {
        csrf: session.csrf,
        this_device,
        devices,
        offices: if office.is_none() { crate::ssr::db::offices::names(&state.db).await? } else { Vec::new() },
        limits: state.site.offline,
    })
}

fn line(d: DeviceSummary, payments: Vec<OfflineRecord>) -> Result<DeviceLine, AppError> {
    let wib = |s: Option<Stamp>| s.map(Stamp::wib);
    Ok(DeviceLine {
        id: d.id,
        office_name: d.office_name,
        label: d.label,
        enrolled_by: d.enrolled_by,
        enrolled_at: d.enrolled_at.wib(),
        revoked_at: wib(d.revoked_at),
        last_seen_at: wib(d.last_seen_at),
        last_synced_at: wib(d.last_synced_at),
        outbox: d.outbox,
        credited: d.credited,
        set_aside: d.set_aside,
        refused: d.refused,
        payments: payments.into_iter().map(payment_line).collect::<Result<_, _>>()?,
    })
}

pub(crate) fn payment_line(r: OfflineRecord) -> Result<OfflinePaymentLine, AppError> {
    let outcome = r.outcome().map_err(|e| {
        tracing::error!(error = %e, "an offline payment's record does not read");
        AppError::Internal
    })?;
    Ok(OfflinePaymentLine {
        receipt_number: OfflineReceiptNumber(r.receipt_number),
        teller: r.teller,
        customer_number: r.customer_number,
        amount: Money::rupiah(r.amount),
        periods: r.periods,
        taken_at: r.taken_at.wib(),
        synced_at: r.synced_at.wib(),
        outcome,
    })
}

/// Enrols the browser the supervisor is using as a counter device of `office` (an
/// administrator's choice; a supervisor's own office otherwise). Its credential is set as a
/// cookie on this browser and kept nowhere else: only its hash is stored.
pub async fn enrol(csrf: &str, label: &str, office: &str) -> Result<(), AppError> {
    let state = app_state()?;
    let session = auth::current_session().await?;
    let office_id = auth::working_office(&state.db, &session.staff, office).await?;
    let (session, ip) = auth::authorize_action(csrf, Duty::ManageCounterDevices { office_id }).await?;
    let label =
        crate::domain::notice::text_field("device_label", label, LABEL_MAX, true, true).map_err(AppError::Invalid)?;
    // A second enrolment would strand the first one's outbox and receipt numbers.
    if this_device(&state.db).await?.is_some() {
        return Err(AppError::DeviceAlreadyEnrolled);
    }
    let secret = random_hex(32);
    let now = chrono::Utc::now();
    let mut tx = crate::ssr::db::begin_write(&state.db).await?;
    let device = NewDevice {
        office_id,
        label: &label,
        secret_hash: &auth::hash_token(&secret),
        staff_id: session.staff.id,
        at: now,
    };
    let id = db::enrol(&mut tx, &device).await?;
    crate::ssr::db::audit::record(
        &mut *tx,
        Some(&session.staff),
        &session.staff.username,
        AuditAction::DeviceEnrolled,
        &format!("perangkat {id}"),
        &label,
        ip,
    )
    .await?;
    tx.commit().await?;
    let secure = leptos::prelude::use_context::<http::request::Parts>().is_some_and(|p| auth::is_https(&p.headers));
    set_cookie(&device_cookie(&secret, secure));
    Ok(())
}

/// Strict: no other site's page can make the browser send it.
pub fn device_cookie(secret: &str, secure: bool) -> String {
    let secure = if secure { "; Secure" } else { "" };
    format!("{DEVICE_COOKIE}={secret}; Path=/; HttpOnly; SameSite=Strict; Max-Age={}{secure}", COOKIE_DAYS * 86_400)
}

/// Revokes a device: its offline payments are no longer taken. What it already brought back stays.
pub async fn revoke(csrf: &str, id: i64) -> Result<(), AppError> {
    let state = app_state()?;
    let device = db::by_id(&state.db, id).await?.ok_or(AppError::DeviceNotFound)?;
    let (session, ip) =
        auth::authorize_action(csrf, Duty::ManageCounterDevices { office_id: device.office_id }).await?;
    let mut tx = crate::ssr::db::begin_write(&state.db).await?;
    if db::revoke(&mut tx, id, session.staff.id, chrono::Utc::now()).await? {
        crate::ssr::db::audit::record(
            &mut *tx,
            Some(&session.staff),
            &session.staff.username,
            AuditAction::DeviceRevoked,
            &format!("perangkat {id}"),
            &device.label,
            ip,
        )
        .await?;
    }
    tx.commit().await?;
    Ok(())
}
