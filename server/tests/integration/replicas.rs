//! Two server replicas sharing one PostgreSQL database, as behind a load balancer: a change made
//! through one reaches pages open on the other, decisions that must be serial stay serial across
//! them, a staff session works on both, and background work runs in exactly one.
//!
//! Always PostgreSQL (`TIRTA_TEST_POSTGRES`, or the local server): SQLite serves one process.

use crate::common;

use app::ssr::db::queue::{self, NewTicket};
use common::{office, read_events, service, spawn_with, Options, Replica, TestApp, TestDb};
use std::time::Duration;

/// The safety-net poll is stretched to an hour: what arrives, arrived through the wake-up.
fn no_poll() -> Options {
    Options { live_poll_ms: 3_600_000, ..Options::default() }
}

async fn two_replicas() -> (TestApp, Replica) {
    let a = spawn_with(TestDb::postgres().await, no_poll()).await;
    let b = a.replica(&no_poll()).await;
    (a, b)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_change_through_one_replica_reaches_pages_open_on_the_other() {
    let (a, b) = two_replicas().await;
    let dau = office(&a, "02").await;
    let payments = service(&a, dau, "A").await;

    // A page open on B; a ticket issued through A (whose own wake-up reaches only A).
    let on_b = a.client.get(format!("{}/api/v1/live?office=02", b.base)).send().await.unwrap();
    assert_eq!(on_b.status(), 200);
    let issued = queue::issue(
        &a.state.db,
        &NewTicket {
            office_id: dau,
            service_id: payments,
            priority: false,
            source: "kiosk",
            phone: None,
            device: None,
            client_net: None,
            limits: None,
        },
    )
    .await
    .unwrap();
    a.state.live.wake();
    let events = read_events(on_b, 1, Duration::from_secs(15)).await;
    assert_eq!(
        events.iter().map(|e| (e.1.as_str(), e.2.as_str())).collect::<Vec<_>>(),
        [("queue", r#"{"action":"issue"}"#)]
    );

    // And the other way: a notice published through B reaches a page open on A.
    b.state.live.wake();
    let on_a = a
        .client
        .get(format!("{}/api/v1/live", a.base))
        .header("last-event-id", events[0].0.to_string())
        .send()
        .await
        .unwrap();
    a.add_staff("admin.pusat", "admin", None).await;
    let admin = a.sign_in("admin.pusat").await;
    let published = a
        .client
        .post(format!("{}/api/staff/announcements/publish", b.base))
        .header("cookie", &admin.cookie)
        .form(&[
            ("csrf", admin.csrf.as_str()),
            ("office", "02"),
            ("title", "Loket tutup lebih awal"),
            ("body", "Hari ini loket tutup pukul 12.00."),
            ("starts_at", ""),
            ("ends_at", "2099-12-31T23:00"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(published.status(), 200, "{}", published.text().await.unwrap_or_default());
    let events = read_events(on_a, 1, Duration::from_secs(15)).await;
    assert_eq!(events.first().map(|e| e.1.as_str()), Some("notice"), "{events:?}");
    assert_eq!(issued.number.to_string(), "A001");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tickets_taken_through_both_replicas_at_once_are_numbered_once() {
    let (a, b) = two_replicas().await;
    let dau = office(&a, "02").await;
    let payments = service(&a, dau, "A").await;
    let mut tasks = Vec::new();
    for i in 0..80 {
        let db = if i % 2 == 0 { a.state.db.clone() } else { b.state.db.clone() };
        tasks.push(tokio::spawn(async move {
            queue::issue(
                &db,
                &NewTicket {
                    office_id: dau,
                    service_id: payments,
                    priority: false,
                    source: "kiosk",
                    phone: None,
                    device: None,
                    client_net: None,
                    limits: None,
                },
            )
            .await
            .map(|t| t.number.seq)
        }));
    }
    let mut seqs = Vec::new();
    for t in tasks {
        seqs.push(t.await.unwrap().expect("every request gets a ticket"));
    }
    seqs.sort_unstable();
    assert_eq!(seqs, (1..=80).collect::<Vec<u32>>());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn counter_payments_through_both_replicas_at_once_are_each_credited_once() {
    let (a, b) = two_replicas().await;
    a.add_staff("teller.dau", "teller", Some("02")).await;
    let teller = a.sign_in("teller.dau").await;
    let owing: Vec<String> = sqlx::query_scalar(
        "SELECT c.number FROM customers c WHERE c.office_id = (SELECT id FROM unit_offices WHERE code = '02')
         AND EXISTS (SELECT 1 FROM bills b WHERE b.customer_id = c.id AND b.payment_id IS NULL) ORDER BY c.number LIMIT 6",
    )
    .fetch_all(&a.state.db)
    .await
    .unwrap();
    assert!(owing.len() >= 4, "the demo data has customers who owe at Unit Dau: {owing:?}");
    let mut tasks = Vec::new();
    for (i, number) in owing.iter().enumerate() {
        let base = if i % 2 == 0 { a.base.clone() } else { b.base.clone() };
        let (client, teller, number) = (a.client.clone(), teller.clone(), number.clone());
        tasks.push(tokio::spawn(async move {
            // The counter screen first (it fixes the total and the request id), then the cash.
            let screen: serde_json::Value = client
                .post(format!("{base}/api/counter/account"))
                .header("cookie", &teller.cookie)
                .form(&[("number", number.as_str())])
                .send()
                .await
                .unwrap()
                .json()
                .await
                .unwrap();
            let total = screen["total"].as_str().unwrap().to_string();
            let request = screen["request_id"].as_str().unwrap().to_string();
            let paid = client
                .post(format!("{base}/api/counter/pay"))
                .header("cookie", &teller.cookie)
                .form(&[
                    ("csrf", teller.csrf.as_str()),
                    ("number", number.as_str()),
                    ("amount", total.as_str()),
                    ("request_id", request.as_str()),
                ])
                .send()
                .await
                .unwrap();
            (paid.status().as_u16(), paid.text().await.unwrap_or_default())
        }));
    }
    for t in tasks {
        let (status, body) = t.await.unwrap();
        assert_eq!(status, 200, "{body}");
    }
    let (payments, distinct): (i64, i64) =
        sqlx::query_as("SELECT COUNT(*), COUNT(DISTINCT receipt_number) FROM payments WHERE received_by IS NOT NULL")
            .fetch_one(&a.state.db)
            .await
            .unwrap();
    assert_eq!((payments, distinct), (owing.len() as i64, owing.len() as i64));
    let still_owing: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM bills b JOIN customers c ON c.id = b.customer_id WHERE b.payment_id IS NULL AND c.number IN ($1, $2, $3, $4)")
            .bind(&owing[0])
            .bind(&owing[1])
            .bind(&owing[2])
            .bind(&owing[3])
            .fetch_one(&a.state.db)
            .await
            .unwrap();
    assert_eq!(still_owing, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_staff_session_works_on_either_replica() {
    let (a, b) = two_replicas().await;
    a.add_staff("spv.dau", "supervisor", Some("02")).await;
    let login = a.sign_in("spv.dau").await;
    let on_b = a.client.get(format!("{}/staf", b.base)).header("cookie", &login.cookie).send().await.unwrap();
    assert_eq!(on_b.status(), 200);
    let out = a
        .client
        .post(format!("{}/api/staff/logout", b.base))
        .header("cookie", &login.cookie)
        .form(&[("csrf", login.csrf.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(out.status(), 200);
    assert_eq!(a.get_as("/staf", &login).await.status, 401, "signed out through B, out on A too");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn background_work_runs_in_one_replica_and_moves_when_it_dies() {
    let (a, b) = two_replicas().await;
    let mut on_a = server::jobs::Lease::default();
    let mut on_b = server::jobs::Lease::default();
    assert!(on_a.held(&a.state).await, "the first to ask runs the work");
    assert!(!on_b.held(&b.state).await, "the other waits");
    assert!(on_a.held(&a.state).await, "and keeps it while it lives");
    assert!(!on_b.held(&b.state).await);
    let holders: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM pg_locks WHERE locktype = 'advisory' AND granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())",
    )
    .fetch_one(&a.state.db)
    .await
    .unwrap();
    assert_eq!(holders, 1);

    drop(on_a); // its connection closes, as when the process dies
    let deadline = tokio::time::Instant::now() + Duration::from_secs(15);
    while !on_b.held(&b.state).await {
        assert!(tokio::time::Instant::now() < deadline, "the standby takes over");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}
