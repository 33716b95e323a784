use actix_web::{get, web};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::app::error::AppError;
use crate::app::state::AppState;
use crate::app::wechat_js::js_config;
use crate::web::problem::Problem;

/// The page to sign for.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct JsConfigQuery {
    /// The page's full address (`location.href`); its `#` part is dropped. One of this server's pages.
    #[param(example = "https://liaison.example.gov.cn/m/")]
    pub url: String,
}

/// What `wx.config` takes (add `jsApiList` of your own).
#[derive(Debug, Serialize, ToSchema)]
pub struct JsConfigView {
    #[schema(example = "wx1234567890abcdef")]
    pub app_id: String,
    /// Seconds since 1970.
    pub timestamp: i64,
    pub nonce_str: String,
    /// SHA-1 over the jsapi_ticket, nonce, timestamp and address, as WeChat's JS-SDK defines it.
    pub signature: String,
}

/// Signs the WeChat JS-SDK configuration for one of this server's pages opened inside WeChat, so it may use
/// WeChat's camera, album and location (`wx.config`). The official account's jsapi_ticket is fetched with its
/// access token and shared by every instance, like the access tokens. Public: nothing in it is secret.
#[utoipa::path(
    tag = "auth",
    params(JsConfigQuery),
    responses(
        (status = 200, description = "The configuration.", body = JsConfigView),
        (status = 501, description = "`wechat_login_disabled`: no official account is set up.", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "`wechat_unavailable`: WeChat gave no ticket; `Retry-After` says when to try again.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/wechat/js-config")]
pub async fn handler(
    state: web::Data<AppState>,
    query: web::Query<JsConfigQuery>,
) -> Result<web::Json<JsConfigView>, AppError> {
    let config = js_config(&state, &query.url).await?;
    Ok(web::Json(JsConfigView {
        app_id: config.app_id,
        timestamp: config.timestamp,
        nonce_str: config.nonce_str,
        signature: config.signature,
    }))
}
