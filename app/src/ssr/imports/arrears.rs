//! The opening arrears: bills still unpaid in the utility's previous system, carried over with
//! the amount that system stored. Each row is checked against the customers and what the
//! portal already bills or has read for that period, so a period is never billed twice.

use super::table::{Fields, Table};
use super::Plan;
use crate::domain::Period;
use crate::model::imports::{Fault, Reason};
use crate::ssr::db::imports::{ArrearsRecord, Connection, StoredBill};
use chrono::NaiveDate;
use std::collections::{HashMap, HashSet};

/// The first and last period the rows name (those that read as one).
pub fn periods(table: &Table) -> Option<(Period, Period)> {
    let periods = table.rows.iter().filter_map(|row| Fields::of(table, row).period("periode"));
    periods.fold(None, |range, p| match range {
        None => Some((p, p)),
        Some((from, to)) => Some((from.min(p), to.max(p))),
    })
}

/// What the rows are checked against.
pub struct Known<'a> {
    pub customers: &'a HashMap<String, Connection>,
    /// The bills of the file's periods, by customer id and period.
    pub bills: &'a HashMap<(i64, String), StoredBill>,
    /// The customers and periods of the file's periods with a reading stored.
    pub read: &'a HashSet<(i64, String)>,
    /// The first period the portal bills itself.
    pub portal_from: Option<Period>,
    pub number_width: Option<usize>,
    pub today: NaiveDate,
}

pub fn check(table: &Table, known: &Known) -> (Vec<Fault>, Plan<ArrearsRecord>) {
    let mut faults = Vec::new();
    let mut plan = Plan::default();
    let mut seen: HashMap<(i64, Period), usize> = HashMap::new();
    let this_month = Period::of(known.today);
    for row in &table.rows {
        let mut f = Fields::of(table, row);
        let connection = f.customer_number("nomor_pelanggan", known.number_width).and_then(|n| {
            let found = known.customers.get(n.as_str());
            if found.is_none() {
                f.fault("nomor_pelanggan", Reason::UnknownCustomer);
            }
            found
        });
        let period = f.period("periode").filter(|p| {
            if *p > this_month {
                f.fault("periode", Reason::FuturePeriod);
            }
            *p <= this_month
        });
        let usage_m3 = f.count("pemakaian_m3");
        let amount = f.count("tagihan").filter(|a| {
            if *a == 0 {
                f.fault("tagihan", Reason::NotPositive);
            }
            *a > 0
        });
        let due_date = f.date("jatuh_tempo");
        if let (Some(due), Some(p)) = (due_date, period) {
            if due < p.first_day() {
                f.fault("jatuh_tempo", Reason::DueBeforePeriod);
            } else if due > p.plus_months(3).last_day() {
                // A typo for a year would put the bill beyond every late fee.
                f.fault("jatuh_tempo", Reason::DueTooLate);
            }
        }
        let (Some(connection), Some(period), Some(usage_m3), Some(amount), Some(due_date)) =
            (connection, period, usage_m3, amount, due_date)
        else {
            faults.append(&mut f.faults);
            continue;
        };
        if let Some(&first_line) = seen.get(&(connection.id, period)) {
            f.fault("periode", Reason::DuplicatePeriodInFile { first_line });
        } else {
            seen.insert((connection.id, period), f.line());
        }
        let record = ArrearsRecord {
            customer_id: connection.id,
            period: period.to_string(),
            group_code: connection.group_code.clone(),
            meter_size: connection.meter_size.clone(),
            usage_m3,
            amount,
            due_date: due_date.to_string(),
        };
        let key = (connection.id, record.period.clone());
        match known.bills.get(&key) {
            // The same file applied again: nothing to do.
            Some(StoredBill::CarriedOver(stored)) if stored.same_bill(&record) => {
                plan.unchanged += usize::from(f.faults.is_empty())
            }
            // A bill is never replaced by a file: it may be paid, or have payment codes open.
            Some(_) => f.fault("periode", Reason::AlreadyBilled),
            None if known.read.contains(&key) => f.fault("periode", Reason::ReadingImported),
            None => match known.portal_from {
                Some(from) if period >= from => f.fault("periode", Reason::PortalBillsPeriod { from }),
                _ if f.faults.is_empty() => plan.add.push(record),
                _ => {}
            },
        }
        faults.append(&mut f.faults);
    }
    (faults, plan)
}
