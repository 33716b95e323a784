use actix_web::{get, web};

use super::PhotoDropStatus;
use crate::app::error::AppError;
use crate::app::photo_drops;
use crate::app::state::AppState;
use crate::web::problem::Problem;

/// What the phone's upload page shows: how many photos arrived and whether the code still works. The token
/// from the kiosk's QR code is the only key.
#[utoipa::path(
    tag = "reports",
    params(("token" = String, Path, description = "From the kiosk's QR code.")),
    responses(
        (status = 200, description = "The drop.", body = PhotoDropStatus),
        (status = 404, description = "`photo_drop_not_found`.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/photo-drops/{token}")]
pub async fn handler(
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<web::Json<PhotoDropStatus>, AppError> {
    let drop = photo_drops::reached(&state, &path).await?;
    Ok(web::Json(PhotoDropStatus {
        photos: drop.photos,
        max_photos: super::max_photos(),
        expires_at: drop.expires_at,
        expired: state.clock.now() >= drop.expires_at,
    }))
}
