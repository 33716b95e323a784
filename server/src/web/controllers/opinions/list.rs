use actix_web::{get, web};
use serde::Deserialize;
use utoipa::IntoParams;

use super::{OpinionList, OpinionView};
use crate::app::error::{AppError, ErrorCode};
use crate::app::opinions;
use crate::app::state::AppState;
use crate::domain::duty::opinion::OpinionStatus;
use crate::web::auth::Authenticated;
use crate::web::problem::Problem;

/// Which opinions.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct OpinionQuery {
    #[param(inline)]
    pub status: Option<OpinionStatus>,
    /// Only those with problems open past their deadline.
    #[serde(default)]
    pub overdue: bool,
}

/// A station's review opinions, newest first (its staff, the committee and administrators).
#[utoipa::path(
    tag = "duty",
    security(("bearer" = [])),
    params(("code" = String, Path, description = "Station code.", example = "XH-01"), OpinionQuery),
    responses(
        (status = 200, description = "The opinions.", body = OpinionList),
        (status = 403, description = "`forbidden`.", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "`station_not_found`.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/stations/{code}/opinions")]
pub async fn handler(
    state: web::Data<AppState>,
    Authenticated(principal): Authenticated,
    path: web::Path<String>,
    query: web::Query<OpinionQuery>,
) -> Result<web::Json<OpinionList>, AppError> {
    let station = state
        .storage
        .find_station(&path)
        .await?
        .ok_or_else(|| AppError::new(ErrorCode::StationNotFound, format!("There is no station `{path}`.")))?;
    let now = state.clock.now();
    let items = opinions::of_station(&state, &principal, station.id, query.status)
        .await?
        .iter()
        .map(|v| OpinionView::new(v, now))
        .filter(|v| !query.overdue || v.overdue)
        .collect();
    Ok(web::Json(OpinionList { items }))
}
