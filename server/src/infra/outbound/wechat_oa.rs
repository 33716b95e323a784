//! WeChat official-account web OAuth (公众号网页授权, `snsapi_base`): a page opened inside WeChat is
//! redirected through WeChat, which hands it a `code`; `sns/oauth2/access_token` exchanges the code for the
//! user's `openid` (and `unionid` when the account is in an open-platform account).
//!
//! The web access token and refresh token WeChat returns are never stored, logged or sent on; `snsapi_base`
//! needs nothing else. The request URL carries the app secret and the code, so errors are logged without it.

use std::time::Duration;

use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;

use super::wechat::{WechatError, WechatIdentity, check_errcode, get_json, identity};
use crate::configuration::WechatOaSettings;

#[derive(Debug, Deserialize)]
struct OauthAnswer {
    openid: Option<String>,
    unionid: Option<String>,
    /// 1: the page was opened as a snapshot of a Moments share, and the openid is a stand-in.
    #[serde(default)]
    is_snapshotuser: i64,
    #[serde(default)]
    errcode: i64,
    #[serde(default)]
    errmsg: String,
}

/// A configured official account.
pub struct WechatOaClient {
    http: reqwest::Client,
    endpoint: String,
    app_id: String,
    app_secret: SecretString,
    subscription: Option<(String, u16)>,
}

impl std::fmt::Debug for WechatOaClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WechatOaClient").field("endpoint", &self.endpoint).field("app_id", &self.app_id).finish()
    }
}

impl WechatOaClient {
    /// The official account's AppID, which a page's OAuth redirect names; public.
    pub fn app_id(&self) -> &str {
        &self.app_id
    }

    /// The one-time subscription template residents are asked to accept, and its scene, when configured.
    pub fn subscription(&self) -> Option<(&str, u16)> {
        self.subscription.as_ref().map(|(template, scene)| (template.as_str(), *scene))
    }

    /// `None` when no AppID and secret are configured (sign-in through the official account is then off).
    pub fn from_settings(settings: &WechatOaSettings) -> Result<Option<Self>, reqwest::Error> {
        let (Some(app_id), Some(app_secret)) = (&settings.app_id, &settings.app_secret) else {
            return Ok(None);
        };
        let http = reqwest::Client::builder().timeout(Duration::from_millis(settings.timeout_ms)).build()?;
        Ok(Some(Self {
            http,
            endpoint: format!("{}/sns/oauth2/access_token", settings.base_url.trim_end_matches('/')),
            app_id: app_id.clone(),
            app_secret: app_secret.clone(),
            subscription: settings.subscribe_template_id.clone().map(|t| (t, settings.subscribe_scene)),
        }))
    }

    /// Exchanges the OAuth code for the user's identity. Besides the errcodes every code exchange shares
    /// (40029, 40163, 45011, 40226, -1), a snapshot page's stand-in user is refused.
    pub async fn code_to_openid(&self, code: &str) -> Result<WechatIdentity, WechatError> {
        let request = self.http.get(&self.endpoint).query(&[
            ("appid", self.app_id.as_str()),
            ("secret", self.app_secret.expose_secret()),
            ("code", code),
            ("grant_type", "authorization_code"),
        ]);
        let answer: OauthAnswer = get_json(request).await?;
        check_errcode(answer.errcode, answer.errmsg)?;
        if answer.is_snapshotuser == 1 {
            return Err(WechatError::SnapshotUser);
        }
        identity(answer.openid, answer.unionid)
    }
}
