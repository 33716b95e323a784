//! Which ways of signing in this deployment offers, for a sign-in page to show only those that work and to
//! build the WeCom or official-account OAuth redirect (their public ids; never a secret).

use actix_web::{get, web};
use serde::Serialize;
use utoipa::ToSchema;

use crate::app::state::AppState;

/// WeCom web sign-in (企业微信网页授权), when turned on.
#[derive(Debug, Serialize, ToSchema)]
pub struct WecomMethod {
    /// The corp id the OAuth redirect names as `appid`.
    #[schema(example = "ww1234567890abcdef")]
    pub corp_id: String,
}

/// Official-account web sign-in (公众号网页授权, `snsapi_base`), when configured.
#[derive(Debug, Serialize, ToSchema)]
pub struct WechatOaMethod {
    /// The official account's AppID the OAuth redirect names as `appid`.
    #[schema(example = "wx1234567890abcdef")]
    pub app_id: String,
    /// The one-time subscription (一次性订阅消息) a signed-in resident may accept, to hear of their reports and
    /// bookings inside WeChat: open `https://mp.weixin.qq.com/mp/subscribemsg?action=get_confirm` with this
    /// `template_id` and `scene`, then pass WeChat's answer to `POST /api/v1/me/wechat-oa-subscriptions`.
    pub subscription: Option<OaSubscription>,
}

/// An official-account subscription template and its scene.
#[derive(Debug, Serialize, ToSchema)]
pub struct OaSubscription {
    #[schema(example = "TMPL-oa-progress")]
    pub template_id: String,
    #[schema(example = 1000)]
    pub scene: u16,
}

/// The ways into an account here.
#[derive(Debug, Serialize, ToSchema)]
pub struct SignInMethods {
    /// Username and password (`POST /api/v1/auth/login`): always.
    pub password: bool,
    /// A code sent by SMS (`POST /api/v1/auth/phone/code`, then `…/verify`): always (a deployment without an
    /// SMS provider keeps the codes in its outbox file).
    pub phone_code: bool,
    /// WeCom, when a page opened inside WeCom may sign in with it (`POST /api/v1/auth/wecom`).
    pub wecom: Option<WecomMethod>,
    /// The WeChat official account, when a page opened inside WeChat may sign in with it
    /// (`POST /api/v1/auth/wechat-oa`).
    pub wechat_oa: Option<WechatOaMethod>,
}

/// The ways of signing in this deployment offers, with the public ids a page needs for the WeCom and
/// official-account OAuth redirects. Open to anyone.
#[utoipa::path(
    tag = "auth",
    responses(
        (status = 200, description = "The methods.", body = SignInMethods),
    )
)]
#[get("/auth/methods")]
pub async fn handler(state: web::Data<AppState>) -> web::Json<SignInMethods> {
    web::Json(SignInMethods {
        password: true,
        phone_code: true,
        wecom: state.wecom_login.as_ref().map(|w| WecomMethod { corp_id: w.corp_id().to_owned() }),
        wechat_oa: state.wechat_oa.as_ref().map(|w| WechatOaMethod {
            app_id: w.app_id().to_owned(),
            subscription: w
                .subscription()
                .map(|(template_id, scene)| OaSubscription { template_id: template_id.to_owned(), scene }),
        }),
    })
}
