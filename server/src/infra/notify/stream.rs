//! With Redis, notices travel on a Redis Stream read by one consumer group: any instance's consumer takes
//! each entry (XREADGROUP), acknowledges it when the notice is settled (XACK), claims entries a crashed
//! consumer left behind (XAUTOCLAIM), and moves an entry that keeps failing to a dead-letter stream.
//!
//! The database outbox stays the record: an entry carries only the notice's id, and a consumer delivers
//! it only after claiming that notice's row, so an entry read twice, or a notice put on the stream twice,
//! is still delivered once. Notices that are due and not on the stream (written while Redis was down,
//! due for a retry, or lost when Redis restarted empty) are put on it by [`StreamQueue::publish`].

use std::time::Duration;

use redis::RedisResult;
use redis::aio::ConnectionManager;
use redis::streams::{
    StreamAutoClaimReply, StreamId, StreamInfoConsumersReply, StreamPendingCountReply, StreamReadReply,
};
use tokio::sync::OnceCell;
use uuid::Uuid;

/// How long a read waits for new entries.
pub const BLOCK_MS: usize = 1_000;
/// Entries taken per read.
const COUNT: usize = 50;
/// An entry nobody acknowledged for this long is claimed by another consumer.
pub const CLAIM_IDLE_MS: usize = 30_000;
/// An entry delivered this many times without being acknowledged goes to the dead letters.
pub const MAX_DELIVERIES: usize = 5;
/// A consumer that has held nothing and been idle this long (an instance that stopped) is forgotten.
pub const FORGET_IDLE_MS: usize = 3_600_000;
/// The stream keeps about this many entries.
const MAX_LEN: usize = 100_000;

/// One entry: the stream's id for it and the notice it names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub entry_id: String,
    pub notice_id: Uuid,
    /// How often it was handed to a consumer (known for claimed entries).
    pub deliveries: usize,
}

/// The notice stream of one deployment.
#[derive(Clone)]
pub struct StreamQueue {
    client: redis::Client,
    /// Publishing and acknowledging.
    commands: std::sync::Arc<OnceCell<ConnectionManager>>,
    /// Blocking reads, on their own connection so they hold up nothing else.
    reads: std::sync::Arc<OnceCell<ConnectionManager>>,
    /// `<namespace>:notices`.
    pub stream: String,
    /// `<namespace>:notices:dead`.
    pub dead_letters: String,
    pub group: String,
    /// This instance's consumer name.
    pub consumer: String,
    /// Entries idle this long are claimed from their consumer ([`CLAIM_IDLE_MS`]).
    pub claim_idle_ms: usize,
    /// Consumers with nothing pending idle this long are removed from the group ([`FORGET_IDLE_MS`]).
    pub forget_idle_ms: usize,
}

impl std::fmt::Debug for StreamQueue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StreamQueue").field("stream", &self.stream).field("consumer", &self.consumer).finish()
    }
}

impl StreamQueue {
    pub fn new(client: redis::Client, namespace: &str, consumer: String) -> Self {
        Self {
            client,
            commands: Default::default(),
            reads: Default::default(),
            stream: format!("{namespace}:notices"),
            dead_letters: format!("{namespace}:notices:dead"),
            group: "relay".to_owned(),
            consumer,
            claim_idle_ms: CLAIM_IDLE_MS,
            forget_idle_ms: FORGET_IDLE_MS,
        }
    }

    async fn commands(&self) -> RedisResult<ConnectionManager> {
        self.commands.get_or_try_init(|| crate::infra::redis_conn::manager(&self.client)).await.cloned()
    }

    async fn reads(&self) -> RedisResult<ConnectionManager> {
        let config = crate::infra::redis_conn::fail_fast()
            .set_response_timeout(Some(Duration::from_millis(BLOCK_MS as u64 + 2_000)));
        self.reads.get_or_try_init(|| self.client.get_connection_manager_with_config(config)).await.cloned()
    }

    /// Creates the stream and the group if they are missing (also after Redis restarted empty).
    pub async fn ensure_group(&self) -> RedisResult<()> {
        let mut conn = self.commands().await?;
        let created: RedisResult<()> = redis::cmd("XGROUP")
            .arg("CREATE")
            .arg(&self.stream)
            .arg(&self.group)
            .arg("0")
            .arg("MKSTREAM")
            .query_async(&mut conn)
            .await;
        match created {
            Err(err) if err.code() == Some("BUSYGROUP") => Ok(()),
            other => other,
        }
    }

    /// Puts notices on the stream.
    pub async fn publish(&self, ids: &[Uuid]) -> RedisResult<()> {
        if ids.is_empty() {
            return Ok(());
        }
        let mut conn = self.commands().await?;
        let mut pipe = redis::pipe();
        for id in ids {
            pipe.cmd("XADD")
                .arg(&self.stream)
                .arg("MAXLEN")
                .arg("~")
                .arg(MAX_LEN)
                .arg("*")
                .arg("notice")
                .arg(id.to_string())
                .ignore();
        }
        pipe.query_async::<()>(&mut conn).await
    }

    /// New entries for this consumer, waiting up to [`BLOCK_MS`] for some.
    pub async fn read(&self) -> RedisResult<Vec<Entry>> {
        let mut conn = self.reads().await?;
        let reply: Option<StreamReadReply> = redis::cmd("XREADGROUP")
            .arg("GROUP")
            .arg(&self.group)
            .arg(&self.consumer)
            .arg("COUNT")
            .arg(COUNT)
            .arg("BLOCK")
            .arg(BLOCK_MS)
            .arg("STREAMS")
            .arg(&self.stream)
            .arg(">")
            .query_async(&mut conn)
            .await?;
        Ok(reply.into_iter().flat_map(|r| r.keys).flat_map(|k| k.ids).map(|id| entry(&id, 1)).collect())
    }

    /// Takes over entries another consumer has held for `claim_idle_ms` without acknowledging them, with
    /// how often each has been delivered.
    pub async fn claim_stuck(&self) -> RedisResult<Vec<Entry>> {
        let mut conn = self.commands().await?;
        let claimed: StreamAutoClaimReply = redis::cmd("XAUTOCLAIM")
            .arg(&self.stream)
            .arg(&self.group)
            .arg(&self.consumer)
            .arg(self.claim_idle_ms)
            .arg("0-0")
            .arg("COUNT")
            .arg(COUNT)
            .query_async(&mut conn)
            .await?;
        if claimed.claimed.is_empty() {
            return Ok(Vec::new());
        }
        let pending: StreamPendingCountReply = redis::cmd("XPENDING")
            .arg(&self.stream)
            .arg(&self.group)
            .arg("-")
            .arg("+")
            .arg(COUNT * 4)
            .arg(&self.consumer)
            .query_async(&mut conn)
            .await?;
        Ok(claimed
            .claimed
            .iter()
            .map(|id| {
                let deliveries = pending.ids.iter().find(|p| p.id == id.id).map_or(1, |p| p.times_delivered);
                entry(id, deliveries)
            })
            .collect())
    }

    /// Acknowledges entries: their notices are settled.
    pub async fn ack(&self, entry_ids: &[String]) -> RedisResult<()> {
        if entry_ids.is_empty() {
            return Ok(());
        }
        let mut conn = self.commands().await?;
        redis::cmd("XACK").arg(&self.stream).arg(&self.group).arg(entry_ids).query_async::<()>(&mut conn).await
    }

    /// Moves an entry to the dead-letter stream, with why, and acknowledges it.
    pub async fn bury(&self, entry: &Entry, reason: &str) -> RedisResult<()> {
        let mut conn = self.commands().await?;
        redis::pipe()
            .cmd("XADD")
            .arg(&self.dead_letters)
            .arg("MAXLEN")
            .arg("~")
            .arg(MAX_LEN)
            .arg("*")
            .arg("notice")
            .arg(entry.notice_id.to_string())
            .arg("entry")
            .arg(&entry.entry_id)
            .arg("reason")
            .arg(reason)
            .ignore()
            .cmd("XACK")
            .arg(&self.stream)
            .arg(&self.group)
            .arg(&entry.entry_id)
            .ignore()
            .query_async::<()>(&mut conn)
            .await
    }

    /// Removes consumers of stopped instances from the group: those other than this one with nothing pending
    /// and idle for `forget_idle_ms` (every restart names a new consumer). Returns their names.
    pub async fn forget_stopped_consumers(&self) -> RedisResult<Vec<String>> {
        let mut conn = self.commands().await?;
        let reply: StreamInfoConsumersReply =
            redis::cmd("XINFO").arg("CONSUMERS").arg(&self.stream).arg(&self.group).query_async(&mut conn).await?;
        let mut forgotten = Vec::new();
        for consumer in reply.consumers {
            if consumer.name != self.consumer && consumer.pending == 0 && consumer.idle >= self.forget_idle_ms {
                redis::cmd("XGROUP")
                    .arg("DELCONSUMER")
                    .arg(&self.stream)
                    .arg(&self.group)
                    .arg(&consumer.name)
                    .query_async::<()>(&mut conn)
                    .await?;
                forgotten.push(consumer.name);
            }
        }
        Ok(forgotten)
    }

    /// How many entries wait in the dead-letter stream.
    pub async fn dead_letter_count(&self) -> RedisResult<u64> {
        let mut conn = self.commands().await?;
        redis::cmd("XLEN").arg(&self.dead_letters).query_async(&mut conn).await
    }
}

/// An entry whose `notice` field is not a notice id names nothing; it is acknowledged and skipped.
fn entry(id: &StreamId, deliveries: usize) -> Entry {
    let notice_id = id.get::<String>("notice").and_then(|text| text.parse().ok()).unwrap_or(Uuid::nil());
    Entry { entry_id: id.id.clone(), notice_id, deliveries }
}
