use actix_web::{get, web};

use super::UnitReportView;
use crate::app::error::AppError;
use crate::app::state::AppState;
use crate::app::unit_reply;
use crate::web::problem::Problem;

/// Opens the report a handling unit's signed link names (sent with the notice when it was forwarded).
#[utoipa::path(
    tag = "workflow",
    params(("token" = String, Path, description = "The signed link's token.")),
    responses(
        (status = 200, description = "The report.", body = UnitReportView),
        (status = 401, description = "`unit_link_invalid` (not a link the station sent, or forged) or `unit_link_expired`.", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "`unit_link_superseded`: the report is with another unit now.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/unit-links/{token}")]
pub async fn handler(
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<web::Json<UnitReportView>, AppError> {
    let opened = unit_reply::open(&state, &path).await?;
    Ok(web::Json(UnitReportView::new(&state, opened).await?))
}
