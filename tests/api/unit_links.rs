//! Handling units (承办单位) in the loop: a forward notifies the unit on its targets with a signed link, and
//! the unit answers through it without an account: it reads the report, attaches photos and replies once.
//! Forged, expired and superseded links get problems.

use base64::Engine;
use chrono::{Duration, Utc};
use serde_json::{Value, json};
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::helpers::{TestApp, image_bytes, spawn_app};
use crate::notifications::{file, relay, set_target};

async fn act(app: &TestApp, token: &str, id: &str, action: Value) -> Value {
    let response = app.post_json(&format!("/api/v1/reports/{id}/actions"), Some(token), &action).await;
    assert_eq!(response.status(), 200, "{action}: {}", response.text().await.unwrap());
    response.json().await.unwrap()
}

async fn problem(response: reqwest::Response) -> (u16, String) {
    let status = response.status().as_u16();
    let body: Value = response.json().await.unwrap();
    (status, body["code"].as_str().unwrap_or_default().to_owned())
}

/// Files a report for D-003, which the deputy accepts and forwards to `unit`; the token of the link the
/// unit's webhook received.
pub async fn forwarded_to(app: &TestApp, hook: &MockServer, deputy: &str, unit: &str) -> (String, String) {
    let id = file(
        app,
        json!({"category": "environment", "description": "3号楼旁垃圾桶三天没清运", "station": "XH-01",
                              "channel": "kiosk", "deputy": "D-003"}),
    )
    .await;
    act(app, deputy, &id, json!({"action": "accept"})).await;
    act(app, deputy, &id, json!({"action": "forward", "unit": unit, "note": "请清运"})).await;
    relay(app).run_once(Utc::now()).await.unwrap();
    let received = hook.received_requests().await.unwrap();
    let notice: Value = received
        .iter()
        .map(|r| serde_json::from_slice::<Value>(&r.body).unwrap())
        .rfind(|n| n["kind"] == "forwarded")
        .expect("the unit was notified");
    let url = notice["url"].as_str().unwrap();
    let prefix = format!("{}/unit/#", app.settings.public_url);
    assert!(url.starts_with(&prefix), "{url}");
    (id, url[prefix.len()..].to_owned())
}

#[tokio::test]
async fn a_unit_reads_attaches_and_replies_through_its_link_once() {
    let app = spawn_app().await;
    let hook = MockServer::start().await;
    Mock::given(method("POST")).respond_with(ResponseTemplate::new(200)).mount(&hook).await;
    set_target(&app, &app.admin, "handling-units/HP-CG", "webhook", &format!("{}/unit", hook.uri())).await;
    let deputy = app.deputy_signed_in("D-003").await;
    let (id, token) = forwarded_to(&app, &hook, &deputy, "HP-CG").await;

    let view: Value = app.get(&format!("/api/v1/unit-links/{token}")).await.json().await.unwrap();
    assert_eq!(view["description"], "3号楼旁垃圾桶三天没清运");
    assert_eq!((view["unit"]["code"].as_str(), view["awaiting_reply"].as_bool()), (Some("HP-CG"), Some(true)));
    assert!(view.get("contact").is_none() && !view.to_string().contains("contact_phone"), "{view}");

    let photo = reqwest::multipart::Part::bytes(image_bytes(image::ImageFormat::Jpeg, 64, 48)).file_name("done.jpg");
    let form = reqwest::multipart::Form::new().part("photos", photo);
    let attached = app.client.post(app.url(&format!("/api/v1/unit-links/{token}/attachments"))).multipart(form);
    let attached = attached.send().await.unwrap();
    assert_eq!(attached.status(), 200, "{}", attached.text().await.unwrap());

    let reply = app
        .post_json(&format!("/api/v1/unit-links/{token}/reply"), None, &json!({"text": "已安排环卫车每日清运"}))
        .await;
    assert_eq!(reply.status(), 200);
    let replied: Value = reply.json().await.unwrap();
    assert_eq!((replied["status"].as_str(), replied["awaiting_reply"].as_bool()), (Some("unit_replied"), Some(false)));
    let again = app.post_json(&format!("/api/v1/unit-links/{token}/reply"), None, &json!({"text": "再次回复"})).await;
    assert_eq!(problem(again).await, (409, "invalid_transition".into()));
    let empty = app.post_json(&format!("/api/v1/unit-links/{token}/reply"), None, &json!({"text": ""})).await;
    assert_eq!(problem(empty).await.0, 409, "nothing is waiting for a reply any more");

    // The deputy sees the unit's reply and its photo on the timeline, recorded as the unit's.
    let detail: Value = app.get_as(&format!("/api/v1/reports/{id}"), Some(&deputy)).await.json().await.unwrap();
    assert_eq!(detail["status"], "unit_replied");
    let timeline = detail["timeline"].to_string();
    assert!(timeline.contains("已安排环卫车每日清运") && timeline.contains("\"unit\""), "{timeline}");
}

#[tokio::test]
async fn forged_expired_and_superseded_links_are_refused() {
    let app = spawn_app().await;
    let hook = MockServer::start().await;
    Mock::given(method("POST")).respond_with(ResponseTemplate::new(200)).mount(&hook).await;
    for unit in ["HP-CG", "HP-ZJ"] {
        set_target(&app, &app.admin, &format!("handling-units/{unit}"), "webhook", &format!("{}/{unit}", hook.uri()))
            .await;
    }
    let deputy = app.deputy_signed_in("D-003").await;
    let (id, token) = forwarded_to(&app, &hook, &deputy, "HP-CG").await;

    // Another report's id under this link's signature.
    let (payload, tag) = token.split_once('.').unwrap();
    let engine = base64::engine::general_purpose::URL_SAFE_NO_PAD;
    let mut bytes = engine.decode(payload).unwrap();
    bytes[15] ^= 1;
    let forged = format!("{}.{tag}", engine.encode(&bytes));
    assert_eq!(
        problem(app.get(&format!("/api/v1/unit-links/{forged}")).await).await,
        (401, "unit_link_invalid".into())
    );
    assert_eq!(problem(app.get("/api/v1/unit-links/not-a-link").await).await, (401, "unit_link_invalid".into()));

    // Replied, then forwarded on to another unit: the first unit's link no longer opens it.
    let reply =
        app.post_json(&format!("/api/v1/unit-links/{token}/reply"), None, &json!({"text": "非我单位职责"})).await;
    assert_eq!(reply.status(), 200);
    act(&app, &deputy, &id, json!({"action": "forward", "unit": "HP-ZJ"})).await;
    assert_eq!(
        problem(app.get(&format!("/api/v1/unit-links/{token}")).await).await,
        (403, "unit_link_superseded".into())
    );

    // Past its life, the new unit's link is refused too.
    relay(&app).run_once(Utc::now()).await.unwrap();
    let received = hook.received_requests().await.unwrap();
    let zj: Value = received
        .iter()
        .rev()
        .find(|r| r.url.path() == "/HP-ZJ")
        .map(|r| serde_json::from_slice(&r.body).unwrap())
        .unwrap();
    let zj_token = zj["url"].as_str().unwrap().rsplit_once('#').unwrap().1.to_owned();
    assert_eq!(app.get(&format!("/api/v1/unit-links/{zj_token}")).await.status(), 200);
    app.clock.advance(Duration::days(app.settings.auth.unit_link_days as i64 + 1));
    assert_eq!(
        problem(app.get(&format!("/api/v1/unit-links/{zj_token}")).await).await,
        (401, "unit_link_expired".into())
    );
}
