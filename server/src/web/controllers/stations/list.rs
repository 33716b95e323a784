use actix_web::{get, web};

use super::{StationList, StationView};
use crate::app::error::AppError;
use crate::app::state::AppState;
use crate::web::problem::Problem;

/// Lists the liaison stations, ordered by code.
#[utoipa::path(
    tag = "reference",
    responses(
        (status = 200, description = "Every station with its area and opening hours.", body = StationList),
        (status = 503, description = "The database is busy.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/stations")]
pub async fn handler(state: web::Data<AppState>) -> Result<web::Json<StationList>, AppError> {
    let items = state.storage.list_stations().await?.into_iter().map(|(s, a)| StationView::new(s, a)).collect();
    Ok(web::Json(StationList { items }))
}
