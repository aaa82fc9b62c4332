//! Cash taken at a counter while offline, reaching the ledger. Each payment is recorded once
//! under the key its device gave it, with the answer it got, in the ledger's transaction: the
//! same payment sent again (a link that dropped mid-sync) gets that answer and changes nothing.

use super::adjustments::{self, NewLine};
use super::counter_devices::{self, Device};
use super::ledger::{self, Credit, Kept, LedgerError, NewIntent, Receipt, Teller};
use super::stamp::{stamp, Stamp};
use crate::domain::adjustment::AdjustmentKind;
use crate::domain::offline::{
    judge, Judgement, LateFees, OfflineLimits, OfflineOutcome, OfflinePayment, OfflineReceiptNumber, OfflineRefusal,
    Outcome, StoredBill,
};
use crate::domain::{Channel, Money, Period, RefundReason};
use chrono::{DateTime, Utc};
use sqlx::{AnyConnection, AnyPool};

/// One offline payment with what the server found out before taking the ledger's lock.
pub struct Offline<'a> {
    pub device: &'a Device,
    pub payment: &'a OfflinePayment,
    /// SHA-256 of the payment as sent, hex.
    pub payload_hash: &'a str,
    /// The teller named, if they may take cash at the device's office.
    pub teller: Option<&'a Teller>,
    pub customer_id: Option<i64>,
    /// The server's price of each unpaid bill among those listed, at the moment the cash was
    /// taken: (period, amount, late fee).
    pub priced: &'a [(Period, Money, Money)],
    pub limits: &'a OfflineLimits,
    pub now: DateTime<Utc>,
}

pub enum Recorded {
    Answer(OfflineOutcome),
    /// A bill listed was revised or paid after it was priced: price again.
    Changed,
}

/// An offline payment as recorded, with the answer it got.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct OfflineRecord {
    pub device_id: i64,
    pub payload_hash: String,
    pub receipt_number: i64,
    pub teller: String,
    pub customer_number: String,
    pub amount: i64,
    pub periods: String,
    pub taken_at: Stamp,
    pub synced_at: Stamp,
    pub outcome: String,
    pub reason: Option<String>,
    pub difference: i64,
    pub verify_token: Option<String>,
}

macro_rules! record_columns {
    () => {
        "SELECT o.device_id, o.payload_hash, o.receipt_number, o.teller, o.customer_number, o.amount, o.periods,
                o.taken_at, o.synced_at, o.outcome, o.reason, o.difference, p.verify_token"
    };
}
macro_rules! record_tables {
    () => {
        " FROM offline_payments o LEFT JOIN payments p ON p.id = o.payment_id"
    };
}
macro_rules! record {
    () => {
        concat!(record_columns!(), record_tables!())
    };
}

impl OfflineRecord {
    /// The answer the payment got, as the device and the supervisor read it.
    pub fn outcome(&self) -> Result<OfflineOutcome, sqlx::Error> {
        let decode = |e: String| sqlx::Error::Decode(e.into());
        let reason = || self.reason.clone().ok_or_else(|| decode("an offline payment's reason is missing".into()));
        Ok(match self.outcome.parse::<Outcome>().map_err(decode)? {
            Outcome::Credited => OfflineOutcome::Credited {
                receipt_number: OfflineReceiptNumber(self.receipt_number).to_string(),
                receipt_token: self
                    .verify_token
                    .clone()
                    .ok_or_else(|| decode("a credited offline payment has no payment".into()))?,
                difference: Money::rupiah(self.difference),
            },
            Outcome::SetAside => OfflineOutcome::SetAside { reason: reason()?.parse().map_err(decode)? },
            Outcome::Refused => OfflineOutcome::Refused { reason: reason()?.parse().map_err(decode)? },
        })
    }
}

async fn stored(conn: &mut AnyConnection, key: &str) -> Result<Option<OfflineRecord>, sqlx::Error> {
    sqlx::query_as(concat!(record!(), " WHERE o.idempotency_key = $1")).bind(key).fetch_optional(conn).await
}

/// The stored answer for this payment of this device, if it was sent before. Another payment
/// under the same key, or one from another device, is refused, and nothing is written for it.
pub async fn replay(
    db: &AnyPool,
    device: &Device,
    key: &str,
    payload_hash: &str,
) -> Result<Option<OfflineOutcome>, sqlx::Error> {
    let mut conn = db.acquire().await?;
    answer_of(stored(&mut conn, key).await?, device, payload_hash)
}

fn answer_of(
    stored: Option<OfflineRecord>,
    device: &Device,
    payload_hash: &str,
) -> Result<Option<OfflineOutcome>, sqlx::Error> {
    match stored {
        None => Ok(None),
        Some(r) if r.device_id == device.id && r.payload_hash == payload_hash => r.outcome().map(Some),
        Some(_) => Ok(Some(OfflineOutcome::Refused { reason: OfflineRefusal::KeyReused })),
    }
}

/// Records a payment refused before anything was looked up (malformed, a stale snapshot), so
/// that the supervisor sees it with its reason.
pub async fn refuse(
    db: &AnyPool,
    device: &Device,
    payment: &OfflinePayment,
    payload_hash: &str,
    reason: OfflineRefusal,
    now: DateTime<Utc>,
) -> Result<OfflineOutcome, LedgerError> {
    let mut tx = super::begin_serial(db, super::Serial::Ledger).await?;
    if let Some(answer) = answer_of(stored(&mut tx, &payment.key).await?, device, payload_hash)? {
        return Ok(answer);
    }
    let outcome = OfflineOutcome::Refused { reason };
    store(
        &mut tx,
        &Row {
            device,
            payment,
            payload_hash,
            customer_id: None,
            now,
            outcome: &outcome,
            payment_id: None,
            overpayment_id: None,
        },
    )
    .await?;
    tx.commit().await?;
    Ok(outcome)
}

/// Records the payment in the ledger: credited, set aside (its bills were paid meanwhile, or
/// revised since the device read them), or refused.
pub async fn record(db: &AnyPool, o: &Offline<'_>) -> Result<Recorded, LedgerError> {
    let p = o.payment;
    let mut tx = super::begin_serial(db, super::Serial::Ledger).await?;
    if let Some(answer) = answer_of(stored(&mut tx, &p.key).await?, o.device, o.payload_hash)? {
        return Ok(Recorded::Answer(answer));
    }
    let (outcome, payment_id, overpayment_id) = match decide(&mut tx, o).await? {
        Decision::Changed => {
            tx.rollback().await?;
            return Ok(Recorded::Changed);
        }
        Decision::Refuse(reason) => (OfflineOutcome::Refused { reason }, None, None),
        Decision::SetAside { customer_id, reason } => {
            // By the number on the customer's provisional receipt: what the office matches
            // when the customer brings it for the refund.
            let number = p.receipt_number.to_string();
            let kept = Kept {
                channel: &Channel::Counter,
                partner_reference: &number,
                customer_id,
                intent_id: None,
                amount: ledger::whole(p.total)?,
                reason,
                at: p.taken_at,
            };
            let kept = ledger::keep_to_refund(&mut tx, &kept).await?;
            (OfflineOutcome::SetAside { reason }, None, Some(kept))
        }
        Decision::Credit { customer_id, teller, bills } => {
            let (payment_id, outcome) = credit(&mut tx, o, customer_id, teller, &bills).await?;
            (outcome, Some(payment_id), None)
        }
    };
    let row = Row {
        device: o.device,
        payment: p,
        payload_hash: o.payload_hash,
        customer_id: o.customer_id,
        now: o.now,
        outcome: &outcome,
        payment_id,
        overpayment_id,
    };
    store(&mut tx, &row).await?;
    tx.commit().await?;
    if let OfflineOutcome::SetAside { reason } = outcome {
        tracing::warn!(key = %p.key, receipt = %p.receipt_number, reason = reason.as_str(), "offline cash set aside for refund");
    }
    Ok(Recorded::Answer(outcome))
}

/// A listed bill with the late fee the device charged and the one the server's rule gives.
struct ListedBill {
    id: i64,
    fees: LateFees,
}

enum Decision<'a> {
    Refuse(OfflineRefusal),
    SetAside { customer_id: i64, reason: RefundReason },
    Credit { customer_id: i64, teller: &'a Teller, bills: Vec<ListedBill> },
    Changed,
}

#[derive(sqlx::FromRow)]
struct BillRow {
    id: i64,
    period: String,
    amount: i64,
    payment_id: Option<i64>,
}

async fn decide<'a>(tx: &mut AnyConnection, o: &Offline<'a>) -> Result<Decision<'a>, LedgerError> {
    let p = o.payment;
    let Some(teller) = o.teller else { return Ok(Decision::Refuse(OfflineRefusal::UnknownTeller)) };
    let Some(customer_id) = o.customer_id else { return Ok(Decision::Refuse(OfflineRefusal::UnknownCustomer)) };
    // The device's own word for when its bills were read counts for nothing: only a snapshot
    // the server served it.
    if !counter_devices::served(tx, o.device.id, p.snapshot_at).await? {
        return Ok(Decision::Refuse(OfflineRefusal::UnknownSnapshot));
    }
    if !counter_devices::holds_number(tx, o.device.id, p.receipt_number.0).await? {
        return Ok(Decision::Refuse(OfflineRefusal::NumberNotAssigned));
    }
    let used: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM offline_payments WHERE receipt_number = $1 AND outcome <> $2")
            .bind(p.receipt_number.0)
            .bind(Outcome::Refused.as_str())
            .fetch_one(&mut *tx)
            .await?;
    if used > 0 {
        return Ok(Decision::Refuse(OfflineRefusal::NumberUsed));
    }
    // The same offline stretch: everything this device took since the snapshot this was priced from.
    let taken: i64 = sqlx::query_scalar(
        "SELECT CAST(COALESCE(SUM(amount), 0) AS BIGINT) FROM offline_payments
         WHERE device_id = $1 AND outcome <> $2 AND taken_at >= $3",
    )
    .bind(o.device.id)
    .bind(Outcome::Refused.as_str())
    .bind(stamp(p.snapshot_at))
    .fetch_one(&mut *tx)
    .await?;
    if Money::rupiah(taken) + p.total > o.limits.device_total {
        return Ok(Decision::Refuse(OfflineRefusal::OverDeviceLimit));
    }
    let rows: Vec<BillRow> =
        sqlx::query_as("SELECT id, period, amount, payment_id FROM bills WHERE customer_id = $1 ORDER BY period")
            .bind(customer_id)
            .fetch_all(&mut *tx)
            .await?;
    let mut stored = Vec::with_capacity(rows.len());
    for row in &rows {
        let period: Period =
            row.period.parse().map_err(|e: crate::domain::InvalidPeriod| sqlx::Error::Decode(e.to_string().into()))?;
        stored.push((row.id, StoredBill { period, amount: Money::rupiah(row.amount), paid: row.payment_id.is_some() }));
    }
    let bills: Vec<StoredBill> = stored.iter().map(|(_, b)| *b).collect();
    Ok(match judge(p, &bills, o.priced) {
        Judgement::Credit(fees) => Decision::Credit {
            customer_id,
            teller,
            bills: fees
                .into_iter()
                .filter_map(|fees| {
                    stored.iter().find(|(_, b)| b.period == fees.period).map(|(id, _)| ListedBill { id: *id, fees })
                })
                .collect(),
        },
        Judgement::SetAside(reason) => Decision::SetAside { customer_id, reason },
        Judgement::Refuse(reason) => Decision::Refuse(reason),
        Judgement::PriceAgain => Decision::Changed,
    })
}

/// Credits the listed bills at the late fees the device charged; where the server's rule gave
/// another fee for that moment, the difference goes on the customer's next bill.
async fn credit(
    tx: &mut AnyConnection,
    o: &Offline<'_>,
    customer_id: i64,
    teller: &Teller,
    bills: &[ListedBill],
) -> Result<(i64, OfflineOutcome), LedgerError> {
    let p = o.payment;
    let amount = ledger::whole(p.total)?;
    let reference = format!("TRT{}", crate::ssr::random::random_hex(8));
    let held =
        bills.iter().map(|b| Ok((b.id, ledger::whole(b.fees.charged)?))).collect::<Result<Vec<_>, LedgerError>>()?;
    let intent = NewIntent {
        reference: &reference,
        customer_id,
        channel: &Channel::Counter,
        amount,
        created_at: p.taken_at,
        expires_at: p.taken_at,
    };
    let intent_id = ledger::insert_intent(tx, &intent, &held).await?;
    let credit = Credit {
        intent_id,
        intent_reference: &reference,
        customer_id,
        customer_number: &p.customer,
        amount,
        receipt_number: Some(p.receipt_number.to_string()),
        channel: &Channel::Counter,
        partner_reference: &p.key,
        at: p.taken_at,
        taken_by: Some(teller),
    };
    let Some(Receipt { payment_id, receipt_number, token }) = ledger::credit_intent(tx, &credit).await? else {
        return Err(LedgerError::Db(sqlx::Error::Protocol(format!(
            "offline payment {}: not every bill could be settled",
            p.key
        ))));
    };
    let mut difference = 0;
    for LateFees { period, charged, owed } in bills.iter().map(|b| b.fees).filter(|f| f.owed != f.charged) {
        let amount = ledger::whole(owed - charged)?;
        let detail = format!("{} → {}", ledger::whole(charged)?, ledger::whole(owed)?);
        let line = NewLine {
            customer_id,
            kind: AdjustmentKind::OfflineLateFee,
            period,
            detail: &detail,
            amount,
            staff_id: teller.member.id,
            run_id: None,
            bill_id: None,
        };
        adjustments::add(tx, &line).await?;
        difference += amount;
    }
    Ok((
        payment_id,
        OfflineOutcome::Credited { receipt_number, receipt_token: token, difference: Money::rupiah(difference) },
    ))
}

struct Row<'a> {
    device: &'a Device,
    payment: &'a OfflinePayment,
    payload_hash: &'a str,
    customer_id: Option<i64>,
    now: DateTime<Utc>,
    outcome: &'a OfflineOutcome,
    payment_id: Option<i64>,
    overpayment_id: Option<i64>,
}

async fn store(conn: &mut AnyConnection, row: &Row<'_>) -> Result<(), sqlx::Error> {
    let p = row.payment;
    let (reason, difference) = match row.outcome {
        OfflineOutcome::Credited { difference, .. } => (None, difference.whole_rupiah().unwrap_or(0)),
        OfflineOutcome::SetAside { reason } => (Some(reason.as_str()), 0),
        OfflineOutcome::Refused { reason } => (Some(reason.as_str()), 0),
    };
    let periods = p.periods().iter().map(Period::to_string).collect::<Vec<_>>().join(",");
    sqlx::query(
        "INSERT INTO offline_payments (device_id, idempotency_key, payload_hash, receipt_number, teller, customer_number,
                customer_id, amount, periods, taken_at, synced_at, outcome, reason, payment_id, overpayment_id, difference)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)",
    )
    .bind(row.device.id)
    .bind(&p.key)
    .bind(row.payload_hash)
    .bind(p.receipt_number.0)
    .bind(&p.teller)
    .bind(&p.customer)
    .bind(row.customer_id)
    .bind(p.total.whole_rupiah().unwrap_or(0))
    .bind(periods)
    .bind(stamp(p.taken_at))
    .bind(stamp(row.now))
    .bind(row.outcome.kind().as_str())
    .bind(reason)
    .bind(row.payment_id)
    .bind(row.overpayment_id)
    .bind(difference)
    .execute(conn)
    .await?;
    Ok(())
}

/// An offline payment as its customer follows it: as recorded, with the office that took it.
#[derive(sqlx::FromRow)]
pub struct StatusRow {
    #[sqlx(flatten)]
    pub record: OfflineRecord,
    pub office_name: String,
}

pub async fn status(db: &AnyPool, key: &str) -> Result<Option<StatusRow>, sqlx::Error> {
    sqlx::query_as(concat!(
        record_columns!(),
        ", u.name AS office_name",
        record_tables!(),
        " JOIN counter_devices d ON d.id = o.device_id JOIN unit_offices u ON u.id = d.office_id
          WHERE o.idempotency_key = $1"
    ))
    .bind(key)
    .fetch_optional(db)
    .await
}

/// The offline payments taken at an office's devices on a WIB day (only `teller`'s, when
/// given), in the order they were taken.
pub async fn of_office_day(
    db: &AnyPool,
    office_id: i64,
    day: chrono::NaiveDate,
    teller: Option<&str>,
) -> Result<Vec<OfflineRecord>, sqlx::Error> {
    let (from, to) = crate::ssr::db::reports::day_bounds(day);
    sqlx::query_as(concat!(
        record!(),
        " JOIN counter_devices d ON d.id = o.device_id
          WHERE d.office_id = $1 AND o.taken_at >= $2 AND o.taken_at < $3 AND ($4 = '' OR o.teller = $4)
          ORDER BY o.taken_at, o.id"
    ))
    .bind(office_id)
    .bind(from)
    .bind(to)
    .bind(teller.unwrap_or_default())
    .fetch_all(db)
    .await
}

/// A device's offline payments, the latest first.
pub async fn of_device(db: &AnyPool, device_id: i64, limit: i64) -> Result<Vec<OfflineRecord>, sqlx::Error> {
    sqlx::query_as(concat!(record!(), " WHERE o.device_id = $1 ORDER BY o.taken_at DESC, o.id DESC LIMIT $2"))
        .bind(device_id)
        .bind(limit)
        .fetch_all(db)
        .await
}
