//! The published tariff tables and late-fee rule, from the rules in force.

use crate::domain::Period;
use crate::error::AppError;
use crate::model::tariffs::TariffTables;

pub fn sheet() -> Result<TariffTables, AppError> {
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
