//! Live updates (Server-Sent Events): the people who may see a report hear of it at once, nobody else does,
//! and with Redis a change on one instance reaches a stream on another.

use std::time::Duration;

use serde_json::{Value, json};

use crate::helpers::{TestApp, spawn_app};
use liaison::domain::access::Role;

/// An open event stream and what it has said so far.
pub(crate) struct Stream {
    response: reqwest::Response,
    pub(crate) seen: String,
}

impl Stream {
    pub(crate) async fn open(client: &reqwest::Client, url: &str, token: Option<&str>) -> Self {
        let mut request = client.get(url);
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        let response = request.send().await.unwrap();
        assert_eq!(response.status(), 200);
        assert_eq!(response.headers()["content-type"], "text/event-stream");
        let mut stream = Self { response, seen: String::new() };
        // The stream is live once the greeting is through.
        assert!(stream.wait_for(": connected", Duration::from_secs(5)).await);
        stream
    }

    /// Reads until `needle` has been said, or `within` passes.
    pub(crate) async fn wait_for(&mut self, needle: &str, within: Duration) -> bool {
        let deadline = tokio::time::Instant::now() + within;
        while !self.seen.contains(needle) {
            match tokio::time::timeout_at(deadline, self.response.chunk()).await {
                Ok(Ok(Some(chunk))) => self.seen.push_str(&String::from_utf8_lossy(&chunk)),
                _ => return false,
            }
        }
        true
    }
}

async fn file(app: &TestApp, body: Value) -> String {
    let created: Value = app.post_report(&body).await.json().await.unwrap();
    created["id"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn the_deputy_and_the_stations_staff_hear_at_once_and_nobody_else_does() {
    let app = spawn_app().await;
    let deputy = app.deputy_signed_in("D-003").await;
    let (_, staff) = app.signed_in(Role::Staff, "xh-staff", &["XH-01"]).await;
    let (_, other_staff) = app.signed_in(Role::Staff, "nh-staff", &["NH-01"]).await;
    let url = app.url("/api/v1/live");
    let mut to_deputy = Stream::open(&app.client, &url, Some(&deputy)).await;
    let mut to_staff = Stream::open(&app.client, &url, Some(&staff)).await;
    let mut to_other = Stream::open(&app.client, &url, Some(&other_staff)).await;
    let mut to_kiosk = Stream::open(&app.kiosk, &url, None).await;

    let id = file(
        &app,
        json!({"category": "environment", "description": "垃圾", "station": "XH-01",
                               "channel": "kiosk", "deputy": "D-003"}),
    )
    .await;
    assert!(to_deputy.wait_for(&id, Duration::from_secs(5)).await, "{}", to_deputy.seen);
    assert!(to_staff.wait_for(&id, Duration::from_secs(5)).await);
    assert!(to_deputy.seen.contains("event: report") && to_deputy.seen.contains("\"kind\":\"filed\""));
    // The kiosk hears its station's board changed, without the report's id.
    assert!(to_kiosk.wait_for("\"kind\":\"filed\"", Duration::from_secs(5)).await);
    assert!(!to_kiosk.seen.contains(&id));

    let accepted =
        app.post_json(&format!("/api/v1/reports/{id}/actions"), Some(&deputy), &json!({"action": "accept"})).await;
    assert_eq!(accepted.status(), 200);
    assert!(to_staff.wait_for("\"status\":\"accepted\"", Duration::from_secs(5)).await);
    // Another station's staff heard none of it.
    assert!(!to_other.wait_for(&id, Duration::from_millis(300)).await);

    let citizen = app.citizen_by_phone("13900000031").await["access_token"].as_str().unwrap().to_owned();
    assert_eq!(app.get_as("/api/v1/live", Some(&citizen)).await.status(), 403);
    assert_eq!(app.get("/api/v1/live").await.status(), 401);
}

#[tokio::test]
async fn with_redis_a_change_on_one_instance_reaches_a_stream_on_another() {
    let app = spawn_app().await;
    if app.settings.redis_url.is_none() {
        // The embedded default is one process: nothing to fan out. The run against Redis covers this.
        return;
    }
    // A second instance on the same database and Redis.
    let other = liaison::startup::Application::build(app.settings.clone()).await.unwrap();
    let other_url = format!("http://127.0.0.1:{}/api/v1/live", other.port());
    tokio::spawn(other.run_until_stopped());
    let (_, staff) = app.signed_in(Role::Staff, "xh-staff", &["XH-01"]).await;
    let mut stream = Stream::open(&app.client, &other_url, Some(&staff)).await;
    // Give the second instance's subscription a moment to be in place, then file on the first.
    let mut heard = false;
    for _ in 0..20 {
        let id = file(
            &app,
            json!({"category": "environment", "description": "垃圾", "station": "XH-01", "channel": "kiosk"}),
        )
        .await;
        if stream.wait_for(&id, Duration::from_millis(500)).await {
            heard = true;
            break;
        }
    }
    assert!(heard, "{}", stream.seen);
}

#[tokio::test]
async fn a_supervision_finding_reaches_the_stations_staff_at_once() {
    let app = crate::helpers::spawn_app_with(|s| s.workflow.supervision_interval_secs = 1).await;
    let (_, staff) = app.signed_in(Role::Staff, "xh-staff", &["XH-01"]).await;
    let id = file(
        &app,
        json!({"category": "environment", "description": "垃圾", "station": "XH-01", "channel": "kiosk",
               "deputy": "D-003"}),
    )
    .await;
    let mut stream = Stream::open(&app.client, &app.url("/api/v1/live"), Some(&staff)).await;
    // A month on, every deadline has passed: the next supervision round escalates it.
    app.clock.advance(chrono::Duration::days(30));
    assert!(stream.wait_for("\"kind\":\"supervision\"", Duration::from_secs(10)).await, "{}", stream.seen);
    assert!(stream.seen.contains(&id));
}
