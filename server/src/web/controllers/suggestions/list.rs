use actix_web::{get, web};

use super::{SuggestionList, SuggestionView};
use crate::app::error::{AppError, ErrorCode};
use crate::app::state::AppState;
use crate::app::suggestions;
use crate::web::auth::Authenticated;
use crate::web::problem::Problem;

async fn shaped(
    state: &AppState,
    records: Vec<crate::storage::suggestions::SuggestionRecord>,
) -> Result<SuggestionList, AppError> {
    let now = state.clock.now();
    let mut items = Vec::with_capacity(records.len());
    for record in records {
        items.push(SuggestionView::new(&suggestions::detail(state, record).await?, now));
    }
    Ok(SuggestionList { items })
}

/// The signed-in deputy's suggestions, newest first.
#[utoipa::path(
    tag = "duty",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Their suggestions.", body = SuggestionList),
        (status = 403, description = "`forbidden`: not a deputy's account.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/me/suggestions")]
pub async fn mine(
    state: web::Data<AppState>,
    Authenticated(principal): Authenticated,
) -> Result<web::Json<SuggestionList>, AppError> {
    if !matches!(principal, crate::domain::access::Principal::Deputy { .. }) {
        return Err(AppError::new(ErrorCode::Forbidden, "Suggestions are a deputy's."));
    }
    let records = suggestions::list(&state, &principal, None).await?;
    Ok(web::Json(shaped(&state, records).await?))
}

/// A station's suggestions, newest first (its staff, the committee and administrators).
#[utoipa::path(
    tag = "duty",
    security(("bearer" = [])),
    params(("code" = String, Path, description = "Station code.", example = "XH-01")),
    responses(
        (status = 200, description = "The suggestions.", body = SuggestionList),
        (status = 403, description = "`forbidden`.", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "`station_not_found`.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/stations/{code}/suggestions")]
pub async fn of_station(
    state: web::Data<AppState>,
    Authenticated(principal): Authenticated,
    path: web::Path<String>,
) -> Result<web::Json<SuggestionList>, AppError> {
    let station = state
        .storage
        .find_station(&path)
        .await?
        .ok_or_else(|| AppError::new(ErrorCode::StationNotFound, format!("There is no station `{path}`.")))?;
    let records = suggestions::list(&state, &principal, Some(station.id)).await?;
    Ok(web::Json(shaped(&state, records).await?))
}
