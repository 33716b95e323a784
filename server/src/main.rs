//! The `liaison` command: loads settings, sets up logging and runs the chosen subcommand.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use liaison::configuration::Settings;
use liaison::startup::{Application, load_demo_data};
use liaison::storage::Storage;
use liaison::{openapi, telemetry};

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
}

#[actix_web::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
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
        Command::Openapi => {}
    }
    Ok(())
}
