//! Benchmark of a utility moving in: importing its customers and a month of their readings,
//! the same files a second time (nothing changes), and the month's billing run for them
//! (drafted, every held bill accepted, published). On SQLite, and on PostgreSQL when a server
//! is given. Reproducible: the files are generated from the row number alone.
//!
//!   cargo run --release -p server --example import_bench -- [customers] [postgres server URL]
//!
//! Prints a summary and writes it to target/bench/imports.json.

use app::domain::staff::Role;
use app::domain::Period;
use app::model::imports::ImportKind;
use app::ssr::db::audit::By;
use app::ssr::db::staff::{create, NewStaff};
use app::ssr::imports::{import, Mode};
use serde_json::{json, Value};
use server::demo::{self, DemoOptions};
use std::fmt::Write as _;
use std::time::Instant;

const GROUPS: &[&str] = &["RT-A", "RT-B", "RT-A1", "NK", "SU"];

fn customers_file(n: usize) -> String {
    let mut file = String::from(
        "nomor_pelanggan;nama;alamat;desa;kecamatan;kode_golongan;ukuran_meter;kode_kantor;telepon;tanggal_pasang;status\n",
    );
    for i in 0..n {
        let office = i % 10 + 1;
        let _ = writeln!(
            file,
            "{office:02}{:08};Pelanggan {i};Jl. Nomor {} RT {:02};Desa {};Kecamatan {};{};1/2;{office:02};08{:010};2015-03-{:02};aktif",
            i,
            i % 200,
            i % 12,
            i % 40,
            office,
            GROUPS[i % GROUPS.len()],
            i,
            i % 28 + 1
        );
    }
    file
}

fn readings_file(n: usize, period: Period) -> String {
    let mut file = String::from("nomor_pelanggan,periode,tanggal_baca,stand_awal,stand_akhir\n");
    for i in 0..n {
        let office = i % 10 + 1;
        let _ = writeln!(file, "{office:02}{i:08},{period},2026-11-26,{},{}", i % 900, i % 900 + 8 + i % 30);
    }
    file
}

async fn measure(url: &str, customers: usize) -> Value {
    let pool = server::db::connect(url, 4).await.expect("database opens");
    server::db::migrate(&pool).await.expect("migrations run");
    let as_of = "2026-11-26".parse().unwrap();
    // The utility's reference data (offices, groups, tariffs), no customers.
    demo::generate(&pool, &DemoOptions { customers: 0, seed: 1, as_of }).await.expect("reference data");
    sqlx::query(
        "INSERT INTO settings (key, value) VALUES ('customer_number_digits', '10') ON CONFLICT (key) DO NOTHING",
    )
    .execute(&pool)
    .await
    .unwrap();
    let by = By { actor: None, name: "bench", ip: None };
    let admin = create(
        &pool,
        NewStaff {
            username: "bench.admin".into(),
            full_name: "Bench".into(),
            role: Role::Admin,
            office_code: None,
            counter_no: None,
            password: "bench password 1".into(),
        },
        &by,
    )
    .await
    .expect("staff account");
    let period: Period = "2026-12".parse().unwrap();
    let today = "2026-11-28".parse().unwrap();
    let (people, readings) = (customers_file(customers), readings_file(customers, period));
    let timed = |label: &'static str| {
        let start = Instant::now();
        move || {
            let s = start.elapsed().as_secs_f64();
            eprintln!("  {label}: {s:.1} s");
            s
        }
    };
    let run_import = |kind, bytes: &'static [u8]| {
        let (pool, by) = (pool.clone(), By { actor: None, name: "bench", ip: None });
        async move {
            let report = import(&pool, &by, kind, "bench.csv", bytes, Mode::Apply, today).await.expect("import runs");
            assert!(report.applied, "{:?}", report.faults.first());
            report
        }
    };
    let people: &'static [u8] = Box::leak(people.into_bytes().into_boxed_slice());
    let readings: &'static [u8] = Box::leak(readings.into_bytes().into_boxed_slice());

    let done = timed("customers");
    let first = run_import(ImportKind::Customers, people).await;
    let customers_s = done();
    assert_eq!(first.added, customers);
    let done = timed("customers again");
    let again = run_import(ImportKind::Customers, people).await;
    let customers_again_s = done();
    assert_eq!(again.unchanged, customers);
    let done = timed("readings");
    run_import(ImportKind::Readings, readings).await;
    let readings_s = done();
    let done = timed("readings again");
    run_import(ImportKind::Readings, readings).await;
    let readings_again_s = done();

    let done = timed("billing run drafted");
    let run = app::ssr::billing::draft_run(&pool, &by, admin.id, period, None, today).await.expect("run drafts");
    let draft_s = done();
    let mut conn = pool.acquire().await.unwrap();
    app::ssr::db::billing::accept(&mut conn, run, None, admin.id).await.unwrap();
    drop(conn);
    let done = timed("billing run published");
    app::ssr::billing::publish_run(&pool, &by, admin.id, run, None).await.expect("run publishes");
    let publish_s = done();
    let bills: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM bills WHERE period = '2026-12'").fetch_one(&pool).await.unwrap();
    assert_eq!(bills as usize, customers);
    pool.close().await;
    json!({
        "customers_s": customers_s,
        "customers_again_s": customers_again_s,
        "readings_s": readings_s,
        "readings_again_s": readings_again_s,
        "billing_draft_s": draft_s,
        "billing_publish_s": publish_s,
        "file_bytes": { "customers": people.len(), "readings": readings.len() },
    })
}

#[tokio::main]
async fn main() {
    let mut args = std::env::args().skip(1);
    let customers: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(135_000);
    let postgres = args.next().filter(|a| !a.is_empty());
    let dir = std::env::temp_dir().join(format!("tirta-import-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    eprintln!("SQLite, {customers} customers");
    let sqlite = measure(&format!("sqlite://{}?mode=rwc", dir.join("bench.db").display()), customers).await;
    let _ = std::fs::remove_dir_all(&dir);
    let postgres = match postgres {
        Some(server) => {
            let server = server.trim_end_matches('/').to_string();
            let name = format!("tirta_import_bench_{}", std::process::id());
            server::db::on_server(&server, &format!("CREATE DATABASE {name}")).await.expect("database created");
            eprintln!("PostgreSQL, {customers} customers");
            let result = measure(&format!("{server}/{name}"), customers).await;
            let _ = server::db::on_server(&server, &format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")).await;
            Some(result)
        }
        None => None,
    };
    let out = json!({ "customers": customers, "sqlite": sqlite, "postgres": postgres });
    std::fs::create_dir_all("target/bench").unwrap();
    std::fs::write("target/bench/imports.json", serde_json::to_string_pretty(&out).unwrap()).unwrap();
    println!("{}", serde_json::to_string_pretty(&out).unwrap());
}
