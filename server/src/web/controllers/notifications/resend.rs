use actix_web::{post, web};
use uuid::Uuid;

use super::NoticeView;
use crate::app::error::{AppError, ErrorCode};
use crate::app::state::AppState;
use crate::storage::audit::NewAuditEntry;
use crate::web::auth::StaffOrAdmin;
use crate::web::problem::Problem;

/// Sends a dead (or still pending) notice again from its first attempt (staff of the report's station and
/// administrators). Recorded in the audit log.
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
    let id = path.into_inner();
    let not_found = || AppError::new(ErrorCode::NotFound, "No such notice is visible to you.");
    let notice = state.storage.find_notice(id).await?.ok_or_else(not_found)?;
    let report = state.storage.find_report(notice.report_id).await?.ok_or_else(not_found)?;
    if !principal.may_read_report(&report.scope()) {
        return Err(not_found());
    }
    if !state.storage.resend_notice(id).await? {
        return Err(AppError::new(ErrorCode::Conflict, "It was delivered; there is nothing to send again."));
    }
    state
        .storage
        .append_audit(NewAuditEntry {
            actor_kind: principal.actor_kind(),
            actor_id: Some(principal.subject_id()),
            action: "notification.resend",
            report_id: Some(report.id),
            reason: None,
            subject: Some(format!("notification:{id}")),
            detail: None,
        })
        .await?;
    let (notice, attempts) = state
        .storage
        .list_notices(Some(report.id), None, 200)
        .await?
        .into_iter()
        .find(|(n, _)| n.id == id)
        .ok_or_else(not_found)?;
    Ok(web::Json(NoticeView::new(notice, attempts)))
}
