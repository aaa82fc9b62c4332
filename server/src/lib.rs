//! The Tirta server: builds the axum application around the Leptos pages.

// Handlers refuse a request with the finished answer (`Result<_, Response>`): a large error
// variant on a path taken once per request costs nothing worth boxing for.
#![allow(clippy::result_large_err)]

pub mod assets;
pub mod complaints;
pub mod config;
pub mod counter_devices;
pub mod db;
pub mod demo;
pub mod exports;
pub mod http;
pub mod jobs;
pub mod live;
pub mod payments;
pub mod routes;
pub mod self_readings;
pub mod service_worker;
pub mod uploads;

use app::ssr::{AppState, ClientIp, RateLimiter};
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{header, HeaderValue};
use axum::middleware::{self, Next};
use axum::response::Response;
use axum::routing::{get, post};
use axum::Router;
use config::Config;
use leptos_axum::{generate_route_list, LeptosRoutes};
use std::net::SocketAddr;
use std::sync::{Arc, OnceLock};
use std::time::Duration;
use tower_http::compression::{CompressionLayer, CompressionLevel};
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::{DefaultOnResponse, TraceLayer};

#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error(transparent)]
    Db(#[from] db::DbError),
    #[error("billing rules: {0}")]
    Rules(#[from] app::ssr::db::rules::RulesError),
    #[error(
        "the demo payment simulator left credentials in this database ({0}); a production server does not start with them. \
         Clear them with `server partners forget-demo-credentials`, then register the banks' real credentials"
    )]
    DemoLeftovers(String),
    #[error("TIRTA_PUBLIC_URL is required in production: the address customers reach the portal at, such as https://air.example.go.id")]
    PublicUrlMissing,
}

/// Connects, migrates, loads the billing rules and builds the state every request shares.
pub async fn prepare(config: &Config) -> Result<AppState, StartError> {
    if config.site.public_url.is_empty() {
        return Err(StartError::PublicUrlMissing);
    }
    if config.site.queue_clock.is_set() {
        tracing::warn!(queue_clock = %config.site.queue_clock.now(), "the queue's clock is set (TIRTA_QUEUE_CLOCK): offices open and close by it, not by WIB now");
    }
    let pool = db::connect_with(&config.database_url, config.db_max_connections, config.durability).await?;
    db::migrate(&pool).await?;
    if !config.payments.demo {
        let (keys, partners) = app::ssr::bank_simulator::leftovers(&pool).await.map_err(db::DbError::Setup)?;
        if keys > 0 || !partners.is_empty() {
            return Err(StartError::DemoLeftovers(format!(
                "{keys} demo private keys; simulator credentials for: {}",
                if partners.is_empty() { "none".into() } else { partners.join(", ") }
            )));
        }
    }
    let rules = Arc::new(app::ssr::rules::Rules::load(&pool).await?);
    tokio::spawn(rules.clone().keep_fresh(pool.clone(), config.rules_check));
    app::ssr::db::queue::ensure_all(&pool).await.map_err(db::DbError::Setup)?;
    let live = Arc::new(app::ssr::live::LiveHub::new(config.live_poll));
    live.set_secret(app::ssr::live::token_secret(&pool).await.map_err(db::DbError::Setup)?);
    live.start_pump(pool.clone()).await;
    Ok(AppState {
        leptos_options: config.leptos.clone(),
        live,
        db: pool,
        rules,
        lookups: Arc::new(RateLimiter::new(config.lookups_per_minute, config.lookup_burst)),
        payments: Arc::new(config.payments.clone()),
        site: Arc::new(config.site.clone()),
        channels: Arc::new(app::ssr::channels::ChannelMonitor::new(config.channel_rules)),
        board: Arc::default(),
    })
}

/// The app's routes, generated once per process. Generation renders the app with resource
/// loading suppressed through a process-wide flag; a second generation while another router in
/// the same process serves pages (as in the integration tests) would stall that router's pages.
fn route_list() -> Vec<leptos_axum::AxumRouteListing> {
    static ROUTES: OnceLock<Vec<leptos_axum::AxumRouteListing>> = OnceLock::new();
    ROUTES.get_or_init(|| generate_route_list(app::App)).clone()
}

/// How hard pages and API answers are compressed as they are sent (the brotli quality and the
/// gzip level). A 17 KB bill page: brotli 1 sends 4.6 KB, tower-http's default 4 sends 4.1 KB
/// but cost the server 0.36 ms of CPU per page against 0.09 ms (a streaming encoder cannot size
/// its tables to a small page), as much as all the rest of a page. The 0.5 KB is 3 ms on a slow phone
/// network; the server serves 1.7 times the pages. The bundle is compressed once, at the highest
/// level (`assets`).
const DYNAMIC_COMPRESSION_LEVEL: i32 = 1;

pub fn router(state: AppState, config: &Config) -> Router {
    let routes = route_list();
    let proxy_hops = config.proxy_hops;
    let leptos_options = state.leptos_options.clone();
    let bundle = assets::bundle(
        &std::path::Path::new(&*leptos_options.site_root).join(&*leptos_options.site_pkg_dir),
        leptos_options.hash_files,
    );
    // Files for import are far larger than any other request, and slower to arrive: a route
    // with limits of its own, outside the general ones.
    let uploads = Router::new()
        .route("/staf/impor/unggah", post(uploads::import_file))
        .route(
            "/pengaduan/kirim",
            post(complaints::file).layer(axum::extract::DefaultBodyLimit::max(http::PHOTO_FORM_LIMIT)),
        )
        .route(
            "/baca-meter/kirim",
            post(self_readings::send).layer(axum::extract::DefaultBodyLimit::max(http::PHOTO_FORM_LIMIT)),
        )
        // Enforced by the multipart reader, so that a file too large returns to the form with
        // the reason rather than a bare 413.
        .layer(axum::extract::DefaultBodyLimit::max(uploads::BODY_LIMIT))
        .layer(middleware::from_fn_with_state(proxy_hops, client_ip))
        .layer(TimeoutLayer::with_status_code(axum::http::StatusCode::REQUEST_TIMEOUT, Duration::from_secs(600)));
    Router::new()
        .route("/healthz", get(routes::healthz))
        .route("/readyz", get(routes::readyz))
        .route("/bahasa/{code}", get(routes::set_language))
        .route("/t/{code}", get(routes::short_ticket))
        .route("/api/v1/qris/notifications", post(payments::qris_notifications::receive))
        .route("/v1.0/access-token/b2b", post(payments::snap::access_token))
        .route("/v1.0/transfer-va/inquiry", post(payments::snap::inquiry))
        .route("/v1.0/transfer-va/payment", post(payments::snap::payment))
        .route("/v1.0/openapi.json", get(payments::snap::openapi))
        .route("/api/v1/live", get(live::stream))
        .route("/api/v1/counter/snapshot", get(counter_devices::snapshot))
        .route("/api/v1/counter/receipt-block", post(counter_devices::receipt_block))
        .route("/api/v1/counter/sync", post(counter_devices::sync))
        .route(service_worker::COUNTER.path, get(service_worker::counter))
        .route("/gangguan.atom", get(exports::notices_atom))
        .route("/staf/laporan/kas.csv", get(exports::cash_csv))
        .route("/staf/laporan/rekonsiliasi.csv", get(exports::reconciliation_csv))
        .route("/staf/laporan/antrean.csv", get(exports::queue_csv))
        .route("/staf/tagihan/{id}/drd.csv", get(exports::drd_csv))
        .route("/pengaduan/{token}/foto", get(complaints::photo_by_token))
        .route("/staf/pengaduan/{id}/foto", get(complaints::photo_for_staff))
        .route("/staf/pengaduan/laporan.csv", get(complaints::report_csv))
        .route("/baca-meter/{token}/foto", get(self_readings::photo_by_token))
        .route("/staf/baca-meter/{id}/foto", get(self_readings::photo_for_staff))
        .leptos_routes(&state, routes, move || app::shell(leptos_options.clone()))
        .fallback(leptos_axum::file_and_error_handler::<AppState, _>(app::shell))
        .layer(middleware::from_fn_with_state(proxy_hops, client_ip))
        // Pages, JSON and public files compressed on the fly; event streams never are.
        .layer(CompressionLayer::new().quality(CompressionLevel::Precise(DYNAMIC_COMPRESSION_LEVEL)))
        // Added after: the bundle is served as precompressed files, or as it is.
        .nest("/pkg", bundle)
        .layer(RequestBodyLimitLayer::new(64 * 1024))
        .layer(TimeoutLayer::with_status_code(axum::http::StatusCode::REQUEST_TIMEOUT, Duration::from_secs(30)))
        .merge(uploads)
        .layer(SetResponseHeaderLayer::if_not_present(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(header::REFERRER_POLICY, HeaderValue::from_static("same-origin")))
        .layer(SetResponseHeaderLayer::if_not_present(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY")))
        .layer(
            TraceLayer::new_for_http()
                // The path, never the query: a query carries what customers typed (a customer
                // number, a mobile number, a complaint's words on its way back to the form).
                .make_span_with(
                    |req: &Request| tracing::info_span!("request", method = %req.method(), path = %req.uri().path()),
                )
                .on_response(DefaultOnResponse::new().level(tracing::Level::INFO)),
        )
        .with_state(state)
}

/// Decides once which address the client has, for the limits and the logs. Behind `hops`
/// trusted proxies (0: none) the client is the `hops`-th address from the right of
/// X-Forwarded-For: each proxy appends the address that connected to it, and everything to the
/// left of what our own proxies wrote is whatever the client chose to send. Without trusted
/// proxies the forwarding headers are removed, so nothing downstream can be fooled by them.
async fn client_ip(State(hops): State<u32>, mut req: Request, next: Next) -> Response {
    let peer = req.extensions().get::<ConnectInfo<SocketAddr>>().map(|ConnectInfo(addr)| addr.ip());
    let client = if hops == 0 {
        req.headers_mut().remove("x-forwarded-for");
        req.headers_mut().remove("x-forwarded-proto");
        peer
    } else {
        forwarded_client(req.headers().get_all("x-forwarded-for").iter().filter_map(|v| v.to_str().ok()), hops).or(peer)
    };
    if let Some(ip) = client {
        req.extensions_mut().insert(ClientIp(ip));
    }
    next.run(req).await
}

/// The `hops`-th address from the right across every X-Forwarded-For line, or None when the
/// header has fewer entries (then the request did not come through every proxy) or that entry
/// is not an address.
pub fn forwarded_client<'a>(lines: impl Iterator<Item = &'a str>, hops: u32) -> Option<std::net::IpAddr> {
    let entries: Vec<&str> = lines.flat_map(|l| l.split(',')).map(str::trim).filter(|e| !e.is_empty()).collect();
    let at = entries.len().checked_sub(hops as usize)?;
    entries[at].parse().ok()
}

/// Serves until `shutdown` resolves, then lets requests in flight finish.
pub async fn serve(
    listener: tokio::net::TcpListener,
    app: Router,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    use axum::serve::ListenerExt;
    // Pages stream in several writes (the shell first, then each resolved part): with Nagle's
    // algorithm a write waits for the client's delayed ACK, some 40 ms.
    let listener = listener.tap_io(|tcp| {
        if let Err(e) = tcp.set_nodelay(true) {
            tracing::trace!(error = %e, "TCP_NODELAY not set");
        }
    });
    axum::serve(listener, app.into_make_service_with_connect_info::<SocketAddr>())
        .with_graceful_shutdown(shutdown)
        .await
}

#[cfg(test)]
mod tests {
    use super::forwarded_client;

    #[test]
    fn the_client_is_counted_from_the_right_of_x_forwarded_for() {
        let ip = |s: &str| Some(s.parse().unwrap());
        assert_eq!(forwarded_client(["203.0.113.7"].into_iter(), 1), ip("203.0.113.7"));
        assert_eq!(
            forwarded_client(["198.51.100.1, 203.0.113.7"].into_iter(), 1),
            ip("203.0.113.7"),
            "the left is the client's own writing"
        );
        assert_eq!(
            forwarded_client(["198.51.100.1, 203.0.113.7", "10.0.0.2"].into_iter(), 2),
            ip("203.0.113.7"),
            "several header lines are one list"
        );
        assert_eq!(
            forwarded_client(["203.0.113.7"].into_iter(), 2),
            None,
            "fewer entries than proxies: not through them all"
        );
        assert_eq!(forwarded_client(["not-an-address"].into_iter(), 1), None);
        assert_eq!(forwarded_client(["2001:db8::1"].into_iter(), 1), ip("2001:db8::1"));
    }
}
