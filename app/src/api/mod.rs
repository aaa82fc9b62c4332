//! What pages ask the server for: shared types (always compiled) and server functions,
//! grouped by domain. Server functions take their state from context.

#[cfg(feature = "ssr")]
mod answer;
pub mod banks;
pub mod billing;
pub mod bills;
pub mod channels;
pub mod complaints;
pub mod counter;
pub mod counter_devices;
pub mod customers;
pub mod imports;
pub mod notices;
pub mod offices;
pub mod payments;
pub mod queue;
pub mod reports;
pub mod self_readings;
pub mod staff;
pub mod tariffs;
