use actix_web::{get, web};

use super::{KioskList, KioskView};
use crate::app::error::AppError;
use crate::app::state::AppState;
use crate::web::auth::StaffOrAdmin;
use crate::web::controllers::stations::managed_station;
use crate::web::problem::Problem;

/// Lists the station's kiosks, oldest first (staff of the station and administrators).
#[utoipa::path(
    tag = "kiosks",
    security(("bearer" = [])),
    params(("code" = String, Path, description = "Station code.", example = "XH-01")),
    responses(
        (status = 200, description = "The kiosks.", body = KioskList),
        (status = 403, description = "`forbidden`: not staff of this station.", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "`station_not_found`.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/stations/{code}/kiosks")]
pub async fn handler(
    state: web::Data<AppState>,
    StaffOrAdmin(principal): StaffOrAdmin,
    path: web::Path<String>,
) -> Result<web::Json<KioskList>, AppError> {
    let station = managed_station(&state, &principal, &path).await?;
    let items = state
        .storage
        .station_kiosks(station.id)
        .await?
        .into_iter()
        .map(|k| KioskView::new(k, station.code.clone(), state.clock.now()));
    Ok(web::Json(KioskList { items: items.collect() }))
}
