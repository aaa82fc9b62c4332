//! A bill computed from a reading: every line a customer sees on paper.

use super::{BillingError, BlockLine, MeterReading, Money, Period, TariffBook};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChargeLine {
    pub label: String,
    pub label_en: String,
    pub amount: Money,
}

/// The bill before any late fee: late fees depend on when it is paid, not on the reading.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BillBreakdown {
    pub period: Period,
    pub usage_m3: u32,
    /// What the blocks were applied to: the usage, or the minimum when the usage is below it.
    pub billed_m3: u32,
    pub minimum_applied: bool,
    pub blocks: Vec<BlockLine>,
    pub water_charge: Money,
    pub fixed_charges: Vec<ChargeLine>,
    pub amount: Money,
    pub estimated: bool,
    pub tariff_from: Period,
}

/// The customer's facts a bill depends on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Connection<'a> {
    pub group: &'a str,
    pub meter_size: &'a str,
}

pub fn compute_bill(
    book: &TariffBook,
    connection: &Connection<'_>,
    reading: &MeterReading,
) -> Result<BillBreakdown, BillingError> {
    let usage_m3 = reading.usage_m3()?;
    let tariff = book.tariff_for(connection.group, reading.period)?;
    let minimum_applied = usage_m3 < tariff.minimum_usage_m3;
    let billed_m3 = usage_m3.max(tariff.minimum_usage_m3);
    let (blocks, water_charge) = tariff.water_charge(billed_m3);
    let fixed_charges: Vec<ChargeLine> = tariff
        .fixed_charges_for(connection.meter_size)?
        .into_iter()
        .map(|c| ChargeLine { label: c.label.clone(), label_en: c.label_en.clone(), amount: c.amount })
        .collect();
    let amount = water_charge + fixed_charges.iter().map(|c| c.amount).sum();
    Ok(BillBreakdown {
        period: reading.period,
        usage_m3,
        billed_m3,
        minimum_applied,
        blocks,
        water_charge,
        fixed_charges,
        amount,
        estimated: reading.estimated,
        tariff_from: tariff.effective_from,
    })
}

/// The estimate for a meter that could not be read: the rounded mean of the last real readings
/// (up to `months`), 0 when there are none.
pub fn estimated_usage(recent_actual_m3: &[u32], months: usize) -> u32 {
    let recent: Vec<u32> = recent_actual_m3.iter().rev().take(months.max(1)).copied().collect();
    if recent.is_empty() {
        return 0;
    }
    let sum: u64 = recent.iter().map(|&m| m as u64).sum();
    ((sum * 2 + recent.len() as u64) / (2 * recent.len() as u64)) as u32
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures::{pam_jaya_book, period};
    use crate::{MeterReplacement, Tariff};
    use chrono::NaiveDate;
    #[cfg(not(target_arch = "wasm32"))]
    use proptest::prelude::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    fn reading(p: &str, awal: i64, akhir: i64) -> MeterReading {
        MeterReading {
            period: period(p),
            read_on: NaiveDate::from_ymd_opt(2026, 10, 28).unwrap(),
            stand_awal: awal,
            stand_akhir: akhir,
            replacement: None,
            estimated: false,
        }
    }

    const HOUSE: Connection<'static> = Connection { group: "K2", meter_size: "1/2" };

    #[wasm_bindgen_test(unsupported = test)]
    fn worked_example_with_fixed_charges() {
        let bill = compute_bill(&pam_jaya_book(), &HOUSE, &reading("2026-11", 1000, 1025)).unwrap();
        assert_eq!(bill.usage_m3, 25);
        assert_eq!(bill.water_charge, Money::rupiah(28_875));
        assert_eq!(
            bill.fixed_charges,
            vec![
                ChargeLine {
                    label: "Beban tetap".into(),
                    label_en: "Fixed charge".into(),
                    amount: Money::rupiah(7_500)
                },
                ChargeLine {
                    label: "Biaya administrasi".into(),
                    label_en: String::new(),
                    amount: Money::rupiah(5_000)
                },
            ]
        );
        assert_eq!(bill.amount, Money::rupiah(28_875 + 7_500 + 5_000));
        assert!(!bill.minimum_applied);
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn minimum_usage_bills_the_minimum_at_block_one_price() {
        let bill = compute_bill(&pam_jaya_book(), &HOUSE, &reading("2026-11", 1000, 1004)).unwrap();
        assert_eq!((bill.usage_m3, bill.billed_m3, bill.minimum_applied), (4, 10, true));
        assert_eq!(bill.water_charge, Money::rupiah(10 * 1_050));
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn errors_instead_of_wrong_bills() {
        let book = pam_jaya_book();
        assert!(matches!(
            compute_bill(&book, &HOUSE, &reading("2026-11", 1025, 1000)),
            Err(BillingError::NegativeUsage { .. })
        ));
        let stranger = Connection { group: "XX", meter_size: "1/2" };
        assert_eq!(
            compute_bill(&book, &stranger, &reading("2026-11", 0, 10)),
            Err(BillingError::UnknownGroup("XX".into()))
        );
        assert!(matches!(
            compute_bill(&book, &HOUSE, &reading("2019-01", 0, 10)),
            Err(BillingError::TariffMissing { .. })
        ));
        let odd_meter = Connection { group: "K2", meter_size: "8" };
        assert!(matches!(
            compute_bill(&book, &odd_meter, &reading("2026-11", 0, 10)),
            Err(BillingError::MeterSizeNotInTariff { .. })
        ));
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn replacement_and_estimate_carry_through() {
        let mut r = reading("2026-11", 1000, 12);
        r.replacement = Some(MeterReplacement { stand_angkat: 1013, stand_pasang: 0 });
        r.estimated = true;
        let bill = compute_bill(&pam_jaya_book(), &HOUSE, &r).unwrap();
        assert_eq!(bill.usage_m3, 25);
        assert!(bill.estimated);
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn the_period_picks_the_tariff() {
        let book = pam_jaya_book();
        let old = compute_bill(&book, &HOUSE, &reading("2022-05", 0, 25)).unwrap();
        let new = compute_bill(&book, &HOUSE, &reading("2022-06", 0, 25)).unwrap();
        assert_eq!(old.tariff_from, period("2021-06"));
        assert_eq!(new.tariff_from, period("2022-06"));
        assert!(new.water_charge > old.water_charge);
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn estimates_average_recent_real_readings() {
        assert_eq!(estimated_usage(&[], 3), 0);
        assert_eq!(estimated_usage(&[10, 20, 21, 22, 23], 3), 22);
        assert_eq!(estimated_usage(&[15, 16], 6), 16); // 15.5 rounds half up
    }

    #[cfg(not(target_arch = "wasm32"))]
    proptest! {
        #[test]
        fn a_bill_is_the_sum_of_its_lines(awal in 0i64..100_000, used in 0i64..500) {
            let bill = compute_bill(&pam_jaya_book(), &HOUSE, &reading("2026-11", awal, awal + used)).unwrap();
            let lines: Money = bill.blocks.iter().map(|b| b.amount).sum::<Money>() + bill.fixed_charges.iter().map(|c| c.amount).sum();
            prop_assert_eq!(lines, bill.amount);
            prop_assert_eq!(bill.blocks.iter().map(|b| b.m3).sum::<u32>(), bill.billed_m3);
            prop_assert!(bill.billed_m3 >= bill.usage_m3);
            prop_assert!(bill.amount.whole_rupiah().is_ok());
        }
    }

    #[allow(dead_code)]
    fn _tariff_type_is_public(_: Tariff) {}
}
