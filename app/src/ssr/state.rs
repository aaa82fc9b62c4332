use super::{PaymentSettings, RateLimiter, SiteSettings};
use crate::error::AppError;
use axum::extract::FromRef;
use leptos::prelude::*;
use std::sync::Arc;

/// What every page and server function can reach, provided through axum state and Leptos context.
#[derive(Clone)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub db: sqlx::AnyPool,
    pub rules: Arc<super::rules::Rules>,
    pub lookups: Arc<RateLimiter>,
    pub payments: Arc<PaymentSettings>,
    pub site: Arc<SiteSettings>,
    pub live: Arc<super::live::LiveHub>,
    pub channels: Arc<super::channels::ChannelMonitor>,
    pub board: Arc<super::board::BoardCache>,
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> LeptosOptions {
        state.leptos_options.clone()
    }
}

impl AppState {
    /// This server's own base URL, for the demo simulators that call its partner endpoints as a
    /// partner would (over HTTP, through every check).
    pub fn own_url(&self) -> String {
        let mut addr = self.leptos_options.site_addr;
        if addr.ip().is_unspecified() {
            addr.set_ip(std::net::Ipv4Addr::LOCALHOST.into());
        }
        format!("http://{addr}")
    }
}

pub fn app_state() -> Result<AppState, AppError> {
    use_context::<AppState>().ok_or_else(|| {
        tracing::error!("AppState missing from context");
        AppError::Internal
    })
}
