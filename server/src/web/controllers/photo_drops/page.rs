use actix_web::{HttpRequest, HttpResponse, get, web};

use crate::app::error::AppError;
use crate::app::state::AppState;
use crate::web::problem::Problem;
use crate::web::static_files;

/// The phone page a kiosk's "photos from your phone" QR code opens: pick or take photos and send them to the
/// report on the kiosk's screen. It reads the token from its own address and uses
/// `POST /api/v1/photo-drops/{token}/photos`.
#[utoipa::path(
    tag = "reports",
    params(("token" = String, Path, description = "From the kiosk's QR code.")),
    responses(
        (status = 200, description = "The page (HTML); an expired or unknown code is explained on the page.", content_type = "text/html"),
        (status = 404, description = "`not_found`: the kiosk app is not installed.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/p/{token}")]
pub async fn handler(state: web::Data<AppState>, req: HttpRequest) -> Result<HttpResponse, AppError> {
    static_files::send(&req, state.kiosk_ui.join("drop.html"), "the kiosk app").await
}
