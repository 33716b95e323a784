//! A deputy's own record (履职档案) in numbers: the reports assigned to them in a period, answered on time,
//! resolved, and what the citizens said, each rate with its numerator and denominator.

use actix_web::{get, web};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::app::error::{AppError, ErrorCode};
use crate::app::state::AppState;
use crate::app::stats::{Period, deputy_figures, today};
use crate::domain::access::Principal;
use crate::domain::stats::Figures;
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
    let period = Period::reaching_back(query.from, query.to, today(&state), 365)?;
    let deputy = state
        .storage
        .find_deputy_by_id(deputy_id)
        .await?
        .ok_or_else(|| AppError::new(ErrorCode::Forbidden, "The deputy this account acts for is gone."))?;
    Ok(web::Json(RecordView {
        deputy: deputy.code,
        from: period.from.to_string(),
        to: period.to.to_string(),
        figures: deputy_figures(&state, deputy_id, period).await?,
    }))
}
