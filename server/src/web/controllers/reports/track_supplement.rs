use actix_web::{HttpRequest, HttpResponse, post, web};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::app::error::{AppError, ErrorCode};
use crate::app::state::AppState;
use crate::app::supplement::supplement;
use crate::domain::tracking_code::TrackingCode;
use crate::web::extract::multipart::read_supplement;
use crate::web::extract::{body, json};
use crate::web::problem::Problem;

/// What the citizen adds, as JSON (words only); photos come as `multipart/form-data` with `text` and `photos`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SupplementRequest {
    /// 1–2000 characters.
    #[schema(example = "今天又看到有人往河里倒垃圾，在桥的东侧。")]
    pub text: String,
}

/// The same as a form.
#[derive(ToSchema)]
#[allow(dead_code)] // Describes the form in the API document.
pub struct SupplementForm {
    text: Option<String>,
    /// JPEG, PNG, WebP or HEIC, one part each; the report's photo limit counts these too.
    #[schema(value_type = Vec<String>, format = Binary)]
    photos: Vec<Vec<u8>>,
}

/// What was added.
#[derive(Debug, Serialize, ToSchema)]
pub struct SupplementView {
    pub photo_count: usize,
}

/// 补充: the citizen adds information or photos to their open report, with the tracking code as the key. The
/// words join the public timeline (event `supplemented`), the photos the report's own (cleaned like those
/// filed with it); the deputy it is assigned to, or else its station's staff, is notified.
#[utoipa::path(
    tag = "workflow",
    params(("tracking_code" = String, Path, description = "As printed.", example = "LS-7KQ-9M3-XDP")),
    request_body(content(
        (SupplementRequest = "application/json"),
        (SupplementForm = "multipart/form-data"),
    )),
    responses(
        (status = 201, description = "Added.", body = SupplementView),
        (status = 400, description = "`invalid_tracking_code`.", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "`report_not_found`.", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`invalid_transition`: the report is closed.", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`validation_failed`, `too_many_photos`, `photo_too_large`, `unsupported_photo_type`.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/reports/track/{tracking_code}/supplements")]
pub async fn handler(
    req: HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<String>,
    payload: web::Payload,
) -> Result<HttpResponse, AppError> {
    let code = TrackingCode::parse(&path)
        .map_err(|e| AppError::new(ErrorCode::InvalidTrackingCode, format!("{e}. Codes look like LS-7KQ-9M3-XDP.")))?;
    let (text, photos) = match body::media_type(&req).as_deref() {
        Some("multipart/form-data") => read_supplement(&req, payload, &state.limits).await?,
        Some(media) if body::is_json(media) => {
            let bytes = body::read_limited(&req, payload, state.limits.json_body_bytes).await?;
            let request: SupplementRequest = json::decode(&bytes)?;
            (Some(request.text), Vec::new())
        }
        _ => {
            return Err(AppError::new(
                ErrorCode::UnsupportedContentType,
                "Send application/json with `text`, or multipart/form-data with `text` and `photos`.",
            ));
        }
    };
    let not_found = || AppError::new(ErrorCode::ReportNotFound, "Check the code on your receipt and try again.");
    let tracked = state.storage.track_report(&code).await?.ok_or_else(not_found)?;
    let added = supplement(&state, &tracked.report, text, photos).await?;
    Ok(HttpResponse::Created().json(SupplementView { photo_count: added.photos }))
}
