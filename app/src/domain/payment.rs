//! Payment intents and what a payment report does to them. A report of money received always
//! ends in exactly one outcome: the bills are credited, or the money is set aside to refund.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IntentStatus {
    Pending,
    Paid,
    Expired,
    Cancelled,
    /// Its bills were settled through another channel first.
    Superseded,
}

impl IntentStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            IntentStatus::Pending => "pending",
            IntentStatus::Paid => "paid",
            IntentStatus::Expired => "expired",
            IntentStatus::Cancelled => "cancelled",
            IntentStatus::Superseded => "superseded",
        }
    }

    /// Status only moves forward: from pending to an end. A settlement that arrives after the
    /// intent expired still credits (the customer's money was taken), so expired may become paid.
    pub fn can_become(self, next: IntentStatus) -> bool {
        matches!(
            (self, next),
            (IntentStatus::Pending, IntentStatus::Paid | IntentStatus::Expired | IntentStatus::Cancelled | IntentStatus::Superseded)
                | (IntentStatus::Expired, IntentStatus::Paid | IntentStatus::Superseded)
        )
    }

    /// Whether money reported against an intent in this status may settle its bills.
    pub fn accepts_settlement(self) -> bool {
        self.can_become(IntentStatus::Paid)
    }
}

impl fmt::Display for IntentStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for IntentStatus {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Ok(match s {
            "pending" => IntentStatus::Pending,
            "paid" => IntentStatus::Paid,
            "expired" => IntentStatus::Expired,
            "cancelled" => IntentStatus::Cancelled,
            "superseded" => IntentStatus::Superseded,
            other => return Err(format!("unknown intent status {other}")),
        })
    }
}

/// Why money was set aside instead of credited.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RefundReason {
    /// The amount paid is not the intent's amount.
    AmountMismatch,
    /// The bills were already paid (another channel got there first).
    AlreadyPaid,
    /// The intent was cancelled or replaced before the money arrived.
    IntentClosed,
}

impl RefundReason {
    pub fn as_str(self) -> &'static str {
        match self {
            RefundReason::AmountMismatch => "amount_mismatch",
            RefundReason::AlreadyPaid => "already_paid",
            RefundReason::IntentClosed => "intent_closed",
        }
    }
}

/// What one report of money received did.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Settlement {
    /// The intent's bills are paid; `receipt_number` is the new payment's.
    Credited { receipt_number: String },
    /// This report was seen before: nothing changed; the first outcome is repeated.
    Repeated(Box<Settlement>),
    /// Money received but not credited: recorded for refund.
    SetAside { reason: RefundReason },
    /// Not credited, and no money moved: the partner asked first (a bank's VA payment request)
    /// and reverses the payer's debit on this answer. Nothing is recorded.
    Refused { reason: RefundReason },
}

#[cfg(test)]
mod tests {
    use super::IntentStatus::*;
    use super::*;

    #[test]
    fn status_moves_forward_only() {
        let all = [Pending, Paid, Expired, Cancelled, Superseded];
        for from in all {
            for to in all {
                let allowed = from.can_become(to);
                let expected = (from == Pending && to != Pending) || (from == Expired && matches!(to, Paid | Superseded));
                assert_eq!(allowed, expected, "{from} -> {to}");
            }
            assert_eq!(from.as_str().parse::<IntentStatus>(), Ok(from));
        }
        assert!(Pending.accepts_settlement() && Expired.accepts_settlement());
        assert!(!Paid.accepts_settlement() && !Cancelled.accepts_settlement() && !Superseded.accepts_settlement());
    }
}
