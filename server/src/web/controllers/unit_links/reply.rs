use actix_web::{post, web};
use serde::Deserialize;
use utoipa::ToSchema;

use super::UnitReportView;
use crate::app::error::AppError;
use crate::app::state::AppState;
use crate::app::unit_reply;
use crate::web::extract::json::JsonBody;
use crate::web::problem::Problem;

/// The unit's reply.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UnitReplyRequest {
    /// What the unit did or will do, 1–2000 characters.
    #[schema(example = "已安排环卫车每日清运", min_length = 1, max_length = 2000)]
    pub text: String,
}

/// The handling unit replies through its link (承办回复): the report goes back to its deputy, who answers
/// the citizen. Once; recorded on the timeline as the unit's.
#[utoipa::path(
    tag = "workflow",
    params(("token" = String, Path, description = "The signed link's token.")),
    request_body = UnitReplyRequest,
    responses(
        (status = 200, description = "Replied.", body = UnitReportView),
        (status = 401, description = "`unit_link_invalid` or `unit_link_expired`.", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "`unit_link_superseded`.", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`invalid_transition`: the report does not wait for a reply (already replied, or closed).", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`invalid_action`: an empty or too long reply.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/unit-links/{token}/reply")]
pub async fn handler(
    state: web::Data<AppState>,
    path: web::Path<String>,
    JsonBody(body): JsonBody<UnitReplyRequest>,
) -> Result<web::Json<UnitReportView>, AppError> {
    let opened = unit_reply::open(&state, &path).await?;
    let opened = unit_reply::reply(&state, opened, body.text).await?;
    Ok(web::Json(UnitReportView::new(&state, opened).await?))
}
