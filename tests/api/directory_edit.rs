//! Editing the directory through the API: who may change what, every change checked with the whole
//! directory and audited, and routing using it at once.

use reqwest::Method;
use serde_json::{Value, json};

use crate::helpers::{TestApp, spawn_app};
use liaison::domain::access::Role;

fn deputy_body(stations: &[&str], areas: &[&str], buildings: &[&str], specialties: &[&str]) -> Value {
    json!({"name": {"zh": "钱进", "en": "Qian Jin"}, "level": "district", "constituency": "和平区新华街道选区",
           "stations": stations, "areas": areas, "buildings": buildings, "specialties": specialties,
           "profile": {"zh": "区人大代表", "en": "District deputy"}, "channels": ["wecom_app", "sms"]})
}

async fn routed_deputy(app: &TestApp, admin: &str, report: &Value) -> Value {
    let created = app.post_report(report).await;
    assert_eq!(created.status(), 201, "{}", created.text().await.unwrap());
    let id = created.json::<Value>().await.unwrap()["id"].as_str().unwrap().to_owned();
    let detail: Value = app.get_as(&format!("/api/v1/reports/{id}"), Some(admin)).await.json().await.unwrap();
    detail["routing"].clone()
}

#[tokio::test]
async fn staff_add_a_deputy_to_their_station_and_routing_uses_the_new_grid_and_building_at_once() {
    let app = spawn_app().await;
    let (_, admin) = app.signed_in(Role::Admin, "admin", &[]).await;
    let (staff_id, staff) = app.signed_in(Role::Staff, "xh-staff", &["XH-01"]).await;

    // The administrator draws a new grid and puts a building in it.
    let ring = json!([[117.30, 39.20], [117.304, 39.20], [117.304, 39.204], [117.30, 39.204], [117.30, 39.20]]);
    let grid = json!({"kind": "grid", "name": {"zh": "新网格", "en": "New grid"}, "parent": "HP-XH-HX",
                      "boundary": {"type": "Polygon", "coordinates": [ring]}});
    let put = app.send_as(Method::PUT, "/api/v1/areas/HP-XH-HX-G9", &admin, Some(&grid)).await;
    assert_eq!(put.status(), 201, "{}", put.text().await.unwrap());
    let building = json!({"name": "新楼1号楼", "address": "和平区新路1号", "grid": "HP-XH-HX-G9"});
    let put = app.send_as(Method::PUT, "/api/v1/buildings/HP-XH-HX-G9-B1", &admin, Some(&building)).await;
    assert_eq!(put.status(), 201, "{}", put.text().await.unwrap());
    // The station covers the street, so the new grid and building are among its places.
    let places: Value = app.get("/api/v1/stations/XH-01/places").await.json().await.unwrap();
    let grid_place = places["items"].as_array().unwrap().iter().find(|p| p["code"] == "HP-XH-HX-G9").unwrap();
    assert_eq!(grid_place["parent"], "HP-XH-HX");
    assert_eq!(grid_place["buildings"][0]["code"], "HP-XH-HX-G9-B1");

    // Staff of XH-01 add a deputy who is the contact for the new grid.
    let body = deputy_body(&["XH-01"], &["HP-XH-HX-G9"], &[], &["environment"]);
    let put = app.send_as(Method::PUT, "/api/v1/deputies/D-100", &staff, Some(&body)).await;
    assert_eq!(put.status(), 201, "{}", put.text().await.unwrap());
    let record: Value = put.json().await.unwrap();
    assert_eq!((record["code"].as_str(), record["status"].as_str()), (Some("D-100"), Some("active")));
    let directory: Value = app.get_as("/api/v1/directory", Some(&staff)).await.json().await.unwrap();
    let stored = directory["deputies"].as_array().unwrap().iter().find(|d| d["code"] == "D-100").unwrap().clone();
    assert_eq!(stored["channels"], json!(["wecom_app", "sms"]));
    // Channels are for notifying the deputy, never shown on public pages.
    let public: Value = app.get("/api/v1/deputies/D-100").await.json().await.unwrap();
    assert!(public["deputy"].get("channels").is_none(), "{public}");
    let page: Value = app.get("/api/v1/deputies/D-100").await.json().await.unwrap();
    assert_eq!(page["deputy"]["areas"][0]["code"], "HP-XH-HX-G9");

    // A report at a point in the new grid goes to the new deputy straight away (no minute's wait).
    let report = json!({"category": "environment", "description": "新网格里的垃圾", "station": "XH-01",
                        "channel": "kiosk", "location": {"lat": 39.202, "lng": 117.302}});
    let routing = routed_deputy(&app, &admin, &report).await;
    assert_eq!(routing["deputy"]["code"], "D-100", "{routing}");
    // So does one that names only the building, or only the grid.
    let report = json!({"category": "environment", "description": "新楼的问题", "station": "XH-01",
                        "channel": "kiosk", "building": "HP-XH-HX-G9-B1"});
    assert_eq!(routed_deputy(&app, &admin, &report).await["deputy"]["code"], "D-100");
    let report = json!({"category": "environment", "description": "新网格的问题", "station": "XH-01",
                        "channel": "kiosk", "area": "HP-XH-HX-G9"});
    assert_eq!(routed_deputy(&app, &admin, &report).await["deputy"]["code"], "D-100");

    // Every change is in the audit log with who made it and what changed.
    let audit: Value = app.get_as("/api/v1/audit?subject=deputy:D-100", Some(&admin)).await.json().await.unwrap();
    let entry = &audit["items"][0];
    assert_eq!(entry["action"], "directory.deputy.create");
    assert_eq!(entry["actor_kind"], "staff");
    assert_eq!(entry["actor_id"], staff_id.to_string());
    assert_eq!(entry["detail"]["before"], Value::Null);
    assert_eq!(entry["detail"]["after"]["areas"], json!(["HP-XH-HX-G9"]));
    let audit: Value = app.get_as("/api/v1/audit?subject=area:HP-XH-HX-G9", Some(&admin)).await.json().await.unwrap();
    assert_eq!(audit["items"][0]["action"], "directory.area.create");

    // Changing the deputy again is an update, audited with the entry before.
    let body = deputy_body(&["XH-01"], &["HP-XH-HX-G9"], &["HP-XH-HX-G9-B1"], &["environment", "health"]);
    let put = app.send_as(Method::PUT, "/api/v1/deputies/D-100", &staff, Some(&body)).await;
    assert_eq!(put.status(), 200);
    let audit: Value = app.get_as("/api/v1/audit?subject=deputy:D-100", Some(&admin)).await.json().await.unwrap();
    assert_eq!(audit["items"][0]["action"], "directory.deputy.update");
    assert_eq!(audit["items"][0]["detail"]["before"]["buildings"], json!([]));
    assert_eq!(audit["items"][0]["detail"]["after"]["buildings"], json!(["HP-XH-HX-G9-B1"]));

    // Retiring the deputy keeps the entry but takes them out of routing and public pages.
    let gone = app.send_as(Method::DELETE, "/api/v1/deputies/D-100", &staff, None).await;
    assert_eq!(gone.status(), 200);
    assert_eq!(gone.json::<Value>().await.unwrap()["status"], "left");
    assert_eq!(app.get("/api/v1/deputies/D-100").await.status(), 404);
    assert_eq!(app.get("/api/v1/deputies/D-100/qr.svg").await.status(), 404);
    let report = json!({"category": "environment", "description": "新网格里的垃圾", "station": "XH-01",
                        "channel": "kiosk", "location": {"lat": 39.202, "lng": 117.302}});
    assert_ne!(routed_deputy(&app, &admin, &report).await["deputy"]["code"], "D-100");
}

#[tokio::test]
async fn staff_edit_only_their_own_stations_deputies_and_only_admins_edit_places_and_categories() {
    let app = spawn_app().await;
    let (_, nh_staff) = app.signed_in(Role::Staff, "nh-staff", &["NH-01"]).await;
    let (_, deputy) = app.signed_in(Role::Deputy, "deputy", &[]).await;
    let d001 = deputy_body(&["XH-01"], &["HP-XH-HX-G1"], &[], &["elderly_care"]);
    // D-001 belongs to XH-01: not theirs.
    let put = app.send_as(Method::PUT, "/api/v1/deputies/D-001", &nh_staff, Some(&d001)).await;
    assert_eq!(put.status(), 403);
    // Nor may they pull D-001 over to their own station.
    let moved = deputy_body(&["NH-01"], &[], &[], &[]);
    assert_eq!(app.send_as(Method::PUT, "/api/v1/deputies/D-001", &nh_staff, Some(&moved)).await.status(), 403);
    assert_eq!(app.send_as(Method::DELETE, "/api/v1/deputies/D-001", &nh_staff, None).await.status(), 403);
    // Nor make their own deputy the contact for a grid another station covers.
    let (_, xh_staff) = app.signed_in(Role::Staff, "xh-staff", &["XH-01"]).await;
    let reaching = deputy_body(&["XH-01"], &["HP-XH-HX-G1", "HP-NH-HB-G1"], &[], &["elderly_care"]);
    assert_eq!(app.send_as(Method::PUT, "/api/v1/deputies/D-001", &xh_staff, Some(&reaching)).await.status(), 403);
    // Nor add a deputy with no station at all.
    let stationless = deputy_body(&[], &[], &[], &[]);
    assert_eq!(app.send_as(Method::PUT, "/api/v1/deputies/D-200", &nh_staff, Some(&stationless)).await.status(), 403);
    // Deputies and staff may not touch places or categories.
    let category = json!({"name": {"zh": "测试", "en": "Test"}, "description": {"zh": "", "en": ""},
                          "reply_deadline_working_days": 10});
    for token in [&nh_staff, &deputy] {
        assert_eq!(app.send_as(Method::PUT, "/api/v1/categories/test", token, Some(&category)).await.status(), 403);
        let station = json!({"name": {"zh": "站", "en": "S"}, "address": "路", "opening_hours": {"zh": "", "en": ""}});
        assert_eq!(app.send_as(Method::PUT, "/api/v1/stations/NH-01", token, Some(&station)).await.status(), 403);
    }
    assert_eq!(app.send_as(Method::PUT, "/api/v1/deputies/D-009", &deputy, Some(&d001)).await.status(), 403);
    assert_eq!(app.get_as("/api/v1/directory", Some(&deputy)).await.status(), 403);
    assert_eq!(app.get("/api/v1/directory").await.status(), 401);
    // Nothing of that reached the directory.
    let directory: Value = app.get_as("/api/v1/directory", Some(&nh_staff)).await.json().await.unwrap();
    let d001 = directory["deputies"].as_array().unwrap().iter().find(|d| d["code"] == "D-001").unwrap().clone();
    assert_eq!(d001["stations"], json!(["XH-01"]));
    assert!(!directory["deputies"].as_array().unwrap().iter().any(|d| d["code"] == "D-200"));
}

#[tokio::test]
async fn an_inconsistent_change_names_every_problem_and_writes_nothing() {
    let app = spawn_app().await;
    let (_, admin) = app.signed_in(Role::Admin, "admin", &[]).await;
    let before = app.storage.export_reference_data().await.unwrap();
    let body = json!({"name": {"zh": "钱进", "en": "Qian Jin"}, "level": "galactic", "stations": ["XH-01"],
                      "areas": ["NOWHERE"], "buildings": ["NO-BUILDING"], "specialties": ["astrology"]});
    // An unknown channel is refused by field.
    let mut pigeon = body.clone();
    pigeon["channels"] = json!(["carrier_pigeon"]);
    let put = app.send_as(Method::PUT, "/api/v1/deputies/D-100", &admin, Some(&pigeon)).await;
    assert_eq!(put.status(), 422);
    assert_eq!(put.json::<Value>().await.unwrap()["errors"][0]["field"], "channels[0]");
    let put = app.send_as(Method::PUT, "/api/v1/deputies/D-100", &admin, Some(&body)).await;
    assert_eq!(put.status(), 422);
    let problem: Value = put.json().await.unwrap();
    assert_eq!(problem["code"], "invalid_directory");
    let messages: Vec<&str> =
        problem["errors"].as_array().unwrap().iter().map(|e| e["message"].as_str().unwrap()).collect();
    for expected in [
        "level must be one of",
        "unknown area `NOWHERE`",
        "unknown building `NO-BUILDING`",
        "unknown category `astrology`",
    ] {
        assert!(messages.iter().any(|m| m.contains(expected)), "missing {expected:?} in {messages:?}");
    }
    // A grid whose polygon is not closed, a category with no deadline, a code with a space.
    let ring = json!([[117.30, 39.20], [117.304, 39.20], [117.304, 39.204], [117.31, 39.21]]);
    let grid = json!({"kind": "grid", "name": {"zh": "坏", "en": "Bad"}, "parent": "HP-XH-HX",
                      "boundary": {"type": "Polygon", "coordinates": [ring]}});
    let put = app.send_as(Method::PUT, "/api/v1/areas/HP-BAD", &admin, Some(&grid)).await;
    assert_eq!(put.status(), 422);
    let category = json!({"name": {"zh": "测试", "en": "Test"}, "description": {"zh": "", "en": ""},
                          "reply_deadline_working_days": 0});
    assert_eq!(app.send_as(Method::PUT, "/api/v1/categories/test", &admin, Some(&category)).await.status(), 422);
    assert_eq!(
        app.send_as(Method::PUT, "/api/v1/buildings/bad%20code", &admin, Some(&json!({"name": "楼", "address": ""})))
            .await
            .status(),
        422
    );
    // Unknown fields and wrong types are refused before anything is looked at.
    let put = app.send_as(Method::PUT, "/api/v1/deputies/D-100", &admin, Some(&json!({"nmae": "x"}))).await;
    assert_eq!(put.status(), 422);
    assert_eq!(app.storage.export_reference_data().await.unwrap(), before);
}

#[tokio::test]
async fn a_category_marked_sensitive_sends_its_reports_to_triage() {
    let app = spawn_app().await;
    let (_, admin) = app.signed_in(Role::Admin, "admin", &[]).await;
    let report = json!({"category": "environment", "description": "垃圾清运", "station": "XH-01", "channel": "kiosk",
                        "area": "HP-XH-HX-G1"});
    assert_eq!(routed_deputy(&app, &admin, &report).await["state"], "assigned");
    let categories: Value = app.get("/api/v1/categories").await.json().await.unwrap();
    let env = categories["items"].as_array().unwrap().iter().find(|c| c["code"] == "environment").unwrap().clone();
    let position = categories["items"].as_array().unwrap().iter().position(|c| c["code"] == "environment");
    let body = json!({"name": env["name"], "description": env["description"],
                      "reply_deadline_working_days": env["reply_deadline_working_days"], "sensitive": true});
    let put = app.send_as(Method::PUT, "/api/v1/categories/environment", &admin, Some(&body)).await;
    assert_eq!(put.status(), 200, "{}", put.text().await.unwrap());
    assert_eq!(routed_deputy(&app, &admin, &report).await["state"], "triage");
    // Its place in the list is kept.
    let categories: Value = app.get("/api/v1/categories").await.json().await.unwrap();
    assert_eq!(categories["items"].as_array().unwrap().iter().position(|c| c["code"] == "environment"), position);
}

#[tokio::test]
async fn a_categorys_drawing_and_phrases_are_served_from_the_directory() {
    let app = spawn_app().await;
    let (_, admin) = app.signed_in(Role::Admin, "admin", &[]).await;
    let categories: Value = app.get("/api/v1/categories").await.json().await.unwrap();
    let items = categories["items"].as_array().unwrap();
    let property = items.iter().find(|c| c["code"] == "property_management").unwrap();
    assert_eq!(property["icon"], "property_management");
    assert_eq!(property["phrases"][0], json!({"zh": "电梯故障", "en": "Lift broken"}));
    assert!(
        items.iter().all(|c| !c["phrases"].as_array().unwrap().is_empty()),
        "the demo gives every category phrases"
    );

    // An administrator adds a category with a drawing name and phrases; kiosks get them at once.
    let body = json!({"name": {"zh": "电梯安全", "en": "Lift safety"}, "description": {"zh": "", "en": ""},
                      "reply_deadline_working_days": 2, "icon": "lift",
                      "phrases": [{"zh": "电梯困人", "en": "Someone is trapped"}, {"zh": "电梯异响", "en": "Strange noise"}]});
    let put = app.send_as(Method::PUT, "/api/v1/categories/lift_safety", &admin, Some(&body)).await;
    assert_eq!(put.status(), 201, "{}", put.text().await.unwrap());
    let categories: Value = app.get("/api/v1/categories").await.json().await.unwrap();
    let lift = categories["items"].as_array().unwrap().iter().find(|c| c["code"] == "lift_safety").unwrap().clone();
    assert_eq!((lift["icon"].clone(), lift["phrases"].clone()), (body["icon"].clone(), body["phrases"].clone()));

    // Markup for a drawing name, or a phrase that is empty or runs over lines, is refused and changes nothing.
    let before = app.storage.export_reference_data().await.unwrap();
    for bad in [
        json!({"icon": "<svg onload=alert(1)>"}),
        json!({"phrases": [{"zh": "", "en": "Empty"}]}),
        json!({"phrases": [{"zh": "第一行\n第二行", "en": "Two lines"}]}),
    ] {
        let mut body = body.clone();
        for (key, value) in bad.as_object().unwrap() {
            body[key] = value.clone();
        }
        let put = app.send_as(Method::PUT, "/api/v1/categories/lift_safety", &admin, Some(&body)).await;
        assert_eq!(put.status(), 422);
        let problem: Value = put.json().await.unwrap();
        assert_eq!(problem["code"], "invalid_directory", "{problem}");
    }
    assert_eq!(app.storage.export_reference_data().await.unwrap(), before);
}

#[tokio::test]
async fn a_report_naming_an_unknown_place_is_refused_clearly() {
    let app = spawn_app().await;
    for (field, code) in [("area", "NOWHERE"), ("building", "NO-SUCH-BUILDING")] {
        let mut report =
            json!({"category": "environment", "description": "某处的问题", "station": "XH-01", "channel": "kiosk"});
        report[field] = json!(code);
        let response = app.post_report(&report).await;
        assert_eq!(response.status(), 422);
        let problem: Value = response.json().await.unwrap();
        assert_eq!(problem["code"], "unknown_place");
        assert_eq!(problem["errors"][0]["field"], field);
    }
    assert_eq!(app.count_reports().await, 0);
}
