//! The real binary: configuration errors, the demo-data command, serving, graceful shutdown.

use crate::common;

use std::process::Stdio;
use std::time::{Duration, Instant};
use tokio::process::Command;

const BIN: &str = env!("CARGO_BIN_EXE_server");

async fn run(args: &[&str], env: &[(&str, &str)]) -> std::process::Output {
    let mut command = Command::new(BIN);
    // Production (the default mode) needs the portal's public address.
    command
        .args(args)
        .env("RUST_LOG", "warn")
        .env("TIRTA_PUBLIC_URL", "https://air.example.go.id")
        .stdin(Stdio::null());
    for (k, v) in env {
        command.env(k, v);
    }
    command.output().await.expect("the binary runs")
}

/// `server serve` on `addr` against `url`, in production mode; `extra` adds variables.
fn start_server(url: &str, addr: &str, extra: &[(&str, &str)]) -> tokio::process::Child {
    let mut command = Command::new(BIN);
    command
        .arg("serve")
        .env("TIRTA_DATABASE_URL", url)
        .env("LEPTOS_SITE_ADDR", addr)
        .env("TIRTA_PUBLIC_URL", format!("http://{addr}"))
        .env("RUST_LOG", "warn")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .kill_on_drop(true);
    for (k, v) in extra {
        command.env(k, v);
    }
    command.spawn().expect("server starts")
}

/// Waits until the server on `addr` answers `/readyz`.
async fn wait_ready(client: &reqwest::Client, addr: &str) {
    let deadline = Instant::now() + Duration::from_secs(30);
    while client.get(format!("http://{addr}/readyz")).send().await.map(|r| r.status() != 200).unwrap_or(true) {
        assert!(Instant::now() < deadline, "server did not become ready");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

fn free_addr() -> String {
    format!("127.0.0.1:{}", std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port())
}

#[tokio::test]
async fn bad_configuration_stops_with_a_message_naming_the_variable() {
    let out = run(&["serve"], &[("LEPTOS_SITE_ADDR", "not-an-address")]).await;
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("LEPTOS_SITE_ADDR"));
    let out = run(&["serve"], &[("TIRTA_DATABASE_URL", "mysql://localhost/tirta")]).await;
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("unsupported database URL"));
    let db = common::TestDb::create().await;
    let out = run(&["serve"], &[("TIRTA_PUBLIC_URL", ""), ("TIRTA_DATABASE_URL", &db.url)]).await;
    assert!(!out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("TIRTA_PUBLIC_URL"),
        "a production server needs its public address"
    );
    let out = run(&["frobnicate"], &[]).await;
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("usage:"));
}

#[tokio::test]
async fn seeding_fills_an_empty_database_once() {
    let db = common::TestDb::create().await;
    let url = db.url.clone();
    let env = [("TIRTA_DATABASE_URL", url.as_str())];
    // Through the utility's paths: the files are written where asked, imported and billed.
    let files = common::temp_db().with_extension("files");
    let dir = files.to_str().unwrap();
    let first = run(&["seed", "--customers", "15", "--as-of", "2026-11-26", "--files", dir], &env).await;
    assert!(first.status.success(), "{}", String::from_utf8_lossy(&first.stderr));
    let said = String::from_utf8_lossy(&first.stdout);
    assert!(said.contains("(imported from ") && said.contains("15 customers, 360 bills"), "{said}");
    assert!(files.join("pelanggan.csv").exists() && files.join("baca-meter-2026-11.csv").exists());
    let _ = std::fs::remove_dir_all(&files);
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
async fn payment_rules_are_set_from_the_command_line_and_read_at_start() {
    let db = common::TestDb::create().await;
    let env = [("TIRTA_DATABASE_URL", db.url.as_str())];
    assert!(run(&["seed", "--customers", "5", "--direct"], &env).await.status.success());
    let set = run(&["rules", "set", "counter_only_after_months", "2"], &env).await;
    assert!(set.status.success(), "{}", String::from_utf8_lossy(&set.stderr));
    assert!(String::from_utf8_lossy(&set.stdout).contains("restart the portal"));
    let pool = server::db::connect(&db.url, 1).await.unwrap();
    let rules = app::ssr::db::rules::load(&pool).await.unwrap();
    assert_eq!(rules.remote.counter_only_after_months, Some(2));
    assert!(run(&["rules", "set", "counter_allows_oldest_only", "false"], &env).await.status.success());
    assert!(!app::ssr::db::rules::load(&pool).await.unwrap().counter_oldest_only);
    for bad in [
        ["counter_only_after_months", "0"],
        ["counter_only_after_months", "many"],
        ["counter_allows_oldest_only", "perhaps"],
        ["late_fee_policy", "{}"],
    ] {
        let out = run(&["rules", "set", bad[0], bad[1]], &env).await;
        assert!(!out.status.success(), "{bad:?} is refused");
        assert!(
            String::from_utf8_lossy(&out.stderr).contains(bad[0])
                || String::from_utf8_lossy(&out.stderr).contains("rules"),
            "{bad:?}"
        );
    }
    assert_eq!(
        app::ssr::db::rules::load(&pool).await.unwrap().remote.counter_only_after_months,
        Some(2),
        "a refused value changes nothing"
    );
    assert!(run(&["rules", "set", "counter_only_after_months", "none"], &env).await.status.success());
    assert_eq!(app::ssr::db::rules::load(&pool).await.unwrap().remote.counter_only_after_months, None);
}

#[tokio::test]
async fn serves_then_shuts_down_gracefully_on_sigterm() {
    let db = common::TestDb::create().await;
    let url = db.url.clone();
    let addr = free_addr();
    assert!(run(&["seed", "--customers", "10", "--direct"], &[("TIRTA_DATABASE_URL", &url)]).await.status.success());
    let mut server = start_server(&url, &addr, &[("TIRTA_SHUTDOWN_GRACE_SECS", "5")]);
    let client = reqwest::Client::new();
    wait_ready(&client, &addr).await;
    let page = client.get(format!("http://{addr}/tagihan?no=02.01.000001")).send().await.unwrap();
    assert_eq!(page.status(), 200);

    let pid = server.id().expect("running").to_string();
    assert!(Command::new("kill").args(["-TERM", &pid]).status().await.unwrap().success());
    let status = tokio::time::timeout(Duration::from_secs(10), server.wait())
        .await
        .expect("exits within the grace period")
        .unwrap();
    assert!(status.success(), "clean exit on SIGTERM: {status}");
    assert!(client.get(format!("http://{addr}/healthz")).send().await.is_err(), "no longer listening");
}

/// The bank API of a server process that is killed while payments are in flight: every payment
/// answered 200 is there after the restart, and a payment recorded whose answer was lost is
/// answered with its stored success when the bank retries.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn payments_answered_before_a_sigkill_survive_it_and_lost_answers_are_repeated() {
    use app::domain::signature::{snap_hmac, snap_string_to_sign};
    use serde_json::{json, Value};

    const SECRET: &str = "bri-client-secret";
    let db = common::TestDb::create().await;
    let url = db.url.clone();
    assert!(run(&["seed", "--customers", "600", "--direct"], &[("TIRTA_DATABASE_URL", &url)]).await.status.success());
    {
        let pool = server::db::connect(&url, 1).await.unwrap();
        sqlx::query("UPDATE partners SET client_secret = $1, public_key_pem = $2 WHERE id = 'bri'")
            .bind(SECRET)
            .bind(common::PARTNER_PUBLIC_KEY)
            .execute(&pool)
            .await
            .unwrap();
        pool.close().await;
    }
    let (biller, numbers): (String, Vec<String>) = {
        let pool = server::db::connect(&url, 1).await.unwrap();
        let b = sqlx::query_scalar("SELECT biller_code FROM partners WHERE id = 'bri'").fetch_one(&pool).await.unwrap();
        let numbers =
            sqlx::query_scalar("SELECT number FROM customers ORDER BY number").fetch_all(&pool).await.unwrap();
        pool.close().await;
        (b, numbers)
    };
    let client = reqwest::Client::new();
    let addr = free_addr();
    let mut server = start_server(&url, &addr, &[]);
    wait_ready(&client, &addr).await;

    let external = std::sync::Arc::new(std::sync::atomic::AtomicU64::new(1));
    let token = {
        let ts = app::ssr::clock::snap_timestamp(chrono::Utc::now());
        let signature = common::sign_token_request("bri", &ts);
        let answer: Value = client
            .post(format!("http://{addr}/v1.0/access-token/b2b"))
            .header("x-client-key", "bri")
            .header("x-timestamp", ts)
            .header("x-signature", signature)
            .body(r#"{"grantType":"client_credentials"}"#)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        answer["accessToken"].as_str().expect("a token").to_string()
    };
    let call = {
        let (client, token, external) = (client.clone(), token.clone(), external.clone());
        move |addr: String, path: &'static str, body: Value| {
            let (client, token, external) = (client.clone(), token.clone(), external.clone());
            async move {
                let body = body.to_string();
                let ts = app::ssr::clock::snap_timestamp(chrono::Utc::now());
                let signature = snap_hmac(SECRET, &snap_string_to_sign("POST", path, &token, body.as_bytes(), &ts));
                let r = client
                    .post(format!("http://{addr}{path}"))
                    .bearer_auth(&token)
                    .header("x-timestamp", ts)
                    .header("x-signature", signature)
                    .header("x-partner-id", "bri")
                    .header("x-external-id", external.fetch_add(1, std::sync::atomic::Ordering::SeqCst).to_string())
                    .header("content-type", "application/json")
                    .body(body)
                    .send()
                    .await
                    .ok()?;
                r.json::<Value>().await.ok()
            }
        }
    };
    // Fifty payable accounts and what each owes.
    let mut payments = Vec::new();
    for (n, customer) in numbers.iter().enumerate() {
        let inquiry = json!({"partnerServiceId": biller, "customerNo": customer, "virtualAccountNo": format!("{biller}{customer}"), "inquiryRequestId": format!("I{n}")});
        let Some(answer) = call(addr.clone(), "/v1.0/transfer-va/inquiry", inquiry).await else {
            continue;
        };
        if let Some(owed) = answer["virtualAccountData"]["totalAmount"]["value"].as_str() {
            payments.push(json!({"partnerServiceId": biller, "customerNo": customer, "virtualAccountNo": format!("{biller}{customer}"),
                "paymentRequestId": format!("KILL-{n}"), "paidAmount": {"value": owed, "currency": "IDR"}}));
        }
        if payments.len() == 50 {
            break;
        }
    }
    assert_eq!(payments.len(), 50, "fifty payable accounts");

    let done = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let in_flight: Vec<_> = payments
        .iter()
        .cloned()
        .map(|body| {
            let (answer, done) = (call(addr.clone(), "/v1.0/transfer-va/payment", body), done.clone());
            tokio::spawn(async move {
                let answer = answer.await;
                done.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                answer
            })
        })
        .collect();
    // Kill it while answers are still coming: after the first few.
    let deadline = Instant::now() + Duration::from_secs(20);
    while done.load(std::sync::atomic::Ordering::SeqCst) < 5 && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(1)).await;
    }
    let pid = server.id().expect("running").to_string();
    assert!(Command::new("kill").args(["-KILL", &pid]).status().await.unwrap().success());
    let _ = server.wait().await;
    let mut answered = Vec::new();
    for (body, task) in payments.iter().zip(in_flight) {
        if let Some(answer) = task.await.unwrap() {
            if answer["responseCode"] == "2002500" {
                answered
                    .push((body.clone(), answer["virtualAccountData"]["referenceNo"].as_str().unwrap().to_string()));
            }
        }
    }

    assert!(
        !answered.is_empty() && answered.len() < payments.len(),
        "killed with payments in flight: {} of 50 answered",
        answered.len()
    );
    let mut server = start_server(&url, &addr, &[]);
    wait_ready(&client, &addr).await;
    let pool = server::db::connect(&url, 1).await.unwrap();
    for (body, receipt) in &answered {
        let kept: Option<String> =
            sqlx::query_scalar("SELECT receipt_number FROM payments WHERE partner_reference = $1")
                .bind(body["paymentRequestId"].as_str().unwrap())
                .fetch_optional(&pool)
                .await
                .unwrap();
        assert_eq!(kept.as_deref(), Some(receipt.as_str()), "answered 200, so recorded: {body}");
    }
    // Every payment the database has, answered or not, is answered with its success on retry.
    let recorded: Vec<(String, String)> =
        sqlx::query_as("SELECT partner_reference, receipt_number FROM payments WHERE partner_reference LIKE 'KILL-%'")
            .fetch_all(&pool)
            .await
            .unwrap();
    assert!(recorded.len() >= answered.len());
    for (reference, receipt) in &recorded {
        let body = payments.iter().find(|p| p["paymentRequestId"] == reference.as_str()).unwrap().clone();
        let retry = call(addr.clone(), "/v1.0/transfer-va/payment", body).await.expect("answered after the restart");
        assert_eq!(retry["responseCode"], "2002500", "{retry}");
        assert_eq!(retry["virtualAccountData"]["referenceNo"].as_str(), Some(receipt.as_str()));
    }
    pool.close().await;
    let _ = server.kill().await;
}
