//! What the closed loop adds up to: statistics with outcomes kept apart, likely-duplicate suggestions, and
//! the follow-up question weeks after a close.

use chrono::{Duration, Utc};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::{Value, json};

use crate::helpers::{TestApp, assert_problem, spawn_app};
use liaison::domain::access::Role;
use liaison::storage::entities::report;

async fn file(app: &TestApp, body: Value) -> (String, String) {
    let response = app.post_report(&body).await;
    assert_eq!(response.status(), 201, "{}", response.text().await.unwrap());
    let created: Value = response.json().await.unwrap();
    (created["id"].as_str().unwrap().to_owned(), created["tracking_code"].as_str().unwrap().to_owned())
}

async fn act(app: &TestApp, token: &str, id: &str, action: Value) {
    let response = app.post_json(&format!("/api/v1/reports/{id}/actions"), Some(token), &action).await;
    assert_eq!(response.status(), 200, "{action}: {}", response.text().await.unwrap());
}

async fn answer_and_rate(app: &TestApp, deputy: &str, id: &str, code: &str, outcome: &str, verdict: &str) {
    act(app, deputy, id, json!({"action": "accept"})).await;
    act(app, deputy, id, json!({"action": "answer", "text": "已办理", "outcome": outcome})).await;
    let rated = app
        .post_json(
            &format!("/api/v1/reports/track/{code}/actions"),
            None,
            &json!({"action": "rate", "verdict": verdict}),
        )
        .await;
    assert_eq!(rated.status(), 200);
}

#[tokio::test]
async fn statistics_keep_outcomes_apart_and_flag_small_samples() {
    let app = spawn_app().await;
    let (_, staff) = app.signed_in(Role::Staff, "xh-staff", &["XH-01"]).await;
    let (_, nh_staff) = app.signed_in(Role::Staff, "nh-staff", &["NH-01"]).await;
    let deputy = app.deputy_signed_in("D-003").await;
    let body = json!({"category": "environment", "description": "垃圾", "station": "XH-01", "channel": "kiosk", "deputy": "D-003"});
    let (a, a_code) = file(&app, body.clone()).await;
    let (b, b_code) = file(&app, body.clone()).await;
    let (c, _) = file(&app, body.clone()).await;
    let _open = file(&app, body.clone()).await;
    answer_and_rate(&app, &deputy, &a, &a_code, "resolved", "satisfied").await;
    answer_and_rate(&app, &deputy, &b, &b_code, "explained", "mostly").await;
    act(&app, &staff, &c, json!({"action": "close", "outcome": "referred", "reason": "属信访事项，已引导", "explanation": "请到区信访办反映"})).await;

    let stats: Value = app.get_as("/api/v1/stats?group_by=deputy", Some(&staff)).await.json().await.unwrap();
    let total = &stats["total"];
    assert_eq!(total["received"], 4);
    assert_eq!(total["by_status"]["closed"], 3);
    assert_eq!(total["by_outcome"], json!({"resolved": 1, "explained": 1, "referred": 1}));
    // Closed is not resolved: one of three.
    assert_eq!(
        (total["resolution"]["numerator"].as_u64(), total["resolution"]["denominator"].as_u64()),
        (Some(1), Some(3))
    );
    assert_eq!(total["satisfaction"]["value"], 1.0);
    assert_eq!(total["response"]["numerator"], 3);
    assert_eq!(total["small_sample"], true);
    assert!(total["median_hours_to_first_answer"].is_number());
    let groups: Vec<&str> = stats["groups"].as_array().unwrap().iter().map(|g| g["key"].as_str().unwrap()).collect();
    assert_eq!(groups, ["D-003"]);
    // Another station's staff see none of it; bad queries are refused.
    let theirs: Value = app.get_as("/api/v1/stats", Some(&nh_staff)).await.json().await.unwrap();
    assert_eq!(theirs["total"]["received"], 0);
    assert_eq!(app.get_as("/api/v1/stats?station=XH-01", Some(&nh_staff)).await.status(), 403);
    assert_eq!(app.get_as("/api/v1/stats?group_by=mood", Some(&staff)).await.status(), 400);
    assert_eq!(app.get_as("/api/v1/stats?from=2026-12-01&to=2026-11-01", Some(&staff)).await.status(), 400);
    assert_eq!(app.get_as("/api/v1/stats", Some(&deputy)).await.status(), 403);
    for query in ["from=-262143-01-01", "to=%2B262142-12-31"] {
        assert_eq!(app.get_as(&format!("/api/v1/stats?{query}"), Some(&staff)).await.status(), 400, "{query}");
    }
}

#[tokio::test]
async fn likely_duplicates_are_suggested_to_staff() {
    let app = spawn_app().await;
    let (_, staff) = app.signed_in(Role::Staff, "xh-staff", &["XH-01"]).await;
    let here = json!({"lat": 39.1175, "lng": 117.1953});
    let (first, _) = file(
        &app,
        json!({"category": "environment", "description": "3号楼旁边的垃圾桶三天没有清运了",
        "station": "XH-01", "channel": "kiosk", "location": here, "deputy": "D-003"}),
    )
    .await;
    let (same, _) = file(
        &app,
        json!({"category": "environment", "description": "3号楼垃圾桶好几天没人清运",
        "station": "XH-01", "channel": "kiosk", "location": {"lat": 39.1176, "lng": 117.1954}, "deputy": "D-003"}),
    )
    .await;
    let (colleagues, _) = file(
        &app,
        json!({"category": "environment", "description": "3号楼垃圾桶三天没有清运",
        "station": "XH-01", "channel": "kiosk", "location": here, "deputy": "D-001"}),
    )
    .await;
    let _unrelated = file(
        &app,
        json!({"category": "environment", "description": "建议在公园增加绿化",
        "station": "XH-01", "channel": "kiosk", "location": here}),
    )
    .await;
    let _other_category = file(
        &app,
        json!({"category": "roads_traffic", "description": "3号楼旁边的垃圾桶三天没有清运了",
        "station": "XH-01", "channel": "kiosk", "location": here}),
    )
    .await;
    let similar: Value =
        app.get_as(&format!("/api/v1/reports/{first}/similar"), Some(&staff)).await.json().await.unwrap();
    let mut ids: Vec<&str> = similar["items"].as_array().unwrap().iter().map(|r| r["id"].as_str().unwrap()).collect();
    ids.sort_unstable();
    let mut expected = [same.as_str(), colleagues.as_str()];
    expected.sort_unstable();
    assert_eq!(ids, expected);
    assert_eq!(similar["others"], 0);
    assert!(similar["items"][0]["distance_m"].as_f64().unwrap() < 20.0);
    // The report's deputy sees the alike report they hold, and only a count of a colleague's.
    let deputy = app.deputy_signed_in("D-003").await;
    let seen: Value =
        app.get_as(&format!("/api/v1/reports/{first}/similar"), Some(&deputy)).await.json().await.unwrap();
    let ids: Vec<&str> = seen["items"].as_array().unwrap().iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert_eq!(ids, [same.as_str()]);
    assert_eq!(seen["others"], 1);
    // Another deputy does not reach the report at all.
    let colleague = app.deputy_signed_in("D-001").await;
    assert_eq!(app.get_as(&format!("/api/v1/reports/{first}/similar"), Some(&colleague)).await.status(), 404);
}

#[tokio::test]
async fn weeks_after_a_resolved_close_the_citizen_is_asked_whether_it_was_actually_fixed() {
    let app = spawn_app().await;
    let deputy = app.deputy_signed_in("D-003").await;
    let (id, code) = file(
        &app,
        json!({"category": "environment", "description": "路灯不亮", "station": "XH-01",
        "channel": "kiosk", "deputy": "D-003"}),
    )
    .await;
    answer_and_rate(&app, &deputy, &id, &code, "resolved", "satisfied").await;
    let track = format!("/api/v1/reports/track/{code}");
    let actions = format!("{track}/actions");
    let view: Value = app.get(&track).await.json().await.unwrap();
    assert_eq!(view["follow_up_question"], false, "not yet: it closed just now");
    let early = app.post_json(&actions, None, &json!({"action": "follow_up", "fixed": false})).await;
    assert_problem(early, 409, "invalid_transition").await;

    // Four weeks on.
    let weeks_ago = Utc::now() - Duration::days(app.settings.workflow.follow_up_after_days + 1);
    report::Entity::update_many()
        .col_expr(report::Column::ClosedAt, sea_orm::sea_query::Expr::value(weeks_ago))
        .filter(report::Column::Id.eq(id.parse::<uuid::Uuid>().unwrap()))
        .exec(&app.connect().await)
        .await
        .unwrap();
    let view: Value = app.get(&track).await.json().await.unwrap();
    assert_eq!(view["follow_up_question"], true);
    let reopened: Value = app
        .post_json(&actions, None, &json!({"action": "follow_up", "fixed": false, "comment": "又不亮了"}))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(reopened["status"], "accepted");
    assert_eq!(reopened["follow_up_question"], false);
    let inbox: Value = app.get_as("/api/v1/me/inbox", Some(&deputy)).await.json().await.unwrap();
    assert_eq!(inbox["items"][0]["id"], id.as_str(), "back with the deputy");

    // A report staff closed without any deputy's answer is not asked about: nobody would take it back.
    let (_, staff) = app.signed_in(Role::Staff, "xh-staff", &["XH-01"]).await;
    let (other, other_code) = file(
        &app,
        json!({"category": "legal_petition", "description": "仲裁", "station": "XH-01",
        "channel": "kiosk"}),
    )
    .await;
    act(
        &app,
        &staff,
        &other,
        json!({"action": "close", "outcome": "resolved", "reason": "当场解答", "explanation": "已当面解答"}),
    )
    .await;
    report::Entity::update_many()
        .col_expr(report::Column::ClosedAt, sea_orm::sea_query::Expr::value(weeks_ago))
        .filter(report::Column::Id.eq(other.parse::<uuid::Uuid>().unwrap()))
        .exec(&app.connect().await)
        .await
        .unwrap();
    let view: Value = app.get(&format!("/api/v1/reports/track/{other_code}")).await.json().await.unwrap();
    assert_eq!(view["follow_up_question"], false);
}

#[tokio::test]
async fn a_handling_units_reply_can_carry_photos_the_citizen_never_sees() {
    use reqwest::multipart::{Form, Part};
    let app = spawn_app().await;
    let deputy = app.deputy_signed_in("D-003").await;
    let citizen = app.citizen_by_phone("13900000077").await["access_token"].as_str().unwrap().to_owned();
    let created: Value = app
        .post_json(
            "/api/v1/reports",
            Some(&citizen),
            &json!({"category": "environment", "description": "垃圾", "station": "XH-01", "channel": "mobile",
                    "deputy": "D-003"}),
        )
        .await
        .json()
        .await
        .unwrap();
    let (id, code) =
        (created["id"].as_str().unwrap().to_owned(), created["tracking_code"].as_str().unwrap().to_owned());
    act(&app, &deputy, &id, json!({"action": "accept"})).await;
    act(&app, &deputy, &id, json!({"action": "forward", "unit": "HP-CG"})).await;
    let photo =
        || Part::bytes(crate::photo_fixtures::phone_photo()).file_name("reply.jpg").mime_str("image/jpeg").unwrap();
    let path = app.url(&format!("/api/v1/reports/{id}/attachments"));
    let attached = app
        .client
        .post(&path)
        .bearer_auth(&deputy)
        .multipart(Form::new().part("photos", photo()))
        .send()
        .await
        .unwrap();
    assert_eq!(attached.status(), 200, "{}", attached.text().await.unwrap());
    let detail: Value = attached.json().await.unwrap();
    assert_eq!(detail["photos"][0]["source"], "unit_reply");
    assert!(detail["timeline"].as_array().unwrap().iter().any(|e| e["kind"] == "attachment"));

    // Not for the citizen: not on the tracking page, not in their own view, not by position.
    let view: Value = app.get(&format!("/api/v1/reports/track/{code}")).await.json().await.unwrap();
    assert_eq!((view["photo_count"].as_u64(), view["photos"].as_array().unwrap().len()), (Some(0), 0));
    act(&app, &deputy, &id, json!({"action": "request_extension", "working_days": 3, "reason": "等单位回复"})).await;
    let mine: Value = app.get_as(&format!("/api/v1/reports/{id}"), Some(&citizen)).await.json().await.unwrap();
    assert_eq!(mine["photos"], json!([]));
    // Nor the internal handling: the unit, the extension asked for, escalation, who did what.
    assert_eq!(mine["progress"]["handling_unit"], Value::Null);
    assert_eq!(mine["progress"]["extension_pending_days"], Value::Null);
    assert!(mine.get("escalation_level").is_none());
    assert!(
        mine["timeline"].as_array().unwrap().iter().all(|e| e["actor_id"].is_null() && e["visibility"] == "public")
    );
    assert_eq!(app.get_as(&format!("/api/v1/reports/{id}/photos/0"), Some(&citizen)).await.status(), 404);
    let shown = app.get_as(&format!("/api/v1/reports/{id}/photos/0"), Some(&deputy)).await;
    assert_eq!(shown.status(), 200);

    // Only photos, only by the people handling it.
    let form = Form::new().text("description", "x").part("photos", photo());
    let refused = app.client.post(&path).bearer_auth(&deputy).multipart(form).send().await.unwrap();
    assert_eq!(refused.status(), 422);
    let refused = app
        .client
        .post(&path)
        .bearer_auth(&citizen)
        .multipart(Form::new().part("photos", photo()))
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), 403);
    let json_body = app.post_json(&format!("/api/v1/reports/{id}/attachments"), Some(&deputy), &json!({})).await;
    assert_eq!(json_body.status(), 415);
}
