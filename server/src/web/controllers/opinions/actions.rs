use actix_web::{post, web};
use serde::Deserialize;
use utoipa::ToSchema;
use uuid::Uuid;

use super::OpinionView;
use crate::app::error::AppError;
use crate::app::opinions;
use crate::app::state::AppState;
use crate::web::auth::StaffOrAdmin;
use crate::web::extract::json::JsonBody;
use crate::web::problem::Problem;

/// Sends a draft to its department (its station's staff). Recorded in the audit log.
#[utoipa::path(
    tag = "duty",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The opinion's id.")),
    responses(
        (status = 200, description = "Sent.", body = OpinionView),
        (status = 403, description = "`forbidden`.", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "`opinion_not_found`.", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`invalid_transition`: sent already, or its deadline has passed.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/opinions/{id}/send")]
pub async fn send(
    state: web::Data<AppState>,
    StaffOrAdmin(principal): StaffOrAdmin,
    path: web::Path<Uuid>,
) -> Result<web::Json<OpinionView>, AppError> {
    let view = opinions::send(&state, &principal, path.into_inner()).await?;
    Ok(web::Json(OpinionView::new(&view, state.clock.now())))
}

/// Words: a department's reply, or the evidence that closes a problem.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TextInput {
    #[schema(example = "区住建局已将审批时限压缩至20个工作日。")]
    pub text: String,
}

/// Records (or corrects) the department's written reply (its station's staff). Recorded in the audit log.
#[utoipa::path(
    tag = "duty",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The opinion's id.")),
    request_body = TextInput,
    responses(
        (status = 200, description = "Recorded.", body = OpinionView),
        (status = 403, description = "`forbidden`.", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "`opinion_not_found`.", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`invalid_transition`: not sent yet, or closed.", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`validation_failed`.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/opinions/{id}/reply")]
pub async fn reply(
    state: web::Data<AppState>,
    StaffOrAdmin(principal): StaffOrAdmin,
    path: web::Path<Uuid>,
    JsonBody(body): JsonBody<TextInput>,
) -> Result<web::Json<OpinionView>, AppError> {
    let view = opinions::reply(&state, &principal, path.into_inner(), &body.text).await?;
    Ok(web::Json(OpinionView::new(&view, state.clock.now())))
}

/// Closes one listed problem with the evidence that it was dealt with (销号); the opinion closes with its
/// last problem (its station's staff). Recorded in the audit log.
#[utoipa::path(
    tag = "duty",
    security(("bearer" = [])),
    params(
        ("id" = Uuid, Path, description = "The opinion's id."),
        ("position" = i32, Path, description = "0-based position of the problem."),
    ),
    request_body = TextInput,
    responses(
        (status = 200, description = "Closed.", body = OpinionView),
        (status = 403, description = "`forbidden`.", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "`opinion_not_found`, or `not_found`: no problem at that position.", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`invalid_transition`: no reply recorded yet, or closed already.", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`validation_failed`: no evidence.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/opinions/{id}/items/{position}/close")]
pub async fn close_item(
    state: web::Data<AppState>,
    StaffOrAdmin(principal): StaffOrAdmin,
    path: web::Path<(Uuid, i32)>,
    JsonBody(body): JsonBody<TextInput>,
) -> Result<web::Json<OpinionView>, AppError> {
    let (id, position) = path.into_inner();
    let view = opinions::close_item(&state, &principal, id, position, &body.text).await?;
    Ok(web::Json(OpinionView::new(&view, state.clock.now())))
}
