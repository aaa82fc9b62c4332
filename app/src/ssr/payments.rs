//! Payment channel settings, from configuration and validated at start.

use crate::domain::qris::Merchant;
use chrono::Duration;

#[derive(Clone, Debug)]
pub struct QrisSettings {
    /// The utility's own merchant identity: the only one its codes may carry.
    pub merchant: Merchant,
    /// Shared with the acquirer: signs its notifications.
    pub server_key: String,
    /// How long a dynamic QRIS stays payable.
    pub ttl: Duration,
    /// How long after its expiry a settlement still credits its intent as it was: the
    /// acquirer's retries of a payment made in time.
    pub late_grace: Duration,
}

#[derive(Clone, Debug)]
pub struct PaymentSettings {
    /// None: the channel is not configured, and the portal says so instead of showing a code.
    pub qris: Option<QrisSettings>,
    /// Demo mode: the payment simulator is available. Never in production.
    pub demo: bool,
}

/// Records an acquirer's settlement. Within `grace` of its intent's expiry (the acquirer's
/// retries of a payment made in time) it settles the intent as usual; later than that it credits
/// only if it still pays exactly what is owed now, late fees included, and otherwise the money
/// is set aside to refund and the bills stay unpaid.
pub async fn settle_late_aware(
    state: &crate::ssr::AppState,
    mut report: crate::ssr::db::ledger::PaymentReport,
    grace: Duration,
) -> Result<crate::domain::Settlement, crate::ssr::db::ledger::LedgerError> {
    use crate::ssr::db::{accounts, ledger};
    if let Some(intent) = ledger::find_intent(&state.db, &report.intent_reference).await? {
        if intent.status.accepts_settlement() && report.at > intent.expires_at + grace {
            let today = report.at.with_timezone(&crate::ssr::clock::wib()).date_naive();
            let owed_now = accounts::load(state, &intent.customer_number, today).await.map_err(ledger::LedgerError::Account)?;
            let still_owed = owed_now
                .is_some_and(|account| account.total_owed == report.amount && account.unpaid.iter().map(|b| b.bill.period).eq(intent.periods.iter().copied()));
            if !still_owed {
                report.refuse = Some(crate::domain::RefundReason::ArrivedTooLate);
            }
        }
    }
    ledger::settle(&state.db, &report).await
}
