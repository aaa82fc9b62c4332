//! Server-only parts of the app crate: shared state, queries, limits, the clock.

pub mod accounts;
pub mod auth;
pub mod bank_simulator;
pub mod banks;
pub mod billing;
pub mod board;
pub mod channels;
pub mod clock;
pub mod complaints;
pub mod corrections;
pub mod counter;
pub mod counter_devices;
pub mod customers;
pub mod db;
pub mod heavy;
pub mod imports;
pub mod late_fees;
pub mod live;
pub mod notices;
pub mod office_settings;
pub mod offices;
pub mod offline_sync;
pub mod payments;
pub mod photo;
pub mod qr;
pub mod queue;
pub mod random;
pub mod rate_limit;
pub mod reports;
pub mod rules;
pub mod self_readings;
pub mod settings;
pub mod staff;
mod state;
pub mod tariffs;

pub use payments::{PaymentSettings, QrisSettings};
pub use rate_limit::{ClientIp, ClientNet, RateLimiter};
pub use settings::{LiveLimits, SiteSettings};
pub use state::{app_state, AppState};

/// Adds a `Set-Cookie` to the response a server function is answering.
pub fn set_cookie(value: &str) {
    if let (Some(response), Ok(v)) =
        (leptos::prelude::use_context::<leptos_axum::ResponseOptions>(), http::HeaderValue::from_str(value))
    {
        response.append_header(http::header::SET_COOKIE, v);
    }
}

/// Asks every cache on the way, the browser's included, to keep no copy of this answer (a
/// secret shown once).
pub fn no_store() {
    if let Some(response) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>() {
        response.insert_header(http::header::CACHE_CONTROL, http::HeaderValue::from_static("no-store"));
    }
}
