//! Booking a reception (预约接待): a resident takes one of a slot's places ahead, with the topic they want to
//! raise. The rules: a slot takes bookings until it begins and while a place is free; one booking per resident
//! per slot; a booking can be cancelled until the slot begins, which frees its place.

use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::report::{FieldError, string_enum};

/// The longest topic, in characters.
pub const MAX_TOPIC_CHARS: usize = 200;

string_enum! {
    /// Where a booking stands.
    pub enum BookingStatus {
        Booked => "booked",
        /// By the resident, or because the station cancelled the slot.
        Cancelled => "cancelled",
    }
}

/// A resident's booking, with its slot's station and times (kept when the slot is cancelled).
#[derive(Debug, Clone, PartialEq)]
pub struct Booking {
    pub id: Uuid,
    /// None once the station cancelled the slot.
    pub reception_day_id: Option<Uuid>,
    pub station_id: Uuid,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub citizen_id: Uuid,
    pub topic: String,
    pub category: Option<String>,
    pub status: BookingStatus,
    pub created_at: DateTime<Utc>,
    pub cancelled_at: Option<DateTime<Utc>>,
    /// When the reminder was queued.
    pub reminded_at: Option<DateTime<Utc>>,
}

/// Why a booking was not made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BookingRefusal {
    SlotNotFound,
    /// The slot has begun (or ended).
    Closed,
    /// Every place is taken.
    Full,
    /// This resident holds a place at this slot already.
    AlreadyBooked,
}

/// The topic as kept: trimmed, 1 to [`MAX_TOPIC_CHARS`] characters.
pub fn topic(text: &str) -> Result<String, FieldError> {
    let text = text.trim();
    if text.is_empty() {
        return Err(FieldError::new("topic", "required", "say what you want to raise"));
    }
    if text.chars().count() > MAX_TOPIC_CHARS {
        return Err(FieldError::new("topic", "too_long", format!("at most {MAX_TOPIC_CHARS} characters")));
    }
    Ok(text.to_owned())
}

/// How long before its reception a resident is reminded of their booking: the day before.
pub fn reminder_ahead() -> chrono::Duration {
    chrono::Duration::hours(24)
}

impl Booking {
    /// Whether the resident may still cancel it at `now`.
    pub fn cancellable(&self, now: DateTime<Utc>) -> bool {
        self.status == BookingStatus::Booked && self.starts_at > now
    }

    /// Whether its reminder is due at `now`: still booked and not reminded, the reception less than
    /// [`reminder_ahead`] away and not begun, and booked before that (whoever booked within the last day
    /// has just read the confirmation).
    pub fn reminder_due(&self, now: DateTime<Utc>) -> bool {
        let ahead = reminder_ahead();
        self.status == BookingStatus::Booked
            && self.reminded_at.is_none()
            && now < self.starts_at
            && self.starts_at - now <= ahead
            && self.starts_at - self.created_at > ahead
    }

    /// Whether the station's cancelling its slot at `now` is news to the resident: it was booked and the
    /// reception had not begun.
    pub fn cancellation_is_news(&self, now: DateTime<Utc>) -> bool {
        self.status == BookingStatus::Booked && self.starts_at > now
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn booking(created: &str, starts: &str) -> Booking {
        let at = |s: &str| DateTime::parse_from_rfc3339(s).unwrap().to_utc();
        Booking {
            id: Uuid::nil(),
            reception_day_id: Some(Uuid::nil()),
            station_id: Uuid::nil(),
            starts_at: at(starts),
            ends_at: at(starts) + chrono::Duration::hours(2),
            citizen_id: Uuid::nil(),
            topic: "加装电梯".into(),
            category: None,
            status: BookingStatus::Booked,
            created_at: at(created),
            cancelled_at: None,
            reminded_at: None,
        }
    }

    #[test]
    fn a_reminder_is_due_the_day_before_once_for_bookings_made_earlier() {
        let at = |s: &str| DateTime::parse_from_rfc3339(s).unwrap().to_utc();
        let b = booking("2026-12-01T02:00:00Z", "2026-12-04T01:00:00Z");
        assert!(!b.reminder_due(at("2026-12-03T00:59:59Z")), "more than a day ahead");
        assert!(b.reminder_due(at("2026-12-03T01:00:00Z")), "a day ahead");
        assert!(b.reminder_due(at("2026-12-04T00:59:00Z")), "late is better than never while it has not begun");
        assert!(!b.reminder_due(at("2026-12-04T01:00:00Z")), "begun");
        let reminded = Booking { reminded_at: Some(at("2026-12-03T01:00:00Z")), ..b.clone() };
        assert!(!reminded.reminder_due(at("2026-12-03T02:00:00Z")), "once");
        let cancelled = Booking { status: BookingStatus::Cancelled, ..b.clone() };
        assert!(!cancelled.reminder_due(at("2026-12-03T02:00:00Z")));
        let late_booking = booking("2026-12-03T12:00:00Z", "2026-12-04T01:00:00Z");
        assert!(!late_booking.reminder_due(at("2026-12-03T13:00:00Z")), "booked within the day: just confirmed");
    }

    #[test]
    fn cancelling_a_slot_is_news_only_for_places_still_booked_and_ahead() {
        let at = |s: &str| DateTime::parse_from_rfc3339(s).unwrap().to_utc();
        let b = booking("2026-12-01T02:00:00Z", "2026-12-04T01:00:00Z");
        assert!(b.cancellation_is_news(at("2026-12-03T00:00:00Z")));
        assert!(!b.cancellation_is_news(at("2026-12-04T02:00:00Z")), "over already");
        let own = Booking { status: BookingStatus::Cancelled, ..b };
        assert!(!own.cancellation_is_news(at("2026-12-03T00:00:00Z")), "the resident had cancelled it");
    }

    #[test]
    fn a_topic_is_trimmed_and_between_one_and_two_hundred_characters() {
        assert_eq!(topic("  加装电梯的事  ").ok().as_deref(), Some("加装电梯的事"));
        assert!(topic("   ").is_err());
        assert!(topic(&"字".repeat(200)).is_ok());
        assert!(topic(&"字".repeat(201)).is_err());
    }
}
