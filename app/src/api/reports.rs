//! Reports staff read: cash per teller and office for a day, the day's reconciliation per
//! channel, money set aside to refund. CSV versions are routes in the server.

pub use crate::domain::Money;
use crate::error::AppError;
#[cfg(feature = "ssr")]
use crate::error::{fail, redirect_or_fail};
use leptos::prelude::*;

pub use crate::model::reports::*;

#[server(endpoint = "reports/cash")]
pub async fn load_cash_report(#[server(default)] day: String, #[server(default)] office: String) -> Result<CashReport, AppError> {
    let result = async {
        let state = crate::ssr::app_state()?;
        let session = crate::ssr::auth::current_session().await?;
        let day = crate::ssr::reports::parse_day(&day)?;
        let (office_id, office_code, office_name, only) = crate::ssr::reports::cash_scope(&state.db, &session.staff, &office).await?;
        let rows = crate::ssr::db::reports::cash_by_teller(&state.db, office_id, day, only).await?;
        let tellers: Vec<TellerCash> = rows
            .into_iter()
            .map(|r| TellerCash { username: r.username, full_name: r.full_name, payments: r.payments, amount: Money::rupiah(r.amount) })
            .collect();
        let offices = if session.staff.may(crate::domain::staff::Duty::ManageFinance) { crate::ssr::db::offices::names(&state.db).await? } else { Vec::new() };
        Ok(CashReport {
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
    .await;
    result.or_else(fail)
}

#[server(endpoint = "reports/reconciliation")]
pub async fn load_reconciliation(#[server(default)] day: String) -> Result<Reconciliation, AppError> {
    let result = async {
        let state = crate::ssr::app_state()?;
        let session = crate::ssr::auth::authorize_read(crate::domain::staff::Duty::ManageFinance).await?;
        let day = crate::ssr::reports::parse_day(&day)?;
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
        let to_wib = |s: &str| crate::ssr::clock::to_wib(s).unwrap_or_default();
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
                received_at: to_wib(&o.received_at),
                refunded_at: o.refunded_at.as_deref().map(to_wib),
            })
            .collect();
        Ok(Reconciliation { csrf: session.csrf, day, channels, overpayments })
    }
    .await;
    result.or_else(fail)
}

#[server(endpoint = "reports/refunded")]
pub async fn mark_refunded(csrf: String, id: i64) -> Result<(), AppError> {
    let result = async {
        let state = crate::ssr::app_state()?;
        let (session, ip) = crate::ssr::auth::authorize_action(&csrf, crate::domain::staff::Duty::ManageFinance).await?;
        if !crate::ssr::db::reports::mark_refunded(&state.db, id, session.staff.id).await? {
            return Err(AppError::PaymentNotFound);
        }
        crate::ssr::db::audit::record(
            &state.db,
            Some(&session.staff),
            &session.staff.username,
            crate::domain::audit::AuditAction::OverpaymentRefunded,
            &format!("overpayment {id}"),
            "",
            ip,
        )
        .await?;
        Ok(())
    }
    .await;
    redirect_or_fail(result, "/staf/rekonsiliasi?dikembalikan=1")
}
