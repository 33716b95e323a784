//! A deputy's own record (履职档案) in numbers: the reports assigned to them in a period, answered on time,
//! resolved, and what the citizens said, each rate with its numerator and denominator.

use actix_web::{get, web};
use chrono::{Duration, NaiveDate, NaiveTime};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::app::error::{AppError, ErrorCode};
use crate::app::state::AppState;
use crate::domain::access::Principal;
use crate::domain::schedule::{at, local_date, plausible};
use crate::domain::stats::ReportFacts;
use crate::domain::stats::{Figures, figures};
use crate::web::auth::Authenticated;
use crate::web::problem::Problem;

/// The period.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct RecordQuery {
    /// First local date, 2000–2100 (default a year before `to`).
    #[param(value_type = Option<String>, format = Date, example = "2026-01-01")]
    pub from: Option<NaiveDate>,
    /// Last local date, included, 2000–2100 (default today).
    #[param(value_type = Option<String>, format = Date, example = "2026-12-31")]
    pub to: Option<NaiveDate>,
}

/// The deputy's figures for the period.
#[derive(Debug, Serialize, ToSchema)]
pub struct RecordView {
    /// The directory deputy the account acts for.
    #[schema(example = "D-001")]
    pub deputy: String,
    pub from: String,
    pub to: String,
    /// The reports filed in the period and assigned to the deputy, counted as `GET /api/v1/stats` counts.
    pub figures: Figures,
}

/// The signed-in deputy's record: the reports filed in a period and assigned to them, with the on-time,
/// response, resolution and satisfaction rates (each with its numerator and denominator; `small_sample`
/// under 10 reports).
#[utoipa::path(
    tag = "workflow",
    security(("bearer" = [])),
    params(RecordQuery),
    responses(
        (status = 200, description = "The figures.", body = RecordView),
        (status = 400, description = "`invalid_query`.", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "`forbidden`: deputies bound to the directory only.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/me/record")]
pub async fn handler(
    state: web::Data<AppState>,
    Authenticated(principal): Authenticated,
    query: web::Query<RecordQuery>,
) -> Result<web::Json<RecordView>, AppError> {
    let Principal::Deputy { deputy_id: Some(deputy_id), .. } = principal else {
        return Err(AppError::new(ErrorCode::Forbidden, "A record is kept for deputies bound to the directory."));
    };
    let now = state.clock.now();
    if [query.from, query.to].into_iter().flatten().any(|d| !plausible(d)) {
        return Err(AppError::new(ErrorCode::InvalidQuery, "Dates must be between 2000 and 2100."));
    }
    let to = query.to.unwrap_or_else(|| local_date(now));
    let from = query.from.unwrap_or(to - Duration::days(365));
    if from > to || (to - from).num_days() > 3660 {
        return Err(AppError::new(ErrorCode::InvalidQuery, "`from` must not be after `to`, and at most ten years."));
    }
    let deputy = state
        .storage
        .find_deputy_by_id(deputy_id)
        .await?
        .ok_or_else(|| AppError::new(ErrorCode::Forbidden, "The deputy this account acts for is gone."))?;
    let reports = state
        .storage
        .reports_in_period(None, at(from, NaiveTime::MIN), at(to + Duration::days(1), NaiveTime::MIN))
        .await?;
    let mine: Vec<_> =
        reports.iter().filter(|r| r.assigned_deputy_id == Some(deputy_id)).map(ReportFacts::from).collect();
    Ok(web::Json(RecordView {
        deputy: deputy.code,
        from: from.to_string(),
        to: to.to_string(),
        figures: figures(&mine, now),
    }))
}
