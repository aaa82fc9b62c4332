//! The published tariff tables and the late-fee rule.

use crate::domain::{CustomerGroup, DueDateRule, LateFeePolicy, Period, Tariff};
use crate::error::AppError;
use leptos::prelude::*;
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

#[server(endpoint = "tariffs/sheet")]
pub async fn tariff_sheet() -> Result<TariffTables, AppError> {
    let state = crate::ssr::app_state()?;
    let period = Period::of(crate::ssr::clock::today_wib());
    let rules = &state.rules;
    Ok(TariffTables {
        period,
        groups: rules.tariffs.groups().to_vec(),
        in_force: rules.tariffs.in_force(period).into_iter().cloned().collect(),
        upcoming: rules.tariffs.upcoming(period).into_iter().cloned().collect(),
        late_fee: rules.late_fee.clone(),
        due: rules.due.clone(),
    })
}
