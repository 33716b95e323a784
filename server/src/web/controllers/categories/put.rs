use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use serde::Deserialize;
use utoipa::ToSchema;

use crate::app::directory_edit::upsert;
use crate::app::error::AppError;
use crate::app::state::AppState;
use crate::domain::Localized;
use crate::domain::reference::CategoryRecord;
use crate::domain::report::ActorKind;
use crate::web::auth::AdminOnly;
use crate::web::extract::json::JsonBody;
use crate::web::problem::Problem;

/// A category's entry.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CategoryInput {
    pub name: Localized,
    pub description: Localized,
    /// Working days a handling unit has to reply once a report is forwarded (1–130).
    #[schema(example = 10, minimum = 1, maximum = 130)]
    pub reply_deadline_working_days: u16,
    /// Working days to assess or accept a report (1–130, default 3).
    #[serde(default = "accept_days")]
    #[schema(example = 3, minimum = 1, maximum = 130)]
    pub accept_deadline_working_days: u16,
    /// Working days from acceptance to the citizen's answer (1–130, default 15).
    #[serde(default = "answer_days")]
    #[schema(example = 15, minimum = 1, maximum = 130)]
    pub answer_deadline_working_days: u16,
    /// Staff assess every report of this category before anyone is assigned.
    #[serde(default)]
    pub sensitive: bool,
}

fn accept_days() -> u16 {
    3
}

fn answer_days() -> u16 {
    15
}

/// Creates or replaces a category (administrators); a new one is shown last. Recorded in the audit log.
#[utoipa::path(
    put,
    path = "/api/v1/categories/{code}",
    tag = "directory",
    security(("bearer" = [])),
    params(("code" = String, Path, description = "Category code.", example = "environment")),
    request_body = CategoryInput,
    responses(
        (status = 200, description = "Replaced.", body = CategoryRecord),
        (status = 201, description = "Created.", body = CategoryRecord),
        (status = 403, description = "`forbidden`: administrators only.", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`invalid_directory` or `validation_failed`.", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn handler(
    state: web::Data<AppState>,
    admin: AdminOnly,
    path: web::Path<String>,
    JsonBody(body): JsonBody<CategoryInput>,
) -> Result<HttpResponse, AppError> {
    let after = CategoryRecord {
        code: path.into_inner(),
        name: body.name,
        description: body.description,
        reply_deadline_working_days: body.reply_deadline_working_days,
        accept_deadline_working_days: body.accept_deadline_working_days,
        answer_deadline_working_days: body.answer_deadline_working_days,
        sensitive: body.sensitive,
    };
    let created =
        upsert(&state.storage, &state.directory, (ActorKind::Admin, Some(admin.account_id)), after.clone()).await?;
    let status = if created { StatusCode::CREATED } else { StatusCode::OK };
    Ok(HttpResponse::build(status).json(after))
}
