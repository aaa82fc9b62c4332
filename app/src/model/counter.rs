//! Cash at the counter as the teller's screen shows it: the holder, what is owed, the payment just made.

use crate::domain::{CustomerNumber, Money, Period};
use serde::{Deserialize, Serialize};

pub const CHANNEL: &str = crate::domain::channel::Channel::COUNTER;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CounterBill {
    pub period: Period,
    pub amount: Money,
    pub late_fee: Money,
    pub total: Money,
    pub due_date: chrono::NaiveDate,
}

/// What a teller sees of the customer in front of them: unmasked, for checking who pays.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CounterAccount {
    pub csrf: String,
    pub number: CustomerNumber,
    pub name: String,
    pub address: String,
    pub village: String,
    pub phone: Option<String>,
    pub group_code: String,
    pub office_name: String,
    /// How far behind the account is, and with how many bills past due.
    pub arrears: crate::domain::Arrears,
    pub overdue: usize,
    /// Oldest first.
    pub bills: Vec<CounterBill>,
    pub total: Money,
    /// Whether the teller may take the oldest periods only (a utility's setting).
    pub oldest_only_allowed: bool,
    /// (code, name) of every office, for an administrator to say where the cash is taken
    /// (empty for staff, who take it at their own).
    pub offices: Vec<(String, String)>,
    /// One per screen: sending the same form twice (a double tap, a retry) records one payment.
    pub request_id: String,
}

impl CounterAccount {
    /// The total of the oldest `periods` bills (all of them when None or out of range).
    pub fn total_of(&self, periods: Option<usize>) -> Money {
        match periods {
            Some(n) if (1..=self.bills.len()).contains(&n) => self.bills[..n].iter().map(|b| b.total).sum(),
            _ => self.total,
        }
    }
}

/// A counter payment just made, as the console shows it before the next customer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PaidAtCounter {
    pub token: String,
    pub receipt_number: String,
    pub number: CustomerNumber,
    pub name: String,
    pub amount: Money,
    pub periods: Vec<Period>,
}

/// Whole rupiah typed by a teller: "150.000", "150000", "Rp 150.000" ("150.000,00": the
/// decimal comma and what follows it are not rupiah).
pub fn typed_rupiah(s: &str) -> Option<i64> {
    let whole = s.split(',').next().unwrap_or_default();
    let digits: String = whole.chars().filter(char::is_ascii_digit).collect();
    (!digits.is_empty() && digits.len() <= 12).then(|| digits.parse().ok()).flatten()
}

#[cfg(test)]
mod tests {
    use super::typed_rupiah;

    #[test]
    fn cash_is_read_as_tellers_type_it() {
        assert_eq!(typed_rupiah("150.000"), Some(150_000));
        assert_eq!(typed_rupiah("Rp 150.000"), Some(150_000));
        assert_eq!(typed_rupiah("150000"), Some(150_000));
        assert_eq!(typed_rupiah("150.000,00"), Some(150_000), "the decimal comma is not rupiah");
        assert_eq!(typed_rupiah("seratus"), None);
        assert_eq!(typed_rupiah("9999999999999"), None, "more than a counter ever takes");
    }
}
