//! A period's meter readings: each row checked against the customers, the period's readings
//! and bills so far, and the usage the billing domain would compute from it.

use super::table::{Fields, Table};
use super::Plan;
use crate::domain::{BillingError, MeterReading, MeterReplacement, Period};
use crate::model::imports::{Fault, Reason};
use crate::ssr::db::imports::{ReadingRecord, Taken};
use chrono::NaiveDate;
use std::collections::{HashMap, HashSet};

/// A reader's note longer than this is a paste gone wrong.
const NOTE_MAX: usize = 200;

/// The file's period: the first row's that reads as one.
pub fn period(table: &Table) -> Option<Period> {
    table.rows.iter().find_map(|row| Fields::of(table, row).period("periode"))
}

/// What the rows are checked against.
pub struct Known<'a> {
    pub period: Period,
    pub customers: &'a HashMap<String, i64>,
    /// The period's readings so far, by customer id, and whether each is billed.
    pub readings: &'a HashMap<i64, (i64, ReadingRecord, Taken)>,
    /// Customers whose bill of the period was carried over from the previous system.
    pub carried_over: &'a HashSet<i64>,
    pub number_width: Option<usize>,
    pub today: NaiveDate,
}

pub fn check(table: &Table, known: &Known) -> (Vec<Fault>, Plan<ReadingRecord>) {
    let mut faults = Vec::new();
    let mut plan = Plan::default();
    let mut seen: HashMap<i64, usize> = HashMap::new();
    for row in &table.rows {
        let mut f = Fields::of(table, row);
        let customer = f.customer_number("nomor_pelanggan", known.number_width).and_then(|n| {
            match known.customers.get(n.as_str()) {
                Some(id) => Some(*id),
                None => {
                    f.fault("nomor_pelanggan", Reason::UnknownCustomer);
                    None
                }
            }
        });
        if let Some(id) = customer {
            if let Some(&first_line) = seen.get(&id) {
                f.fault("nomor_pelanggan", Reason::DuplicateInFile { first_line });
            } else {
                seen.insert(id, f.line());
            }
            match known.readings.get(&id).map(|(_, _, taken)| *taken) {
                _ if known.carried_over.contains(&id) => f.fault("periode", Reason::AlreadyBilled),
                Some(Taken::Billed) => f.fault("periode", Reason::AlreadyBilled),
                Some(Taken::UnderReview) => f.fault("periode", Reason::UnderReview),
                _ => {}
            }
        }
        let period = f.period("periode").filter(|p| {
            let same = *p == known.period;
            if !same {
                f.fault("periode", Reason::OtherPeriod { file: known.period });
            }
            same
        });
        let read_on = f.date("tanggal_baca").filter(|d| {
            if *d > known.today {
                f.fault("tanggal_baca", Reason::FutureDate);
                false
            } else if *d < known.period.prev().first_day() || *d > known.period.last_day() {
                f.fault("tanggal_baca", Reason::ReadOutsidePeriod);
                false
            } else {
                true
            }
        });
        let stand_awal = f.count("stand_awal");
        let stand_akhir = f.count("stand_akhir");
        let stand_angkat = f.optional_count("stand_angkat");
        let stand_pasang = f.optional_count("stand_pasang");
        let replacement = match (stand_angkat, stand_pasang) {
            (Some(None), Some(None)) => Some(None),
            (Some(Some(stand_angkat)), Some(Some(stand_pasang))) => {
                Some(Some(MeterReplacement { stand_angkat, stand_pasang }))
            }
            (Some(a), Some(_)) => {
                let column = if a.is_none() { "stand_angkat" } else { "stand_pasang" };
                f.fault(column, Reason::HalfAReplacement);
                None
            }
            _ => None,
        };
        let estimated = f.flag("taksiran");
        let note = f.text("catatan", NOTE_MAX);
        let (
            Some(customer_id),
            Some(period),
            Some(read_on),
            Some(stand_awal),
            Some(stand_akhir),
            Some(replacement),
            Some(estimated),
        ) = (customer, period, read_on, stand_awal, stand_akhir, replacement, estimated)
        else {
            faults.append(&mut f.faults);
            continue;
        };
        let reading = MeterReading { period, read_on, stand_awal, stand_akhir, replacement, estimated };
        match reading.usage_m3() {
            Ok(_) => {}
            Err(BillingError::NegativeUsage { from, to, .. }) => {
                f.fault("stand_akhir", Reason::NegativeUsage { from, to })
            }
            Err(BillingError::ImplausibleUsage { m3, .. }) => f.fault("stand_akhir", Reason::ImplausibleUsage { m3 }),
            Err(other) => f.fault("stand_akhir", Reason::Unreadable(other.to_string())),
        }
        if !f.faults.is_empty() {
            faults.append(&mut f.faults);
            continue;
        }
        let record = ReadingRecord {
            customer_id,
            period: period.to_string(),
            read_on: read_on.to_string(),
            stand_awal,
            stand_akhir,
            stand_angkat: replacement.map(|r| r.stand_angkat),
            stand_pasang: replacement.map(|r| r.stand_pasang),
            estimated: estimated as i64,
            note,
        };
        plan.take(known.readings.get(&customer_id).map(|(id, r, _)| (*id, r)), record);
    }
    (faults, plan)
}
