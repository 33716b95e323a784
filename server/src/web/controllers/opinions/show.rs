use actix_web::{get, patch, web};
use uuid::Uuid;

use super::{OpinionInput, OpinionView};
use crate::app::error::AppError;
use crate::app::opinions;
use crate::app::state::AppState;
use crate::web::auth::{Authenticated, StaffOrAdmin};
use crate::web::extract::json::JsonBody;
use crate::web::problem::Problem;

/// One review opinion (its station's staff, the committee and administrators).
#[utoipa::path(
    tag = "duty",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The opinion's id.")),
    responses(
        (status = 200, description = "The opinion.", body = OpinionView),
        (status = 404, description = "`opinion_not_found`.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/opinions/{id}")]
pub async fn handler(
    state: web::Data<AppState>,
    Authenticated(principal): Authenticated,
    path: web::Path<Uuid>,
) -> Result<web::Json<OpinionView>, AppError> {
    let view = opinions::show(&state, &principal, path.into_inner()).await?;
    Ok(web::Json(OpinionView::new(&view, state.clock.now())))
}

/// Rewrites a draft: all of it, as when drafting (its station's staff). Recorded in the audit log.
#[utoipa::path(
    tag = "duty",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The opinion's id.")),
    request_body = OpinionInput,
    responses(
        (status = 200, description = "Rewritten.", body = OpinionView),
        (status = 403, description = "`forbidden`.", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "`opinion_not_found`.", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`invalid_transition`: it was sent already.", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`validation_failed`.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[patch("/opinions/{id}")]
pub async fn edit(
    state: web::Data<AppState>,
    StaffOrAdmin(principal): StaffOrAdmin,
    path: web::Path<Uuid>,
    JsonBody(body): JsonBody<OpinionInput>,
) -> Result<web::Json<OpinionView>, AppError> {
    let view = opinions::edit(&state, &principal, path.into_inner(), &body.into()).await?;
    Ok(web::Json(OpinionView::new(&view, state.clock.now())))
}
