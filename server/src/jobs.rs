//! Background work: expiring payment intents, closing resolved complaints nobody answered, the end-of-day queue reset, payment-channel
//! health, deleting what is past its retention. Every replica runs this loop, but only the one holding the jobs lock does the work:
//! PostgreSQL's session advisory lock, held on a connection of its own, passes to a standby
//! replica within one tick when the holder dies (its connection closes, the lock with it).
//! SQLite serves one process, which always holds it.

use app::ssr::db::{ledger, try_lock_session, Backend, Serial};
use app::ssr::{channels, AppState};
use sqlx::{AnyConnection, Connection};
use std::time::Duration;
use tokio::sync::watch;

/// How often expired payment intents are closed.
const EXPIRY_EVERY: Duration = Duration::from_secs(60);
/// How often the payment channels are judged from their signals.
const CHANNELS_EVERY: Duration = Duration::from_secs(30);
/// How often records past their retention are deleted (`app::ssr::db::retention`).
const RETENTION_EVERY: Duration = Duration::from_secs(60 * 60);

/// Runs until `stop` turns true.
pub async fn run(state: AppState, mut stop: watch::Receiver<bool>) {
    let mut expiry = tokio::time::interval(EXPIRY_EVERY);
    let mut health = tokio::time::interval(CHANNELS_EVERY);
    let mut retention = tokio::time::interval(RETENTION_EVERY);
    let mut lease = Lease::default();
    loop {
        tokio::select! {
            _ = expiry.tick() => {
                if !lease.held(&state).await {
                    continue;
                }
                match ledger::expire_intents(&state.db, chrono::Utc::now()).await {
                    Ok(0) => {}
                    Ok(n) => tracing::info!(expired = n, "payment intents expired"),
                    Err(e) => tracing::warn!(error = %e, "expiring payment intents failed; retrying next minute"),
                }
                match app::ssr::complaints::close_unconfirmed(&state, chrono::Utc::now()).await {
                    Ok(0) => {}
                    Ok(n) => tracing::info!(closed = n, "resolved complaints nobody answered closed"),
                    Err(e) => tracing::warn!(error = %e, "closing unconfirmed complaints failed; retrying next minute"),
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
            _ = health.tick() => {
                if !lease.held(&state).await {
                    continue;
                }
                match channels::check(&state, chrono::Utc::now()).await {
                    Ok(changes) => for (channel, change) in changes {
                        tracing::warn!(channel, ?change, "payment channel health changed");
                    },
                    Err(e) => tracing::warn!(error = %e, "judging payment channels failed; retrying"),
                }
            }
            _ = retention.tick() => {
                // Every process forgets its own idle clients; one sweeps the database.
                state.lookups.forget_idle(std::time::Instant::now());
                if !lease.held(&state).await {
                    continue;
                }
                match app::ssr::db::retention::sweep(&state.db, chrono::Utc::now()).await {
                    Ok(swept) => for (table, n) in swept.into_iter().filter(|(_, n)| *n > 0) {
                        tracing::info!(table, deleted = n, "records past their retention deleted");
                    },
                    Err(e) => tracing::warn!(error = %e, "retention sweep failed; retrying next hour"),
                }
            }
            changed = stop.changed() => if changed.is_err() || *stop.borrow() { break },
        }
    }
}

/// This process's claim to run the background work.
#[derive(Default)]
pub struct Lease {
    connection: Option<AnyConnection>,
}

impl Lease {
    /// Whether this process runs the work now: keeps the lock it has (checking its connection
    /// still lives), or tries to take it.
    pub async fn held(&mut self, state: &AppState) -> bool {
        if Backend::of_pool(&state.db) == Backend::Sqlite {
            return true;
        }
        if let Some(conn) = self.connection.as_mut() {
            if conn.ping().await.is_ok() {
                return true;
            }
            tracing::warn!("jobs lease: the connection holding the lock was lost");
            self.connection = None;
        }
        let mut conn = match state.db.acquire().await {
            // Detached: the lock lives as long as this connection, which the pool must not reuse.
            Ok(c) => c.detach(),
            Err(e) => {
                tracing::warn!(error = %e, "jobs lease: no connection");
                return false;
            }
        };
        match try_lock_session(&mut conn, Serial::Jobs).await {
            Ok(true) => {
                tracing::info!("jobs lease taken: this process runs the background work");
                self.connection = Some(conn);
                true
            }
            Ok(false) => {
                let _ = conn.close().await;
                false
            }
            Err(e) => {
                tracing::warn!(error = %e, "jobs lease: cannot ask for the lock");
                false
            }
        }
    }
}
