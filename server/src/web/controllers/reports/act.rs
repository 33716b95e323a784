use actix_web::{HttpResponse, post, web};
use uuid::Uuid;

use super::show::detail_for;
use super::{ReportDetail, report_not_found};
use crate::app::act::{Actor, act_once};
use crate::app::error::AppError;
use crate::app::state::AppState;
use crate::domain::workflow::Action;
use crate::web::auth::Authenticated;
use crate::web::extract::idempotency::IdempotencyKey;
use crate::web::extract::json::JsonBody;
use crate::web::problem::Problem;

/// Moves a report on in the closed loop. Staff assign (交办), close with a reason, merge duplicates and
/// decide extensions; the assigned deputy accepts, returns (退单), forwards to a handling unit (转办), records
/// the unit's reply, answers the citizen (反馈) and asks for extensions (延期); the citizen rates or
/// withdraws. Each step is recorded on the timeline and in the audit log, and starts its deadline in
/// working days. With an `Idempotency-Key`, a retry of a step already taken (its answer lost on a flaky
/// connection) takes nothing and answers with the report as it is now, with `Idempotent-Replayed: true`.
#[utoipa::path(
    tag = "workflow",
    security(("bearer" = [])),
    params(
        ("id" = Uuid, Path, description = "The report's id."),
        ("Idempotency-Key" = Option<String>, Header, pattern = "^[!-~]{1,255}$", description = "Any unique string up to 255 visible ASCII characters (a UUID is ideal), new for each step. A retry with the same key and body takes nothing twice."),
    ),
    request_body = Action,
    responses(
        (status = 200, description = "The report after the step (or, for a retry, as it is now).", body = ReportDetail),
        (status = 400, description = "`malformed_json` or `invalid_idempotency_key`.", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "`forbidden`: the action is not for your role.", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "`report_not_found`.", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`invalid_transition`: not possible from the report's current status (named in `detail`).", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`invalid_action`, `unknown_deputy`, `unknown_handling_unit`, `validation_failed`, or `idempotency_key_reused` (the key was used for another step).", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/reports/{id}/actions")]
pub async fn handler(
    state: web::Data<AppState>,
    Authenticated(principal): Authenticated,
    path: web::Path<Uuid>,
    key: IdempotencyKey,
    JsonBody(action): JsonBody<Action>,
) -> Result<HttpResponse, AppError> {
    let report = state.storage.find_report(path.into_inner()).await?.ok_or_else(report_not_found)?;
    if !principal.may_read_report(&report.scope()) {
        return Err(report_not_found());
    }
    let acted = act_once(&state, Actor::Principal(&principal), report, action, key.0.as_deref()).await?;
    let detail = detail_for(&state, &principal, acted.report.id, false).await?;
    let mut response = HttpResponse::Ok();
    if acted.replayed {
        response.insert_header(("Idempotent-Replayed", "true"));
    }
    Ok(response.json(detail))
}
