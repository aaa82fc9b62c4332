//! The QRIS acquirer's payment notifications (Midtrans-style). The signature is checked before
//! anything is read; the answer is fast and the same for every retry of one notification,
//! because the ledger records each acquirer transaction once.

use app::domain::signature::verify_notification;
use app::domain::{IntentStatus, Money, RefundReason, Settlement};
use app::ssr::db::ledger::{self, LedgerError, PaymentReport};
use app::ssr::AppState;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use rust_decimal::Decimal;
use serde::Deserialize;
use serde_json::json;

pub const CHANNEL: &str = "qris";

#[derive(Debug, Deserialize)]
pub struct Notification {
    pub order_id: String,
    pub status_code: String,
    pub gross_amount: String,
    pub signature_key: String,
    pub transaction_status: String,
    pub transaction_id: String,
    #[serde(default)]
    pub fraud_status: Option<String>,
}

fn answer(status: StatusCode, body: serde_json::Value) -> Response {
    (status, Json(body)).into_response()
}

/// What the channel's health monitor hears of each notification: a refused signature or a
/// failure to process is a failure, a notification handled (whatever its outcome) a success.
pub async fn receive(State(state): State<AppState>, body: Bytes) -> Response {
    let Some(qris) = state.payments.qris.as_ref() else {
        return answer(StatusCode::SERVICE_UNAVAILABLE, json!({"error": "the QRIS channel is not configured"}));
    };
    let notification: Notification = match serde_json::from_slice(&body) {
        Ok(n) => n,
        Err(e) => return answer(StatusCode::BAD_REQUEST, json!({"error": format!("malformed notification: {e}")})),
    };
    let n = &notification;
    if !verify_notification(&n.order_id, &n.status_code, &n.gross_amount, &qris.server_key, &n.signature_key) {
        tracing::warn!(order_id = %n.order_id, "QRIS notification with a bad signature refused");
        state.channels.record(&state.db, CHANNEL, false, "signature").await;
        return answer(StatusCode::UNAUTHORIZED, json!({"error": "invalid signature"}));
    }
    let response = handle(&state, n).await;
    let ok = !response.status().is_server_error();
    state.channels.record(&state.db, CHANNEL, ok, if ok { "notification" } else { "processing" }).await;
    response
}

async fn handle(state: &AppState, n: &Notification) -> Response {
    match n.transaction_status.as_str() {
        "settlement" => settle(state, n).await,
        "capture" if n.fraud_status.as_deref().is_none_or(|f| f == "accept") => settle(state, n).await,
        "pending" | "capture" => answer(StatusCode::OK, json!({"outcome": "noted"})),
        "expire" => close(state, n, IntentStatus::Expired).await,
        "cancel" | "deny" | "failure" => close(state, n, IntentStatus::Cancelled).await,
        "refund" | "partial_refund" | "chargeback" | "partial_chargeback" => {
            // Money going back out is decided by staff, not by a notification.
            tracing::warn!(order_id = %n.order_id, status = %n.transaction_status, "acquirer reports money returned: needs staff review");
            answer(StatusCode::OK, json!({"outcome": "noted"}))
        }
        other => answer(StatusCode::BAD_REQUEST, json!({"error": format!("unknown transaction_status {other}")})),
    }
}

async fn settle(state: &AppState, n: &Notification) -> Response {
    let amount = match n.gross_amount.trim().parse::<Decimal>() {
        Ok(a) if !a.is_sign_negative() => Money::from_decimal(a),
        _ => return answer(StatusCode::BAD_REQUEST, json!({"error": "gross_amount is not an amount"})),
    };
    let report = PaymentReport {
        channel: CHANNEL.into(),
        partner_reference: n.transaction_id.clone(),
        intent_reference: n.order_id.clone(),
        amount,
        at: chrono::Utc::now(),
        money_moved: true,
        taken_by: None,
    };
    match ledger::settle(&state.db, &report).await {
        // A retry is answered exactly as the first delivery was.
        Ok(Settlement::Repeated(first)) => outcome(*first),
        Ok(settlement) => outcome(settlement),
        Err(LedgerError::UnknownIntent(reference)) => answer(StatusCode::NOT_FOUND, json!({"error": format!("unknown order_id {reference}")})),
        Err(e) => {
            tracing::error!(error = %e, order_id = %n.order_id, "QRIS settlement failed");
            // Not 2xx: the acquirer retries, and the ledger makes the retry safe.
            answer(StatusCode::INTERNAL_SERVER_ERROR, json!({"error": "try again"}))
        }
    }
}

fn outcome(settlement: Settlement) -> Response {
    match settlement {
        Settlement::Credited { receipt_number } => answer(StatusCode::OK, json!({"outcome": "credited", "receipt_number": receipt_number})),
        Settlement::SetAside { reason } => answer(
            StatusCode::OK,
            json!({"outcome": "set_aside", "reason": match reason {
                RefundReason::AmountMismatch => "amount_mismatch",
                RefundReason::AlreadyPaid => "already_paid",
                RefundReason::IntentClosed => "intent_closed",
            }}),
        ),
        Settlement::Repeated(first) => outcome(*first),
        // Acquirer reports always have money_moved: a refusal cannot come back from the ledger.
        Settlement::Refused { .. } => answer(StatusCode::INTERNAL_SERVER_ERROR, json!({"error": "try again"})),
    }
}

async fn close(state: &AppState, n: &Notification, to: IntentStatus) -> Response {
    match ledger::close_intent(&state.db, &n.order_id, to).await {
        Ok(changed) => answer(StatusCode::OK, json!({"outcome": if changed { to.as_str() } else { "unchanged" }})),
        Err(LedgerError::UnknownIntent(reference)) => answer(StatusCode::NOT_FOUND, json!({"error": format!("unknown order_id {reference}")})),
        Err(e) => {
            tracing::error!(error = %e, order_id = %n.order_id, "closing a QRIS intent failed");
            answer(StatusCode::INTERNAL_SERVER_ERROR, json!({"error": "try again"}))
        }
    }
}
