use actix_web::{get, web};
use serde::Serialize;
use utoipa::ToSchema;

use crate::app::error::{AppError, ErrorCode};
use crate::app::state::AppState;
use crate::domain::access::Principal;
use crate::web::auth::Authenticated;
use crate::web::controllers::reports::HandlingUnitRef;
use crate::web::problem::Problem;

/// The handling units a report can be forwarded to.
#[derive(Debug, Serialize, ToSchema)]
pub struct HandlingUnitList {
    pub items: Vec<HandlingUnitRef>,
}

/// Lists the active handling units, by code (deputies, staff and administrators).
#[utoipa::path(
    tag = "workflow",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Active units.", body = HandlingUnitList),
        (status = 403, description = "`forbidden`: not for citizens or kiosks.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/handling-units")]
pub async fn handler(
    state: web::Data<AppState>,
    Authenticated(principal): Authenticated,
) -> Result<web::Json<HandlingUnitList>, AppError> {
    if matches!(principal, Principal::Citizen { .. } | Principal::Kiosk { .. }) {
        return Err(AppError::new(ErrorCode::Forbidden, "Handling units are for deputies and staff."));
    }
    let items = state
        .storage
        .list_handling_units()
        .await?
        .into_iter()
        .map(|u| HandlingUnitRef { code: u.code, name: u.name })
        .collect();
    Ok(web::Json(HandlingUnitList { items }))
}
