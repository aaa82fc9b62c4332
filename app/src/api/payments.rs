//! Paying: starting a QRIS payment, following it until it lands, the receipt, and (in demo
//! mode only) a simulator that plays the customer's e-wallet.

use crate::error::AppError;
use leptos::prelude::*;

pub use crate::model::payments::*;

/// Every bank's virtual account for a customer with what is owed today.
#[server(endpoint = "payments/virtual-accounts")]
pub async fn virtual_account_list(number: String) -> Result<VirtualAccounts, AppError> {
    super::answer::data(crate::ssr::payments::pages::virtual_accounts(&number)).await
}

/// Opens (or reuses) a QRIS payment for everything unpaid and goes to its page. A form post:
/// works without JavaScript. When the account cannot be paid this way now (already paid, say),
/// a plain form post goes back to the bill page, which shows the account as it is instead of a
/// bare error; script callers get the error and its status, and the button says what went wrong.
#[server(endpoint = "payments/qris")]
pub async fn start_qris_payment(number: String) -> Result<(), AppError> {
    let bill_page = crate::domain::CustomerNumber::parse(&number).map(|n| format!("/tagihan?no={}", n.as_str())).ok();
    let back = |e: &AppError| {
        let about_the_request = matches!(e, AppError::ChannelUnavailable | AppError::TooManyRequests { .. });
        bill_page.filter(|_| !about_the_request)
    };
    super::answer::form_or_back(
        crate::ssr::payments::pages::start_qris(&number),
        |reference| format!("/bayar/{reference}"),
        back,
    )
    .await
    .map(|_| ())
}

#[server(endpoint = "payments/status")]
pub async fn payment_status(reference: String) -> Result<PaymentView, AppError> {
    super::answer::data(crate::ssr::payments::pages::payment(&reference)).await
}

#[server(endpoint = "payments/receipt")]
pub async fn get_receipt(token: String) -> Result<ReceiptView, AppError> {
    super::answer::data(crate::ssr::payments::pages::receipt(&token)).await
}

/// Demo only: plays the customer's e-wallet paying a pasted QRIS.
#[server(endpoint = "simulator/qris")]
pub async fn simulate_qris(payload: String) -> Result<(), AppError> {
    super::answer::form(crate::ssr::payments::simulator::pay_qris(&payload), |outcome| {
        format!("/simulator?hasil={outcome}")
    })
    .await
    .map(|_| ())
}

/// The simulator exists only in demo mode with QRIS configured; elsewhere it is not found.
#[server(endpoint = "simulator/available")]
pub async fn simulator_available() -> Result<(), AppError> {
    super::answer::data(async { crate::ssr::payments::simulator::available() }).await
}

/// Demo only: plays the customer's bank paying a virtual account through the SNAP BI API.
#[server(endpoint = "simulator/va")]
pub async fn simulate_va(virtual_account: String) -> Result<(), AppError> {
    super::answer::form(crate::ssr::payments::simulator::pay_virtual_account(&virtual_account), |outcome| {
        format!("/simulator?hasil={outcome}")
    })
    .await
    .map(|_| ())
}
