use actix_web::{HttpResponse, post, web};

use super::{SuggestionInput, SuggestionView};
use crate::app::error::AppError;
use crate::app::state::AppState;
use crate::app::suggestions;
use crate::web::auth::Authenticated;
use crate::web::extract::json::JsonBody;
use crate::web::problem::Problem;

/// Drafts a suggestion by the signed-in deputy, optionally drawing on reports they may read; recorded in
/// the audit log.
#[utoipa::path(
    tag = "duty",
    security(("bearer" = [])),
    request_body = SuggestionInput,
    responses(
        (status = 201, description = "Drafted.", body = SuggestionView),
        (status = 403, description = "`forbidden`: not a deputy's account.", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`validation_failed`: no title or facts, a report not theirs, a station not theirs.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/me/suggestions")]
pub async fn handler(
    state: web::Data<AppState>,
    Authenticated(principal): Authenticated,
    JsonBody(body): JsonBody<SuggestionInput>,
) -> Result<HttpResponse, AppError> {
    let record = suggestions::create(&state, &principal, &body.into()).await?;
    let detail = suggestions::detail(&state, record).await?;
    Ok(HttpResponse::Created().json(SuggestionView::new(&detail, state.clock.now())))
}
