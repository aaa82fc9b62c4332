//! Paying: channel settings, the intents payments settle, and what the payment pages show.

pub mod pages;
mod settings;
mod settle;
pub mod simulator;

pub use settings::{PaymentSettings, QrisSettings};
pub use settle::{open_intent, settle_late_aware};
