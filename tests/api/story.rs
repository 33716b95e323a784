//! The whole loop as a deployment lives it, prepared only through the API and the command line: the first
//! administrator makes the accounts, a deputy binds their account with a code from the station, a citizen
//! files, the deputy's webhook arrives with a link, the deputy accepts and forwards, the unit replies through
//! its link, the deputy answers, the citizen rates and the report closes.

use chrono::Utc;
use serde_json::{Value, json};
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::helpers::{TEST_PASSWORD, spawn_app};
use crate::notifications::{relay, set_target};
use liaison::domain::access::Role;

/// The newest notice a webhook received at `at`.
async fn last_notice(hooks: &MockServer, at: &str) -> Value {
    let received = hooks.received_requests().await.unwrap();
    let request = received.iter().rev().find(|r| r.url.path() == at).expect("a notice arrived");
    serde_json::from_slice(&request.body).unwrap()
}

#[tokio::test]
async fn a_report_goes_round_the_loop_through_every_person_in_it() {
    let app = spawn_app().await;
    let hooks = MockServer::start().await;
    Mock::given(method("POST")).respond_with(ResponseTemplate::new(200)).mount(&hooks).await;

    // The administrator makes a staff account for the station and a deputy account not yet bound.
    let (_, staff) = app.signed_in(Role::Staff, "xh.staff", &["XH-01"]).await;
    let (_, deputy) = app.signed_in(Role::Deputy, "wang.deputy", &[]).await;
    set_target(&app, &app.admin, "handling-units/HP-CG", "webhook", &format!("{}/unit", hooks.uri())).await;

    // Staff hand the deputy a binding code; the deputy redeems it and says where they are reached.
    let code: Value =
        app.post_json("/api/v1/deputies/D-003/binding-codes", Some(&staff), &json!({})).await.json().await.unwrap();
    let bound =
        app.post_json("/api/v1/me/deputy-binding", Some(&deputy), &json!({"binding_code": code["binding_code"]})).await;
    assert_eq!(bound.status(), 200);
    set_target(&app, &deputy, "deputies/D-003", "webhook", &format!("{}/deputy", hooks.uri())).await;
    let channels = json!({"channels": ["webhook"]});
    let put = app
        .send_as(reqwest::Method::PUT, "/api/v1/deputies/D-003/notification-channels", &deputy, Some(&channels))
        .await;
    assert_eq!(put.status(), 200, "{}", put.text().await.unwrap());

    // A citizen files from the phone form the deputy's QR code opens.
    let citizen = app.citizen_by_phone("13900000123").await["access_token"].as_str().unwrap().to_owned();
    let filed = app
        .post_json(
            "/api/v1/reports",
            Some(&citizen),
            &json!({"category": "environment", "channel": "mobile",
            "description": "3号楼旁垃圾桶三天没清运", "deputy": "D-003", "station": "XH-01"}),
        )
        .await;
    assert_eq!(filed.status(), 201, "{}", filed.text().await.unwrap());
    let filed: Value = filed.json().await.unwrap();
    let (id, tracking) =
        (filed["id"].as_str().unwrap().to_owned(), filed["tracking_code"].as_str().unwrap().to_owned());

    // The deputy's webhook arrives with a link to the report in their workbench.
    relay(&app).run_once(Utc::now()).await.unwrap();
    let notice = last_notice(&hooks, "/deputy").await;
    assert_eq!(notice["kind"], "assigned");
    assert_eq!(notice["url"], format!("{}/deputy/#/reports/{id}", app.settings.public_url));

    let act = async |action: Value| {
        let response = app.post_json(&format!("/api/v1/reports/{id}/actions"), Some(&deputy), &action).await;
        assert_eq!(response.status(), 200, "{action}: {}", response.text().await.unwrap());
        response.json::<Value>().await.unwrap()
    };
    act(json!({"action": "accept"})).await;
    act(json!({"action": "forward", "unit": "HP-CG", "note": "请清运"})).await;

    // The unit replies through the link its notice carried, with no account.
    relay(&app).run_once(Utc::now()).await.unwrap();
    let unit_notice = last_notice(&hooks, "/unit").await;
    let token = unit_notice["url"].as_str().unwrap().rsplit_once('#').unwrap().1.to_owned();
    let replied =
        app.post_json(&format!("/api/v1/unit-links/{token}/reply"), None, &json!({"text": "已安排每日清运"})).await;
    assert_eq!(replied.status(), 200);

    let answered = act(json!({"action": "answer", "text": "城管委已安排每日清运。", "outcome": "resolved"})).await;
    assert_eq!(answered["status"], "answered");

    // The citizen reads the answer and rates it; the report closes.
    let rated = app
        .post_json(
            &format!("/api/v1/reports/track/{tracking}/actions"),
            None,
            &json!({"action": "rate", "verdict": "satisfied"}),
        )
        .await;
    assert_eq!(rated.status(), 200);
    let closed: Value = rated.json().await.unwrap();
    assert_eq!(closed["status"], "closed");
    let mine: Value = app.get_as("/api/v1/me/reports", Some(&citizen)).await.json().await.unwrap();
    assert_eq!(mine["items"][0]["status"], "closed", "{mine}");

    // Every step is on the record, each by whoever took it.
    let admin =
        app.login(crate::helpers::ADMIN_USERNAME, TEST_PASSWORD).await["access_token"].as_str().unwrap().to_owned();
    let detail: Value = app.get_as(&format!("/api/v1/reports/{id}"), Some(&admin)).await.json().await.unwrap();
    let actors: Vec<&str> =
        detail["timeline"].as_array().unwrap().iter().filter_map(|e| e["actor_kind"].as_str()).collect();
    for who in ["deputy", "unit", "citizen"] {
        assert!(actors.contains(&who), "{who} in {actors:?}");
    }
}
