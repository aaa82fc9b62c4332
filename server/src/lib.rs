//! The Tirta server: builds the axum application around the Leptos pages.

pub mod assets;
pub mod config;
pub mod db;
pub mod demo;
pub mod exports;
pub mod jobs;
pub mod live;
pub mod payments;
pub mod routes;

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
use tower_http::compression::CompressionLayer;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::{DefaultMakeSpan, DefaultOnResponse, TraceLayer};

#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error(transparent)]
    Db(#[from] db::DbError),
    #[error("billing rules: {0}")]
    Rules(#[from] app::ssr::db::rules::RulesError),
}

/// Connects, migrates, loads the billing rules and builds the state every request shares.
pub async fn prepare(config: &Config) -> Result<AppState, StartError> {
    let pool = db::connect(&config.database_url, config.db_max_connections).await?;
    db::migrate(&pool).await?;
    let rules = app::ssr::db::rules::load(&pool).await?;
    app::ssr::db::queue::ensure_all(&pool).await.map_err(db::DbError::Setup)?;
    let live = Arc::new(app::ssr::live::LiveHub::new(config.live_poll));
    live.start_pump(pool.clone()).await;
    Ok(AppState {
        leptos_options: config.leptos.clone(),
        live,
        db: pool,
        rules: Arc::new(rules),
        lookups: Arc::new(RateLimiter::new(config.lookups_per_minute, config.lookup_burst)),
        payments: Arc::new(config.payments.clone()),
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

pub fn router(state: AppState, config: &Config) -> Router {
    let routes = route_list();
    let trust_forwarded_for = config.trust_forwarded_for;
    let leptos_options = state.leptos_options.clone();
    let bundle = assets::bundle(&std::path::Path::new(&*leptos_options.site_root).join(&*leptos_options.site_pkg_dir), leptos_options.hash_files);
    Router::new()
        .route("/healthz", get(routes::healthz))
        .route("/readyz", get(routes::readyz))
        .route("/bahasa/{code}", get(routes::set_language))
        .route("/api/v1/qris/notifications", post(payments::qris_notifications::receive))
        .route("/v1.0/access-token/b2b", post(payments::snap::access_token))
        .route("/v1.0/transfer-va/inquiry", post(payments::snap::inquiry))
        .route("/v1.0/transfer-va/payment", post(payments::snap::payment))
        .route("/v1.0/openapi.json", get(payments::snap::openapi))
        .route("/api/v1/live", get(live::stream))
        .route("/gangguan.atom", get(exports::notices_atom))
        .route("/staf/laporan/kas.csv", get(exports::cash_csv))
        .route("/staf/laporan/rekonsiliasi.csv", get(exports::reconciliation_csv))
        .route("/staf/laporan/antrean.csv", get(exports::queue_csv))
        .leptos_routes(&state, routes, move || app::shell(leptos_options.clone()))
        .fallback(leptos_axum::file_and_error_handler::<AppState, _>(app::shell))
        .layer(middleware::from_fn_with_state(trust_forwarded_for, client_ip))
        // Pages, JSON and public files compressed on the fly; event streams never are.
        .layer(CompressionLayer::new())
        // Added after: the bundle is served as precompressed files, or as it is.
        .nest("/pkg", bundle)
        .layer(RequestBodyLimitLayer::new(64 * 1024))
        .layer(TimeoutLayer::with_status_code(axum::http::StatusCode::REQUEST_TIMEOUT, Duration::from_secs(30)))
        .layer(SetResponseHeaderLayer::if_not_present(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff")))
        .layer(SetResponseHeaderLayer::if_not_present(header::REFERRER_POLICY, HeaderValue::from_static("same-origin")))
        .layer(SetResponseHeaderLayer::if_not_present(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY")))
        .layer(
            TraceLayer::new_for_http()
                .make_span_with(DefaultMakeSpan::new().level(tracing::Level::INFO))
                .on_response(DefaultOnResponse::new().level(tracing::Level::INFO)),
        )
        .with_state(state)
}

/// Decides once which address the client has, for the lookup limit and the logs.
async fn client_ip(State(trust_forwarded_for): State<bool>, mut req: Request, next: Next) -> Response {
    let forwarded = trust_forwarded_for
        .then(|| req.headers().get("x-forwarded-for"))
        .flatten()
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(',').next())
        .and_then(|ip| ip.trim().parse().ok());
    let peer = req.extensions().get::<ConnectInfo<SocketAddr>>().map(|ConnectInfo(addr)| addr.ip());
    if let Some(ip) = forwarded.or(peer) {
        req.extensions_mut().insert(ClientIp(ip));
    }
    next.run(req).await
}

/// Serves until `shutdown` resolves, then lets requests in flight finish.
pub async fn serve(listener: tokio::net::TcpListener, app: Router, shutdown: impl std::future::Future<Output = ()> + Send + 'static) -> std::io::Result<()> {
    use axum::serve::ListenerExt;
    // Pages stream in several writes (the shell first, then each resolved part): with Nagle's
    // algorithm a write waits for the client's delayed ACK, some 40 ms.
    let listener = listener.tap_io(|tcp| {
        if let Err(e) = tcp.set_nodelay(true) {
            tracing::trace!(error = %e, "TCP_NODELAY not set");
        }
    });
    axum::serve(listener, app.into_make_service_with_connect_info::<SocketAddr>()).with_graceful_shutdown(shutdown).await
}
