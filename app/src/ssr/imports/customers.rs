//! The customers file: each row checked against the groups, offices and tariffs, and against
//! the rest of the file.

use super::table::{Fields, Table};
use super::Plan;
use crate::domain::{ConnectionStatus, Period, TariffBook};
use crate::model::imports::{Fault, Reason};
use crate::ssr::db::imports::CustomerRecord;
use chrono::NaiveDate;
use std::collections::HashMap;

/// What the rows are checked against.
pub struct Known<'a> {
    pub tariffs: &'a TariffBook,
    pub offices: &'a HashMap<String, i64>,
    /// Every customer today, by number.
    pub customers: &'a HashMap<String, (i64, CustomerRecord)>,
    pub number_width: Option<usize>,
    pub today: NaiveDate,
}

pub fn check(table: &Table, known: &Known) -> (Vec<Fault>, Plan<CustomerRecord>) {
    let mut faults = Vec::new();
    let mut plan = Plan::default();
    let mut seen: HashMap<String, usize> = HashMap::new();
    // The next billing run prices the connection: its tariff must know the meter.
    let next_period = Period::of(known.today).next();
    for row in &table.rows {
        let mut f = Fields::of(table, row);
        let number = f.customer_number("nomor_pelanggan", known.number_width);
        if let Some(n) = &number {
            if let Some(&first_line) = seen.get(n.as_str()) {
                f.fault("nomor_pelanggan", Reason::DuplicateInFile { first_line });
            } else {
                seen.insert(n.as_str().to_string(), f.line());
            }
        }
        let name = f.required_text("nama", 100);
        let address = f.required_text("alamat", 200);
        let village = f.required_text("desa", 80);
        let district = f.required_text("kecamatan", 80);
        let group = f.code("kode_golongan", 20).and_then(|g| match known.tariffs.group(&g) {
            Ok(_) => Some(g),
            Err(_) => {
                f.fault("kode_golongan", Reason::UnknownGroup(g));
                None
            }
        });
        let meter_size = f.code("ukuran_meter", 10);
        if let (Some(g), Some(size)) = (&group, &meter_size) {
            if let Ok(tariff) = known.tariffs.tariff_for(g, next_period) {
                if tariff.fixed_charges_for(size).is_err() {
                    f.fault("ukuran_meter", Reason::MeterSizeNotPriced { group: g.clone(), size: size.clone() });
                }
            }
        }
        let office = f.code("kode_kantor", 20).and_then(|code| match known.offices.get(&code) {
            Some(id) => Some(*id),
            None => {
                f.fault("kode_kantor", Reason::UnknownOffice(code));
                None
            }
        });
        // A file without the column says nothing about phones: the stored one stays.
        let phone = if table.has("telepon") {
            f.phone("telepon")
        } else {
            Some(number.as_ref().and_then(|n| known.customers.get(n.as_str())).and_then(|(_, r)| r.phone.clone()))
        };
        let connected_on = f.date("tanggal_pasang").and_then(|d| {
            if d > known.today {
                f.fault("tanggal_pasang", Reason::FutureDate);
                None
            } else {
                Some(d)
            }
        });
        let status = f.required_text("status", 20).and_then(|s| match ConnectionStatus::from_word(&s) {
            Some(status) => Some(status),
            None => {
                f.fault("status", Reason::UnknownStatus(s));
                None
            }
        });
        if !f.faults.is_empty() {
            faults.append(&mut f.faults);
            continue;
        }
        let (Some(number), Some(name), Some(address), Some(village), Some(district)) =
            (number, name, address, village, district)
        else {
            continue;
        };
        let (Some(group_code), Some(meter_size), Some(office_id), Some(phone), Some(connected_on), Some(status)) =
            (group, meter_size, office, phone, connected_on, status)
        else {
            continue;
        };
        let record = CustomerRecord {
            number: number.as_str().to_string(),
            name,
            address,
            village,
            district,
            group_code,
            meter_size,
            office_id,
            phone,
            connected_on: connected_on.to_string(),
            status: status.as_str().to_string(),
        };
        plan.take(known.customers.get(&record.number).map(|(id, r)| (*id, r)), record);
    }
    (faults, plan)
}
