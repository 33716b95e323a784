//! Typed, layered settings: built-in defaults, then an optional `liaison.toml`, then the environment.
//!
//! Environment variables are `LIAISON_<FIELD>`, with `__` between nested names
//! (`LIAISON_LIMITS__PHOTOS_PER_REPORT=4`), plus the conventional `DATABASE_URL` and `REDIS_URL`.
//! Connection strings are secrets: they are wrapped so that neither `Debug` nor a log line shows them.

use std::path::{Path, PathBuf};

use figment::Figment;
use figment::providers::{Env, Format, Toml};
use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;

use crate::domain::report::TextLimits;

/// Everything the server can be told.
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Settings {
    /// Address and port to listen on; port 0 picks a free one.
    pub bind: String,
    /// Where the SQLite database and photos live in the embedded default.
    pub data_dir: PathBuf,
    /// `sqlite://…` or `postgres://…`; defaults to `<data_dir>/liaison.sqlite`.
    pub database_url: Option<SecretString>,
    /// `redis://…`; optional. Without it everything runs in process.
    pub redis_url: Option<SecretString>,
    /// `text` for people, `json` for log collectors.
    pub log_format: LogFormat,
    pub database: DatabaseSettings,
    pub limits: Limits,
    /// Seconds that in-flight requests get to finish after SIGTERM.
    pub shutdown_timeout_secs: u64,
    /// Number of HTTP worker threads; 0 means one per core.
    pub workers: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    Text,
    Json,
}

/// Connection pool sizes.
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct DatabaseSettings {
    /// PostgreSQL pool size.
    pub max_connections: u32,
    /// SQLite read-only connections; writes always go through one connection.
    pub sqlite_readers: u32,
    /// Milliseconds SQLite waits for a lock before giving up.
    pub sqlite_busy_timeout_ms: u64,
    /// Seconds a request waits for a free connection.
    pub acquire_timeout_secs: u64,
}

/// What a single request may carry.
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Limits {
    /// Largest JSON body accepted, in bytes.
    pub json_body_bytes: usize,
    /// Largest photo accepted, in bytes.
    pub photo_bytes: usize,
    /// Most photos on one report.
    pub photos_per_report: usize,
    /// Largest non-photo part of a multipart form, in bytes.
    pub form_field_bytes: usize,
    /// Lengths of typed text (`[limits.text]`).
    pub text: TextLimits,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            bind: "127.0.0.1:8080".into(),
            data_dir: PathBuf::from("./data"),
            database_url: None,
            redis_url: None,
            log_format: LogFormat::Text,
            database: DatabaseSettings::default(),
            limits: Limits::default(),
            shutdown_timeout_secs: 30,
            workers: 0,
        }
    }
}

impl Default for DatabaseSettings {
    fn default() -> Self {
        Self { max_connections: 16, sqlite_readers: 4, sqlite_busy_timeout_ms: 5_000, acquire_timeout_secs: 10 }
    }
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            json_body_bytes: 64 * 1024,
            photo_bytes: 15 * 1024 * 1024,
            photos_per_report: 9,
            form_field_bytes: 16 * 1024,
            text: TextLimits::default(),
        }
    }
}

/// Why settings could not be loaded.
#[derive(Debug, thiserror::Error)]
#[error("invalid configuration: {0}")]
pub struct ConfigError(#[from] Box<figment::Error>);

impl Settings {
    /// Loads defaults, then `config_file` when it exists, then the process environment.
    pub fn load(config_file: &Path) -> Result<Self, ConfigError> {
        Self::figment(config_file).extract().map_err(|e| ConfigError(Box::new(e)))
    }

    fn figment(config_file: &Path) -> Figment {
        Figment::new()
            .merge(Toml::file(config_file))
            .merge(Env::prefixed("LIAISON_").ignore(&["config"]).split("__"))
            .merge(Env::raw().only(&["DATABASE_URL", "REDIS_URL"]))
    }

    /// The database to use: the configured URL, or a SQLite file in the data directory.
    pub fn database_url(&self) -> SecretString {
        match &self.database_url {
            Some(url) => url.clone(),
            None => {
                let path = self.data_dir.join("liaison.sqlite");
                SecretString::from(format!("sqlite://{}?mode=rwc", path.display()))
            }
        }
    }

    /// True when the database is SQLite (the embedded default).
    pub fn uses_sqlite(&self) -> bool {
        self.database_url().expose_secret().starts_with("sqlite:")
    }

    /// Where photos are kept on local disk.
    pub fn photo_dir(&self) -> PathBuf {
        self.data_dir.join("photos")
    }
}

#[cfg(test)]
#[allow(clippy::result_large_err)] // figment's Jail closures return its large error type.
mod tests {
    use super::*;
    use figment::Jail;

    #[test]
    fn defaults_need_no_file_and_no_environment() {
        Jail::expect_with(|jail| {
            jail.clear_env();
            let s = Settings::load(Path::new("absent.toml")).unwrap();
            assert_eq!(s.bind, "127.0.0.1:8080");
            assert_eq!(s.data_dir, PathBuf::from("./data"));
            assert!(s.uses_sqlite());
            assert_eq!(s.database_url().expose_secret(), "sqlite://./data/liaison.sqlite?mode=rwc");
            assert!(s.redis_url.is_none());
            assert_eq!(s.limits.photos_per_report, 9);
            Ok(())
        });
    }

    #[test]
    fn the_environment_overrides_the_file_which_overrides_defaults() {
        Jail::expect_with(|jail| {
            jail.clear_env();
            jail.create_file(
                "liaison.toml",
                r#"
                bind = "0.0.0.0:9000"
                data_dir = "/var/lib/liaison"
                [limits]
                photos_per_report = 4
                [limits.text]
                description_chars = 500
                "#,
            )?;
            jail.set_env("LIAISON_BIND", "127.0.0.1:7000");
            jail.set_env("LIAISON_LIMITS__PHOTO_BYTES", "1024");
            jail.set_env("DATABASE_URL", "postgres://liaison:hunter2@db/liaison");
            jail.set_env("LIAISON_CONFIG", "liaison.toml");
            let s = Settings::load(Path::new("liaison.toml")).unwrap();
            assert_eq!(s.bind, "127.0.0.1:7000");
            assert_eq!(s.data_dir, PathBuf::from("/var/lib/liaison"));
            assert_eq!(s.limits.photos_per_report, 4);
            assert_eq!(s.limits.photo_bytes, 1024);
            assert_eq!(s.limits.text.description_chars, 500);
            assert!(!s.uses_sqlite());
            Ok(())
        });
    }

    #[test]
    fn secrets_never_appear_in_debug_output() {
        Jail::expect_with(|jail| {
            jail.clear_env();
            jail.set_env("DATABASE_URL", "postgres://liaison:hunter2@db/liaison");
            jail.set_env("REDIS_URL", "redis://:swordfish@cache:6379");
            let s = Settings::load(Path::new("absent.toml")).unwrap();
            let printed = format!("{s:?}");
            assert!(!printed.contains("hunter2"), "{printed}");
            assert!(!printed.contains("swordfish"), "{printed}");
            Ok(())
        });
    }

    #[test]
    fn unknown_keys_and_bad_values_are_refused() {
        Jail::expect_with(|jail| {
            jail.clear_env();
            jail.create_file("liaison.toml", "bnid = \"0.0.0.0:80\"")?;
            assert!(Settings::load(Path::new("liaison.toml")).is_err());
            jail.create_file("liaison.toml", "")?;
            jail.set_env("LIAISON_LIMITS__PHOTOS_PER_REPORT", "many");
            assert!(Settings::load(Path::new("liaison.toml")).is_err());
            Ok(())
        });
    }
}
