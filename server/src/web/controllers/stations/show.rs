use actix_web::{HttpRequest, HttpResponse, get, web};
use serde::Serialize;
use utoipa::ToSchema;

use super::StationView;
use crate::app::error::{AppError, ErrorCode};
use crate::app::reads::Made;
use crate::app::state::AppState;
use crate::web::controllers::entry::EntryPoint;
use crate::web::problem::Problem;

/// What a report form opened from a station's QR code starts with.
#[derive(Debug, Serialize, ToSchema)]
pub struct StationPrefill {
    /// Send as `station` in the report.
    #[schema(example = "XH-01")]
    pub station: String,
}

/// A station's page: what its QR code (联络站码) opens.
#[derive(Debug, Serialize, ToSchema)]
pub struct StationPage {
    pub station: StationView,
    pub report_prefill: StationPrefill,
    pub entry: EntryPoint,
}

/// One station, with the report pre-fill and QR entry point for it (from memory, with an `ETag`).
#[utoipa::path(
    tag = "reference",
    params(("code" = String, Path, description = "Station code.", example = "XH-01")),
    responses(
        (status = 200, description = "The station.", body = StationPage),
        (status = 304, description = "Not modified: `If-None-Match` names the current `ETag`."),
        (status = 404, description = "`station_not_found`.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/stations/{code}")]
pub async fn handler(
    state: web::Data<AppState>,
    path: web::Path<String>,
    request: HttpRequest,
) -> Result<HttpResponse, AppError> {
    let key = format!("station:{path}");
    let kept = state
        .reads
        .get_or_make(&state.storage, &key, false, state.clock.now(), || async {
            let (station, area) =
                state.storage.list_stations().await?.into_iter().find(|(s, _)| s.code == *path).ok_or_else(|| {
                    AppError::new(ErrorCode::StationNotFound, format!("There is no station `{path}`."))
                })?;
            let entry = EntryPoint::station(&state.public_url, &station.code);
            let report_prefill = StationPrefill { station: station.code.clone() };
            Made::json(&StationPage { station: StationView::new(station, area), report_prefill, entry }, None)
        })
        .await?;
    Ok(crate::web::conditional::answer(&request, &kept))
}
