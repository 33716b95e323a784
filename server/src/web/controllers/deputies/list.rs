use actix_web::{HttpRequest, HttpResponse, get, web};

use super::DeputyList;
use crate::app::error::{AppError, ErrorCode};
use crate::app::reads::Made;
use crate::app::state::AppState;
use crate::web::problem::Problem;

/// A station's deputies (active or on leave), with their public profiles, for kiosks and phones (from
/// memory, with an `ETag`).
#[utoipa::path(
    tag = "reference",
    params(("code" = String, Path, description = "Station code.", example = "XH-01")),
    responses(
        (status = 200, description = "The station's deputies, by code.", body = DeputyList),
        (status = 304, description = "Not modified: `If-None-Match` names the current `ETag`."),
        (status = 404, description = "`station_not_found`.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/stations/{code}/deputies")]
pub async fn handler(
    state: web::Data<AppState>,
    path: web::Path<String>,
    request: HttpRequest,
) -> Result<HttpResponse, AppError> {
    let key = format!("deputies:{path}");
    let kept = state
        .reads
        .get_or_make(&state.storage, &key, false, state.clock.now(), || async {
            let station =
                state.storage.find_station(&path).await?.ok_or_else(|| {
                    AppError::new(ErrorCode::StationNotFound, format!("There is no station `{path}`."))
                })?;
            let items = super::profiles(&state, Some(station.id), None).await?;
            Made::json(&DeputyList { items }, None)
        })
        .await?;
    Ok(crate::web::conditional::answer(&request, &kept))
}
