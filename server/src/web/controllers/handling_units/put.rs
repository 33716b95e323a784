use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use serde::Deserialize;
use utoipa::ToSchema;

use crate::app::directory_edit::upsert;
use crate::app::error::AppError;
use crate::app::state::AppState;
use crate::domain::Localized;
use crate::domain::reference::HandlingUnitRecord;
use crate::domain::report::ActorKind;
use crate::web::auth::AdminOnly;
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
    put,
    path = "/api/v1/handling-units/{code}",
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
pub async fn handler(
    state: web::Data<AppState>,
    admin: AdminOnly,
    path: web::Path<String>,
    JsonBody(body): JsonBody<HandlingUnitInput>,
) -> Result<HttpResponse, AppError> {
    let after = HandlingUnitRecord { code: path.into_inner(), name: body.name };
    let created =
        upsert(&state.storage, &state.directory, (ActorKind::Admin, Some(admin.account_id)), after.clone()).await?;
    let status = if created { StatusCode::CREATED } else { StatusCode::OK };
    Ok(HttpResponse::build(status).json(after))
}
