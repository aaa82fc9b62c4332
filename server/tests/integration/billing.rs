//! The month's billing run: bills computed from the imported readings (estimates for unread
//! meters), held for review, corrected or accepted, and published all at once.

use crate::common;

use app::domain::Period;
use app::model::imports::ImportKind;
use app::ssr::db::audit::By;
use app::ssr::imports::{import, Mode};
use sqlx::AnyPool;

/// Each customer's number, last recorded meter figure and average usage over the last months.
async fn meters(db: &AnyPool) -> Vec<(String, i64, i64)> {
    let rows: Vec<(String, i64, i64)> = sqlx::query_as(
        "SELECT c.number,
                (SELECT r.stand_akhir FROM meter_readings r WHERE r.customer_id = c.id ORDER BY r.period DESC LIMIT 1),
                CAST((SELECT AVG(b.usage_m3) FROM bills b WHERE b.customer_id = c.id) AS BIGINT)
         FROM customers c ORDER BY c.number",
    )
    .fetch_all(db)
    .await
    .unwrap();
    rows
}

async fn bills_of(db: &AnyPool, period: Period) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM bills WHERE period = $1")
        .bind(period.to_string())
        .fetch_one(db)
        .await
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_run_holds_what_needs_a_look_and_publishes_every_bill_at_once() {
    let app = common::spawn(common::Options { customers: 12, ..Default::default() }).await;
    let db = &app.state.db;
    app.add_staff("admin1", "admin", None).await;
    let admin = app.sign_in("admin1").await;
    let today = app::ssr::clock::today_wib();
    let period = Period::of(today).next();
    assert_eq!(bills_of(db, period).await, 0);

    // The readings file: customer 0 used ten times the usual (a misread), customer 1's reader
    // left a note, customers 2 and 3 were not read at all; the rest used about their average.
    let meters = meters(db).await;
    let mut file = String::from("nomor_pelanggan,periode,tanggal_baca,stand_awal,stand_akhir,catatan\n");
    for (i, (number, stand, average)) in meters.iter().enumerate() {
        let usage = match i {
            0 => average.max(&5) * 10,
            2 | 3 => continue,
            _ => (*average).max(1),
        };
        let note = if i == 1 { "meter buram" } else { "" };
        file.push_str(&format!("{number},{period},{today},{stand},{},{note}\n", stand + usage));
    }
    let by = By { actor: None, name: "test", ip: None };
    let report = import(db, &by, ImportKind::Readings, "baca.csv", file.as_bytes(), Mode::Apply, today).await.unwrap();
    assert!(report.applied, "{report:?}");

    let started = app
        .post_form("/api/staff/billing/start", Some(&admin), &[("csrf", &admin.csrf), ("period", &period.to_string())])
        .await;
    assert_eq!(started.status, 200, "{}", started.body);
    let run: i64 = started.body.trim().parse().unwrap();
    assert_eq!(bills_of(db, period).await, 0, "customers see nothing before publication");
    let page = app.get_as(&format!("/staf/tagihan/{run}"), &admin).await;
    assert_eq!(page.status, 200, "{}", page.body);
    let held = |body: &str, number: &str, text: &str| {
        let at = body
            .find(&format!("data-customer=\"{number}\""))
            .unwrap_or_else(|| panic!("{number} is not held:\n{body}"));
        assert!(body[at..].split("</li>").next().unwrap().contains(text), "{number} should say {text}");
    };
    held(&page.body, &meters[0].0, "Pemakaian melonjak");
    held(&page.body, &meters[1].0, "Catatan pembaca meter");
    held(&page.body, &meters[2].0, "Taksiran");
    held(&page.body, &meters[3].0, "Taksiran");
    let estimated: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM meter_readings WHERE period = $1 AND estimated = 1")
        .bind(period.to_string())
        .fetch_one(db)
        .await
        .unwrap();
    assert_eq!(estimated, 2, "the unread meters are billed on an estimate");

    // While the run is under review its readings stay as drafted.
    let again = import(db, &by, ImportKind::Readings, "baca.csv", file.as_bytes(), Mode::Apply, today).await.unwrap();
    assert!(!again.applied);
    assert!(again.faults.iter().all(|f| f.reason == app::model::imports::Reason::UnderReview), "{:?}", again.faults);

    let early = app
        .post_form("/api/staff/billing/publish", Some(&admin), &[("csrf", &admin.csrf), ("run", &run.to_string())])
        .await;
    assert_eq!(early.status, 409, "held bills are reviewed first: {}", early.body);

    // The misread is corrected with a reason; the bill is computed again from it.
    let customer: i64 = sqlx::query_scalar("SELECT id FROM customers WHERE number = $1")
        .bind(&meters[0].0)
        .fetch_one(db)
        .await
        .unwrap();
    let right = (meters[0].1 + meters[0].2.max(1)).to_string();
    let bad = app
        .post_form(
            "/api/staff/billing/correct",
            Some(&admin),
            &[
                ("csrf", &admin.csrf),
                ("run", &run.to_string()),
                ("customer", &customer.to_string()),
                ("stand_akhir", "-4"),
                ("reason", "x"),
            ],
        )
        .await;
    assert_eq!(bad.status, 400, "{}", bad.body);
    let corrected = app
        .post_form(
            "/api/staff/billing/correct",
            Some(&admin),
            &[
                ("csrf", &admin.csrf),
                ("run", &run.to_string()),
                ("customer", &customer.to_string()),
                ("stand_akhir", &right),
                ("reason", "salah baca, foto meter dicek"),
            ],
        )
        .await;
    assert_eq!(corrected.status, 200, "{}", corrected.body);
    let usage: i64 = sqlx::query_scalar("SELECT usage_m3 FROM draft_bills WHERE run_id = $1 AND customer_id = $2")
        .bind(run)
        .bind(customer)
        .fetch_one(db)
        .await
        .unwrap();
    assert_eq!(usage, meters[0].2.max(1));
    let audit: String = sqlx::query_scalar("SELECT detail FROM audit_log WHERE action = 'reading_corrected'")
        .fetch_one(db)
        .await
        .unwrap();
    assert!(audit.contains("salah baca, foto meter dicek"), "{audit}");

    let accepted = app
        .post_form("/api/staff/billing/accept", Some(&admin), &[("csrf", &admin.csrf), ("run", &run.to_string())])
        .await;
    assert_eq!(accepted.status, 200, "{}", accepted.body);

    // Publication in one transaction: a reader polling all along sees none of the period's
    // bills, then all of them.
    let watcher = {
        let db = db.clone();
        tokio::spawn(async move {
            let mut seen = Vec::new();
            loop {
                let n = bills_of(&db, period).await;
                seen.push(n);
                if n > 0 {
                    return seen;
                }
            }
        })
    };
    let run_no = run.to_string();
    let announced = [
        ("csrf", admin.csrf.as_str()),
        ("run", run_no.as_str()),
        ("announce", "1"),
        ("title", "Tagihan bulan ini sudah terbit"),
        ("body", "Bayar sebelum tanggal jatuh tempo."),
    ];
    let untitled =
        app.post_form("/api/staff/billing/publish", Some(&admin), &[announced[0], announced[1], announced[2]]).await;
    assert_eq!(untitled.status, 400, "an announcement needs its title: {}", untitled.body);
    assert_eq!(bills_of(db, period).await, 0);
    let published = app.post_form("/api/staff/billing/publish", Some(&admin), &announced).await;
    assert_eq!(published.status, 200, "{}", published.body);
    let seen = watcher.await.unwrap();
    assert!(seen.iter().all(|&n| n == 0 || n == 12), "half a period was visible: {seen:?}");
    assert_eq!(bills_of(db, period).await, 12);
    let again = app
        .post_form("/api/staff/billing/publish", Some(&admin), &[("csrf", &admin.csrf), ("run", &run.to_string())])
        .await;
    assert_eq!(again.status, 409);
    // The announcement went out with the bills, until they fall due, and customers read it.
    let (title, ends_at): (String, String) =
        sqlx::query_as("SELECT title, ends_at FROM announcements ORDER BY id DESC LIMIT 1")
            .fetch_one(db)
            .await
            .unwrap();
    assert_eq!(title, "Tagihan bulan ini sudah terbit");
    let due = app.state.rules.get().due.due_date(period).to_string();
    assert!(ends_at.starts_with(&due), "{ends_at} should end on {due}");
    let home = app.get("/").await;
    assert!(home.body.contains("Tagihan bulan ini sudah terbit"), "the announcement is on the home page");

    // The customer sees the new period, computed from the corrected reading.
    let number = app::domain::CustomerNumber::parse(&meters[0].0).unwrap();
    let account = app::ssr::accounts::bill_page(&app.state, &number, today).await.unwrap().unwrap();
    assert!(
        account.unpaid.iter().any(|b| b.period == period && i64::from(b.charges.usage_m3()) == usage),
        "{:?}",
        account.unpaid
    );

    let csv = app.get_as(&format!("/staf/tagihan/{run}/drd.csv"), &admin).await;
    assert_eq!(csv.status, 200);
    let total = csv.body.lines().last().unwrap().to_string();
    assert!(total.starts_with(&format!("{period},TOTAL,,12,")), "{total}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn supervisors_review_their_own_offices_held_bills_and_only_administrators_publish() {
    let app = common::spawn(common::Options { customers: 40, ..Default::default() }).await;
    let db = &app.state.db;
    app.add_staff("admin1", "admin", None).await;
    app.add_staff("spv1", "supervisor", Some("01")).await;
    app.add_staff("teller1", "teller", Some("01")).await;
    let (admin, spv, teller) = (app.sign_in("admin1").await, app.sign_in("spv1").await, app.sign_in("teller1").await);
    let period = Period::of(app::ssr::clock::today_wib()).next().to_string();
    let refused =
        app.post_form("/api/staff/billing/start", Some(&spv), &[("csrf", &spv.csrf), ("period", &period)]).await;
    assert_eq!(refused.status, 403);
    let bad =
        app.post_form("/api/staff/billing/start", Some(&admin), &[("csrf", &admin.csrf), ("period", "2026-13")]).await;
    assert_eq!(bad.status, 400);
    let far =
        app.post_form("/api/staff/billing/start", Some(&admin), &[("csrf", &admin.csrf), ("period", "2031-01")]).await;
    assert_eq!(far.status, 400, "a run bills no further than next month");
    // Nobody's meter was read: every bill is an estimate, held.
    let started =
        app.post_form("/api/staff/billing/start", Some(&admin), &[("csrf", &admin.csrf), ("period", &period)]).await;
    assert_eq!(started.status, 200, "{}", started.body);
    let run = started.body.trim().to_string();
    let twice =
        app.post_form("/api/staff/billing/start", Some(&admin), &[("csrf", &admin.csrf), ("period", &period)]).await;
    assert_eq!(twice.status, 409, "one run of a period under review at a time");
    assert_eq!(app.get_as(&format!("/staf/tagihan/{run}"), &spv).await.status, 200);
    assert_eq!(app.get_as(&format!("/staf/tagihan/{run}"), &teller).await.status, 403);
    assert_eq!(app.get_as("/staf/tagihan/99999", &admin).await.status, 404);

    let (own, other): (i64, i64) = sqlx::query_as(
        "SELECT (SELECT MIN(c.id) FROM customers c JOIN unit_offices o ON o.id = c.office_id WHERE o.code = '01'),
                (SELECT MIN(c.id) FROM customers c JOIN unit_offices o ON o.id = c.office_id WHERE o.code <> '01')",
    )
    .fetch_one(db)
    .await
    .unwrap();
    let accept = |who: &common::StaffLogin, customer: i64| {
        let form = [
            ("csrf".to_string(), who.csrf.clone()),
            ("run".into(), run.clone()),
            ("customer".into(), customer.to_string()),
        ];
        let who = who.clone();
        let app = &app;
        async move {
            let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
            app.post_form("/api/staff/billing/accept", Some(&who), &form).await.status
        }
    };
    assert_eq!(accept(&spv, other).await, 403, "another office's customer");
    assert_eq!(accept(&spv, own).await, 200);
    let all = app.post_form("/api/staff/billing/accept", Some(&spv), &[("csrf", &spv.csrf), ("run", &run)]).await;
    assert_eq!(all.status, 403, "accepting everything left is the administrator's");
    let publish = app.post_form("/api/staff/billing/publish", Some(&spv), &[("csrf", &spv.csrf), ("run", &run)]).await;
    assert_eq!(publish.status, 403);
    // The supervisor's list holds their own office's customers only.
    let other_number: String =
        sqlx::query_scalar("SELECT number FROM customers WHERE id = $1").bind(other).fetch_one(db).await.unwrap();
    let page = app.get_as(&format!("/staf/tagihan/{run}"), &spv).await;
    assert!(!page.body.contains(&format!("data-customer=\"{other_number}\"")));
    assert!(app
        .get_as(&format!("/staf/tagihan/{run}"), &admin)
        .await
        .body
        .contains(&format!("data-customer=\"{other_number}\"")));

    // Discarded, the run takes its drafts and estimates with it, and the period can be drafted again.
    let readings = || async {
        sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM meter_readings WHERE period = $1")
            .bind(&period)
            .fetch_one(db)
            .await
            .unwrap()
    };
    assert_eq!(readings().await, 40, "every meter estimated");
    let refused = app.post_form("/api/staff/billing/discard", Some(&spv), &[("csrf", &spv.csrf), ("run", &run)]).await;
    assert_eq!(refused.status, 403);
    let discarded =
        app.post_form("/api/staff/billing/discard", Some(&admin), &[("csrf", &admin.csrf), ("run", &run)]).await;
    assert_eq!(discarded.status, 200, "{}", discarded.body);
    assert_eq!(readings().await, 0);
    let drafts: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM draft_bills").fetch_one(db).await.unwrap();
    assert_eq!(drafts, 0);
    let after =
        app.post_form("/api/staff/billing/publish", Some(&admin), &[("csrf", &admin.csrf), ("run", &run)]).await;
    assert_eq!(after.status, 409, "a discarded run is not published");
    let again = app
        .post_form(
            "/api/staff/billing/start",
            Some(&admin),
            &[("csrf", &admin.csrf), ("period", &period), ("office", "01")],
        )
        .await;
    assert_eq!(again.status, 200, "{}", again.body);
    // A one-office run's DRD counts that office's connections only, and supervisors read it.
    let run = again.body.trim().to_string();
    let own_office: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM customers c JOIN unit_offices o ON o.id = c.office_id WHERE o.code = '01'",
    )
    .fetch_one(db)
    .await
    .unwrap();
    let csv = app.get_as(&format!("/staf/tagihan/{run}/drd.csv"), &spv).await;
    assert_eq!(csv.status, 200);
    assert!(csv.body.lines().last().unwrap().contains(&format!(",TOTAL,,{own_office},")), "{}", csv.body);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_connection_a_run_cannot_bill_is_named_with_the_reason_in_the_pages_language() {
    let app = common::spawn(common::Options { customers: 12, ..Default::default() }).await;
    let db = &app.state.db;
    app.add_staff("admin1", "admin", None).await;
    let admin = app.sign_in("admin1").await;
    let period = Period::of(app::ssr::clock::today_wib()).next();
    // A meter size the connection's tariff does not price.
    let number: String =
        sqlx::query_scalar("SELECT MIN(number) FROM customers WHERE status = 'active'").fetch_one(db).await.unwrap();
    sqlx::query("UPDATE customers SET meter_size = '9' WHERE number = $1").bind(&number).execute(db).await.unwrap();
    let started = app
        .post_form("/api/staff/billing/start", Some(&admin), &[("csrf", &admin.csrf), ("period", &period.to_string())])
        .await;
    assert_eq!(started.status, 200, "{}", started.body);
    let run: i64 = started.body.trim().parse().unwrap();
    let reason = |body: &str| {
        let at =
            body.find(&format!("<strong>{number}</strong>")).unwrap_or_else(|| panic!("{number} not listed:\n{body}"));
        body[at..].split("</li>").next().unwrap().to_string()
    };
    let page = app.get_as(&format!("/staf/tagihan/{run}"), &admin).await;
    assert!(reason(&page.body).contains("tidak menyebut biaya tetap untuk meter 9\""), "{}", reason(&page.body));
    let cookie = format!("{}; {}=en", admin.cookie, app::i18n::LANG_COOKIE);
    let english = app.get_with(&format!("/staf/tagihan/{run}"), &[("cookie", &cookie)]).await;
    assert!(reason(&english.body).contains("names no fixed charge for 9\" meters"), "{}", reason(&english.body));
}
