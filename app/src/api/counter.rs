//! Cash at the counter: a teller finds the customer, sees what is owed, takes the cash, and
//! prints the receipt. Same ledger, same once-only rules as every other channel.

#[cfg(feature = "ssr")]
use crate::domain::{CustomerNumber, Money};
use crate::error::AppError;
#[cfg(feature = "ssr")]
use crate::error::{fail, redirect_or_fail};
use leptos::prelude::*;

pub use crate::model::counter::*;

/// Where a staff member takes cash: their own office; an administrator the office they chose.
#[cfg(feature = "ssr")]
async fn counter_office(db: &sqlx::AnyPool, staff: &crate::domain::staff::StaffMember, chosen: &str) -> Result<i64, AppError> {
    let office = crate::ssr::auth::working_office(db, staff, chosen).await?;
    if staff.may(crate::domain::staff::Duty::TakeCounterPayments { office_id: office }) {
        Ok(office)
    } else {
        Err(AppError::Forbidden)
    }
}

#[server(endpoint = "counter/account")]
pub async fn find_counter_account(number: String) -> Result<CounterAccount, AppError> {
    let result = async {
        let state = crate::ssr::app_state()?;
        let session = crate::ssr::auth::current_session().await?;
        counter_office(&state.db, &session.staff, "").await?;
        let number = CustomerNumber::parse(&number).map_err(AppError::InvalidCustomerNumber)?;
        let account = crate::ssr::db::accounts::load(&state, &number, crate::ssr::clock::today_wib()).await?.ok_or(AppError::CustomerNotFound)?;
        let holder = crate::ssr::db::accounts::holder(&state.db, &number).await?.ok_or(AppError::CustomerNotFound)?;
        Ok(CounterAccount {
            csrf: session.csrf,
            name: holder.name,
            address: holder.address,
            phone: holder.phone,
            village: format!("{}, {}", account.village, account.district),
            group_code: account.group_code.clone(),
            office_name: account.office.name.clone(),
            arrears: account.arrears,
            overdue: account.overdue_count(),
            bills: account
                .unpaid
                .iter()
                .map(|b| CounterBill { period: b.bill.period, amount: b.bill.amount, late_fee: b.late_fee, total: b.total, due_date: b.due_date })
                .collect(),
            total: account.total_owed,
            oldest_only_allowed: state.rules.counter_oldest_only,
            offices: if session.staff.office_id().is_none() { crate::ssr::db::offices::names(&state.db).await? } else { Vec::new() },
            number,
            request_id: crate::ssr::db::ledger::random_hex(12),
        })
    }
    .await;
    result.or_else(fail)
}

/// A payment the teller just took, by its receipt token: for the console's "paid" panel.
#[server(endpoint = "counter/receipt")]
pub async fn counter_receipt(token: String) -> Result<PaidAtCounter, AppError> {
    let result = async {
        let state = crate::ssr::app_state()?;
        let session = crate::ssr::auth::current_session().await?;
        counter_office(&state.db, &session.staff, "").await?;
        if !crate::model::payments::is_receipt_token(&token) {
            return Err(AppError::ReceiptNotFound);
        }
        let receipt = crate::ssr::db::ledger::find_receipt(&state.db, &token).await?.ok_or(AppError::ReceiptNotFound)?;
        Ok(PaidAtCounter {
            token,
            receipt_number: receipt.receipt_number,
            name: receipt.customer_name,
            amount: receipt.amount,
            periods: receipt.bills.iter().map(|(period, ..)| *period).collect(),
            number: receipt.customer_number,
        })
    }
    .await;
    result.or_else(fail)
}

/// Records cash for the bills the teller confirmed: all of them, or the oldest `periods`
/// (where the utility allows it). `amount` is the total the confirmation showed (whole rupiah):
/// if the account changed since, nothing is recorded and the teller looks again. `cash` is
/// what the customer handed over; the console then shows the change.
#[server(endpoint = "counter/pay")]
pub async fn take_cash(
    csrf: String,
    number: String,
    amount: String,
    request_id: String,
    #[server(default)] periods: String,
    #[server(default)] cash: String,
    #[server(default)] office: String,
) -> Result<(), AppError> {
    use crate::domain::Settlement;
    use crate::ssr::db::ledger::{self, Cover, PaymentReport};
    let result = async {
        let state = crate::ssr::app_state()?;
        let session = crate::ssr::auth::current_session().await?;
        let office = counter_office(&state.db, &session.staff, &office).await?;
        let (session, ip) = crate::ssr::auth::authorize_action(&csrf, crate::domain::staff::Duty::TakeCounterPayments { office_id: office }).await?;
        if request_id.len() != 24 || !request_id.chars().all(|c| c.is_ascii_hexdigit()) {
            return Err(AppError::BadRequest);
        }
        let partner_reference = format!("{}-{request_id}", session.staff.id);
        // The same form sent again: the payment it made.
        if let Some(token) = ledger::receipt_token_for(&state.db, CHANNEL, &partner_reference).await? {
            return Ok(token);
        }
        let number = CustomerNumber::parse(&number).map_err(AppError::InvalidCustomerNumber)?;
        let shown: i64 = amount.trim().parse().map_err(|_| AppError::BadRequest)?;
        let cover = match periods.trim() {
            "" => Cover::All,
            n => Cover::Oldest(n.parse().map_err(|_| AppError::BadRequest)?),
        };
        if let (Cover::Oldest(n), false) = (cover, state.rules.counter_oldest_only) {
            if n < crate::ssr::db::accounts::unpaid_count(&state.db, &number).await? {
                return Err(AppError::Invalid(crate::domain::notice::InputProblem::UnknownChoice("periods".into())));
            }
        }
        let now = chrono::Utc::now();
        let intent = ledger::open_intent(&state, &number, CHANNEL, now, chrono::Duration::minutes(10), cover).await?;
        if intent.amount != Money::rupiah(shown) {
            return Err(AppError::AmountChanged);
        }
        if !cash.trim().is_empty() {
            let handed = typed_rupiah(&cash).ok_or(AppError::BadRequest)?;
            if Money::rupiah(handed) < intent.amount {
                return Err(AppError::CashShort { short_by: intent.amount - Money::rupiah(handed) });
            }
        }
        let report = PaymentReport {
            channel: CHANNEL.into(),
            partner_reference: partner_reference.clone(),
            intent_reference: intent.reference.clone(),
            amount: intent.amount,
            at: now,
            money_moved: false,
            taken_by: Some((session.staff.id, office)),
            refuse: None,
        };
        let receipt_number = match ledger::settle(&state.db, &report).await? {
            Settlement::Credited { receipt_number } => receipt_number,
            Settlement::Repeated(first) => match *first {
                Settlement::Credited { receipt_number } => receipt_number,
                _ => return Err(AppError::AmountChanged),
            },
            // Counter payments carry fresh references: reused, nothing was recorded.
            Settlement::Refused { .. } | Settlement::SetAside { .. } | Settlement::Inconsistent => return Err(AppError::AmountChanged),
        };
        crate::ssr::db::audit::record(
            &state.db,
            Some(&session.staff),
            &session.staff.username,
            crate::domain::audit::AuditAction::CounterPayment,
            &receipt_number,
            &format!("{} {}", number.as_str(), intent.amount),
            ip,
        )
        .await?;
        state.live.wake();
        ledger::receipt_token_for(&state.db, CHANNEL, &partner_reference).await?.ok_or(AppError::Internal)
    }
    .await;
    // The teller stays in the console: the receipt to print, the change, the next customer.
    let cash = typed_rupiah(&cash).map(|c| c.to_string()).unwrap_or_default();
    let to = result
        .as_ref()
        .map(|token| if cash.is_empty() { format!("/staf/loket?resi={token}") } else { format!("/staf/loket?resi={token}&tunai={cash}") })
        .unwrap_or_default();
    redirect_or_fail(result.map(|_| ()), &to)
}
