use actix_web::{HttpResponse, put, web};
use serde::Deserialize;
use utoipa::ToSchema;

use crate::app::error::AppError;
use crate::app::state::AppState;
use crate::domain::reference::BuildingRecord;
use crate::web::auth::AdminOnly;
use crate::web::controllers::directory::{RecordInput, put_record};
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
#[put("/buildings/{code}")]
pub async fn handler(
    state: web::Data<AppState>,
    admin: AdminOnly,
    path: web::Path<String>,
    JsonBody(body): JsonBody<BuildingInput>,
) -> Result<HttpResponse, AppError> {
    put_record(&state, &admin, path.into_inner(), body).await
}

impl RecordInput for BuildingInput {
    type Record = BuildingRecord;
    fn with_code(self, code: String) -> BuildingRecord {
        BuildingRecord { code, name: self.name, address: self.address, grid: self.grid }
    }
}
