use actix_web::{get, web};
use chrono::{DateTime, Duration, Utc};
use serde::Deserialize;
use utoipa::IntoParams;

use super::{ActivityList, ActivityView};
use crate::app::activities;
use crate::app::error::{AppError, ErrorCode};
use crate::app::state::AppState;
use crate::web::auth::Authenticated;
use crate::web::problem::Problem;

/// Which activities: those starting in `[from, to)`.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct ActivityQuery {
    /// Default: 31 days ago.
    pub from: Option<DateTime<Utc>>,
    /// Default: 92 days after `from`; at most 400 days after it.
    pub to: Option<DateTime<Utc>>,
}

impl ActivityQuery {
    /// The range asked for, checked.
    pub fn range(&self, now: DateTime<Utc>) -> Result<(DateTime<Utc>, DateTime<Utc>), AppError> {
        let from = self.from.unwrap_or(now - Duration::days(31));
        let to = self.to.unwrap_or(from + Duration::days(92));
        if to <= from || to - from > Duration::days(400) {
            return Err(AppError::new(ErrorCode::InvalidQuery, "`to` must be after `from`, within 400 days."));
        }
        Ok((from, to))
    }
}

/// A station's activities (its staff, the committee and administrators), in order of start.
#[utoipa::path(
    tag = "duty",
    security(("bearer" = [])),
    params(("code" = String, Path, description = "Station code.", example = "XH-01"), ActivityQuery),
    responses(
        (status = 200, description = "The activities.", body = ActivityList),
        (status = 400, description = "`invalid_query`.", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "`forbidden`: not the station's staff or the committee.", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "`station_not_found`.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/stations/{code}/activities")]
pub async fn handler(
    state: web::Data<AppState>,
    Authenticated(principal): Authenticated,
    path: web::Path<String>,
    query: web::Query<ActivityQuery>,
) -> Result<web::Json<ActivityList>, AppError> {
    let (from, to) = query.range(state.clock.now())?;
    let station = state
        .storage
        .find_station(&path)
        .await?
        .ok_or_else(|| AppError::new(ErrorCode::StationNotFound, format!("There is no station `{path}`.")))?;
    let records = activities::of_station(&state, &principal, station.id, from, to).await?;
    let items = records.iter().map(|r| ActivityView::new(r, &principal, &state.public_url)).collect();
    Ok(web::Json(ActivityList { items }))
}
