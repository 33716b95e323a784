//! Password accounts: sign-in, lockout after repeated wrong passwords, per-address throttling, password
//! change, and bootstrapping the first administrator from the command line.

use std::process::{Command, Stdio};

use liaison::domain::access::Role;
use serde_json::{Value, json};

use crate::helpers::{TEST_PASSWORD, assert_problem, spawn_app, spawn_app_with};

async fn login(app: &crate::helpers::TestApp, username: &str, password: &str) -> reqwest::Response {
    app.post_json("/api/v1/auth/login", None, &json!({"username": username, "password": password})).await
}

#[tokio::test]
async fn wrong_passwords_and_unknown_users_get_the_same_answer() {
    let app = spawn_app().await;
    app.create_account(Role::Staff, "staff.a", TEST_PASSWORD, &["XH-01"]).await;
    let wrong = assert_problem(login(&app, "staff.a", "not-the-password").await, 401, "invalid_credentials").await;
    let unknown =
        assert_problem(login(&app, "nobody.here", "not-the-password").await, 401, "invalid_credentials").await;
    assert_eq!(wrong["detail"], unknown["detail"]);
    // Usernames are case-insensitive and trimmed.
    let ok = login(&app, "  Staff.A ", TEST_PASSWORD).await;
    assert_eq!(ok.status(), 200);
    let body: Value = ok.json().await.unwrap();
    assert_eq!(body["role"], "staff");
    let me: Value = app.get_as("/api/v1/me", body["access_token"].as_str()).await.json().await.unwrap();
    assert_eq!(me["username"], "staff.a");
    assert_eq!(me["stations"], json!(["XH-01"]));
    assert_problem(
        app.post_json("/api/v1/auth/login", None, &json!({"username": "staff.a"})).await,
        422,
        "validation_failed",
    )
    .await;
}

#[tokio::test]
async fn repeated_wrong_passwords_lock_the_account_for_a_while() {
    let app = spawn_app().await;
    let id = app.create_account(Role::Deputy, "deputy.a", TEST_PASSWORD, &[]).await;
    for _ in 0..4 {
        assert_problem(login(&app, "deputy.a", "wrong-password-1").await, 401, "invalid_credentials").await;
    }
    let fifth = login(&app, "deputy.a", "wrong-password-1").await;
    let retry_after: u64 = fifth.headers()["retry-after"].to_str().unwrap().parse().unwrap();
    assert!((60 * 14..=60 * 15).contains(&retry_after), "{retry_after}");
    assert_problem(fifth, 429, "account_locked").await;
    // Even the right password waits for the lock to end.
    assert_problem(login(&app, "deputy.a", TEST_PASSWORD).await, 429, "account_locked").await;

    // When the lock has passed, the right password works and the count starts again.
    let db = app.connect().await;
    use sea_orm::{ActiveModelTrait, EntityTrait, IntoActiveModel, Set};
    let account = liaison::storage::entities::account::Entity::find_by_id(id).one(&db).await.unwrap().unwrap();
    let mut account = account.into_active_model();
    account.locked_until = Set(Some(chrono::Utc::now() - chrono::Duration::seconds(1)));
    account.update(&db).await.unwrap();
    assert_eq!(login(&app, "deputy.a", TEST_PASSWORD).await.status(), 200);
    assert_problem(login(&app, "deputy.a", "wrong-password-1").await, 401, "invalid_credentials").await;
}

#[tokio::test]
async fn each_address_may_try_only_so_often() {
    let app = spawn_app_with(|s| s.rate_limits.login_per_ip_per_minute = 3).await;
    // A fresh window: the test server's own first sign-in counted in the last one.
    app.clock.advance(chrono::Duration::seconds(61));
    for _ in 0..3 {
        assert_problem(login(&app, "nobody.here", "whatever-password").await, 401, "invalid_credentials").await;
    }
    let limited = login(&app, "nobody.here", "whatever-password").await;
    let retry_after: u64 = limited.headers()["retry-after"].to_str().unwrap().parse().unwrap();
    assert!((1..=60).contains(&retry_after));
    assert_problem(limited, 429, "too_many_requests").await;
}

#[tokio::test]
async fn changing_the_password_ends_every_session_and_checks_strength() {
    let app = spawn_app().await;
    app.create_account(Role::Staff, "staff.a", TEST_PASSWORD, &["XH-01"]).await;
    let here = app.login("staff.a", TEST_PASSWORD).await;
    let elsewhere = app.login("staff.a", TEST_PASSWORD).await;
    let token = here["access_token"].as_str();
    let change = |current: &str, new: &str| json!({"current_password": current, "new_password": new});

    let weak = app.post_json("/api/v1/me/password", token, &change(TEST_PASSWORD, "short")).await;
    let problem = assert_problem(weak, 422, "validation_failed").await;
    assert_eq!(problem["errors"][0]["code"], "weak_password");
    let with_name = app.post_json("/api/v1/me/password", token, &change(TEST_PASSWORD, "staff.a-2026-secret")).await;
    assert_problem(with_name, 422, "validation_failed").await;
    let wrong = app.post_json("/api/v1/me/password", token, &change("not-my-password", "新的密码-long-enough")).await;
    assert_problem(wrong, 401, "invalid_credentials").await;

    let changed = app.post_json("/api/v1/me/password", token, &change(TEST_PASSWORD, "新的密码-long-enough")).await;
    assert_eq!(changed.status(), 200);
    let fresh: Value = changed.json().await.unwrap();
    assert_eq!(app.get_as("/api/v1/me", fresh["access_token"].as_str()).await.status(), 200);
    assert_problem(app.get_as("/api/v1/me", token).await, 401, "invalid_token").await;
    assert_problem(app.get_as("/api/v1/me", elsewhere["access_token"].as_str()).await, 401, "invalid_token").await;
    assert_problem(login(&app, "staff.a", TEST_PASSWORD).await, 401, "invalid_credentials").await;
    assert_eq!(login(&app, "staff.a", "新的密码-long-enough").await.status(), 200);

    // Citizens have no password to change.
    let citizen = app.citizen_by_phone("13900000041").await;
    let refused = app.post_json("/api/v1/me/password", citizen["access_token"].as_str(), &change("a", "b")).await;
    assert_problem(refused, 403, "forbidden").await;
}

#[tokio::test]
async fn admins_create_accounts_with_stations() {
    let app = spawn_app().await;
    let (_, admin) = app.signed_in(Role::Admin, "root.admin", &[]).await;
    let create = async |body: Value| app.post_json("/api/v1/accounts", Some(&admin), &body).await;
    let staff = json!({"username": "Li.Hua", "display_name": "李华", "role": "staff",
                       "password": "联络站-strong-pass", "stations": ["XH-01", "NH-01"]});
    let created = create(staff.clone()).await;
    assert_eq!(created.status(), 201);
    let created: Value = created.json().await.unwrap();
    assert_eq!(created["username"], "li.hua");
    assert_eq!(created["stations"], json!(["XH-01", "NH-01"]));
    assert_problem(create(staff).await, 409, "username_taken").await;
    let problem = assert_problem(
        create(json!({"username": "x", "display_name": "", "role": "citizen", "password": "short"})).await,
        422,
        "validation_failed",
    )
    .await;
    let fields: Vec<&str> =
        problem["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap()).collect();
    assert_eq!(fields, vec!["username", "display_name", "role", "password"]);
    assert_problem(
        create(
            json!({"username": "zhao.qi", "display_name": "赵七", "role": "staff", "password": "联络站-strong-pass"}),
        )
        .await,
        422,
        "validation_failed",
    )
    .await;
    assert_problem(
        create(json!({"username": "zhao.qi", "display_name": "赵七", "role": "deputy",
                      "password": "联络站-strong-pass", "stations": ["ZZ-99"]}))
        .await,
        422,
        "unknown_station",
    )
    .await;
    let list: Value = app.get_as("/api/v1/accounts", Some(&admin)).await.json().await.unwrap();
    let names: Vec<&str> = list["items"].as_array().unwrap().iter().map(|a| a["username"].as_str().unwrap()).collect();
    assert_eq!(names, vec![crate::helpers::ADMIN_USERNAME, "root.admin", "li.hua"]);
    let signed_in = login(&app, "li.hua", "联络站-strong-pass").await;
    assert_eq!(signed_in.status(), 200);
}

#[test]
fn the_first_admin_is_created_from_the_command_line_without_printing_the_password() {
    let data_dir = tempfile::tempdir().unwrap();
    let password = "Bootstrap-联络站-2026";
    let run = |args: &[&str], stdin: &str| {
        let mut child = Command::new(env!("CARGO_BIN_EXE_liaison"))
            .args(args)
            .env("LIAISON_DATA_DIR", data_dir.path())
            .env("LIAISON_LOG_FORMAT", "json")
            .env("LIAISON_CONFIG", data_dir.path().join("absent.toml"))
            .env_remove("DATABASE_URL")
            .env_remove("REDIS_URL")
            .env_remove("LIAISON_ADMIN_PASSWORD")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        use std::io::Write;
        child.stdin.take().unwrap().write_all(stdin.as_bytes()).unwrap();
        child.wait_with_output().unwrap()
    };
    let created =
        run(&["admin", "create", "--username", "first.admin", "--display-name", "管理员"], &format!("{password}\n"));
    let output = format!("{}{}", String::from_utf8_lossy(&created.stdout), String::from_utf8_lossy(&created.stderr));
    assert!(created.status.success(), "{output}");
    assert!(output.contains("administrator created"), "{output}");
    assert!(!output.contains(password), "{output}");

    let again =
        run(&["admin", "create", "--username", "first.admin", "--display-name", "管理员"], &format!("{password}\n"));
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("taken"));
    let weak = run(&["admin", "create", "--username", "second", "--display-name", "x"], "short\n");
    assert!(!weak.status.success());
    assert!(!String::from_utf8_lossy(&weak.stderr).contains("short\""));

    // The account signs in through the API of a server on the same data folder.
    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(async {
        let app = spawn_app_with(|s| {
            s.data_dir = data_dir.path().to_owned();
            s.database_url = None;
        })
        .await;
        let body = app.login("first.admin", password).await;
        assert_eq!(body["role"], "admin");
    });
}

#[tokio::test]
async fn an_administrator_stops_an_account_and_its_sessions_end_at_once_and_starts_it_again() {
    let app = spawn_app().await;
    let (id, staff) = app.signed_in(Role::Staff, "leaving.staff", &["XH-01"]).await;
    assert_eq!(app.get_as("/api/v1/me", Some(&staff)).await.status(), 200);
    let stop = |active: bool, token: String| {
        let app = &app;
        async move {
            app.send_as(
                reqwest::Method::PUT,
                &format!("/api/v1/accounts/{id}/active"),
                &token,
                Some(&json!({"active": active})),
            )
            .await
        }
    };
    // Only administrators; not their own account.
    assert_problem(stop(false, staff.clone()).await, 403, "forbidden").await;
    let admin_id: Value = app.get_as("/api/v1/me", Some(&app.admin)).await.json().await.unwrap();
    let own = app
        .send_as(
            reqwest::Method::PUT,
            &format!("/api/v1/accounts/{}/active", admin_id["id"].as_str().unwrap()),
            &app.admin,
            Some(&json!({"active": false})),
        )
        .await;
    assert_problem(own, 409, "conflict").await;

    let stopped = stop(false, app.admin.clone()).await;
    assert_eq!(stopped.status(), 200);
    assert_problem(app.get_as("/api/v1/me", Some(&staff)).await, 401, "invalid_token").await;
    let refused = app
        .post_json("/api/v1/auth/login", None, &json!({"username": "leaving.staff", "password": TEST_PASSWORD}))
        .await;
    assert_eq!(refused.status(), 401);
    let list: Value = app.get_as("/api/v1/accounts", Some(&app.admin)).await.json().await.unwrap();
    let listed = list["items"].as_array().unwrap().iter().find(|a| a["id"] == id.to_string()).unwrap().clone();
    assert_eq!(listed["active"], false);

    assert_eq!(stop(true, app.admin.clone()).await.status(), 200);
    let back = app
        .post_json("/api/v1/auth/login", None, &json!({"username": "leaving.staff", "password": TEST_PASSWORD}))
        .await;
    assert_eq!(back.status(), 200);
    let audit: Value = app.get_as("/api/v1/audit?action=account.", Some(&app.admin)).await.json().await.unwrap();
    let actions: Vec<&str> = audit["items"].as_array().unwrap().iter().map(|e| e["action"].as_str().unwrap()).collect();
    assert!(actions.starts_with(&["account.start", "account.stop"]), "{actions:?}");
    let missing = app
        .send_as(
            reqwest::Method::PUT,
            &format!("/api/v1/accounts/{}/active", uuid::Uuid::nil()),
            &app.admin,
            Some(&json!({"active": true})),
        )
        .await;
    assert_problem(missing, 404, "account_not_found").await;
}
