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
    use crate::domain::fixtures::{pam_jaya_book, period};
    use proptest::prelude::*;

    #[test]
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

    #[test]
    fn flat_and_three_block_groups() {
        let book = pam_jaya_book();
        let p = period("2026-11");
        assert_eq!(book.tariff_for("K4B", p).unwrap().water_charge(25).1, Money::rupiah(25 * 12_550));
        // K III A: 10 x 3.550 + 10 x 4.700 + 5 x 5.500
        assert_eq!(book.tariff_for("K3A", p).unwrap().water_charge(25).1, Money::rupiah(35_500 + 47_000 + 27_500));
        assert_eq!(book.tariff_for("K2", p).unwrap().water_charge(0), (vec![], Money::ZERO));
        assert_eq!(book.tariff_for("K2", p).unwrap().water_charge(10).0.len(), 1);
    }

    #[test]
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

    #[test]
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

    #[test]
    fn meter_sizes_the_tariff_does_not_price_are_errors() {
        let book = pam_jaya_book();
        let t = book.tariff_for("K2", period("2026-01")).unwrap();
        assert_eq!(t.fixed_charges_for("1/2").unwrap().len(), 2);
        assert!(matches!(t.fixed_charges_for("6"), Err(BillingError::MeterSizeNotInTariff { .. })));
    }

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
