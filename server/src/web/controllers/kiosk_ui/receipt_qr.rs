use actix_web::http::header;
use actix_web::{HttpResponse, get, web};

use crate::app::error::{AppError, ErrorCode};
use crate::app::state::AppState;
use crate::domain::tracking_code::TrackingCode;
use crate::web::controllers::entry::qr_svg;
use crate::web::problem::Problem;

/// The QR code printed on a kiosk receipt: it opens the phone tracking page `{public_url}/t/{tracking_code}`.
#[utoipa::path(
    tag = "reports",
    params(("tracking_code" = String, Path, description = "As printed; case, spaces, dashes and the `LS` prefix are optional.", example = "LS-7KQ-9M3-XDP", pattern = r"^[-_\t\n\u000b\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*(?:[Ll][-_\t\n\u000b\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*[Ss][-_\t\n\u000b\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*)?(?:[2-9A-HJKMNP-TV-Za-hjkmnp-tv-z][-_\t\n\u000b\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*){9}$")),
    responses(
        (status = 200, description = "The QR code (`Cache-Control: private`: the code is the key to the report).", content_type = "image/svg+xml"),
        (status = 400, description = "`invalid_tracking_code`.", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "`report_not_found`.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/reports/track/{tracking_code}/qr.svg")]
pub async fn handler(state: web::Data<AppState>, path: web::Path<String>) -> Result<HttpResponse, AppError> {
    let code = TrackingCode::parse(&path)
        .map_err(|e| AppError::new(ErrorCode::InvalidTrackingCode, format!("{e}. Codes look like LS-7KQ-9M3-XDP.")))?;
    if state.storage.track_report(&code).await?.is_none() {
        return Err(AppError::new(ErrorCode::ReportNotFound, "Check the code on your receipt and try again."));
    }
    let mut response = qr_svg(&format!("{}/t/{}", state.public_url, code.as_str()))?;
    response.headers_mut().insert(header::CACHE_CONTROL, header::HeaderValue::from_static("private, max-age=86400"));
    Ok(response)
}
