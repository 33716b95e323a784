//! The channels a notice goes out on: a generic webhook signed with HMAC-SHA256, a WeCom (企业微信) group
//! robot, a WeCom application message, Web Push and SMS. (WeChat subscribe messages, mini-program or official
//! account, which spend the user's one-time subscriptions, are sent by the relay through [`super::wechat`].)

use std::sync::Arc;
use std::time::Duration;

use hmac::{Hmac, Mac};
use secrecy::{ExposeSecret, SecretString};
use serde_json::json;
use sha2::Sha256;

use super::transport::{ChannelError, Outgoing, success, transport};
use super::webpush::{Subscription, Vapid};
use super::wechat::{TokenKeeper, WechatOaPush, WechatPush, WecomApp};
use crate::configuration::Settings;
use crate::domain::reference::NotifyChannel;
use crate::infra::outbound::sms::SmsSender;
use crate::storage::Storage;

/// The HTTP client, SMS sender, provider clients and secrets the channels share.
#[derive(Debug, Clone)]
pub struct Channels {
    pub http: reqwest::Client,
    pub webhook_secret: Option<SecretString>,
    pub sms: Arc<dyn SmsSender>,
    /// Shared WeChat and WeCom access tokens.
    pub tokens: TokenKeeper,
    pub wechat: Option<WechatPush>,
    /// The official account's one-time subscription messages.
    pub wechat_oa: Option<WechatOaPush>,
    pub wecom: Option<WecomApp>,
    pub vapid: Option<Vapid>,
}

impl Channels {
    /// Sets up every channel the settings configure.
    pub fn from_settings(
        settings: &Settings,
        storage: Storage,
        sms: Arc<dyn SmsSender>,
        holder: String,
    ) -> anyhow::Result<Self> {
        let http = reqwest::Client::builder().timeout(Duration::from_millis(settings.notify.timeout_ms)).build()?;
        let vapid = match &settings.notify.web_push.vapid_private_key {
            Some(key) => Some(
                Vapid::from_private_b64(key.expose_secret(), &settings.notify.web_push.subject)
                    .map_err(|e| anyhow::anyhow!("notify.web_push: {e}"))?,
            ),
            None => None,
        };
        Ok(Self {
            tokens: TokenKeeper::new(storage, http.clone(), holder),
            http,
            webhook_secret: settings.notify.webhook_secret.clone(),
            sms,
            wechat: WechatPush::from_settings(&settings.wechat, &settings.links),
            wechat_oa: WechatOaPush::from_settings(&settings.wechat_oa),
            wecom: WecomApp::from_settings(&settings.notify.wecom),
            vapid,
        })
    }

    /// Sends on `channel` to `target`: a URL (webhook, robot), a phone number (SMS), a WeCom userid, or a
    /// browser's push subscription as JSON.
    pub async fn send(&self, channel: NotifyChannel, target: &str, out: &Outgoing<'_>) -> Result<(), ChannelError> {
        match channel {
            NotifyChannel::Webhook => self.webhook(target, out).await,
            NotifyChannel::WecomRobot => self.wecom_robot(target, out).await,
            NotifyChannel::WecomApp => match &self.wecom {
                Some(app) => app.send(&self.tokens, target, out).await,
                None => Err(ChannelError::new("not_configured", "set notify.wecom to send WeCom app messages")),
            },
            NotifyChannel::WebPush => self.web_push(target, out).await,
            NotifyChannel::Sms => self
                .sms
                .send_text(target, &format!("{} {}", out.message.body, out.url))
                .await
                .map_err(|e| ChannelError::new("sms_failed", e.to_string())),
            // Spends the recipient's one-time subscriptions: sent by the relay through `WechatPush`.
            NotifyChannel::WechatSubscribe | NotifyChannel::WechatOaSubscribe => {
                Err(ChannelError::new("not_supported", "subscribe messages are sent with the recipient's subscription"))
            }
        }
    }

    /// Encrypts the notice for the browser (RFC 8291) and hands it to its push service with a VAPID
    /// signature. 404 and 410 mean the subscription is gone.
    async fn web_push(&self, subscription: &str, out: &Outgoing<'_>) -> Result<(), ChannelError> {
        let Some(vapid) = &self.vapid else {
            return Err(ChannelError::new("not_configured", "set notify.web_push.vapid_private_key"));
        };
        let subscription = Subscription::from_browser_json(subscription)
            .map_err(|e| ChannelError::new("bad_subscription", e.to_string()))?;
        let payload = json!({
            "id": out.id,
            "kind": out.kind,
            "tracking_code": out.tracking_code,
            "title": out.message.title,
            "body": out.message.body,
            "url": out.url,
        })
        .to_string();
        let body = subscription
            .encrypt(payload.as_bytes())
            .map_err(|e| ChannelError::new("encryption_failed", e.to_string()))?;
        let authorization = vapid
            .authorization(&subscription.endpoint, out.at.timestamp())
            .map_err(|e| ChannelError::new("bad_subscription", e.to_string()))?;
        let response = self
            .http
            .post(&subscription.endpoint)
            .header("TTL", "86400")
            .header("Urgency", "high")
            .header("Topic", out.id.simple().to_string())
            .header("Content-Encoding", "aes128gcm")
            .header("Content-Type", "application/octet-stream")
            .header("Authorization", authorization)
            .body(body)
            .send()
            .await
            .map_err(transport)?;
        success(response.status(), "the push service")
    }

    /// POSTs the notice as JSON with `X-Liaison-Signature: sha256=<hex HMAC of "<timestamp>.<body>">`.
    async fn webhook(&self, url: &str, out: &Outgoing<'_>) -> Result<(), ChannelError> {
        let Some(secret) = &self.webhook_secret else {
            return Err(ChannelError::new("not_configured", "set notify.webhook_secret to sign webhooks"));
        };
        let body = json!({
            "id": out.id,
            "kind": out.kind,
            "tracking_code": out.tracking_code,
            "title": out.message.title,
            "text": out.message.body,
            "url": out.url,
        })
        .to_string();
        let timestamp = out.at.timestamp().to_string();
        let signature = sign(secret.expose_secret().as_bytes(), &timestamp, &body);
        let response = self
            .http
            .post(url)
            .header("Content-Type", "application/json")
            .header("X-Liaison-Delivery", out.id.to_string())
            .header("X-Liaison-Timestamp", &timestamp)
            .header("X-Liaison-Signature", format!("sha256={signature}"))
            .body(body)
            .send()
            .await
            .map_err(transport)?;
        success(response.status(), "the webhook")
    }

    /// Posts a text message to a WeCom group robot webhook; errcode 130101 is its limit of 20 a minute.
    async fn wecom_robot(&self, url: &str, out: &Outgoing<'_>) -> Result<(), ChannelError> {
        let content = format!("【{}】{}\n{}", out.message.title, out.message.body, out.url);
        let response = self
            .http
            .post(url)
            .json(&json!({"msgtype": "text", "text": {"content": content}}))
            .send()
            .await
            .map_err(transport)?;
        let status = response.status();
        if !status.is_success() {
            return Err(ChannelError::new(status.as_u16().to_string(), format!("WeCom answered {status}")));
        }
        let answer: serde_json::Value = response
            .json()
            .await
            .map_err(|e| ChannelError::new("bad_response", format!("WeCom: {}", e.without_url())))?;
        match answer.get("errcode").and_then(|c| c.as_i64()) {
            Some(0) => Ok(()),
            Some(code) => Err(ChannelError::new(
                code.to_string(),
                answer.get("errmsg").and_then(|m| m.as_str()).unwrap_or("WeCom refused the message").to_owned(),
            )),
            None => Err(ChannelError::new("bad_response", "WeCom answered without an errcode")),
        }
    }
}

/// Hex HMAC-SHA256 of `<timestamp>.<body>`: what webhook receivers recompute to check a delivery.
pub fn sign(secret: &[u8], timestamp: &str, body: &str) -> String {
    // HMAC takes a key of any length.
    let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(secret) else { return String::new() };
    mac.update(timestamp.as_bytes());
    mac.update(b".");
    mac.update(body.as_bytes());
    hex::encode(mac.finalize().into_bytes())
}
