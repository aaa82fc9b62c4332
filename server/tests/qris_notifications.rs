//! The acquirer's QRIS notifications, through the real HTTP endpoint.

mod common;

use app::domain::signature::notification_signature;
use app::domain::CustomerNumber;
use app::ssr::db::ledger::{open_intent, Intent};
use chrono::{Duration, Utc};
use common::{spawn, Options, TestApp};
use serde_json::{json, Value};

const DEMO_KEY: &str = "demo-acquirer-server-key";
const ONE_UNPAID: &str = "0201000002";

async fn intent(app: &TestApp, customer: &str) -> Intent {
    open_intent(&app.state, &CustomerNumber::parse(customer).unwrap(), "qris", Utc::now(), Duration::minutes(15)).await.unwrap()
}

fn notification(order_id: &str, transaction_id: &str, status: &str, gross_amount: &str, key: &str) -> Value {
    json!({
        "order_id": order_id,
        "status_code": "200",
        "gross_amount": gross_amount,
        "transaction_status": status,
        "transaction_id": transaction_id,
        "fraud_status": "accept",
        "signature_key": notification_signature(order_id, "200", gross_amount, key),
    })
}

async fn deliver(app: &TestApp, body: &Value) -> (u16, Value) {
    let response = app.client.post(format!("{}/api/v1/qris/notifications", app.base)).json(body).send().await.unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

async fn scalar(app: &TestApp, sql: &str) -> i64 {
    sqlx::query_scalar(sql).fetch_one(&app.state.db).await.unwrap()
}

fn amount(i: &Intent) -> String {
    i.amount.two_decimals()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_settlement_credits_and_retries_get_the_same_answer() {
    let app = spawn(Options::default()).await;
    let i = intent(&app, ONE_UNPAID).await;
    let body = notification(&i.reference, "ACQ-0001", "settlement", &amount(&i), DEMO_KEY);
    let (status, first) = deliver(&app, &body).await;
    assert_eq!(status, 200, "{first}");
    assert_eq!(first["outcome"], "credited");
    assert!(first["receipt_number"].as_str().unwrap().starts_with("TRT-"));
    let (status, again) = deliver(&app, &body).await;
    assert_eq!((status, &again), (200, &first), "a retry gets the same answer");
    assert_eq!(scalar(&app, "SELECT COUNT(*) FROM payments WHERE partner_reference = 'ACQ-0001'").await, 1);
    let page = app.get("/tagihan?no=0201000002").await;
    assert!(page.body.contains("Lunas"), "the bill page shows it paid");

    let token: String = sqlx::query_scalar("SELECT verify_token FROM payments WHERE partner_reference = 'ACQ-0001'").fetch_one(&app.state.db).await.unwrap();
    let receipt = app.get(&format!("/resi/{token}")).await;
    assert_eq!(receipt.status, 200);
    assert!(receipt.body.contains(&format!("http://{}/resi/{token}", app.base.trim_start_matches("http://"))), "the QR leads back here");
    let behind_tls = app.get_with(&format!("/resi/{token}"), &[("x-forwarded-proto", "https")]).await;
    assert!(behind_tls.body.contains(&format!("https://{}/resi/{token}", app.base.trim_start_matches("http://"))), "opened over https, printed as https");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_hundred_concurrent_deliveries_credit_once() {
    let app = spawn(Options::default()).await;
    let i = intent(&app, "0201000004").await;
    let body = notification(&i.reference, "ACQ-0100", "settlement", &amount(&i), DEMO_KEY);
    let url = format!("{}/api/v1/qris/notifications", app.base);
    let tasks: Vec<_> = (0..100)
        .map(|_| {
            let (client, url, body) = (app.client.clone(), url.clone(), body.clone());
            tokio::spawn(async move {
                let r = client.post(url).json(&body).send().await.unwrap();
                (r.status().as_u16(), r.json::<Value>().await.unwrap())
            })
        })
        .collect();
    let mut answers = Vec::new();
    for t in tasks {
        answers.push(t.await.unwrap());
    }
    assert!(answers.iter().all(|a| a == &answers[0]), "every delivery gets the same answer");
    assert_eq!(answers[0].0, 200);
    assert_eq!(scalar(&app, "SELECT COUNT(*) FROM payments WHERE partner_reference = 'ACQ-0100'").await, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn forged_malformed_and_unknown_notifications_change_nothing() {
    let app = spawn(Options::default()).await;
    let i = intent(&app, ONE_UNPAID).await;
    let payments = scalar(&app, "SELECT COUNT(*) FROM payments").await;

    let forged = notification(&i.reference, "ACQ-F", "settlement", &amount(&i), "guessed-key");
    assert_eq!(deliver(&app, &forged).await.0, 401);
    let mut tampered = notification(&i.reference, "ACQ-T", "settlement", &amount(&i), DEMO_KEY);
    tampered["gross_amount"] = json!("1.00");
    assert_eq!(deliver(&app, &tampered).await.0, 401, "the signature covers the amount");

    let response = app.client.post(format!("{}/api/v1/qris/notifications", app.base)).body("{not json").send().await.unwrap();
    assert_eq!(response.status(), 400);
    let unknown = notification("TRTNOSUCH", "ACQ-U", "settlement", "1000.00", DEMO_KEY);
    assert_eq!(deliver(&app, &unknown).await.0, 404);
    let odd = notification(&i.reference, "ACQ-O", "teleported", &amount(&i), DEMO_KEY);
    assert_eq!(deliver(&app, &odd).await.0, 400);
    let big = "x".repeat(200_000);
    let response = app.client.post(format!("{}/api/v1/qris/notifications", app.base)).body(big).send().await.unwrap();
    assert_eq!(response.status(), 413, "oversized bodies are refused");

    assert_eq!(scalar(&app, "SELECT COUNT(*) FROM payments").await, payments);
    assert_eq!(scalar(&app, "SELECT COUNT(*) FROM overpayments").await, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_wrong_amount_is_flagged_not_credited() {
    let app = spawn(Options::default()).await;
    let i = intent(&app, ONE_UNPAID).await;
    let short = notification(&i.reference, "ACQ-S", "settlement", "1000.00", DEMO_KEY);
    let (status, body) = deliver(&app, &short).await;
    assert_eq!((status, body["outcome"].as_str(), body["reason"].as_str()), (200, Some("set_aside"), Some("amount_mismatch")));
    assert_eq!(scalar(&app, "SELECT COUNT(*) FROM overpayments WHERE reason = 'amount_mismatch'").await, 1);
    assert!(!app.get("/tagihan?no=0201000002").await.body.contains("Lunas"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn status_moves_forward_only() {
    let app = spawn(Options::default()).await;
    let i = intent(&app, ONE_UNPAID).await;
    let pending = notification(&i.reference, "ACQ-P", "pending", &amount(&i), DEMO_KEY);
    assert_eq!(deliver(&app, &pending).await.1["outcome"], "noted");
    let expire = notification(&i.reference, "ACQ-P", "expire", &amount(&i), DEMO_KEY);
    assert_eq!(deliver(&app, &expire).await.1["outcome"], "expired");
    assert_eq!(deliver(&app, &expire).await.1["outcome"], "unchanged");
    let cancel = notification(&i.reference, "ACQ-P", "cancel", &amount(&i), DEMO_KEY);
    assert_eq!(deliver(&app, &cancel).await.1["outcome"], "unchanged", "expired does not go back to cancelled");
    // A settlement that arrives after expiry still credits: the customer's money was taken.
    let late = notification(&i.reference, "ACQ-P", "settlement", &amount(&i), DEMO_KEY);
    assert_eq!(deliver(&app, &late).await.1["outcome"], "credited");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unconfigured_channel_says_so() {
    let app = spawn(Options { mode: "production", ..Options::default() }).await;
    let body = notification("TRTX", "ACQ-X", "settlement", "1000.00", DEMO_KEY);
    assert_eq!(deliver(&app, &body).await.0, 503);
}
