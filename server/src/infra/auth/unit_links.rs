//! Signed, expiring links for handling units (承办单位) that answer without an account: a token naming one
//! report and one unit, good until a time, with an HMAC over the three. A link for another report, another
//! unit, a changed expiry or a forged signature is refused; so is one that expired.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{DateTime, Utc};
use hmac::{Hmac, Mac};
use sha2::Sha256;
use uuid::Uuid;

/// What a unit link grants.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UnitLink {
    pub report_id: Uuid,
    pub unit_id: Uuid,
    pub expires_at: DateTime<Utc>,
}

/// Why a link is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum LinkError {
    #[error("this is not a unit link")]
    Malformed,
    #[error("the link's signature does not match")]
    Forged,
    #[error("the link has expired")]
    Expired,
}

/// Signs and checks unit links with a key of their own (derived from the token-signing seed).
pub struct UnitLinkSigner {
    key: [u8; 32],
}

impl std::fmt::Debug for UnitLinkSigner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("UnitLinkSigner").finish_non_exhaustive()
    }
}

const PAYLOAD: usize = 16 + 16 + 8;
const TAG: usize = 16;

impl UnitLinkSigner {
    pub fn new(key: [u8; 32]) -> Self {
        Self { key }
    }

    fn tag(&self, payload: &[u8]) -> Hmac<Sha256> {
        let Ok(mut mac) = <Hmac<Sha256> as Mac>::new_from_slice(&self.key) else {
            unreachable!("HMAC accepts keys of every length")
        };
        mac.update(b"unit-link/v1:");
        mac.update(payload);
        mac
    }

    /// The token for `link`: URL-safe, about 80 characters.
    pub fn sign(&self, link: &UnitLink) -> String {
        let mut payload = Vec::with_capacity(PAYLOAD);
        payload.extend_from_slice(link.report_id.as_bytes());
        payload.extend_from_slice(link.unit_id.as_bytes());
        payload.extend_from_slice(&link.expires_at.timestamp().to_be_bytes());
        let tag = self.tag(&payload).finalize().into_bytes();
        format!("{}.{}", URL_SAFE_NO_PAD.encode(&payload), URL_SAFE_NO_PAD.encode(&tag[..TAG]))
    }

    /// What the token grants at `now`.
    pub fn verify(&self, token: &str, now: DateTime<Utc>) -> Result<UnitLink, LinkError> {
        let (payload, tag) = token.trim().split_once('.').ok_or(LinkError::Malformed)?;
        let payload = URL_SAFE_NO_PAD.decode(payload).map_err(|_| LinkError::Malformed)?;
        let tag = URL_SAFE_NO_PAD.decode(tag).map_err(|_| LinkError::Malformed)?;
        if payload.len() != PAYLOAD || tag.len() != TAG {
            return Err(LinkError::Malformed);
        }
        // verify_truncated_left compares in constant time.
        self.tag(&payload).verify_truncated_left(&tag).map_err(|_| LinkError::Forged)?;
        let id = |range: std::ops::Range<usize>| Uuid::from_slice(&payload[range]).map_err(|_| LinkError::Malformed);
        let (report_id, unit_id) = (id(0..16)?, id(16..32)?);
        let mut secs = [0u8; 8];
        secs.copy_from_slice(&payload[32..40]);
        let expires_at = DateTime::from_timestamp(i64::from_be_bytes(secs), 0).ok_or(LinkError::Malformed)?;
        if expires_at <= now {
            return Err(LinkError::Expired);
        }
        Ok(UnitLink { report_id, unit_id, expires_at })
    }
}

#[cfg(test)]
mod tests {
    use chrono::Duration;

    use super::*;

    fn link(now: DateTime<Utc>) -> UnitLink {
        UnitLink { report_id: Uuid::now_v7(), unit_id: Uuid::now_v7(), expires_at: now + Duration::days(30) }
    }

    #[test]
    fn a_link_grants_its_report_and_unit_until_it_expires() {
        let signer = UnitLinkSigner::new([7; 32]);
        let now = DateTime::from_timestamp(1_800_000_000, 0).unwrap();
        let granted = link(now);
        let token = signer.sign(&granted);
        assert!(token.len() < 100 && token.chars().all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c)));
        assert_eq!(signer.verify(&token, now), Ok(granted));
        assert_eq!(signer.verify(&token, granted.expires_at), Err(LinkError::Expired));
    }

    #[test]
    fn forged_and_malformed_links_are_refused() {
        let signer = UnitLinkSigner::new([7; 32]);
        let now = Utc::now();
        let token = signer.sign(&link(now));
        assert_eq!(UnitLinkSigner::new([8; 32]).verify(&token, now), Err(LinkError::Forged));
        // Another report with the same signature.
        let (payload, tag) = token.split_once('.').unwrap();
        let mut bytes = URL_SAFE_NO_PAD.decode(payload).unwrap();
        bytes[0] ^= 1;
        let tampered = format!("{}.{tag}", URL_SAFE_NO_PAD.encode(&bytes));
        assert_eq!(signer.verify(&tampered, now), Err(LinkError::Forged));
        for bad in ["", "abc", "abc.def", &format!("{payload}."), "!!.!!"] {
            assert_eq!(signer.verify(bad, now), Err(LinkError::Malformed), "{bad}");
        }
    }
}
