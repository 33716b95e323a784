use actix_web::{HttpResponse, delete, web};
use uuid::Uuid;

use crate::app::error::{AppError, ErrorCode};
use crate::app::state::AppState;
use crate::storage::audit::NewAuditEntry;
use crate::web::auth::StaffOrAdmin;
use crate::web::problem::Problem;

/// Cancels a reception slot (staff of its station and administrators). Recorded in the audit log.
#[utoipa::path(
    tag = "directory",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Reception slot id.")),
    responses(
        (status = 204, description = "Cancelled."),
        (status = 403, description = "`forbidden`: not staff of its station.", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "`reception_day_not_found`.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[delete("/reception-days/{id}")]
pub async fn handler(
    state: web::Data<AppState>,
    StaffOrAdmin(principal): StaffOrAdmin,
    path: web::Path<Uuid>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let not_found = || AppError::new(ErrorCode::ReceptionDayNotFound, "There is no such reception day.");
    let slot = state.storage.find_reception_day(id).await?.ok_or_else(not_found)?;
    if !principal.manages_station(slot.station_id) {
        return Err(AppError::new(ErrorCode::Forbidden, "You are not on the staff of this station."));
    }
    let detail = serde_json::json!({ "before": slot.record(), "after": null }).to_string();
    let entry = NewAuditEntry {
        actor_kind: principal.actor_kind(),
        actor_id: Some(principal.subject_id()),
        action: "directory.reception_day.delete",
        report_id: None,
        reason: None,
        subject: Some(format!("reception_day:{}", slot.record().key())),
        detail: Some(detail),
    };
    if !state.storage.delete_reception_day(id, entry).await? {
        return Err(not_found());
    }
    Ok(HttpResponse::NoContent().finish())
}
