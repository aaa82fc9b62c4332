//! The billing domain: plain Rust, no framework, compiled for the server and the browser alike.
//! Its tests run natively and as WebAssembly (`wasm-bindgen-test` in Node), so what the browser
//! computes is checked by the same tests as what the server computes.

/// One pattern for a fixed set of values stored and sent by their code (`pending`,
/// `no_show`): `ALL`, `as_str`, `FromStr` (an unknown code is an error naming what it is not)
/// and `Display`. A typo in a code is then a compile error everywhere but in this one list.
#[macro_export]
macro_rules! codes {
    ($name:ident, $what:literal, { $($variant:ident => $code:literal),+ $(,)? }) => {
        impl $name {
            pub const ALL: [$name; [$($code),+].len()] = [$($name::$variant),+];

            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $code),+
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl std::str::FromStr for $name {
            type Err = String;

            fn from_str(s: &str) -> Result<Self, String> {
                match s {
                    $($code => Ok($name::$variant),)+
                    other => Err(format!(concat!("unknown ", $what, " {:?}"), other)),
                }
            }
        }
    };
}

pub mod adjustment;
pub mod audit;
mod bill;
pub mod billing_run;
pub mod channel;
pub mod channel_health;
pub mod complaint;
mod customer;
mod late_fee;
mod money;
pub mod notice;
pub mod office;
pub mod office_hours;
pub mod offline;
mod payment;
mod period;
pub mod qris;
pub mod queue;
mod reading;
pub mod self_reading;
#[cfg(feature = "signature")]
pub mod signature;
pub mod staff;
mod statement;
mod tariff;
pub mod usage;

#[cfg(any(test, feature = "fixtures"))]
pub mod fixtures;

pub use bill::{compute_bill, estimated_usage, BillBreakdown, ChargeLine, Connection};
pub use channel::Channel;
pub use customer::{
    contact_phone, mask_name, ConnectionStatus, CustomerNumber, CustomerNumberError,
    MAX_DIGITS as CUSTOMER_NUMBER_MAX_DIGITS, MIN_DIGITS as CUSTOMER_NUMBER_MIN_DIGITS,
};
pub use late_fee::{
    months_late, Arrears, DatedLateFee, DueDateRule, FeeStep, LateFeeBook, LateFeePolicy, LateTier, PolicyError,
    RemotePaymentRule,
};
pub use money::{rupiah_text, Money, NotWholeRupiah, ReportedAmountError, Rounding, MAX_PAYMENT_RUPIAH};
pub use payment::{AcquirerReport, IntentStatus, RefundReason, Settlement};
pub use period::{add_months, InvalidPeriod, Period};
pub use reading::{MeterReading, MeterReplacement, MAX_MONTHLY_USAGE_M3};
pub use statement::{
    BillingRules, Charges, Cover, IssuedBill, IssuedFrom, OwedBill, Refusal, Statement, StatementError,
};
pub use tariff::{
    Block, BlockLine, CustomerGroup, FixedCharge, PriceComparison, Tariff, TariffBook, TariffError, TYPICAL_USAGES_M3,
};
pub use usage::{latest_anomaly, Anomaly, UsagePoint};

use serde::{Deserialize, Serialize};

/// Why a bill could not be computed. Each is a data problem to fix, never a bill to guess.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum BillingError {
    #[error("negative usage in {period}: the meter went from {from} to {to}")]
    NegativeUsage { period: Period, from: i64, to: i64 },
    #[error("implausible usage in {period}: {m3} m3")]
    ImplausibleUsage { period: Period, m3: i64 },
    #[error("unknown customer group {0}")]
    UnknownGroup(String),
    #[error("no tariff for group {group} in {period}")]
    TariffMissing { group: String, period: Period },
    #[error("the tariff for group {group} does not price a {meter_size} inch meter")]
    MeterSizeNotInTariff { group: String, meter_size: String },
}
