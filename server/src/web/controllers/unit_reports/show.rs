use actix_web::{get, web};
use uuid::Uuid;

use crate::app::error::AppError;
use crate::app::state::AppState;
use crate::app::unit_reply;
use crate::web::auth::Authenticated;
use crate::web::controllers::unit_links::UnitReportView;
use crate::web::problem::Problem;

/// A report forwarded to the signed-in unit account's unit, as the unit sees it.
#[utoipa::path(
    tag = "workflow",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The report's id.")),
    responses(
        (status = 200, description = "The report.", body = UnitReportView),
        (status = 403, description = "`forbidden`: handling units' accounts only.", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "`report_not_found`: no such report was forwarded to the unit.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/me/unit-reports/{id}")]
pub async fn handler(
    state: web::Data<AppState>,
    Authenticated(principal): Authenticated,
    path: web::Path<Uuid>,
) -> Result<web::Json<UnitReportView>, AppError> {
    let opened = unit_reply::open_as(&state, &principal, path.into_inner()).await?;
    Ok(web::Json(UnitReportView::new(&state, opened).await?))
}
