//! What the station console needs from the server: each deputy's load (`/stations/{code}/workload`), and the
//! supervisors' lists naming every report's deputy, handling unit and pending extension (and only theirs: a
//! citizen's and a deputy's lists leave them out).

use chrono::Duration;
use serde_json::{Value, json};

use crate::helpers::{TestApp, spawn_app};
use liaison::domain::access::Role;

async fn file(app: &TestApp, extra: Value) -> String {
    let mut report = json!({"category": "environment", "description": "3号楼旁垃圾桶三天没清运", "station": "XH-01",
                            "channel": "kiosk"});
    for (k, v) in extra.as_object().unwrap() {
        report[k] = v.clone();
    }
    let created: Value = app.post_report(&report).await.json().await.unwrap();
    created["id"].as_str().unwrap().to_owned()
}

fn line<'a>(list: &'a Value, id: &str) -> &'a Value {
    list["items"].as_array().unwrap().iter().find(|r| r["id"] == id).unwrap()
}

fn load<'a>(list: &'a Value, code: &str) -> &'a Value {
    list["items"].as_array().unwrap().iter().find(|d| d["code"] == code).unwrap()
}

#[tokio::test]
async fn a_stations_workload_counts_each_deputys_open_and_overdue_reports() {
    let app = spawn_app().await;
    let (_, staff) = app.signed_in(Role::Staff, "xh-staff", &["XH-01"]).await;
    let (_, nh_staff) = app.signed_in(Role::Staff, "nh-staff", &["NH-01"]).await;
    let (_, committee) = app.signed_in(Role::Committee, "gongwei", &[]).await;
    let deputy = app.deputy_signed_in("D-003").await;

    let before: Value = app.get_as("/api/v1/stations/XH-01/workload", Some(&staff)).await.json().await.unwrap();
    let d003 = load(&before, "D-003");
    assert_eq!((d003["open_reports"].as_u64(), d003["overdue_reports"].as_u64()), (Some(0), Some(0)));
    assert_eq!(d003["bound"], true);
    assert_eq!(load(&before, "D-004")["bound"], false);
    assert!(
        before["items"].as_array().unwrap().iter().all(|d| d["code"] != "D-009"),
        "NH-01's deputies are not XH-01's"
    );

    let first = file(&app, json!({"deputy": "D-003"})).await;
    file(&app, json!({"deputy": "D-003"})).await;
    app.act_ok(&deputy, &first, json!({"action": "accept"})).await;
    let now: Value = app.get_as("/api/v1/stations/XH-01/workload", Some(&staff)).await.json().await.unwrap();
    assert_eq!(load(&now, "D-003")["open_reports"], 2);
    assert_eq!(load(&now, "D-003")["overdue_reports"], 0);
    assert!(load(&now, "D-003")["last_assigned_at"].is_string());

    // Supervisors of the station only.
    assert_eq!(app.get_as("/api/v1/stations/XH-01/workload", Some(&committee)).await.status(), 200);
    assert_eq!(app.get_as("/api/v1/stations/XH-01/workload", Some(&nh_staff)).await.status(), 403);
    assert_eq!(app.get_as("/api/v1/stations/XH-01/workload", Some(&deputy)).await.status(), 403);
    assert_eq!(app.get_as("/api/v1/stations/ZZ-99/workload", Some(&staff)).await.status(), 404);

    // Past the second one's accept deadline (the first, accepted, is due later).
    app.clock.advance(Duration::days(9));
    let admin = app.admin_now().await;
    let later: Value = app.get_as("/api/v1/stations/XH-01/workload", Some(&admin)).await.json().await.unwrap();
    assert!(load(&later, "D-003")["overdue_reports"].as_u64() >= Some(1), "{later}");
}

#[tokio::test]
async fn supervisors_lists_name_the_deputy_the_unit_and_a_pending_extension() {
    let app = spawn_app().await;
    let (_, staff) = app.signed_in(Role::Staff, "xh-staff", &["XH-01"]).await;
    let deputy = app.deputy_signed_in("D-003").await;
    let id = file(&app, json!({"deputy": "D-003"})).await;
    app.act_ok(&deputy, &id, json!({"action": "accept"})).await;
    app.act_ok(&deputy, &id, json!({"action": "forward", "unit": "HP-CG"})).await;
    app.act_ok(&deputy, &id, json!({"action": "request_extension", "working_days": 5, "reason": "需协调物业"})).await;
    let returned = file(&app, json!({"category": "legal_petition"})).await;

    let list: Value = app.get_as("/api/v1/stations/XH-01/reports", Some(&staff)).await.json().await.unwrap();
    let item = line(&list, &id);
    assert_eq!(item["deputy"]["code"], "D-003");
    assert_eq!(item["handling_unit"]["code"], "HP-CG");
    assert_eq!(item["extension_pending_days"], 5);
    let triage = line(&list, &returned);
    assert!(triage.get("deputy").is_none() && triage.get("handling_unit").is_none(), "{triage}");
    let queue: Value = app.get_as("/api/v1/stations/XH-01/triage", Some(&staff)).await.json().await.unwrap();
    assert!(line(&queue, &returned).get("extension_pending_days").is_none());

    // A deputy's inbox leaves them out.
    let inbox: Value = app.get_as("/api/v1/me/inbox", Some(&deputy)).await.json().await.unwrap();
    let mine = line(&inbox, &id);
    assert!(
        mine.get("deputy").is_none()
            && mine.get("handling_unit").is_none()
            && mine.get("extension_pending_days").is_none()
    );

    // The overdue board names them too.
    app.clock.advance(Duration::days(30));
    let admin = app.admin_now().await;
    let board: Value = app.get_as("/api/v1/overdue?station=XH-01", Some(&admin)).await.json().await.unwrap();
    let late = line(&board, &id);
    assert_eq!(
        (late["deputy"]["code"].as_str(), late["handling_unit"]["code"].as_str()),
        (Some("D-003"), Some("HP-CG"))
    );
}
