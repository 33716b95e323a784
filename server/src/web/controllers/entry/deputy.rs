use actix_web::{HttpResponse, get, web};

use crate::app::error::{AppError, ErrorCode};
use crate::app::state::AppState;
use crate::web::problem::Problem;

/// A deputy's QR code (代表码) lands here and goes on to the deputy's page of the citizen's phone app, which
/// offers to report to them.
#[utoipa::path(
    tag = "reference",
    params(("code" = String, Path, description = "Deputy code.", example = "D-001")),
    responses(
        (status = 302, description = "To `/m/#/deputy/{code}`."),
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
    Ok(super::to_phone_app("deputy", &listing.deputy.code))
}
