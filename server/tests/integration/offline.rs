//! Counter devices that take cash offline: enrolment, receipt-number blocks, and the outbox
//! reaching the ledger once, whatever happened to the bills meanwhile.

use crate::common;

use app::domain::offline::{OfflineBill, OfflinePayment, OfflineReceiptNumber, ReceiptBlock};
use app::domain::{Channel, CustomerNumber, Money};
use app::model::counter_devices::Snapshot;
use app::ssr::db::ledger::{self, PaymentReport};
use chrono::{Duration, Utc};
use common::{spawn, Options, Page, StaffLogin, TestApp};
use serde_json::{json, Value};

/// The cookies of a device a supervisor enrolled, with the supervisor still signed in on it.
async fn enrol(app: &TestApp, supervisor: &StaffLogin, label: &str) -> String {
    let page = app
        .post_form("/api/staff/devices/enrol", Some(supervisor), &[("csrf", &supervisor.csrf), ("label", label)])
        .await;
    assert_eq!(page.status, 200, "{}", page.body);
    let set = page.headers.get("set-cookie").expect("the device's cookie is set").to_str().unwrap().to_string();
    assert!(set.starts_with("tirta_loket=") && set.contains("HttpOnly") && set.contains("SameSite=Strict"), "{set}");
    format!("{}; {}", set.split(';').next().unwrap(), supervisor.cookie)
}

/// The device's own cookie, as it has it when nobody is signed in.
fn alone(device: &str) -> &str {
    device.split("; ").next().unwrap()
}

/// A JSON request from a device to the server at `base` (one of several replicas, say).
async fn post_json(base: &str, path: &str, cookie: Option<&str>, body: &Value) -> Page {
    let mut request = reqwest::Client::new()
        .post(format!("{base}{path}"))
        .header("content-type", "application/json")
        .body(body.to_string());
    if let Some(c) = cookie {
        request = request.header("cookie", c);
    }
    let response = request.send().await.expect("answered");
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    Page { status, headers, body: response.text().await.unwrap() }
}

async fn block(base: &str, device: &str) -> ReceiptBlock {
    let page = post_json(base, "/api/v1/counter/receipt-block", Some(device), &json!({"outbox": 0})).await;
    assert_eq!(page.status, 200, "{}", page.body);
    serde_json::from_str(&page.body).unwrap()
}

async fn sync(base: &str, device: &str, payments: &[&OfflinePayment]) -> (u16, Value) {
    let body = json!({"outbox": payments.len(), "payments": payments});
    let page = post_json(base, "/api/v1/counter/sync", Some(device), &body).await;
    (page.status, serde_json::from_str(&page.body).unwrap_or(Value::Null))
}

fn key() -> String {
    app::ssr::random::random_hex(16)
}

/// What the device took from this customer with the snapshot served at `snapshot_at`: every
/// unpaid bill at the late fee the server gives today.
async fn offline_payment(
    app: &TestApp,
    customer: &str,
    number: i64,
    teller: &str,
    snapshot_at: chrono::DateTime<Utc>,
) -> OfflinePayment {
    let owed = app::ssr::accounts::statement(
        &app.state,
        &CustomerNumber::parse(customer).unwrap(),
        app::ssr::clock::today_wib(),
    )
    .await
    .unwrap()
    .unwrap();
    let bills: Vec<OfflineBill> = owed
        .statement
        .bills
        .iter()
        .map(|b| OfflineBill { period: b.period, amount: b.amount, late_fee: b.late_fee })
        .collect();
    OfflinePayment {
        key: key(),
        receipt_number: OfflineReceiptNumber(number),
        teller: teller.into(),
        customer: customer.into(),
        taken_at: snapshot_at,
        snapshot_at,
        total: bills.iter().map(|b| b.amount + b.late_fee).sum(),
        bills,
    }
}

/// Customers of office 02 with something unpaid.
async fn owing(app: &TestApp, n: usize) -> Vec<String> {
    let mut found = Vec::new();
    for i in 1..=40 {
        let number = format!("02010000{i:02}");
        let Ok(parsed) = CustomerNumber::parse(&number) else { continue };
        let owed = app::ssr::accounts::statement(&app.state, &parsed, app::ssr::clock::today_wib()).await.unwrap();
        if owed.is_some_and(|o| !o.statement.bills.is_empty()) {
            found.push(number);
        }
        if found.len() == n {
            return found;
        }
    }
    panic!("the demo has fewer than {n} customers of office 02 owing: {found:?}");
}

/// Everything the customer owes, paid by QRIS (the acquirer's settlement reaching the ledger).
async fn pay_by_qris(app: &TestApp, customer: &str) {
    let intent = common::intent(app, customer).await;
    let report = PaymentReport {
        channel: Channel::Qris,
        partner_reference: format!("qris-{customer}"),
        intent_reference: intent.reference.clone(),
        amount: intent.amount,
        at: Utc::now(),
        money_moved: true,
        taken_by: None,
        refuse: None,
    };
    let settled = ledger::settle(&app.state.db, &report).await.unwrap();
    assert!(matches!(settled, app::domain::Settlement::Credited { .. }), "{settled:?}");
}

async fn count(app: &TestApp, sql: &str) -> i64 {
    sqlx::query_scalar(sql).fetch_one(&app.state.db).await.unwrap()
}

fn outcome(answer: &Value, i: usize) -> (String, String) {
    let r = &answer["results"][i];
    (r["outcome"].as_str().unwrap_or_default().to_string(), r["reason"].as_str().unwrap_or_default().to_string())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_enrolled_device_brings_back_offline_cash_once_with_one_outcome_each() {
    let app = spawn(Options::default()).await;
    app.add_staff("spv.dau", "supervisor", Some("02")).await;
    app.add_staff("teller.dau", "teller", Some("02")).await;
    app.add_staff("teller.kota", "teller", Some("01")).await;
    let supervisor = app.sign_in("spv.dau").await;
    let teller = app.sign_in("teller.dau").await;

    // Only a device a supervisor enrolled may sync; a teller does not enrol the device they use.
    let (status, answer) = sync(&app.base, "tirta_loket=nothing", &[]).await;
    assert_eq!(status, 401);
    assert_eq!(answer["code"], "device_not_enrolled", "the device tells the teller why: {answer}");
    let refused =
        app.post_form("/api/staff/devices/enrol", Some(&teller), &[("csrf", &teller.csrf), ("label", "Loket 1")]).await;
    assert_eq!(refused.status, 403, "{}", refused.body);
    let empty = app
        .post_form("/api/staff/devices/enrol", Some(&supervisor), &[("csrf", &supervisor.csrf), ("label", " ")])
        .await;
    assert_eq!(empty.status, 400, "a device needs a name: {}", empty.body);
    let device = enrol(&app, &supervisor, "Loket 1 Dau").await;
    let again = app
        .post_form_with(
            "/api/staff/devices/enrol",
            Some(&supervisor),
            &[("csrf", &supervisor.csrf), ("label", "Loket 1 Dau lagi")],
            &[("cookie", &device)],
        )
        .await;
    assert_eq!(again.status, 409, "enrolled twice, the first enrolment's outbox would be stranded: {}", again.body);
    // The device alone brings back its outbox, but takes names and numbers only with staff signed in.
    assert_eq!(
        post_json(&app.base, "/api/v1/counter/receipt-block", Some(alone(&device)), &json!({})).await.status,
        401
    );
    let numbers = block(&app.base, &device).await;
    let served = snapshot(&app.base, &device, None).await.taken_at;
    assert_eq!(numbers.last - numbers.first + 1, 200, "{numbers:?}");

    let customers = owing(&app, 4).await;
    let (a, b, c) = (&customers[0], &customers[1], &customers[2]);
    let pay_a = offline_payment(&app, a, numbers.first, "teller.dau", served).await;
    let pay_b = offline_payment(&app, b, numbers.first + 1, "teller.dau", served).await;
    // The device priced C's oldest bill Rp 5.000 dearer than the server's rule does.
    let mut pay_c = offline_payment(&app, c, numbers.first + 2, "teller.dau", served).await;
    pay_c.bills[0].late_fee += Money::rupiah(5_000);
    pay_c.total += Money::rupiah(5_000);

    // Meanwhile B pays everything by QRIS.
    pay_by_qris(&app, b).await;

    let payments_before = count(&app, "SELECT COUNT(*) FROM payments").await;
    let (status, answer) = sync(&app.base, &device, &[&pay_a, &pay_b, &pay_c]).await;
    assert_eq!(status, 200, "{answer}");
    assert_eq!(outcome(&answer, 0).0, "credited", "{answer}");
    assert_eq!(
        answer["results"][0]["receipt_number"],
        pay_a.receipt_number.to_string(),
        "the provisional number becomes final"
    );
    assert_eq!(answer["results"][0]["difference"], "0");
    assert_eq!(outcome(&answer, 1), ("set_aside".into(), "already_paid".into()), "{answer}");
    assert_eq!(outcome(&answer, 2).0, "credited", "{answer}");
    assert_eq!(answer["results"][2]["difference"], "-5000", "the Rp 5.000 is a credit on C's next bill: {answer}");
    assert_eq!(count(&app, "SELECT COUNT(*) FROM payments").await, payments_before + 2);

    // The QR on each provisional receipt leads its customer to where the payment stands.
    let follow = |key: String| {
        let app = &app;
        async move { app.get(&format!("/luring/{key}")).await }
    };
    let a_page = follow(pay_a.key.clone()).await;
    assert!(a_page.body.contains(r#"data-offline-status="credited""#), "{}", a_page.body);
    let b_page = follow(pay_b.key.clone()).await;
    assert!(
        b_page.body.contains(r#"data-offline-status="set_aside""#) && b_page.body.contains("Unit Dau"),
        "{}",
        b_page.body
    );
    let unsent = follow(key()).await;
    assert_eq!(unsent.status, 200);
    assert!(unsent.body.contains(r#"data-offline-status="waiting""#), "{}", unsent.body);
    assert_eq!(follow("bukan-kunci".into()).await.status, 404);

    // A's bills are paid, under the offline number, by the teller who took the cash.
    let after =
        app::ssr::accounts::statement(&app.state, &CustomerNumber::parse(a).unwrap(), app::ssr::clock::today_wib())
            .await
            .unwrap()
            .unwrap();
    assert!(after.statement.bills.iter().all(|bill| !pay_a.periods().contains(&bill.period)), "A's periods are paid");
    let token = answer["results"][0]["receipt_token"].as_str().unwrap();
    assert!(a_page.body.contains(&format!("/resi/{token}")), "{}", a_page.body);
    let receipt = app.get(&format!("/resi/{token}")).await;
    assert_eq!(receipt.status, 200);
    assert!(receipt.body.contains(&pay_a.receipt_number.to_string()), "{}", receipt.body);
    let (received_by, amount): (String, i64) = sqlx::query_as(
        "SELECT s.username, p.amount FROM payments p JOIN staff s ON s.id = p.received_by WHERE p.receipt_number = $1",
    )
    .bind(pay_a.receipt_number.to_string())
    .fetch_one(&app.state.db)
    .await
    .unwrap();
    assert_eq!((received_by.as_str(), Money::rupiah(amount)), ("teller.dau", pay_a.total));
    // The day's cash report counts what the teller took offline, on the day it was taken.
    let office = common::office(&app, "02").await;
    let day = served.with_timezone(&app::ssr::clock::wib()).date_naive();
    let cash = app::ssr::db::reports::cash_by_teller(&app.state.db, office, day, None).await.unwrap();
    let teller_cash = cash.iter().find(|t| t.username == "teller.dau").expect("the teller's cash is reported");
    assert_eq!((teller_cash.payments, Money::rupiah(teller_cash.amount)), (2, pay_a.total + pay_c.total));
    // B's cash is kept to refund, under the number on B's receipt; C's next bill carries the difference.
    let kept: (String, i64) = sqlx::query_as("SELECT reason, amount FROM overpayments WHERE partner_reference = $1")
        .bind(pay_b.receipt_number.to_string())
        .fetch_one(&app.state.db)
        .await
        .unwrap();
    assert_eq!(kept, ("already_paid".to_string(), pay_b.total.whole_rupiah().unwrap()));
    let line: (String, i64, String) = sqlx::query_as(
        "SELECT a.kind, a.amount, a.period FROM bill_adjustments a JOIN customers c ON c.id = a.customer_id WHERE c.number = $1",
    )
    .bind(c)
    .fetch_one(&app.state.db)
    .await
    .unwrap();
    assert_eq!(line, ("offline_late_fee".to_string(), -5000, pay_c.bills[0].period.to_string()));

    // The link dropped and the device sends everything again: the same answers, nothing more.
    let (status, again) = sync(&app.base, &device, &[&pay_a, &pay_b, &pay_c]).await;
    assert_eq!((status, &again), (200, &answer));
    assert_eq!(count(&app, "SELECT COUNT(*) FROM payments").await, payments_before + 2);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM overpayments").await, 1);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM bill_adjustments").await, 1);

    // Another payment under a key already used is refused and writes nothing.
    let mut other = pay_a.clone();
    other.receipt_number = OfflineReceiptNumber(numbers.first + 3);
    let stored = count(&app, "SELECT COUNT(*) FROM offline_payments").await;
    let (_, reused) = sync(&app.base, &device, &[&other]).await;
    assert_eq!(outcome(&reused, 0), ("refused".into(), "key_reused".into()));
    assert_eq!(count(&app, "SELECT COUNT(*) FROM offline_payments").await, stored);

    // What a device may not do, each refused with its reason and kept for the supervisor.
    let d = &customers[3];
    let mut foreign_number = offline_payment(&app, d, numbers.last + 1, "teller.dau", served).await;
    foreign_number.key = key();
    let mut used_number = offline_payment(&app, d, numbers.first, "teller.dau", served).await;
    used_number.key = key();
    let mut stale = offline_payment(&app, d, numbers.first + 10, "teller.dau", served).await;
    stale.snapshot_at = stale.taken_at - Duration::hours(73);
    let other_office = offline_payment(&app, d, numbers.first + 11, "teller.kota", served).await;
    let mut short = offline_payment(&app, d, numbers.first + 12, "teller.dau", served).await;
    short.total = short.total - Money::rupiah(1);
    // A snapshot time the device made up (to widen its limit's window, or to backdate the cash).
    let mut forged = offline_payment(&app, d, numbers.first + 13, "teller.dau", served - Duration::minutes(30)).await;
    forged.taken_at = served;
    let batch = [&foreign_number, &used_number, &stale, &other_office, &short, &forged];
    let (_, refusals) = sync(&app.base, &device, &batch).await;
    let reasons: Vec<String> = (0..6).map(|i| outcome(&refusals, i).1).collect();
    assert_eq!(
        reasons,
        [
            "number_not_assigned",
            "number_used",
            "stale_snapshot",
            "unknown_teller",
            "total_mismatch",
            "unknown_snapshot"
        ],
        "{refusals}"
    );
    assert_eq!(count(&app, "SELECT COUNT(*) FROM payments").await, payments_before + 2);

    // Bills that no longer add up (held for review) refuse the cash for the office to settle,
    // and do not hold up the rest of the outbox.
    let held = offline_payment(&app, d, numbers.first + 14, "teller.dau", served).await;
    sqlx::query(
        "UPDATE bills SET amount = amount + 1
         WHERE payment_id IS NULL AND customer_id = (SELECT id FROM customers WHERE number = $1)",
    )
    .bind(d)
    .execute(&app.state.db)
    .await
    .unwrap();
    let after_held = offline_payment(&app, a, numbers.first + 15, "teller.dau", served).await;
    let (status, held_answer) = sync(&app.base, &device, &[&held, &after_held]).await;
    assert_eq!(status, 200, "{held_answer}");
    assert_eq!(outcome(&held_answer, 0), ("refused".into(), "under_review".into()), "{held_answer}");
    assert_eq!(held_answer["results"].as_array().map(Vec::len), Some(2), "the outbox goes on: {held_answer}");

    // The supervisor sees the device, its outbox and every outcome.
    let page = app.get_as("/staf/perangkat", &supervisor).await;
    assert_eq!(page.status, 200);
    for (receipt, outcome) in [(&pay_a, "credited"), (&pay_b, "set_aside"), (&stale, "refused")] {
        let row = format!(r#"data-offline-receipt="{}" data-outcome="{outcome}""#, receipt.receipt_number);
        assert!(page.body.contains(&row), "{row} in {}", page.body);
    }
    assert!(page.body.contains("Loket 1 Dau"), "{}", page.body);
    let tellers_page = app.get_as("/staf/perangkat", &teller).await;
    assert_eq!(tellers_page.status, 403);

    // Revoked, the device brings back nothing more; the enrolment and the revocation are audited.
    let id: i64 = count(&app, "SELECT id FROM counter_devices").await;
    let revoke = app
        .post_form(
            "/api/staff/devices/revoke",
            Some(&supervisor),
            &[("csrf", &supervisor.csrf), ("id", &id.to_string())],
        )
        .await;
    assert_eq!(revoke.status, 200, "{}", revoke.body);
    let (status, _) = sync(&app.base, &device, &[&pay_a]).await;
    assert_eq!(status, 403);
    assert_eq!(post_json(&app.base, "/api/v1/counter/receipt-block", Some(&device), &json!({})).await.status, 403);
    let audited =
        count(&app, "SELECT COUNT(*) FROM audit_log WHERE action IN ('device_enrolled', 'device_revoked')").await;
    assert_eq!(audited, 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn receipt_blocks_never_overlap_across_devices_asking_at_once() {
    let app = spawn(Options { customers: 5, ..Options::default() }).await;
    app.add_staff("spv.dau", "supervisor", Some("02")).await;
    let supervisor = app.sign_in("spv.dau").await;
    let mut devices = Vec::new();
    for i in 0..4 {
        devices.push(enrol(&app, &supervisor, &format!("Loket {i}")).await);
    }
    let asks = devices.iter().flat_map(|d| std::iter::repeat_n(d.clone(), 8)).map(|d| {
        let app = &app;
        async move { block(&app.base, &d).await }
    });
    let mut blocks: Vec<ReceiptBlock> = futures::future::join_all(asks).await;
    assert_eq!(blocks.len(), 32);
    blocks.sort_by_key(|b| b.first);
    for pair in blocks.windows(2) {
        assert!(pair[0].last < pair[1].first, "overlap: {pair:?}");
    }
    assert!(blocks.iter().all(|b| b.last - b.first + 1 == 200));
    let per_device: Vec<i64> =
        sqlx::query_scalar("SELECT COUNT(*) FROM receipt_blocks GROUP BY device_id ORDER BY device_id")
            .fetch_all(&app.state.db)
            .await
            .unwrap();
    assert_eq!(per_device, [8, 8, 8, 8]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_outbox_sent_twice_at_once_credits_once_and_the_device_limit_holds() {
    let app = spawn(Options::default()).await;
    app.add_staff("spv.dau", "supervisor", Some("02")).await;
    app.add_staff("teller.dau", "teller", Some("02")).await;
    let supervisor = app.sign_in("spv.dau").await;
    let device = enrol(&app, &supervisor, "Loket 2").await;
    let numbers = block(&app.base, &device).await;
    let served = snapshot(&app.base, &device, None).await.taken_at;
    let customers = owing(&app, 3).await;
    let first = offline_payment(&app, &customers[0], numbers.first, "teller.dau", served).await;
    let second = offline_payment(&app, &customers[1], numbers.first + 1, "teller.dau", served).await;
    let third = offline_payment(&app, &customers[2], numbers.first + 2, "teller.dau", served).await;

    // A flaky link: the same outbox sent fifty times at once.
    let batch = [&first];
    let sends = (0..50).map(|_| sync(&app.base, &device, &batch));
    let answers = futures::future::join_all(sends).await;
    let one = answers[0].clone();
    assert_eq!(one.0, 200);
    assert!(answers.iter().all(|a| *a == one), "every send gets the one answer: {answers:?}");
    assert_eq!(outcome(&one.1, 0).0, "credited");
    let credited: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM payments WHERE partner_reference = $1")
        .bind(&first.key)
        .fetch_one(&app.state.db)
        .await
        .unwrap();
    assert_eq!(credited, 1);

    // A replica configured with a device limit that the first two payments reach.
    let limit = (first.total + second.total).whole_rupiah().unwrap();
    let strict = app
        .replica(&Options { env: vec![("TIRTA_OFFLINE_DEVICE_LIMIT", limit.to_string())], ..Options::default() })
        .await;
    let (_, answer) = sync(&strict.base, &device, &[&second, &third]).await;
    assert_eq!(outcome(&answer, 0).0, "credited", "{answer}");
    assert_eq!(outcome(&answer, 1), ("refused".into(), "over_device_limit".into()), "{answer}");
}

async fn snapshot(base: &str, device: &str, since: Option<&str>) -> Snapshot {
    let path = match since {
        Some(cursor) => format!("{base}/api/v1/counter/snapshot?since={cursor}&outbox=2"),
        None => format!("{base}/api/v1/counter/snapshot"),
    };
    let response = reqwest::Client::new().get(path).header("cookie", device).send().await.unwrap();
    assert_eq!(response.status().as_u16(), 200);
    assert_eq!(response.headers()["cache-control"], "no-store");
    response.json().await.unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_device_holds_its_office_whole_then_only_what_changed_and_prices_it_as_the_server_does() {
    let app = spawn(Options::default()).await;
    app.add_staff("spv.dau", "supervisor", Some("02")).await;
    let supervisor = app.sign_in("spv.dau").await;
    let device = enrol(&app, &supervisor, "Loket 3").await;
    let nobody = reqwest::Client::new().get(format!("{}/api/v1/counter/snapshot", app.base)).send().await.unwrap();
    assert_eq!(nobody.status().as_u16(), 401, "a snapshot holds names and addresses: devices only");
    let unstaffed = reqwest::Client::new()
        .get(format!("{}/api/v1/counter/snapshot", app.base))
        .header("cookie", alone(&device))
        .send()
        .await
        .unwrap();
    assert_eq!(unstaffed.status().as_u16(), 401, "and only with staff of the office signed in on it");

    let whole = snapshot(&app.base, &device, None).await;
    assert!(whole.full);
    assert_eq!(whole.office_name, "Unit Dau");
    let office = common::office(&app, "02").await;
    let of_office: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM customers WHERE office_id = $1")
        .bind(office)
        .fetch_one(&app.state.db)
        .await
        .unwrap();
    assert_eq!(whole.accounts.len() as i64, of_office, "every customer of the office, owing or not");
    assert!(whole.accounts.iter().any(|a| !a.bills.is_empty()));

    // What the device computes from what it downloaded is what the server computes from the
    // database: every account, on days before and after due dates and across late-fee steps.
    let today = app::ssr::clock::today_wib();
    let mut priced = 0;
    for account in &whole.accounts {
        let number = CustomerNumber::parse(&account.number).unwrap();
        for days in [0, 9, 19, 20, 21, 35, 50, 80, 140] {
            let day = today + Duration::days(days);
            let on_device = account.statement(&whole.rules, day).unwrap();
            let on_server = app::ssr::accounts::statement(&app.state, &number, day).await.unwrap().unwrap().statement;
            assert_eq!(on_device.total, on_server.total, "{} on {day}", account.number);
            let fees = |s: &app::domain::Statement| s.bills.iter().map(|b| (b.period, b.late_fee)).collect::<Vec<_>>();
            assert_eq!(fees(&on_device), fees(&on_server), "{} on {day}", account.number);
            priced += on_device.bills.len();
        }
    }
    assert!(priced > 0);

    // Nothing changed: nothing comes.
    let quiet = snapshot(&app.base, &device, Some(&whole.cursor)).await;
    assert!(!quiet.full);
    assert!(quiet.accounts.is_empty(), "{:?}", quiet.accounts.iter().map(|a| &a.number).collect::<Vec<_>>());

    // A customer pays by QRIS, another is sealed: those two come, as they are now.
    let owing: Vec<&str> = whole.accounts.iter().filter(|a| !a.bills.is_empty()).map(|a| a.number.as_str()).collect();
    let (paid, sealed) = (owing[0], owing[1]);
    pay_by_qris(&app, paid).await;
    let seal = app
        .post_form(
            "/api/staff/customers/status",
            Some(&supervisor),
            &[("csrf", &supervisor.csrf), ("number", sealed), ("status", "sealed"), ("reason", "tunggakan")],
        )
        .await;
    assert_eq!(seal.status, 200, "{}", seal.body);
    let delta = snapshot(&app.base, &device, Some(&quiet.cursor)).await;
    assert!(!delta.full);
    let mut changed: Vec<&str> = delta.accounts.iter().map(|a| a.number.as_str()).collect();
    changed.sort();
    let mut expected = vec![paid, sealed];
    expected.sort();
    assert_eq!(changed, expected);
    let now_paid = delta.accounts.iter().find(|a| a.number == paid).unwrap();
    assert!(now_paid.bills.is_empty(), "paid by QRIS: nothing left to take");
    let now_sealed = delta.accounts.iter().find(|a| a.number == sealed).unwrap();
    assert_eq!(now_sealed.status, app::domain::ConnectionStatus::Sealed);

    // A cursor that does not read gives the office whole again.
    assert!(snapshot(&app.base, &device, Some("rusak")).await.full);
    let outbox: i64 = count(&app, "SELECT outbox FROM counter_devices").await;
    assert_eq!(outbox, 2, "the device's outbox as it said");
}

/// The file the domain's WebAssembly tests price: an office's snapshot as a device downloads it,
/// with the totals and late fees the server computes from the database on each day.
const PRICING_FIXTURE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../domain/tests/fixtures/counter_pricing.json");

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_snapshot_the_browser_tests_price_is_the_one_the_server_serves_with_the_servers_totals() {
    let as_of = chrono::NaiveDate::from_ymd_opt(2026, 11, 16).unwrap();
    let app = spawn(Options { customers: 30, as_of: Some(as_of), ..Options::default() }).await;
    app.add_staff("spv.dau", "supervisor", Some("02")).await;
    let supervisor = app.sign_in("spv.dau").await;
    let device = enrol(&app, &supervisor, "Loket 4").await;
    let whole = snapshot(&app.base, &device, None).await;
    let mut accounts = Vec::new();
    for account in whole.accounts.iter().filter(|a| !a.bills.is_empty()) {
        let number = CustomerNumber::parse(&account.number).unwrap();
        let mut expected = Vec::new();
        for days in [0, 4, 5, 20, 34, 35, 64, 65, 125] {
            let day = as_of + Duration::days(days);
            let owed = app::ssr::accounts::statement(&app.state, &number, day).await.unwrap().unwrap().statement;
            let fees: Vec<Money> = owed.bills.iter().map(|b| b.late_fee).collect();
            expected.push(json!({"day": day, "total": owed.total, "late_fees": fees}));
        }
        accounts.push(json!({"number": account.number, "bills": account.bills, "expected": expected}));
    }
    assert!(accounts.len() >= 5, "enough accounts owing to be worth pricing: {}", accounts.len());
    let fixture = serde_json::to_string_pretty(&json!({"rules": whole.rules, "accounts": accounts})).unwrap() + "\n";
    if std::env::var_os("TIRTA_WRITE_FIXTURES").is_some() {
        std::fs::write(PRICING_FIXTURE, &fixture).unwrap();
    }
    let committed = std::fs::read_to_string(PRICING_FIXTURE).unwrap_or_default();
    assert!(
        committed == fixture,
        "domain/tests/fixtures/counter_pricing.json is not what the server serves now; \
         if the change is meant, write it again with TIRTA_WRITE_FIXTURES=1 cargo test --test integration -- the_snapshot_the_browser"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_counters_service_worker_names_the_bundle_the_pages_link_to() {
    let app = spawn(Options::default()).await;
    let worker = app.get("/sw/loket.js").await;
    assert_eq!(worker.status, 200, "{}", worker.body);
    let header = |name: &str| worker.headers.get(name).and_then(|v| v.to_str().ok()).unwrap_or_default().to_string();
    assert!(header("content-type").starts_with("text/javascript"));
    // Served from /sw/, it controls the counter page: the server allows that scope.
    assert_eq!(header("service-worker-allowed"), "/staf/loket");
    assert_eq!(header("cache-control"), "no-cache");
    assert!(worker.body.contains(r#"const PAGES = ["/staf/loket"];"#), "{}", worker.body);
    // The stylesheet every page links to is among the files the worker keeps.
    let page = app.get("/").await;
    let stylesheet = page.body.split("rel=\"stylesheet\" href=\"").nth(1).and_then(|s| s.split('"').next()).unwrap();
    assert!(worker.body.contains(&format!("\"{stylesheet}\"")), "{stylesheet} in {}", worker.body);
}
