//! Every clock a report runs on, in one place: the deadline it is filed with, what each step of the loop does
//! to its deadlines (start, stop, keep, extend), and what supervision finds when one draws near or passes.
//! A step counts working days on the [`WorkingCalendar`], or hours on the clock when the matter is urgent (a
//! category's urgent steps, or one report staff expedited).

use chrono::{DateTime, Duration, Utc};

use super::calendar::WorkingCalendar;
use super::recipients::Finding;
use super::report::ReportStatus;
use super::workflow::Deadline;

/// How long a step has.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Span {
    /// Working days on the calendar (weekends and holidays do not count).
    WorkingDays(u32),
    /// Hours on the clock, night and holidays included (urgent matters).
    Hours(u32),
}

impl Span {
    /// When a step of this span that starts at `start` is due.
    pub fn due(self, calendar: &WorkingCalendar, start: DateTime<Utc>) -> DateTime<Utc> {
        match self {
            Span::WorkingDays(days) => calendar.deadline(start, days),
            Span::Hours(hours) => start + Duration::hours(i64::from(hours)),
        }
    }
}

/// How long each step has, for one category or one report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StepSpans {
    /// To assess or accept a report once it arrives or is assigned.
    pub accept: Span,
    /// For a handling unit to reply once a report is forwarded to it.
    pub reply: Span,
    /// From acceptance to the citizen's answer.
    pub answer: Span,
}

impl StepSpans {
    /// Working days for each step (the usual case).
    pub const fn working_days(accept: u32, reply: u32, answer: u32) -> Self {
        Self { accept: Span::WorkingDays(accept), reply: Span::WorkingDays(reply), answer: Span::WorkingDays(answer) }
    }

    /// These spans for a report staff expedited: accepting and answering in the hours they set.
    pub fn expedited(self, urgency: Option<Urgency>) -> Self {
        match urgency {
            Some(u) => Self { accept: Span::Hours(u.accept_hours), answer: Span::Hours(u.answer_hours), ..self },
            None => self,
        }
    }
}

/// The hours staff set for one urgent report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Urgency {
    pub accept_hours: u32,
    pub answer_hours: u32,
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
pub fn at_intake(calendar: &WorkingCalendar, spans: StepSpans, now: DateTime<Utc>) -> DateTime<Utc> {
    spans.accept.due(calendar, now)
}

/// The latest a citizen should have an answer, as the receipt and the tracking page say: the running answer
/// deadline once someone took the report on; before that, the acceptance deadline plus the answer's span (every
/// step taking all its time); none once answered or closed.
pub fn answer_expected_by(
    calendar: &WorkingCalendar,
    spans: StepSpans,
    current: Deadlines,
    status: ReportStatus,
) -> Option<DateTime<Utc>> {
    match status {
        ReportStatus::Answered | ReportStatus::Closed => None,
        ReportStatus::Submitted | ReportStatus::Triage | ReportStatus::Assigned => {
            current.answer_due_at.or_else(|| current.due_at.map(|accept_by| spans.answer.due(calendar, accept_by)))
        }
        ReportStatus::Accepted | ReportStatus::Forwarded | ReportStatus::UnitReplied => current.answer_due_at,
    }
}

/// The deadlines after a step that does `deadline` to them, or `None` when they stay as they are. New
/// deadlines also clear earlier escalation (the caller resets it with them).
///
/// `fresh_answer`: the report was just taken on or reopened, so the answer clock starts again; otherwise (a
/// unit's reply) it resumes where it was.
pub fn after_step(
    calendar: &WorkingCalendar,
    spans: StepSpans,
    current: Deadlines,
    deadline: Deadline,
    fresh_answer: bool,
    now: DateTime<Utc>,
) -> Option<Deadlines> {
    let mut next = current;
    match deadline {
        Deadline::Keep => return None,
        Deadline::Stop => next.due_at = None,
        Deadline::Accept => next.due_at = Some(spans.accept.due(calendar, now)),
        Deadline::Reply => next.due_at = Some(spans.reply.due(calendar, now)),
        Deadline::Answer => {
            let answer_due = match current.answer_due_at {
                Some(due) if !fresh_answer => due,
                _ => spans.answer.due(calendar, now),
            };
            next.answer_due_at = Some(answer_due);
            next.first_answer_due_at = current.first_answer_due_at.or(Some(answer_due));
            next.due_at = Some(answer_due);
        }
        Deadline::Extend(extra) => {
            next.answer_due_at = current.answer_due_at.map(|due| calendar.deadline(due, extra));
            next.due_at = Some(calendar.deadline(current.due_at.unwrap_or(now), extra));
        }
        Deadline::Tighten => {
            let sooner = |running: Option<DateTime<Utc>>, new: DateTime<Utc>| Some(running.map_or(new, |r| r.min(new)));
            match current.answer_due_at {
                // The answer clock runs (taken on, or with a unit): the answer comes sooner, and so does the
                // unit's reply if it was due after that.
                Some(_) => {
                    next.answer_due_at = sooner(current.answer_due_at, spans.answer.due(calendar, now));
                    next.due_at = match (current.due_at, next.answer_due_at) {
                        (Some(due), Some(answer)) => Some(due.min(answer)),
                        (due, answer) => due.or(answer),
                    };
                }
                // Nobody has taken it on yet: it must be, sooner.
                None => next.due_at = sooner(current.due_at, spans.accept.due(calendar, now)),
            }
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

    const DAYS: StepSpans = StepSpans::working_days(3, 10, 15);

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
    fn the_answer_is_expected_by_the_acceptance_deadline_plus_the_answer_until_someone_takes_it_on() {
        let cal = calendar();
        let now = at("2026-11-30T02:00:00Z");
        let filed = Deadlines { due_at: Some(at_intake(&cal, DAYS, now)), ..Deadlines::default() };
        let expected = cal.deadline(cal.deadline(now, 3), 15);
        assert_eq!(answer_expected_by(&cal, DAYS, filed, ReportStatus::Triage), Some(expected));
        assert_eq!(answer_expected_by(&cal, DAYS, filed, ReportStatus::Assigned), Some(expected));
        let accepted = after_step(&cal, DAYS, filed, Deadline::Answer, true, now).unwrap();
        assert_eq!(answer_expected_by(&cal, DAYS, accepted, ReportStatus::Accepted), Some(cal.deadline(now, 15)));
        assert_eq!(answer_expected_by(&cal, DAYS, accepted, ReportStatus::Answered), None);
        assert_eq!(answer_expected_by(&cal, DAYS, Deadlines::default(), ReportStatus::Closed), None);
    }

    #[test]
    fn urgent_steps_count_hours_on_the_clock_through_nights_and_weekends() {
        let cal = calendar();
        // Friday 2026-11-27, 23:00 in Beijing.
        let now = at("2026-11-27T15:00:00Z");
        let urgent = StepSpans { accept: Span::Hours(2), ..DAYS };
        assert_eq!(at_intake(&cal, urgent, now), at("2026-11-27T17:00:00Z"));
        let answered_in_a_day = StepSpans { answer: Span::Hours(24), ..DAYS };
        let taken = after_step(&cal, answered_in_a_day, Deadlines::default(), Deadline::Answer, true, now).unwrap();
        assert_eq!(taken.due_at, Some(at("2026-11-28T15:00:00Z")), "Saturday counts");
        let expedited = DAYS.expedited(Some(Urgency { accept_hours: 4, answer_hours: 48 }));
        assert_eq!(
            (expedited.accept, expedited.reply, expedited.answer),
            (Span::Hours(4), DAYS.reply, Span::Hours(48))
        );
        assert_eq!(DAYS.expedited(None), DAYS);
    }

    #[test]
    fn expediting_only_ever_brings_deadlines_forward() {
        let cal = calendar();
        let now = at("2026-11-30T02:00:00Z");
        let urgent = DAYS.expedited(Some(Urgency { accept_hours: 2, answer_hours: 24 }));
        // In triage: the accept deadline moves to two hours from now.
        let waiting = Deadlines { due_at: Some(cal.deadline(now, 3)), ..Deadlines::default() };
        let t = after_step(&cal, urgent, waiting, Deadline::Tighten, false, now).unwrap();
        assert_eq!(t.due_at, Some(now + Duration::hours(2)));
        // Already due within the hour: it stays.
        let sooner = Deadlines { due_at: Some(now + Duration::hours(1)), ..Deadlines::default() };
        assert_eq!(after_step(&cal, urgent, sooner, Deadline::Tighten, false, now).unwrap(), sooner);
        // With a unit: the answer comes within a day, and the unit's ten working days shrink to it.
        let answer_due = cal.deadline(now, 15);
        let forwarded = Deadlines {
            due_at: Some(cal.deadline(now, 10)),
            answer_due_at: Some(answer_due),
            first_answer_due_at: Some(answer_due),
        };
        let t = after_step(&cal, urgent, forwarded, Deadline::Tighten, false, now).unwrap();
        assert_eq!(t.answer_due_at, Some(now + Duration::hours(24)));
        assert_eq!(t.due_at, Some(now + Duration::hours(24)));
        assert_eq!(t.first_answer_due_at, Some(answer_due), "the on-time rate keeps the first promise");
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
