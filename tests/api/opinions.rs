//! Review opinions (审议意见): drafted from an activity's findings, sent to a department, replied to and
//! closed problem by problem with evidence (销号); problems still open past the deadline are escalated once
//! to the station head and the committee; the committee reads, other stations do not.

use reqwest::Method;
use serde_json::{Value, json};

use crate::helpers::{TEST_PASSWORD, TestApp, assert_problem, spawn_app};
use liaison::domain::access::Role;
use liaison::domain::clock::Clock;

fn in_days(app: &TestApp, days: i64) -> String {
    (app.clock.now() + chrono::Duration::days(days)).to_rfc3339()
}

async fn draft(app: &TestApp, staff: &str, body: &Value) -> reqwest::Response {
    app.post_json("/api/v1/stations/XH-01/opinions", Some(staff), body).await
}

async fn step(app: &TestApp, staff: &str, path: &str, body: Value) -> reqwest::Response {
    app.post_json(path, Some(staff), &body).await
}

async fn token(app: &TestApp, username: &str) -> String {
    app.login(username, TEST_PASSWORD).await["access_token"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn an_opinion_is_sent_answered_and_closed_problem_by_problem_with_evidence() {
    let app = spawn_app().await;
    let (_, staff) = app.signed_in(Role::Staff, "xh-staff", &["XH-01"]).await;
    let (_, nh_staff) = app.signed_in(Role::Staff, "nh-staff", &["NH-01"]).await;
    let (_, committee) = app.signed_in(Role::Committee, "gongwei", &[]).await;
    let activity: Value = app
        .post_json(
            "/api/v1/stations/XH-01/activities",
            Some(&staff),
            &json!({"kind": "inspection", "title": "视察加装电梯", "starts_at": in_days(&app, -2),
                           "ends_at": in_days(&app, -1)}),
        )
        .await
        .json()
        .await
        .unwrap();

    let bad = draft(
        &app,
        &staff,
        &json!({"unit": "HP-NOPE", "title": " ", "due_at": in_days(&app, 400), "items": [],
                                          "activity_id": "0193c0d2-4f6e-7a31-9c1e-5b2a8d0e4f11"}),
    )
    .await;
    let problem = assert_problem(bad, 422, "validation_failed").await;
    let mut fields: Vec<&str> =
        problem["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap()).collect();
    fields.sort();
    assert_eq!(fields, ["activity_id", "due_at", "items", "title", "unit"], "{problem}");

    let body = json!({"activity_id": activity["id"], "unit": "HP-ZJ", "title": "关于加装电梯工作的审议意见",
                      "body": "视察发现以下问题。", "due_at": in_days(&app, 30),
                      "items": ["审批周期长", "低层住户补偿办法不明确"]});
    let created = draft(&app, &staff, &body).await;
    assert_eq!(created.status(), 201);
    let opinion: Value = created.json().await.unwrap();
    let id = opinion["id"].as_str().unwrap().to_owned();
    assert_eq!((opinion["status"].as_str(), opinion["unit"].as_str()), (Some("draft"), Some("HP-ZJ")));
    assert_problem(draft(&app, &nh_staff, &body).await, 403, "forbidden").await;

    // A draft may be rewritten; problems are closed only after the department replied.
    let mut rewritten = body.clone();
    rewritten["items"] = json!(["审批周期长", "低层住户补偿办法不明确", "施工期间安全措施不到位"]);
    let edited = app.send_as(Method::PATCH, &format!("/api/v1/opinions/{id}"), &staff, Some(&rewritten)).await;
    assert_eq!(edited.json::<Value>().await.unwrap()["items"].as_array().unwrap().len(), 3);
    let early = step(&app, &staff, &format!("/api/v1/opinions/{id}/items/0/close"), json!({"text": "已整改"})).await;
    assert_problem(early, 409, "invalid_transition").await;
    let not_sent = step(&app, &staff, &format!("/api/v1/opinions/{id}/reply"), json!({"text": "已收到"})).await;
    assert_problem(not_sent, 409, "invalid_transition").await;
    assert_eq!(step(&app, &staff, &format!("/api/v1/opinions/{id}/send"), json!({})).await.status(), 200);
    let late_edit = app.send_as(Method::PATCH, &format!("/api/v1/opinions/{id}"), &staff, Some(&rewritten)).await;
    assert_problem(late_edit, 409, "invalid_transition").await;
    let reply = json!({"text": "区住建局：已制定整改方案。"});
    let replied = step(&app, &staff, &format!("/api/v1/opinions/{id}/reply"), reply).await;
    assert_eq!(replied.json::<Value>().await.unwrap()["status"], "answered");
    let no_evidence = step(&app, &staff, &format!("/api/v1/opinions/{id}/items/0/close"), json!({"text": "  "})).await;
    assert_problem(no_evidence, 422, "validation_failed").await;
    for position in 0..3 {
        let closed = step(
            &app,
            &staff,
            &format!("/api/v1/opinions/{id}/items/{position}/close"),
            json!({"text": format!("整改完成，见第{position}号文件。")}),
        )
        .await;
        assert_eq!(closed.status(), 200);
        let closed: Value = closed.json().await.unwrap();
        assert_eq!(closed["status"], if position < 2 { "answered" } else { "closed" }, "closed with its last problem");
    }
    let twice = step(&app, &staff, &format!("/api/v1/opinions/{id}/items/0/close"), json!({"text": "again"})).await;
    assert_problem(twice, 409, "invalid_transition").await;
    let missing = step(&app, &staff, &format!("/api/v1/opinions/{id}/items/9/close"), json!({"text": "x"})).await;
    assert_eq!(missing.status(), 404);

    // The committee reads it with every problem's evidence; another station does not see it at all.
    let seen: Value = app.get_as(&format!("/api/v1/opinions/{id}"), Some(&committee)).await.json().await.unwrap();
    assert_eq!(seen["items"][2]["evidence"], "整改完成，见第2号文件。");
    assert_problem(app.get_as(&format!("/api/v1/opinions/{id}"), Some(&nh_staff)).await, 404, "opinion_not_found")
        .await;
    let close_as_committee =
        step(&app, &committee, &format!("/api/v1/opinions/{id}/items/0/close"), json!({"text": "x"})).await;
    assert_problem(close_as_committee, 403, "forbidden").await;
    let admin = app.admin_now().await;
    let audit: Value =
        app.get_as(&format!("/api/v1/audit?subject=opinion:{id}"), Some(&admin)).await.json().await.unwrap();
    let mut actions: Vec<&str> =
        audit["items"].as_array().unwrap().iter().map(|e| e["action"].as_str().unwrap()).collect();
    actions.dedup();
    assert_eq!(actions, ["opinion.close_item", "opinion.reply", "opinion.send", "opinion.update", "opinion.create"]);
}

#[tokio::test]
async fn problems_open_past_the_deadline_are_escalated_once_to_the_head_and_the_committee() {
    let app = spawn_app().await;
    let (_, staff) = app.signed_in(Role::Staff, "xh-staff", &["XH-01"]).await;
    app.signed_in(Role::Committee, "gongwei", &[]).await;
    let body = json!({"unit": "HP-CG", "title": "关于占道经营的审议意见", "due_at": in_days(&app, 10),
                      "items": ["早市占道", "夜市噪声"]});
    let id = draft(&app, &staff, &body).await.json::<Value>().await.unwrap()["id"].as_str().unwrap().to_owned();
    assert_eq!(step(&app, &staff, &format!("/api/v1/opinions/{id}/send"), json!({})).await.status(), 200);

    let job = crate::supervision::supervisor(app.storage.clone(), &app, "solo");
    assert_eq!(job.run_once(app.clock.now()).await.unwrap().opinions_escalated, 0, "not due yet");
    app.clock.advance(chrono::Duration::days(11));
    assert_eq!(job.run_once(app.clock.now()).await.unwrap().opinions_escalated, 1);
    let other = crate::supervision::supervisor(app.storage.clone(), &app, "solo");
    assert_eq!(
        other.run_once(app.clock.now() + chrono::Duration::minutes(5)).await.unwrap().opinions_escalated,
        0,
        "once"
    );

    let staff = token(&app, "xh-staff").await;
    let notices: Value = app.get_as("/api/v1/notifications?limit=200", Some(&staff)).await.json().await.unwrap();
    let mut told: Vec<&str> = notices["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|n| n["kind"] == "opinion_overdue")
        .map(|n| n["audience"].as_str().unwrap())
        .collect();
    told.sort();
    assert_eq!(told, ["committee", "station_head"]);
    let committee = token(&app, "gongwei").await;
    let overdue: Value =
        app.get_as("/api/v1/stations/XH-01/opinions?overdue=true", Some(&committee)).await.json().await.unwrap();
    assert_eq!(overdue["items"].as_array().unwrap().len(), 1);
    assert!(overdue["items"][0]["escalated_at"].is_string());
    let citizen = app.citizen_by_phone("13900000083").await["access_token"].as_str().unwrap().to_owned();
    assert_problem(app.get_as("/api/v1/stations/XH-01/opinions", Some(&citizen)).await, 403, "forbidden").await;
}
