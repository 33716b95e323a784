use actix_web::{get, web};

use crate::app::error::AppError;
use crate::app::state::AppState;
use crate::web::auth::CitizenOnly;
use crate::web::controllers::reports::{ReportList, report_list};
use crate::web::problem::Problem;

/// The signed-in citizen's own reports, newest first (at most 200).
#[utoipa::path(
    tag = "reports",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The citizen's reports.", body = ReportList),
        (status = 403, description = "`forbidden`: only citizens have reports of their own.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/me/reports")]
pub async fn handler(state: web::Data<AppState>, citizen: CitizenOnly) -> Result<web::Json<ReportList>, AppError> {
    let mut list = report_list(state.storage.citizen_reports(citizen.account_id, 200).await?, state.clock.now());
    for item in &mut list.items {
        // Escalation is the handlers' business.
        item.escalation_level = None;
    }
    Ok(web::Json(list))
}
