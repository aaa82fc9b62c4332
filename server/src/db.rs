//! Connecting and migrating. The URL picks the database; SQLite is the embedded default.

use sqlx::any::AnyPoolOptions;
use sqlx::{AnyPool, Executor};
use std::time::Duration;

#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error("cannot open the database {url}: {source}")]
    Connect { url: String, source: sqlx::Error },
    #[error("database migration failed: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("setting up the unit offices' queues failed: {0}")]
    Setup(sqlx::Error),
    #[error("unsupported database URL {0} (expected sqlite://...)")]
    Unsupported(String),
}

pub async fn connect(url: &str, max_connections: u32) -> Result<AnyPool, DbError> {
    sqlx::any::install_default_drivers();
    if !url.starts_with("sqlite:") {
        return Err(DbError::Unsupported(redact(url)));
    }
    AnyPoolOptions::new()
        .max_connections(max_connections)
        .acquire_timeout(Duration::from_secs(10))
        .after_connect(|conn, _| {
            Box::pin(async move {
                // WAL lets readers go on while the generator or a payment writes; the busy
                // timeout turns brief write contention into a wait instead of an error.
                conn.execute("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000;")
                    .await?;
                Ok(())
            })
        })
        .connect(url)
        .await
        .map_err(|source| DbError::Connect { url: redact(url), source })
}

pub async fn migrate(pool: &AnyPool) -> Result<(), DbError> {
    sqlx::migrate!("../migrations/sqlite").run(pool).await?;
    Ok(())
}

/// The URL without its password, for messages and logs.
fn redact(url: &str) -> String {
    match (url.find("://"), url.find('@')) {
        (Some(scheme), Some(at)) if at > scheme => format!("{}://***{}", &url[..scheme], &url[at..]),
        _ => url.to_string(),
    }
}
