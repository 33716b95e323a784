use actix_web::{post, web};
use serde::Deserialize;
use utoipa::ToSchema;
use uuid::Uuid;

use super::PlanTaskView;
use crate::app::error::AppError;
use crate::app::plan;
use crate::app::state::AppState;
use crate::domain::duty::plan::TaskStatus;
use crate::web::auth::Authenticated;
use crate::web::extract::json::JsonBody;
use crate::web::problem::Problem;

/// Progress on a task.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ProgressInput {
    /// `done`, back to `planned`, or (the committee only) `dropped`.
    pub status: TaskStatus,
    /// What was done, or why it is dropped (required then).
    #[serde(default)]
    pub note: String,
}

/// Reports progress on a task: its owner (the station's staff, the deputy) marks it done or planned again
/// with a note; the committee and administrators also drop it, with the reason.
#[utoipa::path(
    tag = "duty",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The task.")),
    request_body = ProgressInput,
    responses(
        (status = 200, description = "Recorded.", body = PlanTaskView),
        (status = 403, description = "`forbidden`: not the owner, or only the committee drops a task.", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "`plan_task_not_found`.", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`validation_failed`.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/plan-tasks/{id}/progress")]
pub async fn handler(
    state: web::Data<AppState>,
    Authenticated(principal): Authenticated,
    path: web::Path<Uuid>,
    JsonBody(body): JsonBody<ProgressInput>,
) -> Result<web::Json<PlanTaskView>, AppError> {
    let task = plan::report(&state, &principal, path.into_inner(), body.status, &body.note).await?;
    Ok(web::Json(PlanTaskView::new(&task, state.clock.now())))
}
