//! Money arriving: opening the intent a payment settles, and settling late arrivals.

use chrono::Duration;

/// Records an acquirer's settlement. Within `grace` of its intent's expiry (the acquirer's
/// retries of a payment made in time) it settles the intent as usual; later than that it credits
/// only if it still pays exactly what is owed now, late fees included, and otherwise the money
/// is set aside to refund and the bills stay unpaid.
pub async fn settle_late_aware(
    state: &crate::ssr::AppState,
    mut report: crate::ssr::db::ledger::PaymentReport,
    grace: Duration,
) -> Result<crate::domain::Settlement, crate::ssr::db::ledger::LedgerError> {
    use crate::ssr::{accounts, db::ledger};
    if let Some(intent) = ledger::find_intent(&state.db, &report.intent_reference).await? {
        if intent.status.accepts_settlement() && report.at > intent.expires_at + grace {
            let today = report.at.with_timezone(&crate::ssr::clock::wib()).date_naive();
            let owed_now = accounts::statement(state, &intent.customer_number, today)
                .await
                .map_err(ledger::LedgerError::Account)?;
            let still_owed = owed_now.is_some_and(|owed| {
                owed.statement.total == report.amount && owed.statement.periods() == intent.periods
            });
            if !still_owed {
                report.refuse = Some(crate::domain::RefundReason::ArrivedTooLate);
            }
        }
    }
    ledger::settle(&state.db, &report).await
}

/// Opens (or finds) the payment intent for what `channel` may take of this customer's account
/// now: the account's one statement decides what is owed and whether this channel takes it.
pub async fn open_intent(
    state: &crate::ssr::AppState,
    number: &crate::domain::CustomerNumber,
    channel: &crate::domain::Channel,
    now: chrono::DateTime<chrono::Utc>,
    ttl: Duration,
    cover: crate::domain::Cover,
) -> Result<crate::ssr::db::ledger::Intent, crate::ssr::db::ledger::LedgerError> {
    use crate::ssr::db::ledger::{self, LedgerError};
    let today = now.with_timezone(&crate::ssr::clock::wib()).date_naive();
    // The account is read before the ledger's write lock is taken; if a payment lands in
    // between, the unpaid bills differ and the attempt starts again from a fresh read.
    for _ in 0..3 {
        let owed = crate::ssr::accounts::statement(state, number, today)
            .await
            .map_err(LedgerError::Account)?
            .ok_or(LedgerError::CustomerNotFound)?;
        let covered = owed.statement.payable(channel, cover)?;
        if let Some(intent) =
            ledger::intent_for(&state.db, owed.customer.id, channel, &owed.statement.periods(), covered, now, ttl)
                .await?
        {
            return Ok(intent);
        }
    }
    Err(LedgerError::Db(sqlx::Error::Protocol("the account kept changing while a payment was being opened".into())))
}
