//! Usage history and the "bill shock" warning: a month far above the customer's own normal
//! usually means a leak after the meter or a misread, and the customer should hear it first.

use super::Period;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UsagePoint {
    pub period: Period,
    pub m3: u32,
    pub estimated: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Anomaly {
    pub period: Period,
    pub m3: u32,
    /// Mean of the (up to) six months before it.
    pub average_m3: f64,
}

/// Months of history the average looks back over.
pub const BASELINE_MONTHS: usize = 6;
/// Fewer earlier months than this and there is no "normal" to compare with.
pub const MIN_BASELINE_MONTHS: usize = 3;

/// Flags the latest month when it is more than twice the average of the months before it.
/// `history` runs oldest to newest.
pub fn latest_anomaly(history: &[UsagePoint]) -> Option<Anomaly> {
    let (latest, earlier) = history.split_last()?;
    let baseline: Vec<u32> = earlier.iter().rev().take(BASELINE_MONTHS).map(|p| p.m3).collect();
    if baseline.len() < MIN_BASELINE_MONTHS {
        return None;
    }
    let average = baseline.iter().map(|&m| m as f64).sum::<f64>() / baseline.len() as f64;
    (average > 0.0 && latest.m3 as f64 > 2.0 * average).then_some(Anomaly {
        period: latest.period,
        m3: latest.m3,
        average_m3: average,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    fn history(m3: &[u32]) -> Vec<UsagePoint> {
        let start: Period = "2026-01".parse().unwrap();
        m3.iter()
            .enumerate()
            .map(|(i, &m3)| UsagePoint { period: start.plus_months(i as i32), m3, estimated: false })
            .collect()
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn flags_more_than_double_the_average() {
        let a = latest_anomaly(&history(&[99, 15, 18, 20, 17, 16, 14, 45])).unwrap();
        assert_eq!(a.m3, 45);
        assert_eq!(a.average_m3, 100.0 / 6.0);
        assert_eq!(a.period.to_string(), "2026-08");
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn normal_months_are_not_flagged() {
        assert_eq!(latest_anomaly(&history(&[15, 18, 20, 17, 16, 14, 33])), None);
        assert_eq!(latest_anomaly(&history(&[10, 10, 10, 20])), None);
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn too_little_history_says_nothing() {
        assert_eq!(latest_anomaly(&history(&[])), None);
        assert_eq!(latest_anomaly(&history(&[10, 10, 90])), None);
        assert_eq!(latest_anomaly(&history(&[0, 0, 0, 30])), None);
    }
}
