//! Delivering the outbox: a relay claims due notices (several relays can run; each notice is held by one at
//! a time), works out where the recipient is reached, tries their channels in order of preference, records
//! every attempt, and settles the notice as delivered, to retry later (exponential backoff with jitter), or
//! dead after [`MAX_ATTEMPTS`] rounds, when staff can send it again.
//!
//! Without Redis the relay reads the database outbox, woken at once when this instance writes a notice.
//! With Redis, notices go through a Redis Stream and its consumer group ([`stream`]); when Redis is down
//! the relay falls back to the database until it is back.

pub mod channels;
mod routes;
pub mod setup;
pub mod stream;
pub mod test_message;
pub mod transport;
pub mod webpush;
pub mod wechat;

use std::sync::Arc;
use std::time::Duration as StdDuration;

use crate::domain::links::{notice_link, opinion_link, unit_link};
use crate::domain::notify::{Audience, MAX_ATTEMPTS, Notice, NoticeContent, backoff, compose};
use crate::domain::reference::NotifyChannel;
use crate::infra::auth::unit_links::UnitLink;
use crate::infra::pii::PhoneVault;
use crate::infra::ratelimit::{Decision, RateLimiter};
use crate::storage::outbox::Settled;
use crate::storage::{Storage, StorageError};
use channels::Channels;
use chrono::{DateTime, Duration, Utc};
use routes::Route;
use stream::{Entry, StreamQueue};
use transport::{ChannelError, Outgoing};

/// How long a relay holds the notices it claimed.
const HOLD: i64 = 60;
/// Notices claimed per round.
const BATCH: u64 = 50;
/// WeCom allows a group robot 20 messages a minute.
const WECOM_ROBOT_PER_MINUTE: u32 = 20;
/// A notice put on the stream and still not taken after this long is put on it again.
const STREAM_STALE_SECS: i64 = 30;
/// How often a consumer looks for entries a crashed consumer left behind.
const CLAIM_EVERY: StdDuration = StdDuration::from_secs(10);

/// What one round did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RelaySummary {
    pub delivered: usize,
    pub retrying: usize,
    pub dead: usize,
}

impl RelaySummary {
    fn add(&mut self, settled: &Settled) {
        match settled {
            Settled::Delivered => self.delivered += 1,
            Settled::Retry { .. } => self.retrying += 1,
            Settled::Dead { .. } => self.dead += 1,
        }
    }
}

/// A failure of the database or of Redis.
#[derive(Debug, thiserror::Error)]
pub enum RelayError {
    #[error(transparent)]
    Storage(#[from] StorageError),
    #[error("Redis: {0}")]
    Redis(#[from] redis::RedisError),
}

/// Delivers notices.
#[derive(Debug, Clone)]
pub struct Relay {
    pub storage: Storage,
    pub channels: Channels,
    pub limiter: Arc<dyn RateLimiter>,
    /// Decrypts phone numbers for text messages.
    pub vault: Arc<PhoneVault>,
    /// With Redis: the notice stream.
    pub stream: Option<StreamQueue>,
    /// Attempts go to `liaison_notification_attempts_total`.
    pub metrics: Arc<crate::infra::metrics::Metrics>,
    /// The pages notices link to, below `public_url`.
    pub links: crate::domain::links::LinkSettings,
    pub public_url: String,
    /// Signs the links handling units answer through, valid `unit_link_days`.
    pub unit_links: Arc<crate::infra::auth::unit_links::UnitLinkSigner>,
    pub unit_link_days: u64,
}

impl Relay {
    /// One round over the database outbox at `now`: delivers the notices due, each claimed just before it
    /// is sent (so a hold never runs out while the notice waits its turn in the batch). A notice that
    /// fails for a reason of its own is logged and the round goes on.
    pub async fn run_once(&self, now: DateTime<Utc>) -> Result<RelaySummary, StorageError> {
        let mut summary = RelaySummary::default();
        for id in self.storage.due_notices(now, BATCH).await? {
            let at = now.max(self.storage.now());
            let Some(notice) = self.storage.claim_notice(id, at, at + Duration::seconds(HOLD)).await? else {
                continue;
            };
            match self.deliver(&notice, at).await {
                Ok(settled) => summary.add(&settled),
                Err(err) => tracing::warn!(notice = %id, error = %err, "cannot deliver a notice; it is tried again"),
            }
        }
        Ok(summary)
    }

    /// With Redis: puts due notices that are not on the stream on it; returns how many.
    pub async fn publish_due(&self, stream: &StreamQueue, now: DateTime<Utc>) -> Result<usize, RelayError> {
        let ids = self.storage.notices_to_stream(now, now - Duration::seconds(STREAM_STALE_SECS), 500).await?;
        // Marked first: a consumer may settle a notice as soon as it is on the stream, and a retry it
        // schedules must not be marked as streamed afterwards. An entry Redis lost is put back once stale.
        self.storage.mark_streamed(&ids, now).await?;
        stream.publish(&ids).await?;
        Ok(ids.len())
    }

    /// With Redis: delivers the notices these entries name (each only if this consumer claims its row) and
    /// acknowledges the entries. An entry delivered [`stream::MAX_DELIVERIES`] times without being
    /// acknowledged goes to the dead letters with its notice.
    pub async fn consume(&self, stream: &StreamQueue, entries: &[Entry]) -> Result<RelaySummary, RelayError> {
        let mut summary = RelaySummary::default();
        for entry in entries {
            if entry.deliveries > stream::MAX_DELIVERIES {
                let reason = format!("handed to a consumer {} times without being finished", entry.deliveries);
                stream.bury(entry, &reason).await?;
                self.storage.bury_notice(entry.notice_id, &reason).await?;
                summary.dead += 1;
                continue;
            }
            let now = self.storage.now();
            if let Some(notice) = self.storage.claim_notice(entry.notice_id, now, now + Duration::seconds(HOLD)).await?
            {
                let settled = self.deliver(&notice, now).await?;
                if let Settled::Dead { error } = &settled {
                    stream.bury(entry, error).await?;
                }
                summary.add(&settled);
            }
            stream.ack(std::slice::from_ref(&entry.entry_id)).await?;
        }
        Ok(summary)
    }

    async fn deliver(&self, notice: &Notice, now: DateTime<Utc>) -> Result<Settled, StorageError> {
        let NoticeContent { kind, audience, facts } = match notice.content() {
            Ok(content) => content,
            // Nothing can be sent from it, now or later: a dead letter at once, on the record.
            Err(error) => {
                self.storage
                    .record_attempt(notice.id, "none", false, Some("corrupt".into()), Some(error.clone()))
                    .await?;
                let settled = Settled::Dead { error };
                self.settle(notice, &settled).await?;
                return Ok(settled);
            }
        };
        let message = compose(kind, &facts);
        let url = if let Some(opinion) = &facts.opinion {
            opinion_link(&self.links, &self.public_url, opinion.opinion_id)
        } else if let (Audience::Unit, Some(report_id)) = (audience, notice.report_id) {
            let days = i64::try_from(self.unit_link_days).unwrap_or(30);
            let link = UnitLink { report_id, unit_id: notice.recipient_id, expires_at: now + Duration::days(days) };
            unit_link(&self.links, &self.public_url, report_id, &self.unit_links.sign(&link))
        } else {
            notice_link(&self.links, &self.public_url, audience, notice.report_id, &facts.tracking_code)
        };
        let out = Outgoing {
            id: notice.id,
            kind: &notice.kind,
            tracking_code: &facts.tracking_code,
            message: &message,
            url: &url,
            report_id: notice.report_id,
            at: self.storage.now(),
        };
        let routes = self.routes(audience, notice.recipient_id).await?;
        let settled = if routes.is_empty() {
            let error = "no channel is set up for this recipient".to_owned();
            self.metrics.attempt("none", false);
            self.storage
                .record_attempt(notice.id, "none", false, Some("not_configured".into()), Some(error.clone()))
                .await?;
            Settled::Dead { error }
        } else {
            let mut last = None;
            let mut delivered = false;
            for route in &routes {
                match self.send(audience, notice.recipient_id, route, &out).await? {
                    Ok(()) => {
                        self.metrics.attempt(route.channel.as_str(), true);
                        self.storage.record_attempt(notice.id, route.channel.as_str(), true, None, None).await?;
                        delivered = true;
                        break;
                    }
                    Err(ChannelError { code, detail }) => {
                        self.metrics.attempt(route.channel.as_str(), false);
                        self.storage
                            .record_attempt(
                                notice.id,
                                route.channel.as_str(),
                                false,
                                Some(code.clone()),
                                Some(detail.clone()),
                            )
                            .await?;
                        last = Some(format!("{}: {code} {detail}", route.channel));
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
        self.settle(notice, &settled).await?;
        Ok(settled)
    }

    /// Settles a notice this relay holds; if its hold ran out and another relay took it, that one settles it.
    async fn settle(&self, notice: &Notice, settled: &Settled) -> Result<(), StorageError> {
        if !self.storage.settle_notice(notice, settled.clone()).await? {
            tracing::warn!(notice = %notice.id, "a notice's hold ran out before it was settled; left to its new holder");
        }
        Ok(())
    }

    /// One try on one route. The outer error is the database's; the inner one the channel's.
    async fn send(
        &self,
        audience: Audience,
        owner: uuid::Uuid,
        route: &Route,
        out: &Outgoing<'_>,
    ) -> Result<Result<(), ChannelError>, StorageError> {
        if let Err(limited) = self.within_limits(route.channel, &route.target).await {
            return Ok(Err(limited));
        }
        if let Some((account, template)) = &route.subscription {
            return self.send_subscribe_message(route.channel, *account, template, &route.target, out).await;
        }
        let result = self.channels.send(route.channel, &route.target, out).await;
        if let Err(ChannelError { code, .. }) = &result {
            // The browser dropped this subscription: it will never work again.
            if route.channel == NotifyChannel::WebPush
                && (code == "404" || code == "410")
                && audience != Audience::Citizen
            {
                self.storage.delete_notification_target(audience, owner, NotifyChannel::WebPush.as_str()).await?;
            }
        }
        Ok(result)
    }

    /// A subscribe message spends one of the user's one-time subscriptions; it is given back when the
    /// message did not go out, and all are cleared when WeChat says there are none (43101).
    async fn send_subscribe_message(
        &self,
        channel: NotifyChannel,
        account: uuid::Uuid,
        template: &str,
        openid: &str,
        out: &Outgoing<'_>,
    ) -> Result<Result<(), ChannelError>, StorageError> {
        let configured = match channel {
            NotifyChannel::WechatOaSubscribe => self.channels.wechat_oa.is_some(),
            _ => self.channels.wechat.is_some(),
        };
        if !configured {
            return Ok(Err(ChannelError::new("not_configured", "set the WeChat app id, secret and template")));
        }
        if !self.storage.take_subscription_credit(account, template).await? {
            return Ok(Err(ChannelError::new("43101", "the user has no one-time subscription to this message left")));
        }
        let tokens = &self.channels.tokens;
        let result = match (&self.channels.wechat_oa, &self.channels.wechat) {
            (Some(oa), _) if channel == NotifyChannel::WechatOaSubscribe => oa.send(tokens, openid, out).await,
            (_, Some(push)) => push.send(tokens, template, openid, out).await,
            _ => Err(ChannelError::new("not_configured", "set the WeChat app id, secret and template")),
        };
        match &result {
            Ok(()) => {}
            Err(ChannelError { code, .. }) if code == "43101" => {
                self.storage.clear_subscription_credits(account, template).await?;
            }
            Err(_) => self.storage.return_subscription_credit(account, template).await?,
        }
        Ok(result)
    }

    /// WeCom robots take 20 messages a minute; past that the channel is skipped for this round.
    async fn within_limits(&self, channel: NotifyChannel, target: &str) -> Result<(), ChannelError> {
        if channel != NotifyChannel::WecomRobot {
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

    /// Runs until the process ends: over the database outbox every `interval` and whenever this instance
    /// writes a notice, or, with Redis, as a publisher and a stream consumer.
    pub fn spawn(self, interval: StdDuration) {
        match self.stream.clone() {
            None => {
                tokio::spawn(async move {
                    let signal = self.storage.outbox_signal();
                    loop {
                        if let Err(err) = self.run_once(self.storage.now()).await {
                            tracing::warn!(error = %err, "notification relay round failed; trying again");
                        }
                        tokio::select! {
                            () = signal.notified() => {}
                            () = tokio::time::sleep(interval) => {}
                        }
                    }
                });
            }
            Some(stream) => {
                let publisher = self.clone();
                let published_to = stream.clone();
                tokio::spawn(async move { publisher.publish_forever(&published_to, interval).await });
                tokio::spawn(async move { self.consume_forever(&stream, interval).await });
            }
        }
    }

    /// Puts due notices on the stream at once when this instance writes some, and every `interval`. While
    /// Redis is unreachable it delivers from the database itself, so nothing waits for Redis.
    async fn publish_forever(&self, stream: &StreamQueue, interval: StdDuration) {
        let signal = self.storage.outbox_signal();
        let mut redis_down = false;
        loop {
            let now = self.storage.now();
            match self.publish_due(stream, now).await {
                Ok(_) => {
                    if redis_down {
                        tracing::info!("Redis is back; notices go through the stream again");
                        redis_down = false;
                    }
                }
                Err(RelayError::Redis(err)) => {
                    if !redis_down {
                        tracing::warn!(error = %err, "Redis is unreachable; delivering notices from the database");
                        redis_down = true;
                    }
                    if let Err(err) = self.run_once(now).await {
                        tracing::warn!(error = %err, "notification relay round failed; trying again");
                    }
                }
                Err(RelayError::Storage(err)) => {
                    tracing::warn!(error = %err, "cannot read the outbox; trying again");
                }
            }
            tokio::select! {
                () = signal.notified() => {}
                () = tokio::time::sleep(interval) => {}
            }
        }
    }

    /// Reads the stream as one consumer of the group, and now and then claims entries left behind.
    async fn consume_forever(&self, stream: &StreamQueue, interval: StdDuration) {
        let mut last_claim = tokio::time::Instant::now();
        let mut group_ready = false;
        loop {
            if !group_ready {
                match stream.ensure_group().await {
                    Ok(()) => group_ready = true,
                    Err(_) => {
                        tokio::time::sleep(interval.max(StdDuration::from_millis(200))).await;
                        continue;
                    }
                }
            }
            let entries = match stream.read().await {
                Ok(entries) => entries,
                Err(err) => {
                    // NOGROUP after Redis restarted empty, or Redis is down: make the group again when it is back.
                    tracing::debug!(error = %err, "cannot read the notice stream");
                    group_ready = false;
                    tokio::time::sleep(interval.max(StdDuration::from_millis(200))).await;
                    continue;
                }
            };
            if let Err(err) = self.consume(stream, &entries).await {
                tracing::warn!(error = %err, "notice stream round failed; entries will be claimed again");
            }
            if last_claim.elapsed() >= CLAIM_EVERY {
                last_claim = tokio::time::Instant::now();
                match stream.claim_stuck().await {
                    Ok(stuck) if !stuck.is_empty() => {
                        if let Err(err) = self.consume(stream, &stuck).await {
                            tracing::warn!(error = %err, "claimed notice entries failed; trying again later");
                        }
                    }
                    Ok(_) => {}
                    Err(err) => tracing::debug!(error = %err, "cannot claim stuck notice entries"),
                }
                if let Err(err) = stream.forget_stopped_consumers().await {
                    tracing::debug!(error = %err, "cannot tidy the stream's consumers");
                }
            }
        }
    }
}
