//! The results board (公示): only what the citizen allowed, never who or exactly where, and the stations' rates.

use serde_json::{Value, json};

use crate::helpers::{TestApp, assert_problem, image_bytes, photo_part, spawn_app};
use liaison::domain::access::Role;

async fn file(app: &TestApp, citizen: &str, description: &str, publish: bool, photos: bool) -> (String, String) {
    let form = reqwest::multipart::Form::new()
        .text("category", "environment")
        .text("description", description.to_owned())
        .text("station", "XH-01")
        .text("deputy", "D-003")
        .text("area", "HP-XH-HX-G1")
        .text("address", "和谐路8号3单元")
        .text("channel", "mobile")
        .text("contact.name", "张三")
        .text("contact.phone", "13800001111")
        .text("consent.personal_info", "true")
        .text("consent.publish", publish.to_string())
        .text("consent.publish_photos", photos.to_string())
        .part("photos", photo_part(image_bytes(image::ImageFormat::Png, 64, 48), "p.png", "image/png"));
    let response =
        app.client.post(app.url("/api/v1/reports")).bearer_auth(citizen).multipart(form).send().await.unwrap();
    assert_eq!(response.status(), 201, "{}", response.text().await.unwrap());
    let created: Value = response.json().await.unwrap();
    (created["id"].as_str().unwrap().to_owned(), created["tracking_code"].as_str().unwrap().to_owned())
}

#[tokio::test]
async fn the_board_shows_only_answered_reports_the_citizen_allowed_without_who_or_where() {
    let app = spawn_app().await;
    let citizen = app.citizen_by_phone("13900000071").await["access_token"].as_str().unwrap().to_owned();
    let deputy = app.deputy_signed_in("D-003").await;
    let (a, a_code) = file(&app, &citizen, "公示甲：路灯不亮", true, true).await;
    let (b, _) = file(&app, &citizen, "公示乙：垃圾", true, false).await;
    let (c, _) = file(&app, &citizen, "不公示丙", false, false).await;
    let (_, d_code) = file(&app, &citizen, "撤回丁", true, false).await;
    file(&app, &citizen, "未答复戊", true, false).await;
    for id in [&a, &b, &c] {
        app.act_ok(&deputy, id, json!({"action": "accept"})).await;
        app.act_ok(&deputy, id, json!({"action": "answer", "text": "已修好", "outcome": "resolved"})).await;
    }
    let withdrawn =
        app.post_json(&format!("/api/v1/reports/track/{d_code}/actions"), None, &json!({"action": "withdraw"})).await;
    assert_eq!(withdrawn.status(), 200);
    let rated = app
        .post_json(
            &format!("/api/v1/reports/track/{a_code}/actions"),
            None,
            &json!({"action": "rate", "verdict": "satisfied"}),
        )
        .await;
    assert_eq!(rated.status(), 200);

    let board: Value = app.get("/api/v1/results?station=XH-01").await.json().await.unwrap();
    let descriptions: Vec<&str> =
        board["items"].as_array().unwrap().iter().map(|i| i["description"].as_str().unwrap()).collect();
    assert_eq!(descriptions, ["公示乙：垃圾", "公示甲：路灯不亮"], "newest answer first, only what was allowed");
    let first_a = board["items"].as_array().unwrap().iter().find(|i| i["description"] == "公示甲：路灯不亮").unwrap();
    assert_eq!(first_a["photos"].as_array().unwrap().len(), 1, "photos allowed");
    assert_eq!(first_a["verdict"], "satisfied");
    assert_eq!(first_a["area"]["zh"].as_str().map(|s| !s.is_empty()), Some(true));
    let b_item = board["items"].as_array().unwrap().iter().find(|i| i["description"] == "公示乙：垃圾").unwrap();
    assert_eq!(b_item["photos"], json!([]), "photos not allowed");
    let text = board.to_string();
    for secret in ["张三", "13800001111", "1111", "和谐路8号", "tracking_code", a_code.as_str(), "\"lat\"", "contact"]
    {
        assert!(!text.contains(secret), "the board shows {secret}: {text}");
    }

    // The station's rates are the figures' for the last year.
    let (_, staff) = app.signed_in(Role::Staff, "xh-staff", &["XH-01"]).await;
    let station = &board["stations"][0];
    let stats: Value = app
        .get_as(
            &format!(
                "/api/v1/stats?station=XH-01&from={}&to={}",
                station["from"].as_str().unwrap(),
                station["to"].as_str().unwrap()
            ),
            Some(&staff),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(station["code"], "XH-01");
    for rate in ["response", "resolution", "satisfaction"] {
        assert_eq!(station[rate], stats["total"][rate], "{rate}");
    }
    assert_eq!(station["received"], 5);

    // Page by page; a broken cursor or station is refused.
    let first: Value = app.get("/api/v1/results?station=XH-01&limit=1").await.json().await.unwrap();
    let next = first["next"].as_str().unwrap();
    let second: Value =
        app.get(&format!("/api/v1/results?station=XH-01&limit=1&before={next}")).await.json().await.unwrap();
    assert_eq!(second["items"][0]["description"], "公示甲：路灯不亮");
    assert_eq!(second["next"], Value::Null);
    assert_eq!(app.get("/api/v1/results?station=XH-01&before=").await.status(), 200, "empty: the first page");
    assert_problem(app.get("/api/v1/results?before=nonsense").await, 400, "invalid_query").await;
    assert_problem(app.get("/api/v1/results?limit=500").await, 400, "invalid_query").await;
    assert_problem(app.get("/api/v1/results?station=XX-99").await, 404, "station_not_found").await;
    // Photos without the report: refused at filing.
    let refused = app
        .post_json(
            "/api/v1/reports",
            Some(&citizen),
            &json!({"category": "environment", "description": "x", "station": "XH-01", "channel": "mobile",
                    "consent": {"publish_photos": true}}),
        )
        .await;
    assert_problem(refused, 422, "validation_failed").await;
}
