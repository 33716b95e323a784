//! The kiosks' and phones' hottest reads come from memory with an `ETag`: `304` when nothing changed; a
//! change made here is read at once, one made by another process (the command line, another instance) within
//! a second or so; who is on duty moves on with the time alone; a booking shows in the places taken.

use std::time::{Duration, Instant};

use reqwest::Method;
use serde_json::{Value, json};

use crate::helpers::{TestApp, cli, spawn_app};
use liaison::domain::access::Role;
use liaison::domain::clock::Clock;

/// Imports one deputy (a CSV line) from another process, as `liaison import --deputies` does it.
fn import_deputy(app: &TestApp, line: &str) {
    let csv = app.settings.data_dir.join("deputies.csv");
    let header = "code,name_zh,name_en,level,constituency,status,stations,areas,specialties,profile_zh,profile_en";
    std::fs::write(&csv, format!("{header}\n{line}\n")).unwrap();
    let output = cli(&app.settings).args(["import", "--deputies"]).arg(&csv).output().unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
}

async fn tagged(app: &TestApp, path: &str, etag: Option<&str>) -> (u16, Option<String>, String) {
    let mut request = app.client.get(app.url(path));
    if let Some(etag) = etag {
        request = request.header("If-None-Match", etag);
    }
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    if status == 200 || status == 304 {
        assert_eq!(response.headers()["cache-control"], "no-cache", "{path}");
    }
    let etag = response.headers().get("etag").map(|v| v.to_str().unwrap().to_owned());
    (status, etag, response.text().await.unwrap())
}

#[tokio::test]
async fn hot_reads_answer_304_while_nothing_changed_and_the_new_answer_at_once_after_a_change() {
    let app = spawn_app().await;
    let (_, admin) = app.signed_in(Role::Admin, "admin", &[]).await;
    for path in [
        "/api/v1/categories",
        "/api/v1/stations",
        "/api/v1/stations/XH-01",
        "/api/v1/stations/XH-01/places",
        "/api/v1/stations/XH-01/places?boundaries=true",
        "/api/v1/stations/XH-01/deputies",
        "/api/v1/deputies/D-001",
        "/api/v1/stations/XH-01/on-duty",
        "/api/v1/stations/XH-01/reception-days",
    ] {
        let (status, etag, body) = tagged(&app, path, None).await;
        assert_eq!(status, 200, "{path}: {body}");
        let etag = etag.unwrap_or_else(|| panic!("{path}: no ETag"));
        let (again, same, empty) = tagged(&app, path, Some(&etag)).await;
        assert_eq!((again, same.as_deref(), empty.as_str()), (304, Some(etag.as_str()), ""), "{path}");
        let (weak, ..) = tagged(&app, path, Some(&format!("\"other\", W/{etag}"))).await;
        assert_eq!(weak, 304, "{path}: a weak match in a list");
    }
    // Unknown things are not kept, and answer as before.
    assert_eq!(tagged(&app, "/api/v1/stations/NOPE/on-duty", None).await.0, 404);

    // An administrator renames a category: the next read has it, under another tag.
    let (_, etag, body) = tagged(&app, "/api/v1/categories", None).await;
    let categories: Value = serde_json::from_str(&body).unwrap();
    let env = categories["items"].as_array().unwrap().iter().find(|c| c["code"] == "environment").unwrap().clone();
    let renamed = json!({"name": {"zh": "生态环境", "en": "Ecology"}, "description": env["description"],
                         "reply_deadline_working_days": env["reply_deadline_working_days"]});
    let put = app.send_as(Method::PUT, "/api/v1/categories/environment", &admin, Some(&renamed)).await;
    assert_eq!(put.status(), 200, "{}", put.text().await.unwrap());
    let (status, new_etag, body) = tagged(&app, "/api/v1/categories", etag.as_deref()).await;
    assert_eq!(status, 200);
    assert_ne!(new_etag, etag);
    assert!(body.contains("生态环境"));

    // A resident books a place: the station's listing counts it at once.
    let listed: Value = app.get("/api/v1/stations/XH-01/reception-days").await.json().await.unwrap();
    let now = app.clock.now();
    let slot = listed["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["bookable"] == true && s["starts_at"].as_str().unwrap() > now.to_rfc3339().as_str())
        .unwrap()
        .clone();
    let citizen = app.citizen_by_phone("13900000166").await["access_token"].as_str().unwrap().to_owned();
    let booked = app
        .post_json(
            &format!("/api/v1/reception-days/{}/bookings", slot["id"].as_str().unwrap()),
            Some(&citizen),
            &json!({"topic": "加装电梯"}),
        )
        .await;
    assert_eq!(booked.status(), 201, "{}", booked.text().await.unwrap());
    let listed: Value = app.get("/api/v1/stations/XH-01/reception-days").await.json().await.unwrap();
    let after = listed["items"].as_array().unwrap().iter().find(|s| s["id"] == slot["id"]).unwrap();
    assert_eq!(after["booked"].as_i64(), Some(slot["booked"].as_i64().unwrap() + 1));
}

#[tokio::test]
async fn who_is_on_duty_moves_on_with_the_time_alone() {
    let app = spawn_app().await;
    let (_, first_tag, first) = tagged(&app, "/api/v1/stations/XH-01/on-duty", None).await;
    let first: Value = serde_json::from_str(&first).unwrap();
    assert!(first["at"].as_str().unwrap() <= app.clock.now().to_rfc3339().as_str());
    // A minute after the next slot starts: another answer, which holds from that start.
    let starts = first["next"]["starts_at"].as_str().unwrap();
    let starts_at = chrono::DateTime::parse_from_rfc3339(starts).unwrap().to_utc();
    app.clock.advance(starts_at + chrono::Duration::minutes(1) - app.clock.now());
    let (status, tag, body) = tagged(&app, "/api/v1/stations/XH-01/on-duty", first_tag.as_deref()).await;
    assert_eq!(status, 200);
    assert_ne!(tag, first_tag);
    let running: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(running["now"][0]["id"], first["next"]["id"], "{running}");
    let since = chrono::DateTime::parse_from_rfc3339(running["at"].as_str().unwrap()).unwrap().to_utc();
    assert_eq!(since, starts_at, "it holds from the slot's start");
    // Nothing changes within the slot: the same answer, as a 304.
    app.clock.advance(chrono::Duration::minutes(1));
    assert_eq!(tagged(&app, "/api/v1/stations/XH-01/on-duty", tag.as_deref()).await.0, 304);
    // A week on: the next slot is a later one.
    app.clock.advance(chrono::Duration::days(7));
    let (status, _, body) = tagged(&app, "/api/v1/stations/XH-01/on-duty", tag.as_deref()).await;
    assert_eq!(status, 200);
    let later: Value = serde_json::from_str(&body).unwrap();
    assert_ne!(later["next"]["id"], first["next"]["id"]);
}

#[tokio::test]
async fn a_change_made_by_another_process_is_read_within_a_second_or_so() {
    let app = spawn_app().await;
    let (_, _, before) = tagged(&app, "/api/v1/deputies/D-002", None).await;
    assert!(!before.contains("新名字"));
    import_deputy(&app, "D-002,新名字,New Name,district,新华街道选区,active,XH-01,,,,");
    let started = Instant::now();
    loop {
        let (_, _, body) = tagged(&app, "/api/v1/deputies/D-002", None).await;
        if body.contains("新名字") {
            break;
        }
        // No pause of a fixed length: each read is the next look, until the change arrives or the time is up.
        assert!(started.elapsed() < Duration::from_secs(20), "the change did not arrive: {body}");
        tokio::task::yield_now().await;
    }
    // The instance watches every half second; a busy machine may take longer, but never a minute's cache.
    assert!(started.elapsed() < Duration::from_secs(20), "{:?}", started.elapsed());
}

/// A new report's category, station, deputy and places come from the directory held in memory; a code that
/// copy does not hold yet (added by another process a moment ago) is still looked up in storage, so the
/// report is taken, not refused as naming an unknown deputy.
#[tokio::test]
async fn a_report_may_name_a_deputy_another_process_added_a_moment_ago() {
    let app = spawn_app().await;
    // The instance holds the directory: a report has been routed with it.
    assert_eq!(app.post_report(&crate::helpers::kiosk_report()).await.status(), 201);
    import_deputy(&app, "D-090,新代表,New Deputy,district,新华街道选区,active,XH-01,,,,");
    let mut report = crate::helpers::kiosk_report();
    report["deputy"] = json!("D-090");
    let response = app.post_report(&report).await;
    assert_eq!(response.status(), 201, "{}", response.text().await.unwrap());
    let filed: Value = response.json().await.unwrap();
    let id = uuid::Uuid::parse_str(filed["id"].as_str().unwrap()).unwrap();
    let deputy = app.storage.find_deputy("D-090").await.unwrap().unwrap();
    let stored = app.storage.find_report(id).await.unwrap().unwrap();
    assert_eq!(stored.assigned_deputy_id, Some(deputy.id));
    // A code nobody has is still refused with its field.
    report["deputy"] = json!("D-404");
    let problem = crate::helpers::assert_problem(app.post_report(&report).await, 422, "unknown_deputy").await;
    assert_eq!(problem["errors"][0]["field"], "deputy");
}
