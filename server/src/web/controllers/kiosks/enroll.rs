use actix_web::{HttpRequest, post, web};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::{KioskView, enrollment_code_hash};
use crate::app::error::{AppError, ErrorCode};
use crate::app::state::AppState;
use crate::domain::access::Role;
use crate::domain::access::Subject;
use crate::storage::kiosks::Enrollment;
use crate::web::controllers::auth::{TokenPair, start_session};
use crate::web::controllers::throttle;
use crate::web::extract::json::JsonBody;
use crate::web::problem::Problem;

/// The code staff created for this kiosk.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EnrollRequest {
    /// Case, spaces and dashes do not matter.
    #[schema(example = "7KQ9-M3XD-P2AB")]
    pub enrollment_code: String,
}

/// The kiosk's credentials and who it is.
#[derive(Debug, Serialize, ToSchema)]
pub struct KioskEnrolled {
    pub kiosk: KioskView,
    /// Keep the refresh token on the device; it lasts `auth.kiosk_refresh_token_days` and renews on use.
    pub tokens: TokenPair,
}

/// Enrolls a kiosk: trades its one-time code for device credentials bound to the code's station.
#[utoipa::path(
    tag = "kiosks",
    request_body = EnrollRequest,
    responses(
        (status = 200, description = "Enrolled.", body = KioskEnrolled),
        (status = 401, description = "`invalid_enrollment_code`: unknown, used, expired or revoked.", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "`too_many_requests`.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/kiosks/enroll")]
pub async fn handler(
    req: HttpRequest,
    state: web::Data<AppState>,
    JsonBody(body): JsonBody<EnrollRequest>,
) -> Result<web::Json<KioskEnrolled>, AppError> {
    let ip = throttle::client_ip(&req, &state);
    let limit = state.rate_limits.login_per_ip_per_minute;
    throttle::enforce(&state, "enroll:ip", &ip, limit, throttle::MINUTE, ErrorCode::TooManyRequests).await?;
    let Enrollment::Enrolled(kiosk) = state.storage.enroll_kiosk(&enrollment_code_hash(&body.enrollment_code)).await?
    else {
        return Err(AppError::new(
            ErrorCode::InvalidEnrollmentCode,
            "This code is unknown, used, expired or revoked; ask station staff for a new one.",
        ));
    };
    let station = state
        .storage
        .find_station_by_id(kiosk.station_id)
        .await?
        .ok_or_else(|| AppError::internal(anyhow::anyhow!("kiosk {} has no station", kiosk.id)))?;
    let tokens = start_session(&state, Subject::Kiosk(kiosk.id), Role::Kiosk).await?;
    tracing::info!(kiosk = %kiosk.id, station = %station.code, "kiosk enrolled");
    Ok(web::Json(KioskEnrolled { kiosk: KioskView::new(kiosk, station.code, state.clock.now()), tokens }))
}
