use actix_web::{delete, web};

use super::staff_may_edit;
use crate::app::directory_edit::{Edit, apply};
use crate::app::error::{AppError, ErrorCode};
use crate::app::state::AppState;
use crate::domain::reference::{DeputyRecord, ReferenceData};
use crate::domain::routing::DeputyStatus;
use crate::web::auth::StaffOrAdmin;
use crate::web::problem::Problem;

/// Marks a deputy as having left (staff of the deputy's stations, and administrators). The entry stays, so
/// the reports they handled keep their history; they get no new reports and vanish from public pages.
#[utoipa::path(
    tag = "directory",
    security(("bearer" = [])),
    params(("code" = String, Path, description = "Deputy code.", example = "D-016")),
    responses(
        (status = 200, description = "The entry, now `left`.", body = DeputyRecord),
        (status = 403, description = "`forbidden`: not staff of the deputy's stations.", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "`deputy_not_found`.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[delete("/deputies/{code}")]
pub async fn handler(
    state: web::Data<AppState>,
    StaffOrAdmin(principal): StaffOrAdmin,
    path: web::Path<String>,
) -> Result<web::Json<DeputyRecord>, AppError> {
    let stored = state.storage.export_reference_data().await?;
    let before = stored
        .deputies
        .iter()
        .find(|d| d.code == *path)
        .cloned()
        .ok_or_else(|| AppError::new(ErrorCode::DeputyNotFound, format!("There is no deputy `{path}`.")))?;
    let after = DeputyRecord { status: DeputyStatus::Left, ..before.clone() };
    staff_may_edit(&state, &principal, Some(&before), &after).await?;
    let edit = Edit {
        change: ReferenceData { deputies: vec![after.clone()], ..Default::default() },
        action: "directory.deputy.retire".into(),
        subject: format!("deputy:{}", after.code),
        before: Some(before),
        after: after.clone(),
        actor: (principal.actor_kind(), Some(principal.subject_id())),
    };
    apply(&state.storage, &state.directory, stored, edit).await?;
    Ok(web::Json(after))
}
