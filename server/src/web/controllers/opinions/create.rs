use actix_web::{HttpResponse, post, web};

use super::{OpinionInput, OpinionView};
use crate::app::error::AppError;
use crate::app::opinions;
use crate::app::state::AppState;
use crate::web::auth::StaffOrAdmin;
use crate::web::controllers::stations::managed_station;
use crate::web::extract::json::JsonBody;
use crate::web::problem::Problem;

/// Drafts a review opinion at the station (its staff and administrators); recorded in the audit log.
#[utoipa::path(
    tag = "duty",
    security(("bearer" = [])),
    params(("code" = String, Path, description = "Station code.", example = "XH-01")),
    request_body = OpinionInput,
    responses(
        (status = 201, description = "Drafted.", body = OpinionView),
        (status = 403, description = "`forbidden`.", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "`station_not_found`.", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`validation_failed`: no title or items, unknown department or activity, deadline too far.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/stations/{code}/opinions")]
pub async fn handler(
    state: web::Data<AppState>,
    StaffOrAdmin(principal): StaffOrAdmin,
    path: web::Path<String>,
    JsonBody(body): JsonBody<OpinionInput>,
) -> Result<HttpResponse, AppError> {
    let station = managed_station(&state, &principal, &path).await?;
    let view = opinions::create(&state, &principal, &station, &body.into()).await?;
    Ok(HttpResponse::Created().json(OpinionView::new(&view, state.clock.now())))
}
