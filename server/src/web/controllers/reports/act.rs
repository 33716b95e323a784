use actix_web::{post, web};
use uuid::Uuid;

use super::show::detail_for;
use super::{ReportDetail, report_not_found};
use crate::app::act::{Actor, act};
use crate::app::error::AppError;
use crate::app::state::AppState;
use crate::domain::workflow::Action;
use crate::web::auth::Authenticated;
use crate::web::extract::json::JsonBody;
use crate::web::problem::Problem;

/// Moves a report on in the closed loop. Staff assign (交办), close with a reason, merge duplicates and
/// decide extensions; the assigned deputy accepts, returns (退单), forwards to a handling unit (转办), records
/// the unit's reply, answers the citizen (反馈) and asks for extensions (延期); the citizen rates or
/// withdraws. Each step is recorded on the timeline and in the audit log, and starts its deadline in
/// working days.
#[utoipa::path(
    tag = "workflow",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The report's id.")),
    request_body = Action,
    responses(
        (status = 200, description = "The report after the step.", body = ReportDetail),
        (status = 403, description = "`forbidden`: the action is not for your role.", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "`report_not_found`.", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`invalid_transition`: not possible from the report's current status (named in `detail`).", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`invalid_action`, `unknown_deputy`, `unknown_handling_unit` or `validation_failed`.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/reports/{id}/actions")]
pub async fn handler(
    state: web::Data<AppState>,
    Authenticated(principal): Authenticated,
    path: web::Path<Uuid>,
    JsonBody(action): JsonBody<Action>,
) -> Result<web::Json<ReportDetail>, AppError> {
    let report = state.storage.find_report(path.into_inner()).await?.ok_or_else(report_not_found)?;
    if !principal.may_read_report(&report.scope()) {
        return Err(report_not_found());
    }
    let report = act(&state, Actor::Principal(&principal), report, action).await?;
    Ok(web::Json(detail_for(&state, &principal, report.id, false).await?))
}
