//! Photos through the API: what is stored carries no metadata, who may fetch a photo, signed links,
//! caching, refusals, deduplication and a saturated pool.

use std::time::{Duration, Instant};

use reqwest::multipart::Form;
use serde_json::Value;

use crate::helpers::{TestApp, assert_problem, image_bytes, kiosk_form, photo_part, spawn_app, spawn_app_with};
use crate::photo_fixtures::{MAKE, jpeg_declaring, phone_photo, png_declaring, quadrant_jpeg, reddish};

fn citizen_form() -> Form {
    Form::new()
        .text("category", "roads_traffic")
        .text("description", "路灯不亮，照片里能看到。")
        .text("station", "XH-01")
        .text("channel", "mobile")
}

async fn file_with_photo(app: &TestApp, token: &str, photo: Vec<u8>) -> Value {
    let form = citizen_form().part("photos", photo_part(photo, "IMG_0001.JPG", "image/jpeg"));
    let response = app.client.post(app.url("/api/v1/reports")).bearer_auth(token).multipart(form).send().await.unwrap();
    assert_eq!(response.status(), 201);
    response.json().await.unwrap()
}

#[tokio::test]
async fn a_phone_photo_is_stored_upright_without_gps_and_served_to_those_allowed() {
    let app = spawn_app().await;
    let citizen = app.citizen_by_phone("13900000081").await;
    let token = citizen["access_token"].as_str().unwrap().to_owned();
    let created = file_with_photo(&app, &token, phone_photo()).await;
    let id = created["id"].as_str().unwrap().to_owned();

    // Nothing in the store carries the EXIF segment, the camera make or the GPS tags.
    let keys = app.photo_keys().await;
    assert_eq!(keys.len(), 2, "{keys:?}");
    for key in &keys {
        let bytes = app.photo_store.get(key).await.unwrap().unwrap();
        for needle in [b"Exif".as_slice(), MAKE.as_bytes(), b"GPS"] {
            assert!(!bytes.windows(needle.len()).any(|w| w == needle), "{key}");
        }
    }

    let detail: Value = app.get_as(&format!("/api/v1/reports/{id}"), Some(&token)).await.json().await.unwrap();
    assert_eq!(detail["photo_count"], 1);
    let photo = &detail["photos"][0];
    assert_eq!((photo["width"].as_i64(), photo["height"].as_i64()), (Some(32), Some(64)));
    let display_url = photo["display_url"].as_str().unwrap().to_owned();

    // A signed link works in an <img> tag: no token.
    let served = app.get(&display_url).await;
    assert_eq!(served.status(), 200);
    assert_eq!(served.headers()["content-type"], "image/jpeg");
    assert_eq!(served.headers()["x-content-type-options"], "nosniff");
    let cache = served.headers()["cache-control"].to_str().unwrap().to_owned();
    let max_age: i64 = cache.strip_prefix("private, max-age=").unwrap().parse().unwrap();
    assert!((880..=900).contains(&max_age), "{cache}");
    let etag = served.headers()["etag"].to_str().unwrap().to_owned();
    let bytes = served.bytes().await.unwrap();
    let img = image::load_from_memory(&bytes).unwrap().to_rgb8();
    assert_eq!(img.dimensions(), (32, 64));
    assert!(reddish(img.get_pixel(24, 8)), "upright: the red quadrant is top-right");
    let again = app.client.get(app.url(&display_url)).header("if-none-match", &etag).send().await.unwrap();
    assert_eq!(again.status(), 304);

    // With a bearer token: whoever may read the report.
    let thumb = app.get_as(&format!("/api/v1/reports/{id}/photos/0?size=thumb"), Some(&token)).await;
    assert_eq!(thumb.status(), 200);
    assert_ne!(thumb.headers()["etag"].to_str().unwrap(), etag, "each size has its own ETag");
    let other = app.citizen_by_phone("13900000082").await;
    let path = format!("/api/v1/reports/{id}/photos/0");
    assert_problem(app.get_as(&path, other["access_token"].as_str()).await, 404, "report_not_found").await;
    assert_problem(app.get(&path).await, 401, "unauthenticated").await;
    assert_problem(app.get_as(&format!("/api/v1/reports/{id}/photos/first"), Some(&token)).await, 404, "not_found")
        .await;
    assert_problem(app.get_as(&format!("/api/v1/reports/{id}/photos/5"), Some(&token)).await, 404, "photo_not_found")
        .await;

    // A link is bound to its photo, size and expiry.
    let thumb_link = display_url.replace("size=display", "size=thumb");
    assert_problem(app.get(&thumb_link).await, 404, "photo_not_found").await;
    let (base, _) = display_url.split_once("&signature=").unwrap();
    assert_problem(app.get(&format!("{base}&signature=00ff")).await, 404, "photo_not_found").await;
    assert_problem(app.get(&format!("{base}&signature=not-hex")).await, 404, "photo_not_found").await;
    assert_problem(app.get(&format!("{path}?expires=1&signature=00")).await, 404, "photo_not_found").await;
    assert_problem(app.get(&format!("{path}?size=huge")).await, 400, "invalid_query").await;

    // The tracking page gets working links too.
    let code = created["tracking_code"].as_str().unwrap();
    let tracked: Value = app.get(&format!("/api/v1/reports/track/{code}")).await.json().await.unwrap();
    let thumb_url = tracked["photos"][0]["thumb_url"].as_str().unwrap();
    let thumb = app.get(thumb_url).await;
    assert_eq!(thumb.status(), 200);
    let thumb = image::load_from_memory(&thumb.bytes().await.unwrap()).unwrap();
    assert_eq!((thumb.width(), thumb.height()), (32, 64), "small photos are not upscaled");
}

#[tokio::test]
async fn signed_links_expire() {
    let app = spawn_app_with(|s| s.photos.signed_url_secs = 1).await;
    let citizen = app.citizen_by_phone("13900000083").await;
    let token = citizen["access_token"].as_str().unwrap().to_owned();
    let created = file_with_photo(&app, &token, quadrant_jpeg(40, 40)).await;
    let detail: Value = app
        .get_as(&format!("/api/v1/reports/{}", created["id"].as_str().unwrap()), Some(&token))
        .await
        .json()
        .await
        .unwrap();
    let url = detail["photos"][0]["thumb_url"].as_str().unwrap().to_owned();
    assert_eq!(app.get(&url).await.status(), 200);
    app.clock.advance(chrono::Duration::seconds(3)); // past the links' lifetime
    assert_problem(app.get(&url).await, 404, "photo_not_found").await;
}

#[tokio::test]
async fn bombs_broken_files_and_heic_are_refused_fast_and_leave_nothing() {
    let app = spawn_app().await;
    let jpeg = quadrant_jpeg(200, 200);
    let cases: Vec<(Vec<u8>, u16, &str)> = vec![
        (png_declaring(60_000, 60_000), 422, "image_too_large"),
        (jpeg_declaring(60_000, 60_000), 422, "image_too_large"),
        (jpeg[..jpeg.len() / 2].to_vec(), 422, "invalid_image"),
        (b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic".to_vec(), 415, "unsupported_media_type"),
    ];
    for (bytes, status, code) in cases {
        let form = kiosk_form()
            .part("photos", photo_part(image_bytes(image::ImageFormat::Png, 8, 8), "ok.png", "image/png"))
            .part("photos", photo_part(bytes, "IMG.JPG", "image/jpeg"));
        let started = Instant::now();
        let problem = assert_problem(app.post_form(form).await, status, code).await;
        assert!(started.elapsed() < Duration::from_secs(2), "{code} took {:?}", started.elapsed());
        assert_eq!(problem["errors"][0]["field"], "photos[1]");
        if code == "unsupported_media_type" {
            assert!(problem["detail"].as_str().unwrap().contains("HEIC"), "{problem}");
        }
    }
    assert_eq!(app.count_rows().await, (0, 0, 0, 0));
    assert_eq!(app.photo_keys().await, Vec::<String>::new(), "the first photo of each refused report is gone too");
}

#[tokio::test]
async fn the_same_photo_sent_twice_is_stored_once() {
    let app = spawn_app().await;
    let photo = image_bytes(image::ImageFormat::Jpeg, 120, 80);
    for _ in 0..2 {
        let form = kiosk_form().part("photos", photo_part(photo.clone(), "p.jpg", "image/jpeg"));
        assert_eq!(app.post_form(form).await.status(), 201);
    }
    assert_eq!(app.count_rows().await.2, 2, "two photo rows");
    assert_eq!(app.photo_keys().await.len(), 2, "one display image and one thumbnail");
}

#[tokio::test]
async fn a_saturated_photo_pool_asks_clients_to_come_back() {
    let app = spawn_app_with(|s| {
        s.photos.workers = 1;
        s.photos.queue = 0;
    })
    .await;
    let big = image_bytes(image::ImageFormat::Jpeg, 2400, 1800);
    let requests = (0..6).map(|_| {
        let form = kiosk_form().part("photos", photo_part(big.clone(), "big.jpg", "image/jpeg"));
        app.kiosk.post(app.url("/api/v1/reports")).multipart(form).send()
    });
    let mut created = 0;
    let mut refused = 0;
    for response in futures_util::future::join_all(requests).await {
        let response = response.unwrap();
        match response.status().as_u16() {
            201 => created += 1,
            503 => {
                assert!(response.headers().contains_key("retry-after"));
                assert_problem(response, 503, "service_unavailable").await;
                refused += 1;
            }
            other => panic!("unexpected {other}: {}", response.text().await.unwrap()),
        }
    }
    assert!(created >= 1 && refused >= 1, "created {created}, refused {refused}");
    assert_eq!(app.count_reports().await, created, "a refused report leaves nothing");
    assert_eq!(app.photo_keys().await.len(), 2);
}
