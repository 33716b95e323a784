//! Handling units' accounts (role `unit`): made by an administrator for one unit, they see only the reports
//! forwarded to that unit, each without the citizen's name or phone, and reply and attach to them; the
//! reports' full views and the staff actions stay closed to them.

use serde_json::{Value, json};

use crate::helpers::{TEST_PASSWORD, TestApp, assert_problem, image_bytes, spawn_app};
use crate::notifications::file;
use liaison::domain::access::Role;

/// A report for D-003, accepted and forwarded to `unit`.
async fn forwarded(app: &TestApp, deputy: &str, unit: &str) -> String {
    let id = file(
        app,
        json!({"category": "environment", "description": "3号楼旁垃圾桶三天没清运", "station": "XH-01",
               "channel": "kiosk", "deputy": "D-003", "contact": {"name": "王阿姨", "phone": "13812340033"},
               "consent": {"personal_info": true}}),
    )
    .await;
    for action in [json!({"action": "accept"}), json!({"action": "forward", "unit": unit})] {
        let response = app.act(deputy, &id, &action).await;
        assert_eq!(response.status(), 200, "{}", response.text().await.unwrap());
    }
    id
}

fn unit_account(username: &str, unit: Option<&str>, role: &str) -> Value {
    json!({"username": username, "display_name": "城管委", "role": role, "password": TEST_PASSWORD, "unit": unit})
}

#[tokio::test]
async fn a_units_account_sees_and_answers_only_its_units_reports() {
    let app = spawn_app().await;
    let admin = app.admin_now().await;
    for (body, code) in [
        (unit_account("cg.none", None, "unit"), "validation_failed"),
        (unit_account("cg.ghost", Some("HP-XX"), "unit"), "unknown_handling_unit"),
        (unit_account("cg.staff", Some("HP-CG"), "staff"), "validation_failed"),
    ] {
        assert_problem(app.post_json("/api/v1/accounts", Some(&admin), &body).await, 422, code).await;
    }
    let made = app.post_json("/api/v1/accounts", Some(&admin), &unit_account("hp.cg", Some("HP-CG"), "unit")).await;
    assert_eq!(made.status(), 201, "{}", made.text().await.unwrap());
    let made: Value = made.json().await.unwrap();
    assert_eq!((made["role"].as_str(), made["unit"].as_str()), (Some("unit"), Some("HP-CG")));
    let listed: Value = app.get_as("/api/v1/accounts", Some(&admin)).await.json().await.unwrap();
    assert!(listed["items"].as_array().unwrap().iter().any(|a| a["username"] == "hp.cg" && a["unit"] == "HP-CG"));

    let deputy = app.deputy_signed_in("D-003").await;
    let ours = forwarded(&app, &deputy, "HP-CG").await;
    let theirs = forwarded(&app, &deputy, "HP-ZJ").await;
    let unit = app.login("hp.cg", TEST_PASSWORD).await["access_token"].as_str().unwrap().to_owned();
    let me: Value = app.get_as("/api/v1/me", Some(&unit)).await.json().await.unwrap();
    assert_eq!(me["role"], "unit");

    // Its inbox: only its unit's report.
    let inbox: Value = app.get_as("/api/v1/me/inbox", Some(&unit)).await.json().await.unwrap();
    let ids: Vec<&str> = inbox["items"].as_array().unwrap().iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert_eq!(ids, [ours.as_str()]);
    let view: Value = app.get_as(&format!("/api/v1/me/unit-reports/{ours}"), Some(&unit)).await.json().await.unwrap();
    assert_eq!((view["unit"]["code"].as_str(), view["awaiting_reply"].as_bool()), (Some("HP-CG"), Some(true)));
    assert_eq!(view["link_expires_at"], Value::Null);
    assert!(!view.to_string().contains("王阿姨") && !view.to_string().contains("1381234"), "{view}");

    // Nothing else: another unit's report, the full report view, staff actions.
    let other = app.get_as(&format!("/api/v1/me/unit-reports/{theirs}"), Some(&unit)).await;
    assert_problem(other, 404, "report_not_found").await;
    assert_eq!(app.get_as(&format!("/api/v1/reports/{ours}"), Some(&unit)).await.status(), 404);
    let through_actions = app.act(&unit, &ours, &json!({"action": "unit_reply", "text": "已清运"})).await;
    assert_eq!(through_actions.status(), 404);
    let deputy_view = app.get_as(&format!("/api/v1/me/unit-reports/{ours}"), Some(&deputy)).await;
    assert_problem(deputy_view, 403, "forbidden").await;

    // It attaches a photo of the work and replies once, on the record as the unit.
    let photo = reqwest::multipart::Part::bytes(image_bytes(image::ImageFormat::Jpeg, 64, 48)).file_name("done.jpg");
    let attached = app
        .client
        .post(app.url(&format!("/api/v1/me/unit-reports/{ours}/attachments")))
        .bearer_auth(&unit)
        .multipart(reqwest::multipart::Form::new().part("photos", photo))
        .send()
        .await
        .unwrap();
    assert_eq!(attached.status(), 200, "{}", attached.text().await.unwrap());
    let reply = format!("/api/v1/me/unit-reports/{ours}/reply");
    let replied = app.post_json(&reply, Some(&unit), &json!({"text": "已安排环卫车每日清运"})).await;
    assert_eq!(replied.status(), 200);
    let replied: Value = replied.json().await.unwrap();
    assert_eq!((replied["status"].as_str(), replied["awaiting_reply"].as_bool()), (Some("unit_replied"), Some(false)));
    let again = app.post_json(&reply, Some(&unit), &json!({"text": "再次"})).await;
    assert_problem(again, 409, "invalid_transition").await;

    let detail: Value = app.get_as(&format!("/api/v1/reports/{ours}"), Some(&deputy)).await.json().await.unwrap();
    let step = detail["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["action"] == "unit_reply")
        .unwrap_or_else(|| panic!("{detail}"))
        .clone();
    assert_eq!((step["actor_kind"].as_str(), step["actor_id"].as_str()), (Some("unit"), made["id"].as_str()));

    // Staff and deputies have no unit view; a staff account gets no inbox.
    let (_, staff) = app.signed_in(Role::Staff, "xh-staff", &["XH-01"]).await;
    assert_problem(app.get_as("/api/v1/me/inbox", Some(&staff)).await, 403, "forbidden").await;
}
