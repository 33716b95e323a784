//! Report-backs to voters (述职评议): staff schedule a deputy's session; while voting is open anyone reads it
//! and the deputy's one-page record, and rates them once per proven phone number (a signed-in account's, or a
//! code on a kiosk), also when votes race; the committee publishes the results, which the board shows, and
//! the session counts in the deputy's points archive.

use serde_json::{Value, json};

use crate::helpers::{TEST_PASSWORD, TestApp, assert_problem, enroll_kiosk, spawn_app};
use liaison::domain::access::Role;
use liaison::domain::clock::Clock;

async fn vote(app: &TestApp, token: Option<&str>, id: &str, body: Value) -> reqwest::Response {
    app.post_json(&format!("/api/v1/report-backs/{id}/votes"), token, &body).await
}

/// Sends a code to `phone` and reads it from the test SMS outbox.
async fn code_for(app: &TestApp, phone: &str) -> String {
    let sent = app.post_json("/api/v1/auth/phone/code", None, &json!({"phone": phone})).await;
    assert_eq!(sent.status(), 202);
    app.sms_outbox().into_iter().rev().find(|(p, _)| p == phone).unwrap().1
}

async fn token(app: &TestApp, username: &str) -> String {
    app.login(username, TEST_PASSWORD).await["access_token"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn voters_rate_the_deputy_once_each_and_the_committee_publishes_the_results() {
    let app = spawn_app().await;
    let (_, staff) = app.signed_in(Role::Staff, "xh-staff", &["XH-01"]).await;
    app.signed_in(Role::Committee, "gongwei", &[]).await;
    let now = app.clock.now();
    let created = app
        .post_json(
            "/api/v1/stations/XH-01/report-backs",
            Some(&staff),
            &json!({"deputy": "D-003", "title": "代表向选民述职", "place": "新华路联络站",
                           "opens_at": (now + chrono::Duration::hours(1)).to_rfc3339(),
                           "closes_at": (now + chrono::Duration::hours(3)).to_rfc3339()}),
        )
        .await;
    assert_eq!(created.status(), 201);
    let id = created.json::<Value>().await.unwrap()["id"].as_str().unwrap().to_owned();
    let bad = app
        .post_json(
            "/api/v1/stations/XH-01/report-backs",
            Some(&staff),
            &json!({"deputy": "D-999", "title": "", "opens_at": now.to_rfc3339(), "closes_at": now.to_rfc3339()}),
        )
        .await;
    assert_problem(bad, 422, "validation_failed").await;

    // Before it opens the public sees nothing and nobody votes.
    assert_problem(app.get(&format!("/api/v1/report-backs/{id}")).await, 404, "report_back_not_found").await;
    let citizen = app.citizen_by_phone("13900000101").await["access_token"].as_str().unwrap().to_owned();
    assert_problem(vote(&app, Some(&citizen), &id, json!({"verdict": "satisfied"})).await, 409, "voting_closed").await;

    app.clock.advance(chrono::Duration::hours(1));
    let listed: Value = {
        let admin = app.admin_now().await;
        let kiosk = enroll_kiosk(&app.client, &app.address, &admin, "XH-01").await;
        app.get_as("/api/v1/kiosks/me/report-backs", Some(&kiosk)).await.json().await.unwrap()
    };
    assert_eq!(listed["items"][0]["id"], id.as_str(), "the station's kiosk offers the open session");
    assert!(listed["items"][0]["results"].is_null());
    let public: Value = app.get(&format!("/api/v1/report-backs/{id}")).await.json().await.unwrap();
    assert_eq!((public["open"].as_bool(), public["results"].is_null()), (Some(true), true), "no results while voting");
    let record: Value = app.get(&format!("/api/v1/report-backs/{id}/record")).await.json().await.unwrap();
    assert_eq!(record["record"]["deputy"], "D-003");
    assert!(record["record"]["by_rule"].is_object());
    // The public reads totals only: the entries name citizens' reports by their tracking codes.
    assert_eq!(record["record"]["entries"], json!([]));
    let staff_now = token(&app, "xh-staff").await;
    let inside: Value =
        app.get_as(&format!("/api/v1/report-backs/{id}/record"), Some(&staff_now)).await.json().await.unwrap();
    assert!(!inside["record"]["entries"].as_array().unwrap().is_empty(), "the station sees every entry");

    // One vote per proven phone: by the signed-in account's number, or by a code on the kiosk.
    let citizen = app.citizen_by_phone("13900000101").await["access_token"].as_str().unwrap().to_owned();
    let counted = vote(&app, Some(&citizen), &id, json!({"verdict": "satisfied", "comment": "实事办得好"})).await;
    assert_eq!(counted.status(), 201);
    assert_problem(vote(&app, Some(&citizen), &id, json!({"verdict": "mostly"})).await, 409, "already_voted").await;
    let admin = app.admin_now().await;
    let kiosk = enroll_kiosk(&app.client, &app.address, &admin, "XH-01").await;
    assert_problem(vote(&app, Some(&kiosk), &id, json!({"verdict": "mostly"})).await, 422, "validation_failed").await;
    let code = code_for(&app, "13900000102").await;
    let wrong =
        vote(&app, Some(&kiosk), &id, json!({"verdict": "mostly", "phone": "13900000102", "code": "000000"})).await;
    assert_problem(wrong, 401, "invalid_phone_code").await;
    let at_kiosk =
        vote(&app, Some(&kiosk), &id, json!({"verdict": "mostly", "phone": "139 0000 0102", "code": code})).await;
    assert_eq!(at_kiosk.status(), 201);
    // The signed-in citizen's own number proven again at the kiosk is the same voter (a new code for the
    // number may be asked for once the resend interval is over).
    app.clock.advance(chrono::Duration::minutes(2));
    let kiosk = enroll_kiosk(&app.client, &app.address, &app.admin_now().await, "XH-01").await;
    let again = code_for(&app, "13900000101").await;
    let twice =
        vote(&app, Some(&kiosk), &id, json!({"verdict": "not_satisfied", "phone": "13900000101", "code": again})).await;
    assert_problem(twice, 409, "already_voted").await;

    // Votes racing from one person: one counts.
    let racer = app.citizen_by_phone("13900000103").await["access_token"].as_str().unwrap().to_owned();
    let answers = futures_util::future::join_all(
        (0..6).map(|_| vote(&app, Some(&racer), &id, json!({"verdict": "not_satisfied"}))),
    )
    .await;
    let statuses: Vec<u16> = answers.iter().map(|r| r.status().as_u16()).collect();
    assert_eq!(statuses.iter().filter(|s| **s == 201).count(), 1, "{statuses:?}");
    assert!(statuses.iter().all(|s| *s == 201 || *s == 409), "{statuses:?}");

    // The station sees the results; the committee publishes them once voting closed.
    let staff = token(&app, "xh-staff").await;
    let seen: Value = app.get_as(&format!("/api/v1/report-backs/{id}"), Some(&staff)).await.json().await.unwrap();
    let results = &seen["results"];
    assert_eq!(
        (results["total"].as_u64(), results["satisfied"].as_u64(), results["mostly"].as_u64()),
        (Some(3), Some(1), Some(1))
    );
    assert_eq!(results["small_sample"], true);
    assert_eq!(results["comments"], json!(["实事办得好"]));
    let committee = token(&app, "gongwei").await;
    let early = app.post_json(&format!("/api/v1/report-backs/{id}/publish"), Some(&committee), &json!({})).await;
    assert_problem(early, 409, "invalid_transition").await;
    app.clock.advance(chrono::Duration::hours(3));
    let committee = token(&app, "gongwei").await;
    let staff = token(&app, "xh-staff").await;
    assert_problem(
        app.post_json(&format!("/api/v1/report-backs/{id}/publish"), Some(&staff), &json!({})).await,
        403,
        "forbidden",
    )
    .await;
    let published = app.post_json(&format!("/api/v1/report-backs/{id}/publish"), Some(&committee), &json!({})).await;
    assert_eq!(published.status(), 200);
    let board: Value = app.get("/api/v1/results/report-backs?station=XH-01").await.json().await.unwrap();
    assert_eq!(board["items"][0]["results"]["total"], 3);
    let again = app.post_json(&format!("/api/v1/report-backs/{id}/publish"), Some(&committee), &json!({})).await;
    assert_problem(again, 409, "invalid_transition").await;

    // It counts in the deputy's archive.
    let archive: Value = app.get_as("/api/v1/deputies/D-003/archive", Some(&staff)).await.json().await.unwrap();
    assert_eq!(archive["by_rule"]["report_back_held"], json!({"count": 1, "points": 5}));
}
