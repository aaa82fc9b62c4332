//! A customer's account as the bill page shows it: bills owed with their breakdown, payments made.

use crate::domain::adjustment::AdjustmentLine;
use crate::domain::{Anomaly, Arrears, Charges, CustomerNumber, FeeStep, LateFeePolicy, Money, Period, UsagePoint};
use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OfficeRef {
    pub code: String,
    pub name: String,
    pub phone: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct UnpaidBill {
    pub period: Period,
    /// Computed from a reading (with every line), or carried over from the previous system.
    pub charges: Charges,
    /// Lines beyond the charges (corrections of bills already paid).
    pub adjustments: Vec<AdjustmentLine>,
    /// The bill's own amount: its charges and adjustments.
    pub amount: Money,
    pub due_date: NaiveDate,
    /// As of today; the amount due is bill + late fee.
    pub late_fee: Money,
    pub total: Money,
    /// Months past the due date today (0: not late).
    pub months_late: u32,
    /// When the late fee grows next if the bill stays unpaid.
    pub next_fee: Option<FeeStep>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PaidBill {
    pub period: Period,
    pub usage_m3: u32,
    pub amount: Money,
    pub late_fee: Money,
    /// WIB wall-clock time.
    pub paid_at: NaiveDateTime,
    pub channel: String,
    pub receipt_number: String,
    /// Opens the receipt (`/resi/{token}`).
    pub receipt_token: Option<String>,
}

/// Everything the public bill page shows. Identifies the holder only as much as a stranger
/// typing the number may see: a masked name and the village.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Account {
    pub number: CustomerNumber,
    pub masked_name: String,
    pub village: String,
    pub district: String,
    pub group_code: String,
    pub group_name: String,
    /// Empty: the Indonesian name serves.
    pub group_name_en: String,
    pub meter_size: String,
    pub office: OfficeRef,
    pub today: NaiveDate,
    /// Oldest first: payment points settle the oldest period first.
    pub unpaid: Vec<UnpaidBill>,
    pub total_owed: Money,
    pub arrears: Arrears,
    /// The last day to pay before the arrears grow, and the level they grow to.
    pub next_arrears: Option<(NaiveDate, Arrears)>,
    /// The utility's late-fee rule, for saying which part of it applied.
    pub late_fee_rule: LateFeePolicy,
    /// Oldest to newest, up to 24 months.
    pub usage: Vec<UsagePoint>,
    pub anomaly: Option<Anomaly>,
    /// Newest first.
    pub paid: Vec<PaidBill>,
    /// Whether QRIS is configured and not stopped (the pay button is shown only then).
    pub qris_available: bool,
    /// Every payment channel and whether it works now.
    pub channels: Vec<crate::model::channels::ChannelView>,
    /// Opens this customer's payment events on the page's live stream.
    pub live_token: String,
    /// Beyond the utility's limit of months in arrears: only the counter takes this debt (the
    /// limit, in months).
    pub counter_only_after: Option<u32>,
}

impl UnpaidBill {
    /// An owed bill with the adjustment lines that make up its `adjustment`.
    pub fn of(b: crate::domain::OwedBill, adjustments: Vec<AdjustmentLine>) -> Self {
        UnpaidBill {
            period: b.period,
            charges: b.charges,
            adjustments,
            amount: b.amount,
            due_date: b.due_date,
            late_fee: b.late_fee,
            total: b.total,
            months_late: b.months_late,
            next_fee: b.next_fee,
        }
    }
}

impl Account {
    pub fn overdue_count(&self) -> usize {
        self.unpaid.iter().filter(|b| b.due_date < self.today).count()
    }

    /// Days until the earliest due date still ahead (None when nothing is due ahead).
    pub fn days_to_next_due(&self) -> Option<(NaiveDate, i64)> {
        self.unpaid
            .iter()
            .map(|b| b.due_date)
            .filter(|d| *d >= self.today)
            .min()
            .map(|d| (d, (d - self.today).num_days()))
    }
}
