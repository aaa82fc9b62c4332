//! The bank-facing SNAP BI API, end to end over HTTP with correctly (and incorrectly) signed
//! requests, as a bank's system would send them.

mod common;

use app::domain::signature::{snap_hmac, snap_string_to_sign};
use base64::{engine::general_purpose::STANDARD as BASE64, Engine as _};
use common::{spawn, Options, TestApp};
use rsa::pkcs8::DecodePrivateKey;
use rsa::signature::{SignatureEncoding, Signer};
use serde_json::{json, Value};
use std::sync::atomic::{AtomicU64, Ordering};

const BANK: &str = "bri";
const SECRET: &str = "bri-client-secret";
const BILLER: &str = "   88810";
// A test key pair (made with OpenSSL for these tests only).
const PRIVATE_KEY: &str = "-----BEGIN PRIVATE KEY-----
MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQDMA+yG7R7r9TQe
QTrNYBLHuFmr+9LxTj/whlmNKM3bJDmPikygPzLnjQ4+abdaZk5X5yYBnfy1SItb
Jscz7+0TT4EeBQIgnQeTL/Wco3FePFNH+w14bFqW/FjOQCQg1ceKTkTaUwbwUBhM
JX23iZYYrT1yYlzN/SWKMH5BVDepLppIeh9D6WdKqX1qDOJtSjD3gPT2cm0imjqq
KSuc+JeFDyCxNgnrjVcDS5UAEh7y3eq3XigQRSsBnn44C/9V0YbPvKeINEvzQ56O
FuIf0A5Q4c/tx7GLB2T0ExQXa+MhVQivQxtGG5hSTOObzVM4g+ScgPVjjNnpf4es
fZbZErORAgMBAAECggEABYfds6gIpzuV1sl3P0tpduydJw0ZTN1i3QcSCmz0F7Vw
XLR9G02wou0EroB4g1oz/tdkr7U0Ep4Ng8JrXWcVtZOkMRzQT/NchIr6TO10DKqf
VLDjo+4cDpfMuIVYoA3rmOjs85Y99pR/9CCCu0+0N/sKUr2D5+RYTi9pB3sG/0PD
EvPxYINtA0fsAknsMyJ5P95BgrdQa2ykdHBGU0sg9vca+eWnQ+AfQ6MO9QSDzTNp
7nvZC9mU4uUq2E72GGgULeLUyZGu+Kb6Q0xxm/+6wz7+lQZFerVg7eweQQkPuc/d
dFVEss0gZl8s7NZId58Yfanzft+aWLqlbq0TcTx1OQKBgQD1RFL3fCau3Mwa04Pl
uGdKbprZKV9sWvHKzfSRIMkkZddBapBjhN5ABsP7if4+KijAntMvn0k5WpzM0lYm
4eJb6cGIjwmRMlzZpEZjTK5i12jWkWX/oivooHuAw2moFbxvG8yrmNFMvm369MFQ
pjm1J1gRcevznCmPCyNhkZn/ewKBgQDU8XeCll27yRVMXihgXFFpB/Yk4f4XJsvm
h9sPvZW3aDa6Vyy8LbZrEt180ws17yYQXdV8Fk8fNlIJXiZGDWnAeAnpy1/ecIGt
oIPOAq4xJUNNH1tIS2MssopjzelWZIK1Nnfrri4SlxoWR3w2XI8j6sUDVS44YrXQ
3O6zKz6FYwKBgQDAGS1qTUD3AFSURkouKIouEAcUQ4VLlsd+cmU1LhqceW9o+w/w
AmcYerQRVXleMyMMCtmZmQZ+92uMOMnlVlI2bxV34aA6qtlyVWoT6EFFhTXFqMfc
uqXtY5SXu3YLgkq+M2XQmLaFhzkYr46hni/gpNojf7iwawVZ1f12M9YL9QKBgAzq
ZGxIQIEuThtmrp5BmzJ6qCROjMHMuZtO7CuFPTp1mLQuq2jygNj3uPVkO47W5YEi
n9s54yyqd8lXq4yeLabd4QQMMNFmE4d7b+Mj6HrUnsNjvn6hC+/fGGO7TobN69uf
5SAnXWYFQjDNvyvw60GrcK2mEfqbihmT/OpjGhSvAoGAYTA+2ClN38FY2Fukw91z
vvMAXjzwZpXdMEXFFFAWzBS59/GQfNh/fzkqSHfevyiJ0p4x5yBhiQP89HUSLDK0
oFjOe9AkxnFNgISqNUDD+QNQlLvrbwO/dBEqt/+upyYRZn6GOWQnj13h5ndgn9T1
EGord0H7cAISKSGHFKixYbo=
-----END PRIVATE KEY-----";
const PUBLIC_KEY: &str = "-----BEGIN PUBLIC KEY-----
MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAzAPshu0e6/U0HkE6zWAS
x7hZq/vS8U4/8IZZjSjN2yQ5j4pMoD8y540OPmm3WmZOV+cmAZ38tUiLWybHM+/t
E0+BHgUCIJ0Hky/1nKNxXjxTR/sNeGxalvxYzkAkINXHik5E2lMG8FAYTCV9t4mW
GK09cmJczf0lijB+QVQ3qS6aSHofQ+lnSql9agzibUow94D09nJtIpo6qikrnPiX
hQ8gsTYJ641XA0uVABIe8t3qt14oEEUrAZ5+OAv/VdGGz7yniDRL80OejhbiH9AO
UOHP7cexiwdk9BMUF2vjIVUIr0MbRhuYUkzjm81TOIPknID1Y4zZ6X+HrH2W2RKz
kQIDAQAB
-----END PUBLIC KEY-----";

static EXTERNAL_ID: AtomicU64 = AtomicU64::new(1_000_000);

fn external_id() -> String {
    EXTERNAL_ID.fetch_add(1, Ordering::SeqCst).to_string()
}

fn timestamp() -> String {
    chrono::Utc::now().with_timezone(&app::ssr::clock::wib()).format("%Y-%m-%dT%H:%M:%S%:z").to_string()
}

async fn bank_app() -> TestApp {
    let app = spawn(Options::default()).await;
    sqlx::query("UPDATE partners SET client_secret = $1, public_key_pem = $2 WHERE id = $3")
        .bind(SECRET)
        .bind(PUBLIC_KEY)
        .bind(BANK)
        .execute(&app.state.db)
        .await
        .unwrap();
    app
}

fn sign_token_request(client_id: &str, ts: &str) -> String {
    let key = rsa::pkcs1v15::SigningKey::<sha2::Sha256>::new(rsa::RsaPrivateKey::from_pkcs8_pem(PRIVATE_KEY).unwrap());
    BASE64.encode(key.sign(format!("{client_id}|{ts}").as_bytes()).to_bytes())
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
    let (status, body) = request_token(app, BANK, &ts, &sign_token_request(BANK, &ts), r#"{"grantType":"client_credentials"}"#).await;
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
        Call { path, token, body: serde_json::to_string(body).unwrap(), external_id: external_id(), secret: SECRET, partner: BANK }
    }

    async fn send(&self, app: &TestApp) -> (u16, Value) {
        let ts = timestamp();
        let signature = snap_hmac(self.secret, &snap_string_to_sign("POST", self.path, self.token, self.body.as_bytes(), &ts));
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
    let (status, body) = request_token(&app, BANK, &ts, &sign_token_request("bni", &ts), r#"{"grantType":"client_credentials"}"#).await;
    assert_eq!((status, body["responseCode"].as_str()), (401, Some("4017300")), "signed for another client");
    assert_eq!(request_token(&app, "nobody", &ts, &good, "{}").await.0, 401);
    assert_eq!(request_token(&app, "bni", &ts, &good, "{}").await.0, 401, "a bank with no registered key");
    let stale = "2026-01-01T10:00:00+07:00";
    assert_eq!(request_token(&app, BANK, stale, &sign_token_request(BANK, stale), r#"{"grantType":"client_credentials"}"#).await.0, 401);
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
    assert_eq!(data["totalAmount"], json!({"value": format!("{total}.00"), "currency": "IDR"}), "two-decimal strings, as on the bill page");

    let code = |b: &Value| b["responseCode"].as_str().unwrap_or_default().to_string();
    assert_eq!(code(&Call::new(INQUIRY, &token, &inquiry_body("9999999999")).send(&app).await.1), "4042412");
    assert_eq!(code(&Call::new(INQUIRY, &token, &inquiry_body("0201000001")).send(&app).await.1), "4042414");
    assert_eq!(code(&Call::new(INQUIRY, &token, &inquiry_body("0201000004")).send(&app).await.1), "4042419", "long arrears: pay at the office");
    let mut missing = inquiry_body("0201000003");
    missing.as_object_mut().unwrap().remove("customerNo");
    let (status, body) = Call::new(INQUIRY, &token, &missing).send(&app).await;
    assert_eq!((status, code(&body)), (400, "4002400".to_string()));
    assert!(body["responseMessage"].as_str().unwrap().contains("customerNo"), "the message names the field");
    let mut foreign = inquiry_body("0201000003");
    foreign["partnerServiceId"] = json!("   98820");
    assert!(Call::new(INQUIRY, &token, &foreign).send(&app).await.1["responseMessage"].as_str().unwrap().contains("partnerServiceId"));
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
    let owed =
        Call::new(INQUIRY, &token, &inquiry_body("0201000003")).send(&app).await.1["virtualAccountData"]["totalAmount"]["value"].as_str().unwrap().to_string();
    let code = |b: &Value| b["responseCode"].as_str().unwrap_or_default().to_string();

    let (status, wrong) = Call::new(PAYMENT, &token, &payment_body("0201000003", "P-WRONG", "1000.00")).send(&app).await;
    assert_eq!((status, code(&wrong)), (404, "4042513".to_string()));
    let overpayments: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM overpayments").fetch_one(&app.state.db).await.unwrap();
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
        sqlx::query_scalar("SELECT COUNT(*) FROM payments WHERE channel = 'va_bri' AND partner_reference = 'P-1'").fetch_one(&app.state.db).await.unwrap();
    assert_eq!(payments, 1);
    assert!(app.get("/tagihan?no=0201000003").await.body.contains("Lunas"));
    assert_eq!(code(&Call::new(INQUIRY, &token, &inquiry_body("0201000003")).send(&app).await.1), "4042414", "now paid");
    assert_eq!(code(&Call::new(PAYMENT, &token, &payment_body("0201000003", "P-2", &owed)).send(&app).await.1), "4042514");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_hundred_concurrent_bank_payments_credit_once() {
    let app = bank_app().await;
    let token = token(&app).await;
    let owed =
        Call::new(INQUIRY, &token, &inquiry_body("0201000002")).send(&app).await.1["virtualAccountData"]["totalAmount"]["value"].as_str().unwrap().to_string();
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
    let receipts: std::collections::HashSet<_> = answers.iter().map(|(_, b)| b["virtualAccountData"]["referenceNo"].to_string()).collect();
    assert_eq!(receipts.len(), 1, "one receipt");
    let payments: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM payments WHERE channel = 'va_bri' AND partner_reference = 'P-SAME'").fetch_one(&app.state.db).await.unwrap();
    assert_eq!(payments, 1);
    let bills_paid: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM bills b JOIN payments p ON p.id = b.payment_id WHERE p.partner_reference = 'P-SAME'")
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
