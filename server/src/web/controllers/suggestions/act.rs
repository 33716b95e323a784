use actix_web::{post, web};
use chrono::{DateTime, Utc};
use serde::Deserialize;
use utoipa::ToSchema;
use uuid::Uuid;

use super::SuggestionView;
use crate::app::error::AppError;
use crate::app::state::AppState;
use crate::app::suggestions::{self, Action};
use crate::domain::duty::suggestion::Checklist;
use crate::domain::workflow::Verdict;
use crate::web::auth::Authenticated;
use crate::web::extract::json::JsonBody;
use crate::web::problem::Problem;

/// A step on a suggestion, sent as `{"action": "...", ...}`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(tag = "action", rename_all = "snake_case", deny_unknown_fields)]
pub enum SuggestionAction {
    /// The deputy sends a draft (or a returned suggestion) for the station's quality review.
    ForReview,
    /// Staff review it: approve only with the whole checklist; otherwise it goes back with the comment.
    Review {
        checklist: Checklist,
        approve: bool,
        #[serde(default)]
        comment: String,
    },
    /// Staff submit an approved suggestion to an organ (a handling unit's code); its answer is due in three
    /// months.
    Submit { unit: String },
    /// Staff move the organ's deadline (at most six months after submission).
    Extend { due_at: DateTime<Utc> },
    /// Staff record the organ's answer.
    Answer { text: String },
    /// The deputy rates the answer; `not_satisfied` sends it back to the organ once, due within a month.
    Rate { verdict: Verdict },
}

/// Takes a step on a suggestion: its deputy's (`for_review`, `rate`) or its station's staff's (`review`,
/// `submit`, `extend`, `answer`). Recorded in the audit log; closing it tells the citizens whose reports it
/// drew on.
#[utoipa::path(
    tag = "duty",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The suggestion's id.")),
    request_body = SuggestionAction,
    responses(
        (status = 200, description = "Done.", body = SuggestionView),
        (status = 403, description = "`forbidden`: not this party's step.", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "`suggestion_not_found`.", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`invalid_transition`: not possible from where it stands.", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`validation_failed`: incomplete checklist for approval, unknown organ, a deadline too late, no answer.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/suggestions/{id}/actions")]
pub async fn handler(
    state: web::Data<AppState>,
    Authenticated(principal): Authenticated,
    path: web::Path<Uuid>,
    JsonBody(body): JsonBody<SuggestionAction>,
) -> Result<web::Json<SuggestionView>, AppError> {
    let action = match body {
        SuggestionAction::ForReview => Action::ForReview,
        SuggestionAction::Review { checklist, approve, comment } => Action::Review { checklist, approve, comment },
        SuggestionAction::Submit { unit } => Action::Submit { unit },
        SuggestionAction::Extend { due_at } => Action::Extend { due_at },
        SuggestionAction::Answer { text } => Action::Answer { text },
        SuggestionAction::Rate { verdict } => Action::Rate { verdict },
    };
    let record = suggestions::act(&state, &principal, path.into_inner(), action).await?;
    let detail = suggestions::detail(&state, record).await?;
    Ok(web::Json(SuggestionView::new(&detail, state.clock.now())))
}
