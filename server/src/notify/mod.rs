//! Delivering the outbox: a relay claims due notices (several relays can run; each notice is held by one at
//! a time), works out where the recipient is reached, tries their channels in order of preference, records
//! every attempt, and settles the notice as delivered, to retry later (exponential backoff with jitter), or
//! dead after [`MAX_ATTEMPTS`] rounds, when staff can send it again.

pub mod channels;

use std::sync::Arc;
use std::time::Duration as StdDuration;

use crate::domain::notify::{Audience, MAX_ATTEMPTS, NoticeFacts, NoticeKind, backoff, compose};
use crate::pii::PhoneVault;
use crate::ratelimit::{Decision, RateLimiter};
use crate::storage::entities::outbox;
use crate::storage::outbox::Settled;
use crate::storage::{Storage, StorageError};
use channels::{ChannelError, Channels, Outgoing};
use chrono::{DateTime, Duration, Utc};

/// How long a relay holds the notices it claimed.
const HOLD: i64 = 60;
/// Notices claimed per round.
const BATCH: u64 = 50;
/// WeCom allows a group robot 20 messages a minute.
const WECOM_ROBOT_PER_MINUTE: u32 = 20;

/// What one round did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RelaySummary {
    pub delivered: usize,
    pub retrying: usize,
    pub dead: usize,
}

/// Delivers notices.
#[derive(Debug, Clone)]
pub struct Relay {
    pub storage: Storage,
    pub channels: Channels,
    pub limiter: Arc<dyn RateLimiter>,
    /// Decrypts a citizen's phone number for a text message.
    pub vault: Arc<PhoneVault>,
}

impl Relay {
    /// One round at `now`.
    pub async fn run_once(&self, now: DateTime<Utc>) -> Result<RelaySummary, StorageError> {
        let mut summary = RelaySummary::default();
        for notice in self.storage.claim_notices(now, now + Duration::seconds(HOLD), BATCH).await? {
            match self.deliver(&notice, now).await? {
                Settled::Delivered => summary.delivered += 1,
                Settled::Retry { .. } => summary.retrying += 1,
                Settled::Dead { .. } => summary.dead += 1,
            }
        }
        Ok(summary)
    }

    async fn deliver(&self, notice: &outbox::Model, now: DateTime<Utc>) -> Result<Settled, StorageError> {
        let kind: NoticeKind = notice.kind.parse()?;
        let facts: NoticeFacts = serde_json::from_str(&notice.facts)
            .map_err(|e| StorageError::Corrupt(format!("notice {} facts: {e}", notice.id)))?;
        let message = compose(kind, &facts);
        let out =
            Outgoing { id: notice.id, kind: &notice.kind, tracking_code: &facts.tracking_code, message: &message };
        let routes = self.routes(notice).await?;
        let settled = if routes.is_empty() {
            let error = "no channel is set up for this recipient".to_owned();
            self.storage
                .record_attempt(notice.id, "none", false, Some("not_configured".into()), Some(error.clone()))
                .await?;
            Settled::Dead { error }
        } else {
            let mut last = None;
            let mut delivered = false;
            for (channel, target) in &routes {
                let result = match self.within_limits(channel, target).await {
                    Ok(()) => self.channels.send(channel, target, &out).await,
                    Err(limited) => Err(limited),
                };
                match result {
                    Ok(()) => {
                        self.storage.record_attempt(notice.id, channel, true, None, None).await?;
                        delivered = true;
                        break;
                    }
                    Err(ChannelError { code, detail }) => {
                        self.storage
                            .record_attempt(notice.id, channel, false, Some(code.clone()), Some(detail.clone()))
                            .await?;
                        last = Some(format!("{channel}: {code} {detail}"));
                    }
                }
            }
            let error = last.unwrap_or_default();
            let attempts = u32::try_from(notice.attempts).unwrap_or(0) + 1;
            if delivered {
                Settled::Delivered
            } else if attempts >= MAX_ATTEMPTS {
                Settled::Dead { error }
            } else {
                let wait = backoff(attempts, rand::random::<f64>());
                Settled::Retry { at: now + Duration::from_std(wait).unwrap_or(Duration::seconds(60)), error }
            }
        };
        self.storage.settle_notice(notice, settled.clone()).await?;
        Ok(settled)
    }

    /// The recipient's channels with where to reach them, most preferred first.
    async fn routes(&self, notice: &outbox::Model) -> Result<Vec<(String, String)>, StorageError> {
        let audience: Audience = notice.audience.parse()?;
        let targets = self.storage.notification_targets(audience, notice.recipient_id).await?;
        let target = |channel: &str| targets.iter().find(|t| t.channel == channel).map(|t| t.target.clone());
        let order: Vec<String> = match audience {
            Audience::Deputy => match self.storage.find_deputy_by_id(notice.recipient_id).await? {
                Some(deputy) => {
                    deputy.notification_channels.split(';').filter(|c| !c.is_empty()).map(str::to_owned).collect()
                }
                None => Vec::new(),
            },
            Audience::Station | Audience::Unit => vec!["wecom_robot".into(), "webhook".into()],
            Audience::Citizen => return self.citizen_route(notice.recipient_id).await,
        };
        Ok(order.into_iter().filter_map(|channel| target(&channel).map(|t| (channel, t))).collect())
    }

    /// A citizen is texted at the phone number on their report, when they agreed to be contacted.
    async fn citizen_route(&self, report_id: uuid::Uuid) -> Result<Vec<(String, String)>, StorageError> {
        let Some(report) = self.storage.find_report(report_id).await? else { return Ok(Vec::new()) };
        let phone = match (&report.contact_phone_cipher, report.consent_personal_info) {
            (Some(cipher), true) => self.vault.decrypt(cipher).ok(),
            _ => None,
        };
        Ok(phone.map(|phone| ("sms".to_owned(), phone)).into_iter().collect())
    }

    /// WeCom robots take 20 messages a minute; past that the channel is skipped for this round.
    async fn within_limits(&self, channel: &str, target: &str) -> Result<(), ChannelError> {
        if channel != "wecom_robot" {
            return Ok(());
        }
        use sha2::Digest;
        let key = format!("wecom-robot:{}", hex::encode(&sha2::Sha256::digest(target.as_bytes())[..8]));
        match self.limiter.hit(&key, WECOM_ROBOT_PER_MINUTE, StdDuration::from_secs(60)).await {
            Ok(Decision::Limited { .. }) => {
                Err(ChannelError { code: "rate_limited".into(), detail: "20 messages a minute to this robot".into() })
            }
            // Allowed, or the limiter is unreachable: WeCom's own 130101 still stops a flood.
            _ => Ok(()),
        }
    }

    /// Runs rounds every `interval` until the process ends.
    pub fn spawn(self, interval: StdDuration) {
        tokio::spawn(async move {
            let mut ticker = tokio::time::interval(interval);
            ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            loop {
                ticker.tick().await;
                if let Err(err) = self.run_once(Utc::now()).await {
                    tracing::warn!(error = %err, "notification relay round failed; trying again");
                }
            }
        });
    }
}
