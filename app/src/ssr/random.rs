//! Values nobody can guess: references, receipt tokens, request ids.

/// Hex of `n` random bytes from the operating system.
pub fn random_hex(n: usize) -> String {
    let mut bytes = vec![0u8; n];
    getrandom::fill(&mut bytes).expect("the operating system provides randomness");
    bytes.iter().map(|b| format!("{b:02X}")).collect()
}
