//! The tariff sheet as the tariff page shows it.

use crate::domain::{CustomerGroup, DueDateRule, LateFeePolicy, Period, Tariff};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TariffTables {
    pub period: Period,
    pub groups: Vec<CustomerGroup>,
    pub in_force: Vec<Tariff>,
    pub upcoming: Vec<Tariff>,
    pub late_fee: LateFeePolicy,
    pub due: DueDateRule,
}
