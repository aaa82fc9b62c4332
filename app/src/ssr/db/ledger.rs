//! The payment ledger: intents that fix what a payment covers, and the one place where money
//! received turns into paid bills. Every report of money runs in one write transaction, is
//! recorded exactly once per (channel, partner reference), and ends credited or set aside.

use crate::domain::{
    Channel, CustomerNumber, IntentStatus, Money, OwedBill, Period, RefundReason, Refusal, Settlement,
};
use crate::ssr::clock;
use crate::ssr::db::stamp::{stamp, Stamp};
use crate::ssr::random::random_hex;
use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};
use sqlx::{AnyConnection, AnyPool};

#[derive(Debug, thiserror::Error)]
pub enum LedgerError {
    #[error("no customer has that number")]
    CustomerNotFound,
    #[error("nothing is unpaid")]
    NothingToPay,
    #[error("more than {0} months in arrears: the counter only")]
    CounterOnly(u32),
    /// A choice of oldest periods that cannot be paid (see `Statement::payable`).
    #[error("that choice of periods cannot be paid")]
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
    pub channel: Channel,
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
    pub channel: Channel,
    /// The partner's own id for this payment: the same id reported again is the same payment.
    pub partner_reference: String,
    pub intent_reference: String,
    pub amount: Money,
    pub at: DateTime<Utc>,
    /// True when the money has already left the payer (an acquirer's settlement): what cannot be
    /// credited is set aside to refund. False when the partner asks before moving it (a bank's VA
    /// payment request): what cannot be credited is refused and nothing is recorded.
    pub money_moved: bool,
    /// Cash at a counter: who took it, where. The payment and its audit entry are recorded
    /// together.
    pub taken_by: Option<Teller>,
    /// Decided before the ledger was asked: this money cannot settle its intent (it arrived
    /// after the intent's grace window for an amount no longer owed).
    pub refuse: Option<RefundReason>,
}

impl From<Refusal> for LedgerError {
    fn from(r: Refusal) -> Self {
        match r {
            Refusal::NothingToPay => LedgerError::NothingToPay,
            Refusal::CounterOnly(months) => LedgerError::CounterOnly(months),
            Refusal::NotCoverable => LedgerError::NotCoverable,
        }
    }
}

/// The staff member who took cash, at which office, from which address.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Teller {
    pub member: crate::domain::staff::StaffMember,
    pub office_id: i64,
    pub ip: Option<std::net::IpAddr>,
}

/// A payment already recorded under a partner reference.
#[derive(sqlx::FromRow)]
struct Credited {
    receipt_number: String,
    customer_id: i64,
    amount: i64,
}

/// Money already set aside under a partner reference.
#[derive(sqlx::FromRow)]
struct SetAside {
    reason: String,
    customer_id: Option<i64>,
    amount: i64,
}

#[derive(sqlx::FromRow)]
struct IntentToSettle {
    id: i64,
    customer_id: i64,
    number: String,
    amount: i64,
    status: String,
}

/// The pending intent for this customer and channel if it still covers exactly `covered` (the
/// oldest of `unpaid`, with the late fee each carries now) at the same amount; otherwise a new
/// one. Asking twice never makes two for the same bills. None when the customer's unpaid bills
/// are no longer `unpaid` (a payment landed since they were read) or one of `covered` was revised
/// since: the caller reads again.
pub async fn intent_for(
    db: &AnyPool,
    customer_id: i64,
    channel: &Channel,
    unpaid: &[Period],
    covered: &[OwedBill],
    now: DateTime<Utc>,
    ttl: Duration,
) -> Result<Option<Intent>, LedgerError> {
    let mut tx = crate::ssr::db::begin_serial(db, crate::ssr::db::Serial::Ledger).await?;
    let stored: Vec<UnpaidRow> = sqlx::query_as(
        "SELECT id, period, amount FROM bills WHERE customer_id = $1 AND payment_id IS NULL ORDER BY period",
    )
    .bind(customer_id)
    .fetch_all(&mut *tx)
    .await?;
    if !stored.iter().map(|b| b.period.as_str()).eq(unpaid
        .iter()
        .map(Period::to_string)
        .collect::<Vec<_>>()
        .iter()
        .map(String::as_str))
    {
        return Ok(None);
    }
    // A bill revised since it was read (a corrected reading) asks another amount now.
    if stored.iter().zip(covered).any(|(row, bill)| Money::rupiah(row.amount) != bill.amount) {
        return Ok(None);
    }
    let covered_ids: Vec<i64> = stored[..covered.len()].iter().map(|b| b.id).collect();
    let periods: Vec<Period> = covered.iter().map(OwedBill::period).collect();
    let total: Money = covered.iter().map(|b| b.total).sum();
    let code = channel.code();

    let existing: Option<PendingRow> = sqlx::query_as(
        "SELECT id, reference, amount, created_at, expires_at FROM payment_intents
         WHERE customer_id = $1 AND channel = $2 AND status = $3 AND expires_at > $4 ORDER BY id DESC LIMIT 1",
    )
    .bind(customer_id)
    .bind(&code)
    .bind(IntentStatus::Pending.as_str())
    .bind(stamp(now))
    .fetch_optional(&mut *tx)
    .await?;
    if let Some(pending) = existing {
        let mut holds: Vec<i64> = sqlx::query_scalar("SELECT bill_id FROM payment_intent_bills WHERE intent_id = $1")
            .bind(pending.id)
            .fetch_all(&mut *tx)
            .await?;
        holds.sort_unstable();
        let mut wanted = covered_ids.clone();
        wanted.sort_unstable();
        if holds == wanted && Money::rupiah(pending.amount) == total {
            tx.commit().await?;
            return Ok(Some(Intent {
                reference: pending.reference,
                channel: channel.clone(),
                amount: total,
                status: IntentStatus::Pending,
                created_at: pending.created_at.0,
                expires_at: pending.expires_at.0,
                periods,
            }));
        }
    }

    let amount = whole(total)?;
    let reference = format!("TRT{}", random_hex(8));
    let expires_at = now + ttl;
    let held = covered_ids
        .iter()
        .zip(covered)
        .map(|(id, bill)| Ok((*id, whole(bill.late_fee)?)))
        .collect::<Result<Vec<_>, LedgerError>>()?;
    let new = NewIntent { reference: &reference, customer_id, channel, amount, created_at: now, expires_at };
    insert_intent(&mut tx, &new, &held).await?;
    tx.commit().await?;
    Ok(Some(Intent {
        reference,
        channel: channel.clone(),
        amount: total,
        status: IntentStatus::Pending,
        created_at: now,
        expires_at,
        periods,
    }))
}

/// Whole rupiah, as every amount in the ledger is stored; a fraction means the bill needs review.
pub(super) fn whole(m: Money) -> Result<i64, LedgerError> {
    m.whole_rupiah().map_err(|_| LedgerError::Account(crate::error::AppError::BillNeedsReview))
}

/// An intent to write: what it is for, with the bills it holds and the late fee each carries.
pub(super) struct NewIntent<'a> {
    pub reference: &'a str,
    pub customer_id: i64,
    pub channel: &'a Channel,
    pub amount: i64,
    pub created_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
}

/// Writes a pending intent holding `bills` (bill id, late fee); its id.
pub(super) async fn insert_intent(
    conn: &mut AnyConnection,
    intent: &NewIntent<'_>,
    bills: &[(i64, i64)],
) -> Result<i64, sqlx::Error> {
    let intent_id: i64 = sqlx::query_scalar(
        "INSERT INTO payment_intents (reference, customer_id, channel, amount, status, created_at, expires_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(intent.reference)
    .bind(intent.customer_id)
    .bind(intent.channel.code())
    .bind(intent.amount)
    .bind(IntentStatus::Pending.as_str())
    .bind(stamp(intent.created_at))
    .bind(stamp(intent.expires_at))
    .fetch_one(&mut *conn)
    .await?;
    for (bill_id, late_fee) in bills {
        sqlx::query("INSERT INTO payment_intent_bills (intent_id, bill_id, late_fee) VALUES ($1, $2, $3)")
            .bind(intent_id)
            .bind(bill_id)
            .bind(late_fee)
            .execute(&mut *conn)
            .await?;
    }
    Ok(intent_id)
}

#[derive(sqlx::FromRow)]
struct UnpaidRow {
    id: i64,
    period: String,
    amount: i64,
}

#[derive(sqlx::FromRow)]
struct PendingRow {
    id: i64,
    reference: String,
    amount: i64,
    created_at: Stamp,
    expires_at: Stamp,
}

/// Records money a partner reports. Safe to call any number of times, concurrently, for the
/// same report: the first call decides, later ones get `Settlement::Repeated` of that outcome.
/// A partner reference already used for another customer or amount changes nothing and is
/// `Settlement::Inconsistent`.
pub async fn settle(db: &AnyPool, report: &PaymentReport) -> Result<Settlement, LedgerError> {
    let amount = report.amount.whole_rupiah().ok().filter(|a| (1..=crate::domain::MAX_PAYMENT_RUPIAH).contains(a));
    let Some(amount) = amount else {
        // Callers parse partners' amounts with `Money::parse_reported`; this is the last guard.
        return Err(LedgerError::Db(sqlx::Error::Protocol(format!(
            "refusing to record {} in the ledger",
            report.amount
        ))));
    };
    let mut tx = crate::ssr::db::begin_serial(db, crate::ssr::db::Serial::Ledger).await?;
    let intent: Option<IntentToSettle> = sqlx::query_as(
        "SELECT i.id, i.customer_id, c.number, i.amount, i.status FROM payment_intents i JOIN customers c ON c.id = i.customer_id WHERE i.reference = $1",
    )
    .bind(&report.intent_reference)
    .fetch_optional(&mut *tx)
    .await?;
    let Some(IntentToSettle { id: intent_id, customer_id, number, amount: intent_amount, status }) = intent else {
        return Err(LedgerError::UnknownIntent(report.intent_reference.clone()));
    };
    let credited: Option<Credited> = sqlx::query_as(
        "SELECT receipt_number, customer_id, amount FROM payments WHERE channel = $1 AND partner_reference = $2",
    )
    .bind(report.channel.code())
    .bind(&report.partner_reference)
    .fetch_optional(&mut *tx)
    .await?;
    if let Some(Credited { receipt_number, customer_id: paid_by, amount: paid_amount }) = credited {
        if (paid_by, paid_amount) != (customer_id, amount) {
            return Ok(Settlement::Inconsistent);
        }
        return Ok(Settlement::Repeated(Box::new(Settlement::Credited { receipt_number })));
    }
    let set_aside: Option<SetAside> = sqlx::query_as(
        "SELECT reason, customer_id, amount FROM overpayments WHERE channel = $1 AND partner_reference = $2",
    )
    .bind(report.channel.code())
    .bind(&report.partner_reference)
    .fetch_optional(&mut *tx)
    .await?;
    if let Some(SetAside { reason, customer_id: kept_for, amount: kept_amount }) = set_aside {
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
            sqlx::query("UPDATE payment_intents SET status = $1 WHERE id = $2")
                .bind(IntentStatus::Superseded.as_str())
                .bind(intent_id)
                .execute(&mut *tx)
                .await?;
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
        let kept = Kept {
            channel: &report.channel,
            partner_reference: &report.partner_reference,
            customer_id,
            intent_id: Some(intent_id),
            amount,
            reason,
            at: report.at,
        };
        keep_to_refund(&mut tx, &kept).await?;
        tx.commit().await?;
        if reason.needs_review() {
            tracing::error!(channel = %report.channel, partner_reference = %report.partner_reference, intent = %report.intent_reference, "second settlement for a paid intent: set aside for staff review");
        } else {
            tracing::warn!(channel = %report.channel, partner_reference = %report.partner_reference, reason = reason.as_str(), "payment set aside for refund");
        }
        return Ok(Settlement::SetAside { reason });
    }

    let credit = Credit {
        intent_id,
        intent_reference: &report.intent_reference,
        customer_id,
        customer_number: &number,
        amount,
        receipt_number: None,
        channel: &report.channel,
        partner_reference: &report.partner_reference,
        at: report.at,
        taken_by: report.taken_by.as_ref(),
    };
    let Some(Receipt { receipt_number, .. }) = credit_intent(&mut tx, &credit).await? else {
        // Cannot happen inside the write transaction; if it ever does, change nothing.
        tx.rollback().await?;
        return Err(LedgerError::Db(sqlx::Error::Protocol(format!(
            "intent {intent_id}: not every bill could be settled"
        ))));
    };
    tx.commit().await?;
    tracing::info!(channel = %report.channel, receipt = %receipt_number, amount, "payment credited");
    Ok(Settlement::Credited { receipt_number })
}

/// Money kept to refund: it settles nothing.
pub(super) struct Kept<'a> {
    pub channel: &'a Channel,
    pub partner_reference: &'a str,
    pub customer_id: i64,
    pub intent_id: Option<i64>,
    pub amount: i64,
    pub reason: RefundReason,
    pub at: DateTime<Utc>,
}

/// Records money set aside; its id.
pub(super) async fn keep_to_refund(conn: &mut AnyConnection, kept: &Kept<'_>) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO overpayments (channel, partner_reference, customer_id, intent_id, amount, reason, received_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(kept.channel.code())
    .bind(kept.partner_reference)
    .bind(kept.customer_id)
    .bind(kept.intent_id)
    .bind(kept.amount)
    .bind(kept.reason.as_str())
    .bind(stamp(kept.at))
    .fetch_one(conn)
    .await
}

/// A pending intent's bills paid by money received.
pub(super) struct Credit<'a> {
    pub intent_id: i64,
    pub intent_reference: &'a str,
    pub customer_id: i64,
    pub customer_number: &'a str,
    pub amount: i64,
    /// The number a receipt already printed carries (cash taken offline); None: numbered here,
    /// by the day and the payment's id.
    pub receipt_number: Option<String>,
    pub channel: &'a Channel,
    pub partner_reference: &'a str,
    pub at: DateTime<Utc>,
    pub taken_by: Option<&'a Teller>,
}

/// A payment recorded.
pub(super) struct Receipt {
    pub payment_id: i64,
    pub receipt_number: String,
    pub token: String,
}

/// Records the payment, settles the intent's bills at the late fees it holds, and marks it paid;
/// a teller's payment is audited with it. None (and the caller rolls back) when a bill it holds
/// was settled already: inside the ledger's transaction that cannot happen.
pub(super) async fn credit_intent(
    conn: &mut AnyConnection,
    credit: &Credit<'_>,
) -> Result<Option<Receipt>, sqlx::Error> {
    // The write transaction holds the database: the next id cannot be taken by anyone else.
    let payment_id: i64 =
        sqlx::query_scalar("SELECT COALESCE(MAX(id), 0) + 1 FROM payments").fetch_one(&mut *conn).await?;
    let receipt_number = credit.receipt_number.clone().unwrap_or_else(|| {
        format!("TRT-{}-{:07}", credit.at.with_timezone(&clock::wib()).format("%y%m%d"), payment_id)
    });
    let token = random_hex(16);
    sqlx::query(
        "INSERT INTO payments (id, receipt_number, customer_id, channel, paid_at, amount, partner_reference, intent_id, verify_token, received_by, office_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
    )
    .bind(payment_id)
    .bind(&receipt_number)
    .bind(credit.customer_id)
    .bind(credit.channel.code())
    .bind(stamp(credit.at))
    .bind(credit.amount)
    .bind(credit.partner_reference)
    .bind(credit.intent_id)
    .bind(&token)
    .bind(credit.taken_by.map(|t| t.member.id))
    .bind(credit.taken_by.map(|t| t.office_id))
    .execute(&mut *conn)
    .await?;
    let covered: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM payment_intent_bills WHERE intent_id = $1")
        .bind(credit.intent_id)
        .fetch_one(&mut *conn)
        .await?;
    let updated = sqlx::query(
        "UPDATE bills SET payment_id = $1,
                late_fee = (SELECT ib.late_fee FROM payment_intent_bills ib WHERE ib.intent_id = $2 AND ib.bill_id = bills.id)
         WHERE payment_id IS NULL AND id IN (SELECT bill_id FROM payment_intent_bills WHERE intent_id = $2)",
    )
    .bind(payment_id)
    .bind(credit.intent_id)
    .execute(&mut *conn)
    .await?
    .rows_affected();
    if updated != covered as u64 {
        return Ok(None);
    }
    sqlx::query("UPDATE payment_intents SET status = $1, payment_id = $2 WHERE id = $3")
        .bind(IntentStatus::Paid.as_str())
        .bind(payment_id)
        .bind(credit.intent_id)
        .execute(&mut *conn)
        .await?;
    if let Some(teller) = credit.taken_by {
        let detail = format!("{} {}", credit.customer_number, Money::rupiah(credit.amount));
        crate::ssr::db::audit::record(
            &mut *conn,
            Some(&teller.member),
            &teller.member.username,
            crate::domain::audit::AuditAction::CounterPayment,
            &receipt_number,
            &detail,
            teller.ip,
        )
        .await?;
    }
    // Open bill and pay pages of this customer follow their payment live.
    crate::ssr::live::publish_for_customer(
        conn,
        credit.customer_id,
        &crate::model::live::LiveChange::Payment { intent: credit.intent_reference.to_string() },
    )
    .await?;
    Ok(Some(Receipt { payment_id, receipt_number, token }))
}

/// Ends a pending intent the acquirer reports as expired or cancelled. Status only moves
/// forward: a report that would move it back changes nothing. Returns whether it changed.
pub async fn close_intent(db: &AnyPool, reference: &str, to: IntentStatus) -> Result<bool, LedgerError> {
    let mut tx = crate::ssr::db::begin_serial(db, crate::ssr::db::Serial::Ledger).await?;
    let current: Option<String> = sqlx::query_scalar("SELECT status FROM payment_intents WHERE reference = $1")
        .bind(reference)
        .fetch_optional(&mut *tx)
        .await?;
    let Some(current) = current else {
        return Err(LedgerError::UnknownIntent(reference.to_string()));
    };
    let current: IntentStatus = current.parse().map_err(|e: String| sqlx::Error::Decode(e.into()))?;
    if !current.can_become(to) {
        return Ok(false);
    }
    sqlx::query("UPDATE payment_intents SET status = $1 WHERE reference = $2")
        .bind(to.as_str())
        .bind(reference)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(true)
}

/// The receipt token of a payment already recorded under this partner reference.
pub async fn receipt_token_for(
    db: &AnyPool,
    channel: &Channel,
    partner_reference: &str,
) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar("SELECT verify_token FROM payments WHERE channel = $1 AND partner_reference = $2")
        .bind(channel.code())
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
    expires_at: Stamp,
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
    let Some(IntentRow {
        id,
        channel,
        number,
        name,
        amount,
        status,
        expires_at,
        verify_token: receipt_token,
        receipt_number,
    }) = row
    else {
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
        expires_at: expires_at.0,
        periods: periods
            .iter()
            .map(|p| p.parse())
            .collect::<Result<_, _>>()
            .map_err(|e: crate::domain::InvalidPeriod| decode(e.to_string()))?,
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
    paid_at: Stamp,
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
    #[derive(sqlx::FromRow)]
    struct PaidBillRow {
        period: String,
        amount: i64,
        late_fee: Option<i64>,
    }
    let bills: Vec<PaidBillRow> =
        sqlx::query_as("SELECT period, amount, late_fee FROM bills WHERE payment_id = $1 ORDER BY period")
            .bind(id)
            .fetch_all(db)
            .await?;
    let decode = |e: String| LedgerError::Db(sqlx::Error::Decode(e.into()));
    Ok(Some(ReceiptRecord {
        receipt_number,
        channel,
        paid_at: paid_at.0,
        amount: Money::rupiah(amount),
        customer_number: CustomerNumber::parse(&number).map_err(|e| decode(e.to_string()))?,
        customer_name: name,
        village,
        bills: bills
            .into_iter()
            .map(|b| {
                Ok((
                    b.period.parse().map_err(|e: crate::domain::InvalidPeriod| decode(e.to_string()))?,
                    Money::rupiah(b.amount),
                    Money::rupiah(b.late_fee.unwrap_or(0)),
                ))
            })
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
            LedgerError::NotCoverable => {
                AppError::Invalid(crate::domain::notice::InputProblem::UnknownChoice("periods".into()))
            }
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
    let done = sqlx::query("UPDATE payment_intents SET status = $1 WHERE status = $2 AND expires_at <= $3")
        .bind(IntentStatus::Expired.as_str())
        .bind(IntentStatus::Pending.as_str())
        .bind(stamp(now))
        .execute(db)
        .await?;
    Ok(done.rows_affected())
}

/// A payment a partner reported under its own reference, as its answer names it.
#[derive(sqlx::FromRow)]
pub struct PartnerPayment {
    pub receipt_number: String,
    pub paid_at: Stamp,
    pub amount: i64,
    pub customer_name: String,
    pub customer_number: String,
}

pub async fn by_partner_reference(
    db: &AnyPool,
    channel: &Channel,
    partner_reference: &str,
) -> Result<Option<PartnerPayment>, sqlx::Error> {
    sqlx::query_as(
        "SELECT p.receipt_number, p.paid_at, p.amount, c.name AS customer_name, c.number AS customer_number
         FROM payments p JOIN customers c ON c.id = p.customer_id
         WHERE p.channel = $1 AND p.partner_reference = $2",
    )
    .bind(channel.code())
    .bind(partner_reference)
    .fetch_optional(db)
    .await
}
