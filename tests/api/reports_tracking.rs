use chrono::Utc;
use liaison::storage::entities::report_event;
use sea_orm::{ActiveModelTrait, Set};
use serde_json::{Value, json};

use crate::helpers::{assert_problem, spawn_app};

#[tokio::test]
async fn the_tracking_view_shows_progress_and_never_personal_details() {
    let app = spawn_app().await;
    let created: Value = app
        .post_report(&json!({
            "category": "elderly_care",
            "description": "希望社区食堂增加低盐菜品，我住在和平路12号3单元502。",
            "address": "和平路12号3单元502",
            "location": {"lat": 39.11751, "lng": 117.19532},
            "station": "XH-01",
            "contact": {"name": "张秀英", "phone": "13912345678"},
            "consent": {"personal_info": true, "phone_call": true},
            "channel": "kiosk"
        }))
        .await
        .json()
        .await
        .unwrap();
    let code = created["tracking_code"].as_str().unwrap();
    let id: uuid::Uuid = created["id"].as_str().unwrap().parse().unwrap();

    // An internal note added by staff must never reach the citizen's view.
    report_event::ActiveModel {
        id: Set(uuid::Uuid::now_v7()),
        report_id: Set(id),
        kind: Set("submitted".into()),
        visibility: Set("internal".into()),
        actor_kind: Set("system".into()),
        actor_id: Set(None),
        note: Set(Some("内部备注：电话回访".into())),
        from_status: Set(None),
        to_status: Set(None),
        action: Set(None),
        created_at: Set(Utc::now()),
    }
    .insert(&app.connect().await)
    .await
    .unwrap();

    let response = app.get(&format!("/api/v1/reports/track/{code}")).await;
    assert_eq!(response.status(), 200);
    let text = response.text().await.unwrap();
    for secret in ["13912345678", "5678", "张秀英", "和平路12号", "39.1175", "117.195", "低盐", "内部备注", "\"id\""]
    {
        assert!(!text.contains(secret), "tracking view leaks {secret}: {text}");
    }
    let view: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(view["tracking_code"], code);
    assert_eq!(view["category"]["code"], "elderly_care");
    assert_eq!(view["category"]["name"]["zh"], "养老服务");
    assert_eq!(view["status"], "assigned");
    assert_eq!(view["station"]["code"], "XH-01");
    assert_eq!(view["photo_count"], 0);
    assert_eq!(view["photos"], serde_json::json!([]));
    let timeline = view["timeline"].as_array().unwrap();
    assert_eq!(timeline.len(), 1, "only public events: {timeline:?}");
    assert_eq!(timeline[0]["kind"], "submitted");
    assert!(timeline[0]["text"]["zh"].as_str().unwrap().contains("已收到"));
    let mut keys: Vec<&str> = view.as_object().unwrap().keys().map(String::as_str).collect();
    keys.sort_unstable();
    assert_eq!(
        keys,
        [
            "answer",
            "answer_expected_by",
            "category",
            "due_at",
            "follow_up_question",
            "may_rate",
            "photo_count",
            "photos",
            "station",
            "status",
            "status_label",
            "submitted_at",
            "timeline",
            "tracking_code",
            "updated_at",
            "verdict"
        ],
        "exactly these fields, nothing personal"
    );
}

#[tokio::test]
async fn codes_are_read_the_way_people_type_them() {
    let app = spawn_app().await;
    let created: Value = app.post_report(&crate::helpers::kiosk_report()).await.json().await.unwrap();
    let code = created["tracking_code"].as_str().unwrap();
    let bare: String = code.trim_start_matches("LS-").replace('-', "");
    for typed in [code.to_owned(), code.to_lowercase(), bare.clone(), bare.to_lowercase(), format!("ls{bare}")] {
        let response = app.get(&format!("/api/v1/reports/track/{typed}")).await;
        assert_eq!(response.status(), 200, "{typed}");
    }
}

#[tokio::test]
async fn unknown_and_malformed_codes_are_told_apart() {
    let app = spawn_app().await;
    app.post_report(&crate::helpers::kiosk_report()).await;
    assert_problem(app.get("/api/v1/reports/track/LS-222-222-222").await, 404, "report_not_found").await;
    for bad in ["LS-123", "LS-0OI-1LU-XXX", "%E4%BD%A0%E5%A5%BD", "LS-AAA-AAA-AAA-AAA"] {
        assert_problem(app.get(&format!("/api/v1/reports/track/{bad}")).await, 400, "invalid_tracking_code").await;
    }
}

#[tokio::test]
async fn the_citizen_adds_information_and_photos_to_an_open_report_and_its_deputy_hears_of_it() {
    let app = spawn_app().await;
    let created: Value = app
        .post_report(&json!({"category": "environment", "description": "河边有垃圾", "station": "XH-01",
                             "channel": "kiosk", "deputy": "D-003"}))
        .await
        .json()
        .await
        .unwrap();
    let (id, code) =
        (created["id"].as_str().unwrap().to_owned(), created["tracking_code"].as_str().unwrap().to_owned());
    let path = format!("/api/v1/reports/track/{code}/supplements");
    let added = app.post_json(&path, None, &json!({"text": "桥东侧又有人倒垃圾 <script>x()</script>"})).await;
    assert_eq!(added.status(), 201, "{}", added.text().await.unwrap());
    let form = reqwest::multipart::Form::new().text("text", "补一张照片").part(
        "photos",
        crate::helpers::photo_part(crate::helpers::image_bytes(image::ImageFormat::Png, 40, 30), "a.png", "image/png"),
    );
    let added = app.client.post(app.url(&path)).multipart(form).send().await.unwrap();
    assert_eq!(added.status(), 201);
    assert_eq!(added.json::<Value>().await.unwrap()["photo_count"], 1);

    let tracked: Value = app.get(&format!("/api/v1/reports/track/{code}")).await.json().await.unwrap();
    assert_eq!(tracked["photo_count"], 1);
    let notes: Vec<&str> = tracked["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["kind"] == "supplemented")
        .filter_map(|e| e["words"].as_str())
        .collect();
    assert_eq!(notes.len(), 2, "{tracked}");
    assert!(notes[0].contains("桥东侧又有人倒垃圾 <script>x()</script>"), "kept as typed: {notes:?}");
    // The deputy is told.
    let (_, admin) = app.signed_in(liaison::domain::access::Role::Admin, "admin.n", &[]).await;
    let notices: Value =
        app.get_as(&format!("/api/v1/notifications?report_id={id}"), Some(&admin)).await.json().await.unwrap();
    let kinds: Vec<&str> = notices["items"].as_array().unwrap().iter().map(|n| n["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds.iter().filter(|k| **k == "supplemented").count(), 2, "{kinds:?}");

    // Nothing, too much, an unknown code, a closed report: refused.
    assert_problem(app.post_json(&path, None, &json!({"text": "  "})).await, 422, "validation_failed").await;
    // The project's JSON reading: a missing field names the field, broken JSON is a 400.
    let missing =
        assert_problem(app.post_json(&path, None, &json!({"words": "x"})).await, 422, "validation_failed").await;
    assert!(missing.to_string().contains("words") || missing.to_string().contains("text"), "{missing}");
    let broken =
        app.client.post(app.url(&path)).header("content-type", "application/json").body("{").send().await.unwrap();
    assert_problem(broken, 400, "malformed_json").await;
    assert_problem(app.post_json(&path, None, &json!({"text": "长".repeat(2001)})).await, 422, "validation_failed")
        .await;
    assert_problem(
        app.post_json("/api/v1/reports/track/LS-222-222-222/supplements", None, &json!({"text": "x"})).await,
        404,
        "report_not_found",
    )
    .await;
    let withdrawn =
        app.post_json(&format!("/api/v1/reports/track/{code}/actions"), None, &json!({"action": "withdraw"})).await;
    assert_eq!(withdrawn.status(), 200);
    assert_problem(app.post_json(&path, None, &json!({"text": "还有"})).await, 409, "invalid_transition").await;
}
