//! The committee's annual plan (tasks with owners and due dates, reported on by their owners) and the
//! year-end report drawn from the year's record, as JSON and as a workbook; reception-day absences marked by
//! staff, which the points archive and the report both count.

use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};
use chrono::Datelike;
use reqwest::Method;
use serde_json::{Value, json};

use crate::archive::{a_few_days_of_duty, ok};
use crate::helpers::{TEST_PASSWORD, TestApp, assert_problem, spawn_app};
use liaison::domain::access::Role;
use liaison::domain::clock::Clock;
use liaison::domain::schedule::local_date;

async fn token(app: &TestApp, username: &str) -> String {
    app.login(username, TEST_PASSWORD).await["access_token"].as_str().unwrap().to_owned()
}

async fn year_end(app: &TestApp, who: &str, query: &str) -> Value {
    let year = liaison::app::archive::current_year(app.clock.now());
    ok(app.get_as(&format!("/api/v1/year-end/{year}{query}"), Some(who)).await).await
}

fn n(v: &Value) -> i64 {
    v.as_i64().unwrap_or_else(|| panic!("not a number: {v}"))
}

/// Moves the clock a week into the year if it is earlier (so "a few days ago" is this year), as
/// `a_few_days_of_duty` would, before anything is counted.
fn into_the_year(app: &TestApp) {
    let into_year = app.clock.now().with_timezone(&liaison::domain::schedule::china()).ordinal();
    if into_year < 8 {
        app.clock.advance(chrono::Duration::days(8));
    }
}

#[tokio::test]
async fn the_committee_plans_the_year_and_owners_report_on_their_tasks() {
    let app = spawn_app().await;
    into_the_year(&app);
    let (_, staff) = app.signed_in(Role::Staff, "xh-staff", &["XH-01"]).await;
    let (_, nh_staff) = app.signed_in(Role::Staff, "nh-staff", &["NH-01"]).await;
    let (_, committee) = app.signed_in(Role::Committee, "gongwei", &[]).await;
    let deputy = app.deputy_signed_in("D-003").await;
    let year = liaison::app::archive::current_year(app.clock.now());
    let today = local_date(app.clock.now());
    let task = |title: &str, kind: &str, owner: Option<&str>, due: String| json!({"year": year, "title": title, "owner_kind": kind, "owner": owner, "due_on": due});
    let create = |who: String, body: Value| {
        let app = &app;
        async move { app.post_json("/api/v1/plan-tasks", Some(&who), &body).await }
    };

    // Only the committee and administrators write the plan; what they write is checked.
    let station_task = task("组织选民接待日", "station", Some("XH-01"), today.to_string());
    assert_problem(create(staff.clone(), station_task.clone()).await, 403, "forbidden").await;
    let bad = create(committee.clone(), task(" ", "deputy", Some("D-999"), format!("{}-01-01", year + 1))).await;
    let problem = assert_problem(bad, 422, "validation_failed").await;
    let codes: Vec<(&str, &str)> = problem["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["field"].as_str().unwrap(), e["code"].as_str().unwrap()))
        .collect();
    assert_eq!(codes, [("title", "required"), ("due_on", "outside_year"), ("owner", "unknown_deputy")], "{problem}");
    let bad = create(committee.clone(), task(" ", "committee", None, format!("{}-01-01", year + 1))).await;
    let problem = assert_problem(bad, 422, "validation_failed").await;
    let fields: Vec<&str> =
        problem["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap()).collect();
    assert_eq!(fields, ["title", "due_on"]);
    assert_problem(
        create(committee.clone(), task("调研", "committee", Some("XH-01"), today.to_string())).await,
        422,
        "validation_failed",
    )
    .await;

    let station_task = ok(create(committee.clone(), station_task).await).await;
    assert_eq!((station_task["owner"].as_str(), station_task["status"].as_str()), (Some("XH-01"), Some("planned")));
    assert_eq!(station_task["owner_name"]["zh"], "新华街道人大代表联络站", "{station_task}");
    let deputy_task =
        ok(create(committee.clone(), task("撰写调研报告", "deputy", Some("D-003"), today.to_string())).await).await;
    let first_day = format!("{year}-01-01");
    let late_task =
        ok(create(committee.clone(), task("制定年度工作计划", "committee", None, first_day.clone())).await).await;
    let dropped =
        ok(create(committee.clone(), task("筹建第二联络点", "station", Some("NH-01"), today.to_string())).await).await;

    // Owners report on their own tasks only; only the committee drops one, with the reason.
    let progress = |who: String, id: &Value, body: Value| {
        let app = &app;
        let path = format!("/api/v1/plan-tasks/{}/progress", id.as_str().unwrap());
        async move { app.post_json(&path, Some(&who), &body).await }
    };
    assert_problem(progress(nh_staff.clone(), &station_task["id"], json!({"status": "done"})).await, 403, "forbidden")
        .await;
    assert_problem(progress(staff.clone(), &deputy_task["id"], json!({"status": "done"})).await, 403, "forbidden")
        .await;
    assert_problem(
        progress(staff.clone(), &station_task["id"], json!({"status": "dropped", "note": "不办了"})).await,
        403,
        "forbidden",
    )
    .await;
    let done =
        ok(progress(staff.clone(), &station_task["id"], json!({"status": "done", "note": "已接待 12 人次"})).await)
            .await;
    assert_eq!((done["status"].as_str(), done["standing"].as_str()), (Some("done"), Some("done_on_time")));
    assert!(done["done_at"].is_string());
    let by_deputy = ok(progress(deputy.clone(), &deputy_task["id"], json!({"status": "done"})).await).await;
    assert_eq!(by_deputy["standing"], "done_on_time");
    assert_problem(
        progress(committee.clone(), &dropped["id"], json!({"status": "dropped"})).await,
        422,
        "validation_failed",
    )
    .await;
    ok(progress(committee.clone(), &dropped["id"], json!({"status": "dropped", "note": "场地未落实，转入明年"})).await)
        .await;
    // Its owner cannot take a dropped task up again.
    let revived = progress(nh_staff.clone(), &dropped["id"], json!({"status": "done", "note": "已完成"})).await;
    assert_problem(revived, 403, "forbidden").await;
    let unknown =
        progress(committee.clone(), &json!("0193c0d2-4f6e-7a31-9c1e-5b2a8d0e4f11"), json!({"status": "done"})).await;
    assert_problem(unknown, 404, "plan_task_not_found").await;

    // The committee edits a task; its year stays.
    let path = format!("/api/v1/plan-tasks/{}", late_task["id"].as_str().unwrap());
    let edited = app
        .send_as(
            Method::PUT,
            &path,
            &committee,
            Some(&task("制定并印发年度工作计划", "committee", None, first_day.clone())),
        )
        .await;
    let edited = ok(edited).await;
    assert_eq!(edited["title"], "制定并印发年度工作计划");
    let standing = if today.ordinal() > 1 { "overdue" } else { "open" };
    assert_eq!(edited["standing"], standing);
    assert_problem(
        app.send_as(Method::PUT, &path, &staff, Some(&task("改", "committee", None, first_day))).await,
        403,
        "forbidden",
    )
    .await;

    // Every official reads the plan, by owner if asked; citizens do not.
    let plan = ok(app.get_as(&format!("/api/v1/plan-tasks?year={year}"), Some(&deputy)).await).await;
    assert_eq!(plan["items"].as_array().unwrap().len(), 4);
    let mine =
        ok(app.get_as(&format!("/api/v1/plan-tasks?year={year}&owner_kind=deputy&owner=D-003"), Some(&deputy)).await)
            .await;
    assert_eq!(mine["items"].as_array().unwrap().len(), 1);
    let citizen = app.citizen_by_phone("13900000188").await["access_token"].as_str().unwrap().to_owned();
    assert_problem(app.get_as(&format!("/api/v1/plan-tasks?year={year}"), Some(&citizen)).await, 403, "forbidden")
        .await;
    assert_problem(app.get_as("/api/v1/plan-tasks?year=1999", Some(&staff)).await, 400, "invalid_query").await;
    let mut far = task("远期任务", "committee", None, format!("{}-06-30", year + 5));
    far["year"] = json!(year + 5);
    let far = create(committee.clone(), far).await;
    let problem = assert_problem(far, 422, "validation_failed").await;
    assert_eq!(problem["errors"][0]["field"], "year", "{problem}");

    // Every step is on the record.
    let admin = app.admin_now().await;
    let subject = format!("plan_task:{}", station_task["id"].as_str().unwrap());
    let audit = ok(app.get_as(&format!("/api/v1/audit?subject={subject}"), Some(&admin)).await).await;
    let actions: Vec<&str> = audit["items"].as_array().unwrap().iter().map(|e| e["action"].as_str().unwrap()).collect();
    assert_eq!(actions, ["plan_task.progress", "plan_task.create"]);

    // The year-end report counts the plan as it stands.
    let report = year_end(&app, &committee, "").await;
    let plan = &report["plan"];
    let overdue = i64::from(today.ordinal() > 1);
    assert_eq!(
        (n(&plan["total"]), n(&plan["done_on_time"]), n(&plan["overdue"]), n(&plan["open"]), n(&plan["dropped"])),
        (4, 2, overdue, 1 - overdue, 1)
    );
    let station_report = year_end(&app, &staff, "?station=XH-01").await;
    let titles: Vec<&str> =
        station_report["tasks"].as_array().unwrap().iter().map(|t| t["title"].as_str().unwrap()).collect();
    assert_eq!(titles.len(), 2, "the station's and its deputies' tasks: {titles:?}");
    assert!(titles.contains(&"组织选民接待日") && titles.contains(&"撰写调研报告"));
}

#[tokio::test]
async fn the_year_end_report_counts_the_years_record_as_json_and_as_a_workbook() {
    let app = spawn_app().await;
    into_the_year(&app);
    app.signed_in(Role::Staff, "xh-staff", &["XH-01"]).await;
    let (_, nh_staff) = app.signed_in(Role::Staff, "nh-staff", &["NH-01"]).await;
    let (_, committee) = app.signed_in(Role::Committee, "gongwei", &[]).await;
    // An inspection (planned still), a reception turn, a report answered, a suggestion answered and rated.
    a_few_days_of_duty(&app, "xh-staff").await;
    let staff = token(&app, "xh-staff").await;
    let before = year_end(&app, &committee, "?station=XH-01").await;
    let now = app.clock.now();
    let from = (now - chrono::Duration::days(7)).to_rfc3339();
    let listed = ok(app
        .get_as(&format!("/api/v1/stations/XH-01/activities?from={}", from.replace('+', "%2B")), Some(&staff))
        .await)
    .await;
    let activity = listed["items"].as_array().unwrap().iter().find(|a| a["title"] == "视察老年食堂").unwrap();
    let id = activity["id"].as_str().unwrap();
    ok(app.send_as(Method::PATCH, &format!("/api/v1/activities/{id}"), &staff, Some(&json!({"status": "held"}))).await)
        .await;
    // A review opinion from it, sent, answered and closed item by item.
    let opinion = ok(app
        .post_json("/api/v1/stations/XH-01/opinions", Some(&staff),
                   &json!({"activity_id": id, "unit": "HP-ZJ", "title": "关于老年食堂的审议意见",
                           "due_at": (now + chrono::Duration::days(30)).to_rfc3339(), "items": ["场地不足", "价格偏高"]}))
        .await)
    .await;
    let o = opinion["id"].as_str().unwrap();
    ok(app.post_json(&format!("/api/v1/opinions/{o}/send"), Some(&staff), &json!({})).await).await;
    ok(app.post_json(&format!("/api/v1/opinions/{o}/reply"), Some(&staff), &json!({"text": "已制定方案。"})).await)
        .await;
    ok(app
        .post_json(&format!("/api/v1/opinions/{o}/items/0/close"), Some(&staff), &json!({"text": "新增场地一处。"}))
        .await)
    .await;

    // D-001 is marked absent from a reception slot they were on duty at; not before it began, not someone off duty.
    let day = local_date(now - chrono::Duration::days(1));
    let slot = ok(app
        .post_json(
            "/api/v1/stations/XH-01/reception-days",
            Some(&staff),
            &json!({"date": day.to_string(), "start": "14:00", "end": "16:00", "deputies": ["D-001", "D-003"]}),
        )
        .await)
    .await;
    let slot = slot["id"].as_str().unwrap().to_owned();
    let archive_before = ok(app.get_as("/api/v1/deputies/D-001/archive", Some(&staff)).await).await;
    let absence = format!("/api/v1/reception-days/{slot}/absences/D-001");
    let marked = ok(app.send_as(Method::PUT, &absence, &staff, Some(&json!({"reason": "临时公务"}))).await).await;
    let turn = marked["turns"].as_array().unwrap().iter().find(|t| t["deputy"] == "D-001").unwrap();
    assert_eq!((turn["absent"].as_bool(), turn["reason"].as_str()), (Some(true), Some("临时公务")));
    let off_duty = app
        .send_as(Method::PUT, &format!("/api/v1/reception-days/{slot}/absences/D-002"), &staff, Some(&json!({})))
        .await;
    assert_problem(off_duty, 409, "not_on_duty").await;
    let foreign = app.send_as(Method::PUT, &absence, &nh_staff, Some(&json!({}))).await;
    assert_problem(foreign, 404, "reception_day_not_found").await;
    let tomorrow = local_date(now + chrono::Duration::days(1));
    let coming = ok(app
        .post_json(
            "/api/v1/stations/XH-01/reception-days",
            Some(&staff),
            &json!({"date": tomorrow.to_string(), "start": "09:00", "end": "11:00", "deputies": ["D-001"]}),
        )
        .await)
    .await;
    let early = app
        .send_as(
            Method::PUT,
            &format!("/api/v1/reception-days/{}/absences/D-001", coming["id"].as_str().unwrap()),
            &staff,
            Some(&json!({})),
        )
        .await;
    assert_problem(early, 409, "reception_not_begun").await;
    // Last year's record is kept as it was scored: its turns are not marked any more.
    let last_year = liaison::app::archive::current_year(now) - 1;
    let old = ok(app
        .post_json(
            "/api/v1/stations/XH-01/reception-days",
            Some(&staff),
            &json!({"date": format!("{last_year}-12-29"), "start": "09:00", "end": "11:00", "deputies": ["D-001"]}),
        )
        .await)
    .await;
    let late = app
        .send_as(
            Method::PUT,
            &format!("/api/v1/reception-days/{}/absences/D-001", old["id"].as_str().unwrap()),
            &staff,
            Some(&json!({})),
        )
        .await;
    assert_problem(late, 409, "year_kept").await;
    let committee_marks = app.send_as(Method::PUT, &absence, &committee, Some(&json!({}))).await;
    assert_problem(committee_marks, 403, "forbidden").await;
    let archive_after = ok(app.get_as("/api/v1/deputies/D-001/archive", Some(&staff)).await).await;
    let turns = |a: &Value| a["by_rule"]["reception_day"]["count"].as_i64().unwrap_or(0);
    assert_eq!(turns(&archive_before) - turns(&archive_after), 1, "an absent turn scores nothing");
    let cleared = ok(app.send_as(Method::DELETE, &absence, &staff, None).await).await;
    assert!(cleared["turns"].as_array().unwrap().iter().all(|t| t["absent"] == false));
    ok(app.send_as(Method::PUT, &absence, &staff, Some(&json!({"reason": "临时公务"}))).await).await;

    let committee = token(&app, "gongwei").await;
    let after = year_end(&app, &committee, "?station=XH-01").await;
    let delta = |path: &[&str]| {
        let pick = |v: &Value| path.iter().fold(v.clone(), |v, key| v[*key].clone());
        n(&pick(&after)) - n(&pick(&before))
    };
    assert_eq!(delta(&["activities", "held"]), 1);
    assert_eq!((delta(&["activities", "present"]), delta(&["activities", "absent"])), (1, 1));
    assert_eq!(
        (delta(&["reception", "held"]), delta(&["reception", "duties"]), delta(&["reception", "absences"])),
        (1, 2, 1)
    );
    assert_eq!(
        (delta(&["opinions", "sent"]), delta(&["opinions", "items"]), delta(&["opinions", "items_closed"])),
        (1, 2, 1)
    );
    let s = &after["suggestions"];
    assert_eq!((n(&s["submitted"]), n(&s["answered"]), n(&s["ratings"]["satisfied"])), (1, 1, 1), "{s}");
    // The reports' figures are the dashboard's for the same dates; the points are the archive's.
    let year = liaison::app::archive::current_year(app.clock.now());
    let stats = ok(app
        .get_as(
            &format!("/api/v1/stats?station=XH-01&from={year}-01-01&to={}", local_date(app.clock.now())),
            Some(&committee),
        )
        .await)
    .await;
    assert_eq!(after["reports"], stats["total"]);
    let archive = ok(app.get_as("/api/v1/stations/XH-01/archive", Some(&committee)).await).await;
    assert!(!archive["items"].as_array().unwrap().is_empty());
    for row in archive["items"].as_array().unwrap() {
        let line = after["points"].as_array().unwrap().iter().find(|p| p["deputy"] == row["deputy"]).unwrap();
        assert_eq!(line["total"], row["total"], "{}", row["deputy"]);
    }

    // A report-back held with votes counts once its voting has closed.
    let opens = app.clock.now() + chrono::Duration::minutes(10);
    let session = ok(app
        .post_json(
            "/api/v1/stations/XH-01/report-backs",
            Some(&staff),
            &json!({"deputy": "D-003", "title": "代表向选民述职", "opens_at": opens.to_rfc3339(),
                           "closes_at": (opens + chrono::Duration::hours(1)).to_rfc3339()}),
        )
        .await)
    .await;
    app.clock.advance(chrono::Duration::minutes(20));
    let voter = app.citizen_by_phone("13900000177").await["access_token"].as_str().unwrap().to_owned();
    ok(app
        .post_json(
            &format!("/api/v1/report-backs/{}/votes", session["id"].as_str().unwrap()),
            Some(&voter),
            &json!({"verdict": "mostly"}),
        )
        .await)
    .await;
    app.clock.advance(chrono::Duration::hours(1));
    let committee = token(&app, "gongwei").await;
    let held = year_end(&app, &committee, "?station=XH-01").await;
    assert_eq!(n(&held["report_backs"]["held"]) - n(&after["report_backs"]["held"]), 1);
    assert_eq!(n(&held["report_backs"]["votes"]["mostly"]) - n(&after["report_backs"]["votes"]["mostly"]), 1);

    // The workbook holds the same numbers, text as text.
    let response = app.get_as(&format!("/api/v1/year-end/{year}?station=XH-01&format=xlsx"), Some(&committee)).await;
    assert_eq!(response.status(), 200);
    let disposition = response.headers()["content-disposition"].to_str().unwrap().to_owned();
    assert_eq!(disposition, format!("attachment; filename=\"liaison-year-end-{year}-XH-01.xlsx\""));
    let mut book: Xlsx<_> = Xlsx::new(Cursor::new(response.bytes().await.unwrap().to_vec())).unwrap();
    assert_eq!(book.sheet_names(), ["总览 summary", "联络站 stations", "代表积分 points", "年度计划 plan"]);
    let summary = book.worksheet_range("总览 summary").unwrap();
    let value = |section: &str, item: &str| {
        summary
            .rows()
            .find(|r| r[0] == Data::String(section.into()) && r[1] == Data::String(item.into()))
            .map(|r| r[2].clone())
            .unwrap_or_else(|| panic!("{section} / {item}"))
    };
    assert_eq!(value("履职活动 activities", "已开展 held"), Data::Float(n(&held["activities"]["held"]) as f64));
    assert_eq!(
        value("审议意见 review opinions", "已销号 items closed"),
        Data::Float(n(&held["opinions"]["items_closed"]) as f64)
    );
    assert_eq!(value("群众意见 reports", "收到 received"), Data::Float(n(&held["reports"]["received"]) as f64));
    assert_eq!(
        value("代表接待日 reception days", "缺席人次 absences"),
        Data::Float(n(&held["reception"]["absences"]) as f64)
    );
    let points = book.worksheet_range("代表积分 points").unwrap();
    let d003 = points.rows().find(|r| r[0] == Data::String("D-003".into())).unwrap();
    let line = held["points"].as_array().unwrap().iter().find(|p| p["deputy"] == "D-003").unwrap();
    assert_eq!(d003[3], Data::Float(n(&line["total"]) as f64));

    // Every station's year is the committee's; staff read their own station's only.
    let all = year_end(&app, &committee, "").await;
    assert!(all["station"].is_null());
    let by_station = all["reports_by_station"].as_array().unwrap();
    assert!(by_station.iter().any(|s| s["station"] == "XH-01" && s["figures"] == held["reports"]), "{by_station:?}");
    let nh_staff = token(&app, "nh-staff").await;
    assert_problem(
        app.get_as(&format!("/api/v1/year-end/{year}?station=XH-01"), Some(&nh_staff)).await,
        403,
        "forbidden",
    )
    .await;
    assert_problem(app.get_as(&format!("/api/v1/year-end/{year}"), Some(&nh_staff)).await, 403, "forbidden").await;
    assert_problem(app.get_as(&format!("/api/v1/year-end/{}", year + 1), Some(&committee)).await, 400, "invalid_query")
        .await;
    assert_problem(
        app.get_as(&format!("/api/v1/year-end/{year}?station=NOPE"), Some(&committee)).await,
        404,
        "station_not_found",
    )
    .await;
}
