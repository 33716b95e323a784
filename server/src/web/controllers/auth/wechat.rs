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

/// The code from `wx.login()` in the mini-program.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct WechatLoginRequest {
    #[schema(example = "0a3Xyz000abcDE1FGhi200Jk4l2Xyz0w")]
    pub code: String,
}

/// Signs in through the WeChat mini-program: the server trades the `code` for the user's openid (or
/// unionid) with WeChat, creates a citizen on first sign-in, and answers with tokens for the account (a
/// citizen's, or a deputy's once it redeemed a binding code). WeChat's `session_key` never leaves the server.
#[utoipa::path(
    tag = "auth",
    request_body = WechatLoginRequest,
    responses(
        (status = 200, description = "Signed in.", body = TokenPair),
        (status = 401, description = "`wechat_code_invalid`: the code is wrong, expired or already used; call `wx.login()` again.", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "`wechat_user_blocked`: WeChat flags this user as high-risk; `forbidden`: the account is disabled or acts for a deputy who has left.", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "`wechat_rate_limited` or `too_many_requests`; see `Retry-After`.", body = Problem, content_type = "application/problem+json"),
        (status = 501, description = "`wechat_login_disabled`: no mini-program is configured.", body = Problem, content_type = "application/problem+json"),
        (status = 502, description = "`wechat_bad_response`: WeChat's answer was unusable or refused our credentials.", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "`wechat_unavailable`: WeChat is busy or did not answer; see `Retry-After`.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/auth/wechat")]
pub async fn handler(
    req: HttpRequest,
    state: web::Data<AppState>,
    JsonBody(body): JsonBody<WechatLoginRequest>,
) -> Result<web::Json<TokenPair>, AppError> {
    let ip = throttle::client_ip(&req, &state);
    let limit = state.rate_limits.wechat_logins_per_ip_per_minute;
    throttle::enforce(&state, "wechat:ip", &ip, limit, throttle::MINUTE, ErrorCode::TooManyRequests).await?;
    let signed_in = oauth::sign_in_wechat(&state, &body.code).await?;
    Ok(web::Json(start_session(&state, Subject::Account(signed_in.account_id), signed_in.role).await?))
}
