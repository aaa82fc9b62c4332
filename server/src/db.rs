//! Connecting and migrating. The URL picks the database: SQLite is the embedded default,
//! PostgreSQL the production choice when several replicas share one database.
//!
//! One set of migrations (`migrations/portable`) serves both. It is written in the SQL the two
//! share; for PostgreSQL a few column types are translated (`translate`) and a version may be
//! replaced by a file of the same name in `migrations/postgres` (what SQLite has no use for,
//! such as notifications between replicas). Versions and names are the same on both.

use app::ssr::db::Backend;
use sqlx::any::AnyPoolOptions;
use sqlx::migrate::{Migration, Migrator};
use sqlx::{AnyPool, Connection, Executor};
use std::borrow::Cow;
use std::time::Duration;

#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error("cannot open the database {url}: {source}")]
    Connect { url: String, source: sqlx::Error },
    #[error("database migration failed: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("setting up the database failed: {0}")]
    Setup(sqlx::Error),
    #[error("unsupported database URL {0} (expected sqlite://... or postgres://...)")]
    Unsupported(String),
}

static PORTABLE: Migrator = sqlx::migrate!("../migrations/portable");

/// PostgreSQL's replacements, by file name.
const POSTGRES_ONLY: &[(&str, &str)] = &[
    ("0008_live_notify.sql", include_str!("../../migrations/postgres/0008_live_notify.sql")),
    ("0017_carried_over_bills.sql", include_str!("../../migrations/postgres/0017_carried_over_bills.sql")),
];

/// How SQLite makes a commit durable. `Full` (the default) syncs the write-ahead log at every
/// commit: a payment answered 200 to a bank survives a power cut. `Normal` syncs only at
/// checkpoints, so the last commits before a power cut can vanish; it exists to measure what
/// `Full` costs, and for a throwaway demo.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Durability {
    Full,
    Normal,
}

impl std::str::FromStr for Durability {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "full" => Ok(Durability::Full),
            "normal" => Ok(Durability::Normal),
            _ => Err("expected full or normal".into()),
        }
    }
}

/// How long a pooled connection may sit unused before it is checked before use.
const PING_AFTER_IDLE: Duration = Duration::from_secs(30);

pub async fn connect(url: &str, max_connections: u32) -> Result<AnyPool, DbError> {
    connect_with(url, max_connections, Durability::Full).await
}

pub async fn connect_with(url: &str, max_connections: u32, durability: Durability) -> Result<AnyPool, DbError> {
    sqlx::any::install_default_drivers();
    let backend = Backend::of_url(url).ok_or_else(|| DbError::Unsupported(redact(url)))?;
    let options = AnyPoolOptions::new()
        .max_connections(max_connections)
        .acquire_timeout(Duration::from_secs(10))
        // sqlx pings every connection it hands out unless told not to: a second round trip for
        // every query, on a pool that is busiest exactly when its connections are freshest.
        // Only a connection that sat idle long enough to have been dropped by the server or a
        // firewall in between is pinged (and replaced when the ping fails).
        .test_before_acquire(false)
        .before_acquire(|conn, meta| {
            Box::pin(async move {
                if meta.idle_for < PING_AFTER_IDLE {
                    return Ok(true);
                }
                Ok(conn.ping().await.is_ok())
            })
        });
    let options = match backend {
        Backend::Sqlite => options.after_connect(move |conn, _| {
            Box::pin(async move {
                // WAL lets readers go on while the generator or a payment writes; the busy
                // timeout turns brief write contention into a wait instead of an error.
                let synchronous = match durability {
                    Durability::Full => "FULL",
                    Durability::Normal => "NORMAL",
                };
                conn.execute(
                    format!("PRAGMA journal_mode = WAL; PRAGMA synchronous = {synchronous}; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000;").as_str(),
                )
                .await?;
                Ok(())
            })
        }),
        // Timestamps are stored as text in UTC; nothing depends on the session's time zone.
        Backend::Postgres => options,
    };
    options.connect(url).await.map_err(|source| DbError::Connect { url: redact(url), source })
}

/// Runs statements in the maintenance database of a PostgreSQL server (`server` without a
/// database name): creating and dropping databases cannot be done from inside them. For the
/// tests and benchmarks, which each make a database of their own.
pub async fn on_server(server: &str, sql: &str) -> Result<(), sqlx::Error> {
    sqlx::any::install_default_drivers();
    let mut conn = sqlx::AnyConnection::connect(&format!("{}/postgres", server.trim_end_matches('/'))).await?;
    let done = sqlx::raw_sql(sql).execute(&mut conn).await.map(drop);
    let _ = conn.close().await;
    done
}

pub async fn migrate(pool: &AnyPool) -> Result<(), DbError> {
    match Backend::of_pool(pool) {
        Backend::Sqlite => PORTABLE.run(pool).await?,
        // The migrator holds PostgreSQL's migration lock: replicas starting together migrate once.
        Backend::Postgres => postgres_migrator().run(pool).await?,
    }
    Ok(())
}

fn postgres_migrator() -> Migrator {
    let migrations: Vec<Migration> = PORTABLE
        .migrations
        .iter()
        .map(|m| {
            let file = format!("{:04}_{}.sql", m.version, m.description.replace(' ', "_"));
            let sql = match POSTGRES_ONLY.iter().find(|(name, _)| *name == file) {
                Some((_, sql)) => sql.to_string(),
                None => translate(&m.sql),
            };
            Migration::new(m.version, m.description.clone(), m.migration_type, Cow::Owned(sql), m.no_tx)
        })
        .collect();
    Migrator { migrations: Cow::Owned(migrations), ..Migrator::DEFAULT }
}

/// The portable schema in PostgreSQL's types. SQLite's `INTEGER` is 64-bit and an
/// `INTEGER PRIMARY KEY` numbers itself; PostgreSQL needs `BIGINT` and an identity for that,
/// and calls a `BLOB` a `BYTEA`.
pub fn translate(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len() + 256);
    for line in sql.lines() {
        let translated = if line.trim_start().starts_with("--") {
            line.to_string()
        } else {
            let line = line.replace("INTEGER PRIMARY KEY", "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY");
            [("INTEGER", "BIGINT"), ("REAL", "DOUBLE PRECISION"), ("BLOB", "BYTEA")]
                .into_iter()
                .fold(line, |line, (word, with)| replace_word(&line, word, with))
        };
        out.push_str(&translated);
        out.push('\n');
    }
    out
}

/// Replaces `word` where it stands alone (not inside a longer identifier).
fn replace_word(text: &str, word: &str, with: &str) -> String {
    let is_ident = |c: char| c.is_ascii_alphanumeric() || c == '_';
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find(word) {
        let before = rest[..at].chars().next_back();
        let after = rest[at + word.len()..].chars().next();
        out.push_str(&rest[..at]);
        if before.is_some_and(is_ident) || after.is_some_and(is_ident) {
            out.push_str(word);
        } else {
            out.push_str(with);
        }
        rest = &rest[at + word.len()..];
    }
    out.push_str(rest);
    out
}

/// After rows were written with their ids given (the demo generator, an import), PostgreSQL's
/// identity sequences must move past them or the next insert would collide. SQLite numbers
/// from the largest id by itself.
pub async fn sync_identities(pool: &AnyPool) -> Result<(), sqlx::Error> {
    if Backend::of_pool(pool) != Backend::Postgres {
        return Ok(());
    }
    let tables: Vec<(String,)> = sqlx::query_as(
        "SELECT table_name::text FROM information_schema.columns
         WHERE table_schema = current_schema() AND column_name = 'id' AND is_identity = 'YES'",
    )
    .fetch_all(pool)
    .await?;
    for (table,) in tables {
        // GREATEST: never moves a sequence back past ids it already handed out.
        let sql = format!(
            "SELECT CAST(setval(pg_get_serial_sequence('{table}', 'id'), GREATEST((SELECT COALESCE(MAX(id), 0) FROM {table}) + 1, nextval(pg_get_serial_sequence('{table}', 'id'))), false) AS BIGINT)"
        );
        sqlx::query(&sql).execute(pool).await?;
    }
    Ok(())
}

/// The URL without its password, for messages and logs.
pub fn redact(url: &str) -> String {
    match (url.find("://"), url.find('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            format!("{}://***{}", &url[..scheme], &url[at..])
        }
        _ => url.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integer_keys_become_identities_and_integers_bigints() {
        let sql = "CREATE TABLE t (\n    id INTEGER PRIMARY KEY,\n    n INTEGER NOT NULL,\n    x REAL,\n    integer_count TEXT,\n    file BLOB\n);\n-- REAL too\n";
        let pg = translate(sql);
        assert!(pg.contains("id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,"), "{pg}");
        assert!(pg.contains("n BIGINT NOT NULL"), "{pg}");
        assert!(pg.contains("x DOUBLE PRECISION,"), "{pg}");
        assert!(pg.contains("integer_count TEXT"), "{pg}");
        assert!(pg.contains("file BYTEA"), "{pg}");
        assert!(pg.contains("-- REAL too"), "{pg}");
    }

    #[test]
    fn every_postgres_replacement_names_a_portable_migration() {
        let migrator = postgres_migrator();
        assert_eq!(migrator.migrations.len(), PORTABLE.migrations.len());
        for (name, sql) in POSTGRES_ONLY {
            assert!(migrator.migrations.iter().any(|m| m.sql == *sql), "{name} replaces nothing");
        }
    }

    #[test]
    fn passwords_stay_out_of_messages() {
        assert_eq!(redact("postgres://tirta:secret@db:5432/tirta"), "postgres://***@db:5432/tirta");
        assert_eq!(redact("sqlite://tirta.db"), "sqlite://tirta.db");
    }
}
