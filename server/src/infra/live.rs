//! Live updates: when a report is filed or moves on, every open event stream that may see it hears at once.
//! With Redis, events go through one pub/sub channel so a client connected to any instance hears of a
//! change made on any other; without it they stay in this process. Streams are best effort: the durable
//! record is the report itself, and a client that reconnects reads the queues again.

use std::time::Duration;

use chrono::{DateTime, Utc};
use futures_util::StreamExt;
use serde::{Deserialize, Serialize};
use tokio::sync::broadcast;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::domain::access::Principal;
use crate::domain::report::ReportStatus;
use crate::domain::report::record::Report;

/// Events a slow stream may fall behind by before it misses some (it is told to reload).
const BUFFER: usize = 1024;

crate::domain::report::string_enum! {
    /// What happened to a report.
    pub enum LiveKind {
        /// It was filed.
        Filed => "filed",
        /// It took a step in the loop.
        Changed => "changed",
        /// Supervision found it due soon or overdue.
        Supervision => "supervision",
    }
}

/// Something happened to a report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct LiveEvent {
    pub kind: LiveKind,
    pub report_id: Uuid,
    /// The station it was filed at and the one routing gave it to.
    pub stations: Vec<Uuid>,
    pub deputy_id: Option<Uuid>,
    /// The report's status afterwards.
    pub status: ReportStatus,
    pub at: DateTime<Utc>,
}

impl LiveEvent {
    /// The update for `report` as it now stands.
    pub fn for_report(kind: LiveKind, report: &Report, at: DateTime<Utc>) -> Self {
        LiveEvent {
            kind,
            report_id: report.id,
            stations: [report.station_id, report.routed_station_id].into_iter().flatten().collect(),
            deputy_id: report.assigned_deputy_id,
            status: report.status,
            at,
        }
    }

    /// Whether `principal` may hear of it: staff of its stations, its deputy, administrators, and (without
    /// the report's id) the kiosks of its stations.
    pub fn visible_to(&self, principal: &Principal) -> bool {
        match principal {
            Principal::Admin { .. } | Principal::Committee { .. } => true,
            Principal::Staff { stations, .. } => self.stations.iter().any(|s| stations.contains(s)),
            Principal::Deputy { deputy_id, .. } => deputy_id.is_some() && self.deputy_id == *deputy_id,
            Principal::Kiosk { station_id, .. } => self.stations.contains(station_id),
            Principal::Citizen { .. } | Principal::Unit { .. } => false,
        }
    }
}

crate::domain::report::string_enum! {
    /// What happened to a call for help.
    pub enum HelpKind {
        /// A resident at a kiosk asked for a member of staff.
        Called => "called",
        /// A member of staff said they are coming.
        Answered => "answered",
    }
}

/// A call for help from a kiosk, or its answer: staff of the station hear both; the kiosk hears the answer
/// to its own call.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct HelpEvent {
    pub kind: HelpKind,
    pub call_id: Uuid,
    pub station_id: Uuid,
    pub kiosk_id: Uuid,
    /// The kiosk's label, e.g. 大厅一号机: where to go.
    #[schema(example = "大厅一号机")]
    pub kiosk_label: String,
    pub at: DateTime<Utc>,
}

impl HelpEvent {
    /// Whether `principal` hears of it: staff of the station, administrators, and the kiosk that called.
    pub fn visible_to(&self, principal: &Principal) -> bool {
        match principal {
            Principal::Admin { .. } => true,
            Principal::Staff { stations, .. } => stations.contains(&self.station_id),
            Principal::Kiosk { kiosk_id, .. } => *kiosk_id == self.kiosk_id && self.kind == HelpKind::Answered,
            _ => false,
        }
    }
}

/// What travels through the hub.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "topic", content = "event", rename_all = "snake_case")]
pub enum LiveMessage {
    Report(LiveEvent),
    Help(HelpEvent),
}

impl From<LiveEvent> for LiveMessage {
    fn from(event: LiveEvent) -> Self {
        LiveMessage::Report(event)
    }
}

impl From<HelpEvent> for LiveMessage {
    fn from(event: HelpEvent) -> Self {
        LiveMessage::Help(event)
    }
}

impl LiveMessage {
    /// Reads a message off the shared channel; an instance of an earlier release sends report events bare.
    fn parse(text: &str) -> Option<Self> {
        serde_json::from_str(text).ok().or_else(|| serde_json::from_str::<LiveEvent>(text).ok().map(Self::Report))
    }
}

/// Where events are published and heard.
#[derive(Clone)]
pub struct LiveHub {
    local: broadcast::Sender<LiveMessage>,
    redis: Option<redis::Client>,
    /// One connection for publishing, made on first use (as the rate limiter does), kept and reconnected
    /// by the manager.
    publisher: std::sync::Arc<tokio::sync::OnceCell<redis::aio::ConnectionManager>>,
    /// The Redis channel events travel on: `<namespace>:live`.
    channel: String,
}

impl LiveHub {
    /// A hub; with Redis, also starts the task that relays the shared channel into this process.
    pub fn new(redis: Option<redis::Client>, namespace: &str) -> Self {
        let (local, _) = broadcast::channel(BUFFER);
        let hub = Self { local, redis, publisher: Default::default(), channel: format!("{namespace}:live") };
        if let Some(client) = hub.redis.clone() {
            tokio::spawn(relay_from_redis(client, hub.channel.clone(), hub.local.clone()));
        }
        hub
    }

    /// Tells every stream that may see it. Through Redis when configured (this process hears it back from
    /// there); in process when Redis is absent or unreachable.
    pub async fn publish(&self, event: impl Into<LiveMessage>) {
        let event: LiveMessage = event.into();
        if let Some(client) = &self.redis
            && let Ok(text) = serde_json::to_string(&event)
        {
            let published: redis::RedisResult<()> = async {
                let mut connection =
                    self.publisher.get_or_try_init(|| crate::infra::redis_conn::manager(client)).await?.clone();
                redis::cmd("PUBLISH").arg(&self.channel).arg(text).query_async(&mut connection).await
            }
            .await;
            match published {
                Ok(()) => return,
                Err(err) => tracing::warn!(error = %err, "live update not published through Redis; local only"),
            }
        }
        // No receiver is fine: nobody is listening.
        let _ = self.local.send(event);
    }

    /// A receiver of every event from now on.
    pub fn subscribe(&self) -> broadcast::Receiver<LiveMessage> {
        self.local.subscribe()
    }
}

impl std::fmt::Debug for LiveHub {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LiveHub").field("channel", &self.channel).field("redis", &self.redis.is_some()).finish()
    }
}

/// Forwards the shared channel into this process, reconnecting after a Redis outage.
async fn relay_from_redis(client: redis::Client, channel: String, local: broadcast::Sender<LiveMessage>) {
    let mut wait = Duration::from_millis(200);
    loop {
        match client.get_async_pubsub().await {
            Ok(mut pubsub) => match pubsub.subscribe(&channel).await {
                Ok(()) => {
                    wait = Duration::from_millis(200);
                    let mut messages = pubsub.into_on_message();
                    while let Some(message) = messages.next().await {
                        let Ok(text) = message.get_payload::<String>() else { continue };
                        if let Some(event) = LiveMessage::parse(&text) {
                            let _ = local.send(event);
                        }
                    }
                    tracing::warn!("live updates: the Redis subscription ended; reconnecting");
                }
                Err(err) => tracing::warn!(error = %err, "live updates: cannot subscribe in Redis"),
            },
            Err(err) => tracing::warn!(error = %err, "live updates: cannot reach Redis"),
        }
        tokio::time::sleep(wait).await;
        wait = (wait * 2).min(Duration::from_secs(10));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_principal_hears_only_what_it_may_see() {
        let (a, b, deputy) = (Uuid::now_v7(), Uuid::now_v7(), Uuid::now_v7());
        let event = LiveEvent {
            kind: LiveKind::Changed,
            report_id: Uuid::now_v7(),
            stations: vec![a],
            deputy_id: Some(deputy),
            status: ReportStatus::Accepted,
            at: Utc::now(),
        };
        let staff = |s| Principal::Staff { account_id: Uuid::now_v7(), stations: vec![s], head: false };
        assert!(event.visible_to(&staff(a)));
        assert!(!event.visible_to(&staff(b)));
        let as_deputy = |d| Principal::Deputy { account_id: Uuid::now_v7(), deputy_id: d, stations: vec![] };
        assert!(event.visible_to(&as_deputy(Some(deputy))));
        assert!(!event.visible_to(&as_deputy(Some(Uuid::now_v7()))));
        assert!(!event.visible_to(&as_deputy(None)));
        assert!(event.visible_to(&Principal::Kiosk { kiosk_id: Uuid::now_v7(), station_id: a }));
        assert!(!event.visible_to(&Principal::Citizen { account_id: Uuid::now_v7() }));
        assert!(event.visible_to(&Principal::Admin { account_id: Uuid::now_v7() }));
    }

    #[test]
    fn a_call_for_help_reaches_the_stations_staff_and_its_answer_the_kiosk() {
        let (station, kiosk) = (Uuid::now_v7(), Uuid::now_v7());
        let mut event = HelpEvent {
            kind: HelpKind::Called,
            call_id: Uuid::now_v7(),
            station_id: station,
            kiosk_id: kiosk,
            kiosk_label: "大厅一号机".into(),
            at: Utc::now(),
        };
        let staff = |s| Principal::Staff { account_id: Uuid::now_v7(), stations: vec![s], head: false };
        assert!(event.visible_to(&staff(station)));
        assert!(!event.visible_to(&staff(Uuid::now_v7())));
        assert!(!event.visible_to(&Principal::Kiosk { kiosk_id: kiosk, station_id: station }));
        assert!(!event.visible_to(&Principal::Committee { account_id: Uuid::now_v7() }));
        event.kind = HelpKind::Answered;
        assert!(event.visible_to(&Principal::Kiosk { kiosk_id: kiosk, station_id: station }));
        assert!(!event.visible_to(&Principal::Kiosk { kiosk_id: Uuid::now_v7(), station_id: station }));
    }

    #[test]
    fn messages_of_an_earlier_release_still_read() {
        let event = LiveEvent {
            kind: LiveKind::Filed,
            report_id: Uuid::now_v7(),
            stations: vec![],
            deputy_id: None,
            status: ReportStatus::Triage,
            at: Utc::now(),
        };
        let bare = serde_json::to_string(&event).unwrap();
        assert_eq!(LiveMessage::parse(&bare), Some(LiveMessage::Report(event.clone())));
        let tagged = serde_json::to_string(&LiveMessage::Report(event.clone())).unwrap();
        assert_eq!(LiveMessage::parse(&tagged), Some(LiveMessage::Report(event)));
    }
}
