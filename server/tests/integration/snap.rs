//! The bank-facing SNAP BI API, end to end over HTTP with correctly (and incorrectly) signed
//! requests, as a bank's system would send them.

use crate::common;

use app::domain::signature::{snap_hmac, snap_string_to_sign};
use app::domain::CustomerNumber;
use common::{sign_token_request, spawn, Options, TestApp};
use serde_json::{json, Value};
use std::sync::atomic::{AtomicU64, Ordering};

const BANK: &str = "bri";
const SECRET: &str = "bri-client-secret";
const BILLER: &str = "   88810";
const PUBLIC_KEY: &str = common::PARTNER_PUBLIC_KEY;

static EXTERNAL_ID: AtomicU64 = AtomicU64::new(1_000_000);

fn external_id() -> String {
    EXTERNAL_ID.fetch_add(1, Ordering::SeqCst).to_string()
}

fn timestamp() -> String {
    chrono::Utc::now().with_timezone(&app::ssr::clock::wib()).format("%Y-%m-%dT%H:%M:%S%:z").to_string()
}

async fn bank_app() -> TestApp {
    bank_app_with(Options::default()).await
}

/// A portal on which the bank `BANK` has registered its credentials.
async fn bank_app_with(options: Options) -> TestApp {
    let app = spawn(options).await;
    sqlx::query("UPDATE partners SET client_secret = $1, public_key_pem = $2 WHERE id = $3")
        .bind(SECRET)
        .bind(PUBLIC_KEY)
        .bind(BANK)
        .execute(&app.state.db)
        .await
        .unwrap();
    app
}

async fn request_token(app: &TestApp, client_id: &str, ts: &str, signature: &str, body: &str) -> (u16, Value) {
    let r = app
        .client
        .post(format!("{}/v1.0/access-token/b2b", app.base))
        .header("x-client-key", client_id)
        .header("x-timestamp", ts)
        .header("x-signature", signature)
        .header("content-type", "application/json")
        .body(body.to_string())
        .send()
        .await
        .unwrap();
    (r.status().as_u16(), r.json().await.unwrap_or(Value::Null))
}

async fn token(app: &TestApp) -> String {
    let ts = timestamp();
    let (status, body) =
        request_token(app, BANK, &ts, &sign_token_request(BANK, &ts), r#"{"grantType":"client_credentials"}"#).await;
    assert_eq!(status, 200, "{body}");
    body["accessToken"].as_str().unwrap().to_string()
}

struct Call<'a> {
    path: &'a str,
    token: &'a str,
    body: String,
    external_id: String,
    secret: &'a str,
    partner: &'a str,
}

impl<'a> Call<'a> {
    fn new(path: &'a str, token: &'a str, body: &Value) -> Call<'a> {
        Call {
            path,
            token,
            body: serde_json::to_string(body).unwrap(),
            external_id: external_id(),
            secret: SECRET,
            partner: BANK,
        }
    }

    async fn send(&self, app: &TestApp) -> (u16, Value) {
        let ts = timestamp();
        let signature =
            snap_hmac(self.secret, &snap_string_to_sign("POST", self.path, self.token, self.body.as_bytes(), &ts));
        let r = app
            .client
            .post(format!("{}{}", app.base, self.path))
            .bearer_auth(self.token)
            .header("x-timestamp", ts)
            .header("x-signature", signature)
            .header("x-partner-id", self.partner)
            .header("x-external-id", &self.external_id)
            .header("channel-id", "95221")
            .header("content-type", "application/json")
            .body(self.body.clone())
            .send()
            .await
            .unwrap();
        (r.status().as_u16(), r.json().await.unwrap_or(Value::Null))
    }
}

fn inquiry_body(customer: &str) -> Value {
    json!({"partnerServiceId": BILLER, "customerNo": customer, "virtualAccountNo": format!("{BILLER}{customer}"), "inquiryRequestId": "INQ-1"})
}

fn payment_body(customer: &str, request_id: &str, amount: &str) -> Value {
    json!({"partnerServiceId": BILLER, "customerNo": customer, "virtualAccountNo": format!("{BILLER}{customer}"),
           "paymentRequestId": request_id, "paidAmount": {"value": amount, "currency": "IDR"}})
}

const INQUIRY: &str = "/v1.0/transfer-va/inquiry";
const PAYMENT: &str = "/v1.0/transfer-va/payment";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn access_tokens_need_the_partners_rsa_signature() {
    let app = bank_app().await;
    let ts = timestamp();
    let good = sign_token_request(BANK, &ts);
    let (status, body) = request_token(&app, BANK, &ts, &good, r#"{"grantType":"client_credentials"}"#).await;
    assert_eq!((status, body["responseCode"].as_str()), (200, Some("2007300")));
    assert_eq!(body["tokenType"], "Bearer");
    let (status, body) =
        request_token(&app, BANK, &ts, &sign_token_request("bni", &ts), r#"{"grantType":"client_credentials"}"#).await;
    assert_eq!((status, body["responseCode"].as_str()), (401, Some("4017300")), "signed for another client");
    assert_eq!(request_token(&app, "nobody", &ts, &good, "{}").await.0, 401);
    assert_eq!(request_token(&app, "bni", &ts, &good, "{}").await.0, 401, "a bank with no registered key");
    let stale = "2026-01-01T10:00:00+07:00";
    assert_eq!(
        request_token(&app, BANK, stale, &sign_token_request(BANK, stale), r#"{"grantType":"client_credentials"}"#)
            .await
            .0,
        401
    );
    let (status, body) = request_token(&app, BANK, &ts, &good, r#"{"grantType":"password"}"#).await;
    assert_eq!((status, body["responseCode"].as_str()), (400, Some("4007300")));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn inquiry_answers_what_is_owed_per_period() {
    let app = bank_app().await;
    let token = token(&app).await;
    let (status, body) = Call::new(INQUIRY, &token, &inquiry_body("0201000003")).send(&app).await;
    assert_eq!((status, body["responseCode"].as_str()), (200, Some("2002400")), "{body}");
    let data = &body["virtualAccountData"];
    assert_eq!(data["inquiryStatus"], "00");
    assert_eq!(data["billDetails"].as_array().unwrap().len(), 2);
    let bill_page = app.get("/tagihan?no=0201000003").await.body;
    let total: i64 = bill_page.split(r#"data-total=""#).nth(1).unwrap().split('"').next().unwrap().parse().unwrap();
    assert_eq!(
        data["totalAmount"],
        json!({"value": format!("{total}.00"), "currency": "IDR"}),
        "two-decimal strings, as on the bill page"
    );

    let code = |b: &Value| b["responseCode"].as_str().unwrap_or_default().to_string();
    assert_eq!(code(&Call::new(INQUIRY, &token, &inquiry_body("9999999999")).send(&app).await.1), "4042412");
    assert_eq!(code(&Call::new(INQUIRY, &token, &inquiry_body("0201000001")).send(&app).await.1), "4042414");
    assert_eq!(
        code(&Call::new(INQUIRY, &token, &inquiry_body("0201000004")).send(&app).await.1),
        "2002400",
        "no arrears limit is set: banks take every debt"
    );
    let mut missing = inquiry_body("0201000003");
    missing.as_object_mut().unwrap().remove("customerNo");
    let (status, body) = Call::new(INQUIRY, &token, &missing).send(&app).await;
    assert_eq!((status, code(&body)), (400, "4002400".to_string()));
    assert!(body["responseMessage"].as_str().unwrap().contains("customerNo"), "the message names the field");
    let mut foreign = inquiry_body("0201000003");
    foreign["partnerServiceId"] = json!("   98820");
    assert!(Call::new(INQUIRY, &token, &foreign).send(&app).await.1["responseMessage"]
        .as_str()
        .unwrap()
        .contains("partnerServiceId"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn requests_are_refused_without_valid_credentials() {
    let app = bank_app().await;
    let token = token(&app).await;
    let code = |b: &Value| b["responseCode"].as_str().unwrap_or_default().to_string();
    let mut forged = Call::new(INQUIRY, &token, &inquiry_body("0201000003"));
    forged.secret = "guessed";
    assert_eq!(code(&forged.send(&app).await.1), "4012400");
    let wrong_token = Call::new(INQUIRY, "not-a-token", &inquiry_body("0201000003"));
    assert_eq!(code(&wrong_token.send(&app).await.1), "4012400");
    let mut other_partner = Call::new(INQUIRY, &token, &inquiry_body("0201000003"));
    other_partner.partner = "bni";
    assert_eq!(code(&other_partner.send(&app).await.1), "4012400");
    let mut pay_forged = Call::new(PAYMENT, &token, &payment_body("0201000003", "P-F", "1.00"));
    pay_forged.secret = "guessed";
    assert_eq!(code(&pay_forged.send(&app).await.1), "4012500");

    let once = Call::new(INQUIRY, &token, &inquiry_body("0201000003"));
    assert_eq!(once.send(&app).await.0, 200);
    let (status, body) = once.send(&app).await;
    assert_eq!((status, code(&body)), (409, "4092400".to_string()), "X-EXTERNAL-ID is unique per partner per day");
    let mut bad_id = Call::new(INQUIRY, &token, &inquiry_body("0201000003"));
    bad_id.external_id = "abc".into();
    assert_eq!(bad_id.send(&app).await.0, 400);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn payment_credits_once_and_repeats_answer_the_same() {
    let app = bank_app().await;
    let token = token(&app).await;
    let owed = Call::new(INQUIRY, &token, &inquiry_body("0201000003")).send(&app).await.1["virtualAccountData"]
        ["totalAmount"]["value"]
        .as_str()
        .unwrap()
        .to_string();
    let code = |b: &Value| b["responseCode"].as_str().unwrap_or_default().to_string();

    let (status, wrong) =
        Call::new(PAYMENT, &token, &payment_body("0201000003", "P-WRONG", "1000.00")).send(&app).await;
    assert_eq!((status, code(&wrong)), (404, "4042513".to_string()));
    let overpayments: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM overpayments").fetch_one(&app.state.db).await.unwrap();
    assert_eq!(overpayments, 0, "refused before money moved: nothing to refund");

    let (status, first) = Call::new(PAYMENT, &token, &payment_body("0201000003", "P-1", &owed)).send(&app).await;
    assert_eq!((status, code(&first)), (200, "2002500".to_string()), "{first}");
    assert_eq!(first["virtualAccountData"]["paymentFlagStatus"], "00");
    assert!(first["virtualAccountData"]["referenceNo"].as_str().unwrap().starts_with("TRT-"));
    let (status, again) = Call::new(PAYMENT, &token, &payment_body("0201000003", "P-1", &owed)).send(&app).await;
    assert_eq!((status, &again), (200, &first), "the same paymentRequestId and content: the stored answer");
    let mut changed = payment_body("0201000003", "P-1", &owed);
    changed["paidAmount"]["value"] = json!("1.00");
    assert_eq!(code(&Call::new(PAYMENT, &token, &changed).send(&app).await.1), "4042518");

    let payments: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM payments WHERE channel = 'va_bri' AND partner_reference = 'P-1'")
            .fetch_one(&app.state.db)
            .await
            .unwrap();
    assert_eq!(payments, 1);
    assert!(app.get("/tagihan?no=0201000003").await.body.contains("Lunas"));
    assert_eq!(
        code(&Call::new(INQUIRY, &token, &inquiry_body("0201000003")).send(&app).await.1),
        "4042414",
        "now paid"
    );
    assert_eq!(
        code(&Call::new(PAYMENT, &token, &payment_body("0201000003", "P-2", &owed)).send(&app).await.1),
        "4042514"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_hundred_concurrent_bank_payments_credit_once() {
    let app = bank_app().await;
    let token = token(&app).await;
    let owed = Call::new(INQUIRY, &token, &inquiry_body("0201000002")).send(&app).await.1["virtualAccountData"]
        ["totalAmount"]["value"]
        .as_str()
        .unwrap()
        .to_string();
    let calls: Vec<Call<'static>> = (0..100)
        .map(|_| {
            let token: &'static str = Box::leak(token.clone().into_boxed_str());
            let owed: &'static str = Box::leak(owed.clone().into_boxed_str());
            Call::new(PAYMENT, token, &payment_body("0201000002", "P-SAME", owed))
        })
        .collect();
    let app = std::sync::Arc::new(app);
    let tasks: Vec<_> = calls
        .into_iter()
        .map(|call| {
            let app = app.clone();
            tokio::spawn(async move { call.send(&app).await })
        })
        .collect();
    let mut answers = Vec::new();
    for t in tasks {
        answers.push(t.await.unwrap());
    }
    let odd: Vec<_> = answers.iter().filter(|(s, b)| *s != 200 || b["responseCode"] != "2002500").collect();
    assert!(odd.is_empty(), "every delivery is answered as paid: {odd:?}");
    assert!(answers.iter().all(|a| a == &answers[0]), "and with the same answer");
    let receipts: std::collections::HashSet<_> =
        answers.iter().map(|(_, b)| b["virtualAccountData"]["referenceNo"].to_string()).collect();
    assert_eq!(receipts.len(), 1, "one receipt");
    let payments: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM payments WHERE channel = 'va_bri' AND partner_reference = 'P-SAME'")
            .fetch_one(&app.state.db)
            .await
            .unwrap();
    assert_eq!(payments, 1);
    let bills_paid: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM bills b JOIN payments p ON p.id = b.payment_id WHERE p.partner_reference = 'P-SAME'",
    )
    .fetch_one(&app.state.db)
    .await
    .unwrap();
    assert_eq!(bills_paid, 1, "the one unpaid bill, settled once");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn partners_get_an_openapi_description_of_every_endpoint() {
    let app = spawn(Options::default()).await;
    let r = app.client.get(format!("{}/v1.0/openapi.json", app.base)).send().await.unwrap();
    assert_eq!(r.status(), 200);
    let doc: Value = r.json().await.unwrap();
    assert_eq!(doc["openapi"], "3.0.3");
    for path in ["/v1.0/access-token/b2b", INQUIRY, PAYMENT] {
        assert!(doc["paths"][path]["post"].is_object(), "{path} is described");
        // Every described endpoint exists: a POST without credentials is refused, not 404/405.
        let answer = app.client.post(format!("{}{path}", app.base)).body("{}").send().await.unwrap();
        assert_eq!(answer.status(), 401, "{path}");
    }
}

async fn owed(app: &TestApp, token: &str, customer: &str) -> Option<String> {
    let (_, body) = Call::new(INQUIRY, token, &inquiry_body(customer)).send(app).await;
    body["virtualAccountData"]["totalAmount"]["value"].as_str().map(str::to_string)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_payment_request_id_names_one_account_and_amount() {
    let app = bank_app().await;
    let token = token(&app).await;
    let code = |b: &Value| b["responseCode"].as_str().unwrap_or_default().to_string();
    let first_owed = owed(&app, &token, "0201000003").await.unwrap();
    let (status, first) =
        Call::new(PAYMENT, &token, &payment_body("0201000003", "P-ONE", &first_owed)).send(&app).await;
    assert_eq!((status, code(&first)), (200, "2002500".to_string()), "{first}");
    // The same id for another customer, with that customer's right amount: inconsistent.
    let other_owed = owed(&app, &token, "0201000002").await.unwrap();
    let (status, other) =
        Call::new(PAYMENT, &token, &payment_body("0201000002", "P-ONE", &other_owed)).send(&app).await;
    assert_eq!((status, code(&other)), (404, "4042518".to_string()), "{other}");
    assert!(
        !app.get("/tagihan?no=0201000002").await.body.contains("Lunas"),
        "the other customer is not told paid, and is not"
    );
    // A bank retrying after a lost answer (a new X-EXTERNAL-ID, the same content) gets the stored success.
    let (status, again) =
        Call::new(PAYMENT, &token, &payment_body("0201000003", "P-ONE", &first_owed)).send(&app).await;
    assert_eq!((status, &again), (200, &first));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_payment_request_id_sent_for_fifty_customers_at_once_succeeds_once() {
    let app = bank_app().await;
    let token = token(&app).await;
    let numbers: Vec<String> = sqlx::query_scalar(
        "SELECT c.number FROM customers c WHERE EXISTS (SELECT 1 FROM bills b WHERE b.customer_id = c.id AND b.payment_id IS NULL) ORDER BY c.number",
    )
    .fetch_all(&app.state.db)
    .await
    .unwrap();
    let mut calls = Vec::new();
    for number in &numbers {
        if let Some(amount) = owed(&app, &token, number).await {
            calls.push(payment_body(number, "P-RACE", &amount));
        }
    }
    let calls: Vec<Value> = calls.into_iter().cycle().take(50).collect();
    assert!(calls.len() == 50 && numbers.len() >= 10, "enough payable customers: {}", numbers.len());
    let app = std::sync::Arc::new(app);
    let token: &'static str = Box::leak(token.into_boxed_str());
    let tasks: Vec<_> = calls
        .into_iter()
        .map(|body| {
            let app = app.clone();
            tokio::spawn(async move { Call::new(PAYMENT, token, &body).send(&app).await })
        })
        .collect();
    let mut successes = std::collections::HashSet::new();
    for t in tasks {
        let (status, body) = t.await.unwrap();
        if body["responseCode"] == "2002500" {
            successes.insert(body["virtualAccountData"]["customerNo"].as_str().unwrap().to_string());
        } else {
            assert!(status < 500, "{body}");
        }
    }
    assert_eq!(successes.len(), 1, "one customer's payment succeeds under the id: {successes:?}");
    let payments: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM payments WHERE partner_reference = 'P-RACE'")
        .fetch_one(&app.state.db)
        .await
        .unwrap();
    assert_eq!(payments, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn paid_amounts_must_be_whole_rupiah_in_range() {
    let app = bank_app().await;
    let token = token(&app).await;
    for (n, bad) in ["28875.50", "-28875.00", "99999999999999999.00", "1e5.00", "abc.00", "0.00"].iter().enumerate() {
        let (status, body) =
            Call::new(PAYMENT, &token, &payment_body("0201000003", &format!("P-BAD-{n}"), bad)).send(&app).await;
        assert_eq!((status, body["responseCode"].as_str()), (400, Some("4002500")), "{bad}: {body}");
        assert!(body["responseMessage"].as_str().unwrap().contains("paidAmount.value"), "{body}");
    }
    let (status, body) = Call::new(
        PAYMENT,
        &token,
        &json!({"partnerServiceId": BILLER, "customerNo": "0201000003",
        "virtualAccountNo": format!("{BILLER}0201000003"), "paymentRequestId": "P-NUM", "paidAmount": {"value": 28875, "currency": "IDR"}}),
    )
    .send(&app)
    .await;
    assert_eq!(status, 400, "a number where a string belongs: {body}");
    let recorded: i64 = sqlx::query_scalar("SELECT (SELECT COUNT(*) FROM payments WHERE partner_reference LIKE 'P-%') + (SELECT COUNT(*) FROM overpayments)")
        .fetch_one(&app.state.db)
        .await
        .unwrap();
    assert_eq!(recorded, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_token_request_says_the_same_for_an_unknown_client_and_a_bad_signature() {
    let app = bank_app().await;
    let ts = timestamp();
    let good = sign_token_request(BANK, &ts);
    let grant = r#"{"grantType":"client_credentials"}"#;
    let unknown = request_token(&app, "nobody", &ts, &good, grant).await;
    let bad_signature = request_token(&app, BANK, &ts, &sign_token_request("bni", &ts), grant).await;
    let no_key = request_token(&app, "bni", &ts, &good, grant).await;
    assert_eq!(unknown, bad_signature);
    assert_eq!(unknown, no_key);
    assert_eq!(unknown.0, 401);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_limit_on_arrears_sends_long_debts_to_the_counter_on_every_channel() {
    let app =
        bank_app_with(Options { settings: vec![("counter_only_after_months", "2".into())], ..Options::default() })
            .await;
    let token = token(&app).await;
    let code = |b: &Value| b["responseCode"].as_str().unwrap_or_default().to_string();
    // Four months behind: the banks refuse, QRIS refuses, the pages say where to pay instead.
    let (status, inquiry) = Call::new(INQUIRY, &token, &inquiry_body("0201000004")).send(&app).await;
    assert_eq!((status, code(&inquiry)), (404, "4042419".to_string()));
    assert!(inquiry["responseMessage"].as_str().unwrap().contains("more than 2 months"), "{inquiry}");
    let (_, payment) = Call::new(PAYMENT, &token, &payment_body("0201000004", "P-LONG", "100000.00")).send(&app).await;
    assert_eq!(code(&payment), "4042519");
    let qris = app.post_form("/api/payments/qris", None, &[("number", "0201000004")]).await;
    assert_eq!(qris.status, 409, "{}", qris.body);
    let va = app.post_form("/api/payments/virtual-accounts", None, &[("number", "0201000004")]).await;
    assert_eq!(va.status, 409);
    let bill = app.get("/tagihan?no=0201000004").await.body;
    assert!(
        bill.contains(r#"data-counter-only="2""#) && bill.contains("hanya dapat dibayar di loket kantor unit"),
        "the bill page explains"
    );
    assert!(
        !bill.contains("Bayar dengan QRIS") && !bill.contains("Bayar lewat Virtual Account bank"),
        "and offers no remote channel"
    );
    // Within the limit, every channel takes the debt.
    assert_eq!(code(&Call::new(INQUIRY, &token, &inquiry_body("0201000003")).send(&app).await.1), "2002400");
    // The counter takes everything.
    let number = CustomerNumber::parse("0201000004").unwrap();
    assert!(app::ssr::payments::open_intent(
        &app.state,
        &number,
        &app::domain::Channel::Counter,
        chrono::Utc::now(),
        chrono::Duration::minutes(10),
        app::domain::Cover::All
    )
    .await
    .is_ok());
}
