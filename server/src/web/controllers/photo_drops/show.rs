use actix_web::{get, web};
use uuid::Uuid;

use super::{DropPhotoView, PhotoDropView};
use crate::app::error::AppError;
use crate::app::photo_drops;
use crate::app::state::AppState;
use crate::web::auth::KioskOnly;
use crate::web::problem::Problem;

/// What arrived in this kiosk's drop so far (the kiosk asks every few seconds while it shows the code).
#[utoipa::path(
    tag = "kiosks",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The drop's id.")),
    responses(
        (status = 200, description = "The drop.", body = PhotoDropView),
        (status = 403, description = "`forbidden`: kiosks only.", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "`photo_drop_not_found`: not this kiosk's drop (or swept).", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/kiosks/me/photo-drops/{id}")]
pub async fn handler(
    state: web::Data<AppState>,
    kiosk: KioskOnly,
    path: web::Path<Uuid>,
) -> Result<web::Json<PhotoDropView>, AppError> {
    let (drop, photos) = photo_drops::contents(&state, kiosk.kiosk_id, *path).await?;
    let photos = photos
        .into_iter()
        .map(|p| DropPhotoView {
            url: format!("/api/v1/kiosks/me/photo-drops/{}/photos/{}", drop.id, p.position),
            position: p.position,
            content_type: p.content_type,
            received_at: p.received_at,
        })
        .collect();
    Ok(web::Json(PhotoDropView { id: drop.id, expires_at: drop.expires_at, max_photos: super::max_photos(), photos }))
}
