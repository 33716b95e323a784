use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use serde::Deserialize;
use utoipa::ToSchema;

use crate::auth::AdminOnly;
use crate::domain::Localized;
use crate::domain::reference::{HandlingUnitRecord, ReferenceData};
use crate::domain::report::ActorKind;
use crate::editing::{Edit, apply};
use crate::errors::{ApiError, Problem};
use crate::extract::json::JsonBody;
use crate::state::AppState;

/// A handling unit's entry.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct HandlingUnitInput {
    pub name: Localized,
}

/// Creates or renames a handling unit (administrators). Recorded in the audit log.
#[utoipa::path(
    put,
    path = "/api/v1/handling-units/{code}",
    tag = "directory",
    security(("bearer" = [])),
    params(("code" = String, Path, description = "Unit code.", example = "HP-CG")),
    request_body = HandlingUnitInput,
    responses(
        (status = 200, description = "Renamed.", body = HandlingUnitRecord),
        (status = 201, description = "Created.", body = HandlingUnitRecord),
        (status = 401, description = "`unauthenticated` or `invalid_token`.", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "`forbidden`: administrators only.", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`invalid_directory`.", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn handler(
    state: web::Data<AppState>,
    admin: AdminOnly,
    path: web::Path<String>,
    JsonBody(body): JsonBody<HandlingUnitInput>,
) -> Result<HttpResponse, ApiError> {
    let stored = state.storage.export_reference_data().await?;
    let before = stored.handling_units.iter().find(|u| u.code == *path).cloned();
    let after = HandlingUnitRecord { code: path.into_inner(), name: body.name };
    let status = if before.is_some() { StatusCode::OK } else { StatusCode::CREATED };
    let edit = Edit {
        change: ReferenceData { handling_units: vec![after.clone()], ..Default::default() },
        action: if before.is_some() { "directory.handling_unit.update" } else { "directory.handling_unit.create" },
        subject: format!("handling_unit:{}", after.code),
        before,
        after: after.clone(),
        actor: (ActorKind::Admin, Some(admin.account_id)),
    };
    apply(&state.storage, &state.directory, stored, edit).await?;
    Ok(HttpResponse::build(status).json(after))
}
