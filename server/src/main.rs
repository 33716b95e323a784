//! The `liaison` command: loads settings, sets up logging and runs the chosen subcommand.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use liaison::app::accounts::{self, AccountRequest};
use liaison::app::deputy_binding;
use liaison::configuration::Settings;
use liaison::domain::access::Role;
use liaison::domain::report::ActorKind;
use liaison::infra::telemetry;
use liaison::startup::{Application, load_demo_data};
use liaison::storage::Storage;
use liaison::web::openapi;
use secrecy::SecretString;

/// Liaison: reports from residents to their deputies, through liaison stations.
#[derive(Debug, Parser)]
#[command(version, about, long_about = None)]
struct Cli {
    /// Settings file (TOML). Missing is fine: defaults and the environment apply.
    #[arg(long, env = "LIAISON_CONFIG", default_value = "liaison.toml", global = true)]
    config: PathBuf,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Migrate the database, then serve the API (and kiosk) until SIGTERM or Ctrl-C.
    Serve {
        /// Load the demo district, stations and categories first (idempotent).
        #[arg(long)]
        demo: bool,
    },
    /// Bring the database schema up to date, then exit.
    Migrate,
    /// Load the demo district, stations and categories (idempotent), then exit.
    SeedDemo,
    /// Print the OpenAPI document (the contract in api-spec/openapi.json).
    Openapi,
    /// Make a VAPID key pair for Web Push: the private key goes in `notify.web_push.vapid_private_key`.
    VapidKeys,
    /// Import directory files (GeoJSON areas; CSV stations, buildings, deputies and reception days): all
    /// checked first, then all written, or nothing. Importing the same files twice changes nothing.
    Import {
        /// GeoJSON FeatureCollection of areas (grids) with their boundaries.
        #[arg(long)]
        areas: Option<PathBuf>,
        /// CSV of stations.
        #[arg(long)]
        stations: Option<PathBuf>,
        /// CSV of deputies.
        #[arg(long)]
        deputies: Option<PathBuf>,
        /// CSV of buildings.
        #[arg(long)]
        buildings: Option<PathBuf>,
        /// CSV of reception days (station, date, start, end, deputies).
        #[arg(long)]
        schedule: Option<PathBuf>,
    },
    /// Administration from the command line.
    #[command(subcommand)]
    Admin(AdminCommand),
    /// The photo pipeline and store.
    #[command(subcommand)]
    Photos(PhotosCommand),
    /// Back up the database (SQLite online with VACUUM INTO, PostgreSQL with pg_dump), the photos (from
    /// local disk or S3) and the generated keys into a new folder, while the server runs.
    Backup {
        /// The folder to write; it must not exist yet or be empty.
        #[arg(long)]
        out: PathBuf,
    },
    /// Restore a backup folder into the configured (empty) database and photo store. Stop the server first.
    Restore {
        #[arg(long)]
        from: PathBuf,
    },
    /// The audit log.
    #[command(subcommand)]
    Audit(AuditCommand),
}

#[derive(Debug, Subcommand)]
enum AuditCommand {
    /// Write audit entries as JSON Lines, oldest first (to archive them, or hand them to an inspector).
    Export {
        /// First day (China local time, YYYY-MM-DD), inclusive.
        #[arg(long)]
        from: Option<chrono::NaiveDate>,
        /// Last day, inclusive.
        #[arg(long)]
        to: Option<chrono::NaiveDate>,
        /// The file to write; standard output when absent.
        #[arg(long)]
        out: Option<PathBuf>,
    },
}

#[derive(Debug, Subcommand)]
enum PhotosCommand {
    /// Run the pipeline on a file as an upload would, and write what would be stored (display.* and
    /// thumb.*) into a folder. Prints a JSON summary; exits with 2 when the photo would be refused.
    Process {
        file: PathBuf,
        /// Where to write the renditions (created if missing).
        #[arg(long, default_value = ".")]
        out: PathBuf,
    },
    /// Remove photo files that no report points at and that are older than `photos.sweep_grace_minutes`.
    Sweep,
}

#[derive(Debug, Subcommand)]
enum AdminCommand {
    /// Create an administrator account (to bootstrap the first one). The password is read from
    /// LIAISON_ADMIN_PASSWORD, or else from the first line of standard input; it is never printed.
    Create {
        #[arg(long)]
        username: String,
        #[arg(long)]
        display_name: String,
    },
    /// Bind an account to the directory deputy it acts for (refused when the deputy has another account:
    /// unbind that first). Audited.
    BindDeputy {
        /// The account's username (a deputy's, or a citizen's, which becomes a deputy's).
        #[arg(long)]
        username: String,
        /// The deputy's directory code, e.g. D-001.
        #[arg(long)]
        deputy: String,
    },
    /// Unbind the deputy's account: it loses every deputy right on its next request. Audited.
    UnbindDeputy {
        #[arg(long)]
        deputy: String,
    },
}

#[actix_web::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    if let Command::Photos(PhotosCommand::Process { file, out }) = &cli.command {
        return process_photo(&cli.config, file, out);
    }
    if let Command::VapidKeys = cli.command {
        return match liaison::infra::notify::webpush::Vapid::generate("mailto:ops@example.gov.cn") {
            Ok(keys) => {
                println!("private key (keep secret; notify.web_push.vapid_private_key): {}", keys.private_key_b64());
                println!("public key (browsers' applicationServerKey): {}", keys.public_key_b64());
                ExitCode::SUCCESS
            }
            Err(err) => {
                eprintln!("cannot make a key pair: {err}");
                ExitCode::FAILURE
            }
        };
    }
    if let Command::Openapi = cli.command {
        return match openapi::document() {
            Ok(json) => {
                print!("{json}");
                ExitCode::SUCCESS
            }
            Err(err) => {
                eprintln!("cannot render the OpenAPI document: {err}");
                ExitCode::FAILURE
            }
        };
    }
    let settings = match Settings::load(&cli.config) {
        Ok(settings) => settings,
        Err(err) => {
            eprintln!("{err}");
            return ExitCode::from(2);
        }
    };
    telemetry::init(settings.log_format);
    match run(cli.command, settings).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            tracing::error!("{err:#}");
            ExitCode::FAILURE
        }
    }
}

async fn run(command: Command, settings: Settings) -> anyhow::Result<()> {
    match command {
        Command::Serve { demo } => {
            let app = Application::build(settings.clone()).await?;
            if demo {
                let summary = app.load_demo_data().await?;
                tracing::info!(?summary, "demo data loaded");
            }
            tracing::info!(bind = %settings.bind, port = app.port(), "serving; API docs at /api/docs/");
            app.run_until_stopped().await?;
            tracing::info!("stopped");
        }
        Command::Migrate => {
            std::fs::create_dir_all(&settings.data_dir)?;
            let storage = Storage::connect(&settings).await?;
            storage.migrate().await?;
            tracing::info!("database is up to date");
        }
        Command::SeedDemo => {
            std::fs::create_dir_all(&settings.data_dir)?;
            let storage = Storage::connect(&settings).await?;
            storage.migrate().await?;
            let summary = load_demo_data(&storage).await?;
            tracing::info!(?summary, "demo data loaded");
        }
        Command::Admin(AdminCommand::Create { username, display_name }) => {
            std::fs::create_dir_all(&settings.data_dir)?;
            let storage = Storage::connect(&settings).await?;
            storage.migrate().await?;
            let password = admin_password()?;
            let account = create_admin(&storage, &username, &display_name, password).await?;
            tracing::info!(account = %account, username = %username, "administrator created");
        }
        Command::Admin(AdminCommand::BindDeputy { username, deputy }) => {
            let storage = Storage::connect(&settings).await?;
            storage.migrate().await?;
            match deputy_binding::bind_by_username(&storage, &username, &deputy).await {
                Ok(bound) if bound.binding.unchanged => tracing::info!(%username, %deputy, "already bound"),
                Ok(_) => tracing::info!(%username, %deputy, "bound; the account acts for the deputy now"),
                Err(err) => anyhow::bail!("{}", explain(&err)),
            }
        }
        Command::Admin(AdminCommand::UnbindDeputy { deputy }) => {
            let storage = Storage::connect(&settings).await?;
            storage.migrate().await?;
            match deputy_binding::unbind_by_code(&storage, &deputy).await {
                Ok(Some(username)) => tracing::info!(%deputy, %username, "unbound"),
                Ok(None) => tracing::info!(%deputy, "no account was bound"),
                Err(err) => anyhow::bail!("{}", explain(&err)),
            }
        }
        Command::Import { areas, stations, deputies, buildings, schedule } => {
            std::fs::create_dir_all(&settings.data_dir)?;
            let storage = Storage::connect(&settings).await?;
            storage.migrate().await?;
            let files = liaison::app::import::ImportFiles::read(areas, stations, deputies, buildings, schedule)?;
            let run = liaison::app::import::ImportRun { dry_run: false, actor: None };
            let summary = liaison::app::import::import(&storage, None, &files, run).await?;
            tracing::info!(?summary, "imported; running servers use it within a minute");
        }
        Command::Photos(PhotosCommand::Sweep) => {
            let storage = Storage::connect(&settings).await?;
            storage.migrate().await?;
            let metrics = std::sync::Arc::new(liaison::infra::metrics::Metrics::new()?);
            let photos =
                liaison::startup::photo_service(&settings, &[0; 32], metrics, liaison::domain::clock::system())?;
            let grace = std::time::Duration::from_secs(settings.photos.sweep_grace_minutes * 60);
            let summary = liaison::infra::photos::maintenance::sweep(&photos, &storage, grace).await?;
            tracing::info!(
                examined = summary.examined,
                removed = summary.removed,
                drops_removed = summary.drops_removed,
                "photo sweep done"
            );
        }
        Command::Backup { out } => {
            let storage = Storage::connect(&settings).await?;
            let photos = liaison::infra::photos::store_from_settings(&settings.photos, settings.photo_dir())?;
            let manifest = liaison::app::backup::backup(&settings, &storage, photos.as_ref(), &out).await?;
            tracing::info!(folder = %out.display(), database = manifest.database, photos = manifest.photos, keys = manifest.keys, "backup written");
        }
        Command::Restore { from } => {
            let photos = liaison::infra::photos::store_from_settings(&settings.photos, settings.photo_dir())?;
            let manifest = liaison::app::backup::restore(&settings, photos.as_ref(), &from).await?;
            tracing::info!(taken = %manifest.created_at, photos = manifest.photos, "backup restored; start the server");
        }
        Command::Audit(AuditCommand::Export { from, to, out }) => {
            let storage = Storage::connect(&settings).await?;
            let written = export_audit(&storage, from, to, out.as_deref()).await?;
            tracing::info!(entries = written, "audit log exported");
        }
        Command::Openapi | Command::VapidKeys | Command::Photos(PhotosCommand::Process { .. }) => {}
    }
    Ok(())
}

/// `liaison audit export`: every entry of the chosen days as one JSON object per line.
async fn export_audit(
    storage: &Storage,
    from: Option<chrono::NaiveDate>,
    to: Option<chrono::NaiveDate>,
    out: Option<&std::path::Path>,
) -> anyhow::Result<usize> {
    use std::io::Write;
    let midnight = chrono::NaiveTime::MIN;
    let from = from.map(|day| liaison::domain::schedule::at(day, midnight));
    let to = to.and_then(|day| day.succ_opt()).map(|day| liaison::domain::schedule::at(day, midnight));
    let mut writer: Box<dyn Write> = match out {
        Some(path) => Box::new(std::io::BufWriter::new(std::fs::File::create(path)?)),
        None => Box::new(std::io::BufWriter::new(std::io::stdout().lock())),
    };
    let (mut after, mut written) = (None, 0);
    loop {
        let page = storage.audit_between(from, to, after, 1_000).await?;
        let Some(last) = page.last() else { break };
        after = Some(last.id);
        for entry in &page {
            let line = serde_json::json!({
                "id": entry.id,
                "at": entry.at,
                "actor_kind": entry.actor_kind,
                "actor_id": entry.actor_id,
                "action": entry.action,
                "report_id": entry.report_id,
                "subject": entry.subject,
                "reason": entry.reason,
                "detail": entry.detail.as_deref().and_then(|d| serde_json::from_str::<serde_json::Value>(d).ok()),
            });
            writeln!(writer, "{line}")?;
            written += 1;
        }
    }
    writer.flush()?;
    Ok(written)
}

/// `liaison photos process`: the pipeline with the configured limits, without a server.
fn process_photo(config: &std::path::Path, file: &std::path::Path, out: &std::path::Path) -> ExitCode {
    use liaison::infra::photos::process::{PixelLimits, process};
    let run = || -> anyhow::Result<Result<serde_json::Value, String>> {
        let settings = Settings::load(config)?;
        let limits = PixelLimits {
            max_edge: settings.photos.max_edge,
            max_pixels: settings.photos.max_pixels,
            max_alloc_bytes: settings.photos.max_decoder_bytes,
        };
        let bytes = std::fs::read(file)?;
        let photo = match process(&bytes, &limits) {
            Ok(photo) => photo,
            Err(refused) => return Ok(Err(refused.to_string())),
        };
        std::fs::create_dir_all(out)?;
        let extension = photo.format.extension();
        std::fs::write(out.join(format!("display.{extension}")), &photo.display.bytes)?;
        std::fs::write(out.join(format!("thumb.{extension}")), &photo.thumb.bytes)?;
        Ok(Ok(serde_json::json!({
            "format": photo.format.content_type(),
            "display": {"width": photo.display.width, "height": photo.display.height, "bytes": photo.display.bytes.len()},
            "thumb": {"width": photo.thumb.width, "height": photo.thumb.height, "bytes": photo.thumb.bytes.len()},
            "sha256": photo.sha256,
        })))
    };
    match run() {
        Ok(Ok(summary)) => {
            println!("{summary}");
            ExitCode::SUCCESS
        }
        Ok(Err(refused)) => {
            eprintln!("refused: {refused}");
            ExitCode::from(2)
        }
        Err(err) => {
            eprintln!("{err:#}");
            ExitCode::FAILURE
        }
    }
}

/// The new administrator's password, from the environment or the first line of standard input.
fn admin_password() -> anyhow::Result<SecretString> {
    if let Ok(password) = std::env::var("LIAISON_ADMIN_PASSWORD") {
        return Ok(SecretString::from(password));
    }
    let mut line = String::new();
    std::io::stdin().read_line(&mut line)?;
    Ok(SecretString::from(line.trim_end_matches(['\r', '\n']).to_owned()))
}

async fn create_admin(
    storage: &Storage,
    username: &str,
    display_name: &str,
    password: SecretString,
) -> anyhow::Result<uuid::Uuid> {
    let request = AccountRequest {
        username: username.to_owned(),
        display_name: display_name.to_owned(),
        role: Role::Admin,
        password,
        stations: Vec::new(),
        deputy: None,
        unit: None,
    };
    match accounts::create(storage, (ActorKind::System, None), request).await {
        Ok(account) => Ok(account.id),
        Err(err) => anyhow::bail!("{}", explain(&err)),
    }
}

/// An application error as one line for the terminal, with each field at fault.
fn explain(err: &liaison::app::error::AppError) -> String {
    let mut line = err.to_string();
    for field in err.field_errors() {
        line.push_str(&format!("; {}: {}", field.field, field.message));
    }
    line
}
