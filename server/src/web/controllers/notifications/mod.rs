//! Notifications: where deputies and stations are reached, every notice with its delivery attempts, and
//! sending a dead one again.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::app::error::AppError;
use crate::domain::notify::{DeliveryAttempt, Notice};
use crate::domain::reference::NotifyChannel;
use crate::domain::report::FieldError;

pub mod channels;
pub mod list;
pub mod preferences;
pub mod resend;
pub mod supervisors;
pub mod targets;
pub mod test;

/// Where someone is reached on a channel.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TargetInput {
    /// For `webhook` and `wecom_robot`, the http(s) URL to post to; for `sms`, a mainland mobile number
    /// (stored encrypted); for `wecom_app`, the member's WeCom userid; for `web_push`, the browser's
    /// `PushSubscription` as JSON (`{"endpoint": …, "keys": {"p256dh": …, "auth": …}}`). `wechat_subscribe`
    /// needs none: it reaches the WeChat account the deputy signs in with.
    #[schema(
        example = "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…",
        pattern = r"[^\t\n\u000b\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]",
        max_length = 2000
    )]
    pub target: String,
}

/// A channel and where it reaches. The target itself is not shown back (robot keys are secrets).
#[derive(Debug, Serialize, ToSchema)]
pub struct TargetView {
    pub channel: NotifyChannel,
    pub updated_at: DateTime<Utc>,
}

/// Checks a target for its channel and gives what is stored: the trimmed target, with a phone number
/// reduced to its digits (the caller encrypts it). URLs on this machine or a private network are refused
/// unless `allow_private` (`notify.allow_private_targets`), so a target cannot aim the server at services
/// behind its firewall.
pub fn check_target(channel: NotifyChannel, target: &str, allow_private: bool) -> Result<String, AppError> {
    let bad = |why: &str| AppError::validation(vec![FieldError::new("target", "invalid_target", why)]);
    let target = target.trim();
    if target.is_empty() || target.len() > 2_000 {
        return Err(bad("1–2000 characters"));
    }
    let reachable = |url: &str| match url::Url::parse(url) {
        Ok(url) if matches!(url.scheme(), "https" | "http") && url.host().is_some() => {
            if allow_private || !private_host(&url) {
                Ok(())
            } else {
                Err(bad("a public address (this one is on this machine or a private network)"))
            }
        }
        _ => Err(bad("an http(s) URL")),
    };
    match channel {
        NotifyChannel::Webhook | NotifyChannel::WecomRobot => reachable(target).map(|()| target.to_owned()),
        NotifyChannel::Sms => {
            crate::domain::report::normalize_phone(target).ok_or_else(|| bad("a mainland mobile number"))
        }
        NotifyChannel::WebPush => match crate::infra::notify::webpush::Subscription::from_browser_json(target) {
            Ok(subscription) => reachable(&subscription.endpoint).map(|()| target.to_owned()),
            Err(err) => Err(bad(&format!("a browser push subscription as JSON: {err}"))),
        },
        NotifyChannel::WecomApp => {
            let fits = target.len() <= 64
                && target.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.' | '@'));
            if fits { Ok(target.to_owned()) } else { Err(bad("a WeCom userid (letters, digits, _ - . @; up to 64)")) }
        }
        NotifyChannel::WechatSubscribe | NotifyChannel::WechatOaSubscribe => {
            Err(bad("nothing to set: subscribe messages reach the WeChat account the deputy signs in with"))
        }
    }
}

/// Whether the URL names this machine or a private, link-local or unspecified address.
fn private_host(url: &url::Url) -> bool {
    use std::net::IpAddr;
    let ip = match url.host() {
        Some(url::Host::Ipv4(ip)) => IpAddr::V4(ip),
        Some(url::Host::Ipv6(ip)) => IpAddr::V6(ip),
        Some(url::Host::Domain(name)) => {
            let name = name.trim_end_matches('.').to_ascii_lowercase();
            return name == "localhost" || name.ends_with(".localhost") || name.ends_with(".local");
        }
        None => return true,
    };
    match ip {
        IpAddr::V4(ip) => {
            let [a, b, ..] = ip.octets();
            ip.is_loopback()
                || ip.is_private()
                || ip.is_link_local()
                || ip.is_unspecified()
                || ip.is_broadcast()
                || (a == 100 && (b & 0xc0) == 64) // carrier-grade NAT
        }
        IpAddr::V6(ip) => {
            let first = ip.segments()[0];
            ip.is_loopback()
                || ip.is_unspecified()
                || (first & 0xfe00) == 0xfc00 // unique local
                || (first & 0xffc0) == 0xfe80 // link-local
                || ip.to_ipv4_mapped().is_some_and(|v4| v4.is_loopback() || v4.is_private() || v4.is_link_local())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_inside_the_firewall_are_refused_unless_allowed() {
        for inside in [
            "http://127.0.0.1:8080/hook",
            "http://localhost/hook",
            "http://10.1.2.3/x",
            "http://192.168.1.1/x",
            "http://169.254.169.254/latest/meta-data",
            "http://[::1]/x",
            "http://[fd00::1]/x",
            "http://0.0.0.0/x",
        ] {
            assert!(check_target(NotifyChannel::Webhook, inside, false).is_err(), "{inside}");
            assert!(check_target(NotifyChannel::Webhook, inside, true).is_ok(), "{inside}");
        }
        let robot = "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k";
        assert!(check_target(NotifyChannel::WecomRobot, robot, false).is_ok());
        assert!(check_target(NotifyChannel::Webhook, "https://8.8.8.8/x", false).is_ok());
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
    /// The report it is about; null for a resident's booking notices.
    pub report_id: Option<Uuid>,
    /// A notice kind: `assigned`, `triage`, `due_soon`, `escalated`, `progress`, `reopened`, `forwarded`,
    /// `receipt`, `supplemented`, `booking_reminder`, `booking_cancelled`, …
    pub kind: String,
    /// `deputy`, `station`, `citizen` (of a report), `unit`, `station_head`, `committee` or `resident` (an
    /// account, for booking notices).
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
    pub fn new(notice: Notice, attempts: Vec<DeliveryAttempt>) -> Self {
        Self {
            id: notice.id,
            report_id: notice.report_id,
            kind: notice.kind,
            audience: notice.audience,
            recipient_id: notice.recipient_id,
            status: notice.status.as_str().to_owned(),
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
