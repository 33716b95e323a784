use actix_web::{HttpRequest, HttpResponse, get, web};

use super::{StationList, StationView};
use crate::app::error::AppError;
use crate::app::reads::Made;
use crate::app::state::AppState;
use crate::web::problem::Problem;

/// Lists the liaison stations, ordered by code (from memory, with an `ETag`).
#[utoipa::path(
    tag = "reference",
    responses(
        (status = 200, description = "Every station with its area and opening hours.", body = StationList),
        (status = 304, description = "Not modified: `If-None-Match` names the current `ETag`."),
        (status = 503, description = "The database is busy.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/stations")]
pub async fn handler(state: web::Data<AppState>, request: HttpRequest) -> Result<HttpResponse, AppError> {
    let kept = state
        .reads
        .get_or_make(&state.storage, "stations", false, state.clock.now(), || async {
            let items = state.storage.list_stations().await?.into_iter().map(|(s, a)| StationView::new(s, a)).collect();
            Made::json(&StationList { items }, None)
        })
        .await?;
    Ok(crate::web::conditional::answer(&request, &kept))
}
