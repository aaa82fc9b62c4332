//! Queries, one module per concern. Portable SQL with `$N` parameters through sqlx's Any
//! driver, so PostgreSQL can take over from SQLite without a rewrite.

pub mod accounts;
pub mod adjustments;
pub mod audit;
pub mod bank_api;
pub mod billing;
pub mod bulk;
pub mod channels;
pub mod complaints;
pub mod counter_devices;
pub mod customers;
pub mod import_jobs;
pub mod imports;
pub mod ledger;
pub mod live;
pub mod notices;
pub mod office_settings;
pub mod offices;
pub mod offline_payments;
pub mod partners;
pub mod photos;
pub mod queue;
pub mod reports;
pub mod retention;
pub mod rules;
pub mod self_readings;
pub mod sessions;
pub mod staff;
pub mod stamp;
pub mod tariffs;

use sqlx::{Any, AnyConnection, AnyPool, Transaction};

/// The database behind the Any driver. The SQL is shared; only how writers are kept from
/// deciding on the same rows at once differs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    pub fn of_url(url: &str) -> Option<Backend> {
        let scheme = url.split(':').next().unwrap_or_default();
        match scheme {
            "sqlite" => Some(Backend::Sqlite),
            "postgres" | "postgresql" => Some(Backend::Postgres),
            _ => None,
        }
    }

    pub fn of_pool(db: &AnyPool) -> Backend {
        Backend::of_url(db.connect_options().database_url.as_str()).unwrap_or(Backend::Sqlite)
    }

    pub fn of_connection(conn: &AnyConnection) -> Backend {
        if conn.backend_name().eq_ignore_ascii_case("postgresql") {
            Backend::Postgres
        } else {
            Backend::Sqlite
        }
    }
}

/// What a serial transaction decides on. Each is one PostgreSQL advisory lock; SQLite has one
/// writer at a time anyway.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Serial {
    /// Payment intents, payments (numbered MAX + 1) and the bills they settle.
    Ledger,
    /// Every office's tickets, counters and numbering.
    Queue,
    /// The live event log: ids must become visible in the order they were given, or a reader
    /// that has moved past a later id would never see an earlier one that committed after it.
    Live,
    /// Background work: held for a whole session by the replica that runs it.
    Jobs,
    /// Sign-in attempts: the throttle's count and the attempt's record.
    Login,
    /// A payment channel's state and the customers' notice that goes with it.
    Channels,
}

impl Serial {
    fn key(self) -> i64 {
        // "TIRTA" in the high bits keeps these apart from any other application's locks.
        const BASE: i64 = 0x5449_5254_4100_0000;
        BASE + match self {
            Serial::Ledger => 1,
            Serial::Queue => 2,
            Serial::Live => 3,
            Serial::Jobs => 4,
            Serial::Login => 5,
            Serial::Channels => 6,
        }
    }
}

/// A transaction that writes. SQLite: `BEGIN IMMEDIATE`, so a transaction that reads before it
/// writes waits for the write lock (up to the busy timeout) instead of failing with "database is
/// locked" when another writer committed between its read and its write. PostgreSQL: a plain
/// transaction.
pub async fn begin_write(db: &AnyPool) -> Result<Transaction<'static, Any>, sqlx::Error> {
    match Backend::of_pool(db) {
        Backend::Sqlite => db.begin_with("BEGIN IMMEDIATE").await,
        Backend::Postgres => db.begin().await,
    }
}

/// A transaction for read-then-write decisions (a number, a balance, a ticket's turn). SQLite:
/// `BEGIN IMMEDIATE` takes the write lock before the first read. PostgreSQL: a transaction-scoped
/// advisory lock serialises the transactions that decide on the same thing, across replicas;
/// each statement after it sees everything committed before it was granted.
pub async fn begin_serial(db: &AnyPool, what: Serial) -> Result<Transaction<'static, Any>, sqlx::Error> {
    match Backend::of_pool(db) {
        Backend::Sqlite => db.begin_with("BEGIN IMMEDIATE").await,
        Backend::Postgres => {
            let mut tx = db.begin().await?;
            lock(&mut tx, what).await?;
            Ok(tx)
        }
    }
}

/// Whether the database answers (readiness).
pub async fn ping(db: &AnyPool) -> Result<(), sqlx::Error> {
    sqlx::query_scalar::<_, i64>("SELECT 1").fetch_one(db).await.map(|_| ())
}

/// Takes `what`'s transaction-scoped lock on PostgreSQL (nothing to do on SQLite).
pub async fn lock(conn: &mut AnyConnection, what: Serial) -> Result<(), sqlx::Error> {
    if Backend::of_connection(conn) == Backend::Postgres {
        // The function returns void, which the Any driver cannot decode: count its one row.
        sqlx::query("SELECT COUNT(*) FROM (SELECT pg_advisory_xact_lock($1)) AS l")
            .bind(what.key())
            .execute(conn)
            .await?;
    }
    Ok(())
}

/// Tries to take `what`'s session lock on this connection without waiting (PostgreSQL); the
/// lock lasts until the connection closes. SQLite serves one process: always granted.
pub async fn try_lock_session(conn: &mut AnyConnection, what: Serial) -> Result<bool, sqlx::Error> {
    if Backend::of_connection(conn) == Backend::Sqlite {
        return Ok(true);
    }
    sqlx::query_scalar("SELECT pg_try_advisory_lock($1)").bind(what.key()).fetch_one(conn).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_url_names_the_backend() {
        assert_eq!(Backend::of_url("sqlite://tirta.db?mode=rwc"), Some(Backend::Sqlite));
        assert_eq!(Backend::of_url("postgres://postgres@127.0.0.1:5432/tirta"), Some(Backend::Postgres));
        assert_eq!(Backend::of_url("postgresql://u:p@db/tirta"), Some(Backend::Postgres));
        assert_eq!(Backend::of_url("mysql://db/tirta"), None);
    }

    #[test]
    fn lock_keys_are_distinct() {
        let keys = [Serial::Ledger, Serial::Queue, Serial::Live, Serial::Jobs, Serial::Login].map(Serial::key);
        for (i, a) in keys.iter().enumerate() {
            assert!(keys[i + 1..].iter().all(|b| a != b));
        }
    }
}
