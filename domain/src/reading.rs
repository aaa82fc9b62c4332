//! Meter readings and the usage they measure.

use super::{BillingError, Period};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// A meter swapped during the period: the old meter's final reading (stand angkat) and the
/// new meter's first (stand pasang, usually 0).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MeterReplacement {
    pub stand_angkat: i64,
    pub stand_pasang: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MeterReading {
    pub period: Period,
    pub read_on: NaiveDate,
    pub stand_awal: i64,
    pub stand_akhir: i64,
    pub replacement: Option<MeterReplacement>,
    /// The meter could not be read: the usage is an estimate to be corrected later.
    pub estimated: bool,
}

/// Larger than any household or factory uses in a month; beyond it a reading is a typo.
pub const MAX_MONTHLY_USAGE_M3: i64 = 1_000_000;

impl MeterReading {
    /// A reading as the database keeps it: the date as text, a replacement as its two figures
    /// (both or neither).
    pub fn stored(
        period: Period,
        read_on: &str,
        stand_awal: i64,
        stand_akhir: i64,
        stand_angkat: Option<i64>,
        stand_pasang: Option<i64>,
        estimated: bool,
    ) -> Result<MeterReading, chrono::ParseError> {
        let replacement = match (stand_angkat, stand_pasang) {
            (Some(stand_angkat), Some(stand_pasang)) => Some(MeterReplacement { stand_angkat, stand_pasang }),
            _ => None,
        };
        Ok(MeterReading { period, read_on: read_on.parse()?, stand_awal, stand_akhir, replacement, estimated })
    }

    /// stand akhir - stand awal, or across a replacement the old meter's share plus the new one's.
    /// A negative share is a misread or a rolled meter: an error to flag, never a bill.
    pub fn usage_m3(&self) -> Result<u32, BillingError> {
        let negative = |from: i64, to: i64| BillingError::NegativeUsage { period: self.period, from, to };
        let usage = match self.replacement {
            None => {
                if self.stand_akhir < self.stand_awal {
                    return Err(negative(self.stand_awal, self.stand_akhir));
                }
                self.stand_akhir - self.stand_awal
            }
            Some(r) => {
                if r.stand_angkat < self.stand_awal {
                    return Err(negative(self.stand_awal, r.stand_angkat));
                }
                if self.stand_akhir < r.stand_pasang {
                    return Err(negative(r.stand_pasang, self.stand_akhir));
                }
                (r.stand_angkat - self.stand_awal) + (self.stand_akhir - r.stand_pasang)
            }
        };
        if usage > MAX_MONTHLY_USAGE_M3 {
            return Err(BillingError::ImplausibleUsage { period: self.period, m3: usage });
        }
        Ok(usage as u32)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures::period;
    use wasm_bindgen_test::wasm_bindgen_test;

    fn reading(awal: i64, akhir: i64) -> MeterReading {
        MeterReading {
            period: period("2026-11"),
            read_on: NaiveDate::from_ymd_opt(2026, 10, 28).unwrap(),
            stand_awal: awal,
            stand_akhir: akhir,
            replacement: None,
            estimated: false,
        }
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn usage_is_the_difference() {
        assert_eq!(reading(1200, 1225).usage_m3(), Ok(25));
        assert_eq!(reading(1200, 1200).usage_m3(), Ok(0));
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn negative_usage_is_an_error() {
        assert_eq!(
            reading(1225, 1200).usage_m3(),
            Err(BillingError::NegativeUsage { period: period("2026-11"), from: 1225, to: 1200 })
        );
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn replacement_adds_both_meters() {
        let mut r = reading(1200, 8);
        r.replacement = Some(MeterReplacement { stand_angkat: 1215, stand_pasang: 0 });
        assert_eq!(r.usage_m3(), Ok(23));
        r.replacement = Some(MeterReplacement { stand_angkat: 1190, stand_pasang: 0 });
        assert!(matches!(r.usage_m3(), Err(BillingError::NegativeUsage { .. })));
        r.replacement = Some(MeterReplacement { stand_angkat: 1215, stand_pasang: 10 });
        assert!(matches!(r.usage_m3(), Err(BillingError::NegativeUsage { .. })));
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn absurd_readings_are_errors() {
        assert!(matches!(reading(0, i64::MAX).usage_m3(), Err(BillingError::ImplausibleUsage { .. })));
    }
}
