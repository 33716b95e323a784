//! Reception days (代表接待日) and QR entry points: who is on duty now, today and next; staff scheduling
//! and cancelling slots; the codes that open a pre-filled report form.

use chrono::{Duration, FixedOffset, Timelike, Utc};
use reqwest::Method;
use serde_json::{Value, json};

use crate::helpers::spawn_app;
use liaison::domain::access::Role;

fn china_now() -> chrono::DateTime<FixedOffset> {
    Utc::now().with_timezone(&FixedOffset::east_opt(8 * 3600).unwrap())
}

#[tokio::test]
async fn the_demo_station_has_a_month_of_reception_days_and_a_next_one() {
    let app = spawn_app().await;
    let list: Value = app.get("/api/v1/stations/XH-01/reception-days").await.json().await.unwrap();
    assert_eq!(list["time_zone"], "Asia/Shanghai");
    let items = list["items"].as_array().unwrap();
    // Three a week for the coming 31 days.
    assert!((12..=15).contains(&items.len()), "{}", items.len());
    let today = china_now().date_naive().to_string();
    assert!(items.iter().all(|d| d["date"].as_str().unwrap() >= today.as_str()));
    assert!(items.iter().all(|d| d["deputies"].as_array().unwrap().len() == 2));
    let duty: Value = app.get("/api/v1/stations/XH-01/on-duty").await.json().await.unwrap();
    let next = &duty["next"];
    assert!(next["starts_at"].as_str().unwrap() > duty["at"].as_str().unwrap(), "{duty}");
    for slot in duty["today"].as_array().unwrap() {
        assert_eq!(slot["date"], today.as_str());
    }
    // Ranges are checked.
    assert_eq!(app.get("/api/v1/stations/XH-01/reception-days?days=0").await.status(), 400);
    assert_eq!(app.get("/api/v1/stations/XH-01/reception-days?from=soon").await.status(), 400);
    assert_eq!(app.get("/api/v1/stations/NOPE/on-duty").await.status(), 404);
    // Dates at the edge of what chrono holds are refused, not a crash.
    for query in ["from=-262143-01-01", "from=%2B262142-12-31", "from=1900-01-01"] {
        let response = app.get(&format!("/api/v1/stations/XH-01/reception-days?{query}")).await;
        assert_eq!(response.status(), 400, "{query}");
    }
}

#[tokio::test]
async fn staff_schedule_replace_and_cancel_reception_slots_of_their_station() {
    let app = spawn_app().await;
    let (_, staff) = app.signed_in(Role::Staff, "xh-staff", &["XH-01"]).await;
    let (_, nh_staff) = app.signed_in(Role::Staff, "nh-staff", &["NH-01"]).await;
    let (_, admin) = app.signed_in(Role::Admin, "admin", &[]).await;
    let now = china_now();
    // A slot running now: from the start of this minute, two minutes back, to the end of the day.
    let start = (now - Duration::minutes(2)).time().with_second(0).unwrap();
    let date = (now - Duration::minutes(2)).date_naive();
    let slot = json!({"date": date.to_string(), "start": start.format("%H:%M").to_string(), "end": "23:59",
                      "deputies": ["D-007", "D-008"], "note": {"zh": "临时加开", "en": "Extra session"}});
    let created = app.post_json("/api/v1/stations/XH-01/reception-days", Some(&staff), &slot).await;
    assert_eq!(created.status(), 201, "{}", created.text().await.unwrap());
    let created: Value = created.json().await.unwrap();
    let id = created["id"].as_str().unwrap().to_owned();
    assert_eq!(created["note"]["zh"], "临时加开");
    if date == now.date_naive() && now.time() < chrono::NaiveTime::from_hms_opt(23, 58, 0).unwrap() {
        let duty: Value = app.get("/api/v1/stations/XH-01/on-duty").await.json().await.unwrap();
        let running: Vec<&str> = duty["now"].as_array().unwrap().iter().map(|s| s["id"].as_str().unwrap()).collect();
        assert!(running.contains(&id.as_str()), "{duty}");
        assert!(duty["today"].as_array().unwrap().iter().any(|s| s["id"] == id.as_str()));
    }
    // The same start again replaces the slot.
    let mut replaced = slot.clone();
    replaced["deputies"] = json!(["D-007"]);
    let again = app.post_json("/api/v1/stations/XH-01/reception-days", Some(&staff), &replaced).await;
    assert_eq!(again.status(), 200);
    let again: Value = again.json().await.unwrap();
    assert_eq!(again["id"], id.as_str());
    assert_eq!(again["deputies"].as_array().unwrap().len(), 1);

    // Other stations' staff may not touch it; bad slots are refused with reasons.
    let response = app.post_json("/api/v1/stations/XH-01/reception-days", Some(&nh_staff), &slot).await;
    assert_eq!(response.status(), 403);
    assert_eq!(
        app.send_as(Method::DELETE, &format!("/api/v1/reception-days/{id}"), &nh_staff, None).await.status(),
        403
    );
    let bad_time = json!({"date": "2027-01-05", "start": "25:00", "end": "nine", "deputies": ["D-001"]});
    let response = app.post_json("/api/v1/stations/XH-01/reception-days", Some(&staff), &bad_time).await;
    assert_eq!(response.status(), 422);
    let problem: Value = response.json().await.unwrap();
    assert_eq!(problem["code"], "validation_failed");
    assert_eq!(problem["errors"].as_array().unwrap().len(), 2);
    let ancient = json!({"date": "1900-01-05", "start": "09:00", "end": "11:00", "deputies": ["D-001"]});
    let response = app.post_json("/api/v1/stations/XH-01/reception-days", Some(&staff), &ancient).await;
    assert_eq!(response.status(), 422);
    let backwards = json!({"date": "2027-01-05", "start": "11:00", "end": "09:00", "deputies": ["D-404"]});
    let response = app.post_json("/api/v1/stations/XH-01/reception-days", Some(&staff), &backwards).await;
    assert_eq!(response.status(), 422);
    let problem: Value = response.json().await.unwrap();
    assert_eq!(problem["code"], "invalid_directory");
    let text = problem["detail"].as_str().unwrap();
    assert!(text.contains("ends at 09:00 before it starts") && text.contains("unknown deputy `D-404`"), "{text}");

    // Cancelling removes it and is audited; a second cancel finds nothing.
    let gone = app.send_as(Method::DELETE, &format!("/api/v1/reception-days/{id}"), &staff, None).await;
    assert_eq!(gone.status(), 204);
    let list: Value =
        app.get(&format!("/api/v1/stations/XH-01/reception-days?from={date}&days=1")).await.json().await.unwrap();
    assert!(!list["items"].as_array().unwrap().iter().any(|s| s["id"] == id.as_str()));
    let again = app.send_as(Method::DELETE, &format!("/api/v1/reception-days/{id}"), &staff, None).await;
    assert_eq!(again.status(), 404);
    assert_eq!(again.json::<Value>().await.unwrap()["code"], "reception_day_not_found");
    let audit: Value = app.get_as("/api/v1/audit?limit=5", Some(&admin)).await.json().await.unwrap();
    let actions: Vec<&str> = audit["items"].as_array().unwrap().iter().map(|e| e["action"].as_str().unwrap()).collect();
    assert_eq!(
        &actions[..3],
        ["directory.reception_day.delete", "directory.reception_day.update", "directory.reception_day.create"]
    );
}

#[tokio::test]
async fn station_and_deputy_qr_codes_open_their_pages_of_the_phone_app() {
    let app = spawn_app().await;
    let no_redirects = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
    let station: Value = app.get("/api/v1/stations/XH-01").await.json().await.unwrap();
    assert_eq!(station["report_prefill"]["station"], "XH-01");
    assert_eq!(station["station"]["name"]["zh"], "新华街道人大代表联络站");
    let url = station["entry"]["url"].as_str().unwrap();
    assert!(url.ends_with("/q/s/XH-01"), "{url}");
    let landing = no_redirects.get(app.url("/q/s/XH-01")).send().await.unwrap();
    assert_eq!(landing.status(), 302);
    assert_eq!(landing.headers()["location"], "/m/#/station/XH-01");

    let deputy: Value = app.get("/api/v1/deputies/D-003").await.json().await.unwrap();
    assert!(deputy["entry"]["url"].as_str().unwrap().ends_with("/q/d/D-003"));
    let landing = no_redirects.get(app.url("/q/d/D-003")).send().await.unwrap();
    assert_eq!(landing.status(), 302);
    assert_eq!(landing.headers()["location"], "/m/#/deputy/D-003");

    for path in [station["entry"]["qr_svg"].as_str().unwrap(), deputy["entry"]["qr_svg"].as_str().unwrap()] {
        let qr = app.get(path).await;
        assert_eq!(qr.status(), 200);
        assert_eq!(qr.headers()["content-type"], "image/svg+xml");
        let svg = qr.text().await.unwrap();
        assert!(svg.contains("<svg") && svg.contains("<path"), "{svg}");
    }
    // Unknown codes are clear 404s, not redirects to an empty form.
    assert_eq!(no_redirects.get(app.url("/q/s/NOPE")).send().await.unwrap().status(), 404);
    assert_eq!(no_redirects.get(app.url("/q/d/D-999")).send().await.unwrap().status(), 404);
    assert_eq!(app.get("/api/v1/stations/NOPE/qr.svg").await.status(), 404);
    // A report filed with the pre-filled fields goes to that deputy.
    let (_, admin) = app.signed_in(Role::Admin, "admin", &[]).await;
    let report = json!({"category": "environment", "description": "代表码来的反映", "station": "XH-01",
                        "deputy": "D-003", "channel": "kiosk"});
    let created: Value = app.post_report(&report).await.json().await.unwrap();
    let detail: Value = app
        .get_as(&format!("/api/v1/reports/{}", created["id"].as_str().unwrap()), Some(&admin))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(detail["routing"]["deputy"]["code"], "D-003");
}
