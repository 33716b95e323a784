//! With Redis, notices travel on a Redis Stream read by a consumer group: an entry read twice or a notice
//! put on the stream twice is still delivered once, entries a crashed consumer left are claimed, one that
//! keeps failing goes to the dead-letter stream, and stopping Redis in the middle of a run loses nothing
//! and sends nothing twice. These run in the PostgreSQL + Redis suite; the embedded default has no Redis.

use std::collections::HashSet;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use chrono::Utc;
use secrecy::SecretString;
use serde_json::{Value, json};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::helpers::{TestApp, spawn_app, spawn_app_with};
use crate::notifications::{SECRET, file, set_channels, set_target};
use liaison::domain::access::Role;
use liaison::infra::notify::Relay;
use liaison::infra::notify::stream::StreamQueue;

fn assigned() -> Value {
    json!({"category": "environment", "description": "垃圾", "station": "XH-01", "channel": "kiosk", "deputy": "D-003"})
}

/// A relay on the stream of `app`'s Redis, with its own consumer name.
fn stream_relay(app: &TestApp, consumer: &str) -> (Relay, StreamQueue) {
    let url = app.settings.redis_url.as_ref().unwrap();
    let client = redis::Client::open(secrecy::ExposeSecret::expose_secret(url)).unwrap();
    let mut relay = crate::notifications::relay_on(app, Some(&client));
    let mut stream = relay.stream.take().unwrap();
    stream.consumer = consumer.to_owned();
    stream.claim_idle_ms = 0;
    relay.stream = Some(stream.clone());
    (relay, stream)
}

async fn webhook_for_d003(app: &TestApp) -> MockServer {
    let hook = MockServer::start().await;
    Mock::given(method("POST")).and(path("/hook")).respond_with(ResponseTemplate::new(204)).mount(&hook).await;
    let (_, admin) = app.signed_in(Role::Admin, "admin", &[]).await;
    set_channels(app, &admin, "D-003", &["webhook"]).await;
    set_target(app, &admin, "deputies/D-003", "webhook", &format!("{}/hook", hook.uri())).await;
    hook
}

/// Each delivery id the hook received, with how often.
async fn deliveries(hook: &MockServer) -> Vec<String> {
    hook.received_requests()
        .await
        .unwrap()
        .iter()
        .map(|r| r.headers["x-liaison-delivery"].to_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn with_redis_a_notice_on_the_stream_twice_is_delivered_once_and_a_poison_entry_is_dead_lettered() {
    let app = spawn_app().await;
    if app.settings.redis_url.is_none() {
        return;
    }
    let hook = webhook_for_d003(&app).await;
    let (relay, stream) = stream_relay(&app, "consumer-a");
    stream.ensure_group().await.unwrap();
    for _ in 0..3 {
        file(&app, assigned()).await;
    }
    assert_eq!(relay.publish_due(&stream, Utc::now()).await.unwrap(), 3);
    assert_eq!(relay.publish_due(&stream, Utc::now()).await.unwrap(), 0, "already on the stream");
    // Another instance put them on the stream too (a race between publishers).
    let ids = app.storage.notices_to_stream(Utc::now(), Utc::now() + chrono::Duration::hours(1), 10).await.unwrap();
    assert_eq!(ids.len(), 3);
    stream.publish(&ids).await.unwrap();

    let entries = stream.read().await.unwrap();
    assert_eq!(entries.len(), 6);
    let summary = relay.consume(&stream, &entries).await.unwrap();
    assert_eq!(summary.delivered, 3);
    let received = deliveries(&hook).await;
    assert_eq!((received.len(), received.iter().collect::<HashSet<_>>().len()), (3, 3), "each once");
    assert!(stream.read().await.unwrap().is_empty(), "all acknowledged");

    // A consumer crashes with an entry in hand: another claims it and delivers.
    file(&app, assigned()).await;
    relay.publish_due(&stream, Utc::now()).await.unwrap();
    let (_, crashed) = stream_relay(&app, "consumer-crashed");
    assert_eq!(crashed.read().await.unwrap().len(), 1);
    let claimed = stream.claim_stuck().await.unwrap();
    assert_eq!(claimed.len(), 1);
    assert_eq!(claimed[0].deliveries, 2);
    assert_eq!(relay.consume(&stream, &claimed).await.unwrap().delivered, 1);
    assert_eq!(deliveries(&hook).await.len(), 4);

    // An entry that every consumer takes and none finishes ends in the dead letters, with its notice.
    let poison = file(&app, assigned()).await;
    relay.publish_due(&stream, Utc::now()).await.unwrap();
    assert_eq!(crashed.read().await.unwrap().len(), 1);
    let mut last = Vec::new();
    for _ in 0..liaison::infra::notify::stream::MAX_DELIVERIES {
        last = crashed.claim_stuck().await.unwrap();
    }
    assert!(last[0].deliveries > liaison::infra::notify::stream::MAX_DELIVERIES);
    assert_eq!(relay.consume(&stream, &last).await.unwrap().dead, 1);
    assert_eq!(stream.dead_letter_count().await.unwrap(), 1);
    let notices = app.storage.list_notices(Some(poison.parse().unwrap()), None, 10).await.unwrap();
    assert_eq!(notices[0].0.status, liaison::domain::notify::NoticeStatus::Dead);
    assert_eq!(deliveries(&hook).await.len(), 4, "the poison notice was not sent");

    // A stopped instance's consumer, holding nothing, is forgotten; one still holding an entry is kept.
    let (_, mut idle) = stream_relay(&app, "consumer-stopped");
    assert!(idle.read().await.unwrap().is_empty());
    idle.forget_idle_ms = 0;
    file(&app, assigned()).await;
    relay.publish_due(&stream, Utc::now()).await.unwrap();
    let (_, holding) = stream_relay(&app, "consumer-holding");
    assert_eq!(holding.read().await.unwrap().len(), 1);
    let forgotten = idle.forget_stopped_consumers().await.unwrap();
    assert!(forgotten.contains(&"consumer-a".to_owned()), "{forgotten:?}");
    assert!(forgotten.contains(&"consumer-crashed".to_owned()), "its entries were all settled: {forgotten:?}");
    assert!(!forgotten.contains(&"consumer-holding".to_owned()), "{forgotten:?}");
    assert!(!forgotten.contains(&"consumer-stopped".to_owned()), "never itself: {forgotten:?}");
}

/// A Redis server of this test's own, which it can stop and start.
struct OwnRedis {
    port: u16,
    child: Option<Child>,
}

impl OwnRedis {
    fn start(port: u16) -> Self {
        let child = Command::new("redis-server")
            .args(["--port", &port.to_string(), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("redis-server is installed where the Redis suite runs");
        let mut redis = Self { port, child: Some(child) };
        redis.wait_until_up();
        redis
    }

    fn wait_until_up(&mut self) {
        for _ in 0..100 {
            if std::net::TcpStream::connect(("127.0.0.1", self.port)).is_ok() {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        panic!("redis-server did not come up on {}", self.port);
    }

    fn stop(&mut self) {
        if let Some(mut child) = self.child.take() {
            child.kill().unwrap();
            child.wait().unwrap();
        }
    }
}

impl Drop for OwnRedis {
    fn drop(&mut self) {
        self.stop();
    }
}

async fn wait_for_deliveries(hook: &MockServer, count: usize) -> Vec<String> {
    for _ in 0..300 {
        let seen = deliveries(hook).await;
        if seen.len() >= count {
            return seen;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    deliveries(hook).await
}

#[tokio::test]
async fn stopping_redis_in_the_middle_of_a_run_loses_no_notice_and_doubles_none() {
    if std::env::var("TEST_REDIS_URL").map_or(true, |url| url.is_empty()) {
        return;
    }
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let mut redis = OwnRedis::start(port);
    let app = spawn_app_with(move |s| {
        s.redis_url = Some(SecretString::from(format!("redis://127.0.0.1:{port}")));
        s.notify.relay_interval_ms = 50;
        s.notify.webhook_secret = Some(SecretString::from(SECRET));
    })
    .await;
    let hook = webhook_for_d003(&app).await;

    for _ in 0..5 {
        file(&app, assigned()).await;
    }
    assert_eq!(wait_for_deliveries(&hook, 5).await.len(), 5, "through the stream");

    redis.stop();
    for _ in 0..5 {
        let created = app.post_report(&assigned()).await;
        assert_eq!(created.status(), 201, "reports are taken while Redis is down");
    }
    assert_eq!(wait_for_deliveries(&hook, 10).await.len(), 10, "from the database while Redis is down");

    // Redis comes back empty (nothing kept on disk): the group is made again and the stream used again.
    redis = OwnRedis::start(port);
    for _ in 0..5 {
        file(&app, assigned()).await;
    }
    let seen = wait_for_deliveries(&hook, 15).await;
    // Once every notice is settled and every stream entry acknowledged, nothing is left that could be sent
    // again: wait for that, then count once more.
    let group = format!("{}:notices", app.settings.rate_limits.namespace);
    let mut conn = redis::Client::open(format!("redis://127.0.0.1:{port}")).unwrap();
    let mut settled = false;
    for _ in 0..300 {
        let notices = app.storage.list_notices(None, None, 100).await.unwrap();
        // XPENDING's summary starts with the number of entries handed out and not yet acknowledged.
        let summary: Vec<redis::Value> = redis::cmd("XPENDING").arg(&group).arg("relay").query(&mut conn).unwrap();
        let pending: u64 = summary.into_iter().next().and_then(|v| redis::from_redis_value(v).ok()).unwrap_or(1);
        if notices.len() == 15
            && notices.iter().all(|(n, _)| n.status == liaison::domain::notify::NoticeStatus::Delivered)
            && pending == 0
        {
            settled = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(settled, "every notice delivered and every stream entry acknowledged");
    let seen_later = deliveries(&hook).await;
    assert_eq!(seen.len(), 15);
    assert_eq!(seen_later.len(), 15, "nothing sent twice");
    assert_eq!(seen_later.iter().collect::<HashSet<_>>().len(), 15);
    let all = app.storage.list_notices(None, None, 100).await.unwrap();
    assert_eq!(all.len(), 15);
    assert!(all.iter().all(|(n, _)| n.status == liaison::domain::notify::NoticeStatus::Delivered));
    let length: u64 = redis::cmd("XLEN").arg(&group).query(&mut conn).unwrap();
    assert!(length > 0, "the stream is in use again");
    drop(redis);
}
