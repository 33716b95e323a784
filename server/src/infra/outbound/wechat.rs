//! WeChat mini-program login: `jscode2session` exchanges the `code` from `wx.login()` for the user's
//! `openid` (and `unionid` when the app is in an open-platform account).
//!
//! The `session_key` WeChat returns is never stored, logged or sent on. The request URL carries the app
//! secret and the code, so errors are logged without it.

use std::time::Duration;

use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;
use serde::de::DeserializeOwned;

use crate::configuration::WechatSettings;

/// Who WeChat says the user is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WechatIdentity {
    pub openid: String,
    pub unionid: Option<String>,
}

/// Every way `jscode2session` can fail, as the vendor documents it.
#[derive(Debug, thiserror::Error)]
pub enum WechatError {
    /// 40029 (invalid code) or 40163 (code already used).
    #[error("WeChat refused the login code (errcode {0})")]
    InvalidCode(i64),
    /// 45011: the API's per-user frequency limit.
    #[error("WeChat rate limit reached")]
    RateLimited,
    /// 40226: WeChat blocks this user as high-risk.
    #[error("WeChat blocks this user")]
    Blocked,
    /// The official account: the page was opened in the snapshot mode of a Moments share
    /// (`is_snapshotuser`), where WeChat hands out a stand-in openid.
    #[error("WeChat gave a snapshot page's stand-in user")]
    SnapshotUser,
    /// -1 or an HTTP 5xx: WeChat is busy.
    #[error("WeChat is busy")]
    Busy,
    /// No answer in time, or no connection.
    #[error("WeChat did not answer: {0}")]
    Unreachable(String),
    /// An answer we cannot use: not JSON, no openid.
    #[error("WeChat answered something unusable: {0}")]
    Malformed(String),
    /// Any other errcode, e.g. 40013 (bad AppID) or 40125 (bad AppSecret): our configuration is wrong.
    #[error("WeChat rejected the request: errcode {errcode} {errmsg}")]
    Rejected { errcode: i64, errmsg: String },
}

#[derive(Debug, Deserialize)]
struct SessionAnswer {
    openid: Option<String>,
    unionid: Option<String>,
    #[serde(default)]
    errcode: i64,
    #[serde(default)]
    errmsg: String,
}

/// A configured WeChat mini-program.
pub struct WechatClient {
    http: reqwest::Client,
    endpoint: String,
    app_id: String,
    app_secret: SecretString,
}

impl std::fmt::Debug for WechatClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WechatClient").field("endpoint", &self.endpoint).field("app_id", &self.app_id).finish()
    }
}

impl WechatClient {
    /// `None` when no AppID and secret are configured (WeChat login is then off).
    pub fn from_settings(settings: &WechatSettings) -> Result<Option<Self>, reqwest::Error> {
        let (Some(app_id), Some(app_secret)) = (&settings.app_id, &settings.app_secret) else {
            return Ok(None);
        };
        let http = reqwest::Client::builder().timeout(Duration::from_millis(settings.timeout_ms)).build()?;
        Ok(Some(Self {
            http,
            endpoint: format!("{}/sns/jscode2session", settings.base_url.trim_end_matches('/')),
            app_id: app_id.clone(),
            app_secret: app_secret.clone(),
        }))
    }

    /// Exchanges a login code for the user's identity.
    pub async fn code_to_session(&self, code: &str) -> Result<WechatIdentity, WechatError> {
        let request = self.http.get(&self.endpoint).query(&[
            ("appid", self.app_id.as_str()),
            ("secret", self.app_secret.expose_secret()),
            ("js_code", code),
            ("grant_type", "authorization_code"),
        ]);
        let answer: SessionAnswer = get_json(request).await?;
        check_errcode(answer.errcode, answer.errmsg)?;
        identity(answer.openid, answer.unionid)
    }
}

/// Sends a request to WeChat and reads its JSON answer. WeChat labels JSON text/plain, so the text is parsed
/// whatever the label says; a 5xx means WeChat is busy.
pub(super) async fn get_json<T: DeserializeOwned>(request: reqwest::RequestBuilder) -> Result<T, WechatError> {
    let response = request.send().await.map_err(|e| WechatError::Unreachable(e.without_url().to_string()))?;
    let status = response.status();
    if status.is_server_error() {
        return Err(WechatError::Busy);
    }
    let body = response.text().await.map_err(|e| WechatError::Unreachable(e.without_url().to_string()))?;
    if !status.is_success() {
        return Err(WechatError::Malformed(format!("HTTP {status}")));
    }
    serde_json::from_str(&body).map_err(|e| WechatError::Malformed(format!("not the expected JSON: {e}")))
}

/// The errcodes WeChat's code exchanges share.
pub(super) fn check_errcode(errcode: i64, errmsg: String) -> Result<(), WechatError> {
    match errcode {
        0 => Ok(()),
        40029 | 40163 => Err(WechatError::InvalidCode(errcode)),
        45011 => Err(WechatError::RateLimited),
        40226 => Err(WechatError::Blocked),
        -1 => Err(WechatError::Busy),
        errcode => Err(WechatError::Rejected { errcode, errmsg }),
    }
}

/// The identity in an answer, when its openid is usable.
pub(super) fn identity(openid: Option<String>, unionid: Option<String>) -> Result<WechatIdentity, WechatError> {
    match openid {
        Some(openid) if !openid.trim().is_empty() && openid.len() <= 128 => {
            Ok(WechatIdentity { openid, unionid: unionid.filter(|u| !u.is_empty() && u.len() <= 128) })
        }
        _ => Err(WechatError::Malformed("no openid".into())),
    }
}
