//! The ways money reaches the utility. Banks are data (partners an administrator adds), so a
//! bank's channel is its partner id, not a variant of its own.

use std::fmt;

#[derive(Clone, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(into = "String", try_from = "String")]
pub enum Channel {
    Qris,
    Counter,
    /// The contractor-run payment points (PPOB) of the old switch, in imported history.
    PaymentPoint,
    /// A bank's virtual accounts, by the bank's partner id (`bri`).
    Bank(String),
}

impl Channel {
    pub const QRIS: &'static str = "qris";
    pub const COUNTER: &'static str = "counter";
    pub const PAYMENT_POINT: &'static str = "payment_point";
    const BANK_PREFIX: &'static str = "va_";

    /// The channel's code as stored (`qris`, `counter`, `va_bri`).
    pub fn code(&self) -> String {
        match self {
            Channel::Qris => Channel::QRIS.into(),
            Channel::Counter => Channel::COUNTER.into(),
            Channel::PaymentPoint => Channel::PAYMENT_POINT.into(),
            Channel::Bank(id) => format!("{}{id}", Channel::BANK_PREFIX),
        }
    }

    /// A stored code read back; None for anything that is not a channel.
    pub fn parse(code: &str) -> Option<Channel> {
        match code {
            Channel::QRIS => Some(Channel::Qris),
            Channel::COUNTER => Some(Channel::Counter),
            Channel::PAYMENT_POINT => Some(Channel::PaymentPoint),
            other => {
                let id = other.strip_prefix(Channel::BANK_PREFIX)?;
                (!id.is_empty() && id.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_'))
                    .then(|| Channel::Bank(id.to_string()))
            }
        }
    }

    /// The bank's partner id, for a bank's channel.
    pub fn bank(&self) -> Option<&str> {
        match self {
            Channel::Bank(id) => Some(id),
            _ => None,
        }
    }
}

impl From<Channel> for String {
    fn from(c: Channel) -> String {
        c.code()
    }
}

impl TryFrom<String> for Channel {
    type Error = String;

    fn try_from(code: String) -> Result<Channel, String> {
        Channel::parse(&code).ok_or_else(|| format!("not a payment channel: {code}"))
    }
}

impl fmt::Display for Channel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.code())
    }
}

#[cfg(test)]
mod tests {
    use super::Channel;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test(unsupported = test)]
    fn codes_read_back() {
        for channel in [Channel::Qris, Channel::Counter, Channel::PaymentPoint, Channel::Bank("bri".into())] {
            assert_eq!(Channel::parse(&channel.code()), Some(channel));
        }
        assert_eq!(Channel::parse("va_bri").and_then(|c| c.bank().map(str::to_string)), Some("bri".into()));
        for bad in ["va_", "VA_BRI", "cash", "", "va_b ri"] {
            assert_eq!(Channel::parse(bad), None, "{bad:?}");
        }
    }
}
