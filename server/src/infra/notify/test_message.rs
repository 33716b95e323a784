//! A test message: a deputy (or their station's staff) checks that their notification channels reach them.
//! Sent at once on every route the deputy has, in their order, outside the outbox (nothing to retry: the
//! answer says which channel worked). WeChat subscribe messages are not tried: each spends one of the
//! deputy's one-time subscriptions.

use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::Relay;
use super::transport::{ChannelError, Outgoing};
use crate::domain::notify::{Audience, Message};
use crate::domain::reference::NotifyChannel;
use crate::storage::StorageError;

/// How one channel took the test message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChannelTry {
    pub channel: NotifyChannel,
    /// `Err` with the provider's code and words; `not_tried` for a channel the test does not spend.
    pub result: Result<(), ChannelError>,
}

impl Relay {
    /// Sends the test message to `deputy_id` on each of their routes, linking to `url`.
    pub async fn test_deputy(
        &self,
        deputy_id: Uuid,
        url: &str,
        now: DateTime<Utc>,
    ) -> Result<Vec<ChannelTry>, StorageError> {
        let message = Message {
            title: "测试提醒".to_owned(),
            body: "这是一条测试提醒：您在人大代表联络站设置的这个提醒方式能收到消息。".to_owned(),
        };
        let out = Outgoing {
            id: Uuid::now_v7(),
            kind: "test",
            tracking_code: "",
            message: &message,
            url,
            report_id: None,
            at: now,
        };
        let mut tries = Vec::new();
        for route in self.routes(Audience::Deputy, deputy_id).await? {
            let result = if route.subscription.is_some() {
                Err(ChannelError::new("not_tried", "a WeChat subscribe message would spend a one-time subscription"))
            } else {
                self.channels.send(route.channel, &route.target, &out).await
            };
            tries.push(ChannelTry { channel: route.channel, result });
        }
        Ok(tries)
    }
}
