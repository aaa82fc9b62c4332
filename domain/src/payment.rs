//! Payment intents and what a payment report does to them. A report of money received always
//! ends in exactly one outcome: the bills are credited, or the money is set aside to refund.

use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IntentStatus {
    Pending,
    Paid,
    Expired,
    Cancelled,
    /// Its bills were settled through another channel first.
    Superseded,
    /// A bill it covers was corrected after it was opened: it asks an amount no longer owed, so
    /// money for it is set aside, never credited.
    Revised,
}

codes!(IntentStatus, "intent status", {
    Pending => "pending",
    Paid => "paid",
    Expired => "expired",
    Cancelled => "cancelled",
    Superseded => "superseded",
    Revised => "revised",
});

impl IntentStatus {
    /// Status only moves forward: from pending to an end. A settlement that arrives after the
    /// intent expired still credits (the customer's money was taken), so expired may become paid.
    pub fn can_become(self, next: IntentStatus) -> bool {
        matches!(
            (self, next),
            (
                IntentStatus::Pending,
                IntentStatus::Paid
                    | IntentStatus::Expired
                    | IntentStatus::Cancelled
                    | IntentStatus::Superseded
                    | IntentStatus::Revised
            ) | (IntentStatus::Expired, IntentStatus::Paid | IntentStatus::Superseded | IntentStatus::Revised)
        )
    }

    /// Whether money reported against an intent in this status may settle its bills.
    pub fn accepts_settlement(self) -> bool {
        self.can_become(IntentStatus::Paid)
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
    /// The intent was paid already through the same channel, and this is another settlement for
    /// it under a new partner id: perhaps the acquirer replaying one payment, perhaps a payer
    /// who paid twice. A person decides before any refund.
    SuspectedDuplicate,
    /// The money arrived after the intent's grace window and no longer matches what is owed
    /// (late fees moved on, or another bill came): nobody pays last month's price with an old QR.
    ArrivedTooLate,
}

codes!(RefundReason, "refund reason", {
    AmountMismatch => "amount_mismatch",
    AlreadyPaid => "already_paid",
    IntentClosed => "intent_closed",
    SuspectedDuplicate => "suspected_duplicate",
    ArrivedTooLate => "arrived_too_late",
});

impl RefundReason {
    /// What staff read: (Indonesian, English).
    pub fn label(self) -> (&'static str, &'static str) {
        match self {
            RefundReason::AmountMismatch => ("jumlah tidak sesuai", "amount mismatch"),
            RefundReason::AlreadyPaid => ("tagihan sudah lunas", "bills already paid"),
            RefundReason::SuspectedDuplicate => (
                "diduga pembayaran ganda: periksa dengan acquirer sebelum dikembalikan",
                "suspected duplicate: check with the acquirer before refunding",
            ),
            RefundReason::ArrivedTooLate => ("dibayar lewat batas waktu kode", "paid after the code's time limit"),
            RefundReason::IntentClosed => ("pembayaran sudah ditutup", "payment closed"),
        }
    }

    /// Whether staff must review the money before it is refunded.
    pub fn needs_review(self) -> bool {
        self == RefundReason::SuspectedDuplicate
    }
}

/// What an acquirer's notification says happened, from the pair it signs (`status_code`) and the
/// status it names. Only the pairs acquirers really send are understood; anything else is
/// refused, because only `status_code` is covered by the signature.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AcquirerReport {
    /// The money is with the acquirer: credit it.
    Settled,
    /// The customer has not paid yet.
    Pending,
    /// The payment will not happen: close the intent.
    Closed(IntentStatus),
    /// Money going back to the payer (refund, chargeback): staff decide what follows.
    Reversed,
}

impl AcquirerReport {
    pub fn classify(transaction_status: &str, status_code: &str, fraud_status: Option<&str>) -> Option<AcquirerReport> {
        Some(match (transaction_status, status_code, fraud_status) {
            ("settlement", "200", _) => AcquirerReport::Settled,
            ("capture", "200", Some("accept")) => AcquirerReport::Settled,
            // A capture under fraud review is not money yet.
            ("capture", "201", Some("challenge")) => AcquirerReport::Pending,
            ("pending", "201", _) => AcquirerReport::Pending,
            ("deny", "202", _) | ("cancel", "202", _) => AcquirerReport::Closed(IntentStatus::Cancelled),
            ("expire", "202" | "407", _) => AcquirerReport::Closed(IntentStatus::Expired),
            ("refund" | "partial_refund" | "chargeback" | "partial_chargeback", "200", _) => AcquirerReport::Reversed,
            _ => return None,
        })
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
    /// The partner's id was used before for another payment (another customer or amount):
    /// nothing is recorded, and the partner is told its request is inconsistent.
    Inconsistent,
    /// Not credited, and no money moved: the partner asked first (a bank's VA payment request)
    /// and reverses the payer's debit on this answer. Nothing is recorded.
    Refused { reason: RefundReason },
}

#[cfg(test)]
mod tests {
    use super::IntentStatus::*;
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test(unsupported = test)]
    fn status_moves_forward_only() {
        let all = IntentStatus::ALL;
        for from in all {
            for to in all {
                let allowed = from.can_become(to);
                let expected = (from == Pending && to != Pending)
                    || (from == Expired && matches!(to, Paid | Superseded | Revised));
                assert_eq!(allowed, expected, "{from} -> {to}");
            }
            assert_eq!(from.as_str().parse::<IntentStatus>(), Ok(from));
        }
        assert!(Pending.accepts_settlement() && Expired.accepts_settlement());
        assert!(!Paid.accepts_settlement() && !Cancelled.accepts_settlement() && !Superseded.accepts_settlement());
        assert!(!Revised.accepts_settlement());
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn only_the_pairs_acquirers_send_are_understood() {
        use AcquirerReport::*;
        assert_eq!(AcquirerReport::classify("settlement", "200", None), Some(Settled));
        assert_eq!(AcquirerReport::classify("capture", "200", Some("accept")), Some(Settled));
        assert_eq!(AcquirerReport::classify("pending", "201", None), Some(Pending));
        assert_eq!(AcquirerReport::classify("expire", "202", None), Some(Closed(IntentStatus::Expired)));
        assert_eq!(AcquirerReport::classify("expire", "407", None), Some(Closed(IntentStatus::Expired)));
        assert_eq!(AcquirerReport::classify("cancel", "202", None), Some(Closed(IntentStatus::Cancelled)));
        assert_eq!(AcquirerReport::classify("deny", "202", None), Some(Closed(IntentStatus::Cancelled)));
        assert_eq!(AcquirerReport::classify("refund", "200", None), Some(Reversed));
        // A signed pending (201) with its status edited, and every other mismatch, is refused.
        assert_eq!(AcquirerReport::classify("settlement", "201", None), None);
        assert_eq!(AcquirerReport::classify("settlement", "202", None), None);
        assert_eq!(AcquirerReport::classify("capture", "200", Some("challenge")), None);
        assert_eq!(AcquirerReport::classify("capture", "200", None), None);
        assert_eq!(AcquirerReport::classify("pending", "200", None), None);
        assert_eq!(AcquirerReport::classify("expire", "200", None), None);
        assert_eq!(AcquirerReport::classify("cancel", "200", None), None);
        assert_eq!(AcquirerReport::classify("refund", "201", None), None);
        assert_eq!(AcquirerReport::classify("paid", "200", None), None);
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn refund_reasons_read_back() {
        for r in [
            RefundReason::AmountMismatch,
            RefundReason::AlreadyPaid,
            RefundReason::IntentClosed,
            RefundReason::SuspectedDuplicate,
            RefundReason::ArrivedTooLate,
        ] {
            assert_eq!(r.as_str().parse::<RefundReason>(), Ok(r));
        }
        assert!(RefundReason::SuspectedDuplicate.needs_review() && !RefundReason::AlreadyPaid.needs_review());
    }
}
