//! Server-only parts of the app crate: shared state, queries, limits, the clock.

pub mod clock;
pub mod db;
pub mod rate_limit;
mod state;

pub use rate_limit::{ClientIp, RateLimiter};
pub use state::{app_state, AppState, BillingRules};
