//! `liaison import`: directory files in, all or nothing, with every problem named by file and line.

use serde_json::{Value, json};

use crate::helpers::spawn_app;
use liaison::app::import::{ImportError, ImportFiles, import};

fn grid_feature(code: &str, lng: f64, lat: f64) -> Value {
    let ring = json!([[lng, lat], [lng + 0.004, lat], [lng + 0.004, lat + 0.004], [lng, lat + 0.004], [lng, lat]]);
    json!({"type": "Feature", "properties": {"code": code, "parent": "HP-XH-HX", "name_zh": "新网格", "name_en": "New grid"},
           "geometry": {"type": "Polygon", "coordinates": [ring]}})
}

#[tokio::test]
async fn good_files_are_imported_once_and_routing_uses_them() {
    let app = spawn_app().await;
    let dir = tempfile::tempdir().unwrap();
    let areas = dir.path().join("grids.geojson");
    std::fs::write(
        &areas,
        json!({"type": "FeatureCollection", "features": [grid_feature("HP-XH-HX-G9", 117.30, 39.20)]}).to_string(),
    )
    .unwrap();
    let deputies = dir.path().join("deputies.csv");
    std::fs::write(
        &deputies,
        "code,name_zh,name_en,level,constituency,status,stations,areas,specialties,profile_zh,profile_en\n\
         D-100,钱进,Qian Jin,district,和平区新华街道选区,active,XH-01,HP-XH-HX-G9,environment;health,区人大代表,District deputy\n",
    )
    .unwrap();
    let buildings = dir.path().join("buildings.csv");
    std::fs::write(
        &buildings,
        "code,name,address,grid
HP-XH-HX-G9-B1,新楼1号楼,和平区新路1号,HP-XH-HX-G9
",
    )
    .unwrap();
    let schedule = dir.path().join("schedule.csv");
    std::fs::write(
        &schedule,
        "station,date,start,end,deputies,note_zh,note_en
         XH-01,2027-01-05,9:00,11:30,D-100;D-001,新年接待日,New Year reception
",
    )
    .unwrap();
    let files = ImportFiles {
        areas: Some(areas),
        stations: None,
        deputies: Some(deputies),
        buildings: Some(buildings),
        schedule: Some(schedule),
    };
    let first = import(&app.storage, &files).await.unwrap();
    // The grid, its boundary, the building, the deputy, the reception day.
    assert_eq!(first.records.inserted, 5, "{first:?}");
    let again = import(&app.storage, &files).await.unwrap();
    assert_eq!((again.records.inserted, again.records.updated), (0, 0), "importing twice changes nothing: {again:?}");

    // A report in the new grid goes to its new contact deputy.
    let citizen = app.citizen_by_phone("13900000095").await["access_token"].as_str().unwrap().to_owned();
    let body = json!({"category": "environment", "description": "新网格的问题", "location": {"lat": 39.202, "lng": 117.302},
                      "channel": "mobile"});
    let created: Value = app.post_json("/api/v1/reports", Some(&citizen), &body).await.json().await.unwrap();
    let (_, admin) = app.signed_in(liaison::domain::access::Role::Admin, "admin", &[]).await;
    let detail: Value = app
        .get_as(&format!("/api/v1/reports/{}", created["id"].as_str().unwrap()), Some(&admin))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(detail["routing"]["deputy"]["code"], "D-100", "{detail}");

    // The reception day is public, in local time.
    let days: Value = app
        .client
        .get(app.url("/api/v1/stations/XH-01/reception-days?from=2027-01-05&days=1"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let day = &days["items"][0];
    assert_eq!(
        (day["date"].as_str(), day["start"].as_str(), day["end"].as_str()),
        (Some("2027-01-05"), Some("09:00"), Some("11:30"))
    );
    assert_eq!(day["starts_at"], "2027-01-05T01:00:00Z");
    let codes: Vec<&str> = day["deputies"].as_array().unwrap().iter().map(|d| d["code"].as_str().unwrap()).collect();
    assert_eq!(codes, ["D-001", "D-100"]);
}

#[tokio::test]
async fn a_bad_row_anywhere_names_its_file_and_line_and_nothing_is_written() {
    let app = spawn_app().await;
    let before = app.storage.export_reference_data().await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let areas = dir.path().join("grids.geojson");
    let mut broken = grid_feature("HP-XH-HX-G8", 117.30, 39.20);
    broken["geometry"]["coordinates"][0][4] = json!([117.5, 39.5]);
    std::fs::write(
        &areas,
        json!({"type": "FeatureCollection", "features": [grid_feature("HP-XH-HX-G7", 117.31, 39.21), broken]})
            .to_string(),
    )
    .unwrap();
    let deputies = dir.path().join("deputies.csv");
    std::fs::write(
        &deputies,
        "code,name_zh,name_en,level,constituency,status,stations,areas,specialties\n\
         D-101,甲,A,district,,active,XH-01,HP-XH-HX-G7,environment\n\
         D-102,乙,B,galactic,,active,XH-99,,\n\
         D-103,丙,C,district,,retired,XH-01,,\n",
    )
    .unwrap();
    let schedule = dir.path().join("schedule.csv");
    std::fs::write(
        &schedule,
        "station,date,start,end,deputies
         XH-01,2027-01-05,09:00,11:30,D-001
         XH-01,2027-01-06,11:00,10:00,D-404
         XH-01,Jan 7,25:00,11:00,D-001
",
    )
    .unwrap();
    let files = ImportFiles {
        areas: Some(areas),
        stations: None,
        deputies: Some(deputies),
        buildings: None,
        schedule: Some(schedule),
    };
    let Err(ImportError::Invalid(problems)) = import(&app.storage, &files).await else {
        panic!("the import must be refused")
    };
    let text = problems.join("\n");
    for expected in [
        "grids.geojson: feature #2: area `HP-XH-HX-G8`: boundary: polygon, outer ring: the ring is not closed",
        "deputies.csv:3: deputy `D-102`: level must be one of",
        "deputies.csv:3: deputy `D-102`: unknown station `XH-99`",
        "deputies.csv:4: `retired` is not a known DeputyStatus",
        "schedule.csv:3: reception day `XH-01 2027-01-06 11:00`: ends at 10:00 before it starts",
        "schedule.csv:3: reception day `XH-01 2027-01-06 11:00`: unknown deputy `D-404`",
        "schedule.csv:4: date `Jan 7` is not like 2026-12-01",
    ] {
        assert!(text.contains(expected), "missing {expected:?} in\n{text}");
    }
    // Nothing was written, not even the good rows.
    assert_eq!(app.storage.export_reference_data().await.unwrap(), before);
}

#[test]
fn the_import_command_refuses_bad_files_with_a_clear_message() {
    let dir = tempfile::tempdir().unwrap();
    let deputies = dir.path().join("deputies.csv");
    std::fs::write(&deputies, "code,name_zh,name_en,level\nD-1,甲,A,district,extra\n").unwrap();
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_liaison"))
        .args(["import", "--deputies"])
        .arg(&deputies)
        .env("LIAISON_DATA_DIR", dir.path())
        .env("LIAISON_CONFIG", dir.path().join("absent.toml"))
        .env_remove("DATABASE_URL")
        .env_remove("REDIS_URL")
        .output()
        .unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("nothing was imported") && stderr.contains("deputies.csv:2"), "{stderr}");
}

#[tokio::test]
async fn a_deputies_file_without_channels_keeps_the_channels_each_deputy_chose() {
    let app = spawn_app().await;
    let token = app.deputy_signed_in("D-003").await;
    let chosen = app
        .send_as(
            reqwest::Method::PUT,
            "/api/v1/deputies/D-003/notification-channels",
            &token,
            Some(&json!({"channels": ["sms", "webhook"]})),
        )
        .await;
    assert_eq!(chosen.status(), 200);
    let stored = app.storage.export_reference_data().await.unwrap();
    let mut row = stored.deputies.iter().find(|d| d.code == "D-003").unwrap().clone();
    let dir = tempfile::tempdir().unwrap();
    let deputies = dir.path().join("deputies.csv");
    row.constituency = "新选区".into();
    std::fs::write(
        &deputies,
        format!(
            "code,name_zh,name_en,level,constituency,status,stations,areas,specialties\n{},{},{},{},{},active,{},{},{}\n",
            row.code,
            row.name.zh,
            row.name.en,
            row.level,
            row.constituency,
            row.stations.join(";"),
            row.areas.join(";"),
            row.specialties.join(";"),
        ),
    )
    .unwrap();
    let files = ImportFiles { areas: None, stations: None, deputies: Some(deputies), buildings: None, schedule: None };
    let summary = import(&app.storage, &files).await.unwrap();
    assert_eq!(summary.records.updated, 1, "{summary:?}");
    let after = app.storage.export_reference_data().await.unwrap();
    let d003 = after.deputies.iter().find(|d| d.code == "D-003").unwrap();
    assert_eq!(d003.constituency, "新选区");
    let channels: Vec<&str> = d003.channels.iter().map(|c| c.as_str()).collect();
    assert_eq!(channels, ["sms", "webhook"]);
}
