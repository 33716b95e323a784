//! Activities (履职活动): staff plan them with invited deputies, deputies check in with the activity's QR code
//! within its hours (a kiosk at the station shows the code), staff mark attendance and record minutes,
//! findings and photos; each party sees only what is theirs.

use reqwest::Method;
use serde_json::{Value, json};

use crate::helpers::{TestApp, assert_problem, enroll_kiosk, image_bytes, photo_part, spawn_app};
use liaison::domain::access::Role;
use liaison::domain::clock::Clock;

/// 09:00–11:00 China time, `days` from now.
fn hours(app: &TestApp, days: i64) -> (String, String) {
    let date = (app.clock.now() + chrono::Duration::days(days)).with_timezone(&liaison::domain::schedule::china());
    let start = liaison::domain::schedule::at(date.date_naive(), chrono::NaiveTime::from_hms_opt(9, 0, 0).unwrap());
    (start.to_rfc3339(), (start + chrono::Duration::hours(2)).to_rfc3339())
}

async fn plan(app: &TestApp, staff: &str, body: Value) -> reqwest::Response {
    app.post_json("/api/v1/stations/XH-01/activities", Some(staff), &body).await
}

fn token_of(activity: &Value) -> String {
    activity["check_in_url"].as_str().unwrap().rsplit('/').next().unwrap().to_owned()
}

async fn check_in(app: &TestApp, who: &str, id: &str, token: &str) -> reqwest::Response {
    app.post_json(&format!("/api/v1/activities/{id}/check-in"), Some(who), &json!({"token": token})).await
}

#[tokio::test]
async fn staff_plan_deputies_check_in_with_the_code_and_the_record_is_kept() {
    let app = spawn_app().await;
    let (_, staff) = app.signed_in(Role::Staff, "xh-staff", &["XH-01"]).await;
    let (_, nh_staff) = app.signed_in(Role::Staff, "nh-staff", &["NH-01"]).await;
    app.signed_in(Role::Committee, "gongwei", &[]).await;
    let (starts, ends) = hours(&app, 2);

    // Checked: a title, an end after the start, serving deputies, unannounced only for inspections.
    let bad = plan(
        &app,
        &staff,
        json!({"kind": "meeting", "unannounced": true, "title": " ", "starts_at": ends,
                                        "ends_at": starts, "invited": ["D-999"]}),
    )
    .await;
    let problem = assert_problem(bad, 422, "validation_failed").await;
    let fields: Vec<&str> =
        problem["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap()).collect();
    assert_eq!(fields, ["title", "ends_at", "unannounced"], "{problem}");
    let unknown = plan(
        &app,
        &staff,
        json!({"kind": "meeting", "title": "会", "starts_at": starts, "ends_at": ends,
                                            "invited": ["D-999"]}),
    )
    .await;
    assert_eq!(assert_problem(unknown, 422, "validation_failed").await["errors"][0]["field"], "invited[0]");
    let elsewhere =
        plan(&app, &nh_staff, json!({"kind": "meeting", "title": "会", "starts_at": starts, "ends_at": ends}));
    assert_problem(elsewhere.await, 403, "forbidden").await;

    let created = plan(
        &app,
        &staff,
        json!({"kind": "inspection", "title": "视察老旧小区加装电梯", "place": "幸福里小区",
                                            "starts_at": starts, "ends_at": ends, "invited": ["D-001", "D-002"]}),
    )
    .await;
    assert_eq!(created.status(), 201);
    let activity: Value = created.json().await.unwrap();
    let id = activity["id"].as_str().unwrap().to_owned();
    let token = token_of(&activity);
    assert!(activity["check_in_url"].as_str().unwrap().contains(&format!("/deputy/#/check-in/{id}/")));
    assert_eq!(activity["attendance"].as_array().unwrap().len(), 2);
    let qr = app.get_as(activity["check_in_qr"].as_str().unwrap(), Some(&staff)).await;
    assert_eq!(qr.headers()["content-type"], "image/svg+xml");

    // The deputies it concerns see it (without the code); others and other stations' staff do not.
    let d1 = app.deputy_signed_in("D-001").await;
    let d3 = app.deputy_signed_in("D-003").await;
    let mine: Value = app.get_as("/api/v1/me/activities", Some(&d1)).await.json().await.unwrap();
    assert_eq!(
        (mine["items"][0]["id"].as_str(), mine["items"][0]["attendance"].as_str()),
        (Some(id.as_str()), Some("invited"))
    );
    let seen: Value = app.get_as(&format!("/api/v1/activities/{id}"), Some(&d1)).await.json().await.unwrap();
    assert_eq!(seen["check_in_url"], Value::Null, "the code is shown at the place, not sent to phones");
    assert_problem(app.get_as(&format!("/api/v1/activities/{id}"), Some(&d3)).await, 404, "activity_not_found").await;
    assert_problem(app.get_as(&format!("/api/v1/activities/{id}"), Some(&nh_staff)).await, 404, "activity_not_found")
        .await;

    // Check-in: with the code, from an hour before it starts.
    assert_problem(check_in(&app, &d1, &id, &token).await, 409, "check_in_closed").await;
    let start = chrono::DateTime::parse_from_rfc3339(&starts).unwrap().to_utc();
    app.clock.advance(start - chrono::Duration::minutes(30) - app.clock.now());
    let (d1, d3) = (app.deputy_signed_in_again("D-001").await, app.deputy_signed_in_again("D-003").await);
    let staff = app.login("xh-staff", crate::helpers::TEST_PASSWORD).await["access_token"].as_str().unwrap().to_owned();
    let admin = app.admin_now().await;
    let kiosk = enroll_kiosk(&app.client, &app.address, &admin, "XH-01").await;
    let other_kiosk = enroll_kiosk(&app.client, &app.address, &admin, "NH-01").await;
    let shown: Value = app.get_as("/api/v1/kiosks/me/activities", Some(&kiosk)).await.json().await.unwrap();
    assert_eq!(shown["items"][0]["check_in_url"], activity["check_in_url"], "the station's kiosk shows the code");
    let none: Value = app.get_as("/api/v1/kiosks/me/activities", Some(&other_kiosk)).await.json().await.unwrap();
    assert_eq!(none["items"], json!([]));
    assert_problem(check_in(&app, &d1, &id, "not-the-code").await, 422, "wrong_check_in_code").await;
    let present: Value = check_in(&app, &d1, &id, &token).await.json().await.unwrap();
    assert_eq!((present["attendance"].as_str(), present["source"].as_str()), (Some("present"), Some("check_in")));
    // A deputy who was not invited but came is recorded too, and may then read the activity.
    assert_eq!(check_in(&app, &d3, &id, &token).await.status(), 200);
    assert_eq!(app.get_as(&format!("/api/v1/activities/{id}"), Some(&d3)).await.status(), 200);
    let citizen = app.citizen_by_phone("13900000081").await["access_token"].as_str().unwrap().to_owned();
    assert_problem(check_in(&app, &citizen, &id, &token).await, 403, "forbidden").await;

    // Staff mark who did not come, record the minutes and findings, add photos.
    let mark = app
        .send_as(
            Method::PUT,
            &format!("/api/v1/activities/{id}/attendance/D-002"),
            &staff,
            Some(&json!({"attendance": "absent"})),
        )
        .await;
    assert_eq!(mark.status(), 200);
    let held = app
        .send_as(Method::PATCH, &format!("/api/v1/activities/{id}"), &staff,
                 Some(&json!({"status": "held", "minutes": "现场查看三个单元。", "findings": "1. 加装电梯审批慢；2. 低层住户意见大。"})))
        .await;
    assert_eq!(held.status(), 200, "{}", held.text().await.unwrap());
    let cancel = json!({"status": "cancelled"});
    let cancel = app.send_as(Method::PATCH, &format!("/api/v1/activities/{id}"), &staff, Some(&cancel)).await;
    assert_problem(cancel, 409, "invalid_transition").await;
    let form = reqwest::multipart::Form::new()
        .part("photos", photo_part(image_bytes(image::ImageFormat::Png, 400, 300), "site.png", "image/png"));
    let added = app
        .client
        .post(app.url(&format!("/api/v1/activities/{id}/photos")))
        .bearer_auth(&staff)
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(added.status(), 201);
    let link = added.json::<Value>().await.unwrap()["photos"][0].as_str().unwrap().to_owned();
    let committee =
        app.login("gongwei", crate::helpers::TEST_PASSWORD).await["access_token"].as_str().unwrap().to_owned();
    let photo = app.get_as(&format!("{link}?size=thumb"), Some(&committee)).await;
    assert_eq!(photo.status(), 200);
    assert_eq!(image::load_from_memory(&photo.bytes().await.unwrap()).unwrap().width(), 320);

    // The committee reads the station's record; every step is in the audit log.
    let listed: Value = app.get_as("/api/v1/stations/XH-01/activities", Some(&committee)).await.json().await.unwrap();
    let record = &listed["items"][0];
    assert_eq!(record["status"], "held");
    assert_eq!(record["findings"], "1. 加装电梯审批慢；2. 低层住户意见大。");
    let attendance: Vec<(String, String)> = record["attendance"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| (a["deputy"].as_str().unwrap().to_owned(), a["attendance"].as_str().unwrap().to_owned()))
        .collect();
    assert_eq!(
        attendance,
        [("D-001".into(), "present".into()), ("D-002".into(), "absent".into()), ("D-003".into(), "present".into())]
    );
    assert_eq!(record["photos"].as_array().unwrap().len(), 1);
    let audit: Value =
        app.get_as(&format!("/api/v1/audit?subject=activity:{id}"), Some(&admin)).await.json().await.unwrap();
    let mut actions: Vec<&str> =
        audit["items"].as_array().unwrap().iter().map(|e| e["action"].as_str().unwrap()).collect();
    actions.sort();
    actions.dedup();
    assert_eq!(
        actions,
        ["activity.attendance", "activity.check_in", "activity.create", "activity.photos", "activity.update"]
    );
    let citizen = app.citizen_by_phone("13900000082").await["access_token"].as_str().unwrap().to_owned();
    assert_problem(app.get_as("/api/v1/stations/XH-01/activities", Some(&citizen)).await, 403, "forbidden").await;
}
