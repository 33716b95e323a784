use actix_web::{HttpResponse, delete, web};
use uuid::Uuid;

use crate::app::error::{AppError, ErrorCode};
use crate::app::state::AppState;
use crate::storage::audit::NewAuditEntry;
use crate::web::auth::StaffOrAdmin;
use crate::web::problem::Problem;

/// Revokes a kiosk: its tokens stop working at once and its enrollment code, if unused, too. Staff of the
/// kiosk's station and administrators; anyone else gets the same 404 as for a kiosk that does not exist.
#[utoipa::path(
    tag = "kiosks",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The kiosk's id.")),
    responses(
        (status = 204, description = "Revoked (or already revoked)."),
        (status = 403, description = "`forbidden`: not staff or an administrator.", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "`kiosk_not_found`.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[delete("/kiosks/{id}")]
pub async fn handler(
    state: web::Data<AppState>,
    StaffOrAdmin(principal): StaffOrAdmin,
    path: web::Path<Uuid>,
) -> Result<HttpResponse, AppError> {
    let kiosk = state
        .storage
        .find_kiosk(path.into_inner())
        .await?
        .filter(|k| principal.manages_station(k.station_id))
        .ok_or_else(|| AppError::new(ErrorCode::KioskNotFound, "No kiosk with this id is yours to manage."))?;
    if kiosk.revoked_at.is_none() {
        state.storage.revoke_kiosk(kiosk.id).await?;
        state
            .storage
            .append_audit(NewAuditEntry {
                actor_kind: principal.actor_kind(),
                actor_id: Some(principal.subject_id()),
                action: "kiosk.revoke",
                report_id: None,
                reason: Some(&format!("kiosk {}", kiosk.id)),
                subject: None,
                detail: None,
            })
            .await?;
        tracing::info!(kiosk = %kiosk.id, "kiosk revoked");
    }
    Ok(HttpResponse::NoContent().finish())
}
