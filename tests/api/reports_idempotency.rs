use serde_json::{Value, json};

use crate::helpers::{assert_problem, image_bytes, kiosk_form, kiosk_report, photo_part, spawn_app};

#[tokio::test]
async fn a_retry_with_the_same_key_replays_the_first_answer_and_creates_nothing() {
    let app = spawn_app().await;
    let first = app.post_report_with_key(&kiosk_report(), "kiosk-7-0001").await;
    assert_eq!(first.status(), 201);
    assert!(first.headers().get("idempotent-replayed").is_none());
    let first_location = first.headers()["location"].clone();
    let first_body = first.text().await.unwrap();

    let retry = app.post_report_with_key(&kiosk_report(), "kiosk-7-0001").await;
    assert_eq!(retry.status(), 201);
    assert_eq!(retry.headers()["idempotent-replayed"], "true");
    assert_eq!(retry.headers()["location"], first_location);
    assert_eq!(retry.text().await.unwrap(), first_body, "byte for byte");
    assert_eq!(app.count_rows().await, (1, 2, 0, 1), "one report, its two first timeline entries, one key");

    // Whitespace the validator trims does not make it a different request.
    let mut padded = kiosk_report();
    padded["description"] = json!(format!("  {}  ", padded["description"].as_str().unwrap()));
    let again = app.post_report_with_key(&padded, "kiosk-7-0001").await;
    assert_eq!(again.status(), 201);
    assert_eq!(again.text().await.unwrap(), first_body);
    assert_eq!(app.count_reports().await, 1);
}

#[tokio::test]
async fn the_same_key_with_a_different_body_is_refused() {
    let app = spawn_app().await;
    assert_eq!(app.post_report_with_key(&kiosk_report(), "key-0000001").await.status(), 201);
    let mut other = kiosk_report();
    other["description"] = json!("完全不同的反映内容");
    assert_problem(app.post_report_with_key(&other, "key-0000001").await, 422, "idempotency_key_reused").await;
    assert_eq!(app.count_reports().await, 1);
}

#[tokio::test]
async fn without_a_key_each_request_is_a_new_report() {
    let app = spawn_app().await;
    let a: Value = app.post_report(&kiosk_report()).await.json().await.unwrap();
    let b: Value = app.post_report(&kiosk_report()).await.json().await.unwrap();
    assert_ne!(a["tracking_code"], b["tracking_code"]);
    assert_eq!(app.count_reports().await, 2);
}

#[tokio::test]
async fn unusable_keys_are_refused() {
    let app = spawn_app().await;
    for key in ["x".repeat(256), "with space".to_owned(), "".to_owned()] {
        let response = app.post_report_with_key(&kiosk_report(), &key).await;
        assert_problem(response, 400, "invalid_idempotency_key").await;
    }
    assert_eq!(app.count_reports().await, 0);
}

#[tokio::test]
async fn concurrent_requests_with_one_key_create_exactly_one_report() {
    let app = spawn_app().await;
    let body = kiosk_report();
    let requests = (0..16).map(|_| app.post_report_with_key(&body, "double-tap-on-the-kiosk"));
    let responses = futures_util::future::join_all(requests).await;
    let mut ids = std::collections::HashSet::new();
    for response in responses {
        assert_eq!(response.status(), 201);
        let body: Value = response.json().await.unwrap();
        ids.insert(body["id"].as_str().unwrap().to_owned());
    }
    assert_eq!(ids.len(), 1, "every caller got the same report");
    assert_eq!(app.count_rows().await, (1, 2, 0, 1), "one report, its two first timeline entries, one key");
}

#[tokio::test]
async fn concurrent_multipart_requests_with_one_key_leave_one_set_of_photos() {
    let app = spawn_app().await;
    let png = image_bytes(image::ImageFormat::Png, 24, 24);
    let requests = (0..8).map(|_| {
        let form = kiosk_form().part("photos", photo_part(png.clone(), "p.png", "image/png"));
        app.kiosk.post(app.url("/api/v1/reports")).header("Idempotency-Key", "form-key-0001").multipart(form).send()
    });
    for response in futures_util::future::join_all(requests).await {
        assert_eq!(response.unwrap().status(), 201);
    }
    assert_eq!(app.count_rows().await, (1, 2, 1, 1));
    // One photo: its display image and thumbnail, written once whoever won.
    assert_eq!(app.photo_keys().await.len(), 2, "{:?}", app.photo_keys().await);
}
