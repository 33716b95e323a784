use actix_web::{HttpRequest, post, web};
use serde::Deserialize;
use utoipa::ToSchema;

use super::{TokenPair, start_session};
use crate::app::error::{AppError, ErrorCode};
use crate::app::sign_in::oauth;
use crate::app::state::AppState;
use crate::domain::access::Subject;
use crate::web::controllers::throttle;
use crate::web::extract::json::JsonBody;
use crate::web::problem::Problem;

/// The `code` WeCom's web OAuth redirect added to the page's address.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct WecomLoginRequest {
    #[schema(example = "CODE-from-open.weixin.qq.com-redirect", pattern = r"^[ \t\r\n]*[!-~]{1,128}[ \t\r\n]*$")]
    pub code: String,
}

/// Signs in a deputy, staff member or administrator from a page opened inside WeCom (企业微信网页授权): the
/// server trades the `code` for the member's userid with WeCom and answers with tokens for the account that
/// member is tied to. WeCom never creates accounts: a member not tied yet gets `identity_not_bound`, signs in
/// with a password or a phone code, and ties WeCom with a new code at `POST /api/v1/me/identities` (the OAuth
/// redirect is silent, so a page simply goes through it again).
#[utoipa::path(
    tag = "auth",
    request_body = WecomLoginRequest,
    responses(
        (status = 200, description = "Signed in as the account the member is tied to.", body = TokenPair),
        (status = 401, description = "`wecom_code_invalid`: the code is wrong, expired or already used (40029, 40163); open the page again. `identity_not_bound`: the member is not tied to an account yet.", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "`wecom_not_member`: the code is of someone outside the corp; `forbidden`: the account is disabled or acts for a deputy who has left.", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "`wecom_rate_limited` (45009, 45033) or `too_many_requests`; see `Retry-After`.", body = Problem, content_type = "application/problem+json"),
        (status = 501, description = "`wecom_login_disabled`: WeCom sign-in is not turned on.", body = Problem, content_type = "application/problem+json"),
        (status = 502, description = "`wecom_bad_response`: WeCom's answer was unusable or refused our corp ID or secret.", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "`wecom_unavailable`: WeCom is busy or did not answer; see `Retry-After`.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/auth/wecom")]
pub async fn handler(
    req: HttpRequest,
    state: web::Data<AppState>,
    JsonBody(body): JsonBody<WecomLoginRequest>,
) -> Result<web::Json<TokenPair>, AppError> {
    let ip = throttle::client_ip(&req, &state);
    let limit = state.rate_limits.wechat_logins_per_ip_per_minute;
    throttle::enforce(&state, "wecom:ip", &ip, limit, throttle::MINUTE, ErrorCode::TooManyRequests).await?;
    let signed_in = oauth::sign_in_wecom(&state, &body.code).await?;
    Ok(web::Json(start_session(&state, Subject::Account(signed_in.account_id), signed_in.role).await?))
}
