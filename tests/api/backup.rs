//! `liaison backup` while the server runs, and `liaison restore` into a fresh place: the report, its photo
//! (read back through whichever store is configured: local disk, or S3 in the Redis suite) and the keys
//! that read its encrypted phone number all come back. Also `liaison audit export`.

use std::process::Command;

use secrecy::SecretString;
use serde_json::{Value, json};

use crate::helpers::{TestApp, create_postgres_database, image_bytes, kiosk_form, photo_part, spawn_app};
use liaison::domain::access::Role;

use crate::helpers::cli as liaison;

fn run(mut command: Command) -> String {
    let output = command.output().unwrap();
    let log = String::from_utf8_lossy(&output.stderr).into_owned();
    assert!(output.status.success(), "{log}");
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// A report with a photo and a phone number, filed by the kiosk.
async fn file_with_photo(app: &TestApp) -> Value {
    let form = kiosk_form()
        .text("contact.phone", "13812340777")
        .text("consent.personal_info", "true")
        .part("photos", photo_part(image_bytes(image::ImageFormat::Jpeg, 320, 240), "a.jpg", "image/jpeg"));
    let response = app.post_form(form).await;
    assert_eq!(response.status(), 201);
    response.json().await.unwrap()
}

#[tokio::test]
async fn a_backup_taken_while_serving_restores_reports_photos_and_keys_into_a_fresh_place() {
    let app = spawn_app().await;
    let created = file_with_photo(&app).await;
    let code = created["tracking_code"].as_str().unwrap().to_owned();
    let folder = tempfile::tempdir().unwrap();
    let out = folder.path().join("backup");
    run({
        let mut command = liaison(&app.settings);
        command.args(["backup", "--out"]).arg(&out);
        command
    });
    let manifest: Value = serde_json::from_slice(&std::fs::read(out.join("manifest.json")).unwrap()).unwrap();
    assert!(manifest["photos"].as_u64().unwrap() >= 2, "display and thumbnail: {manifest}");
    assert!(manifest["keys"].as_u64().unwrap() >= 1, "{manifest}");
    // Taken twice into the same folder: refused, nothing overwritten.
    let again = liaison(&app.settings).args(["backup", "--out"]).arg(&out).output().unwrap();
    assert!(!again.status.success());

    // A fresh place: an empty data folder, an empty database, an empty photo folder or prefix.
    let fresh_dir = tempfile::tempdir().unwrap();
    let mut fresh = app.settings.clone();
    fresh.data_dir = fresh_dir.path().to_owned();
    let _fresh_database = match &app.settings.database_url {
        Some(_) => {
            let admin = std::env::var("TEST_DATABASE_URL").unwrap();
            let (database, url) = create_postgres_database(&admin).await;
            fresh.database_url = Some(SecretString::from(url));
            Some(database)
        }
        None => None,
    };
    fresh.photos.s3.prefix = format!("restored-{}", uuid::Uuid::new_v4().simple());
    run({
        let mut command = liaison(&fresh);
        command.args(["restore", "--from"]).arg(&out);
        command
    });
    // Restoring over the restored database is refused (SQLite: the file exists; PostgreSQL: the tables do).
    let twice = liaison(&fresh).args(["restore", "--from"]).arg(&out).output().unwrap();
    assert!(!twice.status.success());

    let restored = liaison::startup::Application::build(fresh.clone()).await.unwrap();
    let base = format!("http://127.0.0.1:{}", restored.port());
    tokio::spawn(restored.run_until_stopped());
    let http = reqwest::Client::new();
    let view: Value =
        http.get(format!("{base}/api/v1/reports/track/{code}")).send().await.unwrap().json().await.unwrap();
    assert_eq!(view["tracking_code"], code.as_str());
    assert_eq!(view["photo_count"], 1);
    let photo_url = view["photos"][0]["display_url"].as_str().unwrap();
    let photo = http.get(format!("{base}{photo_url}")).send().await.unwrap();
    assert_eq!(photo.status(), 200, "{photo_url}");
    assert!(!photo.bytes().await.unwrap().is_empty());

    // The restored keys read the phone number stored encrypted: the restored administrator makes a staff
    // account, which unmasks it.
    let admin: Value = http
        .post(format!("{base}/api/v1/auth/login"))
        .json(&json!({"username": crate::helpers::ADMIN_USERNAME, "password": crate::helpers::TEST_PASSWORD}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let admin = admin["access_token"].as_str().unwrap().to_owned();
    let staff = http
        .post(format!("{base}/api/v1/accounts"))
        .bearer_auth(&admin)
        .json(&json!({"username": "restored-staff", "display_name": "站员", "role": "staff",
                      "password": "联络站-restored-pass-1", "stations": ["XH-01"]}))
        .send()
        .await
        .unwrap();
    assert_eq!(staff.status(), 201);
    let login: Value = http
        .post(format!("{base}/api/v1/auth/login"))
        .json(&json!({"username": "restored-staff", "password": "联络站-restored-pass-1"}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let unmasked: Value = http
        .post(format!("{base}/api/v1/reports/{}/contact/unmask", created["id"].as_str().unwrap()))
        .bearer_auth(login["access_token"].as_str().unwrap())
        .json(&json!({"reason": "回访"}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(unmasked["phone"], "13812340777");
}

#[tokio::test]
async fn the_audit_log_exports_as_json_lines_for_the_days_asked() {
    let app = spawn_app().await;
    let (_, admin) = app.signed_in(Role::Admin, "admin", &[]).await;
    crate::notifications::set_target(&app, &admin, "stations/XH-01", "webhook", "https://hooks.example/x").await;
    let folder = tempfile::tempdir().unwrap();
    let file = folder.path().join("audit.jsonl");
    let today = liaison::domain::schedule::local_date(chrono::Utc::now()).to_string();
    run({
        let mut command = liaison(&app.settings);
        command.args(["audit", "export", "--from", &today, "--to", &today, "--out"]).arg(&file);
        command
    });
    let lines: Vec<Value> =
        std::fs::read_to_string(&file).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    let set = lines.iter().find(|l| l["action"] == "notification_target.set").expect("the change is exported");
    assert_eq!(set["subject"], "station:XH-01");
    assert_eq!(set["actor_kind"], "admin");
    let earlier = run({
        let mut command = liaison(&app.settings);
        command.args(["audit", "export", "--to", "2020-01-01"]);
        command
    });
    assert!(earlier.trim().is_empty(), "nothing from before the station existed: {earlier}");
}
