//! The benchmark suite's driver (run by `scripts/bench.sh`, which builds, makes the datasets and
//! installs wrk). Every throughput figure is measured beside a plain axum "Hello, World!"
//! handler in the same run with the same load generator, so the ratio holds on any machine.
//!
//!   bench --server <release server binary> --site <site root> --sqlite <url> --postgres <url>
//!         [--before <an earlier release's server binary>] [--seconds S] [--connections C] [--out DIR]
//!   bench --hello <addr>          (the child: serves "Hello, World!")
//!   bench --numbers <url> <n>     (prints n random customer numbers of the dataset)
//!
//! Servers run as child processes, so each one's memory is its own; wrk drives HTTP load.

mod measure;

use measure::rss_mb;
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

struct Args {
    server: String,
    site: String,
    sqlite: String,
    postgres: String,
    /// An earlier release, measured on the same datasets in the same run: what a change gained.
    before: Option<String>,
    seconds: u64,
    connections: u64,
    out: String,
}

fn parse_args(args: &[String]) -> Args {
    let mut map = BTreeMap::new();
    let mut it = args.iter();
    while let Some(k) = it.next() {
        map.insert(k.trim_start_matches("--").to_string(), it.next().cloned().unwrap_or_default());
    }
    let get = |k: &str| map.get(k).cloned().unwrap_or_else(|| panic!("--{k} is required"));
    Args {
        server: get("server"),
        site: get("site"),
        sqlite: get("sqlite"),
        postgres: get("postgres"),
        before: map.get("before").cloned().filter(|b| !b.is_empty()),
        seconds: map.get("seconds").map(|s| s.parse().unwrap()).unwrap_or(15),
        connections: map.get("connections").map(|s| s.parse().unwrap()).unwrap_or(64),
        out: map.get("out").cloned().unwrap_or_else(|| "bench".into()),
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

struct Served {
    child: Child,
    base: String,
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn wait_ready(base: &str, path: &str) {
    let deadline = Instant::now() + Duration::from_secs(120);
    while Instant::now() < deadline {
        if Command::new("curl")
            .args(["-fsS", "-o", "/dev/null", &format!("{base}{path}")])
            .status()
            .is_ok_and(|s| s.success())
        {
            return;
        }
        std::thread::sleep(Duration::from_millis(200));
    }
    panic!("{base} did not become ready");
}

fn start_hello() -> Served {
    let addr = format!("127.0.0.1:{}", free_port());
    let child = Command::new(std::env::current_exe().unwrap())
        .args(["--hello", &addr])
        .stdout(Stdio::null())
        .spawn()
        .expect("hello starts");
    let base = format!("http://{addr}");
    wait_ready(&base, "/");
    Served { child, base }
}

fn start_tirta(args: &Args, binary: &str, database_url: &str) -> Served {
    let addr = format!("127.0.0.1:{}", free_port());
    let mut command = Command::new(binary);
    command
        .arg("serve")
        .env("TIRTA_DATABASE_URL", database_url)
        .env("LEPTOS_SITE_ADDR", &addr)
        .env("TIRTA_PUBLIC_URL", format!("http://{addr}"))
        .env("LEPTOS_SITE_ROOT", &args.site)
        .env("RUST_LOG", "warn")
        // Load comes from one address: the per-client lookup limit would answer 429.
        .env("TIRTA_LOOKUPS_PER_MINUTE", "100000000")
        .env("TIRTA_LOOKUP_BURST", "100000000")
        .stdout(Stdio::null());
    let child = command.spawn().expect("the server starts");
    let base = format!("http://{addr}");
    wait_ready(&base, "/readyz");
    Served { child, base }
}

/// Runs wrk; returns requests/s, p50 and p99 in ms, non-2xx answers, and the server's peak RSS.
fn wrk(args: &Args, url: &str, script: Option<(&str, &[&str])>, pid: u32) -> Value {
    let mut command = Command::new("wrk");
    command.args([
        "-t2",
        &format!("-c{}", args.connections),
        &format!("-d{}s", args.seconds),
        "--latency",
        "--timeout",
        "10s",
    ]);
    if let Some((path, script_args)) = script {
        command.args(["-s", path, url, "--"]).args(script_args);
    } else {
        command.arg(url);
    }
    let child = command.stdout(Stdio::piped()).spawn().expect("wrk runs (scripts/bench.sh installs it)");
    let sampler = std::thread::spawn(move || {
        let mut peak = 0f64;
        for _ in 0..(args_seconds_hint() * 10) {
            peak = peak.max(rss_mb(pid));
            std::thread::sleep(Duration::from_millis(100));
        }
        peak
    });
    let output = child.wait_with_output().unwrap();
    let peak = sampler.join().unwrap();
    let text = String::from_utf8_lossy(&output.stdout).to_string();
    parse_wrk(&text, peak)
}

fn args_seconds_hint() -> u64 {
    std::env::var("TIRTA_BENCH_SECONDS").ok().and_then(|s| s.parse().ok()).unwrap_or(15)
}

fn parse_wrk(text: &str, peak_rss_mb: f64) -> Value {
    let mut rps = 0.0f64;
    let mut p50 = 0.0f64;
    let mut p99 = 0.0f64;
    let mut errors = 0u64;
    for line in text.lines().map(str::trim) {
        let mut words = line.split_whitespace();
        match (words.next(), words.next()) {
            (Some("Requests/sec:"), Some(v)) => rps = v.parse().unwrap_or(0.0),
            (Some("50%"), Some(v)) => p50 = duration_ms(v),
            (Some("99%"), Some(v)) => p99 = duration_ms(v),
            (Some("Non-2xx"), _) => errors += line.rsplit(' ').next().and_then(|v| v.parse::<u64>().ok()).unwrap_or(0),
            (Some("Socket"), _) => {
                errors +=
                    line.split(',').filter_map(|part| part.split_whitespace().last()?.parse::<u64>().ok()).sum::<u64>();
            }
            _ => {}
        }
    }
    json!({ "rps": rps.round(), "p50_ms": p50, "p99_ms": p99, "errors": errors, "peak_rss_mb": (peak_rss_mb * 10.0).round() / 10.0 })
}

fn duration_ms(v: &str) -> f64 {
    let (number, unit) = v.split_at(v.find(|c: char| c.is_ascii_alphabetic()).unwrap_or(v.len()));
    let n: f64 = number.parse().unwrap_or(0.0);
    match unit {
        "us" => n / 1000.0,
        "ms" => n,
        "s" => n * 1000.0,
        "m" => n * 60_000.0,
        _ => n,
    }
}

/// Bytes of the first view of a bill page: the HTML and every file it loads, as a phone
/// downloads them with each encoding.
fn first_view(base: &str, number: &str) -> Value {
    let page = format!("{base}/tagihan?no={number}");
    let html = Command::new("curl").args(["-fsS", &page]).output().unwrap().stdout;
    let html = String::from_utf8_lossy(&html).to_string();
    let mut assets: Vec<String> = Vec::new();
    for marker in ["\"/pkg/", "'/pkg/"] {
        let mut rest = html.as_str();
        while let Some(at) = rest.find(marker) {
            let start = at + marker.len() - "/pkg/".len();
            let end = rest[start..].find(['"', '\'']).map(|e| start + e).unwrap_or(rest.len());
            let path = rest[start..end].to_string();
            if !assets.contains(&path) {
                assets.push(path);
            }
            rest = &rest[end..];
        }
    }
    // The wasm is fetched by the JavaScript: same name, `_bg.wasm` or `.wasm`.
    let js: Vec<String> = assets.iter().filter(|a| a.ends_with(".js")).cloned().collect();
    for j in js {
        for candidate in [j.replace(".js", ".wasm"), j.replace(".js", "_bg.wasm")] {
            if !assets.contains(&candidate) && size(&format!("{base}{candidate}"), "identity").is_some() {
                assets.push(candidate);
            }
        }
    }
    let mut files = Vec::new();
    let mut totals = BTreeMap::new();
    // What the page needs to show and be used (the HTML, the CSS), and the enhancement that is
    // fetched after the page has loaded (the JavaScript glue, the wasm).
    let mut before_load = BTreeMap::new();
    let mut urls = vec![(page.clone(), "html".to_string())];
    urls.extend(assets.iter().map(|a| (format!("{base}{a}"), a.clone())));
    for (url, name) in urls {
        let mut row = json!({ "file": name });
        for encoding in ["identity", "gzip", "br"] {
            let bytes = size(&url, encoding).unwrap_or(0);
            row[encoding] = json!(bytes);
            *totals.entry(encoding).or_insert(0u64) += bytes;
            if !(name.ends_with(".js") || name.ends_with(".wasm")) {
                *before_load.entry(encoding).or_insert(0u64) += bytes;
            }
        }
        files.push(row);
    }
    json!({ "files": files, "total_bytes": totals, "before_load_bytes": before_load })
}

/// Bytes on the wire for `url` with `encoding` accepted.
fn size(url: &str, encoding: &str) -> Option<u64> {
    let out = Command::new("curl")
        .args(["-fsS", "-o", "/dev/null", "-w", "%{size_download}", "-H", &format!("accept-encoding: {encoding}"), url])
        .output()
        .ok()?;
    out.status.success().then(|| String::from_utf8_lossy(&out.stdout).trim().parse().ok()).flatten()
}

fn numbers_file(out: &str, url: &str, label: &str) -> String {
    let path = format!("{out}/.numbers-{label}.txt");
    let output = Command::new(std::env::current_exe().unwrap()).args(["--numbers", url, "10000"]).output().unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    std::fs::write(&path, &output.stdout).unwrap();
    path
}

async fn hello(addr: String) {
    let app = axum::Router::new().route("/", axum::routing::get(|| async { "Hello, World!" }));
    use axum::serve::ListenerExt;
    // As the portal's own listener: no Nagle delay.
    let listener = tokio::net::TcpListener::bind(addr).await.unwrap().tap_io(|tcp| drop(tcp.set_nodelay(true)));
    axum::serve(listener, app).await.unwrap();
}

async fn numbers(url: String, n: i64) {
    let pool = server::db::connect(&url, 1).await.unwrap();
    let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM customers").fetch_one(&pool).await.unwrap();
    // Evenly spread ids, then a shuffle in wrk: random customers without ORDER BY random().
    let step = (count / n).max(1);
    let rows: Vec<String> = sqlx::query_scalar("SELECT number FROM customers WHERE id % $1 = 0 ORDER BY id LIMIT $2")
        .bind(step)
        .bind(n)
        .fetch_all(&pool)
        .await
        .unwrap();
    for r in rows {
        println!("{r}");
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let runtime = tokio::runtime::Runtime::new().unwrap();
    match args.first().map(String::as_str) {
        Some("--hello") => return runtime.block_on(hello(args[1].clone())),
        Some("--numbers") => return runtime.block_on(numbers(args[1].clone(), args[2].parse().unwrap())),
        _ => {}
    }
    let args = parse_args(&args);
    std::env::set_var("TIRTA_BENCH_SECONDS", args.seconds.to_string());
    std::fs::create_dir_all(&args.out).unwrap();
    let mut report = json!({
        "date": chrono::Utc::now().to_rfc3339(),
        "machine": machine(),
        "connections": args.connections,
        "seconds": args.seconds,
    });

    let hello = start_hello();
    println!("hello handler …");
    report["hello"] = wrk(&args, &format!("{}/", hello.base), None, hello.child.id());
    println!("  {}", report["hello"]);
    drop(hello);

    let script = "scripts/bench/random-customer.lua";
    let mut before_pages = BTreeMap::new();
    for (label, url) in [("sqlite", args.sqlite.clone()), ("postgres", args.postgres.clone())] {
        let numbers = numbers_file(&args.out, &url, label);
        if let Some(before) = args.before.clone() {
            let served = start_tirta(&args, &before, &url);
            std::thread::sleep(Duration::from_secs(1));
            println!("{label}: bill page, the earlier release …");
            let page = wrk(
                &args,
                &format!("{}/", served.base),
                Some((script, &[numbers.as_str(), "page"])),
                served.child.id(),
            );
            println!("  {page}");
            drop(served);
            before_pages.insert(label, page);
        }
        let served = start_tirta(&args, &args.server, &url);
        std::thread::sleep(Duration::from_secs(1));
        let mut section = json!({ "rss_mb_at_rest": rss_mb(served.child.id()) });
        println!("{label}: bill page …");
        section["bill_page"] =
            wrk(&args, &format!("{}/", served.base), Some((script, &[numbers.as_str(), "page"])), served.child.id());
        println!("  {}", section["bill_page"]);
        // What compressing a page costs the server; the bytes it saves are in first_view.
        println!("{label}: bill page, brotli …");
        section["bill_page_brotli"] =
            wrk(&args, &format!("{}/", served.base), Some((script, &[numbers.as_str(), "page-br"])), served.child.id());
        println!("  {}", section["bill_page_brotli"]);
        if let Some(page) = before_pages.remove(label) {
            section["bill_page_before"] = page;
        }
        println!("{label}: bill lookup API …");
        section["bill_api"] =
            wrk(&args, &format!("{}/", served.base), Some((script, &[numbers.as_str(), "api"])), served.child.id());
        println!("  {}", section["bill_api"]);
        if label == "sqlite" {
            let first = std::fs::read_to_string(&numbers).unwrap().lines().next().unwrap().to_string();
            report["first_view"] = first_view(&served.base, &first);
            println!("first view: {}", report["first_view"]["total_bytes"]);
        }
        section["rss_mb_after"] = json!(rss_mb(served.child.id()));
        report[label] = section;
    }

    let ratio = |section: &str, what: &str| {
        report[section][what]["rps"].as_f64().unwrap_or(0.0) / report["hello"]["rps"].as_f64().unwrap_or(1.0)
    };
    report["ratios"] = json!({
        "sqlite_bill_page": ratio("sqlite", "bill_page"),
        "postgres_bill_page": ratio("postgres", "bill_page"),
        "sqlite_bill_api": ratio("sqlite", "bill_api"),
        "postgres_bill_api": ratio("postgres", "bill_api"),
    });
    let path = format!("{}/http.json", args.out);
    std::fs::write(&path, serde_json::to_string_pretty(&report).unwrap()).unwrap();
    println!("wrote {path}");
}

fn machine() -> String {
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split(':').nth(1))
                .map(|s| s.trim().to_string())
        })
        .unwrap_or_default();
    let cores = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(0);
    format!("{cores} cores, {cpu}")
}
