use secrecy::SecretString;

use crate::helpers::{assert_problem, spawn_app, spawn_app_with};

#[tokio::test]
async fn liveness_and_readiness_answer_when_the_database_does() {
    let app = spawn_app().await;
    let live = app.get("/health/live").await;
    assert_eq!(live.status(), 200);
    assert_eq!(live.json::<serde_json::Value>().await.unwrap()["status"], "ok");

    let ready = app.get("/health/ready").await;
    assert_eq!(ready.status(), 200);
    let body: serde_json::Value = ready.json().await.unwrap();
    assert_eq!(body["database"], "ok");
    let redis_expected = if app.settings.redis_url.is_some() { "ok" } else { "not_configured" };
    assert_eq!(body["redis"], redis_expected);
}

#[tokio::test]
async fn readiness_fails_when_configured_redis_is_unreachable() {
    // Port 1 on loopback: nothing listens there, so connecting fails at once.
    let app = spawn_app_with(|s| s.redis_url = Some(SecretString::from("redis://127.0.0.1:1/".to_owned()))).await;
    let ready = app.get("/health/ready").await;
    assert_eq!(ready.status(), 503);
    let body: serde_json::Value = ready.json().await.unwrap();
    assert_eq!(body["status"], "unavailable");
    assert_eq!(body["redis"], "failing");
    assert_eq!(body["database"], "ok");
    // Liveness does not depend on Redis.
    assert_eq!(app.get("/health/live").await.status(), 200);
}

#[tokio::test]
async fn every_response_carries_a_request_id_and_a_sane_incoming_one_is_kept() {
    let app = spawn_app().await;
    let a = app.get("/api/v1/categories").await;
    let b = app.get("/api/v1/categories").await;
    let id_a = a.headers()["x-request-id"].to_str().unwrap().to_owned();
    let id_b = b.headers()["x-request-id"].to_str().unwrap().to_owned();
    assert_ne!(id_a, id_b);
    assert!(uuid::Uuid::parse_str(&id_a).is_ok());

    let kept = app.client.get(app.url("/health/live")).header("X-Request-Id", "edge-7f3a9c21").send().await.unwrap();
    assert_eq!(kept.headers()["x-request-id"], "edge-7f3a9c21");
    let replaced = app.client.get(app.url("/health/live")).header("X-Request-Id", "<script>").send().await.unwrap();
    assert_ne!(replaced.headers()["x-request-id"], "<script>");

    let problem = app.get("/no/such/path").await;
    let header = problem.headers()["x-request-id"].to_str().unwrap().to_owned();
    let body = assert_problem(problem, 404, "not_found").await;
    assert_eq!(body["request_id"], header.as_str(), "the problem quotes the request id");
}

#[tokio::test]
async fn unknown_paths_and_wrong_methods_are_problems() {
    let app = spawn_app().await;
    assert_problem(app.get("/api/v1/nothing").await, 404, "not_found").await;
    let put = app.client.put(app.url("/api/v1/reports")).send().await.unwrap();
    assert_problem(put, 405, "method_not_allowed").await;
    let delete = app.client.delete(app.url("/api/v1/categories")).send().await.unwrap();
    assert_problem(delete, 405, "method_not_allowed").await;
}
