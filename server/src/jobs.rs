//! Background work of one server process. (Several replicas sharing PostgreSQL will need it to
//! run once across them; with SQLite there is one process.)

use app::ssr::db::ledger;
use app::ssr::{channels, AppState};
use std::time::Duration;
use tokio::sync::watch;

/// How often expired payment intents are closed.
const EXPIRY_EVERY: Duration = Duration::from_secs(60);
/// How often the payment channels are judged from their signals.
const CHANNELS_EVERY: Duration = Duration::from_secs(30);

/// Runs until `stop` turns true.
pub async fn run(state: AppState, mut stop: watch::Receiver<bool>) {
    let mut expiry = tokio::time::interval(EXPIRY_EVERY);
    let mut health = tokio::time::interval(CHANNELS_EVERY);
    loop {
        tokio::select! {
            _ = expiry.tick() => {
                match ledger::expire_intents(&state.db, chrono::Utc::now()).await {
                    Ok(0) => {}
                    Ok(n) => tracing::info!(expired = n, "payment intents expired"),
                    Err(e) => tracing::warn!(error = %e, "expiring payment intents failed; retrying next minute"),
                }
                // The end-of-day reset: tickets left from an earlier WIB day close.
                match app::ssr::db::queue::close_past_days(&state.db).await {
                    Ok(0) => {}
                    Ok(n) => {
                        tracing::info!(closed = n, "queue tickets of earlier days closed");
                        state.live.wake();
                    }
                    Err(e) => tracing::warn!(error = %e, "closing earlier days' queues failed; retrying next minute"),
                }
            }
            _ = health.tick() => match channels::check(&state, chrono::Utc::now()).await {
                Ok(changes) => for (channel, change) in changes {
                    tracing::warn!(channel, ?change, "payment channel health changed");
                },
                Err(e) => tracing::warn!(error = %e, "judging payment channels failed; retrying"),
            },
            changed = stop.changed() => if changed.is_err() || *stop.borrow() { break },
        }
    }
}
