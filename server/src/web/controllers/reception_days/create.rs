use actix_web::http::StatusCode;
use actix_web::{HttpResponse, post, web};
use chrono::{Duration, NaiveDate};
use serde::Deserialize;
use utoipa::ToSchema;

use super::ReceptionDayView;
use crate::app::directory_edit::{Edit, apply};
use crate::app::error::{AppError, ErrorCode};
use crate::app::state::AppState;
use crate::domain::Localized;
use crate::domain::reference::ReferenceData;
use crate::domain::report::FieldError;
use crate::domain::schedule::{ReceptionRecord, at, parse_time};
use crate::web::auth::StaffOrAdmin;
use crate::web::controllers::stations::managed_station;
use crate::web::extract::json::JsonBody;
use crate::web::problem::Problem;

/// A reception slot to schedule.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReceptionDayInput {
    /// Local date in China, 2000–2100.
    #[schema(value_type = String, format = Date, example = "2026-12-02")]
    pub date: NaiveDate,
    /// Local time, `HH:MM`.
    #[schema(example = "09:00", pattern = r"^([01][0-9]|2[0-3]):[0-5][0-9]$")]
    pub start: String,
    #[schema(example = "11:30", pattern = r"^([01][0-9]|2[0-3]):[0-5][0-9]$")]
    pub end: String,
    /// Deputy codes, at least one.
    #[schema(min_items = 1)]
    pub deputies: Vec<String>,
    #[serde(default)]
    pub note: Option<Localized>,
    /// Places for residents who book ahead, 0–500 (10 for a new slot when left out; unchanged otherwise).
    #[serde(default)]
    #[schema(example = 10, minimum = 0, maximum = 500)]
    pub capacity: Option<i32>,
}

/// Schedules a reception slot at the station, or replaces the one that starts at the same time (staff of
/// the station and administrators). Recorded in the audit log.
#[utoipa::path(
    tag = "directory",
    security(("bearer" = [])),
    params(("code" = String, Path, description = "Station code.", example = "XH-01")),
    request_body = ReceptionDayInput,
    responses(
        (status = 200, description = "Replaced the slot with the same start.", body = ReceptionDayView),
        (status = 201, description = "Scheduled.", body = ReceptionDayView),
        (status = 403, description = "`forbidden`: not staff of this station.", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "`station_not_found`.", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`validation_failed` (times) or `invalid_directory` (unknown deputies, ends before it starts).", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/stations/{code}/reception-days")]
pub async fn handler(
    state: web::Data<AppState>,
    StaffOrAdmin(principal): StaffOrAdmin,
    path: web::Path<String>,
    JsonBody(body): JsonBody<ReceptionDayInput>,
) -> Result<HttpResponse, AppError> {
    let station = managed_station(&state, &principal, &path).await?;
    let mut errors = Vec::new();
    let mut time = |field: &str, text: &str| {
        let parsed = parse_time(text);
        if parsed.is_none() {
            errors.push(FieldError::new(field, "invalid_time", "a local time like 09:30"));
        }
        parsed
    };
    let (start, end) = (time("start", &body.start), time("end", &body.end));
    if !crate::domain::schedule::plausible(body.date) {
        errors.push(FieldError::new("date", "out_of_range", "a date between 2000 and 2100"));
    }
    let (Some(start), Some(end)) = (start, end) else { return Err(AppError::validation(errors)) };
    if !errors.is_empty() {
        return Err(AppError::validation(errors));
    }
    let after = ReceptionRecord {
        station: station.code.clone(),
        date: body.date,
        start,
        end,
        deputies: body.deputies,
        note: body.note,
        capacity: body.capacity,
    };
    let stored = state.storage.export_reference_data().await?;
    let before = stored.reception_days.iter().find(|r| r.key() == after.key()).cloned();
    let status = if before.is_some() { StatusCode::OK } else { StatusCode::CREATED };
    let edit = Edit {
        change: ReferenceData { reception_days: vec![after.clone()], ..Default::default() },
        action: if before.is_some() { "directory.reception_day.update" } else { "directory.reception_day.create" }
            .into(),
        subject: format!("reception_day:{}", after.key()),
        before,
        after: after.clone(),
        actor: (principal.actor_kind(), Some(principal.subject_id())),
    };
    apply(&state.storage, &state.directory, stored, edit).await?;
    let starts_at = at(after.date, after.start);
    let slot = state
        .storage
        .reception_days(Some(station.id), starts_at, starts_at + Duration::minutes(1))
        .await?
        .into_iter()
        .find(|s| s.starts_at == starts_at)
        .ok_or_else(|| AppError::new(ErrorCode::Conflict, "The slot was removed while it was being saved."))?;
    Ok(HttpResponse::build(status).json(ReceptionDayView::new(&slot, state.clock.now())))
}
