//! Customers as staff see them: full details, their bills and payments, what was done.

use crate::domain::adjustment::AdjustmentLine;
use crate::domain::{ConnectionStatus, Money, Period};
use crate::model::staff::AuditLine;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CustomerLine {
    pub number: String,
    pub name: String,
    pub address: String,
    pub village: String,
    pub office: String,
    pub status: ConnectionStatus,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CustomerSearch {
    pub query: String,
    pub found: Vec<CustomerLine>,
    /// More matched than are listed: the query should be narrower.
    pub more: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BillLine {
    pub period: Period,
    /// Stand awal and stand akhir; None for a bill carried over from the previous system.
    pub stands: Option<(i64, i64)>,
    pub usage_m3: i64,
    pub estimated: bool,
    pub amount: Money,
    /// The adjustment lines' sum in `amount`.
    pub adjustment: Money,
    pub due_date: chrono::NaiveDate,
    /// Receipt number, when (WIB) and through which channel, once paid.
    pub paid: Option<(String, chrono::NaiveDateTime, String)>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CustomerRecord {
    pub number: String,
    pub name: String,
    pub address: String,
    pub village: String,
    pub district: String,
    pub group: String,
    pub meter_size: String,
    pub office: String,
    pub phone: Option<String>,
    pub connected_on: String,
    pub status: ConnectionStatus,
    pub bills: Vec<BillLine>,
    /// Adjustment lines waiting for the customer's next bill.
    pub pending: Vec<AdjustmentLine>,
    pub audit: Vec<AuditLine>,
    /// Whether the viewer may change status and phone (the office's supervisors, administrators).
    pub may_manage: bool,
    /// Whether the viewer may correct a published bill's reading (the same people).
    pub may_correct: bool,
    pub csrf: String,
}
