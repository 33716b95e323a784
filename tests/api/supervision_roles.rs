//! Real supervision (督办): station heads and the committee (人大工委) have accounts and say where they are
//! reached; an overdue report reaches the station head at level 1 and the committee at level 2, each once;
//! the overdue board filters by level; a handling unit that owes its reply is chased instead of the deputy;
//! the figures group by handling unit.

use chrono::{Duration, Utc};
use liaison::domain::clock::Clock;
use serde_json::{Value, json};
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::helpers::{TEST_PASSWORD, TestApp, spawn_app};
use crate::notifications::{file, notices, relay};
use crate::supervision::supervisor;
use liaison::domain::access::Role;

async fn put_target(app: &TestApp, token: &str, path: &str, target: &str) -> reqwest::Response {
    app.send_as(reqwest::Method::PUT, path, token, Some(&json!({"target": target}))).await
}

/// `(audience, kind)` of every notice about the report, oldest first.
async fn heard(app: &TestApp, report: &str) -> Vec<(String, String)> {
    let mut all: Vec<(String, String)> = notices(app, &app.admin_now().await, report)
        .await
        .iter()
        .map(|n| (n["audience"].as_str().unwrap().to_owned(), n["kind"].as_str().unwrap().to_owned()))
        .collect();
    all.reverse();
    all
}

/// The report's current deadline.
async fn due_of(app: &TestApp, token: &str, id: &str) -> chrono::DateTime<Utc> {
    let detail: Value = app.get_as(&format!("/api/v1/reports/{id}"), Some(token)).await.json().await.unwrap();
    detail["due_at"].as_str().unwrap().parse().unwrap()
}

#[tokio::test]
async fn an_overdue_report_climbs_to_the_station_head_and_then_to_the_committee_once_each() {
    let app = spawn_app().await;
    let hooks = MockServer::start().await;
    Mock::given(method("POST")).respond_with(ResponseTemplate::new(200)).mount(&hooks).await;
    let (_, head) = app.signed_in(Role::StationHead, "xh.head", &["XH-01"]).await;
    let (_, committee) = app.signed_in(Role::Committee, "gongwei", &[]).await;
    let (_, staff) = app.signed_in(Role::Staff, "xh.staff", &["XH-01"]).await;
    let me: Value = app.get_as("/api/v1/me", Some(&head)).await.json().await.unwrap();
    assert_eq!(me["role"], "station_head");

    // Each says where they are reached; nobody else may.
    let head_hook = format!("{}/head", hooks.uri());
    let committee_hook = format!("{}/committee", hooks.uri());
    let head_targets = "/api/v1/stations/XH-01/head-notification-targets/webhook";
    assert_eq!(put_target(&app, &staff, head_targets, &head_hook).await.status(), 403);
    assert_eq!(put_target(&app, &head, head_targets, &head_hook).await.status(), 200);
    let committee_targets = "/api/v1/committee/notification-targets/webhook";
    assert_eq!(put_target(&app, &head, committee_targets, &committee_hook).await.status(), 403);
    assert_eq!(put_target(&app, &committee, committee_targets, &committee_hook).await.status(), 200);
    let bad = put_target(&app, &committee, "/api/v1/committee/notification-targets/web_push", "{}").await;
    assert_eq!(bad.status(), 422);

    let id = file(
        &app,
        json!({"category": "environment", "description": "垃圾", "station": "XH-01", "channel": "kiosk",
                               "deputy": "D-003"}),
    )
    .await;
    let job = supervisor(app.storage.clone(), &app, "solo");
    let overdue = due_of(&app, &staff, &id).await + Duration::hours(1);
    assert_eq!(job.run_once(overdue).await.unwrap().to_station_head, 1);
    assert_eq!(job.run_once(overdue).await.unwrap().to_station_head, 0, "once");
    let level_one = heard(&app, &id).await;
    for expected in [("deputy", "escalated"), ("station", "escalated"), ("station_head", "escalated")] {
        assert!(level_one.contains(&(expected.0.into(), expected.1.into())), "{expected:?} in {level_one:?}");
    }
    assert!(!level_one.iter().any(|(audience, _)| audience == "committee"), "{level_one:?}");

    // The overdue board by level: the head sees it at level 1, nothing at level 2 yet.
    app.clock.advance(overdue - app.clock.now());
    let head = app.login("xh.head", TEST_PASSWORD).await["access_token"].as_str().unwrap().to_owned();
    let committee = app.login("gongwei", TEST_PASSWORD).await["access_token"].as_str().unwrap().to_owned();
    let board = |token: String, query: &'static str| {
        let app = &app;
        async move {
            let page: Value = app.get_as(&format!("/api/v1/overdue{query}"), Some(&token)).await.json().await.unwrap();
            page["items"].as_array().unwrap().iter().map(|r| r["id"].as_str().unwrap().to_owned()).collect::<Vec<_>>()
        }
    };
    assert_eq!(board(head.clone(), "?level=1").await, std::slice::from_ref(&id));
    assert!(board(head.clone(), "?level=2").await.is_empty());
    assert_eq!(board(committee.clone(), "").await, std::slice::from_ref(&id), "the committee sees every station");
    assert_eq!(app.get_as("/api/v1/overdue?level=3", Some(&committee)).await.status(), 400);
    let detail = app.get_as(&format!("/api/v1/reports/{id}"), Some(&committee)).await;
    assert_eq!(detail.status(), 200, "the committee reads the report");
    let close = json!({"action": "close", "outcome": "resolved", "reason": "督办", "explanation": "已办结"});
    let acting = app.post_json(&format!("/api/v1/reports/{id}/actions"), Some(&committee), &close).await;
    assert_eq!(acting.status(), 403, "the committee supervises; it does not handle");

    // Still overdue a week later: the committee, once; the station head again.
    let later = overdue + Duration::days(7);
    assert_eq!(job.run_once(later).await.unwrap().to_committee, 1);
    assert_eq!(job.run_once(later).await.unwrap().to_committee, 0, "once");
    let level_two = heard(&app, &id).await;
    assert!(level_two.contains(&("committee".into(), "escalated".into())), "{level_two:?}");
    assert_eq!(level_two.iter().filter(|(a, _)| a == "station_head").count(), 2, "{level_two:?}");

    // Delivered to where they said, each with the console link.
    let sent = relay(&app).run_once(later).await.unwrap();
    assert!(sent.delivered >= 3, "{sent:?}");
    let received = hooks.received_requests().await.unwrap();
    let to = |p: &str| received.iter().filter(|r| r.url.path() == p).count();
    assert_eq!((to("/head"), to("/committee")), (2, 1));
    let committee_notice: Value =
        serde_json::from_slice(&received.iter().find(|r| r.url.path() == "/committee").unwrap().body).unwrap();
    assert_eq!(committee_notice["url"], format!("{}/console/#/reports/{id}", app.settings.public_url));
}

#[tokio::test]
async fn a_unit_that_owes_its_reply_is_chased_instead_of_the_deputy_and_figures_group_by_unit() {
    let app = spawn_app().await;
    let deputy = app.deputy_signed_in("D-003").await;
    let id = file(
        &app,
        json!({"category": "environment", "description": "垃圾", "station": "XH-01", "channel": "kiosk",
                               "deputy": "D-003"}),
    )
    .await;
    for action in [json!({"action": "accept"}), json!({"action": "forward", "unit": "HP-CG", "note": "请清运"})] {
        let response = app.post_json(&format!("/api/v1/reports/{id}/actions"), Some(&deputy), &action).await;
        assert_eq!(response.status(), 200, "{}", response.text().await.unwrap());
    }
    let job = supervisor(app.storage.clone(), &app, "solo");
    let overdue = due_of(&app, &deputy, &id).await + Duration::hours(1);
    assert_eq!(job.run_once(overdue).await.unwrap().to_station_head, 1);
    let escalated: Vec<(String, String)> =
        heard(&app, &id).await.into_iter().filter(|(_, kind)| kind == "escalated").collect();
    assert!(escalated.contains(&("unit".into(), "escalated".into())), "{escalated:?}");
    assert!(!escalated.contains(&("deputy".into(), "escalated".into())), "the deputy is not chased: {escalated:?}");

    let (_, committee) = app.signed_in(Role::Committee, "gongwei", &[]).await;
    let stats: Value = app.get_as("/api/v1/stats?group_by=unit", Some(&committee)).await.json().await.unwrap();
    let keys: Vec<&str> = stats["groups"].as_array().unwrap().iter().map(|g| g["key"].as_str().unwrap()).collect();
    assert_eq!(keys, ["HP-CG"], "{stats}");
}
