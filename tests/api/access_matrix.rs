//! Who reaches what: every role × endpoint × own/other station/other citizen. Objects a caller may not see
//! answer exactly as objects that do not exist.

use liaison::domain::access::Role;
use liaison::storage::entities::report;
use sea_orm::{ActiveModelTrait, EntityTrait, IntoActiveModel, Set};
use serde_json::{Value, json};

use crate::helpers::{TestApp, bearer_client, enroll_kiosk, spawn_app};

struct Cast {
    citizen: String,
    other_citizen: String,
    kiosk_a: String,
    kiosk_b: String,
    staff_a: String,
    staff_b: String,
    deputy: String,
    other_deputy: String,
    admin: String,
}

async fn cast(app: &TestApp) -> (Cast, uuid::Uuid) {
    let citizen = app.citizen_by_phone("13900000011").await["access_token"].as_str().unwrap().to_owned();
    let other_citizen = app.citizen_by_phone("13900000012").await["access_token"].as_str().unwrap().to_owned();
    let kiosk_a = enroll_kiosk(&app.client, &app.address, &app.admin, "XH-01").await;
    let kiosk_b = enroll_kiosk(&app.client, &app.address, &app.admin, "NH-01").await;
    let (_, staff_a) = app.signed_in(Role::Staff, "staff.a", &["XH-01"]).await;
    let (_, staff_b) = app.signed_in(Role::Staff, "staff.b", &["NH-01"]).await;
    // Deputies sign in with accounts bound to their directory entries (demo deputies D-015 and D-014).
    let (_, deputy) = app.deputy_account("deputy.a", "D-015", &["XH-01"]).await;
    let (_, other_deputy) = app.deputy_account("deputy.b", "D-014", &["XH-01"]).await;
    let deputy_id = app.storage.find_deputy("D-015").await.unwrap().unwrap().id;
    let (_, admin) = app.signed_in(Role::Admin, "admin", &[]).await;
    let cast = Cast { citizen, other_citizen, kiosk_a, kiosk_b, staff_a, staff_b, deputy, other_deputy, admin };
    (cast, deputy_id)
}

/// Every caller, with a name for failure messages.
fn callers(c: &Cast) -> Vec<(&'static str, Option<&str>)> {
    vec![
        ("anonymous", None),
        ("citizen", Some(&c.citizen)),
        ("other citizen", Some(&c.other_citizen)),
        ("kiosk A", Some(&c.kiosk_a)),
        ("kiosk B", Some(&c.kiosk_b)),
        ("staff A", Some(&c.staff_a)),
        ("staff B", Some(&c.staff_b)),
        ("deputy", Some(&c.deputy)),
        ("other deputy", Some(&c.other_deputy)),
        ("admin", Some(&c.admin)),
    ]
}

async fn status(app: &TestApp, method: &str, path: &str, token: Option<&str>, body: Option<&Value>) -> u16 {
    let mut request = match method {
        "GET" => app.client.get(app.url(path)),
        "POST" => app.client.post(app.url(path)),
        "DELETE" => app.client.delete(app.url(path)),
        other => panic!("{other}"),
    };
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    if let Some(body) = body {
        request = request.json(body);
    }
    request.send().await.unwrap().status().as_u16()
}

#[tokio::test]
async fn no_object_is_reachable_by_anyone_who_should_not_reach_it() {
    let app = spawn_app().await;
    let (c, deputy_id) = cast(&app).await;

    // A citizen's report at station A, with a phone number, assigned to `deputy`.
    let filed = app
        .post_json(
            "/api/v1/reports",
            Some(&c.citizen),
            &json!({"category": "environment", "description": "楼道灯坏了", "station": "XH-01", "channel": "mobile",
                    "contact": {"phone": "13812341234"}, "consent": {"personal_info": true}}),
        )
        .await;
    assert_eq!(filed.status(), 201);
    let r1: Value = filed.json().await.unwrap();
    let r1 = r1["id"].as_str().unwrap().to_owned();
    let row = report::Entity::find_by_id(r1.parse::<uuid::Uuid>().unwrap()).one(app.storage.reader()).await.unwrap();
    let mut row = row.unwrap().into_active_model();
    row.assigned_deputy_id = Set(Some(deputy_id));
    row.update(&app.connect().await).await.unwrap();
    // A kiosk report at station B.
    let r2 = bearer_client(&c.kiosk_b)
        .post(app.url("/api/v1/reports"))
        .json(&json!({"category": "environment", "description": "垃圾桶满了", "channel": "kiosk"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r2.status(), 201);
    let r2: Value = r2.json().await.unwrap();
    let r2 = r2["id"].as_str().unwrap().to_owned();
    // Assigned to a third deputy, whatever routing chose.
    let third = app.storage.find_deputy("D-009").await.unwrap().unwrap().id;
    let mut row = report::Entity::find_by_id(r2.parse::<uuid::Uuid>().unwrap())
        .one(app.storage.reader())
        .await
        .unwrap()
        .unwrap()
        .into_active_model();
    row.assigned_deputy_id = Set(Some(third));
    row.update(&app.connect().await).await.unwrap();

    let show = format!("/api/v1/reports/{r1}");
    let unmask = format!("/api/v1/reports/{r1}/contact/unmask");
    let reason = json!({"reason": "回访核实"});
    let new_kiosk = json!({"label": "二号机"});
    let new_account = json!({"username": "new.staff", "display_name": "新同事", "role": "staff",
                             "password": "a-long-enough-password", "stations": ["XH-01"]});
    let missing = format!("/api/v1/reports/{}", uuid::Uuid::now_v7());
    let show_r2 = format!("/api/v1/reports/{r2}");

    //                 anon citizen other kioskA kioskB staffA staffB deputy odeputy admin
    let table: Vec<(&str, &str, Option<&Value>, [u16; 10])> = vec![
        ("GET", &show, None, [401, 200, 404, 404, 404, 200, 404, 200, 404, 200]),
        ("GET", &show_r2, None, [401, 404, 404, 404, 404, 404, 200, 404, 404, 200]),
        ("GET", &missing, None, [401, 404, 404, 404, 404, 404, 404, 404, 404, 404]),
        ("POST", &unmask, Some(&reason), [401, 403, 404, 404, 404, 200, 404, 200, 404, 403]),
        ("GET", "/api/v1/me/reports", None, [401, 200, 200, 403, 403, 403, 403, 403, 403, 403]),
        ("GET", "/api/v1/me", None, [401, 200, 200, 200, 200, 200, 200, 200, 200, 200]),
        ("GET", "/api/v1/stations/XH-01/reports", None, [401, 403, 403, 403, 403, 200, 403, 403, 403, 200]),
        ("GET", "/api/v1/stations/XH-01/kiosks", None, [401, 403, 403, 403, 403, 200, 403, 403, 403, 200]),
        ("POST", "/api/v1/stations/XH-01/kiosks", Some(&new_kiosk), [401, 403, 403, 403, 403, 201, 403, 403, 403, 201]),
        ("GET", "/api/v1/accounts", None, [401, 403, 403, 403, 403, 403, 403, 403, 403, 200]),
        ("GET", "/api/v1/audit", None, [401, 403, 403, 403, 403, 403, 403, 403, 403, 200]),
        ("POST", "/api/v1/accounts", Some(&new_account), [401, 403, 403, 403, 403, 403, 403, 403, 403, 201]),
    ];
    let mut wrong = Vec::new();
    for (method, path, body, expected) in &table {
        for ((who, token), want) in callers(&c).into_iter().zip(expected) {
            let got = status(&app, method, path, token, *body).await;
            if got != *want {
                wrong.push(format!("{method} {path} as {who}: {got}, expected {want}"));
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));

    // Lists show only what is in scope.
    let mine: Value = app.get_as("/api/v1/me/reports", Some(&c.citizen)).await.json().await.unwrap();
    let ids: Vec<&str> = mine["items"].as_array().unwrap().iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert_eq!(ids, vec![r1.as_str()]);
    let theirs: Value = app.get_as("/api/v1/me/reports", Some(&c.other_citizen)).await.json().await.unwrap();
    assert_eq!(theirs["items"], json!([]));
    let station_a: Value = app.get_as("/api/v1/stations/XH-01/reports", Some(&c.staff_a)).await.json().await.unwrap();
    let ids: Vec<&str> = station_a["items"].as_array().unwrap().iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert_eq!(ids, vec![r1.as_str()]);
}

#[tokio::test]
async fn the_report_view_masks_the_phone_and_unmasking_is_audited() {
    let app = spawn_app().await;
    let (c, deputy_id) = cast(&app).await;
    let filed: Value = app
        .post_json(
            "/api/v1/reports",
            Some(&c.citizen),
            &json!({"category": "environment", "description": "楼道灯坏了", "station": "XH-01", "channel": "mobile",
                    "contact": {"name": "王阿姨", "phone": "13812341234"}, "consent": {"personal_info": true}}),
        )
        .await
        .json()
        .await
        .unwrap();
    let id = filed["id"].as_str().unwrap();

    for token in [&c.citizen, &c.staff_a, &c.admin] {
        let view = app.get_as(&format!("/api/v1/reports/{id}"), Some(token)).await;
        let text = view.text().await.unwrap();
        assert!(!text.contains("13812341234"), "{text}");
        let view: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(view["contact"]["phone"], "138****1234");
        assert_eq!(view["contact"]["name"], "王阿姨");
        assert_eq!(view["station"]["code"], "XH-01");
        assert_eq!(view["description"], "楼道灯坏了");
    }

    let path = format!("/api/v1/reports/{id}/contact/unmask");
    crate::helpers::assert_problem(app.post_json(&path, Some(&c.staff_a), &json!({})).await, 422, "validation_failed")
        .await;
    crate::helpers::assert_problem(
        app.post_json(&path, Some(&c.staff_a), &json!({"reason": " "})).await,
        422,
        "validation_failed",
    )
    .await;
    let unmasked = app.post_json(&path, Some(&c.staff_a), &json!({"reason": "回访核实处理结果"})).await;
    assert_eq!(unmasked.status(), 200);
    let unmasked: Value = unmasked.json().await.unwrap();
    assert_eq!(unmasked["phone"], "13812341234");

    let audit: Value = app.get_as(&format!("/api/v1/audit?report_id={id}"), Some(&c.admin)).await.json().await.unwrap();
    let entries = audit["items"].as_array().unwrap();
    assert_eq!(entries.len(), 1, "{audit}");
    assert_eq!(entries[0]["action"], "contact.unmask");
    assert_eq!(entries[0]["actor_kind"], "staff");
    assert_eq!(entries[0]["reason"], "回访核实处理结果");
    assert_eq!(entries[0]["report_id"], id);
    assert!(entries[0]["actor_id"].is_string());

    // The assigned deputy may unmask too; the log grows by one.
    let mut row = report::Entity::find_by_id(id.parse::<uuid::Uuid>().unwrap())
        .one(app.storage.reader())
        .await
        .unwrap()
        .unwrap()
        .into_active_model();
    row.assigned_deputy_id = Set(Some(deputy_id));
    row.update(&app.connect().await).await.unwrap();
    assert_eq!(app.post_json(&path, Some(&c.deputy), &json!({"reason": "电话回访"})).await.status(), 200);
    let audit: Value = app.get_as(&format!("/api/v1/audit?report_id={id}"), Some(&c.admin)).await.json().await.unwrap();
    assert_eq!(audit["items"][0]["actor_kind"], "deputy");
    assert_eq!(audit["items"].as_array().unwrap().len(), 2);

    // The log is append-only: the database itself refuses to change or delete an entry.
    let db = app.connect().await;
    use sea_orm::ConnectionTrait;
    assert!(db.execute_unprepared("UPDATE audit_log SET reason = 'nothing to see'").await.is_err());
    assert!(db.execute_unprepared("DELETE FROM audit_log").await.is_err());

    // A report without a phone has nothing to unmask.
    let bare: Value = app
        .post_json(
            "/api/v1/reports",
            Some(&c.citizen),
            &json!({"category": "environment", "description": "无电话", "station": "XH-01", "channel": "mobile"}),
        )
        .await
        .json()
        .await
        .unwrap();
    let bare_path = format!("/api/v1/reports/{}/contact/unmask", bare["id"].as_str().unwrap());
    crate::helpers::assert_problem(
        app.post_json(&bare_path, Some(&c.staff_a), &json!({"reason": "回访"})).await,
        404,
        "no_contact_phone",
    )
    .await;
}
