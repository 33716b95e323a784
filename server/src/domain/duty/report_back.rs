//! Report-backs to voters (述职评议): a deputy reports on their duties at a session the station schedules,
//! with their one-page record (成绩单) from the points archive, and voters rate them during the session, one
//! verified vote per person (a phone number proven by a code or by the account it signed in with); the
//! results are counted with a small-sample flag and, once the committee publishes them, shown publicly.

use chrono::{DateTime, Duration, Utc};
use uuid::Uuid;

use crate::domain::report::FieldError;
use crate::domain::workflow::Verdict;

/// Fewer votes than this: read the results with care.
pub const MIN_VOTES: u64 = 10;
/// The longest a session's voting stays open.
pub fn longest_session() -> Duration {
    Duration::days(7)
}

/// A scheduled report-back.
#[derive(Debug, Clone, PartialEq)]
pub struct ReportBack {
    pub id: Uuid,
    pub deputy_id: Uuid,
    pub station_id: Uuid,
    pub title: String,
    pub place: String,
    /// Voting is open in `[opens_at, closes_at)`.
    pub opens_at: DateTime<Utc>,
    pub closes_at: DateTime<Utc>,
    pub cancelled: bool,
    pub published_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
}

/// Why a vote was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VoteRefusal {
    NotOpen,
    Cancelled,
    /// `no_rating` is not a vote.
    BadVerdict,
}

impl ReportBack {
    /// Whether a vote with `verdict` may be cast at `now`.
    pub fn may_vote(&self, verdict: Verdict, now: DateTime<Utc>) -> Result<(), VoteRefusal> {
        if self.cancelled {
            return Err(VoteRefusal::Cancelled);
        }
        if now < self.opens_at || now >= self.closes_at {
            return Err(VoteRefusal::NotOpen);
        }
        if verdict == Verdict::NoRating { Err(VoteRefusal::BadVerdict) } else { Ok(()) }
    }

    /// Whether it took place: not cancelled and its voting closed by `now`.
    pub fn held(&self, now: DateTime<Utc>) -> bool {
        !self.cancelled && self.closes_at <= now
    }

    /// Whether its results may be published at `now`: once voting closed.
    pub fn publishable(&self, now: DateTime<Utc>) -> bool {
        self.held(now) && self.published_at.is_none()
    }
}

/// Checks a session's plan: a title, voting that closes after it opens, within a week.
pub fn plan(
    title: &str,
    place: &str,
    opens_at: DateTime<Utc>,
    closes_at: DateTime<Utc>,
) -> Result<(String, String), Vec<FieldError>> {
    let mut errors = Vec::new();
    let (title, place) = (title.trim().to_owned(), place.trim().to_owned());
    if title.is_empty() {
        errors.push(FieldError::new("title", "required", "name the session"));
    }
    if title.chars().count() > 200 || place.chars().count() > 200 {
        errors.push(FieldError::new(
            if title.chars().count() > 200 { "title" } else { "place" },
            "too_long",
            "at most 200 characters",
        ));
    }
    if closes_at <= opens_at {
        errors.push(FieldError::new("closes_at", "before_open", "after voting opens"));
    } else if closes_at - opens_at > longest_session() {
        errors.push(FieldError::new("closes_at", "too_long", "within a week of opening"));
    }
    if errors.is_empty() { Ok((title, place)) } else { Err(errors) }
}

/// The votes counted.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Tally {
    pub satisfied: u64,
    pub mostly: u64,
    pub not_satisfied: u64,
}

impl Tally {
    pub fn add(&mut self, verdict: Verdict) {
        match verdict {
            Verdict::Satisfied => self.satisfied += 1,
            Verdict::Mostly => self.mostly += 1,
            Verdict::NotSatisfied => self.not_satisfied += 1,
            Verdict::NoRating => {}
        }
    }

    pub fn total(self) -> u64 {
        self.satisfied + self.mostly + self.not_satisfied
    }

    /// Satisfied or mostly satisfied, as a share of the votes (none without votes).
    pub fn satisfaction(self) -> Option<f64> {
        let total = self.total();
        (total > 0).then(|| (self.satisfied + self.mostly) as f64 / total as f64)
    }

    pub fn small_sample(self) -> bool {
        self.total() < MIN_VOTES
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().to_utc()
    }

    fn session() -> ReportBack {
        ReportBack {
            id: Uuid::nil(),
            deputy_id: Uuid::nil(),
            station_id: Uuid::nil(),
            title: "张代表述职".into(),
            place: String::new(),
            opens_at: at("2026-12-10T01:00:00Z"),
            closes_at: at("2026-12-10T03:00:00Z"),
            cancelled: false,
            published_at: None,
            created_at: at("2026-12-01T00:00:00Z"),
        }
    }

    #[test]
    fn votes_are_taken_only_while_the_session_is_open() {
        let s = session();
        assert_eq!(s.may_vote(Verdict::Satisfied, at("2026-12-10T00:59:59Z")), Err(VoteRefusal::NotOpen));
        assert_eq!(s.may_vote(Verdict::Satisfied, at("2026-12-10T01:00:00Z")), Ok(()));
        assert_eq!(s.may_vote(Verdict::NoRating, at("2026-12-10T01:00:00Z")), Err(VoteRefusal::BadVerdict));
        assert_eq!(s.may_vote(Verdict::Mostly, at("2026-12-10T03:00:00Z")), Err(VoteRefusal::NotOpen));
        let cancelled = ReportBack { cancelled: true, ..s.clone() };
        assert_eq!(cancelled.may_vote(Verdict::Mostly, at("2026-12-10T02:00:00Z")), Err(VoteRefusal::Cancelled));
        assert!(!s.publishable(at("2026-12-10T02:00:00Z")) && s.publishable(at("2026-12-10T03:00:00Z")));
    }

    #[test]
    fn results_count_each_verdict_with_a_small_sample_flag() {
        let mut tally = Tally::default();
        assert_eq!(tally.satisfaction(), None);
        for v in [Verdict::Satisfied, Verdict::Mostly, Verdict::NotSatisfied, Verdict::Satisfied] {
            tally.add(v);
        }
        assert_eq!((tally.total(), tally.satisfaction()), (4, Some(0.75)));
        assert!(tally.small_sample());
        let (s, e) = (at("2026-12-10T01:00:00Z"), at("2026-12-10T03:00:00Z"));
        assert!(plan("述职", "", s, e).is_ok());
        assert_eq!(plan(" ", "", e, s).unwrap_err().len(), 2);
        assert!(plan("述职", "", s, s + Duration::days(8)).is_err());
    }
}
