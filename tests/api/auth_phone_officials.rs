//! Phone-code sign-in for deputies and staff: a number on file (set by an administrator, or by its owner with
//! a code) signs in to that account; a number belongs to one account, an official's is never taken over, and
//! a citizen's moves only to an official who proves it.

use reqwest::Method;
use serde_json::{Value, json};

use crate::helpers::{ADMIN_USERNAME, TEST_PASSWORD, TestApp, assert_problem, spawn_app_with};
use liaison::domain::access::Role;

async fn app() -> TestApp {
    spawn_app_with(|s| s.rate_limits.phone_code_interval_secs = 1).await
}

/// Sends a code to `phone` (past the one-second resend interval) and returns it.
async fn code_for(app: &TestApp, phone: &str) -> String {
    app.clock.advance(chrono::Duration::seconds(2));
    let sent = app.post_json("/api/v1/auth/phone/code", None, &json!({"phone": phone})).await;
    assert_eq!(sent.status(), 202);
    app.sms_outbox().into_iter().rev().find(|(p, _)| p == phone).unwrap().1
}

async fn phone_sign_in(app: &TestApp, phone: &str) -> reqwest::Response {
    let code = code_for(app, phone).await;
    app.post_json("/api/v1/auth/phone/verify", None, &json!({"phone": phone, "code": code})).await
}

async fn admin_token(app: &TestApp) -> String {
    app.login(ADMIN_USERNAME, TEST_PASSWORD).await["access_token"].as_str().unwrap().to_owned()
}

async fn set_phone(app: &TestApp, account: &str, phone: &str) -> reqwest::Response {
    let admin = admin_token(app).await;
    let body = json!({"phone": phone});
    app.send_as(Method::PUT, &format!("/api/v1/accounts/{account}/phone"), &admin, Some(&body)).await
}

#[tokio::test]
async fn a_deputy_whose_phone_an_administrator_set_signs_in_with_a_code() {
    let app = app().await;
    let (deputy_id, _) = app.deputy_account("deputy.phone", "D-004", &[]).await;

    let set = set_phone(&app, &deputy_id.to_string(), "+86 139-0000-0071").await;
    assert_eq!(set.status(), 200);
    assert_eq!(set.json::<Value>().await.unwrap(), json!({"id": deputy_id, "phone": "139****0071"}));
    let admin = admin_token(&app).await;
    let accounts: Value = app.get_as("/api/v1/accounts", Some(&admin)).await.json().await.unwrap();
    let listed = accounts["items"].as_array().unwrap().iter().find(|a| a["id"] == deputy_id.to_string()).unwrap();
    assert_eq!(listed["phone"], "139****0071");

    let signed_in = phone_sign_in(&app, "13900000071").await;
    assert_eq!(signed_in.status(), 200);
    let tokens: Value = signed_in.json().await.unwrap();
    assert_eq!(tokens["role"], "deputy");
    assert_eq!(tokens["subject_id"], deputy_id.to_string());
    let me: Value = app.get_as("/api/v1/me", tokens["access_token"].as_str()).await.json().await.unwrap();
    assert_eq!(me["deputy"], "D-004");
    assert_eq!(me["phone"], "139****0071");

    let audit: Value = app.get_as("/api/v1/audit", Some(&admin)).await.json().await.unwrap();
    let entry = audit["items"].as_array().unwrap().iter().find(|e| e["action"] == "account.phone.set").unwrap();
    assert_eq!(entry["subject"], format!("account:{deputy_id}"));
    assert_eq!(entry["reason"], "139****0071");

    // A deputy who left no longer signs in by phone either.
    assert_eq!(app.send_as(Method::DELETE, "/api/v1/deputies/D-004", &admin, None).await.status(), 200);
    assert_problem(phone_sign_in(&app, "13900000071").await, 403, "forbidden").await;
}

#[tokio::test]
async fn a_number_belongs_to_one_account_and_an_officials_number_wins() {
    let app = app().await;
    let citizen: Value = phone_sign_in(&app, "13900000072").await.json().await.unwrap();
    let (staff_id, staff) = app.signed_in(Role::Staff, "staff.phone", &["XH-01"]).await;
    let (deputy_id, deputy) = app.deputy_account("deputy.phone", "D-005", &[]).await;

    // An administrator's word does not take a citizen's number.
    assert_problem(set_phone(&app, &staff_id.to_string(), "13900000072").await, 409, "phone_taken").await;
    // Its owner, proving it with a code, does.
    let code = code_for(&app, "13900000072").await;
    let body = json!({"phone": "13900000072", "code": code});
    let own = app.send_as(Method::PUT, "/api/v1/me/phone", &staff, Some(&body)).await;
    assert_eq!(own.status(), 200);
    assert_eq!(own.json::<Value>().await.unwrap(), json!({"phone": "139****0072"}));
    let now: Value = phone_sign_in(&app, "13900000072").await.json().await.unwrap();
    assert_eq!(now["role"], "staff");
    assert_eq!(now["subject_id"], staff_id.to_string());
    // The citizen account is still there, without the number.
    let me: Value = app.get_as("/api/v1/me", citizen["access_token"].as_str()).await.json().await.unwrap();
    assert_eq!(me["phone"], Value::Null);

    // An official's number is taken by nobody: not by an administrator, not with a code.
    assert_problem(set_phone(&app, &deputy_id.to_string(), "13900000072").await, 409, "phone_taken").await;
    let code = code_for(&app, "13900000072").await;
    let body = json!({"phone": "13900000072", "code": code});
    assert_problem(app.send_as(Method::PUT, "/api/v1/me/phone", &deputy, Some(&body)).await, 409, "phone_taken").await;
    // A wrong code proves nothing.
    let body = json!({"phone": "13900000073", "code": "000000"});
    assert_problem(app.send_as(Method::PUT, "/api/v1/me/phone", &deputy, Some(&body)).await, 401, "invalid_phone_code")
        .await;

    // Citizens' accounts are not administrators' to edit; unknown accounts are not found.
    let citizen_id = citizen["subject_id"].as_str().unwrap();
    assert_problem(set_phone(&app, citizen_id, "13900000074").await, 404, "account_not_found").await;
    assert_problem(set_phone(&app, &uuid::Uuid::new_v4().to_string(), "13900000074").await, 404, "account_not_found")
        .await;
    assert_problem(set_phone(&app, &staff_id.to_string(), "12345").await, 422, "validation_failed").await;
    let forbidden = app
        .send_as(
            Method::PUT,
            &format!("/api/v1/accounts/{staff_id}/phone"),
            &staff,
            Some(&json!({"phone": "13900000074"})),
        )
        .await;
    assert_problem(forbidden, 403, "forbidden").await;

    // Cleared: the staff member keeps their password, and the number makes a citizen again.
    let admin = admin_token(&app).await;
    let cleared = app.send_as(Method::DELETE, &format!("/api/v1/accounts/{staff_id}/phone"), &admin, None).await;
    assert_eq!(cleared.json::<Value>().await.unwrap(), json!({"id": staff_id, "phone": null}));
    let fresh: Value = phone_sign_in(&app, "13900000072").await.json().await.unwrap();
    assert_eq!(fresh["role"], "citizen");
    assert_ne!(fresh["subject_id"], staff_id.to_string());
}
