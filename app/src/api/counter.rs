//! Cash at the counter: a teller finds the customer, sees what is owed, takes the cash, and
//! prints the receipt. Same ledger, same once-only rules as every other channel.

use crate::domain::{CustomerNumber, Money, Period};
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
use crate::error::{fail, redirect_or_fail};

pub const CHANNEL: &str = "counter";

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CounterBill {
    pub period: Period,
    pub amount: Money,
    pub late_fee: Money,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CounterAccount {
    pub csrf: String,
    pub number: CustomerNumber,
    pub name: String,
    pub village: String,
    pub bills: Vec<CounterBill>,
    pub total: Money,
    /// One per screen: sending the same form twice (a double tap, a retry) records one payment.
    pub request_id: String,
}

/// Where a staff member takes cash: their own office; administrators have none.
#[cfg(feature = "ssr")]
fn counter_office(staff: &crate::domain::staff::StaffMember) -> Result<i64, AppError> {
    let office = staff.office_id().ok_or(AppError::Forbidden)?;
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
        counter_office(&session.staff)?;
        let number = CustomerNumber::parse(&number).map_err(AppError::InvalidCustomerNumber)?;
        let account = crate::ssr::db::accounts::load(&state, &number, crate::ssr::clock::today_wib()).await?.ok_or(AppError::CustomerNotFound)?;
        Ok(CounterAccount {
            csrf: session.csrf,
            name: account.masked_name.clone(),
            village: format!("{}, {}", account.village, account.district),
            bills: account.unpaid.iter().map(|b| CounterBill { period: b.bill.period, amount: b.bill.amount, late_fee: b.late_fee }).collect(),
            total: account.total_owed,
            number,
            request_id: crate::ssr::db::ledger::random_hex(12),
        })
    }
    .await;
    result.or_else(fail)
}

/// Records cash for everything the teller was shown. `amount` is what the screen said
/// (whole rupiah): if the account changed since, nothing is recorded and the teller looks again.
#[server(endpoint = "counter/pay")]
pub async fn take_cash(csrf: String, number: String, amount: String, request_id: String) -> Result<(), AppError> {
    use crate::domain::Settlement;
    use crate::ssr::db::ledger::{self, PaymentReport};
    let result = async {
        let state = crate::ssr::app_state()?;
        let session = crate::ssr::auth::current_session().await?;
        let office = counter_office(&session.staff)?;
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
        let now = chrono::Utc::now();
        let intent = ledger::open_intent(&state, &number, CHANNEL, now, chrono::Duration::minutes(10)).await?;
        if intent.amount != Money::rupiah(shown) {
            return Err(AppError::AmountChanged);
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
            "counter_payment",
            &receipt_number,
            &format!("{} {}", number.as_str(), intent.amount),
            ip,
        )
        .await?;
        state.live.wake();
        ledger::receipt_token_for(&state.db, CHANNEL, &partner_reference).await?.ok_or(AppError::Internal)
    }
    .await;
    let to = result.as_ref().map(|token| format!("/resi/{token}")).unwrap_or_default();
    redirect_or_fail(result.map(|_| ()), &to)
}
