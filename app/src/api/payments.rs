//! Paying: starting a QRIS payment, following it until it lands, the receipt, and (in demo
//! mode only) a simulator that plays the customer's e-wallet.

#[cfg(feature = "ssr")]
use crate::domain::{CustomerNumber, IntentStatus, Money};
#[cfg(feature = "ssr")]
use crate::error::fail;
use crate::error::AppError;
use leptos::prelude::*;

pub use crate::model::payments::*;

/// Every bank's virtual account for a customer with what is owed today.
#[server(endpoint = "payments/virtual-accounts")]
pub async fn virtual_account_list(number: String) -> Result<VirtualAccounts, AppError> {
    let number = match CustomerNumber::parse(&number) {
        Ok(n) => n,
        Err(e) => return fail(AppError::InvalidCustomerNumber(e)),
    };
    let state = crate::ssr::app_state()?;
    if let Err(e) = crate::ssr::rate_limit::take_lookup(&state) {
        return fail(e);
    }
    let head = crate::ssr::live::head(&state.db).await?;
    let Some(account) = crate::ssr::db::accounts::load(&state, &number, crate::ssr::clock::today_wib()).await? else {
        return fail(AppError::CustomerNotFound);
    };
    if account.unpaid.is_empty() {
        // A page left open while the bank's payment landed turns to paid, with its receipt; an
        // account paid up long ago has nothing to pay here.
        let now = crate::ssr::clock::now_wib().naive_local();
        let Some(paid) = PaidReceipt::latest(&account.paid).filter(|p| now - p.paid_at <= chrono::Duration::hours(PAID_SHOWN_HOURS)) else {
            return fail(AppError::NothingToPay);
        };
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
        return fail(AppError::CounterOnly(months));
    }
    let banks = crate::ssr::db::partners::active_banks(&state.db).await?;
    if banks.is_empty() {
        return fail(AppError::ChannelUnavailable);
    }
    Ok(VirtualAccounts {
        live_token: account.live_token,
        channels: account.channels,
        masked_name: account.masked_name,
        amount: account.total_owed,
        periods: account.unpaid.iter().map(|b| b.bill.period).collect(),
        number,
        banks,
        paid: None,
        head,
    })
}

/// Opens (or reuses) a QRIS payment for everything unpaid and goes to its page. A form post:
/// works without JavaScript.
#[server(endpoint = "payments/qris")]
pub async fn start_qris_payment(number: String) -> Result<(), AppError> {
    use crate::ssr::db::ledger;
    let number = match CustomerNumber::parse(&number) {
        Ok(n) => n,
        Err(e) => return fail(AppError::InvalidCustomerNumber(e)),
    };
    let state = crate::ssr::app_state()?;
    let Some(qris) = state.payments.qris.as_ref() else {
        return fail(AppError::ChannelUnavailable);
    };
    if let Err(e) = crate::ssr::rate_limit::take_lookup(&state) {
        return fail(e);
    }
    // An administrator stopped the channel: no new codes until it is back.
    if crate::ssr::channels::state_of(&state.db, crate::ssr::channels::QRIS).await? == crate::domain::channel_health::ChannelState::Down {
        return fail(AppError::ChannelUnavailable);
    }
    match ledger::open_intent(&state, &number, crate::domain::channel::Channel::QRIS, chrono::Utc::now(), qris.ttl, ledger::Cover::All).await {
        Ok(intent) => {
            leptos_axum::redirect(&format!("/bayar/{}", intent.reference));
            Ok(())
        }
        Err(e) => {
            // A plain form post (no JavaScript yet) goes back to the bill page, which shows the
            // account as it is now (already paid, say) instead of a bare error. Script callers
            // get the error and its status, and the button says what went wrong.
            let from_a_page = use_context::<http::request::Parts>()
                .and_then(|p| p.headers.get(http::header::ACCEPT).and_then(|a| a.to_str().ok()).map(|a| a.contains("text/html")))
                .unwrap_or(false);
            if from_a_page {
                leptos_axum::redirect(&format!("/tagihan?no={}", number.as_str()));
                Ok(())
            } else {
                fail(e.into())
            }
        }
    }
}

#[server(endpoint = "payments/status")]
pub async fn payment_status(reference: String) -> Result<PaymentView, AppError> {
    use crate::domain::qris::QrisPayload;
    use crate::ssr::{clock, db::ledger};
    if !is_reference(&reference) {
        return fail(AppError::PaymentNotFound);
    }
    let state = crate::ssr::app_state()?;
    let Some(intent) = ledger::find_intent(&state.db, &reference).await.map_err(AppError::from)? else {
        return fail(AppError::PaymentNotFound);
    };
    let now = chrono::Utc::now();
    let seconds_left = (intent.expires_at - now).num_seconds().max(0);
    // Past its expiry a pending code is shown as expired (the acquirer will refuse it too).
    let status = if intent.status == IntentStatus::Pending && seconds_left == 0 { IntentStatus::Expired } else { intent.status };
    let qris_settings = state.payments.qris.as_ref();
    let qris = match (status, qris_settings) {
        (IntentStatus::Pending, Some(settings)) => {
            let payload = QrisPayload::dynamic(settings.merchant.clone(), intent.amount, &intent.reference, "PORTAL").encode().map_err(|e| {
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

#[server(endpoint = "payments/receipt")]
pub async fn get_receipt(token: String) -> Result<ReceiptView, AppError> {
    use crate::ssr::{clock, db::ledger};
    if !is_receipt_token(&token) {
        return fail(AppError::ReceiptNotFound);
    }
    let state = crate::ssr::app_state()?;
    let Some(r) = ledger::find_receipt(&state.db, &token).await.map_err(AppError::from)? else {
        return fail(AppError::ReceiptNotFound);
    };
    // The configured public address, never the request's Host: a printed receipt's QR must lead
    // to this portal whoever asked for the page.
    let verify_url = format!("{}/resi/{token}", state.site.public_url);
    Ok(ReceiptView {
        receipt_number: r.receipt_number,
        verify_svg: crate::ssr::qr::qr_svg(&verify_url),
        verify_url,
        token,
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

/// Demo only: plays the customer's e-wallet. Reads a pasted QRIS, and pays it by sending the
/// acquirer's signed notification to the portal's own endpoint, as a real acquirer would.
#[server(endpoint = "simulator/qris")]
pub async fn simulate_qris(payload: String) -> Result<(), AppError> {
    use crate::domain::qris::QrisPayload;
    use crate::domain::signature::notification_signature;
    let state = crate::ssr::app_state()?;
    if !state.payments.demo {
        return fail(AppError::PageNotFound);
    }
    let Some(qris) = state.payments.qris.as_ref() else {
        return fail(AppError::ChannelUnavailable);
    };
    let outcome = match QrisPayload::decode(payload.trim()) {
        Err(_) => "invalid".to_string(),
        Ok(code) if code.merchant.nmid != qris.merchant.nmid => "foreign".to_string(),
        Ok(code) => {
            let amount = code.amount.unwrap_or_default().two_decimals();
            let order_id = code.reference_label;
            let body = serde_json::json!({
                "order_id": order_id,
                "status_code": "200",
                "gross_amount": amount,
                "transaction_status": "settlement",
                "transaction_id": format!("SIM-{}", crate::ssr::db::ledger::random_hex(6)),
                "fraud_status": "accept",
                "signature_key": notification_signature(&order_id, "200", &amount, &qris.server_key),
            });
            let sent = reqwest::Client::new().post(format!("{}/api/v1/qris/notifications", state.own_url())).json(&body).send().await;
            match sent {
                Ok(r) => r.json::<serde_json::Value>().await.ok().and_then(|v| v["outcome"].as_str().map(str::to_string)).unwrap_or_else(|| "error".into()),
                Err(e) => {
                    tracing::error!(error = %e, "the simulator could not reach the notification endpoint");
                    "error".into()
                }
            }
        }
    };
    leptos_axum::redirect(&format!("/simulator?hasil={outcome}"));
    Ok(())
}

/// The simulator exists only in demo mode with QRIS configured; elsewhere it is not found.
#[server(endpoint = "simulator/available")]
pub async fn simulator_available() -> Result<(), AppError> {
    let state = crate::ssr::app_state()?;
    if state.payments.demo && state.payments.qris.is_some() {
        Ok(())
    } else {
        fail(AppError::PageNotFound)
    }
}

/// Demo only: plays the customer's bank paying a virtual account through the SNAP BI API.
#[server(endpoint = "simulator/va")]
pub async fn simulate_va(virtual_account: String) -> Result<(), AppError> {
    let state = crate::ssr::app_state()?;
    if !state.payments.demo {
        return fail(AppError::PageNotFound);
    }
    let outcome = match crate::ssr::bank_simulator::pay_virtual_account(&state, &virtual_account).await {
        Ok(code) if code == "2002500" => "credited".to_string(),
        Ok(code) if code == "4042414" || code == "4042514" => "paid_already".to_string(),
        Ok(code) if code == "4042412" || code == "4042512" || code == "unknown_bank" || code == "4002400" => "unknown_va".to_string(),
        Ok(code) if code == "4042419" || code == "4042519" => "counter_only".to_string(),
        Ok(code) => {
            tracing::warn!(code, "the bank simulator's payment was refused");
            "error".to_string()
        }
        Err(e) => {
            tracing::error!(error = %e, "the bank simulator failed");
            "error".to_string()
        }
    };
    leptos_axum::redirect(&format!("/simulator?hasil={outcome}"));
    Ok(())
}
