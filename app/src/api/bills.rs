//! A customer's account as the bill page shows it.

use crate::error::AppError;
use leptos::prelude::*;

pub use crate::model::bills::*;

/// Looks an account up by customer number. Limited per client; the number is validated
/// before anything touches the database.
#[server(endpoint = "bills/account")]
pub async fn lookup_account(number: String) -> Result<Account, AppError> {
    super::answer::data(crate::ssr::accounts::bill_page_for_visitor(&number)).await
}
