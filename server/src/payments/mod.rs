//! Routes partners call: acquirer notifications and the bank-facing SNAP BI API.

pub mod qris_notifications;
pub mod snap;
