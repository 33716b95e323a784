use liaison::storage::entities::{report, report_event, report_photo};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::{Value, json};

use crate::helpers::{image_bytes, kiosk_form, kiosk_report, photo_part, spawn_app};

#[tokio::test]
async fn a_kiosk_report_is_stored_and_answered_with_its_tracking_code() {
    let app = spawn_app().await;
    let response = app.post_report(&kiosk_report()).await;
    assert_eq!(response.status(), 201);
    let location = response.headers()["location"].to_str().unwrap().to_owned();
    let body: Value = response.json().await.unwrap();
    let code = body["tracking_code"].as_str().unwrap();
    assert!(code.len() == 14 && code.starts_with("LS-") && code.split('-').skip(1).all(|g| g.len() == 3), "{code}");
    assert_eq!(location, format!("/api/v1/reports/track/{code}"));
    assert_eq!(body["tracking_url"], location.as_str());
    // Routed as it arrives: the demo station's deputies take environment reports.
    assert_eq!(body["status"], "assigned");
    assert_eq!(body["status_label"]["zh"], "已交由代表办理");
    let id: uuid::Uuid = body["id"].as_str().unwrap().parse().unwrap();
    assert_eq!(id.get_version_num(), 7, "ids are time-ordered UUIDv7");

    let row = report::Entity::find_by_id(id).one(app.storage.reader()).await.unwrap().unwrap();
    assert_eq!(row.tracking_code, code);
    assert_eq!(row.channel, "kiosk");
    assert_eq!(row.status, "assigned");
    assert!(row.due_at.unwrap() > row.created_at, "the accept deadline runs from intake");
    assert_eq!(row.title.as_deref(), Some("垃圾清运不及时"));
    let events = report_event::Entity::find()
        .filter(report_event::Column::ReportId.eq(id))
        .all(app.storage.reader())
        .await
        .unwrap();
    assert_eq!(events.len(), 2, "the timeline starts in the same transaction");
    assert_eq!(
        (events[0].kind.as_str(), events[0].visibility.as_str(), events[0].actor_kind.as_str()),
        ("submitted", "public", "kiosk")
    );
    // Routing decided in the same transaction, on the internal timeline.
    assert_eq!((events[1].kind.as_str(), events[1].visibility.as_str()), ("assigned", "internal"));
}

#[tokio::test]
async fn every_optional_field_is_kept_and_normalised() {
    let app = spawn_app().await;
    let citizen = app.citizen_by_phone("13900000001").await;
    let response = app
        .post_json(
            "/api/v1/reports",
            citizen["access_token"].as_str(),
            &json!({
                "category": "roads_traffic",
                "description": "  路灯坏了一个星期，晚上很黑。 ",
                "title": "路灯不亮",
                "location": {"lat": 39.1175, "lng": 117.1953},
                "address": "新华路与和平路交口",
                "contact": {"name": "李大爷", "phone": "+86 138-0013-8000"},
                "channel": "mobile",
                "anonymous": false,
                "consent": {"personal_info": true, "phone_call": true}
            }),
        )
        .await;
    assert_eq!(response.status(), 201);
    let body: Value = response.json().await.unwrap();
    let id: uuid::Uuid = body["id"].as_str().unwrap().parse().unwrap();
    let row = report::Entity::find_by_id(id).one(app.storage.reader()).await.unwrap().unwrap();
    assert_eq!(row.description, "路灯坏了一个星期，晚上很黑。");
    // The phone is stored only encrypted, with a keyed hash for lookup.
    assert_eq!(row.contact_phone, None);
    let cipher = row.contact_phone_cipher.as_deref().unwrap();
    assert!(cipher.starts_with("v1:") && !cipher.contains("13800138000"));
    assert_eq!(row.contact_phone_lookup.as_deref().map(str::len), Some(64));
    assert_eq!(row.citizen_id.map(|id| id.to_string()), citizen["subject_id"].as_str().map(str::to_owned));
    assert_eq!(row.contact_name.as_deref(), Some("李大爷"));
    assert_eq!((row.lat, row.lng), (Some(39.1175), Some(117.1953)));
    assert_eq!(row.station_id, None);
    assert!(row.consent_personal_info && row.consent_phone_call && !row.anonymous);
}

#[tokio::test]
async fn a_multipart_report_keeps_its_photos_typed_by_their_bytes() {
    let app = spawn_app().await;
    let form = kiosk_form()
        // Names and declared types lie on purpose: only the bytes count.
        .part("photos", photo_part(image_bytes(image::ImageFormat::Jpeg, 64, 48), "a.png", "image/png"))
        .part("photos", photo_part(image_bytes(image::ImageFormat::Png, 32, 32), "b.jpg", "application/octet-stream"))
        .part("photos", photo_part(image_bytes(image::ImageFormat::WebP, 16, 16), "c", "image/jpeg"))
        .text("location.lat", "39.1175")
        .text("location.lng", "117.1953")
        .text("anonymous", "true");
    let response = app.post_form(form).await;
    assert_eq!(response.status(), 201);
    let body: Value = response.json().await.unwrap();
    let id: uuid::Uuid = body["id"].as_str().unwrap().parse().unwrap();

    let photos = report_photo::Entity::find()
        .filter(report_photo::Column::ReportId.eq(id))
        .all(app.storage.reader())
        .await
        .unwrap();
    // Stored as renditions: JPEG, or PNG where the photo has transparency (these noise images do).
    let mut types: Vec<(i32, String)> = photos.iter().map(|p| (p.position, p.content_type.clone())).collect();
    types.sort();
    assert_eq!(types, vec![(0, "image/jpeg".into()), (1, "image/png".into()), (2, "image/png".into())]);
    assert_eq!(app.photo_keys().await.len(), 6, "a display image and a thumbnail each");
    for photo in &photos {
        let bytes = app.photo_store.get(&photo.storage_key).await.unwrap().unwrap();
        assert_eq!(bytes.len() as i64, photo.byte_size);
        assert_eq!(photo.sha256.len(), 64);
        assert!(app.photo_store.exists(photo.thumb_key.as_deref().unwrap()).await.unwrap());
    }
    let row = report::Entity::find_by_id(id).one(app.storage.reader()).await.unwrap().unwrap();
    assert!(row.anonymous);
    assert_eq!(row.lat, Some(39.1175));

    let code = body["tracking_code"].as_str().unwrap();
    let tracked: Value = app.get(&format!("/api/v1/reports/track/{code}")).await.json().await.unwrap();
    assert_eq!(tracked["photo_count"], 3);
}

#[tokio::test]
async fn an_empty_file_input_is_no_photo() {
    let app = spawn_app().await;
    let form = kiosk_form().part("photos", photo_part(Vec::new(), "", "application/octet-stream"));
    let response = app.post_form(form).await;
    assert_eq!(response.status(), 201);
    assert!(app.photo_keys().await.is_empty());
}

#[tokio::test]
async fn the_web_mailbox_takes_reports_without_a_station() {
    let app = spawn_app().await;
    let response = app
        .post_json(
            "/api/v1/reports",
            None,
            &json!({
                "category": "policy_suggestion",
                "description": "建议在社区增设老年助餐点。",
                "address": "和平区",
                "channel": "web",
                "anonymous": true
            }),
        )
        .await;
    assert_eq!(response.status(), 201);
    assert_eq!(app.count_reports().await, 1);
}

#[tokio::test]
async fn phones_stored_in_plain_text_by_an_earlier_version_are_encrypted_at_startup() {
    use sea_orm::{ActiveModelTrait, IntoActiveModel, Set};
    let app = spawn_app().await;
    let created: Value = app.post_report(&kiosk_report()).await.json().await.unwrap();
    let id: uuid::Uuid = created["id"].as_str().unwrap().parse().unwrap();
    // What a row of the first release looks like.
    let db = app.connect().await;
    let mut row = report::Entity::find_by_id(id).one(&db).await.unwrap().unwrap().into_active_model();
    row.contact_phone = Set(Some("13812341234".into()));
    row.update(&db).await.unwrap();

    let restarted = liaison::startup::Application::build(app.settings.clone()).await.unwrap();
    let row = report::Entity::find_by_id(id).one(restarted.storage().reader()).await.unwrap().unwrap();
    assert_eq!(row.contact_phone, None);
    let cipher = row.contact_phone_cipher.unwrap();
    assert!(cipher.starts_with("v1:") && !cipher.contains("13812341234"));
    assert!(row.contact_phone_lookup.is_some());
}
