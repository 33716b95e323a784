use actix_web::{get, patch, web};
use uuid::Uuid;

use super::{SuggestionInput, SuggestionView};
use crate::app::error::AppError;
use crate::app::state::AppState;
use crate::app::suggestions;
use crate::web::auth::Authenticated;
use crate::web::extract::json::JsonBody;
use crate::web::problem::Problem;

/// One suggestion: for its deputy, its station's staff, the committee and administrators.
#[utoipa::path(
    tag = "duty",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The suggestion's id.")),
    responses(
        (status = 200, description = "The suggestion.", body = SuggestionView),
        (status = 404, description = "`suggestion_not_found`.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/suggestions/{id}")]
pub async fn handler(
    state: web::Data<AppState>,
    Authenticated(principal): Authenticated,
    path: web::Path<Uuid>,
) -> Result<web::Json<SuggestionView>, AppError> {
    let record = suggestions::show(&state, &principal, path.into_inner()).await?;
    let detail = suggestions::detail(&state, record).await?;
    Ok(web::Json(SuggestionView::new(&detail, state.clock.now())))
}

/// Rewrites a draft or a returned suggestion: all of it (its deputy). Recorded in the audit log.
#[utoipa::path(
    tag = "duty",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The suggestion's id.")),
    request_body = SuggestionInput,
    responses(
        (status = 200, description = "Rewritten.", body = SuggestionView),
        (status = 403, description = "`forbidden`: not its deputy.", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "`suggestion_not_found`.", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`invalid_transition`: under review or beyond.", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`validation_failed`.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[patch("/suggestions/{id}")]
pub async fn rewrite(
    state: web::Data<AppState>,
    Authenticated(principal): Authenticated,
    path: web::Path<Uuid>,
    JsonBody(body): JsonBody<SuggestionInput>,
) -> Result<web::Json<SuggestionView>, AppError> {
    let record = suggestions::rewrite(&state, &principal, path.into_inner(), &body.into()).await?;
    let detail = suggestions::detail(&state, record).await?;
    Ok(web::Json(SuggestionView::new(&detail, state.clock.now())))
}

/// A suggestion evaluated in three separate parts, each with its inputs: the quality review's checklist,
/// what the organ did, and the citizens' ratings of the reports it drew on (whoever may read it).
#[utoipa::path(
    tag = "duty",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The suggestion's id.")),
    responses(
        (status = 200, description = "The evaluation.", body = crate::domain::duty::evaluation::SuggestionEvaluation),
        (status = 404, description = "`suggestion_not_found`.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/suggestions/{id}/evaluation")]
pub async fn evaluation(
    state: web::Data<AppState>,
    Authenticated(principal): Authenticated,
    path: web::Path<Uuid>,
) -> Result<web::Json<crate::domain::duty::evaluation::SuggestionEvaluation>, AppError> {
    Ok(web::Json(crate::app::evaluation::of_suggestion(&state, &principal, path.into_inner()).await?))
}
