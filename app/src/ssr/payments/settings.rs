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
