//! Outage notices and announcements: publishing, validation, where they show, their life
//! cycle, the Atom feed, and live delivery with resume.

use crate::common;

use app::domain::notice::{NoticeDraft, NoticeKind, Severity};
use app::ssr::db::notices::NewAnnouncement;
use common::{read_events, spawn, Options, StaffLogin, TestApp};
use std::time::Duration;

async fn app_and_supervisor() -> (TestApp, StaffLogin) {
    let app = spawn(Options::default()).await;
    app.add_staff("spv.dau", "supervisor", Some("02")).await;
    let login = app.sign_in("spv.dau").await;
    (app, login)
}

async fn publish(app: &TestApp, login: &StaffLogin, extra: &[(&str, &str)]) -> common::Page {
    let mut form: Vec<(&str, &str)> = vec![
        ("form[csrf]", &login.csrf),
        ("form[kind]", "supply_disruption"),
        ("form[severity]", "critical"),
        ("form[office]", "02"),
        ("form[body]", "Pipa transmisi 200 mm bocor di Jl. Raya Landungsari. <b>Mohon</b> tampung air."),
        ("form[repair_eta]", "2030-01-01T14:00"),
        ("form[flow_eta]", "2030-01-01T18:00"),
        ("form[mitigation]", "Mobil tangki di Balai Desa Landungsari pukul 10.00 dan 15.00."),
    ];
    for (k, v) in extra {
        form.retain(|(key, _)| key != k);
        form.push((k, v));
    }
    app.post_form("/api/staff/notices/publish", Some(login), &form).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_notice_reaches_its_own_village_and_no_other() {
    let (app, spv) = app_and_supervisor().await;
    let p =
        publish(&app, &spv, &[("form[title]", "Air mati di Landungsari"), ("form[areas][0]", "Dau|Landungsari")]).await;
    assert_eq!(p.status, 200, "{}", p.body);

    let home = app.get("/").await;
    assert!(home.body.contains("Air mati di Landungsari"), "home page");
    let affected = app.get("/tagihan?no=0201000003").await;
    assert!(affected.body.contains("Air mati di Landungsari"), "the bill page of a customer in Landungsari");
    assert!(affected.body.contains("Mobil tangki di Balai Desa"), "with the water tanker schedule");
    let elsewhere = app.get("/tagihan?no=0201000002").await;
    assert_eq!(elsewhere.status, 200);
    assert!(!elsewhere.body.contains("Air mati di Landungsari"), "not on the bill of a customer in Sumbersekar");
    let office = app.get("/kantor/02").await;
    assert!(office.body.contains("Air mati di Landungsari"), "the office page");
    let other_office = app.get("/kantor/03").await;
    assert!(!other_office.body.contains("Air mati di Landungsari"), "not another office's page");
    let list = app.get("/gangguan").await;
    assert!(list.body.contains("Air mati di Landungsari"));
    // Staff text is escaped wherever it is shown.
    assert!(list.body.contains("&lt;b&gt;Mohon&lt;/b&gt;"), "HTML in a body is shown as text");
    assert!(!list.body.contains("<b>Mohon</b>"));
    let feed = app.get("/gangguan.atom").await;
    assert_eq!(feed.status, 200);
    assert!(feed.headers["content-type"].to_str().unwrap().starts_with("application/atom+xml"));
    assert!(feed.body.contains("<title>Air mati di Landungsari</title>"));
    assert!(feed.body.contains("&lt;b&gt;Mohon"), "escaped in the feed too");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_notices_get_a_clear_message_and_change_nothing() {
    let (app, spv) = app_and_supervisor().await;
    let long = "x".repeat(121);
    for (extra, expect) in [
        (vec![("form[title]", long.as_str())], "TooLong"),
        (vec![("form[title]", "<script>alert(1)</script>")], "Markup"),
        (vec![("form[title]", "   ")], "Required"),
        (
            vec![
                ("form[title]", "Jadwal"),
                ("form[kind]", "planned_maintenance"),
                ("form[starts_at]", "2030-01-02T09:00"),
                ("form[ends_at]", "2030-01-02T08:00"),
            ],
            "EndBeforeStart",
        ),
        (vec![("form[title]", "Desa asing"), ("form[areas][0]", "Dau|Atlantis")], "UnknownArea"),
        (vec![("form[title]", "Desa kantor lain"), ("form[areas][0]", "Singosari|Pagentan")], "UnknownArea"),
        (vec![("form[title]", "Air dulu"), ("form[flow_eta]", "2030-01-01T12:00")], "FlowBeforeRepair"),
        (vec![("form[title]", "Jenis aneh"), ("form[kind]", "meteor")], "UnknownChoice"),
        (vec![("form[title]", "Waktu aneh"), ("form[starts_at]", "besok pagi")], "BadTime"),
    ] {
        let p = publish(&app, &spv, &extra).await;
        assert_eq!(p.status, 400, "{extra:?}: {}", p.body);
        assert!(p.body.contains(expect), "{extra:?}: {}", p.body);
    }
    let list = app.get("/gangguan").await;
    assert!(list.body.contains("Tidak ada gangguan"), "nothing was published");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn status_moves_forward_and_a_resolved_notice_leaves_the_home_page() {
    let (app, spv) = app_and_supervisor().await;
    let p = publish(&app, &spv, &[("form[title]", "Tekanan rendah di Dau")]).await;
    let id: i64 = serde_json::from_str(&p.body).unwrap();
    let update = |status: &'static str, message: &'static str| {
        let id = id.to_string();
        let spv = spv.clone();
        let app = &app;
        async move {
            app.post_form(
                "/api/staff/notices/update",
                Some(&spv),
                &[("csrf", &spv.csrf), ("id", &id), ("status", status), ("message", message)],
            )
            .await
        }
    };
    assert_eq!(update("repairing", "Tim sedang mengganti pipa.").await.status, 200);
    let back = update("identified", "").await;
    assert_eq!(back.status, 400, "status never moves back: {}", back.body);
    assert_eq!(update("scheduled", "").await.status, 400, "an unplanned notice is not scheduled");
    assert!(app.get("/").await.body.contains("Sedang diperbaiki"));
    assert_eq!(update("resolved", "Aliran normal kembali.").await.status, 200);
    assert!(!app.get("/").await.body.contains("Tekanan rendah di Dau"), "gone from the home page");
    let history = app.get("/gangguan").await;
    assert!(history.body.contains("Tekanan rendah di Dau"), "kept in the history");
    assert!(
        history.body.contains("Tim sedang mengganti pipa.") && history.body.contains("Aliran normal kembali."),
        "with its updates"
    );
    assert_eq!(update("restoring", "").await.status, 400, "a resolved notice is closed");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn announcements_have_a_window() {
    let (app, spv) = app_and_supervisor().await;
    let announce = |starts: &'static str, ends: &'static str| {
        let spv = spv.clone();
        let app = &app;
        async move {
            app.post_form(
                "/api/staff/announcements/publish",
                Some(&spv),
                &[
                    ("csrf", &spv.csrf),
                    ("office", "02"),
                    ("title", "Loket buka Sabtu"),
                    ("body", "Loket Unit Dau buka Sabtu 08.00-12.00."),
                    ("starts_at", starts),
                    ("ends_at", ends),
                    ("pinned", "1"),
                ],
            )
            .await
        }
    };
    let bad = announce("2030-01-02T09:00", "2030-01-01T09:00").await;
    assert_eq!(bad.status, 400);
    assert!(bad.body.contains("EndBeforeStart"));
    assert_eq!(announce("", "2099-12-31T23:00").await.status, 200);
    assert!(app.get("/kantor/02").await.body.contains("Loket buka Sabtu"));
    assert!(!app.get("/kantor/03").await.body.contains("Loket buka Sabtu"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn open_pages_hear_of_notices_live_and_resume_after_a_drop() {
    let (app, spv) = app_and_supervisor().await;
    let stream = app.client.get(format!("{}/api/v1/live", app.base)).send().await.unwrap();
    assert_eq!(stream.status(), 200);
    assert!(stream.headers()["content-type"].to_str().unwrap().starts_with("text/event-stream"));
    assert_eq!(publish(&app, &spv, &[("form[title]", "Satu")]).await.status, 200);
    let first = read_events(stream, 1, Duration::from_secs(10)).await;
    assert_eq!(first.len(), 1, "the open stream heard of the notice");
    assert_eq!(first[0].1, "notice");

    // The page's connection drops; two notices are published meanwhile; it comes back.
    assert_eq!(publish(&app, &spv, &[("form[title]", "Dua")]).await.status, 200);
    assert_eq!(publish(&app, &spv, &[("form[title]", "Tiga")]).await.status, 200);
    let resumed = app
        .client
        .get(format!("{}/api/v1/live", app.base))
        .header("last-event-id", first[0].0.to_string())
        .send()
        .await
        .unwrap();
    let missed = read_events(resumed, 2, Duration::from_secs(10)).await;
    assert_eq!(missed.len(), 2, "both missed events are replayed");
    assert!(missed[0].0 > first[0].0 && missed[1].0 > missed[0].0, "in order: {missed:?}");

    // Office streams carry their office's events and those for everyone, not other offices'.
    let singosari =
        app.client.get(format!("{}/api/v1/live?since={}&office=03", app.base, first[0].0)).send().await.unwrap();
    assert!(
        read_events(singosari, 1, Duration::from_millis(1500)).await.is_empty(),
        "Dau's notices are not Singosari's"
    );
    let dau = app.client.get(format!("{}/api/v1/live?since={}&office=02", app.base, first[0].0)).send().await.unwrap();
    assert_eq!(read_events(dau, 2, Duration::from_secs(10)).await.len(), 2);
    assert_eq!(app.get("/api/v1/live?office=99").await.status, 404);
}

fn outage(title: &str) -> NoticeDraft {
    NoticeDraft {
        kind: NoticeKind::SupplyDisruption,
        severity: Severity::Critical,
        title: title.into(),
        body: "Aliran berhenti sementara.".into(),
        starts_at: app::ssr::clock::now_wib().naive_local(),
        ends_at: None,
        repair_eta: None,
        flow_eta: None,
        mitigation: String::new(),
        areas: Vec::new(),
    }
}

/// The board is read once and kept; a write of this process, or a page that heard of a newer
/// event (from another replica: here a notice written straight into the database, so this
/// process is not told), has it read again; any page shows a write from elsewhere once the
/// copy is refreshed, by the pump or by age.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_board_kept_in_memory_follows_writes_from_elsewhere() {
    let app = spawn(Options { live_poll_ms: 3_600_000, ..Options::default() }).await;
    let (state, board) = (&app.state, &app.state.board);
    let kept = board.get(state, 0).await.unwrap();
    assert!(std::sync::Arc::ptr_eq(&kept, &board.get(state, 0).await.unwrap()), "read once, then kept");
    state.live.board_changed();
    let reread = board.get(state, 0).await.unwrap();
    assert!(!std::sync::Arc::ptr_eq(&kept, &reread), "read again after this process wrote");

    let dau = app::ssr::db::offices::office_id(&state.db, "02").await.unwrap();
    app::ssr::db::notices::insert(
        &mut state.db.acquire().await.unwrap(),
        None,
        dau,
        &outage("Pipa bocor di Dau"),
        None,
    )
    .await
    .unwrap();
    let event = app::ssr::live::head(&state.db).await.unwrap();
    let fresh =
        app.post_form("/api/notices/board", None, &[("scope[office]", "02"), ("at_least", &event.to_string())]).await;
    assert_eq!(fresh.status, 200, "{}", fresh.body);
    assert!(fresh.body.contains("Pipa bocor di Dau"), "a page that saw the event gets the notice: {}", fresh.body);
    assert!(fresh.body.contains(&format!("\"head\":{event}")), "and resumes its stream after it");
    let garbled = app.post_form("/api/notices/board", None, &[("scope[office]", "02"), ("at_least", "kemarin")]).await;
    assert_eq!(garbled.status, 400, "an event id that is not a number: {}", garbled.body);
    let beyond = app
        .post_form("/api/notices/board", None, &[("scope[office]", "02"), ("at_least", &i64::MAX.to_string())])
        .await;
    assert_eq!(beyond.status, 200, "an event id from the future is read afresh, not refused");

    app::ssr::db::notices::insert(
        &mut state.db.acquire().await.unwrap(),
        None,
        dau,
        &outage("Tekanan turun di Dau"),
        None,
    )
    .await
    .unwrap();
    let deadline = std::time::Instant::now() + app::ssr::board::MAX_AGE + Duration::from_secs(3);
    while !app.get("/kantor/02").await.body.contains("Tekanan turun di Dau") {
        assert!(std::time::Instant::now() < deadline, "pages show the notice once the board is read again");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

/// The board kept in memory does not stop the clock: an announcement leaves pages when its
/// window ends, with no event to say so.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_announcement_leaves_when_its_window_ends() {
    let (app, _spv) = app_and_supervisor().await;
    let staff: i64 =
        sqlx::query_scalar("SELECT id FROM staff WHERE username = 'spv.dau'").fetch_one(&app.state.db).await.unwrap();
    let dau = app::ssr::db::offices::office_id(&app.state.db, "02").await.unwrap();
    let now = app::ssr::clock::now_wib().naive_local();
    let ends = now + chrono::Duration::seconds(3);
    let announcement = NewAnnouncement {
        office_id: dau,
        title: "Loket tutup sebentar".into(),
        body: "Loket tutup untuk pergantian petugas.".into(),
        starts_at: now - chrono::Duration::minutes(1),
        ends_at: ends,
        pinned: false,
    };
    app::ssr::db::notices::insert_announcement(&mut app.state.db.acquire().await.unwrap(), staff, &announcement)
        .await
        .unwrap();
    app.state.live.board_changed();
    let first = std::time::Instant::now();
    let shown = app.get("/kantor/02").await.body.contains("Loket tutup sebentar");
    if first.elapsed() < Duration::from_secs(2) {
        assert!(shown, "shown inside its window");
    }
    tokio::time::sleep_until((first + Duration::from_millis(3500)).into()).await;
    assert!(!app.get("/kantor/02").await.body.contains("Loket tutup sebentar"), "gone once its window ended");
}

/// The bill page needs only the board's channel states: when the board cannot be read again,
/// the last copy serves on rather than failing the page (and the bank API behind it).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unreadable_board_keeps_the_last_copy() {
    let app = spawn(Options::default()).await;
    assert_eq!(app.get("/tagihan?no=0201000003").await.status, 200);
    sqlx::query("ALTER TABLE announcements RENAME TO announcements_away").execute(&app.state.db).await.unwrap();
    app.state.live.board_changed();
    let page = app.get("/tagihan?no=0201000003").await;
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(page.body.contains("Rincian tagihan") || page.body.contains("Lunas"), "the bill is shown");
    sqlx::query("ALTER TABLE announcements_away RENAME TO announcements").execute(&app.state.db).await.unwrap();
}
