//! Personal data under PIPL: citizens' phone numbers are encrypted at rest with AES-256-GCM, found again
//! through a keyed hash (HMAC-SHA256) that reveals nothing without the key, and masked (`138****1234`) in
//! every view. Unmasking is the handlers' business, and is audited there.

use aes_gcm::aead::{Aead, KeyInit};
use aes_gcm::{Aes256Gcm, Nonce};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use hmac::{Hmac, Mac};
use rand::RngCore;
use sha2::Sha256;

use crate::infra::auth::keys::derive;

/// Prefix of the current ciphertext format, so the format can change without guessing.
const FORMAT_V1: &str = "v1:";

#[derive(Debug, thiserror::Error)]
pub enum VaultError {
    #[error("the stored ciphertext is malformed")]
    Malformed,
    #[error("the stored ciphertext does not decrypt with this key")]
    WrongKey,
}

/// Encrypts, decrypts and hashes phone numbers with keys derived from the configured PII key.
pub struct PhoneVault {
    cipher: Aes256Gcm,
    lookup_key: [u8; 32],
}

impl std::fmt::Debug for PhoneVault {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PhoneVault { .. }")
    }
}

impl PhoneVault {
    pub fn new(key: &[u8; 32]) -> Self {
        let cipher = Aes256Gcm::new(&derive(key, "liaison/pii/phone-encryption/v1").into());
        Self { cipher, lookup_key: derive(key, "liaison/pii/phone-lookup/v1") }
    }

    /// `v1:` + base64(nonce ‖ ciphertext); a fresh random nonce every time.
    pub fn encrypt(&self, phone: &str) -> String {
        let mut nonce = [0u8; 12];
        rand::rng().fill_bytes(&mut nonce);
        // Encryption only fails for plaintexts of gigabytes.
        let sealed = self.cipher.encrypt(Nonce::from_slice(&nonce), phone.as_bytes()).unwrap_or_default();
        let mut out = nonce.to_vec();
        out.extend_from_slice(&sealed);
        format!("{FORMAT_V1}{}", STANDARD.encode(out))
    }

    pub fn decrypt(&self, stored: &str) -> Result<String, VaultError> {
        let encoded = stored.strip_prefix(FORMAT_V1).ok_or(VaultError::Malformed)?;
        let bytes = STANDARD.decode(encoded).map_err(|_| VaultError::Malformed)?;
        if bytes.len() < 12 + 16 {
            return Err(VaultError::Malformed);
        }
        let (nonce, sealed) = bytes.split_at(12);
        let plain = self.cipher.decrypt(Nonce::from_slice(nonce), sealed).map_err(|_| VaultError::WrongKey)?;
        String::from_utf8(plain).map_err(|_| VaultError::Malformed)
    }

    /// The keyed hash a phone number is looked up by (hex).
    pub fn lookup_hash(&self, phone: &str) -> String {
        let Ok(mut mac) = <Hmac<Sha256> as Mac>::new_from_slice(&self.lookup_key) else {
            unreachable!("HMAC accepts keys of every length")
        };
        mac.update(phone.as_bytes());
        hex::encode(mac.finalize().into_bytes())
    }
}

/// `13812341234` → `138****1234`. Anything else keeps only its last two characters.
pub fn mask_phone(phone: &str) -> String {
    let chars: Vec<char> = phone.chars().collect();
    if chars.len() == 11 {
        let head: String = chars[..3].iter().collect();
        let tail: String = chars[7..].iter().collect();
        return format!("{head}****{tail}");
    }
    let keep = chars.len().min(2);
    let tail: String = chars[chars.len() - keep..].iter().collect();
    format!("{}{tail}", "*".repeat(chars.len().saturating_sub(keep).max(4)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phones_round_trip_and_never_encrypt_the_same_way_twice() {
        let vault = PhoneVault::new(&[3; 32]);
        let a = vault.encrypt("13812341234");
        let b = vault.encrypt("13812341234");
        assert_ne!(a, b);
        assert!(!a.contains("13812341234") && a.starts_with("v1:"));
        assert_eq!(vault.decrypt(&a).unwrap(), "13812341234");
    }

    #[test]
    fn another_key_or_a_damaged_ciphertext_does_not_decrypt() {
        let vault = PhoneVault::new(&[3; 32]);
        let sealed = vault.encrypt("13812341234");
        assert!(matches!(PhoneVault::new(&[4; 32]).decrypt(&sealed), Err(VaultError::WrongKey)));
        let mut damaged = sealed.clone().into_bytes();
        let last = damaged.len() - 3;
        damaged[last] = if damaged[last] == b'A' { b'B' } else { b'A' };
        assert!(vault.decrypt(&String::from_utf8(damaged).unwrap()).is_err());
        assert!(matches!(vault.decrypt("13812341234"), Err(VaultError::Malformed)));
        assert!(matches!(vault.decrypt("v1:AAAA"), Err(VaultError::Malformed)));
    }

    #[test]
    fn lookup_hashes_are_stable_keyed_and_opaque() {
        let vault = PhoneVault::new(&[3; 32]);
        assert_eq!(vault.lookup_hash("13812341234"), vault.lookup_hash("13812341234"));
        assert_ne!(vault.lookup_hash("13812341234"), vault.lookup_hash("13812341235"));
        assert_ne!(vault.lookup_hash("13812341234"), PhoneVault::new(&[4; 32]).lookup_hash("13812341234"));
        assert!(!vault.lookup_hash("13812341234").contains("1381234"));
    }

    #[test]
    fn masks_show_only_the_ends() {
        assert_eq!(mask_phone("13812341234"), "138****1234");
        assert_eq!(mask_phone("12345"), "****45");
        assert_eq!(mask_phone(""), "****");
    }
}
