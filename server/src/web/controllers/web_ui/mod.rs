//! The browser screens besides the kiosk, from the `web_ui_dir` folder (`web-ui/` in the source tree): one
//! folder per screen, served at its own path (the handling unit's page `web-ui/unit/` at `/unit/`, the
//! deputy's workbench `web-ui/deputy/` at `/deputy/`, the station console `web-ui/console/` at
//! `/console/`, the citizen's phone app `web-ui/citizen/` at `/m/`), and the code they share (`web-ui/shared/` at `/ui/shared/`). Nothing else in the folder is
//! reachable (its browser tests, say). The files are sent by `web::static_files`.

use actix_web::{HttpRequest, HttpResponse};

use crate::app::error::AppError;
use crate::app::state::AppState;
use crate::web::static_files;

pub mod citizen;
pub mod console;
pub mod deputy;
pub mod shared;
pub mod unit;

/// How the screens are named in a 404.
const APP: &str = "the screens";

/// The file the route's `{file}` names inside `folder` of the screens (a folder's `index.html` for an
/// empty name or one ending in `/`).
async fn send(state: &AppState, req: &HttpRequest, folder: &str) -> Result<HttpResponse, AppError> {
    let file = static_files::or_index(req.match_info().query("file"));
    let path = static_files::resolve(&state.web_ui.join(folder), &file).ok_or_else(|| static_files::not_found(APP))?;
    static_files::send(req, path, APP).await
}
