//! Payment-channel health: the monitor marks a channel degraded from what its endpoint hears
//! and clears it on recovery, customers are told on the pages where they pay, and
//! administrators can set a channel by hand.

use crate::common;

use app::domain::channel_health::{Change, ChannelState};
use app::domain::signature::notification_signature;
use app::ssr::channels;
use app::ssr::db::ledger::Intent;
use chrono::{Duration, Utc};
use common::{intent, spawn, Options, StaffLogin, TestApp, DEMO_KEY};
use serde_json::json;

const DISRUPTED: &str = "Pembayaran lewat QRIS sedang terganggu";

async fn notify(app: &TestApp, i: &Intent, transaction_id: &str, key: &str) -> u16 {
    let amount = i.amount.two_decimals();
    let body = json!({
        "order_id": i.reference, "status_code": "200", "gross_amount": amount, "transaction_status": "settlement",
        "transaction_id": transaction_id, "fraud_status": "accept",
        "signature_key": notification_signature(&i.reference, "200", &amount, key),
    });
    app.client
        .post(format!("{}/api/v1/qris/notifications", app.base))
        .json(&body)
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

async fn qris_state(app: &TestApp) -> (ChannelState, String) {
    let all = channels::overview(&app.state).await.unwrap();
    let qris = all.into_iter().find(|c| c.channel == "qris").expect("QRIS is configured in demo mode");
    (qris.state, qris.source.as_str().to_string())
}

async fn open_channel_notices(app: &TestApp) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM notices WHERE kind = 'payment_channel' AND closed_at IS NULL")
        .fetch_one(&app.state.db)
        .await
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn forged_notifications_from_anyone_never_mark_a_channel() {
    let app = spawn(Options::default()).await;
    let i = intent(&app, "0201000002").await;
    for n in 0..10 {
        assert_eq!(notify(&app, &i, &format!("FORGED-{n}"), "not-the-key").await, 401);
    }
    assert!(
        channels::check(&app.state, Utc::now()).await.unwrap().is_empty(),
        "a bad signature names no partner: it never counts"
    );
    assert_eq!(qris_state(&app).await.0, ChannelState::Operational);
    assert_eq!(open_channel_notices(&app).await, 0, "no public notice");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn junk_token_requests_for_a_bank_count_a_few_per_address_only() {
    let app = spawn(Options::default()).await;
    sqlx::query("UPDATE partners SET public_key_pem = $1 WHERE id = 'bri'")
        .bind(common::PARTNER_PUBLIC_KEY)
        .execute(&app.state.db)
        .await
        .unwrap();
    for _ in 0..10 {
        let r = app
            .client
            .post(format!("{}/v1.0/access-token/b2b", app.base))
            .header("x-client-key", "bri")
            .header("x-timestamp", app::ssr::clock::snap_timestamp(Utc::now()))
            .header("x-signature", "AAAA")
            .body(r#"{"grantType":"client_credentials"}"#)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 401);
    }
    let counted: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM channel_signals WHERE channel = 'va_bri' AND ok = 0")
        .fetch_one(&app.state.db)
        .await
        .unwrap();
    assert_eq!(counted, i64::from(channels::UNVERIFIED_FAILURES_PER_ADDRESS), "two from one address, not ten");
    assert!(channels::check(&app.state, Utc::now()).await.unwrap().is_empty(), "the bank is not marked disrupted");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn failures_in_processing_degrade_qris_and_a_good_notification_clears_it() {
    let app = spawn(Options::default()).await;
    let i = intent(&app, "0201000002").await;
    // What the endpoint records when it cannot process genuine notifications (database down).
    for _ in 0..4 {
        app.state.channels.record(&app.state.db, "qris", false, "processing").await;
    }
    assert!(channels::check(&app.state, Utc::now()).await.unwrap().is_empty(), "four failures are not yet a problem");
    app.state.channels.record(&app.state.db, "qris", false, "processing").await;
    let changes = channels::check(&app.state, Utc::now()).await.unwrap();
    assert!(matches!(changes.as_slice(), [(c, Change::Degrade(_))] if c == "qris"), "{changes:?}");
    assert_eq!(qris_state(&app).await, (ChannelState::Degraded, "auto".into()));
    assert_eq!(open_channel_notices(&app).await, 1, "customers are told with a notice for every office");
    assert!(channels::check(&app.state, Utc::now()).await.unwrap().is_empty(), "marked once, not again every round");

    let home = app.get("/").await;
    assert!(home.body.contains(DISRUPTED), "the home page shows the notice");
    let bill = app.get("/tagihan?no=0201000002").await;
    assert!(bill.body.contains(DISRUPTED), "so does a bill page");
    assert!(bill.body.contains(r#"data-channel="qris" data-state="degraded""#), "the pay panel names the channel");
    assert!(bill.body.contains("Bayar dengan QRIS"), "a degraded channel still takes payments");
    let va = app.get("/bayar/va?no=0201000002").await;
    assert!(va.body.contains(r#"data-channel="qris""#), "the virtual-account page says which channel is troubled");
    let audited: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'channel_degraded' AND subject = 'qris'")
            .fetch_one(&app.state.db)
            .await
            .unwrap();
    assert_eq!(audited, 1);

    assert_eq!(notify(&app, &i, "ACQ-GOOD-1", DEMO_KEY).await, 200, "a genuine notification goes through");
    let changes = channels::check(&app.state, Utc::now()).await.unwrap();
    assert!(matches!(changes.as_slice(), [(c, Change::Recover)] if c == "qris"), "{changes:?}");
    assert_eq!(qris_state(&app).await.0, ChannelState::Operational);
    assert_eq!(open_channel_notices(&app).await, 0, "the notice is resolved");
    let resolved: String =
        sqlx::query_scalar("SELECT message FROM notice_updates WHERE status = 'resolved' ORDER BY id DESC LIMIT 1")
            .fetch_one(&app.state.db)
            .await
            .unwrap();
    assert!(resolved.contains("kembali normal"), "{resolved}");
    let bill = app.get("/tagihan?no=0201000003").await;
    assert!(!bill.body.contains(DISRUPTED) && !bill.body.contains("data-channels-troubled"), "gone from the pages");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn payments_opened_with_none_succeeding_make_a_silent_channel() {
    let app = spawn(Options::default()).await;
    let customers = ["0201000002", "0201000003", "0201000004", "0201000005", "0201000008", "0201000009"];
    let mut intents = Vec::new();
    for c in customers {
        intents.push(intent(&app, c).await);
    }
    assert!(
        channels::check(&app.state, Utc::now()).await.unwrap().is_empty(),
        "a channel tried for minutes only is not silent"
    );
    // The first customer tried 40 minutes ago; five more in the last half hour; nothing landed.
    sqlx::query("UPDATE payment_intents SET created_at = $1 WHERE reference = $2")
        .bind(app::ssr::db::stamp::stamp(Utc::now() - Duration::minutes(40)))
        .bind(&intents[0].reference)
        .execute(&app.state.db)
        .await
        .unwrap();
    let changes = channels::check(&app.state, Utc::now()).await.unwrap();
    assert!(
        matches!(changes.as_slice(), [(c, Change::Degrade(app::domain::channel_health::Verdict::Silent { attempts: 5 }))] if c == "qris"),
        "{changes:?}"
    );
    let reason: String = sqlx::query_scalar("SELECT reason FROM channel_status WHERE channel = 'qris'")
        .fetch_one(&app.state.db)
        .await
        .unwrap();
    assert!(reason.contains("5 pembayaran"), "{reason}");

    assert_eq!(notify(&app, &intents[1], "ACQ-LATE-1", DEMO_KEY).await, 200);
    let changes = channels::check(&app.state, Utc::now()).await.unwrap();
    assert!(
        matches!(changes.as_slice(), [(c, Change::Recover)] if c == "qris"),
        "a payment landing ends the silence: {changes:?}"
    );
}

async fn set(app: &TestApp, login: &StaffLogin, channel: &str, state: &str, reason: &str) -> common::Page {
    app.post_form(
        "/api/channels/set",
        Some(login),
        &[("csrf", &login.csrf), ("channel", channel), ("state", state), ("reason", reason)],
    )
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn administrators_set_a_channel_by_hand_and_hand_it_back() {
    let app = spawn(Options::default()).await;
    app.add_staff("admin.pusat", "admin", None).await;
    app.add_staff("spv.dau", "supervisor", Some("02")).await;
    app.add_staff("teller.dau", "teller", Some("02")).await;
    let admin = app.sign_in("admin.pusat").await;

    // Nobody else may.
    let anonymous = app
        .post_form("/api/channels/set", None, &[("csrf", "x"), ("channel", "qris"), ("state", "down"), ("reason", "x")])
        .await;
    assert_eq!(anonymous.status, 401);
    for who in ["spv.dau", "teller.dau"] {
        let login = app.sign_in(who).await;
        assert_eq!(set(&app, &login, "qris", "down", "uji").await.status, 403, "{who}");
        assert_eq!(app.post_form("/api/channels/board", Some(&login), &[]).await.status, 403, "{who} reads no board");
    }
    let forged = app
        .post_form(
            "/api/channels/set",
            Some(&admin),
            &[("csrf", "wrong"), ("channel", "qris"), ("state", "down"), ("reason", "x")],
        )
        .await;
    assert_eq!(forged.status, 403, "CSRF");
    assert_eq!(qris_state(&app).await.0, ChannelState::Operational, "nothing changed");

    // Bad input gets a clear refusal.
    assert_eq!(set(&app, &admin, "qris", "down", "").await.status, 400, "a reason is required");
    assert_eq!(set(&app, &admin, "va_nowhere", "down", "x").await.status, 400, "unknown channel");
    assert_eq!(set(&app, &admin, "qris", "broken", "x").await.status, 400, "unknown state");
    assert_eq!(set(&app, &admin, "qris", "down", &"x".repeat(301)).await.status, 400, "over-long reason");

    let page = set(&app, &admin, "qris", "down", "Acquirer <b>maintenance</b> sampai 14.00").await;
    assert_eq!(page.status, 200, "{}", page.body);
    assert_eq!(qris_state(&app).await, (ChannelState::Down, "manual".into()));
    let bill = app.get("/tagihan?no=0201000002").await;
    assert!(!bill.body.contains("Bayar dengan QRIS"), "no pay button on a stopped channel");
    assert!(bill.body.contains("Pembayaran lewat QRIS tidak dapat digunakan"), "the notice says so");
    let english = app.get_with("/tagihan?no=0201000002", &[("cookie", "tirta_lang=en")]).await.body;
    assert!(english.contains("Payments through QRIS are stopped"), "and says it in the reader's language");
    let start = app
        .client
        .post(format!("{}/api/payments/qris", app.base))
        .form(&[("number", "0201000002")])
        .send()
        .await
        .unwrap();
    assert_eq!(start.status().as_u16(), 503, "and no new QRIS payment opens");
    let board = app.get_as("/staf/kanal", &admin).await;
    assert_eq!(board.status, 200);
    assert!(board.body.contains("Acquirer &lt;b&gt;maintenance&lt;/b&gt;"), "the reason, escaped");

    // The monitor leaves an administrator's word alone, even with good signals.
    let i = intent(&app, "0201000003").await;
    assert_eq!(notify(&app, &i, "ACQ-OK", DEMO_KEY).await, 200, "money already on its way is still credited");
    assert!(channels::check(&app.state, Utc::now()).await.unwrap().is_empty());
    assert_eq!(qris_state(&app).await.0, ChannelState::Down);

    assert_eq!(set(&app, &admin, "qris", "auto", "").await.status, 200);
    assert_eq!(qris_state(&app).await, (ChannelState::Operational, "auto".into()));
    assert_eq!(open_channel_notices(&app).await, 0);
    assert!(app.get("/tagihan?no=0201000002").await.body.contains("Bayar dengan QRIS"));
    let audited: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'channel_set'")
        .fetch_one(&app.state.db)
        .await
        .unwrap();
    assert_eq!(audited, 2);

    // The counter and every bank can be marked too.
    assert_eq!(set(&app, &admin, "counter", "degraded", "Listrik kantor padam").await.status, 200);
    let bill = app.get("/tagihan?no=0201000002").await;
    assert!(bill.body.contains(r#"data-channel="counter" data-state="degraded""#));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_bank_is_a_channel() {
    let app = spawn(Options::default()).await;
    let all = channels::overview(&app.state).await.unwrap();
    let names: Vec<&str> = all.iter().map(|c| c.channel.as_str()).collect();
    assert_eq!(names.first(), Some(&"qris"));
    assert_eq!(names.last(), Some(&"counter"));
    assert!(names.iter().any(|c| c.starts_with("va_")), "{names:?}");
    assert!(all.iter().all(|c| c.works()), "nothing is marked on a fresh portal");
}
