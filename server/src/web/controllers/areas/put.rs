use actix_web::{HttpResponse, put, web};
use serde::Deserialize;
use utoipa::ToSchema;

use crate::app::error::AppError;
use crate::app::state::AppState;
use crate::domain::Localized;
use crate::domain::reference::{AreaKind, AreaRecord};
use crate::web::auth::AdminOnly;
use crate::web::controllers::directory::{RecordInput, put_record};
use crate::web::extract::json::JsonBody;
use crate::web::problem::Problem;

/// An area's directory entry.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AreaInput {
    pub kind: AreaKind,
    pub name: Localized,
    /// Code of the enclosing area; none only for a district.
    #[serde(default)]
    pub parent: Option<String>,
    /// A GeoJSON Polygon or MultiPolygon; grids need one to be found from a location.
    #[serde(default)]
    #[schema(value_type = Option<Object>)]
    pub boundary: Option<serde_json::Value>,
}

/// Creates or replaces an area and its boundary (administrators). Recorded in the audit log; routing uses
/// the new boundary at once.
#[utoipa::path(
    tag = "directory",
    security(("bearer" = [])),
    params(("code" = String, Path, description = "Area code.", example = "HP-XH-HX-G3")),
    request_body = AreaInput,
    responses(
        (status = 200, description = "Replaced.", body = AreaRecord),
        (status = 201, description = "Created.", body = AreaRecord),
        (status = 403, description = "`forbidden`: administrators only.", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`invalid_directory` (unknown parent, wrong level, bad polygon, …) or `validation_failed`.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[put("/areas/{code}")]
pub async fn handler(
    state: web::Data<AppState>,
    admin: AdminOnly,
    path: web::Path<String>,
    JsonBody(body): JsonBody<AreaInput>,
) -> Result<HttpResponse, AppError> {
    put_record(&state, &admin, path.into_inner(), body).await
}

impl RecordInput for AreaInput {
    type Record = AreaRecord;
    fn with_code(self, code: String) -> AreaRecord {
        AreaRecord { code, kind: self.kind, name: self.name, parent: self.parent, boundary: self.boundary }
    }
}
