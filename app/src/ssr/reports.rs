//! Who may read which report, and for which day.

use crate::domain::staff::Duty;
use crate::domain::Money;
use crate::error::AppError;
use crate::model::reports::{CashReport, ChannelLine, OverpaymentLine, Reconciliation, TellerCash};
use crate::ssr::{app_state, auth};
use chrono::NaiveDate;

/// Cash taken on a day at an office, per teller (a teller sees their own line only).
pub async fn cash(day: &str, office: &str) -> Result<CashReport, AppError> {
    let state = app_state()?;
    let session = auth::current_session().await?;
    let day = parse_day(day)?;
    let (office_id, office_code, office_name, only) = cash_scope(&state.db, &session.staff, office).await?;
    let rows = crate::ssr::db::reports::cash_by_teller(&state.db, office_id, day, only).await?;
    let tellers: Vec<TellerCash> = rows
        .into_iter()
        .map(|r| TellerCash {
            username: r.username,
            full_name: r.full_name,
            payments: r.payments,
            amount: Money::rupiah(r.amount),
        })
        .collect();
    let offices = if session.staff.may(Duty::ManageFinance) {
        crate::ssr::db::offices::names(&state.db).await?
    } else {
        Vec::new()
    };
    let teller = only.map(|_| session.staff.username.as_str());
    let offline = crate::ssr::db::offline_payments::of_office_day(&state.db, office_id, day, teller)
        .await?
        .into_iter()
        .map(crate::ssr::counter_devices::payment_line)
        .collect::<Result<Vec<_>, _>>()?;
    Ok(CashReport {
        offline,
        day,
        office_code,
        office_name,
        payments: tellers.iter().map(|t| t.payments).sum(),
        total: tellers.iter().fold(Money::ZERO, |sum, t| sum + t.amount),
        tellers,
        own_only: only.is_some(),
        offices,
    })
}

/// A day's money per channel, and every payment set aside to refund.
pub async fn reconciliation(day: &str) -> Result<Reconciliation, AppError> {
    let state = app_state()?;
    let session = auth::authorize_read(Duty::ManageFinance).await?;
    let day = parse_day(day)?;
    let channels = crate::ssr::db::reports::channel_totals(&state.db, day)
        .await?
        .into_iter()
        .map(|c| ChannelLine {
            channel: c.channel,
            credited: c.credited,
            credited_amount: Money::rupiah(c.credited_amount),
            set_aside: c.set_aside,
            set_aside_amount: Money::rupiah(c.set_aside_amount),
        })
        .collect();
    let overpayments = crate::ssr::db::reports::overpayments(&state.db)
        .await?
        .into_iter()
        .map(|o| OverpaymentLine {
            id: o.id,
            channel: o.channel,
            partner_reference: o.partner_reference,
            customer_number: o.customer_number,
            amount: Money::rupiah(o.amount),
            reason: o.reason,
            received_at: o.received_at.wib(),
            refunded_at: o.refunded_at.map(|t| t.wib()),
        })
        .collect();
    Ok(Reconciliation { csrf: session.csrf, day, channels, overpayments })
}

/// Records that money set aside went back to its payer, once.
pub async fn mark_refunded(csrf: &str, id: i64) -> Result<(), AppError> {
    let state = app_state()?;
    let (session, ip) = auth::authorize_action(csrf, Duty::ManageFinance).await?;
    let mut tx = crate::ssr::db::begin_write(&state.db).await?;
    if !crate::ssr::db::reports::mark_refunded(&mut tx, id, session.staff.id).await? {
        return Err(AppError::PaymentNotFound);
    }
    let audit = crate::ssr::db::audit::Action {
        actor: &session.staff,
        action: crate::domain::audit::AuditAction::OverpaymentRefunded,
        subject: format!("overpayment {id}"),
        detail: String::new(),
        ip,
    };
    audit.record(&mut tx).await?;
    tx.commit().await?;
    Ok(())
}

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
pub async fn cash_scope(
    db: &sqlx::AnyPool,
    staff: &crate::domain::staff::StaffMember,
    office: &str,
) -> Result<(i64, String, String, Option<i64>), AppError> {
    use crate::domain::staff::{Duty, Role};
    let code = match (office.trim(), &staff.office) {
        ("", Some(own)) => own.code.clone(),
        ("", None) => crate::ssr::auth::first_office(db).await?,
        (code, _) => code.to_string(),
    };
    let (id, code, name) = crate::ssr::db::offices::office_by_code(db, &code).await?.ok_or(AppError::OfficeNotFound)?;
    if staff.may(Duty::ReadOfficeReports { office_id: id }) {
        Ok((id, code, name, None))
    } else if staff.role == Role::Teller && staff.may(Duty::TakeCounterPayments { office_id: id }) {
        Ok((id, code, name, Some(staff.id)))
    } else {
        Err(AppError::Forbidden)
    }
}
