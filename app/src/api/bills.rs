//! A customer's account as the bill page shows it.

#[cfg(feature = "ssr")]
use crate::domain::CustomerNumber;
use crate::error::AppError;
use leptos::prelude::*;

pub use crate::model::bills::*;

/// Looks an account up by customer number. Limited per client; the number is validated
/// before anything touches the database.
#[server(endpoint = "bills/account")]
pub async fn lookup_account(number: String) -> Result<Account, AppError> {
    let result = async {
        let number = CustomerNumber::parse(&number).map_err(AppError::InvalidCustomerNumber)?;
        let state = crate::ssr::app_state()?;
        crate::ssr::rate_limit::take_lookup(&state)?;
        crate::ssr::db::accounts::load(&state, &number, crate::ssr::clock::today_wib()).await?.ok_or(AppError::CustomerNotFound)
    }
    .await;
    if let Err(e) = &result {
        e.apply_to_response();
    }
    result
}
