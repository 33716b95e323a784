//! Citizens signing in with a code sent to their phone: the happy path, wrong and stale codes, limits, and
//! an HTTP SMS provider (a wiremock server standing in for it).

use serde_json::{Value, json};
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::helpers::{TestApp, assert_problem, spawn_app, spawn_app_with};

async fn request_code(app: &TestApp, phone: &str) -> reqwest::Response {
    app.post_json("/api/v1/auth/phone/code", None, &json!({"phone": phone})).await
}

async fn verify(app: &TestApp, phone: &str, code: &str) -> reqwest::Response {
    app.post_json("/api/v1/auth/phone/verify", None, &json!({"phone": phone, "code": code})).await
}

fn last_code(app: &TestApp) -> String {
    app.sms_outbox().last().unwrap().1.clone()
}

#[tokio::test]
async fn a_code_signs_a_citizen_in_once_and_finds_them_again_next_time() {
    let app = spawn_app_with(|s| s.rate_limits.phone_code_interval_secs = 1).await;
    let sent = request_code(&app, "+86 139-0000-0051").await;
    assert_eq!(sent.status(), 202);
    let sent: Value = sent.json().await.unwrap();
    assert_eq!(sent, json!({"phone": "139****0051", "expires_in": 300, "resend_after": 1}));
    let outbox = app.sms_outbox();
    assert_eq!(outbox.len(), 1);
    assert_eq!(outbox[0].0, "13900000051");
    let code = outbox[0].1.clone();
    assert!(code.len() == 6 && code.bytes().all(|b| b.is_ascii_digit()));

    let signed_in = verify(&app, "13900000051", &code).await;
    assert_eq!(signed_in.status(), 200);
    let first: Value = signed_in.json().await.unwrap();
    assert_eq!(first["role"], "citizen");
    let me: Value = app.get_as("/api/v1/me", first["access_token"].as_str()).await.json().await.unwrap();
    assert_eq!(me["phone"], "139****0051");
    assert_eq!(me["role"], "citizen");

    // Used once: the same code does not work again.
    assert_problem(verify(&app, "13900000051", &code).await, 401, "invalid_phone_code").await;

    // The next sign-in finds the same citizen; the number is stored only encrypted.
    app.clock.advance(chrono::Duration::seconds(2)); // past the one-second resend interval
    let again = app.citizen_by_phone("13900000051").await;
    assert_eq!(again["subject_id"], first["subject_id"]);
    let db = app.connect().await;
    use sea_orm::{EntityTrait, PaginatorTrait};
    let accounts: Vec<_> = liaison::storage::entities::account::Entity::find()
        .all(&db)
        .await
        .unwrap()
        .into_iter()
        .filter(|a| a.role == "citizen")
        .collect();
    assert_eq!(accounts.len(), 1);
    assert!(!accounts[0].phone_cipher.as_deref().unwrap().contains("13900000051"));
    assert!(!accounts[0].phone_lookup.as_deref().unwrap().contains("13900000051"));
    let codes = liaison::storage::entities::phone_code::Entity::find().all(&db).await.unwrap();
    assert!(codes.iter().all(|c| c.code_hash != code && c.code_hash.len() == 64));
    assert_eq!(liaison::storage::entities::phone_code::Entity::find().count(&db).await.unwrap(), 2);
}

#[tokio::test]
async fn wrong_guesses_are_counted_and_run_out() {
    let app = spawn_app().await;
    request_code(&app, "13900000052").await;
    let code = last_code(&app);
    let wrong = if code == "000000" { "111111" } else { "000000" };
    for remaining in (1..5).rev() {
        let problem = assert_problem(verify(&app, "13900000052", wrong).await, 401, "invalid_phone_code").await;
        assert!(problem["detail"].as_str().unwrap().contains(&format!("{remaining} tries")), "{problem}");
    }
    assert_problem(verify(&app, "13900000052", "12ab").await, 401, "invalid_phone_code").await;
    // Five wrong guesses: even the right code is now refused.
    assert_problem(verify(&app, "13900000052", &code).await, 401, "invalid_phone_code").await;
}

#[tokio::test]
async fn codes_expire_and_only_the_newest_counts() {
    let app = spawn_app_with(|s| s.rate_limits.phone_code_interval_secs = 1).await;
    request_code(&app, "13900000053").await;
    let old = last_code(&app);
    app.clock.advance(chrono::Duration::seconds(2)); // past the one-second resend interval
    request_code(&app, "13900000053").await;
    let new = last_code(&app);
    if old != new {
        assert_problem(verify(&app, "13900000053", &old).await, 401, "invalid_phone_code").await;
    }
    // Six minutes pass: the code's five are over.
    app.clock.advance(chrono::Duration::minutes(6));
    assert_problem(verify(&app, "13900000053", &new).await, 401, "invalid_phone_code").await;
    assert_problem(verify(&app, "13900000054", "123456").await, 401, "invalid_phone_code").await;
}

#[tokio::test]
async fn each_phone_and_each_address_may_ask_only_so_often() {
    let app = spawn_app_with(|s| {
        s.rate_limits.phone_code_interval_secs = 60;
        s.rate_limits.phone_codes_per_ip_per_hour = 3;
    })
    .await;
    assert_eq!(request_code(&app, "13900000055").await.status(), 202);
    let too_soon = request_code(&app, "13900000055").await;
    let retry_after: u64 = too_soon.headers()["retry-after"].to_str().unwrap().parse().unwrap();
    assert!((1..=60).contains(&retry_after));
    assert_problem(too_soon, 429, "too_many_requests").await;
    assert_eq!(request_code(&app, "13900000056").await.status(), 202);
    // The address has used its three requests this hour (the refused one counts too).
    assert_problem(request_code(&app, "13900000057").await, 429, "too_many_requests").await;
    assert_eq!(app.sms_outbox().len(), 2);

    let hourly = spawn_app_with(|s| {
        s.rate_limits.phone_code_interval_secs = 1;
        s.rate_limits.phone_codes_per_phone_per_hour = 2;
    })
    .await;
    // Start at the top of an hour, so the hourly window cannot turn over during the test.
    let into_hour = liaison::domain::clock::Clock::now(hourly.clock.as_ref()).timestamp().rem_euclid(3600);
    hourly.clock.advance(chrono::Duration::seconds(3600 - into_hour + 1));
    assert_eq!(request_code(&hourly, "13900000058").await.status(), 202);
    hourly.clock.advance(chrono::Duration::seconds(2)); // past the one-second resend interval
    assert_eq!(request_code(&hourly, "13900000058").await.status(), 202);
    hourly.clock.advance(chrono::Duration::seconds(2));
    assert_problem(request_code(&hourly, "13900000058").await, 429, "too_many_requests").await;
}

#[tokio::test]
async fn bad_numbers_are_refused() {
    let app = spawn_app().await;
    for phone in ["12345", "23800138000", "", "1380013800x"] {
        let problem = assert_problem(request_code(&app, phone).await, 422, "validation_failed").await;
        assert_eq!(problem["errors"][0]["field"], "phone");
    }
    assert_problem(app.post_json("/api/v1/auth/phone/code", None, &json!({})).await, 422, "validation_failed").await;
    assert!(app.sms_outbox().is_empty());
}

#[tokio::test]
async fn an_http_sms_provider_gets_the_message_and_its_failures_withdraw_the_code() {
    let provider = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/send"))
        .and(header("authorization", "Bearer sms-key-1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"ok": true})))
        .up_to_n_times(1)
        .mount(&provider)
        .await;
    Mock::given(method("POST")).and(path("/send")).respond_with(ResponseTemplate::new(500)).mount(&provider).await;
    let url = format!("{}/send", provider.uri());
    let app = spawn_app_with(move |s| {
        s.sms.provider = liaison::configuration::SmsProvider::Http;
        s.sms.url = Some(url);
        s.sms.api_key = Some(secrecy::SecretString::from("sms-key-1"));
        s.sms.template = "验证码{code}，{minutes}分钟内有效".into();
    })
    .await;
    assert_eq!(request_code(&app, "13900000059").await.status(), 202);
    let requests = provider.received_requests().await.unwrap();
    let sent: Value = serde_json::from_slice(&requests[0].body).unwrap();
    assert_eq!(sent["phone"], "13900000059");
    let message = sent["message"].as_str().unwrap();
    assert!(message.starts_with("验证码") && message.ends_with("，5分钟内有效"), "{message}");
    let code: String = message.chars().filter(char::is_ascii_digit).take(6).collect();
    assert!(app.sms_outbox().is_empty(), "the HTTP provider does not write the outbox");
    assert_eq!(verify(&app, "13900000059", &code).await.status(), 200);

    // The provider fails: 503, and no code is left that could be guessed.
    let failed = request_code(&app, "13900000060").await;
    assert!(failed.headers().contains_key("retry-after"));
    assert_problem(failed, 503, "sms_unavailable").await;
    let db = app.connect().await;
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    let live = liaison::storage::entities::phone_code::Entity::find()
        .filter(liaison::storage::entities::phone_code::Column::ConsumedAt.is_null())
        .all(&db)
        .await
        .unwrap();
    assert!(live.is_empty());
}
