//! The committee's annual plan (年度工作计划): tasks for the year, each with an owner (the committee itself, a
//! station, or a deputy) and a date it is due; owners report progress and mark them done; the year-end report
//! counts them. Pure rules: who may plan, who may report, what a task's words may be, where a task stands.

use chrono::{DateTime, NaiveDate, Utc};
use uuid::Uuid;

use crate::domain::access::Principal;
use crate::domain::report::{FieldError, string_enum};
use crate::domain::schedule::local_date;

string_enum! {
    /// Who carries a task out.
    pub enum OwnerKind {
        /// The committee (人大工委) itself.
        Committee => "committee",
        /// A station's staff.
        Station => "station",
        /// One deputy.
        Deputy => "deputy",
    }
}

string_enum! {
    /// Where a task stands.
    pub enum TaskStatus {
        Planned => "planned",
        Done => "done",
        /// Taken off the plan by the committee, with a reason.
        Dropped => "dropped",
    }
}

/// The longest title, in characters.
pub const MAX_TITLE_CHARS: usize = 200;
/// The longest detail or progress note, in characters.
pub const MAX_NOTE_CHARS: usize = 4_000;

/// A task's owner: the kind and, for a station or a deputy, which one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Owner {
    pub kind: OwnerKind,
    /// The station's or the deputy's id; `None` for the committee.
    pub id: Option<Uuid>,
}

/// A task of the plan.
#[derive(Debug, Clone, PartialEq)]
pub struct PlanTask {
    pub id: Uuid,
    pub year: i32,
    pub title: String,
    pub detail: String,
    pub owner: Owner,
    pub due_on: NaiveDate,
    pub status: TaskStatus,
    /// The owner's latest word on it.
    pub note: String,
    pub done_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// A task's words and date, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaskDraft {
    pub title: String,
    pub detail: String,
    pub due_on: NaiveDate,
}

/// Checks a task's title, detail and due date: a title of 1 to 200 characters, a detail of at most 4,000,
/// a due date within the plan's year.
pub fn draft(year: i32, title: &str, detail: &str, due_on: NaiveDate) -> Result<TaskDraft, Vec<FieldError>> {
    use chrono::Datelike;
    let mut errors = Vec::new();
    let title = title.trim();
    if title.is_empty() {
        errors.push(FieldError::new("title", "required", "a task needs a title"));
    } else if title.chars().count() > MAX_TITLE_CHARS {
        errors.push(FieldError::new("title", "too_long", format!("at most {MAX_TITLE_CHARS} characters")));
    }
    let detail = detail.trim();
    if detail.chars().count() > MAX_NOTE_CHARS {
        errors.push(FieldError::new("detail", "too_long", format!("at most {MAX_NOTE_CHARS} characters")));
    }
    if due_on.year() != year {
        errors.push(FieldError::new("due_on", "outside_year", format!("a task of {year}'s plan is due in {year}")));
    }
    if errors.is_empty() {
        Ok(TaskDraft { title: title.to_owned(), detail: detail.to_owned(), due_on })
    } else {
        Err(errors)
    }
}

/// Checks a progress note: at most 4,000 characters; dropping a task needs one (the reason).
pub fn note(status: TaskStatus, note: &str) -> Result<String, FieldError> {
    let note = note.trim();
    if note.chars().count() > MAX_NOTE_CHARS {
        return Err(FieldError::new("note", "too_long", format!("at most {MAX_NOTE_CHARS} characters")));
    }
    if status == TaskStatus::Dropped && note.is_empty() {
        return Err(FieldError::new("note", "required", "say why the task is dropped"));
    }
    Ok(note.to_owned())
}

/// Who writes the plan: the committee and administrators.
pub fn may_plan(principal: &Principal) -> bool {
    matches!(principal, Principal::Committee { .. } | Principal::Admin { .. })
}

/// Who reads the plan: the people who carry it out (deputies, staff) and those who write it.
pub fn may_read(principal: &Principal) -> bool {
    matches!(
        principal,
        Principal::Committee { .. } | Principal::Admin { .. } | Principal::Staff { .. } | Principal::Deputy { .. }
    )
}

/// Whether `principal` may report progress on a task standing at `current` to `status`: the committee and
/// administrators on any task, to any status; the owner (the station's staff, the deputy) to planned or
/// done, never dropped, and never on a task the committee dropped.
pub fn may_report(principal: &Principal, owner: Owner, current: TaskStatus, status: TaskStatus) -> bool {
    if may_plan(principal) {
        return true;
    }
    if status == TaskStatus::Dropped || current == TaskStatus::Dropped {
        return false;
    }
    match (owner.kind, owner.id, principal) {
        (OwnerKind::Station, Some(station), Principal::Staff { stations, .. }) => stations.contains(&station),
        (OwnerKind::Deputy, Some(deputy), Principal::Deputy { deputy_id: Some(mine), .. }) => *mine == deputy,
        _ => false,
    }
}

/// Where a task stands at `now`, as the year-end report counts it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Standing {
    DoneOnTime,
    DoneLate,
    /// Not done, its date passed.
    Overdue,
    /// Not done, not yet due.
    Open,
    Dropped,
}

impl PlanTask {
    pub fn standing(&self, now: DateTime<Utc>) -> Standing {
        match (self.status, self.done_at) {
            (TaskStatus::Dropped, _) => Standing::Dropped,
            (TaskStatus::Done, Some(done)) if local_date(done) <= self.due_on => Standing::DoneOnTime,
            (TaskStatus::Done, _) => Standing::DoneLate,
            (TaskStatus::Planned, _) if local_date(now) > self.due_on => Standing::Overdue,
            (TaskStatus::Planned, _) => Standing::Open,
        }
    }
}

/// The plan's tasks counted by standing.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PlanTally {
    pub total: u64,
    pub done_on_time: u64,
    pub done_late: u64,
    pub overdue: u64,
    pub open: u64,
    pub dropped: u64,
}

/// Counts `tasks` by where they stand at `now`.
pub fn tally(tasks: &[PlanTask], now: DateTime<Utc>) -> PlanTally {
    let mut t = PlanTally::default();
    for task in tasks {
        t.total += 1;
        match task.standing(now) {
            Standing::DoneOnTime => t.done_on_time += 1,
            Standing::DoneLate => t.done_late += 1,
            Standing::Overdue => t.overdue += 1,
            Standing::Open => t.open += 1,
            Standing::Dropped => t.dropped += 1,
        }
    }
    t
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().to_utc()
    }

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn task(status: TaskStatus, due: &str, done: Option<&str>) -> PlanTask {
        PlanTask {
            id: Uuid::nil(),
            year: 2026,
            title: "开展老旧小区加装电梯专题调研".into(),
            detail: String::new(),
            owner: Owner { kind: OwnerKind::Committee, id: None },
            due_on: day(due),
            status,
            note: String::new(),
            done_at: done.map(at),
            created_at: at("2026-01-05T01:00:00Z"),
            updated_at: at("2026-01-05T01:00:00Z"),
        }
    }

    #[test]
    fn a_task_needs_a_title_and_a_date_in_its_year() {
        assert!(draft(2026, "  调研  ", "", day("2026-06-30")).is_ok());
        let errors = draft(2026, " ", &"长".repeat(MAX_NOTE_CHARS + 1), day("2027-01-01")).unwrap_err();
        let codes: Vec<_> = errors.iter().map(|e| (e.field.as_str(), e.code.as_str())).collect();
        assert_eq!(codes, [("title", "required"), ("detail", "too_long"), ("due_on", "outside_year")]);
        assert!(draft(2026, &"题".repeat(MAX_TITLE_CHARS + 1), "", day("2026-01-01")).is_err());
    }

    #[test]
    fn dropping_a_task_needs_a_reason() {
        assert_eq!(note(TaskStatus::Dropped, " ").unwrap_err().code, "required");
        assert_eq!(note(TaskStatus::Done, " 已完成 ").unwrap(), "已完成");
        assert_eq!(note(TaskStatus::Planned, "").unwrap(), "");
    }

    #[test]
    fn owners_report_on_their_own_tasks_and_only_the_committee_drops_them() {
        let station = Uuid::from_u128(1);
        let deputy = Uuid::from_u128(2);
        let committee = Principal::Committee { account_id: Uuid::from_u128(9) };
        let staff = Principal::Staff { account_id: Uuid::from_u128(8), stations: vec![station], head: false };
        let other_staff =
            Principal::Staff { account_id: Uuid::from_u128(7), stations: vec![Uuid::from_u128(3)], head: true };
        let the_deputy =
            Principal::Deputy { account_id: Uuid::from_u128(6), deputy_id: Some(deputy), stations: vec![station] };
        let station_task = Owner { kind: OwnerKind::Station, id: Some(station) };
        let deputy_task = Owner { kind: OwnerKind::Deputy, id: Some(deputy) };
        let committee_task = Owner { kind: OwnerKind::Committee, id: None };

        assert!(may_report(&staff, station_task, TaskStatus::Planned, TaskStatus::Done));
        assert!(!may_report(&staff, station_task, TaskStatus::Planned, TaskStatus::Dropped));
        assert!(!may_report(&other_staff, station_task, TaskStatus::Planned, TaskStatus::Done));
        assert!(
            !may_report(&staff, deputy_task, TaskStatus::Planned, TaskStatus::Done),
            "a station's staff do not report for a deputy"
        );
        assert!(may_report(&the_deputy, deputy_task, TaskStatus::Planned, TaskStatus::Done));
        assert!(!may_report(&the_deputy, station_task, TaskStatus::Planned, TaskStatus::Done));
        assert!(!may_report(&staff, committee_task, TaskStatus::Planned, TaskStatus::Done));
        assert!(may_report(&committee, committee_task, TaskStatus::Planned, TaskStatus::Dropped));
        // A task the committee dropped stays dropped for its owner; the committee may take it up again.
        assert!(!may_report(&staff, station_task, TaskStatus::Dropped, TaskStatus::Planned));
        assert!(!may_report(&staff, station_task, TaskStatus::Dropped, TaskStatus::Done));
        assert!(may_report(&committee, station_task, TaskStatus::Dropped, TaskStatus::Planned));
        assert!(may_plan(&committee) && !may_plan(&staff) && !may_plan(&the_deputy));
        assert!(may_read(&the_deputy) && !may_read(&Principal::Citizen { account_id: Uuid::nil() }));
    }

    #[test]
    fn tasks_stand_by_their_local_due_date() {
        let now = at("2026-07-01T04:00:00Z");
        // Done at 23:30 local time on the day it was due: on time.
        assert_eq!(
            task(TaskStatus::Done, "2026-06-30", Some("2026-06-30T15:30:00Z")).standing(now),
            Standing::DoneOnTime
        );
        // Done half an hour into the next local day: late.
        assert_eq!(
            task(TaskStatus::Done, "2026-06-30", Some("2026-06-30T16:30:00Z")).standing(now),
            Standing::DoneLate
        );
        assert_eq!(task(TaskStatus::Planned, "2026-06-30", None).standing(now), Standing::Overdue);
        assert_eq!(task(TaskStatus::Planned, "2026-07-01", None).standing(now), Standing::Open);
        assert_eq!(task(TaskStatus::Dropped, "2026-03-01", None).standing(now), Standing::Dropped);
        let counted = tally(
            &[
                task(TaskStatus::Done, "2026-06-30", Some("2026-06-01T00:00:00Z")),
                task(TaskStatus::Planned, "2026-02-01", None),
                task(TaskStatus::Planned, "2026-12-31", None),
                task(TaskStatus::Dropped, "2026-12-31", None),
            ],
            now,
        );
        assert_eq!(counted, PlanTally { total: 4, done_on_time: 1, done_late: 0, overdue: 1, open: 1, dropped: 1 });
    }
}
