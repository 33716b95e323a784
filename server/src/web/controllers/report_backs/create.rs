use actix_web::{HttpResponse, get, post, web};
use chrono::{DateTime, Utc};
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};

use super::{ReportBackList, ReportBackView};
use crate::app::error::{AppError, ErrorCode};
use crate::app::report_backs;
use crate::app::state::AppState;
use crate::web::auth::{Authenticated, KioskOnly, StaffOrAdmin};
use crate::web::controllers::stations::managed_station;
use crate::web::extract::json::JsonBody;
use crate::web::problem::Problem;

/// A session to schedule.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReportBackInput {
    /// The deputy who reports.
    #[schema(example = "D-003")]
    pub deputy: String,
    #[schema(example = "张代表向选民述职")]
    pub title: String,
    #[serde(default)]
    pub place: String,
    pub opens_at: DateTime<Utc>,
    /// After `opens_at`, within a week.
    pub closes_at: DateTime<Utc>,
}

/// Schedules a deputy's report-back to voters at the station (its staff and administrators).
#[utoipa::path(
    tag = "duty",
    security(("bearer" = [])),
    params(("code" = String, Path, description = "Station code.", example = "XH-01")),
    request_body = ReportBackInput,
    responses(
        (status = 201, description = "Scheduled.", body = ReportBackView),
        (status = 403, description = "`forbidden`.", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "`station_not_found`.", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`validation_failed`.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/stations/{code}/report-backs")]
pub async fn handler(
    state: web::Data<AppState>,
    StaffOrAdmin(principal): StaffOrAdmin,
    path: web::Path<String>,
    JsonBody(body): JsonBody<ReportBackInput>,
) -> Result<HttpResponse, AppError> {
    let station = managed_station(&state, &principal, &path).await?;
    let session = report_backs::schedule(
        &state,
        &principal,
        &station,
        &body.deputy,
        &body.title,
        &body.place,
        (body.opens_at, body.closes_at),
    )
    .await?;
    Ok(HttpResponse::Created().json(ReportBackView::new(&session, state.clock.now())))
}

/// A station's report-back sessions with their results (its staff, the committee and administrators).
#[utoipa::path(
    tag = "duty",
    security(("bearer" = [])),
    params(("code" = String, Path, description = "Station code.", example = "XH-01")),
    responses(
        (status = 200, description = "The sessions.", body = ReportBackList),
        (status = 403, description = "`forbidden`.", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "`station_not_found`.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/stations/{code}/report-backs")]
pub async fn list(
    state: web::Data<AppState>,
    Authenticated(principal): Authenticated,
    path: web::Path<String>,
) -> Result<web::Json<ReportBackList>, AppError> {
    let station = state
        .storage
        .find_station(&path)
        .await?
        .ok_or_else(|| AppError::new(ErrorCode::StationNotFound, format!("There is no station `{path}`.")))?;
    let now = state.clock.now();
    let items = report_backs::of_station(&state, &principal, station.id)
        .await?
        .iter()
        .map(|s| ReportBackView::new(s, now))
        .collect();
    Ok(web::Json(ReportBackList { items }))
}

/// Which station's published results.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct PublishedQuery {
    /// A station code; every station when left out.
    pub station: Option<String>,
}

/// Report-back results the committee published, for the results board (公示). Open to anyone.
#[utoipa::path(
    tag = "duty",
    params(PublishedQuery),
    responses(
        (status = 200, description = "The published sessions with their results.", body = ReportBackList),
        (status = 404, description = "`station_not_found`.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/results/report-backs")]
pub async fn published(
    state: web::Data<AppState>,
    query: web::Query<PublishedQuery>,
) -> Result<web::Json<ReportBackList>, AppError> {
    let station = match &query.station {
        Some(code) => Some(
            state
                .storage
                .find_station(code)
                .await?
                .ok_or_else(|| AppError::new(ErrorCode::StationNotFound, format!("There is no station `{code}`.")))?
                .id,
        ),
        None => None,
    };
    let now = state.clock.now();
    let items = report_backs::published(&state, station).await?.iter().map(|s| ReportBackView::new(s, now)).collect();
    Ok(web::Json(ReportBackList { items }))
}

/// Report-back sessions open for voting now at the kiosk's station, for its attract screen.
#[utoipa::path(
    tag = "duty",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The open sessions (without results).", body = ReportBackList),
        (status = 403, description = "`forbidden`: not a kiosk.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/kiosks/me/report-backs")]
pub async fn kiosk(state: web::Data<AppState>, kiosk: KioskOnly) -> Result<web::Json<ReportBackList>, AppError> {
    let now = state.clock.now();
    let items =
        report_backs::open_at(&state, kiosk.station_id).await?.iter().map(|s| ReportBackView::new(s, now)).collect();
    Ok(web::Json(ReportBackList { items }))
}
