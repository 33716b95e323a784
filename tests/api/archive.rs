//! The points archive (积分档案): a deputy's year scored from the record (attendance, reception duty,
//! reports answered on time, suggestions with their quality and rating) by the rules in force, every point
//! with its source; a finished year kept as first scored; read by the deputy, their station, the committee.

use reqwest::Method;
use serde_json::{Value, json};

use crate::helpers::{TEST_PASSWORD, TestApp, assert_problem, spawn_app};
use liaison::domain::access::Role;
use liaison::domain::clock::Clock;

async fn token(app: &TestApp, username: &str) -> String {
    app.login(username, TEST_PASSWORD).await["access_token"].as_str().unwrap().to_owned()
}

pub(crate) async fn ok(response: reqwest::Response) -> Value {
    let status = response.status();
    let text = response.text().await.unwrap();
    assert!(status.is_success(), "{status}: {text}");
    serde_json::from_str(&text).unwrap_or(Value::Null)
}

/// The record of a few days of D-003's and D-001's duties this year.
pub(crate) async fn a_few_days_of_duty(app: &TestApp, staff: &str) {
    use chrono::Datelike;
    // In the first days of a year "three days ago" is last year: start a week in.
    let into_year = app.clock.now().with_timezone(&liaison::domain::schedule::china()).ordinal();
    if into_year < 8 {
        app.clock.advance(chrono::Duration::days(8));
    }
    let staff = &app.login(staff, TEST_PASSWORD).await["access_token"].as_str().unwrap().to_owned();
    let now = app.clock.now();
    let local = |days: i64| (now - chrono::Duration::days(days)).with_timezone(&liaison::domain::schedule::china());
    // An inspection three days ago: D-003 came, D-001 did not.
    let activity = ok(app
        .post_json(
            "/api/v1/stations/XH-01/activities",
            Some(staff),
            &json!({"kind": "inspection", "title": "视察老年食堂", "invited": ["D-003", "D-001"],
                           "starts_at": (now - chrono::Duration::days(3)).to_rfc3339(),
                           "ends_at": (now - chrono::Duration::days(3) + chrono::Duration::hours(2)).to_rfc3339()}),
        )
        .await)
    .await;
    let id = activity["id"].as_str().unwrap();
    for (deputy, attendance) in [("D-003", "present"), ("D-001", "absent")] {
        ok(app
            .send_as(
                Method::PUT,
                &format!("/api/v1/activities/{id}/attendance/{deputy}"),
                staff,
                Some(&json!({"attendance": attendance})),
            )
            .await)
        .await;
    }
    // A reception slot two days ago with D-003 on duty.
    ok(app
        .post_json("/api/v1/stations/XH-01/reception-days", Some(staff),
                   &json!({"date": local(2).date_naive().to_string(), "start": "09:00", "end": "11:00", "deputies": ["D-003"]}))
        .await)
    .await;
    // A report D-003 answered in time.
    let report = ok(app
        .post_report(
            &json!({"category": "environment", "description": "老人吃饭难。", "station": "XH-01", "channel": "kiosk",
                             "deputy": "D-003"}),
        )
        .await)
    .await;
    let report = report["id"].as_str().unwrap();
    let deputy = app.deputy_signed_in("D-003").await;
    app.act_ok(&deputy, report, json!({"action": "accept"})).await;
    app.act_ok(&deputy, report, json!({"action": "answer", "outcome": "resolved", "text": "已协调社区食堂。"})).await;
    // A suggestion that passed the whole checklist, answered, rated satisfied.
    let suggestion = ok(app
        .post_json("/api/v1/me/suggestions", Some(&deputy),
                   &json!({"title": "关于建设社区老年食堂的建议", "facts": "老人吃饭难。", "cause": "无场地。", "measures": "用社区用房。"}))
        .await)
    .await;
    let s = suggestion["id"].as_str().unwrap();
    let step = |token: String, body: Value| {
        let app = &app;
        async move { ok(app.post_json(&format!("/api/v1/suggestions/{s}/actions"), Some(&token), &body).await).await }
    };
    step(deputy.clone(), json!({"action": "for_review"})).await;
    step(
        staff.to_owned(),
        json!({"action": "review", "checklist": {"facts": true, "cause": true, "measures": true}, "approve": true}),
    )
    .await;
    step(staff.to_owned(), json!({"action": "submit", "unit": "HP-MZ"})).await;
    step(staff.to_owned(), json!({"action": "answer", "text": "已列入明年计划。"})).await;
    step(deputy, json!({"action": "rate", "verdict": "satisfied"})).await;
}

#[tokio::test]
async fn a_deputys_year_is_scored_from_the_record_with_every_points_source() {
    let app = spawn_app().await;
    let (_, staff) = app.signed_in(Role::Staff, "xh-staff", &["XH-01"]).await;
    app.signed_in(Role::Staff, "nh-staff", &["NH-01"]).await;
    app.signed_in(Role::Committee, "gongwei", &[]).await;
    // The demo schedule has reception days around today: what the record held before.
    let before_d003 = ok(app.get_as("/api/v1/deputies/D-003/archive", Some(&staff)).await).await;
    let before_d001 = ok(app.get_as("/api/v1/deputies/D-001/archive", Some(&staff)).await).await;
    a_few_days_of_duty(&app, "xh-staff").await;
    // (The clock may have moved a week on: sign in again.)
    let (staff, nh_staff, committee) =
        (token(&app, "xh-staff").await, token(&app, "nh-staff").await, token(&app, "gongwei").await);

    let deputy = app.deputy_signed_in_again("D-003").await;
    let mine = ok(app.get_as("/api/v1/me/archive", Some(&deputy)).await).await;
    let tally = |archive: &Value, rule: &str| {
        let t = &archive["by_rule"][rule];
        (t["count"].as_i64().unwrap_or(0), t["points"].as_i64().unwrap_or(0))
    };
    let added = |rule: &str| {
        let (now, then) = (tally(&mine, rule), tally(&before_d003, rule));
        (now.0 - then.0, now.1 - then.1)
    };
    assert_eq!(added("activity_present"), (1, 2));
    assert_eq!(added("reception_day"), (1, 3));
    assert_eq!(added("report_on_time"), (1, 1));
    assert_eq!(added("suggestion_submitted"), (1, 3));
    assert_eq!(added("suggestion_quality_check"), (3, 3));
    assert_eq!(added("suggestion_satisfied"), (1, 3));
    let d003_total = before_d003["total"].as_i64().unwrap() + 15;
    assert_eq!(mine["total"].as_i64(), Some(d003_total), "{mine}");
    let points: i64 = mine["entries"].as_array().unwrap().iter().map(|e| e["points"].as_i64().unwrap()).sum();
    assert_eq!(points, d003_total, "the entries add up to the total");
    assert_eq!(mine["rules_version"], "2026-default");
    let sources: Vec<&str> = mine["entries"].as_array().unwrap().iter().map(|e| e["label"].as_str().unwrap()).collect();
    assert!(sources.contains(&"视察老年食堂") && sources.contains(&"关于建设社区老年食堂的建议"), "{sources:?}");

    // The three-part evaluation of the year, each part with its inputs.
    let judged: Value = ok(app.get_as("/api/v1/deputies/D-003/evaluation", Some(&staff)).await).await;
    let e = &judged["evaluation"];
    assert_eq!(
        (e["quality"]["suggestions"].as_u64(), e["quality"]["checks"]["numerator"].as_u64()),
        (Some(1), Some(3))
    );
    assert_eq!(e["results"]["suggestions_satisfactory"], 1);
    assert!(e["results"]["reports"].as_u64().unwrap() >= 1);
    assert!(e["results"]["response"]["small_sample"].as_bool().unwrap());
    assert!(e["feedback"]["reports"]["satisfaction"].is_object());

    // Staff of the station read any of its deputies; an absence costs points.
    let absent = ok(app.get_as("/api/v1/deputies/D-001/archive", Some(&staff)).await).await;
    assert_eq!(absent["total"].as_i64().unwrap() - before_d001["total"].as_i64().unwrap(), -2);
    assert_eq!(absent["by_rule"]["activity_absent"]["points"].as_i64(), Some(-2));
    let table = ok(app.get_as("/api/v1/stations/XH-01/archive", Some(&committee)).await).await;
    let row = table["items"].as_array().unwrap().iter().find(|r| r["deputy"] == "D-003").unwrap();
    assert_eq!((row["total"].as_i64(), row["entries"].as_array().unwrap().len()), (Some(d003_total), 0));
    let csv = app.get_as("/api/v1/stations/XH-01/archive?format=csv", Some(&staff)).await;
    assert_eq!(csv.headers()["content-type"], "text/csv; charset=utf-8");
    let csv = csv.text().await.unwrap();
    let line = csv.lines().find(|l| l.starts_with("D-003,")).unwrap();
    assert!(line.contains(&format!(",2026-default,{d003_total},")), "{line}");

    // Nobody else reads it.
    let other_deputy = app.deputy_signed_in("D-002").await;
    assert_problem(app.get_as("/api/v1/deputies/D-003/archive", Some(&other_deputy)).await, 403, "forbidden").await;
    assert_problem(app.get_as("/api/v1/deputies/D-003/archive", Some(&nh_staff)).await, 403, "forbidden").await;
    assert_problem(app.get_as("/api/v1/stations/XH-01/archive", Some(&nh_staff)).await, 403, "forbidden").await;
    assert_problem(app.get_as("/api/v1/me/archive", Some(&staff)).await, 403, "forbidden").await;
    assert_problem(app.get_as("/api/v1/me/archive?year=1999", Some(&deputy)).await, 400, "invalid_query").await;
    let next = liaison::app::archive::current_year(app.clock.now()) + 1;
    assert_problem(app.get_as(&format!("/api/v1/me/archive?year={next}"), Some(&deputy)).await, 400, "invalid_query")
        .await;
}

#[tokio::test]
async fn a_finished_year_is_kept_as_first_scored() {
    let app = spawn_app().await;
    app.signed_in(Role::Staff, "xh-staff", &["XH-01"]).await;
    a_few_days_of_duty(&app, "xh-staff").await;
    let year = liaison::app::archive::current_year(app.clock.now());
    let (_, next_year) = liaison::app::archive::year_bounds(year).unwrap();
    app.clock.advance(next_year + chrono::Duration::days(2) - app.clock.now());

    let staff = token(&app, "xh-staff").await;
    let kept = ok(app.get_as(&format!("/api/v1/deputies/D-001/archive?year={year}"), Some(&staff)).await).await;
    assert_eq!(kept["by_rule"]["activity_absent"]["points"], -2);
    // A late correction of last year's record does not rewrite the year as kept.
    let from = (app.clock.now() - chrono::Duration::days(60)).to_rfc3339();
    let query = format!("/api/v1/stations/XH-01/activities?from={}", urlencoding(&from));
    let activity = ok(app.get_as(&query, Some(&staff)).await).await;
    let id = activity["items"][0]["id"].as_str().unwrap();
    ok(app
        .send_as(
            Method::PUT,
            &format!("/api/v1/activities/{id}/attendance/D-001"),
            &staff,
            Some(&json!({"attendance": "excused"})),
        )
        .await)
    .await;
    let again = ok(app.get_as(&format!("/api/v1/deputies/D-001/archive?year={year}"), Some(&staff)).await).await;
    assert_eq!(again, kept);
    // The new year starts empty.
    let fresh = ok(app.get_as("/api/v1/deputies/D-001/archive", Some(&staff)).await).await;
    assert_eq!((fresh["year"].as_i64(), fresh["total"].as_i64()), (Some(i64::from(year) + 1), Some(0)));
}

fn urlencoding(text: &str) -> String {
    url::form_urlencoded::byte_serialize(text.as_bytes()).collect()
}
