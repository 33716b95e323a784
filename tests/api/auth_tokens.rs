//! Access and refresh tokens through the API: forged or stale tokens are refused, refresh tokens rotate,
//! reuse ends the session, and logout ends it at once.

use base64::Engine;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use ed25519_dalek::SigningKey;
use ed25519_dalek::pkcs8::EncodePrivateKey;
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use liaison::domain::access::Role;
use liaison::infra::auth::tokens::key_id;
use secrecy::SecretString;
use serde_json::{Value, json};

use crate::helpers::{TestApp, assert_problem, spawn_app, spawn_app_with};

const SEED: [u8; 32] = [42; 32];

async fn app_with_known_key() -> TestApp {
    spawn_app_with(|s| s.auth.signing_key = Some(SecretString::from(STANDARD.encode(SEED)))).await
}

fn sign(seed: [u8; 32], kid: Option<String>, claims: &Value) -> String {
    let key = SigningKey::from_bytes(&seed);
    let der = key.to_pkcs8_der().unwrap();
    let mut header = Header::new(Algorithm::EdDSA);
    header.kid = kid;
    jsonwebtoken::encode(&header, claims, &EncodingKey::from_ed_der(der.as_bytes())).unwrap()
}

fn our_kid() -> String {
    key_id(&SigningKey::from_bytes(&SEED).verifying_key().to_bytes())
}

#[tokio::test]
async fn forged_expired_and_malformed_tokens_are_refused() {
    let app = app_with_known_key().await;
    let (_, staff) = app.signed_in(Role::Staff, "staff.a", &["XH-01"]).await;
    assert_eq!(app.get_as("/api/v1/me", Some(&staff)).await.status(), 200);

    // The genuine token's claims, to tamper with one at a time.
    let payload = staff.split('.').nth(1).unwrap();
    let genuine: Value = serde_json::from_slice(&URL_SAFE_NO_PAD.decode(payload).unwrap()).unwrap();
    let resigned = sign(SEED, Some(our_kid()), &genuine);
    assert_eq!(app.get_as("/api/v1/me", Some(&resigned)).await.status(), 200, "the control case must pass");

    let now = chrono::Utc::now().timestamp();
    let patched = |patch: Value| {
        let mut claims = genuine.clone();
        for (k, v) in patch.as_object().unwrap() {
            claims[k] = v.clone();
        }
        claims
    };
    let none_header = URL_SAFE_NO_PAD.encode(br#"{"alg":"none","typ":"JWT"}"#);
    let admin_claims = URL_SAFE_NO_PAD.encode(serde_json::to_vec(&patched(json!({"role": "admin"}))).unwrap());
    let parts: Vec<&str> = staff.split('.').collect();
    let cases: Vec<(&str, String)> = vec![
        ("alg none", format!("{none_header}.{payload}.")),
        ("alg none, no signature part", format!("{none_header}.{payload}")),
        ("payload swapped, signature kept", format!("{}.{admin_claims}.{}", parts[0], parts[2])),
        ("signed by another key under our kid", sign([7; 32], Some(our_kid()), &genuine)),
        ("signed by another key under its kid", sign([7; 32], Some(key_id(&[7; 32])), &genuine)),
        ("no kid", sign(SEED, None, &genuine)),
        ("expired", sign(SEED, Some(our_kid()), &patched(json!({"exp": now - 120, "iat": now - 1000})))),
        ("not yet valid", sign(SEED, Some(our_kid()), &patched(json!({"nbf": now + 600})))),
        ("wrong aud", sign(SEED, Some(our_kid()), &patched(json!({"aud": "another-api"})))),
        ("wrong iss", sign(SEED, Some(our_kid()), &patched(json!({"iss": "someone"})))),
        ("exp as a string", sign(SEED, Some(our_kid()), &patched(json!({"exp": (now + 600).to_string()})))),
        ("exp as a float far away", sign(SEED, Some(our_kid()), &patched(json!({"exp": 1e300})))),
        ("exp missing", {
            let mut c = genuine.clone();
            c.as_object_mut().unwrap().remove("exp");
            sign(SEED, Some(our_kid()), &c)
        }),
        ("unknown session", sign(SEED, Some(our_kid()), &patched(json!({"sid": uuid::Uuid::now_v7()})))),
        ("another subject in the session", {
            sign(SEED, Some(our_kid()), &patched(json!({"sub": format!("account:{}", uuid::Uuid::now_v7())})))
        }),
        ("garbage", "not.a.token".to_owned()),
        ("empty segments", "..".to_owned()),
    ];
    for (what, token) in cases {
        let response = app.get_as("/api/v1/me", Some(&token)).await;
        let challenge = response.headers().get("www-authenticate").map(|v| v.to_str().unwrap().to_owned());
        assert_problem(response, 401, "invalid_token").await;
        assert!(challenge.is_some_and(|c| c.contains("invalid_token")), "{what}");
    }

    // Other schemes and blank tokens are refused, not taken as anonymous.
    for header in ["Basic c3RhZmY6cGFzcw==", "Bearer", "Bearer   ", &format!("Token {staff}")] {
        let response = app.client.get(app.url("/api/v1/me")).header("Authorization", header).send().await.unwrap();
        assert_problem(response, 401, "invalid_token").await;
    }
    // A bad token on an endpoint open to anonymous callers is still refused.
    let response = app.post_json("/api/v1/reports", Some("not.a.token"), &crate::helpers::kiosk_report()).await;
    assert_problem(response, 401, "invalid_token").await;
    let response = app.client.get(app.url("/api/v1/me")).send().await.unwrap();
    assert_problem(response, 401, "unauthenticated").await;
}

#[tokio::test]
async fn tokens_of_the_previous_key_work_during_a_rotation() {
    let old_seed = [9u8; 32];
    let old_public = SigningKey::from_bytes(&old_seed).verifying_key().to_bytes();
    let app = spawn_app_with(|s| {
        s.auth.signing_key = Some(SecretString::from(STANDARD.encode(SEED)));
        s.auth.previous_public_keys = vec![STANDARD.encode(old_public)];
    })
    .await;
    let (_, staff) = app.signed_in(Role::Staff, "staff.a", &["XH-01"]).await;
    let payload = staff.split('.').nth(1).unwrap();
    let claims: Value = serde_json::from_slice(&URL_SAFE_NO_PAD.decode(payload).unwrap()).unwrap();
    let by_old_key = sign(old_seed, Some(key_id(&old_public)), &claims);
    assert_eq!(app.get_as("/api/v1/me", Some(&by_old_key)).await.status(), 200);
}

async fn refresh(app: &TestApp, token: &str) -> reqwest::Response {
    app.post_json("/api/v1/auth/refresh", None, &json!({"refresh_token": token})).await
}

#[tokio::test]
async fn refresh_tokens_rotate_and_a_reused_one_ends_the_whole_session() {
    let app = spawn_app().await;
    app.create_account(Role::Deputy, "deputy.a", crate::helpers::TEST_PASSWORD, &["XH-01"]).await;
    let first = app.login("deputy.a", crate::helpers::TEST_PASSWORD).await;
    assert_eq!(first["token_type"], "Bearer");
    assert_eq!(first["expires_in"], 900);
    assert_eq!(first["role"], "deputy");

    let second = refresh(&app, first["refresh_token"].as_str().unwrap()).await;
    assert_eq!(second.status(), 200);
    let second: Value = second.json().await.unwrap();
    assert_ne!(second["refresh_token"], first["refresh_token"]);
    let access = second["access_token"].as_str().unwrap();
    assert_eq!(app.get_as("/api/v1/me", Some(access)).await.status(), 200);

    // The first refresh token again: someone copied it. The session ends for everyone holding it.
    assert_problem(refresh(&app, first["refresh_token"].as_str().unwrap()).await, 401, "invalid_refresh_token").await;
    assert_problem(refresh(&app, second["refresh_token"].as_str().unwrap()).await, 401, "invalid_refresh_token").await;
    assert_problem(app.get_as("/api/v1/me", Some(access)).await, 401, "invalid_token").await;

    // Another session of the same account is untouched.
    let other = app.login("deputy.a", crate::helpers::TEST_PASSWORD).await;
    assert_eq!(app.get_as("/api/v1/me", other["access_token"].as_str()).await.status(), 200);

    assert_problem(refresh(&app, "rt_unknown").await, 401, "invalid_refresh_token").await;
    assert_problem(app.post_json("/api/v1/auth/refresh", None, &json!({})).await, 422, "validation_failed").await;
}

#[tokio::test]
async fn concurrent_refreshes_with_one_token_count_as_reuse() {
    let app = spawn_app().await;
    let pair = app.citizen_by_phone("13900000021").await;
    let token = pair["refresh_token"].as_str().unwrap();
    let results = futures_util::future::join_all((0..4).map(|_| refresh(&app, token))).await;
    let ok = results.iter().filter(|r| r.status() == 200).count();
    assert!(ok <= 1, "{ok} refreshes succeeded with one token");
    // Whatever won, the family is now revoked.
    for response in results.into_iter().filter(|r| r.status() == 200) {
        let body: Value = response.json().await.unwrap();
        assert_problem(refresh(&app, body["refresh_token"].as_str().unwrap()).await, 401, "invalid_refresh_token")
            .await;
    }
}

#[tokio::test]
async fn logout_ends_the_session_at_once() {
    let app = spawn_app().await;
    let pair = app.citizen_by_phone("13900000031").await;
    let access = pair["access_token"].as_str().unwrap();
    assert_eq!(app.get_as("/api/v1/me", Some(access)).await.status(), 200);
    let out = app.post_json("/api/v1/auth/logout", None, &json!({"refresh_token": pair["refresh_token"]})).await;
    assert_eq!(out.status(), 204);
    assert_problem(app.get_as("/api/v1/me", Some(access)).await, 401, "invalid_token").await;
    assert_problem(refresh(&app, pair["refresh_token"].as_str().unwrap()).await, 401, "invalid_refresh_token").await;
    // Logging out with an unknown token says nothing either way.
    let again = app.post_json("/api/v1/auth/logout", None, &json!({"refresh_token": "rt_nothing"})).await;
    assert_eq!(again.status(), 204);
}
