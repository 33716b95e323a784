//! Supervision (督办): reports due soon, overdue and unrated are found and escalated once, even with two
//! instances running the job at the same moment; the overdue board lists them.

use std::sync::Arc;

use chrono::{Duration, Utc};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::{Value, json};

use crate::helpers::{TEST_PASSWORD, spawn_app};
use liaison::app::supervise::Supervisor;
use liaison::domain::access::Role;
use liaison::domain::calendar::WorkingCalendar;
use liaison::domain::clock::Clock;
use liaison::storage::Storage;
use liaison::storage::entities::{report, report_event};

pub fn supervisor(storage: Storage, app: &crate::helpers::TestApp, holder: &str) -> Supervisor {
    Supervisor {
        storage,
        calendar: Arc::new(WorkingCalendar::shipped().unwrap()),
        settings: app.settings.workflow.clone(),
        holder: holder.to_owned(),
        live: None,
    }
}

async fn supervision_events(app: &crate::helpers::TestApp, id: uuid::Uuid) -> Vec<String> {
    report_event::Entity::find()
        .filter(report_event::Column::ReportId.eq(id))
        .filter(report_event::Column::Kind.eq("supervision"))
        .all(app.storage.reader())
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.action.unwrap())
        .collect()
}

#[tokio::test]
async fn two_instances_escalate_each_overdue_report_once_then_to_the_committee() {
    let app = spawn_app().await;
    app.signed_in(Role::Staff, "xh-staff", &["XH-01"]).await;
    app.signed_in(Role::Staff, "nh-staff", &["NH-01"]).await;
    let file = async |kiosk: &reqwest::Client| {
        let created: Value = kiosk
            .post(app.url("/api/v1/reports"))
            .json(&json!({"category": "environment", "description": "垃圾", "station": "XH-01", "channel": "kiosk"}))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        created["id"].as_str().unwrap().parse::<uuid::Uuid>().unwrap()
    };
    let mut ids = vec![file(&app.kiosk).await, file(&app.kiosk).await];
    // An hour past those two's accept deadline; a third, filed then, is not due for days.
    let detail: Value =
        app.get_as(&format!("/api/v1/reports/{}", ids[1]), Some(&app.admin)).await.json().await.unwrap();
    let due: chrono::DateTime<Utc> = detail["due_at"].as_str().unwrap().parse().unwrap();
    app.clock.advance(due - app.clock.now() + Duration::hours(1));
    let admin =
        app.login(crate::helpers::ADMIN_USERNAME, TEST_PASSWORD).await["access_token"].as_str().unwrap().to_owned();
    let kiosk =
        crate::helpers::bearer_client(&crate::helpers::enroll_kiosk(&app.client, &app.address, &admin, "XH-01").await);
    ids.push(file(&kiosk).await);
    let staff = app.login("xh-staff", TEST_PASSWORD).await["access_token"].as_str().unwrap().to_owned();
    let nh_staff = app.login("nh-staff", TEST_PASSWORD).await["access_token"].as_str().unwrap().to_owned();

    // Two instances, each with its own connection pool, run at the same moment.
    let other = Storage::connect(&app.settings).await.unwrap();
    let (a, b) = (supervisor(app.storage.clone(), &app, "instance-a"), supervisor(other, &app, "instance-b"));
    let now = app.clock.now();
    let (ra, rb) = tokio::join!(a.run_once(now), b.run_once(now));
    let (ra, rb) = (ra.unwrap(), rb.unwrap());
    assert!(ra.ran ^ rb.ran, "exactly one holds the lease: {ra:?} {rb:?}");
    assert_eq!(ra.to_station_head + rb.to_station_head, 2);
    // Running again records nothing twice, nor does the other instance once the lease has lapsed.
    let (holder, other) = if ra.ran { (&a, &b) } else { (&b, &a) };
    assert!(holder.run_once(now).await.unwrap().ran);
    assert!(!other.run_once(now + Duration::minutes(1)).await.unwrap().ran, "the lease is still held");
    let taken_over = other.run_once(now + Duration::minutes(10)).await.unwrap();
    assert!(taken_over.ran && taken_over.to_station_head == 0, "{taken_over:?}");
    for id in &ids[..2] {
        assert_eq!(supervision_events(&app, *id).await, ["escalate_station_head"]);
    }
    assert!(supervision_events(&app, ids[2]).await.is_empty());

    // The overdue board shows them to the station's staff, not to another station's.
    let board: Value = app.get_as("/api/v1/overdue", Some(&staff)).await.json().await.unwrap();
    let listed: Vec<&str> = board["items"].as_array().unwrap().iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert_eq!(listed, [ids[0].to_string(), ids[1].to_string()]);
    assert_eq!(board["items"][0]["overdue"], true);
    assert_eq!(board["items"][0]["escalation_level"], 1);
    let elsewhere: Value = app.get_as("/api/v1/overdue", Some(&nh_staff)).await.json().await.unwrap();
    assert!(elsewhere["items"].as_array().unwrap().is_empty());
    assert_eq!(app.get_as("/api/v1/overdue?station=XH-01", Some(&nh_staff)).await.status(), 403);
    // Paging is stable: one at a time, the cursor leads to the second and then to the end.
    let first: Value = app.get_as("/api/v1/overdue?limit=1", Some(&staff)).await.json().await.unwrap();
    let cursor = first["next_cursor"].as_str().unwrap();
    let second: Value =
        app.get_as(&format!("/api/v1/overdue?limit=1&cursor={cursor}"), Some(&staff)).await.json().await.unwrap();
    assert_eq!(second["items"][0]["id"], ids[1].to_string());
    assert_eq!(second["next_cursor"], Value::Null);
    assert_eq!(app.get_as("/api/v1/overdue?cursor=garbage", Some(&staff)).await.status(), 400);

    // Still overdue a week later (more than three working days): on to the committee, once.
    let later = now + Duration::days(7);
    let (ra, rb) = tokio::join!(b.run_once(later), a.run_once(later));
    assert_eq!(ra.unwrap().to_committee + rb.unwrap().to_committee, 2);
    for id in &ids[..2] {
        assert_eq!(supervision_events(&app, *id).await, ["escalate_station_head", "escalate_committee"]);
    }
    // Reports with nothing left to record are not even read, so they never crowd out newer ones.
    let calendar = WorkingCalendar::shipped().unwrap();
    let read = app
        .storage
        .reports_to_supervise(later, calendar.deadline(later, 1), calendar.working_days_back(later, 3), 500)
        .await
        .unwrap();
    assert!(read.iter().all(|r| !ids[..2].contains(&r.id)), "{read:?}");
}

#[tokio::test]
async fn due_soon_and_unrated_answers_are_noted_once() {
    let app = spawn_app().await;
    let deputy = app.deputy_signed_in("D-003").await;
    let created: Value = app
        .post_report(&json!({"category": "environment", "description": "垃圾", "station": "XH-01", "channel": "kiosk",
                              "deputy": "D-003"}))
        .await
        .json()
        .await
        .unwrap();
    let id: uuid::Uuid = created["id"].as_str().unwrap().parse().unwrap();
    let job = supervisor(app.storage.clone(), &app, "solo");
    // Half an hour before the accept deadline it is due soon.
    let row = app.storage.find_report(id).await.unwrap().unwrap();
    let almost = row.due_at.unwrap() - Duration::minutes(30);
    assert_eq!(job.run_once(almost).await.unwrap().due_soon, 1);
    assert_eq!(job.run_once(almost).await.unwrap().due_soon, 0);
    assert_eq!(supervision_events(&app, id).await, ["due_soon"]);

    // Answered and never rated: after the waiting days a supervisor is asked to close it.
    for action in [json!({"action": "accept"}), json!({"action": "answer", "text": "已处理", "outcome": "resolved"})]
    {
        let response = app.post_json(&format!("/api/v1/reports/{id}/actions"), Some(&deputy), &action).await;
        assert_eq!(response.status(), 200);
    }
    let later = Utc::now() + Duration::days(app.settings.workflow.rating_wait_days + 1);
    assert_eq!(job.run_once(later).await.unwrap().unrated, 1);
    assert_eq!(job.run_once(later).await.unwrap().unrated, 0);
    assert_eq!(supervision_events(&app, id).await, ["due_soon", "no_rating"]);
}

#[tokio::test]
async fn reports_from_before_the_closed_loop_get_their_status_and_a_deadline() {
    let app = spawn_app().await;
    let created: Value = app
        .post_report(&json!({"category": "environment", "description": "垃圾", "station": "XH-01", "channel": "kiosk"}))
        .await
        .json()
        .await
        .unwrap();
    let id: uuid::Uuid = created["id"].as_str().unwrap().parse().unwrap();
    // As the first release left it: submitted, routed, no deadline.
    report::Entity::update_many()
        .col_expr(report::Column::Status, sea_orm::sea_query::Expr::value("submitted"))
        .col_expr(report::Column::DueAt, sea_orm::sea_query::Expr::value(Option::<chrono::DateTime<Utc>>::None))
        .filter(report::Column::Id.eq(id))
        .exec(&app.connect().await)
        .await
        .unwrap();
    let due = Utc::now() + Duration::days(3);
    assert_eq!(app.storage.backfill_workflow(|_| due).await.unwrap(), 1);
    let row = app.storage.find_report(id).await.unwrap().unwrap();
    assert_eq!(row.status, liaison::domain::report::ReportStatus::Assigned);
    assert!(row.due_at.is_some());
    assert_eq!(app.storage.backfill_workflow(|_| due).await.unwrap(), 0, "once");
}
