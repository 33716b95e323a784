//! Activities (履职活动): meetings, inspections (视察, announced or not), surveys (调研), law-enforcement checks
//! (执法检查), training and home visits that a station plans; who was invited and who came (checked in with the
//! activity's QR code on a phone, or marked by staff); minutes and findings once it was held.

use chrono::{DateTime, Duration, Utc};
use uuid::Uuid;

use crate::domain::report::{FieldError, string_enum};

string_enum! {
    /// What kind of duty an activity is.
    pub enum ActivityKind {
        /// A meeting (会议), e.g. of the station's deputies or with a department.
        Meeting => "meeting",
        /// An inspection (视察); see [`Activity::unannounced`] for targeted visits straight to the site.
        Inspection => "inspection",
        /// A survey (调研) that digs into one topic and ends in a report.
        Survey => "survey",
        /// A law-enforcement check (执法检查), deputies going through a service themselves.
        LawEnforcementCheck => "law_enforcement_check",
        /// Training (学习培训).
        Training => "training",
        /// Visiting residents at home (走访).
        HomeVisit => "home_visit",
    }
}

string_enum! {
    /// Where an activity stands.
    pub enum ActivityStatus {
        Planned => "planned",
        /// It took place; minutes and findings may be recorded.
        Held => "held",
        Cancelled => "cancelled",
    }
}

string_enum! {
    /// A deputy's attendance at an activity.
    pub enum Attendance {
        /// Invited, nothing recorded yet.
        Invited => "invited",
        Present => "present",
        /// Excused ahead (请假).
        Excused => "excused",
        Absent => "absent",
    }
}

string_enum! {
    /// How an attendance was recorded.
    pub enum AttendanceSource {
        /// Invited when the activity was planned.
        Plan => "plan",
        /// The deputy checked in with the activity's QR code.
        CheckIn => "check_in",
        /// Marked by the station's staff.
        Staff => "staff",
    }
}

/// The longest title, topic or place, in characters.
pub const MAX_LINE_CHARS: usize = 200;
/// The longest minutes or findings, in characters.
pub const MAX_TEXT_CHARS: usize = 20_000;
/// How long before its start a deputy may check in, and how long after its end.
pub fn check_in_margin() -> Duration {
    Duration::hours(1)
}

/// An activity as planned and recorded.
#[derive(Debug, Clone, PartialEq)]
pub struct Activity {
    pub id: Uuid,
    pub station_id: Uuid,
    pub kind: ActivityKind,
    /// An inspection that goes straight to the site without notice (暗访).
    pub unannounced: bool,
    pub title: String,
    pub topic: String,
    pub place: String,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub status: ActivityStatus,
    pub minutes: String,
    pub findings: String,
    /// The secret the check-in QR code carries.
    pub check_in_token: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// Why a check-in was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CheckInRefusal {
    /// Not the activity's current code.
    WrongCode,
    /// Earlier than an hour before it starts, or later than an hour after it ends.
    OutsideTime,
    Cancelled,
}

impl Activity {
    /// Whether a deputy showing `token` at `now` may check in.
    pub fn check_in(&self, token: &str, now: DateTime<Utc>) -> Result<(), CheckInRefusal> {
        if self.status == ActivityStatus::Cancelled {
            return Err(CheckInRefusal::Cancelled);
        }
        if !constant_time_eq(token.as_bytes(), self.check_in_token.as_bytes()) {
            return Err(CheckInRefusal::WrongCode);
        }
        let margin = check_in_margin();
        if now < self.starts_at - margin || now > self.ends_at + margin {
            return Err(CheckInRefusal::OutsideTime);
        }
        Ok(())
    }
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// What staff write when planning or recording an activity, checked.
#[derive(Debug, Clone, PartialEq)]
pub struct ActivityPlan {
    pub kind: ActivityKind,
    pub unannounced: bool,
    pub title: String,
    pub topic: String,
    pub place: String,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
}

/// Trims and checks a plan: a title, lines of at most [`MAX_LINE_CHARS`], an end after the start within a
/// week, and `unannounced` only for inspections.
#[allow(clippy::too_many_arguments)]
pub fn plan(
    kind: ActivityKind,
    unannounced: bool,
    title: &str,
    topic: &str,
    place: &str,
    starts_at: DateTime<Utc>,
    ends_at: DateTime<Utc>,
) -> Result<ActivityPlan, Vec<FieldError>> {
    let mut errors = Vec::new();
    let mut line = |field: &str, text: &str, required: bool| {
        let text = text.trim();
        if required && text.is_empty() {
            errors.push(FieldError::new(field, "required", "say what it is"));
        }
        if text.chars().count() > MAX_LINE_CHARS {
            errors.push(FieldError::new(field, "too_long", format!("at most {MAX_LINE_CHARS} characters")));
        }
        text.to_owned()
    };
    let (title, topic, place) = (line("title", title, true), line("topic", topic, false), line("place", place, false));
    if ends_at <= starts_at {
        errors.push(FieldError::new("ends_at", "before_start", "after it starts"));
    } else if ends_at - starts_at > Duration::days(7) {
        errors.push(FieldError::new("ends_at", "too_long", "within a week of the start"));
    }
    if unannounced && kind != ActivityKind::Inspection {
        errors.push(FieldError::new("unannounced", "not_an_inspection", "only inspections go unannounced"));
    }
    if errors.is_empty() {
        Ok(ActivityPlan { kind, unannounced, title, topic, place, starts_at, ends_at })
    } else {
        Err(errors)
    }
}

/// Checks minutes or findings: at most [`MAX_TEXT_CHARS`].
pub fn record_text(field: &str, text: &str) -> Result<String, FieldError> {
    let text = text.trim();
    if text.chars().count() > MAX_TEXT_CHARS {
        return Err(FieldError::new(field, "too_long", format!("at most {MAX_TEXT_CHARS} characters")));
    }
    Ok(text.to_owned())
}

/// Whether staff may mark `attendance` at `now`: absence and presence once it has begun, being excused at any
/// time; nothing on a cancelled activity.
pub fn may_mark(activity: &Activity, attendance: Attendance, now: DateTime<Utc>) -> bool {
    match (activity.status, attendance) {
        (ActivityStatus::Cancelled, _) => false,
        (_, Attendance::Excused | Attendance::Invited) => true,
        (_, Attendance::Present | Attendance::Absent) => now >= activity.starts_at - check_in_margin(),
    }
}

/// Who may read an activity and its record: those who run its station (staff, administrators), the committee,
/// and the deputies it concerns (invited or recorded).
pub fn may_read(principal: &crate::domain::access::Principal, station_id: Uuid, concerns_them: bool) -> bool {
    use crate::domain::access::Principal;
    match principal {
        Principal::Committee { .. } => true,
        Principal::Deputy { .. } => concerns_them,
        other => other.manages_station(station_id),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().to_utc()
    }

    fn activity() -> Activity {
        Activity {
            id: Uuid::nil(),
            station_id: Uuid::nil(),
            kind: ActivityKind::Inspection,
            unannounced: false,
            title: "视察老旧小区加装电梯".into(),
            topic: String::new(),
            place: String::new(),
            starts_at: at("2026-12-03T01:00:00Z"),
            ends_at: at("2026-12-03T03:00:00Z"),
            status: ActivityStatus::Planned,
            minutes: String::new(),
            findings: String::new(),
            check_in_token: "secret-token".into(),
            created_at: at("2026-12-01T01:00:00Z"),
            updated_at: at("2026-12-01T01:00:00Z"),
        }
    }

    #[test]
    fn a_deputy_checks_in_with_the_code_from_an_hour_before_to_an_hour_after() {
        let a = activity();
        assert_eq!(a.check_in("secret-token", at("2026-12-02T23:59:59Z")), Err(CheckInRefusal::OutsideTime));
        assert_eq!(a.check_in("secret-token", at("2026-12-03T00:00:00Z")), Ok(()));
        assert_eq!(a.check_in("secret-token", at("2026-12-03T04:00:00Z")), Ok(()));
        assert_eq!(a.check_in("secret-token", at("2026-12-03T04:00:01Z")), Err(CheckInRefusal::OutsideTime));
        assert_eq!(a.check_in("secret-tokem", at("2026-12-03T01:30:00Z")), Err(CheckInRefusal::WrongCode));
        assert_eq!(a.check_in("", at("2026-12-03T01:30:00Z")), Err(CheckInRefusal::WrongCode));
        let cancelled = Activity { status: ActivityStatus::Cancelled, ..a };
        assert_eq!(cancelled.check_in("secret-token", at("2026-12-03T01:30:00Z")), Err(CheckInRefusal::Cancelled));
    }

    #[test]
    fn a_plan_needs_a_title_an_end_after_its_start_and_unannounced_only_for_inspections() {
        let (s, e) = (at("2026-12-03T01:00:00Z"), at("2026-12-03T03:00:00Z"));
        let ok = plan(ActivityKind::Inspection, true, "  暗访菜市场  ", "", " 新华菜市场 ", s, e).unwrap();
        assert_eq!((ok.title.as_str(), ok.place.as_str()), ("暗访菜市场", "新华菜市场"));
        let errors = plan(ActivityKind::Meeting, true, " ", &"字".repeat(201), "", e, s).unwrap_err();
        let codes: Vec<(&str, &str)> = errors.iter().map(|e| (e.field.as_str(), e.code.as_str())).collect();
        assert_eq!(
            codes,
            [
                ("title", "required"),
                ("topic", "too_long"),
                ("ends_at", "before_start"),
                ("unannounced", "not_an_inspection")
            ]
        );
        assert!(plan(ActivityKind::Survey, false, "调研", "", "", s, s + Duration::days(8)).is_err());
    }

    #[test]
    fn the_station_the_committee_and_the_deputies_concerned_read_an_activity() {
        use crate::domain::access::Principal;
        let station = Uuid::from_u128(1);
        let staff = Principal::Staff { account_id: Uuid::nil(), stations: vec![station], head: false };
        let other_staff = Principal::Staff { account_id: Uuid::nil(), stations: vec![Uuid::from_u128(2)], head: false };
        let deputy = Principal::Deputy { account_id: Uuid::nil(), deputy_id: Some(Uuid::nil()), stations: vec![] };
        assert!(may_read(&staff, station, false));
        assert!(!may_read(&other_staff, station, false));
        assert!(may_read(&Principal::Committee { account_id: Uuid::nil() }, station, false));
        assert!(may_read(&deputy, station, true) && !may_read(&deputy, station, false));
        assert!(!may_read(&Principal::Citizen { account_id: Uuid::nil() }, station, true));
    }

    #[test]
    fn staff_mark_presence_once_it_is_near_and_excuse_at_any_time() {
        let a = activity();
        assert!(may_mark(&a, Attendance::Excused, at("2026-12-01T00:00:00Z")));
        assert!(!may_mark(&a, Attendance::Present, at("2026-12-01T00:00:00Z")), "not before it begins");
        assert!(may_mark(&a, Attendance::Absent, at("2026-12-03T05:00:00Z")));
        let cancelled = Activity { status: ActivityStatus::Cancelled, ..a };
        assert!(!may_mark(&cancelled, Attendance::Excused, at("2026-12-01T00:00:00Z")));
    }
}
