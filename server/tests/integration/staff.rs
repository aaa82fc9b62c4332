//! Staff accounts: sign-in, throttling, sessions, CSRF, roles and offices, the audit log.

use crate::common;

use common::{spawn, Options, StaffLogin, STAFF_PASSWORD};

async fn app_with_staff() -> common::TestApp {
    let app = spawn(Options::default()).await;
    app.add_staff("admin.pusat", "admin", None).await;
    app.add_staff("spv.dau", "supervisor", Some("02")).await;
    app.add_staff("spv.singosari", "supervisor", Some("03")).await;
    app.add_staff("teller.dau", "teller", Some("02")).await;
    app
}

fn notice_form<'a>(csrf: &'a str, office: &'a str, title: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("form[csrf]", csrf),
        ("form[kind]", "supply_disruption"),
        ("form[severity]", "warning"),
        ("form[office]", office),
        ("form[title]", title),
        ("form[body]", "Pipa bocor."),
    ]
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn anonymous_visitors_get_nothing() {
    let app = app_with_staff().await;
    for page in [
        "/staf",
        "/staf/gangguan",
        "/staf/loket?no=0201000003",
        "/staf/laporan",
        "/staf/rekonsiliasi",
        "/staf/audit",
        "/staf/pengguna",
    ] {
        let p = app.get(page).await;
        assert_eq!(p.status, 401, "{page}");
        assert!(p.body.contains("Masuk petugas"), "{page} offers the sign-in form");
    }
    for csv in ["/staf/laporan/kas.csv", "/staf/laporan/rekonsiliasi.csv"] {
        assert_eq!(app.get(csv).await.status, 401, "{csv}");
    }
    let nobody = StaffLogin { cookie: "tirta_staf=".to_string() + &"0".repeat(64), csrf: "x".into() };
    for (path, form) in [
        ("/api/staff/me", vec![]),
        ("/api/staff/audit", vec![]),
        ("/api/staff/notices/publish", notice_form("x", "02", "Judul")),
        (
            "/api/counter/pay",
            vec![("csrf", "x"), ("number", "0201000003"), ("amount", "1"), ("request_id", "000000000000000000000000")],
        ),
        ("/api/reports/cash", vec![]),
        ("/api/reports/reconciliation", vec![]),
    ] {
        let p = app.post_form(path, Some(&nobody), &form).await;
        assert_eq!(p.status, 401, "{path}: {}", p.body);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sign_in_sets_a_private_session_and_sign_out_ends_it() {
    let app = app_with_staff().await;
    let wrong = app
        .post_form("/api/staff/login", None, &[("username", "spv.dau"), ("password", "salah sekali sandinya")])
        .await;
    assert_eq!(wrong.status, 401);
    assert!(wrong.headers.get("set-cookie").is_none());

    let page = app.post_form("/api/staff/login", None, &[("username", "SPV.Dau"), ("password", STAFF_PASSWORD)]).await;
    let cookie = page.headers.get("set-cookie").unwrap().to_str().unwrap();
    assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"), "{cookie}");
    assert!(!cookie.contains("Secure"), "plain http in tests");
    let behind_tls = app
        .post_form_with(
            "/api/staff/login",
            None,
            &[("username", "spv.dau"), ("password", STAFF_PASSWORD)],
            &[("x-forwarded-proto", "https")],
        )
        .await;
    assert!(
        !behind_tls.headers.get("set-cookie").unwrap().to_str().unwrap().contains("Secure"),
        "X-Forwarded-Proto is believed only behind a trusted proxy (hardening.rs tests that case)"
    );

    let login = app.sign_in("spv.dau").await;
    let desk = app.get_as("/staf", &login).await;
    assert_eq!(desk.status, 200);
    assert!(desk.body.contains("Petugas spv.dau"));

    let logout = app.post_form("/api/staff/logout", Some(&login), &[("csrf", &login.csrf)]).await;
    assert_eq!(logout.status, 200, "{}", logout.body);
    assert_eq!(app.get_as("/staf", &login).await.status, 401, "the session is gone on the server");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn failed_sign_ins_are_throttled() {
    let app = app_with_staff().await;
    for _ in 0..5 {
        let p = app
            .post_form("/api/staff/login", None, &[("username", "teller.dau"), ("password", "tebakan yang salah")])
            .await;
        assert_eq!(p.status, 401);
    }
    let blocked =
        app.post_form("/api/staff/login", None, &[("username", "teller.dau"), ("password", STAFF_PASSWORD)]).await;
    assert_eq!(blocked.status, 429, "even the right password waits: {}", blocked.body);
    let retry: u64 = blocked.headers.get("retry-after").unwrap().to_str().unwrap().parse().unwrap();
    assert!(retry > 800 && retry <= 900, "{retry}");
    // Another account is not locked by someone guessing this one.
    app.sign_in("spv.dau").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn state_changes_need_the_csrf_token_and_this_site() {
    let app = app_with_staff().await;
    let login = app.sign_in("spv.dau").await;
    let no_token =
        app.post_form("/api/staff/notices/publish", Some(&login), &notice_form("", "02", "Tanpa token")).await;
    assert_eq!(no_token.status, 403, "{}", no_token.body);
    let wrong = app
        .post_form(
            "/api/staff/notices/publish",
            Some(&login),
            &notice_form("0123456789abcdef0123456789abcdef", "02", "Token salah"),
        )
        .await;
    assert_eq!(wrong.status, 403);
    let foreign = app
        .post_form_with(
            "/api/staff/notices/publish",
            Some(&login),
            &notice_form(&login.csrf, "02", "Dari situs lain"),
            &[("origin", "https://evil.example")],
        )
        .await;
    assert_eq!(foreign.status, 403);
    let ok = app
        .post_form("/api/staff/notices/publish", Some(&login), &notice_form(&login.csrf, "02", "Dengan token"))
        .await;
    assert_eq!(ok.status, 200, "{}", ok.body);
    let logout = app.post_form("/api/staff/logout", Some(&login), &[("csrf", "")]).await;
    assert_eq!(logout.status, 403, "even signing out needs the token");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn roles_and_offices_are_checked_by_the_server() {
    let app = app_with_staff().await;
    let spv_dau = app.sign_in("spv.dau").await;
    let spv_sgs = app.sign_in("spv.singosari").await;
    let teller = app.sign_in("teller.dau").await;
    let admin = app.sign_in("admin.pusat").await;
    let publish = |login: &StaffLogin, office: &'static str| {
        let csrf = login.csrf.clone();
        let login = login.clone();
        let app = &app;
        async move {
            app.post_form("/api/staff/notices/publish", Some(&login), &notice_form(&csrf, office, "Uji peran"))
                .await
                .status
        }
    };
    assert_eq!(publish(&spv_sgs, "02").await, 403, "a supervisor of another office");
    assert_eq!(publish(&spv_dau, "").await, 403, "only administrators publish for every office");
    assert_eq!(publish(&teller, "02").await, 403, "tellers do not publish");
    assert_eq!(publish(&spv_dau, "02").await, 200);
    assert_eq!(publish(&admin, "").await, 200);

    // Reports: a supervisor reads their own office only; a teller their own line.
    assert_eq!(app.post_form("/api/reports/cash", Some(&spv_dau), &[("office", "03")]).await.status, 403);
    assert_eq!(app.post_form("/api/reports/cash", Some(&spv_dau), &[("office", "02")]).await.status, 200);
    assert_eq!(app.post_form("/api/reports/cash", Some(&teller), &[("office", "03")]).await.status, 403);
    assert_eq!(app.get_as("/staf/laporan/kas.csv?kantor=03", &spv_dau).await.status, 403);
    assert_eq!(app.get_as("/staf/laporan/kas.csv?kantor=02", &spv_dau).await.status, 200);
    // Money across channels, accounts and the audit log: administrators only.
    for login in [&spv_dau, &teller] {
        assert_eq!(app.post_form("/api/reports/reconciliation", Some(login), &[]).await.status, 403);
        assert_eq!(app.get_as("/staf/laporan/rekonsiliasi.csv", login).await.status, 403);
        assert_eq!(app.post_form("/api/staff/audit", Some(login), &[]).await.status, 403);
        assert_eq!(app.get_as("/staf/audit", login).await.status, 403);
        let create = app
            .post_form(
                "/api/staff/accounts/create",
                Some(login),
                &[
                    ("csrf", &login.csrf),
                    ("username", "baru"),
                    ("full_name", "Baru"),
                    ("role", "admin"),
                    ("password", STAFF_PASSWORD),
                ],
            )
            .await;
        assert_eq!(create.status, 403);
    }
    assert_eq!(app.post_form("/api/reports/reconciliation", Some(&admin), &[]).await.status, 200);
    // Administrators have no office of their own: at the counter they say which office takes the cash.
    let admin_cash = app.post_form("/api/counter/account", Some(&admin), &[("number", "0201000003")]).await;
    assert_eq!(admin_cash.status, 200);
    let offices: serde_json::Value = serde_json::from_str(&admin_cash.body).unwrap();
    assert!(offices["offices"].as_array().is_some_and(|o| !o.is_empty()), "{}", admin_cash.body);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_staff_action_is_audited_for_administrators() {
    let app = app_with_staff().await;
    let _ =
        app.post_form("/api/staff/login", None, &[("username", "spv.dau"), ("password", "tebakan yang salah")]).await;
    let spv = app.sign_in("spv.dau").await;
    let p = app
        .post_form("/api/staff/notices/publish", Some(&spv), &notice_form(&spv.csrf, "02", "Tercatat di audit"))
        .await;
    assert_eq!(p.status, 200);
    let admin = app.sign_in("admin.pusat").await;
    let created = app
        .post_form(
            "/api/staff/accounts/create",
            Some(&admin),
            &[
                ("csrf", &admin.csrf),
                ("username", "teller.baru"),
                ("full_name", "Teller Baru"),
                ("role", "teller"),
                ("office", "02"),
                ("counter_no", "3"),
                ("password", "sandi awal yang panjang"),
            ],
        )
        .await;
    assert_eq!(created.status, 200, "{}", created.body);
    let log = app.get_as("/staf/audit", &admin).await;
    assert_eq!(log.status, 200);
    for action in ["login_failed", "login", "notice_published", "staff_created"] {
        assert!(log.body.contains(&format!("data-action=\"{action}\"")), "{action} in the audit log");
    }
    assert!(log.body.contains("Tercatat di audit"));
    // The new teller can sign in with the password the administrator set.
    let p = app
        .post_form("/api/staff/login", None, &[("username", "teller.baru"), ("password", "sandi awal yang panjang")])
        .await;
    assert_eq!(p.status, 200);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn password_changes_check_the_old_one_and_end_other_sessions() {
    let app = app_with_staff().await;
    let here = app.sign_in("teller.dau").await;
    let elsewhere = app.sign_in("teller.dau").await;
    let change = |current: &'static str, new: &'static str, repeat: &'static str| {
        let here = here.clone();
        let app = &app;
        async move {
            app.post_form(
                "/api/staff/password",
                Some(&here),
                &[("csrf", &here.csrf), ("current", current), ("new_password", new), ("repeat", repeat)],
            )
            .await
        }
    };
    assert_eq!(change("bukan sandi lama", "sandi baru yang panjang", "sandi baru yang panjang").await.status, 401);
    assert_eq!(change(STAFF_PASSWORD, "pendek", "pendek").await.status, 400);
    assert_eq!(change(STAFF_PASSWORD, "sandi baru yang panjang", "sandi baru yang lain").await.status, 400);
    assert_eq!(change(STAFF_PASSWORD, "sandi baru yang panjang", "sandi baru yang panjang").await.status, 200);
    assert_eq!(app.get_as("/staf", &here).await.status, 200, "this session stays");
    assert_eq!(app.get_as("/staf", &elsewhere).await.status, 401, "the other one ends");
    let old =
        app.post_form("/api/staff/login", None, &[("username", "teller.dau"), ("password", STAFF_PASSWORD)]).await;
    assert_eq!(old.status, 401);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_first_administrator_comes_from_the_command_line() {
    let db = common::TestDb::create().await;
    let url = db.url.clone();
    let out = tokio::process::Command::new(env!("CARGO_BIN_EXE_server"))
        .args(["staff", "add", "--username", "kepala", "--name", "Kepala Bagian", "--role", "admin"])
        .env("TIRTA_DATABASE_URL", &url)
        .env("TIRTA_STAFF_PASSWORD", "pendek")
        .output()
        .await
        .unwrap();
    assert!(!out.status.success(), "a weak password is refused");
    assert!(String::from_utf8_lossy(&out.stderr).contains("at least 10"), "{}", String::from_utf8_lossy(&out.stderr));
    let out = tokio::process::Command::new(env!("CARGO_BIN_EXE_server"))
        .args(["staff", "add", "--username", "kepala", "--name", "Kepala Bagian", "--role", "admin"])
        .env("TIRTA_DATABASE_URL", &url)
        .env("TIRTA_STAFF_PASSWORD", STAFF_PASSWORD)
        .output()
        .await
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stdout).contains("created kepala (admin)"));
}
