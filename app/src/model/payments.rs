//! Paying as pages show it: a QRIS payment and its code, virtual accounts, receipts.

use crate::domain::{CustomerNumber, IntentStatus, Money, Period};
use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct QrisCode {
    /// The payload, for e-wallets that accept a pasted code.
    pub payload: String,
    /// The code as an SVG image, drawn on the server.
    pub svg: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PaymentView {
    pub reference: String,
    pub number: CustomerNumber,
    pub masked_name: String,
    pub amount: Money,
    pub status: IntentStatus,
    /// WIB wall-clock time.
    pub expires_at: NaiveDateTime,
    pub seconds_left: i64,
    pub periods: Vec<Period>,
    pub merchant_name: String,
    /// Present while the code can still be paid.
    pub qris: Option<QrisCode>,
    /// (receipt number, receipt token) once paid.
    pub receipt: Option<(String, String)>,
    /// Opens this customer's payment events on the page's live stream.
    pub live_token: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReceiptView {
    pub receipt_number: String,
    pub token: String,
    pub paid_at: NaiveDateTime,
    pub channel: String,
    pub amount: Money,
    pub number: CustomerNumber,
    pub masked_name: String,
    pub village: String,
    pub bills: Vec<(Period, Money, Money)>,
    /// QR of the verification page's address.
    pub verify_svg: String,
    pub verify_url: String,
    /// Opened again after `RECEIPT_ORIGINAL_MINUTES`: printed, it is marked as a copy (SALINAN).
    pub is_copy: bool,
}

/// A receipt printed within this long of its payment is the original; later, a copy.
pub const RECEIPT_ORIGINAL_MINUTES: i64 = 15;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Bank {
    pub id: String,
    /// Its ledger channel (`va_bri`), the key of its health.
    pub channel: String,
    pub name: String,
    /// SNAP BI partnerServiceId: 8 characters, left-padded with spaces.
    pub biller_code: String,
}

impl Bank {
    /// The customer's static virtual account at this bank: biller code + customer number, as
    /// the customer types it (without the padding spaces).
    pub fn virtual_account(&self, number: &CustomerNumber) -> String {
        format!("{}{}", self.biller_code.trim(), number.as_str())
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct VirtualAccounts {
    pub number: CustomerNumber,
    pub masked_name: String,
    pub amount: Money,
    pub periods: Vec<Period>,
    pub banks: Vec<Bank>,
    pub channels: Vec<crate::model::channels::ChannelView>,
    /// Opens this customer's payment events on the page's live stream.
    pub live_token: String,
    /// Nothing is owed any more: the payment that settled it (the page turns to "paid").
    pub paid: Option<PaidReceipt>,
    /// The live event id read before the account: the page's stream resumes after it, so a
    /// payment landing between drawing the page and connecting still reaches it.
    pub head: i64,
}

/// How long after a payment the virtual-account page shows it as just paid (later: nothing to pay).
pub const PAID_SHOWN_HOURS: i64 = 24;

/// The latest payment of an account, as a page that was waiting for it shows it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PaidReceipt {
    pub receipt_number: String,
    /// Opens the receipt (`/resi/{token}`).
    pub token: Option<String>,
    pub amount: Money,
    /// WIB wall-clock time.
    pub paid_at: NaiveDateTime,
    pub channel: String,
}

impl PaidReceipt {
    /// The newest payment in a history (newest first): every period it settled, added up.
    pub fn latest(paid: &[crate::model::bills::PaidBill]) -> Option<PaidReceipt> {
        let first = paid.first()?;
        let amount =
            paid.iter().filter(|p| p.receipt_number == first.receipt_number).map(|p| p.amount + p.late_fee).sum();
        Some(PaidReceipt {
            receipt_number: first.receipt_number.clone(),
            token: first.receipt_token.clone(),
            amount,
            paid_at: first.paid_at,
            channel: first.channel.clone(),
        })
    }
}

/// References are `TRT` and 16 hex digits: anything else is not looked up at all.
pub fn is_reference(s: &str) -> bool {
    s.len() == 19 && s.starts_with("TRT") && s[3..].chars().all(|c| c.is_ascii_hexdigit())
}

/// Receipt tokens are 32 hex digits.
pub fn is_receipt_token(s: &str) -> bool {
    s.len() == 32 && s.chars().all(|c| c.is_ascii_hexdigit())
}
