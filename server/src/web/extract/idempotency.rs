//! The `Idempotency-Key` request header, as in Stripe's API: a retry with the same key gets the first
//! response again instead of creating a second report.

use std::future::{Ready, ready};

use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpRequest};
use sha2::{Digest, Sha256};

use crate::app::error::{AppError, ErrorCode};

pub const HEADER: &str = "Idempotency-Key";
const MAX_LEN: usize = 255;

/// The client's idempotency key, when it sent one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdempotencyKey(pub Option<String>);

impl FromRequest for IdempotencyKey {
    type Error = AppError;
    type Future = Ready<Result<Self, AppError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let Some(value) = req.headers().get(HEADER) else {
            return ready(Ok(IdempotencyKey(None)));
        };
        let usable = value
            .to_str()
            .ok()
            .map(str::trim)
            .filter(|v| !v.is_empty() && v.len() <= MAX_LEN && v.bytes().all(|b| (0x21..=0x7e).contains(&b)));
        ready(match usable {
            Some(key) => Ok(IdempotencyKey(Some(key.to_owned()))),
            None => Err(AppError::new(
                ErrorCode::InvalidIdempotencyKey,
                format!("{HEADER} must be 1–{MAX_LEN} visible ASCII characters, such as a UUID."),
            )),
        })
    }
}

/// Hex SHA-256 over the parts that make two requests "the same request".
pub fn fingerprint<'a>(parts: impl IntoIterator<Item = &'a [u8]>) -> String {
    let mut hasher = Sha256::new();
    for part in parts {
        hasher.update((part.len() as u64).to_be_bytes());
        hasher.update(part);
    }
    hex::encode(hasher.finalize())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprints_separate_their_parts() {
        let ab_c = fingerprint([b"ab".as_slice(), b"c".as_slice()]);
        let a_bc = fingerprint([b"a".as_slice(), b"bc".as_slice()]);
        assert_ne!(ab_c, a_bc);
        assert_eq!(ab_c, fingerprint([b"ab".as_slice(), b"c".as_slice()]));
        assert_eq!(ab_c.len(), 64);
    }
}
