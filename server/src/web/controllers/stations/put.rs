use actix_web::{HttpResponse, put, web};
use serde::Deserialize;
use utoipa::ToSchema;

use crate::app::error::AppError;
use crate::app::state::AppState;
use crate::domain::Localized;
use crate::domain::reference::StationRecord;
use crate::domain::report::GeoPoint;
use crate::web::auth::AdminOnly;
use crate::web::controllers::directory::{RecordInput, put_record};
use crate::web::extract::json::JsonBody;
use crate::web::problem::Problem;

/// A station's directory entry.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct StationInput {
    pub name: Localized,
    pub address: String,
    #[serde(default)]
    pub location: Option<GeoPoint>,
    pub opening_hours: Localized,
    /// Code of the area the station belongs to.
    #[serde(default)]
    pub area: Option<String>,
    /// Codes of the areas whose reports the station handles.
    #[serde(default)]
    pub covers: Vec<String>,
}

/// Creates or replaces a station (administrators). Recorded in the audit log.
#[utoipa::path(
    tag = "directory",
    security(("bearer" = [])),
    params(("code" = String, Path, description = "Station code.", example = "XH-02")),
    request_body = StationInput,
    responses(
        (status = 200, description = "Replaced.", body = StationRecord),
        (status = 201, description = "Created.", body = StationRecord),
        (status = 403, description = "`forbidden`: administrators only.", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`invalid_directory` or `validation_failed`.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[put("/stations/{code}")]
pub async fn handler(
    state: web::Data<AppState>,
    admin: AdminOnly,
    path: web::Path<String>,
    JsonBody(body): JsonBody<StationInput>,
) -> Result<HttpResponse, AppError> {
    put_record(&state, &admin, path.into_inner(), body).await
}

impl RecordInput for StationInput {
    type Record = StationRecord;
    fn with_code(self, code: String) -> StationRecord {
        StationRecord {
            code,
            name: self.name,
            address: self.address,
            location: self.location,
            opening_hours: self.opening_hours,
            area: self.area,
            covers: self.covers,
        }
    }
}
