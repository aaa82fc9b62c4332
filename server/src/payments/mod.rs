//! Routes partners call: acquirer notifications (and, next, the bank-facing SNAP BI API).

pub mod qris_notifications;
