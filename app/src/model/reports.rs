//! Reports staff read: cash per teller and office, the day's reconciliation, money to refund.

pub use crate::domain::Money;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TellerCash {
    pub username: String,
    pub full_name: String,
    pub payments: i64,
    pub amount: Money,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CashReport {
    pub day: NaiveDate,
    pub office_code: String,
    pub office_name: String,
    pub tellers: Vec<TellerCash>,
    pub payments: i64,
    pub total: Money,
    /// Whether the viewer sees only their own line (tellers).
    pub own_only: bool,
    /// Offices the viewer may switch to (code, name).
    pub offices: Vec<(String, String)>,
    /// Cash the office's counters took offline that day, synced since, under the numbers of
    /// their provisional receipts (the credited ones are in the totals above).
    pub offline: Vec<crate::model::counter_devices::OfflinePaymentLine>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChannelLine {
    pub channel: String,
    pub credited: i64,
    pub credited_amount: Money,
    pub set_aside: i64,
    pub set_aside_amount: Money,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OverpaymentLine {
    pub id: i64,
    pub channel: String,
    pub partner_reference: String,
    pub customer_number: Option<String>,
    pub amount: Money,
    pub reason: String,
    pub received_at: chrono::NaiveDateTime,
    pub refunded_at: Option<chrono::NaiveDateTime>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reconciliation {
    pub csrf: String,
    pub day: NaiveDate,
    pub channels: Vec<ChannelLine>,
    pub overpayments: Vec<OverpaymentLine>,
}
