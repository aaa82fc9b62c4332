//! Building URLs by hand, where the router cannot.

/// Percent-encodes everything but unreserved characters and `/`, for a value in a query string.
pub fn percent_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~' | b'/') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn encodes_query_strings() {
        assert_eq!(super::percent_encode("/tagihan?no=01.02 x&y"), "/tagihan%3Fno%3D01.02%20x%26y");
        assert_eq!(super::percent_encode("é"), "%C3%A9");
    }
}
