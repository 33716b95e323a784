//! Deputies' suggestions (议案建议): drafted by a deputy (optionally from citizens' reports), reviewed for
//! quality by the station's staff, submitted to an organ, answered, and rated by the deputy.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::app::suggestions::{Detail, Words};
use crate::domain::Localized;
use crate::domain::duty::suggestion::{Checklist, SuggestionStatus, overdue};
use crate::domain::workflow::Verdict;

pub mod act;
pub mod create;
pub mod list;
pub mod show;

/// A suggestion's words, as its deputy writes them.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SuggestionInput {
    #[schema(example = "关于加快社区老年食堂建设的建议")]
    pub title: String,
    /// 情况: what is happening, with its facts.
    pub facts: String,
    /// 原因分析.
    #[serde(default)]
    pub cause: String,
    /// 建议措施: what should be done.
    #[serde(default)]
    pub measures: String,
    /// Tracking codes of the reports it draws on (reports the deputy may read).
    #[serde(default)]
    pub reports: Vec<String>,
    /// The station that reviews it (one of the deputy's; the first when left out).
    #[serde(default)]
    #[schema(example = "XH-01")]
    pub station: Option<String>,
}

impl From<SuggestionInput> for Words {
    fn from(input: SuggestionInput) -> Self {
        Words {
            title: input.title,
            facts: input.facts,
            cause: input.cause,
            measures: input.measures,
            reports: input.reports,
            station: input.station,
        }
    }
}

/// One quality review.
#[derive(Debug, Serialize, ToSchema)]
pub struct ReviewView {
    pub checklist: Checklist,
    pub approved: bool,
    pub comment: String,
    pub at: DateTime<Utc>,
}

/// A suggestion.
#[derive(Debug, Serialize, ToSchema)]
pub struct SuggestionView {
    pub id: Uuid,
    #[schema(example = "D-003")]
    pub deputy: String,
    pub deputy_name: Localized,
    #[schema(example = "XH-01")]
    pub station: String,
    pub title: String,
    pub facts: String,
    pub cause: String,
    pub measures: String,
    pub status: SuggestionStatus,
    /// The organ it went to (a handling unit's code and name).
    pub unit: Option<String>,
    pub unit_name: Option<Localized>,
    pub submitted_at: Option<DateTime<Utc>>,
    /// When the organ's answer is due (three months, at most six; a month when handled again).
    pub due_at: Option<DateTime<Utc>>,
    pub overdue: bool,
    pub answer: String,
    pub answered_at: Option<DateTime<Utc>>,
    pub verdict: Option<Verdict>,
    pub rated_at: Option<DateTime<Utc>>,
    /// Handled again once after an unsatisfied rating.
    pub rehandled: bool,
    /// The last review's checklist: the quality part of its evaluation.
    pub checklist: Checklist,
    pub reviews: Vec<ReviewView>,
    /// Tracking codes of the reports it draws on.
    pub reports: Vec<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl SuggestionView {
    pub fn new(detail: &Detail, now: DateTime<Utc>) -> Self {
        let s = &detail.record.suggestion;
        Self {
            id: s.id,
            deputy: detail.deputy.as_ref().map(|d| d.code.clone()).unwrap_or_default(),
            deputy_name: detail.deputy.as_ref().map(|d| d.name.clone()).unwrap_or_default(),
            station: detail.station_code.clone(),
            title: s.title.clone(),
            facts: s.facts.clone(),
            cause: s.cause.clone(),
            measures: s.measures.clone(),
            status: s.status,
            unit: detail.unit.as_ref().map(|u| u.code.clone()),
            unit_name: detail.unit.as_ref().map(|u| u.name.clone()),
            submitted_at: s.submitted_at,
            due_at: s.due_at,
            overdue: overdue(&s.state(), now),
            answer: s.answer.clone(),
            answered_at: s.answered_at,
            verdict: s.verdict,
            rated_at: s.rated_at,
            rehandled: s.rehandled,
            checklist: s.checklist,
            reviews: detail
                .record
                .reviews
                .iter()
                .map(|r| ReviewView {
                    checklist: r.checklist,
                    approved: r.approved,
                    comment: r.comment.clone(),
                    at: r.at,
                })
                .collect(),
            reports: detail.report_codes.clone(),
            created_at: s.created_at,
            updated_at: s.updated_at,
        }
    }
}

/// Suggestions, newest first.
#[derive(Debug, Serialize, ToSchema)]
pub struct SuggestionList {
    pub items: Vec<SuggestionView>,
}
