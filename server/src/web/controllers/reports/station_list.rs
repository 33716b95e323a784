use actix_web::{get, web};

use super::ReportList;
use super::assignees::supervised_summaries;
use crate::app::error::AppError;
use crate::app::state::AppState;
use crate::web::auth::StaffOrAdmin;
use crate::web::controllers::stations::managed_station;
use crate::web::problem::Problem;

/// Lists a station's reports, newest first (at most 200), for its staff and administrators, each with its
/// deputy, handling unit and any extension waiting for a decision.
#[utoipa::path(
    tag = "reports",
    security(("bearer" = [])),
    params(("code" = String, Path, description = "Station code.", example = "XH-01")),
    responses(
        (status = 200, description = "The station's reports.", body = ReportList),
        (status = 403, description = "`forbidden`: not staff of this station.", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "`station_not_found`.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/stations/{code}/reports")]
pub async fn handler(
    state: web::Data<AppState>,
    StaffOrAdmin(principal): StaffOrAdmin,
    path: web::Path<String>,
) -> Result<web::Json<ReportList>, AppError> {
    let station = managed_station(&state, &principal, &path).await?;
    let rows = state.storage.station_reports(station.id, 200).await?;
    Ok(web::Json(ReportList { items: supervised_summaries(&state.storage, rows, state.clock.now()).await? }))
}
