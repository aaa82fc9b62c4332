//! Opening arrears: bills the utility's previous system made and nobody paid, brought in from
//! its file, shown as carried over with their stored amounts, priced late by the portal's rule,
//! and settled like any other bill.

use crate::common::{self, TestApp};

use app::domain::{Money, Period};
use app::model::imports::{ImportKind, ImportReport, Reason};
use app::ssr::db::audit::By;
use app::ssr::imports::{import, Mode};

const BY: By<'static> = By { actor: None, name: "test", ip: None };
const NEW: &str = "0199000001";

async fn run(app: &TestApp, kind: ImportKind, file: &str, mode: Mode) -> ImportReport {
    let today = app::ssr::clock::today_wib();
    import(&app.state.db, &BY, kind, "file.csv", file.as_bytes(), mode, today).await.unwrap()
}

fn faults(report: &ImportReport) -> Vec<(usize, Option<&str>, &Reason)> {
    report.faults.iter().map(|f| (f.line, f.column.as_deref(), &f.reason)).collect()
}

/// Bills and readings: what an arrears file may touch.
async fn counts(app: &TestApp) -> (i64, i64, i64) {
    sqlx::query_as(
        "SELECT (SELECT COUNT(*) FROM bills), (SELECT COUNT(*) FROM meter_readings),
                (SELECT COUNT(*) FROM audit_log WHERE action = 'arrears_imported')",
    )
    .fetch_one(&app.state.db)
    .await
    .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn opening_arrears_are_checked_carried_over_once_and_owed_like_any_bill() {
    let app = common::spawn(common::Options::default()).await;
    let db = &app.state.db;
    let today = app::ssr::clock::today_wib();
    let this_month = Period::of(today);
    // The demo's bills begin 23 months back: the arrears are of the months before the portal.
    let portal_from = this_month.plus_months(-23);
    let (p3, p2) = (portal_from.plus_months(-3), portal_from.plus_months(-2));
    // A customer the utility brings, and a reading of theirs for this month (the run bills it).
    let customers = format!(
        "nomor_pelanggan;nama;alamat;desa;kecamatan;kode_golongan;ukuran_meter;kode_kantor;telepon;tanggal_pasang;status\n\
         {NEW};Sri Wahyuni;Jl. Anggrek 4;Kepanjen;Kepanjen;RT-A;1/2;01;;2019-03-01;aktif\n"
    );
    assert!(run(&app, ImportKind::Customers, &customers, Mode::Apply).await.applied);
    let reading =
        format!("nomor_pelanggan,periode,tanggal_baca,stand_awal,stand_akhir\n{NEW},{this_month},{today},100,120\n");
    let read = run(&app, ImportKind::Readings, &reading, Mode::Apply).await;
    assert!(read.applied, "{read:?}");
    let billed: (String, String) = sqlx::query_as(
        "SELECT c.number, b.period FROM bills b JOIN customers c ON c.id = b.customer_id ORDER BY b.period DESC LIMIT 1",
    )
    .fetch_one(db)
    .await
    .unwrap();

    // Every faulty row by line and column, and nothing written.
    let before = counts(&app).await;
    let header = "nomor_pelanggan;periode;pemakaian_m3;tagihan;jatuh_tempo";
    let faulty = format!(
        "{header}\n\
         0199999999;{p3};40;87500;{}\n\
         {NEW};{};40;87500;{}\n\
         {NEW};{p3};40;0;{}\n\
         {NEW};{p3};-4;87.500;{}\n\
         {NEW};{p2};20;45000;{}\n\
         {NEW};{p2};20;45000;{}\n\
         {NEW};{this_month};20;45000;{}\n\
         {};{};20;45000;{}\n\
         {NEW};{portal_from};20;45000;{}\n\
         {NEW};{};20;45000;{}\n",
        p3.day(20),
        this_month.next(),
        this_month.next().day(20),
        p3.day(20),
        p3.day(20),
        p2.prev().day(20),
        p2.day(20),
        this_month.day(20),
        billed.0,
        billed.1,
        this_month.day(20),
        portal_from.day(20),
        p3.prev(),
        p3.prev().plus_months(4).day(1),
    );
    let report = run(&app, ImportKind::Arrears, &faulty, Mode::Apply).await;
    assert!(!report.applied);
    assert_eq!(
        faults(&report),
        vec![
            (2, Some("nomor_pelanggan"), &Reason::UnknownCustomer),
            (3, Some("periode"), &Reason::FuturePeriod),
            (4, Some("tagihan"), &Reason::NotPositive),
            (5, Some("pemakaian_m3"), &Reason::Negative),
            (5, Some("tagihan"), &Reason::NotWholeNumber("87.500".into())),
            (6, Some("jatuh_tempo"), &Reason::DueBeforePeriod),
            (7, Some("periode"), &Reason::DuplicatePeriodInFile { first_line: 6 }),
            (8, Some("periode"), &Reason::ReadingImported),
            (9, Some("periode"), &Reason::AlreadyBilled),
            (10, Some("periode"), &Reason::PortalBillsPeriod { from: portal_from }),
            (11, Some("jatuh_tempo"), &Reason::DueTooLate),
        ]
    );
    assert_eq!(counts(&app).await, before, "a faulty file writes nothing");

    // A clean file: applied once; the same file again changes nothing; another amount for a
    // period carried over is refused (it may be paid, or have a code open).
    let clean = format!("{header}\n{NEW};{p3};40;87500;{}\n{NEW};{p2};20;45000;{}\n", p3.day(20), p2.day(20));
    let checked = run(&app, ImportKind::Arrears, &clean, Mode::Check).await;
    assert_eq!((checked.applied, checked.added), (false, 2));
    assert_eq!(counts(&app).await, before, "a check writes nothing");
    let applied = run(&app, ImportKind::Arrears, &clean, Mode::Apply).await;
    assert!(applied.applied, "{applied:?}");
    assert_eq!((applied.added, applied.unchanged), (2, 0));
    let again = run(&app, ImportKind::Arrears, &clean, Mode::Apply).await;
    assert_eq!((again.applied, again.added, again.unchanged), (true, 0, 2));
    assert_eq!(counts(&app).await, (before.0 + 2, before.1, 2));
    let changed = format!("{header}\n{NEW};{p3};40;88000;{}\n", p3.day(20));
    let refused = run(&app, ImportKind::Arrears, &changed, Mode::Apply).await;
    assert_eq!(faults(&refused), vec![(2, Some("periode"), &Reason::AlreadyBilled)]);

    // Owed at the stored amounts, each with the late fee the portal's rule gives its due date.
    let number = app::domain::CustomerNumber::parse(NEW).unwrap();
    let owed = app::ssr::accounts::statement(&app.state, &number, today).await.unwrap().unwrap().statement;
    let rules = app.state.rules.get();
    let fee = |amount: i64, due: chrono::NaiveDate| {
        rules.late_fee.for_due(due).fee("RT-A", Money::rupiah(amount), due, today).unwrap()
    };
    assert_eq!(owed.periods(), vec![p3, p2]);
    assert!(owed.bills.iter().all(|b| matches!(b.charges, app::domain::Charges::CarriedOver { .. })));
    let expected = Money::rupiah(87_500 + 45_000) + fee(87_500, p3.day(20)) + fee(45_000, p2.day(20));
    assert_eq!(owed.total, expected);
    assert!(owed.bills[0].late_fee > Money::ZERO, "long overdue costs a fee");

    // A reading of a period carried over would never be billed: refused.
    let reading =
        format!("nomor_pelanggan,periode,tanggal_baca,stand_awal,stand_akhir\n{NEW},{p2},{},1,2\n", p2.day(1));
    let refused = run(&app, ImportKind::Readings, &reading, Mode::Apply).await;
    assert_eq!(faults(&refused), vec![(2, Some("periode"), &Reason::AlreadyBilled)]);

    // The bill page shows them as carried over, without a breakdown the portal did not make.
    let page = app.get(&format!("/tagihan?no={NEW}")).await;
    assert_eq!(page.status, 200);
    assert_eq!(page.body.matches(r#"data-origin="carried-over""#).count(), 2, "{}", page.body);
    assert!(page.body.contains(r#"data-alert="carried-over""#) && page.body.contains("Rp 87.500"));
    assert!(!page.body.contains("Stand awal") && !page.body.contains("Harga air"), "no breakdown: {}", page.body);

    // Staff see it on the record, and a correction of its reading is refused with the reason.
    app.add_staff("admin1", "admin", None).await;
    app.add_staff("teller1", "teller", Some("01")).await;
    let admin = app.sign_in("admin1").await;
    let record = app.get_as(&format!("/staf/pelanggan/{NEW}"), &admin).await;
    assert!(record.body.contains("dialihkan dari sistem lama"), "{}", record.body);
    assert!(!record.body.contains(r#"name="stand_akhir""#), "nothing to correct: {}", record.body);
    let correct = app
        .post_form(
            "/api/staff/customers/correct-bill",
            Some(&admin),
            &[
                ("csrf", &admin.csrf),
                ("number", NEW),
                ("period", &p2.to_string()),
                ("stand_akhir", "130"),
                ("reason", "cek ulang"),
            ],
        )
        .await;
    assert_eq!(correct.status, 409, "{}", correct.body);
    assert!(correct.body.contains("CarriedOverBill"), "{}", correct.body);

    // The counter takes it like any other bill, and it is paid once.
    let teller = app.sign_in("teller1").await;
    let screen = app.post_form("/api/counter/account", Some(&teller), &[("number", NEW)]).await;
    assert_eq!(screen.status, 200, "{}", screen.body);
    let v: serde_json::Value = serde_json::from_str(&screen.body).unwrap();
    assert_eq!(v["total"].as_str().unwrap(), expected.whole_rupiah().unwrap().to_string());
    let paid = app
        .post_form(
            "/api/counter/pay",
            Some(&teller),
            &[
                ("csrf", &teller.csrf),
                ("number", NEW),
                ("amount", v["total"].as_str().unwrap()),
                ("request_id", v["request_id"].as_str().unwrap()),
            ],
        )
        .await;
    assert_eq!(paid.status, 200, "{}", paid.body);
    let unpaid: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM bills b JOIN customers c ON c.id = b.customer_id WHERE c.number = $1 AND b.payment_id IS NULL",
    )
    .bind(NEW)
    .fetch_one(db)
    .await
    .unwrap();
    assert_eq!(unpaid, 0);
    let after = app.get(&format!("/tagihan?no={NEW}")).await;
    assert!(!after.body.contains(r#"data-origin="carried-over""#), "paid: {}", after.body);
}

/// id, customer, period, reading, usage, water charge, fixed charges, amount, payment, late fee.
type BillColumns = (i64, i64, String, Option<i64>, i64, Option<i64>, Option<i64>, i64, Option<i64>, Option<i64>);

/// The migration that lets a bill carry no reading rebuilds SQLite's `bills`: on a database with
/// a history, every bill and everything pointing at one (payment codes, adjustment lines) stays.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn making_room_for_carried_over_bills_keeps_every_bill_of_a_database_in_use() {
    use sqlx::migrate::Migrator;
    let path = common::temp_db();
    let url = format!("sqlite://{}?mode=rwc", path.display());
    let pool = server::db::connect(&url, 1).await.unwrap();
    let all = sqlx::migrate!("../migrations/portable");
    let migrations = all.migrations.iter().filter(|m| m.version < 17).cloned().collect();
    let before_carried_over = Migrator { migrations: std::borrow::Cow::Owned(migrations), ..Migrator::DEFAULT };
    before_carried_over.run(&pool).await.unwrap();
    let options = server::demo::DemoOptions { customers: 20, seed: 3, as_of: "2026-11-26".parse().unwrap() };
    server::demo::generate(&pool, &options).await.unwrap();
    // A payment code open for the bills of a customer four months behind, and a correction line on one of them.
    sqlx::query(
        "INSERT INTO payment_intents (id, reference, customer_id, channel, amount, status, created_at, expires_at)
         VALUES (1, 'QR-MIGRATE', 4, 'qris', 1, 'pending', '2026-11-26T01:00:00Z', '2026-11-26T02:00:00Z')",
    )
    .execute(&pool)
    .await
    .unwrap();
    sqlx::query("INSERT INTO payment_intent_bills (intent_id, bill_id, late_fee) SELECT 1, id, 0 FROM bills WHERE customer_id = 4 AND payment_id IS NULL")
        .execute(&pool)
        .await
        .unwrap();
    sqlx::query(
        "INSERT INTO bill_adjustments (customer_id, kind, period, detail, amount, created_at, bill_id)
         SELECT customer_id, 'reading_corrected', period, '', 500, '2026-11-26T01:00:00Z', id FROM bills WHERE id = 5",
    )
    .execute(&pool)
    .await
    .unwrap();
    let everything = |pool: sqlx::AnyPool| async move {
        let bills: Vec<BillColumns> = sqlx::query_as(
                "SELECT id, customer_id, period, reading_id, usage_m3, water_charge, fixed_charges, amount, payment_id, late_fee
                 FROM bills ORDER BY id",
            )
            .fetch_all(&pool)
            .await
            .unwrap();
        let pointing: (i64, i64) = sqlx::query_as(
            "SELECT (SELECT COUNT(*) FROM payment_intent_bills ib JOIN bills b ON b.id = ib.bill_id),
                    (SELECT COUNT(*) FROM bill_adjustments a JOIN bills b ON b.id = a.bill_id)",
        )
        .fetch_one(&pool)
        .await
        .unwrap();
        (bills, pointing)
    };
    let before = everything(pool.clone()).await;
    assert_eq!(before.0.len(), 20 * 24);
    assert!(before.1 .0 > 0 && before.1 .1 == 1, "{:?}", before.1);

    server::db::migrate(&pool).await.unwrap();
    assert_eq!(everything(pool.clone()).await, before);
    let broken: Vec<(String,)> =
        sqlx::query_as("SELECT \"table\" FROM pragma_foreign_key_check").fetch_all(&pool).await.unwrap();
    assert!(broken.is_empty(), "{broken:?}");
    pool.close().await;
    let _ = std::fs::remove_file(&path);
}
