//! Cash at the counter: a teller finds the customer, sees what is owed, takes the cash, and
//! prints the receipt. Same statement, same ledger, same once-only rules as every other channel.

use crate::domain::staff::{Duty, StaffMember};
use crate::domain::{Channel, Cover, CustomerNumber, Money, Settlement};
use crate::error::AppError;
use crate::model::counter::{typed_rupiah, CounterAccount, CounterBill, PaidAtCounter};
use crate::ssr::auth;
use crate::ssr::db::ledger::{self, PaymentReport, Teller};
use crate::ssr::{app_state, clock};

/// Where a staff member takes cash: their own office; an administrator the office they chose.
async fn counter_office(db: &sqlx::AnyPool, staff: &StaffMember, chosen: &str) -> Result<i64, AppError> {
    let office = auth::working_office(db, staff, chosen).await?;
    if staff.may(Duty::TakeCounterPayments { office_id: office }) {
        Ok(office)
    } else {
        Err(AppError::Forbidden)
    }
}

/// The customer in front of the teller, unmasked, with what they owe.
pub async fn account(number: &str) -> Result<CounterAccount, AppError> {
    let state = app_state()?;
    let session = auth::current_session().await?;
    counter_office(&state.db, &session.staff, "").await?;
    let number = CustomerNumber::parse(number).map_err(AppError::InvalidCustomerNumber)?;
    let owed = crate::ssr::accounts::statement(&state, &number, clock::today_wib())
        .await?
        .ok_or(AppError::CustomerNotFound)?;
    let (c, statement) = (owed.customer, owed.statement);
    Ok(CounterAccount {
        csrf: session.csrf,
        name: c.name,
        address: c.address,
        phone: c.phone,
        village: format!("{}, {}", c.village, c.district),
        group_code: c.group_code,
        office_name: c.office_name,
        arrears: statement.arrears,
        overdue: statement.overdue_count(),
        bills: statement
            .bills
            .iter()
            .map(|b| CounterBill {
                period: b.period(),
                amount: b.amount,
                late_fee: b.late_fee,
                total: b.total,
                due_date: b.due_date,
            })
            .collect(),
        total: statement.total,
        oldest_only_allowed: statement.oldest_only_allowed(),
        offices: if session.staff.office_id().is_none() {
            crate::ssr::db::offices::names(&state.db).await?
        } else {
            Vec::new()
        },
        number,
        request_id: crate::ssr::random::random_hex(12),
    })
}

/// A payment the teller just took, by its receipt token: for the console's "paid" panel.
pub async fn receipt(token: &str) -> Result<PaidAtCounter, AppError> {
    let state = app_state()?;
    let session = auth::current_session().await?;
    counter_office(&state.db, &session.staff, "").await?;
    if !crate::model::payments::is_receipt_token(token) {
        return Err(AppError::ReceiptNotFound);
    }
    let receipt = ledger::find_receipt(&state.db, token).await?.ok_or(AppError::ReceiptNotFound)?;
    Ok(PaidAtCounter {
        token: token.to_string(),
        receipt_number: receipt.receipt_number,
        name: receipt.customer_name,
        amount: receipt.amount,
        periods: receipt.bills.iter().map(|(period, ..)| *period).collect(),
        number: receipt.customer_number,
    })
}

/// What the teller confirmed: the customer, the oldest `periods` (empty: all), the total the
/// confirmation showed (whole rupiah), the cash handed over (may be empty), the office an
/// administrator chose, and the screen's one-time request id.
pub struct CashForm<'a> {
    pub csrf: &'a str,
    pub number: &'a str,
    pub amount: &'a str,
    pub request_id: &'a str,
    pub periods: &'a str,
    pub cash: &'a str,
    pub office: &'a str,
}

/// Records the cash; the receipt token of the payment. If the account changed since the
/// confirmation, nothing is recorded and the teller looks again. The same form sent again (a
/// double tap, a retry) gets the payment it made.
pub async fn take_cash(form: CashForm<'_>) -> Result<String, AppError> {
    let state = app_state()?;
    let session = auth::current_session().await?;
    let office = counter_office(&state.db, &session.staff, form.office).await?;
    let (session, ip) = auth::authorize_action(form.csrf, Duty::TakeCounterPayments { office_id: office }).await?;
    if form.request_id.len() != 24 || !form.request_id.chars().all(|c| c.is_ascii_hexdigit()) {
        return Err(AppError::BadRequest);
    }
    let partner_reference = format!("{}-{}", session.staff.id, form.request_id);
    if let Some(token) = ledger::receipt_token_for(&state.db, &Channel::Counter, &partner_reference).await? {
        return Ok(token);
    }
    let number = CustomerNumber::parse(form.number).map_err(AppError::InvalidCustomerNumber)?;
    let shown: i64 = form.amount.trim().parse().map_err(|_| AppError::BadRequest)?;
    let cover = match form.periods.trim() {
        "" => Cover::All,
        n => Cover::Oldest(n.parse().map_err(|_| AppError::BadRequest)?),
    };
    let now = chrono::Utc::now();
    let intent = crate::ssr::payments::open_intent(
        &state,
        &number,
        &Channel::Counter,
        now,
        chrono::Duration::minutes(10),
        cover,
    )
    .await?;
    if intent.amount != Money::rupiah(shown) {
        return Err(AppError::AmountChanged);
    }
    if !form.cash.trim().is_empty() {
        let handed = Money::rupiah(typed_rupiah(form.cash).ok_or(AppError::BadRequest)?);
        if handed < intent.amount {
            return Err(AppError::CashShort { short_by: intent.amount - handed });
        }
    }
    let report = PaymentReport {
        channel: Channel::Counter,
        partner_reference: partner_reference.clone(),
        intent_reference: intent.reference,
        amount: intent.amount,
        at: now,
        money_moved: false,
        taken_by: Some(Teller { member: session.staff, office_id: office, ip }),
        refuse: None,
    };
    match ledger::settle(&state.db, &report).await? {
        Settlement::Credited { .. } => {}
        Settlement::Repeated(first) if matches!(*first, Settlement::Credited { .. }) => {}
        // Counter payments carry fresh references: reused, nothing was recorded.
        _ => return Err(AppError::AmountChanged),
    }
    state.live.wake();
    ledger::receipt_token_for(&state.db, &Channel::Counter, &partner_reference).await?.ok_or(AppError::Internal)
}
