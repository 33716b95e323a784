use actix_web::{HttpRequest, post, web};
use serde::Deserialize;
use utoipa::ToSchema;

use super::{TokenPair, start_session};
use crate::app::error::{AppError, ErrorCode};
use crate::app::state::AppState;
use crate::domain::access::Role;
use crate::domain::access::Subject;
use crate::domain::report::FieldError;
use crate::infra::outbound::wechat::WechatError;
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

/// Signs a citizen in through the WeChat mini-program: the server trades the `code` for the user's openid
/// (or unionid) with WeChat, creates the citizen on first sign-in, and answers with tokens. WeChat's
/// `session_key` never leaves the server.
#[utoipa::path(
    tag = "auth",
    request_body = WechatLoginRequest,
    responses(
        (status = 200, description = "Signed in as a citizen.", body = TokenPair),
        (status = 401, description = "`wechat_code_invalid`: the code is wrong, expired or already used; call `wx.login()` again.", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "`wechat_user_blocked`: WeChat flags this user as high-risk.", body = Problem, content_type = "application/problem+json"),
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
    let Some(client) = state.wechat.clone() else {
        return Err(AppError::new(ErrorCode::WechatLoginDisabled, "Sign in with a phone code instead."));
    };
    let code = body.code.trim();
    if code.is_empty() || code.len() > 128 || !code.bytes().all(|b| b.is_ascii_graphic()) {
        return Err(AppError::validation(vec![FieldError::new("code", "invalid_value", "the code from wx.login()")]));
    }
    let ip = throttle::client_ip(&req, &state);
    let limit = state.rate_limits.wechat_logins_per_ip_per_minute;
    throttle::enforce(&state, "wechat:ip", &ip, limit, throttle::MINUTE, ErrorCode::TooManyRequests).await?;

    let identity = client.code_to_session(code).await.map_err(wechat_error)?;
    let citizen = state.storage.wechat_citizen(&identity.openid, identity.unionid.as_deref()).await?;
    if !citizen.active {
        return Err(AppError::new(ErrorCode::Forbidden, "This account is disabled."));
    }
    tracing::info!(account = %citizen.id, "citizen signed in with WeChat");
    Ok(web::Json(start_session(&state, Subject::Account(citizen.id), Role::Citizen).await?))
}

fn wechat_error(err: WechatError) -> AppError {
    match &err {
        WechatError::InvalidCode(_) => AppError::new(
            ErrorCode::WechatCodeInvalid,
            "The login code is wrong, expired or used; call wx.login() again.",
        ),
        WechatError::RateLimited => AppError::retry_after(
            ErrorCode::WechatRateLimited,
            "WeChat asks us to slow down; try again in a minute.",
            60,
        ),
        WechatError::Blocked => {
            AppError::new(ErrorCode::WechatUserBlocked, "WeChat does not allow this user to sign in; use a phone code.")
        }
        WechatError::Busy | WechatError::Unreachable(_) => {
            tracing::warn!(error = %err, "WeChat login failed");
            AppError::retry_after(
                ErrorCode::WechatUnavailable,
                "WeChat is busy or did not answer; try again shortly.",
                5,
            )
        }
        WechatError::Malformed(_) | WechatError::Rejected { .. } => {
            tracing::error!(error = %err, "WeChat login failed");
            AppError::new(ErrorCode::WechatBadResponse, "WeChat's answer could not be used; try again later.")
        }
    }
}
