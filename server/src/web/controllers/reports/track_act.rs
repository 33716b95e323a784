use actix_web::{post, web};

use super::TrackedReportView;
use crate::app::act::{Actor, act};
use crate::app::error::{AppError, ErrorCode};
use crate::app::state::AppState;
use crate::domain::tracking_code::TrackingCode;
use crate::domain::workflow::Action;
use crate::web::extract::json::JsonBody;
use crate::web::problem::Problem;

/// The citizen's steps from the tracking page or a kiosk, with the tracking code as the key: `rate` the
/// answer (满意 / 基本满意 / 不满意, with a comment; not satisfied reopens it within the window) or
/// `withdraw` the report. Other actions need an account.
#[utoipa::path(
    tag = "workflow",
    params(("tracking_code" = String, Path, description = "As printed.", example = "LS-7KQ-9M3-XDP", pattern = r"^[-_\t\n\u000b\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*(?:[Ll][-_\t\n\u000b\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*[Ss][-_\t\n\u000b\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*)?(?:[2-9A-HJKMNP-TV-Za-hjkmnp-tv-z][-_\t\n\u000b\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*){9}$")),
    request_body = Action,
    responses(
        (status = 200, description = "The tracking view after the step.", body = TrackedReportView),
        (status = 400, description = "`invalid_tracking_code` or `malformed_json`.", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "`forbidden`: only `rate` and `withdraw` are taken here.", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "`report_not_found`.", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`invalid_transition`: e.g. rating before there is an answer, or answering the follow-up question before it is asked.", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`invalid_action` or `validation_failed`.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/reports/track/{tracking_code}/actions")]
pub async fn handler(
    state: web::Data<AppState>,
    path: web::Path<String>,
    JsonBody(action): JsonBody<Action>,
) -> Result<web::Json<TrackedReportView>, AppError> {
    let code = TrackingCode::parse(&path)
        .map_err(|e| AppError::new(ErrorCode::InvalidTrackingCode, format!("{e}. Codes look like LS-7KQ-9M3-XDP.")))?;
    let not_found = || AppError::new(ErrorCode::ReportNotFound, "Check the code on your receipt and try again.");
    let tracked = state.storage.track_report(&code).await?.ok_or_else(not_found)?;
    act(&state, Actor::CodeHolder, tracked.report, action).await?;
    super::track::view(&state, &code).await.map(web::Json)
}
