//! Notification settings: `[notify]`, `[notify.wecom]`, `[notify.web_push]`.

use secrecy::SecretString;
use serde::Deserialize;

/// Delivering notifications (`[notify]`).
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct NotifySettings {
    /// Signs webhook deliveries (HMAC-SHA256); webhooks are not sent without it.
    pub webhook_secret: Option<SecretString>,
    /// Milliseconds between relay rounds; 0 turns the relay off.
    pub relay_interval_ms: u64,
    /// How long a channel may take to answer.
    pub timeout_ms: u64,
    /// Let webhook, robot and push targets be on this machine or a private network (an in-house 12345
    /// system, say). Off: a target cannot aim the server at what sits behind its firewall.
    pub allow_private_targets: bool,
    pub wecom: WecomSettings,
    pub web_push: WebPushSettings,
}

impl Default for NotifySettings {
    fn default() -> Self {
        Self {
            webhook_secret: None,
            relay_interval_ms: 500,
            timeout_ms: 5_000,
            allow_private_targets: false,
            wecom: WecomSettings::default(),
            web_push: WebPushSettings::default(),
        }
    }
}

/// A WeCom (企业微信) self-built application that sends app messages to members (`[notify.wecom]`).
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct WecomSettings {
    /// The corp ID; app messages are off while it is unset.
    pub corp_id: Option<String>,
    /// The application's secret.
    pub corp_secret: Option<SecretString>,
    /// The application's AgentId.
    pub agent_id: Option<i64>,
    /// Where the WeCom API lives.
    pub base_url: String,
}

impl Default for WecomSettings {
    fn default() -> Self {
        Self { corp_id: None, corp_secret: None, agent_id: None, base_url: "https://qyapi.weixin.qq.com".into() }
    }
}

/// Browser push (`[notify.web_push]`).
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct WebPushSettings {
    /// The VAPID private key: the raw P-256 scalar, base64url (`liaison vapid-keys` makes one). Web Push is
    /// off while it is unset.
    pub vapid_private_key: Option<SecretString>,
    /// Who push services contact about this sender: `mailto:` or `https:`.
    pub subject: String,
}

impl Default for WebPushSettings {
    fn default() -> Self {
        Self { vapid_private_key: None, subject: "mailto:ops@example.gov.cn".into() }
    }
}
