use actix_web::{post, web};
use uuid::Uuid;

use crate::app::error::AppError;
use crate::app::state::AppState;
use crate::app::unit_reply;
use crate::web::auth::Authenticated;
use crate::web::controllers::unit_links::UnitReportView;
use crate::web::controllers::unit_links::reply::UnitReplyRequest;
use crate::web::extract::json::JsonBody;
use crate::web::problem::Problem;

/// The unit's reply to a report forwarded to it (once, while the report waits for it).
#[utoipa::path(
    tag = "workflow",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The report's id.")),
    request_body = UnitReplyRequest,
    responses(
        (status = 200, description = "Replied.", body = UnitReportView),
        (status = 403, description = "`forbidden`: handling units' accounts only.", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "`report_not_found`.", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`invalid_transition`: the report does not wait for a reply.", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`invalid_action`: an empty reply.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/me/unit-reports/{id}/reply")]
pub async fn handler(
    state: web::Data<AppState>,
    Authenticated(principal): Authenticated,
    path: web::Path<Uuid>,
    JsonBody(body): JsonBody<UnitReplyRequest>,
) -> Result<web::Json<UnitReportView>, AppError> {
    let opened = unit_reply::open_as(&state, &principal, path.into_inner()).await?;
    let opened = unit_reply::reply(&state, opened, body.text).await?;
    Ok(web::Json(UnitReportView::new(&state, opened).await?))
}
