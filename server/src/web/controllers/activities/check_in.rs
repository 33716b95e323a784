use actix_web::{HttpResponse, get, post, web};
use serde::Deserialize;
use utoipa::ToSchema;
use uuid::Uuid;

use super::{AttendanceView, check_in_url};
use crate::app::activities;
use crate::app::error::AppError;
use crate::app::state::AppState;
use crate::web::auth::{Authenticated, KioskOnly};
use crate::web::controllers::entry::qr_svg;
use crate::web::extract::json::JsonBody;
use crate::web::problem::Problem;

/// The code from the activity's QR.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CheckInInput {
    pub token: String,
}

/// The signed-in deputy checks in at an activity with the code its QR carries (from an hour before it starts
/// to an hour after it ends); a deputy not invited is recorded too. Recorded in the audit log.
#[utoipa::path(
    tag = "duty",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The activity's id.")),
    request_body = CheckInInput,
    responses(
        (status = 200, description = "Present.", body = AttendanceView),
        (status = 403, description = "`forbidden`: not a deputy's account.", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "`activity_not_found`.", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`check_in_closed` or `activity_cancelled`.", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`wrong_check_in_code`.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/activities/{id}/check-in")]
pub async fn handler(
    state: web::Data<AppState>,
    Authenticated(principal): Authenticated,
    path: web::Path<Uuid>,
    JsonBody(body): JsonBody<CheckInInput>,
) -> Result<web::Json<AttendanceView>, AppError> {
    let record = activities::check_in(&state, &principal, path.into_inner(), &body.token).await?;
    let deputy = state.storage.find_deputy_by_id(record.deputy_id).await?;
    let (code, name) = deputy.map(|d| (d.code, d.name)).unwrap_or_default();
    Ok(web::Json(AttendanceView::new(&record, &code, &name)))
}

/// The check-in QR code of an activity, to print or show on a screen (its station's staff).
#[utoipa::path(
    tag = "duty",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The activity's id.")),
    responses(
        (status = 200, description = "The QR code.", content_type = "image/svg+xml"),
        (status = 403, description = "`forbidden`.", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "`activity_not_found`.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/activities/{id}/check-in.svg")]
pub async fn qr(
    state: web::Data<AppState>,
    Authenticated(principal): Authenticated,
    path: web::Path<Uuid>,
) -> Result<HttpResponse, AppError> {
    let record = activities::show(&state, &principal, path.into_inner()).await?;
    if !principal.manages_station(record.activity.station_id) {
        return Err(AppError::new(crate::app::error::ErrorCode::Forbidden, "Only the station's staff show the code."));
    }
    qr_svg(&check_in_url(&state.public_url, &record.activity))
}

/// An activity under way at the kiosk's station, with the code deputies scan to check in.
#[derive(Debug, serde::Serialize, ToSchema)]
pub struct KioskActivity {
    pub id: Uuid,
    pub title: String,
    pub starts_at: chrono::DateTime<chrono::Utc>,
    pub ends_at: chrono::DateTime<chrono::Utc>,
    pub check_in_url: String,
}

/// The kiosk's list of activities under way.
#[derive(Debug, serde::Serialize, ToSchema)]
pub struct KioskActivities {
    pub items: Vec<KioskActivity>,
}

/// Activities under way at the kiosk's station (from an hour before to an hour after), with the check-in
/// address a kiosk shows as a QR code for deputies to scan with their phones.
#[utoipa::path(
    tag = "duty",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The activities under way.", body = KioskActivities),
        (status = 403, description = "`forbidden`: not a kiosk.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/kiosks/me/activities")]
pub async fn kiosk(state: web::Data<AppState>, kiosk: KioskOnly) -> Result<web::Json<KioskActivities>, AppError> {
    let items = activities::under_way(&state, kiosk.station_id)
        .await?
        .into_iter()
        .filter(|a| !a.unannounced)
        .map(|a| KioskActivity {
            id: a.id,
            check_in_url: check_in_url(&state.public_url, &a),
            title: a.title,
            starts_at: a.starts_at,
            ends_at: a.ends_at,
        })
        .collect();
    Ok(web::Json(KioskActivities { items }))
}
