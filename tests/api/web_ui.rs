//! The browser screens besides the kiosk as the server hands them out (`web_ui_dir`): the handling unit's page
//! at `/unit/`, the screens' shared code at `/ui/shared/`, nothing else of the folder; and the strict
//! Content-Security-Policy on every page the server sends.

use crate::helpers::{TestApp, assert_problem, spawn_app, spawn_app_with};

/// A screens folder of the test's own, with files next to and inside it that must never be reachable.
fn web_ui_folder() -> tempfile::TempDir {
    let root = tempfile::tempdir().unwrap();
    let ui = root.path().join("web-ui");
    for dir in ["unit", "shared", "tests/node_modules"] {
        std::fs::create_dir_all(ui.join(dir)).unwrap();
    }
    std::fs::write(ui.join("unit/index.html"), "<!doctype html><title>承办</title>").unwrap();
    std::fs::write(ui.join("unit/unit.js"), "export const ok = 1;").unwrap();
    std::fs::write(ui.join("unit/.env"), "hidden").unwrap();
    std::fs::write(ui.join("shared/base.css"), "body { margin: 0; }").unwrap();
    std::fs::write(ui.join("tests/run.sh"), "echo tests").unwrap();
    std::fs::write(ui.join("tests/node_modules/x.js"), "tests").unwrap();
    std::fs::write(root.path().join("secret.txt"), "outside").unwrap();
    root
}

/// The page policy's headers, as every page and file of the apps carries them.
fn assert_page_policy(response: &reqwest::Response, what: &str) {
    let headers = response.headers();
    let csp = headers.get("content-security-policy").unwrap_or_else(|| panic!("{what}: no policy")).to_str().unwrap();
    for directive in [
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' blob: data:",
        "connect-src 'self'",
        "frame-ancestors 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "object-src 'none'",
    ] {
        assert!(csp.contains(directive), "{what}: {directive} in {csp}");
    }
    assert!(!csp.contains("unsafe-"), "{what}: {csp}");
    assert_eq!(headers["referrer-policy"], "no-referrer", "{what}");
    assert_eq!(headers["x-content-type-options"], "nosniff", "{what}");
}

async fn app_with_folder() -> (TestApp, tempfile::TempDir) {
    let folder = web_ui_folder();
    let ui = folder.path().join("web-ui");
    (spawn_app_with(|s| s.web_ui_dir = ui).await, folder)
}

#[tokio::test]
async fn the_units_page_is_served_from_the_screens_folder_under_the_page_policy() {
    let (app, _folder) = app_with_folder().await;

    let page = app.get("/unit/").await;
    assert_eq!(page.status(), 200);
    assert!(page.headers()["content-type"].to_str().unwrap().starts_with("text/html"));
    assert_eq!(page.headers()["cache-control"], "no-cache");
    assert_page_policy(&page, "/unit/");
    let etag = page.headers()["etag"].to_str().unwrap().to_owned();
    assert!(page.text().await.unwrap().contains("<title>承办</title>"));
    let again = app.client.get(app.url("/unit/")).header("If-None-Match", &etag).send().await.unwrap();
    assert_eq!(again.status(), 304);

    let module = app.get("/unit/unit.js").await;
    assert_eq!(module.status(), 200);
    assert!(module.headers()["content-type"].to_str().unwrap().contains("javascript"));
    assert_page_policy(&module, "/unit/unit.js");
    let shared = app.get("/ui/shared/base.css").await;
    assert_eq!(shared.status(), 200);
    assert!(shared.headers()["content-type"].to_str().unwrap().starts_with("text/css"));
    assert_page_policy(&shared, "/ui/shared/base.css");

    // The notice's link `/unit/#…` needs the slash; without it, the browser is sent there (keeping the fragment).
    let no_redirects = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
    let bare = no_redirects.get(app.url("/unit")).send().await.unwrap();
    assert_eq!(bare.status(), 301);
    assert_eq!(bare.headers()["location"], "/unit/");
    let post = app.client.post(app.url("/unit/")).send().await.unwrap();
    assert_problem(post, 405, "method_not_allowed").await;
}

/// GET `path` exactly as written: HTTP clients (reqwest included) resolve `..` and `%2e%2e` before sending,
/// an attacker does not. The status and the body.
async fn raw_get(app: &TestApp, path: &str) -> (u16, String) {
    use std::io::{Read, Write};
    let host = app.address.trim_start_matches("http://").to_owned();
    let request = format!("GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n");
    // Blocking I/O on a thread of its own: the server answers on this test's runtime.
    let answer = tokio::task::spawn_blocking(move || {
        let mut stream = std::net::TcpStream::connect(&host).unwrap();
        stream.write_all(request.as_bytes()).unwrap();
        let mut answer = Vec::new();
        stream.read_to_end(&mut answer).unwrap();
        String::from_utf8_lossy(&answer).into_owned()
    })
    .await
    .unwrap();
    let status = answer.split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
    (status, answer)
}

#[tokio::test]
async fn nothing_outside_the_screens_folders_is_reachable() {
    let (app, _folder) = app_with_folder().await;
    assert_eq!(raw_get(&app, "/unit/unit.js").await.0, 200, "the raw request itself works");
    for path in [
        "/unit/../secret.txt",
        "/unit/%2e%2e/secret.txt",
        "/unit/%2e%2e%2fsecret.txt",
        "/unit/..%2f..%2fsecret.txt",
        "/unit/..%5c..%5csecret.txt",
        "/unit/.env",
        "/unit/%2eenv",
        "/unit/missing.js",
        "/unit/unit.js/",
        "/ui/shared/../unit/index.html",
        "/ui/shared/%2e%2e/%2e%2e/secret.txt",
        "/ui/shared/",
        "/ui/tests/run.sh",
        "/ui/shared/../tests/run.sh",
        "/unit/../tests/node_modules/x.js",
        "/ui/secret.txt",
    ] {
        let (status, answer) = raw_get(&app, path).await;
        assert_eq!(status, 404, "{path}: {answer}");
        assert!(answer.contains("application/problem+json"), "{path}: {answer}");
        assert!(
            !answer.contains("outside") && !answer.contains("hidden") && !answer.contains("echo tests"),
            "{path}: {answer}"
        );
    }
}

#[tokio::test]
async fn the_shipped_units_page_is_found_without_configuration() {
    // Tests run in `server/`, where there is no `web-ui/`: the source tree's is used.
    let app = spawn_app().await;
    let page = app.get("/unit/").await;
    assert_eq!(page.status(), 200);
    assert_page_policy(&page, "/unit/");
    let html = page.text().await.unwrap();
    assert!(html.contains("lang=\"zh-CN\"") && html.contains("unit.js"), "{html}");
    // No inline script or style: the policy would refuse them.
    assert!(!html.contains("<style") && !html.contains(" style=") && !html.contains("<script>"), "{html}");
    for path in ["/unit/unit.js", "/unit/unit.css", "/ui/shared/dom.js", "/ui/shared/api.js", "/ui/shared/base.css"] {
        assert_eq!(app.get(path).await.status(), 200, "{path}");
    }
    // The screens' tests (and their node_modules) stay private.
    assert_eq!(app.get("/ui/tests/run.sh").await.status(), 404);
    assert_eq!(app.get("/unit/../tests/run.sh").await.status(), 404);
}

#[tokio::test]
async fn every_page_the_server_sends_carries_the_page_policy() {
    let app = spawn_app().await;
    for path in ["/kiosk/", "/kiosk/js/app.js", "/kiosk/sw.js", "/t/LS-7KQ-9M3-XDP", "/unit/", "/api/docs/"] {
        let response = app.get(path).await;
        assert_eq!(response.status(), 200, "{path}");
        assert_page_policy(&response, path);
    }
    // SVG documents (the QR codes) too; a JSON answer is no page.
    let qr = app.get("/api/v1/stations/XH-01/qr.svg").await;
    assert_eq!(qr.status(), 200);
    assert_page_policy(&qr, "qr.svg");
    let json = app.get("/api/v1/categories").await;
    assert!(json.headers().get("content-security-policy").is_none());
}

#[tokio::test]
async fn the_shipped_station_console_is_served_at_console() {
    let app = spawn_app().await;
    let page = app.get("/console/").await;
    assert_eq!(page.status(), 200);
    assert_page_policy(&page, "/console/");
    let html = page.text().await.unwrap();
    assert!(html.contains("lang=\"zh-CN\"") && html.contains("app.js"), "{html}");
    assert!(!html.contains("<style") && !html.contains(" style=") && !html.contains("<script>"), "{html}");
    for path in ["/console/app.js", "/console/console.css", "/console/strings.js"] {
        let file = app.get(path).await;
        assert_eq!(file.status(), 200, "{path}");
        assert_page_policy(&file, path);
    }
    // A staff notice's link, `/console/#/reports/{id}`, needs the slash; without it the browser is sent there.
    let no_redirects = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
    let bare = no_redirects.get(app.url("/console")).send().await.unwrap();
    assert_eq!(bare.status(), 301);
    assert_eq!(bare.headers()["location"], "/console/");
    assert_eq!(app.get("/console/../tests/run.sh").await.status(), 404);
}
