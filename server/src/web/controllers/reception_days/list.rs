use actix_web::{HttpRequest, HttpResponse, get, web};
use chrono::{Duration, NaiveDate, NaiveTime};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::ReceptionDayView;
use crate::app::error::{AppError, ErrorCode};
use crate::app::reads::{Kept, Made};
use crate::app::state::AppState;
use crate::domain::schedule::{TIME_ZONE, at, local_date, next_change, plausible};
use crate::web::problem::Problem;

/// Which days to list.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct ReceptionQuery {
    /// First local date, 2000–2100 (default today in China).
    #[param(value_type = Option<String>, format = Date, example = "2026-12-01")]
    pub from: Option<NaiveDate>,
    /// How many days from `from` (1–92, default 31).
    #[param(minimum = 1, maximum = 92)]
    pub days: Option<i64>,
}

/// A station's reception days.
#[derive(Debug, Serialize, ToSchema)]
pub struct ReceptionDayList {
    #[schema(example = "Asia/Shanghai")]
    pub time_zone: String,
    pub items: Vec<ReceptionDayView>,
}

/// A station's reception days (代表接待日) in a range of local dates, in order. From memory until a slot starts
/// (it can no longer be booked) or the local date turns, with an `ETag`.
#[utoipa::path(
    tag = "reference",
    params(("code" = String, Path, description = "Station code.", example = "XH-01"), ReceptionQuery),
    responses(
        (status = 200, description = "The slots, in order of start.", body = ReceptionDayList),
        (status = 304, description = "Not modified: `If-None-Match` names the current `ETag`."),
        (status = 404, description = "`station_not_found`.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/stations/{code}/reception-days")]
pub async fn handler(
    state: web::Data<AppState>,
    path: web::Path<String>,
    query: web::Query<ReceptionQuery>,
    request: HttpRequest,
) -> Result<HttpResponse, AppError> {
    let days = query.days.unwrap_or(31);
    if !(1..=92).contains(&days) {
        return Err(AppError::new(ErrorCode::InvalidQuery, "`days` must be 1 to 92."));
    }
    let now = state.clock.now();
    let from = query.from.unwrap_or_else(|| local_date(now));
    if !plausible(from) {
        return Err(AppError::new(ErrorCode::InvalidQuery, "`from` must be between 2000 and 2100."));
    }
    let make = || async {
        let station = state
            .storage
            .find_station(&path)
            .await?
            .ok_or_else(|| AppError::new(ErrorCode::StationNotFound, format!("There is no station `{path}`.")))?;
        let start = at(from, NaiveTime::MIN);
        let slots = state.storage.reception_days(Some(station.id), start, start + Duration::days(days)).await?;
        let list = ReceptionDayList {
            time_zone: TIME_ZONE.to_owned(),
            items: slots.iter().filter(|s| s.starts_at >= start).map(|s| ReceptionDayView::new(s, now)).collect(),
        };
        Made::json(&list, Some(next_change(&slots, now)))
    };
    // Kiosks and phones ask from today: that is kept; another `from` is made for the one who asked.
    let kept = match query.from {
        None => {
            let key = format!("reception-days:{path}:{from}:{days}");
            state.reads.get_or_make(&state.storage, &key, true, now, make).await?
        }
        Some(_) => std::sync::Arc::new(Kept::once(make().await?)),
    };
    Ok(crate::web::conditional::answer(&request, &kept))
}
