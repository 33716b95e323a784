//! Every clock a report runs on, in one place: the deadline it is filed with, what each step of the loop does
//! to its deadlines (start, stop, keep, extend), and what supervision finds when one draws near or passes.
//! Deadlines count working days on the [`WorkingCalendar`].

use chrono::{DateTime, Utc};

use super::calendar::WorkingCalendar;
use super::recipients::Finding;
use super::workflow::Deadline;

/// A category's working days for each step (1–130 each, as the directory check keeps them).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StepDays {
    /// To assess or accept a report once it arrives or is assigned.
    pub accept: u32,
    /// For a handling unit to reply once a report is forwarded to it.
    pub reply: u32,
    /// From acceptance to the citizen's answer.
    pub answer: u32,
}

/// A report's deadlines as they stand.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Deadlines {
    /// When the current step is due; none while the report waits on the citizen or is closed.
    pub due_at: Option<DateTime<Utc>>,
    /// When the citizen's answer is due.
    pub answer_due_at: Option<DateTime<Utc>>,
    /// The first answer deadline the report was given (kept for the on-time rate).
    pub first_answer_due_at: Option<DateTime<Utc>>,
}

/// The deadline a new report starts with: assessing or accepting it.
pub fn at_intake(calendar: &WorkingCalendar, days: StepDays, now: DateTime<Utc>) -> DateTime<Utc> {
    calendar.deadline(now, days.accept)
}

/// The deadlines after a step that does `deadline` to them, or `None` when they stay as they are. New
/// deadlines also clear earlier escalation (the caller resets it with them).
///
/// `fresh_answer`: the report was just taken on or reopened, so the answer clock starts again; otherwise (a
/// unit's reply) it resumes where it was.
pub fn after_step(
    calendar: &WorkingCalendar,
    days: StepDays,
    current: Deadlines,
    deadline: Deadline,
    fresh_answer: bool,
    now: DateTime<Utc>,
) -> Option<Deadlines> {
    let mut next = current;
    match deadline {
        Deadline::Keep => return None,
        Deadline::Stop => next.due_at = None,
        Deadline::Accept => next.due_at = Some(calendar.deadline(now, days.accept)),
        Deadline::Reply => next.due_at = Some(calendar.deadline(now, days.reply)),
        Deadline::Answer => {
            let answer_due = match current.answer_due_at {
                Some(due) if !fresh_answer => due,
                _ => calendar.deadline(now, days.answer),
            };
            next.answer_due_at = Some(answer_due);
            next.first_answer_due_at = current.first_answer_due_at.or(Some(answer_due));
            next.due_at = Some(answer_due);
        }
        Deadline::Extend(extra) => {
            next.answer_due_at = current.answer_due_at.map(|due| calendar.deadline(due, extra));
            next.due_at = Some(calendar.deadline(current.due_at.unwrap_or(now), extra));
        }
    }
    Some(next)
}

/// Where a running deadline stands for supervision.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Watch {
    pub due_at: DateTime<Utc>,
    /// 0: not escalated; 1: escalated to the station head; 2: to the committee.
    pub escalation_level: i32,
    /// The deputy was already told it is due soon.
    pub due_soon_noticed: bool,
}

/// Reports escalated to the station head and due before this instant go on to the committee: still overdue
/// `committee_after_working_days` working days after their deadline.
pub fn committee_cutoff(
    calendar: &WorkingCalendar,
    now: DateTime<Utc>,
    committee_after_working_days: u32,
) -> DateTime<Utc> {
    calendar.working_days_back(now, committee_after_working_days)
}

/// What supervision finds at `now` (given the [`committee_cutoff`]): due within a working day (once),
/// overdue (to the station head), overdue past the cutoff (to the committee), or nothing new.
pub fn finding(watch: Watch, now: DateTime<Utc>, committee_cutoff: DateTime<Utc>) -> Option<Finding> {
    if watch.due_at >= now {
        (!watch.due_soon_noticed).then_some(Finding::DueSoon)
    } else if watch.escalation_level == 0 {
        Some(Finding::StationHead)
    } else if watch.escalation_level == 1 && watch.due_at < committee_cutoff {
        Some(Finding::Committee)
    } else {
        None
    }
}

/// Reports due before this instant are due soon: within one working day of `now`.
pub fn due_soon_before(calendar: &WorkingCalendar, now: DateTime<Utc>) -> DateTime<Utc> {
    calendar.deadline(now, 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    const DAYS: StepDays = StepDays { accept: 3, reply: 10, answer: 15 };

    fn at(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text).unwrap().to_utc()
    }

    fn calendar() -> WorkingCalendar {
        WorkingCalendar::shipped().unwrap()
    }

    #[test]
    fn filing_starts_the_assessment_clock_in_working_days() {
        let cal = calendar();
        // Friday 2026-11-27, 10:00 in Beijing: three working days later is Wednesday.
        let now = at("2026-11-27T02:00:00Z");
        assert_eq!(at_intake(&cal, DAYS, now), cal.deadline(now, 3));
        assert!(at_intake(&cal, DAYS, now) > now + chrono::Duration::days(3), "the weekend does not count");
    }

    #[test]
    fn steps_start_stop_keep_and_extend_the_clocks() {
        let cal = calendar();
        let now = at("2026-11-30T02:00:00Z");
        let current = Deadlines { due_at: Some(now), ..Deadlines::default() };
        assert_eq!(after_step(&cal, DAYS, current, Deadline::Keep, false, now), None);
        assert_eq!(after_step(&cal, DAYS, current, Deadline::Stop, false, now).unwrap().due_at, None);
        let reply = after_step(&cal, DAYS, current, Deadline::Reply, false, now).unwrap();
        assert_eq!(reply.due_at, Some(cal.deadline(now, 10)));

        // Taking it on starts the answer clock and records the first answer deadline.
        let accepted = after_step(&cal, DAYS, current, Deadline::Answer, true, now).unwrap();
        let answer_due = cal.deadline(now, 15);
        assert_eq!(
            accepted,
            Deadlines {
                due_at: Some(answer_due),
                answer_due_at: Some(answer_due),
                first_answer_due_at: Some(answer_due)
            }
        );
        // A unit's reply later resumes the same answer clock; reopening starts a new one, keeping the first.
        let later = now + chrono::Duration::days(7);
        let resumed = after_step(&cal, DAYS, accepted, Deadline::Answer, false, later).unwrap();
        assert_eq!(resumed.due_at, Some(answer_due));
        let reopened = after_step(&cal, DAYS, accepted, Deadline::Answer, true, later).unwrap();
        assert_eq!(reopened.due_at, Some(cal.deadline(later, 15)));
        assert_eq!(reopened.first_answer_due_at, Some(answer_due));

        // An extension moves both the step and the answer on by working days.
        let extended = after_step(&cal, DAYS, accepted, Deadline::Extend(5), false, later).unwrap();
        assert_eq!(extended.due_at, Some(cal.deadline(answer_due, 5)));
        assert_eq!(extended.answer_due_at, Some(cal.deadline(answer_due, 5)));
    }

    #[test]
    fn supervision_warns_once_then_escalates_level_by_level() {
        let cal = calendar();
        let now = at("2026-11-30T02:00:00Z");
        let cutoff = committee_cutoff(&cal, now, 5);
        let soon = Watch { due_at: now + chrono::Duration::hours(4), escalation_level: 0, due_soon_noticed: false };
        assert_eq!(finding(soon, now, cutoff), Some(Finding::DueSoon));
        assert_eq!(finding(Watch { due_soon_noticed: true, ..soon }, now, cutoff), None);
        let overdue = Watch { due_at: now - chrono::Duration::hours(1), ..soon };
        assert_eq!(finding(overdue, now, cutoff), Some(Finding::StationHead));
        let escalated = Watch { escalation_level: 1, ..overdue };
        assert_eq!(finding(escalated, now, cutoff), None, "not yet five working days late");
        let long_overdue = Watch { due_at: cal.working_days_back(now, 6), ..escalated };
        assert_eq!(finding(long_overdue, now, cutoff), Some(Finding::Committee));
        assert_eq!(finding(Watch { escalation_level: 2, ..long_overdue }, now, cutoff), None);
        assert!(due_soon_before(&cal, now) > now);
    }
}
