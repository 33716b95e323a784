use actix_web::{HttpRequest, HttpResponse, post, web};

use super::PhotoDropStatus;
use crate::app::error::{AppError, ErrorCode};
use crate::app::photo_drops;
use crate::app::state::AppState;
use crate::domain::report::FieldError;
use crate::web::controllers::reports::attach::AttachmentForm;
use crate::web::controllers::throttle;
use crate::web::extract::multipart;
use crate::web::problem::Problem;

/// Photos from the resident's phone for the report on the kiosk's screen: `multipart/form-data` with
/// `photos` parts (JPEG, PNG or WebP; checked and re-encoded without metadata like a report's). Rate-limited
/// per address like anonymous reports.
#[utoipa::path(
    tag = "reports",
    params(("token" = String, Path, description = "From the kiosk's QR code.")),
    request_body(content = AttachmentForm, content_type = "multipart/form-data"),
    responses(
        (status = 201, description = "Received; the kiosk shows them.", body = PhotoDropStatus),
        (status = 404, description = "`photo_drop_not_found`.", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`photo_drop_full`: the report has all the photos it takes.", body = Problem, content_type = "application/problem+json"),
        (status = 410, description = "`photo_drop_expired`: scan the kiosk's new code.", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "`payload_too_large` or `photo_too_large`.", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "`unsupported_content_type` or `unsupported_media_type` (e.g. HEIC).", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`validation_failed` (no photo, or a document), `image_too_large` or `invalid_image`.", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "`too_many_requests`.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/photo-drops/{token}/photos")]
pub async fn handler(
    req: HttpRequest,
    payload: web::Payload,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let ip = throttle::client_ip(&req, &state);
    throttle::enforce(
        &state,
        "photo-drops",
        &ip,
        state.rate_limits.anonymous_reports_per_ip_per_hour.saturating_mul(3),
        throttle::HOUR,
        ErrorCode::TooManyRequests,
    )
    .await?;
    // The drop first: nothing is read for a link that leads nowhere.
    photo_drops::reached(&state, &path).await?;
    let (photos, documents) = multipart::read_attachments(&req, payload, &state.limits).await?;
    if !documents.is_empty() || photos.is_empty() {
        return Err(AppError::validation(vec![FieldError::new("photos", "required", "send photos, nothing else")]));
    }
    for photo in photos {
        photo_drops::receive(&state, &path, photo).await?;
    }
    let drop = photo_drops::reached(&state, &path).await?;
    Ok(HttpResponse::Created().json(PhotoDropStatus {
        photos: drop.photos,
        max_photos: super::max_photos(),
        expires_at: drop.expires_at,
        expired: state.clock.now() >= drop.expires_at,
    }))
}
