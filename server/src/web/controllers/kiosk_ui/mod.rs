//! The kiosk app and what the citizen's phone opens: the app's files at `/kiosk/`, the phone tracking page at
//! `/t/{tracking_code}`, and the QR code printed on a kiosk receipt that leads there.

use std::path::{Path, PathBuf};

use actix_files::NamedFile;
use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse};

use crate::app::error::{AppError, ErrorCode};

pub mod files;
pub mod receipt_qr;
pub mod track_page;

/// `relative` inside `root`, or `None` when it could leave the folder or names a hidden file.
fn resolve(root: &Path, relative: &str) -> Option<PathBuf> {
    let mut path = root.to_path_buf();
    for segment in relative.split('/') {
        if segment.is_empty() || segment.starts_with('.') || segment.contains(['\\', '\0', ':']) {
            return None;
        }
        path.push(segment);
    }
    Some(path)
}

/// Sends one file of the kiosk app. The browser revalidates every time (ETag), so a new release is picked
/// up on the next load without a stale mix of old and new modules.
async fn send(req: &HttpRequest, path: PathBuf) -> Result<HttpResponse, AppError> {
    let not_found = || AppError::new(ErrorCode::NotFound, "There is no such file in the kiosk app.");
    if !tokio::fs::metadata(&path).await.map(|m| m.is_file()).unwrap_or(false) {
        return Err(not_found());
    }
    let file = NamedFile::open_async(&path).await.map_err(|_| not_found())?;
    let mut response = file.use_etag(true).use_last_modified(true).prefer_utf8(true).into_response(req);
    response.headers_mut().insert(header::CACHE_CONTROL, header::HeaderValue::from_static("no-cache"));
    response.headers_mut().insert(header::X_CONTENT_TYPE_OPTIONS, header::HeaderValue::from_static("nosniff"));
    Ok(response)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_stay_inside_the_folder() {
        let root = Path::new("/srv/kiosk-ui");
        assert_eq!(resolve(root, "index.html"), Some(root.join("index.html")));
        assert_eq!(resolve(root, "js/app.js"), Some(root.join("js").join("app.js")));
        for bad in ["../secret", "js/../../x", ".git/config", "", "js//app.js", "a\\b", "c:x"] {
            assert_eq!(resolve(root, bad), None, "{bad}");
        }
    }
}
