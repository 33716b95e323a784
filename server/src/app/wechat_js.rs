//! The JS-SDK configuration a page of this server opened inside WeChat passes to `wx.config`, so it may use
//! WeChat's camera and location: signed for that page's address, which must be one of this server's pages.

use rand::Rng;
use rand::distr::Alphanumeric;

use crate::app::error::{AppError, ErrorCode};
use crate::app::state::AppState;
use crate::infra::outbound::wechat_jssdk::signature;

/// What `wx.config` takes besides the APIs to use.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JsConfig {
    pub app_id: String,
    pub timestamp: i64,
    pub nonce_str: String,
    pub signature: String,
}

/// The configuration for the page at `url` (its `#` part is dropped, as WeChat does).
pub async fn js_config(state: &AppState, url: &str) -> Result<JsConfig, AppError> {
    let sdk = state.wechat_js.as_ref().ok_or_else(|| {
        AppError::new(ErrorCode::WechatLoginDisabled, "No official account is set up on this server.")
    })?;
    let page = url.split('#').next().unwrap_or_default();
    let ours = url::Url::parse(page)
        .ok()
        .zip(url::Url::parse(&state.public_url).ok())
        .is_some_and(|(page, public)| page.origin() == public.origin() && matches!(page.scheme(), "http" | "https"));
    if !ours {
        return Err(AppError::new(ErrorCode::InvalidQuery, "`url` must be the address of one of this server's pages."));
    }
    let ticket = sdk.ticket().await.map_err(|err| {
        tracing::warn!(code = %err.code, detail = %err.detail, "no JS-SDK ticket from WeChat");
        AppError::retry_after(
            ErrorCode::WechatUnavailable,
            "WeChat did not give a JS-SDK ticket; try again shortly.",
            5,
        )
    })?;
    let timestamp = state.clock.now().timestamp();
    let nonce_str: String = rand::rng().sample_iter(&Alphanumeric).take(16).map(char::from).collect();
    Ok(JsConfig {
        app_id: sdk.app_id().to_owned(),
        signature: signature(&ticket, &nonce_str, timestamp, page),
        timestamp,
        nonce_str,
    })
}
