//! Notifications: written with the change that raises them, delivered by the relay on the recipient's
//! channels in order, every attempt on the record, retried with backoff, dead letters sent again on request,
//! and nothing delivered twice. The vendors are wiremock servers that answer as their documentation says.

use std::sync::Arc;

use chrono::Utc;
use secrecy::SecretString;
use serde_json::{Value, json};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::helpers::{TestApp, spawn_app};
use liaison::domain::access::Role;
use liaison::infra::notify::Relay;
use liaison::infra::notify::channels::sign;
use liaison::infra::ratelimit::InProcessLimiter;

pub const SECRET: &str = "webhook-test-secret";

/// A relay over the database outbox, as the server builds it, with webhooks signed by [`SECRET`].
pub fn relay(app: &TestApp) -> Relay {
    relay_on(app, None)
}

/// The same, on `redis`'s notice stream when given.
pub fn relay_on(app: &TestApp, redis: Option<&redis::Client>) -> Relay {
    let mut settings = app.settings.clone();
    settings.notify.webhook_secret = Some(SecretString::from(SECRET));
    settings.notify.timeout_ms = 2_000;
    let sms = liaison::infra::outbound::sms::from_settings(&settings.sms, settings.data_dir.clone()).unwrap();
    liaison::startup::relay(
        &settings,
        &app.storage,
        redis,
        Arc::from(sms),
        Arc::new(InProcessLimiter::new(liaison::domain::clock::system())),
        Arc::new(liaison::startup::phone_vault(&settings).unwrap()),
        Arc::new(liaison::infra::metrics::Metrics::new().unwrap()),
    )
    .unwrap()
}

/// Gives a deputy these channels, in this order.
pub async fn set_channels(app: &TestApp, admin: &str, code: &str, channels: &[&str]) {
    let directory: Value = app.get_as("/api/v1/directory", Some(admin)).await.json().await.unwrap();
    let mut record = directory["deputies"].as_array().unwrap().iter().find(|d| d["code"] == code).unwrap().clone();
    record.as_object_mut().unwrap().remove("code");
    record["channels"] = json!(channels);
    let put = app.send_as(reqwest::Method::PUT, &format!("/api/v1/deputies/{code}"), admin, Some(&record)).await;
    assert_eq!(put.status(), 200, "{}", put.text().await.unwrap());
}

pub async fn set_target(app: &TestApp, token: &str, owner: &str, channel: &str, url: &str) {
    let put = app
        .send_as(
            reqwest::Method::PUT,
            &format!("/api/v1/{owner}/notification-targets/{channel}"),
            token,
            Some(&json!({"target": url})),
        )
        .await;
    assert_eq!(put.status(), 200, "{}", put.text().await.unwrap());
}

pub async fn notices(app: &TestApp, token: &str, report: &str) -> Vec<Value> {
    let list: Value =
        app.get_as(&format!("/api/v1/notifications?report_id={report}"), Some(token)).await.json().await.unwrap();
    list["items"].as_array().unwrap().clone()
}

pub async fn file(app: &TestApp, body: Value) -> String {
    let created: Value = app.post_report(&body).await.json().await.unwrap();
    created["id"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn an_assigned_deputy_gets_one_signed_webhook_and_it_is_on_the_record() {
    let app = spawn_app().await;
    let (_, admin) = app.signed_in(Role::Admin, "admin", &[]).await;
    let deputy = app.deputy_signed_in("D-003").await;
    let hook = MockServer::start().await;
    Mock::given(method("POST")).and(path("/hook")).respond_with(ResponseTemplate::new(204)).mount(&hook).await;
    set_channels(&app, &admin, "D-003", &["webhook"]).await;
    // The deputy sets their own target.
    set_target(&app, &deputy, "deputies/D-003", "webhook", &format!("{}/hook", hook.uri())).await;

    let id = file(
        &app,
        json!({"category": "environment", "description": "垃圾", "station": "XH-01",
                               "channel": "kiosk", "deputy": "D-003"}),
    )
    .await;
    let before = notices(&app, &admin, &id).await;
    assert_eq!(before.len(), 1);
    assert_eq!((before[0]["kind"].as_str(), before[0]["status"].as_str()), (Some("assigned"), Some("pending")));

    let relay = relay(&app);
    assert_eq!(relay.run_once(Utc::now()).await.unwrap().delivered, 1);
    assert_eq!(relay.run_once(Utc::now()).await.unwrap().delivered, 0, "nothing twice");
    let received = hook.received_requests().await.unwrap();
    assert_eq!(received.len(), 1);
    let request = &received[0];
    let body = String::from_utf8(request.body.clone()).unwrap();
    let timestamp = request.headers["x-liaison-timestamp"].to_str().unwrap();
    let signature = request.headers["x-liaison-signature"].to_str().unwrap();
    assert_eq!(signature, format!("sha256={}", sign(SECRET.as_bytes(), timestamp, &body)));
    let payload: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(payload["kind"], "assigned");
    assert!(payload["text"].as_str().unwrap().contains(payload["tracking_code"].as_str().unwrap()));
    // The notice opens the report in the deputy's workbench.
    assert_eq!(payload["url"], format!("{}/deputy/#/reports/{id}", app.settings.public_url));
    assert_eq!(request.headers["x-liaison-delivery"].to_str().unwrap(), payload["id"].as_str().unwrap());

    let after = notices(&app, &admin, &id).await;
    assert_eq!(after[0]["status"], "delivered");
    assert_eq!(after[0]["attempt_log"][0]["channel"], "webhook");
    assert_eq!(after[0]["attempt_log"][0]["ok"], true);
}

#[tokio::test]
async fn a_failing_channel_falls_back_to_the_next_and_an_outage_is_retried_until_it_lands() {
    let app = spawn_app().await;
    let (_, admin) = app.signed_in(Role::Admin, "admin", &[]).await;
    let vendor = MockServer::start().await;
    // The robot's key is wrong (93000); the webhook is down once, then back.
    Mock::given(method("POST"))
        .and(path("/robot"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"errcode": 93000, "errmsg": "invalid webhook url"})),
        )
        .mount(&vendor)
        .await;
    Mock::given(method("POST"))
        .and(path("/hook"))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(1)
        .mount(&vendor)
        .await;
    Mock::given(method("POST")).and(path("/hook")).respond_with(ResponseTemplate::new(200)).mount(&vendor).await;
    set_channels(&app, &admin, "D-003", &["wecom_robot", "webhook"]).await;
    set_target(&app, &admin, "deputies/D-003", "wecom_robot", &format!("{}/robot", vendor.uri())).await;
    set_target(&app, &admin, "deputies/D-003", "webhook", &format!("{}/hook", vendor.uri())).await;
    let id = file(
        &app,
        json!({"category": "environment", "description": "垃圾", "station": "XH-01",
                               "channel": "kiosk", "deputy": "D-003"}),
    )
    .await;

    let relay = relay(&app);
    let now = Utc::now();
    assert_eq!(relay.run_once(now).await.unwrap().retrying, 1);
    let pending = notices(&app, &admin, &id).await;
    assert_eq!((pending[0]["status"].as_str(), pending[0]["attempts"].as_i64()), (Some("pending"), Some(1)));
    let codes: Vec<&str> =
        pending[0]["attempt_log"].as_array().unwrap().iter().map(|a| a["provider_code"].as_str().unwrap()).collect();
    assert_eq!(codes, ["93000", "503"]);
    // Not before its backoff is over.
    assert_eq!(relay.run_once(now).await.unwrap(), Default::default());
    let later = now + chrono::Duration::minutes(5);
    assert_eq!(relay.run_once(later).await.unwrap().delivered, 1);
    let done = notices(&app, &admin, &id).await;
    assert_eq!(done[0]["status"], "delivered");
    let log = done[0]["attempt_log"].as_array().unwrap();
    assert_eq!(log.len(), 4);
    assert_eq!((log[3]["channel"].as_str(), log[3]["ok"].as_bool()), (Some("webhook"), Some(true)));
    let hooks = vendor.received_requests().await.unwrap().iter().filter(|r| r.url.path() == "/hook").count();
    assert_eq!(hooks, 2, "one failed, one delivered");
}

#[tokio::test]
async fn the_stations_robot_hears_of_triage_a_dead_letter_is_listed_and_sent_again() {
    let app = spawn_app().await;
    let (_, staff) = app.signed_in(Role::Staff, "xh-staff", &["XH-01"]).await;
    let (_, nh_staff) = app.signed_in(Role::Staff, "nh-staff", &["NH-01"]).await;
    let robot = MockServer::start().await;
    // WeCom's frequency limit first, then a long outage, then it is back.
    Mock::given(method("POST"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"errcode": 130101, "errmsg": "api freq out of limit"})),
        )
        .up_to_n_times(1)
        .mount(&robot)
        .await;
    Mock::given(method("POST")).respond_with(ResponseTemplate::new(500)).up_to_n_times(7).mount(&robot).await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"errcode": 0, "errmsg": "ok"})))
        .mount(&robot)
        .await;
    set_target(&app, &staff, "stations/XH-01", "wecom_robot", &format!("{}/robot?key=abc", robot.uri())).await;
    assert_eq!(
        app.send_as(
            reqwest::Method::PUT,
            "/api/v1/stations/XH-01/notification-targets/wecom_robot",
            &nh_staff,
            Some(&json!({"target": "https://example.org/x"}))
        )
        .await
        .status(),
        403
    );
    let bad = app
        .send_as(
            reqwest::Method::PUT,
            "/api/v1/stations/XH-01/notification-targets/wecom_robot",
            &staff,
            Some(&json!({"target": "not a url"})),
        )
        .await;
    assert_eq!(bad.status(), 422);
    let id = file(
        &app,
        json!({"category": "legal_petition", "description": "劳动仲裁", "station": "XH-01",
                               "channel": "kiosk"}),
    )
    .await;

    let relay = relay(&app);
    let mut now = Utc::now();
    for _ in 0..liaison::domain::notify::MAX_ATTEMPTS {
        relay.run_once(now).await.unwrap();
        now += chrono::Duration::hours(2);
    }
    let dead: Value = app.get_as("/api/v1/notifications?status=dead", Some(&staff)).await.json().await.unwrap();
    let notice = dead["items"].as_array().unwrap().iter().find(|n| n["report_id"] == id.as_str()).unwrap().clone();
    assert_eq!((notice["kind"].as_str(), notice["audience"].as_str()), (Some("triage"), Some("station")));
    let log = notice["attempt_log"].as_array().unwrap();
    assert_eq!(log.len(), 8);
    assert_eq!(log[0]["provider_code"], "130101");
    assert!(log[1..].iter().all(|a| a["provider_code"] == "500"));
    // Another station's staff do not see it, nor may they resend it.
    let theirs: Value = app.get_as("/api/v1/notifications?status=dead", Some(&nh_staff)).await.json().await.unwrap();
    assert!(theirs["items"].as_array().unwrap().is_empty());
    let resend = format!("/api/v1/notifications/{}/resend", notice["id"].as_str().unwrap());
    assert_eq!(app.post_json(&resend, Some(&nh_staff), &json!({})).await.status(), 404);
    let again: Value = app.post_json(&resend, Some(&staff), &json!({})).await.json().await.unwrap();
    assert_eq!((again["status"].as_str(), again["attempts"].as_i64()), (Some("pending"), Some(0)));
    assert_eq!(relay.run_once(Utc::now()).await.unwrap().delivered, 1);
    assert_eq!(app.post_json(&resend, Some(&staff), &json!({})).await.status(), 409, "delivered");
    let sent = robot.received_requests().await.unwrap();
    let last: Value = serde_json::from_slice(&sent.last().unwrap().body).unwrap();
    assert_eq!(last["msgtype"], "text");
    assert!(last["text"]["content"].as_str().unwrap().contains("待研判"));
}

#[tokio::test]
async fn a_recipient_with_no_channel_set_up_is_a_dead_letter_at_once() {
    let app = spawn_app().await;
    let (_, admin) = app.signed_in(Role::Admin, "admin", &[]).await;
    let id = file(
        &app,
        json!({"category": "environment", "description": "垃圾", "station": "XH-01",
                               "channel": "kiosk", "deputy": "D-003"}),
    )
    .await;
    assert_eq!(relay(&app).run_once(Utc::now()).await.unwrap().dead, 1);
    let list = notices(&app, &admin, &id).await;
    assert_eq!(list[0]["status"], "dead");
    assert_eq!(list[0]["attempt_log"][0]["provider_code"], "not_configured");
    assert_eq!(app.get_as("/api/v1/notifications?status=lost", Some(&admin)).await.status(), 400);
}

#[tokio::test]
async fn a_reopening_reaches_the_deputy_and_the_handling_unit() {
    let app = spawn_app().await;
    let (_, admin) = app.signed_in(Role::Admin, "admin", &[]).await;
    let deputy = app.deputy_signed_in("D-003").await;
    let vendor = MockServer::start().await;
    Mock::given(method("POST")).respond_with(ResponseTemplate::new(200)).mount(&vendor).await;
    set_channels(&app, &admin, "D-003", &["webhook"]).await;
    set_target(&app, &admin, "deputies/D-003", "webhook", &format!("{}/deputy", vendor.uri())).await;
    set_target(&app, &admin, "handling-units/HP-CG", "webhook", &format!("{}/unit", vendor.uri())).await;
    let refused = app
        .send_as(
            reqwest::Method::PUT,
            "/api/v1/handling-units/HP-CG/notification-targets/webhook",
            &deputy,
            Some(&json!({"target": "https://example.org/x"})),
        )
        .await;
    assert_eq!(refused.status(), 403);
    let created: Value = app
        .post_report(&json!({"category": "environment", "description": "垃圾", "station": "XH-01",
                              "channel": "kiosk", "deputy": "D-003"}))
        .await
        .json()
        .await
        .unwrap();
    let (id, code) = (created["id"].as_str().unwrap(), created["tracking_code"].as_str().unwrap());
    for action in [
        json!({"action": "accept"}),
        json!({"action": "forward", "unit": "HP-CG"}),
        json!({"action": "unit_reply", "text": "已清运"}),
        json!({"action": "answer", "text": "已清运", "outcome": "resolved"}),
    ] {
        let response = app.post_json(&format!("/api/v1/reports/{id}/actions"), Some(&deputy), &action).await;
        assert_eq!(response.status(), 200);
    }
    let rated = app
        .post_json(
            &format!("/api/v1/reports/track/{code}/actions"),
            None,
            &json!({"action": "rate", "verdict": "not_satisfied", "comment": "没清干净"}),
        )
        .await;
    assert_eq!(rated.status(), 200);
    let summary = relay(&app).run_once(Utc::now()).await.unwrap();
    assert_eq!(summary.delivered, 4, "assigned and reopened to the deputy, forwarded and reopened to the unit");
    let to_unit: Vec<Value> = vendor
        .received_requests()
        .await
        .unwrap()
        .iter()
        .filter(|r| r.url.path() == "/unit")
        .map(|r| serde_json::from_slice(&r.body).unwrap())
        .collect();
    let kinds: Vec<&str> = to_unit.iter().map(|n| n["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds.len(), 2);
    assert!(kinds.contains(&"forwarded") && kinds.contains(&"reopened"), "{kinds:?}");
}

#[tokio::test]
async fn a_citizen_who_left_a_phone_and_agreed_is_texted_at_each_public_step() {
    let app = spawn_app().await;
    let deputy = app.deputy_signed_in("D-003").await;
    let with_phone = json!({"category": "environment", "description": "垃圾", "station": "XH-01", "channel": "kiosk",
        "deputy": "D-003", "contact": {"name": "王阿姨", "phone": "13812340001"}, "consent": {"personal_info": true}});
    let created: Value = app.post_report(&with_phone).await.json().await.unwrap();
    let id = created["id"].as_str().unwrap().to_owned();
    let code = created["tracking_code"].as_str().unwrap().to_owned();
    let anonymous = file(
        &app,
        json!({"category": "environment", "description": "垃圾", "station": "XH-01",
        "channel": "kiosk", "deputy": "D-003"}),
    )
    .await;
    for report in [&id, &anonymous] {
        let accepted = app
            .post_json(&format!("/api/v1/reports/{report}/actions"), Some(&deputy), &json!({"action": "accept"}))
            .await;
        assert_eq!(accepted.status(), 200);
    }
    relay(&app).run_once(Utc::now()).await.unwrap();
    let outbox = std::fs::read_to_string(app.settings.data_dir.join("sms-outbox.jsonl")).unwrap();
    let texts: Vec<Value> = outbox.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(texts.len(), 1, "only the citizen who left a phone: {texts:?}");
    assert_eq!(texts[0]["phone"], "13812340001");
    let message = texts[0]["message"].as_str().unwrap();
    assert!(message.contains(&code) && message.contains("代表已接手办理"), "{message}");
    let admin = app.signed_in(Role::Admin, "admin", &[]).await.1;
    let list = notices(&app, &admin, &id).await;
    let progress = list.iter().find(|n| n["audience"] == "citizen").unwrap();
    assert_eq!((progress["kind"].as_str(), progress["status"].as_str()), (Some("progress"), Some("delivered")));
    assert!(!progress.to_string().contains("13812340001"), "the number is not on the record");
}
