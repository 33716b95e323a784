//! Reception days (代表接待日): when deputies receive residents at a station, and who is on duty.

use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::domain::Localized;
use crate::domain::directory::ReceptionSlot;
use crate::domain::routing::DeputyStatus;

pub mod absences;
pub mod bookings;
pub mod create;
pub mod delete;
pub mod list;
pub mod on_duty;

/// A deputy receiving residents.
#[derive(Debug, Serialize, ToSchema)]
pub struct DutyDeputy {
    #[schema(example = "D-001")]
    pub code: String,
    pub name: Localized,
    /// `active` or `on_leave`.
    pub status: String,
}

/// One reception slot.
#[derive(Debug, Serialize, ToSchema)]
pub struct ReceptionDayView {
    pub id: Uuid,
    #[schema(example = "XH-01")]
    pub station: String,
    /// Local date in China.
    #[schema(example = "2026-12-01")]
    pub date: String,
    /// Local time in China.
    #[schema(example = "09:00")]
    pub start: String,
    #[schema(example = "11:30")]
    pub end: String,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    /// Deputies who have left are not shown.
    pub deputies: Vec<DutyDeputy>,
    pub note: Localized,
    /// Places for residents who book ahead (预约接待).
    #[schema(example = 10)]
    pub capacity: i32,
    /// Places taken.
    #[schema(example = 3)]
    pub booked: i32,
    /// A citizen may book now: it has not begun and a place is free.
    pub bookable: bool,
}

impl ReceptionDayView {
    /// The slot as it stands at `now`.
    pub fn new(slot: &ReceptionSlot, now: DateTime<Utc>) -> Self {
        let record = slot.record();
        Self {
            id: slot.id,
            station: slot.station_code.clone(),
            date: record.date.to_string(),
            start: record.start.format("%H:%M").to_string(),
            end: record.end.format("%H:%M").to_string(),
            starts_at: slot.starts_at,
            ends_at: slot.ends_at,
            deputies: slot
                .deputies
                .iter()
                .filter(|d| d.status != DeputyStatus::Left)
                .map(|d| DutyDeputy {
                    code: d.code.clone(),
                    name: d.name.clone(),
                    status: d.status.as_str().to_owned(),
                })
                .collect(),
            note: slot.note.clone(),
            capacity: slot.capacity,
            booked: slot.booked,
            bookable: slot.bookable(now),
        }
    }
}
