use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use serde::Deserialize;
use utoipa::ToSchema;

use crate::app::directory_edit::upsert;
use crate::app::error::AppError;
use crate::app::state::AppState;
use crate::domain::reference::BuildingRecord;
use crate::domain::report::ActorKind;
use crate::web::auth::AdminOnly;
use crate::web::extract::json::JsonBody;
use crate::web::problem::Problem;

/// A building's directory entry.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BuildingInput {
    #[schema(example = "和谐里3号楼")]
    pub name: String,
    #[schema(example = "和平区和谐路16号")]
    pub address: String,
    /// Code of the grid (or community) it stands in.
    #[serde(default)]
    pub grid: Option<String>,
}

/// Creates or replaces a building (administrators). Recorded in the audit log.
#[utoipa::path(
    put,
    path = "/api/v1/buildings/{code}",
    tag = "directory",
    security(("bearer" = [])),
    params(("code" = String, Path, description = "Building code.", example = "HP-XH-HX-G1-B3")),
    request_body = BuildingInput,
    responses(
        (status = 200, description = "Replaced.", body = BuildingRecord),
        (status = 201, description = "Created.", body = BuildingRecord),
        (status = 403, description = "`forbidden`: administrators only.", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`invalid_directory` or `validation_failed`.", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn handler(
    state: web::Data<AppState>,
    admin: AdminOnly,
    path: web::Path<String>,
    JsonBody(body): JsonBody<BuildingInput>,
) -> Result<HttpResponse, AppError> {
    let after = BuildingRecord { code: path.into_inner(), name: body.name, address: body.address, grid: body.grid };
    let created =
        upsert(&state.storage, &state.directory, (ActorKind::Admin, Some(admin.account_id)), after.clone()).await?;
    let status = if created { StatusCode::CREATED } else { StatusCode::OK };
    Ok(HttpResponse::build(status).json(after))
}
