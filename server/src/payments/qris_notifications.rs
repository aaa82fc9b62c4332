//! The QRIS acquirer's payment notifications (Midtrans-style). The signature is checked before
//! anything is read; the answer is fast and the same for every retry of one notification,
//! because the ledger records each acquirer transaction once.
//!
//! The signature covers `order_id + status_code + gross_amount` only, so what a notification
//! does is decided from the signed `status_code` together with the status it names: a pair the
//! acquirer never sends (a signed pending notification relabelled "settlement") is refused.

use app::domain::signature::verify_notification;
use app::domain::{AcquirerReport, IntentStatus, Money, Settlement};
use app::ssr::db::ledger::{self, LedgerError, PaymentReport};
use app::ssr::AppState;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Deserialize;
use serde_json::json;

pub const CHANNEL: &str = app::domain::channel::Channel::QRIS;

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

/// What the channel's health monitor hears of each notification: a failure to process is a
/// failure, a notification handled (whatever its outcome) a success. A bad signature names no
/// partner, so anyone could send one: it is refused and never counted.
pub async fn receive(State(state): State<AppState>, body: Bytes) -> Response {
    let Some(qris) = state.payments.qris.as_ref() else {
        return answer(StatusCode::SERVICE_UNAVAILABLE, json!({"error": "the QRIS channel is not configured"}));
    };
    let notification: Notification = match serde_json::from_slice(&body) {
        Ok(n) => n,
        Err(e) => {
            tracing::warn!(error = %e, "malformed QRIS notification refused");
            return answer(
                StatusCode::BAD_REQUEST,
                json!({"error": "malformed notification: expected JSON with order_id, status_code, gross_amount, transaction_status, transaction_id and signature_key"}),
            );
        }
    };
    let n = &notification;
    if !verify_notification(&n.order_id, &n.status_code, &n.gross_amount, &qris.server_key, &n.signature_key) {
        tracing::warn!(order_id = %n.order_id, "QRIS notification with a bad signature refused");
        return answer(StatusCode::UNAUTHORIZED, json!({"error": "invalid signature"}));
    }
    let response = handle(&state, n, qris.late_grace).await;
    let ok = !response.status().is_server_error();
    state.channels.record(&state.db, CHANNEL, ok, if ok { "notification" } else { "processing" }).await;
    response
}

async fn handle(state: &AppState, n: &Notification, grace: chrono::Duration) -> Response {
    let Some(report) = AcquirerReport::classify(&n.transaction_status, &n.status_code, n.fraud_status.as_deref())
    else {
        tracing::warn!(order_id = %n.order_id, status = %n.transaction_status, status_code = %n.status_code, fraud = ?n.fraud_status, "QRIS notification with a status the acquirer does not send refused");
        return answer(
            StatusCode::BAD_REQUEST,
            json!({"error": format!("transaction_status {:?} with status_code {:?} is not a combination this endpoint accepts", n.transaction_status, n.status_code)}),
        );
    };
    match report {
        AcquirerReport::Settled => settle(state, n, grace).await,
        AcquirerReport::Pending => answer(StatusCode::OK, json!({"outcome": "noted"})),
        AcquirerReport::Closed(to) => close(state, n, to).await,
        AcquirerReport::Reversed => {
            // Money going back out is decided by staff, not by a notification.
            tracing::warn!(order_id = %n.order_id, status = %n.transaction_status, "acquirer reports money returned: needs staff review");
            answer(StatusCode::OK, json!({"outcome": "noted"}))
        }
    }
}

async fn settle(state: &AppState, n: &Notification, grace: chrono::Duration) -> Response {
    let amount = match Money::parse_reported(&n.gross_amount) {
        Ok(a) => a,
        Err(e) => {
            tracing::warn!(order_id = %n.order_id, gross_amount = %n.gross_amount, "QRIS settlement with an unusable amount refused");
            return answer(StatusCode::BAD_REQUEST, json!({"error": format!("gross_amount: {e}")}));
        }
    };
    let report = PaymentReport {
        channel: app::domain::Channel::Qris,
        partner_reference: n.transaction_id.clone(),
        intent_reference: n.order_id.clone(),
        amount,
        at: chrono::Utc::now(),
        money_moved: true,
        taken_by: None,
        refuse: None,
    };
    match app::ssr::payments::settle_late_aware(state, report, grace).await {
        Ok(settlement) => outcome(settlement),
        Err(LedgerError::UnknownIntent(reference)) => {
            answer(StatusCode::NOT_FOUND, json!({"error": format!("unknown order_id {reference}")}))
        }
        Err(e) => {
            tracing::error!(error = %e, order_id = %n.order_id, "QRIS settlement failed");
            // Not 2xx: the acquirer retries, and the ledger makes the retry safe.
            answer(StatusCode::INTERNAL_SERVER_ERROR, json!({"error": "try again"}))
        }
    }
}

fn outcome(settlement: Settlement) -> Response {
    match settlement {
        Settlement::Credited { receipt_number } => {
            answer(StatusCode::OK, json!({"outcome": "credited", "receipt_number": receipt_number}))
        }
        Settlement::SetAside { reason } => {
            answer(StatusCode::OK, json!({"outcome": "set_aside", "reason": reason.as_str()}))
        }
        // A retry is answered exactly as the first delivery was.
        Settlement::Repeated(first) => outcome(*first),
        Settlement::Inconsistent => {
            answer(StatusCode::CONFLICT, json!({"error": "transaction_id was already reported for another payment"}))
        }
        // Acquirer reports always have money_moved: a refusal cannot come back from the ledger.
        Settlement::Refused { .. } => answer(StatusCode::INTERNAL_SERVER_ERROR, json!({"error": "try again"})),
    }
}

async fn close(state: &AppState, n: &Notification, to: IntentStatus) -> Response {
    match ledger::close_intent(&state.db, &n.order_id, to).await {
        Ok(changed) => answer(StatusCode::OK, json!({"outcome": if changed { to.as_str() } else { "unchanged" }})),
        Err(LedgerError::UnknownIntent(reference)) => {
            answer(StatusCode::NOT_FOUND, json!({"error": format!("unknown order_id {reference}")}))
        }
        Err(e) => {
            tracing::error!(error = %e, order_id = %n.order_id, "closing a QRIS intent failed");
            answer(StatusCode::INTERNAL_SERVER_ERROR, json!({"error": "try again"}))
        }
    }
}
