use actix_web::http::StatusCode;
use actix_web::{HttpResponse, post, web};

use super::HelpCallView;
use crate::app::error::AppError;
use crate::app::help_calls;
use crate::app::state::AppState;
use crate::web::auth::KioskOnly;
use crate::web::problem::Problem;

/// A resident at this kiosk asks for a member of staff: the station's staff hear of it at once on their live
/// stream (`event: help`), and the kiosk hears the answer there too. A second press while the call still
/// waits (within five minutes) is the same call (`200`, `repeated`).
#[utoipa::path(
    tag = "kiosks",
    security(("bearer" = [])),
    responses(
        (status = 201, description = "Staff are being called.", body = HelpCallView),
        (status = 200, description = "The call already waiting.", body = HelpCallView),
        (status = 403, description = "`forbidden`: only a kiosk calls.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/kiosks/me/help-calls")]
pub async fn handler(state: web::Data<AppState>, kiosk: KioskOnly) -> Result<HttpResponse, AppError> {
    let view = help_calls::call(&state, kiosk.kiosk_id, kiosk.station_id).await?;
    let status = if view.repeated { StatusCode::OK } else { StatusCode::CREATED };
    Ok(HttpResponse::build(status).json(HelpCallView::from(view)))
}
