use actix_web::{get, web};

use crate::app::error::AppError;
use crate::app::state::AppState;
use crate::domain::reference::ReferenceData;
use crate::web::auth::Supervisor;
use crate::web::problem::Problem;

/// The whole directory as stored (areas with boundaries, categories, stations, buildings, deputies with
/// their links, reception days), in the shape `PUT` endpoints and `liaison import` take (staff, the committee
/// and administrators: the console draws its grid map and names from it).
#[utoipa::path(
    tag = "directory",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Every directory record.", body = ReferenceData),
        (status = 403, description = "`forbidden`: staff, the committee and administrators only.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/directory")]
pub async fn handler(
    state: web::Data<AppState>,
    _supervisor: Supervisor,
) -> Result<web::Json<ReferenceData>, AppError> {
    Ok(web::Json(state.storage.export_reference_data().await?))
}
