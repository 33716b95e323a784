use actix_web::{get, web};

use crate::app::error::AppError;
use crate::app::state::AppState;
use crate::domain::reference::ReferenceData;
use crate::web::auth::StaffOrAdmin;
use crate::web::problem::Problem;

/// The whole directory as stored (areas with boundaries, categories, stations, buildings, deputies with
/// their links, reception days), in the shape `PUT` endpoints and `liaison import` take (staff and
/// administrators).
#[utoipa::path(
    tag = "directory",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Every directory record.", body = ReferenceData),
        (status = 403, description = "`forbidden`: staff and administrators only.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/directory")]
pub async fn handler(state: web::Data<AppState>, _staff: StaffOrAdmin) -> Result<web::Json<ReferenceData>, AppError> {
    Ok(web::Json(state.storage.export_reference_data().await?))
}
