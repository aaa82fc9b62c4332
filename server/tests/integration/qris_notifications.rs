//! The acquirer's QRIS notifications, through the real HTTP endpoint.

use crate::common;

use app::domain::signature::notification_signature;
use app::domain::CustomerNumber;
use app::ssr::db::ledger::Intent;
use app::ssr::payments::open_intent;
use chrono::{Duration, Utc};
use common::{intent, spawn, Options, TestApp, DEMO_KEY};
use serde_json::{json, Value};

const ONE_UNPAID: &str = "0201000002";

/// A notification as the acquirer sends it: the status code that goes with the status.
fn notification(order_id: &str, transaction_id: &str, status: &str, gross_amount: &str, key: &str) -> Value {
    let code = match status {
        "pending" => "201",
        "expire" | "cancel" | "deny" => "202",
        _ => "200",
    };
    signed(order_id, transaction_id, status, code, gross_amount, key)
}

fn signed(
    order_id: &str,
    transaction_id: &str,
    status: &str,
    status_code: &str,
    gross_amount: &str,
    key: &str,
) -> Value {
    json!({
        "order_id": order_id,
        "status_code": status_code,
        "gross_amount": gross_amount,
        "transaction_status": status,
        "transaction_id": transaction_id,
        "fraud_status": "accept",
        "signature_key": notification_signature(order_id, status_code, gross_amount, key),
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

    let token: String = sqlx::query_scalar("SELECT verify_token FROM payments WHERE partner_reference = 'ACQ-0001'")
        .fetch_one(&app.state.db)
        .await
        .unwrap();
    let receipt = app.get(&format!("/resi/{token}")).await;
    assert_eq!(receipt.status, 200);
    assert!(
        receipt.body.contains(&format!("{}/resi/{token}", common::PUBLIC_URL)),
        "the QR leads to the portal's public address"
    );
    let spoofed =
        app.get_with(&format!("/resi/{token}"), &[("host", "evil.example"), ("x-forwarded-proto", "https")]).await;
    assert!(spoofed.body.contains(&format!("{}/resi/{token}", common::PUBLIC_URL)), "the Host header is never printed");
    assert!(!spoofed.body.contains("evil.example"), "the Host header is never reflected");
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

    let response =
        app.client.post(format!("{}/api/v1/qris/notifications", app.base)).body("{not json").send().await.unwrap();
    assert_eq!(response.status(), 400);
    let message = response.text().await.unwrap();
    assert!(!message.contains("line 1") && !message.contains("column"), "no parser internals: {message}");
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
    assert_eq!(
        (status, body["outcome"].as_str(), body["reason"].as_str()),
        (200, Some("set_aside"), Some("amount_mismatch"))
    );
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
    // A settlement that arrives after expiry (within the grace window) still credits: the
    // customer's money was taken.
    let late = notification(&i.reference, "ACQ-P", "settlement", &amount(&i), DEMO_KEY);
    assert_eq!(deliver(&app, &late).await.1["outcome"], "credited");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unconfigured_channel_says_so() {
    let app = spawn(Options { mode: "production", ..Options::default() }).await;
    let body = notification("TRTX", "ACQ-X", "settlement", "1000.00", DEMO_KEY);
    assert_eq!(deliver(&app, &body).await.0, 503);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn only_the_status_pairs_the_acquirer_sends_are_accepted() {
    let app = spawn(Options::default()).await;
    let i = intent(&app, ONE_UNPAID).await;
    // A signed pending notification (201) with its status edited to "settlement".
    let mut relabelled = notification(&i.reference, "ACQ-R", "pending", &amount(&i), DEMO_KEY);
    relabelled["transaction_status"] = json!("settlement");
    let (status, body) = deliver(&app, &relabelled).await;
    assert_eq!(status, 400, "{body}");
    for (status, code) in [
        ("pending", "200"),
        ("expire", "200"),
        ("cancel", "200"),
        ("capture", "201"),
        ("refund", "201"),
        ("deny", "200"),
    ] {
        let odd = signed(&i.reference, "ACQ-ODD", status, code, &amount(&i), DEMO_KEY);
        assert_eq!(deliver(&app, &odd).await.0, 400, "{status} with {code}");
    }
    let mut challenged = signed(&i.reference, "ACQ-C", "capture", "200", &amount(&i), DEMO_KEY);
    challenged["fraud_status"] = json!("challenge");
    assert_eq!(deliver(&app, &challenged).await.0, 400, "a capture under fraud review is not money");
    assert_eq!(scalar(&app, "SELECT COUNT(*) FROM payments WHERE partner_reference LIKE 'ACQ-%'").await, 0);
    assert_eq!(scalar(&app, "SELECT COUNT(*) FROM overpayments").await, 0);
    let intent_status: String = sqlx::query_scalar("SELECT status FROM payment_intents WHERE reference = $1")
        .bind(&i.reference)
        .fetch_one(&app.state.db)
        .await
        .unwrap();
    assert_eq!(intent_status, "pending", "nothing changed");
    let refund = signed(&i.reference, "ACQ-RF", "refund", "200", &amount(&i), DEMO_KEY);
    assert_eq!(deliver(&app, &refund).await.1["outcome"], "noted");
    let expire_407 = signed(&i.reference, "ACQ-E", "expire", "407", &amount(&i), DEMO_KEY);
    assert_eq!(deliver(&app, &expire_407).await.1["outcome"], "expired");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn amounts_that_are_not_whole_rupiah_in_range_are_refused() {
    let app = spawn(Options::default()).await;
    let i = intent(&app, ONE_UNPAID).await;
    for bad in ["28875.50", "-28875.00", "99999999999999999999.00", "1e5", "abc", "0.00", ""] {
        let body = notification(&i.reference, &format!("ACQ-A{}", bad.len()), "settlement", bad, DEMO_KEY);
        let (status, answer) = deliver(&app, &body).await;
        assert_eq!(status, 400, "{bad:?}: {answer}");
        assert!(answer["error"].as_str().unwrap().starts_with("gross_amount"), "a clear error: {answer}");
    }
    assert_eq!(
        scalar(&app, "SELECT COUNT(*) FROM overpayments").await,
        0,
        "never recorded as an overpayment of 0 or of a truncated sum"
    );
    assert_eq!(scalar(&app, "SELECT COUNT(*) FROM payments WHERE partner_reference LIKE 'ACQ-%'").await, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_replayed_settlement_under_a_new_id_is_held_for_staff_review() {
    let app = spawn(Options::default()).await;
    let i = intent(&app, ONE_UNPAID).await;
    assert_eq!(
        deliver(&app, &notification(&i.reference, "ACQ-FIRST", "settlement", &amount(&i), DEMO_KEY)).await.1["outcome"],
        "credited"
    );
    let (status, replay) =
        deliver(&app, &notification(&i.reference, "ACQ-REPLAY", "settlement", &amount(&i), DEMO_KEY)).await;
    assert_eq!(
        (status, replay["outcome"].as_str(), replay["reason"].as_str()),
        (200, Some("set_aside"), Some("suspected_duplicate"))
    );
    assert_eq!(scalar(&app, "SELECT COUNT(*) FROM overpayments WHERE reason = 'suspected_duplicate'").await, 1);
    assert_eq!(
        scalar(&app, "SELECT COUNT(*) FROM overpayments WHERE reason <> 'suspected_duplicate'").await,
        0,
        "no plain refund row for the same money"
    );
    assert_eq!(
        scalar(&app, "SELECT COUNT(*) FROM payments WHERE partner_reference LIKE 'ACQ-%'").await,
        1,
        "credited once"
    );
    // The same acquirer id reused for another payment is refused, and recorded nowhere.
    let other = intent(&app, "0201000003").await;
    let (status, _) =
        deliver(&app, &notification(&other.reference, "ACQ-FIRST", "settlement", &amount(&other), DEMO_KEY)).await;
    assert_eq!(status, 409);
    // Staff see it, marked for review, on the reconciliation page.
    app.add_staff("keuangan", "admin", None).await;
    let admin = app.sign_in("keuangan").await;
    let page = app.get_as("/staf/rekonsiliasi", &admin).await;
    assert!(page.body.contains("diduga pembayaran ganda"), "the reconciliation page names it");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_settlement_long_after_its_code_expired_credits_only_what_is_owed_now() {
    let app = spawn(Options::default()).await;
    let number = CustomerNumber::parse(ONE_UNPAID).unwrap();
    // A code made two days ago, expired after 15 minutes: past the 24-hour grace window.
    let old = open_intent(
        &app.state,
        &number,
        &app::domain::Channel::Qris,
        Utc::now() - Duration::hours(48),
        Duration::minutes(15),
        app::domain::Cover::All,
    )
    .await
    .unwrap();
    // What was owed then differs from what is owed now (a late fee came since).
    sqlx::query("UPDATE payment_intents SET amount = amount - 5000 WHERE reference = $1")
        .bind(&old.reference)
        .execute(&app.state.db)
        .await
        .unwrap();
    let stale_amount = (old.amount - app::domain::Money::rupiah(5000)).two_decimals();
    let (status, body) =
        deliver(&app, &notification(&old.reference, "ACQ-LATE", "settlement", &stale_amount, DEMO_KEY)).await;
    assert_eq!((status, body["reason"].as_str()), (200, Some("arrived_too_late")), "{body}");
    assert!(!app.get("/tagihan?no=0201000002").await.body.contains("Lunas"), "the bills stay unpaid");
    assert_eq!(
        scalar(&app, "SELECT COUNT(*) FROM overpayments WHERE reason = 'arrived_too_late'").await,
        1,
        "the money is kept to refund"
    );

    // The same age, but paying exactly what is owed now: credited.
    let fresh = open_intent(
        &app.state,
        &CustomerNumber::parse("0201000003").unwrap(),
        &app::domain::Channel::Qris,
        Utc::now() - Duration::hours(48),
        Duration::minutes(15),
        app::domain::Cover::All,
    )
    .await
    .unwrap();
    let owed_now = app::ssr::accounts::statement(
        &app.state,
        &CustomerNumber::parse("0201000003").unwrap(),
        app::ssr::clock::today_wib(),
    )
    .await
    .unwrap()
    .unwrap()
    .statement
    .total;
    sqlx::query("UPDATE payment_intents SET amount = $1 WHERE reference = $2")
        .bind(owed_now.whole_rupiah().unwrap())
        .bind(&fresh.reference)
        .execute(&app.state.db)
        .await
        .unwrap();
    let (_, body) =
        deliver(&app, &notification(&fresh.reference, "ACQ-EXACT", "settlement", &owed_now.two_decimals(), DEMO_KEY))
            .await;
    assert_eq!(body["outcome"], "credited", "{body}");

    // Within the grace window an expired code still credits as it was made.
    let recent = open_intent(
        &app.state,
        &CustomerNumber::parse("0201000005").unwrap(),
        &app::domain::Channel::Qris,
        Utc::now() - Duration::hours(3),
        Duration::minutes(15),
        app::domain::Cover::All,
    )
    .await
    .unwrap();
    let (_, body) =
        deliver(&app, &notification(&recent.reference, "ACQ-GRACE", "settlement", &amount(&recent), DEMO_KEY)).await;
    assert_eq!(body["outcome"], "credited", "{body}");
}
