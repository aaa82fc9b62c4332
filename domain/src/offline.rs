//! Cash a counter takes while the server cannot be reached. The device and the server apply the
//! same rules, so that what the teller was told at the counter is what the ledger decides.

use super::{Money, Period, RefundReason, MAX_PAYMENT_RUPIAH};
use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, TimeDelta, Utc};
use serde::{Deserialize, Serialize};
use std::fmt;

/// How far a counter device may go on its own.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OfflineLimits {
    /// A snapshot older than this is not used for payments: bills published since, and
    /// payments made elsewhere, are unknown to it.
    pub snapshot_hours: i64,
    /// The cash one device may take between two contacts with the server.
    pub device_total: Money,
    /// Offline receipt numbers given to a device at a time.
    pub block_size: i64,
}

impl Default for OfflineLimits {
    fn default() -> Self {
        OfflineLimits { snapshot_hours: 72, device_total: Money::rupiah(25_000_000), block_size: 200 }
    }
}

impl OfflineLimits {
    pub fn snapshot_usable(&self, snapshot_at: DateTime<Utc>, at: DateTime<Utc>) -> bool {
        snapshot_at <= at && at - snapshot_at <= TimeDelta::hours(self.snapshot_hours)
    }
}

/// A moment as the counter's wall clock shows it: WIB.
pub fn counter_time(at: DateTime<Utc>) -> NaiveDateTime {
    at.with_timezone(&FixedOffset::east_opt(7 * 3600).expect("UTC+7 is a valid offset")).naive_local()
}

/// The day cash taken at `at` is priced for: its date in WIB, on the device and on the server
/// alike.
pub fn counter_day(at: DateTime<Utc>) -> NaiveDate {
    counter_time(at).date()
}

/// An offline receipt number. Numbers come from one sequence cut into blocks, each block given
/// to one device, so two devices never print the same number and a number is never reused.
/// Printed apart from the online receipts' `TRT-yymmdd-0000123`, so neither can be mistaken
/// for the other.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct OfflineReceiptNumber(pub i64);

impl OfflineReceiptNumber {
    const PREFIX: &'static str = "TRT-L-";

    pub fn parse(s: &str) -> Option<OfflineReceiptNumber> {
        let digits = s.trim().strip_prefix(Self::PREFIX)?;
        (digits.len() >= 8 && digits.chars().all(|c| c.is_ascii_digit()))
            .then(|| digits.parse().ok().filter(|n| *n > 0).map(OfflineReceiptNumber))
            .flatten()
    }
}

impl fmt::Display for OfflineReceiptNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}{:08}", Self::PREFIX, self.0)
    }
}

/// A block of offline receipt numbers, first to last inclusive.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReceiptBlock {
    pub first: i64,
    pub last: i64,
}

impl ReceiptBlock {
    pub fn contains(&self, n: i64) -> bool {
        (self.first..=self.last).contains(&n)
    }
}

/// Why the server would not record an offline payment. The cash stays with the office: a
/// supervisor sees the payment and its reason on the devices page.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(into = "String", try_from = "String")]
pub enum OfflineRefusal {
    /// Not a payment the counter page makes (no bills, periods out of order, a fraction of a rupiah).
    Malformed,
    /// The total is not the sum of the bills and late fees listed.
    TotalMismatch,
    /// Taken with a snapshot older than the limit allows.
    StaleSnapshot,
    /// Taken at a moment still to come: the device's clock is wrong.
    TakenInFuture,
    /// Another payment was already sent under this key.
    KeyReused,
    /// The receipt number is not from a block given to this device.
    NumberNotAssigned,
    /// The receipt number was already used for another payment.
    NumberUsed,
    /// The teller named is not an active staff member who takes cash at the device's office.
    UnknownTeller,
    UnknownCustomer,
    /// A period listed has no bill for this customer.
    UnknownPeriod,
    /// More cash than one device may take while offline.
    OverDeviceLimit,
    /// A bill older than those paid is left unpaid: bills are paid oldest first.
    SkipsOlderBill,
    /// Not a snapshot the server gave this device.
    UnknownSnapshot,
    /// The account's bills do not add up and are held for review: the office settles it.
    UnderReview,
}

super::codes!(OfflineRefusal, "offline refusal", {
    Malformed => "malformed",
    TotalMismatch => "total_mismatch",
    StaleSnapshot => "stale_snapshot",
    TakenInFuture => "taken_in_future",
    KeyReused => "key_reused",
    NumberNotAssigned => "number_not_assigned",
    NumberUsed => "number_used",
    UnknownTeller => "unknown_teller",
    UnknownCustomer => "unknown_customer",
    UnknownPeriod => "unknown_period",
    OverDeviceLimit => "over_device_limit",
    SkipsOlderBill => "skips_older_bill",
    UnknownSnapshot => "unknown_snapshot",
    UnderReview => "under_review",
});

impl From<OfflineRefusal> for String {
    fn from(r: OfflineRefusal) -> String {
        r.as_str().into()
    }
}

impl TryFrom<String> for OfflineRefusal {
    type Error = String;

    fn try_from(code: String) -> Result<Self, String> {
        code.parse()
    }
}

impl OfflineRefusal {
    /// What the teller and the supervisor read: (Indonesian, English).
    pub fn label(self) -> (&'static str, &'static str) {
        match self {
            OfflineRefusal::Malformed => ("Data pembayaran tidak utuh", "The payment's record is incomplete"),
            OfflineRefusal::TotalMismatch => {
                ("Jumlah tidak sama dengan rincian tagihan", "The total is not the sum of the bills")
            }
            OfflineRefusal::StaleSnapshot => {
                ("Data tagihan di perangkat sudah terlalu lama", "The device's bills were too old")
            }
            OfflineRefusal::TakenInFuture => ("Jam perangkat salah", "The device's clock is wrong"),
            OfflineRefusal::KeyReused => (
                "Kunci pembayaran sudah dipakai untuk pembayaran lain",
                "The payment's key was already used for another payment",
            ),
            OfflineRefusal::NumberNotAssigned => {
                ("Nomor kuitansi bukan milik perangkat ini", "The receipt number was not given to this device")
            }
            OfflineRefusal::NumberUsed => ("Nomor kuitansi sudah dipakai", "The receipt number was already used"),
            OfflineRefusal::UnknownTeller => {
                ("Petugas tidak berhak menerima tunai di kantor ini", "The teller may not take cash at this office")
            }
            OfflineRefusal::UnknownCustomer => ("Nomor pelanggan tidak dikenal", "Unknown customer number"),
            OfflineRefusal::UnknownPeriod => ("Periode tagihan tidak ditemukan", "A period listed has no bill"),
            OfflineRefusal::OverDeviceLimit => {
                ("Melebihi batas tunai perangkat selama luring", "Over the cash a device may take offline")
            }
            OfflineRefusal::SkipsOlderBill => {
                ("Ada tagihan lebih lama yang belum dibayar", "An older bill is left unpaid")
            }
            OfflineRefusal::UnknownSnapshot => (
                "Data tagihan di perangkat tidak berasal dari server",
                "The device's bills did not come from the server",
            ),
            OfflineRefusal::UnderReview => {
                ("Tagihan pelanggan sedang diperiksa kantor", "The customer's bills are held for review")
            }
        }
    }
}

/// One period an offline payment settles, as the device priced it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OfflineBill {
    pub period: Period,
    pub amount: Money,
    pub late_fee: Money,
}

/// Cash taken at a counter while offline, as the device recorded it in its outbox.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OfflinePayment {
    /// Made by the device (32 hex digits): the payment sent again under it is the same payment.
    pub key: String,
    pub receipt_number: OfflineReceiptNumber,
    /// The username of the teller who took the cash.
    pub teller: String,
    /// The customer number, as stored (digits).
    pub customer: String,
    pub taken_at: DateTime<Utc>,
    /// When the snapshot the bills were read from was taken.
    pub snapshot_at: DateTime<Utc>,
    /// Oldest first.
    pub bills: Vec<OfflineBill>,
    pub total: Money,
}

impl OfflinePayment {
    pub fn key_is_valid(key: &str) -> bool {
        key.len() == 32 && key.chars().all(|c| c.is_ascii_hexdigit())
    }

    /// What is wrong with the payment on its face, before anything is looked up.
    pub fn check(&self, limits: &OfflineLimits, now: DateTime<Utc>) -> Result<(), OfflineRefusal> {
        let whole = |m: Money| m.whole_rupiah().ok();
        let sane = Self::key_is_valid(&self.key)
            && self.receipt_number.0 > 0
            && !self.teller.trim().is_empty()
            && !self.bills.is_empty()
            && self.bills.windows(2).all(|w| w[0].period < w[1].period)
            && self
                .bills
                .iter()
                .all(|b| whole(b.amount).is_some_and(|a| a > 0) && whole(b.late_fee).is_some_and(|f| f >= 0))
            && whole(self.total).is_some_and(|t| (1..=MAX_PAYMENT_RUPIAH).contains(&t));
        if !sane {
            return Err(OfflineRefusal::Malformed);
        }
        if self.bills.iter().map(|b| b.amount + b.late_fee).sum::<Money>() != self.total {
            return Err(OfflineRefusal::TotalMismatch);
        }
        // A few minutes of clock drift between a device and the server are no fault.
        if self.taken_at > now + TimeDelta::minutes(10) {
            return Err(OfflineRefusal::TakenInFuture);
        }
        if !limits.snapshot_usable(self.snapshot_at, self.taken_at) {
            return Err(OfflineRefusal::StaleSnapshot);
        }
        Ok(())
    }

    pub fn periods(&self) -> Vec<Period> {
        self.bills.iter().map(|b| b.period).collect()
    }

    /// The payment with every amount at its smallest scale: `100000.00` and `100000` are one
    /// amount, so a payment sent again with either is the same payment.
    pub fn canonical(&self) -> OfflinePayment {
        let norm = |m: Money| Money::from_decimal(m.amount().normalize());
        OfflinePayment {
            bills: self
                .bills
                .iter()
                .map(|b| OfflineBill { period: b.period, amount: norm(b.amount), late_fee: norm(b.late_fee) })
                .collect(),
            total: norm(self.total),
            ..self.clone()
        }
    }
}

/// One of the customer's bills as stored, read under the ledger's lock.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StoredBill {
    pub period: Period,
    pub amount: Money,
    pub paid: bool,
}

/// A listed bill's late fee as the device charged it and as the server's rule gives it for the
/// moment the cash was taken.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LateFees {
    pub period: Period,
    pub charged: Money,
    pub owed: Money,
}

/// What the ledger does with an offline payment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Judgement {
    /// Credit exactly the listed bills, at the late fees charged; a difference from what was
    /// owed goes on the customer's next bill.
    Credit(Vec<LateFees>),
    SetAside(RefundReason),
    Refuse(OfflineRefusal),
    /// A bill was revised or paid after it was priced: price it again.
    PriceAgain,
}

/// Judges an offline payment against the customer's bills as stored (`stored`, every one) and
/// the server's price of each unpaid one at the moment the cash was taken (`priced`: period,
/// amount, late fee).
pub fn judge(payment: &OfflinePayment, stored: &[StoredBill], priced: &[(Period, Money, Money)]) -> Judgement {
    let mut listed = Vec::with_capacity(payment.bills.len());
    for bill in &payment.bills {
        let Some(row) = stored.iter().find(|s| s.period == bill.period) else {
            return Judgement::Refuse(OfflineRefusal::UnknownPeriod);
        };
        listed.push((bill, row));
    }
    // Paid meanwhile through another channel: the cash is real, and kept to refund.
    if listed.iter().any(|(_, row)| row.paid) {
        return Judgement::SetAside(RefundReason::AlreadyPaid);
    }
    let newest = payment.bills.iter().map(|b| b.period).max();
    let skipped = stored
        .iter()
        .any(|s| !s.paid && Some(s.period) < newest && !payment.bills.iter().any(|b| b.period == s.period));
    if skipped {
        return Judgement::Refuse(OfflineRefusal::SkipsOlderBill);
    }
    // Revised since the device read it: like an old QR code, the cash is kept to refund and the
    // customer pays the bill as it is now.
    if listed.iter().any(|(bill, row)| bill.amount != row.amount) {
        return Judgement::SetAside(RefundReason::AmountMismatch);
    }
    let mut fees = Vec::with_capacity(listed.len());
    for (bill, row) in listed {
        match priced.iter().find(|(period, ..)| *period == bill.period) {
            Some((_, amount, owed)) if *amount == row.amount => {
                fees.push(LateFees { period: bill.period, charged: bill.late_fee, owed: *owed })
            }
            _ => return Judgement::PriceAgain,
        }
    }
    Judgement::Credit(fees)
}

/// The kind of an `OfflineOutcome`, as stored.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    Credited,
    SetAside,
    Refused,
}

super::codes!(Outcome, "offline outcome", {
    Credited => "credited",
    SetAside => "set_aside",
    Refused => "refused",
});

/// What the ledger made of one offline payment. The device shows it to the teller; the same
/// payment sent again gets the same answer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum OfflineOutcome {
    /// The provisional receipt is final under the same number. `difference` is what the
    /// customer's next bill carries because the server priced the late fees otherwise for that
    /// moment (positive: owed; negative: a credit).
    Credited {
        receipt_number: String,
        receipt_token: String,
        difference: Money,
    },
    /// The bills were paid meanwhile: the cash is kept to refund.
    SetAside {
        reason: RefundReason,
    },
    Refused {
        reason: OfflineRefusal,
    },
}

impl OfflineOutcome {
    pub fn kind(&self) -> Outcome {
        match self {
            OfflineOutcome::Credited { .. } => Outcome::Credited,
            OfflineOutcome::SetAside { .. } => Outcome::SetAside,
            OfflineOutcome::Refused { .. } => Outcome::Refused,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use wasm_bindgen_test::wasm_bindgen_test;

    fn at(h: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 12, 1, h, 0, 0).unwrap()
    }

    fn payment() -> OfflinePayment {
        OfflinePayment {
            key: "0123456789abcdef0123456789abcdef".into(),
            receipt_number: OfflineReceiptNumber(7),
            teller: "kasir.kepanjen".into(),
            customer: "0100000001".into(),
            taken_at: at(10),
            snapshot_at: at(8),
            bills: vec![
                OfflineBill {
                    period: "2026-10".parse().unwrap(),
                    amount: Money::rupiah(50_000),
                    late_fee: Money::rupiah(10_000),
                },
                OfflineBill {
                    period: "2026-11".parse().unwrap(),
                    amount: Money::rupiah(40_000),
                    late_fee: Money::rupiah(0),
                },
            ],
            total: Money::rupiah(100_000),
        }
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn offline_receipt_numbers_read_back_and_never_look_like_online_ones() {
        let n = OfflineReceiptNumber(123);
        assert_eq!(n.to_string(), "TRT-L-00000123");
        assert_eq!(OfflineReceiptNumber::parse("TRT-L-00000123"), Some(n));
        assert_eq!(OfflineReceiptNumber::parse("TRT-261201-0000123"), None);
        assert_eq!(OfflineReceiptNumber::parse("TRT-L-00000000"), None);
        assert_eq!(OfflineReceiptNumber::parse("TRT-L-12"), None);
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn a_payment_is_checked_on_its_face() {
        let limits = OfflineLimits::default();
        let now = at(12);
        assert_eq!(payment().check(&limits, now), Ok(()));

        let mut p = payment();
        p.total = Money::rupiah(90_000);
        assert_eq!(p.check(&limits, now), Err(OfflineRefusal::TotalMismatch));

        let mut p = payment();
        p.bills.reverse();
        assert_eq!(p.check(&limits, now), Err(OfflineRefusal::Malformed), "periods oldest first");

        let mut p = payment();
        p.key = "not-a-key".into();
        assert_eq!(p.check(&limits, now), Err(OfflineRefusal::Malformed));

        let mut p = payment();
        p.bills.clear();
        p.total = Money::rupiah(0);
        assert_eq!(p.check(&limits, now), Err(OfflineRefusal::Malformed));

        let mut p = payment();
        p.bills[0].late_fee = Money::from_decimal("0.5".parse().unwrap());
        p.total = p.bills.iter().map(|b| b.amount + b.late_fee).sum();
        assert_eq!(p.check(&limits, now), Err(OfflineRefusal::Malformed), "whole rupiah only");

        let mut p = payment();
        p.taken_at = now + TimeDelta::hours(1);
        assert_eq!(p.check(&limits, now), Err(OfflineRefusal::TakenInFuture));
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn a_snapshot_older_than_the_limit_is_not_used_for_payments() {
        let limits = OfflineLimits::default();
        let mut p = payment();
        p.snapshot_at = p.taken_at - TimeDelta::hours(72);
        assert_eq!(p.check(&limits, at(23)), Ok(()), "72 hours is still usable");
        p.snapshot_at -= TimeDelta::minutes(1);
        assert_eq!(p.check(&limits, at(23)), Err(OfflineRefusal::StaleSnapshot));
        p.snapshot_at = p.taken_at + TimeDelta::minutes(1);
        assert_eq!(p.check(&limits, at(23)), Err(OfflineRefusal::StaleSnapshot), "a snapshot from after the payment");
    }

    fn stored(period: &str, amount: i64, paid: bool) -> StoredBill {
        StoredBill { period: period.parse().unwrap(), amount: Money::rupiah(amount), paid }
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn an_offline_payment_credits_exactly_the_oldest_bills_it_listed() {
        let p = payment();
        let priced = [
            ("2026-10".parse().unwrap(), Money::rupiah(50_000), Money::rupiah(15_000)),
            ("2026-11".parse().unwrap(), Money::rupiah(40_000), Money::rupiah(0)),
        ];
        let paid_before = stored("2026-09", 45_000, true);
        let both = [paid_before, stored("2026-10", 50_000, false), stored("2026-11", 40_000, false)];
        let fees = match judge(&p, &both, &priced) {
            Judgement::Credit(fees) => fees,
            other => panic!("{other:?}"),
        };
        assert_eq!(
            fees[0],
            LateFees {
                period: "2026-10".parse().unwrap(),
                charged: Money::rupiah(10_000),
                owed: Money::rupiah(15_000)
            }
        );
        assert_eq!(fees.len(), 2);
        // A bill published after the snapshot is not the device's to pay: it stays owed.
        let newer = [both[0], both[1], both[2], stored("2026-12", 42_000, false)];
        assert!(matches!(judge(&p, &newer, &priced), Judgement::Credit(_)));
        // An older bill the device left out is not skipped.
        let older = [stored("2026-09", 45_000, false), both[1], both[2]];
        assert_eq!(judge(&p, &older, &priced), Judgement::Refuse(OfflineRefusal::SkipsOlderBill));
        assert_eq!(judge(&p, &both[..2], &priced), Judgement::Refuse(OfflineRefusal::UnknownPeriod));
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn bills_paid_or_revised_meanwhile_set_the_cash_aside_and_a_stale_price_is_priced_again() {
        let p = payment();
        let priced = [
            ("2026-10".parse().unwrap(), Money::rupiah(50_000), Money::rupiah(10_000)),
            ("2026-11".parse().unwrap(), Money::rupiah(40_000), Money::rupiah(0)),
        ];
        let paid = [stored("2026-10", 50_000, true), stored("2026-11", 40_000, true)];
        assert_eq!(judge(&p, &paid, &priced), Judgement::SetAside(RefundReason::AlreadyPaid));
        let revised = [stored("2026-10", 50_000, false), stored("2026-11", 38_000, false)];
        assert_eq!(judge(&p, &revised, &priced), Judgement::SetAside(RefundReason::AmountMismatch));
        let unpaid = [stored("2026-10", 50_000, false), stored("2026-11", 40_000, false)];
        assert_eq!(judge(&p, &unpaid, &priced[..1]), Judgement::PriceAgain, "priced before a change");
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn the_same_amount_written_two_ways_is_one_payment() {
        let plain = serde_json::to_string(&payment()).unwrap();
        let with_cents = plain.replace(r#""total":"100000""#, r#""total":"100000.00""#);
        assert_ne!(plain, with_cents);
        let read: OfflinePayment = serde_json::from_str(&with_cents).unwrap();
        assert_ne!(serde_json::to_string(&read).unwrap(), plain, "as sent, the two differ");
        assert_eq!(
            serde_json::to_string(&read.canonical()).unwrap(),
            serde_json::to_string(&payment().canonical()).unwrap()
        );
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn refusals_travel_by_their_codes() {
        for r in OfflineRefusal::ALL {
            let json = serde_json::to_string(&r).unwrap();
            assert_eq!(serde_json::from_str::<OfflineRefusal>(&json).unwrap(), r);
            assert!(!r.label().0.is_empty() && !r.label().1.is_empty());
        }
        let refused = OfflineOutcome::Refused { reason: OfflineRefusal::UnknownPeriod };
        assert_eq!(serde_json::to_string(&refused).unwrap(), r#"{"outcome":"refused","reason":"unknown_period"}"#);
    }
}
