use actix_web::{HttpResponse, get, web};

use crate::app::error::{AppError, ErrorCode};
use crate::app::state::AppState;
use crate::domain::routing::DeputyStatus;
use crate::web::controllers::entry::{EntryPoint, qr_svg};
use crate::web::problem::Problem;

/// The deputy's QR code (代表码) as SVG, to print on cards and posters: it opens the report form pre-filled
/// to reach this deputy.
#[utoipa::path(
    tag = "reference",
    params(("code" = String, Path, description = "Deputy code.", example = "D-001")),
    responses(
        (status = 200, description = "The QR code.", content_type = "image/svg+xml"),
        (status = 404, description = "`deputy_not_found` (also for deputies who have left).", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/deputies/{code}/qr.svg")]
pub async fn handler(state: web::Data<AppState>, path: web::Path<String>) -> Result<HttpResponse, AppError> {
    let deputy = state
        .storage
        .find_deputy(&path)
        .await?
        .filter(|d| d.status != DeputyStatus::Left)
        .ok_or_else(|| AppError::new(ErrorCode::DeputyNotFound, format!("There is no deputy `{path}`.")))?;
    qr_svg(&EntryPoint::deputy(&state.public_url, &deputy.code).url)
}
