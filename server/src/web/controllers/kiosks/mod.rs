//! Kiosk devices: staff create a one-time enrollment code for their station, the kiosk trades it for its
//! own credentials, and staff list and revoke their kiosks.

use chrono::{DateTime, Utc};
use rand::Rng;
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::domain::directory::Kiosk;
use crate::domain::tracking_code::ALPHABET;
use crate::infra::auth::tokens::hash_secret;

pub mod create;
pub mod enroll;
pub mod list;
pub mod revoke;

const CODE_SYMBOLS: usize = 12;

/// A fresh enrollment code, `7KQ9-M3XD-P2AB`: 12 symbols (about 59 bits) from the tracking-code alphabet.
pub fn new_enrollment_code() -> String {
    let mut rng = rand::rng();
    let symbols: Vec<char> =
        (0..CODE_SYMBOLS).map(|_| char::from(ALPHABET[rng.random_range(0..ALPHABET.len())])).collect();
    symbols.chunks(4).map(|c| c.iter().collect::<String>()).collect::<Vec<_>>().join("-")
}

/// The stored form of an enrollment code as typed: case, spaces and dashes do not matter.
pub fn enrollment_code_hash(typed: &str) -> String {
    let canonical: String =
        typed.chars().filter(|c| !c.is_whitespace() && *c != '-').map(|c| c.to_ascii_uppercase()).collect();
    hash_secret(&format!("kiosk-enrollment:{canonical}"))
}

/// Where a kiosk stands.
#[derive(Debug, Clone, Copy, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum KioskStatus {
    /// Waiting for its enrollment code.
    Pending,
    /// The code expired unused.
    Expired,
    Active,
    Revoked,
}

/// A kiosk as staff see it.
#[derive(Debug, Serialize, ToSchema)]
pub struct KioskView {
    pub id: Uuid,
    #[schema(example = "大厅一号机")]
    pub label: String,
    #[schema(example = "XH-01")]
    pub station: String,
    pub status: KioskStatus,
    pub created_at: DateTime<Utc>,
    pub enrolled_at: Option<DateTime<Utc>>,
    pub revoked_at: Option<DateTime<Utc>>,
    /// When it last called in (a request, or its open live stream), at most a minute behind; none before its
    /// first call.
    pub last_seen_at: Option<DateTime<Utc>>,
}

impl KioskView {
    pub fn new(kiosk: Kiosk, station_code: String, now: chrono::DateTime<chrono::Utc>) -> Self {
        let status = if kiosk.revoked_at.is_some() {
            KioskStatus::Revoked
        } else if kiosk.enrolled_at.is_some() {
            KioskStatus::Active
        } else if kiosk.enrollment_expires_at.is_some_and(|t| t <= now) {
            KioskStatus::Expired
        } else {
            KioskStatus::Pending
        };
        Self {
            id: kiosk.id,
            label: kiosk.label,
            station: station_code,
            status,
            created_at: kiosk.created_at,
            enrolled_at: kiosk.enrolled_at,
            revoked_at: kiosk.revoked_at,
            last_seen_at: kiosk.last_seen_at,
        }
    }
}

/// A station's kiosks.
#[derive(Debug, Serialize, ToSchema)]
pub struct KioskList {
    pub items: Vec<KioskView>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn enrollment_codes_are_grouped_and_typed_loosely() {
        let code = new_enrollment_code();
        assert_eq!(code.len(), 14);
        assert_eq!(code.matches('-').count(), 2);
        assert_ne!(code, new_enrollment_code());
        let loose = format!(" {} ", code.replace('-', " ").to_lowercase());
        assert_eq!(enrollment_code_hash(&loose), enrollment_code_hash(&code));
    }
}
