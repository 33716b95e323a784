//! The directory as it is kept: areas, buildings, categories, stations, deputies, handling units, stations'
//! kiosks and reception slots, each with the id reports, accounts and links point at. (The records of
//! [`super::reference`] are the same directory as a file describes it, keyed by code.)

use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::Localized;
use super::deadlines::{Span, StepSpans};
use super::emergency::EmergencyLine;
use super::reference::AreaKind;
use super::report::GeoPoint;
use super::routing::DeputyStatus;
use super::schedule::{ReceptionRecord, Slot, at, china, local_date};

/// An administrative area: district, street or town, community or village, park, grid.
#[derive(Debug, Clone, PartialEq)]
pub struct Area {
    pub id: Uuid,
    pub code: String,
    pub kind: AreaKind,
    pub name: Localized,
    /// The enclosing area; none only for a district.
    pub parent_id: Option<Uuid>,
}

/// A building, in the grid it stands in.
#[derive(Debug, Clone, PartialEq)]
pub struct Building {
    pub id: Uuid,
    pub code: String,
    pub name: String,
    pub address: String,
    pub grid_id: Option<Uuid>,
}

/// What a report is about, with the working days each step has.
#[derive(Debug, Clone, PartialEq)]
pub struct Category {
    pub id: Uuid,
    pub code: String,
    pub name: Localized,
    pub description: Localized,
    /// Working days a handling unit has to reply once a report is forwarded to it.
    pub reply_deadline_working_days: i32,
    /// Working days to assess or accept a report once it arrives or is assigned.
    pub accept_deadline_working_days: i32,
    /// Working days from acceptance to the answer the citizen gets.
    pub answer_deadline_working_days: i32,
    /// Display order.
    pub sort_order: i32,
    /// Offered to citizens; a retired category stays with the reports filed under it.
    pub active: bool,
    /// Staff assess every report of this category themselves (研判) before anyone is assigned.
    pub sensitive: bool,
    /// The drawing kiosks and phones show, by name.
    pub icon: Option<String>,
    /// Tap-to-add phrases.
    pub phrases: Vec<Localized>,
    /// Hours on the clock for each urgent step, which then replace its working days.
    pub deadline_hours: UrgentHours,
    /// The numbers to call now rather than wait, shown before filing (may be empty).
    pub emergency: Vec<EmergencyLine>,
}

/// A category's urgent steps: hours on the clock instead of working days (none: working days).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct UrgentHours {
    pub accept: Option<i32>,
    pub reply: Option<i32>,
    pub answer: Option<i32>,
}

impl Category {
    /// How long each step has: its hours when urgent, else its working days (stored 1–130 after the
    /// directory check; never less than one of either).
    pub fn step_spans(&self) -> StepSpans {
        let at_least_one = |stored: i32| u32::try_from(stored).unwrap_or(1).max(1);
        let span = |hours: Option<i32>, days: i32| match hours {
            Some(h) => Span::Hours(at_least_one(h)),
            None => Span::WorkingDays(at_least_one(days)),
        };
        let hours = self.deadline_hours;
        StepSpans {
            accept: span(hours.accept, self.accept_deadline_working_days),
            reply: span(hours.reply, self.reply_deadline_working_days),
            answer: span(hours.answer, self.answer_deadline_working_days),
        }
    }
}

/// A liaison station (代表联络站).
#[derive(Debug, Clone, PartialEq)]
pub struct Station {
    pub id: Uuid,
    pub code: String,
    pub name: Localized,
    pub address: String,
    pub location: Option<GeoPoint>,
    pub opening_hours: Localized,
    /// The area the station belongs to.
    pub area_id: Option<Uuid>,
}

/// A people's-congress deputy as the directory knows them.
#[derive(Debug, Clone, PartialEq)]
pub struct Deputy {
    pub id: Uuid,
    pub code: String,
    pub name: Localized,
    /// `national`, `provincial`, `city`, `district` or `township`.
    pub level: String,
    pub constituency: String,
    /// An unreadable stored status reads as `left` ([`DeputyStatus::from_stored`]).
    pub status: DeputyStatus,
    pub profile: Localized,
    /// The account they sign in with.
    pub account_id: Option<Uuid>,
    /// Names of the channels they are notified on, most preferred first, as stored: a name this version does
    /// not know is kept (the relay skips it with a warning).
    pub notification_channels: Vec<String>,
}

/// A handling unit (承办单位): a government office or company a deputy forwards a report to.
#[derive(Debug, Clone, PartialEq)]
pub struct HandlingUnit {
    pub id: Uuid,
    pub code: String,
    pub name: Localized,
    pub active: bool,
}

/// A kiosk device bound to one station: created with a one-time enrollment code, then signed in.
#[derive(Debug, Clone, PartialEq)]
pub struct Kiosk {
    pub id: Uuid,
    pub station_id: Uuid,
    pub label: String,
    /// When its enrollment code stops working.
    pub enrollment_expires_at: Option<DateTime<Utc>>,
    pub enrolled_at: Option<DateTime<Utc>>,
    pub revoked_at: Option<DateTime<Utc>>,
    /// The staff member or administrator who created it.
    pub created_by: Option<Uuid>,
    pub created_at: DateTime<Utc>,
    /// When it last called in (at most a minute behind).
    pub last_seen_at: Option<DateTime<Utc>>,
}

/// How often a kiosk's last call is written down.
pub const KIOSK_SEEN_EVERY: chrono::TimeDelta = chrono::TimeDelta::seconds(60);

impl Kiosk {
    /// Whether a call at `now` should be written down as its last: the one before is older than
    /// [`KIOSK_SEEN_EVERY`] (or there was none).
    pub fn seen_is_stale(last_seen_at: Option<DateTime<Utc>>, now: DateTime<Utc>) -> bool {
        last_seen_at.is_none_or(|seen| now - seen >= KIOSK_SEEN_EVERY)
    }
}

/// A reception slot at a station (deputies receive residents between `starts_at` and `ends_at`), with the
/// station's code and its deputies, by code.
#[derive(Debug, Clone, PartialEq)]
pub struct ReceptionSlot {
    pub id: Uuid,
    pub station_id: Uuid,
    pub station_code: String,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub note: Localized,
    pub deputies: Vec<Deputy>,
    /// Places for residents who book ahead, and how many are taken.
    pub capacity: i32,
    pub booked: i32,
}

impl Slot for ReceptionSlot {
    fn starts_at(&self) -> DateTime<Utc> {
        self.starts_at
    }
    fn ends_at(&self) -> DateTime<Utc> {
        self.ends_at
    }
}

/// The longest reason given for a deputy's absence from a reception slot, in characters.
pub const MAX_ABSENCE_REASON_CHARS: usize = 500;

/// Why a deputy cannot be marked absent from a slot.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AbsenceRefusal {
    /// The deputy is not on duty at it.
    NotOnDuty,
    /// It has not begun yet: nobody is absent from what has not happened.
    NotBegun,
    /// Its local year is over: the points archive keeps that year as it was scored.
    YearOver,
}

/// What someone may do with the absences at a slot of a station.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AbsenceAccess {
    /// The station's staff and administrators.
    Mark,
    /// The committee reads every station's.
    Read,
    /// Anyone else does not learn the slot exists.
    Hidden,
}

/// What `principal` may do with the absences at a slot of `station_id`.
pub fn absence_access(principal: &crate::domain::access::Principal, station_id: Uuid) -> AbsenceAccess {
    if principal.manages_station(station_id) {
        AbsenceAccess::Mark
    } else if matches!(principal, crate::domain::access::Principal::Committee { .. }) {
        AbsenceAccess::Read
    } else {
        AbsenceAccess::Hidden
    }
}

impl ReceptionSlot {
    /// Whether the deputy `deputy` may be marked absent (or the mark taken back) at `now`: on duty at it,
    /// once it has begun, until its local year is over.
    pub fn absence_markable(&self, deputy: Uuid, now: DateTime<Utc>) -> Result<(), AbsenceRefusal> {
        use chrono::Datelike;
        if !self.deputies.iter().any(|d| d.id == deputy) {
            return Err(AbsenceRefusal::NotOnDuty);
        }
        if now < self.starts_at {
            return Err(AbsenceRefusal::NotBegun);
        }
        let year = local_date(self.starts_at).year();
        let over = chrono::NaiveDate::from_ymd_opt(year + 1, 1, 1).map(|d| at(d, chrono::NaiveTime::MIN));
        if over.is_some_and(|over| now >= over) { Err(AbsenceRefusal::YearOver) } else { Ok(()) }
    }

    /// Whether a resident may still book a place at `now`: it has not begun and a place is free.
    pub fn bookable(&self, now: DateTime<Utc>) -> bool {
        self.starts_at > now && self.booked < self.capacity
    }

    /// The slot as a record, as it is imported and edited (times of day in China).
    pub fn record(&self) -> ReceptionRecord {
        let start = self.starts_at.with_timezone(&china());
        ReceptionRecord {
            station: self.station_code.clone(),
            date: start.date_naive(),
            start: start.time(),
            end: self.ends_at.with_timezone(&china()).time(),
            deputies: self.deputies.iter().map(|d| d.code.clone()).collect(),
            note: Some(self.note.clone()),
            capacity: Some(self.capacity),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn category(accept: i32, reply: i32, answer: i32) -> Category {
        Category {
            id: Uuid::from_u128(1),
            code: "environment".into(),
            name: Localized::new("环境卫生", "Environment"),
            description: Localized::new("", ""),
            reply_deadline_working_days: reply,
            accept_deadline_working_days: accept,
            answer_deadline_working_days: answer,
            sort_order: 0,
            active: true,
            sensitive: false,
            icon: None,
            phrases: Vec::new(),
            deadline_hours: UrgentHours::default(),
            emergency: Vec::new(),
        }
    }

    #[test]
    fn a_slot_reads_as_its_record_in_china_time() {
        use chrono::{NaiveDate, NaiveTime, TimeZone};
        let at = |h| Utc.with_ymd_and_hms(2026, 12, 1, h, 30, 0).single().unwrap_or_default();
        let deputy = Deputy {
            id: Uuid::from_u128(5),
            code: "D-001".into(),
            name: Localized::new("王", "Wang"),
            level: "district".into(),
            constituency: String::new(),
            status: DeputyStatus::Active,
            profile: Localized::new("", ""),
            account_id: None,
            notification_channels: Vec::new(),
        };
        let slot = ReceptionSlot {
            id: Uuid::from_u128(1),
            station_id: Uuid::from_u128(2),
            station_code: "XH-01".into(),
            starts_at: at(1),
            ends_at: at(3),
            note: Localized::new("接待", "Reception"),
            deputies: vec![deputy],
            capacity: 10,
            booked: 0,
        };
        let record = slot.record();
        assert_eq!(record.date, NaiveDate::from_ymd_opt(2026, 12, 1).unwrap_or_default());
        assert_eq!(record.start, NaiveTime::from_hms_opt(9, 30, 0).unwrap_or_default());
        assert_eq!(record.end, NaiveTime::from_hms_opt(11, 30, 0).unwrap_or_default());
        assert_eq!(record.deputies, vec!["D-001".to_owned()]);
        assert_eq!((slot.starts_at(), slot.ends_at()), (at(1), at(3)));
        // Absence: only a deputy on duty, only once the slot has begun.
        assert_eq!(slot.absence_markable(Uuid::from_u128(5), at(0)), Err(AbsenceRefusal::NotBegun));
        assert_eq!(slot.absence_markable(Uuid::from_u128(5), at(1)), Ok(()));
        assert_eq!(slot.absence_markable(Uuid::from_u128(6), at(4)), Err(AbsenceRefusal::NotOnDuty));
        let new_year = Utc.with_ymd_and_hms(2026, 12, 31, 16, 0, 0).single().unwrap_or_default();
        assert_eq!(slot.absence_markable(Uuid::from_u128(5), new_year - chrono::Duration::seconds(1)), Ok(()));
        assert_eq!(slot.absence_markable(Uuid::from_u128(5), new_year), Err(AbsenceRefusal::YearOver));
        let staff = crate::domain::access::Principal::Staff {
            account_id: Uuid::nil(),
            stations: vec![slot.station_id],
            head: false,
        };
        let committee = crate::domain::access::Principal::Committee { account_id: Uuid::nil() };
        let deputy = crate::domain::access::Principal::Deputy {
            account_id: Uuid::nil(),
            deputy_id: Some(Uuid::from_u128(5)),
            stations: vec![slot.station_id],
        };
        assert_eq!(absence_access(&staff, slot.station_id), AbsenceAccess::Mark);
        assert_eq!(absence_access(&committee, slot.station_id), AbsenceAccess::Read);
        assert_eq!(absence_access(&deputy, slot.station_id), AbsenceAccess::Hidden);
    }

    #[test]
    fn step_spans_are_the_stored_ones_and_never_less_than_one() {
        assert_eq!(category(3, 7, 15).step_spans(), StepSpans::working_days(3, 7, 15));
        assert_eq!(category(0, -2, 1).step_spans(), StepSpans::working_days(1, 1, 1));
        let urgent = Category {
            deadline_hours: UrgentHours { accept: Some(2), reply: None, answer: Some(0) },
            ..category(3, 7, 15)
        };
        assert_eq!(
            urgent.step_spans(),
            StepSpans { accept: Span::Hours(2), reply: Span::WorkingDays(7), answer: Span::Hours(1) }
        );
    }
}
