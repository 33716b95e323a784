//! Who may file a report through which channel, and the stricter limit on anonymous reports.

use liaison::domain::access::Role;
use serde_json::json;

use crate::helpers::{assert_problem, spawn_app, spawn_app_with};

fn web_report() -> serde_json::Value {
    json!({"category": "policy_suggestion", "description": "建议增设老年助餐点。", "address": "和平区", "channel": "web"})
}

#[tokio::test]
async fn anonymous_reports_have_a_stricter_limit_per_address() {
    let app = spawn_app_with(|s| s.rate_limits.anonymous_reports_per_ip_per_hour = 2).await;
    for _ in 0..2 {
        assert_eq!(app.post_json("/api/v1/reports", None, &web_report()).await.status(), 201);
    }
    let limited = app.post_json("/api/v1/reports", None, &web_report()).await;
    let retry_after: u64 = limited.headers()["retry-after"].to_str().unwrap().parse().unwrap();
    assert!((1..=3600).contains(&retry_after));
    assert_problem(limited, 429, "too_many_requests").await;
    // Kiosks and signed-in citizens count separately.
    assert_eq!(app.post_report(&crate::helpers::kiosk_report()).await.status(), 201);
    let citizen = app.citizen_by_phone("13900000071").await;
    assert_eq!(app.post_json("/api/v1/reports", citizen["access_token"].as_str(), &web_report()).await.status(), 201);
    assert_eq!(app.count_reports().await, 4);
}

#[tokio::test]
async fn signed_in_callers_are_limited_each_on_their_own() {
    let app = spawn_app_with(|s| s.rate_limits.reports_per_caller_per_minute = 2).await;
    for _ in 0..2 {
        assert_eq!(app.post_report(&crate::helpers::kiosk_report()).await.status(), 201);
    }
    assert_problem(app.post_report(&crate::helpers::kiosk_report()).await, 429, "too_many_requests").await;
    assert_eq!(app.post_json("/api/v1/reports", None, &web_report()).await.status(), 201);
}

#[tokio::test]
async fn the_mailbox_can_be_closed_to_anonymous_reports() {
    let app = spawn_app_with(|s| s.auth.allow_anonymous_reports = false).await;
    assert_problem(app.post_json("/api/v1/reports", None, &web_report()).await, 401, "unauthenticated").await;
    let citizen = app.citizen_by_phone("13900000072").await;
    assert_eq!(app.post_json("/api/v1/reports", citizen["access_token"].as_str(), &web_report()).await.status(), 201);
}

#[tokio::test]
async fn channels_belong_to_their_callers() {
    let app = spawn_app().await;
    let mobile = json!({"category": "environment", "description": "x", "station": "XH-01", "channel": "mobile"});
    assert_problem(app.post_json("/api/v1/reports", None, &mobile).await, 401, "unauthenticated").await;
    let citizen = app.citizen_by_phone("13900000073").await;
    let token = citizen["access_token"].as_str();
    let kiosk = json!({"category": "environment", "description": "x", "station": "XH-01", "channel": "kiosk"});
    assert_problem(app.post_json("/api/v1/reports", token, &kiosk).await, 403, "forbidden").await;
    assert_eq!(app.post_json("/api/v1/reports", token, &mobile).await.status(), 201);
    let (_, staff) = app.signed_in(Role::Staff, "staff.a", &["XH-01"]).await;
    assert_problem(app.post_json("/api/v1/reports", Some(&staff), &web_report()).await, 403, "forbidden").await;
}

#[tokio::test]
async fn idempotency_keys_belong_to_their_caller() {
    let app = spawn_app().await;
    let first = app.post_report_with_key(&crate::helpers::kiosk_report(), "shared-key-0001").await;
    assert_eq!(first.status(), 201);
    let first: serde_json::Value = first.json().await.unwrap();
    // Someone else using the same key files their own report and learns nothing of the kiosk's.
    let other = app
        .client
        .post(app.url("/api/v1/reports"))
        .header("Idempotency-Key", "shared-key-0001")
        .json(&web_report())
        .send()
        .await
        .unwrap();
    assert_eq!(other.status(), 201);
    assert!(!other.headers().contains_key("idempotent-replayed"));
    let other: serde_json::Value = other.json().await.unwrap();
    assert_ne!(other["tracking_code"], first["tracking_code"]);
}

#[tokio::test]
async fn with_redis_every_instance_counts_against_one_limit() {
    let namespace = format!("shared-{}", uuid::Uuid::new_v4().simple());
    let configure = |s: &mut liaison::configuration::Settings| {
        s.rate_limits.namespace = namespace.clone();
        s.rate_limits.anonymous_reports_per_ip_per_hour = 2;
    };
    let first = spawn_app_with(configure).await;
    let second = spawn_app_with(configure).await;
    assert_eq!(first.post_json("/api/v1/reports", None, &web_report()).await.status(), 201);
    assert_eq!(second.post_json("/api/v1/reports", None, &web_report()).await.status(), 201);
    let third = second.post_json("/api/v1/reports", None, &web_report()).await;
    if first.settings.redis_url.is_some() {
        // Two instances, one Redis: the second instance knows about the first one's report.
        assert_problem(third, 429, "too_many_requests").await;
    } else {
        // The embedded default counts in each process.
        assert_eq!(third.status(), 201);
        assert_eq!(first.post_json("/api/v1/reports", None, &web_report()).await.status(), 201);
        assert_problem(first.post_json("/api/v1/reports", None, &web_report()).await, 429, "too_many_requests").await;
    }
}
