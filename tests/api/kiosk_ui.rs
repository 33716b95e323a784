//! The kiosk app as the server hands it out: its files at `/kiosk/`, the phone tracking page at `/t/{code}`,
//! and the receipt's QR code that leads there.

use serde_json::Value;

use crate::helpers::{assert_problem, image_bytes, kiosk_form, kiosk_report, photo_part, spawn_app, spawn_app_with};

/// A kiosk folder of the test's own, with a file next to it that must never be reachable.
fn kiosk_folder() -> tempfile::TempDir {
    let root = tempfile::tempdir().unwrap();
    let ui = root.path().join("ui");
    std::fs::create_dir_all(ui.join("js")).unwrap();
    std::fs::write(ui.join("index.html"), "<!doctype html><title>站</title>").unwrap();
    std::fs::write(ui.join("js/app.js"), "export const ok = 1;").unwrap();
    std::fs::write(ui.join("track.html"), "<!doctype html><title>track</title>").unwrap();
    std::fs::write(ui.join(".env"), "hidden").unwrap();
    std::fs::write(root.path().join("secret.txt"), "outside").unwrap();
    root
}

#[tokio::test]
async fn the_kiosk_app_is_served_from_its_folder_and_nothing_outside_it() {
    let folder = kiosk_folder();
    let ui = folder.path().join("ui");
    let app = spawn_app_with(|s| s.kiosk_ui_dir = ui).await;

    let index = app.get("/kiosk/").await;
    assert_eq!(index.status(), 200);
    assert!(index.headers()["content-type"].to_str().unwrap().starts_with("text/html"));
    assert_eq!(index.headers()["cache-control"], "no-cache");
    let etag = index.headers()["etag"].to_str().unwrap().to_owned();
    assert!(index.text().await.unwrap().contains("<title>站</title>"));
    // Revalidation is cheap.
    let again = app.client.get(app.url("/kiosk/")).header("If-None-Match", &etag).send().await.unwrap();
    assert_eq!(again.status(), 304);

    let module = app.get("/kiosk/js/app.js").await;
    assert_eq!(module.status(), 200);
    assert!(module.headers()["content-type"].to_str().unwrap().contains("javascript"));

    // `/kiosk` keeps its query (a QR code's pre-fill) on the way to `/kiosk/`.
    let bare = app.get("/kiosk?station=XH-01").await;
    assert_eq!(bare.status(), 301);
    assert_eq!(bare.headers()["location"], "/kiosk/?station=XH-01");

    for path in ["/kiosk/missing.js", "/kiosk/.env", "/kiosk/../secret.txt", "/kiosk/%2e%2e/secret.txt", "/kiosk/js"] {
        assert_problem(app.get(path).await, 404, "not_found").await;
    }
    let post = app.client.post(app.url("/kiosk/")).send().await.unwrap();
    assert_problem(post, 405, "method_not_allowed").await;
}

#[tokio::test]
async fn the_shipped_kiosk_app_is_found_without_configuration() {
    // Tests run in `server/`, where there is no `kiosk-ui/`: the source tree's is used.
    let app = spawn_app().await;
    let index = app.get("/kiosk/").await;
    assert_eq!(index.status(), 200);
    let html = index.text().await.unwrap();
    assert!(html.contains("lang=\"zh-CN\""), "{html}");
    let page = app.get("/t/LS-7KQ-9M3-XDP").await;
    assert_eq!(page.status(), 200);
    assert!(page.text().await.unwrap().contains("track.js"));
}

#[tokio::test]
async fn the_phone_tracking_page_is_one_page_for_every_code() {
    let folder = kiosk_folder();
    let ui = folder.path().join("ui");
    let app = spawn_app_with(|s| s.kiosk_ui_dir = ui).await;
    for code in ["LS-7KQ-9M3-XDP", "7kq9m3xdp", "not-a-code"] {
        let page = app.get(&format!("/t/{code}")).await;
        assert_eq!(page.status(), 200, "{code}");
        assert!(page.headers()["content-type"].to_str().unwrap().starts_with("text/html"));
        assert!(page.text().await.unwrap().contains("<title>track</title>"));
    }
}

#[tokio::test]
async fn the_receipt_qr_code_opens_the_phone_tracking_page() {
    let app = spawn_app_with(|s| s.public_url = "https://liaison.example.gov.cn/".into()).await;
    let created: Value = app.post_report(&kiosk_report()).await.json().await.unwrap();
    let code = created["tracking_code"].as_str().unwrap();

    // Typed loosely, it is still this report's code, and the QR code carries the printed form.
    let loose = code.replace('-', "").to_lowercase();
    let qr = app.get(&format!("/api/v1/reports/track/{loose}/qr.svg")).await;
    assert_eq!(qr.status(), 200);
    assert_eq!(qr.headers()["content-type"], "image/svg+xml");
    assert_eq!(qr.headers()["cache-control"], "private, max-age=86400");
    let svg = qr.text().await.unwrap();
    let expected = qrcode::QrCode::with_error_correction_level(
        format!("https://liaison.example.gov.cn/t/{code}").as_bytes(),
        qrcode::EcLevel::M,
    )
    .unwrap()
    .render::<qrcode::render::svg::Color<'_>>()
    .min_dimensions(256, 256)
    .quiet_zone(true)
    .dark_color(qrcode::render::svg::Color("#000000"))
    .light_color(qrcode::render::svg::Color("#ffffff"))
    .build();
    assert_eq!(svg, expected);

    assert_problem(app.get("/api/v1/reports/track/LS-2222-2222/qr.svg").await, 400, "invalid_tracking_code").await;
    assert_problem(app.get("/api/v1/reports/track/LS-222-222-222/qr.svg").await, 404, "report_not_found").await;
}

#[tokio::test]
async fn a_kiosk_form_with_photos_names_the_place_and_deputy_the_resident_picked() {
    let app = spawn_app().await;
    let places: Value = app.get("/api/v1/stations/XH-01/places").await.json().await.unwrap();
    assert!(
        places["items"].as_array().unwrap().iter().all(|p| p.get("boundary").is_none()),
        "the kiosk's list is light"
    );
    // The phone app's map asks for the grids' boundaries too.
    let mapped: Value = app.get("/api/v1/stations/XH-01/places?boundaries=true").await.json().await.unwrap();
    let grid = mapped["items"].as_array().unwrap().iter().find(|p| p["code"] == "HP-XH-HX-G1").unwrap();
    assert_eq!(grid["boundary"]["type"], "Polygon", "{grid}");
    let with_building =
        places["items"].as_array().unwrap().iter().find(|p| !p["buildings"].as_array().unwrap().is_empty()).unwrap();
    let area = with_building["code"].as_str().unwrap().to_owned();
    let building = with_building["buildings"][0]["code"].as_str().unwrap().to_owned();
    let form = |extra: &[(&str, &str)]| {
        let mut form = kiosk_form()
            .part("photos", photo_part(image_bytes(image::ImageFormat::Jpeg, 64, 48), "p.jpg", "image/jpeg"));
        for (name, value) in extra {
            form = form.text(name.to_string(), value.to_string());
        }
        form
    };

    let filed = app.post_form(form(&[("area", &area), ("building", &building), ("deputy", "D-003")])).await;
    assert_eq!(filed.status(), 201, "{}", filed.text().await.unwrap());

    assert_problem(app.post_form(form(&[("area", "NOWHERE")])).await, 422, "unknown_place").await;
    assert_problem(app.post_form(form(&[("building", "NO-SUCH-BUILDING")])).await, 422, "unknown_place").await;
    assert_problem(app.post_form(form(&[("deputy", "D-999")])).await, 422, "unknown_deputy").await;
}
