//! Benchmark of the bank-facing API on SQLite: signed VA inquiries, then payments, from
//! concurrent clients against the real app on loopback. Reproducible: a fixed demo seed.
//!
//!   cargo run --release -p server --example bank_api_bench -- [customers] [concurrency] [seconds]
//!
//! Prints a summary and writes it to target/bench/bank-api.json.

use app::domain::signature::{snap_hmac, snap_string_to_sign};
use base64::{engine::general_purpose::STANDARD as BASE64, Engine as _};
use rsa::pkcs8::EncodePublicKey;
use rsa::signature::{SignatureEncoding, Signer};
mod measure;

use measure::percentile;
use serde_json::{json, Value};
use server::demo::{self, DemoOptions};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

const BANK: &str = "bri";
const BILLER: &str = "   88810";
const SECRET: &str = "bench-secret";

static EXTERNAL: AtomicU64 = AtomicU64::new(1);

struct Client {
    http: reqwest::Client,
    base: String,
    token: String,
}

impl Client {
    async fn call(&self, path: &str, body: &Value) -> (u16, Value) {
        let body = serde_json::to_string(body).unwrap();
        let ts = app::ssr::clock::snap_timestamp(chrono::Utc::now());
        let signature = snap_hmac(SECRET, &snap_string_to_sign("POST", path, &self.token, body.as_bytes(), &ts));
        let r = self
            .http
            .post(format!("{}{path}", self.base))
            .bearer_auth(&self.token)
            .header("x-timestamp", ts)
            .header("x-signature", signature)
            .header("x-partner-id", BANK)
            .header("x-external-id", EXTERNAL.fetch_add(1, Ordering::Relaxed).to_string())
            .header("content-type", "application/json")
            .body(body)
            .send()
            .await
            .expect("the server answers");
        let status = r.status().as_u16();
        (status, r.json().await.unwrap_or(Value::Null))
    }
}

fn summary(name: &str, latencies: Vec<Duration>, errors: usize, elapsed: Duration) -> Value {
    let mut latencies: Vec<f64> = latencies.iter().map(|d| d.as_secs_f64() * 1000.0).collect();
    latencies.sort_by(f64::total_cmp);
    let n = latencies.len();
    let line = json!({
        "name": name,
        "requests": n,
        "errors": errors,
        "seconds": elapsed.as_secs_f64(),
        "per_second": n as f64 / elapsed.as_secs_f64(),
        "p50_ms": percentile(&latencies, 0.50),
        "p99_ms": percentile(&latencies, 0.99),
    });
    println!(
        "{name:<10} {n:>7} requests  {:>8.0} req/s  p50 {:>6.2} ms  p99 {:>6.2} ms  errors {errors}",
        line["per_second"].as_f64().unwrap(),
        line["p50_ms"].as_f64().unwrap(),
        line["p99_ms"].as_f64().unwrap()
    );
    line
}

/// Runs `job` from `concurrency` workers until `seconds` pass or a job says there is no more
/// work (None). Job numbers are handed out once each, in order. Each job reports the latency
/// it measured and whether it succeeded.
async fn phase<F, Fut>(name: &str, concurrency: usize, seconds: u64, job: F) -> Value
where
    F: Fn(usize) -> Fut + Clone + Send + 'static,
    Fut: std::future::Future<Output = Option<(Duration, bool)>> + Send,
{
    let next = Arc::new(AtomicUsize::new(0));
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let t0 = Instant::now();
    let workers: Vec<_> = (0..concurrency)
        .map(|_| {
            let (job, next) = (job.clone(), next.clone());
            tokio::spawn(async move {
                let (mut latencies, mut errors) = (Vec::new(), 0usize);
                while Instant::now() < deadline {
                    let Some((latency, ok)) = job(next.fetch_add(1, Ordering::Relaxed)).await else {
                        break;
                    };
                    latencies.push(latency);
                    errors += usize::from(!ok);
                }
                (latencies, errors)
            })
        })
        .collect();
    let (mut latencies, mut errors) = (Vec::new(), 0);
    for w in workers {
        let (l, e) = w.await.expect("a worker finished");
        latencies.extend(l);
        errors += e;
    }
    summary(name, latencies, errors, t0.elapsed())
}

#[tokio::main]
async fn main() {
    let args: Vec<u64> =
        std::env::args().skip(1).map(|a| a.parse().expect("numbers: customers concurrency seconds")).collect();
    let customers = *args.first().unwrap_or(&20_000) as u32;
    let concurrency = *args.get(1).unwrap_or(&32) as usize;
    let seconds = *args.get(2).unwrap_or(&10);

    let db_path = std::env::temp_dir().join(format!("tirta-bench-{}.db", std::process::id()));
    let url = format!("sqlite://{}?mode=rwc", db_path.display());
    let pool = server::db::connect(&url, 2).await.unwrap();
    server::db::migrate(&pool).await.unwrap();
    let started = Instant::now();
    demo::generate(&pool, &DemoOptions { customers, seed: 20_260_601, as_of: app::ssr::clock::today_wib() })
        .await
        .unwrap();
    println!("dataset: {customers} customers, 24 months, generated in {:.1} s", started.elapsed().as_secs_f64());
    let key = rsa::RsaPrivateKey::new(&mut rand_core::OsRng, 2048).unwrap();
    let public = key.to_public_key().to_public_key_pem(rsa::pkcs8::LineEnding::LF).unwrap();
    sqlx::query("UPDATE partners SET client_secret = $1, public_key_pem = $2 WHERE id = $3")
        .bind(SECRET)
        .bind(public)
        .bind(BANK)
        .execute(&pool)
        .await
        .unwrap();
    // Everything into the main file (not the write-ahead log): each run gets a copy of it.
    sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)").execute(&pool).await.unwrap();
    pool.close().await;

    // The same dataset, the same load: SQLite syncing only at checkpoints (NORMAL, before) and
    // at every commit (FULL, what a payment answered to a bank needs), one after the other.
    let mut runs = Vec::new();
    for durability in ["normal", "full"] {
        let copy = std::env::temp_dir().join(format!("tirta-bench-{}-{durability}.db", std::process::id()));
        std::fs::copy(&db_path, &copy).expect("the dataset copies");
        let results = run(&copy, durability, &key, concurrency, seconds).await;
        runs.push(json!({"synchronous": durability, "results": results}));
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", copy.display()));
        }
    }

    let report = json!({
        "date": chrono::Utc::now().to_rfc3339(),
        "machine": format!("{} cores", std::thread::available_parallelism().map(|n| n.get()).unwrap_or(0)),
        "database": "SQLite (WAL)",
        "customers": customers,
        "concurrency": concurrency,
        "runs": runs,
    });
    let out = std::env::var("TIRTA_BENCH_OUT").unwrap_or_else(|_| "target/bench".into());
    std::fs::create_dir_all(&out).ok();
    std::fs::write(format!("{out}/bank-api.json"), serde_json::to_string_pretty(&report).unwrap()).ok();
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", db_path.display()));
    }
}

/// Serves a copy of the dataset with this durability and measures inquiries, then payments.
async fn run(
    db_path: &std::path::Path,
    durability: &str,
    key: &rsa::RsaPrivateKey,
    concurrency: usize,
    seconds: u64,
) -> Vec<Value> {
    let url = format!("sqlite://{}?mode=rwc", db_path.display());
    // Demo mode: the only one in which SQLite may sync less than every commit.
    let vars = [
        ("TIRTA_DATABASE_URL", url.clone()),
        ("LEPTOS_SITE_ADDR", "127.0.0.1:0".into()),
        ("TIRTA_LOG_FORMAT", "text".into()),
        ("TIRTA_MODE", "demo".into()),
        ("TIRTA_SQLITE_SYNCHRONOUS", durability.into()),
    ];
    let config =
        server::config::Config::from_lookup(|n| vars.iter().find(|(k, _)| *k == n).map(|(_, v)| v.clone())).unwrap();
    let state = server::prepare(&config).await.unwrap();
    // Accounts a bank may be asked about and may pay: something unpaid, not in long arrears.
    let payable: Vec<String> = sqlx::query_scalar(
        "SELECT c.number FROM customers c WHERE (SELECT COUNT(*) FROM bills b WHERE b.customer_id = c.id AND b.payment_id IS NULL) BETWEEN 1 AND 2",
    )
    .fetch_all(&state.db)
    .await
    .unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let db = state.db.clone();
    let server = tokio::spawn(server::serve(listener, server::router(state, &config), std::future::pending()));

    let http = reqwest::Client::builder().pool_max_idle_per_host(concurrency).build().unwrap();
    let ts = app::ssr::clock::snap_timestamp(chrono::Utc::now());
    let signature = BASE64.encode(
        rsa::pkcs1v15::SigningKey::<sha2::Sha256>::new(key.clone()).sign(format!("{BANK}|{ts}").as_bytes()).to_bytes(),
    );
    let token: Value = http
        .post(format!("{base}/v1.0/access-token/b2b"))
        .header("x-client-key", BANK)
        .header("x-timestamp", ts)
        .header("x-signature", signature)
        .json(&json!({"grantType": "client_credentials"}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let Some(token) = token["accessToken"].as_str() else { panic!("no access token: {token}") };
    let client = Arc::new(Client { http, base, token: token.to_string() });
    let payable = Arc::new(payable);
    println!(
        "synchronous = {durability}: {} payable accounts; {concurrency} concurrent clients, {seconds} s per phase",
        payable.len()
    );

    // Phase 1: inquiries for payable accounts, spread over all of them.
    let inquiry = {
        let (client, payable) = (client.clone(), payable.clone());
        phase("inquiry", concurrency, seconds, move |i| {
            let (client, payable) = (client.clone(), payable.clone());
            async move {
                let customer = &payable[(i * 7919) % payable.len()];
                let body = json!({"partnerServiceId": BILLER, "customerNo": customer, "virtualAccountNo": format!("{BILLER}{customer}"), "inquiryRequestId": i.to_string()});
                let t = Instant::now();
                let (status, _) = client.call("/v1.0/transfer-va/inquiry", &body).await;
                Some((t.elapsed(), status == 200))
            }
        })
        .await
    };

    // Phase 2: each payable account paid once (an inquiry for the amount, then the timed payment).
    let payment = {
        let (client, payable) = (client.clone(), payable.clone());
        phase("payment", concurrency, seconds, move |i| {
            let (client, payable) = (client.clone(), payable.clone());
            async move {
                let customer = payable.get(i)?;
                let va = json!({"partnerServiceId": BILLER, "customerNo": customer, "virtualAccountNo": format!("{BILLER}{customer}")});
                let mut ask = va.clone();
                ask["inquiryRequestId"] = json!(i.to_string());
                let (_, owed) = client.call("/v1.0/transfer-va/inquiry", &ask).await;
                let mut pay = va;
                pay["paymentRequestId"] = json!(format!("BENCH-{i}"));
                pay["paidAmount"] = owed["virtualAccountData"]["totalAmount"].clone();
                let t = Instant::now();
                let (status, _) = client.call("/v1.0/transfer-va/payment", &pay).await;
                Some((t.elapsed(), status == 200))
            }
        })
        .await
    };
    server.abort();
    db.close().await;
    vec![inquiry, payment]
}
