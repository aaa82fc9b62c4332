//! Customers for staff: looked up by number, name or village; status and phone kept current,
//! each change in the audit log with the customer's number as its subject.

use crate::domain::audit::AuditAction;
use crate::domain::notice::{text_field, InputProblem};
use crate::domain::staff::Duty;
use crate::domain::{contact_phone, ConnectionStatus, CustomerNumber, Money};
use crate::error::AppError;
use crate::model::customers::*;
use crate::model::staff::AuditLine;
use crate::ssr::db::audit::Action;
use crate::ssr::db::{self, customers as q};
use crate::ssr::{app_state, auth};

const LISTED: i64 = 50;

pub async fn search(query: &str) -> Result<CustomerSearch, AppError> {
    let state = app_state()?;
    auth::current_session().await?;
    let query = query.trim().chars().take(60).collect::<String>();
    if query.chars().count() < 3 {
        return Ok(CustomerSearch { query, found: Vec::new(), more: false });
    }
    let mut rows = q::search(&state.db, &query, LISTED + 1).await?;
    let more = rows.len() as i64 > LISTED;
    rows.truncate(LISTED as usize);
    let found = rows
        .into_iter()
        .map(|r| CustomerLine {
            status: status_of(&r.number, &r.status),
            number: r.number,
            name: r.name,
            address: r.address,
            village: r.village,
            office: r.office,
        })
        .collect();
    Ok(CustomerSearch { query, found, more })
}

pub async fn record(number: &str) -> Result<CustomerRecord, AppError> {
    let state = app_state()?;
    let session = auth::current_session().await?;
    let number = CustomerNumber::parse(number).map_err(AppError::InvalidCustomerNumber)?;
    let c = q::detail(&state.db, number.as_str()).await?.ok_or(AppError::CustomerNotFound)?;
    let bills = q::bills(&state.db, c.id, 24)
        .await?
        .into_iter()
        .map(|b| {
            Ok(BillLine {
                period: b.period.parse().map_err(|_| AppError::Internal)?,
                stands: b.stand_awal.zip(b.stand_akhir),
                usage_m3: b.usage_m3,
                estimated: b.estimated.is_some_and(|e| e != 0),
                amount: Money::rupiah(b.amount),
                adjustment: Money::rupiah(b.adjustment),
                due_date: b.due_date.parse().map_err(|_| AppError::Internal)?,
                paid: match (b.receipt_number, b.paid_at, b.channel) {
                    (Some(r), Some(at), Some(ch)) => Some((r, at.wib(), ch)),
                    _ => None,
                },
            })
        })
        .collect::<Result<_, AppError>>()?;
    let audit = db::audit::of_subject(&state.db, number.as_str(), 50).await?.into_iter().map(AuditLine::from).collect();
    let mut conn = state.db.acquire().await?;
    let pending = db::adjustments::pending_of(&mut conn, c.id)
        .await?
        .into_iter()
        .map(|row| row.line().map_err(|_| AppError::Internal))
        .collect::<Result<_, AppError>>()?;
    drop(conn);
    Ok(CustomerRecord {
        may_manage: session.staff.may(Duty::ManageCustomers { office_id: c.office_id }),
        may_correct: session.staff.may(Duty::ReviewReadings { office_id: c.office_id }),
        pending,
        status: status_of(&c.number, &c.status),
        number: c.number,
        name: c.name,
        address: c.address,
        village: c.village,
        district: c.district,
        group: c.group_code,
        meter_size: c.meter_size,
        office: c.office,
        phone: c.phone,
        connected_on: c.connected_on,
        bills,
        audit,
        csrf: session.csrf,
    })
}

/// A stored status read back. Only this portal writes it; one it does not know is shown as
/// connected, and logged, rather than hiding the customer from staff.
fn status_of(number: &str, stored: &str) -> ConnectionStatus {
    stored.parse().unwrap_or_else(|_| {
        tracing::error!(number, stored, "unknown connection status");
        ConnectionStatus::Active
    })
}

/// Seals, disconnects or reconnects a connection, with the reason.
pub async fn set_status(csrf: &str, number: &str, status: &str, reason: &str) -> Result<String, AppError> {
    let state = app_state()?;
    let number = CustomerNumber::parse(number).map_err(AppError::InvalidCustomerNumber)?;
    let status: ConnectionStatus = status.parse().map_err(|_| InputProblem::UnknownChoice("status".into()))?;
    let reason = text_field("reason", reason, crate::domain::notice::REASON_MAX, true, true)?;
    let c = q::detail(&state.db, number.as_str()).await?.ok_or(AppError::CustomerNotFound)?;
    let (session, ip) = auth::authorize_action(csrf, Duty::ManageCustomers { office_id: c.office_id }).await?;
    // Under the ledger's lock: counter devices learn of the change by its audit entry's id,
    // which must become visible in id order.
    let mut tx = db::begin_serial(&state.db, db::Serial::Ledger).await?;
    q::set_status(&mut tx, c.id, status.as_str()).await?;
    let detail = format!("{} -> {}: {reason}", c.status, status.as_str());
    Action { actor: &session.staff, action: AuditAction::CustomerStatusChanged, subject: c.number.clone(), detail, ip }
        .record(&mut tx)
        .await?;
    tx.commit().await?;
    Ok(c.number)
}

/// Sets (or, empty, clears) the customer's phone number.
pub async fn set_phone(csrf: &str, number: &str, phone: &str) -> Result<String, AppError> {
    let state = app_state()?;
    let number = CustomerNumber::parse(number).map_err(AppError::InvalidCustomerNumber)?;
    let phone = match phone.trim() {
        "" => None,
        typed => Some(contact_phone(typed).ok_or(InputProblem::BadPhone("contact_phone".into()))?),
    };
    let c = q::detail(&state.db, number.as_str()).await?.ok_or(AppError::CustomerNotFound)?;
    let (session, ip) = auth::authorize_action(csrf, Duty::ManageCustomers { office_id: c.office_id }).await?;
    let mut tx = db::begin_write(&state.db).await?;
    q::set_phone(&mut tx, c.id, phone.as_deref()).await?;
    let detail = format!("{} -> {}", c.phone.as_deref().unwrap_or("-"), phone.as_deref().unwrap_or("-"));
    Action { actor: &session.staff, action: AuditAction::CustomerPhoneChanged, subject: c.number.clone(), detail, ip }
        .record(&mut tx)
        .await?;
    tx.commit().await?;
    Ok(c.number)
}
