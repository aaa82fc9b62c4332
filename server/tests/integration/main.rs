//! The integration tests, one binary: each module starts the real application (or the real
//! binary) against a database of its own. One binary links once, and its tests share the
//! setup in `common`.

mod common;

mod arrears;
mod assets;
mod banks;
mod billing;
mod binary;
mod channels;
mod complaints;
mod corrections;
mod counter;
mod customers;
mod demo;
mod hardening;
mod imports;
mod ledger;
mod notices;
mod offices;
mod offline;
mod pages;
mod payment_pages;
mod qris_notifications;
mod queue;
mod replicas;
mod self_readings;
mod snap;
mod staff;
mod tariffs;
