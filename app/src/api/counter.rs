//! Cash at the counter: a teller finds the customer, sees what is owed, takes the cash, and
//! prints the receipt. Same ledger, same once-only rules as every other channel.

use crate::error::AppError;
use leptos::prelude::*;

pub use crate::model::counter::*;

#[server(endpoint = "counter/account")]
pub async fn find_counter_account(number: String) -> Result<CounterAccount, AppError> {
    super::answer::data(crate::ssr::counter::account(&number)).await
}

/// A payment the teller just took, by its receipt token: for the console's "paid" panel.
#[server(endpoint = "counter/receipt")]
pub async fn counter_receipt(token: String) -> Result<PaidAtCounter, AppError> {
    super::answer::data(crate::ssr::counter::receipt(&token)).await
}

/// Records cash for the bills the teller confirmed: all of them, or the oldest `periods`
/// (where the utility allows it). `amount` is the total the confirmation showed (whole rupiah):
/// if the account changed since, nothing is recorded and the teller looks again. `cash` is
/// what the customer handed over. The teller stays in the console: the receipt to print, the
/// change, the next customer.
#[server(endpoint = "counter/pay")]
pub async fn take_cash(
    csrf: String,
    number: String,
    amount: String,
    request_id: String,
    #[server(default)] periods: String,
    #[server(default)] cash: String,
    #[server(default)] office: String,
) -> Result<(), AppError> {
    use crate::ssr::counter::CashForm;
    let form = CashForm {
        csrf: &csrf,
        number: &number,
        amount: &amount,
        request_id: &request_id,
        periods: &periods,
        cash: &cash,
        office: &office,
    };
    let cash = typed_rupiah(&cash).map(|c| format!("&tunai={c}")).unwrap_or_default();
    super::answer::form(crate::ssr::counter::take_cash(form), |token| format!("/staf/loket?resi={token}{cash}"))
        .await
        .map(|_| ())
}
