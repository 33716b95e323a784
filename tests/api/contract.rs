//! The API contract: the committed OpenAPI document must equal what the code generates.
//! Regenerate with `UPDATE_API_SPEC=1 cargo test --test api contract` (or `liaison openapi`).

use std::path::PathBuf;

use crate::helpers::spawn_app;

fn committed_spec_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../api-spec/openapi.json")
}

#[test]
fn the_committed_api_spec_matches_the_code() {
    let generated = liaison::web::openapi::document().unwrap();
    let path = committed_spec_path();
    if std::env::var_os("UPDATE_API_SPEC").is_some() {
        std::fs::write(&path, &generated).unwrap();
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == generated,
        "api-spec/openapi.json differs from the code; run `UPDATE_API_SPEC=1 cargo test --test api contract` and review the diff"
    );
}

#[test]
fn every_operation_documents_its_errors_and_every_error_response_is_problem_json() {
    let spec: serde_json::Value = serde_json::from_str(&liaison::web::openapi::document().unwrap()).unwrap();
    assert_eq!(spec["openapi"], "3.1.0");
    for (path, item) in spec["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            assert!(op["description"].is_string() || op["summary"].is_string(), "{method} {path} has no description");
            for (status, response) in op["responses"].as_object().unwrap() {
                if status.starts_with('4') || (status.starts_with('5') && !path.starts_with("/health")) {
                    assert!(
                        response["content"].get("application/problem+json").is_some(),
                        "{method} {path} {status} is not problem+json"
                    );
                }
            }
        }
    }
    let create = &spec["paths"]["/api/v1/reports"]["post"];
    assert!(create["requestBody"]["content"].get("application/json").is_some());
    assert!(create["requestBody"]["content"].get("multipart/form-data").is_some());
}

fn collect_refs<'a>(value: &'a serde_json::Value, refs: &mut Vec<&'a str>) {
    match value {
        serde_json::Value::Object(map) => {
            if let Some(serde_json::Value::String(target)) = map.get("$ref") {
                refs.push(target);
            }
            map.values().for_each(|v| collect_refs(v, refs));
        }
        serde_json::Value::Array(items) => items.iter().for_each(|v| collect_refs(v, refs)),
        _ => {}
    }
}

#[test]
fn every_reference_resolves_and_every_operation_id_is_unique() {
    let spec: serde_json::Value = serde_json::from_str(&liaison::web::openapi::document().unwrap()).unwrap();
    let mut refs = Vec::new();
    collect_refs(&spec, &mut refs);
    assert!(!refs.is_empty());
    for target in refs {
        let pointer = target.strip_prefix('#').unwrap_or_else(|| panic!("{target} is not local"));
        assert!(spec.pointer(pointer).is_some(), "{target} does not resolve");
    }
    let mut ids = std::collections::BTreeSet::new();
    for (path, item) in spec["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            let id = op["operationId"].as_str().unwrap_or_else(|| panic!("{method} {path} has no operationId"));
            assert!(ids.insert(id.to_owned()), "operationId {id} is used twice");
        }
    }
}

#[tokio::test]
async fn the_served_spec_and_the_offline_docs_are_reachable() {
    let app = spawn_app().await;
    let served: serde_json::Value = app.get("/api/openapi.json").await.json().await.unwrap();
    let generated: serde_json::Value = serde_json::from_str(&liaison::web::openapi::document().unwrap()).unwrap();
    assert_eq!(served, generated);

    let redirect = app.get("/api/docs").await;
    assert!(redirect.status().is_redirection());
    let docs = app.get("/api/docs/").await;
    assert_eq!(docs.status(), 200);
    let html = docs.text().await.unwrap();
    assert!(html.contains("swagger-ui"), "{html}");
    // The UI's scripts are served by us, not fetched from a CDN.
    assert!(!html.contains("cdn.") && !html.contains("unpkg"), "{html}");
    let bundle = app.get("/api/docs/swagger-ui-bundle.js").await;
    assert_eq!(bundle.status(), 200);
}

/// A concrete path for a documented template; the values need not exist, only match the route.
fn concrete(path: &str) -> String {
    path.replace("{code}", "XH-01")
        .replace("{id}", "0193c0d2-4f6e-7a31-9c1e-5b2a8d0e4f11")
        .replace("{tracking_code}", "LS-7KQ-9M3-XDP")
        .replace("{position}", "0")
        .replace("{deputy}", "D-001")
        .replace("{channel}", "sms")
        .replace("{file}", "styles.css")
        .replace("{token}", "not-a-link")
        .replace("{provider}", "wecom")
        .replace("{year}", "2026")
}

#[tokio::test]
async fn every_path_answers_an_undocumented_method_with_405_and_allow_lists_the_documented_ones() {
    let app = spawn_app().await;
    let spec: serde_json::Value = serde_json::from_str(&liaison::web::openapi::document().unwrap()).unwrap();
    let no_redirects = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
    for (path, item) in spec["paths"].as_object().unwrap() {
        assert!(!concrete(path).contains('{'), "give {path} a value in `concrete`");
        let url = app.url(&concrete(path));
        let documented: Vec<String> = item.as_object().unwrap().keys().map(|m| m.to_ascii_uppercase()).collect();
        let mut expected = std::collections::BTreeSet::from_iter(documented.iter().cloned());
        if expected.contains("GET") {
            expected.insert("HEAD".to_owned());
        }

        for method in ["TRACE", "PATCH", "OPTIONS", "GET", "PUT", "POST", "DELETE"] {
            if documented.iter().any(|m| m == method) {
                continue;
            }
            let response = no_redirects
                .request(reqwest::Method::from_bytes(method.as_bytes()).unwrap(), &url)
                .send()
                .await
                .unwrap();
            assert_eq!(response.status(), 405, "{method} {path}");
            let allow = response.headers().get("allow").unwrap_or_else(|| panic!("{method} {path}: no Allow"));
            let listed: std::collections::BTreeSet<String> =
                allow.to_str().unwrap().split(',').map(|m| m.trim().to_owned()).collect();
            assert_eq!(listed, expected, "{method} {path}");
            assert_eq!(response.headers()["content-type"], "application/problem+json");
        }
        // And the other way round: every documented method (and HEAD with GET) is routed.
        for method in expected.iter() {
            let request = no_redirects.request(reqwest::Method::from_bytes(method.as_bytes()).unwrap(), &url);
            let response = request.timeout(std::time::Duration::from_secs(5)).send().await.unwrap();
            assert_ne!(response.status(), 405, "{method} {path} is documented but not routed");
            if method == "HEAD" {
                assert!(response.bytes().await.unwrap().is_empty(), "HEAD {path} sent a body");
            }
        }
    }
    // The undocumented resources, the kiosk's and the unit page's entry redirects.
    for path in ["/kiosk", "/unit"] {
        let response = no_redirects.request(reqwest::Method::TRACE, app.url(path)).send().await.unwrap();
        assert_eq!(response.status(), 405, "{path}");
        assert_eq!(response.headers()["allow"], "GET, HEAD", "{path}");
    }
    // A path the regex route `/kiosk/{file:.*}` takes, deeper than the document's example.
    let response = no_redirects.post(app.url("/kiosk/assets/app.js")).send().await.unwrap();
    assert_eq!(response.status(), 405);
    assert_eq!(response.headers()["allow"], "GET, HEAD");
}

/// Two Rust types with the same name both deriving `ToSchema` share one entry of the document's components:
/// one silently replaces the other. Every schema name must belong to one type.
#[test]
fn every_schema_name_belongs_to_one_type() {
    fn visit(dir: &std::path::Path, found: &mut Vec<(String, String)>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                visit(&path, found);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let text = std::fs::read_to_string(&path).unwrap();
                let mut derives_schema = false;
                for line in text.lines().map(str::trim) {
                    if line.starts_with("#[derive(") {
                        derives_schema = line.contains("ToSchema");
                    } else if derives_schema
                        && let Some(rest) = line.strip_prefix("pub struct ").or_else(|| line.strip_prefix("pub enum "))
                    {
                        let name: String = rest.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
                        found.push((name, path.display().to_string()));
                        derives_schema = false;
                    } else if !line.starts_with("#[") && !line.starts_with("///") && !line.is_empty() {
                        derives_schema = false;
                    }
                }
            }
        }
    }
    let mut found = Vec::new();
    visit(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src"), &mut found);
    assert!(found.len() > 50, "the scan finds the API's types: {}", found.len());
    found.sort();
    let clashes: Vec<_> = found.windows(2).filter(|w| w[0].0 == w[1].0).map(|w| (&w[0], &w[1])).collect();
    assert!(clashes.is_empty(), "schema names used twice: {clashes:?}");
}
