use actix_web::{post, web};
use uuid::Uuid;

use super::HelpCallView;
use crate::app::error::AppError;
use crate::app::help_calls;
use crate::app::state::AppState;
use crate::web::auth::StaffOrAdmin;
use crate::web::problem::Problem;

/// A member of staff says they are on their way: the kiosk shows it to the resident. The first answer is
/// kept (a second one returns the call as answered, `repeated`).
#[utoipa::path(
    tag = "kiosks",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The call's id.")),
    responses(
        (status = 200, description = "Answered.", body = HelpCallView),
        (status = 403, description = "`forbidden`: not staff.", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "`help_call_not_found`: no such call at your stations.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/help-calls/{id}/answer")]
pub async fn handler(
    state: web::Data<AppState>,
    StaffOrAdmin(principal): StaffOrAdmin,
    path: web::Path<Uuid>,
) -> Result<web::Json<HelpCallView>, AppError> {
    Ok(web::Json(help_calls::answer(&state, &principal, *path).await?.into()))
}
