//! `liaison backup` and `liaison restore`: the database, the photos and the generated keys in one folder.
//!
//! - SQLite (the embedded default) is copied online with `VACUUM INTO`, a consistent snapshot taken while
//!   the server keeps running; PostgreSQL with `pg_dump --format=custom` (and `pg_restore` back).
//! - Photos are read through the configured store (local disk or S3) and written as files, so a backup
//!   taken from one kind of store restores into the other.
//! - Keys the server generated in `<data_dir>/keys` (token signing, the phone vault) are copied too: without
//!   them stored phone numbers cannot be read. Keep backups as safe as the server itself.
//!
//! A `manifest.json` says what the folder holds. Restore refuses to overwrite a database that holds data.

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, bail};
use bytes::Bytes;
use secrecy::ExposeSecret;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::configuration::Settings;
use crate::infra::photos::PhotoStore;
use crate::storage::Storage;

const MANIFEST: &str = "manifest.json";
const SQLITE_FILE: &str = "liaison.sqlite";
const PG_FILE: &str = "liaison.pgdump";

/// What a backup folder holds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    pub format: u32,
    pub created_at: chrono::DateTime<chrono::Utc>,
    /// `sqlite` or `postgres`.
    pub database: String,
    /// The database file in the folder, and its SHA-256.
    pub database_file: String,
    pub database_sha256: String,
    pub photos: usize,
    pub keys: usize,
}

/// Writes a backup into `out`, which must not exist yet or be empty.
pub async fn backup(
    settings: &Settings,
    storage: &Storage,
    photos: &dyn PhotoStore,
    out: &Path,
) -> anyhow::Result<Manifest> {
    if out.exists() && std::fs::read_dir(out)?.next().is_some() {
        bail!("{} is not empty; back up into a new folder", out.display());
    }
    std::fs::create_dir_all(out).with_context(|| format!("cannot create {}", out.display()))?;
    // It holds phone numbers (encrypted), the keys that decrypt them, and photos: the owner's alone.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(out, std::fs::Permissions::from_mode(0o700))?;
    }
    let (database, database_file) = if settings.uses_sqlite() {
        let file = out.join(SQLITE_FILE);
        storage.sqlite_snapshot(&file).await.context("cannot copy the SQLite database")?;
        ("sqlite", SQLITE_FILE)
    } else {
        let file = out.join(PG_FILE);
        let status = postgres_tool("pg_dump", settings)?
            .args(["--format=custom", "--no-owner", "--no-privileges", "--file"])
            .arg(&file)
            .status()
            .context("cannot run pg_dump (install the PostgreSQL client)")?;
        if !status.success() {
            bail!("pg_dump failed ({status})");
        }
        ("postgres", PG_FILE)
    };
    let database_sha256 = hex::encode(Sha256::digest(std::fs::read(out.join(database_file))?));

    let mut photo_count = 0;
    for object in photos.list("").await.context("cannot list the photos")? {
        let Some(bytes) = photos.get(&object.key).await.context("cannot read a photo")? else { continue };
        let path = inside(&out.join("photos"), &object.key)?;
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(&path, &bytes)?;
        photo_count += 1;
    }
    let keys = copy_files(&settings.key_dir(), &out.join("keys"))?;

    let manifest = Manifest {
        format: 1,
        created_at: storage.now(),
        database: database.to_owned(),
        database_file: database_file.to_owned(),
        database_sha256,
        photos: photo_count,
        keys,
    };
    std::fs::write(out.join(MANIFEST), serde_json::to_vec_pretty(&manifest)?)?;
    Ok(manifest)
}

/// Puts a backup back: the photos through the configured store and the keys, then the database last (so a
/// failure before it leaves nothing half restored that blocks a second try). SQLite is restored only where
/// there is no database yet; PostgreSQL into the configured database, which must be empty. The server must
/// be stopped.
pub async fn restore(settings: &Settings, photos: &dyn PhotoStore, from: &Path) -> anyhow::Result<Manifest> {
    let manifest: Manifest = serde_json::from_slice(
        &std::fs::read(from.join(MANIFEST)).with_context(|| format!("{} has no {MANIFEST}", from.display()))?,
    )
    .context("the manifest is not readable")?;
    let source = from.join(&manifest.database_file);
    let digest = hex::encode(Sha256::digest(std::fs::read(&source).context("the database file is missing")?));
    if digest != manifest.database_sha256 {
        bail!("{} does not match its checksum; the backup is damaged", source.display());
    }
    let sqlite_target = match (manifest.database.as_str(), settings.uses_sqlite()) {
        ("sqlite", true) => {
            let target = sqlite_path(settings)?;
            for file in [target.clone(), suffixed(&target, "-wal"), suffixed(&target, "-shm")] {
                if file.exists() {
                    bail!("{} exists; move it away first (restore never overwrites a database)", file.display());
                }
            }
            Some(target)
        }
        ("postgres", false) => None,
        (kind, _) => bail!("this is a {kind} backup; configure a {kind} database to restore it"),
    };
    let root = from.join("photos");
    for path in files_under(&root)? {
        let key = path.strip_prefix(&root)?.to_string_lossy().replace('\\', "/");
        let bytes = Bytes::from(std::fs::read(&path)?);
        photos.put(&key, bytes, content_type(&key)).await.context("cannot write a photo")?;
    }
    copy_files(&from.join("keys"), &settings.key_dir())?;
    match sqlite_target {
        Some(target) => {
            if let Some(parent) = target.parent() {
                std::fs::create_dir_all(parent)?;
            }
            std::fs::copy(&source, &target)?;
        }
        None => {
            let status = postgres_tool("pg_restore", settings)?
                .args(["--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction"])
                .arg(&source)
                .status()
                .context("cannot run pg_restore (install the PostgreSQL client)")?;
            if !status.success() {
                bail!("pg_restore failed ({status}); restore into an empty database");
            }
        }
    }
    Ok(manifest)
}

/// The SQLite file `database_url` names (`sqlite://PATH?…` or `sqlite:PATH`).
fn sqlite_path(settings: &Settings) -> anyhow::Result<PathBuf> {
    let url = settings.database_url();
    let url = url.expose_secret();
    let rest = url.strip_prefix("sqlite://").or_else(|| url.strip_prefix("sqlite:")).unwrap_or(url);
    let path = rest.split('?').next().unwrap_or_default();
    if path.is_empty() || path == ":memory:" {
        bail!("DATABASE_URL names no SQLite file to restore into");
    }
    Ok(PathBuf::from(path))
}

fn suffixed(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

/// `%XX` decoded (URL user names, passwords and database names may hold any byte).
fn percent_decoded(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes.get(i + 1..i + 3).and_then(|h| std::str::from_utf8(h).ok());
        match (bytes[i], hex.and_then(|h| u8::from_str_radix(h, 16).ok())) {
            (b'%', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (byte, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// `pg_dump` or `pg_restore`, connected through the environment so the password never shows in `ps`.
fn postgres_tool(program: &str, settings: &Settings) -> anyhow::Result<Command> {
    let url = url::Url::parse(settings.database_url().expose_secret()).context("DATABASE_URL is not a URL")?;
    let mut command = Command::new(program);
    let database = percent_decoded(url.path().trim_start_matches('/'));
    let host = url.host_str().unwrap_or("localhost").trim_start_matches('[').trim_end_matches(']');
    command.env("PGHOST", host).env("PGPORT", url.port().unwrap_or(5432).to_string()).env("PGDATABASE", &database);
    if !url.username().is_empty() {
        command.env("PGUSER", percent_decoded(url.username()));
    }
    if let Some(password) = url.password() {
        command.env("PGPASSWORD", percent_decoded(password));
    }
    // Parameters in the query (a socket folder as `host`, `sslmode`, …) have environment twins.
    for (key, value) in url.query_pairs() {
        let variable = match key.as_ref() {
            "host" => "PGHOST",
            "port" => "PGPORT",
            "user" => "PGUSER",
            "password" => "PGPASSWORD",
            "sslmode" => "PGSSLMODE",
            "sslrootcert" => "PGSSLROOTCERT",
            "sslcert" => "PGSSLCERT",
            "sslkey" => "PGSSLKEY",
            "options" => "PGOPTIONS",
            "application_name" => "PGAPPNAME",
            _ => continue,
        };
        command.env(variable, value.as_ref());
    }
    if program == "pg_restore" {
        command.arg("--dbname").arg(&database);
    }
    Ok(command)
}

/// `root/key`, refusing keys that would climb out of `root`.
fn inside(root: &Path, key: &str) -> anyhow::Result<PathBuf> {
    if key.split('/').any(|part| part.is_empty() || part == "." || part == "..") {
        bail!("refusing the odd photo key `{key}`");
    }
    Ok(root.join(key))
}

fn files_under(root: &Path) -> anyhow::Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    if !root.exists() {
        return Ok(files);
    }
    let mut pending = vec![root.to_owned()];
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(&dir)? {
            let path = entry?.path();
            if path.is_dir() { pending.push(path) } else { files.push(path) }
        }
    }
    files.sort();
    Ok(files)
}

/// Copies the files directly in `from` to `to`; returns how many.
fn copy_files(from: &Path, to: &Path) -> anyhow::Result<usize> {
    if !from.is_dir() {
        return Ok(0);
    }
    std::fs::create_dir_all(to)?;
    let mut copied = 0;
    for entry in std::fs::read_dir(from)? {
        let path = entry?.path();
        if path.is_file()
            && let Some(name) = path.file_name()
        {
            std::fs::copy(&path, to.join(name))?;
            copied += 1;
        }
    }
    Ok(copied)
}

fn content_type(key: &str) -> &'static str {
    match key.rsplit('.').next() {
        Some("jpg" | "jpeg") => "image/jpeg",
        Some("png") => "image/png",
        Some("webp") => "image/webp",
        Some("pdf") => "application/pdf",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn photo_keys_cannot_climb_out_of_the_backup() {
        let root = Path::new("/backup/photos");
        assert_eq!(inside(root, "photos/ab/abc/display.jpg").unwrap(), root.join("photos/ab/abc/display.jpg"));
        assert!(inside(root, "../etc/passwd").is_err());
        assert!(inside(root, "photos//x").is_err());
        assert!(inside(root, "/abs").is_err());
    }

    #[test]
    fn url_parts_are_percent_decoded() {
        assert_eq!(percent_decoded("p%40ss%2Fw%25rd"), "p@ss/w%rd");
        assert_eq!(percent_decoded("plain+text%"), "plain+text%");
        assert_eq!(percent_decoded("%E8%81%94"), "联");
    }

    #[test]
    fn content_types_follow_the_extension() {
        assert_eq!(content_type("photos/ab/x/thumb.webp"), "image/webp");
        assert_eq!(content_type("photos/ab/x/display.jpg"), "image/jpeg");
        assert_eq!(content_type("photos/ab/x/original"), "application/octet-stream");
    }
}
