//! Suggestions (议案建议): a deputy drafts one (facts, cause, feasible measures), optionally from citizens'
//! reports; the station's staff review its quality before it goes out (a checklist and comments, 把关); it is
//! submitted to an organ that answers within three months (extended to at most six); the deputy rates the
//! answer, and an unsatisfied deputy gets it handled again within a month (once).

use chrono::{DateTime, Months, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::domain::report::{FieldError, string_enum};
use crate::domain::workflow::Verdict;

string_enum! {
    /// Where a suggestion stands.
    pub enum SuggestionStatus {
        /// The deputy is writing it.
        Draft => "draft",
        /// With the station's staff for a quality review.
        InReview => "in_review",
        /// Returned by the review with comments; the deputy revises it.
        Revising => "revising",
        /// Passed the review; ready to go to an organ.
        Approved => "approved",
        /// With the organ; its answer is due.
        Submitted => "submitted",
        Answered => "answered",
        /// The deputy was not satisfied: the organ handles it again (within a month).
        Rehandling => "rehandling",
        /// Rated and closed.
        Closed => "closed",
    }
}

/// The quality review's checklist: what a good suggestion has.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Checklist {
    /// The facts are stated and checked (情况清楚).
    pub facts: bool,
    /// The cause is analysed (原因分析到位).
    pub cause: bool,
    /// The measures are feasible (措施可行).
    pub measures: bool,
}

impl Checklist {
    pub fn complete(self) -> bool {
        self.facts && self.cause && self.measures
    }

    /// How many of the three it meets: the quality part of the evaluation.
    pub fn score(self) -> u8 {
        u8::from(self.facts) + u8::from(self.cause) + u8::from(self.measures)
    }
}

/// A step on a suggestion.
#[derive(Debug, Clone, PartialEq)]
pub enum Step {
    /// The deputy sends it for review.
    ForReview,
    /// The staff's review: approved only with the whole checklist.
    Review { checklist: Checklist, approve: bool },
    /// Staff submit it to the organ (a handling unit).
    Submit,
    /// Staff move the organ's deadline (at most six months after submission).
    Extend { due_at: DateTime<Utc> },
    /// Staff record the organ's answer.
    Answer,
    /// The deputy rates the answer.
    Rate { verdict: Verdict },
}

/// Who may take a step.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Actor {
    /// The deputy who wrote it.
    Author,
    /// Staff of its station.
    Staff,
}

/// Why a step was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StepRefusal {
    /// Not possible from this status.
    WrongStatus,
    /// Not this actor's step.
    NotYours,
    /// Approval needs facts, cause and measures all checked.
    ChecklistIncomplete,
    /// Past the longest time an organ may take.
    TooLate,
    /// `no_rating` is not a deputy's rating.
    BadVerdict,
}

/// The outcome of a step: the new status and the deadline from now on.
#[derive(Debug, Clone, PartialEq)]
pub struct Moved {
    pub status: SuggestionStatus,
    pub due_at: Option<DateTime<Utc>>,
}

/// A suggestion's state, as far as its steps care.
#[derive(Debug, Clone, PartialEq)]
pub struct SuggestionState {
    pub status: SuggestionStatus,
    pub submitted_at: Option<DateTime<Utc>>,
    pub due_at: Option<DateTime<Utc>>,
    /// Whether it was handled again once already.
    pub rehandled: bool,
}

/// Three months: when an organ's answer is due.
pub fn answer_due(submitted_at: DateTime<Utc>) -> DateTime<Utc> {
    submitted_at.checked_add_months(Months::new(3)).unwrap_or(submitted_at)
}

/// Six months: the latest an organ's answer may be due.
pub fn latest_due(submitted_at: DateTime<Utc>) -> DateTime<Utc> {
    submitted_at.checked_add_months(Months::new(6)).unwrap_or(submitted_at)
}

/// One month: when a second handling is due.
pub fn rehandling_due(now: DateTime<Utc>) -> DateTime<Utc> {
    now.checked_add_months(Months::new(1)).unwrap_or(now)
}

/// Where `step` by `actor` at `now` takes a suggestion.
pub fn apply(state: &SuggestionState, actor: Actor, step: &Step, now: DateTime<Utc>) -> Result<Moved, StepRefusal> {
    use SuggestionStatus as S;
    let mine = |wanted: Actor| if actor == wanted { Ok(()) } else { Err(StepRefusal::NotYours) };
    let keep = |status| Moved { status, due_at: state.due_at };
    match step {
        Step::ForReview => {
            mine(Actor::Author)?;
            match state.status {
                S::Draft | S::Revising => Ok(keep(S::InReview)),
                _ => Err(StepRefusal::WrongStatus),
            }
        }
        Step::Review { checklist, approve } => {
            mine(Actor::Staff)?;
            if state.status != S::InReview {
                return Err(StepRefusal::WrongStatus);
            }
            match (approve, checklist.complete()) {
                (true, false) => Err(StepRefusal::ChecklistIncomplete),
                (true, true) => Ok(keep(S::Approved)),
                (false, _) => Ok(keep(S::Revising)),
            }
        }
        Step::Submit => {
            mine(Actor::Staff)?;
            match state.status {
                S::Approved => Ok(Moved { status: S::Submitted, due_at: Some(answer_due(now)) }),
                _ => Err(StepRefusal::WrongStatus),
            }
        }
        Step::Extend { due_at } => {
            mine(Actor::Staff)?;
            let Some(submitted_at) = state.submitted_at else { return Err(StepRefusal::WrongStatus) };
            match state.status {
                S::Submitted | S::Rehandling if *due_at <= latest_due(submitted_at) && *due_at > now => {
                    Ok(Moved { status: state.status, due_at: Some(*due_at) })
                }
                S::Submitted | S::Rehandling => Err(StepRefusal::TooLate),
                _ => Err(StepRefusal::WrongStatus),
            }
        }
        Step::Answer => {
            mine(Actor::Staff)?;
            match state.status {
                // The deadline stays: whether the answer came in time is part of the evaluation.
                S::Submitted | S::Rehandling => Ok(keep(S::Answered)),
                _ => Err(StepRefusal::WrongStatus),
            }
        }
        Step::Rate { verdict } => {
            mine(Actor::Author)?;
            if state.status != S::Answered {
                return Err(StepRefusal::WrongStatus);
            }
            match verdict {
                Verdict::NoRating => Err(StepRefusal::BadVerdict),
                // Handled again once; after that the rating stands.
                Verdict::NotSatisfied if !state.rehandled => {
                    Ok(Moved { status: S::Rehandling, due_at: Some(rehandling_due(now)) })
                }
                _ => Ok(keep(S::Closed)),
            }
        }
    }
}

/// Is the organ's answer overdue at `now`?
pub fn overdue(state: &SuggestionState, now: DateTime<Utc>) -> bool {
    matches!(state.status, SuggestionStatus::Submitted | SuggestionStatus::Rehandling)
        && state.due_at.is_some_and(|due| now > due)
}

/// The longest title, in characters; and of each text.
pub const MAX_TITLE_CHARS: usize = 200;
pub const MAX_TEXT_CHARS: usize = 20_000;
/// The most reports one suggestion is drawn from.
pub const MAX_REPORTS: usize = 200;

/// The words of a suggestion, checked: a title and the facts; cause and measures may come while drafting.
pub fn words(title: &str, facts: &str, cause: &str, measures: &str) -> Result<[String; 4], Vec<FieldError>> {
    let mut errors = Vec::new();
    let mut field = |name: &str, text: &str, required: bool, max: usize| {
        let text = text.trim();
        if required && text.is_empty() {
            errors.push(FieldError::new(name, "required", "write it down"));
        }
        if text.chars().count() > max {
            errors.push(FieldError::new(name, "too_long", format!("at most {max} characters")));
        }
        text.to_owned()
    };
    let out = [
        field("title", title, true, MAX_TITLE_CHARS),
        field("facts", facts, true, MAX_TEXT_CHARS),
        field("cause", cause, false, MAX_TEXT_CHARS),
        field("measures", measures, false, MAX_TEXT_CHARS),
    ];
    if errors.is_empty() { Ok(out) } else { Err(errors) }
}

/// A suggestion as kept.
#[derive(Debug, Clone, PartialEq)]
pub struct Suggestion {
    pub id: Uuid,
    pub deputy_id: Uuid,
    pub station_id: Uuid,
    pub title: String,
    pub facts: String,
    pub cause: String,
    pub measures: String,
    pub status: SuggestionStatus,
    /// The organ (a handling unit) it went to.
    pub unit_id: Option<Uuid>,
    pub submitted_at: Option<DateTime<Utc>>,
    pub due_at: Option<DateTime<Utc>>,
    pub answer: String,
    pub answered_at: Option<DateTime<Utc>>,
    pub verdict: Option<Verdict>,
    pub rated_at: Option<DateTime<Utc>>,
    pub rehandled: bool,
    /// The last review's checklist.
    pub checklist: Checklist,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl Suggestion {
    pub fn state(&self) -> SuggestionState {
        SuggestionState {
            status: self.status,
            submitted_at: self.submitted_at,
            due_at: self.due_at,
            rehandled: self.rehandled,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use SuggestionStatus as S;

    fn at(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().to_utc()
    }

    fn state(status: SuggestionStatus) -> SuggestionState {
        SuggestionState {
            status,
            submitted_at: Some(at("2026-12-01T00:00:00Z")),
            due_at: Some(at("2027-03-01T00:00:00Z")),
            rehandled: false,
        }
    }

    const ALL: Checklist = Checklist { facts: true, cause: true, measures: true };

    #[test]
    fn a_suggestion_is_reviewed_before_it_goes_out_and_approved_only_with_the_whole_checklist() {
        let now = at("2026-12-01T00:00:00Z");
        assert_eq!(apply(&state(S::Draft), Actor::Author, &Step::ForReview, now).unwrap().status, S::InReview);
        assert_eq!(apply(&state(S::Draft), Actor::Staff, &Step::ForReview, now), Err(StepRefusal::NotYours));
        let partly = Checklist { facts: true, cause: false, measures: true };
        let review = |checklist, approve| Step::Review { checklist, approve };
        assert_eq!(
            apply(&state(S::InReview), Actor::Staff, &review(partly, true), now),
            Err(StepRefusal::ChecklistIncomplete)
        );
        assert_eq!(apply(&state(S::InReview), Actor::Staff, &review(partly, false), now).unwrap().status, S::Revising);
        assert_eq!(apply(&state(S::Revising), Actor::Author, &Step::ForReview, now).unwrap().status, S::InReview);
        assert_eq!(apply(&state(S::InReview), Actor::Staff, &review(ALL, true), now).unwrap().status, S::Approved);
        assert_eq!(apply(&state(S::Draft), Actor::Staff, &Step::Submit, now), Err(StepRefusal::WrongStatus));
        assert_eq!(ALL.score(), 3);
    }

    #[test]
    fn the_organ_has_three_months_extended_to_at_most_six() {
        let now = at("2026-12-01T00:00:00Z");
        let submitted = apply(&state(S::Approved), Actor::Staff, &Step::Submit, now).unwrap();
        assert_eq!(submitted, Moved { status: S::Submitted, due_at: Some(at("2027-03-01T00:00:00Z")) });
        let extend = |due: &str| Step::Extend { due_at: at(due) };
        assert_eq!(
            apply(&state(S::Submitted), Actor::Staff, &extend("2027-06-01T00:00:00Z"), now).unwrap().due_at,
            Some(at("2027-06-01T00:00:00Z"))
        );
        assert_eq!(
            apply(&state(S::Submitted), Actor::Staff, &extend("2027-06-02T00:00:00Z"), now),
            Err(StepRefusal::TooLate)
        );
        assert!(overdue(&state(S::Submitted), at("2027-03-02T00:00:00Z")));
        assert!(!overdue(&state(S::Answered), at("2027-03-02T00:00:00Z")));
    }

    #[test]
    fn an_unsatisfied_deputy_gets_it_handled_again_once_within_a_month() {
        let now = at("2027-02-01T00:00:00Z");
        let rate = |verdict| Step::Rate { verdict };
        let again = apply(&state(S::Answered), Actor::Author, &rate(Verdict::NotSatisfied), now).unwrap();
        assert_eq!(again, Moved { status: S::Rehandling, due_at: Some(at("2027-03-01T00:00:00Z")) });
        assert_eq!(apply(&state(S::Rehandling), Actor::Staff, &Step::Answer, now).unwrap().status, S::Answered);
        let second = SuggestionState { rehandled: true, ..state(S::Answered) };
        assert_eq!(apply(&second, Actor::Author, &rate(Verdict::NotSatisfied), now).unwrap().status, S::Closed);
        assert_eq!(apply(&state(S::Answered), Actor::Author, &rate(Verdict::Mostly), now).unwrap().status, S::Closed);
        assert_eq!(
            apply(&state(S::Answered), Actor::Author, &rate(Verdict::NoRating), now),
            Err(StepRefusal::BadVerdict)
        );
        assert_eq!(
            apply(&state(S::Answered), Actor::Staff, &rate(Verdict::Satisfied), now),
            Err(StepRefusal::NotYours)
        );
    }

    #[test]
    fn words_need_a_title_and_the_facts() {
        assert!(words("加强老年食堂建设", "辖区内有12件反映", "", "").is_ok());
        let errors = words(" ", "", "", &"字".repeat(20_001)).unwrap_err();
        assert_eq!(errors.iter().map(|e| e.field.as_str()).collect::<Vec<_>>(), ["title", "facts", "measures"]);
    }
}
