use actix_web::{HttpResponse, get, post, put, web};
use serde::Deserialize;
use utoipa::IntoParams;
use uuid::Uuid;

use super::{PlanTaskInput, PlanTaskList, PlanTaskView};
use crate::app::error::AppError;
use crate::app::plan;
use crate::app::state::AppState;
use crate::domain::duty::plan::OwnerKind;
use crate::web::auth::Authenticated;
use crate::web::extract::json::JsonBody;
use crate::web::problem::Problem;

/// Which year, and optionally whose tasks.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct PlanQuery {
    #[param(example = 2026)]
    pub year: i32,
    /// Only the tasks of this kind of owner.
    #[param(value_type = Option<OwnerKind>, inline)]
    pub owner_kind: Option<OwnerKind>,
    /// With `owner_kind` `station` or `deputy`: whose.
    pub owner: Option<String>,
}

/// A year's annual plan, by due date: for deputies, station staff, the committee and administrators.
#[utoipa::path(
    tag = "duty",
    security(("bearer" = [])),
    params(PlanQuery),
    responses(
        (status = 200, description = "The tasks.", body = PlanTaskList),
        (status = 400, description = "`invalid_query`: a year from 2000 to next year.", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "`forbidden`.", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`validation_failed`: an unknown owner.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/plan-tasks")]
pub async fn list(
    state: web::Data<AppState>,
    Authenticated(principal): Authenticated,
    query: web::Query<PlanQuery>,
) -> Result<web::Json<PlanTaskList>, AppError> {
    let only = query.owner_kind.map(|kind| (kind, query.owner.as_deref()));
    let now = state.clock.now();
    let items =
        plan::of_year(&state, &principal, query.year, only).await?.iter().map(|t| PlanTaskView::new(t, now)).collect();
    Ok(web::Json(PlanTaskList { items }))
}

/// Adds a task to a year's plan (the committee, administrators).
#[utoipa::path(
    tag = "duty",
    security(("bearer" = [])),
    request_body = PlanTaskInput,
    responses(
        (status = 201, description = "Added.", body = PlanTaskView),
        (status = 400, description = "`invalid_query`: a year from 2000 to next year.", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "`forbidden`.", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`validation_failed`.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/plan-tasks")]
pub async fn create(
    state: web::Data<AppState>,
    Authenticated(principal): Authenticated,
    JsonBody(body): JsonBody<PlanTaskInput>,
) -> Result<HttpResponse, AppError> {
    let task = plan::create(&state, &principal, body.year, body.task()).await?;
    Ok(HttpResponse::Created().json(PlanTaskView::new(&task, state.clock.now())))
}

/// Rewrites a task's words, date and owner (the committee, administrators); its year stays.
#[utoipa::path(
    tag = "duty",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The task.")),
    request_body = PlanTaskInput,
    responses(
        (status = 200, description = "Rewritten.", body = PlanTaskView),
        (status = 403, description = "`forbidden`.", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "`plan_task_not_found`.", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`validation_failed`.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[put("/plan-tasks/{id}")]
pub async fn edit(
    state: web::Data<AppState>,
    Authenticated(principal): Authenticated,
    path: web::Path<Uuid>,
    JsonBody(body): JsonBody<PlanTaskInput>,
) -> Result<web::Json<PlanTaskView>, AppError> {
    let task = plan::edit(&state, &principal, path.into_inner(), body.task()).await?;
    Ok(web::Json(PlanTaskView::new(&task, state.clock.now())))
}
