use actix_web::http::StatusCode;
use actix_web::{HttpResponse, post, web};
use chrono::{DateTime, Utc};
use serde::Deserialize;
use utoipa::ToSchema;

use super::ActivityView;
use crate::app::activities;
use crate::app::error::AppError;
use crate::app::state::AppState;
use crate::domain::duty::activity::{ActivityKind, plan};
use crate::web::auth::StaffOrAdmin;
use crate::web::controllers::stations::managed_station;
use crate::web::extract::json::JsonBody;
use crate::web::problem::Problem;

/// An activity as staff plan it.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ActivityInput {
    pub kind: ActivityKind,
    /// Only for inspections: straight to the site without notice (暗访).
    #[serde(default)]
    pub unannounced: bool,
    #[schema(example = "视察老旧小区加装电梯")]
    pub title: String,
    #[serde(default)]
    pub topic: String,
    #[serde(default)]
    #[schema(example = "新华路街道幸福里小区")]
    pub place: String,
    pub starts_at: DateTime<Utc>,
    /// After the start, within a week.
    pub ends_at: DateTime<Utc>,
    /// Codes of the deputies invited.
    #[serde(default)]
    pub invited: Vec<String>,
}

/// Plans an activity at the station (its staff and administrators), inviting deputies; recorded in the audit
/// log. The answer carries the check-in QR code deputies scan on the day.
#[utoipa::path(
    tag = "duty",
    security(("bearer" = [])),
    params(("code" = String, Path, description = "Station code.", example = "XH-01")),
    request_body = ActivityInput,
    responses(
        (status = 201, description = "Planned.", body = ActivityView),
        (status = 403, description = "`forbidden`: not staff of this station.", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "`station_not_found`.", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`validation_failed`: no title, ends before it starts, unknown deputies, unannounced but not an inspection.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/stations/{code}/activities")]
pub async fn handler(
    state: web::Data<AppState>,
    StaffOrAdmin(principal): StaffOrAdmin,
    path: web::Path<String>,
    JsonBody(body): JsonBody<ActivityInput>,
) -> Result<HttpResponse, AppError> {
    let station = managed_station(&state, &principal, &path).await?;
    let plan = plan(body.kind, body.unannounced, &body.title, &body.topic, &body.place, body.starts_at, body.ends_at)
        .map_err(AppError::validation)?;
    let record = activities::create(&state, &principal, &station, &plan, &body.invited).await?;
    Ok(HttpResponse::build(StatusCode::CREATED).json(ActivityView::new(&record, &principal, &state.public_url)))
}
