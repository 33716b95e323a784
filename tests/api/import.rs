//! Directory files in (`POST /api/v1/directory/import`, the console's import, and `liaison import`), all or
//! nothing, with every problem named by file and line.

use serde_json::{Value, json};

use crate::helpers::{TestApp, assert_problem, spawn_app};

/// Uploads `files` (part name, contents) as an administrator.
pub async fn upload(app: &TestApp, files: &[(&str, String)], dry_run: bool) -> reqwest::Response {
    let mut form = reqwest::multipart::Form::new();
    for (name, text) in files {
        form =
            form.part(name.to_string(), reqwest::multipart::Part::text(text.clone()).file_name(format!("{name}.txt")));
    }
    app.client
        .post(app.url(&format!("/api/v1/directory/import?dry_run={dry_run}")))
        .bearer_auth(&app.admin)
        .multipart(form)
        .send()
        .await
        .unwrap()
}

async fn imported(app: &TestApp, files: &[(&str, String)]) -> Value {
    let response = upload(app, files, false).await;
    assert_eq!(response.status(), 200, "{}", response.text().await.unwrap());
    response.json().await.unwrap()
}

fn grid_feature(code: &str, lng: f64, lat: f64) -> Value {
    let ring = json!([[lng, lat], [lng + 0.004, lat], [lng + 0.004, lat + 0.004], [lng, lat + 0.004], [lng, lat]]);
    json!({"type": "Feature", "properties": {"code": code, "parent": "HP-XH-HX", "name_zh": "新网格", "name_en": "New grid"},
           "geometry": {"type": "Polygon", "coordinates": [ring]}})
}

#[tokio::test]
async fn good_files_are_imported_once_and_routing_uses_them() {
    let app = spawn_app().await;
    let files = [
        ("areas", json!({"type": "FeatureCollection", "features": [grid_feature("HP-XH-HX-G9", 117.30, 39.20)]}).to_string()),
        (
            "deputies",
            "code,name_zh,name_en,level,constituency,status,stations,areas,specialties,profile_zh,profile_en\n\
             D-100,钱进,Qian Jin,district,和平区新华街道选区,active,XH-01,HP-XH-HX-G9,environment;health,区人大代表,District deputy\n"
                .to_owned(),
        ),
        ("buildings", "code,name,address,grid\nHP-XH-HX-G9-B1,新楼1号楼,和平区新路1号,HP-XH-HX-G9\n".to_owned()),
        (
            "schedule",
            "station,date,start,end,deputies,note_zh,note_en\n\
             XH-01,2027-01-05,9:00,11:30,D-100;D-001,新年接待日,New Year reception\n"
                .to_owned(),
        ),
    ];
    // A dry run checks and writes nothing.
    let checked: Value = upload(&app, &files, true).await.json().await.unwrap();
    assert_eq!(checked["dry_run"], true);
    assert_eq!(checked["read"], json!({"areas": 1, "stations": 0, "deputies": 1, "buildings": 1, "reception_days": 1}));
    assert_eq!(checked["written"], Value::Null);
    assert!(app.storage.find_deputy("D-100").await.unwrap().is_none());
    let first = imported(&app, &files).await;
    // The grid, its boundary, the building, the deputy, the reception day.
    assert_eq!(first["written"]["inserted"], 5, "{first}");
    let again = imported(&app, &files).await;
    assert_eq!(
        (&again["written"]["inserted"], &again["written"]["updated"]),
        (&json!(0), &json!(0)),
        "importing twice changes nothing: {again}"
    );
    // The import is on the record.
    let audit: Value =
        app.get_as("/api/v1/audit?action=directory.import", Some(&app.admin)).await.json().await.unwrap();
    assert_eq!(audit["items"].as_array().map(Vec::len), Some(2), "{audit}");

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
    let mut broken = grid_feature("HP-XH-HX-G8", 117.30, 39.20);
    broken["geometry"]["coordinates"][0][4] = json!([117.5, 39.5]);
    let files = [
        (
            "areas",
            json!({"type": "FeatureCollection", "features": [grid_feature("HP-XH-HX-G7", 117.31, 39.21), broken]})
                .to_string(),
        ),
        (
            "deputies",
            "code,name_zh,name_en,level,constituency,status,stations,areas,specialties\n\
             D-101,甲,A,district,,active,XH-01,HP-XH-HX-G7,environment\n\
             D-102,乙,B,galactic,,active,XH-99,,\n\
             D-103,丙,C,district,,retired,XH-01,,\n\
             D-104,丁,D,district\n"
                .to_owned(),
        ),
        (
            "schedule",
            "station,date,start,end,deputies
             XH-01,2027-01-05,09:00,11:30,D-001
             XH-01,2027-01-06,11:00,10:00,D-404
             XH-01,Jan 7,25:00,11:00,D-001
"
            .to_owned(),
        ),
    ];
    for dry_run in [true, false] {
        let refused = assert_problem(upload(&app, &files, dry_run).await, 422, "import_invalid").await;
        let problems: Vec<(String, Option<u64>, Option<u64>, String)> = refused["problems"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| {
                (
                    p["file"].as_str().unwrap_or_default().to_owned(),
                    p["line"].as_u64(),
                    p["feature"].as_u64(),
                    p["message"].as_str().unwrap().to_owned(),
                )
            })
            .collect();
        let has = |file: &str, line: Option<u64>, feature: Option<u64>, message: &str| {
            problems.iter().any(|p| p.0 == file && p.1 == line && p.2 == feature && p.3.contains(message))
        };
        for (file, line, feature, message) in [
            ("areas", None, Some(2), "area `HP-XH-HX-G8`: boundary: polygon, outer ring: the ring is not closed"),
            ("deputies", Some(3), None, "deputy `D-102`: level must be one of"),
            ("deputies", Some(3), None, "deputy `D-102`: unknown station `XH-99`"),
            ("deputies", Some(4), None, "`retired` is not a known DeputyStatus"),
            ("deputies", Some(5), None, "4 fields, but the header has 9"),
            ("schedule", Some(3), None, "reception day `XH-01 2027-01-06 11:00`: ends at 10:00 before it starts"),
            ("schedule", Some(3), None, "reception day `XH-01 2027-01-06 11:00`: unknown deputy `D-404`"),
            ("schedule", Some(4), None, "date `Jan 7` is not like 2026-12-01"),
        ] {
            assert!(
                has(file, line, feature, message),
                "missing {file}:{line:?}/{feature:?} {message:?} in {problems:#?}"
            );
        }
    }
    // Only administrators import; a form with a part of another name is refused.
    let (_, staff) = app.signed_in(liaison::domain::access::Role::Staff, "xh-staff", &["XH-01"]).await;
    let form = reqwest::multipart::Form::new().part("buildings", reqwest::multipart::Part::text("code,name\n"));
    let response =
        app.client.post(app.url("/api/v1/directory/import")).bearer_auth(&staff).multipart(form).send().await.unwrap();
    assert_problem(response, 403, "forbidden").await;
    assert_problem(upload(&app, &[("grids", "{}".to_owned())], false).await, 422, "validation_failed").await;
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
    let text = std::fs::read_to_string(&deputies).unwrap();
    let summary = imported(&app, &[("deputies", text)]).await;
    assert_eq!(summary["written"]["updated"], 1, "{summary}");
    let after = app.storage.export_reference_data().await.unwrap();
    let d003 = after.deputies.iter().find(|d| d.code == "D-003").unwrap();
    assert_eq!(d003.constituency, "新选区");
    let channels: Vec<&str> = d003.channels.iter().map(|c| c.as_str()).collect();
    assert_eq!(channels, ["sms", "webhook"]);
}
