//! The year-end report (年度履职报告, the committee's 明白账 of duties): what a year's activities, review
//! opinions, suggestions and report-backs came to, counted by one set of rules from the records. Pure: the
//! application layer reads the records of the year and the report's files are drawn from these counts.

use chrono::{DateTime, Utc};

use crate::domain::duty::activity::{Activity, ActivityKind, ActivityStatus, Attendance};
use crate::domain::duty::opinion::{ItemStatus, OpinionItem, OpinionStatus, ReviewOpinion};
use crate::domain::duty::report_back::{ReportBack, Tally};
use crate::domain::duty::suggestion::{Suggestion, SuggestionStatus, overdue};
use crate::domain::workflow::Verdict;

/// A year's activities: how many were held, planned and cancelled, those held by kind, and the attendance
/// recorded at those held.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ActivityTally {
    pub held: u64,
    /// Planned and not (yet) marked held.
    pub planned: u64,
    pub cancelled: u64,
    /// Every kind, in [`ActivityKind::ALL`] order, with the number held.
    pub held_by_kind: Vec<(ActivityKind, u64)>,
    /// Deputies invited to or recorded at the activities held.
    pub attendances: u64,
    pub present: u64,
    pub excused: u64,
    pub absent: u64,
    /// Nothing recorded after all.
    pub unrecorded: u64,
}

/// Counts activities with the attendance recorded at each.
pub fn activities<'a>(records: impl IntoIterator<Item = (&'a Activity, &'a [Attendance])>) -> ActivityTally {
    let mut t =
        ActivityTally { held_by_kind: ActivityKind::ALL.iter().map(|k| (*k, 0)).collect(), ..Default::default() };
    for (activity, attendance) in records {
        match activity.status {
            ActivityStatus::Planned => t.planned += 1,
            ActivityStatus::Cancelled => t.cancelled += 1,
            ActivityStatus::Held => {
                t.held += 1;
                if let Some((_, n)) = t.held_by_kind.iter_mut().find(|(k, _)| *k == activity.kind) {
                    *n += 1;
                }
                for a in attendance {
                    t.attendances += 1;
                    match a {
                        Attendance::Present => t.present += 1,
                        Attendance::Excused => t.excused += 1,
                        Attendance::Absent => t.absent += 1,
                        Attendance::Invited => t.unrecorded += 1,
                    }
                }
            }
        }
    }
    t
}

/// A year's review opinions (those sent in it) and their listed problems.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct OpinionTally {
    pub sent: u64,
    /// Every item closed.
    pub closed: u64,
    pub items: u64,
    pub items_closed: u64,
    /// Closed by the opinion's reply deadline.
    pub items_closed_on_time: u64,
    /// Open past the deadline at the time of the report.
    pub items_overdue: u64,
}

/// Counts the opinions that were sent, with their items, at `now`.
pub fn opinions<'a>(
    records: impl IntoIterator<Item = (&'a ReviewOpinion, &'a [OpinionItem])>,
    now: DateTime<Utc>,
) -> OpinionTally {
    let mut t = OpinionTally::default();
    for (opinion, items) in records {
        if opinion.status == OpinionStatus::Draft {
            continue;
        }
        t.sent += 1;
        if opinion.status == OpinionStatus::Closed {
            t.closed += 1;
        }
        for item in items {
            t.items += 1;
            match (item.status, item.closed_at) {
                (ItemStatus::Closed, closed_at) => {
                    t.items_closed += 1;
                    if closed_at.is_some_and(|at| at <= opinion.due_at) {
                        t.items_closed_on_time += 1;
                    }
                }
                (ItemStatus::Open, _) if now > opinion.due_at => t.items_overdue += 1,
                (ItemStatus::Open, _) => {}
            }
        }
    }
    t
}

/// A year's suggestions: those submitted to an organ, their answers and the deputies' ratings.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SuggestionTally {
    pub submitted: u64,
    pub answered: u64,
    /// Answered by the deadline in force.
    pub answered_on_time: u64,
    /// The answer is late at the time of the report.
    pub overdue: u64,
    /// Sent back once for re-handling (不满意).
    pub rehandled: u64,
    pub ratings: Tally,
}

/// Counts the suggestions that reached an organ, at `now`.
pub fn suggestions<'a>(records: impl IntoIterator<Item = &'a Suggestion>, now: DateTime<Utc>) -> SuggestionTally {
    let mut t = SuggestionTally::default();
    for s in records {
        if s.submitted_at.is_none() {
            continue;
        }
        t.submitted += 1;
        if let Some(answered) = s.answered_at {
            t.answered += 1;
            if s.due_at.is_some_and(|due| answered <= due) {
                t.answered_on_time += 1;
            }
        }
        if overdue(&s.state(), now) {
            t.overdue += 1;
        }
        if s.rehandled {
            t.rehandled += 1;
        }
        if s.status == SuggestionStatus::Closed
            && let Some(verdict) = s.verdict
            && verdict != Verdict::NoRating
        {
            t.ratings.add(verdict);
        }
    }
    t
}

/// A year's report-backs to voters: those held, those published, and every vote cast.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ReportBackTally {
    pub held: u64,
    pub published: u64,
    pub votes: Tally,
}

/// Counts the sessions held by `now`, with their tallies.
pub fn report_backs<'a>(
    records: impl IntoIterator<Item = (&'a ReportBack, Tally)>,
    now: DateTime<Utc>,
) -> ReportBackTally {
    let mut t = ReportBackTally::default();
    for (session, tally) in records {
        if !session.held(now) {
            continue;
        }
        t.held += 1;
        if session.published_at.is_some() {
            t.published += 1;
        }
        t.votes.satisfied += tally.satisfied;
        t.votes.mostly += tally.mostly;
        t.votes.not_satisfied += tally.not_satisfied;
    }
    t
}

/// Who may read the year-end report of a station (every station when `None`): the committee and
/// administrators any; a station's staff their own station's.
pub fn may_read(principal: &crate::domain::access::Principal, station: Option<uuid::Uuid>) -> bool {
    use crate::domain::access::Principal;
    match (principal, station) {
        (Principal::Committee { .. } | Principal::Admin { .. }, _) => true,
        (Principal::Staff { .. }, Some(station)) => principal.manages_station(station),
        _ => false,
    }
}

/// A year's reception days (代表接待日) that took place: the slots, the deputies' turns on duty, and the
/// turns they were marked absent from.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ReceptionTally {
    pub held: u64,
    pub duties: u64,
    pub absences: u64,
    /// Turns kept: on duty and not absent.
    pub kept: u64,
}

/// Counts slots given as (deputies on duty, of whom absent), for those over by the time of the report.
pub fn reception(slots: impl IntoIterator<Item = (usize, usize)>) -> ReceptionTally {
    let mut t = ReceptionTally::default();
    for (on_duty, absent) in slots {
        let absent = absent.min(on_duty);
        t.held += 1;
        t.duties += on_duty as u64;
        t.absences += absent as u64;
        t.kept += (on_duty - absent) as u64;
    }
    t
}

#[cfg(test)]
mod tests;
