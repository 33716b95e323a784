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

/// The console's map background (`[map]`): a raster tile service, or none (grids drawn on a plain background).
/// Tiles must be Web Mercator in WGS-84, like OpenStreetMap's (a GCJ-02 service would shift every grid by a
/// few hundred metres against it). Its origin is added to the pages' `img-src`, nothing else.
#[derive(Debug, Clone, serde::Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct MapSettings {
    /// `https://tiles.example.org/{z}/{x}/{y}.png`; none for a plain background.
    pub tile_url: Option<String>,
    /// The attribution the tile service asks for, shown on the map.
    pub attribution: Option<String>,
    /// The deepest zoom the service has.
    pub max_zoom: u8,
}

impl Default for MapSettings {
    fn default() -> Self {
        Self { tile_url: None, attribution: None, max_zoom: 18 }
    }
}

impl MapSettings {
    /// The tile service's origin (`https://tiles.example.org`), or why `tile_url` cannot be used.
    pub fn tile_origin(&self) -> Result<Option<String>, String> {
        let Some(template) = self.tile_url.as_deref() else { return Ok(None) };
        let url = url::Url::parse(template).map_err(|err| format!("map.tile_url is not a URL: {err}"))?;
        if !matches!(url.scheme(), "https" | "http") || url.host_str().is_none() {
            return Err("map.tile_url must be an http(s) address".into());
        }
        if ["{z}", "{x}", "{y}"].iter().any(|part| !template.contains(part)) {
            return Err("map.tile_url must contain {z}, {x} and {y}".into());
        }
        if template.contains(['\'', '"', ';', ' ', ',']) {
            return Err("map.tile_url may not contain quotes, spaces, commas or semicolons".into());
        }
        Ok(Some(url.origin().ascii_serialization()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with(url: &str) -> MapSettings {
        MapSettings { tile_url: Some(url.into()), ..MapSettings::default() }
    }

    #[test]
    fn a_tile_service_is_an_http_address_with_its_three_numbers() {
        assert_eq!(MapSettings::default().tile_origin(), Ok(None));
        assert_eq!(
            with("https://tiles.example.org/osm/{z}/{x}/{y}.png").tile_origin(),
            Ok(Some("https://tiles.example.org".into()))
        );
        assert_eq!(
            with("http://127.0.0.1:8081/{z}/{x}/{y}.png").tile_origin(),
            Ok(Some("http://127.0.0.1:8081".into()))
        );
        for bad in [
            "tiles/{z}/{x}/{y}.png",
            "ftp://x.org/{z}/{x}/{y}",
            "https://x.org/{z}/{x}.png",
            "https://x.org/{z}/{x}/{y}; script-src *",
        ] {
            assert!(with(bad).tile_origin().is_err(), "{bad}");
        }
    }
}
