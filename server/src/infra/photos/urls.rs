//! Short-lived signed photo URLs, for `<img>` tags on the kiosk and the tracking page where no bearer token
//! can be sent: an HMAC over the report, the photo, the size and the expiry time.

use hmac::{Hmac, Mac};
use sha2::Sha256;
use uuid::Uuid;

use super::PhotoSize;
use crate::domain::clock::SharedClock;

/// Signs and checks photo URLs with a key of their own.
pub struct PhotoUrlSigner {
    key: [u8; 32],
    lifetime_secs: i64,
    clock: SharedClock,
}

impl std::fmt::Debug for PhotoUrlSigner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PhotoUrlSigner").field("lifetime_secs", &self.lifetime_secs).finish()
    }
}

impl PhotoUrlSigner {
    pub fn new(key: [u8; 32], lifetime_secs: u64, clock: SharedClock) -> Self {
        Self { key, lifetime_secs: i64::try_from(lifetime_secs).unwrap_or(900), clock }
    }

    fn mac(&self, report: Uuid, position: u32, size: PhotoSize, expires: i64) -> Hmac<Sha256> {
        let Ok(mut mac) = <Hmac<Sha256> as Mac>::new_from_slice(&self.key) else {
            unreachable!("HMAC accepts keys of every length")
        };
        mac.update(format!("{report}/{position}/{}/{expires}", size.as_str()).as_bytes());
        mac
    }

    /// The path and query of a URL valid for the configured lifetime.
    pub fn url(&self, report: Uuid, position: u32, size: PhotoSize) -> String {
        let expires = self.clock.now().timestamp().saturating_add(self.lifetime_secs);
        let signature = hex::encode(self.mac(report, position, size, expires).finalize().into_bytes());
        format!(
            "/api/v1/reports/{report}/photos/{position}?size={}&expires={expires}&signature={signature}",
            size.as_str()
        )
    }

    /// Seconds the signature stays valid, or `None` when it is wrong or expired.
    pub fn check(&self, report: Uuid, position: u32, size: PhotoSize, expires: i64, signature: &str) -> Option<i64> {
        // `expires` comes from the URL: any i64, so no arithmetic on it may overflow.
        let remaining = expires.checked_sub(self.clock.now().timestamp()).filter(|secs| *secs > 0)?;
        let given = hex::decode(signature).ok()?;
        // verify_slice compares in constant time.
        self.mac(report, position, size, expires).verify_slice(&given).ok()?;
        Some(remaining)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts(url: &str) -> (i64, String) {
        let query = url.split_once('?').unwrap().1;
        let value =
            |name: &str| query.split('&').find_map(|kv| kv.strip_prefix(&format!("{name}="))).unwrap().to_owned();
        (value("expires").parse().unwrap(), value("signature"))
    }

    #[test]
    fn a_signed_url_opens_only_its_own_photo_until_it_expires() {
        let signer = PhotoUrlSigner::new([5; 32], 900, crate::domain::clock::system());
        let report = Uuid::now_v7();
        let url = signer.url(report, 1, PhotoSize::Thumb);
        assert!(url.starts_with(&format!("/api/v1/reports/{report}/photos/1?size=thumb&expires=")));
        let (expires, signature) = parts(&url);
        assert!(signer.check(report, 1, PhotoSize::Thumb, expires, &signature).is_some_and(|s| s > 890));
        assert!(signer.check(report, 2, PhotoSize::Thumb, expires, &signature).is_none());
        assert!(signer.check(report, 1, PhotoSize::Display, expires, &signature).is_none());
        assert!(signer.check(Uuid::now_v7(), 1, PhotoSize::Thumb, expires, &signature).is_none());
        assert!(signer.check(report, 1, PhotoSize::Thumb, expires + 1, &signature).is_none());
        assert!(signer.check(report, 1, PhotoSize::Thumb, expires, "00").is_none());
        assert!(signer.check(report, 1, PhotoSize::Thumb, expires, "zz").is_none());
        assert!(
            PhotoUrlSigner::new([6; 32], 900, crate::domain::clock::system())
                .check(report, 1, PhotoSize::Thumb, expires, &signature)
                .is_none()
        );
        let expired = PhotoUrlSigner::new([5; 32], 0, crate::domain::clock::system()).url(report, 1, PhotoSize::Thumb);
        let (expires, signature) = parts(&expired);
        assert!(signer.check(report, 1, PhotoSize::Thumb, expires, &signature).is_none());
    }

    #[test]
    fn an_expiry_at_the_ends_of_the_range_is_refused_without_overflowing() {
        let signer = PhotoUrlSigner::new([5; 32], 900, crate::domain::clock::system());
        let report = Uuid::now_v7();
        for expires in [i64::MIN, i64::MIN + 1, -1, 0, i64::MAX] {
            assert!(signer.check(report, 0, PhotoSize::Thumb, expires, "").is_none(), "{expires}");
        }
        let forever = PhotoUrlSigner::new([5; 32], i64::MAX.unsigned_abs(), crate::domain::clock::system());
        let (expires, signature) = parts(&forever.url(report, 0, PhotoSize::Display));
        assert!(forever.check(report, 0, PhotoSize::Display, expires, &signature).is_some());
    }
}
