//! Unit-office queues in the database: atomic numbering under concurrency, the state machine
//! with its events, call order, estimates, transfers and the end-of-day reset.

use crate::common;

use app::domain::queue::{TicketAction, TicketState, WaitEstimate};
use app::ssr::db::queue::{self, NewTicket, QueueError};
use common::{office, service, spawn, Options, TestApp};

fn walk_in(office_id: i64, service_id: i64, priority: bool) -> NewTicket {
    NewTicket {
        office_id,
        service_id,
        priority,
        source: "kiosk",
        phone: None,
        device: None,
        client_net: None,
        limits: None,
    }
}

async fn staff_id(app: &TestApp) -> i64 {
    app.add_staff("teller.dau", "teller", Some("02")).await;
    sqlx::query_scalar("SELECT id FROM staff WHERE username = 'teller.dau'").fetch_one(&app.state.db).await.unwrap()
}

async fn state_of(app: &TestApp, id: i64) -> String {
    sqlx::query_scalar("SELECT state FROM queue_tickets WHERE id = $1").bind(id).fetch_one(&app.state.db).await.unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_hundred_at_once_get_unique_consecutive_numbers() {
    let app = spawn(Options { customers: 10, ..Options::default() }).await;
    let dau = office(&app, "02").await;
    let payments = service(&app, dau, "A").await;
    let mut tasks = Vec::new();
    for _ in 0..200 {
        let db = app.state.db.clone();
        tasks.push(tokio::spawn(
            async move { queue::issue(&db, &walk_in(dau, payments, false)).await.map(|t| t.number) },
        ));
    }
    let mut seqs = Vec::new();
    for t in tasks {
        let number = t.await.unwrap().expect("every request gets a ticket");
        assert_eq!(number.prefix, "A");
        seqs.push(number.seq);
    }
    seqs.sort_unstable();
    assert_eq!(seqs, (1..=200).collect::<Vec<u32>>());
    // Another service of the same office, and the same service elsewhere, count on their own.
    let complaints = service(&app, dau, "B").await;
    assert_eq!(queue::issue(&app.state.db, &walk_in(dau, complaints, false)).await.unwrap().number.to_string(), "B001");
    let singosari = office(&app, "03").await;
    let a_singosari = service(&app, singosari, "A").await;
    assert_eq!(
        queue::issue(&app.state.db, &walk_in(singosari, a_singosari, false)).await.unwrap().number.to_string(),
        "A001"
    );
    let events: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM queue_events WHERE action = 'issue'")
        .fetch_one(&app.state.db)
        .await
        .unwrap();
    assert_eq!(events, 202, "every ticket is in the event log");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_counter_calls_priority_first_and_moves_tickets_through_their_states() {
    let app = spawn(Options { customers: 10, ..Options::default() }).await;
    let teller = staff_id(&app).await;
    let dau = office(&app, "02").await;
    let a = service(&app, dau, "A").await;
    let b = service(&app, dau, "B").await;
    let first = queue::issue(&app.state.db, &walk_in(dau, a, false)).await.unwrap();
    let second = queue::issue(&app.state.db, &walk_in(dau, a, false)).await.unwrap();
    let elderly = queue::issue(&app.state.db, &walk_in(dau, a, true)).await.unwrap();

    let view = queue::office_queue(&app.state.db, dau).await.unwrap();
    let payments = view.services.iter().find(|s| s.prefix == "A").unwrap();
    assert_eq!((payments.waiting, payments.counters_open, payments.estimate), (3, 0, WaitEstimate::NoCounter));

    let (counter, open) = queue::counter(&app.state.db, dau, 1).await.unwrap().unwrap();
    assert!(!open);
    assert!(matches!(queue::call(&app.state.db, dau, counter, None, teller).await, Err(QueueError::CounterClosed)));
    queue::set_counter_open(&app.state.db, dau, counter, true, teller, None).await.unwrap();
    let ticket = queue::ticket(&app.state.db, &second.token).await.unwrap().unwrap();
    assert_eq!(ticket.ahead, Some(2), "the priority ticket and the first are ahead");
    assert_eq!(ticket.estimate, Some(WaitEstimate::AtLeast { minutes: 4 }), "too few service times for a range");

    let called = queue::call(&app.state.db, dau, counter, None, teller).await.unwrap();
    assert_eq!(called, elderly.number, "priority first");
    assert!(
        matches!(queue::call(&app.state.db, dau, counter, None, teller).await, Err(QueueError::CounterBusy(t)) if t == elderly.number.to_string())
    );
    assert!(
        matches!(
            queue::act(&app.state.db, dau, counter, TicketAction::Finish, None, teller).await,
            Err(QueueError::Refused(_))
        ),
        "not served yet"
    );
    queue::act(&app.state.db, dau, counter, TicketAction::Recall, None, teller).await.unwrap();
    let calls: i64 = sqlx::query_scalar("SELECT call_count FROM queue_tickets WHERE id = $1")
        .bind(elderly.id)
        .fetch_one(&app.state.db)
        .await
        .unwrap();
    assert_eq!(calls, 2);
    queue::act(&app.state.db, dau, counter, TicketAction::Start, None, teller).await.unwrap();
    let view = queue::office_queue(&app.state.db, dau).await.unwrap();
    let now = view.counters.iter().find(|c| c.number == 1).unwrap().current.clone().unwrap();
    assert_eq!((now.ticket.to_string(), now.state), (elderly.number.to_string(), TicketState::Serving));
    queue::act(&app.state.db, dau, counter, TicketAction::Finish, None, teller).await.unwrap();
    assert_eq!(state_of(&app, elderly.id).await, "done");
    let samples: i64 = sqlx::query_scalar("SELECT samples FROM queue_services WHERE id = $1")
        .bind(a)
        .fetch_one(&app.state.db)
        .await
        .unwrap();
    assert_eq!(samples, 1, "the service time feeds the running mean");

    // Out of order: the second ticket before the first.
    let called = queue::call(&app.state.db, dau, counter, Some(second.id), teller).await.unwrap();
    assert_eq!(called, second.number);
    queue::act(&app.state.db, dau, counter, TicketAction::NoShow, None, teller).await.unwrap();
    assert_eq!(state_of(&app, second.id).await, "no_show");

    // The first is sent on to complaints: same number, same page, waiting in the other line.
    queue::call(&app.state.db, dau, counter, None, teller).await.unwrap();
    queue::act(&app.state.db, dau, counter, TicketAction::Start, None, teller).await.unwrap();
    queue::act(&app.state.db, dau, counter, TicketAction::Transfer, Some(b), teller).await.unwrap();
    let moved = queue::ticket(&app.state.db, &first.token).await.unwrap().unwrap();
    assert_eq!(
        (moved.number.to_string(), moved.state, moved.service_id_name.as_str()),
        (first.number.to_string(), TicketState::Waiting, "Pengaduan")
    );
    assert_eq!(moved.ahead, Some(0));
    assert!(
        matches!(
            queue::act(&app.state.db, dau, counter, TicketAction::Finish, None, teller).await,
            Err(QueueError::UnknownTicket)
        ),
        "the counter is free again"
    );
    assert!(
        matches!(queue::call(&app.state.db, dau, counter, Some(elderly.id), teller).await, Err(QueueError::Refused(_))),
        "a finished ticket cannot be called"
    );

    // The customer cancels; nobody is left.
    queue::cancel(&app.state.db, &first.token).await.unwrap();
    assert!(matches!(queue::cancel(&app.state.db, &first.token).await, Err(QueueError::Refused(_))));
    assert!(matches!(queue::call(&app.state.db, dau, counter, None, teller).await, Err(QueueError::NobodyWaiting)));
    let view = queue::office_queue(&app.state.db, dau).await.unwrap();
    assert!(view.services.iter().all(|s| s.waiting == 0));
    assert_eq!(
        view.recent_calls.first().map(|c| c.ticket.to_string()),
        Some(first.number.to_string()),
        "newest call first"
    );
    let moves: Vec<String> = sqlx::query_scalar("SELECT action FROM queue_events WHERE office_id = $1 ORDER BY id")
        .bind(dau)
        .fetch_all(&app.state.db)
        .await
        .unwrap();
    assert_eq!(
        moves,
        [
            "issue",
            "issue",
            "issue",
            "counter_open",
            "call",
            "recall",
            "start",
            "finish",
            "call",
            "no_show",
            "call",
            "start",
            "transfer",
            "cancel"
        ],
        "every move is in the event log"
    );
    let live: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM live_events WHERE topic = 'queue' AND office_id = $1")
        .bind(dau)
        .fetch_one(&app.state.db)
        .await
        .unwrap();
    assert_eq!(live, moves.len() as i64, "and reaches the live stream");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_day_end_closes_what_is_left() {
    let app = spawn(Options { customers: 10, ..Options::default() }).await;
    let dau = office(&app, "02").await;
    let a = service(&app, dau, "A").await;
    let old = queue::issue(&app.state.db, &walk_in(dau, a, false)).await.unwrap();
    let today = queue::issue(&app.state.db, &walk_in(dau, a, false)).await.unwrap();
    sqlx::query("UPDATE queue_tickets SET day = '2020-01-01' WHERE id = $1")
        .bind(old.id)
        .execute(&app.state.db)
        .await
        .unwrap();
    assert_eq!(queue::close_past_days(&app.state.db).await.unwrap(), 1);
    assert_eq!(state_of(&app, old.id).await, "cancelled");
    assert_eq!(state_of(&app, today.id).await, "waiting");
    assert_eq!(queue::close_past_days(&app.state.db).await.unwrap(), 0);
}

/// Posts the online ticket form for Unit Dau with these request headers (a plain form sends
/// `accept: text/html`; a script does not).
async fn post_take(app: &TestApp, service_id: i64, phone: &str, headers: &[(&str, String)]) -> reqwest::Response {
    let mut request = app.client.post(format!("{}/api/queue/take", app.base));
    for (name, value) in headers {
        request = request.header(*name, value);
    }
    request.form(&[("office", "02"), ("service", &service_id.to_string()), ("phone", phone)]).send().await.unwrap()
}

async fn take(app: &TestApp, service_id: i64, phone: &str, cookie: Option<&str>) -> reqwest::Response {
    let mut headers = vec![("accept", "text/html".to_string())];
    headers.extend(cookie.map(|c| ("cookie", c.to_string())));
    post_take(app, service_id, phone, &headers).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_bad_phone_number_is_named_in_words_and_shown_without_javascript() {
    let app = spawn(Options { customers: 10, ..Options::default() }).await;
    let dau = office(&app, "02").await;
    let a = service(&app, dau, "A").await;
    let bad = post_take(&app, a, "12345", &[]).await;
    assert_eq!(bad.status(), 400);
    let body = bad.text().await.unwrap();
    assert!(body.contains("BadPhone") && body.contains("phone"), "{body}");

    // A plain form goes back to the office page with the error, which the page shows, the form unfolded.
    let plain =
        post_take(&app, a, "12345", &[("accept", "text/html".into()), ("referer", format!("{}/kantor/02", app.base))])
            .await;
    assert_eq!(plain.status(), 302);
    let back = plain.headers()["location"].to_str().unwrap().trim_start_matches(&app.base).to_string();
    assert!(back.starts_with("/kantor/02"), "{back}");
    let page = app.get(&back).await;
    assert!(page.body.contains("Nomor HP belum benar: tulis nomor ponsel Indonesia"), "{back}: {}", page.body);
    let form_open = page
        .body
        .split("<details")
        .any(|tag| tag.split('>').next().is_some_and(|t| t.contains("take-ticket") && t.contains(" open")));
    assert!(form_open, "the form stays open");
    let english = app.get_with(&back, &[("cookie", "tirta_lang=en")]).await;
    assert!(english.body.contains("The mobile number is not right: write an Indonesian mobile number"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_closed_office_takes_no_online_ticket_and_says_when_it_opens() {
    // Saturday 5 December 2026, 13.00 WIB: Unit Dau opens again on Monday at 07.30.
    let app = spawn(Options {
        customers: 10,
        env: vec![("TIRTA_QUEUE_CLOCK", "2026-12-05T13:00".into())],
        ..Options::default()
    })
    .await;
    let dau = office(&app, "02").await;
    let a = service(&app, dau, "A").await;
    let closed = post_take(&app, a, "081234567890", &[]).await;
    assert_eq!(closed.status(), 409);
    assert!(closed.text().await.unwrap().contains("2026-12-07T07:30"), "the next opening travels with the refusal");
    let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM queue_tickets").fetch_one(&app.state.db).await.unwrap();
    assert_eq!(count, 0);

    let page = app.get("/kantor/02").await;
    assert!(page.body.contains("Hari ini tutup · buka lagi Senin 7 Des 07.30 WIB"), "{}", page.body);
    assert!(page.body.contains("Nomor antrean online dapat diambil lagi mulai Senin 7 Des 07.30 WIB"));
    assert!(!page.body.contains(r#"name="phone""#), "no form while closed");
    // The head office opens on Saturday mornings, and is closed by 13.00 too.
    let head = app.get("/kantor/01").await;
    assert!(
        head.body.contains("Hari ini 08.00–12.00 WIB · sedang tutup, buka lagi Senin 7 Des 07.30 WIB"),
        "{}",
        head.body
    );
    assert!(
        head.body.contains("Senin–Kamis 07.30–15.30")
            && head.body.contains("Jumat 07.30–11.00")
            && head.body.contains("Sabtu 08.00–12.00")
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_customer_takes_a_ticket_online_and_a_teller_calls_it() {
    let app = spawn(Options { customers: 10, ..Options::default() }).await;
    let dau = office(&app, "02").await;
    let a = service(&app, dau, "A").await;

    let office_page = app.get("/kantor/02").await;
    assert!(
        office_page.body.contains("Antrean hari ini") && office_page.body.contains(r#"data-service="A""#),
        "the office page shows its queue"
    );

    assert_eq!(take(&app, a, "12345", None).await.status(), 302, "a plain form goes back with the error");
    let bad = post_take(&app, a, "12345", &[]).await;
    assert_eq!(bad.status(), 400, "a number that is not a mobile number");
    let taken = take(&app, a, "0812-3456-7890", None).await;
    assert_eq!(taken.status(), 302);
    let location = taken.headers()["location"].to_str().unwrap().to_string();
    assert!(location.starts_with("/antrean/"), "{location}");
    let device = taken.headers()["set-cookie"].to_str().unwrap().split(';').next().unwrap().to_string();
    assert!(device.starts_with("tirta_perangkat="), "{device}");
    let again = post_take(&app, a, "+62 812 3456 7890", &[]).await;
    assert_eq!(again.status(), 429, "one open ticket per phone number");
    let no_cookie = post_take(&app, a, "0812 3456 7890", &[]).await;
    assert_eq!(no_cookie.status(), 429, "a missing device cookie is no fresh allowance");

    let page = app.get(&location).await;
    assert_eq!(page.status, 200);
    assert!(
        page.body.contains("A001") && page.body.contains("Anda berikutnya."),
        "the ticket page shows the number and the position"
    );
    assert!(page.body.contains("Menunggu loket dibuka"), "no counter is open yet");
    assert_eq!(app.get("/antrean/00000000000000000000000000000000").await.status, 404);
    assert_eq!(app.get("/antrean/bukan-token").await.status, 404);

    // The teller of counter 1 opens it and calls; the ticket page says where to go.
    app.add_staff("teller.dau", "teller", Some("02")).await;
    app.add_staff("teller.singosari", "teller", Some("03")).await;
    let teller = app.sign_in("teller.dau").await;
    let counter = |login: &common::StaffLogin, n: &str, action: &str| {
        let form = vec![
            ("csrf".to_string(), login.csrf.clone()),
            ("counter".to_string(), n.to_string()),
            ("action".to_string(), action.to_string()),
        ];
        let cookie = login.cookie.clone();
        let url = format!("{}/api/queue/counter", app.base);
        let client = app.client.clone();
        async move { client.post(url).header("cookie", cookie).form(&form).send().await.unwrap().status().as_u16() }
    };
    assert_eq!(counter(&teller, "2", "open").await, 403, "not their counter");
    let other = app.sign_in("teller.singosari").await;
    assert_eq!(counter(&other, "1", "open").await, 200, "their own office's counter 1");
    assert_eq!(
        queue::counter(&app.state.db, dau, 1).await.unwrap().map(|c| c.1),
        Some(false),
        "a teller reaches no other office's counters"
    );
    let anonymous = app
        .client
        .post(format!("{}/api/queue/counter", app.base))
        .form(&[("csrf", "x"), ("counter", "1"), ("action", "open")])
        .send()
        .await
        .unwrap();
    assert_eq!(anonymous.status().as_u16(), 401);
    assert_eq!(counter(&teller, "1", "call").await, 409, "a closed counter calls nobody");
    assert_eq!(counter(&teller, "1", "open").await, 200);
    let audited: Vec<(String, String)> =
        sqlx::query_as("SELECT username, subject FROM audit_log WHERE action = 'counter_open' ORDER BY id")
            .fetch_all(&app.state.db)
            .await
            .unwrap();
    assert_eq!(
        audited,
        [("teller.singosari".to_string(), "loket 1".to_string()), ("teller.dau".to_string(), "loket 1".to_string())],
        "opening a counter is audited"
    );
    assert_eq!(counter(&teller, "1", "fly").await, 400, "unknown action");
    assert_eq!(counter(&teller, "1", "call").await, 200);
    let page = app.get(&location).await;
    assert!(page.body.contains("silakan ke loket 1"), "the ticket page says which counter");
    let console = app.get_as("/staf/antrean", &teller).await;
    assert!(console.body.contains(r#"data-current="A001""#), "the console shows the ticket");
    assert_eq!(counter(&teller, "1", "no_show").await, 200);
    assert!(app.get(&location).await.body.contains("tidak hadir"));

    // A walk-in priority ticket from the kiosk, printable.
    let walk_in = app
        .client
        .post(format!("{}/api/queue/walk-in", app.base))
        .header("cookie", &teller.cookie)
        .header("accept", "text/html")
        .form(&[("csrf", teller.csrf.as_str()), ("counter", "1"), ("service", &a.to_string()), ("priority", "1")])
        .send()
        .await
        .unwrap();
    assert_eq!(walk_in.status(), 302);
    let printed = walk_in.headers()["location"].to_str().unwrap().to_string();
    let console = app.get_as(&printed, &teller).await;
    assert!(console.body.contains(r#"data-printed="A002""#), "{printed}");
    // It prints a QR to the ticket's full address, and a short code that leads there too.
    let token = printed.split("cetak=").nth(1).unwrap().to_string();
    assert!(console.body.contains("<svg"), "the QR");
    let code = app::domain::queue::short_code(&token);
    let short_url = format!("{}/t/{}", common::PUBLIC_URL, code.replace('-', ""));
    assert!(console.body.contains(&short_url) && console.body.contains(&code), "{short_url}");
    let short = app.client.get(format!("{}/t/{}", app.base, code.to_lowercase())).send().await.unwrap();
    assert_eq!(short.status(), 303);
    assert_eq!(short.headers()["location"].to_str().unwrap(), format!("/antrean/{token}"));
    assert_eq!(app.client.get(format!("{}/t/00000000", app.base)).send().await.unwrap().status(), 404);
    assert_eq!(app.client.get(format!("{}/t/bukan-kode", app.base)).send().await.unwrap().status(), 404);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_queue_screen_gets_every_call_after_the_one_it_announced() {
    let app = spawn(Options { customers: 10, ..Options::default() }).await;
    let teller = staff_id(&app).await;
    let dau = office(&app, "02").await;
    let a = service(&app, dau, "A").await;
    let (counter, _) = queue::counter(&app.state.db, dau, 1).await.unwrap().unwrap();
    queue::set_counter_open(&app.state.db, dau, counter, true, teller, None).await.unwrap();
    assert_eq!(queue::calls_after(&app.state.db, dau, 0).await.unwrap(), (vec![], 0), "no call yet today");
    for _ in 0..3 {
        queue::issue(&app.state.db, &walk_in(dau, a, false)).await.unwrap();
    }
    queue::call(&app.state.db, dau, counter, None, teller).await.unwrap();
    let (first, seen) = queue::calls_after(&app.state.db, dau, 0).await.unwrap();
    assert_eq!(first.iter().map(|c| c.ticket.to_string()).collect::<Vec<_>>(), ["A001"]);
    // While the screen was disconnected: a recall, a no-show, the next call.
    queue::act(&app.state.db, dau, counter, TicketAction::Recall, None, teller).await.unwrap();
    queue::act(&app.state.db, dau, counter, TicketAction::NoShow, None, teller).await.unwrap();
    queue::call(&app.state.db, dau, counter, None, teller).await.unwrap();
    let (missed, last) = queue::calls_after(&app.state.db, dau, seen).await.unwrap();
    assert_eq!(
        missed.iter().map(|c| (c.ticket.to_string(), c.counter_no)).collect::<Vec<_>>(),
        [("A001".to_string(), 1), ("A002".to_string(), 1)],
        "oldest first, the recall included"
    );
    assert_eq!(last, missed.last().unwrap().id);

    let screen = app.get("/kantor/02/layar").await;
    assert_eq!(screen.status, 200);
    assert!(
        screen.body.contains("queue-screen")
            && screen.body.contains(r#"<section data-call="A002" aria-live="assertive" class="screen-now">"#),
        "the newest call, large"
    );
    assert!(
        screen.body.contains(r#"<li data-counter="1" data-state="serving" class="screen-counter newest">"#),
        "and highlighted at its counter"
    );
    assert!(
        screen.body.contains(r#"<li data-counter="2" data-state="closed" class="screen-counter">"#),
        "closed counters are shown too"
    );
    assert!(screen.body.contains(r#"<li data-call="A001""#), "the calls before it");
    assert!(screen.body.contains("Aktifkan suara"), "one tap to enable sound");
    assert_eq!(app.get("/kantor/99/layar").await.status, 404);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn statistics_count_waits_service_and_estimates_for_supervisors_only() {
    let app = spawn(Options { customers: 10, ..Options::default() }).await;
    let teller = staff_id(&app).await;
    let dau = office(&app, "02").await;
    let a = service(&app, dau, "A").await;
    let (counter, _) = queue::counter(&app.state.db, dau, 1).await.unwrap().unwrap();
    queue::set_counter_open(&app.state.db, dau, counter, true, teller, None).await.unwrap();
    for _ in 0..3 {
        queue::issue(&app.state.db, &walk_in(dau, a, false)).await.unwrap();
    }
    for action in [TicketAction::Start, TicketAction::Finish] {
        if action == TicketAction::Start {
            queue::call(&app.state.db, dau, counter, None, teller).await.unwrap();
        }
        queue::act(&app.state.db, dau, counter, action, None, teller).await.unwrap();
    }
    queue::call(&app.state.db, dau, counter, None, teller).await.unwrap();
    queue::act(&app.state.db, dau, counter, TicketAction::NoShow, None, teller).await.unwrap();

    let stats = queue::statistics(&app.state.db, dau, app::ssr::clock::today_wib()).await.unwrap();
    assert_eq!((stats.overall.tickets, stats.overall.served, stats.overall.no_shows), (3, 1, 1));
    assert_eq!(stats.overall.wait.map(|w| w.count), Some(2), "two were called");
    assert_eq!(stats.overall.service.map(|s| s.count), Some(1), "one was served");
    let payments = stats.by_service.iter().find(|l| l.key == "A").unwrap();
    assert_eq!(payments.tickets, 3);
    assert_eq!(stats.by_counter.iter().map(|l| (l.key.as_str(), l.tickets)).collect::<Vec<_>>(), [("Loket 1", 2)]);
    assert_eq!(stats.accuracy.map(|a| a.count), Some(2), "each call is measured against the estimate given");

    app.add_staff("spv.dau", "supervisor", Some("02")).await;
    app.add_staff("spv.singosari", "supervisor", Some("03")).await;
    let spv = app.sign_in("spv.dau").await;
    let page = app.get_as("/staf/antrean/statistik", &spv).await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains(r#"data-line="A""#) && page.body.contains("data-accuracy"), "the statistics page");
    let csv = app.get_as("/staf/laporan/antrean.csv", &spv).await;
    assert_eq!(csv.status, 200);
    assert!(csv.headers["content-type"].to_str().unwrap().starts_with("text/csv"));
    let mut lines = csv.body.lines();
    assert!(lines.next().unwrap().starts_with("tanggal,kantor,baris,nama,tiket,dilayani,tidak_hadir"));
    let overall = lines.next().unwrap();
    assert!(overall.contains(",02,kantor,Semua layanan,3,1,1,0,"), "{overall}");
    assert!(csv.body.contains(",Loket 1,Loket 1,2,"), "{}", csv.body);

    let other = app.sign_in("spv.singosari").await;
    assert_eq!(
        app.get_as("/staf/laporan/antrean.csv?kantor=02", &other).await.status,
        403,
        "another office's supervisor"
    );
    let teller_login = app.sign_in("teller.dau").await;
    assert_eq!(app.get_as("/staf/laporan/antrean.csv", &teller_login).await.status, 403, "tellers read no statistics");
    assert_eq!(app.post_form("/api/queue/statistics", Some(&teller_login), &[]).await.status, 403);
    assert_eq!(app.get("/staf/laporan/antrean.csv").await.status, 401);
    assert_eq!(app.get_as("/staf/laporan/antrean.csv?tanggal=kemarin", &spv).await.status, 400);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_screen_that_lost_its_stream_gets_every_call_it_missed() {
    let app = spawn(Options { customers: 10, ..Options::default() }).await;
    let teller = staff_id(&app).await;
    let dau = office(&app, "02").await;
    let a = service(&app, dau, "A").await;
    let (counter, _) = queue::counter(&app.state.db, dau, 1).await.unwrap().unwrap();
    let stream = app.client.get(format!("{}/api/v1/live?office=02", app.base)).send().await.unwrap();
    queue::set_counter_open(&app.state.db, dau, counter, true, teller, None).await.unwrap();
    app.state.live.wake();
    let first = common::read_events(stream, 1, std::time::Duration::from_secs(10)).await;
    assert_eq!(
        first.iter().map(|e| (e.1.as_str(), e.2.as_str())).collect::<Vec<_>>(),
        [("queue", r#"{"action":"counter_open"}"#)]
    );

    // Dropped; meanwhile a ticket is issued and called, then called again.
    queue::issue(&app.state.db, &walk_in(dau, a, false)).await.unwrap();
    queue::call(&app.state.db, dau, counter, None, teller).await.unwrap();
    queue::act(&app.state.db, dau, counter, TicketAction::Recall, None, teller).await.unwrap();
    let resumed = app
        .client
        .get(format!("{}/api/v1/live?office=02", app.base))
        .header("last-event-id", first[0].0.to_string())
        .send()
        .await
        .unwrap();
    let missed = common::read_events(resumed, 3, std::time::Duration::from_secs(10)).await;
    assert_eq!(
        missed.iter().map(|e| e.2.as_str()).collect::<Vec<_>>(),
        [r#"{"action":"issue"}"#, r#"{"action":"call"}"#, r#"{"action":"recall"}"#],
        "every move, in order"
    );
}

/// The first ticket of a day with no counter open has no estimate; the next, issued on the same
/// database connection once a counter opens, has one. (sqlx declares a missing DOUBLE as a
/// 4-byte REAL on PostgreSQL; a statement cached with that type refused the 8-byte estimate.)
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_ticket_with_an_estimate_follows_one_without_on_the_same_connection() {
    let app = spawn(Options { customers: 10, ..Options::default() }).await;
    let teller = staff_id(&app).await;
    let dau = office(&app, "02").await;
    let a = service(&app, dau, "A").await;
    let one = server::db::connect(&app.db.url, 1).await.unwrap();
    let first = queue::issue(&one, &walk_in(dau, a, false)).await.unwrap();
    let (counter, _) = queue::counter(&one, dau, 1).await.unwrap().unwrap();
    queue::set_counter_open(&one, dau, counter, true, teller, None).await.unwrap();
    let second = queue::issue(&one, &walk_in(dau, a, true)).await.expect("an estimate can follow none");
    let estimate = |id: i64| {
        sqlx::query_scalar::<_, Option<f64>>("SELECT estimate_minutes FROM queue_tickets WHERE id = $1")
            .bind(id)
            .fetch_one(&one)
    };
    assert_eq!(estimate(first.id).await.unwrap(), None, "no counter open, no estimate");
    assert_eq!(estimate(second.id).await.unwrap(), Some(0.0), "a priority ticket with none ahead of it");
}
