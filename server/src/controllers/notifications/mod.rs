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

pub mod list;
pub mod resend;
pub mod targets;

/// Where someone is reached on a channel.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TargetInput {
    /// For `webhook` and `wecom_robot`, the http(s) URL to post to.
    #[schema(example = "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…")]
    pub target: String,
}

/// A channel and where it reaches. The target itself is not shown back (robot keys are secrets).
#[derive(Debug, Serialize, ToSchema)]
pub struct TargetView {
    pub channel: NotifyChannel,
    pub updated_at: DateTime<Utc>,
}

/// Checks a target for its channel.
pub fn check_target(channel: NotifyChannel, target: &str) -> Result<(), ApiError> {
    let bad = |why: &str| ApiError::validation(vec![FieldError::new("target", "invalid_target", why)]);
    match channel {
        NotifyChannel::Webhook | NotifyChannel::WecomRobot => match url::Url::parse(target.trim()) {
            Ok(url) if matches!(url.scheme(), "https" | "http") && url.host().is_some() => Ok(()),
            _ => Err(bad("an http(s) URL")),
        },
        _ if target.trim().is_empty() || target.len() > 2_000 => Err(bad("1–2000 characters")),
        _ => Ok(()),
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
