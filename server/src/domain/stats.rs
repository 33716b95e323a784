//! Statistics of the closed loop for a set of reports: counts by status and outcome, median times to the
//! first answer and to close, the on-time rate, and the three rates (response, resolution, satisfaction).
//! Outcomes are kept apart: closed is not resolved. Rates over fewer than [`MIN_SAMPLE`] reports are
//! flagged, as WriteToThem does, because small numbers mislead.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;

use super::report::ReportStatus;
use super::workflow::{Outcome, Verdict};

pub mod grouping;
pub mod ledger;

/// Below this many reports a rate is shown but flagged.
pub const MIN_SAMPLE: u64 = 10;

/// What statistics need of one report.
#[derive(Debug, Clone, PartialEq)]
pub struct ReportFacts {
    pub status: ReportStatus,
    pub outcome: Option<Outcome>,
    pub verdict: Option<Verdict>,
    pub submitted_at: DateTime<Utc>,
    pub first_answered_at: Option<DateTime<Utc>>,
    /// The answer deadline set when a deputy first took it on.
    pub first_answer_due_at: Option<DateTime<Utc>>,
    /// The current step's deadline (for reports nobody has taken on yet).
    pub due_at: Option<DateTime<Utc>>,
    pub closed_at: Option<DateTime<Utc>>,
}

impl ReportFacts {
    /// Merged into another report or withdrawn: left out of the response rate.
    fn set_aside(&self) -> bool {
        matches!(self.outcome, Some(Outcome::Duplicate | Outcome::Withdrawn)) && self.status == ReportStatus::Closed
    }

    /// Whether it was answered by its first answer deadline, as of `now`: `Some(false)` also when that
    /// deadline passed without an answer, or when nobody took it on by its accept deadline; `None` while
    /// it does not count yet.
    pub fn on_time(&self, now: DateTime<Utc>) -> Option<bool> {
        match (self.first_answer_due_at, self.first_answered_at) {
            (Some(due), Some(answered)) => Some(answered <= due),
            (Some(due), None) if due < now && !self.set_aside() => Some(false),
            (Some(_), None) => None,
            // Nobody took it on, and its accept deadline has passed: late.
            (None, _) => {
                let waiting =
                    matches!(self.status, ReportStatus::Submitted | ReportStatus::Triage | ReportStatus::Assigned);
                (waiting && self.due_at.is_some_and(|due| due < now)).then_some(false)
            }
        }
    }
}

/// A share of a whole, flagged when the whole is small.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, ToSchema)]
pub struct Rate {
    pub numerator: u64,
    pub denominator: u64,
    /// `numerator / denominator`; none when nothing is counted.
    pub value: Option<f64>,
    /// Fewer than 10 reports: read with care.
    pub small_sample: bool,
}

impl Rate {
    pub fn new(numerator: u64, denominator: u64) -> Self {
        let value = (denominator > 0).then(|| numerator as f64 / denominator as f64);
        Self { numerator, denominator, value, small_sample: denominator < MIN_SAMPLE }
    }
}

/// The figures for one group of reports.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct Figures {
    pub received: u64,
    /// Not closed yet.
    pub open: u64,
    /// Reports by status.
    pub by_status: BTreeMap<String, u64>,
    /// Closed reports by outcome.
    pub by_outcome: BTreeMap<String, u64>,
    /// Median hours from submission to the first answer.
    pub median_hours_to_first_answer: Option<f64>,
    /// Median hours from submission to close.
    pub median_hours_to_close: Option<f64>,
    /// Answered by the first answer deadline, of those answered or past a deadline (including reports
    /// nobody took on by their accept deadline).
    pub on_time: Rate,
    /// 响应率: answered, or closed with an answer of some kind, of those received (merged duplicates and
    /// withdrawals left out).
    pub response: Rate,
    /// 解决率: resolved, of those closed (merged duplicates and withdrawals left out).
    pub resolution: Rate,
    /// 满意率: satisfied or mostly satisfied, of those rated.
    pub satisfaction: Rate,
    /// Fewer than 10 reports in the group.
    pub small_sample: bool,
}

/// Works the figures out for `reports` as of `now`.
pub fn figures(reports: &[ReportFacts], now: DateTime<Utc>) -> Figures {
    let mut by_status = BTreeMap::new();
    let mut by_outcome = BTreeMap::new();
    let (mut to_answer, mut to_close) = (Vec::new(), Vec::new());
    let mut open = 0;
    let (mut on_time, mut on_time_of) = (0, 0);
    let (mut responded, mut respondable, mut resolved, mut resolvable, mut satisfied, mut rated) = (0, 0, 0, 0, 0, 0);
    for r in reports {
        let set_aside = r.set_aside();
        if r.status != ReportStatus::Closed {
            open += 1;
        }
        *by_status.entry(r.status.as_str().to_owned()).or_insert(0) += 1;
        if r.status == ReportStatus::Closed
            && let Some(outcome) = r.outcome
        {
            *by_outcome.entry(outcome.as_str().to_owned()).or_insert(0) += 1;
            if !matches!(outcome, Outcome::Duplicate | Outcome::Withdrawn) {
                resolvable += 1;
                if outcome == Outcome::Resolved {
                    resolved += 1;
                }
            }
        }
        if let Some(answered) = r.first_answered_at {
            to_answer.push(hours(answered - r.submitted_at));
        }
        if let Some(closed) = r.closed_at {
            to_close.push(hours(closed - r.submitted_at));
        }
        if !set_aside {
            respondable += 1;
            if r.first_answered_at.is_some() || r.status == ReportStatus::Closed {
                responded += 1;
            }
        }
        if let Some(in_time) = r.on_time(now) {
            on_time_of += 1;
            on_time += u64::from(in_time);
        }
        match r.verdict {
            Some(Verdict::Satisfied | Verdict::Mostly) => {
                rated += 1;
                satisfied += 1;
            }
            Some(Verdict::NotSatisfied) => rated += 1,
            Some(Verdict::NoRating) | None => {}
        }
    }
    let received = reports.len() as u64;
    Figures {
        received,
        open,
        by_status,
        by_outcome,
        median_hours_to_first_answer: median(&mut to_answer),
        median_hours_to_close: median(&mut to_close),
        on_time: Rate::new(on_time, on_time_of),
        response: Rate::new(responded, respondable),
        resolution: Rate::new(resolved, resolvable),
        satisfaction: Rate::new(satisfied, rated),
        small_sample: received < MIN_SAMPLE,
    }
}

fn hours(d: chrono::Duration) -> f64 {
    d.num_seconds() as f64 / 3600.0
}

fn median(values: &mut [f64]) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    values.sort_by(f64::total_cmp);
    let mid = values.len() / 2;
    Some(if values.len().is_multiple_of(2) { (values[mid - 1] + values[mid]) / 2.0 } else { values[mid] })
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Duration;

    fn at(h: i64) -> DateTime<Utc> {
        DateTime::<Utc>::from_timestamp(1_800_000_000, 0).unwrap() + Duration::hours(h)
    }

    fn closed(outcome: Outcome, verdict: Option<Verdict>, answered_h: i64, due_h: i64, closed_h: i64) -> ReportFacts {
        ReportFacts {
            status: ReportStatus::Closed,
            outcome: Some(outcome),
            verdict,
            submitted_at: at(0),
            first_answered_at: Some(at(answered_h)),
            first_answer_due_at: Some(at(due_h)),
            due_at: None,
            closed_at: Some(at(closed_h)),
        }
    }

    fn open(status: ReportStatus, due_h: Option<i64>) -> ReportFacts {
        ReportFacts {
            status,
            outcome: None,
            verdict: None,
            submitted_at: at(0),
            first_answered_at: None,
            first_answer_due_at: due_h.map(at),
            due_at: None,
            closed_at: None,
        }
    }

    #[test]
    fn outcomes_are_kept_apart_and_the_three_rates_have_their_own_denominators() {
        let reports = vec![
            closed(Outcome::Resolved, Some(Verdict::Satisfied), 10, 100, 20),
            closed(Outcome::Resolved, Some(Verdict::NotSatisfied), 30, 100, 40),
            closed(Outcome::Explained, Some(Verdict::Mostly), 200, 100, 220),
            closed(Outcome::Referred, Some(Verdict::NoRating), 50, 100, 400),
            closed(Outcome::Duplicate, None, 60, 100, 60),
            open(ReportStatus::Accepted, Some(50)),
            open(ReportStatus::Triage, None),
            // Nobody took this one on by its accept deadline.
            ReportFacts { due_at: Some(at(10)), ..open(ReportStatus::Assigned, None) },
        ];
        let f = figures(&reports, at(1000));
        assert_eq!(f.received, 8);
        assert_eq!(f.by_status["closed"], 5);
        assert_eq!((f.by_outcome["resolved"], f.by_outcome["explained"], f.by_outcome["referred"]), (2, 1, 1));
        // Resolved of closed, leaving out the duplicate: 2 of 4, not 5 of 5.
        assert_eq!((f.resolution.numerator, f.resolution.denominator), (2, 4));
        // Rated: satisfied, not satisfied, mostly (no_rating is not a rating).
        assert_eq!((f.satisfaction.numerator, f.satisfaction.denominator), (2, 3));
        // Responded: the four closed with an answer of some kind, of the seven left once the duplicate is
        // set aside.
        assert_eq!((f.response.numerator, f.response.denominator), (4, 7));
        // On time: three answered by hour 100 and the duplicate; one late; the open one past its answer
        // deadline; and the one nobody took on.
        assert_eq!((f.on_time.numerator, f.on_time.denominator), (4, 7));
        // Medians over 10, 30, 50, 60, 200 and 20, 40, 60, 220, 400.
        assert_eq!(f.median_hours_to_first_answer, Some(50.0));
        assert_eq!(f.median_hours_to_close, Some(60.0));
        assert!(f.small_sample && f.resolution.small_sample);
    }

    #[test]
    fn an_empty_group_has_no_values_but_no_division_by_zero() {
        let f = figures(&[], at(0));
        assert_eq!(f.received, 0);
        assert_eq!(f.response.value, None);
        assert_eq!(f.median_hours_to_close, None);
        assert!(f.small_sample);
    }

    #[test]
    fn ten_or_more_reports_are_not_flagged() {
        let reports: Vec<ReportFacts> =
            (0..10).map(|_| closed(Outcome::Resolved, Some(Verdict::Satisfied), 1, 2, 3)).collect();
        let f = figures(&reports, at(10));
        assert!(!f.small_sample && !f.satisfaction.small_sample);
        assert_eq!(f.satisfaction.value, Some(1.0));
        assert_eq!(f.median_hours_to_first_answer, Some(1.0));
    }
}
