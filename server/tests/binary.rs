//! The real binary: configuration errors, the demo-data command, serving, graceful shutdown.

mod common;

use std::process::Stdio;
use std::time::{Duration, Instant};
use tokio::process::Command;

const BIN: &str = env!("CARGO_BIN_EXE_server");

async fn run(args: &[&str], env: &[(&str, &str)]) -> std::process::Output {
    let mut command = Command::new(BIN);
    command.args(args).env("RUST_LOG", "warn").stdin(Stdio::null());
    for (k, v) in env {
        command.env(k, v);
    }
    command.output().await.expect("the binary runs")
}

#[tokio::test]
async fn bad_configuration_stops_with_a_message_naming_the_variable() {
    let out = run(&["serve"], &[("LEPTOS_SITE_ADDR", "not-an-address")]).await;
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("LEPTOS_SITE_ADDR"));
    let out = run(&["serve"], &[("TIRTA_DATABASE_URL", "mysql://localhost/tirta")]).await;
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("unsupported database URL"));
    let out = run(&["frobnicate"], &[]).await;
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("usage:"));
}

#[tokio::test]
async fn seeding_fills_an_empty_database_once() {
    let db = common::TestDb::create().await;
    let url = db.url.clone();
    let env = [("TIRTA_DATABASE_URL", url.as_str())];
    let first = run(&["seed", "--customers", "15", "--as-of", "2026-11-26"], &env).await;
    assert!(first.status.success(), "{}", String::from_utf8_lossy(&first.stderr));
    assert!(String::from_utf8_lossy(&first.stdout).contains("15 customers, 360 bills"));
    let again = run(&["seed", "--customers", "15"], &env).await;
    assert!(!again.status.success(), "refuses a database with data");
    assert!(String::from_utf8_lossy(&again.stderr).contains("already holds data"));
    let if_empty = run(&["seed", "--if-empty"], &env).await;
    assert!(if_empty.status.success(), "--if-empty leaves existing data alone");
    let bad = run(&["seed", "--customers", "many"], &env).await;
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("--customers"));
}

#[tokio::test]
async fn serves_then_shuts_down_gracefully_on_sigterm() {
    let db = common::TestDb::create().await;
    let url = db.url.clone();
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let addr = format!("127.0.0.1:{port}");
    assert!(run(&["seed", "--customers", "10"], &[("TIRTA_DATABASE_URL", &url)]).await.status.success());
    let mut server = Command::new(BIN)
        .env("TIRTA_DATABASE_URL", &url)
        .env("LEPTOS_SITE_ADDR", &addr)
        .env("TIRTA_SHUTDOWN_GRACE_SECS", "5")
        .env("RUST_LOG", "warn")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("server starts");
    let client = reqwest::Client::new();
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        if let Ok(r) = client.get(format!("http://{addr}/readyz")).send().await {
            if r.status() == 200 {
                break;
            }
        }
        assert!(Instant::now() < deadline, "server did not become ready");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let page = client.get(format!("http://{addr}/tagihan?no=02.01.000001")).send().await.unwrap();
    assert_eq!(page.status(), 200);

    let pid = server.id().expect("running").to_string();
    assert!(Command::new("kill").args(["-TERM", &pid]).status().await.unwrap().success());
    let status = tokio::time::timeout(Duration::from_secs(10), server.wait()).await.expect("exits within the grace period").unwrap();
    assert!(status.success(), "clean exit on SIGTERM: {status}");
    assert!(client.get(format!("http://{addr}/healthz")).send().await.is_err(), "no longer listening");
}
