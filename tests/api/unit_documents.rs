//! PDF documents with a handling unit's reply: attached through the unit's link or by the deputy, checked
//! by content (a real PDF, no scripts, no encryption), listed for the people handling the report and
//! downloaded as attachments; never shown to the citizen, never taken with a new report.

use serde_json::Value;
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::helpers::{TestApp, assert_problem, spawn_app};
use crate::notifications::set_target;
use crate::unit_links::forwarded_to;

/// A small one-page PDF with `extra` in its catalogue.
fn pdf(extra: &str) -> Vec<u8> {
    format!(
        "%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R {extra} >> endobj\n\
         2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n\
         3 0 obj << /Type /Page /Parent 2 0 R >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
    )
    .into_bytes()
}

async fn send(app: &TestApp, path: &str, token: Option<&str>, parts: Vec<(&str, Vec<u8>, &str)>) -> reqwest::Response {
    let mut form = reqwest::multipart::Form::new();
    for (name, bytes, file_name) in parts {
        form = form.part(name.to_owned(), reqwest::multipart::Part::bytes(bytes).file_name(file_name.to_owned()));
    }
    let mut request = app.client.post(app.url(path)).multipart(form);
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    request.send().await.unwrap()
}

#[tokio::test]
async fn a_unit_attaches_its_reply_letter_as_a_pdf_checked_by_content() {
    let app = spawn_app().await;
    let hook = MockServer::start().await;
    Mock::given(method("POST")).respond_with(ResponseTemplate::new(200)).mount(&hook).await;
    set_target(&app, &app.admin, "handling-units/HP-CG", "webhook", &format!("{}/unit", hook.uri())).await;
    let deputy = app.deputy_signed_in("D-003").await;
    let (id, token) = forwarded_to(&app, &hook, &deputy, "HP-CG").await;
    let attach = format!("/api/v1/unit-links/{token}/attachments");

    // Refused by content, whatever the name says: a picture, a script, an encrypted file.
    let gif = send(&app, &attach, None, vec![("documents", b"GIF89a....".to_vec(), "letter.pdf")]).await;
    assert_problem(gif, 422, "invalid_document").await;
    let script = pdf("/OpenAction << /S /JavaScript /JS (app.alert(1)) >>");
    let scripted = send(&app, &attach, None, vec![("documents", script, "letter.pdf")]).await;
    let problem = assert_problem(scripted, 422, "invalid_document").await;
    assert!(problem["detail"].as_str().unwrap().contains("active content"), "{problem}");
    let locked = send(&app, &attach, None, vec![("documents", pdf("/Encrypt 5 0 R"), "x.pdf")]).await;
    assert_problem(locked, 422, "invalid_document").await;
    let many = (0..6).map(|i| ("documents", pdf(""), if i % 2 == 0 { "a.pdf" } else { "b.pdf" })).collect();
    assert_problem(send(&app, &attach, None, many).await, 422, "too_many_documents").await;

    let letter = pdf("/Lang (zh-CN)");
    let attached = send(&app, &attach, None, vec![("documents", letter.clone(), "../回复函 2026-12.pdf")]).await;
    assert_eq!(attached.status(), 200, "{}", attached.text().await.unwrap());
    let view: Value = attached.json().await.unwrap();
    let listed = &view["documents"][0];
    assert_eq!(
        (listed["file_name"].as_str(), listed["attached_by"].as_str()),
        (Some("回复函 2026-12.pdf"), Some("unit"))
    );
    assert_eq!(listed["byte_size"], letter.len());
    let through_link = app.get(listed["url"].as_str().unwrap()).await;
    assert_eq!(through_link.status(), 200);
    assert_eq!(through_link.headers()["content-type"], "application/pdf");
    assert!(through_link.headers()["content-disposition"].to_str().unwrap().starts_with("attachment;"));
    assert_eq!(through_link.bytes().await.unwrap().as_ref(), letter.as_slice(), "kept as sent");

    // The deputy sees and downloads it; the citizen's view has no documents at all.
    let detail: Value = app.get_as(&format!("/api/v1/reports/{id}"), Some(&deputy)).await.json().await.unwrap();
    let url = detail["documents"][0]["url"].as_str().unwrap().to_owned();
    assert_eq!(url, format!("/api/v1/reports/{id}/documents/0"));
    assert_eq!(app.get_as(&url, Some(&deputy)).await.bytes().await.unwrap().as_ref(), letter.as_slice());
    assert_eq!(app.get(&url).await.status(), 401);
    assert_problem(
        app.get_as(&format!("/api/v1/reports/{id}/documents/7"), Some(&deputy)).await,
        404,
        "document_not_found",
    )
    .await;
    let code = detail["tracking_code"].as_str().unwrap();
    let tracked: Value = app.get(&format!("/api/v1/reports/track/{code}")).await.json().await.unwrap();
    assert!(tracked.get("documents").is_none() && !tracked.to_string().contains("回复函"), "{tracked}");

    // The deputy attaches one too, after the unit's.
    let own = send(
        &app,
        &format!("/api/v1/reports/{id}/attachments"),
        Some(&deputy),
        vec![("documents", pdf(""), "说明.pdf")],
    )
    .await;
    assert_eq!(own.status(), 200, "{}", own.text().await.unwrap());
    let detail: Value = own.json().await.unwrap();
    assert_eq!(detail["documents"][1]["attached_by"], "deputy");
}

#[tokio::test]
async fn a_new_report_does_not_take_documents() {
    let app = spawn_app().await;
    let form = reqwest::multipart::Form::new()
        .text("category", "environment")
        .text("description", "垃圾没人清")
        .text("channel", "web")
        .part("documents", reqwest::multipart::Part::bytes(pdf("")).file_name("x.pdf"));
    let response = app.post_form(form).await;
    let problem = assert_problem(response, 422, "validation_failed").await;
    assert_eq!(problem["errors"][0]["field"], "documents", "{problem}");
    assert_eq!(app.count_reports().await, 0);
}
