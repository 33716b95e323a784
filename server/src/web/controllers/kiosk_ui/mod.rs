//! The kiosk app and what the citizen's phone opens: the app's files at `/kiosk/`, the phone tracking page at
//! `/t/{tracking_code}`, and the QR code printed on a kiosk receipt that leads there. The files are sent by
//! `web::static_files`.

pub mod files;
pub mod receipt_qr;
pub mod track_page;

/// How the kiosk app is named in a 404.
const APP: &str = "the kiosk app";
