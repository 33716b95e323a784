use actix_web::{HttpResponse, get, web};

use crate::app::error::{AppError, ErrorCode};
use crate::app::state::AppState;
use crate::web::controllers::entry::{EntryPoint, qr_svg};
use crate::web::problem::Problem;

/// The station's QR code (联络站码) as SVG, to print on posters: it opens the report form pre-filled for this
/// station.
#[utoipa::path(
    tag = "reference",
    params(("code" = String, Path, description = "Station code.", example = "XH-01")),
    responses(
        (status = 200, description = "The QR code.", content_type = "image/svg+xml"),
        (status = 404, description = "`station_not_found`.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/stations/{code}/qr.svg")]
pub async fn handler(state: web::Data<AppState>, path: web::Path<String>) -> Result<HttpResponse, AppError> {
    let station = state
        .storage
        .find_station(&path)
        .await?
        .ok_or_else(|| AppError::new(ErrorCode::StationNotFound, format!("There is no station `{path}`.")))?;
    qr_svg(&EntryPoint::station(&state.public_url, &station.code).url)
}
