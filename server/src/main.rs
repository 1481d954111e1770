//! `seawall`: the Seawall web server, and the commands an operator runs
//! beside it.

#![recursion_limit = "512"]

use server::maintenance::{self, Failure};
use std::path::PathBuf;
use std::process::ExitCode;

/// Page rendering allocates many small short-lived strings on every
/// request; mimalloc serves them with far less contention than the system
/// allocator (twice the pages per second in the benchmark).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// mimalloc's defaults keep freed memory and commit arenas eagerly, which
/// leaves an idle server at about twice the memory it needs. Unless the
/// operator sets them (`MIMALLOC_PURGE_DELAY`, `MIMALLOC_ARENA_EAGER_COMMIT`;
/// see the README for the trade-off), return freed memory at once and commit
/// as pages are used. Options are read when first needed, so they are set
/// before `main`, ahead of any allocation.
#[cfg(target_os = "linux")]
#[used]
#[unsafe(link_section = ".init_array")]
static CONFIGURE_ALLOCATOR: extern "C" fn() = configure_allocator;

#[cfg(target_os = "linux")]
extern "C" fn configure_allocator() {
    // Numbering of `mi_option_t` in mimalloc.h (the same in v2 and v3).
    const ARENA_EAGER_COMMIT: libmimalloc_sys::mi_option_t = 4;
    const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;
    for (option, variable) in [
        (ARENA_EAGER_COMMIT, "MIMALLOC_ARENA_EAGER_COMMIT"),
        (PURGE_DELAY, "MIMALLOC_PURGE_DELAY"),
    ] {
        if std::env::var_os(variable).is_none() {
            // SAFETY: a plain integer option, set before any other thread exists.
            unsafe { libmimalloc_sys::mi_option_set(option, 0) };
        }
    }
}

const USAGE: &str = "\
Usage: seawall [--demo] [--config FILE]
       seawall backup DIR [--config FILE]
       seawall restore DIR [--config FILE]
       seawall verify-audit [--config FILE]

  (no command)    serve Seawall
  --demo          create the demo organisation (one member of each role) if it
                  does not exist yet, and print its sign-in details
  --config FILE   read settings from FILE (TOML); SEAWALL_* variables override it

  backup DIR      write a consistent snapshot of the SQLite database (evidence
                  files and documents included) and a manifest of SHA-256
                  hashes into DIR, a new directory; safe while Seawall runs
  restore DIR     check the backup in DIR against its manifest and put it in
                  place of the database; stop every Seawall server first. The
                  replaced database is kept beside it (*.replaced-TIMESTAMP)
  verify-audit    check every organisation's audit hash chain (SQLite or
                  PostgreSQL); exits 3 if any chain is broken

Settings (environment): SEAWALL_ADDR, SEAWALL_DATABASE_URL (or DATABASE_URL),
SEAWALL_PUBLIC_URL, SEAWALL_SECURE_COOKIES, SEAWALL_SESSION_DAYS,
SEAWALL_INVITE_DAYS, SEAWALL_MAX_CONNECTIONS, SEAWALL_LOG, SEAWALL_LOG_JSON,
SEAWALL_DEMO_PASSWORD, SEAWALL_SMTP_URL, SEAWALL_MAIL_FROM,
SEAWALL_LOGIN_ACCOUNT_LIMIT, SEAWALL_LOGIN_ADDRESS_LIMIT,
SEAWALL_LOGIN_LOCK_MINUTES, SEAWALL_TRUST_FORWARDED_FOR.";

enum Command {
    Serve { demo: bool },
    Backup(PathBuf),
    Restore(PathBuf),
    VerifyAudit,
}

#[tokio::main]
async fn main() -> ExitCode {
    let mut demo = false;
    let mut config = None;
    let mut command = None;
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
            "backup" | "restore" if command.is_none() => match args.next() {
                Some(dir) if !dir.starts_with('-') => {
                    let dir = PathBuf::from(dir);
                    command = Some(if arg == "backup" {
                        Command::Backup(dir)
                    } else {
                        Command::Restore(dir)
                    });
                }
                _ => return usage_error(&format!("{arg} needs a directory")),
            },
            "verify-audit" if command.is_none() => command = Some(Command::VerifyAudit),
            other => return usage_error(&format!("unknown argument {other:?}")),
        }
    }
    let command = match command {
        None => Command::Serve { demo },
        Some(_) if demo => return usage_error("--demo applies only when serving"),
        Some(command) => command,
    };
    let settings = match app::config::Settings::load(config) {
        Ok(settings) => settings,
        Err(message) => return usage_error(&message),
    };
    let url = settings.database_url.clone();
    match command {
        Command::Serve { demo } => {
            server::init_tracing(&settings);
            match server::run(settings, demo).await {
                Ok(()) => ExitCode::SUCCESS,
                Err(error) => {
                    tracing::error!(%error, "Seawall stopped");
                    ExitCode::FAILURE
                }
            }
        }
        Command::Backup(dir) => finish(maintenance::backup::backup(&url, &dir).await.map(|m| {
            let evidence: i64 = m.evidence.iter().map(|e| e.size).sum();
            format!(
                "backed up to {}: {} ({} bytes, SHA-256 {}), schema {}, {} evidence files \
                 ({evidence} bytes) and {} documents checked against their hashes, {} audit chains",
                dir.display(),
                m.files[0].name,
                m.files[0].size,
                m.files[0].sha256,
                m.schema_version,
                m.evidence.len(),
                m.documents.len(),
                m.audit.len(),
            )
        })),
        Command::Restore(dir) => finish(maintenance::backup::restore(&url, &dir).await.map(|r| {
            let aside = match &r.set_aside {
                Some(path) => format!("; the database it replaced is at {}", path.display()),
                None => String::new(),
            };
            format!(
                "restored the backup taken {} into {}{aside}",
                r.manifest.created_at.format("%Y-%m-%d %H:%M:%S UTC"),
                r.database.display()
            )
        })),
        Command::VerifyAudit => match maintenance::audit::verify(&url).await {
            Ok(verdicts) => {
                print!("{}", maintenance::audit::report(&verdicts));
                if verdicts.iter().any(|v| v.check.broken.is_some()) {
                    ExitCode::from(3)
                } else {
                    ExitCode::SUCCESS
                }
            }
            Err(failure) => fail(failure),
        },
    }
}

fn finish(result: Result<String, Failure>) -> ExitCode {
    match result {
        Ok(message) => {
            println!("{message}");
            ExitCode::SUCCESS
        }
        Err(failure) => fail(failure),
    }
}

fn fail(failure: Failure) -> ExitCode {
    eprintln!("seawall: {failure}");
    ExitCode::from(failure.exit_code())
}

fn usage_error(message: &str) -> ExitCode {
    eprintln!("seawall: {message}\n\n{USAGE}");
    ExitCode::from(2)
}
