//! Urgency in hours: a category's urgent steps count hours on the clock beside the working-day deadlines,
//! staff expedite one report at triage, supervision finds an urgent report overdue within hours, and
//! categories flagged with emergency numbers say so before anyone files.

use chrono::{DateTime, Duration, Utc};
use serde_json::{Value, json};

use liaison::domain::clock::Clock;

use crate::helpers::{TestApp, assert_problem, spawn_app};
use crate::supervision::supervisor;
use liaison::domain::access::Role;

/// `value` lies `span` after some instant between `before` and `after` (the server read its clock in between).
fn span_after(value: DateTime<Utc>, (before, after): (DateTime<Utc>, DateTime<Utc>), span: Duration) -> bool {
    let slack = Duration::milliseconds(1);
    value >= before + span - slack && value <= after + span + slack
}

fn at(value: &Value) -> DateTime<Utc> {
    value.as_str().unwrap_or_else(|| panic!("not a time: {value}")).parse().unwrap()
}

async fn file(app: &TestApp, category: &str, deputy: Option<&str>) -> (String, DateTime<Utc>) {
    let mut report = json!({"category": category, "description": "楼道里有很浓的煤气味", "station": "XH-01",
                            "channel": "kiosk"});
    if let Some(deputy) = deputy {
        report["deputy"] = json!(deputy);
    }
    let created = app.post_report(&report).await;
    assert_eq!(created.status(), 201);
    let created: Value = created.json().await.unwrap();
    (created["id"].as_str().unwrap().to_owned(), at(&created["submitted_at"]))
}

#[tokio::test]
async fn an_urgent_categorys_steps_count_hours_on_the_clock() {
    let app = spawn_app().await;
    let (_, staff) = app.signed_in(Role::Staff, "xh-staff", &["XH-01"]).await;
    let deputy = app.deputy_signed_in("D-003").await;
    // The demo's public safety: taken on within 4 hours, answered within 72.
    let (id, submitted) = file(&app, "public_safety", Some("D-003")).await;
    let detail: Value = app.get_as(&format!("/api/v1/reports/{id}"), Some(&staff)).await.json().await.unwrap();
    assert_eq!(at(&detail["due_at"]), submitted + Duration::hours(4));
    app.clock.advance(Duration::minutes(5));
    let before = app.clock.now();
    let accepted = app.act_ok(&deputy, &id, json!({"action": "accept"})).await;
    let answer_due = at(&accepted["progress"]["answer_due_at"]);
    assert!(span_after(answer_due, (before, app.clock.now()), Duration::hours(72)), "{answer_due}");

    // A category's hours are set like its days, and checked.
    let admin = app.admin_now().await;
    let category = json!({"name": {"zh": "燃气安全", "en": "Gas safety"}, "description": {"zh": "燃气泄漏等", "en": "Gas leaks"},
        "reply_deadline_working_days": 1, "accept_deadline_hours": 2, "answer_deadline_hours": 24,
        "emergency": ["119", "12345"]});
    let put = app.send_as(reqwest::Method::PUT, "/api/v1/categories/gas", &admin, Some(&category)).await;
    assert_eq!(put.status(), 201, "{}", put.text().await.unwrap());
    for (field, bad) in [("accept_deadline_hours", json!(0)), ("answer_deadline_hours", json!(721))] {
        let mut wrong = category.clone();
        wrong[field] = bad;
        let put = app.send_as(reqwest::Method::PUT, "/api/v1/categories/gas", &admin, Some(&wrong)).await;
        assert_problem(put, 422, "invalid_directory").await;
    }
    let mut slower_accept = category.clone();
    slower_accept["accept_deadline_hours"] = json!(48);
    let put = app.send_as(reqwest::Method::PUT, "/api/v1/categories/gas", &admin, Some(&slower_accept)).await;
    assert_problem(put, 422, "invalid_directory").await;
    let mut unknown_number = category.clone();
    unknown_number["emergency"] = json!(["999"]);
    let put = app.send_as(reqwest::Method::PUT, "/api/v1/categories/gas", &admin, Some(&unknown_number)).await;
    assert_eq!(put.status(), 422);

    // Kiosks and phones read the numbers and the advice to show before filing.
    let list: Value = app.get("/api/v1/categories").await.json().await.unwrap();
    let gas = list["items"].as_array().unwrap().iter().find(|c| c["code"] == "gas").unwrap();
    assert_eq!(gas["emergency"], json!(["119", "12345"]));
    assert!(gas["emergency_advice"]["zh"].as_str().unwrap().contains("119（火警）、12345"), "{gas}");
    assert_eq!((gas["accept_deadline_hours"].as_i64(), gas["answer_deadline_hours"].as_i64()), (Some(2), Some(24)));
    let calm = list["items"].as_array().unwrap().iter().find(|c| c["code"] == "environment").unwrap();
    assert_eq!((calm["emergency"].clone(), calm["emergency_advice"].clone()), (json!([]), Value::Null));
    let (gas_report, filed) = file(&app, "gas", Some("D-003")).await;
    let detail: Value = app.get_as(&format!("/api/v1/reports/{gas_report}"), Some(&staff)).await.json().await.unwrap();
    assert_eq!(at(&detail["due_at"]), filed + Duration::hours(2));
}

#[tokio::test]
async fn staff_expedite_one_report_and_supervision_finds_it_overdue_within_hours() {
    let app = spawn_app().await;
    let (_, staff) = app.signed_in(Role::Staff, "xh-staff", &["XH-01"]).await;
    let deputy = app.deputy_signed_in("D-001").await;
    // A sensitive category waits for staff in triage, three working days by default.
    let (id, submitted) = file(&app, "legal_petition", None).await;
    let urgent = json!({"action": "expedite", "accept_hours": 2, "answer_hours": 24, "reason": "老人独居，情况紧急"});
    assert_eq!(app.act(&deputy, &id, &urgent.clone()).await.status(), 404, "not the deputy's report");
    let bad = json!({"action": "expedite", "accept_hours": 48, "answer_hours": 24, "reason": "x"});
    assert_problem(app.act(&staff, &id, &bad).await, 422, "invalid_action").await;

    let before = app.clock.now();
    let expedited = app.act_ok(&staff, &id, urgent).await;
    assert_eq!(expedited["status"], "triage");
    assert_eq!(expedited["progress"]["urgency"], json!({"accept_hours": 2, "answer_hours": 24}));
    let due = at(&expedited["due_at"]);
    assert!(span_after(due, (before, app.clock.now()), Duration::hours(2)) && due > submitted, "{due}");

    // Assigned, it must be taken on within 2 hours; taken on, answered within 24.
    let before = app.clock.now();
    let assigned = app.act_ok(&staff, &id, json!({"action": "assign", "deputy": "D-001"})).await;
    assert!(span_after(at(&assigned["due_at"]), (before, app.clock.now()), Duration::hours(2)));
    let before = app.clock.now();
    let accepted = app.act_ok(&deputy, &id, json!({"action": "accept"})).await;
    let answer_due = at(&accepted["progress"]["answer_due_at"]);
    assert!(span_after(answer_due, (before, app.clock.now()), Duration::hours(24)), "{answer_due}");

    // A day and an hour later it is overdue: supervision escalates it the same day, not after working days.
    let job = supervisor(app.storage.clone(), &app, "solo");
    assert_eq!(job.run_once(answer_due - Duration::hours(1)).await.unwrap().to_station_head, 0);
    assert_eq!(job.run_once(answer_due + Duration::hours(1)).await.unwrap().to_station_head, 1);
    // Expediting never gives more time than the report already has.
    let loose = json!({"action": "expedite", "accept_hours": 100, "answer_hours": 700, "reason": "调整"});
    let after = app.act_ok(&staff, &id, loose).await;
    assert_eq!(at(&after["progress"]["answer_due_at"]), answer_due);
}
