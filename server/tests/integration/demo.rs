//! The demo generator: deterministic, consistent with the billing domain, realistic in shape.

use crate::common;

use app::domain::CustomerNumber;
use server::demo::{generate, DemoError, DemoOptions};

async fn fresh_pool() -> (sqlx::AnyPool, common::TestDb) {
    let db = common::TestDb::create().await;
    let pool = server::db::connect(&db.url, 2).await.unwrap();
    server::db::migrate(&pool).await.unwrap();
    (pool, db)
}

async fn fingerprint(pool: &sqlx::AnyPool) -> Vec<(String, String, i64, Option<i64>)> {
    sqlx::query_as("SELECT c.number, b.period, b.amount, b.late_fee FROM bills b JOIN customers c ON c.id = b.customer_id ORDER BY c.number, b.period")
        .fetch_all(pool)
        .await
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_same_seed_gives_the_same_data() {
    let options = DemoOptions { customers: 120, seed: 42, as_of: "2026-11-26".parse().unwrap() };
    let (a, _a) = fresh_pool().await;
    let (b, _b) = fresh_pool().await;
    generate(&a, &options).await.unwrap();
    generate(&b, &options).await.unwrap();
    let (fa, fb) = (fingerprint(&a).await, fingerprint(&b).await);
    assert_eq!(fa.len(), 120 * 24);
    assert_eq!(fa, fb);
    let (c, _c) = fresh_pool().await;
    generate(&c, &DemoOptions { seed: 43, ..options }).await.unwrap();
    assert_ne!(fingerprint(&c).await, fa, "another seed, other data");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn refuses_a_database_that_has_data() {
    let (pool, _db) = fresh_pool().await;
    let options = DemoOptions { customers: 10, seed: 1, as_of: "2026-11-26".parse().unwrap() };
    generate(&pool, &options).await.unwrap();
    assert!(matches!(generate(&pool, &options).await, Err(DemoError::NotEmpty)));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_account_adds_up_and_the_mix_is_realistic() {
    let app = common::spawn(common::Options { customers: 400, ..Default::default() }).await;
    let numbers: Vec<(String,)> =
        sqlx::query_as("SELECT number FROM customers").fetch_all(&app.state.db).await.unwrap();
    assert_eq!(numbers.len(), 400);
    let today = app::ssr::clock::today_wib();
    let mut with_unpaid = 0;
    let mut overdue_accounts = 0;
    for (number,) in &numbers {
        let number = CustomerNumber::parse(number).unwrap();
        // Recomputes every unpaid bill from its reading and tariff and checks the stored amount.
        let account = app::ssr::accounts::bill_page(&app.state, &number, today).await.unwrap().unwrap();
        with_unpaid += usize::from(!account.unpaid.is_empty());
        overdue_accounts += usize::from(account.overdue_count() > 0);
        assert!(account.usage.len() <= 24);
    }
    // Around the 20th a good share owe something; most are not in arrears.
    assert!(with_unpaid > 20 && with_unpaid < 380, "{with_unpaid} of 400 owe something");
    assert!(overdue_accounts > 10 && overdue_accounts < 200, "{overdue_accounts} of 400 overdue");
    let estimated: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM meter_readings WHERE estimated = 1")
        .fetch_one(&app.state.db)
        .await
        .unwrap();
    let replaced: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM meter_readings WHERE stand_angkat IS NOT NULL")
        .fetch_one(&app.state.db)
        .await
        .unwrap();
    let late_paid: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM bills WHERE late_fee > 0").fetch_one(&app.state.db).await.unwrap();
    assert!(estimated > 50, "{estimated} estimated readings");
    assert_eq!(replaced, 1, "one meter replacement");
    assert!(late_paid > 100, "{late_paid} bills paid late");
    let offices: i64 =
        sqlx::query_scalar("SELECT COUNT(DISTINCT office_id) FROM customers").fetch_one(&app.state.db).await.unwrap();
    assert!(offices >= 8);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_demo_made_through_the_import_files_and_billing_runs_is_the_generators_data() {
    let options = DemoOptions { customers: 60, seed: 42, as_of: "2026-11-26".parse().unwrap() };
    let (direct, _a) = fresh_pool().await;
    let (imported, _b) = fresh_pool().await;
    let dir = common::temp_db().with_extension("demo-data");
    let written = generate(&direct, &options).await.unwrap();
    let made = server::demo::files::generate(&imported, &options, &dir).await.unwrap();
    assert_eq!(made, written);
    // Every bill, its amount and its late fee, the same.
    assert_eq!(fingerprint(&imported).await, fingerprint(&direct).await);
    // The files are there, in the import formats, one per month.
    let files = std::fs::read_dir(&dir).unwrap().count();
    assert_eq!(files, 1 + 24);
    let readings = std::fs::read_to_string(dir.join("baca-meter-2026-11.csv")).unwrap();
    assert!(readings.starts_with("nomor_pelanggan,periode,tanggal_baca,stand_awal,stand_akhir"), "{readings}");
    // Each month went through a published billing run, recorded in the audit log.
    let runs: (i64, i64) = sqlx::query_as(
        "SELECT (SELECT COUNT(*) FROM billing_runs WHERE state = 'published'),
                (SELECT COUNT(*) FROM audit_log WHERE action = 'readings_imported')",
    )
    .fetch_one(&imported)
    .await
    .unwrap();
    assert_eq!(runs, (24, 24));
    // A second seed of the same database is refused, as for the direct path.
    assert!(matches!(server::demo::files::generate(&imported, &options, &dir).await, Err(DemoError::NotEmpty)));
    let _ = std::fs::remove_dir_all(&dir);
}
