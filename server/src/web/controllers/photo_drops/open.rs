use actix_web::{HttpResponse, post, web};
use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::app::error::AppError;
use crate::app::photo_drops;
use crate::app::state::AppState;
use crate::web::auth::KioskOnly;
use crate::web::problem::Problem;

/// A drop just opened.
#[derive(Debug, Serialize, ToSchema)]
pub struct OpenedPhotoDrop {
    pub id: Uuid,
    /// Show it as a QR code (`qr_svg`); whoever holds it can send photos until `expires_at`.
    #[schema(example = "https://liaison.example.cn/p/hV3…")]
    pub upload_url: String,
    /// The QR code of `upload_url`: an SVG document (show it as an image, e.g. a `data:` URL).
    #[schema(example = "<svg xmlns=\"http://www.w3.org/2000/svg\" …>")]
    pub qr_svg: String,
    pub expires_at: DateTime<Utc>,
    #[schema(example = 3)]
    pub max_photos: usize,
}

/// Opens a photo drop for the report being written on this kiosk: the resident scans the QR code with their
/// phone and sends photos from it (`POST /api/v1/photo-drops/{token}/photos`); the kiosk lists what arrived
/// (`GET /api/v1/kiosks/me/photo-drops/{id}`) and adds the photos to the report. Takes three photos within
/// fifteen minutes.
#[utoipa::path(
    tag = "kiosks",
    security(("bearer" = [])),
    responses(
        (status = 201, description = "Opened.", body = OpenedPhotoDrop),
        (status = 403, description = "`forbidden`: kiosks only.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/kiosks/me/photo-drops")]
pub async fn handler(state: web::Data<AppState>, kiosk: KioskOnly) -> Result<HttpResponse, AppError> {
    let opened = photo_drops::open(&state, kiosk.kiosk_id).await?;
    let qr_svg = crate::web::controllers::entry::qr_svg_text(&opened.upload_url)?;
    Ok(HttpResponse::Created().json(OpenedPhotoDrop {
        id: opened.drop.id,
        upload_url: opened.upload_url,
        qr_svg,
        expires_at: opened.drop.expires_at,
        max_photos: super::max_photos(),
    }))
}
