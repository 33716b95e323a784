use actix_web::{HttpResponse, get, web};

use crate::app::error::{AppError, ErrorCode};
use crate::app::state::AppState;
use crate::web::problem::Problem;

/// A station's QR code (联络站码) lands here and goes on to the station's page of the citizen's phone app: its
/// deputies, reception days and the way to report.
#[utoipa::path(
    tag = "reference",
    params(("code" = String, Path, description = "Station code.", example = "XH-01")),
    responses(
        (status = 302, description = "To `/m/#/station/{code}`."),
        (status = 404, description = "`station_not_found`.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/q/s/{code}")]
pub async fn handler(state: web::Data<AppState>, path: web::Path<String>) -> Result<HttpResponse, AppError> {
    let station = state
        .storage
        .find_station(&path)
        .await?
        .ok_or_else(|| AppError::new(ErrorCode::StationNotFound, format!("There is no station `{path}`.")))?;
    Ok(super::to_phone_app("station", &station.code))
}
