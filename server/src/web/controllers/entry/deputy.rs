use actix_web::{HttpResponse, get, web};

use crate::app::error::{AppError, ErrorCode};
use crate::app::state::AppState;
use crate::web::problem::Problem;

/// A deputy's QR code (代表码) lands here and goes on to the report form pre-filled for that deputy.
#[utoipa::path(
    tag = "reference",
    params(("code" = String, Path, description = "Deputy code.", example = "D-001")),
    responses(
        (status = 302, description = "To `/kiosk/?deputy=…&station=…#report`."),
        (status = 404, description = "`deputy_not_found` (also for deputies who have left).", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/q/d/{code}")]
pub async fn handler(state: web::Data<AppState>, path: web::Path<String>) -> Result<HttpResponse, AppError> {
    let listing = state
        .storage
        .deputy_listings(None, Some(&path))
        .await?
        .into_iter()
        .next()
        .ok_or_else(|| AppError::new(ErrorCode::DeputyNotFound, format!("There is no deputy `{path}`.")))?;
    let mut query = vec![("deputy", listing.deputy.code.as_str())];
    if let Some(station) = listing.stations.first() {
        query.push(("station", station));
    }
    Ok(super::to_report_form(&query))
}
