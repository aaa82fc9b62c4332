//! Administrators add a bank from a page: its key is checked as it is entered, its client
//! secret is shown once, a rotated secret signs on through its grace period, and a bank turned
//! off is refused. The bank then works with the SNAP API as any other, every change audited.

use crate::common;

use app::domain::signature::{snap_hmac, snap_string_to_sign};
use common::{sign_token_request_with, StaffLogin, TestApp};
use serde_json::{json, Value};

const BILLER: &str = "88870";
const CUSTOMER: &str = "0201000003";
const INQUIRY: &str = "/v1.0/transfer-va/inquiry";

fn timestamp() -> String {
    chrono::Utc::now().with_timezone(&app::ssr::clock::wib()).format("%Y-%m-%dT%H:%M:%S%:z").to_string()
}

async fn token(app: &TestApp, bank: &str) -> Result<String, u16> {
    token_signed_with(app, bank, common::PARTNER_PRIVATE_KEY).await
}

async fn token_signed_with(app: &TestApp, bank: &str, private_pem: &str) -> Result<String, u16> {
    let ts = timestamp();
    let r = app
        .client
        .post(format!("{}/v1.0/access-token/b2b", app.base))
        .header("x-client-key", bank)
        .header("x-timestamp", &ts)
        .header("x-signature", sign_token_request_with(private_pem, bank, &ts))
        .header("content-type", "application/json")
        .body(r#"{"grantType":"client_credentials"}"#)
        .send()
        .await
        .unwrap();
    let status = r.status().as_u16();
    let body: Value = r.json().await.unwrap_or(Value::Null);
    match status {
        200 => Ok(body["accessToken"].as_str().unwrap().to_string()),
        other => Err(other),
    }
}

/// An inquiry signed with `secret`: its HTTP status and SNAP response code.
async fn inquiry(app: &TestApp, bank: &str, token: &str, secret: &str, external_id: u64) -> (u16, String) {
    let padded = format!("{BILLER:>8}");
    let body = json!({"partnerServiceId": padded, "customerNo": CUSTOMER, "virtualAccountNo": format!("{padded}{CUSTOMER}"), "inquiryRequestId": format!("INQ-{external_id}")})
        .to_string();
    let ts = timestamp();
    let signature = snap_hmac(secret, &snap_string_to_sign("POST", INQUIRY, token, body.as_bytes(), &ts));
    let r = app
        .client
        .post(format!("{}{INQUIRY}", app.base))
        .bearer_auth(token)
        .header("x-timestamp", ts)
        .header("x-signature", signature)
        .header("x-partner-id", bank)
        .header("x-external-id", external_id.to_string())
        .header("channel-id", "95221")
        .header("content-type", "application/json")
        .body(body)
        .send()
        .await
        .unwrap();
    let status = r.status().as_u16();
    let body: Value = r.json().await.unwrap_or(Value::Null);
    (status, body["responseCode"].as_str().unwrap_or_default().to_string())
}

async fn post(app: &TestApp, who: &StaffLogin, path: &str, fields: &[(&str, &str)]) -> u16 {
    let mut form = vec![("csrf", who.csrf.as_str())];
    form.extend_from_slice(fields);
    app.post_form(path, Some(who), &form).await.status
}

/// The secret on its one showing, or None when it was shown already.
async fn shown_secret(app: &TestApp, admin: &StaffLogin, bank: &str) -> Option<String> {
    let page = app.get_as(&format!("/staf/bank/{bank}/rahasia"), admin).await;
    assert_eq!(page.status, 200, "{}", page.body);
    assert_eq!(page.headers.get("cache-control").map(|v| v.to_str().unwrap()), Some("no-store"));
    let secret = page
        .body
        .split("data-secret=\"1\"")
        .nth(1)
        .and_then(|rest| rest.split_once('>'))
        .map(|(_, text)| text.split('<').next().unwrap().to_string());
    if secret.is_none() {
        assert!(page.body.contains("sudah pernah ditampilkan"), "{}", page.body);
    }
    secret
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_administrator_adds_a_bank_whose_key_and_rotated_secret_work_with_the_snap_api() {
    let app = common::spawn(common::Options::default()).await;
    app.add_staff("admin1", "admin", None).await;
    app.add_staff("spv1", "supervisor", Some("01")).await;
    let (admin, spv) = (app.sign_in("admin1").await, app.sign_in("spv1").await);
    let add = |id: &'static str, biller: &'static str, key: &'static str| {
        [("id", id), ("name", "Bank Jatim"), ("biller_code", biller), ("public_key_pem", key)]
    };
    const ADD: &str = "/api/staff/banks/add";
    const WEAK: &str = "-----BEGIN PUBLIC KEY-----
MFwwDQYJKoZIhvcNAQEBBQADSwAwSAJBAMnK4EkkHnU17lFgUMiA/kNVNE1SufZD
VB0l8CYiZosbptA8wt6WhmkHjcEf2CNJacZzt0lyQ4Y/3kqjiBFlknsCAwEAAQ==
-----END PUBLIC KEY-----";

    assert_eq!(app.get_as("/staf/bank", &spv).await.status, 403);
    assert_eq!(post(&app, &spv, ADD, &add("bjatim", BILLER, common::PARTNER_PUBLIC_KEY)).await, 403);
    for (fields, why) in [
        (add("Bank Jatim", BILLER, common::PARTNER_PUBLIC_KEY), "an id is a short lowercase word"),
        (add("bjatim", "88-70", common::PARTNER_PUBLIC_KEY), "a biller code is digits"),
        (
            add("bjatim", BILLER, "-----BEGIN PUBLIC KEY-----\nbukan\n-----END PUBLIC KEY-----"),
            "a key that cannot be read",
        ),
        (add("bjatim", BILLER, WEAK), "a 512-bit key"),
        (add("bri", BILLER, common::PARTNER_PUBLIC_KEY), "an id taken"),
    ] {
        assert_eq!(post(&app, &admin, ADD, &fields).await, 400, "{why}");
    }
    let taken_biller: String = sqlx::query_scalar("SELECT TRIM(biller_code) FROM partners WHERE id = 'bri'")
        .fetch_one(&app.state.db)
        .await
        .unwrap();
    let taken = [
        ("id", "bjatim"),
        ("name", "Bank Jatim"),
        ("biller_code", taken_biller.as_str()),
        ("public_key_pem", common::PARTNER_PUBLIC_KEY),
    ];
    assert_eq!(post(&app, &admin, ADD, &taken).await, 400, "a biller code taken");
    assert_eq!(token(&app, "bjatim").await, Err(401), "nothing was added");

    assert_eq!(post(&app, &admin, ADD, &add("bjatim", BILLER, common::PARTNER_PUBLIC_KEY)).await, 200);
    let desk = app.get_as("/staf/bank", &admin).await;
    assert!(desk.body.contains("data-bank=\"bjatim\"") && desk.body.contains("RSA 2048 bit"), "{}", desk.body);
    let first = shown_secret(&app, &admin, "bjatim").await.expect("shown once");
    assert_eq!(first.len(), 64);
    assert_eq!(shown_secret(&app, &admin, "bjatim").await, None, "never twice");
    assert!(!desk.body.contains(&first), "the list never shows a secret");

    // The bank signs in with its key and signs with its secret.
    let t = token(&app, "bjatim").await.expect("the registered key signs");
    assert_eq!(inquiry(&app, "bjatim", &t, &first, 7_000_001).await, (200, "2002400".into()));
    assert_eq!(inquiry(&app, "bjatim", &t, "not-the-secret", 7_000_002).await.0, 401);
    // Customers see its virtual account.
    let va = app.get(&format!("/bayar/va?no={CUSTOMER}")).await;
    assert!(va.body.contains(&format!("{BILLER}{CUSTOMER}")), "{}", va.body);

    // A rotation with three days' grace: both secrets sign, until the grace ends.
    const ROTATE: &str = "/api/staff/banks/secret";
    assert_eq!(post(&app, &admin, ROTATE, &[("id", "bjatim"), ("grace_hours", "5")]).await, 400, "a grace offered");
    assert_eq!(post(&app, &admin, ROTATE, &[("id", "bjatim"), ("grace_hours", "72")]).await, 200);
    let second = shown_secret(&app, &admin, "bjatim").await.expect("the new secret is shown once");
    assert_ne!(second, first);
    assert_eq!(inquiry(&app, "bjatim", &t, &second, 7_000_003).await.0, 200);
    assert_eq!(inquiry(&app, "bjatim", &t, &first, 7_000_004).await.0, 200, "the old secret in its grace");
    assert!(app.get_as("/staf/bank", &admin).await.body.contains("data-grace=\"1\""));
    sqlx::query("UPDATE partners SET previous_secret_until = '2020-01-01T00:00:00Z' WHERE id = 'bjatim'")
        .execute(&app.state.db)
        .await
        .unwrap();
    assert_eq!(inquiry(&app, "bjatim", &t, &first, 7_000_005).await.0, 401, "after its grace");
    assert_eq!(inquiry(&app, "bjatim", &t, &second, 7_000_006).await.0, 200);
    // Without grace the old secret stops at once.
    assert_eq!(post(&app, &admin, ROTATE, &[("id", "bjatim"), ("grace_hours", "0")]).await, 200);
    let third = shown_secret(&app, &admin, "bjatim").await.unwrap();
    assert_eq!(inquiry(&app, "bjatim", &t, &second, 7_000_007).await.0, 401);
    assert_eq!(inquiry(&app, "bjatim", &t, &third, 7_000_008).await.0, 200);

    // Rotated twice before the new secret was read: the secret the bank holds keeps its grace.
    assert_eq!(post(&app, &admin, ROTATE, &[("id", "bjatim"), ("grace_hours", "72")]).await, 200);
    assert_eq!(post(&app, &admin, ROTATE, &[("id", "bjatim"), ("grace_hours", "0")]).await, 200);
    assert_eq!(inquiry(&app, "bjatim", &t, &third, 7_000_021).await.0, 200, "still in its grace");
    let fifth = shown_secret(&app, &admin, "bjatim").await.unwrap();
    assert_eq!(inquiry(&app, "bjatim", &t, &fifth, 7_000_022).await.0, 200);

    // A bank turned off is refused, and its tokens with it; turned on, it works again.
    const ACTIVE: &str = "/api/staff/banks/active";
    assert_eq!(post(&app, &admin, ACTIVE, &[("id", "bjatim"), ("active", "false")]).await, 200);
    assert_eq!(inquiry(&app, "bjatim", &t, &third, 7_000_009).await.0, 401);
    assert_eq!(token(&app, "bjatim").await, Err(401));
    assert!(!app.get(&format!("/bayar/va?no={CUSTOMER}")).await.body.contains(&format!("{BILLER}{CUSTOMER}")));
    assert_eq!(post(&app, &admin, ACTIVE, &[("id", "bjatim"), ("active", "true")]).await, 200);
    let t = token(&app, "bjatim").await.expect("back on");
    assert_eq!(inquiry(&app, "bjatim", &t, &third, 7_000_010).await.0, 200);

    // A new key replaces the old one; one that cannot be read changes nothing.
    const KEY: &str = "/api/staff/banks/key";
    assert_eq!(post(&app, &admin, KEY, &[("id", "bjatim"), ("public_key_pem", WEAK)]).await, 400);
    assert_eq!(post(&app, &admin, KEY, &[("id", "nobank"), ("public_key_pem", common::PARTNER_PUBLIC_KEY)]).await, 404);
    assert_eq!(
        post(&app, &admin, KEY, &[("id", "bjatim"), ("public_key_pem", common::SECOND_PARTNER_PUBLIC_KEY)]).await,
        200
    );
    assert_eq!(token(&app, "bjatim").await, Err(401), "the replaced key no longer signs");
    assert!(token_signed_with(&app, "bjatim", common::SECOND_PARTNER_PRIVATE_KEY).await.is_ok());

    let sheet = app.get_as("/staf/bank/bjatim/lembar", &admin).await;
    assert_eq!(sheet.status, 200);
    assert!(sheet.body.contains("/v1.0/transfer-va/payment") && sheet.body.contains(BILLER));
    assert!(!sheet.body.contains(&third), "the sheet never carries the secret");
    assert_eq!(app.get_as("/staf/bank/nobank/lembar", &admin).await.status, 404);

    let actions: Vec<String> = sqlx::query_scalar("SELECT action FROM audit_log WHERE subject = 'bjatim' ORDER BY id")
        .fetch_all(&app.state.db)
        .await
        .unwrap();
    assert_eq!(
        actions,
        [
            "bank_added",
            "bank_secret_shown",
            "bank_secret_rotated",
            "bank_secret_shown",
            "bank_secret_rotated",
            "bank_secret_shown",
            "bank_secret_rotated",
            "bank_secret_rotated",
            "bank_secret_shown",
            "bank_deactivated",
            "bank_activated",
            "bank_key_replaced"
        ]
    );
}
