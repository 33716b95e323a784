use actix_web::{post, web};
use uuid::Uuid;

use super::NoticeView;
use crate::app::error::AppError;
use crate::app::state::AppState;
use crate::web::auth::StaffOrAdmin;
use crate::web::problem::Problem;

/// Sends a dead (or still pending) notice again from its first attempt (staff of the report's station, or
/// of the booked station for a resident's booking notice, and administrators). Recorded in the audit log.
#[utoipa::path(
    tag = "notifications",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The notice's id.")),
    responses(
        (status = 200, description = "Queued again.", body = NoticeView),
        (status = 403, description = "`forbidden`.", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "`not_found`.", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`conflict`: it was delivered.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/notifications/{id}/resend")]
pub async fn handler(
    state: web::Data<AppState>,
    StaffOrAdmin(principal): StaffOrAdmin,
    path: web::Path<Uuid>,
) -> Result<web::Json<NoticeView>, AppError> {
    let (notice, attempts) = crate::app::notices::resend(&state, &principal, path.into_inner()).await?;
    Ok(web::Json(NoticeView::new(notice, attempts)))
}
