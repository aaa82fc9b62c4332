//! The payment ledger: intents that fix what a payment covers, and the one place where money
//! received turns into paid bills. Every report of money runs in one write transaction, is
//! recorded exactly once per (channel, partner reference), and ends credited or set aside.

use crate::domain::{CustomerNumber, IntentStatus, Money, Period, RefundReason, Settlement};
use crate::ssr::{clock, AppState};
use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};
use sqlx::AnyPool;

#[derive(Debug, thiserror::Error)]
pub enum LedgerError {
    #[error("no customer has that number")]
    CustomerNotFound,
    #[error("nothing is unpaid")]
    NothingToPay,
    #[error("more than {0} months in arrears: the counter only")]
    CounterOnly(u32),
    /// A number of oldest periods that is not between one and all that is unpaid.
    #[error("that many periods are not unpaid")]
    NotCoverable,
    #[error("no payment intent has reference {0}")]
    UnknownIntent(String),
    #[error("the account's bills cannot be computed")]
    Account(crate::error::AppError),
    #[error(transparent)]
    Db(#[from] sqlx::Error),
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Intent {
    pub reference: String,
    pub channel: String,
    pub amount: Money,
    pub status: IntentStatus,
    pub created_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
    /// Oldest first.
    pub periods: Vec<Period>,
}

/// Money a partner reports as received for an intent.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PaymentReport {
    pub channel: String,
    /// The partner's own id for this payment: the same id reported again is the same payment.
    pub partner_reference: String,
    pub intent_reference: String,
    pub amount: Money,
    pub at: DateTime<Utc>,
    /// True when the money has already left the payer (an acquirer's settlement): what cannot be
    /// credited is set aside to refund. False when the partner asks before moving it (a bank's VA
    /// payment request): what cannot be credited is refused and nothing is recorded.
    pub money_moved: bool,
    /// Cash at a counter: the teller (staff id) and their office.
    pub taken_by: Option<(i64, i64)>,
    /// Decided before the ledger was asked: this money cannot settle its intent (it arrived
    /// after the intent's grace window for an amount no longer owed).
    pub refuse: Option<RefundReason>,
}

/// Stored timestamps: RFC 3339 in UTC with a fixed width, so text order is time order.
pub fn stamp(t: DateTime<Utc>) -> String {
    t.format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

fn parse_stamp(s: &str) -> Result<DateTime<Utc>, sqlx::Error> {
    DateTime::parse_from_rfc3339(s).map(|t| t.with_timezone(&Utc)).map_err(|e| sqlx::Error::Decode(Box::new(e)))
}

/// Hex of `n` random bytes from the operating system: references and receipt tokens nobody
/// can guess.
pub fn random_hex(n: usize) -> String {
    let mut bytes = vec![0u8; n];
    getrandom::fill(&mut bytes).expect("the operating system provides randomness");
    bytes.iter().map(|b| format!("{b:02X}")).collect()
}

/// Which unpaid bills a payment covers: all of them, or (at the counter) the oldest few, never
/// skipping one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cover {
    All,
    Oldest(usize),
}

/// The pending intent for this customer and channel if it still covers exactly what `cover`
/// names now, at the same amount; otherwise a new one. Asking twice never makes two for the
/// same bills.
pub async fn open_intent(
    state: &AppState,
    number: &CustomerNumber,
    channel: &str,
    now: DateTime<Utc>,
    ttl: Duration,
    cover: Cover,
) -> Result<Intent, LedgerError> {
    // The account is read before the write lock is taken; if a payment lands in between, the
    // unpaid bills differ and the attempt starts again from a fresh read.
    for _ in 0..3 {
        if let Some(intent) = try_open_intent(state, number, channel, now, ttl, cover).await? {
            return Ok(intent);
        }
    }
    Err(LedgerError::Db(sqlx::Error::Protocol("the account kept changing while a payment was being opened".into())))
}

async fn try_open_intent(
    state: &AppState,
    number: &CustomerNumber,
    channel: &str,
    now: DateTime<Utc>,
    ttl: Duration,
    cover: Cover,
) -> Result<Option<Intent>, LedgerError> {
    let today = now.with_timezone(&clock::wib()).date_naive();
    let account = super::accounts::load(state, number, today).await.map_err(LedgerError::Account)?.ok_or(LedgerError::CustomerNotFound)?;
    if account.unpaid.is_empty() {
        return Err(LedgerError::NothingToPay);
    }
    // Remote channels only: the counter takes every debt.
    if let (Some(months), false) = (account.counter_only_after, channel == crate::ssr::channels::COUNTER) {
        return Err(LedgerError::CounterOnly(months));
    }
    let mut tx = crate::ssr::db::begin_serial(&state.db, crate::ssr::db::Serial::Ledger).await?;
    let customer_id: i64 = sqlx::query_scalar("SELECT id FROM customers WHERE number = $1").bind(number.as_str()).fetch_one(&mut *tx).await?;
    let unpaid: Vec<(i64, String)> = sqlx::query_as("SELECT id, period FROM bills WHERE customer_id = $1 AND payment_id IS NULL ORDER BY period")
        .bind(customer_id)
        .fetch_all(&mut *tx)
        .await?;
    let read_before: Vec<String> = account.unpaid.iter().map(|b| b.bill.period.to_string()).collect();
    if !unpaid.iter().map(|(_, p)| p).eq(read_before.iter()) {
        return Ok(None);
    }
    let covered_count = match cover {
        Cover::All => unpaid.len(),
        Cover::Oldest(n) if (1..=unpaid.len()).contains(&n) => n,
        Cover::Oldest(_) => return Err(LedgerError::NotCoverable),
    };
    let bills = &account.unpaid[..covered_count];
    let unpaid_ids: Vec<i64> = unpaid[..covered_count].iter().map(|(id, _)| *id).collect();
    let periods: Vec<Period> = bills.iter().map(|b| b.bill.period).collect();
    let total: Money = bills.iter().map(|b| b.total).sum();

    let existing: Option<(i64, String, i64, String, String)> = sqlx::query_as(
        "SELECT id, reference, amount, created_at, expires_at FROM payment_intents
         WHERE customer_id = $1 AND channel = $2 AND status = 'pending' AND expires_at > $3 ORDER BY id DESC LIMIT 1",
    )
    .bind(customer_id)
    .bind(channel)
    .bind(stamp(now))
    .fetch_optional(&mut *tx)
    .await?;
    if let Some((id, reference, amount, created_at, expires_at)) = existing {
        let covered: Vec<i64> =
            sqlx::query_scalar("SELECT bill_id FROM payment_intent_bills WHERE intent_id = $1 ORDER BY bill_id").bind(id).fetch_all(&mut *tx).await?;
        let mut current = unpaid_ids.clone();
        current.sort_unstable();
        if covered == current && Money::rupiah(amount) == total {
            tx.commit().await?;
            return Ok(Some(Intent {
                reference,
                channel: channel.to_string(),
                amount: Money::rupiah(amount),
                status: IntentStatus::Pending,
                created_at: parse_stamp(&created_at)?,
                expires_at: parse_stamp(&expires_at)?,
                periods,
            }));
        }
    }

    let amount = total.whole_rupiah().map_err(|_| LedgerError::Account(crate::error::AppError::BillNeedsReview))?;
    let reference = format!("TRT{}", random_hex(8));
    let expires_at = now + ttl;
    let intent_id: i64 = sqlx::query_scalar(
        "INSERT INTO payment_intents (reference, customer_id, channel, amount, status, created_at, expires_at)
         VALUES ($1, $2, $3, $4, 'pending', $5, $6) RETURNING id",
    )
    .bind(&reference)
    .bind(customer_id)
    .bind(channel)
    .bind(amount)
    .bind(stamp(now))
    .bind(stamp(expires_at))
    .fetch_one(&mut *tx)
    .await?;
    for bill in bills {
        let bill_id = unpaid.iter().find(|(_, p)| *p == bill.bill.period.to_string()).map(|(id, _)| *id).ok_or(sqlx::Error::RowNotFound)?;
        let late_fee = bill.late_fee.whole_rupiah().map_err(|_| LedgerError::Account(crate::error::AppError::BillNeedsReview))?;
        sqlx::query("INSERT INTO payment_intent_bills (intent_id, bill_id, late_fee) VALUES ($1, $2, $3)")
            .bind(intent_id)
            .bind(bill_id)
            .bind(late_fee)
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    Ok(Some(Intent {
        reference,
        channel: channel.to_string(),
        amount: Money::rupiah(amount),
        status: IntentStatus::Pending,
        created_at: now,
        expires_at,
        periods,
    }))
}

/// Records money a partner reports. Safe to call any number of times, concurrently, for the
/// same report: the first call decides, later ones get `Settlement::Repeated` of that outcome.
/// A partner reference already used for another customer or amount changes nothing and is
/// `Settlement::Inconsistent`.
pub async fn settle(db: &AnyPool, report: &PaymentReport) -> Result<Settlement, LedgerError> {
    let amount = report.amount.whole_rupiah().ok().filter(|a| (1..=crate::domain::MAX_PAYMENT_RUPIAH).contains(a));
    let Some(amount) = amount else {
        // Callers parse partners' amounts with `Money::parse_reported`; this is the last guard.
        return Err(LedgerError::Db(sqlx::Error::Protocol(format!("refusing to record {} in the ledger", report.amount))));
    };
    let mut tx = crate::ssr::db::begin_serial(db, crate::ssr::db::Serial::Ledger).await?;
    let intent: Option<(i64, i64, i64, String)> = sqlx::query_as("SELECT id, customer_id, amount, status FROM payment_intents WHERE reference = $1")
        .bind(&report.intent_reference)
        .fetch_optional(&mut *tx)
        .await?;
    let Some((intent_id, customer_id, intent_amount, status)) = intent else {
        return Err(LedgerError::UnknownIntent(report.intent_reference.clone()));
    };
    let credited: Option<(String, i64, i64)> =
        sqlx::query_as("SELECT receipt_number, customer_id, amount FROM payments WHERE channel = $1 AND partner_reference = $2")
            .bind(&report.channel)
            .bind(&report.partner_reference)
            .fetch_optional(&mut *tx)
            .await?;
    if let Some((receipt_number, paid_by, paid_amount)) = credited {
        if (paid_by, paid_amount) != (customer_id, amount) {
            return Ok(Settlement::Inconsistent);
        }
        return Ok(Settlement::Repeated(Box::new(Settlement::Credited { receipt_number })));
    }
    let set_aside: Option<(String, Option<i64>, i64)> =
        sqlx::query_as("SELECT reason, customer_id, amount FROM overpayments WHERE channel = $1 AND partner_reference = $2")
            .bind(&report.channel)
            .bind(&report.partner_reference)
            .fetch_optional(&mut *tx)
            .await?;
    if let Some((reason, kept_for, kept_amount)) = set_aside {
        if (kept_for, kept_amount) != (Some(customer_id), amount) {
            return Ok(Settlement::Inconsistent);
        }
        let reason = reason.parse().map_err(|e: String| sqlx::Error::Decode(e.into()))?;
        return Ok(Settlement::Repeated(Box::new(Settlement::SetAside { reason })));
    }

    let status: IntentStatus = status.parse().map_err(|e: String| sqlx::Error::Decode(e.into()))?;

    let reason = if amount != intent_amount {
        Some(RefundReason::AmountMismatch)
    } else if status == IntentStatus::Paid {
        // Paid through this very intent under another partner id: a replay or a second payment.
        Some(RefundReason::SuspectedDuplicate)
    } else if let Some(reason) = report.refuse {
        Some(reason)
    } else if status == IntentStatus::Superseded {
        Some(RefundReason::AlreadyPaid)
    } else if !status.accepts_settlement() {
        Some(RefundReason::IntentClosed)
    } else {
        let settled_elsewhere: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM payment_intent_bills ib JOIN bills b ON b.id = ib.bill_id
             WHERE ib.intent_id = $1 AND b.payment_id IS NOT NULL",
        )
        .bind(intent_id)
        .fetch_one(&mut *tx)
        .await?;
        if settled_elsewhere > 0 {
            sqlx::query("UPDATE payment_intents SET status = 'superseded' WHERE id = $1").bind(intent_id).execute(&mut *tx).await?;
            Some(RefundReason::AlreadyPaid)
        } else {
            None
        }
    };
    if let Some(reason) = reason {
        if !report.money_moved {
            tx.rollback().await?;
            return Ok(Settlement::Refused { reason });
        }
        // The money is real even when it settles nothing: keep it, to refund.
        sqlx::query(
            "INSERT INTO overpayments (channel, partner_reference, customer_id, intent_id, amount, reason, received_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(&report.channel)
        .bind(&report.partner_reference)
        .bind(customer_id)
        .bind(intent_id)
        .bind(amount)
        .bind(reason.as_str())
        .bind(stamp(report.at))
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        if reason.needs_review() {
            tracing::error!(channel = %report.channel, partner_reference = %report.partner_reference, intent = %report.intent_reference, "second settlement for a paid intent: set aside for staff review");
        } else {
            tracing::warn!(channel = %report.channel, partner_reference = %report.partner_reference, reason = reason.as_str(), "payment set aside for refund");
        }
        return Ok(Settlement::SetAside { reason });
    }

    // The write transaction holds the database: the next id cannot be taken by anyone else.
    let payment_id: i64 = sqlx::query_scalar("SELECT COALESCE(MAX(id), 0) + 1 FROM payments").fetch_one(&mut *tx).await?;
    let receipt_number = format!("TRT-{}-{:07}", report.at.with_timezone(&clock::wib()).format("%y%m%d"), payment_id);
    sqlx::query(
        "INSERT INTO payments (id, receipt_number, customer_id, channel, paid_at, amount, partner_reference, intent_id, verify_token, received_by, office_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
    )
    .bind(payment_id)
    .bind(&receipt_number)
    .bind(customer_id)
    .bind(&report.channel)
    .bind(stamp(report.at))
    .bind(amount)
    .bind(&report.partner_reference)
    .bind(intent_id)
    .bind(random_hex(16))
    .bind(report.taken_by.map(|t| t.0))
    .bind(report.taken_by.map(|t| t.1))
    .execute(&mut *tx)
    .await?;
    let covered: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM payment_intent_bills WHERE intent_id = $1").bind(intent_id).fetch_one(&mut *tx).await?;
    let updated = sqlx::query(
        "UPDATE bills SET payment_id = $1,
                late_fee = (SELECT ib.late_fee FROM payment_intent_bills ib WHERE ib.intent_id = $2 AND ib.bill_id = bills.id)
         WHERE payment_id IS NULL AND id IN (SELECT bill_id FROM payment_intent_bills WHERE intent_id = $2)",
    )
    .bind(payment_id)
    .bind(intent_id)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if updated != covered as u64 {
        // Cannot happen inside the write transaction; if it ever does, change nothing.
        tx.rollback().await?;
        return Err(LedgerError::Db(sqlx::Error::Protocol(format!("intent {intent_id}: {updated} of {covered} bills could be settled"))));
    }
    sqlx::query("UPDATE payment_intents SET status = 'paid', payment_id = $1 WHERE id = $2").bind(payment_id).bind(intent_id).execute(&mut *tx).await?;
    // Open bill and pay pages of this customer follow their payment live.
    crate::ssr::live::publish_for_customer(&mut tx, customer_id, &crate::model::live::LiveChange::Payment { intent: report.intent_reference.clone() }).await?;
    tx.commit().await?;
    tracing::info!(channel = %report.channel, receipt = %receipt_number, amount, "payment credited");
    Ok(Settlement::Credited { receipt_number })
}

/// Ends a pending intent the acquirer reports as expired or cancelled. Status only moves
/// forward: a report that would move it back changes nothing. Returns whether it changed.
pub async fn close_intent(db: &AnyPool, reference: &str, to: IntentStatus) -> Result<bool, LedgerError> {
    let mut tx = crate::ssr::db::begin_serial(db, crate::ssr::db::Serial::Ledger).await?;
    let current: Option<String> =
        sqlx::query_scalar("SELECT status FROM payment_intents WHERE reference = $1").bind(reference).fetch_optional(&mut *tx).await?;
    let Some(current) = current else {
        return Err(LedgerError::UnknownIntent(reference.to_string()));
    };
    let current: IntentStatus = current.parse().map_err(|e: String| sqlx::Error::Decode(e.into()))?;
    if !current.can_become(to) {
        return Ok(false);
    }
    sqlx::query("UPDATE payment_intents SET status = $1 WHERE reference = $2").bind(to.as_str()).bind(reference).execute(&mut *tx).await?;
    tx.commit().await?;
    Ok(true)
}

/// The receipt token of a payment already recorded under this partner reference.
pub async fn receipt_token_for(db: &AnyPool, channel: &str, partner_reference: &str) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar("SELECT verify_token FROM payments WHERE channel = $1 AND partner_reference = $2")
        .bind(channel)
        .bind(partner_reference)
        .fetch_optional(db)
        .await
}

/// An intent as the payment page shows it.
pub struct IntentRecord {
    pub reference: String,
    pub channel: String,
    pub customer_number: CustomerNumber,
    pub customer_name: String,
    pub amount: Money,
    pub status: IntentStatus,
    pub expires_at: DateTime<Utc>,
    pub periods: Vec<Period>,
    pub receipt_token: Option<String>,
    pub receipt_number: Option<String>,
}

#[derive(sqlx::FromRow)]
struct IntentRow {
    id: i64,
    channel: String,
    number: String,
    name: String,
    amount: i64,
    status: String,
    expires_at: String,
    verify_token: Option<String>,
    receipt_number: Option<String>,
}

pub async fn find_intent(db: &AnyPool, reference: &str) -> Result<Option<IntentRecord>, LedgerError> {
    let row: Option<IntentRow> = sqlx::query_as(
        "SELECT i.id, i.channel, c.number, c.name, i.amount, i.status, i.expires_at, p.verify_token, p.receipt_number
         FROM payment_intents i JOIN customers c ON c.id = i.customer_id LEFT JOIN payments p ON p.id = i.payment_id
         WHERE i.reference = $1",
    )
    .bind(reference)
    .fetch_optional(db)
    .await?;
    let Some(IntentRow { id, channel, number, name, amount, status, expires_at, verify_token: receipt_token, receipt_number }) = row else {
        return Ok(None);
    };
    let periods: Vec<String> =
        sqlx::query_scalar("SELECT b.period FROM payment_intent_bills ib JOIN bills b ON b.id = ib.bill_id WHERE ib.intent_id = $1 ORDER BY b.period")
            .bind(id)
            .fetch_all(db)
            .await?;
    let decode = |e: String| LedgerError::Db(sqlx::Error::Decode(e.into()));
    Ok(Some(IntentRecord {
        reference: reference.to_string(),
        channel,
        customer_number: CustomerNumber::parse(&number).map_err(|e| decode(e.to_string()))?,
        customer_name: name,
        amount: Money::rupiah(amount),
        status: status.parse().map_err(decode)?,
        expires_at: parse_stamp(&expires_at)?,
        periods: periods.iter().map(|p| p.parse()).collect::<Result<_, _>>().map_err(|e: crate::domain::InvalidPeriod| decode(e.to_string()))?,
        receipt_token,
        receipt_number,
    }))
}

/// A payment as its receipt shows it, found by the receipt's unguessable token.
pub struct ReceiptRecord {
    pub receipt_number: String,
    pub channel: String,
    pub paid_at: DateTime<Utc>,
    pub amount: Money,
    pub customer_number: CustomerNumber,
    pub customer_name: String,
    pub village: String,
    /// (period, bill amount, late fee)
    pub bills: Vec<(Period, Money, Money)>,
}

#[derive(sqlx::FromRow)]
struct ReceiptRow {
    id: i64,
    receipt_number: String,
    channel: String,
    paid_at: String,
    amount: i64,
    number: String,
    name: String,
    village: String,
}

pub async fn find_receipt(db: &AnyPool, token: &str) -> Result<Option<ReceiptRecord>, LedgerError> {
    let row: Option<ReceiptRow> = sqlx::query_as(
        "SELECT p.id, p.receipt_number, p.channel, p.paid_at, p.amount, c.number, c.name, c.village
         FROM payments p JOIN customers c ON c.id = p.customer_id WHERE p.verify_token = $1",
    )
    .bind(token)
    .fetch_optional(db)
    .await?;
    let Some(ReceiptRow { id, receipt_number, channel, paid_at, amount, number, name, village }) = row else {
        return Ok(None);
    };
    let bills: Vec<(String, i64, Option<i64>)> =
        sqlx::query_as("SELECT period, amount, late_fee FROM bills WHERE payment_id = $1 ORDER BY period").bind(id).fetch_all(db).await?;
    let decode = |e: String| LedgerError::Db(sqlx::Error::Decode(e.into()));
    Ok(Some(ReceiptRecord {
        receipt_number,
        channel,
        paid_at: parse_stamp(&paid_at)?,
        amount: Money::rupiah(amount),
        customer_number: CustomerNumber::parse(&number).map_err(|e| decode(e.to_string()))?,
        customer_name: name,
        village,
        bills: bills
            .into_iter()
            .map(|(p, a, f)| Ok((p.parse().map_err(|e: crate::domain::InvalidPeriod| decode(e.to_string()))?, Money::rupiah(a), Money::rupiah(f.unwrap_or(0)))))
            .collect::<Result<_, LedgerError>>()?,
    }))
}

/// What a ledger failure means to the visitor; database details stay in the log.
impl From<LedgerError> for crate::error::AppError {
    fn from(e: LedgerError) -> Self {
        use crate::error::AppError;
        match e {
            LedgerError::CustomerNotFound => AppError::CustomerNotFound,
            LedgerError::NothingToPay => AppError::NothingToPay,
            LedgerError::CounterOnly(months) => AppError::CounterOnly(months),
            LedgerError::NotCoverable => AppError::Invalid(crate::domain::notice::InputProblem::UnknownChoice("periods".into())),
            LedgerError::UnknownIntent(_) => AppError::PaymentNotFound,
            LedgerError::Account(e) => e,
            LedgerError::Db(e) => {
                tracing::error!(error = %e, "payment ledger database error");
                AppError::Internal
            }
        }
    }
}

/// Marks pending intents past their expiry as expired. A settlement that still arrives for one
/// credits it (see `IntentStatus::can_become`); this only keeps the status honest.
pub async fn expire_intents(db: &AnyPool, now: DateTime<Utc>) -> Result<u64, LedgerError> {
    let done = sqlx::query("UPDATE payment_intents SET status = 'expired' WHERE status = 'pending' AND expires_at <= $1").bind(stamp(now)).execute(db).await?;
    Ok(done.rows_affected())
}
