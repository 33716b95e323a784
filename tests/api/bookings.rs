//! Booking a reception (预约接待): places up to the slot's capacity, one per resident, cancelling frees a place,
//! the station sees who is coming, and two residents racing for the last place: one gets it.

use serde_json::{Value, json};

use crate::helpers::{TEST_PASSWORD, TestApp, assert_problem, spawn_app};
use liaison::domain::access::Role;
use liaison::domain::clock::Clock;

/// A slot at XH-01 in two days, with `capacity` places; its id.
async fn slot(app: &TestApp, staff: &str, capacity: i32) -> String {
    let date =
        (app.clock.now() + chrono::Duration::days(2)).with_timezone(&liaison::domain::schedule::china()).date_naive();
    let response = app
        .post_json(
            "/api/v1/stations/XH-01/reception-days",
            Some(staff),
            &json!({"date": date.to_string(), "start": "19:00", "end": "20:30", "deputies": ["D-003"], "capacity": capacity}),
        )
        .await;
    assert_eq!(response.status(), 201, "{}", response.text().await.unwrap());
    let created: Value = response.json().await.unwrap();
    assert_eq!(
        (created["capacity"].as_i64(), created["booked"].as_i64(), created["bookable"].as_bool()),
        (Some(capacity as i64), Some(0), Some(true))
    );
    created["id"].as_str().unwrap().to_owned()
}

async fn citizen(app: &TestApp, phone: &str) -> String {
    app.citizen_by_phone(phone).await["access_token"].as_str().unwrap().to_owned()
}

async fn book(app: &TestApp, token: &str, slot: &str, topic: &str) -> reqwest::Response {
    app.post_json(&format!("/api/v1/reception-days/{slot}/bookings"), Some(token), &json!({"topic": topic})).await
}

#[tokio::test]
async fn residents_book_places_up_to_the_capacity_once_each_and_cancel_to_free_one() {
    let app = spawn_app().await;
    let (_, staff) = app.signed_in(Role::Staff, "xh-staff", &["XH-01"]).await;
    let id = slot(&app, &staff, 2).await;
    let (a, b, c) =
        (citizen(&app, "13900000031").await, citizen(&app, "13900000032").await, citizen(&app, "13900000033").await);

    let booked = book(&app, &a, &id, "  加装电梯  ").await;
    assert_eq!(booked.status(), 201);
    let booked: Value = booked.json().await.unwrap();
    assert_eq!(
        (booked["topic"].as_str(), booked["status"].as_str(), booked["cancellable"].as_bool()),
        (Some("加装电梯"), Some("booked"), Some(true))
    );
    assert_problem(book(&app, &a, &id, "again").await, 409, "already_booked").await;
    assert_eq!(book(&app, &b, &id, "停车难").await.status(), 201);
    assert_problem(book(&app, &c, &id, "噪音").await, 409, "reception_full").await;

    // The station sees the topics (never who by phone); staff elsewhere and residents do not.
    let seen: Value =
        app.get_as(&format!("/api/v1/reception-days/{id}/bookings"), Some(&staff)).await.json().await.unwrap();
    let topics: Vec<&str> = seen["items"].as_array().unwrap().iter().map(|b| b["topic"].as_str().unwrap()).collect();
    assert_eq!(topics, ["加装电梯", "停车难"]);
    assert_eq!(
        (seen["reception_day"]["booked"].as_i64(), seen["reception_day"]["bookable"].as_bool()),
        (Some(2), Some(false))
    );
    let deputy = app.deputy_signed_in("D-003").await;
    assert_eq!(app.get_as(&format!("/api/v1/reception-days/{id}/bookings"), Some(&deputy)).await.status(), 200);
    let (_, nh) = app.signed_in(Role::Staff, "nh-staff", &["NH-01"]).await;
    assert_problem(
        app.get_as(&format!("/api/v1/reception-days/{id}/bookings"), Some(&nh)).await,
        404,
        "reception_day_not_found",
    )
    .await;
    assert_problem(
        app.get_as(&format!("/api/v1/reception-days/{id}/bookings"), Some(&a)).await,
        404,
        "reception_day_not_found",
    )
    .await;

    // Cancelling frees the place; someone else takes it; the first may book again if one frees up.
    let mine: Value = app.get_as("/api/v1/me/bookings", Some(&a)).await.json().await.unwrap();
    let booking = mine["items"][0]["id"].as_str().unwrap().to_owned();
    let cancel = app.send_as(reqwest::Method::DELETE, &format!("/api/v1/me/bookings/{booking}"), &a, None).await;
    assert_eq!(cancel.status(), 204);
    let again = app.send_as(reqwest::Method::DELETE, &format!("/api/v1/me/bookings/{booking}"), &a, None).await;
    assert_problem(again, 404, "booking_not_found").await;
    let theirs = app.send_as(reqwest::Method::DELETE, &format!("/api/v1/me/bookings/{booking}"), &b, None).await;
    assert_problem(theirs, 404, "booking_not_found").await;
    assert_eq!(book(&app, &c, &id, "噪音").await.status(), 201);
    let mine: Value = app.get_as("/api/v1/me/bookings", Some(&a)).await.json().await.unwrap();
    assert_eq!(mine["items"][0]["status"], "cancelled");

    // Bad topics, only residents, and nothing once the slot has begun.
    assert_problem(book(&app, &a, &id, " ").await, 422, "validation_failed").await;
    assert_problem(book(&app, &staff, &id, "x").await, 403, "forbidden").await;
    assert_problem(book(&app, &a, &uuid::Uuid::nil().to_string(), "x").await, 404, "reception_day_not_found").await;
    app.clock.advance(chrono::Duration::days(3));
    let (a, b) = (citizen(&app, "13900000031").await, citizen(&app, "13900000032").await);
    assert_problem(book(&app, &a, &id, "来晚了").await, 409, "reception_closed").await;
    let late = app.get_as("/api/v1/me/bookings", Some(&b)).await.json::<Value>().await.unwrap();
    assert_eq!(late["items"][0]["cancellable"], false);
}

#[tokio::test]
async fn two_residents_racing_for_the_last_place_one_gets_it() {
    let app = spawn_app().await;
    app.signed_in(Role::Staff, "xh-staff", &["XH-01"]).await;
    for round in 0..5 {
        // A new day each round (the slot moves with it): sign in again.
        let staff = app.login("xh-staff", TEST_PASSWORD).await["access_token"].as_str().unwrap().to_owned();
        let id = slot(&app, &staff, 1).await;
        let tokens: Vec<String> = {
            let mut out = Vec::new();
            for i in 0..6 {
                out.push(citizen(&app, &format!("1390000{round}{i:03}")).await);
            }
            out
        };
        let answers = futures_util::future::join_all(tokens.iter().map(|t| book(&app, t, &id, "最后一个名额"))).await;
        let statuses: Vec<u16> = answers.iter().map(|r| r.status().as_u16()).collect();
        assert_eq!(statuses.iter().filter(|s| **s == 201).count(), 1, "round {round}: {statuses:?}");
        assert!(statuses.iter().all(|s| *s == 201 || *s == 409), "round {round}: {statuses:?}");
        let seen: Value =
            app.get_as(&format!("/api/v1/reception-days/{id}/bookings"), Some(&staff)).await.json().await.unwrap();
        assert_eq!(seen["items"].as_array().unwrap().len(), 1);
        assert_eq!(seen["reception_day"]["booked"], 1);
        // The slot moves to the next day for the next round.
        app.clock.advance(chrono::Duration::days(1));
    }
}

/// Every text message written so far, one per line (the SMS sender of the tests writes them to a file).
fn texts(app: &TestApp) -> String {
    std::fs::read_to_string(app.settings.data_dir.join("sms-outbox.jsonl")).unwrap_or_default()
}

#[tokio::test]
async fn residents_are_reminded_the_day_before_and_told_when_the_station_cancels() {
    let app = spawn_app().await;
    let (_, staff) = app.signed_in(Role::Staff, "xh-staff", &["XH-01"]).await;
    app.signed_in(Role::Staff, "nh-staff", &["NH-01"]).await;
    let id = slot(&app, &staff, 5).await;
    let (a, b, c) =
        (citizen(&app, "13900000041").await, citizen(&app, "13900000042").await, citizen(&app, "13900000043").await);
    for (token, topic) in [(&a, "加装电梯"), (&b, "停车难"), (&c, "噪音扰民")] {
        assert_eq!(book(&app, token, &id, topic).await.status(), 201);
    }
    // C changes their mind: no reminder for a cancelled booking.
    let mine: Value = app.get_as("/api/v1/me/bookings", Some(&c)).await.json().await.unwrap();
    let c_booking = mine["items"][0]["id"].as_str().unwrap().to_owned();
    let cancelled = app.send_as(reqwest::Method::DELETE, &format!("/api/v1/me/bookings/{c_booking}"), &c, None).await;
    assert_eq!(cancelled.status(), 204);

    let job = crate::supervision::supervisor(app.storage.clone(), &app, "solo");
    let relay = crate::notifications::relay(&app);
    assert_eq!(job.run_once(app.clock.now()).await.unwrap().bookings_reminded, 0, "two days ahead: too early");

    // The slot is at 19:00 two days on; 23 hours before it the reminders go out, once.
    let starts: Value = app.get_as("/api/v1/me/bookings", Some(&a)).await.json().await.unwrap();
    let starts_at = chrono::DateTime::parse_from_rfc3339(starts["items"][0]["starts_at"].as_str().unwrap()).unwrap();
    app.clock.advance(starts_at.to_utc() - chrono::Duration::hours(23) - app.clock.now());
    assert_eq!(job.run_once(app.clock.now()).await.unwrap().bookings_reminded, 2);
    let again = crate::supervision::supervisor(app.storage.clone(), &app, "solo");
    assert_eq!(again.run_once(app.clock.now() + chrono::Duration::minutes(5)).await.unwrap().bookings_reminded, 0);
    assert_eq!(relay.run_once(app.clock.now()).await.unwrap().delivered, 2);
    let sent = texts(&app);
    // (The file also holds the sign-in codes.)
    let reminders: Vec<&str> = sent.lines().filter(|l| l.contains("代表接待将于")).collect();
    let reminder = reminders.iter().find(|l| l.contains("13900000041")).expect("A is reminded by text");
    assert!(reminder.contains("19:00") && reminder.contains("加装电梯"), "{reminder}");
    assert!(reminder.contains(&format!("{}/m/#/mine", app.settings.public_url)), "{reminder}");
    assert!(reminders.iter().any(|l| l.contains("13900000042")));
    assert!(!reminders.iter().any(|l| l.contains("13900000043")), "C cancelled");

    // Staff of the station see the notices (and may send one again); staff elsewhere do not.
    let listed = |token: String| {
        let app = &app;
        async move {
            let list: Value = app.get_as("/api/v1/notifications?limit=200", Some(&token)).await.json().await.unwrap();
            list["items"].as_array().unwrap().iter().filter(|n| n["audience"] == "resident").count()
        }
    };
    // (The clock moved past the first tokens' life: sign in again.)
    let fresh = |name: &'static str| {
        let app = &app;
        async move { app.login(name, TEST_PASSWORD).await["access_token"].as_str().unwrap().to_owned() }
    };
    let (staff, nh_staff) = (fresh("xh-staff").await, fresh("nh-staff").await);
    assert_eq!(listed(staff.clone()).await, 2);
    assert_eq!(listed(nh_staff.clone()).await, 0);

    // The station cancels the slot: the residents still booked are told, the reminded ones too.
    let gone = app.send_as(reqwest::Method::DELETE, &format!("/api/v1/reception-days/{id}"), &staff, None).await;
    assert_eq!(gone.status(), 204);
    assert_eq!(relay.run_once(app.clock.now()).await.unwrap().delivered, 2);
    let sent = texts(&app);
    let told: Vec<&str> = sent.lines().filter(|l| l.contains("已取消")).collect();
    assert_eq!(told.len(), 2, "{sent}");
    assert!(told.iter().any(|l| l.contains("13900000041")) && told.iter().any(|l| l.contains("13900000042")));
    assert_eq!(listed(staff.clone()).await, 4);
}
