//! QR entry points (代表码 for a deputy, 联络站码 for a station): short links printed as QR codes that open
//! the report form pre-filled to reach that deputy or station.

use actix_web::HttpResponse;
use actix_web::http::header;
use serde::Serialize;
use utoipa::ToSchema;

use crate::app::error::AppError;

pub mod deputy;
pub mod station;

/// Where a QR code leads, and the code itself.
#[derive(Debug, Serialize, ToSchema)]
pub struct EntryPoint {
    /// What the QR code encodes: opens the report form pre-filled.
    #[schema(example = "https://liaison.example.gov.cn/q/d/D-001")]
    pub url: String,
    /// The QR code as SVG, to print.
    #[schema(example = "/api/v1/deputies/D-001/qr.svg")]
    pub qr_svg: String,
}

impl EntryPoint {
    pub fn deputy(public_url: &str, code: &str) -> Self {
        let code = encode(code);
        Self { url: format!("{public_url}/q/d/{code}"), qr_svg: format!("/api/v1/deputies/{code}/qr.svg") }
    }

    pub fn station(public_url: &str, code: &str) -> Self {
        let code = encode(code);
        Self { url: format!("{public_url}/q/s/{code}"), qr_svg: format!("/api/v1/stations/{code}/qr.svg") }
    }
}

/// Codes are letters, digits, `-`, `_` and `.`, but nothing stops a stored one from holding more.
fn encode(code: &str) -> String {
    url::form_urlencoded::byte_serialize(code.as_bytes()).collect()
}

/// A QR code for `text` as an SVG image, cached for a day.
pub fn qr_svg(text: &str) -> Result<HttpResponse, AppError> {
    let svg = qr_svg_text(text)?;
    Ok(HttpResponse::Ok()
        .content_type("image/svg+xml")
        .insert_header((header::CACHE_CONTROL, "public, max-age=86400"))
        .body(svg))
}

/// `text` as a QR code, an SVG document.
pub fn qr_svg_text(text: &str) -> Result<String, AppError> {
    let code = qrcode::QrCode::with_error_correction_level(text.as_bytes(), qrcode::EcLevel::M)
        .map_err(|e| AppError::internal(anyhow::anyhow!("QR code for {text}: {e}")))?;
    Ok(code
        .render::<qrcode::render::svg::Color<'_>>()
        .min_dimensions(256, 256)
        .quiet_zone(true)
        .dark_color(qrcode::render::svg::Color("#000000"))
        .light_color(qrcode::render::svg::Color("#ffffff"))
        .build())
}

/// Sends the browser to a page of the citizen's phone app (`/m/#/station/XH-01`, `/m/#/deputy/D-001`).
fn to_phone_app(route: &str, code: &str) -> HttpResponse {
    HttpResponse::Found()
        .insert_header((header::LOCATION, format!("/m/#/{route}/{}", encode(code))))
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .finish()
}
