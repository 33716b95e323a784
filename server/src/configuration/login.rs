//! Sign-in through pages opened inside WeCom and the WeChat official account: `[wecom_login]`, `[wechat_oa]`.

use secrecy::SecretString;
use serde::Deserialize;

/// WeCom web OAuth (企业微信网页授权) for deputies and staff (`[wecom_login]`). It runs on the corp of
/// `[notify.wecom]` (its `corp_id` and `base_url`) and, unless `corp_secret` names another self-built
/// application, on that application's secret and its shared access token.
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct WecomLoginSettings {
    /// Off by default: a WeCom member signs in only where it is turned on.
    pub enabled: bool,
    /// The secret of another self-built application to sign in through (with an access token of its own);
    /// unset: `notify.wecom.corp_secret`.
    pub corp_secret: Option<SecretString>,
    /// How long to wait for WeCom.
    pub timeout_ms: u64,
}

impl Default for WecomLoginSettings {
    fn default() -> Self {
        Self { enabled: false, corp_secret: None, timeout_ms: 5_000 }
    }
}

/// The WeChat official account (微信公众号) whose pages sign people in with `snsapi_base` web OAuth
/// (`[wechat_oa]`).
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct WechatOaSettings {
    /// The official account's AppID; sign-in through it is off while it is unset.
    pub app_id: Option<String>,
    pub app_secret: Option<SecretString>,
    /// Where `sns/oauth2/access_token` lives.
    pub base_url: String,
    /// How long to wait for WeChat.
    pub timeout_ms: u64,
    /// The one-time subscription template (一次性订阅消息) the phone app asks residents to accept inside
    /// WeChat; progress and booking notices then reach them in WeChat. Off while unset.
    pub subscribe_template_id: Option<String>,
    /// The scene value (0 to 10000) the subscription is asked and sent with.
    pub subscribe_scene: u16,
}

impl Default for WechatOaSettings {
    fn default() -> Self {
        Self {
            app_id: None,
            app_secret: None,
            base_url: "https://api.weixin.qq.com".into(),
            timeout_ms: 5_000,
            subscribe_template_id: None,
            subscribe_scene: 1000,
        }
    }
}
