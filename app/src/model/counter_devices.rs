//! Counter devices that take cash offline: what a device sends when the server answers again,
//! what it gets back, and what supervisors see of every device.

use crate::domain::offline::{OfflineLimits, OfflineOutcome, OfflinePayment, OfflineReceiptNumber};
use crate::domain::{BillingRules, ConnectionStatus, IssuedBill, Money, Statement, StatementError};
use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use serde::{Deserialize, Serialize};

/// The name of the cookie that carries a device's credential: set when a supervisor enrols the
/// device, sent with its sync requests whoever is signed in (or nobody, after a long outage).
pub const DEVICE_COOKIE: &str = "tirta_loket";

/// An offline payment as its customer follows it, by the key the provisional receipt's QR
/// carries.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum OfflineReceiptStatus {
    /// The server has not heard of it yet: the counter sends it when it is back online.
    NotYetSynced,
    /// On record: the official receipt, under the same number.
    Credited { receipt_number: String, receipt_token: String },
    /// The bills were paid meanwhile another way (or changed): the cash is refunded at the office.
    SetAside { receipt_number: String, office_name: String },
    /// The server would not record it: the office settles it with the customer.
    Refused { receipt_number: String, office_name: String },
}

/// One customer of the device's office, as the counter needs them when the server cannot be
/// reached.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OfflineAccount {
    /// As stored (digits).
    pub number: String,
    pub name: String,
    pub address: String,
    pub village: String,
    pub status: ConnectionStatus,
    pub group_code: String,
    /// Unpaid, oldest first, as issued: the device prices them with the rules on the day, as
    /// the server does.
    pub bills: Vec<IssuedBill>,
    /// The bills do not add up and are held for review: no cash is taken offline (`bills` empty).
    pub under_review: bool,
}

impl OfflineAccount {
    /// What the account owes on `today`, by the billing domain the server uses.
    pub fn statement(&self, rules: &BillingRules, today: NaiveDate) -> Result<Statement, StatementError> {
        Statement::of(self.bills.clone(), rules, today)
    }
}

/// What a device keeps of its office, to serve the counter offline.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Snapshot {
    pub taken_at: DateTime<Utc>,
    /// Sent back as `since`, the next snapshot holds only the accounts that changed after this one.
    pub cursor: String,
    /// Every account of the office (the device replaces what it holds), or only those that
    /// changed (the device replaces those).
    pub full: bool,
    pub office_name: String,
    /// The tariffs, the late-fee rule, the due day and the holidays: whole every time.
    pub rules: BillingRules,
    pub limits: OfflineLimits,
    pub accounts: Vec<OfflineAccount>,
}

/// What a device sends when it reaches the server: its outbox, oldest first.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SyncRequest {
    /// How many payments the outbox holds, these included: supervisors see it.
    pub outbox: i64,
    pub payments: Vec<OfflinePayment>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SyncResult {
    pub key: String,
    #[serde(flatten)]
    pub outcome: OfflineOutcome,
}

/// One result per payment sent, in the same order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SyncAnswer {
    pub results: Vec<SyncResult>,
}

/// An offline payment as supervisors see it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OfflinePaymentLine {
    pub receipt_number: OfflineReceiptNumber,
    pub teller: String,
    pub customer_number: String,
    pub amount: Money,
    pub periods: String,
    /// WIB.
    pub taken_at: NaiveDateTime,
    pub synced_at: NaiveDateTime,
    pub outcome: OfflineOutcome,
}

/// A device as supervisors see it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeviceLine {
    pub id: i64,
    pub office_name: String,
    pub label: String,
    pub enrolled_by: String,
    /// WIB, as every time below.
    pub enrolled_at: NaiveDateTime,
    pub revoked_at: Option<NaiveDateTime>,
    pub last_seen_at: Option<NaiveDateTime>,
    pub last_synced_at: Option<NaiveDateTime>,
    pub outbox: i64,
    pub credited: i64,
    pub set_aside: i64,
    pub refused: i64,
    /// The latest offline payments.
    pub payments: Vec<OfflinePaymentLine>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DevicesPage {
    pub csrf: String,
    /// The device this browser is enrolled as, if any.
    pub this_device: Option<i64>,
    pub devices: Vec<DeviceLine>,
    /// (code, name) of every office, for an administrator to enrol a device at one.
    pub offices: Vec<(String, String)>,
    pub limits: OfflineLimits,
}

/// Why the counter's API refused a device's request (`code` in the answer): the device tells
/// the teller what to do about it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DeviceRefusal {
    /// The browser is not enrolled: a supervisor enrols it on the devices page.
    NotEnrolled,
    Revoked,
    /// No staff member is signed in on the device (the snapshot and numbers need one; a sync
    /// does not).
    SignedOut,
    /// The member signed in does not take cash at the device's office.
    Forbidden,
    Other,
}

crate::domain::codes!(DeviceRefusal, "device refusal", {
    NotEnrolled => "device_not_enrolled",
    Revoked => "device_revoked",
    SignedOut => "not_signed_in",
    Forbidden => "forbidden",
    Other => "error",
});

impl DeviceRefusal {
    pub fn of(error: &crate::error::AppError) -> DeviceRefusal {
        use crate::error::AppError;
        match error {
            AppError::DeviceNotEnrolled => DeviceRefusal::NotEnrolled,
            AppError::DeviceRevoked => DeviceRefusal::Revoked,
            AppError::NotSignedIn => DeviceRefusal::SignedOut,
            AppError::Forbidden => DeviceRefusal::Forbidden,
            _ => DeviceRefusal::Other,
        }
    }
}
