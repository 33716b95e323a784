use actix_web::{get, web};
use uuid::Uuid;

use super::HelpCallView;
use crate::app::error::AppError;
use crate::app::help_calls;
use crate::app::state::AppState;
use crate::web::auth::KioskOnly;
use crate::web::problem::Problem;

/// The kiosk's own call, to see whether someone answered (for a kiosk whose live stream is down).
#[utoipa::path(
    tag = "kiosks",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The call's id.")),
    responses(
        (status = 200, description = "The call.", body = HelpCallView),
        (status = 403, description = "`forbidden`: kiosks only.", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "`help_call_not_found`: not this kiosk's call.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/kiosks/me/help-calls/{id}")]
pub async fn handler(
    state: web::Data<AppState>,
    kiosk: KioskOnly,
    path: web::Path<Uuid>,
) -> Result<web::Json<HelpCallView>, AppError> {
    Ok(web::Json(help_calls::own_call(&state, kiosk.kiosk_id, *path).await?.into()))
}
