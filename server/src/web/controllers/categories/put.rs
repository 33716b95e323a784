use actix_web::{HttpResponse, put, web};
use serde::Deserialize;
use utoipa::ToSchema;

use crate::app::error::AppError;
use crate::app::state::AppState;
use crate::domain::Localized;
use crate::domain::emergency::EmergencyLine;
use crate::domain::reference::CategoryRecord;
use crate::web::auth::AdminOnly;
use crate::web::controllers::directory::{RecordInput, put_record};
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
    /// The drawing kiosks and phones show (a name from their set; lower-case letters, digits, `_`).
    #[serde(default)]
    #[schema(example = "property_management")]
    pub icon: Option<String>,
    /// Phrases a resident can tap to describe a problem (at most 12, each 1–40 characters per language).
    #[serde(default)]
    pub phrases: Vec<Localized>,
    /// Hours on the clock (1–720) to assess or accept an urgent report, instead of working days.
    #[serde(default)]
    #[schema(example = 2, minimum = 1, maximum = 720)]
    pub accept_deadline_hours: Option<u16>,
    /// Hours on the clock (1–720) for a handling unit's reply, instead of working days.
    #[serde(default)]
    #[schema(minimum = 1, maximum = 720)]
    pub reply_deadline_hours: Option<u16>,
    /// Hours on the clock (1–720) from acceptance to the answer, instead of working days.
    #[serde(default)]
    #[schema(example = 24, minimum = 1, maximum = 720)]
    pub answer_deadline_hours: Option<u16>,
    /// Numbers to call now, shown before filing: `110`, `119`, `120`, `12345`.
    #[serde(default)]
    pub emergency: Vec<EmergencyLine>,
}

fn accept_days() -> u16 {
    3
}

fn answer_days() -> u16 {
    15
}

/// Creates or replaces a category (administrators); a new one is shown last. Recorded in the audit log.
#[utoipa::path(
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
#[put("/categories/{code}")]
pub async fn handler(
    state: web::Data<AppState>,
    admin: AdminOnly,
    path: web::Path<String>,
    JsonBody(body): JsonBody<CategoryInput>,
) -> Result<HttpResponse, AppError> {
    put_record(&state, &admin, path.into_inner(), body).await
}

impl RecordInput for CategoryInput {
    type Record = CategoryRecord;
    fn with_code(self, code: String) -> CategoryRecord {
        CategoryRecord {
            code,
            name: self.name,
            description: self.description,
            reply_deadline_working_days: self.reply_deadline_working_days,
            accept_deadline_working_days: self.accept_deadline_working_days,
            answer_deadline_working_days: self.answer_deadline_working_days,
            sensitive: self.sensitive,
            icon: self.icon,
            phrases: self.phrases,
            accept_deadline_hours: self.accept_deadline_hours,
            reply_deadline_hours: self.reply_deadline_hours,
            answer_deadline_hours: self.answer_deadline_hours,
            emergency: self.emergency,
        }
    }
}
