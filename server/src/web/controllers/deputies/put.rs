use actix_web::http::StatusCode;
use actix_web::{HttpResponse, put, web};
use serde::Deserialize;
use utoipa::ToSchema;

use super::staff_may_edit;
use crate::app::directory_edit::{Edit, apply};
use crate::app::error::AppError;
use crate::app::state::AppState;
use crate::domain::Localized;
use crate::domain::reference::{DeputyRecord, NotifyChannel, ReferenceData};
use crate::domain::routing::DeputyStatus;
use crate::web::auth::StaffOrAdmin;
use crate::web::extract::json::JsonBody;
use crate::web::problem::Problem;

/// A deputy's directory entry, as staff write it.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DeputyInput {
    pub name: Localized,
    /// `national`, `provincial`, `city`, `district` or `township`.
    #[schema(example = "district")]
    pub level: String,
    #[serde(default)]
    pub constituency: String,
    #[serde(default = "active")]
    pub status: DeputyStatus,
    /// Station codes.
    #[serde(default)]
    pub stations: Vec<String>,
    /// Grid and community codes the deputy is the contact for (联系网格).
    #[serde(default)]
    pub areas: Vec<String>,
    /// Building codes the deputy is the contact for.
    #[serde(default)]
    pub buildings: Vec<String>,
    /// Category codes the deputy knows well.
    #[serde(default)]
    pub specialties: Vec<String>,
    #[serde(default)]
    pub profile: Option<Localized>,
    /// How the deputy is notified of new reports, most preferred first.
    #[serde(default)]
    pub channels: Vec<NotifyChannel>,
}

fn active() -> DeputyStatus {
    DeputyStatus::Active
}

/// Creates or replaces a deputy's directory entry (staff of every station the deputy had or will have, and
/// administrators). Checked with the whole directory; recorded in the audit log; routing uses it at once.
#[utoipa::path(
    tag = "directory",
    security(("bearer" = [])),
    params(("code" = String, Path, description = "Deputy code.", example = "D-017")),
    request_body = DeputyInput,
    responses(
        (status = 200, description = "Replaced.", body = DeputyRecord),
        (status = 201, description = "Created.", body = DeputyRecord),
        (status = 403, description = "`forbidden`: not staff of the deputy's stations.", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`invalid_directory` (unknown codes, bad level, …) or `validation_failed`.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[put("/deputies/{code}")]
pub async fn handler(
    state: web::Data<AppState>,
    StaffOrAdmin(principal): StaffOrAdmin,
    path: web::Path<String>,
    JsonBody(body): JsonBody<DeputyInput>,
) -> Result<HttpResponse, AppError> {
    let stored = state.storage.export_reference_data().await?;
    let before = stored.deputies.iter().find(|d| d.code == *path).cloned();
    let after = DeputyRecord {
        code: path.into_inner(),
        name: body.name,
        level: body.level,
        constituency: body.constituency,
        status: body.status,
        stations: body.stations,
        areas: body.areas,
        buildings: body.buildings,
        specialties: body.specialties,
        profile: body.profile,
        channels: body.channels,
    };
    staff_may_edit(&state, &principal, before.as_ref(), &after).await?;
    let status = if before.is_some() { StatusCode::OK } else { StatusCode::CREATED };
    let action = if before.is_some() { "directory.deputy.update" } else { "directory.deputy.create" }.to_owned();
    let edit = Edit {
        change: ReferenceData { deputies: vec![after.clone()], ..Default::default() },
        action,
        subject: format!("deputy:{}", after.code),
        before,
        after: after.clone(),
        actor: (principal.actor_kind(), Some(principal.subject_id())),
    };
    apply(&state.storage, &state.directory, stored, edit).await?;
    Ok(HttpResponse::build(status).json(after))
}
