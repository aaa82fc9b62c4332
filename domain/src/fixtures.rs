//! The published tables of domain.md, as test fixtures.

use super::*;

pub fn period(s: &str) -> Period {
    s.parse().expect("fixture period")
}

fn blocks(bounds_and_prices: &[(Option<u32>, i64)]) -> Vec<Block> {
    bounds_and_prices.iter().map(|&(upto_m3, price)| Block { upto_m3, price_per_m3: Money::rupiah(price) }).collect()
}

fn three_blocks(a: i64, b: i64, c: i64) -> Vec<Block> {
    blocks(&[(Some(10), a), (Some(20), b), (None, c)])
}

/// PAM Jaya's three-block table (Rp/m3 for 0-10 / 11-20 / >20), with a made-up 2021 K2 tariff
/// before it so effective dating can be tested.
pub fn pam_jaya_book() -> TariffBook {
    let groups = ["K1", "K2", "K3A", "K3B", "K4A", "K4B", "KH"]
        .iter()
        .map(|c| CustomerGroup {
            code: c.to_string(),
            name: c.to_string(),
            description: String::new(),
            name_en: String::new(),
            description_en: String::new(),
        })
        .collect();
    let fixed = vec![
        FixedCharge {
            label: "Beban tetap".into(),
            label_en: "Fixed charge".into(),
            meter_size: Some("1/2".into()),
            amount: Money::rupiah(7_500),
        },
        FixedCharge {
            label: "Beban tetap".into(),
            label_en: "Fixed charge".into(),
            meter_size: Some("3/4".into()),
            amount: Money::rupiah(10_000),
        },
        FixedCharge {
            label: "Biaya administrasi".into(),
            label_en: String::new(),
            meter_size: None,
            amount: Money::rupiah(5_000),
        },
    ];
    let tariff = |group: &str, from: &str, blocks: Vec<Block>, minimum: u32| Tariff {
        group: group.into(),
        effective_from: period(from),
        blocks,
        minimum_usage_m3: minimum,
        fixed_charges: fixed.clone(),
        decree: "fixture".into(),
        decree_en: String::new(),
    };
    let tariffs = vec![
        tariff("K1", "2022-06", three_blocks(1_050, 1_050, 1_050), 10),
        tariff("K2", "2021-06", three_blocks(950, 950, 1_400), 10),
        tariff("K2", "2022-06", three_blocks(1_050, 1_050, 1_575), 10),
        tariff("K3A", "2022-06", three_blocks(3_550, 4_700, 5_500), 10),
        tariff("K3B", "2022-06", three_blocks(4_900, 6_000, 7_450), 10),
        tariff("K4A", "2022-06", three_blocks(6_825, 8_150, 9_800), 10),
        tariff("K4B", "2022-06", blocks(&[(None, 12_550)]), 0),
        tariff("KH", "2022-06", blocks(&[(None, 14_650)]), 0),
    ];
    TariffBook::new(groups, tariffs).expect("fixture tariffs are valid")
}
