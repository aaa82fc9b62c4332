//! Who a bill belongs to, and what of them may be shown to anyone who types a number.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// The utility's connection number (nomor sambungan), stored bare: digits only.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct CustomerNumber(String);

pub const MIN_DIGITS: usize = 8;
pub const MAX_DIGITS: usize = 12;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum CustomerNumberError {
    #[error("the customer number is empty")]
    Empty,
    #[error("a customer number has only digits")]
    NotDigits,
    #[error("a customer number has {MIN_DIGITS} to {MAX_DIGITS} digits, not {0}")]
    WrongLength(usize),
}

impl CustomerNumber {
    /// Accepts the number as people type or copy it: `01.02.003456`, `01 02 003456`, `0102-003456`.
    pub fn parse(input: &str) -> Result<CustomerNumber, CustomerNumberError> {
        let bare: String = input.trim().chars().filter(|c| !matches!(c, '.' | ' ' | '-' | '\u{a0}')).collect();
        if bare.is_empty() {
            return Err(CustomerNumberError::Empty);
        }
        if !bare.chars().all(|c| c.is_ascii_digit()) {
            return Err(CustomerNumberError::NotDigits);
        }
        let n = bare.chars().count();
        if !(MIN_DIGITS..=MAX_DIGITS).contains(&n) {
            return Err(CustomerNumberError::WrongLength(n));
        }
        Ok(CustomerNumber(bare))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// As printed on bills: ten digits read `01.02.003456` (office, area, sequence).
    pub fn display(&self) -> String {
        let s = &self.0;
        if s.len() == 10 {
            format!("{}.{}.{}", &s[..2], &s[2..4], &s[4..])
        } else {
            s.clone()
        }
    }
}

impl fmt::Display for CustomerNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.display())
    }
}

impl FromStr for CustomerNumber {
    type Err = CustomerNumberError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        CustomerNumber::parse(s)
    }
}

impl TryFrom<String> for CustomerNumber {
    type Error = CustomerNumberError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        CustomerNumber::parse(&s)
    }
}

impl From<CustomerNumber> for String {
    fn from(n: CustomerNumber) -> String {
        n.0
    }
}

/// Whether water flows: a connection is sealed (segel) after months unpaid and disconnected
/// (putus) after more; the utility's own files say `aktif`, `segel`, `putus`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ConnectionStatus {
    Active,
    Sealed,
    Disconnected,
}

codes!(ConnectionStatus, "connection status", {
    Active => "active",
    Sealed => "sealed",
    Disconnected => "disconnected",
});

impl ConnectionStatus {
    /// The word in the utility's files and on staff pages.
    pub fn word(self) -> &'static str {
        match self {
            ConnectionStatus::Active => "aktif",
            ConnectionStatus::Sealed => "segel",
            ConnectionStatus::Disconnected => "putus",
        }
    }

    pub fn from_word(word: &str) -> Option<ConnectionStatus> {
        let word = word.trim().to_lowercase();
        ConnectionStatus::ALL.into_iter().find(|s| s.word() == word)
    }
}

/// A customer's contact number as the utility keeps it: 8 to 15 digits (a landline or a mobile),
/// a leading + kept, spaces, dots, dashes and brackets dropped.
pub fn contact_phone(raw: &str) -> Option<String> {
    let raw = raw.trim();
    let (plus, rest) = match raw.strip_prefix('+') {
        Some(rest) => ("+", rest),
        None => ("", raw),
    };
    let digits: String = rest.chars().filter(|c| !matches!(c, ' ' | '-' | '.' | '(' | ')')).collect();
    (digits.chars().all(|c| c.is_ascii_digit()) && (8..=15).contains(&digits.len())).then(|| format!("{plus}{digits}"))
}

/// Masks a name for a public page: `Sutri Hartini` -> `S***i H******`.
/// Anyone can type a number, so the page confirms the account without exposing its holder.
pub fn mask_name(name: &str) -> String {
    name.split_whitespace()
        .enumerate()
        .map(|(i, word)| {
            let chars: Vec<char> = word.chars().collect();
            match chars.len() {
                0 => String::new(),
                1 => chars[0].to_string(),
                2 => format!("{}*", chars[0]),
                n if i == 0 => format!("{}{}{}", chars[0], "*".repeat(n - 2), chars[n - 1]),
                n => format!("{}{}", chars[0], "*".repeat(n - 1)),
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(not(target_arch = "wasm32"))]
    use proptest::prelude::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test(unsupported = test)]
    fn accepts_what_people_type() {
        for typed in ["0102003456", "01.02.003456", " 01 02 003456 ", "01-02-003456"] {
            assert_eq!(CustomerNumber::parse(typed).unwrap().as_str(), "0102003456", "{typed}");
        }
        assert_eq!(CustomerNumber::parse("0102003456").unwrap().display(), "01.02.003456");
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn refuses_what_cannot_be_a_number() {
        assert_eq!(CustomerNumber::parse(""), Err(CustomerNumberError::Empty));
        assert_eq!(CustomerNumber::parse(" .. "), Err(CustomerNumberError::Empty));
        assert_eq!(CustomerNumber::parse("01O2003456"), Err(CustomerNumberError::NotDigits));
        assert_eq!(CustomerNumber::parse("<script>"), Err(CustomerNumberError::NotDigits));
        assert_eq!(CustomerNumber::parse("٠١٠٢٠٠٣٤٥٦"), Err(CustomerNumberError::NotDigits));
        assert_eq!(CustomerNumber::parse("1234567"), Err(CustomerNumberError::WrongLength(7)));
        assert_eq!(CustomerNumber::parse("1234567890123"), Err(CustomerNumberError::WrongLength(13)));
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn connection_status_reads_the_utilitys_words() {
        for status in ConnectionStatus::ALL {
            assert_eq!(ConnectionStatus::from_word(status.word()), Some(status));
            assert_eq!(status.as_str().parse::<ConnectionStatus>(), Ok(status));
        }
        assert_eq!(ConnectionStatus::from_word(" Segel "), Some(ConnectionStatus::Sealed));
        assert_eq!(ConnectionStatus::from_word("active"), None);
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn contact_phones() {
        assert_eq!(contact_phone(" 0812-3456 7890 ").as_deref(), Some("081234567890"));
        assert_eq!(contact_phone("+62 812 3456 7890").as_deref(), Some("+6281234567890"));
        assert_eq!(contact_phone("(0341) 395 000").as_deref(), Some("0341395000"));
        assert_eq!(contact_phone("12"), None);
        assert_eq!(contact_phone("0812 34x"), None);
        assert_eq!(contact_phone("++62812345678"), None);
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn masks_names() {
        assert_eq!(mask_name("Siti Hartini"), "S**i H******");
        assert_eq!(mask_name("Sutri Handayani"), "S***i H********");
        assert_eq!(mask_name("Budi"), "B**i");
        assert_eq!(mask_name("Ir. Ahmad Wijaya"), "I*. A**** W*****");
        assert_eq!(mask_name("  "), "");
        assert_eq!(mask_name("Al"), "A*");
    }

    #[cfg(not(target_arch = "wasm32"))]
    proptest! {
        #[test]
        fn display_parses_back(digits in "[0-9]{8,12}") {
            let n = CustomerNumber::parse(&digits).unwrap();
            prop_assert_eq!(CustomerNumber::parse(&n.display()).unwrap(), n);
        }

        #[test]
        fn masking_reveals_only_initials(name in "[A-Za-z]{3,12}( [A-Za-z]{3,12}){0,3}") {
            let masked = mask_name(&name);
            prop_assert_eq!(masked.chars().count(), name.chars().count());
            let hidden = masked.chars().filter(|c| *c == '*').count();
            let words = name.split(' ').count();
            // Everything but each word's initial (and the first word's last letter) is hidden.
            prop_assert_eq!(hidden, name.chars().filter(|c| *c != ' ').count() - words - 1);
        }

        #[test]
        fn parsing_never_panics(s in "\\PC*") {
            let _ = CustomerNumber::parse(&s);
            let _ = mask_name(&s);
        }
    }
}
