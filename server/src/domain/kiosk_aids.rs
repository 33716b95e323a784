//! What a kiosk offers a resident beyond the report form, as rules: calling a member of staff to the screen
//! (请工作人员帮忙), tracking codes reserved ahead so that a report saved while the network is down already
//! has its real code on the receipt, and photos sent from the resident's own phone into the report on the
//! screen (a short-lived drop the phone reaches by a QR code).

use chrono::{DateTime, Duration, Utc};
use uuid::Uuid;

/// A second press of the help button within this time is the same call, not a new one.
pub const HELP_CALL_REPEAT: Duration = Duration::minutes(5);

/// Unused codes a kiosk keeps in hand: enough for a morning without network at a busy station.
pub const RESERVED_POOL: usize = 10;

/// How long a photo drop takes uploads: long enough to find a photo, short enough that a code left on the
/// screen is soon useless.
pub const DROP_LIFETIME: Duration = Duration::minutes(15);

/// Photos a drop takes: what one report takes.
pub const MAX_DROP_PHOTOS: usize = 3;

/// How long an expired drop and its photos are kept (a kiosk still fetching the last one), then swept.
pub const DROP_KEPT_AFTER_EXPIRY: Duration = Duration::hours(1);

/// Drops that expired before this instant are swept at `now`.
pub fn drops_swept_before(now: DateTime<Utc>) -> DateTime<Utc> {
    now - DROP_KEPT_AFTER_EXPIRY
}

/// A resident at a kiosk asked for a member of staff.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HelpCall {
    pub id: Uuid,
    pub station_id: Uuid,
    pub kiosk_id: Uuid,
    pub called_at: DateTime<Utc>,
    /// When a member of staff said they are on their way, and who.
    pub answered_at: Option<DateTime<Utc>>,
    pub answered_by: Option<Uuid>,
}

impl HelpCall {
    /// Whether a press of the help button at `now` repeats this call (still unanswered and recent).
    pub fn repeated_by(&self, now: DateTime<Utc>) -> bool {
        self.answered_at.is_none() && now - self.called_at < HELP_CALL_REPEAT
    }
}

/// A tracking code handed to a kiosk before its report exists.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReservedCode {
    pub code: String,
    pub kiosk_id: Uuid,
    pub reserved_at: DateTime<Utc>,
    /// The report that carries it, once it arrived.
    pub report_id: Option<Uuid>,
}

/// How many codes to reserve for a kiosk that holds `unused` of them.
pub fn codes_to_reserve(unused: usize) -> usize {
    RESERVED_POOL.saturating_sub(unused)
}

/// Why a reserved code cannot go on a report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReservedCodeRefusal {
    /// Never reserved, or reserved for another kiosk.
    Unknown,
    /// Already on another report.
    Used,
}

/// Whether `kiosk` may file a report under `reserved` (the code it sent, as looked up).
pub fn may_use_reserved(reserved: Option<&ReservedCode>, kiosk: Uuid) -> Result<(), ReservedCodeRefusal> {
    match reserved {
        Some(r) if r.kiosk_id == kiosk && r.report_id.is_none() => Ok(()),
        Some(r) if r.kiosk_id == kiosk => Err(ReservedCodeRefusal::Used),
        _ => Err(ReservedCodeRefusal::Unknown),
    }
}

/// A short-lived place a phone sends photos to for the report being written at a kiosk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PhotoDrop {
    pub id: Uuid,
    pub kiosk_id: Uuid,
    pub created_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
    /// Photos received so far.
    pub photos: usize,
}

/// Why a drop takes no more photos.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DropRefusal {
    Expired,
    Full,
}

impl PhotoDrop {
    /// When a drop opened at `now` stops taking photos.
    pub fn expiry(now: DateTime<Utc>) -> DateTime<Utc> {
        now + DROP_LIFETIME
    }

    /// Whether it takes one more photo at `now`.
    pub fn takes_photo(&self, now: DateTime<Utc>) -> Result<(), DropRefusal> {
        if now >= self.expires_at {
            Err(DropRefusal::Expired)
        } else if self.photos >= MAX_DROP_PHOTOS {
            Err(DropRefusal::Full)
        } else {
            Ok(())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(minutes: i64) -> DateTime<Utc> {
        DateTime::<Utc>::UNIX_EPOCH + Duration::minutes(minutes)
    }

    #[test]
    fn a_second_press_soon_after_is_the_same_call_until_someone_answers() {
        let mut call = HelpCall {
            id: Uuid::now_v7(),
            station_id: Uuid::now_v7(),
            kiosk_id: Uuid::now_v7(),
            called_at: at(0),
            answered_at: None,
            answered_by: None,
        };
        assert!(call.repeated_by(at(4)));
        assert!(!call.repeated_by(at(5)));
        call.answered_at = Some(at(1));
        assert!(!call.repeated_by(at(2)));
    }

    #[test]
    fn the_pool_is_topped_up_never_overfilled() {
        assert_eq!(codes_to_reserve(0), RESERVED_POOL);
        assert_eq!(codes_to_reserve(3), RESERVED_POOL - 3);
        assert_eq!(codes_to_reserve(RESERVED_POOL + 4), 0);
    }

    #[test]
    fn only_the_kiosk_holding_an_unused_code_may_file_under_it() {
        let kiosk = Uuid::now_v7();
        let mut code =
            ReservedCode { code: "LS-ABC-DEF-GHJ".into(), kiosk_id: kiosk, reserved_at: at(0), report_id: None };
        assert_eq!(may_use_reserved(Some(&code), kiosk), Ok(()));
        assert_eq!(may_use_reserved(Some(&code), Uuid::now_v7()), Err(ReservedCodeRefusal::Unknown));
        assert_eq!(may_use_reserved(None, kiosk), Err(ReservedCodeRefusal::Unknown));
        code.report_id = Some(Uuid::now_v7());
        assert_eq!(may_use_reserved(Some(&code), kiosk), Err(ReservedCodeRefusal::Used));
    }

    #[test]
    fn a_drop_takes_photos_until_it_is_full_or_expires() {
        let mut drop = PhotoDrop {
            id: Uuid::now_v7(),
            kiosk_id: Uuid::now_v7(),
            created_at: at(0),
            expires_at: PhotoDrop::expiry(at(0)),
            photos: 0,
        };
        assert_eq!(drop.takes_photo(at(14)), Ok(()));
        assert_eq!(drop.takes_photo(at(15)), Err(DropRefusal::Expired));
        drop.photos = MAX_DROP_PHOTOS;
        assert_eq!(drop.takes_photo(at(1)), Err(DropRefusal::Full));
    }
}
