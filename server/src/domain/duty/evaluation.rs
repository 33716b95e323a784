//! The three-part evaluation (建议质量 + 办理成效 + 群众反馈): what a suggestion or a deputy's year is judged by,
//! kept as three separate parts with the inputs each rests on, never folded into one number.

use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;

use super::report_back::Tally;
use super::suggestion::{Checklist, Suggestion, SuggestionStatus};
use crate::domain::stats::{Rate, ReportFacts, figures};
use crate::domain::workflow::Verdict;

/// What citizens said about reports: their ratings.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct Ratings {
    /// Reports counted.
    pub reports: u64,
    pub satisfied: u64,
    pub mostly: u64,
    pub not_satisfied: u64,
    /// Satisfied or mostly, of those rated; flagged when few.
    pub satisfaction: Rate,
}

fn ratings(reports: &[ReportFacts]) -> Ratings {
    let count = |v: Verdict| reports.iter().filter(|r| r.verdict == Some(v)).count() as u64;
    let (satisfied, mostly, not_satisfied) =
        (count(Verdict::Satisfied), count(Verdict::Mostly), count(Verdict::NotSatisfied));
    Ratings {
        reports: reports.len() as u64,
        satisfied,
        mostly,
        not_satisfied,
        satisfaction: Rate::new(satisfied + mostly, satisfied + mostly + not_satisfied),
    }
}

/// What became of a suggestion.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct SuggestionResults {
    pub status: SuggestionStatus,
    /// Answered by its deadline (none until answered).
    pub answered_on_time: Option<bool>,
    /// The deputy's rating of the answer.
    pub verdict: Option<Verdict>,
    /// Sent back once for being unsatisfactory.
    pub rehandled: bool,
}

/// A suggestion's three parts.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct SuggestionEvaluation {
    /// 建议质量: the quality review's checklist and how many of its three points it met.
    pub quality: Checklist,
    pub quality_score: u8,
    /// 办理成效: what the organ did.
    pub results: SuggestionResults,
    /// 群众反馈: the citizens' ratings of the reports it drew on.
    pub feedback: Ratings,
}

/// Evaluates a suggestion with the facts of the reports it drew on.
pub fn suggestion(s: &Suggestion, linked: &[ReportFacts]) -> SuggestionEvaluation {
    let answered_on_time = match (s.answered_at, s.due_at) {
        (Some(answered), Some(due)) => Some(answered <= due),
        _ => None,
    };
    SuggestionEvaluation {
        quality: s.checklist,
        quality_score: s.checklist.score(),
        results: SuggestionResults { status: s.status, answered_on_time, verdict: s.verdict, rehandled: s.rehandled },
        feedback: ratings(linked),
    }
}

/// The quality of what a deputy raised in a year.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct DeputyQuality {
    /// Suggestions submitted to an organ.
    pub suggestions: u64,
    /// Checklist points met, of three per suggestion.
    pub checks: Rate,
}

/// What a deputy's handling achieved in a year.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct DeputyResults {
    /// Reports assigned to them in the year.
    pub reports: u64,
    /// 响应率, 解决率 and answers on time, as the dashboard counts them.
    pub response: Rate,
    pub resolution: Rate,
    pub on_time: Rate,
    /// Their suggestions answered, and rated satisfied or mostly by them.
    pub suggestions_answered: u64,
    pub suggestions_satisfactory: u64,
}

/// What the public said of a deputy in a year.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct DeputyFeedback {
    /// Citizens' ratings of the reports the deputy handled.
    pub reports: Ratings,
    /// Voters at the deputy's report-backs: satisfied or mostly, of the votes.
    pub report_back_votes: u64,
    pub report_back_satisfaction: Rate,
}

/// A deputy's year in three parts.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct DeputyEvaluation {
    pub quality: DeputyQuality,
    pub results: DeputyResults,
    pub feedback: DeputyFeedback,
}

/// Evaluates a deputy's year: the suggestions they submitted in it, the reports assigned to them in it, and
/// the votes at their report-backs held in it.
pub fn deputy(submitted: &[Suggestion], reports: &[ReportFacts], votes: Tally, now: DateTime<Utc>) -> DeputyEvaluation {
    let met: u64 = submitted.iter().map(|s| u64::from(s.checklist.score())).sum();
    let answered = submitted.iter().filter(|s| s.answered_at.is_some()).count() as u64;
    let satisfactory = submitted
        .iter()
        .filter(|s| {
            s.status == SuggestionStatus::Closed && matches!(s.verdict, Some(Verdict::Satisfied | Verdict::Mostly))
        })
        .count() as u64;
    let f = figures(reports, now);
    DeputyEvaluation {
        quality: DeputyQuality {
            suggestions: submitted.len() as u64,
            checks: Rate::new(met, 3 * submitted.len() as u64),
        },
        results: DeputyResults {
            reports: f.received,
            response: f.response,
            resolution: f.resolution,
            on_time: f.on_time,
            suggestions_answered: answered,
            suggestions_satisfactory: satisfactory,
        },
        feedback: DeputyFeedback {
            reports: ratings(reports),
            report_back_votes: votes.total(),
            report_back_satisfaction: Rate::new(votes.satisfied + votes.mostly, votes.total()),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::report::ReportStatus;
    use uuid::Uuid;

    fn at(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().to_utc()
    }

    fn report(verdict: Option<Verdict>) -> ReportFacts {
        ReportFacts {
            status: ReportStatus::Closed,
            outcome: Some(crate::domain::workflow::Outcome::Resolved),
            verdict,
            submitted_at: at("2026-03-01T00:00:00Z"),
            first_answered_at: Some(at("2026-03-02T00:00:00Z")),
            first_answer_due_at: Some(at("2026-03-10T00:00:00Z")),
            due_at: None,
            closed_at: Some(at("2026-03-05T00:00:00Z")),
        }
    }

    fn suggestion_with(checklist: Checklist, status: SuggestionStatus, verdict: Option<Verdict>) -> Suggestion {
        Suggestion {
            id: Uuid::nil(),
            deputy_id: Uuid::nil(),
            station_id: Uuid::nil(),
            title: "关于老年食堂的建议".into(),
            facts: String::new(),
            cause: String::new(),
            measures: String::new(),
            status,
            unit_id: None,
            submitted_at: Some(at("2026-03-01T00:00:00Z")),
            due_at: Some(at("2026-06-01T00:00:00Z")),
            answer: String::new(),
            answered_at: Some(at("2026-05-01T00:00:00Z")),
            verdict,
            rated_at: None,
            rehandled: false,
            checklist,
            created_at: at("2026-02-01T00:00:00Z"),
            updated_at: at("2026-05-01T00:00:00Z"),
        }
    }

    #[test]
    fn a_suggestion_is_judged_in_three_parts_with_their_inputs() {
        let all = Checklist { facts: true, cause: true, measures: true };
        let s = suggestion_with(all, SuggestionStatus::Closed, Some(Verdict::Mostly));
        let e = suggestion(&s, &[report(Some(Verdict::Satisfied)), report(Some(Verdict::NotSatisfied)), report(None)]);
        assert_eq!(e.quality_score, 3);
        assert_eq!(e.results.answered_on_time, Some(true));
        assert_eq!(e.results.verdict, Some(Verdict::Mostly));
        assert_eq!((e.feedback.reports, e.feedback.satisfied, e.feedback.not_satisfied), (3, 1, 1));
        assert_eq!((e.feedback.satisfaction.numerator, e.feedback.satisfaction.denominator), (1, 2));
        assert!(e.feedback.satisfaction.small_sample);
    }

    #[test]
    fn a_deputys_year_keeps_quality_results_and_feedback_apart() {
        let half = Checklist { facts: true, cause: false, measures: true };
        let all = Checklist { facts: true, cause: true, measures: true };
        let submitted = [
            suggestion_with(all, SuggestionStatus::Closed, Some(Verdict::Satisfied)),
            suggestion_with(half, SuggestionStatus::Submitted, None),
        ];
        let mut votes = Tally::default();
        for v in [Verdict::Satisfied, Verdict::NotSatisfied, Verdict::Mostly] {
            votes.add(v);
        }
        let e = deputy(&submitted, &[report(Some(Verdict::Satisfied))], votes, at("2026-12-01T00:00:00Z"));
        assert_eq!((e.quality.suggestions, e.quality.checks.numerator, e.quality.checks.denominator), (2, 5, 6));
        assert_eq!((e.results.reports, e.results.suggestions_answered, e.results.suggestions_satisfactory), (1, 2, 1));
        assert_eq!((e.results.resolution.numerator, e.results.resolution.denominator), (1, 1));
        assert_eq!((e.feedback.report_back_votes, e.feedback.report_back_satisfaction.numerator), (3, 2));
        assert_eq!(e.feedback.reports.satisfied, 1);
    }
}
