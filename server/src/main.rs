//! `seawall`: the Seawall web server.

#![recursion_limit = "512"]

use std::path::PathBuf;
use std::process::ExitCode;

const USAGE: &str = "\
Usage: seawall [--demo] [--config FILE]

  --demo          create the demo organisation (one member of each role) if it
                  does not exist yet, and print its sign-in details
  --config FILE   read settings from FILE (TOML); SEAWALL_* variables override it

Settings (environment): SEAWALL_ADDR, SEAWALL_DATABASE_URL (or DATABASE_URL),
SEAWALL_PUBLIC_URL, SEAWALL_SECURE_COOKIES, SEAWALL_SESSION_DAYS,
SEAWALL_INVITE_DAYS, SEAWALL_MAX_CONNECTIONS, SEAWALL_LOG, SEAWALL_LOG_JSON,
SEAWALL_DEMO_PASSWORD, SEAWALL_SMTP_URL, SEAWALL_MAIL_FROM.";

#[tokio::main]
async fn main() -> ExitCode {
    let mut demo = false;
    let mut config = None;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--demo" => demo = true,
            "--config" => match args.next() {
                Some(path) => config = Some(PathBuf::from(path)),
                None => return usage_error("--config needs a file name"),
            },
            "-h" | "--help" => {
                println!("{USAGE}");
                return ExitCode::SUCCESS;
            }
            other => return usage_error(&format!("unknown argument {other:?}")),
        }
    }
    let settings = match app::config::Settings::load(config) {
        Ok(settings) => settings,
        Err(message) => return usage_error(&message),
    };
    server::init_tracing(&settings);
    match server::run(settings, demo).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            tracing::error!(%error, "Seawall stopped");
            ExitCode::FAILURE
        }
    }
}

fn usage_error(message: &str) -> ExitCode {
    eprintln!("seawall: {message}\n\n{USAGE}");
    ExitCode::from(2)
}
