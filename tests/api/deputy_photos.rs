//! Deputies' portraits: set by the deputy, their station's staff or an administrator (nobody else), processed
//! like report photos, listed on the station's public pages, served with caching, kept by the sweep, and
//! replaced or removed without leaving files behind.

use std::sync::Arc;
use std::time::Duration;

use liaison::domain::access::Role;
use liaison::infra::photos::maintenance;
use reqwest::Method;
use serde_json::Value;

use crate::helpers::{TestApp, assert_problem, image_bytes, photo_part, spawn_app};
use crate::photo_fixtures::phone_photo;

async fn put_photo(app: &TestApp, token: Option<&str>, code: &str, bytes: Vec<u8>) -> reqwest::Response {
    let form = reqwest::multipart::Form::new().part("photo", photo_part(bytes, "me.jpg", "image/jpeg"));
    let mut request = app.client.put(app.url(&format!("/api/v1/deputies/{code}/photo"))).multipart(form);
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    request.send().await.unwrap()
}

async fn listed_photo(app: &TestApp, code: &str) -> Value {
    let list: Value = app.get("/api/v1/stations/XH-01/deputies").await.json().await.unwrap();
    list["items"].as_array().unwrap().iter().find(|d| d["code"] == code).unwrap()["photo_url"].clone()
}

#[tokio::test]
async fn staff_set_a_portrait_that_everyone_sees_upright_and_cached() {
    let app = spawn_app().await;
    let (_, staff) = app.signed_in(Role::Staff, "staff.photo", &["XH-01"]).await;
    assert_eq!(listed_photo(&app, "D-001").await, Value::Null, "no portrait yet: the pages show initials");

    // A phone photo: 64×32 as stored, EXIF says turn it 90°, and it carries GPS.
    let set = put_photo(&app, Some(&staff), "D-001", phone_photo()).await;
    assert_eq!(set.status(), 200);
    let url = set.json::<Value>().await.unwrap()["photo_url"].as_str().unwrap().to_owned();
    assert!(url.starts_with("/api/v1/deputies/D-001/photo?v="), "{url}");
    assert_eq!(listed_photo(&app, "D-001").await, url.as_str());
    let page: Value = app.get("/api/v1/deputies/D-001").await.json().await.unwrap();
    assert_eq!(page["deputy"]["photo_url"], url.as_str());

    // Anyone may look at it: upright, without metadata, cached for good at this version.
    let shown = app.get(&url).await;
    assert_eq!(shown.status(), 200);
    assert!(shown.headers()["cache-control"].to_str().unwrap().contains("immutable"));
    let etag = shown.headers()["etag"].to_str().unwrap().to_owned();
    let bytes = shown.bytes().await.unwrap();
    let image = image::load_from_memory(&bytes).unwrap();
    assert_eq!((image.width(), image.height()), (32, 64), "turned as the EXIF orientation says");
    assert!(!bytes.windows(crate::photo_fixtures::MAKE.len()).any(|w| w == crate::photo_fixtures::MAKE.as_bytes()));
    let again = app.client.get(app.url(&url)).header("If-None-Match", &etag).send().await.unwrap();
    assert_eq!(again.status(), 304);
    // A link of an older version is not cached for good.
    let stale = app.get("/api/v1/deputies/D-001/photo?v=0000").await;
    assert_eq!(stale.status(), 200);
    assert!(!stale.headers()["cache-control"].to_str().unwrap().contains("immutable"));

    // Recorded, and kept by the sweep (no report points at a portrait).
    let audit: Value = app.get_as("/api/v1/audit?subject=deputy:D-001", Some(&app.admin)).await.json().await.unwrap();
    let entry = audit["items"].as_array().unwrap().iter().find(|e| e["action"] == "deputy.photo.set").unwrap();
    assert_eq!(entry["actor_kind"], "staff");
    let before = app.photo_keys().await;
    assert_eq!(before.len(), 2, "display and thumb");
    let metrics = Arc::new(liaison::infra::metrics::Metrics::new().unwrap());
    let service = liaison::startup::photo_service(&app.settings, &[1; 32], metrics, app.clock.clone()).unwrap();
    assert_eq!(maintenance::sweep(&service, &app.storage, Duration::ZERO).await.unwrap().removed, 0);

    // A new portrait replaces the old one, whose files go.
    let png = image_bytes(image::ImageFormat::Png, 600, 800);
    let replaced = put_photo(&app, Some(&staff), "D-001", png).await;
    assert_eq!(replaced.status(), 200);
    let new_url = replaced.json::<Value>().await.unwrap()["photo_url"].as_str().unwrap().to_owned();
    assert_ne!(new_url, url);
    let after = app.photo_keys().await;
    assert_eq!(after.len(), 2);
    assert!(after.iter().all(|k| !before.contains(k)), "{before:?} → {after:?}");
    let big = app.get(&format!("{new_url}&size=display")).await.bytes().await.unwrap();
    let thumb = app.get(&new_url).await.bytes().await.unwrap();
    assert_eq!(image::load_from_memory(&big).unwrap().height(), 800);
    assert_eq!(image::load_from_memory(&thumb).unwrap().height(), 320, "the thumb by default");

    // Removed: the pages show initials again and the files are gone.
    let removed = app.send_as(Method::DELETE, "/api/v1/deputies/D-001/photo", &staff, None).await;
    assert_eq!(removed.status(), 204);
    assert_eq!(listed_photo(&app, "D-001").await, Value::Null);
    assert!(app.photo_keys().await.is_empty());
    assert_problem(app.get(&new_url).await, 404, "photo_not_found").await;
    let twice = app.send_as(Method::DELETE, "/api/v1/deputies/D-001/photo", &staff, None).await;
    assert_problem(twice, 404, "photo_not_found").await;
}

#[tokio::test]
async fn only_the_deputy_their_staff_and_administrators_set_a_portrait() {
    let app = spawn_app().await;
    let photo = || image_bytes(image::ImageFormat::Jpeg, 300, 400);
    let own = app.deputy_signed_in("D-002").await;
    assert_eq!(put_photo(&app, Some(&own), "D-002", photo()).await.status(), 200, "the deputy themself");
    assert_eq!(put_photo(&app, Some(&app.admin), "D-002", photo()).await.status(), 200, "an administrator");

    let other_deputy = app.deputy_signed_in("D-003").await;
    let (_, other_staff) = app.signed_in(Role::Staff, "staff.nh", &["NH-01"]).await;
    let citizen = app.citizen_by_phone("13900000091").await["access_token"].as_str().unwrap().to_owned();
    for token in [&other_deputy, &other_staff, &citizen] {
        assert_problem(put_photo(&app, Some(token), "D-002", photo()).await, 403, "forbidden").await;
        let delete = app.send_as(Method::DELETE, "/api/v1/deputies/D-002/photo", token, None).await;
        assert_problem(delete, 403, "forbidden").await;
    }
    assert_problem(put_photo(&app, None, "D-002", photo()).await, 401, "unauthenticated").await;
    assert_problem(put_photo(&app, Some(&app.admin), "D-999", photo()).await, 404, "deputy_not_found").await;
    assert_problem(app.get("/api/v1/deputies/D-999/photo").await, 404, "deputy_not_found").await;
    assert_problem(app.get("/api/v1/deputies/D-003/photo").await, 404, "photo_not_found").await;
}

#[tokio::test]
async fn what_is_not_a_portrait_is_refused_clearly_and_keeps_the_old_one() {
    let app = spawn_app().await;
    let first = put_photo(&app, Some(&app.admin), "D-004", image_bytes(image::ImageFormat::Png, 200, 200)).await;
    let url = first.json::<Value>().await.unwrap()["photo_url"].as_str().unwrap().to_owned();

    let text = put_photo(&app, Some(&app.admin), "D-004", b"<script>alert(1)</script>".to_vec()).await;
    assert_problem(text, 415, "unsupported_media_type").await;
    let broken = image_bytes(image::ImageFormat::Jpeg, 200, 200)[..300].to_vec();
    assert_problem(put_photo(&app, Some(&app.admin), "D-004", broken).await, 422, "invalid_image").await;
    let wrong_part = reqwest::multipart::Form::new().part("picture", photo_part(vec![1, 2, 3], "x.jpg", "image/jpeg"));
    let response = app
        .client
        .put(app.url("/api/v1/deputies/D-004/photo"))
        .bearer_auth(&app.admin)
        .multipart(wrong_part)
        .send()
        .await
        .unwrap();
    assert_problem(response, 422, "validation_failed").await;
    let json = app.send_as(Method::PUT, "/api/v1/deputies/D-004/photo", &app.admin, Some(&serde_json::json!({}))).await;
    assert_problem(json, 415, "unsupported_content_type").await;
    let empty = reqwest::multipart::Form::new();
    let response = app
        .client
        .put(app.url("/api/v1/deputies/D-004/photo"))
        .bearer_auth(&app.admin)
        .multipart(empty)
        .send()
        .await
        .unwrap();
    assert_problem(response, 400, "malformed_multipart").await;

    assert_eq!(listed_photo(&app, "D-004").await, url.as_str(), "the portrait set before is still there");
    assert_eq!(app.get(&url).await.status(), 200);
}
