use actix_web::{HttpRequest, HttpResponse, get, web};
use chrono::{DateTime, Duration, Utc};
use serde::Serialize;
use utoipa::ToSchema;

use super::ReceptionDayView;
use crate::app::error::{AppError, ErrorCode};
use crate::app::reads::Made;
use crate::app::state::AppState;
use crate::domain::schedule::{TIME_ZONE, last_change, next_change, on_duty};
use crate::web::problem::Problem;

/// How far ahead the next reception day is looked for.
const LOOK_AHEAD_DAYS: i64 = 92;

/// Who receives residents at a station now, later today, and next.
#[derive(Debug, Serialize, ToSchema)]
pub struct OnDutyView {
    #[schema(example = "Asia/Shanghai")]
    pub time_zone: String,
    /// The instant from which this answer holds: the last start or end of a slot, or local midnight,
    /// whichever came last; it holds until the next.
    pub at: DateTime<Utc>,
    /// Slots running now.
    pub now: Vec<ReceptionDayView>,
    /// Every slot of today's local date, in order.
    pub today: Vec<ReceptionDayView>,
    /// The first slot that starts later, within three months.
    pub next: Option<ReceptionDayView>,
}

/// Who is on duty at the station: the kiosk's attract screen and the station's deputies page show it. From
/// memory until a slot starts or ends or the local date turns, with an `ETag`.
#[utoipa::path(
    tag = "reference",
    params(("code" = String, Path, description = "Station code.", example = "XH-01")),
    responses(
        (status = 200, description = "Now, today and next.", body = OnDutyView),
        (status = 304, description = "Not modified: `If-None-Match` names the current `ETag`."),
        (status = 404, description = "`station_not_found`.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/stations/{code}/on-duty")]
pub async fn handler(
    state: web::Data<AppState>,
    path: web::Path<String>,
    request: HttpRequest,
) -> Result<HttpResponse, AppError> {
    let now = state.clock.now();
    let key = format!("on-duty:{path}");
    let kept = state.reads.get_or_make(&state.storage, &key, true, now, || made(&state, &path, now)).await?;
    Ok(crate::web::conditional::answer(&request, &kept))
}

async fn made(state: &AppState, code: &str, now: DateTime<Utc>) -> Result<Made, AppError> {
    let station = state
        .storage
        .find_station(code)
        .await?
        .ok_or_else(|| AppError::new(ErrorCode::StationNotFound, format!("There is no station `{code}`.")))?;
    let slots = state
        .storage
        .reception_days(Some(station.id), now - Duration::days(1), now + Duration::days(LOOK_AHEAD_DAYS))
        .await?;
    let duty = on_duty(&slots, now);
    let view = OnDutyView {
        time_zone: TIME_ZONE.to_owned(),
        at: last_change(&slots, now),
        now: duty.now.into_iter().map(|s| ReceptionDayView::new(s, now)).collect(),
        today: duty.today.into_iter().map(|s| ReceptionDayView::new(s, now)).collect(),
        next: duty.next.map(|s| ReceptionDayView::new(s, now)),
    };
    Made::json(&view, Some(next_change(&slots, now)))
}
