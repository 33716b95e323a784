//! 32-byte keys: from the configuration (base64), or generated once into the data folder with owner-only
//! permissions, so the embedded default needs no setup and keeps its keys across restarts.

use std::io::{ErrorKind, Read, Write};
use std::path::Path;

use base64::Engine;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use hmac::{Hmac, Mac};
use rand::RngCore;
use secrecy::{ExposeSecret, SecretString};
use sha2::Sha256;

/// Why a key could not be had.
#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    #[error("{0} is not base64 of exactly 32 bytes")]
    Malformed(&'static str),
    #[error("cannot read or write the key file {path}: {source}")]
    File { path: String, source: std::io::Error },
}

/// Decodes base64 (standard or URL-safe) of exactly 32 bytes.
pub fn decode_key(text: &str, what: &'static str) -> Result<[u8; 32], KeyError> {
    let text = text.trim();
    let bytes =
        STANDARD.decode(text).or_else(|_| URL_SAFE_NO_PAD.decode(text)).map_err(|_| KeyError::Malformed(what))?;
    <[u8; 32]>::try_from(bytes.as_slice()).map_err(|_| KeyError::Malformed(what))
}

/// The configured key, or the one kept in `dir/file`, created with fresh random bytes when absent.
pub fn configured_or_file(
    configured: Option<&SecretString>,
    dir: &Path,
    file: &str,
    what: &'static str,
) -> Result<[u8; 32], KeyError> {
    if let Some(secret) = configured {
        return decode_key(secret.expose_secret(), what);
    }
    let path = dir.join(file);
    let io = |source| KeyError::File { path: path.display().to_string(), source };
    std::fs::create_dir_all(dir).map_err(io)?;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    match options.open(&path) {
        Ok(mut created) => {
            let mut key = [0u8; 32];
            rand::rng().fill_bytes(&mut key);
            created.write_all(STANDARD.encode(key).as_bytes()).map_err(io)?;
            created.sync_all().map_err(io)?;
            tracing::info!(key = what, path = %path.display(), "generated a new key");
            Ok(key)
        }
        Err(err) if err.kind() == ErrorKind::AlreadyExists => {
            let mut text = String::new();
            std::fs::File::open(&path).and_then(|mut f| f.read_to_string(&mut text)).map_err(io)?;
            decode_key(&text, what)
        }
        Err(err) => Err(io(err)),
    }
}

/// A sub-key for one purpose, so one configured secret never serves two algorithms.
pub fn derive(key: &[u8; 32], purpose: &str) -> [u8; 32] {
    let Ok(mut mac) = <Hmac<Sha256> as Mac>::new_from_slice(key) else {
        unreachable!("HMAC accepts keys of every length")
    };
    mac.update(purpose.as_bytes());
    mac.finalize().into_bytes().into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_generated_key_is_kept_private_and_reused() {
        let dir = tempfile::tempdir().unwrap();
        let first = configured_or_file(None, dir.path(), "k.key", "test key").unwrap();
        let second = configured_or_file(None, dir.path(), "k.key", "test key").unwrap();
        assert_eq!(first, second);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(dir.path().join("k.key")).unwrap().permissions().mode();
            assert_eq!(mode & 0o077, 0, "{mode:o}");
        }
    }

    #[test]
    fn a_configured_key_wins_and_must_be_32_bytes() {
        let dir = tempfile::tempdir().unwrap();
        let configured = SecretString::from(STANDARD.encode([7u8; 32]));
        assert_eq!(configured_or_file(Some(&configured), dir.path(), "k.key", "k").unwrap(), [7u8; 32]);
        assert!(!dir.path().join("k.key").exists());
        assert!(decode_key(&STANDARD.encode([7u8; 31]), "k").is_err());
        assert!(decode_key("not base64!", "k").is_err());
        assert_eq!(decode_key(&URL_SAFE_NO_PAD.encode([9u8; 32]), "k").unwrap(), [9u8; 32]);
    }

    #[test]
    fn derived_keys_differ_by_purpose() {
        let key = [1u8; 32];
        assert_ne!(derive(&key, "a"), derive(&key, "b"));
        assert_eq!(derive(&key, "a"), derive(&key, "a"));
    }
}
