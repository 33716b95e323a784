use actix_web::{HttpResponse, put, web};
use serde::Deserialize;
use utoipa::ToSchema;

use crate::app::error::AppError;
use crate::app::state::AppState;
use crate::domain::Localized;
use crate::domain::reference::HandlingUnitRecord;
use crate::web::auth::AdminOnly;
use crate::web::controllers::directory::{RecordInput, put_record};
use crate::web::extract::json::JsonBody;
use crate::web::problem::Problem;

/// A handling unit's entry.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct HandlingUnitInput {
    pub name: Localized,
}

/// Creates or renames a handling unit (administrators). Recorded in the audit log.
#[utoipa::path(
    tag = "directory",
    security(("bearer" = [])),
    params(("code" = String, Path, description = "Unit code.", example = "HP-CG")),
    request_body = HandlingUnitInput,
    responses(
        (status = 200, description = "Renamed.", body = HandlingUnitRecord),
        (status = 201, description = "Created.", body = HandlingUnitRecord),
        (status = 403, description = "`forbidden`: administrators only.", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`invalid_directory` or `validation_failed`.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[put("/handling-units/{code}")]
pub async fn handler(
    state: web::Data<AppState>,
    admin: AdminOnly,
    path: web::Path<String>,
    JsonBody(body): JsonBody<HandlingUnitInput>,
) -> Result<HttpResponse, AppError> {
    put_record(&state, &admin, path.into_inner(), body).await
}

impl RecordInput for HandlingUnitInput {
    type Record = HandlingUnitRecord;
    fn with_code(self, code: String) -> HandlingUnitRecord {
        HandlingUnitRecord { code, name: self.name }
    }
}
