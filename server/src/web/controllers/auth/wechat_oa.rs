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

/// The `code` the official account's web OAuth redirect (`scope=snsapi_base`) added to the page's address.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct WechatOaLoginRequest {
    #[schema(example = "061Abc0w3Xyz1a3ZQ50w3eBnKv4Abc0H", pattern = r"^[ \t\r\n]*[!-~]{1,128}[ \t\r\n]*$")]
    pub code: String,
}

/// Signs in from a page of the WeChat official account (公众号网页授权, `snsapi_base`): the server trades the
/// `code` for the user's openid and answers with tokens for the account it is tied to. A user met for the
/// first time gets a citizen account (or, with the unionid of a mini-program user, that user's account); a
/// deputy without a password redeems a binding code from it. Deputies and staff who have another account
/// tie the official account to it at `POST /api/v1/me/identities`.
#[utoipa::path(
    tag = "auth",
    request_body = WechatOaLoginRequest,
    responses(
        (status = 200, description = "Signed in.", body = TokenPair),
        (status = 401, description = "`wechat_code_invalid`: the code is wrong, expired or already used (40029, 40163); open the page again.", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "`wechat_user_blocked` (40226), `wechat_snapshot_user` (the page was opened as a Moments snapshot), or `forbidden`: the account is disabled or acts for a deputy who has left.", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "`wechat_rate_limited` (45011) or `too_many_requests`; see `Retry-After`.", body = Problem, content_type = "application/problem+json"),
        (status = 501, description = "`wechat_login_disabled`: no official account is configured.", body = Problem, content_type = "application/problem+json"),
        (status = 502, description = "`wechat_bad_response`: WeChat's answer was unusable or refused our AppID or secret.", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "`wechat_unavailable`: WeChat is busy (-1) or did not answer; see `Retry-After`.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/auth/wechat-oa")]
pub async fn handler(
    req: HttpRequest,
    state: web::Data<AppState>,
    JsonBody(body): JsonBody<WechatOaLoginRequest>,
) -> Result<web::Json<TokenPair>, AppError> {
    let ip = throttle::client_ip(&req, &state);
    let limit = state.rate_limits.wechat_logins_per_ip_per_minute;
    throttle::enforce(&state, "wechat-oa:ip", &ip, limit, throttle::MINUTE, ErrorCode::TooManyRequests).await?;
    let signed_in = oauth::sign_in_wechat_oa(&state, &body.code).await?;
    Ok(web::Json(start_session(&state, Subject::Account(signed_in.account_id), signed_in.role).await?))
}
