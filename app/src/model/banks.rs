//! Banks as administrators keep them: their codes, keys and secrets, and what a bank is sent
//! to connect.

use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BankDesk {
    pub csrf: String,
    pub banks: Vec<BankLine>,
    /// The grace periods a rotation offers, in hours.
    pub grace_hours: Vec<u32>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BankLine {
    /// The bank's partner id: X-PARTNER-ID and X-CLIENT-KEY on the SNAP API, `va_{id}` in the ledger.
    pub id: String,
    pub name: String,
    /// SNAP's partnerServiceId without its padding: the start of every virtual account number.
    pub biller_code: String,
    pub active: bool,
    /// The registered key's SHA-256 fingerprint and size; None when no key is registered.
    pub key: Option<KeySummary>,
    /// WIB.
    pub secret_issued_at: Option<NaiveDateTime>,
    pub has_secret: bool,
    /// Until when the secret a rotation replaced still signs.
    pub previous_secret_until: Option<NaiveDateTime>,
    /// Credentials the demo's bank simulator enrolled, not the bank's own.
    pub simulator: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeySummary {
    pub fingerprint: String,
    pub bits: usize,
}

/// A client secret at its one showing; `secret` None when it was shown already.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SecretShowing {
    pub bank_id: String,
    pub bank_name: String,
    pub secret: Option<String>,
}

/// What a bank is sent to connect: everything but the secret, which goes separately.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OnboardingSheet {
    pub bank: BankLine,
    /// Where the bank calls: the portal's public address.
    pub base_url: String,
    /// An example virtual account number: the padded biller code and a customer number.
    pub example_va: String,
    pub example_customer: String,
    /// The digits of every customer number.
    pub customer_digits: usize,
}
