//! The photo store stays equal to the database: the sweep removes what no report points at, photos of the
//! first release are replaced by stripped renditions, and both stores (folder, S3) behave the same.

use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use liaison::infra::photos::{LocalPhotoStore, PhotoStore, maintenance};
use liaison::storage::entities::report_photo;
use sea_orm::{ActiveModelTrait, EntityTrait, Set};
use serde_json::Value;

use crate::helpers::{TestApp, kiosk_form, kiosk_report, photo_part, spawn_app};
use crate::photo_fixtures::{MAKE, phone_photo};

fn service(app: &TestApp) -> liaison::infra::photos::PhotoService {
    let metrics = Arc::new(liaison::infra::metrics::Metrics::new().unwrap());
    liaison::startup::photo_service(&app.settings, &[1; 32], metrics, app.clock.clone()).unwrap()
}

#[tokio::test]
async fn the_sweep_removes_only_what_no_report_points_at() {
    let app = spawn_app().await;
    let form = kiosk_form().part("photos", photo_part(phone_photo(), "p.jpg", "image/jpeg"));
    assert_eq!(app.post_form(form).await.status(), 201);
    let kept = app.photo_keys().await;
    assert_eq!(kept.len(), 2);
    let orphan = format!("photos/ab/{}/display.jpg", "ab".repeat(32));
    app.photo_store.put(&orphan, Bytes::from_static(b"left by a crash"), "image/jpeg").await.unwrap();

    // Within the grace period nothing goes: a report may be about to commit.
    let summary = maintenance::sweep(&service(&app), &app.storage, Duration::from_secs(3600)).await.unwrap();
    assert_eq!(summary.removed, 0);
    assert_eq!(app.photo_keys().await.len(), 3);

    let summary = maintenance::sweep(&service(&app), &app.storage, Duration::ZERO).await.unwrap();
    assert_eq!(summary.removed, 1);
    let mut left = app.photo_keys().await;
    left.sort();
    let mut expected = kept.clone();
    expected.sort();
    assert_eq!(left, expected);
}

#[tokio::test]
async fn photos_of_the_first_release_are_replaced_by_stripped_renditions_at_startup() {
    let app = spawn_app().await;
    let created: Value = app.post_report(&kiosk_report()).await.json().await.unwrap();
    let report_id: uuid::Uuid = created["id"].as_str().unwrap().parse().unwrap();
    // What the first release stored: the upload as it came, EXIF and all.
    let legacy_key = format!("reports/{}/0.jpg", report_id.simple());
    let upload = phone_photo();
    app.photo_store.put(&legacy_key, Bytes::from(upload.clone()), "image/jpeg").await.unwrap();
    let row = report_photo::ActiveModel {
        id: Set(uuid::Uuid::now_v7()),
        report_id: Set(report_id),
        position: Set(0),
        content_type: Set("image/jpeg".into()),
        byte_size: Set(upload.len() as i64),
        sha256: Set("0".repeat(64)),
        storage_key: Set(legacy_key.clone()),
        created_at: Set(chrono::Utc::now()),
        thumb_key: Set(None),
        original_key: Set(None),
        width: Set(None),
        height: Set(None),
        thumb_width: Set(None),
        thumb_height: Set(None),
        source: Set("citizen".into()),
    }
    .insert(&app.connect().await)
    .await
    .unwrap();
    // Until it is processed, it is not served.
    let detail_path = format!("/api/v1/reports/{report_id}/photos/0");
    let (_, admin) = app.signed_in(liaison::domain::access::Role::Admin, "admin", &[]).await;
    assert_eq!(app.get_as(&detail_path, Some(&admin)).await.status(), 503);

    let restarted = liaison::startup::Application::build(app.settings.clone()).await.unwrap();
    let mut upgraded = None;
    for _ in 0..100 {
        let current =
            report_photo::Entity::find_by_id(row.id).one(restarted.storage().reader()).await.unwrap().unwrap();
        if current.thumb_key.is_some() {
            upgraded = Some(current);
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let upgraded = upgraded.expect("the startup upgrade processed the photo");
    assert_eq!((upgraded.width, upgraded.height), (Some(32), Some(64)));
    assert!(!app.photo_store.exists(&legacy_key).await.unwrap(), "the raw upload is gone");
    for key in [upgraded.storage_key.as_str(), upgraded.thumb_key.as_deref().unwrap()] {
        let bytes = app.photo_store.get(key).await.unwrap().unwrap();
        assert!(!bytes.windows(4).any(|w| w == b"Exif"));
        assert!(!bytes.windows(MAKE.len()).any(|w| w == MAKE.as_bytes()));
    }
    assert_eq!(app.get_as(&detail_path, Some(&admin)).await.status(), 200);
}

async fn store_contract(store: &dyn PhotoStore) {
    let key = "photos/0a/0abc/display.jpg";
    assert_eq!(store.get(key).await.unwrap(), None);
    assert!(!store.exists(key).await.unwrap());
    store.put(key, Bytes::from_static(b"one"), "image/jpeg").await.unwrap();
    store.put(key, Bytes::from_static(b"two"), "image/jpeg").await.unwrap();
    store.put("photos/0a/0abc/thumb.jpg", Bytes::from_static(b"t"), "image/jpeg").await.unwrap();
    assert_eq!(store.get(key).await.unwrap(), Some(Bytes::from_static(b"two")));
    assert!(store.exists(key).await.unwrap());
    let listed: Vec<String> = store.list("photos/").await.unwrap().into_iter().map(|o| o.key).collect();
    assert_eq!(listed, vec![key.to_owned(), "photos/0a/0abc/thumb.jpg".to_owned()]);
    assert!(store.list("reports/").await.unwrap().is_empty());
    let modified = store.list("photos/").await.unwrap()[0].modified;
    assert!((chrono::Utc::now() - modified).num_seconds().abs() < 120);
    store.delete(key).await.unwrap();
    store.delete(key).await.unwrap();
    assert_eq!(store.get(key).await.unwrap(), None);
    for bad in ["../escape.jpg", "/abs.jpg", "Photos/x.jpg", "a//b.jpg", ""] {
        assert!(store.put(bad, Bytes::from_static(b"x"), "image/jpeg").await.is_err(), "{bad:?}");
        assert!(store.get(bad).await.is_err(), "{bad:?}");
    }
}

#[tokio::test]
async fn the_folder_store_and_the_configured_store_keep_the_same_contract() {
    let dir = tempfile::tempdir().unwrap();
    store_contract(&LocalPhotoStore::new(dir.path())).await;
    // The store the test suite was configured with: the folder store again, or S3 when TEST_S3_ENDPOINT is set.
    let app = spawn_app().await;
    store_contract(app.photo_store.as_ref()).await;
}

#[tokio::test]
async fn the_sweep_command_removes_orphans_after_a_crash() {
    use secrecy::ExposeSecret;
    let app = crate::helpers::spawn_app_with(|s| s.photos.store = liaison::configuration::PhotoStoreKind::Local).await;
    let form = kiosk_form().part("photos", photo_part(phone_photo(), "p.jpg", "image/jpeg"));
    assert_eq!(app.post_form(form).await.status(), 201);
    let orphan = format!("photos/cd/{}/thumb.jpg", "cd".repeat(32));
    app.photo_store.put(&orphan, Bytes::from_static(b"left by a crash"), "image/jpeg").await.unwrap();
    assert_eq!(app.photo_keys().await.len(), 3);
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_liaison"))
        .args(["photos", "sweep"])
        .env("LIAISON_DATA_DIR", &app.settings.data_dir)
        .env("DATABASE_URL", app.settings.database_url().expose_secret())
        .env("LIAISON_PHOTOS__SWEEP_GRACE_MINUTES", "0")
        .env("LIAISON_CONFIG", app.settings.data_dir.join("absent.toml"))
        .env_remove("REDIS_URL")
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let keys = app.photo_keys().await;
    assert_eq!(keys.len(), 2, "{keys:?}");
    assert!(!keys.contains(&orphan));
}
