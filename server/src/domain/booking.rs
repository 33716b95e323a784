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

impl Booking {
    /// Whether the resident may still cancel it at `now`.
    pub fn cancellable(&self, now: DateTime<Utc>) -> bool {
        self.status == BookingStatus::Booked && self.starts_at > now
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_topic_is_trimmed_and_between_one_and_two_hundred_characters() {
        assert_eq!(topic("  加装电梯的事  ").ok().as_deref(), Some("加装电梯的事"));
        assert!(topic("   ").is_err());
        assert!(topic(&"字".repeat(200)).is_ok());
        assert!(topic(&"字".repeat(201)).is_err());
    }
}
