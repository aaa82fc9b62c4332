//! What a counter device does with the server when it reaches it: take its office's snapshot
//! and a block of offline receipt numbers, and bring back the cash it took while offline. Authorised by the device's
//! own credential, not a teller's session, which may have expired during a long outage.

use crate::domain::offline::{OfflineOutcome, OfflinePayment, OfflineReceiptNumber, OfflineRefusal, ReceiptBlock};
use crate::domain::staff::Duty;
use crate::domain::ConnectionStatus;
use crate::domain::{CustomerNumber, Money, Period};
use crate::error::AppError;
use crate::model::counter_devices::{
    OfflineAccount, OfflineReceiptStatus, Snapshot, SyncAnswer, SyncRequest, SyncResult,
};
use crate::ssr::db::accounts::{self, Watermarks};
use crate::ssr::db::counter_devices::{self, Device};
use crate::ssr::db::ledger::Teller;
use crate::ssr::db::offline_payments::{self, Offline, Recorded};
use crate::ssr::AppState;
use chrono::{DateTime, Utc};
use sha2::{Digest, Sha256};

/// The enrolled, unrevoked device the request's cookie names.
pub async fn device(state: &AppState, headers: &http::HeaderMap) -> Result<Device, AppError> {
    // The cookie is strict same-site; a request naming another origin is refused all the same.
    if !crate::ssr::auth::same_origin(headers) {
        return Err(AppError::CsrfRejected);
    }
    let device =
        crate::ssr::counter_devices::from_headers(&state.db, headers).await?.ok_or(AppError::DeviceNotEnrolled)?;
    if device.revoked_at.is_some() {
        return Err(AppError::DeviceRevoked);
    }
    Ok(device)
}

/// The device, with a staff member of its office signed in on it: only so are a snapshot and
/// receipt numbers given. The device's credential alone brings back what it took, nothing more.
pub async fn staffed_device(state: &AppState, headers: &http::HeaderMap) -> Result<Device, AppError> {
    let device = device(state, headers).await?;
    let session =
        crate::ssr::auth::session_from_headers(&state.db, headers, Utc::now()).await?.ok_or(AppError::NotSignedIn)?;
    if session.staff.may(Duty::TakeCounterPayments { office_id: device.office_id }) {
        Ok(device)
    } else {
        Err(AppError::Forbidden)
    }
}

/// The next block of offline receipt numbers for the device.
pub async fn receipt_block(state: &AppState, device: &Device, outbox: i64) -> Result<ReceiptBlock, AppError> {
    let now = Utc::now();
    counter_devices::seen(&state.db, device.id, now, outbox.max(0), false).await?;
    Ok(counter_devices::assign_block(&state.db, device.id, state.site.offline.block_size, now).await?)
}

/// An offline payment as its customer follows it, by the key on its provisional receipt.
pub async fn receipt_status(key: &str) -> Result<OfflineReceiptStatus, AppError> {
    if !OfflinePayment::key_is_valid(key) {
        return Err(AppError::ReceiptNotFound);
    }
    let state = crate::ssr::app_state()?;
    let Some(row) = offline_payments::status(&state.db, key).await? else {
        return Ok(OfflineReceiptStatus::NotYetSynced);
    };
    let outcome = row.record.outcome().map_err(|e| {
        tracing::error!(error = %e, "an offline payment's record does not read");
        AppError::Internal
    })?;
    let receipt_number = OfflineReceiptNumber(row.record.receipt_number).to_string();
    Ok(match outcome {
        OfflineOutcome::Credited { receipt_token, .. } => {
            OfflineReceiptStatus::Credited { receipt_number, receipt_token }
        }
        OfflineOutcome::SetAside { .. } => {
            OfflineReceiptStatus::SetAside { receipt_number, office_name: row.office_name }
        }
        OfflineOutcome::Refused { .. } => {
            OfflineReceiptStatus::Refused { receipt_number, office_name: row.office_name }
        }
    })
}

/// The device's office as the counter needs it offline: whole, or (`since`, the cursor of an
/// earlier snapshot) only the accounts that changed after it. A cursor that does not read, or a
/// customers file applied since, gives the office whole.
pub async fn snapshot(
    state: &AppState,
    device: &Device,
    since: Option<&str>,
    outbox: i64,
) -> Result<Snapshot, AppError> {
    let now = Utc::now();
    counter_devices::seen(&state.db, device.id, now, outbox.max(0), false).await?;
    let marks = accounts::watermarks(&state.db).await?;
    let since = match since.and_then(read_cursor) {
        Some(w) if !accounts::bulk_changes_since(&state.db, w.audit).await? => Some(w),
        _ => None,
    };
    let mut offline = Vec::new();
    for (row, bills) in accounts::office_accounts(&state.db, device.office_id, since).await? {
        let Ok(status) = row.status.parse::<ConnectionStatus>() else {
            tracing::error!(number = %row.number, status = %row.status, "an account's status does not read");
            return Err(AppError::Internal);
        };
        let issued = bills.iter().map(crate::ssr::accounts::issued).collect::<Result<Vec<_>, _>>();
        // Bills that do not read are held for review: the counter is told so, and takes no cash.
        let under_review = issued.is_err();
        if let Err(e) = &issued {
            tracing::error!(number = %row.number, error = %e, "an account's bills are held for review in a counter snapshot");
        }
        offline.push(OfflineAccount {
            number: row.number,
            name: row.name,
            address: row.address,
            village: row.village,
            status,
            group_code: row.group_code,
            bills: issued.unwrap_or_default(),
            under_review,
        });
    }
    counter_devices::served_snapshot(&state.db, device.id, now).await?;
    Ok(Snapshot {
        taken_at: now,
        cursor: cursor(marks),
        full: since.is_none(),
        office_name: device.office_name.clone(),
        rules: (*state.rules.get()).clone(),
        limits: state.site.offline,
        accounts: offline,
    })
}

fn cursor(w: Watermarks) -> String {
    format!("v1.{}.{}.{}", w.bill, w.payment, w.audit)
}

fn read_cursor(s: &str) -> Option<Watermarks> {
    let mut parts = s.strip_prefix("v1.")?.split('.').map(|p| p.parse::<i64>().ok().filter(|n| *n >= 0));
    let w = Watermarks { bill: parts.next()??, payment: parts.next()??, audit: parts.next()?? };
    parts.next().is_none().then_some(w)
}

/// Records the device's payments in order, each under its key. A payment the server cannot
/// record now (the database failing) ends the batch there: the answer holds the results so far,
/// and the device keeps the rest to send again.
pub async fn sync(state: &AppState, device: &Device, request: &SyncRequest) -> Result<SyncAnswer, AppError> {
    let now = Utc::now();
    let mut results = Vec::with_capacity(request.payments.len());
    for payment in &request.payments {
        match record(state, device, payment, now).await {
            Ok(outcome) => results.push(SyncResult { key: payment.key.clone(), outcome }),
            Err(e) if results.is_empty() => return Err(e),
            Err(e) => {
                tracing::error!(error = %e, key = %payment.key, "an offline payment could not be recorded: the batch stops here");
                break;
            }
        }
    }
    if results.iter().any(|r| matches!(r.outcome, OfflineOutcome::Credited { .. })) {
        state.live.wake();
    }
    let left = (request.outbox - results.len() as i64).max(0);
    counter_devices::seen(&state.db, device.id, now, left, true).await?;
    Ok(SyncAnswer { results })
}

/// SHA-256 of the payment as the server reads it: the same payment sent again hashes the same,
/// whatever spacing or field order its JSON had.
fn payload_hash(payment: &OfflinePayment) -> String {
    let canonical = serde_json::to_vec(&payment.canonical()).unwrap_or_default();
    hex::encode(Sha256::digest(&canonical))
}

async fn record(
    state: &AppState,
    device: &Device,
    payment: &OfflinePayment,
    now: DateTime<Utc>,
) -> Result<OfflineOutcome, AppError> {
    if !OfflinePayment::key_is_valid(&payment.key) {
        // Nothing can be kept under a key that is not one.
        return Ok(OfflineOutcome::Refused { reason: OfflineRefusal::Malformed });
    }
    let hash = payload_hash(payment);
    if let Some(answer) = offline_payments::replay(&state.db, device, &payment.key, &hash).await? {
        return Ok(answer);
    }
    let refuse = |reason| offline_payments::refuse(&state.db, device, payment, &hash, reason, now);
    if let Err(reason) = payment.check(&state.site.offline, now) {
        return Ok(refuse(reason).await?);
    }
    let Ok(number) = CustomerNumber::parse(&payment.customer) else {
        return Ok(refuse(OfflineRefusal::UnknownCustomer).await?);
    };
    let teller = teller(state, device, &payment.teller).await?;
    let listed = payment.periods();
    // A payment landing between the pricing and the ledger's lock is seen under the lock: the
    // bills are priced again. Three tries are more than any real contention needs.
    for _ in 0..3 {
        let day = crate::domain::offline::counter_day(payment.taken_at);
        let owed = match crate::ssr::accounts::statement(state, &number, day).await {
            Ok(owed) => owed,
            // Bills that do not add up are held for review: the office settles this cash, and
            // the rest of the outbox goes on.
            Err(AppError::BillNeedsReview) => return Ok(refuse(OfflineRefusal::UnderReview).await?),
            Err(e) => return Err(e),
        };
        let priced: Vec<(Period, Money, Money)> = owed
            .as_ref()
            .map(|o| {
                o.statement
                    .bills
                    .iter()
                    .filter(|b| listed.contains(&b.period))
                    .map(|b| (b.period, b.amount, b.late_fee))
                    .collect()
            })
            .unwrap_or_default();
        let offline = Offline {
            device,
            payment,
            payload_hash: &hash,
            teller: teller.as_ref(),
            customer_id: owed.as_ref().map(|o| o.customer.id),
            priced: &priced,
            limits: &state.site.offline,
            now,
        };
        if let Recorded::Answer(outcome) = offline_payments::record(&state.db, &offline).await? {
            return Ok(outcome);
        }
    }
    tracing::error!(key = %payment.key, "an offline payment's bills kept changing while it was recorded");
    Err(AppError::Internal)
}

/// The teller named, if they are an active staff member who takes cash at the device's office.
async fn teller(state: &AppState, device: &Device, username: &str) -> Result<Option<Teller>, AppError> {
    let Some((id, _, true)) = crate::ssr::db::staff::credentials(&state.db, username).await? else { return Ok(None) };
    let Some(member) = crate::ssr::db::staff::member(&state.db, id).await? else { return Ok(None) };
    Ok(member.may(Duty::TakeCounterPayments { office_id: device.office_id }).then_some(Teller {
        member,
        office_id: device.office_id,
        ip: None,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cursor_reads_back_and_anything_else_is_no_cursor() {
        let w = Watermarks { bill: 120, payment: 7, audit: 3_001 };
        assert_eq!(read_cursor(&cursor(w)), Some(w));
        for bad in ["", "v1.1.2", "v1.1.2.3.4", "v2.1.2.3", "v1.a.2.3", "v1.-1.2.3"] {
            assert_eq!(read_cursor(bad), None, "{bad:?}");
        }
    }
}
