use liaison::startup::load_demo_data;
use serde_json::Value;

use crate::helpers::spawn_app;

#[tokio::test]
async fn categories_are_listed_in_display_order_with_both_languages() {
    let app = spawn_app().await;
    let response = app.get("/api/v1/categories").await;
    assert_eq!(response.status(), 200);
    let body: Value = response.json().await.unwrap();
    let items = body["items"].as_array().unwrap();
    assert!(items.len() >= 10);
    assert_eq!(items[0]["code"], "environment");
    assert_eq!(items[0]["name"]["zh"], "环境卫生");
    assert_eq!(items.last().unwrap()["code"], "other");
    for item in items {
        assert!(item["name"]["en"].as_str().is_some_and(|s| !s.is_empty()));
        assert!(item["description"]["zh"].as_str().is_some_and(|s| !s.is_empty()));
        assert!(item["reply_deadline_working_days"].as_i64().is_some_and(|d| d >= 1));
    }
}

#[tokio::test]
async fn stations_are_listed_with_area_location_and_hours() {
    let app = spawn_app().await;
    let body: Value = app.get("/api/v1/stations").await.json().await.unwrap();
    let items = body["items"].as_array().unwrap();
    assert_eq!(items.len(), 2);
    let xinhua = items.iter().find(|s| s["code"] == "XH-01").unwrap();
    assert_eq!(xinhua["area"]["code"], "HP-XH");
    assert_eq!(xinhua["area"]["kind"], "street");
    assert!(xinhua["location"]["lat"].as_f64().is_some());
    assert!(xinhua["opening_hours"]["zh"].as_str().unwrap().contains("代表接待日"));
}

#[tokio::test]
async fn seeding_twice_changes_nothing() {
    let app = spawn_app().await; // seeded once already
    let before: Value = app.get("/api/v1/stations").await.json().await.unwrap();
    let summary = load_demo_data(&app.storage).await.unwrap();
    assert_eq!((summary.inserted, summary.updated), (0, 0), "{summary:?}");
    assert!(summary.unchanged >= 20);
    let after: Value = app.get("/api/v1/stations").await.json().await.unwrap();
    assert_eq!(before, after);
}
