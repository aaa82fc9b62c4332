//! Demo mode only: plays the customer's e-wallet and bank, through the same endpoints a real
//! acquirer and bank use. Elsewhere none of it exists (not found).

use crate::error::AppError;
use crate::ssr::{app_state, AppState};

fn demo_state() -> Result<AppState, AppError> {
    let state = app_state()?;
    if state.payments.demo {
        Ok(state)
    } else {
        Err(AppError::PageNotFound)
    }
}

/// Whether the simulator's page exists: demo mode with QRIS configured.
pub fn available() -> Result<(), AppError> {
    demo_state()?.payments.qris.as_ref().map(|_| ()).ok_or(AppError::PageNotFound)
}

/// Reads a pasted QRIS and pays it by sending the acquirer's signed notification to the
/// portal's own endpoint; the outcome the simulator page shows.
pub async fn pay_qris(payload: &str) -> Result<String, AppError> {
    use crate::domain::qris::QrisPayload;
    use crate::domain::signature::notification_signature;
    let state = demo_state()?;
    let qris = state.payments.qris.as_ref().ok_or(AppError::ChannelUnavailable)?;
    Ok(match QrisPayload::decode(payload.trim()) {
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
                "transaction_id": format!("SIM-{}", crate::ssr::random::random_hex(6)),
                "fraud_status": "accept",
                "signature_key": notification_signature(&order_id, "200", &amount, &qris.server_key),
            });
            let sent = reqwest::Client::new()
                .post(format!("{}/api/v1/qris/notifications", state.own_url()))
                .json(&body)
                .send()
                .await;
            match sent {
                Ok(r) => r
                    .json::<serde_json::Value>()
                    .await
                    .ok()
                    .and_then(|v| v["outcome"].as_str().map(str::to_string))
                    .unwrap_or_else(|| "error".into()),
                Err(e) => {
                    tracing::error!(error = %e, "the simulator could not reach the notification endpoint");
                    "error".into()
                }
            }
        }
    })
}

/// Plays the customer's bank paying a virtual account through the SNAP BI API; the outcome the
/// simulator page shows.
pub async fn pay_virtual_account(virtual_account: &str) -> Result<String, AppError> {
    let state = demo_state()?;
    Ok(match crate::ssr::bank_simulator::pay_virtual_account(&state, virtual_account).await {
        Ok(code) if code == "2002500" => "credited".to_string(),
        Ok(code) if code == "4042414" || code == "4042514" => "paid_already".to_string(),
        Ok(code) if code == "4042412" || code == "4042512" || code == "unknown_bank" || code == "4002400" => {
            "unknown_va".to_string()
        }
        Ok(code) if code == "4042419" || code == "4042519" => "counter_only".to_string(),
        Ok(code) => {
            tracing::warn!(code, "the bank simulator's payment was refused");
            "error".to_string()
        }
        Err(e) => {
            tracing::error!(error = %e, "the bank simulator failed");
            "error".to_string()
        }
    })
}
