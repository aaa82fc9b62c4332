//! What the payment pages show: a customer's virtual accounts, a payment being made, a receipt.

use crate::domain::{Channel, Cover, CustomerNumber, IntentStatus, Money};
use crate::error::AppError;
use crate::model::payments::{
    is_receipt_token, is_reference, PaidReceipt, PaymentView, QrisCode, ReceiptView, VirtualAccounts, PAID_SHOWN_HOURS,
    RECEIPT_ORIGINAL_MINUTES,
};
use crate::ssr::{app_state, clock, db::ledger};

/// Every bank's virtual account for a customer with what is owed today; for a day after the
/// account was paid, that payment with its receipt.
pub async fn virtual_accounts(number: &str) -> Result<VirtualAccounts, AppError> {
    let number = CustomerNumber::parse(number).map_err(AppError::InvalidCustomerNumber)?;
    let state = app_state()?;
    crate::ssr::rate_limit::take_lookup(&state)?;
    let head = crate::ssr::live::head(&state.db).await?;
    let account = crate::ssr::accounts::bill_page(&state, &number, clock::today_wib())
        .await?
        .ok_or(AppError::CustomerNotFound)?;
    if account.unpaid.is_empty() {
        // A page left open while the bank's payment landed turns to paid, with its receipt; an
        // account paid up long ago has nothing to pay here.
        let now = clock::now_wib().naive_local();
        let paid = PaidReceipt::latest(&account.paid)
            .filter(|p| now - p.paid_at <= chrono::Duration::hours(PAID_SHOWN_HOURS))
            .ok_or(AppError::NothingToPay)?;
        return Ok(VirtualAccounts {
            live_token: account.live_token,
            channels: account.channels,
            masked_name: account.masked_name,
            amount: Money::ZERO,
            periods: Vec::new(),
            number,
            banks: Vec::new(),
            paid: Some(paid),
            head,
        });
    }
    if let Some(months) = account.counter_only_after {
        return Err(AppError::CounterOnly(months));
    }
    let banks = crate::ssr::db::partners::active_banks(&state.db).await?;
    if banks.is_empty() {
        return Err(AppError::ChannelUnavailable);
    }
    Ok(VirtualAccounts {
        live_token: account.live_token,
        channels: account.channels,
        masked_name: account.masked_name,
        amount: account.total_owed,
        periods: account.unpaid.iter().map(|b| b.period).collect(),
        number,
        banks,
        paid: None,
        head,
    })
}

/// Opens (or reuses) a QRIS payment for everything unpaid; its reference.
pub async fn start_qris(number: &str) -> Result<String, AppError> {
    let number = &CustomerNumber::parse(number).map_err(AppError::InvalidCustomerNumber)?;
    let state = app_state()?;
    let qris = state.payments.qris.as_ref().ok_or(AppError::ChannelUnavailable)?;
    crate::ssr::rate_limit::take_lookup(&state)?;
    // An administrator stopped the channel: no new codes until it is back.
    if crate::ssr::channels::state_of(&state.db, Channel::QRIS).await?
        == crate::domain::channel_health::ChannelState::Down
    {
        return Err(AppError::ChannelUnavailable);
    }
    let intent =
        crate::ssr::payments::open_intent(&state, number, &Channel::Qris, chrono::Utc::now(), qris.ttl, Cover::All)
            .await?;
    Ok(intent.reference)
}

/// A payment as its page shows it, with the QRIS to scan while it can still be paid.
pub async fn payment(reference: &str) -> Result<PaymentView, AppError> {
    use crate::domain::qris::QrisPayload;
    if !is_reference(reference) {
        return Err(AppError::PaymentNotFound);
    }
    let state = app_state()?;
    let intent = ledger::find_intent(&state.db, reference).await?.ok_or(AppError::PaymentNotFound)?;
    let now = chrono::Utc::now();
    let seconds_left = (intent.expires_at - now).num_seconds().max(0);
    // Past its expiry a pending code is shown as expired (the acquirer will refuse it too).
    let status =
        if intent.status == IntentStatus::Pending && seconds_left == 0 { IntentStatus::Expired } else { intent.status };
    let qris_settings = state.payments.qris.as_ref();
    let qris = match (status, qris_settings) {
        (IntentStatus::Pending, Some(settings)) => {
            let payload = QrisPayload::dynamic(settings.merchant.clone(), intent.amount, &intent.reference, "PORTAL")
                .encode()
                .map_err(|e| {
                    tracing::error!(error = %e, "building a QRIS failed");
                    AppError::Internal
                })?;
            Some(QrisCode { svg: crate::ssr::qr::qr_svg(&payload), payload })
        }
        _ => None,
    };
    Ok(PaymentView {
        live_token: state.live.customer_token(&intent.customer_number),
        reference: intent.reference,
        masked_name: crate::domain::mask_name(&intent.customer_name),
        number: intent.customer_number,
        amount: intent.amount,
        status,
        expires_at: intent.expires_at.with_timezone(&clock::wib()).naive_local(),
        seconds_left,
        periods: intent.periods,
        merchant_name: qris_settings.map(|q| q.merchant.name.clone()).unwrap_or_default(),
        qris,
        receipt: intent.receipt_number.zip(intent.receipt_token),
    })
}

/// A receipt by its unguessable token, marked a copy once its first minutes have passed.
pub async fn receipt(token: &str) -> Result<ReceiptView, AppError> {
    if !is_receipt_token(token) {
        return Err(AppError::ReceiptNotFound);
    }
    let state = app_state()?;
    let r = ledger::find_receipt(&state.db, token).await?.ok_or(AppError::ReceiptNotFound)?;
    // The configured public address, never the request's Host: a printed receipt's QR must lead
    // to this portal whoever asked for the page.
    let verify_url = format!("{}/resi/{token}", state.site.public_url);
    Ok(ReceiptView {
        receipt_number: r.receipt_number,
        verify_svg: crate::ssr::qr::qr_svg(&verify_url),
        verify_url,
        token: token.to_string(),
        is_copy: chrono::Utc::now() - r.paid_at > chrono::Duration::minutes(RECEIPT_ORIGINAL_MINUTES),
        paid_at: r.paid_at.with_timezone(&clock::wib()).naive_local(),
        channel: r.channel,
        amount: r.amount,
        masked_name: crate::domain::mask_name(&r.customer_name),
        number: r.customer_number,
        village: r.village,
        bills: r.bills,
    })
}
