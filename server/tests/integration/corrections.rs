//! Correcting a published bill: an unpaid one is computed again (its old payment codes closed),
//! a paid one is never changed and its difference becomes a line on the next bill, through the
//! next billing run, with a credit larger than that bill carried on to the one after.

use crate::common::{self, TestApp};

use app::domain::adjustment::{self, AdjustmentKind};
use app::domain::{compute_bill, Connection, CustomerNumber, Money, Period, RefundReason, Settlement};
use app::model::imports::ImportKind;
use app::ssr::db::audit::By;
use app::ssr::imports::{import, Mode};

/// A bill as stored, with its reading.
#[derive(Debug, Clone, sqlx::FromRow)]
struct Stored {
    customer_id: i64,
    number: String,
    period: String,
    group_code: String,
    meter_size: String,
    stand_awal: i64,
    stand_akhir: i64,
    usage_m3: i64,
    amount: i64,
    adjustment: i64,
}

const STORED: &str =
    "SELECT b.customer_id, c.number, b.period, b.group_code, b.meter_size, r.stand_awal, r.stand_akhir,
        b.usage_m3, b.amount, b.adjustment
    FROM bills b JOIN customers c ON c.id = b.customer_id JOIN meter_readings r ON r.id = b.reading_id";

async fn stored(app: &TestApp, number: &str, period: &str) -> Stored {
    sqlx::query_as(&format!("{STORED} WHERE c.number = $1 AND b.period = $2"))
        .bind(number)
        .bind(period)
        .fetch_one(&app.state.db)
        .await
        .unwrap()
}

/// What the tariffs make of a usage on this bill's connection.
fn charges(app: &TestApp, bill: &Stored, stand_akhir: i64) -> Money {
    let period: Period = bill.period.parse().unwrap();
    let reading = app::domain::MeterReading::stored(
        period,
        &period.day(5).to_string(),
        bill.stand_awal,
        stand_akhir,
        None,
        None,
        false,
    )
    .unwrap();
    let connection = Connection { group: &bill.group_code, meter_size: &bill.meter_size };
    compute_bill(&app.state.rules.get().tariffs, &connection, &reading).unwrap().amount
}

async fn correct(app: &TestApp, login: &common::StaffLogin, number: &str, period: &str, stand: &str) -> common::Page {
    app.post_form(
        "/api/staff/customers/correct-bill",
        Some(login),
        &[
            ("csrf", &login.csrf),
            ("number", number),
            ("period", period),
            ("stand_akhir", stand),
            ("reason", "foto meter dicek ulang"),
        ],
    )
    .await
}

/// Bills of the customer's latest reading (`and` narrows them).
fn latest(and: &str) -> String {
    format!(
        "{STORED} WHERE r.stand_angkat IS NULL AND b.period = (SELECT MAX(m.period) FROM meter_readings m WHERE m.customer_id = b.customer_id)
           AND {and} ORDER BY b.period DESC, c.number"
    )
}

async fn pending(app: &TestApp, customer: i64) -> Money {
    let sum: i64 = sqlx::query_scalar(
        "SELECT CAST(COALESCE(SUM(amount), 0) AS BIGINT) FROM bill_adjustments WHERE customer_id = $1 AND bill_id IS NULL",
    )
    .bind(customer)
    .fetch_one(&app.state.db)
    .await
    .unwrap();
    Money::rupiah(sum)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_published_bill_is_revised_unpaid_and_a_paid_ones_difference_goes_to_the_next_bill() {
    let app = common::spawn(common::Options::default()).await;
    let db = &app.state.db;
    app.add_staff("admin1", "admin", None).await;
    app.add_staff("teller1", "teller", Some("01")).await;
    let admin = app.sign_in("admin1").await;
    let teller = app.sign_in("teller1").await;
    let today = app::ssr::clock::today_wib();

    // An unpaid bill, with a QRIS code open for it.
    let unpaid: Stored = sqlx::query_as(&latest("b.payment_id IS NULL AND r.stand_akhir > r.stand_awal + 2"))
        .fetch_one(db)
        .await
        .unwrap();
    let intent = common::intent(&app, &unpaid.number).await;
    let lower = unpaid.stand_akhir - 2;
    // An older reading: the next one starts where it ends.
    let older: Stored = sqlx::query_as(&format!(
        "{STORED} WHERE b.customer_id = $1 AND b.period < $2 AND r.stand_angkat IS NULL ORDER BY b.period DESC LIMIT 1"
    ))
    .bind(unpaid.customer_id)
    .bind(&unpaid.period)
    .fetch_one(db)
    .await
    .unwrap();

    // Refused with the right answer, and nothing changes.
    for (who, stand, period, status) in [
        (&teller, lower.to_string(), unpaid.period.clone(), 403),
        (&admin, "-3".to_string(), unpaid.period.clone(), 400),
        (&admin, "12.345".to_string(), unpaid.period.clone(), 400),
        (&admin, "99999999999999999999".to_string(), unpaid.period.clone(), 400),
        (&admin, unpaid.stand_akhir.to_string(), unpaid.period.clone(), 400),
        (&admin, (unpaid.stand_awal - 1).to_string(), unpaid.period.clone(), 400),
        (&admin, lower.to_string(), "2001-01".to_string(), 404),
        (&admin, lower.to_string(), "kemarin".to_string(), 400),
        (&admin, (older.stand_akhir - 1).to_string(), older.period.clone(), 409),
    ] {
        let page = correct(&app, who, &unpaid.number, &period, &stand).await;
        assert_eq!(page.status, status, "{stand} {period}: {}", page.body);
    }
    assert_eq!(stored(&app, &unpaid.number, &unpaid.period).await.amount, unpaid.amount);

    let page = correct(&app, &admin, &unpaid.number, &unpaid.period, &lower.to_string()).await;
    assert_eq!(page.status, 200, "{}", page.body);
    let revised = stored(&app, &unpaid.number, &unpaid.period).await;
    assert_eq!((revised.stand_akhir, revised.usage_m3), (lower, unpaid.usage_m3 - 2));
    assert_eq!(Money::rupiah(revised.amount), charges(&app, &unpaid, lower));
    // The bill page, the counter and the banks read the revised bill.
    let number = CustomerNumber::parse(&unpaid.number).unwrap();
    let account = app::ssr::accounts::bill_page(&app.state, &number, today).await.unwrap().unwrap();
    let period: Period = unpaid.period.parse().unwrap();
    let on_page = account.unpaid.iter().find(|b| b.period == period).unwrap();
    assert_eq!(on_page.amount, Money::rupiah(revised.amount));
    // The old code asks the old amount: its money is set aside, never credited.
    let status: String = sqlx::query_scalar("SELECT status FROM payment_intents WHERE reference = $1")
        .bind(&intent.reference)
        .fetch_one(db)
        .await
        .unwrap();
    assert_eq!(status, "revised");
    let late = app::ssr::db::ledger::PaymentReport {
        channel: app::domain::Channel::Qris,
        partner_reference: "acq-after-revision".into(),
        intent_reference: intent.reference.clone(),
        amount: intent.amount,
        at: chrono::Utc::now(),
        money_moved: true,
        taken_by: None,
        refuse: None,
    };
    let settled = app::ssr::db::ledger::settle(db, &late).await.unwrap();
    assert_eq!(settled, Settlement::SetAside { reason: RefundReason::IntentClosed });
    let audit: String =
        sqlx::query_scalar("SELECT detail FROM audit_log WHERE action = 'bill_revised' AND subject = $1")
            .bind(&unpaid.number)
            .fetch_one(db)
            .await
            .unwrap();
    assert!(audit.contains("foto meter dicek ulang") && audit.contains("1 payment codes closed"), "{audit}");
    // A page read before the revision cannot open a code at the old amount.
    let stale = app::ssr::accounts::statement(&app.state, &number, today).await.unwrap().unwrap();
    let fresh_intent = common::intent(&app, &unpaid.number).await;
    assert_eq!(fresh_intent.amount, stale.statement.total, "read again: the revised amount");
    let mut old = stale.statement.payable(&app::domain::Channel::Qris, app::domain::Cover::All).unwrap().to_vec();
    let last = old.len() - 1;
    old[last].amount += Money::rupiah(1);
    let refused = app::ssr::db::ledger::intent_for(
        db,
        unpaid.customer_id,
        &app::domain::Channel::Qris,
        &stale.statement.periods(),
        &old,
        chrono::Utc::now(),
        chrono::Duration::minutes(15),
    )
    .await
    .unwrap();
    assert!(refused.is_none(), "an amount no longer owed opens no code");

    // Two paid bills: one read too low (the customer owes more), one too high (corrected twice).
    let paid: Vec<Stored> = sqlx::query_as(&latest("b.payment_id IS NOT NULL AND b.customer_id <> $1"))
        .bind(unpaid.customer_id)
        .fetch_all(db)
        .await
        .unwrap();
    let high = paid.iter().find(|b| b.usage_m3 >= 3).expect("a paid latest bill with some usage").clone();
    let low = paid.iter().find(|b| b.customer_id != high.customer_id).expect("a second paid latest bill").clone();
    let page = correct(&app, &admin, &low.number, &low.period, &(low.stand_akhir + 10).to_string()).await;
    assert_eq!(page.status, 200, "{}", page.body);
    let page = correct(&app, &admin, &high.number, &high.period, &(high.stand_akhir - 1).to_string()).await;
    assert_eq!(page.status, 200, "{}", page.body);
    let page = correct(&app, &admin, &high.number, &high.period, &(high.stand_akhir - 3).to_string()).await;
    assert_eq!(page.status, 200, "{}", page.body);
    for b in [&low, &high] {
        let now = stored(&app, &b.number, &b.period).await;
        assert_eq!((now.amount, now.usage_m3), (b.amount, b.usage_m3), "a paid bill is never changed");
    }
    let owed_more = charges(&app, &low, low.stand_akhir + 10) - Money::rupiah(low.amount - low.adjustment);
    let credit = charges(&app, &high, high.stand_akhir - 3) - Money::rupiah(high.amount - high.adjustment);
    assert_eq!(pending(&app, low.customer_id).await, owed_more);
    assert_eq!(pending(&app, high.customer_id).await, credit, "the second correction moves from the first");
    assert!(owed_more > Money::rupiah(0) && credit <= Money::rupiah(0));
    let record = app.get_as(&format!("/staf/pelanggan/{}", low.number), &admin).await;
    assert!(record.body.contains("Koreksi untuk tagihan berikutnya"), "{}", record.body);

    // A credit larger than any bill (written here directly) for a third customer.
    let big: Stored = sqlx::query_as(&latest("b.customer_id NOT IN ($1, $2, $3)"))
        .bind(unpaid.customer_id)
        .bind(low.customer_id)
        .bind(high.customer_id)
        .fetch_one(db)
        .await
        .unwrap();
    sqlx::query(
        "INSERT INTO bill_adjustments (customer_id, kind, period, detail, amount, created_at)
         VALUES ($1, 'reading_corrected', $2, '9999 → 1', -5000000, '2026-11-01T00:00:00Z')",
    )
    .bind(big.customer_id)
    .bind(&big.period)
    .execute(db)
    .await
    .unwrap();

    // The next month: everyone used a little.
    let next = Period::of(today).next();
    let meters: Vec<(String, i64)> = sqlx::query_as(
        "SELECT c.number, (SELECT r.stand_akhir FROM meter_readings r WHERE r.customer_id = c.id ORDER BY r.period DESC LIMIT 1)
         FROM customers c WHERE c.status <> 'disconnected' ORDER BY c.number",
    )
    .fetch_all(db)
    .await
    .unwrap();
    let mut file = String::from("nomor_pelanggan,periode,tanggal_baca,stand_awal,stand_akhir\n");
    for (number, stand) in &meters {
        file.push_str(&format!("{number},{next},{today},{stand},{}\n", stand + 12));
    }
    let by = By { actor: None, name: "test", ip: None };
    let report = import(db, &by, ImportKind::Readings, "baca.csv", file.as_bytes(), Mode::Apply, today).await.unwrap();
    assert!(report.applied, "{report:?}");
    let next_run = run_and_publish(&app, &admin, next).await;

    // The DRD shows the corrections the run's bills carry, apart from their charges.
    let carried: i64 = sqlx::query_scalar("SELECT CAST(SUM(adjustment) AS BIGINT) FROM bills WHERE run_id = $1")
        .bind(next_run)
        .fetch_one(db)
        .await
        .unwrap();
    assert_ne!(carried, 0);
    let drd = app.get_as(&format!("/staf/tagihan/{next_run}/drd.csv"), &admin).await;
    assert!(drd
        .body
        .starts_with("periode,kantor,golongan,pelanggan,pemakaian_m3,harga_air,biaya_tetap,koreksi,jumlah_rupiah"));
    let total: Vec<&str> = drd.body.lines().last().unwrap().split(',').collect();
    assert_eq!(total[7], carried.to_string(), "{}", drd.body);

    let low_next = stored(&app, &low.number, &next.to_string()).await;
    let low_charges = Money::rupiah(low_next.amount - low_next.adjustment);
    assert_eq!(Money::rupiah(low_next.adjustment), owed_more);
    assert_eq!(pending(&app, low.customer_id).await, Money::rupiah(0));
    let number = CustomerNumber::parse(&low.number).unwrap();
    let account = app::ssr::accounts::bill_page(&app.state, &number, today).await.unwrap().unwrap();
    let bill = account.unpaid.iter().find(|b| b.period == next).unwrap();
    assert_eq!(bill.amount, low_charges + owed_more);
    assert_eq!(bill.adjustments.len(), 1);
    assert_eq!(bill.adjustments[0].kind, AdjustmentKind::ReadingCorrected);
    let page = app.get(&format!("/tagihan?no={}", low.number)).await;
    assert!(page.body.contains("Koreksi tagihan"), "the bill page shows the line");

    // The big credit leaves the bill its fixed charges and waits with the rest.
    let big_next = stored(&app, &big.number, &next.to_string()).await;
    let big_charges = Money::rupiah(big_next.amount - big_next.adjustment);
    let big_id = big.customer_id;
    let fixed = |period: Period| async move {
        let fixed: i64 = sqlx::query_scalar("SELECT fixed_charges FROM bills WHERE customer_id = $1 AND period = $2")
            .bind(big_id)
            .bind(period.to_string())
            .fetch_one(db)
            .await
            .unwrap();
        Money::rupiah(fixed)
    };
    let taken = adjustment::take(big_charges, fixed(next).await, Money::rupiah(-5_000_000));
    assert!(taken.carried < Money::rupiah(0), "{taken:?}");
    assert_eq!(Money::rupiah(big_next.amount), fixed(next).await, "the bill keeps its fixed charges");
    assert_eq!(pending(&app, big.customer_id).await, taken.carried, "the rest waits for the following bill");
    let on_bill = |period: Period| async move {
        let sum: i64 = sqlx::query_scalar(
            "SELECT CAST(SUM(a.amount) AS BIGINT) FROM bill_adjustments a JOIN bills b ON b.id = a.bill_id
             WHERE b.customer_id = $1 AND b.period = $2",
        )
        .bind(big_id)
        .bind(period.to_string())
        .fetch_one(db)
        .await
        .unwrap();
        Money::rupiah(sum)
    };
    assert_eq!(on_bill(next).await, taken.on_bill, "the bill's lines add up to its adjustment");

    // Revised down while carrying the credit: still its fixed charges, the rest still waits.
    let to_start = big_next.stand_awal.to_string();
    let page = correct(&app, &admin, &big.number, &next.to_string(), &to_start).await;
    assert_eq!(page.status, 200, "{}", page.body);
    let big_revised = stored(&app, &big.number, &next.to_string()).await;
    assert_eq!(Money::rupiah(big_revised.amount), fixed(next).await);
    assert_eq!(on_bill(next).await, Money::rupiah(big_revised.adjustment));
    assert_eq!(
        pending(&app, big.customer_id).await + Money::rupiah(big_revised.adjustment),
        Money::rupiah(-5_000_000),
        "nothing is lost"
    );
}

/// A discarded run gives its claimed lines back: the next run takes them again.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_discarded_run_gives_the_lines_it_took_back() {
    let app = common::spawn(common::Options { customers: 12, ..Default::default() }).await;
    let db = &app.state.db;
    app.add_staff("admin1", "admin", None).await;
    let admin = app.sign_in("admin1").await;
    let today = app::ssr::clock::today_wib();
    let paid: Stored = sqlx::query_as(&latest("b.payment_id IS NOT NULL")).fetch_one(db).await.unwrap();
    let page = correct(&app, &admin, &paid.number, &paid.period, &(paid.stand_akhir + 5).to_string()).await;
    assert_eq!(page.status, 200, "{}", page.body);
    let next = Period::of(today).next();
    let started = app
        .post_form("/api/staff/billing/start", Some(&admin), &[("csrf", &admin.csrf), ("period", &next.to_string())])
        .await;
    assert_eq!(started.status, 200, "{}", started.body);
    let run: i64 = started.body.trim().parse().unwrap();
    // Run 0: none.
    let claimed = |run: i64| async move {
        let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM bill_adjustments WHERE COALESCE(run_id, 0) = $1")
            .bind(run)
            .fetch_one(db)
            .await
            .unwrap();
        n
    };
    assert_eq!(claimed(run).await, 1);
    let discarded = app
        .post_form("/api/staff/billing/discard", Some(&admin), &[("csrf", &admin.csrf), ("run", &run.to_string())])
        .await;
    assert_eq!(discarded.status, 200, "{}", discarded.body);
    assert_eq!(claimed(0).await, 1, "pending again");
    let run = run_and_publish(&app, &admin, next).await;
    assert_eq!(claimed(run).await, 1);
    let bill = stored(&app, &paid.number, &next.to_string()).await;
    assert!(bill.adjustment > 0, "{bill:?}");
}

/// Drafts the period, accepts every held bill, publishes. Returns the run.
async fn run_and_publish(app: &TestApp, admin: &common::StaffLogin, period: Period) -> i64 {
    let started = app
        .post_form("/api/staff/billing/start", Some(admin), &[("csrf", &admin.csrf), ("period", &period.to_string())])
        .await;
    assert_eq!(started.status, 200, "{}", started.body);
    let run = started.body.trim().to_string();
    let accepted =
        app.post_form("/api/staff/billing/accept", Some(admin), &[("csrf", &admin.csrf), ("run", &run)]).await;
    assert_eq!(accepted.status, 200, "{}", accepted.body);
    let published =
        app.post_form("/api/staff/billing/publish", Some(admin), &[("csrf", &admin.csrf), ("run", &run)]).await;
    assert_eq!(published.status, 200, "{}", published.body);
    run.parse().unwrap()
}
