//! QRIS payloads (EMVCo merchant-presented mode): built and parsed as nested TLV data objects,
//! never by string surgery on an existing code.
//!
//! A payload is a run of data objects `ID` (2 digits) + `length` (2 digits, in characters) +
//! `value`; templates nest the same format. It ends with `6304` and a CRC-16/CCITT-FALSE over
//! the UTF-8 bytes of everything before the CRC digits, `6304` included.

use super::Money;
use serde::{Deserialize, Serialize};
use std::fmt::Write as _;

/// CRC-16/CCITT-FALSE: poly 0x1021, init 0xFFFF, no reflection, no final xor.
pub fn crc16_ccitt_false(bytes: &[u8]) -> u16 {
    let mut crc: u16 = 0xFFFF;
    for &byte in bytes {
        crc ^= (byte as u16) << 8;
        for _ in 0..8 {
            crc = if crc & 0x8000 != 0 { (crc << 1) ^ 0x1021 } else { crc << 1 };
        }
    }
    crc
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum QrisError {
    #[error("the payload ends inside a data object at character {at}")]
    Truncated { at: usize },
    #[error("data object at character {at} has a malformed id or length")]
    BadHeader { at: usize },
    #[error("the payload must start with the format indicator 000201")]
    NoFormatIndicator,
    #[error("the payload must end with its CRC (6304 and 4 hex digits)")]
    NoCrc,
    #[error("CRC mismatch: the payload says {stated}, its content gives {computed}")]
    CrcMismatch { stated: String, computed: String },
    #[error("data object {id} is required")]
    Missing { id: &'static str },
    #[error("data object {id} is invalid: {reason}")]
    Invalid { id: String, reason: String },
    #[error("data object {id} is too long: {len} characters (at most {max})")]
    TooLong { id: String, len: usize, max: usize },
}

/// One data object, its value kept as text; templates are parsed again on demand.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DataObject {
    pub id: u8,
    pub value: String,
}

/// Splits a run of data objects. Lengths count characters, not bytes.
pub fn parse_objects(s: &str) -> Result<Vec<DataObject>, QrisError> {
    let chars: Vec<char> = s.chars().collect();
    let mut objects = Vec::new();
    let mut at = 0;
    while at < chars.len() {
        if at + 4 > chars.len() {
            return Err(QrisError::Truncated { at });
        }
        let header: String = chars[at..at + 4].iter().collect();
        if !header.chars().all(|c| c.is_ascii_digit()) {
            return Err(QrisError::BadHeader { at });
        }
        let id: u8 = header[..2].parse().map_err(|_| QrisError::BadHeader { at })?;
        let len: usize = header[2..].parse().map_err(|_| QrisError::BadHeader { at })?;
        let start = at + 4;
        if start + len > chars.len() {
            return Err(QrisError::Truncated { at });
        }
        objects.push(DataObject { id, value: chars[start..start + len].iter().collect() });
        at = start + len;
    }
    Ok(objects)
}

fn push_object(out: &mut String, id: u8, value: &str) -> Result<(), QrisError> {
    let len = value.chars().count();
    if len > 99 {
        return Err(QrisError::TooLong { id: format!("{id:02}"), len, max: 99 });
    }
    write!(out, "{id:02}{len:02}{value}").expect("writing to a String cannot fail");
    Ok(())
}

fn template(objects: &[(u8, &str)]) -> Result<String, QrisError> {
    let mut out = String::new();
    for (id, value) in objects {
        if !value.is_empty() {
            push_object(&mut out, *id, value)?;
        }
    }
    Ok(out)
}

/// Checks the trailing CRC and returns the objects before it.
pub fn verify_crc(payload: &str) -> Result<&str, QrisError> {
    let body_len = payload.len().checked_sub(4).ok_or(QrisError::NoCrc)?;
    if !payload.is_char_boundary(body_len) || !payload[..body_len].ends_with("6304") {
        return Err(QrisError::NoCrc);
    }
    let stated = &payload[body_len..];
    let computed = format!("{:04X}", crc16_ccitt_false(&payload.as_bytes()[..body_len]));
    if !stated.eq_ignore_ascii_case(&computed) {
        return Err(QrisError::CrcMismatch { stated: stated.to_string(), computed });
    }
    Ok(&payload[..body_len - 4])
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Initiation {
    /// `11`: the same code for every payment.
    Static,
    /// `12`: one amount, one transaction.
    Dynamic,
}

/// A merchant account template (IDs 26-45): the acquirer's reverse-domain GUID, the merchant PAN
/// (`9360` + acquirer digits...), the merchant id and the merchant criteria.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MerchantAccount {
    pub id: u8,
    pub guid: String,
    pub pan: String,
    pub merchant_id: String,
    pub criteria: String,
}

/// The utility's QRIS identity, from configuration.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Merchant {
    pub accounts: Vec<MerchantAccount>,
    /// National Merchant ID: `ID` + 13 digits.
    pub nmid: String,
    /// `UMI`, `UKE`, `UME`, `UBE` or `URE`.
    pub criteria: String,
    pub mcc: String,
    pub name: String,
    pub city: String,
    pub postal_code: String,
}

pub const MAX_NAME: usize = 25;
pub const MAX_CITY: usize = 15;
const CRITERIA: [&str; 5] = ["UMI", "UKE", "UME", "UBE", "URE"];
const NATIONAL_GUID: &str = "ID.CO.QRIS.WWW";

fn invalid(id: &str, reason: impl Into<String>) -> QrisError {
    QrisError::Invalid { id: id.to_string(), reason: reason.into() }
}

impl Merchant {
    /// Refuses an identity no acquirer would accept, so a bad configuration stops the server at
    /// start rather than producing codes that no e-wallet can pay.
    pub fn validate(&self) -> Result<(), QrisError> {
        if self.nmid.len() != 15 || !self.nmid.starts_with("ID") || !self.nmid[2..].chars().all(|c| c.is_ascii_digit())
        {
            return Err(invalid("51.02", "an NMID is ID followed by 13 digits"));
        }
        if !CRITERIA.contains(&self.criteria.as_str()) {
            return Err(invalid("51.03", "merchant criteria is one of UMI, UKE, UME, UBE, URE"));
        }
        if self.mcc.len() != 4 || !self.mcc.chars().all(|c| c.is_ascii_digit()) {
            return Err(invalid("52", "a merchant category code has 4 digits"));
        }
        let name_len = self.name.chars().count();
        if name_len == 0 || name_len > MAX_NAME {
            return Err(QrisError::TooLong { id: "59".into(), len: name_len, max: MAX_NAME });
        }
        let city_len = self.city.chars().count();
        if city_len == 0 || city_len > MAX_CITY {
            return Err(QrisError::TooLong { id: "60".into(), len: city_len, max: MAX_CITY });
        }
        if self.accounts.is_empty() {
            return Err(QrisError::Missing { id: "26" });
        }
        for a in &self.accounts {
            if !(26..=45).contains(&a.id) {
                return Err(invalid(&format!("{:02}", a.id), "merchant account templates use ids 26 to 45"));
            }
            if a.guid.is_empty() || !a.pan.starts_with("9360") || !a.pan.chars().all(|c| c.is_ascii_digit()) {
                return Err(invalid(&format!("{:02}", a.id), "needs the acquirer's GUID and a PAN starting 9360"));
            }
        }
        Ok(())
    }
}

/// A dynamic QRIS for one payment: the amount and a reference the acquirer's notification will
/// carry back, so the payment matches exactly one intent.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct QrisPayload {
    pub initiation: Initiation,
    pub merchant: Merchant,
    pub currency: String,
    pub amount: Option<Money>,
    pub country: String,
    pub bill_number: String,
    pub reference_label: String,
    pub terminal_label: String,
}

impl QrisPayload {
    pub fn dynamic(merchant: Merchant, amount: Money, reference_label: &str, terminal_label: &str) -> QrisPayload {
        QrisPayload {
            initiation: Initiation::Dynamic,
            merchant,
            currency: "360".into(),
            amount: Some(amount),
            country: "ID".into(),
            bill_number: String::new(),
            reference_label: reference_label.to_string(),
            terminal_label: terminal_label.to_string(),
        }
    }

    pub fn encode(&self) -> Result<String, QrisError> {
        self.merchant.validate()?;
        let m = &self.merchant;
        let mut out = String::with_capacity(256);
        push_object(&mut out, 0, "01")?;
        push_object(&mut out, 1, if self.initiation == Initiation::Dynamic { "12" } else { "11" })?;
        for a in &m.accounts {
            let value = template(&[(0, &a.guid), (1, &a.pan), (2, &a.merchant_id), (3, &a.criteria)])?;
            push_object(&mut out, a.id, &value)?;
        }
        push_object(&mut out, 51, &template(&[(0, NATIONAL_GUID), (2, &m.nmid), (3, &m.criteria)])?)?;
        push_object(&mut out, 52, &m.mcc)?;
        push_object(&mut out, 53, &self.currency)?;
        match (self.initiation, self.amount) {
            (Initiation::Dynamic, Some(amount)) => {
                let whole = amount.whole_rupiah().map_err(|_| invalid("54", "QRIS amounts are whole rupiah"))?;
                if whole <= 0 {
                    return Err(invalid("54", "the amount must be positive"));
                }
                push_object(&mut out, 54, &whole.to_string())?;
            }
            (Initiation::Dynamic, None) => return Err(QrisError::Missing { id: "54" }),
            (Initiation::Static, Some(_)) => return Err(invalid("54", "a static QRIS carries no amount")),
            (Initiation::Static, None) => {}
        }
        push_object(&mut out, 58, &self.country)?;
        push_object(&mut out, 59, &m.name)?;
        push_object(&mut out, 60, &m.city)?;
        if !m.postal_code.is_empty() {
            push_object(&mut out, 61, &m.postal_code)?;
        }
        let additional = template(&[(1, &self.bill_number), (5, &self.reference_label), (7, &self.terminal_label)])?;
        if !additional.is_empty() {
            push_object(&mut out, 62, &additional)?;
        }
        out.push_str("6304");
        let crc = crc16_ccitt_false(out.as_bytes());
        write!(out, "{crc:04X}").expect("writing to a String cannot fail");
        Ok(out)
    }

    /// Reads a payload back into its fields, checking the CRC first.
    pub fn decode(payload: &str) -> Result<QrisPayload, QrisError> {
        let body = verify_crc(payload)?;
        let objects = parse_objects(body)?;
        if objects.first() != Some(&DataObject { id: 0, value: "01".into() }) {
            return Err(QrisError::NoFormatIndicator);
        }
        let get = |id: u8| objects.iter().find(|o| o.id == id).map(|o| o.value.clone());
        let need = |id: u8, name: &'static str| get(id).ok_or(QrisError::Missing { id: name });
        let sub = |value: &str, id: u8| -> Result<String, QrisError> {
            Ok(parse_objects(value)?.into_iter().find(|o| o.id == id).map(|o| o.value).unwrap_or_default())
        };
        let initiation = match need(1, "01")?.as_str() {
            "11" => Initiation::Static,
            "12" => Initiation::Dynamic,
            other => return Err(invalid("01", format!("unknown point of initiation {other}"))),
        };
        let mut accounts = Vec::new();
        for o in objects.iter().filter(|o| (26..=45).contains(&o.id)) {
            accounts.push(MerchantAccount {
                id: o.id,
                guid: sub(&o.value, 0)?,
                pan: sub(&o.value, 1)?,
                merchant_id: sub(&o.value, 2)?,
                criteria: sub(&o.value, 3)?,
            });
        }
        let national = need(51, "51")?;
        let amount = match get(54) {
            Some(text) => Some(Money::rupiah(text.parse::<i64>().map_err(|_| invalid("54", "whole rupiah expected"))?)),
            None => None,
        };
        let additional = get(62).unwrap_or_default();
        let merchant = Merchant {
            accounts,
            nmid: sub(&national, 2)?,
            criteria: sub(&national, 3)?,
            mcc: need(52, "52")?,
            name: need(59, "59")?,
            city: need(60, "60")?,
            postal_code: get(61).unwrap_or_default(),
        };
        Ok(QrisPayload {
            initiation,
            merchant,
            currency: need(53, "53")?,
            amount,
            country: need(58, "58")?,
            bill_number: sub(&additional, 1)?,
            reference_label: sub(&additional, 5)?,
            terminal_label: sub(&additional, 7)?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(not(target_arch = "wasm32"))]
    use proptest::prelude::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    /// The EMVCo specification's sample payload (domain.md), CRC A13A.
    const EMVCO_SAMPLE: &str = "00020101021229300012D156000000000510A93FO3230Q31280012D15600000001030812345678520441115802CN5914BEST TRANSPORT6007BEIJING64200002ZH0104最佳运输0202北京540523.7253031565502016233030412340603***0708A60086670902ME91320016A0112233449988770708123456786304A13A";

    fn utility() -> Merchant {
        Merchant {
            accounts: vec![MerchantAccount {
                id: 26,
                guid: "ID.CO.BANKJATIM.WWW".into(),
                pan: "936001140000123456".into(),
                merchant_id: "000123456".into(),
                criteria: "UBE".into(),
            }],
            nmid: "ID1026123456789".into(),
            criteria: "UBE".into(),
            mcc: "4900".into(),
            name: "PERUMDA AIR MINUM MALANG".into(),
            city: "KAB. MALANG".into(),
            postal_code: "65163".into(),
        }
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn crc_check_value() {
        assert_eq!(crc16_ccitt_false(b"123456789"), 0x29B1);
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn the_emvco_sample_parses_and_its_crc_checks() {
        let body = verify_crc(EMVCO_SAMPLE).unwrap();
        let objects = parse_objects(body).unwrap();
        let ids: Vec<u8> = objects.iter().map(|o| o.id).collect();
        assert_eq!(ids, vec![0, 1, 29, 31, 52, 58, 59, 60, 64, 54, 53, 55, 62, 91]);
        let language = parse_objects(&objects.iter().find(|o| o.id == 64).unwrap().value).unwrap();
        // Lengths count characters: "最佳运输" is 4 characters, 12 bytes.
        assert_eq!(language[1], DataObject { id: 1, value: "最佳运输".into() });
        assert_eq!(objects.iter().find(|o| o.id == 54).unwrap().value, "23.72");
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn a_changed_character_breaks_the_crc() {
        let tampered = EMVCO_SAMPLE.replace("23.72", "93.72");
        assert!(matches!(verify_crc(&tampered), Err(QrisError::CrcMismatch { .. })));
        assert_eq!(verify_crc("6304"), Err(QrisError::NoCrc));
        assert_eq!(verify_crc(""), Err(QrisError::NoCrc));
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn builds_a_dynamic_qris_for_a_bill() {
        let payload =
            QrisPayload::dynamic(utility(), Money::rupiah(101_300), "TRT2611260001", "PORTAL").encode().unwrap();
        assert!(payload.starts_with("000201010212"));
        assert!(payload.contains("5303360"));
        assert!(payload.contains("5406101300"));
        assert!(payload.contains("5802ID"));
        assert!(payload.contains("0215ID1026123456789"));
        verify_crc(&payload).unwrap();
        let back = QrisPayload::decode(&payload).unwrap();
        assert_eq!(back.amount, Some(Money::rupiah(101_300)));
        assert_eq!(back.reference_label, "TRT2611260001");
        assert_eq!(back.merchant, utility());
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn refuses_identities_and_amounts_no_acquirer_accepts() {
        let mut m = utility();
        m.nmid = "ID12345".into();
        assert!(m.validate().is_err());
        let mut m = utility();
        m.name = "PERUSAHAAN UMUM DAERAH AIR MINUM".into();
        assert!(matches!(m.validate(), Err(QrisError::TooLong { .. })));
        let mut m = utility();
        m.city = "KABUPATEN MALANG RAYA".into();
        assert!(matches!(m.validate(), Err(QrisError::TooLong { .. })));
        let mut m = utility();
        m.accounts[0].pan = "1234".into();
        assert!(m.validate().is_err());
        assert!(QrisPayload::dynamic(utility(), Money::ZERO, "R", "T").encode().is_err());
        assert!(QrisPayload::dynamic(utility(), Money::from_decimal(rust_decimal::Decimal::new(15, 1)), "R", "T")
            .encode()
            .is_err());
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn malformed_payloads_are_errors_not_panics() {
        for bad in ["", "00", "0002", "000201010212XX", "0099abc", "ab020101"] {
            assert!(parse_objects(bad).is_err() || QrisPayload::decode(bad).is_err(), "{bad}");
        }
    }

    #[cfg(not(target_arch = "wasm32"))]
    proptest! {
        #[test]
        fn every_payload_built_parses_back(
            amount in 1i64..10_000_000,
            reference in "[A-Z0-9]{1,25}",
            terminal in "[A-Z0-9]{1,8}",
            name in "[A-Za-z .]{1,25}",
            city in "[A-Za-z .]{1,15}",
        ) {
            let mut merchant = utility();
            merchant.name = name;
            merchant.city = city;
            let built = QrisPayload::dynamic(merchant, Money::rupiah(amount), &reference, &terminal);
            let payload = built.encode().unwrap();
            prop_assert!(verify_crc(&payload).is_ok());
            prop_assert_eq!(QrisPayload::decode(&payload).unwrap(), built);
        }

        #[test]
        fn parsing_never_panics(s in "\\PC{0,120}") {
            let _ = parse_objects(&s);
            let _ = QrisPayload::decode(&s);
        }
    }
}
