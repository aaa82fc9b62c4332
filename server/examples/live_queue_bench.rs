//! Benchmark of the live queue: how many open queue screens and ticket pages (server-sent event
//! streams) one server keeps, how long a teller's call takes to reach all of them, and the
//! server's memory. The server runs as a child process so its memory is its own; the clients are
//! plain HTTP/1.1 connections on loopback.
//!
//!   scripts/bench-live.sh [--replicas N] [clients ...] [calls per step]   (default: 1, 1000 5000, 20)
//!
//! With `--replicas 2` (or more) the servers share a fresh PostgreSQL database
//! (`TIRTA_BENCH_POSTGRES`, default the local server): the pages are spread over the replicas
//! and the teller calls through the first, so most pages learn of the call from another process.
//!
//! Prints a summary and writes it to target/bench/live-queue.json.

mod measure;

use measure::{percentile, rss_mb};
use serde_json::{json, Value};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::io::AsyncWriteExt;
use tokio::net::TcpStream;

const PASSWORD: &str = "bench password 2026";

/// The child: serves the portal on `addr` against `url` until killed.
async fn serve(url: String, addr: String) {
    // Thousands of open pages from one address: the benchmark lifts the per-address cap.
    let vars = [
        ("TIRTA_DATABASE_URL", url),
        ("LEPTOS_SITE_ADDR", addr.clone()),
        ("TIRTA_PUBLIC_URL", format!("http://{addr}")),
        ("TIRTA_LIVE_STREAMS_PER_ADDRESS", "100000".into()),
        ("TIRTA_LIVE_STREAMS", "100000".into()),
        ("RUST_LOG", "warn".into()),
    ];
    let config =
        server::config::Config::from_lookup(|n| vars.iter().find(|(k, _)| *k == n).map(|(_, v)| v.clone())).unwrap();
    let state = server::prepare(&config).await.unwrap();
    let listener = tokio::net::TcpListener::bind(&addr).await.unwrap();
    server::serve(listener, server::router(state, &config), std::future::pending()).await.unwrap();
}

/// Arrival times of the newest call at every client, per call round.
type Arrivals = Arc<Mutex<Vec<Instant>>>;

/// One open page: follows the office's stream and notes when each call arrives. It reads raw
/// bytes and looks for the call's marker in them, as cheaply as it can: the readers share the
/// machine's cores with the servers they measure.
async fn follow(addr: String, arrivals: Arrivals, ready: tokio::sync::mpsc::Sender<()>) {
    use tokio::io::AsyncReadExt;
    const MARKER: &[u8] = br#""action":"call""#;
    let Ok(mut stream) = TcpStream::connect(&addr).await else {
        return;
    };
    let request = format!("GET /api/v1/live?office=02 HTTP/1.1\r\nHost: {addr}\r\nAccept: text/event-stream\r\n\r\n");
    if stream.write_all(request.as_bytes()).await.is_err() {
        return;
    }
    let mut ready = Some(ready);
    let mut buffer = vec![0u8; 4096];
    // The end of what was read before: a marker split across two reads is still found.
    let mut carried = 0usize;
    loop {
        let Ok(read) = stream.read(&mut buffer[carried..]).await else { return };
        if read == 0 {
            return;
        }
        let seen = &buffer[..carried + read];
        if ready.is_some() && seen.windows(4).any(|w| w == b"\r\n\r\n") {
            // The end of the response headers: the stream is open.
            let _ = ready.take().expect("checked").send(()).await;
        }
        let calls = seen.windows(MARKER.len()).filter(|w| *w == MARKER).count();
        if calls > 0 {
            let now = Instant::now();
            arrivals.lock().unwrap().extend(std::iter::repeat_n(now, calls));
        }
        let keep = seen.len().min(MARKER.len() - 1);
        let tail = seen.len() - keep;
        buffer.copy_within(tail..tail + keep, 0);
        carried = keep;
    }
}

async fn post(http: &reqwest::Client, url: &str, cookie: &str, form: &[(&str, &str)]) -> u16 {
    http.post(url).header("cookie", cookie).form(form).send().await.map(|r| r.status().as_u16()).unwrap_or(0)
}

#[tokio::main]
async fn main() {
    let mut args = std::env::args().skip(1);
    if let Some("--serve") = args.next().as_deref() {
        let (url, addr) = (args.next().unwrap(), args.next().unwrap());
        return serve(url, addr).await;
    }
    let mut rest: Vec<String> = std::env::args().skip(1).collect();
    let mut replicas = 1usize;
    if rest.first().map(String::as_str) == Some("--replicas") {
        replicas = rest.get(1).and_then(|r| r.parse().ok()).expect("--replicas N");
        rest.drain(..2);
    }
    let numbers: Vec<usize> = rest.iter().map(|a| a.parse().expect("numbers: clients... calls")).collect();
    let (steps, calls) = match numbers.as_slice() {
        [] => (vec![1000, 5000], 20),
        [one] => (vec![*one], 20),
        [steps @ .., calls] => (steps.to_vec(), *calls),
    };

    let db_path = std::env::temp_dir().join(format!("tirta-live-bench-{}.db", std::process::id()));
    let postgres =
        std::env::var("TIRTA_BENCH_POSTGRES").unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432".into());
    let pg_name = format!("tirta_live_bench_{}", std::process::id());
    let url = if replicas > 1 {
        server::db::on_server(&postgres, &format!("CREATE DATABASE {pg_name}"))
            .await
            .expect("PostgreSQL creates the database");
        format!("{postgres}/{pg_name}")
    } else {
        format!("sqlite://{}?mode=rwc", db_path.display())
    };
    let pool = server::db::connect(&url, 2).await.unwrap();
    server::db::migrate(&pool).await.unwrap();
    server::demo::generate(
        &pool,
        &server::demo::DemoOptions { customers: 50, seed: 7, as_of: app::ssr::clock::today_wib() },
    )
    .await
    .unwrap();
    app::ssr::db::staff::create(
        &pool,
        app::ssr::db::staff::NewStaff {
            username: "bench.teller".into(),
            full_name: "Bench Teller".into(),
            role: app::domain::staff::Role::Teller,
            office_code: Some("02".into()),
            counter_no: Some(1),
            password: PASSWORD.into(),
        },
        &app::ssr::db::audit::By { actor: None, name: "server staff add", ip: None },
    )
    .await
    .unwrap();
    pool.close().await;

    let http = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
    let mut children = Vec::new();
    let mut addrs = Vec::new();
    for _ in 0..replicas {
        let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let addr = format!("127.0.0.1:{port}");
        children.push(
            std::process::Command::new(std::env::current_exe().unwrap())
                .args(["--serve", &url, &addr])
                .spawn()
                .expect("the server starts"),
        );
        for _ in 0..100 {
            if http.get(format!("http://{addr}/readyz")).send().await.is_ok_and(|r| r.status().is_success()) {
                break;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        addrs.push(addr);
    }
    let pids: Vec<u32> = children.iter().map(|c| c.id()).collect();
    // The largest replica's memory: each is a process of its own.
    let rss_mb_max = move || pids.iter().map(|p| rss_mb(*p)).fold(0.0, f64::max);
    let base = format!("http://{}", addrs[0]);
    let at_rest_mb = rss_mb_max();

    let login = http
        .post(format!("{base}/api/staff/login"))
        .form(&[("username", "bench.teller"), ("password", PASSWORD)])
        .send()
        .await
        .unwrap();
    let cookie = login.headers()["set-cookie"].to_str().unwrap().split(';').next().unwrap().to_string();
    let me: Value =
        http.post(format!("{base}/api/staff/me")).header("cookie", &cookie).send().await.unwrap().json().await.unwrap();
    let csrf = me["csrf"].as_str().unwrap().to_string();
    let counter_url = format!("{base}/api/queue/counter");
    let walk_in_url = format!("{base}/api/queue/walk-in");
    let service: i64 = {
        let pool = server::db::connect(&url, 1).await.unwrap();
        sqlx::query_scalar("SELECT s.id FROM queue_services s JOIN unit_offices o ON o.id = s.office_id WHERE o.code = '02' AND s.prefix = 'A'")
            .fetch_one(&pool)
            .await
            .unwrap()
    };
    let service = service.to_string();
    assert_eq!(post(&http, &counter_url, &cookie, &[("csrf", &csrf), ("counter", "1"), ("action", "open")]).await, 200);

    let mut results = Vec::new();
    let mut open = 0usize;
    let arrivals: Arrivals = Arc::new(Mutex::new(Vec::new()));
    for target in steps {
        // Open more pages until `target` are connected.
        let (ready_tx, mut ready_rx) = tokio::sync::mpsc::channel(1024);
        let t_connect = Instant::now();
        for i in open..target {
            tokio::spawn(follow(addrs[i % replicas].clone(), arrivals.clone(), ready_tx.clone()));
        }
        let mut connected = 0;
        while connected < target - open {
            match tokio::time::timeout(Duration::from_secs(30), ready_rx.recv()).await {
                Ok(Some(())) => connected += 1,
                _ => break,
            }
        }
        open += connected;
        println!("{open} clients connected ({:.1} s to open {connected})", t_connect.elapsed().as_secs_f64());
        tokio::time::sleep(Duration::from_secs(1)).await;
        let idle_mb = rss_mb_max();

        let mut latencies = Vec::new();
        let mut incomplete = 0;
        let mut peak_mb = idle_mb;
        for _ in 0..calls {
            post(&http, &walk_in_url, &cookie, &[("csrf", &csrf), ("counter", "1"), ("service", &service)]).await;
            arrivals.lock().unwrap().clear();
            let t0 = Instant::now();
            assert_eq!(
                post(&http, &counter_url, &cookie, &[("csrf", &csrf), ("counter", "1"), ("action", "call")]).await,
                200,
                "the call is made"
            );
            let deadline = Instant::now() + Duration::from_secs(10);
            while arrivals.lock().unwrap().len() < open && Instant::now() < deadline {
                tokio::time::sleep(Duration::from_millis(2)).await;
            }
            let got: Vec<f64> = arrivals.lock().unwrap().iter().map(|t| (*t - t0).as_secs_f64() * 1000.0).collect();
            incomplete += open - got.len().min(open);
            latencies.extend(got);
            peak_mb = peak_mb.max(rss_mb_max());
            post(&http, &counter_url, &cookie, &[("csrf", &csrf), ("counter", "1"), ("action", "no_show")]).await;
        }
        latencies.sort_by(f64::total_cmp);
        let line = json!({
            "clients": open,
            "calls": calls,
            "deliveries": latencies.len(),
            "missed": incomplete,
            "p50_ms": percentile(&latencies, 0.50),
            "p99_ms": percentile(&latencies, 0.99),
            "max_ms": latencies.last().copied().unwrap_or(0.0),
            "server_rss_mb_idle": idle_mb,
            "server_rss_mb_peak": peak_mb,
        });
        println!(
            "{open:>6} clients  call reaches all: p50 {:>7.2} ms  p99 {:>7.2} ms  max {:>7.2} ms  missed {incomplete}  server RSS {:.0} MB (peak {:.0} MB)",
            line["p50_ms"].as_f64().unwrap(),
            line["p99_ms"].as_f64().unwrap(),
            line["max_ms"].as_f64().unwrap(),
            idle_mb,
            peak_mb
        );
        results.push(line);
    }

    let report = json!({
        "date": chrono::Utc::now().to_rfc3339(),
        "machine": format!("{} cores", std::thread::available_parallelism().map(|n| n.get()).unwrap_or(0)),
        "database": if replicas > 1 { "PostgreSQL" } else { "SQLite (WAL)" },
        "replicas": replicas,
        "server_rss_mb_at_rest": at_rest_mb,
        "results": results,
    });
    std::fs::create_dir_all("target/bench").ok();
    std::fs::write("target/bench/live-queue.json", serde_json::to_string_pretty(&report).unwrap()).ok();
    for mut child in children {
        let _ = child.kill();
        let _ = child.wait();
    }
    if replicas > 1 {
        server::db::on_server(&postgres, &format!("DROP DATABASE IF EXISTS {pg_name} WITH (FORCE)"))
            .await
            .expect("PostgreSQL drops the database");
    }
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", db_path.display()));
    }
}
