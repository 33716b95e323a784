//! Every kind of bad input gets a 4xx problem+json with a stable code, and stores nothing.

use serde_json::{Value, json};

use crate::helpers::{
    TestApp, assert_problem, image_bytes, kiosk_form, kiosk_report, photo_part, spawn_app, spawn_app_with,
};

fn with(mut body: Value, key: &str, value: Value) -> Value {
    body[key] = value;
    body
}

fn without(mut body: Value, key: &str) -> Value {
    body.as_object_mut().unwrap().remove(key);
    body
}

/// The field errors of a problem, as (field, code) pairs.
fn field_errors(problem: &Value) -> Vec<(String, String)> {
    problem["errors"]
        .as_array()
        .map(|errors| {
            errors
                .iter()
                .map(|e| (e["field"].as_str().unwrap().to_owned(), e["code"].as_str().unwrap().to_owned()))
                .collect()
        })
        .unwrap_or_default()
}

async fn assert_nothing_stored(app: &TestApp) {
    assert_eq!(app.count_rows().await, (0, 0, 0, 0));
    assert_eq!(app.photo_keys().await, Vec::<String>::new());
}

#[tokio::test]
async fn invalid_json_bodies_are_named_field_by_field() {
    let app = spawn_app().await;
    let cases: Vec<(Value, &str, &str, &str)> = vec![
        (with(kiosk_report(), "description", json!(5)), "validation_failed", "description", "invalid_type"),
        (with(kiosk_report(), "colour", json!("red")), "validation_failed", "colour", "unknown_field"),
        (without(kiosk_report(), "category"), "validation_failed", "category", "required"),
        (without(kiosk_report(), "channel"), "validation_failed", "channel", "required"),
        (with(kiosk_report(), "channel", json!("fax")), "validation_failed", "channel", "invalid_value"),
        (with(kiosk_report(), "description", json!("  ")), "validation_failed", "description", "required"),
        (with(kiosk_report(), "description", json!("长".repeat(2001))), "validation_failed", "description", "too_long"),
        (with(kiosk_report(), "title", json!("题".repeat(101))), "validation_failed", "title", "too_long"),
        (
            with(kiosk_report(), "location", json!({"lat": 95.0, "lng": 117.0})),
            "validation_failed",
            "location.lat",
            "out_of_range",
        ),
        (with(kiosk_report(), "location", json!({"lat": 39.0})), "validation_failed", "location.lng", "required"),
        (
            with(kiosk_report(), "location", json!({"lat": 39.0, "lng": 117.0, "alt": 3})),
            "validation_failed",
            "location.alt",
            "unknown_field",
        ),
        (
            with(without(kiosk_report(), "station"), "channel", json!("web")),
            "validation_failed",
            "location",
            "place_required",
        ),
        (
            with(kiosk_report(), "contact", json!({"phone": "12345"})),
            "validation_failed",
            "contact.phone",
            "invalid_phone",
        ),
        (
            with(kiosk_report(), "contact", json!({"phone": "13800138000"})),
            "validation_failed",
            "consent.personal_info",
            "consent_required",
        ),
        (
            with(
                with(with(kiosk_report(), "contact", json!({"name": "王"})), "anonymous", json!(true)),
                "consent",
                json!({"personal_info": true}),
            ),
            "validation_failed",
            "contact",
            "not_allowed_when_anonymous",
        ),
        (
            with(kiosk_report(), "consent", json!({"phone_call": true})),
            "validation_failed",
            "consent.phone_call",
            "phone_required",
        ),
        (with(kiosk_report(), "anonymous", json!("yes")), "validation_failed", "anonymous", "invalid_type"),
        (with(kiosk_report(), "category", json!("weather")), "unknown_category", "category", "unknown"),
        (with(kiosk_report(), "station", json!("ZZ-99")), "unknown_station", "station", "unknown"),
    ];
    for (body, code, field, field_code) in cases {
        let problem = assert_problem(app.post_report(&body).await, 422, code).await;
        let errors = field_errors(&problem);
        assert!(
            errors.contains(&(field.to_owned(), field_code.to_owned())),
            "{body}\nexpected {field}/{field_code} in {errors:?}"
        );
    }
    assert_nothing_stored(&app).await;
}

#[tokio::test]
async fn unreadable_bodies_and_wrong_content_types_are_refused() {
    let app = spawn_app().await;
    let post = || app.client.post(app.url("/api/v1/reports"));
    for raw in ["{", "", "not json", "{\"category\": \"environment\",}", "{} {}"] {
        let response = post().header("content-type", "application/json").body(raw).send().await.unwrap();
        assert_problem(response, 400, "malformed_json").await;
    }
    let response = post().header("content-type", "text/plain").body("垃圾桶满了").send().await.unwrap();
    assert_problem(response, 415, "unsupported_content_type").await;
    let response = post().body(kiosk_report().to_string()).send().await.unwrap();
    assert_problem(response, 415, "unsupported_content_type").await;
    let response = post().header("content-type", "application/x-www-form-urlencoded").body("a=b").send().await.unwrap();
    assert_problem(response, 415, "unsupported_content_type").await;
    let response = post().header("content-type", "multipart/form-data").body("--x\r\n").send().await.unwrap();
    assert_problem(response, 400, "malformed_multipart").await;
    let response = post()
        .header("content-type", "multipart/form-data; boundary=abc")
        .body("--abc\r\nContent-Disposition: form-data; name=\"category\"\r\n\r\nenviron")
        .send()
        .await
        .unwrap();
    assert_problem(response, 400, "malformed_multipart").await;
    assert_nothing_stored(&app).await;
}

#[tokio::test]
async fn bodies_over_the_limit_are_refused_with_413() {
    let app = spawn_app().await;
    let huge = with(kiosk_report(), "description", json!("x".repeat(70 * 1024)));
    assert_problem(app.post_report(&huge).await, 413, "payload_too_large").await;
    // Without Content-Length (chunked), the limit still holds while streaming.
    let chunks: Vec<Result<Vec<u8>, std::io::Error>> = (0..80).map(|_| Ok(vec![b' '; 1024])).collect();
    let response = app
        .client
        .post(app.url("/api/v1/reports"))
        .header("content-type", "application/json")
        .body(reqwest::Body::wrap_stream(futures_util::stream::iter(chunks)))
        .send()
        .await
        .unwrap();
    assert_problem(response, 413, "payload_too_large").await;
    assert_nothing_stored(&app).await;
}

#[tokio::test]
async fn bad_forms_are_refused_field_by_field() {
    let app = spawn_app().await;
    let problem =
        assert_problem(app.post_form(kiosk_form().text("colour", "red")).await, 422, "validation_failed").await;
    assert_eq!(field_errors(&problem), vec![("colour".into(), "unknown_field".into())]);
    let problem =
        assert_problem(app.post_form(kiosk_form().text("location.lat", "north")).await, 422, "validation_failed").await;
    assert_eq!(field_errors(&problem), vec![("location.lat".into(), "invalid_type".into())]);
    let problem =
        assert_problem(app.post_form(kiosk_form().text("category", "roads_traffic")).await, 422, "validation_failed")
            .await;
    assert_eq!(field_errors(&problem), vec![("category".into(), "duplicate_field".into())]);
    let missing = reqwest::multipart::Form::new().text("category", "environment").text("channel", "kiosk");
    let problem = assert_problem(app.post_form(missing).await, 422, "validation_failed").await;
    assert!(field_errors(&problem).contains(&("description".into(), "required".into())));
    assert_nothing_stored(&app).await;
}

#[tokio::test]
async fn photos_that_are_not_images_are_refused_by_their_bytes() {
    let app = spawn_app().await;
    let good = image_bytes(image::ImageFormat::Png, 8, 8);
    for (bytes, name, mime) in [
        (b"#!/bin/sh\necho pwned\n".to_vec(), "photo.jpg", "image/jpeg"),
        (b"GIF89a\x01\x00\x01\x00\x00\x00\x00".to_vec(), "anim.gif", "image/gif"),
        (b"<svg xmlns='http://www.w3.org/2000/svg'/>".to_vec(), "x.png", "image/png"),
        (b"%PDF-1.7\n".to_vec(), "doc.webp", "image/webp"),
    ] {
        let form = kiosk_form()
            .part("photos", photo_part(good.clone(), "ok.png", "image/png"))
            .part("photos", photo_part(bytes, name, mime));
        let problem = assert_problem(app.post_form(form).await, 415, "unsupported_media_type").await;
        assert_eq!(field_errors(&problem), vec![("photos[1]".into(), "unsupported_format".into())]);
        assert!(problem["detail"].as_str().unwrap().contains("JPEG, PNG or WebP"));
    }
    assert_nothing_stored(&app).await;
}

#[tokio::test]
async fn photo_count_and_size_limits_are_enforced() {
    let app = spawn_app_with(|s| {
        s.limits.photos_per_report = 2;
        s.limits.photo_bytes = 4 * 1024;
    })
    .await;
    let small = || photo_part(image_bytes(image::ImageFormat::Png, 4, 4), "p.png", "image/png");
    let three = kiosk_form().part("photos", small()).part("photos", small()).part("photos", small());
    assert_problem(app.post_form(three).await, 422, "too_many_photos").await;

    let big = image_bytes(image::ImageFormat::Png, 200, 200);
    assert!(big.len() > 4 * 1024);
    let form = kiosk_form().part("photos", small()).part("photos", photo_part(big, "big.png", "image/png"));
    let problem = assert_problem(app.post_form(form).await, 413, "photo_too_large").await;
    assert_eq!(field_errors(&problem), vec![("photos[1]".into(), "too_large".into())]);
    assert_nothing_stored(&app).await;

    let two = kiosk_form().part("photos", small()).part("photos", small());
    assert_eq!(app.post_form(two).await.status(), 201, "the limit itself is allowed");
}

#[tokio::test]
async fn a_failed_photo_write_leaves_no_report_and_no_files() {
    let app = spawn_app_with(|s| s.photos.store = liaison::configuration::PhotoStoreKind::Local).await;
    // Make the photo folder unwritable by putting a file where it should be.
    std::fs::write(app.settings.photo_dir(), b"not a folder").unwrap();
    let form =
        kiosk_form().part("photos", photo_part(image_bytes(image::ImageFormat::Png, 8, 8), "p.png", "image/png"));
    let problem = assert_problem(app.post_form(form).await, 500, "internal_error").await;
    assert!(problem.get("detail").is_none(), "no internals leak: {problem}");
    assert_eq!(app.count_rows().await, (0, 0, 0, 0));
}
