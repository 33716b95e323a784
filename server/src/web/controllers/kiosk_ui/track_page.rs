use actix_web::{HttpRequest, HttpResponse, get, web};

use crate::app::error::AppError;
use crate::app::state::AppState;
use crate::web::problem::Problem;
use crate::web::static_files;

/// The phone tracking page a receipt's QR code opens: a phone-sized page that reads the code from its own
/// address and shows the status, the public timeline and, once answered, the satisfaction form. The data
/// comes from `GET /api/v1/reports/track/{tracking_code}`.
#[utoipa::path(
    tag = "reports",
    params(("tracking_code" = String, Path, description = "As printed on the receipt.", example = "LS-7KQ-9M3-XDP")),
    responses(
        (status = 200, description = "The page (HTML); an unknown or malformed code is explained on the page.", content_type = "text/html"),
        (status = 404, description = "`not_found`: the kiosk app is not installed.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/t/{tracking_code}")]
pub async fn handler(state: web::Data<AppState>, req: HttpRequest) -> Result<HttpResponse, AppError> {
    static_files::send(&req, state.kiosk_ui.join("track.html"), super::APP).await
}
