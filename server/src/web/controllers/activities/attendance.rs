use actix_web::{put, web};
use serde::Deserialize;
use utoipa::ToSchema;
use uuid::Uuid;

use super::AttendanceView;
use crate::app::activities;
use crate::app::error::AppError;
use crate::app::state::AppState;
use crate::domain::duty::activity::Attendance;
use crate::web::auth::StaffOrAdmin;
use crate::web::extract::json::JsonBody;
use crate::web::problem::Problem;

/// A deputy's attendance as staff mark it.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AttendanceInput {
    pub attendance: Attendance,
}

/// Marks a deputy present, absent or excused at an activity, or back to only invited (its station's staff
/// and administrators); presence and absence once the activity is near. Recorded in the audit log.
#[utoipa::path(
    tag = "duty",
    security(("bearer" = [])),
    params(
        ("id" = Uuid, Path, description = "The activity's id."),
        ("deputy" = String, Path, description = "Deputy code.", example = "D-003"),
    ),
    request_body = AttendanceInput,
    responses(
        (status = 200, description = "Recorded.", body = AttendanceView),
        (status = 403, description = "`forbidden`.", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "`activity_not_found` or `deputy_not_found`.", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`invalid_transition`: presence before the activity, or a cancelled one.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[put("/activities/{id}/attendance/{deputy}")]
pub async fn handler(
    state: web::Data<AppState>,
    StaffOrAdmin(principal): StaffOrAdmin,
    path: web::Path<(Uuid, String)>,
    JsonBody(body): JsonBody<AttendanceInput>,
) -> Result<web::Json<AttendanceView>, AppError> {
    let (id, code) = path.into_inner();
    let record = activities::mark(&state, &principal, id, &code, body.attendance).await?;
    let deputy = state.storage.find_deputy_by_id(record.deputy_id).await?;
    let (code, name) = deputy.map(|d| (d.code, d.name)).unwrap_or_default();
    Ok(web::Json(AttendanceView::new(&record, &code, &name)))
}
