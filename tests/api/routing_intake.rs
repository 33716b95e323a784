//! From submission to assignment: a report with a place goes to the deputy the rules say, with the reason
//! visible to staff (not to the citizen); unclear ones wait in the station's triage queue.

use liaison::domain::access::Role;
use serde_json::{Value, json};

use crate::helpers::{TestApp, spawn_app};

async fn file(app: &TestApp, token: &str, body: Value) -> String {
    let response = app.post_json("/api/v1/reports", Some(token), &body).await;
    assert_eq!(response.status(), 201, "{}", response.text().await.unwrap());
    let created: Value = response.json().await.unwrap();
    created["id"].as_str().unwrap().to_owned()
}

async fn routing_of(app: &TestApp, staff: &str, id: &str) -> Value {
    let detail: Value = app.get_as(&format!("/api/v1/reports/{id}"), Some(staff)).await.json().await.unwrap();
    detail["routing"].clone()
}

fn mobile(category: &str, lat: f64, lng: f64) -> Value {
    json!({"category": category, "description": "路灯坏了", "location": {"lat": lat, "lng": lng}, "channel": "mobile"})
}

#[tokio::test]
async fn a_located_report_goes_to_its_grid_contact_with_a_readable_reason() {
    let app = spawn_app().await;
    let citizen = app.citizen_by_phone("13900000091").await["access_token"].as_str().unwrap().to_owned();
    let (_, staff) = app.signed_in(Role::Staff, "staff.a", &["XH-01"]).await;
    // Inside 和谐社区第1网格, whose contacts are 王丽 (D-001) and 郭玉兰 (D-016, on leave).
    let id = file(&app, &citizen, mobile("roads_traffic", 39.118, 117.188)).await;
    let routing = routing_of(&app, &staff, &id).await;
    assert_eq!(routing["state"], "assigned", "{routing}");
    assert_eq!(routing["deputy"]["code"], "D-001");
    assert_eq!(routing["station"]["code"], "XH-01");
    assert_eq!(routing["reason"]["zh"], "网格 HP-XH-HX-G1 的联系代表；在办 0 件");
    assert_eq!(routing["reason"]["en"], "contact deputy of grid HP-XH-HX-G1; 0 open");

    // The citizen sees the report, not the routing.
    let own: Value = app.get_as(&format!("/api/v1/reports/{id}"), Some(&citizen)).await.json().await.unwrap();
    assert!(own.get("routing").is_none(), "{own}");

    // The same place in 南湖: that station's staff, that grid's deputy.
    let nanhu = file(&app, &citizen, mobile("education", 39.102, 117.200)).await;
    let (_, staff_b) = app.signed_in(Role::Staff, "staff.b", &["NH-01"]).await;
    let routing = routing_of(&app, &staff_b, &nanhu).await;
    assert_eq!(
        (routing["deputy"]["code"].as_str(), routing["station"]["code"].as_str()),
        (Some("D-012"), Some("NH-01"))
    );
    assert!(routing["reason"]["zh"].as_str().unwrap().contains("专长 教育"), "{routing}");
}

#[tokio::test]
async fn places_outside_every_grid_and_sensitive_topics_wait_for_staff() {
    let app = spawn_app().await;
    // Staff mark a category sensitive: reports of it are always assessed by people first.
    let (_, admin) = app.signed_in(Role::Admin, "admin", &[]).await;
    let directory: Value = app.get_as("/api/v1/directory", Some(&admin)).await.json().await.unwrap();
    let mut category = directory["categories"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["code"] == "community_governance")
        .unwrap()
        .clone();
    category.as_object_mut().unwrap().remove("code");
    category["sensitive"] = json!(true);
    let put =
        app.send_as(reqwest::Method::PUT, "/api/v1/categories/community_governance", &admin, Some(&category)).await;
    assert_eq!(put.status(), 200, "{}", put.text().await.unwrap());
    let citizen = app.citizen_by_phone("13900000092").await["access_token"].as_str().unwrap().to_owned();

    let far = file(&app, &citizen, mobile("roads_traffic", 31.23, 121.47)).await;
    let routing = routing_of(&app, &admin, &far).await;
    assert_eq!(routing["state"], "triage", "{routing}");
    assert_eq!(routing["deputy"], Value::Null);
    assert_eq!(routing["reason"]["zh"], "地点不在任何网格内，由工作人员研判");

    let sensitive = file(&app, &citizen, mobile("community_governance", 39.118, 117.188)).await;
    let routing = routing_of(&app, &admin, &sensitive).await;
    assert_eq!((routing["state"].as_str(), routing["station"]["code"].as_str()), (Some("triage"), Some("XH-01")));
    assert_eq!(routing["reason"]["en"], "Sensitive category: staff assess it");

    // On the internal timeline, as the record of what happened.
    let db = app.connect().await;
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    let events = liaison::storage::entities::report_event::Entity::find()
        .filter(liaison::storage::entities::report_event::Column::ReportId.eq(sensitive.parse::<uuid::Uuid>().unwrap()))
        .all(&db)
        .await
        .unwrap();
    let triaged = events.iter().find(|e| e.kind == "triaged").expect("a triage entry");
    assert_eq!((triaged.visibility.as_str(), triaged.actor_kind.as_str()), ("internal", "system"));
    // ...which the public tracking view does not show.
    let tracked: Value = app
        .get(&format!(
            "/api/v1/reports/track/{}",
            liaison::storage::entities::report::Entity::find_by_id(sensitive.parse::<uuid::Uuid>().unwrap())
                .one(&db)
                .await
                .unwrap()
                .unwrap()
                .tracking_code
        ))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(tracked["timeline"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn kiosk_reports_spread_over_the_station_deputies() {
    let app = spawn_app().await;
    let (_, staff) = app.signed_in(Role::Staff, "staff.a", &["XH-01"]).await;
    let body = json!({"category": "other", "description": "建议增加长椅", "channel": "kiosk"});
    let mut deputies = Vec::new();
    for _ in 0..3 {
        let response = app.kiosk.post(app.url("/api/v1/reports")).json(&body).send().await.unwrap();
        let created: Value = response.json().await.unwrap();
        let routing = routing_of(&app, &staff, created["id"].as_str().unwrap()).await;
        assert_eq!(routing["state"], "assigned", "{routing}");
        assert!(routing["reason"]["zh"].as_str().unwrap().starts_with("本联络站代表"), "{routing}");
        deputies.push(routing["deputy"]["code"].as_str().unwrap().to_owned());
    }
    deputies.sort();
    deputies.dedup();
    assert_eq!(deputies.len(), 3, "fewest open reports first: three reports, three deputies");
    assert!(!deputies.contains(&"D-016".to_owned()), "a deputy on leave gets nothing");
}

#[tokio::test]
async fn a_deputys_qr_code_opens_their_profile_and_reports_go_to_them() {
    let app = spawn_app().await;
    let list: Value = app.get("/api/v1/stations/XH-01/deputies").await.json().await.unwrap();
    let codes: Vec<&str> = list["items"].as_array().unwrap().iter().map(|d| d["code"].as_str().unwrap()).collect();
    assert_eq!(codes, ["D-001", "D-002", "D-003", "D-004", "D-005", "D-006", "D-007", "D-008", "D-016"]);
    let wang = &list["items"][0];
    assert_eq!(wang["name"]["zh"], "王丽");
    assert_eq!(wang["areas"][0]["code"], "HP-XH-HX-G1");
    assert_eq!(wang["specialties"][0]["code"], "elderly_care");
    assert!(wang.get("account_id").is_none() && wang.get("id").is_none(), "public fields only: {wang}");
    assert_eq!(list["items"][8]["status"], "on_leave");
    crate::helpers::assert_problem(app.get("/api/v1/stations/ZZ-9/deputies").await, 404, "station_not_found").await;

    // The QR code of 张敏 (D-003) opens her page with the report pre-filled to reach her.
    let page: Value = app.get("/api/v1/deputies/D-003").await.json().await.unwrap();
    assert_eq!(page["report_prefill"], json!({"deputy": "D-003", "station": "XH-01"}));
    crate::helpers::assert_problem(app.get("/api/v1/deputies/D-999").await, 404, "deputy_not_found").await;

    // A report about a place in another deputy's grid still goes to her: the citizen chose.
    let citizen = app.citizen_by_phone("13900000093").await["access_token"].as_str().unwrap().to_owned();
    let mut body = mobile("roads_traffic", 39.118, 117.188);
    body["deputy"] = json!("D-003");
    let id = file(&app, &citizen, body).await;
    let (_, staff) = app.signed_in(Role::Staff, "staff.a", &["XH-01"]).await;
    let routing = routing_of(&app, &staff, &id).await;
    assert_eq!(routing["deputy"]["code"], "D-003", "{routing}");
    assert!(routing["reason"]["zh"].as_str().unwrap().starts_with("群众指定的代表"));

    // An unknown deputy is a clear error, and nothing is stored.
    let mut unknown = mobile("roads_traffic", 39.118, 117.188);
    unknown["deputy"] = json!("D-999");
    let problem = crate::helpers::assert_problem(
        app.post_json("/api/v1/reports", Some(&citizen), &unknown).await,
        422,
        "unknown_deputy",
    )
    .await;
    assert_eq!(problem["errors"][0]["field"], "deputy");
}

#[tokio::test]
async fn a_point_near_a_grid_edge_lands_in_its_grid_whether_the_phone_measured_it_in_wgs84_or_gcj02() {
    let app = spawn_app().await;
    let citizen = app.citizen_by_phone("13900000092").await["access_token"].as_str().unwrap().to_owned();
    let (_, staff) = app.signed_in(Role::Admin, "admin.b", &[]).await;
    // 40 m inside 和谐社区第1网格 (whose east edge is longitude 117.19) by GPS: (39.118, 117.1895). WeChat's
    // getLocation (gcj02) reports the same spot about 560 m to the north-east, beyond the next grid.
    let (gps, wechat) = ((39.118, 117.1895), (39.119_045_592, 117.195_820_798));
    let place = |lat: f64, lng: f64, crs: Option<&str>| {
        let mut location = json!({"lat": lat, "lng": lng});
        if let Some(crs) = crs {
            location["crs"] = json!(crs);
        }
        json!({"category": "roads_traffic", "description": "路灯坏了", "location": location, "channel": "mobile"})
    };
    for (body, expected_in_g1) in [
        (place(gps.0, gps.1, None), true),
        (place(gps.0, gps.1, Some("wgs84")), true),
        (place(wechat.0, wechat.1, Some("gcj02")), true),
        // The same WeChat numbers taken for GPS land elsewhere: why the system must be said.
        (place(wechat.0, wechat.1, None), false),
    ] {
        let id = file(&app, &citizen, body.clone()).await;
        let detail: Value = app.get_as(&format!("/api/v1/reports/{id}"), Some(&staff)).await.json().await.unwrap();
        let in_g1 = detail["routing"]["reason"]["en"].as_str().unwrap_or_default().contains("HP-XH-HX-G1");
        assert_eq!(in_g1, expected_in_g1, "{body} → {}", detail["routing"]);
        if expected_in_g1 {
            // Stored as WGS-84, to a centimetre.
            let (lat, lng) = (detail["location"]["lat"].as_f64().unwrap(), detail["location"]["lng"].as_f64().unwrap());
            assert!((lat - gps.0).abs() < 1e-7 && (lng - gps.1).abs() < 1e-7, "{}", detail["location"]);
        }
    }
    let bad = app.post_json("/api/v1/reports", Some(&citizen), &place(gps.0, gps.1, Some("bd09"))).await;
    assert!(bad.status() == 400 || bad.status() == 422, "{}", bad.status());
}
