//! Notifications: where deputies and stations are reached, every notice with its delivery attempts, and
//! sending a dead one again.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::domain::reference::NotifyChannel;
use crate::domain::report::FieldError;
use crate::errors::ApiError;
use crate::storage::entities::{delivery_attempt, outbox};

pub mod channels;
pub mod list;
pub mod preferences;
pub mod resend;
pub mod targets;

/// Where someone is reached on a channel.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TargetInput {
    /// For `webhook` and `wecom_robot`, the http(s) URL to post to; for `sms`, a mainland mobile number
    /// (stored encrypted); for `wecom_app`, the member's WeCom userid; for `web_push`, the browser's
    /// `PushSubscription` as JSON (`{"endpoint": …, "keys": {"p256dh": …, "auth": …}}`). `wechat_subscribe`
    /// needs none: it reaches the WeChat account the deputy signs in with.
    #[schema(example = "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…")]
    pub target: String,
}

/// A channel and where it reaches. The target itself is not shown back (robot keys are secrets).
#[derive(Debug, Serialize, ToSchema)]
pub struct TargetView {
    pub channel: NotifyChannel,
    pub updated_at: DateTime<Utc>,
}

/// Checks a target for its channel and gives what is stored: the trimmed target, with a phone number
/// reduced to its digits (the caller encrypts it).
pub fn check_target(channel: NotifyChannel, target: &str) -> Result<String, ApiError> {
    let bad = |why: &str| ApiError::validation(vec![FieldError::new("target", "invalid_target", why)]);
    let target = target.trim();
    if target.is_empty() || target.len() > 2_000 {
        return Err(bad("1–2000 characters"));
    }
    match channel {
        NotifyChannel::Webhook | NotifyChannel::WecomRobot => match url::Url::parse(target) {
            Ok(url) if matches!(url.scheme(), "https" | "http") && url.host().is_some() => Ok(target.to_owned()),
            _ => Err(bad("an http(s) URL")),
        },
        NotifyChannel::Sms => {
            crate::domain::report::normalize_phone(target).ok_or_else(|| bad("a mainland mobile number"))
        }
        NotifyChannel::WebPush => match crate::notify::webpush::Subscription::from_browser_json(target) {
            Ok(_) => Ok(target.to_owned()),
            Err(err) => Err(bad(&format!("a browser push subscription as JSON: {err}"))),
        },
        NotifyChannel::WecomApp => {
            let fits = target.len() <= 64
                && target.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.' | '@'));
            if fits { Ok(target.to_owned()) } else { Err(bad("a WeCom userid (letters, digits, _ - . @; up to 64)")) }
        }
        NotifyChannel::WechatSubscribe => {
            Err(bad("nothing to set: subscribe messages reach the WeChat account the deputy signs in with"))
        }
    }
}

/// One delivery attempt.
#[derive(Debug, Serialize, ToSchema)]
pub struct AttemptView {
    pub at: DateTime<Utc>,
    pub channel: String,
    pub ok: bool,
    /// The provider's error code (errcode, HTTP status, `timeout`, …).
    pub provider_code: Option<String>,
    pub detail: Option<String>,
}

/// A notice and how its delivery went.
#[derive(Debug, Serialize, ToSchema)]
pub struct NoticeView {
    pub id: Uuid,
    pub report_id: Uuid,
    /// `assigned`, `triage`, `due_soon`, `escalated`, `progress`, `reopened`.
    pub kind: String,
    /// `deputy`, `station` or `citizen`.
    pub audience: String,
    pub recipient_id: Uuid,
    /// `pending`, `delivered` or `dead`.
    pub status: String,
    pub attempts: i32,
    pub next_attempt_at: DateTime<Utc>,
    pub last_error: Option<String>,
    pub created_at: DateTime<Utc>,
    pub delivered_at: Option<DateTime<Utc>>,
    pub attempt_log: Vec<AttemptView>,
}

/// A list of notices, newest first.
#[derive(Debug, Serialize, ToSchema)]
pub struct NoticeList {
    pub items: Vec<NoticeView>,
}

impl NoticeView {
    pub fn new(notice: outbox::Model, attempts: Vec<delivery_attempt::Model>) -> Self {
        Self {
            id: notice.id,
            report_id: notice.report_id,
            kind: notice.kind,
            audience: notice.audience,
            recipient_id: notice.recipient_id,
            status: notice.status,
            attempts: notice.attempts,
            next_attempt_at: notice.next_attempt_at,
            last_error: notice.last_error,
            created_at: notice.created_at,
            delivered_at: notice.delivered_at,
            attempt_log: attempts
                .into_iter()
                .map(|a| AttemptView {
                    at: a.at,
                    channel: a.channel,
                    ok: a.ok,
                    provider_code: a.provider_code,
                    detail: a.detail,
                })
                .collect(),
        }
    }
}
