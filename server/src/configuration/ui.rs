//! Where the browser apps' files are: the kiosk (`kiosk_ui_dir`) and the other screens (`web_ui_dir`). Each
//! default is a folder in the working directory, with the source tree's folder as the fallback when it is
//! absent (`cargo run` from `server/`, the tests).

use std::path::{Path, PathBuf};

use super::Settings;

/// Where the kiosk app is looked for unless told otherwise.
pub(super) const DEFAULT_KIOSK_UI_DIR: &str = "kiosk-ui";
/// Where the other screens are looked for unless told otherwise.
pub(super) const DEFAULT_WEB_UI_DIR: &str = "web-ui";

impl Settings {
    /// The kiosk app's folder: `kiosk_ui_dir`, or the source tree's `kiosk-ui/` when the default is absent
    /// from the working directory.
    pub fn kiosk_ui_path(&self) -> PathBuf {
        configured_or_source(
            &self.kiosk_ui_dir,
            DEFAULT_KIOSK_UI_DIR,
            concat!(env!("CARGO_MANIFEST_DIR"), "/../kiosk-ui"),
        )
    }

    /// The screens' folder (`unit/`, `shared/` …): `web_ui_dir`, or the source tree's `web-ui/` when the
    /// default is absent from the working directory.
    pub fn web_ui_path(&self) -> PathBuf {
        configured_or_source(&self.web_ui_dir, DEFAULT_WEB_UI_DIR, concat!(env!("CARGO_MANIFEST_DIR"), "/../web-ui"))
    }
}

fn configured_or_source(configured: &Path, default: &str, source: &str) -> PathBuf {
    if configured == Path::new(default) && !configured.is_dir() {
        return PathBuf::from(source);
    }
    configured.to_path_buf()
}
