//! Background work of one server process. (Several replicas sharing PostgreSQL will need it to
//! run once across them; with SQLite there is one process.)

use app::ssr::db::ledger;
use app::ssr::AppState;
use std::time::Duration;
use tokio::sync::watch;

/// How often expired payment intents are closed.
const EXPIRY_EVERY: Duration = Duration::from_secs(60);

/// Runs until `stop` turns true.
pub async fn run(state: AppState, mut stop: watch::Receiver<bool>) {
    let mut tick = tokio::time::interval(EXPIRY_EVERY);
    loop {
        tokio::select! {
            _ = tick.tick() => match ledger::expire_intents(&state.db, chrono::Utc::now()).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(expired = n, "payment intents expired"),
                Err(e) => tracing::warn!(error = %e, "expiring payment intents failed; retrying next minute"),
            },
            changed = stop.changed() => if changed.is_err() || *stop.borrow() { break },
        }
    }
}
