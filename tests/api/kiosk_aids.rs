//! What a kiosk offers beyond the form: calling staff to the screen, tracking codes reserved ahead for reports
//! saved offline, photos sent from the resident's own phone, and readable pages for people who open a wrong
//! link in a browser.

use std::time::Duration;

use reqwest::multipart::{Form, Part};
use serde_json::{Value, json};

use crate::helpers::{assert_problem, enroll_kiosk, spawn_app};
use crate::live::Stream;
use crate::photo_fixtures::{jpeg_markers, phone_photo};
use liaison::domain::access::Role;

#[tokio::test]
async fn a_call_for_help_reaches_the_stations_staff_at_once_and_the_kiosk_hears_the_answer() {
    let app = spawn_app().await;
    let (_, staff) = app.signed_in(Role::Staff, "xh-staff", &["XH-01"]).await;
    let (_, other_staff) = app.signed_in(Role::Staff, "nh-staff", &["NH-01"]).await;
    let url = app.url("/api/v1/live");
    let mut to_staff = Stream::open(&app.client, &url, Some(&staff)).await;
    let mut to_kiosk = Stream::open(&app.kiosk, &url, None).await;

    let called = app.kiosk.post(app.url("/api/v1/kiosks/me/help-calls")).send().await.unwrap();
    assert_eq!(called.status(), 201);
    let call: Value = called.json().await.unwrap();
    let id = call["id"].as_str().unwrap().to_owned();
    assert_eq!(call["kiosk_label"], "测试机");
    assert!(call["answered_at"].is_null());
    assert!(to_staff.wait_for("event: help", Duration::from_secs(5)).await, "{}", to_staff.seen);
    assert!(to_staff.wait_for(&id, Duration::from_secs(5)).await);
    assert!(to_staff.seen.contains("\"kind\":\"called\"") && to_staff.seen.contains("测试机"));

    // A second press while the call waits is the same call, and nobody is called twice.
    let again = app.kiosk.post(app.url("/api/v1/kiosks/me/help-calls")).send().await.unwrap();
    assert_eq!(again.status(), 200);
    let again: Value = again.json().await.unwrap();
    assert_eq!(again["id"], call["id"]);
    assert_eq!(again["repeated"], true);

    // Staff of the station see it in their list; another station's staff neither see nor answer it.
    let listed: Value = app.get_as("/api/v1/stations/XH-01/help-calls", Some(&staff)).await.json().await.unwrap();
    assert_eq!(listed["items"].as_array().unwrap().len(), 1);
    assert_problem(app.get_as("/api/v1/stations/XH-01/help-calls", Some(&other_staff)).await, 403, "forbidden").await;
    let answer_path = format!("/api/v1/help-calls/{id}/answer");
    assert_problem(app.post_json(&answer_path, Some(&other_staff), &json!({})).await, 404, "help_call_not_found").await;
    // A kiosk does not answer calls.
    let by_kiosk = app.kiosk.post(app.url(&answer_path)).send().await.unwrap();
    assert_problem(by_kiosk, 403, "forbidden").await;

    let answered = app.post_json(&answer_path, Some(&staff), &json!({})).await;
    assert_eq!(answered.status(), 200);
    let answered: Value = answered.json().await.unwrap();
    assert!(answered["answered_at"].is_string());
    assert!(to_kiosk.wait_for("\"kind\":\"answered\"", Duration::from_secs(5)).await, "{}", to_kiosk.seen);
    // The kiosk never heard the call itself, only the answer to it.
    assert!(!to_kiosk.seen.contains("\"kind\":\"called\""));
    let shown: Value = app
        .kiosk
        .get(app.url(&format!("/api/v1/kiosks/me/help-calls/{id}")))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(shown["answered_at"], answered["answered_at"]);

    // After the answer, the next press is a new call.
    let later = app.kiosk.post(app.url("/api/v1/kiosks/me/help-calls")).send().await.unwrap();
    assert_eq!(later.status(), 201);
    // Citizens and staff cannot call as a kiosk.
    assert_problem(app.post_json("/api/v1/kiosks/me/help-calls", Some(&staff), &json!({})).await, 403, "forbidden")
        .await;
}

#[tokio::test]
async fn a_report_saved_offline_is_filed_under_the_code_its_receipt_showed() {
    let app = spawn_app().await;
    let reserved: Value =
        app.kiosk.post(app.url("/api/v1/kiosks/me/reserved-codes")).send().await.unwrap().json().await.unwrap();
    let codes: Vec<String> =
        reserved["codes"].as_array().unwrap().iter().map(|c| c.as_str().unwrap().to_owned()).collect();
    assert_eq!(codes.len(), 10);
    // Asking again hands out the same codes: the pool is topped up, not refilled.
    let again: Value =
        app.kiosk.post(app.url("/api/v1/kiosks/me/reserved-codes")).send().await.unwrap().json().await.unwrap();
    assert_eq!(again["codes"], reserved["codes"]);

    // Before the report arrives, the tracking page says so rather than "no such code".
    let code = &codes[0];
    assert_problem(app.get(&format!("/api/v1/reports/track/{code}")).await, 404, "report_not_arrived").await;

    let report = json!({"category": "property_management", "description": "3号楼电梯坏了", "channel": "kiosk",
                        "reserved_code": code});
    let filed = app.post_report_with_key(&report, "offline-1").await;
    assert_eq!(filed.status(), 201);
    let filed: Value = filed.json().await.unwrap();
    assert_eq!(&filed["tracking_code"], code);
    let tracked = app.get(&format!("/api/v1/reports/track/{code}")).await;
    assert_eq!(tracked.status(), 200);
    let tracked: Value = tracked.json().await.unwrap();
    // The receipt can say by when an answer comes: after the acceptance deadline, by the answer's span.
    let expected: chrono::DateTime<chrono::Utc> = tracked["answer_expected_by"].as_str().unwrap().parse().unwrap();
    let accept_by: chrono::DateTime<chrono::Utc> = tracked["due_at"].as_str().unwrap().parse().unwrap();
    assert!(expected > accept_by);
    // The kiosk's retry (the same key) is the same report; another report cannot take the code.
    let retried = app.post_report_with_key(&report, "offline-1").await;
    assert_eq!(retried.status(), 201);
    assert_eq!(retried.headers()["idempotent-replayed"], "true");
    assert_problem(app.post_report_with_key(&report, "offline-2").await, 409, "reserved_code_used").await;
    assert_eq!(app.count_reports().await, 1);

    // The used code leaves the pool, which is topped up again.
    let topped: Value =
        app.kiosk.post(app.url("/api/v1/kiosks/me/reserved-codes")).send().await.unwrap().json().await.unwrap();
    let topped = topped["codes"].as_array().unwrap();
    assert_eq!(topped.len(), 10);
    assert!(!topped.iter().any(|c| c == code));

    // Another kiosk cannot file under this kiosk's codes; nor can a phone.
    let other = enroll_kiosk(&app.client, &app.address, &app.admin, "XH-01").await;
    let stolen = app
        .client
        .post(app.url("/api/v1/reports"))
        .bearer_auth(&other)
        .json(&json!({"category": "environment", "description": "x", "channel": "kiosk", "reserved_code": codes[1]}))
        .send()
        .await
        .unwrap();
    assert_problem(stolen, 422, "unknown_reserved_code").await;
    let from_web = app
        .client
        .post(app.url("/api/v1/reports"))
        .json(&json!({"category": "environment", "description": "x", "channel": "web", "address": "x",
                      "reserved_code": codes[1]}))
        .send()
        .await
        .unwrap();
    let problem = assert_problem(from_web, 422, "validation_failed").await;
    assert_eq!(problem["errors"][0]["code"], "kiosk_only");
}

#[tokio::test]
async fn photos_from_the_residents_phone_join_the_report_on_the_kiosk_without_their_location() {
    let app = spawn_app().await;
    let opened = app.kiosk.post(app.url("/api/v1/kiosks/me/photo-drops")).send().await.unwrap();
    assert_eq!(opened.status(), 201);
    let opened: Value = opened.json().await.unwrap();
    let upload_url = opened["upload_url"].as_str().unwrap();
    assert!(
        opened["qr_svg"].as_str().unwrap().starts_with("<?xml") || opened["qr_svg"].as_str().unwrap().contains("<svg")
    );
    let token = upload_url.rsplit('/').next().unwrap().to_owned();
    assert!(upload_url.starts_with(&format!("{}/p/", app.settings.public_url)));
    let drop_id = opened["id"].as_str().unwrap();

    // The phone's page is served at the link.
    let page = app.client.get(app.url(&format!("/p/{token}"))).send().await.unwrap();
    assert_eq!(page.status(), 200);
    assert!(page.headers()["content-type"].to_str().unwrap().starts_with("text/html"));

    let status: Value = app.get(&format!("/api/v1/photo-drops/{token}")).await.json().await.unwrap();
    assert_eq!(status["photos"], 0);
    assert_eq!(status["expired"], false);

    let send = |bytes: Vec<u8>| {
        let form =
            Form::new().part("photos", Part::bytes(bytes).file_name("IMG_0001.jpg").mime_str("image/jpeg").unwrap());
        app.client.post(app.url(&format!("/api/v1/photo-drops/{token}/photos"))).multipart(form).send()
    };
    let sent = send(phone_photo()).await.unwrap();
    assert_eq!(sent.status(), 201);
    assert_eq!(sent.json::<Value>().await.unwrap()["photos"], 1);
    // Not a photo: refused with its reason, nothing kept.
    assert_problem(send(b"%PDF-1.7 not a photo".to_vec()).await.unwrap(), 415, "unsupported_media_type").await;

    let drop: Value = app
        .kiosk
        .get(app.url(&format!("/api/v1/kiosks/me/photo-drops/{drop_id}")))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let photos = drop["photos"].as_array().unwrap();
    assert_eq!(photos.len(), 1);
    let fetched = app.kiosk.get(app.url(photos[0]["url"].as_str().unwrap())).send().await.unwrap();
    assert_eq!(fetched.status(), 200);
    let bytes = fetched.bytes().await.unwrap().to_vec();
    // Re-encoded: no EXIF segment (APP1, where phones keep GPS) travels on.
    assert!(!jpeg_markers(&bytes).contains(&0xE1));

    // Another kiosk sees nothing of it; an unknown link leads nowhere.
    let other = enroll_kiosk(&app.client, &app.address, &app.admin, "XH-01").await;
    let peek = app
        .client
        .get(app.url(&format!("/api/v1/kiosks/me/photo-drops/{drop_id}")))
        .bearer_auth(&other)
        .send()
        .await
        .unwrap();
    assert_problem(peek, 404, "photo_drop_not_found").await;
    assert_problem(app.get("/api/v1/photo-drops/not-a-token").await, 404, "photo_drop_not_found").await;

    // The photo joins the report like one taken on the kiosk.
    let form = Form::new()
        .text("category", "property_management")
        .text("description", "电梯坏了")
        .text("channel", "kiosk")
        .part("photos", Part::bytes(bytes).file_name("drop-0.jpg").mime_str("image/jpeg").unwrap());
    let filed = app.post_form(form).await;
    assert_eq!(filed.status(), 201);

    // Three photos fill it; after fifteen minutes it takes none.
    assert_eq!(send(phone_photo()).await.unwrap().status(), 201);
    assert_eq!(send(phone_photo()).await.unwrap().status(), 201);
    assert_problem(send(phone_photo()).await.unwrap(), 409, "photo_drop_full").await;
    let second: Value =
        app.kiosk.post(app.url("/api/v1/kiosks/me/photo-drops")).send().await.unwrap().json().await.unwrap();
    let second_token = second["upload_url"].as_str().unwrap().rsplit('/').next().unwrap().to_owned();
    app.clock.advance(chrono::Duration::minutes(15));
    let form =
        Form::new().part("photos", Part::bytes(phone_photo()).file_name("a.jpg").mime_str("image/jpeg").unwrap());
    let late = app
        .client
        .post(app.url(&format!("/api/v1/photo-drops/{second_token}/photos")))
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_problem(late, 410, "photo_drop_expired").await;
    // An hour later the sweep forgets both drops and their photos.
    let cutoff = liaison::domain::kiosk_aids::drops_swept_before(app.storage.now());
    let swept = app.storage.sweep_photo_drops(cutoff).await.unwrap();
    assert_eq!(swept, 0, "nothing is swept before its hour is up");
    app.clock.advance(chrono::Duration::hours(1));
    // The photo sweep (its timer, `liaison photos sweep`) forgets both, with their photos.
    let metrics = std::sync::Arc::new(liaison::infra::metrics::Metrics::new().unwrap());
    let photos = liaison::startup::photo_service(&app.settings, &[1; 32], metrics, app.clock.clone()).unwrap();
    let summary =
        liaison::infra::photos::maintenance::sweep(&photos, &app.storage, std::time::Duration::from_secs(3600))
            .await
            .unwrap();
    assert_eq!(summary.drops_removed, 2);
    assert_problem(app.get(&format!("/api/v1/photo-drops/{token}")).await, 404, "photo_drop_not_found").await;
}

#[tokio::test]
async fn a_person_opening_a_wrong_link_gets_a_page_and_programs_keep_problem_json() {
    let app = spawn_app().await;
    let browser = app
        .client
        .get(app.url("/q/s/NO-SUCH-<b>"))
        .header("Accept", "text/html,application/xhtml+xml,*/*;q=0.8")
        .send()
        .await
        .unwrap();
    assert_eq!(browser.status(), 404);
    assert!(browser.headers()["content-type"].to_str().unwrap().starts_with("text/html"));
    assert!(browser.headers().contains_key("content-security-policy"));
    let page = browser.text().await.unwrap();
    assert!(page.contains("找不到这个联络站"), "{page}");
    assert!(page.contains("station_not_found"));
    assert!(!page.contains("<b>"), "what was typed is shown as text");

    let program = app.client.get(app.url("/q/s/NO-SUCH")).header("Accept", "application/json").send().await.unwrap();
    assert_problem(program, 404, "station_not_found").await;
    // Under /api/ a browser still gets problem+json (the apps read it).
    let api = app.client.get(app.url("/api/v1/stations/NO-SUCH")).header("Accept", "text/html").send().await.unwrap();
    assert_eq!(api.headers()["content-type"], "application/problem+json");
}

#[tokio::test]
async fn the_kiosks_files_are_compressed_and_the_live_stream_is_not() {
    let app = spawn_app().await;
    let client = reqwest::Client::new();
    let script = client.get(app.url("/kiosk/js/i18n.js")).header("Accept-Encoding", "gzip").send().await.unwrap();
    assert_eq!(script.status(), 200);
    assert_eq!(script.headers()["content-encoding"], "gzip");
    let stream = client
        .get(app.url("/api/v1/live"))
        .header("Accept-Encoding", "gzip")
        .bearer_auth(crate::helpers::enroll_kiosk(&app.client, &app.address, &app.admin, "XH-01").await)
        .send()
        .await
        .unwrap();
    assert_eq!(stream.status(), 200);
    assert_ne!(stream.headers().get("content-encoding").map(|v| v.to_str().unwrap()), Some("gzip"));
}
