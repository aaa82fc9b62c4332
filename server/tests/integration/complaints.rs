//! Complaints: filing with a photo (and every way a form or a photo is refused), the private
//! link, the stages with every allowed and refused step, who may take them, the deadlines, the
//! desk's order, closing what nobody confirmed, and the monthly report.

use crate::common::{png, spawn, Options, Page, StaffLogin, TestApp};

/// A customer with a phone on file: (number, phone as on file, office code).
async fn customer_with_phone(app: &TestApp) -> (String, String, String) {
    sqlx::query_as(
        "SELECT c.number, c.phone, o.code FROM customers c JOIN unit_offices o ON o.id = c.office_id
         WHERE c.phone IS NOT NULL AND c.phone <> '' ORDER BY c.number LIMIT 1",
    )
    .fetch_one(&app.state.db)
    .await
    .expect("the demo data has a customer with a phone")
}

/// Posts the complaint form as a browser does (multipart, the photo as a file).
async fn file(app: &TestApp, fields: &[(&str, &str)], photo: Option<(&str, Vec<u8>)>) -> Page {
    app.post_multipart("/pengaduan/kirim", fields, photo).await
}

fn location(page: &Page) -> String {
    assert_eq!(page.status, 303, "{}", page.body);
    page.headers["location"].to_str().unwrap().to_string()
}

fn token_of(location: &str) -> String {
    location.strip_prefix("/pengaduan/").and_then(|rest| rest.split('?').next()).expect("the private page").to_string()
}

async fn complaint_id(app: &TestApp, token: &str) -> i64 {
    sqlx::query_scalar("SELECT id FROM complaints WHERE token = $1").bind(token).fetch_one(&app.state.db).await.unwrap()
}

async fn act(app: &TestApp, login: &StaffLogin, id: i64, step: &str, note: &str, assignee: &str) -> Page {
    let id = id.to_string();
    app.post_form(
        "/api/staff/complaints/act",
        Some(login),
        &[("csrf", &login.csrf), ("id", &id), ("step", step), ("note", note), ("assignee", assignee)],
    )
    .await
}

async fn stage(app: &TestApp, id: i64) -> String {
    sqlx::query_scalar("SELECT stage FROM complaints WHERE id = $1").bind(id).fetch_one(&app.state.db).await.unwrap()
}

async fn staff_id(app: &TestApp, username: &str) -> i64 {
    sqlx::query_scalar("SELECT id FROM staff WHERE username = $1")
        .bind(username)
        .fetch_one(&app.state.db)
        .await
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_complaint_goes_through_its_stages_and_its_customer_follows_it() {
    let app = spawn(Options::default()).await;
    let (number, phone, office) = customer_with_phone(&app).await;
    let other_office = if office == "02" { "03" } else { "02" };
    app.add_staff("spv", "supervisor", Some(&office)).await;
    app.add_staff("teller", "teller", Some(&office)).await;
    app.add_staff("spv.lain", "supervisor", Some(other_office)).await;
    app.add_staff("teller.lain", "teller", Some(other_office)).await;
    let (spv, teller, stranger) =
        (app.sign_in("spv").await, app.sign_in("teller").await, app.sign_in("spv.lain").await);

    let filed = file(
        &app,
        &[
            ("jenis", "bill"),
            ("no", &number),
            ("nama", "Bu Sri"),
            ("hp", &phone),
            ("uraian", "Tagihan bulan ini tiga kali lipat, padahal pemakaian biasa saja."),
            ("lokasi", "Depan masjid"),
            ("lat", "-7.9666"),
            ("lon", "112.6326"),
        ],
        Some(("meter.png", png(2400, 1800))),
    )
    .await;
    let token = token_of(&location(&filed));
    assert!(token.len() >= 40, "an unguessable token: {token}");
    let id = complaint_id(&app, &token).await;
    let number_text = format!("ADU-{id:06}");

    let page = app.get(&format!("/pengaduan/{token}")).await;
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(page.body.contains(&number_text) && page.body.contains("data-stage=\"received\""));
    assert!(page.body.contains("Pengaduan Anda sudah kami terima"), "a plain sentence for the stage");
    let photo = app.client.get(format!("{}/pengaduan/{token}/foto", app.base)).send().await.unwrap();
    assert_eq!(photo.status(), 200);
    assert_eq!(photo.headers()["content-type"], "image/jpeg");
    let bytes = photo.bytes().await.unwrap();
    let stored = image::load_from_memory(&bytes).unwrap();
    assert_eq!((stored.width(), stored.height()), (1600, 1200), "shrunk to 1600 px");
    let phone_on_file: i64 = sqlx::query_scalar("SELECT phone_on_file FROM complaints WHERE id = $1")
        .bind(id)
        .fetch_one(&app.state.db)
        .await
        .unwrap();
    assert_eq!(phone_on_file, 1, "the phone on file is recognised");

    // Nobody else reaches it.
    assert_eq!(app.get("/pengaduan/0123456789abcdef0123456789abcdef01234567").await.status, 404);
    let guessed = app.client.get(format!("{}/pengaduan/{id}/foto", app.base)).send().await.unwrap();
    assert_eq!(guessed.status(), 404, "the photo is not served by the complaint's number");
    let anonymous = app.client.get(format!("{}/staf/pengaduan/{id}/foto", app.base)).send().await.unwrap();
    assert_eq!(anonymous.status(), 401);
    let other = app
        .client
        .get(format!("{}/staf/pengaduan/{id}/foto", app.base))
        .header("cookie", &stranger.cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(other.status(), 403, "another office's supervisor");
    let own = app
        .client
        .get(format!("{}/staf/pengaduan/{id}/foto", app.base))
        .header("cookie", &teller.cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(own.status(), 200, "the office's teller");

    let desk = app.get_as("/staf/pengaduan", &spv).await;
    assert!(desk.body.contains(&number_text), "on the office's desk");
    assert!(!app.get_as("/staf/pengaduan", &stranger).await.body.contains(&number_text), "not on another office's");
    let record = app.get_as(&format!("/staf/pengaduan/{id}"), &spv).await;
    assert!(record.body.contains("data-correction"), "a bill dispute leads to the reading's correction");
    assert_eq!(app.get_as(&format!("/staf/pengaduan/{id}"), &stranger).await.status, 403);

    // Refused steps, each with its status, and nothing moves.
    assert_eq!(act(&app, &spv, id, "start", "", "").await.status, 409, "not assigned yet");
    assert_eq!(act(&app, &spv, id, "resolve", "Sudah", "").await.status, 409);
    assert_eq!(act(&app, &spv, id, "confirm", "", "").await.status, 400, "a customer's step");
    assert_eq!(act(&app, &spv, id, "teleport", "", "").await.status, 400);
    assert_eq!(act(&app, &teller, id, "reject", "Bukan urusan kami", "").await.status, 403, "tellers do not reject");
    assert_eq!(act(&app, &stranger, id, "verify", "", "").await.status, 403, "another office");
    assert_eq!(act(&app, &spv, id, "note", "  ", "").await.status, 400, "a note says something");
    assert_eq!(stage(&app, id).await, "received");

    // The allowed path.
    assert_eq!(act(&app, &teller, id, "verify", "", "").await.status, 200);
    assert_eq!(act(&app, &spv, id, "note", "Cek riwayat baca meter tiga bulan.", "").await.status, 200);
    let other_teller = staff_id(&app, "teller.lain").await.to_string();
    assert_eq!(act(&app, &spv, id, "assign", "", &other_teller).await.status, 400, "only the office's staff");
    let own_teller = staff_id(&app, "teller").await.to_string();
    assert_eq!(act(&app, &spv, id, "assign", "", &own_teller).await.status, 200);
    assert_eq!(stage(&app, id).await, "assigned");
    assert_eq!(act(&app, &teller, id, "start", "", "").await.status, 200);
    assert_eq!(act(&app, &teller, id, "reject", "Terlambat", "").await.status, 403);
    assert_eq!(act(&app, &spv, id, "reject", "Terlambat", "").await.status, 409, "no rejection once work started");
    assert_eq!(act(&app, &teller, id, "resolve", "", "").await.status, 400, "a resolution says what was done");
    assert_eq!(act(&app, &teller, id, "resolve", "Angka meter dibaca ulang: 1.234 m³.", "").await.status, 200);

    // The customer sees the resolution, not the internal note, and answers.
    let page = app.get(&format!("/pengaduan/{token}")).await;
    assert!(page.body.contains("Angka meter dibaca ulang"), "the resolution");
    assert!(!page.body.contains("Cek riwayat baca meter"), "internal notes stay inside");
    assert!(!page.body.contains("Petugas teller"), "no staff names");
    assert!(page.body.contains("complaint-answer"), "asked to confirm");
    let reopen = app
        .post_form(
            "/api/complaints/reopen",
            None,
            &[("token", &token), ("reason", "Masih sama, tagihan belum berubah.")],
        )
        .await;
    assert_eq!(reopen.status, 200, "{}", reopen.body);
    assert_eq!(stage(&app, id).await, "in_progress");
    let confirm = app.post_form("/api/complaints/confirm", None, &[("token", &token)]).await;
    assert_eq!(confirm.status, 409, "only a resolved complaint is confirmed");
    assert_eq!(act(&app, &teller, id, "resolve", "Tagihan dikoreksi.", "").await.status, 200);
    // A note on a resolved complaint answers nothing: when it was answered stays.
    let answered = || async {
        sqlx::query_scalar::<_, Option<String>>("SELECT answered_at FROM complaints WHERE id = $1")
            .bind(id)
            .fetch_one(&app.state.db)
            .await
            .unwrap()
    };
    let before = answered().await;
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    assert_eq!(act(&app, &spv, id, "note", "Pelanggan ditelepon.", "").await.status, 200);
    assert_eq!((stage(&app, id).await, answered().await), ("resolved".to_string(), before));
    let wrong = app.post_form("/api/complaints/confirm", None, &[("token", "bukan-token")]).await;
    assert_eq!(wrong.status, 404);
    assert_eq!(app.post_form("/api/complaints/confirm", None, &[("token", &token)]).await.status, 200);
    assert_eq!(stage(&app, id).await, "closed");
    assert_eq!(app.post_form("/api/complaints/confirm", None, &[("token", &token)]).await.status, 409);
    assert_eq!(act(&app, &spv, id, "note", "Terlambat", "").await.status, 409, "a closed complaint takes nothing");

    let steps: Vec<String> =
        sqlx::query_scalar("SELECT step FROM complaint_events WHERE complaint_id = $1 ORDER BY id")
            .bind(id)
            .fetch_all(&app.state.db)
            .await
            .unwrap();
    assert_eq!(steps, ["verify", "note", "assign", "start", "resolve", "reopen", "resolve", "note", "confirm"]);
    let audited: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'complaint_moved'")
        .fetch_one(&app.state.db)
        .await
        .unwrap();
    assert_eq!(audited, 7, "every staff step, none of the customer's");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_complaints_are_refused_with_the_reason_and_keep_what_was_typed() {
    let app = spawn(Options::default()).await;
    let (number, phone, office) = customer_with_phone(&app).await;
    let base = [("jenis", "no_water"), ("no", number.as_str()), ("nama", "Pak Budi"), ("hp", phone.as_str())];
    let with = |extra: &[(&'static str, &'static str)]| {
        let mut fields: Vec<(&str, &str)> = base.to_vec();
        fields.push(("uraian", "Air mati sejak kemarin pagi di seluruh gang."));
        for (k, v) in extra {
            fields.retain(|(key, _)| key != k);
            fields.push((k, v));
        }
        fields
    };
    let executable = b"MZ\x90\0\x03\0\0\0\x04\0\0\0\xff\xff\0\0".repeat(64);
    let mut broken = png(64, 64);
    broken.truncate(80);
    let oversized = vec![0x89u8; 8 * 1024 * 1024 + 10];
    for (fields, photo, code, message) in [
        (with(&[]), Some(("foto.jpg", executable.clone())), "foto_jenis", "bukan foto"),
        (with(&[]), Some(("foto.png", broken)), "foto_rusak", "Foto rusak"),
        (with(&[]), Some(("foto.jpg", oversized)), "foto_besar", "Foto terlalu besar"),
        (with(&[("no", "")]), None, "wajib_nomor", "Nomor sambungan wajib diisi"),
        (with(&[("no", "12ab")]), None, "nomor_angka", "hanya berisi angka"),
        (with(&[("no", "99999999")]), None, "nomor_tidak_ada", "tidak ditemukan"),
        (with(&[("hp", "12345")]), None, "hp", "Nomor HP"),
        (with(&[("uraian", "bocor")]), None, "uraian_pendek", "terlalu singkat"),
        (with(&[("nama", "")]), None, "wajib_nama", "Nama wajib diisi"),
        (with(&[("jenis", "banjir")]), None, "jenis", "Jenis pengaduan"),
        (with(&[("jenis", "bill"), ("periode", "2001-01")]), None, "periode_tidak_ada", "Tagihan tidak ditemukan"),
        (with(&[("jenis", "street_leak"), ("no", "")]), None, "wajib_kantor", "Kantor wajib diisi"),
        (with(&[("lat", "utara")]), None, "titik", "Titik lokasi"),
    ] {
        let back = location(&file(&app, &fields, photo.clone()).await);
        assert!(back.starts_with("/pengaduan?"), "{code}: {back}");
        assert!(back.contains(&format!("galat={code}")), "{code}: {back}");
        assert!(back.contains("nama=") || code == "wajib_nama", "what was typed comes back: {back}");
        let form = app.get(&back).await;
        assert_eq!(
            form.status,
            if code == "nomor_tidak_ada" || code == "periode_tidak_ada" { 404 } else { 400 },
            "{code}"
        );
        assert!(form.body.contains(message), "{code}: the message {message:?}");
        if photo.is_some() {
            assert!(form.body.contains("data-photo-again"), "{code}: asked to choose the photo again");
        }
        assert!(
            form.body.contains("Air mati sejak kemarin") || code == "uraian_pendek",
            "{code}: the description kept"
        );
    }
    // A crafted address makes the page say nothing of its own.
    let crafted = app.get("/pengaduan?galat=%3Cb%3Ehadiah%3C%2Fb%3E").await;
    assert_eq!(crafted.status, 400);
    assert!(crafted.body.contains("Permintaan tidak dapat dibaca"));
    assert!(!crafted.body.contains("<b>hadiah") && !crafted.body.contains("hadiah</p>"));
    let stored: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM complaints").fetch_one(&app.state.db).await.unwrap();
    assert_eq!(stored, 0, "nothing refused was kept");

    // A leak may come from anyone, for an office.
    let leak = file(
        &app,
        &[
            ("jenis", "street_leak"),
            ("kantor", &office),
            ("nama", "Warga"),
            ("hp", "0812 3456 7890"),
            ("uraian", "Pipa pecah di pertigaan, air menyembur ke jalan."),
        ],
        None,
    )
    .await;
    let token = token_of(&location(&leak));
    assert_eq!(app.get(&format!("/pengaduan/{token}")).await.status, 200);
    // Five a day from one phone (the leak was the first, written another way); the sixth waits.
    for n in 0..4 {
        let page = file(&app, &with(&[("hp", "081234567890")]), None).await;
        assert!(location(&page).starts_with("/pengaduan/"), "complaint {n}");
    }
    let sixth = location(&file(&app, &with(&[("hp", "081234567890")]), None).await);
    assert!(sixth.contains("galat=terlalu_sering"), "{sixth}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn deadlines_order_the_desk_and_a_resolution_nobody_answers_closes_itself() {
    let app = spawn(Options::default()).await;
    let (number, phone, office) = customer_with_phone(&app).await;
    app.add_staff("admin", "admin", None).await;
    app.add_staff("spv", "supervisor", Some(&office)).await;
    let (admin, spv) = (app.sign_in("admin").await, app.sign_in("spv").await);

    let set = |login: &StaffLogin, category: &'static str, unit: &'static str, amount: &'static str| {
        let login = login.clone();
        let app = &app;
        async move {
            app.post_form(
                "/api/staff/complaints/deadline",
                Some(&login),
                &[("csrf", &login.csrf), ("category", category), ("unit", unit), ("amount", amount)],
            )
            .await
        }
    };
    assert_eq!(set(&spv, "no_water", "hours", "6").await.status, 403, "administrators set deadlines");
    assert_eq!(set(&admin, "no_water", "hours", "0").await.status, 400);
    assert_eq!(set(&admin, "no_water", "hours", "721").await.status, 400);
    assert_eq!(set(&admin, "no_water", "weeks", "2").await.status, 400);
    assert_eq!(set(&admin, "flood", "hours", "2").await.status, 400);
    assert_eq!(set(&admin, "no_water", "hours", "6").await.status, 200);
    let desk = app.get_as("/staf/pengaduan", &admin).await;
    assert!(desk.body.contains("6 jam"), "the new deadline shows");

    let mut ids = Vec::new();
    for (category, text) in
        [("other", "Petugas baca meter tidak pernah datang."), ("no_water", "Air mati sejak subuh.")]
    {
        let page = file(
            &app,
            &[("jenis", category), ("no", &number), ("nama", "Bu Sri"), ("hp", &phone), ("uraian", text)],
            None,
        )
        .await;
        ids.push(complaint_id(&app, &token_of(&location(&page))).await);
    }
    let (due_other, due_water): (String, String) = sqlx::query_as(
        "SELECT (SELECT due_at FROM complaints WHERE id = $1), (SELECT due_at FROM complaints WHERE id = $2)",
    )
    .bind(ids[0])
    .bind(ids[1])
    .fetch_one(&app.state.db)
    .await
    .unwrap();
    assert!(due_water < due_other, "6 hours comes before 10 working days");
    // The first falls overdue: it leads the desk.
    sqlx::query("UPDATE complaints SET due_at = '2020-01-01T00:00:00Z' WHERE id = $1")
        .bind(ids[0])
        .execute(&app.state.db)
        .await
        .unwrap();
    let desk = app.get_as("/staf/pengaduan", &spv).await;
    let first = desk.body.find(&format!("ADU-{:06}", ids[0])).unwrap();
    let second = desk.body.find(&format!("ADU-{:06}", ids[1])).unwrap();
    assert!(first < second, "overdue first");
    assert!(desk.body.contains("data-overdue=\"true\"") && desk.body.contains("lewat"));

    // Resolved, then nobody answers for a week.
    let water = ids[1];
    let spv_id = staff_id(&app, "spv").await.to_string();
    for (step, note, assignee) in
        [("verify", "", ""), ("assign", "", spv_id.as_str()), ("start", "", ""), ("resolve", "Katup dibuka.", "")]
    {
        assert_eq!(act(&app, &spv, water, step, note, assignee).await.status, 200, "{step}");
    }
    let now = chrono::Utc::now();
    assert_eq!(app::ssr::complaints::close_unconfirmed(&app.state, now).await.unwrap(), 0, "not yet");
    let later = now + chrono::Duration::days(7) + chrono::Duration::minutes(1);
    assert_eq!(app::ssr::complaints::close_unconfirmed(&app.state, later).await.unwrap(), 1);
    assert_eq!(stage(&app, water).await, "closed");

    // The month's report: two received, one resolved within its deadline.
    let month = app::ssr::clock::today_wib().format("%Y-%m").to_string();
    let csv = app.get_as(&format!("/staf/pengaduan/laporan.csv?bulan={month}"), &spv).await;
    assert_eq!(csv.status, 200, "{}", csv.body);
    let all = csv.body.lines().find(|l| l.contains(",semua,")).expect("the line for every kind");
    assert!(all.ends_with(",2,1,1,50.0,") || all.contains(",2,1,1,50.0,"), "{all}");
    let page = app.get_as(&format!("/staf/pengaduan/laporan?bulan={month}"), &spv).await;
    assert!(page.body.contains("data-category=\"no_water\""), "by category");
    assert_eq!(app.get("/staf/pengaduan/laporan.csv").await.status, 401);
    let audited: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'complaint_deadline_set'")
        .fetch_one(&app.state.db)
        .await
        .unwrap();
    assert_eq!(audited, 1);
}
