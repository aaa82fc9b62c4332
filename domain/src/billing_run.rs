//! A month's billing run: the reading each connection is billed on (its own, or an estimate
//! when the meter was not read), and what a supervisor must look at before customers see the
//! bills.

use super::usage::{latest_anomaly, UsagePoint};
use super::{estimated_usage, MeterReading, Period};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Why a drafted bill is held for a supervisor's eye.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ReviewFlag {
    /// More than twice the average of the six months before.
    Spike,
    /// Nothing used on a connection that has water.
    ZeroUsage,
    /// No reading: billed on an estimate.
    Estimated,
    MeterReplaced,
    /// The meter reader wrote something down (a locked gate, a buried meter).
    ReaderNote,
    /// Billed on the figure the customer sent (or one they sent could not be billed on): the
    /// reviewer sees their photo beside it.
    CustomerReading,
    /// A meter reader's figure disagrees with the one the customer sent.
    ReadingsDisagree,
}

codes!(ReviewFlag, "review flag", {
    Spike => "spike",
    ZeroUsage => "zero_usage",
    Estimated => "estimated",
    MeterReplaced => "meter_replaced",
    ReaderNote => "reader_note",
    CustomerReading => "customer_reading",
    ReadingsDisagree => "readings_disagree",
});

impl ReviewFlag {
    /// (Indonesian, English)
    pub fn label(self) -> (&'static str, &'static str) {
        match self {
            ReviewFlag::Spike => {
                ("Pemakaian melonjak (> 2× rata-rata 6 bulan)", "Usage spike (> 2× the 6-month average)")
            }
            ReviewFlag::ZeroUsage => ("Pemakaian nol", "Zero usage"),
            ReviewFlag::Estimated => ("Taksiran (meter tidak terbaca)", "Estimate (meter not read)"),
            ReviewFlag::MeterReplaced => ("Meter diganti", "Meter replaced"),
            ReviewFlag::ReaderNote => ("Catatan pembaca meter", "Meter reader's note"),
            ReviewFlag::CustomerReading => {
                ("Angka dikirim pelanggan (lihat fotonya)", "Figure sent by the customer (see the photo)")
            }
            ReviewFlag::ReadingsDisagree => (
                "Angka pembaca meter tidak cocok dengan kiriman pelanggan",
                "The meter reader's figure disagrees with the customer's",
            ),
        }
    }
}

/// Months of actual readings an estimate averages (the domain reference's usual rule).
pub const ESTIMATE_MONTHS: usize = 3;

/// The reading an unread meter is billed on: the average of the last actual months, from the
/// last recorded figure, marked estimated so that the next real reading corrects it.
/// `history` runs oldest to newest.
pub fn estimated_reading(period: Period, last_stand: i64, history: &[UsagePoint], on: NaiveDate) -> MeterReading {
    let actual: Vec<u32> = history.iter().filter(|p| !p.estimated).map(|p| p.m3).collect();
    let m3 = estimated_usage(&actual, ESTIMATE_MONTHS);
    MeterReading {
        period,
        read_on: on,
        stand_awal: last_stand,
        stand_akhir: last_stand + i64::from(m3),
        replacement: None,
        estimated: true,
    }
}

/// What to look at in one drafted bill. `history` is the months before it, oldest first.
pub fn review_flags(
    reading: &MeterReading,
    usage_m3: u32,
    history: &[UsagePoint],
    note: Option<&str>,
) -> Vec<ReviewFlag> {
    let mut flags = Vec::new();
    let mut with_this = history.to_vec();
    with_this.push(UsagePoint { period: reading.period, m3: usage_m3, estimated: reading.estimated });
    if latest_anomaly(&with_this).is_some() {
        flags.push(ReviewFlag::Spike);
    }
    if usage_m3 == 0 {
        flags.push(ReviewFlag::ZeroUsage);
    }
    if reading.estimated {
        flags.push(ReviewFlag::Estimated);
    }
    if reading.replacement.is_some() {
        flags.push(ReviewFlag::MeterReplaced);
    }
    if note.is_some_and(|n| !n.trim().is_empty()) {
        flags.push(ReviewFlag::ReaderNote);
    }
    flags
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::MeterReplacement;
    use wasm_bindgen_test::wasm_bindgen_test;

    fn history(m3: &[u32]) -> Vec<UsagePoint> {
        let start: Period = "2026-05".parse().unwrap();
        m3.iter()
            .enumerate()
            .map(|(i, &m3)| UsagePoint { period: start.plus_months(i as i32), m3, estimated: false })
            .collect()
    }

    fn reading(awal: i64, akhir: i64) -> MeterReading {
        MeterReading {
            period: "2026-11".parse().unwrap(),
            read_on: "2026-10-26".parse().unwrap(),
            stand_awal: awal,
            stand_akhir: akhir,
            replacement: None,
            estimated: false,
        }
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn an_ordinary_month_needs_no_look() {
        assert!(review_flags(&reading(100, 118), 18, &history(&[15, 18, 20, 17, 16, 14]), None).is_empty());
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn spikes_zeros_estimates_replacements_and_notes_are_flagged() {
        let h = history(&[15, 18, 20, 17, 16, 14]);
        assert_eq!(review_flags(&reading(100, 145), 45, &h, None), vec![ReviewFlag::Spike]);
        assert_eq!(review_flags(&reading(100, 100), 0, &h, Some("  ")), vec![ReviewFlag::ZeroUsage]);
        let mut swapped = reading(100, 8);
        swapped.replacement = Some(MeterReplacement { stand_angkat: 110, stand_pasang: 0 });
        assert_eq!(
            review_flags(&swapped, 18, &h, Some("pagar terkunci")),
            vec![ReviewFlag::MeterReplaced, ReviewFlag::ReaderNote]
        );
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn an_estimate_averages_the_last_three_actual_months() {
        let mut h = history(&[30, 10, 20, 99, 30]);
        h[3].estimated = true;
        let r = estimated_reading("2026-11".parse().unwrap(), 500, &h, "2026-11-01".parse().unwrap());
        // 10, 20 and 30: the estimated 99 does not count.
        assert_eq!((r.stand_awal, r.stand_akhir, r.estimated), (500, 520, true));
        assert_eq!(review_flags(&r, 20, &h, None), vec![ReviewFlag::Estimated]);
        let none = estimated_reading("2026-11".parse().unwrap(), 7, &[], "2026-11-01".parse().unwrap());
        assert_eq!(none.stand_akhir, 7, "a new connection with no history is estimated at zero");
    }
}
