use actix_web::{HttpResponse, post, web};
use serde::Deserialize;
use utoipa::ToSchema;
use uuid::Uuid;

use super::{ReportBackView, VoteResults};
use crate::app::error::AppError;
use crate::app::report_backs::{self, Ballot};
use crate::app::state::AppState;
use crate::domain::workflow::Verdict;
use crate::web::auth::{Authenticated, Caller};
use crate::web::extract::json::JsonBody;
use crate::web::problem::Problem;

/// A voter's rating of the deputy.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct VoteInput {
    /// `satisfied`, `mostly` or `not_satisfied`.
    pub verdict: Verdict,
    #[serde(default)]
    pub comment: String,
    /// The voter's phone number and the code just sent to it (`POST /api/v1/auth/phone/code`): needed on a
    /// kiosk and without a signed-in account that has a phone number.
    #[serde(default)]
    #[schema(example = "13800138000")]
    pub phone: Option<String>,
    #[serde(default)]
    #[schema(example = "123456")]
    pub code: Option<String>,
}

/// Rates the deputy at a session while voting is open: one vote per phone number, proven by a code (on a
/// kiosk, or without an account) or by the signed-in account's number. Answers the counts so far without
/// the comments.
#[utoipa::path(
    tag = "duty",
    security((), ("bearer" = [])),
    params(("id" = Uuid, Path, description = "The session's id.")),
    request_body = VoteInput,
    responses(
        (status = 201, description = "Counted.", body = VoteResults),
        (status = 404, description = "`report_back_not_found`.", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`already_voted` or `voting_closed`.", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "`invalid_phone_code`: the code is wrong, used or expired.", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`validation_failed`: no proven phone, a comment too long.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/report-backs/{id}/votes")]
pub async fn vote(
    state: web::Data<AppState>,
    Caller(caller): Caller,
    path: web::Path<Uuid>,
    JsonBody(body): JsonBody<VoteInput>,
) -> Result<HttpResponse, AppError> {
    let phone = match (body.phone, body.code) {
        (Some(phone), Some(code)) => Some((phone, code)),
        (None, None) => None,
        _ => {
            return Err(AppError::validation(vec![crate::domain::report::FieldError::new(
                "code",
                "required",
                "send the phone number with the code sent to it",
            )]));
        }
    };
    let ballot = Ballot { verdict: body.verdict, comment: body.comment, phone };
    let tally = report_backs::vote(&state, caller.as_ref(), path.into_inner(), ballot).await?;
    Ok(HttpResponse::Created().json(VoteResults {
        satisfied: tally.satisfied,
        mostly: tally.mostly,
        not_satisfied: tally.not_satisfied,
        total: tally.total(),
        satisfaction: tally.satisfaction(),
        small_sample: tally.small_sample(),
        comments: Vec::new(),
    }))
}

/// The committee (or an administrator) publishes a closed session's results on the results board.
#[utoipa::path(
    tag = "duty",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The session's id.")),
    responses(
        (status = 200, description = "Published.", body = ReportBackView),
        (status = 403, description = "`forbidden`.", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "`report_back_not_found`.", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`invalid_transition`: voting still open, cancelled, or published already.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/report-backs/{id}/publish")]
pub async fn publish(
    state: web::Data<AppState>,
    Authenticated(principal): Authenticated,
    path: web::Path<Uuid>,
) -> Result<web::Json<ReportBackView>, AppError> {
    let session = report_backs::settle(&state, &principal, path.into_inner(), true).await?;
    Ok(web::Json(ReportBackView::new(&session, state.clock.now())))
}

/// The station's staff cancel a session not yet published.
#[utoipa::path(
    tag = "duty",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The session's id.")),
    responses(
        (status = 200, description = "Cancelled.", body = ReportBackView),
        (status = 403, description = "`forbidden`.", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "`report_back_not_found`.", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`invalid_transition`: published or cancelled already.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/report-backs/{id}/cancel")]
pub async fn cancel(
    state: web::Data<AppState>,
    Authenticated(principal): Authenticated,
    path: web::Path<Uuid>,
) -> Result<web::Json<ReportBackView>, AppError> {
    let session = report_backs::settle(&state, &principal, path.into_inner(), false).await?;
    Ok(web::Json(ReportBackView::new(&session, state.clock.now())))
}
