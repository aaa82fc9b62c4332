//! What a counter device keeps to take cash while the server cannot be reached, and the rules it
//! applies on its own before the server judges each payment. Plain Rust: the browser runs it,
//! and the tests check it natively.

use super::counter_devices::{OfflineAccount, Snapshot};
use crate::domain::offline::{
    counter_day, OfflineBill, OfflineOutcome, OfflinePayment, OfflineReceiptNumber, ReceiptBlock,
};
use crate::domain::{CustomerNumber, Money, Period, Statement};
use chrono::{DateTime, TimeDelta, Utc};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// When a device asks the server for more numbers: before it could run out in a busy hour.
pub const NUMBERS_LOW: i64 = 50;
/// How many offline payments go in one sync request: a request's body is at most 64 KB, and a
/// payment of a customer years in arrears lists a bill per month.
pub const SYNC_BATCH: usize = 20;
/// How long a sent payment stays on the device, for the shift report and the teller's list.
pub const KEEP_SENT_DAYS: i64 = 7;
/// How many accounts a search lists.
pub const SEARCH_LIMIT: usize = 20;

/// An offline payment on the device: waiting in the outbox until the server has answered, then
/// kept a few days with that answer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutboxEntry {
    pub payment: OfflinePayment,
    /// For the receipt and the shift report: the customer's name and the cash handed over.
    pub name: String,
    pub cash: Money,
    /// The server's answer; `None` while the payment waits to be sent.
    pub outcome: Option<OfflineOutcome>,
    pub synced_at: Option<DateTime<Utc>>,
}

impl OutboxEntry {
    pub fn waiting(&self) -> bool {
        self.outcome.is_none()
    }

    pub fn change(&self) -> Money {
        self.cash - self.payment.total
    }

    /// Its periods are settled as far as the counter knows (sent or not), unless refused.
    fn settles(&self, customer: &str) -> bool {
        self.payment.customer == customer && !matches!(self.outcome, Some(OfflineOutcome::Refused { .. }))
    }
}

/// The offline receipt numbers the server gave this device, and the next one to print.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Numbers {
    pub blocks: Vec<ReceiptBlock>,
    /// Every number below this one is used (or skipped for good).
    pub next: i64,
}

impl Numbers {
    /// The next number to print, if any is left.
    pub fn peek(&self) -> Option<OfflineReceiptNumber> {
        self.blocks
            .iter()
            .filter(|b| b.last >= self.next)
            .map(|b| b.first.max(self.next))
            .min()
            .map(OfflineReceiptNumber)
    }

    /// Uses the next number: it is never printed twice.
    pub fn take(&mut self) -> Option<OfflineReceiptNumber> {
        let n = self.peek()?;
        self.next = n.0 + 1;
        let next = self.next;
        self.blocks.retain(|b| b.last >= next);
        Some(n)
    }

    pub fn remaining(&self) -> i64 {
        self.blocks.iter().filter(|b| b.last >= self.next).map(|b| b.last - b.first.max(self.next) + 1).sum()
    }

    pub fn add(&mut self, block: ReceiptBlock) {
        if !self.blocks.contains(&block) && block.last >= self.next {
            self.blocks.push(block);
        }
    }
}

impl Snapshot {
    /// Takes in a newer snapshot: a full one replaces this one, a delta replaces the accounts it
    /// holds (a customer who left the office comes as an account without bills).
    pub fn apply(&mut self, newer: Snapshot) {
        if newer.full {
            *self = newer;
            return;
        }
        let index: HashMap<String, usize> =
            self.accounts.iter().enumerate().map(|(i, a)| (a.number.clone(), i)).collect();
        for account in newer.accounts {
            match index.get(&account.number) {
                Some(&i) => self.accounts[i] = account,
                None => self.accounts.push(account),
            }
        }
        self.taken_at = newer.taken_at;
        self.cursor = newer.cursor;
        self.office_name = newer.office_name;
        self.rules = newer.rules;
        self.limits = newer.limits;
    }

    pub fn usable_at(&self, now: DateTime<Utc>) -> bool {
        self.limits.snapshot_usable(self.taken_at, now)
    }

    /// Accounts whose number holds the digits typed, or whose name holds the words typed.
    pub fn find(&self, typed: &str) -> Vec<&OfflineAccount> {
        let digits: String = typed.chars().filter(char::is_ascii_digit).collect();
        let numeric = typed.chars().all(|c| c.is_ascii_digit() || matches!(c, '.' | ' ' | '-'));
        let words: Vec<String> = typed.split_whitespace().map(str::to_lowercase).collect();
        if (numeric && digits.len() < 3) || (!numeric && typed.trim().chars().count() < 3) {
            return Vec::new();
        }
        let mut found: Vec<&OfflineAccount> = self
            .accounts
            .iter()
            .filter(|a| {
                if numeric {
                    a.number.contains(&digits)
                } else {
                    let name = a.name.to_lowercase();
                    words.iter().all(|w| name.contains(w.as_str()))
                }
            })
            .collect();
        // An exact number first, then by number.
        found.sort_by_key(|a| (a.number != digits, a.number.clone()));
        found.truncate(SEARCH_LIMIT);
        found
    }

    pub fn account(&self, number: &str) -> Option<&OfflineAccount> {
        self.accounts.iter().find(|a| a.number == number)
    }
}

/// Why the counter will not take cash offline for this customer now.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OfflineStop {
    /// The device has no snapshot of its office yet.
    NoSnapshot,
    /// The snapshot is older than the limit: bills and payments since are unknown to it.
    StaleSnapshot,
    UnderReview,
    NothingOwed,
    /// The bills could not be priced (the snapshot does not add up): the office checks them.
    CannotPrice,
    CashShort {
        short_by: Money,
    },
    /// Over the cash the device may take before it reaches the server (what is left of it).
    OverDeviceLimit {
        left: Money,
    },
    /// No offline receipt number is left on the device.
    NoNumbers,
    /// The device could not store the payment: no cash is taken and no receipt printed.
    NotStored,
    /// The page was kept without a teller signed in: payments must name who took the cash.
    NoTeller,
}

impl OfflineStop {
    /// What the teller reads: (Indonesian, English).
    pub fn label(self) -> (String, String) {
        let rp = |m: Money| crate::domain::rupiah_text(m.whole_rupiah().unwrap_or_default());
        match self {
            OfflineStop::NoSnapshot => (
                "Perangkat belum menyimpan data kantor: buka loket saat daring dahulu.".into(),
                "The device holds no data of its office yet: open the counter online first.".into(),
            ),
            OfflineStop::StaleSnapshot => (
                "Data kantor di perangkat sudah terlalu lama: tunai tidak dapat diterima luring.".into(),
                "The office's data on the device is too old: no cash is taken offline.".into(),
            ),
            OfflineStop::UnderReview => (
                "Tagihan pelanggan ini sedang diperiksa kantor: layani setelah server terhubung.".into(),
                "This customer's bills are held for review: serve them once the server answers.".into(),
            ),
            OfflineStop::NothingOwed => ("Tidak ada tagihan yang belum dibayar.".into(), "Nothing is owed.".into()),
            OfflineStop::CannotPrice => (
                "Tagihan tidak dapat dihitung di perangkat: layani setelah server terhubung.".into(),
                "The bills cannot be worked out on the device: serve them once the server answers.".into(),
            ),
            OfflineStop::CashShort { short_by } => {
                (format!("Uang kurang {}.", rp(short_by)), format!("The cash is short by {}.", rp(short_by)))
            }
            OfflineStop::OverDeviceLimit { left } => (
                format!("Melebihi batas tunai luring perangkat ini (sisa {}).", rp(left)),
                format!("Over what this device may take offline ({} left).", rp(left)),
            ),
            OfflineStop::NoNumbers => (
                "Nomor kuitansi luring di perangkat ini habis.".into(),
                "The device has no offline receipt numbers left.".into(),
            ),
            OfflineStop::NoTeller => (
                "Petugas tidak dikenal di perangkat ini: buka loket saat daring dengan akun teller.".into(),
                "The device does not know the teller: open the counter online signed in as a teller.".into(),
            ),
            OfflineStop::NotStored => (
                "Pembayaran tidak dapat disimpan di perangkat: jangan terima uangnya, coba lagi.".into(),
                "The device could not store the payment: take no cash, and try again.".into(),
            ),
        }
    }
}

/// What the customer owes today as far as the device knows: the snapshot's bills, less those
/// its outbox already took cash for (nothing owed is a stop: no payment of nothing).
pub fn owed(
    snapshot: &Snapshot,
    account: &OfflineAccount,
    outbox: &[OutboxEntry],
    now: DateTime<Utc>,
) -> Result<Statement, OfflineStop> {
    if account.under_review {
        return Err(OfflineStop::UnderReview);
    }
    let taken: Vec<Period> =
        outbox.iter().filter(|e| e.settles(&account.number)).flat_map(|e| e.payment.periods()).collect();
    let left = OfflineAccount {
        bills: account.bills.iter().filter(|b| !taken.contains(&b.period())).cloned().collect(),
        ..account.clone()
    };
    let statement = left.statement(&snapshot.rules, counter_day(now)).map_err(|_| OfflineStop::CannotPrice)?;
    if statement.bills.is_empty() {
        return Err(OfflineStop::NothingOwed);
    }
    Ok(statement)
}

/// The cash the device took offline that the server has not answered for yet.
pub fn unsent_total(outbox: &[OutboxEntry]) -> Money {
    outbox.iter().filter(|e| e.waiting()).map(|e| e.payment.total).sum()
}

/// Cash handed over at the counter.
pub struct Handover<'a> {
    /// The username of the teller taking it.
    pub teller: &'a str,
    pub cash: Money,
    pub now: DateTime<Utc>,
    /// The device's random idempotency key for the payment (32 hex digits).
    pub key: String,
}

/// Takes the cash from the customer for everything they owe: the payment, with the next receipt
/// number, as it goes into the outbox.
pub fn take_cash(
    snapshot: &Snapshot,
    outbox: &[OutboxEntry],
    numbers: &mut Numbers,
    account: &OfflineAccount,
    handover: Handover<'_>,
) -> Result<OutboxEntry, OfflineStop> {
    let Handover { teller, cash, now, key } = handover;
    if !snapshot.usable_at(now) {
        return Err(OfflineStop::StaleSnapshot);
    }
    if teller.trim().is_empty() {
        return Err(OfflineStop::NoTeller);
    }
    let statement = owed(snapshot, account, outbox, now)?;
    if cash < statement.total {
        return Err(OfflineStop::CashShort { short_by: statement.total - cash });
    }
    let left = snapshot.limits.device_total - unsent_total(outbox);
    if statement.total > left {
        return Err(OfflineStop::OverDeviceLimit { left: left.max(Money::ZERO) });
    }
    let receipt_number = numbers.take().ok_or(OfflineStop::NoNumbers)?;
    let bills = statement
        .bills
        .iter()
        .map(|b| OfflineBill { period: b.period, amount: b.amount, late_fee: b.late_fee })
        .collect();
    Ok(OutboxEntry {
        payment: OfflinePayment {
            key,
            receipt_number,
            teller: teller.to_string(),
            customer: account.number.clone(),
            taken_at: now,
            snapshot_at: snapshot.taken_at,
            bills,
            total: statement.total,
        },
        name: account.name.clone(),
        cash,
        outcome: None,
        synced_at: None,
    })
}

/// The next payments to send, oldest first.
pub fn next_batch(outbox: &[OutboxEntry]) -> Vec<OfflinePayment> {
    let mut waiting: Vec<&OutboxEntry> = outbox.iter().filter(|e| e.waiting()).collect();
    waiting.sort_by_key(|e| (e.payment.taken_at, e.payment.receipt_number));
    waiting.into_iter().take(SYNC_BATCH).map(|e| e.payment.clone()).collect()
}

/// Entries sent long enough ago to be forgotten by the device (the server keeps them).
pub fn forgettable(entry: &OutboxEntry, now: DateTime<Utc>) -> bool {
    entry.synced_at.is_some_and(|at| now - at > TimeDelta::days(KEEP_SENT_DAYS))
}

/// One teller's line of the offline cash report.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ShiftLine {
    pub teller: String,
    pub payments: usize,
    pub total: Money,
}

/// The cash taken offline on the WIB day of `now`, per teller, and the entries it counts
/// (oldest first).
pub fn shift_report(outbox: &[OutboxEntry], now: DateTime<Utc>) -> (Vec<ShiftLine>, Vec<&OutboxEntry>) {
    let day = counter_day(now);
    let mut entries: Vec<&OutboxEntry> = outbox.iter().filter(|e| counter_day(e.payment.taken_at) == day).collect();
    entries.sort_by_key(|e| e.payment.receipt_number);
    let mut lines: Vec<ShiftLine> = Vec::new();
    for e in &entries {
        match lines.iter_mut().find(|l| l.teller == e.payment.teller) {
            Some(line) => {
                line.payments += 1;
                line.total += e.payment.total;
            }
            None => lines.push(ShiftLine { teller: e.payment.teller.clone(), payments: 1, total: e.payment.total }),
        }
    }
    (lines, entries)
}

/// The customer number as printed.
pub fn printed_number(number: &str) -> String {
    CustomerNumber::parse(number).map(|n| n.display()).unwrap_or_else(|_| number.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::offline::{OfflineLimits, OfflineRefusal};
    use crate::domain::{BillingRules, ConnectionStatus, IssuedBill, RefundReason};
    use chrono::TimeZone;

    #[derive(Deserialize)]
    struct Fixture {
        rules: BillingRules,
        accounts: Vec<FixtureAccount>,
    }

    #[derive(Deserialize)]
    struct FixtureAccount {
        number: String,
        bills: Vec<IssuedBill>,
    }

    /// The office as the server served it for the browser's pricing test: 16 Nov 2026, 10.00 WIB.
    fn snapshot() -> Snapshot {
        let fixture: Fixture =
            serde_json::from_str(include_str!("../../../domain/tests/fixtures/counter_pricing.json")).unwrap();
        Snapshot {
            taken_at: at(16, 10),
            cursor: "v1.1.1.1".into(),
            full: true,
            office_name: "Unit Dau".into(),
            rules: fixture.rules,
            limits: OfflineLimits::default(),
            accounts: fixture
                .accounts
                .into_iter()
                .enumerate()
                .map(|(i, a)| OfflineAccount {
                    number: a.number,
                    name: ["Siti Aminah", "Budi Santoso", "Agus Salim", "Dewi Lestari"][i % 4].into(),
                    address: "Jl. Raya".into(),
                    village: "Dau".into(),
                    status: ConnectionStatus::Active,
                    group_code: "RT-A".into(),
                    bills: a.bills,
                    under_review: false,
                })
                .collect(),
        }
    }

    /// A moment in November 2026, hours in WIB.
    fn at(day: u32, hour_wib: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, day, 0, 0, 0).unwrap() + TimeDelta::hours(hour_wib as i64 - 7)
    }

    fn numbers() -> Numbers {
        let mut n = Numbers::default();
        n.add(ReceiptBlock { first: 201, last: 202 });
        n.add(ReceiptBlock { first: 601, last: 800 });
        n
    }

    fn handover(cash: i64, now: DateTime<Utc>, key: &str) -> Handover<'static> {
        Handover { teller: "teller.satu", cash: Money::rupiah(cash), now, key: key.repeat(32) }
    }

    #[test]
    fn numbers_run_through_each_block_in_turn_and_never_come_back() {
        let mut n = numbers();
        assert_eq!(n.remaining(), 202);
        assert_eq!(n.take(), Some(OfflineReceiptNumber(201)));
        assert_eq!(n.take(), Some(OfflineReceiptNumber(202)));
        assert_eq!(n.take(), Some(OfflineReceiptNumber(601)));
        assert_eq!(n.remaining(), 199);
        // A block given again (an answer received twice) or one already used adds nothing.
        n.add(ReceiptBlock { first: 601, last: 800 });
        n.add(ReceiptBlock { first: 201, last: 202 });
        assert_eq!(n.remaining(), 199);
        let mut empty = Numbers::default();
        assert_eq!(empty.take(), None);
    }

    #[test]
    fn a_delta_replaces_the_accounts_it_holds_and_a_full_snapshot_everything() {
        let mut held = snapshot();
        let count = held.accounts.len();
        let first = held.accounts[0].number.clone();
        let mut delta = snapshot();
        delta.full = false;
        delta.taken_at = at(16, 11);
        delta.cursor = "v1.2.2.2".into();
        delta.accounts = vec![OfflineAccount { bills: Vec::new(), ..held.accounts[0].clone() }];
        delta.accounts.push(OfflineAccount { number: "0299999999".into(), ..held.accounts[1].clone() });
        held.apply(delta);
        assert_eq!(held.accounts.len(), count + 1);
        assert!(held.account(&first).unwrap().bills.is_empty(), "paid since: nothing owed");
        assert_eq!(held.cursor, "v1.2.2.2");
        assert_eq!(held.taken_at, at(16, 11));
        let full = Snapshot { accounts: Vec::new(), ..snapshot() };
        held.apply(full);
        assert!(held.accounts.is_empty());
    }

    #[test]
    fn the_teller_finds_customers_by_number_or_by_name() {
        let s = snapshot();
        let number = s.accounts[2].number.clone();
        let printed = printed_number(&number);
        assert_eq!(s.find(&printed)[0].number, number, "typed as printed, dots and all");
        assert_eq!(s.find(&number[number.len() - 4..])[0].number, number);
        assert_eq!(s.find("agus").len(), 2);
        assert!(s.find("SITI aminah").iter().all(|a| a.name == "Siti Aminah"));
        assert!(s.find("ag").is_empty(), "too short to mean anyone");
        assert!(s.find("12").is_empty());
    }

    #[test]
    fn cash_for_everything_owed_goes_into_the_outbox_with_the_next_number() {
        // Taken the morning after the due date.
        let s = Snapshot { taken_at: at(21, 8), ..snapshot() };
        let account = s.accounts.iter().find(|a| a.bills.len() == 2).unwrap();
        let now = at(22, 9);
        let owed = owed(&s, account, &[], now).unwrap();
        assert!(owed.bills.iter().any(|b| !b.late_fee.is_zero()), "past the 20th: a late fee");
        let mut n = numbers();
        let total = owed.total.whole_rupiah().unwrap();
        let short = take_cash(&s, &[], &mut n, account, handover(total - 500, now, "a"));
        assert_eq!(short, Err(OfflineStop::CashShort { short_by: Money::rupiah(500) }));
        assert_eq!(short.unwrap_err().label().0, "Uang kurang Rp\u{a0}500.", "said once, as bills print it");
        assert_eq!(n.remaining(), 202, "no number is used by a payment not taken");
        let entry = take_cash(&s, &[], &mut n, account, handover(total + 2_700, now, "a")).unwrap();
        assert_eq!(entry.payment.receipt_number, OfflineReceiptNumber(201));
        assert_eq!(entry.payment.total, owed.total);
        assert_eq!(entry.change(), Money::rupiah(2_700));
        assert_eq!(entry.payment.periods(), owed.bills.iter().map(|b| b.period).collect::<Vec<_>>());
        assert_eq!(entry.payment.snapshot_at, s.taken_at);
        // What the server checks on its face holds for what the device made.
        assert_eq!(entry.payment.check(&s.limits, now), Ok(()));
        // The same customer again: the outbox already took it all.
        let outbox = vec![entry.clone()];
        assert_eq!(take_cash(&s, &outbox, &mut n, account, handover(total, now, "b")), Err(OfflineStop::NothingOwed));
        // Refused by the server, the bills are owed again.
        let refused = OutboxEntry {
            outcome: Some(OfflineOutcome::Refused { reason: OfflineRefusal::UnknownTeller }),
            synced_at: Some(now),
            ..entry.clone()
        };
        assert_eq!(owed_total(&s, account, &[refused], now), owed.total);
        // Set aside, they were paid elsewhere: the next snapshot drops them, the outbox already does.
        let set_aside =
            OutboxEntry { outcome: Some(OfflineOutcome::SetAside { reason: RefundReason::AlreadyPaid }), ..entry };
        assert_eq!(super::owed(&s, account, &[set_aside], now), Err(OfflineStop::NothingOwed));
    }

    fn owed_total(s: &Snapshot, account: &OfflineAccount, outbox: &[OutboxEntry], now: DateTime<Utc>) -> Money {
        owed(s, account, outbox, now).unwrap().total
    }

    #[test]
    fn no_cash_is_taken_with_an_old_snapshot_over_the_device_limit_or_without_numbers() {
        let s = snapshot();
        let account = s.accounts.iter().find(|a| !a.bills.is_empty()).unwrap();
        let total = owed_total(&s, account, &[], at(17, 9)).whole_rupiah().unwrap();
        let stale = s.taken_at + TimeDelta::hours(73);
        assert_eq!(
            take_cash(&s, &[], &mut numbers(), account, handover(total, stale, "a")),
            Err(OfflineStop::StaleSnapshot)
        );
        let tight = Snapshot {
            limits: OfflineLimits { device_total: Money::rupiah(total - 1), ..OfflineLimits::default() },
            ..s.clone()
        };
        assert_eq!(
            take_cash(&tight, &[], &mut numbers(), account, handover(total, at(17, 9), "a")),
            Err(OfflineStop::OverDeviceLimit { left: Money::rupiah(total - 1) })
        );
        assert_eq!(
            take_cash(&s, &[], &mut Numbers::default(), account, handover(total, at(17, 9), "a")),
            Err(OfflineStop::NoNumbers)
        );
        assert_eq!(
            take_cash(&s, &[], &mut numbers(), account, Handover { teller: " ", ..handover(total, at(17, 9), "a") }),
            Err(OfflineStop::NoTeller)
        );
        let held = OfflineAccount { under_review: true, ..account.clone() };
        assert_eq!(
            take_cash(&s, &[], &mut numbers(), &held, handover(total, at(17, 9), "a")),
            Err(OfflineStop::UnderReview)
        );
    }

    #[test]
    fn the_outbox_is_sent_oldest_first_in_batches_and_the_shift_report_adds_it_up() {
        let s = snapshot();
        let mut n = numbers();
        let mut outbox = Vec::new();
        for (i, account) in s.accounts.iter().filter(|a| !a.bills.is_empty()).enumerate() {
            let now = at(17, 8 + i as u32);
            let total = owed_total(&s, account, &outbox, now).whole_rupiah().unwrap();
            let key = format!("{:032x}", i);
            let mut entry = take_cash(
                &s,
                &outbox,
                &mut n,
                account,
                Handover {
                    teller: if i % 2 == 0 { "teller.satu" } else { "teller.dua" },
                    key,
                    ..handover(total, now, "a")
                },
            )
            .unwrap();
            if i == 0 {
                entry.outcome = Some(OfflineOutcome::SetAside { reason: RefundReason::AlreadyPaid });
                entry.synced_at = Some(now);
            }
            outbox.insert(0, entry);
        }
        let batch = next_batch(&outbox);
        assert_eq!(batch.len(), outbox.len() - 1, "what the server answered is not sent again");
        assert!(batch.windows(2).all(|w| w[0].taken_at < w[1].taken_at));
        assert_eq!(unsent_total(&outbox), batch.iter().map(|p| p.total).sum::<Money>());
        let (lines, entries) = shift_report(&outbox, at(17, 20));
        assert_eq!(entries.len(), outbox.len(), "sent or not, the cash was taken today");
        assert_eq!(lines.iter().map(|l| l.payments).sum::<usize>(), outbox.len());
        assert_eq!(lines.iter().map(|l| l.total).sum::<Money>(), outbox.iter().map(|e| e.payment.total).sum());
        assert!(shift_report(&outbox, at(18, 8)).1.is_empty(), "the next day starts a new report");
        assert!(!forgettable(&outbox[outbox.len() - 1], at(20, 8)));
        assert!(forgettable(&outbox[outbox.len() - 1], at(25, 8)));
    }
}
