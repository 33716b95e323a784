//! The browser apps' files, sent from their folders on disk (`kiosk_ui_dir`, `web_ui_dir`): only what is
//! inside the folder, never a hidden file, revalidated on every load, with the pages' strict policy.

use std::path::{Path, PathBuf};

use actix_files::NamedFile;
use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse};

use crate::app::error::{AppError, ErrorCode};
use crate::web::middleware::page_policy;

/// `relative` inside `root`, or `None` when it could leave the folder or names a hidden file.
pub fn resolve(root: &Path, relative: &str) -> Option<PathBuf> {
    let mut path = root.to_path_buf();
    for segment in relative.split('/') {
        if segment.is_empty() || segment.starts_with('.') || segment.contains(['\\', '\0', ':']) {
            return None;
        }
        path.push(segment);
    }
    Some(path)
}

/// A folder's start page for an empty path or one ending in `/`.
pub fn or_index(file: &str) -> String {
    if file.is_empty() || file.ends_with('/') { format!("{file}index.html") } else { file.to_owned() }
}

/// The answer for a file that is not there (or may not be reached).
pub fn not_found(app: &str) -> AppError {
    AppError::new(ErrorCode::NotFound, format!("There is no such file in {app}."))
}

/// Sends one file of `app` ("the kiosk app"). The browser revalidates every time (ETag), so a new release is
/// picked up on the next load without a stale mix of old and new modules.
pub async fn send(req: &HttpRequest, path: PathBuf, app: &str) -> Result<HttpResponse, AppError> {
    if !tokio::fs::metadata(&path).await.map(|m| m.is_file()).unwrap_or(false) {
        return Err(not_found(app));
    }
    let file = NamedFile::open_async(&path).await.map_err(|_| not_found(app))?;
    let mut response = file.use_etag(true).use_last_modified(true).prefer_utf8(true).into_response(req);
    let headers = response.headers_mut();
    headers.insert(header::CACHE_CONTROL, header::HeaderValue::from_static("no-cache"));
    let tile_origin =
        req.app_data::<actix_web::web::Data<crate::app::state::AppState>>().and_then(|s| s.tile_origin.as_deref());
    page_policy::protect(headers, tile_origin);
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
        for bad in ["../secret", "js/../../x", ".git/config", "", "js//app.js", "a\\b", "c:x", "a\0b", ".."] {
            assert_eq!(resolve(root, bad), None, "{bad}");
        }
    }

    #[test]
    fn a_folder_opens_its_start_page() {
        assert_eq!(or_index(""), "index.html");
        assert_eq!(or_index("js/"), "js/index.html");
        assert_eq!(or_index("unit.js"), "unit.js");
    }
}
