//! Effective-dated tariffs: progressive blocks, a minimum usage, fixed charges.
//! Tariffs are local data set by the regent's decree; nothing here knows any price.

use super::{BillingError, Money, Period};
use serde::{Deserialize, Serialize};

/// A customer group (golongan): `RT-A`, `NK`, `SU`...
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomerGroup {
    pub code: String,
    pub name: String,
    pub description: String,
    /// Empty: the Indonesian text serves.
    pub name_en: String,
    pub description_en: String,
}

/// A progressive block: volume above the previous block's bound up to `upto_m3` (inclusive)
/// costs `price_per_m3`. The last block has no bound.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Block {
    pub upto_m3: Option<u32>,
    pub price_per_m3: Money,
}

/// A charge that does not depend on volume: beban tetap by meter size, pemeliharaan meter,
/// biaya administrasi. `meter_size: None` applies to every meter.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FixedCharge {
    pub label: String,
    /// Empty: the Indonesian label serves.
    pub label_en: String,
    pub meter_size: Option<String>,
    pub amount: Money,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tariff {
    pub group: String,
    pub effective_from: Period,
    pub blocks: Vec<Block>,
    /// Usage below this is billed as this volume (0: no minimum).
    pub minimum_usage_m3: u32,
    pub fixed_charges: Vec<FixedCharge>,
    /// The decree that set it, shown on the tariff page.
    pub decree: String,
    pub decree_en: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum TariffError {
    #[error("tariff {group} from {from} has no blocks")]
    NoBlocks { group: String, from: Period },
    #[error("tariff {group} from {from}: block bounds must rise and only the last block may be open")]
    BadBounds { group: String, from: Period },
    #[error("tariff {group} from {from} has a negative price or charge")]
    NegativeAmount { group: String, from: Period },
    #[error("two tariffs for {group} take effect in {from}")]
    Duplicate { group: String, from: Period },
    #[error("tariff for unknown group {0}")]
    UnknownGroup(String),
}

/// One block's share of a bill.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BlockLine {
    /// First cubic metre of the block (1-based, as tariff tables print "11-20").
    pub from_m3: u32,
    pub to_m3: Option<u32>,
    pub m3: u32,
    pub price_per_m3: Money,
    pub amount: Money,
}

impl Tariff {
    pub fn validate(&self) -> Result<(), TariffError> {
        let (group, from) = (self.group.clone(), self.effective_from);
        if self.blocks.is_empty() {
            return Err(TariffError::NoBlocks { group, from });
        }
        let mut previous = 0u32;
        for (i, block) in self.blocks.iter().enumerate() {
            let last = i + 1 == self.blocks.len();
            match block.upto_m3 {
                Some(upto) if !last && upto > previous => previous = upto,
                None if last => {}
                _ => return Err(TariffError::BadBounds { group, from }),
            }
        }
        let negative = self.blocks.iter().any(|b| b.price_per_m3.is_negative())
            || self.fixed_charges.iter().any(|c| c.amount.is_negative());
        if negative {
            return Err(TariffError::NegativeAmount { group, from });
        }
        Ok(())
    }

    /// Fills each block to its bound before the next: 25 m3 over 0-10/11-20/>20 is 10+10+5.
    /// Blocks that receive nothing are left out.
    pub fn water_charge(&self, billed_m3: u32) -> (Vec<BlockLine>, Money) {
        let mut lines = Vec::with_capacity(self.blocks.len());
        let mut lower = 0u32;
        let mut remaining = billed_m3;
        for block in &self.blocks {
            if remaining == 0 {
                break;
            }
            let m3 = match block.upto_m3 {
                Some(upto) => remaining.min(upto - lower),
                None => remaining,
            };
            lines.push(BlockLine {
                from_m3: lower + 1,
                to_m3: block.upto_m3,
                m3,
                price_per_m3: block.price_per_m3,
                amount: block.price_per_m3.times(m3),
            });
            remaining -= m3;
            lower = block.upto_m3.unwrap_or(lower);
        }
        let total = lines.iter().map(|l| l.amount).sum();
        (lines, total)
    }

    /// The fixed charges for a meter size. When the tariff prices some meter sizes, a size
    /// it does not price is an error rather than a silently cheaper bill.
    pub fn fixed_charges_for(&self, meter_size: &str) -> Result<Vec<&FixedCharge>, BillingError> {
        let sized = self.fixed_charges.iter().any(|c| c.meter_size.is_some());
        let matches = self.fixed_charges.iter().any(|c| c.meter_size.as_deref() == Some(meter_size));
        if sized && !matches {
            return Err(BillingError::MeterSizeNotInTariff {
                group: self.group.clone(),
                meter_size: meter_size.to_string(),
            });
        }
        Ok(self.fixed_charges.iter().filter(|c| c.meter_size.as_deref().is_none_or(|s| s == meter_size)).collect())
    }
}

/// What a month of `usage_m3` costs on a meter of one size (None: a tariff that prices every
/// meter alike) under the tariff a new decree replaces and under the new one: the preview an
/// administrator reads before saving. `before` is None when nothing priced it before.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PriceComparison {
    pub meter_size: Option<String>,
    pub usage_m3: u32,
    pub before: Option<Money>,
    pub after: Option<Money>,
}

/// A meter size as written (`1/2`, `3/4`, `1`, `1 1/2`) in inches, to list sizes small to
/// large; what cannot be read sorts last.
fn inches(size: &str) -> f64 {
    let part = |p: &str| match p.split_once('/') {
        Some((n, d)) => n.trim().parse::<f64>().ok().zip(d.trim().parse::<f64>().ok()).map(|(n, d)| n / d),
        None => p.trim().parse::<f64>().ok(),
    };
    size.trim_end_matches('"')
        .split_whitespace()
        .map(part)
        .sum::<Option<f64>>()
        .filter(|v| v.is_finite())
        .unwrap_or(f64::MAX)
}

/// The usages a tariff preview prices: a small, a typical and a large household month.
pub const TYPICAL_USAGES_M3: [u32; 3] = [10, 20, 30];

impl Tariff {
    /// A month's bill before late fees, as `compute_bill` makes it: the minimum usage, the
    /// blocks, and the fixed charges for the meter size.
    pub fn price(&self, usage_m3: u32, meter_size: &str) -> Result<Money, BillingError> {
        let (_, water) = self.water_charge(usage_m3.max(self.minimum_usage_m3));
        Ok(water + self.fixed_charges_for(meter_size)?.into_iter().map(|c| c.amount).sum())
    }

    fn meter_sizes(&self) -> impl Iterator<Item = &str> {
        self.fixed_charges.iter().filter_map(|c| c.meter_size.as_deref())
    }
}

/// Every group and every tariff that has ever been in force.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TariffBook {
    groups: Vec<CustomerGroup>,
    tariffs: Vec<Tariff>,
}

impl TariffBook {
    pub fn new(groups: Vec<CustomerGroup>, mut tariffs: Vec<Tariff>) -> Result<TariffBook, TariffError> {
        for t in &tariffs {
            t.validate()?;
            if !groups.iter().any(|g| g.code == t.group) {
                return Err(TariffError::UnknownGroup(t.group.clone()));
            }
        }
        tariffs.sort_by(|a, b| (a.group.as_str(), a.effective_from).cmp(&(b.group.as_str(), b.effective_from)));
        if let Some(w) =
            tariffs.windows(2).find(|w| w[0].group == w[1].group && w[0].effective_from == w[1].effective_from)
        {
            return Err(TariffError::Duplicate { group: w[0].group.clone(), from: w[0].effective_from });
        }
        Ok(TariffBook { groups, tariffs })
    }

    pub fn groups(&self) -> &[CustomerGroup] {
        &self.groups
    }

    pub fn group(&self, code: &str) -> Result<&CustomerGroup, BillingError> {
        self.groups.iter().find(|g| g.code == code).ok_or_else(|| BillingError::UnknownGroup(code.to_string()))
    }

    /// The tariff in force for a group in a period: the latest that took effect on or before it.
    pub fn tariff_for(&self, group: &str, period: Period) -> Result<&Tariff, BillingError> {
        self.group(group)?;
        self.tariffs
            .iter()
            .filter(|t| t.group == group && t.effective_from <= period)
            .max_by_key(|t| t.effective_from)
            .ok_or_else(|| BillingError::TariffMissing { group: group.to_string(), period })
    }

    /// The book with a newly decreed tariff added, checked as the book checks every tariff.
    pub fn with(&self, tariff: Tariff) -> Result<TariffBook, TariffError> {
        let mut tariffs = self.tariffs.clone();
        tariffs.push(tariff);
        TariffBook::new(self.groups.clone(), tariffs)
    }

    /// The latest tariff decreed for a group, in force or to come: where a new decree starts.
    pub fn latest(&self, group: &str) -> Option<&Tariff> {
        self.tariffs.iter().filter(|t| t.group == group).max_by_key(|t| t.effective_from)
    }

    /// Typical months priced under the tariff `new` replaces in its first period and under
    /// `new`, for every meter size either prices.
    pub fn compare(&self, new: &Tariff, usages: &[u32]) -> Vec<PriceComparison> {
        let old = self.tariff_for(&new.group, new.effective_from).ok();
        let mut sizes: Vec<&str> = old.into_iter().flat_map(Tariff::meter_sizes).chain(new.meter_sizes()).collect();
        sizes.sort_by(|a, b| inches(a).total_cmp(&inches(b)).then(a.cmp(b)));
        sizes.dedup();
        let sizes: Vec<Option<&str>> =
            if sizes.is_empty() { vec![None] } else { sizes.into_iter().map(Some).collect() };
        let mut rows = Vec::with_capacity(sizes.len() * usages.len());
        for size in sizes {
            for &usage_m3 in usages {
                let priced = |t: &Tariff| t.price(usage_m3, size.unwrap_or_default()).ok();
                rows.push(PriceComparison {
                    meter_size: size.map(str::to_string),
                    usage_m3,
                    before: old.and_then(priced),
                    after: priced(new),
                });
            }
        }
        rows
    }

    /// The tariffs in force in a period, in the groups' order (for the published table).
    pub fn in_force(&self, period: Period) -> Vec<&Tariff> {
        self.groups.iter().filter_map(|g| self.tariff_for(&g.code, period).ok()).collect()
    }

    /// Tariffs already decreed that take effect after `period`.
    pub fn upcoming(&self, period: Period) -> Vec<&Tariff> {
        self.tariffs.iter().filter(|t| t.effective_from > period).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures::{pam_jaya_book, period};
    #[cfg(not(target_arch = "wasm32"))]
    use proptest::prelude::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test(unsupported = test)]
    fn worked_example_k2_25_m3() {
        let book = pam_jaya_book();
        let tariff = book.tariff_for("K2", period("2026-11")).unwrap();
        let (lines, total) = tariff.water_charge(25);
        assert_eq!(total, Money::rupiah(28_875));
        let shares: Vec<_> = lines.iter().map(|l| (l.from_m3, l.to_m3, l.m3, l.amount)).collect();
        assert_eq!(
            shares,
            vec![
                (1, Some(10), 10, Money::rupiah(10_500)),
                (11, Some(20), 10, Money::rupiah(10_500)),
                (21, None, 5, Money::rupiah(7_875)),
            ]
        );
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn flat_and_three_block_groups() {
        let book = pam_jaya_book();
        let p = period("2026-11");
        assert_eq!(book.tariff_for("K4B", p).unwrap().water_charge(25).1, Money::rupiah(25 * 12_550));
        // K III A: 10 x 3.550 + 10 x 4.700 + 5 x 5.500
        assert_eq!(book.tariff_for("K3A", p).unwrap().water_charge(25).1, Money::rupiah(35_500 + 47_000 + 27_500));
        assert_eq!(book.tariff_for("K2", p).unwrap().water_charge(0), (vec![], Money::ZERO));
        assert_eq!(book.tariff_for("K2", p).unwrap().water_charge(10).0.len(), 1);
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn tariffs_are_effective_dated() {
        let book = pam_jaya_book();
        // K2 has a 2021 tariff and a rise from 2022-06.
        let before = book.tariff_for("K2", period("2022-05")).unwrap();
        let after = book.tariff_for("K2", period("2022-06")).unwrap();
        assert_ne!(before.effective_from, after.effective_from);
        assert_eq!(
            book.tariff_for("K2", period("2020-01")),
            Err(BillingError::TariffMissing { group: "K2".into(), period: period("2020-01") })
        );
        assert_eq!(book.tariff_for("ZZ", period("2026-01")), Err(BillingError::UnknownGroup("ZZ".into())));
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn refuses_malformed_tariffs() {
        let mut t = pam_jaya_book().tariff_for("K2", period("2026-01")).unwrap().clone();
        t.blocks[1].upto_m3 = Some(5);
        assert!(matches!(t.validate(), Err(TariffError::BadBounds { .. })));
        t.blocks[1].upto_m3 = Some(20);
        t.blocks[2].upto_m3 = Some(30);
        assert!(matches!(t.validate(), Err(TariffError::BadBounds { .. })));
        t.blocks.clear();
        assert!(matches!(t.validate(), Err(TariffError::NoBlocks { .. })));
        let book = pam_jaya_book();
        let dup = book.tariff_for("K2", period("2026-01")).unwrap().clone();
        let groups = book.groups().to_vec();
        assert!(matches!(TariffBook::new(groups, vec![dup.clone(), dup]), Err(TariffError::Duplicate { .. })));
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn meter_sizes_the_tariff_does_not_price_are_errors() {
        let book = pam_jaya_book();
        let t = book.tariff_for("K2", period("2026-01")).unwrap();
        assert_eq!(t.fixed_charges_for("1/2").unwrap().len(), 2);
        assert!(matches!(t.fixed_charges_for("6"), Err(BillingError::MeterSizeNotInTariff { .. })));
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn a_new_decree_is_compared_with_the_tariff_it_replaces() {
        let book = pam_jaya_book();
        let mut new = book.tariff_for("K2", period("2026-11")).unwrap().clone();
        new.effective_from = period("2027-01");
        new.blocks[0].price_per_m3 = Money::rupiah(1_500);
        let rows = book.compare(&new, &TYPICAL_USAGES_M3);
        let old = book.tariff_for("K2", period("2027-01")).unwrap();
        let sizes: Vec<_> = new.meter_sizes().collect();
        assert_eq!(rows.len(), sizes.len() * 3, "every priced meter size at every typical usage");
        for row in &rows {
            let size = row.meter_size.as_deref().unwrap();
            assert_eq!(row.before, Some(old.price(row.usage_m3, size).unwrap()));
            // The first block's 10 m3 cost 450 more a cubic metre; nothing else changed.
            assert_eq!(row.after, Some(row.before.unwrap() + Money::rupiah(4_500)));
        }
        assert_eq!(book.with(new.clone()).unwrap().tariff_for("K2", period("2027-03")).unwrap(), &new);
        assert!(matches!(book.with(old.clone()), Err(TariffError::Duplicate { .. })));
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn a_first_tariff_has_nothing_before_it() {
        let book = pam_jaya_book();
        let mut new = book.tariff_for("K2", period("2026-11")).unwrap().clone();
        new.effective_from = period("2019-01");
        new.fixed_charges.iter_mut().for_each(|c| c.meter_size = None);
        new.fixed_charges.truncate(1);
        // One charge for every meter: one row per usage, priced whatever the meter.
        let rows = book.compare(&new, &[10]);
        let expected =
            PriceComparison { meter_size: None, usage_m3: 10, before: None, after: Some(Money::rupiah(18_000)) };
        assert_eq!(rows, vec![expected]);
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn meter_sizes_are_listed_small_to_large() {
        let mut sizes = vec!["2", "1/2", "1", "3/4", "1 1/2", "besar"];
        sizes.sort_by(|a, b| inches(a).total_cmp(&inches(b)).then(a.cmp(b)));
        assert_eq!(sizes, ["1/2", "3/4", "1", "1 1/2", "2", "besar"]);
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn the_price_is_what_a_bill_of_that_usage_comes_to() {
        let book = pam_jaya_book();
        let t = book.tariff_for("K2", period("2026-11")).unwrap();
        let fixed: Money = t.fixed_charges_for("1/2").unwrap().into_iter().map(|c| c.amount).sum();
        assert_eq!(t.price(25, "1/2").unwrap(), Money::rupiah(28_875) + fixed);
        assert!(t.price(25, "6").is_err());
    }

    #[cfg(not(target_arch = "wasm32"))]
    proptest! {
        #[test]
        fn blocks_share_out_exactly_the_billed_volume(m3 in 0u32..100_000) {
            let book = pam_jaya_book();
            for t in book.in_force(period("2026-11")) {
                let (lines, total) = t.water_charge(m3);
                prop_assert_eq!(lines.iter().map(|l| l.m3).sum::<u32>(), m3);
                prop_assert_eq!(lines.iter().map(|l| l.amount).sum::<Money>(), total);
                for l in &lines {
                    if let Some(to) = l.to_m3 { prop_assert!(l.m3 <= to + 1 - l.from_m3); }
                }
            }
        }

        #[test]
        fn using_more_never_costs_less(m3 in 0u32..10_000) {
            let book = pam_jaya_book();
            for t in book.in_force(period("2026-11")) {
                prop_assert!(t.water_charge(m3 + 1).1 >= t.water_charge(m3).1);
            }
        }
    }
}
