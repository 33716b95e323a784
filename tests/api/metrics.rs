//! `/metrics`: requests by route pattern (never a raw path with a tracking code in it), reports by
//! status, the notice queue's depth and lag, delivery attempts by channel and result, and photo processing
//! time; behind a bearer token when one is set.

use std::time::Duration;

use secrecy::SecretString;
use serde_json::{Value, json};
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::helpers::{TestApp, image_bytes, kiosk_form, photo_part, spawn_app_with};
use crate::notifications::{set_channels, set_target};
use liaison::domain::access::Role;

async fn scrape(app: &TestApp, token: Option<&str>) -> String {
    let mut request = app.client.get(app.url("/metrics"));
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    let response = request.send().await.unwrap();
    assert_eq!(response.status(), 200);
    assert!(response.headers()["content-type"].to_str().unwrap().starts_with("text/plain"));
    response.text().await.unwrap()
}

/// The value of the sample that starts with `prefix` (name and labels).
fn sample(text: &str, prefix: &str) -> Option<f64> {
    text.lines().find(|l| l.starts_with(prefix)).and_then(|l| l.rsplit(' ').next()).and_then(|v| v.parse().ok())
}

#[tokio::test]
async fn metrics_count_requests_reports_the_queue_deliveries_and_photos() {
    let hook = MockServer::start().await;
    Mock::given(method("POST")).respond_with(ResponseTemplate::new(503)).mount(&hook).await;
    let app = spawn_app_with(|s| {
        s.metrics_token = Some(SecretString::from("scrape-me"));
        s.notify.webhook_secret = Some(SecretString::from("secret"));
    })
    .await;
    let unauthorised = app.client.get(app.url("/metrics")).send().await.unwrap();
    assert_eq!(unauthorised.status(), 401);
    let (_, admin) = app.signed_in(Role::Admin, "admin", &[]).await;
    set_channels(&app, &admin, "D-003", &["webhook"]).await;
    set_target(&app, &admin, "deputies/D-003", "webhook", &format!("{}/down", hook.uri())).await;

    let created: Value = app
        .post_report(&json!({"category": "environment", "description": "垃圾", "station": "XH-01",
                             "channel": "kiosk", "deputy": "D-003"}))
        .await
        .json()
        .await
        .unwrap();
    let code = created["tracking_code"].as_str().unwrap();
    assert_eq!(app.get(&format!("/api/v1/reports/track/{code}")).await.status(), 200);
    let jpeg = image_bytes(image::ImageFormat::Jpeg, 64, 48);
    let photo = app.post_form(kiosk_form().part("photos", photo_part(jpeg, "a.jpg", "image/jpeg"))).await;
    assert_eq!(photo.status(), 201, "{}", photo.text().await.unwrap());
    app.clock.advance(chrono::Duration::seconds(2)); // the waiting notice is now two seconds late

    let text = scrape(&app, Some("scrape-me")).await;
    assert!(!text.contains(code), "tracking codes stay out of the metrics");
    assert_eq!(
        sample(
            &text,
            r#"liaison_http_requests_total{method="GET",route="/api/v1/reports/track/{tracking_code}",status="200"}"#
        ),
        Some(1.0),
        "{text}"
    );
    assert!(
        sample(&text, r#"liaison_http_request_duration_seconds_count{method="POST",route="/api/v1/reports"}"#)
            >= Some(2.0)
    );
    assert_eq!(sample(&text, r#"liaison_reports{status="assigned"}"#), Some(2.0), "{text}");
    assert!(sample(&text, "liaison_outbox_pending ") >= Some(1.0), "{text}");
    assert!(sample(&text, "liaison_outbox_lag_seconds ") > Some(0.0), "{text}");
    assert_eq!(sample(&text, r#"liaison_photo_processing_seconds_count{outcome="ok"}"#), Some(1.0), "{text}");
}

#[tokio::test]
async fn delivery_attempts_are_counted_by_channel_and_result() {
    let hook = MockServer::start().await;
    Mock::given(method("POST")).respond_with(ResponseTemplate::new(503)).up_to_n_times(1).mount(&hook).await;
    Mock::given(method("POST")).respond_with(ResponseTemplate::new(204)).mount(&hook).await;
    let app = spawn_app_with(|s| {
        s.notify.webhook_secret = Some(SecretString::from("secret"));
        s.notify.relay_interval_ms = 50;
    })
    .await;
    let (_, admin) = app.signed_in(Role::Admin, "admin", &[]).await;
    set_channels(&app, &admin, "D-003", &["webhook"]).await;
    set_target(&app, &admin, "deputies/D-003", "webhook", &format!("{}/hook", hook.uri())).await;
    for _ in 0..2 {
        app.post_report(&json!({"category": "environment", "description": "垃圾", "station": "XH-01",
                                "channel": "kiosk", "deputy": "D-003"}))
            .await;
    }
    let mut text = String::new();
    for _ in 0..100 {
        text = scrape(&app, None).await;
        if sample(&text, r#"liaison_notification_attempts_total{channel="webhook",result="ok"}"#) == Some(1.0) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(
        sample(&text, r#"liaison_notification_attempts_total{channel="webhook",result="failed"}"#),
        Some(1.0),
        "{text}"
    );
    assert_eq!(
        sample(&text, r#"liaison_notification_attempts_total{channel="webhook",result="ok"}"#),
        Some(1.0),
        "{text}"
    );
}
