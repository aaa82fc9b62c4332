//! Queries, one module per concern. Portable SQL with `$N` parameters through sqlx's Any
//! driver, so PostgreSQL can take over from SQLite without a rewrite.

pub mod accounts;
pub mod audit;
pub mod ledger;
pub mod notices;
pub mod offices;
pub mod partners;
pub mod queue;
pub mod reports;
pub mod rules;
pub mod staff;
