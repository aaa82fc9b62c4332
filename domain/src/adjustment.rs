//! Adjustment lines: money a bill already paid should have been, carried to the customer's next
//! bill. A paid bill is never changed; the difference is a line of its own on the next one.

use super::{Money, Period};
use serde::{Deserialize, Serialize};

/// Why a bill carries a line beyond its charges.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum AdjustmentKind {
    /// A paid bill's reading was corrected: what it should have been, less what was paid.
    ReadingCorrected,
    /// A credit larger than the bill that took it: the rest goes on to the following bill.
    Carried,
    /// Cash taken offline priced a late fee otherwise than the server's rule for that moment:
    /// what the customer still owes (or is owed) for it.
    OfflineLateFee,
}

super::codes!(AdjustmentKind, "adjustment kind", {
    ReadingCorrected => "reading_corrected",
    Carried => "carried",
    OfflineLateFee => "offline_late_fee",
});

/// One line as the customer and staff read it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdjustmentLine {
    pub kind: AdjustmentKind,
    /// The period the line is about (the bill corrected, or the bill the rest came from).
    pub period: Period,
    /// Figures that explain it, the same in every language (`1250 → 1125, 35 → 22 m³`).
    pub detail: String,
    pub amount: Money,
}

/// How much of what is pending a new bill takes, and what goes on to the bill after it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Taken {
    /// The bill's adjustment: added to its charges.
    pub on_bill: Money,
    /// Left for the following bill (a credit, so never positive).
    pub carried: Money,
}

/// What a bill with these `charges` (of which `fixed` are fixed charges) takes of the `pending`
/// adjustments. A charge is taken whole. A credit lowers the bill no further than its fixed
/// charges (at least Rp 1): every bill is then settled by a payment like any other, and no
/// period stays "unpaid" at Rp 0 where no channel can take it.
pub fn take(charges: Money, fixed: Money, pending: Money) -> Taken {
    let lowest = fixed.max(Money::rupiah(1)).min(charges) - charges;
    if pending >= lowest {
        Taken { on_bill: pending, carried: Money::rupiah(0) }
    } else {
        Taken { on_bill: lowest, carried: pending - lowest }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    fn rp(n: i64) -> Money {
        Money::rupiah(n)
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn a_charge_is_taken_whole() {
        assert_eq!(take(rp(50_000), rp(10_000), rp(30_000)), Taken { on_bill: rp(30_000), carried: rp(0) });
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn a_credit_smaller_than_the_water_is_taken_whole() {
        assert_eq!(take(rp(50_000), rp(10_000), rp(-40_000)), Taken { on_bill: rp(-40_000), carried: rp(0) });
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn a_credit_larger_than_the_water_leaves_the_fixed_charges_and_carries_the_rest() {
        let taken = take(rp(50_000), rp(10_000), rp(-65_000));
        assert_eq!(taken, Taken { on_bill: rp(-40_000), carried: rp(-25_000) });
        assert_eq!(rp(50_000) + taken.on_bill, rp(10_000));
        assert_eq!(taken.on_bill + taken.carried, rp(-65_000), "nothing is lost");
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn a_bill_without_fixed_charges_keeps_one_rupiah() {
        assert_eq!(take(rp(20_000), rp(0), rp(-30_000)), Taken { on_bill: rp(-19_999), carried: rp(-10_001) });
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn a_bill_of_nothing_takes_no_credit() {
        assert_eq!(take(rp(0), rp(0), rp(-5_000)), Taken { on_bill: rp(0), carried: rp(-5_000) });
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn nothing_pending_takes_nothing() {
        assert_eq!(take(rp(50_000), rp(10_000), rp(0)), Taken { on_bill: rp(0), carried: rp(0) });
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn kinds_read_back_from_their_codes() {
        for kind in AdjustmentKind::ALL {
            assert_eq!(kind.as_str().parse::<AdjustmentKind>(), Ok(kind));
        }
    }
}
