//! A month's billing run as its pages show it: drafted bills, those held for review, totals.

use crate::domain::billing_run::ReviewFlag;
use crate::domain::{BillingError, Money, Period};
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum RunState {
    /// Drafted and held: customers see nothing of it yet.
    Review,
    Published,
    /// Dropped before publication: nothing of it reached customers.
    Discarded,
}

crate::domain::codes!(RunState, "billing run state", {
    Review => "review",
    Published => "published",
    Discarded => "discarded",
});

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RunLine {
    pub id: i64,
    pub period: Period,
    /// The unit office whose connections it bills; None: every office's.
    /// The office a run bills (None: every office).
    pub office_id: Option<i64>,
    pub office: Option<String>,
    pub state: RunState,
    /// WIB.
    pub created_at: chrono::NaiveDateTime,
    pub created_by: String,
    pub published_at: Option<chrono::NaiveDateTime>,
}

/// The billing page: runs so far, and the period a new run would bill.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BillingDesk {
    pub runs: Vec<RunLine>,
    pub next_period: Period,
    /// Administrators start and publish runs; supervisors review their office's held bills.
    pub may_start: bool,
    /// (code, name) of every unit office, for a run of one office.
    pub offices: Vec<(String, String)>,
    pub csrf: String,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct RunTotals {
    pub bills: i64,
    pub flagged: i64,
    pub reviewed: i64,
    pub m3: i64,
    pub amount: Money,
    pub problems: i64,
}

impl RunTotals {
    pub fn left_to_review(&self) -> i64 {
        self.flagged - self.reviewed
    }
}

/// A drafted bill held for a supervisor's look.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FlaggedBill {
    pub customer_id: i64,
    pub number: String,
    pub name: String,
    pub office: String,
    pub usage_m3: i64,
    pub average_m3: Option<i64>,
    pub amount: Money,
    pub flags: Vec<ReviewFlag>,
    pub reviewed: bool,
    pub stand_awal: i64,
    pub stand_akhir: i64,
    pub note: Option<String>,
    /// (id, figure) the customer sent for the period: the reviewer sees its photo.
    pub customer_reading: Option<(i64, i64)>,
    /// Whether the viewer may correct or accept it (their office's customer, or any for an
    /// administrator).
    pub may_review: bool,
}

/// A connection the run could not bill.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct UnbilledConnection {
    pub number: String,
    pub name: String,
    pub reason: Unbillable,
}

/// Why a run could not bill a connection: data to fix, kept as data so that each page says it
/// in its own language.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "why", rename_all = "snake_case")]
pub enum Unbillable {
    /// The billing domain refused the reading or the connection.
    Billing { error: BillingError },
    /// The reading's date, as stored, is not a date.
    ReadingDate { stored: String },
    /// The bill came to a fraction of a rupiah: a tariff amount that is not whole.
    Fraction,
    /// A reason stored as text, before reasons were kept as data.
    Text { text: String },
}

impl Unbillable {
    /// As `draft_problems.reason` keeps it.
    pub fn stored(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    pub fn read(stored: &str) -> Unbillable {
        serde_json::from_str(stored).unwrap_or_else(|_| Unbillable::Text { text: stored.to_string() })
    }
}

/// One line of the DRD (daftar rekening ditagih): an office's bills of one group.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DrdRow {
    pub office: String,
    pub group: String,
    pub customers: i64,
    pub m3: i64,
    pub water_charge: Money,
    pub fixed_charges: Money,
    /// Corrections of earlier bills carried by these bills.
    pub adjustment: Money,
    pub amount: Money,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RunView {
    pub run: RunLine,
    pub totals: RunTotals,
    /// Those left to review first; at most `FLAGGED_LISTED`.
    pub flagged: Vec<FlaggedBill>,
    pub unbilled: Vec<UnbilledConnection>,
    pub drd: Vec<DrdRow>,
    pub may_publish: bool,
    /// When the period's bills fall due: what the announcement that goes out with them says.
    pub due_date: chrono::NaiveDate,
    pub csrf: String,
}

/// How many flagged bills the review page lists at once.
pub const FLAGGED_LISTED: i64 = 200;

#[cfg(test)]
mod tests {
    use super::Unbillable;
    use crate::domain::BillingError;

    #[test]
    fn a_reason_reads_back_as_stored_and_old_text_stays_text() {
        let why = Unbillable::Billing { error: BillingError::UnknownGroup("ZZ".into()) };
        assert_eq!(Unbillable::read(&why.stored()), why);
        assert_eq!(Unbillable::read(&Unbillable::Fraction.stored()), Unbillable::Fraction);
        assert_eq!(
            Unbillable::read("unknown customer group ZZ"),
            Unbillable::Text { text: "unknown customer group ZZ".into() }
        );
    }
}
