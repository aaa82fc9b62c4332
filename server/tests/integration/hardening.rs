//! Limits that a header or a race must not bypass, the staff life cycle, demo leftovers, the
//! live stream's privacy and caps, retention and durability: against the real server.

use crate::common;

use app::domain::CustomerNumber;
use chrono::{Duration, Utc};
use common::{spawn, Options, StaffLogin, TestApp, STAFF_PASSWORD};
use std::sync::Arc;

async fn scalar(app: &TestApp, sql: &str) -> i64 {
    sqlx::query_scalar(sql).fetch_one(&app.state.db).await.unwrap()
}

fn behind_proxy() -> Options {
    Options { proxy_hops: 1, ..Options::default() }
}

async fn login_from(app: &TestApp, username: &str, password: &str, forwarded_for: &str) -> u16 {
    app.post_form_with(
        "/api/staff/login",
        None,
        &[("username", username), ("password", password)],
        &[("x-forwarded-for", forwarded_for)],
    )
    .await
    .status
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_client_address_is_the_one_the_trusted_proxy_saw() {
    let app = spawn(Options { lookups_per_minute: 1, lookup_burst: 2, ..behind_proxy() }).await;
    // The client writes whatever it likes on the left; the proxy appends the address it saw.
    for n in 0..2 {
        let page = app
            .get_with("/tagihan?no=0201000002", &[("x-forwarded-for", &format!("198.51.100.{n}, 203.0.113.7"))])
            .await;
        assert_eq!(page.status, 200);
    }
    let page = app.get_with("/tagihan?no=0201000002", &[("x-forwarded-for", "198.51.100.99, 203.0.113.7")]).await;
    assert_eq!(page.status, 429, "a new left-hand entry is no new client");
    let other = app.get_with("/tagihan?no=0201000002", &[("x-forwarded-for", "203.0.113.8")]).await;
    assert_eq!(other.status, 200, "another client the proxy saw");
    // IPv6 clients are one client per /64.
    for n in 1..=2 {
        assert_eq!(
            app.get_with("/tagihan?no=0201000002", &[("x-forwarded-for", &format!("2001:db8:5:6::{n}"))]).await.status,
            200
        );
    }
    assert_eq!(
        app.get_with("/tagihan?no=0201000002", &[("x-forwarded-for", "2001:db8:5:6:ffff::1")]).await.status,
        429
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_a_trusted_proxy_forwarding_headers_are_ignored() {
    let app = spawn(Options { lookups_per_minute: 1, lookup_burst: 2, ..Options::default() }).await;
    for n in 0..2 {
        assert_eq!(
            app.get_with("/tagihan?no=0201000002", &[("x-forwarded-for", &format!("198.51.100.{n}"))]).await.status,
            200
        );
    }
    assert_eq!(
        app.get_with("/tagihan?no=0201000002", &[("x-forwarded-for", "198.51.100.77")]).await.status,
        429,
        "the header changes nothing"
    );
    app.add_staff("spv.dau", "supervisor", Some("02")).await;
    let page = app
        .post_form_with(
            "/api/staff/login",
            None,
            &[("username", "spv.dau"), ("password", STAFF_PASSWORD)],
            &[("x-forwarded-proto", "https")],
        )
        .await;
    assert!(
        !page.headers["set-cookie"].to_str().unwrap().contains("Secure"),
        "X-Forwarded-Proto is believed only from a trusted proxy"
    );
    let behind = spawn(behind_proxy()).await;
    behind.add_staff("spv.dau", "supervisor", Some("02")).await;
    let page = behind
        .post_form_with(
            "/api/staff/login",
            None,
            &[("username", "spv.dau"), ("password", STAFF_PASSWORD)],
            &[("x-forwarded-proto", "https")],
        )
        .await;
    assert!(page.headers["set-cookie"].to_str().unwrap().contains("Secure"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fifty_wrong_passwords_at_once_meet_the_limit_and_lock_nobody_else_out() {
    let app = Arc::new(spawn(behind_proxy()).await);
    app.add_staff("admin", "admin", None).await;
    let tasks: Vec<_> = (0..50)
        .map(|n| {
            let app = app.clone();
            tokio::spawn(async move { login_from(&app, "admin", &format!("wrong guess {n}"), "198.51.100.66").await })
        })
        .collect();
    let mut statuses = Vec::new();
    for t in tasks {
        statuses.push(t.await.unwrap());
    }
    let checked = statuses.iter().filter(|s| **s == 401).count();
    let throttled = statuses.iter().filter(|s| **s == 429).count();
    assert_eq!(checked + throttled, 50, "{statuses:?}");
    assert!(checked <= 5, "at most five passwords are tried from one address: {checked}");
    // The real administrator, elsewhere, still signs in (slowed down, never locked out).
    assert_eq!(login_from(&app, "admin", STAFF_PASSWORD, "203.0.113.10").await, 200);
    assert_eq!(login_from(&app, "admin", "still wrong", "198.51.100.66").await, 429, "the stranger stays throttled");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fifty_online_tickets_at_once_for_one_phone_issue_one() {
    let app = Arc::new(spawn(behind_proxy()).await);
    let service: i64 = scalar(&app, "SELECT s.id FROM queue_services s JOIN unit_offices o ON o.id = s.office_id WHERE o.code = '02' AND s.prefix = 'A'").await;
    let tasks: Vec<_> = (0..50)
        .map(|n| {
            let app = app.clone();
            tokio::spawn(async move {
                // No device cookie, and a different address each time: the phone number decides.
                let r = app
                    .client
                    .post(format!("{}/api/queue/take", app.base))
                    .header("x-forwarded-for", format!("198.51.100.{n}"))
                    .form(&[("office", "02"), ("service", &service.to_string()), ("phone", "0812-1111-2222")])
                    .send()
                    .await
                    .unwrap();
                r.status().as_u16()
            })
        })
        .collect();
    let mut refused = 0;
    for t in tasks {
        if t.await.unwrap() == 429 {
            refused += 1;
        }
    }
    assert_eq!(refused, 49);
    assert_eq!(scalar(&app, "SELECT COUNT(*) FROM queue_tickets WHERE phone = '6281211112222'").await, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn online_tickets_from_one_address_are_limited_generously() {
    let app = spawn(Options { env: vec![("TIRTA_TICKETS_PER_ADDRESS", "3".into())], ..behind_proxy() }).await;
    let service: i64 = scalar(&app, "SELECT s.id FROM queue_services s JOIN unit_offices o ON o.id = s.office_id WHERE o.code = '02' AND s.prefix = 'A'").await;
    let take = |phone: String, from: &'static str| {
        let request = app.client.post(format!("{}/api/queue/take", app.base)).header("x-forwarded-for", from).form(&[
            ("office", "02".to_string()),
            ("service", service.to_string()),
            ("phone", phone),
        ]);
        async move { request.send().await.unwrap().status().as_u16() }
    };
    for n in 0..3 {
        assert_ne!(take(format!("08121111000{n}"), "198.51.100.1").await, 429, "household phone {n}");
    }
    assert_eq!(take("081211110009".into(), "198.51.100.1").await, 429, "past the address's limit");
    assert_ne!(take("081211110009".into(), "198.51.100.2").await, 429, "another address");
}

async fn me(app: &TestApp, login: &StaffLogin) -> u16 {
    app.post_form("/api/staff/me", Some(login), &[]).await.status
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn administrators_deactivate_reset_and_end_sessions_all_audited() {
    let app = spawn(Options::default()).await;
    app.add_staff("admin", "admin", None).await;
    app.add_staff("teller.dau", "teller", Some("02")).await;
    app.add_staff("spv.dau", "supervisor", Some("02")).await;
    let admin = app.sign_in("admin").await;
    let teller = app.sign_in("teller.dau").await;
    let spv = app.sign_in("spv.dau").await;
    let id = |name: &'static str| {
        let db = app.state.db.clone();
        async move {
            sqlx::query_scalar::<_, i64>("SELECT id FROM staff WHERE username = $1")
                .bind(name)
                .fetch_one(&db)
                .await
                .unwrap()
        }
    };

    // Every open session is listed, and one can be ended.
    let page = app.get_as("/staf/pengguna", &admin).await;
    assert!(page.body.contains(r#"data-session-of="teller.dau""#), "the teller's session is listed");
    let handle: String = sqlx::query_scalar(
        "SELECT ss.token_hash FROM staff_sessions ss JOIN staff s ON s.id = ss.staff_id WHERE s.username = 'spv.dau'",
    )
    .fetch_one(&app.state.db)
    .await
    .unwrap();
    let spv_id = id("spv.dau").await.to_string();
    let ended = app
        .post_form(
            "/api/staff/sessions/end",
            Some(&admin),
            &[("csrf", &admin.csrf), ("id", &spv_id), ("handle", &handle)],
        )
        .await;
    assert_eq!(ended.status, 200, "{}", ended.body);
    assert_eq!(me(&app, &spv).await, 401, "that session is over");

    // Deactivating ends the account's sessions at once, and it can no longer sign in.
    let teller_id = id("teller.dau").await.to_string();
    let refused = app
        .post_form("/api/staff/accounts/deactivate", Some(&teller), &[("csrf", &teller.csrf), ("id", &teller_id)])
        .await;
    assert_eq!(refused.status, 403, "administrators only");
    let done = app
        .post_form("/api/staff/accounts/deactivate", Some(&admin), &[("csrf", &admin.csrf), ("id", &teller_id)])
        .await;
    assert_eq!(done.status, 200, "{}", done.body);
    assert_eq!(me(&app, &teller).await, 401);
    assert_eq!(
        app.post_form("/api/staff/login", None, &[("username", "teller.dau"), ("password", STAFF_PASSWORD)])
            .await
            .status,
        401
    );
    let own = id("admin").await.to_string();
    assert_eq!(
        app.post_form("/api/staff/accounts/deactivate", Some(&admin), &[("csrf", &admin.csrf), ("id", &own)])
            .await
            .status,
        409,
        "not oneself"
    );

    // A reset password must be changed before anything else.
    let short = app
        .post_form(
            "/api/staff/accounts/reset-password",
            Some(&admin),
            &[("csrf", &admin.csrf), ("id", &spv_id), ("password", "pendek")],
        )
        .await;
    assert_eq!(short.status, 400);
    let reset = app
        .post_form(
            "/api/staff/accounts/reset-password",
            Some(&admin),
            &[("csrf", &admin.csrf), ("id", &spv_id), ("password", "sementara sekali")],
        )
        .await;
    assert_eq!(reset.status, 200, "{}", reset.body);
    let page =
        app.post_form("/api/staff/login", None, &[("username", "spv.dau"), ("password", "sementara sekali")]).await;
    assert_eq!(page.status, 200);
    let cookie = page.headers["set-cookie"].to_str().unwrap().split(';').next().unwrap().to_string();
    let me_page =
        app.post_form("/api/staff/me", Some(&StaffLogin { cookie: cookie.clone(), csrf: String::new() }), &[]).await;
    let ctx: serde_json::Value = serde_json::from_str(&me_page.body).unwrap();
    assert_eq!(ctx["member"]["must_change_password"], true);
    let fresh = StaffLogin { cookie, csrf: ctx["csrf"].as_str().unwrap().to_string() };
    let desk = app.post_form("/api/staff/notices/desk", Some(&fresh), &[]).await;
    assert_eq!(desk.status, 403, "nothing before the password is changed: {}", desk.body);
    let csv = app.get_as("/staf/laporan/kas.csv", &fresh).await;
    assert_eq!(csv.status, 403, "no report either");
    let desk = app.get_as("/staf/gangguan", &fresh).await;
    assert!(desk.body.contains("Ganti kata sandi"), "every staff page asks for the change first");
    let changed = app
        .post_form(
            "/api/staff/password",
            Some(&fresh),
            &[
                ("csrf", &fresh.csrf),
                ("current", "sementara sekali"),
                ("new_password", "kata sandi baru saya"),
                ("repeat", "kata sandi baru saya"),
            ],
        )
        .await;
    assert_eq!(changed.status, 200, "{}", changed.body);
    let me_page = app.post_form("/api/staff/me", Some(&fresh), &[]).await;
    assert!(me_page.body.contains(r#""must_change_password":false"#), "{}", me_page.body);

    let audited: Vec<String> =
        sqlx::query_scalar("SELECT action FROM audit_log WHERE action IN ('staff_session_ended', 'staff_deactivated', 'staff_password_reset') ORDER BY id")
            .fetch_all(&app.state.db)
            .await
            .unwrap();
    assert_eq!(audited, ["staff_session_ended", "staff_deactivated", "staff_password_reset"]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_production_server_refuses_demo_credentials_and_the_simulator_never_takes_a_real_banks() {
    let app = spawn(Options::default()).await;
    // A real bank's credentials, registered by the utility.
    sqlx::query("UPDATE partners SET client_secret = 'real-secret', public_key_pem = 'real-key' WHERE id = 'bri'")
        .execute(&app.state.db)
        .await
        .unwrap();
    let bri_va =
        format!("{}0201000002", scalar_text(&app, "SELECT biller_code FROM partners WHERE id = 'bri'").await.trim());
    let refused = app::ssr::bank_simulator::pay_virtual_account(&app.state, &bri_va).await.unwrap_err();
    assert!(refused.contains("credentials of its own"), "the simulator does not play a real bank: {refused}");
    assert_eq!(
        scalar_text(&app, "SELECT client_secret FROM partners WHERE id = 'bri'").await,
        "real-secret",
        "nor overwrite its credentials"
    );

    // The simulator enrols itself for a bank without credentials (demo mode). (It then calls the
    // portal over HTTP, which this test's in-process server does not listen for.)
    let bni_va =
        format!("{}0201000003", scalar_text(&app, "SELECT biller_code FROM partners WHERE id = 'bni'").await.trim());
    let _ = app::ssr::bank_simulator::pay_virtual_account(&app.state, &bni_va).await;
    assert_eq!(scalar(&app, "SELECT COUNT(*) FROM demo_partner_keys WHERE partner_id = 'bni'").await, 1);
    assert_eq!(scalar_text(&app, "SELECT credentials_by FROM partners WHERE id = 'bni'").await, "simulator");
    assert_eq!(scalar(&app, "SELECT COUNT(*) FROM demo_partner_keys WHERE partner_id = 'bri'").await, 0);

    let production = common::config_for(&app.db.url, &Options { mode: "production", ..Options::default() });
    let refused = server::prepare(&production).await.err().expect("production refuses to start").to_string();
    assert!(refused.contains("forget-demo-credentials") && refused.contains("bni"), "{refused}");
    app::ssr::bank_simulator::forget(
        &app.state.db,
        &app::ssr::db::audit::By { actor: None, name: "server partners", ip: None },
    )
    .await
    .unwrap();
    assert!(server::prepare(&production).await.is_ok(), "starts once they are cleared");
    assert_eq!(
        scalar_text(&app, "SELECT client_secret FROM partners WHERE id = 'bri'").await,
        "real-secret",
        "the real bank's are kept"
    );
}

async fn scalar_text(app: &TestApp, sql: &str) -> String {
    sqlx::query_scalar(sql).fetch_one(&app.state.db).await.unwrap()
}

async fn stream(app: &TestApp, query: &str) -> reqwest::Response {
    app.client.get(format!("{}/api/v1/live?{query}", app.base)).send().await.unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn payment_events_reach_only_the_pages_of_their_customer() {
    let app = spawn(Options::default()).await;
    let head = app::ssr::live::head(&app.state.db).await.unwrap();
    let public = stream(&app, &format!("since={head}")).await;
    let number = CustomerNumber::parse("0201000002").unwrap();
    let mine = stream(&app, &format!("since={head}&customer={}", app.state.live.customer_token(&number))).await;
    let theirs = stream(
        &app,
        &format!(
            "since={head}&customer={}",
            app.state.live.customer_token(&CustomerNumber::parse("0201000003").unwrap())
        ),
    )
    .await;
    assert_eq!(stream(&app, "customer=0201000002.9999999999.forged").await.status(), 403, "a forged token");

    let intent = app::ssr::payments::open_intent(
        &app.state,
        &number,
        &app::domain::Channel::Qris,
        Utc::now(),
        Duration::minutes(15),
        app::domain::Cover::All,
    )
    .await
    .unwrap();
    let report = app::ssr::db::ledger::PaymentReport {
        channel: app::domain::Channel::Qris,
        partner_reference: "ACQ-LIVE".into(),
        intent_reference: intent.reference.clone(),
        amount: intent.amount,
        at: Utc::now(),
        money_moved: true,
        taken_by: None,
        refuse: None,
    };
    app::ssr::db::ledger::settle(&app.state.db, &report).await.unwrap();
    app.state.live.wake();
    let mine = common::read_events(mine, 1, std::time::Duration::from_secs(5)).await;
    assert!(mine.iter().any(|(_, name, data)| name == "payment" && data.contains(&intent.reference)), "{mine:?}");
    let public = common::read_events(public, 1, std::time::Duration::from_secs(2)).await;
    assert!(public.iter().all(|(_, name, _)| name != "payment"), "never on the public stream: {public:?}");
    let theirs = common::read_events(theirs, 1, std::time::Duration::from_secs(2)).await;
    assert!(theirs.iter().all(|(_, name, _)| name != "payment"), "nor another customer's: {theirs:?}");
    // Not replayed from the start of time either.
    let replay = common::read_events(stream(&app, "since=0").await, 100, std::time::Duration::from_secs(2)).await;
    assert!(replay.iter().all(|(_, name, _)| name != "payment"));
    // The bill page hands its stream a token for its customer.
    assert!(
        app.get("/tagihan?no=0201000002").await.body.contains("0201000002."),
        "the page carries its customer token"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_resume_reaches_back_a_bounded_window_and_streams_are_capped() {
    let app = spawn(Options {
        env: vec![("TIRTA_LIVE_REPLAY_EVENTS", "3".into()), ("TIRTA_LIVE_STREAMS_PER_ADDRESS", "4".into())],
        ..Options::default()
    })
    .await;
    let mut conn = app.state.db.acquire().await.unwrap();
    for n in 0..10 {
        app::ssr::live::publish(&mut conn, None, &app::model::live::LiveChange::Notice { id: n }).await.unwrap();
    }
    drop(conn);
    let head = app::ssr::live::head(&app.state.db).await.unwrap();
    let replayed = common::read_events(stream(&app, "since=0").await, 10, std::time::Duration::from_secs(2)).await;
    assert_eq!(
        replayed.iter().map(|e| e.0).collect::<Vec<_>>(),
        ((head - 2)..=head).collect::<Vec<_>>(),
        "three events back, no more"
    );
    let bad = stream(&app, "since=abc").await;
    assert_eq!(bad.status(), 400);
    assert!(!bad.text().await.unwrap().contains("invalid digit"), "a sentence, not the parser's");

    let mut open = Vec::new();
    for _ in 0..4 {
        let s = stream(&app, "").await;
        assert_eq!(s.status(), 200);
        open.push(s);
    }
    let refused = stream(&app, "").await;
    assert_eq!(refused.status(), 429, "a fifth stream from one address");
    drop(open);
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert_eq!(stream(&app, "").await.status(), 200, "closed streams free their places");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn records_past_their_retention_are_swept_and_money_is_kept() {
    let app = spawn(Options::default()).await;
    let old = app::ssr::db::stamp::stamp(Utc::now() - Duration::days(100));
    for (sql, binds) in [
        ("INSERT INTO live_events (at, topic, payload) VALUES ($1, 'notice', '{}')", 1),
        ("INSERT INTO access_tokens (token, partner_id, expires_at) VALUES ('old-token', 'bri', $1)", 1),
        ("INSERT INTO partner_external_ids (partner_id, day, external_id) VALUES ('bri', '2020-01-01', '1')", 0),
        ("INSERT INTO login_failures (username, client_ip, at) VALUES ('x', '1.2.3.4', $1)", 1),
        ("INSERT INTO va_payment_requests (partner_id, payment_request_id, request_hash, status, response, created_at) VALUES ('bri', 'OLD', '', 200, '{}', $1)", 1),
    ] {
        let mut q = sqlx::query(sql);
        if binds == 1 {
            q = q.bind(&old);
        }
        q.execute(&app.state.db).await.unwrap();
    }
    // An uploaded customers file nobody applied.
    app.add_staff("admin1", "admin", None).await;
    sqlx::query(
        "INSERT INTO import_jobs (kind, file_name, file, state, report, created_at, created_by, updated_at)
         SELECT 'customers', 'lama.csv', $1, 'checked', '{}', $2, id, $2 FROM staff WHERE username = 'admin1'",
    )
    .bind(b"nomor_pelanggan;nama\n".to_vec())
    .bind(&old)
    .execute(&app.state.db)
    .await
    .unwrap();
    // A snapshot served to a counter device long ago.
    sqlx::query(
        "INSERT INTO counter_devices (office_id, label, secret_hash, enrolled_by, enrolled_at)
         SELECT o.id, 'Loket lama', 'hash', s.id, $1 FROM unit_offices o, staff s WHERE o.code = '02' AND s.username = 'admin1'",
    )
    .bind(&old)
    .execute(&app.state.db)
    .await
    .unwrap();
    sqlx::query("INSERT INTO counter_snapshots (device_id, taken_at) SELECT id, $1 FROM counter_devices")
        .bind(&old)
        .execute(&app.state.db)
        .await
        .unwrap();
    let payments = scalar(&app, "SELECT COUNT(*) FROM payments").await;
    let audit = scalar(&app, "SELECT COUNT(*) FROM audit_log").await;
    let swept = app::ssr::db::retention::sweep(&app.state.db, Utc::now()).await.unwrap();
    assert_eq!(scalar(&app, "SELECT COUNT(*) FROM import_jobs WHERE file IS NULL AND report IS NOT NULL").await, 1);
    for table in [
        "live_events",
        "access_tokens",
        "partner_external_ids",
        "login_failures",
        "va_payment_requests",
        "import_jobs",
        "counter_snapshots",
    ] {
        assert!(swept.iter().any(|(t, n)| *t == table && *n >= 1), "{table}: {swept:?}");
    }
    assert_eq!(scalar(&app, "SELECT COUNT(*) FROM access_tokens WHERE token = 'old-token'").await, 0);
    assert_eq!(scalar(&app, "SELECT COUNT(*) FROM payments").await, payments, "payments are kept for ever");
    assert_eq!(scalar(&app, "SELECT COUNT(*) FROM audit_log").await, audit, "and the audit log");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_pooled_sqlite_connection_syncs_each_commit() {
    let app = spawn(Options::default()).await;
    if app.db.is_postgres() {
        // PostgreSQL: a commit returns once its WAL is flushed, unless configured otherwise.
        let setting: String = sqlx::query_scalar("SELECT setting FROM pg_settings WHERE name = 'synchronous_commit'")
            .fetch_one(&app.state.db)
            .await
            .unwrap();
        assert_eq!(setting, "on");
        return;
    }
    let mut held = Vec::new();
    for _ in 0..4 {
        let mut conn = app.state.db.acquire().await.unwrap();
        let level: i64 = sqlx::query_scalar("PRAGMA synchronous").fetch_one(&mut *conn).await.unwrap();
        assert_eq!(level, 2, "FULL on every connection");
        held.push(conn);
    }
}
