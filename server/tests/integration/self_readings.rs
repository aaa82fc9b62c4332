//! Self meter reading: the window, the phone on file, the photo's checks, odd figures waiting
//! for the customer's confirmation, the billing run billing on a customer's figure (with its
//! photo beside it for the reviewer), and a reader's figure that contradicts one.

use crate::common::{png, spawn, Options, Page, TestApp};
use app::domain::Period;
use app::model::imports::ImportKind;
use app::ssr::db::audit::By;
use app::ssr::imports::{import, Mode};
use chrono::Datelike;

/// A customer with a meter history: (number, last figure, usual monthly m³), given a phone on
/// file for the test.
async fn metered(app: &TestApp, nth: i64, phone: &str) -> (String, i64, i64) {
    let (number, id, last, usual): (String, i64, i64, i64) = sqlx::query_as(
        "SELECT c.number, c.id,
                (SELECT r.stand_akhir FROM meter_readings r WHERE r.customer_id = c.id ORDER BY r.period DESC LIMIT 1),
                CAST((SELECT AVG(b.usage_m3) FROM bills b WHERE b.customer_id = c.id) AS BIGINT)
         FROM customers c
         WHERE (SELECT r.estimated FROM meter_readings r WHERE r.customer_id = c.id ORDER BY r.period DESC LIMIT 1) = 0
           AND (SELECT AVG(b.usage_m3) FROM bills b WHERE b.customer_id = c.id) >= 3
         ORDER BY c.number LIMIT 1 OFFSET $1",
    )
    .bind(nth)
    .fetch_one(&app.state.db)
    .await
    .expect("the demo data has metered customers");
    sqlx::query("UPDATE customers SET phone = $1 WHERE id = $2")
        .bind(phone)
        .bind(id)
        .execute(&app.state.db)
        .await
        .unwrap();
    (number, last, usual)
}

async fn send(app: &TestApp, number: &str, phone: &str, stand: &str, photo: Option<(&str, Vec<u8>)>) -> Page {
    app.post_multipart("/baca-meter/kirim", &[("no", number), ("hp", phone), ("angka", stand)], photo).await
}

fn location(page: &Page) -> String {
    assert_eq!(page.status, 303, "{}", page.body);
    page.headers["location"].to_str().unwrap().to_string()
}

fn token_of(page: &Page) -> String {
    let to = location(page);
    to.strip_prefix("/baca-meter/")
        .and_then(|rest| rest.split('?').next())
        .unwrap_or_else(|| panic!("{to}"))
        .to_string()
}

async fn state_of(app: &TestApp, token: &str) -> (String, String) {
    sqlx::query_as("SELECT state, doubt FROM self_readings WHERE token = $1")
        .bind(token)
        .fetch_one(&app.state.db)
        .await
        .unwrap()
}

async fn set_window(app: &TestApp, login: &crate::common::StaffLogin, first: u32, last: u32) -> Page {
    let (first, last) = (first.to_string(), last.to_string());
    app.post_form(
        "/api/staff/readings/set-window",
        Some(login),
        &[("csrf", &login.csrf), ("first_day", &first), ("last_day", &last)],
    )
    .await
}

/// A file for the form: (its name, its bytes).
type Upload = Option<(&'static str, Vec<u8>)>;

fn photo() -> Upload {
    Some(("meter.png", png(800, 600)))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_figure_is_taken_only_in_the_window_from_the_phone_on_file_with_a_real_photo() {
    let app = spawn(Options { customers: 12, ..Default::default() }).await;
    app.add_staff("admin1", "admin", None).await;
    app.add_staff("spv", "supervisor", Some("01")).await;
    let (admin, spv) = (app.sign_in("admin1").await, app.sign_in("spv").await);
    let phone = "081234560001";
    let (number, last, usual) = metered(&app, 0, phone).await;
    let today = app::ssr::clock::today_wib();

    // Closed today: the form says when it opens; a figure sent anyway is refused.
    let (first, end) = if today.day() > 5 { (1, 5) } else { (20, 25) };
    assert_eq!(set_window(&app, &spv, first, end).await.status, 403, "only administrators set the days");
    assert_eq!(set_window(&app, &admin, 25, 20).await.status, 400, "the last day before the first");
    assert_eq!(set_window(&app, &admin, 0, 20).await.status, 400);
    let saved = set_window(&app, &admin, first, end).await;
    assert_eq!(saved.status, 200, "{}", saved.body);
    let audited: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'self_reading_window_set'")
        .fetch_one(&app.state.db)
        .await
        .unwrap();
    assert_eq!(audited, 1);
    let form = app.get("/baca-meter").await;
    assert_eq!(form.status, 200);
    assert!(form.body.contains("data-window=\"closed\"") && !form.body.contains("name=\"angka\""), "{}", form.body);
    let closed = send(&app, &number, phone, &(last + usual).to_string(), photo()).await;
    assert!(location(&closed).starts_with("/baca-meter?galat=tutup"), "{}", location(&closed));
    let again = app.get(&location(&closed)).await;
    assert_eq!(again.status, 409, "the form shows the refusal with its status");
    assert!(again.body.contains("Baca meter mandiri sedang tutup"));

    assert_eq!(set_window(&app, &admin, 1, 31).await.status, 200);
    let form = app.get("/baca-meter").await;
    assert!(form.body.contains("data-window=\"open\"") && form.body.contains("name=\"angka\""));

    // A stranger who knows the number, but not from the phone on file.
    let stranger = send(&app, &number, "081299998888", &(last + usual).to_string(), photo()).await;
    assert!(location(&stranger).starts_with("/baca-meter?galat=hp_lain"), "{}", location(&stranger));
    assert_eq!(app.get(&location(&stranger)).await.status, 403);
    // Every other way a form is wrong: each with the reason, what was typed kept.
    let unknown = "9".repeat(number.len());
    let cases: [(&str, &str, Upload, &str); 6] = [
        (&unknown, phone, photo(), "galat=nomor_tidak_ada"),
        (&number, phone, None, "galat=wajib_foto"),
        (&number, phone, Some(("meter.jpg", b"MZ\x90\x00 an executable renamed".to_vec())), "galat=foto_jenis"),
        (&number, phone, Some(("meter.jpg", b"\x89PNG\r\n\x1a\n broken".to_vec())), "galat=foto_rusak"),
        (&number, phone, Some(("huge.jpg", vec![0xFF; 9 * 1024 * 1024])), "galat=foto_besar"),
        (&number, "12", photo(), "galat=hp"),
    ];
    for (no, hp, picture, code) in cases {
        let to = location(&send(&app, no, hp, &(last + usual).to_string(), picture).await);
        assert!(to.starts_with(&format!("/baca-meter?{code}")), "{code}: {to}");
        assert!(to.contains("angka="), "the figure typed comes back: {to}");
    }
    let not_a_number = send(&app, &number, phone, "12a4", photo()).await;
    assert!(location(&not_a_number).starts_with("/baca-meter?galat=angka"));
    let stored: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM self_readings").fetch_one(&app.state.db).await.unwrap();
    assert_eq!(stored, 0, "nothing refused is kept");

    // An ordinary figure is taken at once; its page shows it and the photo, metadata gone.
    let sent = send(&app, &number, phone, &(last + usual).to_string(), photo()).await;
    let token = token_of(&sent);
    assert!(token.len() >= 40, "an unguessable link");
    assert_eq!(state_of(&app, &token).await, ("accepted".into(), String::new()));
    let page = app.get(&format!("/baca-meter/{token}")).await;
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(
        page.body.contains("data-reading-state=\"accepted\"") && page.body.contains(&format!("data-usage=\"{usual}\""))
    );
    let picture = app.client.get(format!("{}/baca-meter/{token}/foto", app.base)).send().await.unwrap();
    assert_eq!((picture.status().as_u16(), picture.headers()["cache-control"].to_str().unwrap()), (200, "no-store"));
    assert_eq!(app.get("/baca-meter/0123456789abcdef0123456789abcdef01234567").await.status, 404);
    assert_eq!(app.client.get(format!("{}/baca-meter/nope/foto", app.base)).send().await.unwrap().status(), 404);

    // Below the last figure: asked again, taken only when confirmed, replacing the first.
    let lower = token_of(&send(&app, &number, phone, &(last - 5).to_string(), photo()).await);
    assert_eq!(state_of(&app, &lower).await, ("unconfirmed".into(), "lower".into()));
    let page = app.get(&format!("/baca-meter/{lower}")).await;
    assert!(page.body.contains("data-doubt=\"lower\"") && page.body.contains("lebih kecil dari bacaan terakhir"));
    let confirmed = app.post_form("/api/readings/confirm", None, &[("token", &lower)]).await;
    assert_eq!(confirmed.status, 200, "{}", confirmed.body);
    assert_eq!(state_of(&app, &lower).await.0, "accepted");
    assert_eq!(state_of(&app, &token).await.0, "replaced", "one figure stands per period");
    let twice = app.post_form("/api/readings/confirm", None, &[("token", &lower)]).await;
    assert_eq!(twice.status, 409);
    // Three figures a period, then no more (the third is the limit).
    let third = token_of(&send(&app, &number, phone, &(last + 1).to_string(), photo()).await);
    let withdrawn = app.post_form("/api/readings/withdraw", None, &[("token", &third)]).await;
    assert_eq!(withdrawn.status, 200, "{}", withdrawn.body);
    assert_eq!(state_of(&app, &third).await.0, "withdrawn");
    let fourth = send(&app, &number, phone, &(last + 2).to_string(), photo()).await;
    assert!(location(&fourth).starts_with("/baca-meter?galat=batas_kiriman"), "{}", location(&fourth));
    assert!(app.get(&location(&fourth)).await.body.contains("sudah mengirim 3 angka"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_billing_run_bills_on_customers_figures_and_holds_them_with_their_photos() {
    let app = spawn(Options { customers: 12, ..Default::default() }).await;
    let db = &app.state.db;
    app.add_staff("admin1", "admin", None).await;
    app.add_staff("teller", "teller", Some("01")).await;
    let (admin, teller) = (app.sign_in("admin1").await, app.sign_in("teller").await);
    assert_eq!(set_window(&app, &admin, 1, 31).await.status, 200);
    let today = app::ssr::clock::today_wib();
    let period = Period::of(today).next();

    // A: an ordinary figure; B: far above the usual, confirmed; C: below the last, confirmed;
    // D: sent, then the meter reader read a figure that cannot follow from it.
    let (a, b, c, d) = (
        metered(&app, 0, "081200000001").await,
        metered(&app, 1, "081200000002").await,
        metered(&app, 2, "081200000003").await,
        metered(&app, 3, "081200000004").await,
    );
    let office_a: String = sqlx::query_scalar(
        "SELECT o.code FROM customers c JOIN unit_offices o ON o.id = c.office_id WHERE c.number = $1",
    )
    .bind(&a.0)
    .fetch_one(db)
    .await
    .unwrap();
    app.add_staff("spv.lain", "supervisor", Some(if office_a == "02" { "03" } else { "02" })).await;
    let elsewhere = app.sign_in("spv.lain").await;
    let token_a = token_of(&send(&app, &a.0, "081200000001", &(a.1 + a.2).to_string(), photo()).await);
    let token_b = token_of(&send(&app, &b.0, "081200000002", &(b.1 + b.2 * 5).to_string(), photo()).await);
    assert_eq!(state_of(&app, &token_b).await, ("unconfirmed".into(), "high".into()));
    assert!(app.get(&format!("/baca-meter/{token_b}")).await.body.contains("kebocoran"), "a leak is named");
    assert_eq!(app.post_form("/api/readings/confirm", None, &[("token", &token_b)]).await.status, 200);
    let token_c = token_of(&send(&app, &c.0, "081200000003", &(c.1 - 3).to_string(), photo()).await);
    assert_eq!(app.post_form("/api/readings/confirm", None, &[("token", &token_c)]).await.status, 200);
    let token_d = token_of(&send(&app, &d.0, "081200000004", &(d.1 + d.2).to_string(), photo()).await);
    assert_eq!(state_of(&app, &token_d).await.0, "accepted");
    let file = format!(
        "nomor_pelanggan,periode,tanggal_baca,stand_awal,stand_akhir\n{},{period},{today},{},{}\n",
        d.0,
        d.1,
        d.1 + d.2 + 50
    );
    let by = By { actor: None, name: "test", ip: None };
    let report = import(db, &by, ImportKind::Readings, "baca.csv", file.as_bytes(), Mode::Apply, today).await.unwrap();
    assert!(report.applied, "{report:?}");

    let started = app
        .post_form("/api/staff/billing/start", Some(&admin), &[("csrf", &admin.csrf), ("period", &period.to_string())])
        .await;
    assert_eq!(started.status, 200, "{}", started.body);
    let run: i64 = started.body.trim().parse().unwrap();
    let reading = |number: &str| {
        let number = number.to_string();
        async move {
            sqlx::query_as::<_, (i64, i64, Option<i64>)>(
                "SELECT r.stand_akhir, r.estimated, r.self_reading_id FROM meter_readings r
                 JOIN customers c ON c.id = r.customer_id WHERE c.number = $1 AND r.period = $2",
            )
            .bind(&number)
            .bind(period.to_string())
            .fetch_one(db)
            .await
            .unwrap()
        }
    };
    let id_of = |token: &str| {
        let token = token.to_string();
        async move {
            sqlx::query_scalar::<_, i64>("SELECT id FROM self_readings WHERE token = $1")
                .bind(&token)
                .fetch_one(db)
                .await
                .unwrap()
        }
    };
    let (id_a, id_b, id_c) = (id_of(&token_a).await, id_of(&token_b).await, id_of(&token_c).await);
    assert_eq!(reading(&a.0).await, (a.1 + a.2, 0, Some(id_a)), "billed on the customer's figure");
    assert_eq!(reading(&b.0).await, (b.1 + b.2 * 5, 0, Some(id_b)));
    let (_, estimated, from_customer) = reading(&c.0).await;
    assert_eq!((estimated, from_customer), (1, None), "a figure below the last is not billed as sent: an estimate");
    assert_eq!(reading(&d.0).await, (d.1 + d.2 + 50, 0, None), "the meter reader's figure is billed");

    let page = app.get_as(&format!("/staf/tagihan/{run}"), &admin).await;
    assert_eq!(page.status, 200, "{}", page.body);
    let held = |number: &str| {
        let at = page.body.find(&format!("data-customer=\"{number}\"")).unwrap_or_else(|| panic!("{number} not held"));
        page.body[at..].split("</li>").next().unwrap().to_string()
    };
    assert!(
        held(&a.0).contains("Angka dikirim pelanggan") && held(&a.0).contains(&format!("/staf/baca-meter/{id_a}/foto"))
    );
    assert!(held(&b.0).contains("Pemakaian melonjak") && held(&b.0).contains("Angka dikirim pelanggan"));
    assert!(held(&c.0).contains("Taksiran") && held(&c.0).contains(&format!("/staf/baca-meter/{id_c}/foto")));
    assert!(held(&d.0).contains("tidak cocok dengan kiriman pelanggan"), "{}", held(&d.0));
    let shown = app
        .client
        .get(format!("{}/staf/baca-meter/{id_a}/foto", app.base))
        .header("cookie", &admin.cookie)
        .send()
        .await
        .unwrap();
    assert_eq!((shown.status().as_u16(), shown.headers()["content-type"].to_str().unwrap()), (200, "image/jpeg"));
    // Once the period is drafted, nothing more reaches it: sending and confirming are refused.
    let late = send(&app, &a.0, "081200000001", &(a.1 + a.2 + 1).to_string(), photo()).await;
    assert!(location(&late).starts_with("/baca-meter?galat=sudah_ditagih"), "{}", location(&late));
    assert!(app.get(&location(&late)).await.body.contains("sudah disusun"));
    let refused = |login: Option<&crate::common::StaffLogin>| {
        let mut request = app.client.get(format!("{}/staf/baca-meter/{id_a}/foto", app.base));
        if let Some(l) = login {
            request = request.header("cookie", &l.cookie);
        }
        async move { request.send().await.unwrap().status().as_u16() }
    };
    assert_eq!(refused(None).await, 401);
    assert_eq!(refused(Some(&teller)).await, 403, "a teller reviews no readings");
    assert_eq!(refused(Some(&elsewhere)).await, 403, "another office's supervisor sees none of its meters");

    // Billed on: the customer can no longer take it back. Discarding the run removes what the
    // run wrote, and the customer's figure stands for the next run.
    let late = app.post_form("/api/readings/withdraw", None, &[("token", &token_a)]).await;
    assert_eq!(late.status, 409);
    let discarded = app
        .post_form("/api/staff/billing/discard", Some(&admin), &[("csrf", &admin.csrf), ("run", &run.to_string())])
        .await;
    assert_eq!(discarded.status, 200, "{}", discarded.body);
    let left: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM meter_readings WHERE self_reading_id IS NOT NULL")
        .fetch_one(db)
        .await
        .unwrap();
    assert_eq!(left, 0);
    assert_eq!(state_of(&app, &token_a).await.0, "accepted");
    let again = app
        .post_form("/api/staff/billing/start", Some(&admin), &[("csrf", &admin.csrf), ("period", &period.to_string())])
        .await;
    assert_eq!(again.status, 200, "{}", again.body);
    assert_eq!(reading(&a.0).await, (a.1 + a.2, 0, Some(id_a)), "the next run bills on it again");
}
