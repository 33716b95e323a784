//! Storage: the database behind a small interface of plain methods, one file per resource.
//!
//! SQLite (the embedded default) gets one writer connection and a pool of read-only connections in WAL mode,
//! so concurrent writers queue instead of failing with "database is locked" and readers never wait for them.
//! PostgreSQL uses one pool for both. Methods return [`StorageError`]; HTTP concerns stay in the handlers.

use std::str::FromStr;
use std::time::Duration;

use sea_orm::{
    ConnectionTrait, DatabaseConnection, DbErr, RuntimeErr, SqlErr, SqlxPostgresConnector, SqlxSqliteConnector,
};
use sea_orm_migration::MigratorTrait;
use secrecy::ExposeSecret;
use sqlx::postgres::PgPoolOptions;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};

use crate::configuration::Settings;

pub mod accounts;
pub mod activities;
pub mod archive;
pub mod audit;
pub mod bindings;
pub mod bookings;
pub mod buildings;
pub mod change;
pub mod deputy_photos;
pub mod directory;
pub mod directory_load;
pub mod documents;
pub mod entities;
pub mod gauges;
pub mod identities;
pub mod kiosk_aids;
pub mod kiosks;
mod migrations;
mod one_statement;
pub mod opinions;
pub mod outbox;
pub mod phone_codes;
pub mod photos;
pub mod plan;
pub mod providers;
mod records;
pub mod reference;
pub mod reference_version;
pub mod report_backs;
pub mod report_reads;
pub mod reports;
pub mod schedule;
pub mod sessions;
pub mod stat_rows;
pub mod suggestions;
pub mod workflow;

pub use migrations::Migrator;

/// What can go wrong in storage, in terms a handler can act on.
#[derive(Debug, thiserror::Error)]
pub enum StorageError {
    /// The database could not take the work in time (pool exhausted, lock held too long). Worth retrying.
    #[error("database busy: {0}")]
    Busy(String),
    /// The database is down, restarting or unreachable. Worth retrying shortly; a write that was under way
    /// may or may not have committed (idempotency keys make the retry safe).
    #[error("database unavailable: {0}")]
    Unavailable(String),
    /// A uniqueness or reference rule was broken.
    #[error("conflict: {0}")]
    Conflict(String),
    /// A stored value the code does not understand.
    #[error("corrupt row: {0}")]
    Corrupt(String),
    #[error(transparent)]
    Database(DbErr),
}

/// Whether a driver error means the database cannot be reached now (down, restarting, refusing
/// connections), rather than that the statement was wrong.
fn unreachable(err: &sqlx::Error) -> bool {
    match err {
        sqlx::Error::Io(_) | sqlx::Error::PoolClosed | sqlx::Error::WorkerCrashed | sqlx::Error::Tls(_) => true,
        // PostgreSQL's classes 08 (connection exception) and 57P (operator intervention: shutting down,
        // starting up), and too many connections.
        sqlx::Error::Database(db) => {
            db.code().is_some_and(|code| code.starts_with("08") || code.starts_with("57P") || code == "53300")
        }
        _ => false,
    }
}

impl From<DbErr> for StorageError {
    fn from(err: DbErr) -> Self {
        if matches!(err, DbErr::ConnectionAcquire(_)) {
            return StorageError::Busy(err.to_string());
        }
        if let DbErr::Conn(RuntimeErr::SqlxError(e))
        | DbErr::Exec(RuntimeErr::SqlxError(e))
        | DbErr::Query(RuntimeErr::SqlxError(e)) = &err
            && unreachable(e)
        {
            return StorageError::Unavailable(err.to_string());
        }
        let text = err.to_string();
        if text.contains("database is locked") || text.contains("database table is locked") {
            return StorageError::Busy(text);
        }
        match err.sql_err() {
            Some(SqlErr::UniqueConstraintViolation(what)) => StorageError::Conflict(what),
            Some(SqlErr::ForeignKeyConstraintViolation(what)) => StorageError::Conflict(what),
            _ => StorageError::Database(err),
        }
    }
}

impl From<crate::domain::report::UnknownValue> for StorageError {
    fn from(err: crate::domain::report::UnknownValue) -> Self {
        StorageError::Corrupt(err.to_string())
    }
}

/// The database, split into a connection for writes and one for reads (the same pool on PostgreSQL).
#[derive(Debug, Clone)]
pub struct Storage {
    write: DatabaseConnection,
    read: DatabaseConnection,
    /// Woken after a transaction that wrote notices commits, so this instance's relay starts at once.
    outbox_written: std::sync::Arc<tokio::sync::Notify>,
    /// The time every row is stamped with.
    clock: crate::domain::clock::SharedClock,
    /// This instance's generations of what the public reads (`reference_version.rs`).
    reference_generations: std::sync::Arc<reference_version::Generations>,
}

impl Storage {
    /// Opens the configured database. Does not migrate.
    pub async fn connect(settings: &Settings) -> Result<Self, StorageError> {
        let url = settings.database_url();
        let url = url.expose_secret();
        let db = &settings.database;
        let acquire = Duration::from_secs(db.acquire_timeout_secs);
        if url.starts_with("sqlite:") {
            let options = SqliteConnectOptions::from_str(url)
                .map_err(|e| StorageError::Database(DbErr::Custom(format!("bad SQLite URL: {e}"))))?
                .journal_mode(SqliteJournalMode::Wal)
                .synchronous(SqliteSynchronous::Normal)
                .busy_timeout(Duration::from_millis(db.sqlite_busy_timeout_ms))
                .foreign_keys(true);
            let writer = SqlitePoolOptions::new()
                .max_connections(1)
                .acquire_timeout(acquire)
                .connect_with(options.clone())
                .await
                .map_err(sqlx_error)?;
            let reader = SqlitePoolOptions::new()
                .max_connections(db.sqlite_readers.max(1))
                .acquire_timeout(acquire)
                .connect_with(options.read_only(true).create_if_missing(false))
                .await
                .map_err(sqlx_error)?;
            Ok(Self {
                write: SqlxSqliteConnector::from_sqlx_sqlite_pool(writer),
                read: SqlxSqliteConnector::from_sqlx_sqlite_pool(reader),
                outbox_written: Default::default(),
                clock: crate::domain::clock::system(),
                reference_generations: Default::default(),
            })
        } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            let pool = PgPoolOptions::new()
                .max_connections(db.max_connections)
                .acquire_timeout(acquire)
                .connect(url)
                .await
                .map_err(sqlx_error)?;
            let conn = SqlxPostgresConnector::from_sqlx_postgres_pool(pool);
            Ok(Self {
                write: conn.clone(),
                read: conn,
                outbox_written: Default::default(),
                clock: crate::domain::clock::system(),
                reference_generations: Default::default(),
            })
        } else {
            Err(StorageError::Database(DbErr::Custom("DATABASE_URL must start with sqlite: or postgres:".to_owned())))
        }
    }

    /// The same storage, telling the time by `clock` (the application's, so tests can move it).
    pub fn with_clock(mut self, clock: crate::domain::clock::SharedClock) -> Self {
        self.clock = clock;
        self
    }

    /// The time now, by the storage's clock.
    pub fn now(&self) -> chrono::DateTime<chrono::Utc> {
        self.clock.now()
    }

    /// The clock itself, for adapters built on this storage.
    pub fn clock(&self) -> &crate::domain::clock::SharedClock {
        &self.clock
    }

    /// Brings the schema up to date. Safe to run at every start.
    pub async fn migrate(&self) -> Result<(), StorageError> {
        Migrator::up(&self.write, None).await?;
        Ok(())
    }

    /// Checks that both connections answer.
    pub async fn ping(&self) -> Result<(), StorageError> {
        self.write.ping().await?;
        self.read.ping().await?;
        Ok(())
    }

    /// Closes every connection (used at shutdown and by tests before dropping a database).
    pub async fn close(self) -> Result<(), StorageError> {
        self.read.close().await?;
        self.write.close().await?;
        Ok(())
    }

    /// Copies the SQLite database to `path` with `VACUUM INTO`: a consistent snapshot taken while the
    /// server keeps writing.
    pub async fn sqlite_snapshot(&self, path: &std::path::Path) -> Result<(), StorageError> {
        use sea_orm::ConnectionTrait;
        let statement = sea_orm::Statement::from_sql_and_values(
            sea_orm::DatabaseBackend::Sqlite,
            "VACUUM INTO ?",
            [path.to_string_lossy().into_owned().into()],
        );
        self.writer().execute(statement).await?;
        Ok(())
    }

    /// The raw connection for reads. Tests and maintenance commands use it; handlers use the methods.
    pub fn reader(&self) -> &DatabaseConnection {
        &self.read
    }

    pub(crate) fn writer(&self) -> &DatabaseConnection {
        &self.write
    }

    /// True when the backend is SQLite.
    pub fn is_sqlite(&self) -> bool {
        matches!(self.write.get_database_backend(), sea_orm::DatabaseBackend::Sqlite)
    }
}

fn sqlx_error(err: sqlx::Error) -> StorageError {
    match err {
        sqlx::Error::PoolTimedOut => StorageError::Busy(err.to_string()),
        other if unreachable(&other) => StorageError::Unavailable(format!("cannot connect to the database: {other}")),
        other => StorageError::Database(DbErr::Custom(format!("cannot connect to the database: {other}"))),
    }
}
