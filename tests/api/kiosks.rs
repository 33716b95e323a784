//! Kiosk devices: staff make a one-time enrollment code, the kiosk trades it for credentials bound to the
//! station, files reports for that station only, and stops working the moment it is revoked.

use liaison::domain::access::Role;
use serde_json::{Value, json};

use crate::helpers::{assert_problem, bearer_client, spawn_app};

#[tokio::test]
async fn a_kiosk_is_enrolled_once_reports_for_its_station_and_can_be_revoked() {
    let app = spawn_app().await;
    let (_, staff) = app.signed_in(Role::Staff, "staff.a", &["XH-01"]).await;
    let (_, staff_b) = app.signed_in(Role::Staff, "staff.b", &["NH-01"]).await;

    let created = app.post_json("/api/v1/stations/XH-01/kiosks", Some(&staff), &json!({"label": "大厅二号机"})).await;
    assert_eq!(created.status(), 201);
    let created: Value = created.json().await.unwrap();
    assert_eq!(created["kiosk"]["status"], "pending");
    assert_eq!(created["kiosk"]["station"], "XH-01");
    let code = created["enrollment_code"].as_str().unwrap().to_owned();
    assert_eq!(code.len(), 14);
    assert_problem(
        app.post_json("/api/v1/stations/XH-01/kiosks", Some(&staff), &json!({"label": ""})).await,
        422,
        "validation_failed",
    )
    .await;
    assert_problem(
        app.post_json("/api/v1/stations/ZZ-99/kiosks", Some(&staff), &json!({"label": "x"})).await,
        404,
        "station_not_found",
    )
    .await;

    // Typed loosely on the kiosk's screen.
    let loose = code.replace('-', " ").to_lowercase();
    let enrolled = app.post_json("/api/v1/kiosks/enroll", None, &json!({"enrollment_code": loose})).await;
    assert_eq!(enrolled.status(), 200);
    let enrolled: Value = enrolled.json().await.unwrap();
    assert_eq!(enrolled["kiosk"]["status"], "active");
    assert_eq!(enrolled["tokens"]["role"], "kiosk");
    assert_eq!(enrolled["tokens"]["refresh_expires_in"], 180 * 24 * 3600);
    let kiosk_id = enrolled["kiosk"]["id"].as_str().unwrap().to_owned();
    let token = enrolled["tokens"]["access_token"].as_str().unwrap().to_owned();
    let me: Value = app.get_as("/api/v1/me", Some(&token)).await.json().await.unwrap();
    assert_eq!((me["role"].as_str(), me["stations"].clone()), (Some("kiosk"), json!(["XH-01"])));

    // The code works once.
    assert_problem(
        app.post_json("/api/v1/kiosks/enroll", None, &json!({"enrollment_code": code})).await,
        401,
        "invalid_enrollment_code",
    )
    .await;

    // Its reports carry its station; it may not speak for another station or another channel.
    let kiosk = bearer_client(&token);
    let post = |body: Value| kiosk.post(app.url("/api/v1/reports")).json(&body).send();
    let filed =
        post(json!({"category": "environment", "description": "垃圾桶满了", "channel": "kiosk"})).await.unwrap();
    assert_eq!(filed.status(), 201);
    let filed: Value = filed.json().await.unwrap();
    let tracked: Value = app.get(filed["tracking_url"].as_str().unwrap()).await.json().await.unwrap();
    assert_eq!(tracked["station"]["code"], "XH-01");
    let mismatch = post(json!({"category": "environment", "description": "x", "station": "NH-01", "channel": "kiosk"}));
    let problem = assert_problem(mismatch.await.unwrap(), 422, "station_mismatch").await;
    assert_eq!(problem["errors"][0]["field"], "station");
    let mobile = post(json!({"category": "environment", "description": "x", "station": "XH-01", "channel": "mobile"}));
    let mobile = mobile.await.unwrap();
    assert_problem(mobile, 403, "forbidden").await;
    let db = app.connect().await;
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    let row = liaison::storage::entities::report::Entity::find()
        .filter(liaison::storage::entities::report::Column::TrackingCode.eq(filed["tracking_code"].as_str().unwrap()))
        .one(&db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(row.kiosk_id.map(|id| id.to_string()), Some(kiosk_id.clone()));

    // Without a kiosk's token, the kiosk channel is closed.
    let anonymous = app
        .post_json(
            "/api/v1/reports",
            None,
            &json!({"category": "environment", "description": "x", "station": "XH-01", "channel": "kiosk"}),
        )
        .await;
    assert_problem(anonymous, 401, "unauthenticated").await;

    // Listing shows it; staff of another station cannot see or revoke it.
    let list: Value = app.get_as("/api/v1/stations/XH-01/kiosks", Some(&staff)).await.json().await.unwrap();
    let statuses: Vec<(&str, &str)> = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| (k["label"].as_str().unwrap(), k["status"].as_str().unwrap()))
        .collect();
    assert!(statuses.contains(&("大厅二号机", "active")), "{statuses:?}");
    let revoke = async |token: String| {
        let url = app.url(&format!("/api/v1/kiosks/{kiosk_id}"));
        app.client.delete(url).bearer_auth(token).send().await.unwrap()
    };
    assert_problem(revoke(staff_b.clone()).await, 404, "kiosk_not_found").await;
    assert_eq!(app.get_as("/api/v1/me", Some(&token)).await.status(), 200);

    assert_eq!(revoke(staff.clone()).await.status(), 204);
    assert_eq!(revoke(staff.clone()).await.status(), 204, "revoking twice is fine");
    assert_problem(app.get_as("/api/v1/me", Some(&token)).await, 401, "invalid_token").await;
    let refresh = app
        .post_json("/api/v1/auth/refresh", None, &json!({"refresh_token": enrolled["tokens"]["refresh_token"]}))
        .await;
    assert_problem(refresh, 401, "invalid_refresh_token").await;
    let list: Value = app.get_as("/api/v1/stations/XH-01/kiosks", Some(&staff)).await.json().await.unwrap();
    assert!(list["items"].as_array().unwrap().iter().any(|k| k["status"] == "revoked"));
    let missing = app.client.delete(app.url(&format!("/api/v1/kiosks/{}", uuid::Uuid::now_v7()))).bearer_auth(&staff);
    assert_problem(missing.send().await.unwrap(), 404, "kiosk_not_found").await;
}

#[tokio::test]
async fn expired_and_revoked_enrollment_codes_do_not_work() {
    let app = spawn_app().await;
    let (_, staff) = app.signed_in(Role::Staff, "staff.a", &["XH-01"]).await;
    let make = async |token: &str| {
        let created: Value = app
            .post_json("/api/v1/stations/XH-01/kiosks", Some(token), &json!({"label": "机"}))
            .await
            .json()
            .await
            .unwrap();
        (created["kiosk"]["id"].as_str().unwrap().to_owned(), created["enrollment_code"].as_str().unwrap().to_owned())
    };
    let enroll =
        async |code: String| app.post_json("/api/v1/kiosks/enroll", None, &json!({"enrollment_code": code})).await;

    let (_, stale) = make(&staff).await;
    // The code outlives `auth.enrollment_code_minutes` (and the staff member signs in again).
    app.clock.advance(chrono::Duration::minutes(31));
    let staff = app.login("staff.a", crate::helpers::TEST_PASSWORD).await["access_token"].as_str().unwrap().to_owned();
    assert_problem(enroll(stale).await, 401, "invalid_enrollment_code").await;
    let list: Value = app.get_as("/api/v1/stations/XH-01/kiosks", Some(&staff)).await.json().await.unwrap();
    assert!(list["items"].as_array().unwrap().iter().any(|k| k["status"] == "expired"), "{list}");

    let (id, pending) = make(&staff).await;
    let revoked = app.client.delete(app.url(&format!("/api/v1/kiosks/{id}"))).bearer_auth(&staff).send().await.unwrap();
    assert_eq!(revoked.status(), 204);
    assert_problem(enroll(pending).await, 401, "invalid_enrollment_code").await;
    assert_problem(enroll("NOT-A-REAL-CODE".into()).await, 401, "invalid_enrollment_code").await;

    let audit: Value = {
        let (_, admin) = app.signed_in(Role::Admin, "admin", &[]).await;
        app.get_as("/api/v1/audit", Some(&admin)).await.json().await.unwrap()
    };
    let actions: Vec<&str> = audit["items"].as_array().unwrap().iter().map(|e| e["action"].as_str().unwrap()).collect();
    // Newest first; the last is the test server's own kiosk.
    assert_eq!(
        actions.iter().filter(|a| a.starts_with("kiosk.")).collect::<Vec<_>>(),
        vec![&"kiosk.revoke", &"kiosk.create", &"kiosk.create", &"kiosk.create"]
    );
}
