//! Signatures partners put on what they send, checked before anything else is read:
//! SNAP BI access-token requests (RSA), SNAP BI transactions (HMAC-SHA512), and acquirer
//! notifications (SHA-512 over the fields and the server key). Comparisons take constant time.
//! Server-side only: the browser never verifies a partner.

use base64::{engine::general_purpose::STANDARD as BASE64, Engine as _};
use hmac::{Hmac, Mac};
use rsa::pkcs8::DecodePublicKey;
use rsa::signature::Verifier;
use sha2::{Digest, Sha256, Sha512};
use subtle::ConstantTimeEq;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SignatureError {
    #[error("the partner's public key cannot be read: {0}")]
    BadPublicKey(String),
    #[error("the partner's key has {0} bits; at least {MIN_PARTNER_KEY_BITS} are needed")]
    WeakPublicKey(usize),
}

/// The smallest RSA key a bank may register.
pub const MIN_PARTNER_KEY_BITS: usize = 2048;

/// Equal strings, compared without leaking where they differ through timing.
pub fn constant_time_eq(a: &str, b: &str) -> bool {
    a.len() == b.len() && bool::from(a.as_bytes().ct_eq(b.as_bytes()))
}

/// Lower-case hex SHA-256, as SNAP BI hashes request bodies.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// SNAP BI transaction string-to-sign: `METHOD:path:token:sha256(body):timestamp`. The body is
/// hashed as received: the partner minified it before signing, and re-serialising it here
/// could reorder keys or change number formats.
pub fn snap_string_to_sign(method: &str, path: &str, access_token: &str, body: &[u8], timestamp: &str) -> String {
    format!("{}:{}:{}:{}:{}", method.to_ascii_uppercase(), path, access_token, sha256_hex(body), timestamp)
}

/// base64(HMAC-SHA512(client secret, string-to-sign)).
pub fn snap_hmac(secret: &str, string_to_sign: &str) -> String {
    let mut mac = Hmac::<Sha512>::new_from_slice(secret.as_bytes()).expect("HMAC takes keys of any length");
    mac.update(string_to_sign.as_bytes());
    BASE64.encode(mac.finalize().into_bytes())
}

pub fn verify_snap_hmac(secret: &str, string_to_sign: &str, signature: &str) -> bool {
    constant_time_eq(&snap_hmac(secret, string_to_sign), signature.trim())
}

/// A partner's registered RSA public key (PEM, SubjectPublicKeyInfo).
#[derive(Clone, Debug)]
pub struct PartnerKey(rsa::pkcs1v15::VerifyingKey<Sha256>);

impl PartnerKey {
    pub fn from_pem(pem: &str) -> Result<PartnerKey, SignatureError> {
        let key = rsa::RsaPublicKey::from_public_key_pem(pem.trim())
            .map_err(|e| SignatureError::BadPublicKey(e.to_string()))?;
        Ok(PartnerKey(rsa::pkcs1v15::VerifyingKey::new(key)))
    }

    /// A key as a bank registers it: readable, and strong enough.
    pub fn for_registration(pem: &str) -> Result<PartnerKey, SignatureError> {
        let key = PartnerKey::from_pem(pem)?;
        match key.bits() {
            bits if bits < MIN_PARTNER_KEY_BITS => Err(SignatureError::WeakPublicKey(bits)),
            _ => Ok(key),
        }
    }

    pub fn bits(&self) -> usize {
        use rsa::traits::PublicKeyParts;
        // The modulus' own length: a 2047-bit key still fills 256 bytes.
        let key: &rsa::RsaPublicKey = self.0.as_ref();
        key.n().bits()
    }

    /// SHA-256 of the key's DER, as `AB:CD:…`: what staff read out to the bank to confirm the
    /// key arrived unchanged.
    pub fn fingerprint(&self) -> String {
        use rsa::pkcs8::EncodePublicKey;
        let key: &rsa::RsaPublicKey = self.0.as_ref();
        let der = key.to_public_key_der().map(|d| d.as_bytes().to_vec()).unwrap_or_default();
        Sha256::digest(der).iter().map(|b| format!("{b:02X}")).collect::<Vec<_>>().join(":")
    }

    /// SNAP BI access-token request: SHA256withRSA over `clientId|X-TIMESTAMP`, base64.
    pub fn verify_token_request(&self, client_id: &str, timestamp: &str, signature_b64: &str) -> bool {
        let Ok(bytes) = BASE64.decode(signature_b64.trim()) else {
            return false;
        };
        let Ok(signature) = rsa::pkcs1v15::Signature::try_from(bytes.as_slice()) else {
            return false;
        };
        self.0.verify(format!("{client_id}|{timestamp}").as_bytes(), &signature).is_ok()
    }
}

/// Acquirer notification signature (Midtrans style): lower-case hex SHA-512 of
/// `order_id + status_code + gross_amount + server_key`, the amount exactly as sent.
pub fn notification_signature(order_id: &str, status_code: &str, gross_amount: &str, server_key: &str) -> String {
    hex::encode(Sha512::digest(format!("{order_id}{status_code}{gross_amount}{server_key}").as_bytes()))
}

pub fn verify_notification(
    order_id: &str,
    status_code: &str,
    gross_amount: &str,
    server_key: &str,
    signature: &str,
) -> bool {
    constant_time_eq(
        &notification_signature(order_id, status_code, gross_amount, server_key),
        &signature.trim().to_ascii_lowercase(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    // Vectors made with OpenSSL, an independent implementation.
    const BODY: &str = r#"{"partnerServiceId":"   88899","customerNo":"0201000002","virtualAccountNo":"   888990201000002","inquiryRequestId":"abcdef-123456"}"#;
    const PUBLIC_KEY: &str = "-----BEGIN PUBLIC KEY-----
MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAzAPshu0e6/U0HkE6zWAS
x7hZq/vS8U4/8IZZjSjN2yQ5j4pMoD8y540OPmm3WmZOV+cmAZ38tUiLWybHM+/t
E0+BHgUCIJ0Hky/1nKNxXjxTR/sNeGxalvxYzkAkINXHik5E2lMG8FAYTCV9t4mW
GK09cmJczf0lijB+QVQ3qS6aSHofQ+lnSql9agzibUow94D09nJtIpo6qikrnPiX
hQ8gsTYJ641XA0uVABIe8t3qt14oEEUrAZ5+OAv/VdGGz7yniDRL80OejhbiH9AO
UOHP7cexiwdk9BMUF2vjIVUIr0MbRhuYUkzjm81TOIPknID1Y4zZ6X+HrH2W2RKz
kQIDAQAB
-----END PUBLIC KEY-----";
    const TOKEN_SIGNATURE: &str = "vSnxvvdZ9jQc7SF7vNjyXv/5AK2SyQ6a2B4GYM4DAd2Lx4oo6ALenbbdRc+m+HkwS8KO3Qddl5LXFVukvRQP3FnLUbWhP0jRireACLJ5oIwpbXaqSf6e9Ie+TSCOv7yBgB4Fj8koHvbqXh/HH3zU4B7shdrzMvl0ZzMZRUqE24CeT2pp/qGH1Oa44jgkkL/jNg5omVAk/wlE8iQzHPUpfdaoSXPHLd50W7e/gQwtUfv/U+EZzPH6K1WliDEgQfzSNgFYvr5NmJ13Ex3h7Tucv0Kk0qxGet0yR9YlNz+bXort+9JH7ypzEuioxkWMpadtCOJnmaBN4GtXMFWSUYaJAQ==";

    #[wasm_bindgen_test(unsupported = test)]
    fn snap_transaction_signature_matches_openssl() {
        let sts = snap_string_to_sign(
            "post",
            "/v1.0/transfer-va/inquiry",
            "tok-123",
            BODY.as_bytes(),
            "2026-11-26T10:00:00+07:00",
        );
        assert_eq!(sts, "POST:/v1.0/transfer-va/inquiry:tok-123:51087daeac03fe52f5ce8a0b2f536a29e9a6ce75b6604387bb80e63509087996:2026-11-26T10:00:00+07:00");
        let expected = "ZAFenXWb1FdgH7Pko3JcrEo7YdDicdeKKslERtiU4upJPFsZjO1oSCCU27yhssL7bQddqzyYsvZotT/ajbDukQ==";
        assert_eq!(snap_hmac("partner-secret", &sts), expected);
        assert!(verify_snap_hmac("partner-secret", &sts, expected));
        assert!(!verify_snap_hmac("other-secret", &sts, expected));
        let reordered = BODY.replace(r#""customerNo":"0201000002","#, "") + "";
        let sts2 = snap_string_to_sign(
            "POST",
            "/v1.0/transfer-va/inquiry",
            "tok-123",
            reordered.as_bytes(),
            "2026-11-26T10:00:00+07:00",
        );
        assert!(!verify_snap_hmac("partner-secret", &sts2, expected), "a changed body fails");
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn token_request_signature_matches_openssl() {
        let key = PartnerKey::from_pem(PUBLIC_KEY).unwrap();
        assert!(key.verify_token_request("PARTNER-01", "2026-11-26T10:00:00+07:00", TOKEN_SIGNATURE));
        assert!(!key.verify_token_request("PARTNER-02", "2026-11-26T10:00:00+07:00", TOKEN_SIGNATURE));
        assert!(!key.verify_token_request("PARTNER-01", "2026-11-26T10:00:01+07:00", TOKEN_SIGNATURE));
        assert!(!key.verify_token_request("PARTNER-01", "2026-11-26T10:00:00+07:00", "not base64!"));
        assert!(!key.verify_token_request("PARTNER-01", "2026-11-26T10:00:00+07:00", "AAAA"));
        assert!(PartnerKey::from_pem("-----BEGIN PUBLIC KEY-----\nnope\n-----END PUBLIC KEY-----").is_err());
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn a_registered_key_is_strong_enough_and_named_by_its_fingerprint() {
        let key = PartnerKey::for_registration(PUBLIC_KEY).unwrap();
        assert_eq!(key.bits(), 2048);
        // `openssl pkey -pubin -outform DER | sha256sum`
        assert_eq!(
            key.fingerprint().replace(':', "").to_lowercase(),
            "9912b74b2b596788e7e00083ddd225ce0bf938c3f029b6a75eee7a6a8816df75"
        );
        assert_eq!(PartnerKey::for_registration(WEAK_KEY).unwrap_err(), SignatureError::WeakPublicKey(1024));
        assert!(matches!(PartnerKey::for_registration("bukan kunci"), Err(SignatureError::BadPublicKey(_))));
    }

    const WEAK_KEY: &str = "-----BEGIN PUBLIC KEY-----
MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQDAvti+jqvThRwFqircmc5v63Kd
HB5aPijFh3RmEkx+R8tF+1mJW2h7nbPg36HFGSqJZM6YTYGlkuYVZv5kCwZUimXw
QqCygbfIrwGZbB5btHAKj7MrmFk+7zDlGgLeVZw7fjp8ji7h2ewXBUeT/ODp8k99
fN7zRpSMDevc5rijzQIDAQAB
-----END PUBLIC KEY-----";

    #[wasm_bindgen_test(unsupported = test)]
    fn notification_signature_matches_openssl() {
        let expected = "4c97709942004bd6e6c4bdb27391f568a4a767a0e5f67dd5abba41fe66dced2a8aec3ee12c6280f21d1b7e4a6282456882322e1c8764e129bcd255bf0e84d646";
        assert_eq!(notification_signature("TRT0011223344", "200", "101300.00", "server-key-1"), expected);
        assert!(verify_notification("TRT0011223344", "200", "101300.00", "server-key-1", expected));
        assert!(verify_notification("TRT0011223344", "200", "101300.00", "server-key-1", &expected.to_uppercase()));
        assert!(
            !verify_notification("TRT0011223344", "200", "101300", "server-key-1", expected),
            "the amount exactly as sent"
        );
        assert!(!verify_notification("TRT0011223344", "200", "101300.00", "server-key-2", expected));
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn constant_time_comparison() {
        assert!(constant_time_eq("abc", "abc"));
        assert!(!constant_time_eq("abc", "abd"));
        assert!(!constant_time_eq("abc", "abcd"));
    }
}
