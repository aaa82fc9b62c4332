//! The tariff sheet as the tariff page shows it.

use crate::domain::{CustomerGroup, DatedLateFee, DueDateRule, LateFeePolicy, Period, Tariff};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TariffTables {
    pub period: Period,
    pub groups: Vec<CustomerGroup>,
    pub in_force: Vec<Tariff>,
    pub upcoming: Vec<Tariff>,
    pub late_fee: LateFeePolicy,
    /// Late-fee rules decreed for bills falling due later.
    pub late_fee_upcoming: Vec<DatedLateFee>,
    pub due: DueDateRule,
}

/// A new decree as an administrator types it: every field as text, checked by the server. The
/// preview's address and the save form carry it under the same names
/// (`tariff[blocks][0][price_per_m3]`), so that what is saved is what was previewed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct TariffForm {
    pub group: String,
    /// `YYYY-MM`.
    pub effective_from: String,
    pub decree: String,
    pub decree_en: String,
    pub minimum_usage_m3: String,
    pub blocks: Vec<BlockForm>,
    pub charges: Vec<ChargeForm>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct BlockForm {
    /// Empty: the last block, without an upper bound.
    pub upto_m3: String,
    pub price_per_m3: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ChargeForm {
    pub label: String,
    pub label_en: String,
    /// Empty: charged on every meter.
    pub meter_size: String,
    pub amount: String,
}

impl BlockForm {
    pub fn is_blank(&self) -> bool {
        self.upto_m3.trim().is_empty() && self.price_per_m3.trim().is_empty()
    }
}

impl ChargeForm {
    pub fn is_blank(&self) -> bool {
        [&self.label, &self.label_en, &self.meter_size, &self.amount].iter().all(|f| f.trim().is_empty())
    }
}

/// The administrators' tariff page: the tariffs in force and to come, and a new decree being
/// written or previewed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TariffDesk {
    pub csrf: String,
    pub groups: Vec<CustomerGroup>,
    pub period: Period,
    /// The first period a new decree may take effect in: after every period already billed or
    /// drafted, so that no bill is ever priced by a tariff that was not in force when it was made.
    pub earliest: Period,
    pub in_force: Vec<Tariff>,
    pub upcoming: Vec<Tariff>,
    pub draft: Option<TariffDraft>,
    pub due: DueRules,
}

/// When bills fall due and what paying late costs, as administrators keep them.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DueRules {
    pub today: NaiveDate,
    /// The late-fee rule for bills due today, and those decreed for bills due later.
    pub late_fee: LateFeePolicy,
    pub late_fee_upcoming: Vec<DatedLateFee>,
    /// A new late-fee rule's form, filled in from the rule in force.
    pub late_fee_form: LateFeeForm,
    pub due: DueDateRule,
    /// Holidays from today on.
    pub holidays: Vec<Holiday>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Holiday {
    pub day: NaiveDate,
    pub name: String,
}

/// The three kinds of late-fee rule a utility may decree.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum LateFeeKind {
    Tiers,
    FlatPerGroup,
    Percentage,
}

crate::domain::codes!(LateFeeKind, "late-fee rule", {
    Tiers => "tiers_by_months_late",
    FlatPerGroup => "flat_per_group",
    Percentage => "percentage",
});

/// A new late-fee rule as typed: the kind chosen says which fields count.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct LateFeeForm {
    /// `YYYY-MM-DD`: the first due date it prices.
    pub effective_from: String,
    pub decree: String,
    /// A `LateFeeKind` code.
    pub rule: String,
    pub tiers: Vec<TierForm>,
    /// Group code to fee.
    pub fees: BTreeMap<String, String>,
    pub percent: String,
    /// A `Rounding` code.
    pub rounding: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct TierForm {
    pub from_months: String,
    pub fee: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TariffDraft {
    pub form: TariffForm,
    /// None while the decree is being written; the preview once it was asked for.
    pub checked: Option<Result<TariffPreview, crate::error::AppError>>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TariffPreview {
    pub tariff: Tariff,
    /// When the tariff it replaces took effect; None for a group's first tariff.
    pub replaces: Option<Period>,
    pub comparison: Vec<crate::domain::PriceComparison>,
}

/// What a month's usage would cost a group and meter size under the tariff in force: the bill's
/// lines as a bill shows them, before any late fee.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Estimate {
    pub group: String,
    pub meter_size: String,
    pub breakdown: crate::domain::BillBreakdown,
}
