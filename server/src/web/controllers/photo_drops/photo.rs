use actix_web::http::header;
use actix_web::{HttpResponse, get, web};
use uuid::Uuid;

use crate::app::error::AppError;
use crate::app::photo_drops;
use crate::app::state::AppState;
use crate::web::auth::KioskOnly;
use crate::web::problem::Problem;

/// One photo of this kiosk's drop, re-encoded without metadata: the kiosk adds it to the report.
#[utoipa::path(
    tag = "kiosks",
    security(("bearer" = [])),
    params(
        ("id" = Uuid, Path, description = "The drop's id."),
        ("position" = u32, Path, description = "0-based position of the photo."),
    ),
    responses(
        (status = 200, description = "The image (JPEG, or PNG when it has transparency).", content_type = "image/jpeg"),
        (status = 403, description = "`forbidden`: kiosks only.", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "`photo_drop_not_found` or `photo_not_found`.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/kiosks/me/photo-drops/{id}/photos/{position}")]
pub async fn handler(
    state: web::Data<AppState>,
    kiosk: KioskOnly,
    path: web::Path<(Uuid, u32)>,
) -> Result<HttpResponse, AppError> {
    let (id, position) = path.into_inner();
    let (content_type, bytes) = photo_drops::photo(&state, kiosk.kiosk_id, id, position).await?;
    Ok(HttpResponse::Ok()
        .content_type(content_type)
        .insert_header((header::CACHE_CONTROL, "private, no-store"))
        .body(bytes))
}
