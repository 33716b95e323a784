//! Password hashing with argon2id (OWASP parameters: 19 MiB, two passes), run off the async workers, and the
//! rules a new password must meet.

use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use secrecy::{ExposeSecret, SecretString};

/// Shortest and longest accepted password, in characters.
pub const MIN_CHARS: usize = 10;
pub const MAX_CHARS: usize = 128;

/// A hash verified when the username is unknown, so a wrong username costs as long as a wrong password.
const DECOY_HASH: &str =
    "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$8mXyy5bX0x9mOJ6Wg3D9VQk8c0c5Q9r8Hh2mQvB6C1A";

#[derive(Debug, thiserror::Error)]
pub enum PasswordError {
    #[error("password hashing failed: {0}")]
    Hash(String),
    #[error("the hashing task stopped: {0}")]
    Task(#[from] tokio::task::JoinError),
}

fn hasher() -> Argon2<'static> {
    // Params::new only fails on out-of-range values; these are the documented defaults.
    let params = Params::new(19 * 1024, 2, 1, None).unwrap_or_default();
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

/// Hashes a password into a PHC string (`$argon2id$…`).
pub async fn hash(password: SecretString) -> Result<String, PasswordError> {
    tokio::task::spawn_blocking(move || {
        let salt = SaltString::generate(&mut OsRng);
        hasher()
            .hash_password(password.expose_secret().as_bytes(), &salt)
            .map(|h| h.to_string())
            .map_err(|e| PasswordError::Hash(e.to_string()))
    })
    .await?
}

/// True when `password` matches `stored`. With no stored hash, spends the same time and answers false.
pub async fn verify(stored: Option<String>, password: SecretString) -> Result<bool, PasswordError> {
    tokio::task::spawn_blocking(move || {
        let (phc, real) = match &stored {
            Some(phc) => (phc.as_str(), true),
            None => (DECOY_HASH, false),
        };
        let parsed = PasswordHash::new(phc).map_err(|e| PasswordError::Hash(e.to_string()))?;
        let matches = hasher().verify_password(password.expose_secret().as_bytes(), &parsed).is_ok();
        Ok(real && matches)
    })
    .await?
}

/// Why a new password is refused; the message is shown to the person choosing it.
pub fn check_strength(password: &str, username: &str) -> Result<(), &'static str> {
    let chars = password.chars().count();
    if chars < MIN_CHARS {
        return Err("use at least 10 characters");
    }
    if chars > MAX_CHARS {
        return Err("use at most 128 characters");
    }
    let mut distinct: Vec<char> = password.chars().collect();
    distinct.sort_unstable();
    distinct.dedup();
    if distinct.len() < 4 {
        return Err("use more different characters");
    }
    if password.to_lowercase().contains(&username.to_lowercase()) && !username.is_empty() {
        return Err("do not include the username");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_hash_verifies_its_password_only() {
        let phc = hash(SecretString::from("correct horse battery")).await.unwrap();
        assert!(phc.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{phc}");
        assert!(verify(Some(phc.clone()), SecretString::from("correct horse battery")).await.unwrap());
        assert!(!verify(Some(phc), SecretString::from("correct horse battery!")).await.unwrap());
    }

    #[tokio::test]
    async fn an_unknown_user_never_verifies() {
        assert!(!verify(None, SecretString::from("anything at all")).await.unwrap());
    }

    #[test]
    fn weak_passwords_are_refused() {
        assert!(check_strength("short", "wang").is_err());
        assert!(check_strength("aaaaaaaaaaaa", "wang").is_err());
        assert!(check_strength("wangli-2026-xyz", "WangLi").is_err());
        assert!(check_strength(&"ab1!".repeat(40), "wang").is_err());
        assert!(check_strength("河西区联络站2026春", "wang").is_ok());
        assert!(check_strength("correct horse battery", "wang").is_ok());
    }
}
