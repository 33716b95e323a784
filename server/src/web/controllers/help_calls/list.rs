use actix_web::{get, web};

use super::{HelpCallList, HelpCallView};
use crate::app::error::AppError;
use crate::app::help_calls;
use crate::app::state::AppState;
use crate::web::auth::StaffOrAdmin;
use crate::web::controllers::stations::managed_station;
use crate::web::problem::Problem;

/// The station's calls for help of the last 24 hours, newest first, answered or not (staff of the station
/// and administrators).
#[utoipa::path(
    tag = "kiosks",
    security(("bearer" = [])),
    params(("code" = String, Path, description = "Station code.", example = "XH-01")),
    responses(
        (status = 200, description = "The calls.", body = HelpCallList),
        (status = 403, description = "`forbidden`: not staff of this station.", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "`station_not_found`.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/stations/{code}/help-calls")]
pub async fn handler(
    state: web::Data<AppState>,
    StaffOrAdmin(principal): StaffOrAdmin,
    path: web::Path<String>,
) -> Result<web::Json<HelpCallList>, AppError> {
    let station = managed_station(&state, &principal, &path).await?;
    let items = help_calls::recent(&state, station.id).await?.into_iter().map(HelpCallView::from).collect();
    Ok(web::Json(HelpCallList { items }))
}
