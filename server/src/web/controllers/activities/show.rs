use actix_web::{get, web};
use uuid::Uuid;

use super::ActivityView;
use crate::app::activities;
use crate::app::error::AppError;
use crate::app::state::AppState;
use crate::web::auth::Authenticated;
use crate::web::problem::Problem;

/// One activity with its attendance and photos: for its station's staff, the committee, administrators and
/// the deputies it concerns.
#[utoipa::path(
    tag = "duty",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The activity's id.")),
    responses(
        (status = 200, description = "The activity.", body = ActivityView),
        (status = 404, description = "`activity_not_found` (also when it is not yours to see).", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/activities/{id}")]
pub async fn handler(
    state: web::Data<AppState>,
    Authenticated(principal): Authenticated,
    path: web::Path<Uuid>,
) -> Result<web::Json<ActivityView>, AppError> {
    let record = activities::show(&state, &principal, path.into_inner()).await?;
    Ok(web::Json(ActivityView::new(&record, &principal, &state.public_url)))
}
