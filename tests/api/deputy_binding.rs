//! Tying accounts to directory deputies through the public surface only: account creation with a deputy
//! code, one-time binding codes from the deputy's station, the command line, the deputies CSV, unbinding,
//! and a deputy who left losing every right at once.

use reqwest::Method;
use serde_json::{Value, json};

use crate::helpers::{TEST_PASSWORD, TestApp, cli, spawn_app};
use liaison::domain::access::Role;

async fn code_for(app: &TestApp, token: &str, deputy: &str) -> reqwest::Response {
    app.post_json(&format!("/api/v1/deputies/{deputy}/binding-codes"), Some(token), &json!({})).await
}

async fn redeem(app: &TestApp, token: &str, code: &str) -> reqwest::Response {
    app.post_json("/api/v1/me/deputy-binding", Some(token), &json!({"binding_code": code})).await
}

async fn problem_code(response: reqwest::Response) -> (u16, String) {
    let status = response.status().as_u16();
    assert_eq!(response.headers()["content-type"], "application/problem+json");
    let body: Value = response.json().await.unwrap();
    (status, body["code"].as_str().unwrap_or_default().to_owned())
}

async fn me(app: &TestApp, token: &str) -> Value {
    let response = app.get_as("/api/v1/me", Some(token)).await;
    assert_eq!(response.status(), 200);
    response.json().await.unwrap()
}

/// Files a report the kiosk routes to the deputy with this code (the deputy's QR code pre-fills it).
async fn report_for(app: &TestApp, deputy: &str) -> String {
    let body = json!({"channel": "kiosk", "category": "environment", "description": "楼道堆放杂物，影响通行",
                      "station": "XH-01", "deputy": deputy});
    let response = app.post_report(&body).await;
    assert_eq!(response.status(), 201, "{}", response.text().await.unwrap());
    response.json::<Value>().await.unwrap()["id"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn a_deputy_binds_with_a_code_from_their_station_and_then_acts() {
    let app = spawn_app().await;
    let (_, staff) = app.signed_in(Role::Staff, "staff.xh", &["XH-01"]).await;
    let (_, deputy) = app.signed_in(Role::Deputy, "wang.deputy", &[]).await;
    let report = report_for(&app, "D-002").await;

    // Not bound yet: no deputy, and the report assigned to D-002 is not theirs.
    assert_eq!(me(&app, &deputy).await["deputy"], Value::Null);
    let refused =
        app.post_json(&format!("/api/v1/reports/{report}/actions"), Some(&deputy), &json!({"action": "accept"})).await;
    assert_eq!(refused.status(), 404);

    let made = code_for(&app, &staff, "D-002").await;
    assert_eq!(made.status(), 201);
    let made: Value = made.json().await.unwrap();
    let code = made["binding_code"].as_str().unwrap().to_owned();
    assert_eq!(made["deputy"], "D-002");
    assert!(made["url"].as_str().unwrap().ends_with(&format!("/deputy/#/bind/{code}")), "{made}");
    assert!(made["qr_svg"].as_str().unwrap().contains("<svg"));

    // Typed as a person would: lower case, spaces.
    let typed = format!(" {} ", code.to_lowercase());
    let bound = redeem(&app, &deputy, &typed).await;
    assert_eq!(bound.status(), 200);
    let bound: Value = bound.json().await.unwrap();
    assert_eq!(bound, json!({"deputy": "D-002", "replaced_previous_account": false}));
    let now = me(&app, &deputy).await;
    assert_eq!(now["deputy"], "D-002");
    assert!(now["stations"].as_array().unwrap().contains(&json!("XH-01")), "the deputy's stations: {now}");

    // The same token acts for the deputy now.
    let inbox: Value = app.get_as("/api/v1/me/inbox", Some(&deputy)).await.json().await.unwrap();
    assert!(inbox["items"].as_array().unwrap().iter().any(|r| r["id"] == report.as_str()), "{inbox}");
    let accepted =
        app.post_json(&format!("/api/v1/reports/{report}/actions"), Some(&deputy), &json!({"action": "accept"})).await;
    assert_eq!(accepted.status(), 200, "{}", accepted.text().await.unwrap());

    // A code works once.
    let (_, other) = app.signed_in(Role::Deputy, "li.deputy", &[]).await;
    assert_eq!(problem_code(redeem(&app, &other, &code).await).await, (409, "binding_code_used".into()));

    // Both steps are on the record.
    let audit: Value = app.get_as("/api/v1/audit?subject=deputy:D-002", Some(&app.admin)).await.json().await.unwrap();
    let actions: Vec<&str> = audit["items"].as_array().unwrap().iter().filter_map(|e| e["action"].as_str()).collect();
    assert!(actions.contains(&"deputy.binding_code.create") && actions.contains(&"deputy.bind"), "{actions:?}");
}

#[tokio::test]
async fn bad_binding_codes_get_problems() {
    let app = spawn_app().await;
    let (_, staff) = app.signed_in(Role::Staff, "staff.xh", &["XH-01"]).await;
    let (_, staff_nh) = app.signed_in(Role::Staff, "staff.nh", &["NH-01"]).await;
    let (_, deputy) = app.signed_in(Role::Deputy, "wang.deputy", &[]).await;

    assert_eq!(problem_code(redeem(&app, &deputy, "7KQ9M-3XDP2").await).await, (422, "binding_code_invalid".into()));
    assert_eq!(problem_code(redeem(&app, &deputy, "not a code").await).await, (422, "binding_code_invalid".into()));
    let empty = app.post_json("/api/v1/me/deputy-binding", Some(&deputy), &json!({})).await;
    assert_eq!(problem_code(empty).await, (422, "validation_failed".into()));
    let anonymous = app.post_json("/api/v1/me/deputy-binding", None, &json!({"binding_code": "7KQ9M-3XDP2"})).await;
    assert_eq!(problem_code(anonymous).await, (401, "unauthenticated".into()));

    // Only staff of the deputy's station (and administrators) make codes.
    assert_eq!(problem_code(code_for(&app, &staff_nh, "D-002").await).await, (403, "forbidden".into()));
    assert_eq!(problem_code(code_for(&app, &deputy, "D-002").await).await, (403, "forbidden".into()));
    assert_eq!(problem_code(code_for(&app, &staff, "D-999").await).await, (404, "deputy_not_found".into()));

    // A code expires.
    let made: Value = code_for(&app, &staff, "D-002").await.json().await.unwrap();
    app.clock.advance(chrono::Duration::hours(73));
    let deputy = app.login("wang.deputy", TEST_PASSWORD).await["access_token"].as_str().unwrap().to_owned();
    let late = redeem(&app, &deputy, made["binding_code"].as_str().unwrap()).await;
    assert_eq!(problem_code(late).await, (422, "binding_code_expired".into()));

    // Staff cannot become a deputy.
    let staff = app.login("staff.xh", TEST_PASSWORD).await["access_token"].as_str().unwrap().to_owned();
    let made: Value = code_for(&app, &staff, "D-003").await.json().await.unwrap();
    let staff_tries = redeem(&app, &staff, made["binding_code"].as_str().unwrap()).await;
    assert_eq!(problem_code(staff_tries).await, (409, "role_cannot_bind".into()));
}

#[tokio::test]
async fn a_citizen_account_redeeming_a_code_becomes_the_deputys_and_takes_over() {
    let app = spawn_app().await;
    // The deputy had a password account; now they use their phone.
    let (_, old) = app.deputy_account("wang.old", "D-003", &[]).await;
    let phone = app.citizen_by_phone("13900000077").await["access_token"].as_str().unwrap().to_owned();
    let made: Value = code_for(&app, &app.admin, "D-003").await.json().await.unwrap();
    let bound = redeem(&app, &phone, made["binding_code"].as_str().unwrap()).await;
    assert_eq!(bound.status(), 200);
    assert_eq!(bound.json::<Value>().await.unwrap()["replaced_previous_account"], true);
    let now = me(&app, &phone).await;
    assert_eq!((now["role"].as_str(), now["deputy"].as_str()), (Some("deputy"), Some("D-003")));
    assert_eq!(me(&app, &old).await["deputy"], Value::Null, "the old account no longer acts for D-003");

    // An account acts for one deputy only.
    let made: Value = code_for(&app, &app.admin, "D-004").await.json().await.unwrap();
    let second = redeem(&app, &phone, made["binding_code"].as_str().unwrap()).await;
    assert_eq!(problem_code(second).await, (409, "account_already_bound".into()));
}

#[tokio::test]
async fn accounts_are_made_for_a_deputy_and_unbound_on_the_record() {
    let app = spawn_app().await;
    let (id, deputy) = app.deputy_account("wang.deputy", "D-005", &[]).await;
    let accounts: Value = app.get_as("/api/v1/accounts", Some(&app.admin)).await.json().await.unwrap();
    let listed = accounts["items"].as_array().unwrap().iter().find(|a| a["id"] == id.to_string()).unwrap();
    assert_eq!(listed["deputy"], "D-005");

    let body = |username: &str, role: &str, deputy: &str| json!({"username": username, "display_name": "代表", "role": role, "password": TEST_PASSWORD, "deputy": deputy});
    let taken = app.post_json("/api/v1/accounts", Some(&app.admin), &body("li.deputy", "deputy", "D-005")).await;
    assert_eq!(problem_code(taken).await, (409, "deputy_already_bound".into()));
    let unknown = app.post_json("/api/v1/accounts", Some(&app.admin), &body("li.deputy", "deputy", "D-999")).await;
    assert_eq!(problem_code(unknown).await, (422, "unknown_deputy".into()));
    let staff = app.post_json("/api/v1/accounts", Some(&app.admin), &body("li.staff", "staff", "D-006")).await;
    assert_eq!(problem_code(staff).await, (422, "validation_failed".into()));
    // Nothing half-made: the refused usernames are free.
    app.create_account(Role::Deputy, "li.deputy", TEST_PASSWORD, &[]).await;

    let (_, staff_nh) = app.signed_in(Role::Staff, "staff.nh", &["NH-01"]).await;
    let foreign = app.send_as(Method::DELETE, "/api/v1/deputies/D-005/account", &staff_nh, None).await;
    assert_eq!(problem_code(foreign).await, (403, "forbidden".into()));
    let (_, staff) = app.signed_in(Role::Staff, "staff.xh", &["XH-01"]).await;
    let unbound = app.send_as(Method::DELETE, "/api/v1/deputies/D-005/account", &staff, None).await;
    assert_eq!(unbound.status(), 204);
    assert_eq!(me(&app, &deputy).await["deputy"], Value::Null);
    let again = app.send_as(Method::DELETE, "/api/v1/deputies/D-005/account", &staff, None).await;
    assert_eq!(problem_code(again).await, (404, "not_found".into()));
    let audit: Value = app.get_as("/api/v1/audit?subject=deputy:D-005", Some(&app.admin)).await.json().await.unwrap();
    let actions: Vec<&str> = audit["items"].as_array().unwrap().iter().filter_map(|e| e["action"].as_str()).collect();
    assert!(actions.contains(&"deputy.bind") && actions.contains(&"deputy.unbind"), "{actions:?}");
}

#[tokio::test]
async fn a_deputy_who_left_loses_every_right_at_once() {
    let app = spawn_app().await;
    let (_, deputy) = app.deputy_account("wang.deputy", "D-006", &[]).await;
    assert_eq!(me(&app, &deputy).await["deputy"], "D-006");
    let retired = app.send_as(Method::DELETE, "/api/v1/deputies/D-006", &app.admin, None).await;
    assert_eq!(retired.status(), 200);
    // The token issued before is refused on its next request, and so is signing in again.
    assert_eq!(problem_code(app.get_as("/api/v1/me", Some(&deputy)).await).await, (401, "invalid_token".into()));
    let login =
        app.post_json("/api/v1/auth/login", None, &json!({"username": "wang.deputy", "password": TEST_PASSWORD})).await;
    assert_eq!(login.status(), 401);
    // No new binding for someone who left.
    assert_eq!(problem_code(code_for(&app, &app.admin, "D-006").await).await, (409, "deputy_left".into()));
}

#[tokio::test]
async fn the_command_line_and_the_deputies_csv_bind_accounts() {
    let app = spawn_app().await;
    let (_, deputy) = app.signed_in(Role::Deputy, "wang.deputy", &[]).await;
    let output = cli(&app.settings)
        .args(["admin", "bind-deputy", "--username", "wang.deputy", "--deputy", "D-007"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    assert_eq!(me(&app, &deputy).await["deputy"], "D-007");
    // Refused with a reason: the deputy has an account.
    app.create_account(Role::Deputy, "li.deputy", TEST_PASSWORD, &[]).await;
    let output = cli(&app.settings)
        .args(["admin", "bind-deputy", "--username", "li.deputy", "--deputy", "D-007"])
        .output()
        .unwrap();
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("deputy_already_bound"), "{output:?}");
    let output = cli(&app.settings).args(["admin", "unbind-deputy", "--deputy", "D-007"]).output().unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    assert_eq!(me(&app, &deputy).await["deputy"], Value::Null);

    // The deputies CSV names the account each deputy signs in with.
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("deputies.csv");
    std::fs::write(
        &csv,
        "code,name_zh,name_en,level,constituency,status,stations,areas,specialties,profile_zh,profile_en,account\n\
         D-007,周代表,Zhou,district,西湖选区,active,XH-01,,,,,li.deputy\n",
    )
    .unwrap();
    let output = cli(&app.settings).args(["import", "--deputies"]).arg(&csv).output().unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let li = app.login("li.deputy", TEST_PASSWORD).await["access_token"].as_str().unwrap().to_owned();
    assert_eq!(me(&app, &li).await["deputy"], "D-007");
    // An unknown account stops the whole import.
    std::fs::write(
        &csv,
        "code,name_zh,name_en,level,constituency,status,stations,areas,specialties,profile_zh,profile_en,account\n\
         D-008,新名字,New,district,西湖选区,active,XH-01,,,,,nobody\n",
    )
    .unwrap();
    let output = cli(&app.settings).args(["import", "--deputies"]).arg(&csv).output().unwrap();
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("no account `nobody`"), "{output:?}");
    let d8: Value = app.get("/api/v1/deputies/D-008").await.json().await.unwrap();
    assert_ne!(d8["name"]["zh"], "新名字", "nothing was written");
}
