//! Starts the real application on a random port against a fresh database with demo data: a
//! SQLite file, or a PostgreSQL database of its own when `TIRTA_TEST_POSTGRES` is set.

use server::config::Config;
use server::demo::{self, DemoOptions};
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU32, Ordering};

pub struct TestApp {
    pub base: String,
    pub client: reqwest::Client,
    pub state: app::ssr::AppState,
    pub db: TestDb,
}

/// The PostgreSQL server the suite runs against when `TIRTA_TEST_POSTGRES` names one
/// (`postgres://postgres@127.0.0.1:5432`); unset, every test uses a SQLite file of its own.
pub fn postgres_server() -> Option<String> {
    std::env::var("TIRTA_TEST_POSTGRES")
        .ok()
        .filter(|v| !v.trim().is_empty())
        .map(|v| v.trim_end_matches('/').to_string())
}

/// A database of one test's own: a SQLite file, or a fresh PostgreSQL database. Removed when
/// the test ends.
pub struct TestDb {
    pub url: String,
    cleanup: Cleanup,
}

enum Cleanup {
    Sqlite(PathBuf),
    Postgres { server: String, name: String },
}

impl TestDb {
    pub async fn create() -> TestDb {
        match postgres_server() {
            Some(server) => TestDb::postgres_on(&server).await,
            None => {
                let path = temp_db();
                TestDb { url: format!("sqlite://{}?mode=rwc", path.display()), cleanup: Cleanup::Sqlite(path) }
            }
        }
    }

    /// Always PostgreSQL (the replica tests): the suite's server, or the local one.
    pub async fn postgres() -> TestDb {
        let server = postgres_server().unwrap_or_else(|| "postgres://postgres@127.0.0.1:5432".to_string());
        TestDb::postgres_on(&server).await
    }

    async fn postgres_on(server: &str) -> TestDb {
        static N: AtomicU32 = AtomicU32::new(0);
        let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().subsec_nanos();
        let name = format!("tirta_test_{}_{}_{nanos}", std::process::id(), N.fetch_add(1, Ordering::SeqCst));
        admin(server, &format!("CREATE DATABASE {name}")).await;
        TestDb { url: format!("{server}/{name}"), cleanup: Cleanup::Postgres { server: server.to_string(), name } }
    }

    pub fn is_postgres(&self) -> bool {
        matches!(self.cleanup, Cleanup::Postgres { .. })
    }
}

async fn admin(server: &str, sql: &str) {
    server::db::on_server(server, sql).await.unwrap_or_else(|e| panic!("{sql}: {e}"));
}

impl Drop for TestDb {
    fn drop(&mut self) {
        match &self.cleanup {
            Cleanup::Sqlite(path) => {
                for suffix in ["", "-wal", "-shm"] {
                    let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
                }
            }
            Cleanup::Postgres { server, name } => {
                // Drop runs inside the test's runtime, which cannot be blocked on: a thread of its own.
                let (server, sql) = (server.clone(), format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"));
                let _ = std::thread::spawn(move || {
                    tokio::runtime::Builder::new_current_thread()
                        .enable_all()
                        .build()
                        .unwrap()
                        .block_on(admin(&server, &sql))
                })
                .join();
            }
        }
    }
}

pub struct Options {
    pub customers: u32,
    pub lookups_per_minute: u32,
    pub lookup_burst: u32,
    /// `TIRTA_MODE`: demo turns the QRIS channel on with the demo merchant and key.
    pub mode: &'static str,
    /// `TIRTA_LIVE_POLL_MS`: the live events' safety-net poll.
    pub live_poll_ms: u32,
    /// `LEPTOS_SITE_ROOT`, with hashed bundle names, when the test serves a site of its own.
    pub site_root: Option<String>,
    /// `TIRTA_TRUSTED_PROXIES` (with `TIRTA_TRUST_FORWARDED_FOR`): 0 trusts no forwarding header.
    pub proxy_hops: u32,
    /// Further variables, as `(name, value)`.
    pub env: Vec<(&'static str, String)>,
    /// Rows of the `settings` table written before the server starts (it reads its rules then).
    pub settings: Vec<(&'static str, String)>,
    /// The day the demo data is made as of (None: today, WIB): a fixed day makes the same data every run.
    pub as_of: Option<chrono::NaiveDate>,
}

/// The queue's clock in every test portal unless a test sets its own: a Monday at 10.00 WIB,
/// when the demo offices are open, so the suite passes at night and at weekends as by day.
pub const QUEUE_CLOCK: &str = "2026-11-30T10:00";

/// The public address every test portal is configured with.
pub const PUBLIC_URL: &str = "https://air.example.go.id";

impl Default for Options {
    fn default() -> Self {
        Options {
            customers: 40,
            lookups_per_minute: 10_000,
            lookup_burst: 10_000,
            mode: "demo",
            live_poll_ms: 1000,
            site_root: None,
            proxy_hops: 0,
            env: Vec::new(),
            settings: Vec::new(),
            as_of: None,
        }
    }
}

pub fn temp_db() -> PathBuf {
    static N: AtomicU32 = AtomicU32::new(0);
    std::env::temp_dir().join(format!("tirta-test-{}-{}.db", std::process::id(), N.fetch_add(1, Ordering::SeqCst)))
}

pub fn config_for(database_url: &str, options: &Options) -> Config {
    let vars: HashMap<&str, String> = [
        ("TIRTA_DATABASE_URL", database_url.to_string()),
        ("LEPTOS_SITE_ADDR", "127.0.0.1:0".to_string()),
        ("TIRTA_LOOKUPS_PER_MINUTE", options.lookups_per_minute.to_string()),
        ("TIRTA_LOOKUP_BURST", options.lookup_burst.to_string()),
        ("TIRTA_DB_MAX_CONNECTIONS", "4".to_string()),
        ("TIRTA_MODE", options.mode.to_string()),
        ("TIRTA_LIVE_POLL_MS", options.live_poll_ms.to_string()),
        ("TIRTA_PUBLIC_URL", PUBLIC_URL.to_string()),
        ("TIRTA_TRUST_FORWARDED_FOR", (options.proxy_hops > 0).to_string()),
        ("TIRTA_TRUSTED_PROXIES", options.proxy_hops.max(1).to_string()),
        ("TIRTA_QUEUE_CLOCK", QUEUE_CLOCK.to_string()),
    ]
    .into_iter()
    .chain(
        options
            .site_root
            .iter()
            .flat_map(|root| [("LEPTOS_SITE_ROOT", root.clone()), ("LEPTOS_HASH_FILES", "true".to_string())]),
    )
    .chain(options.env.iter().cloned())
    .collect();
    Config::from_lookup(|name| vars.get(name).cloned()).expect("test configuration is valid")
}

pub async fn spawn(options: Options) -> TestApp {
    spawn_with(TestDb::create().await, options).await
}

/// The app on a database given by the test (PostgreSQL for the replica tests).
pub async fn spawn_with(db: TestDb, options: Options) -> TestApp {
    let pool = server::db::connect(&db.url, 2).await.expect("database opens");
    server::db::migrate(&pool).await.expect("migrations run");
    demo::generate(
        &pool,
        &DemoOptions {
            customers: options.customers,
            seed: 7,
            as_of: options.as_of.unwrap_or_else(app::ssr::clock::today_wib),
        },
    )
    .await
    .expect("demo data generates");
    for (key, value) in &options.settings {
        sqlx::query(
            "INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        )
        .bind(key)
        .bind(value)
        .execute(&pool)
        .await
        .expect("the setting is written");
    }
    pool.close().await;
    let (base, state) = serve(&db.url, &options).await;
    let client = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
    TestApp { base, client, state, db }
}

/// One more server process on the same database, as a replica behind a load balancer is.
pub struct Replica {
    pub base: String,
    pub state: app::ssr::AppState,
}

impl TestApp {
    pub async fn replica(&self, options: &Options) -> Replica {
        let (base, state) = serve(&self.db.url, options).await;
        Replica { base, state }
    }
}

async fn serve(database_url: &str, options: &Options) -> (String, app::ssr::AppState) {
    let config = config_for(database_url, options);
    let state = server::prepare(&config).await.expect("server prepares");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("binds a port");
    let base = format!("http://{}", listener.local_addr().unwrap());
    let router = server::router(state.clone(), &config);
    tokio::spawn(server::serve(listener, router, std::future::pending()));
    (base, state)
}

pub struct Page {
    pub status: u16,
    pub headers: reqwest::header::HeaderMap,
    pub body: String,
}

impl TestApp {
    pub async fn get(&self, path: &str) -> Page {
        self.get_with(path, &[]).await
    }

    pub async fn get_with(&self, path: &str, headers: &[(&str, &str)]) -> Page {
        let mut request = self.client.get(format!("{}{}", self.base, path));
        for (k, v) in headers {
            request = request.header(*k, *v);
        }
        read(request).await
    }
}

async fn read(request: reqwest::RequestBuilder) -> Page {
    let response = request.send().await.expect("request is answered");
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    Page { status, headers, body: response.text().await.unwrap_or_default() }
}

/// The password every test staff account gets.
pub const STAFF_PASSWORD: &str = "kata sandi rahasia";

/// A signed-in staff member's cookie and form token.
#[derive(Clone, Debug)]
pub struct StaffLogin {
    pub cookie: String,
    pub csrf: String,
}

impl TestApp {
    /// Creates an account straight in the database (as `server staff add` does).
    pub async fn add_staff(&self, username: &str, role: &str, office: Option<&str>) {
        app::ssr::db::staff::create(
            &self.state.db,
            app::ssr::db::staff::NewStaff {
                username: username.into(),
                full_name: format!("Petugas {username}"),
                role: role.parse().unwrap(),
                office_code: office.map(str::to_string),
                counter_no: (role == "teller").then_some(1),
                password: STAFF_PASSWORD.into(),
            },
            &app::ssr::db::audit::By { actor: None, name: "server staff add", ip: None },
        )
        .await
        .expect("staff account is created");
    }

    /// Posts a form the way a script-driven page does (errors come back as JSON with their status).
    pub async fn post_form(&self, path: &str, login: Option<&StaffLogin>, form: &[(&str, &str)]) -> Page {
        self.post_form_with(path, login, form, &[]).await
    }

    pub async fn post_form_with(
        &self,
        path: &str,
        login: Option<&StaffLogin>,
        form: &[(&str, &str)],
        headers: &[(&str, &str)],
    ) -> Page {
        let mut request = self.client.post(format!("{}{}", self.base, path)).form(form);
        if let Some(l) = login {
            request = request.header("cookie", &l.cookie);
        }
        for (k, v) in headers {
            request = request.header(*k, *v);
        }
        read(request).await
    }

    /// Posts a form as a browser does with a file in it (multipart, the photo as `foto`).
    pub async fn post_multipart(&self, path: &str, fields: &[(&str, &str)], photo: Option<(&str, Vec<u8>)>) -> Page {
        let boundary = "----tirta-test-boundary-7MA4YWxkTrZu0gW";
        let mut body = Vec::new();
        for (name, value) in fields {
            body.extend_from_slice(
                format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n")
                    .as_bytes(),
            );
        }
        if let Some((file_name, bytes)) = photo {
            body.extend_from_slice(
                format!(
                    "--{boundary}\r\nContent-Disposition: form-data; name=\"foto\"; filename=\"{file_name}\"\r\nContent-Type: image/jpeg\r\n\r\n"
                )
                .as_bytes(),
            );
            body.extend_from_slice(&bytes);
            body.extend_from_slice(b"\r\n");
        }
        body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
        let request = self
            .client
            .post(format!("{}{path}", self.base))
            .header("content-type", format!("multipart/form-data; boundary={boundary}"))
            .body(body);
        read(request).await
    }

    pub async fn sign_in(&self, username: &str) -> StaffLogin {
        let page =
            self.post_form("/api/staff/login", None, &[("username", username), ("password", STAFF_PASSWORD)]).await;
        assert_eq!(page.status, 200, "sign-in of {username}: {}", page.body);
        let set_cookie = page.headers.get("set-cookie").expect("a session cookie is set").to_str().unwrap().to_string();
        let cookie = set_cookie.split(';').next().unwrap().to_string();
        let me = self
            .post_form("/api/staff/me", Some(&StaffLogin { cookie: cookie.clone(), csrf: String::new() }), &[])
            .await;
        assert_eq!(me.status, 200, "{}", me.body);
        let csrf = serde_json::from_str::<serde_json::Value>(&me.body).unwrap()["csrf"].as_str().unwrap().to_string();
        StaffLogin { cookie, csrf }
    }

    pub async fn get_as(&self, path: &str, login: &StaffLogin) -> Page {
        self.get_with(path, &[("cookie", &login.cookie)]).await
    }
}

/// Reads server-sent events until `want` have arrived or the time is up: (id, event name, data).
pub async fn read_events(
    response: reqwest::Response,
    want: usize,
    wait: std::time::Duration,
) -> Vec<(i64, String, String)> {
    use futures::StreamExt;
    let mut stream = response.bytes_stream();
    let mut text = String::new();
    let mut events = Vec::new();
    let deadline = tokio::time::Instant::now() + wait;
    while events.len() < want {
        let chunk = match tokio::time::timeout_at(deadline, stream.next()).await {
            Ok(Some(Ok(c))) => c,
            _ => break,
        };
        text.push_str(&String::from_utf8_lossy(&chunk));
        while let Some(end) = text.find("\n\n") {
            let block: String = text.drain(..end + 2).collect();
            let id = block.lines().find_map(|l| l.strip_prefix("id:")).map(|v| v.trim().parse().unwrap());
            let name = block.lines().find_map(|l| l.strip_prefix("event:")).map(|v| v.trim().to_string());
            let data =
                block.lines().find_map(|l| l.strip_prefix("data:")).map(|v| v.trim().to_string()).unwrap_or_default();
            if let (Some(id), Some(name)) = (id, name) {
                events.push((id, name, data));
            }
        }
    }
    events
}

/// The test bank's RSA key pair (made with OpenSSL for these tests only).
pub const PARTNER_PRIVATE_KEY: &str = include_str!("../fixtures/partner_private.pem");
pub const PARTNER_PUBLIC_KEY: &str = include_str!("../fixtures/partner_public.pem");

/// X-SIGNATURE of an access-token request, `clientId|X-TIMESTAMP` signed with the test key.
pub fn sign_token_request(client_id: &str, ts: &str) -> String {
    sign_token_request_with(PARTNER_PRIVATE_KEY, client_id, ts)
}

/// A second key pair, for a bank that replaces its key.
pub const SECOND_PARTNER_PUBLIC_KEY: &str = include_str!("../fixtures/second_partner_public.pem");
pub const SECOND_PARTNER_PRIVATE_KEY: &str = include_str!("../fixtures/second_partner_private.pem");

/// `sign_token_request` with another private key (PKCS#8 PEM).
pub fn sign_token_request_with(private_pem: &str, client_id: &str, ts: &str) -> String {
    use base64::{engine::general_purpose::STANDARD as BASE64, Engine as _};
    use rsa::pkcs8::DecodePrivateKey;
    use rsa::signature::{SignatureEncoding, Signer};
    let key = rsa::pkcs1v15::SigningKey::<sha2::Sha256>::new(rsa::RsaPrivateKey::from_pkcs8_pem(private_pem).unwrap());
    BASE64.encode(key.sign(format!("{client_id}|{ts}").as_bytes()).to_bytes())
}

/// The demo acquirer's server key: signs QRIS notifications in demo mode.
pub const DEMO_KEY: &str = "demo-acquirer-server-key";

/// A QRIS payment opened for everything the customer owes, valid 15 minutes.
pub async fn intent(app: &TestApp, customer: &str) -> app::ssr::db::ledger::Intent {
    app::ssr::payments::open_intent(
        &app.state,
        &app::domain::CustomerNumber::parse(customer).unwrap(),
        &app::domain::Channel::Qris,
        chrono::Utc::now(),
        chrono::Duration::minutes(15),
        app::domain::Cover::All,
    )
    .await
    .unwrap()
}

/// An office's database id by its code.
pub async fn office(app: &TestApp, code: &str) -> i64 {
    app::ssr::db::offices::office_id(&app.state.db, code).await.unwrap().unwrap()
}

/// A queue service's id by its ticket prefix at an office.
pub async fn service(app: &TestApp, office_id: i64, prefix: &str) -> i64 {
    sqlx::query_scalar("SELECT id FROM queue_services WHERE office_id = $1 AND prefix = $2")
        .bind(office_id)
        .bind(prefix)
        .fetch_one(&app.state.db)
        .await
        .unwrap()
}

/// A picture made for a test, as a PNG.
pub fn png(width: u32, height: u32) -> Vec<u8> {
    use image::{ImageEncoder, RgbImage};
    let img = RgbImage::from_fn(width, height, |x, y| image::Rgb([(x % 200) as u8, (y % 200) as u8, 60]));
    let mut out = Vec::new();
    image::codecs::png::PngEncoder::new(&mut out)
        .write_image(img.as_raw(), width, height, image::ExtendedColorType::Rgb8)
        .unwrap();
    out
}
