//! Settings: defaults, then an optional TOML file, then `SEAWALL_*` variables.
//! Nothing secret has a default.

use serde::Deserialize;
use std::fmt;
use std::net::SocketAddr;
use std::path::PathBuf;

#[derive(Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Settings {
    /// Where to listen.
    pub addr: SocketAddr,
    /// `sqlite://./data/seawall.db` (default) or `postgres://user:pass@host/db`.
    pub database_url: String,
    /// Database pool size; see [`Settings::pool_size`] for the default.
    pub max_connections: Option<u32>,
    /// Base URL people reach Seawall at, used in invitation links. When unset,
    /// links are built from the request's Host header.
    pub public_url: Option<String>,
    /// Mark the session cookie `Secure` (set this when served over HTTPS).
    pub secure_cookies: bool,
    /// Sessions end after this many days without activity.
    pub session_days: i64,
    /// Invitation links stop working after this many days.
    pub invite_days: i64,
    /// Log filter in `tracing` syntax, e.g. `info,seawall=debug`.
    pub log: String,
    /// Log as JSON lines instead of human-readable text.
    pub log_json: bool,
    /// Password for the demo accounts created by `--demo`; random when unset.
    pub demo_password: Option<String>,
    /// SMTP server for invitation emails, e.g. `smtps://user:pass@mail.example.com`
    /// or `smtp://user:pass@mail.example.com:587?tls=required`. Unset: no email.
    pub smtp_url: Option<String>,
    /// The sender of Seawall's emails, e.g. `Seawall <seawall@example.com>`.
    pub mail_from: Option<String>,
    /// Largest evidence file accepted, in megabytes.
    pub upload_limit_mb: u64,
    /// Failed sign-ins to one account, within the window, before it is locked.
    pub login_account_limit: u32,
    /// Failed sign-ins from one network address, within the window, before it is locked.
    pub login_address_limit: u32,
    /// The window for counting failures, and how long a lock lasts, in minutes.
    pub login_lock_minutes: i64,
    /// Take the client's address from the last `X-Forwarded-For` entry (set
    /// this only behind a load balancer that writes that header).
    pub trust_forwarded_for: bool,
}

impl Settings {
    /// The configured pool size, or by default: for SQLite, two connections
    /// per core (between 2 and 8), since each runs its queries on a thread of
    /// its own and SQLite commits one write at a time, so more threads than
    /// the cores can run only add switching between them (on two cores, 4
    /// connections serve about 5% more pages than 8, with a shorter tail);
    /// for PostgreSQL, whose connections mostly wait on the network, 8.
    pub fn pool_size(&self) -> u32 {
        if let Some(size) = self.max_connections {
            return size;
        }
        if crate::db::sqlite_path(&self.database_url).is_some() {
            let cores = std::thread::available_parallelism().map_or(1, |n| n.get()) as u32;
            (2 * cores).clamp(2, 8)
        } else {
            8
        }
    }
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            addr: SocketAddr::from(([127, 0, 0, 1], 3000)),
            database_url: "sqlite://./data/seawall.db".into(),
            max_connections: None,
            public_url: None,
            secure_cookies: false,
            session_days: 14,
            invite_days: 7,
            log: "info,tower_http=warn,sqlx=warn".into(),
            log_json: false,
            demo_password: None,
            smtp_url: None,
            mail_from: None,
            upload_limit_mb: 25,
            login_account_limit: 5,
            login_address_limit: 30,
            login_lock_minutes: 15,
            trust_forwarded_for: false,
        }
    }
}

// The database URL can carry a password: never print it.
impl fmt::Debug for Settings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Settings")
            .field("addr", &self.addr)
            .field("database", &redact_url(&self.database_url))
            .field("max_connections", &self.max_connections)
            .field("public_url", &self.public_url)
            .field("secure_cookies", &self.secure_cookies)
            .field("session_days", &self.session_days)
            .field("invite_days", &self.invite_days)
            .field("log", &self.log)
            .field("upload_limit_mb", &self.upload_limit_mb)
            .field("login_account_limit", &self.login_account_limit)
            .field("login_address_limit", &self.login_address_limit)
            .field("login_lock_minutes", &self.login_lock_minutes)
            .field("trust_forwarded_for", &self.trust_forwarded_for)
            .field(
                "demo_password",
                &self.demo_password.as_ref().map(|_| "<set>"),
            )
            .finish()
    }
}

/// `postgres://user:secret@host/db` → `postgres://user:***@host/db`.
pub fn redact_url(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme_end), Some(at)) if at > scheme_end => {
            let credentials = &url[scheme_end + 3..at];
            match credentials.find(':') {
                Some(colon) => format!(
                    "{}{}:***{}",
                    &url[..scheme_end + 3],
                    &credentials[..colon],
                    &url[at..]
                ),
                None => url.to_string(),
            }
        }
        _ => url.to_string(),
    }
}

impl Settings {
    /// Loads settings from `path` (if given or `./seawall.toml` exists) and
    /// then from the environment.
    pub fn load(path: Option<PathBuf>) -> Result<Settings, String> {
        let env = |name: &str| std::env::var(name).ok().filter(|v| !v.trim().is_empty());
        let explicit = path.or_else(|| env("SEAWALL_CONFIG").map(PathBuf::from));
        let file = explicit.clone().or_else(|| {
            let default = PathBuf::from("seawall.toml");
            default.exists().then_some(default)
        });
        let mut settings = match file {
            Some(file) => {
                let text = std::fs::read_to_string(&file)
                    .map_err(|e| format!("cannot read config file {}: {e}", file.display()))?;
                toml::from_str(&text).map_err(|e| format!("config file {}: {e}", file.display()))?
            }
            None => Settings::default(),
        };
        settings.apply_env(env)?;
        settings.check()?;
        Ok(settings)
    }

    fn apply_env(&mut self, env: impl Fn(&str) -> Option<String>) -> Result<(), String> {
        fn parse<T: std::str::FromStr>(name: &str, value: String) -> Result<T, String> {
            value
                .trim()
                .parse()
                .map_err(|_| format!("{name}: cannot understand {value:?}"))
        }
        if let Some(v) = env("SEAWALL_ADDR") {
            self.addr = parse("SEAWALL_ADDR", v)?;
        }
        if let Some(v) = env("SEAWALL_DATABASE_URL").or_else(|| env("DATABASE_URL")) {
            self.database_url = v;
        }
        if let Some(v) = env("SEAWALL_MAX_CONNECTIONS") {
            self.max_connections = Some(parse("SEAWALL_MAX_CONNECTIONS", v)?);
        }
        if let Some(v) = env("SEAWALL_PUBLIC_URL") {
            self.public_url = Some(v);
        }
        if let Some(v) = env("SEAWALL_SECURE_COOKIES") {
            self.secure_cookies = parse_bool("SEAWALL_SECURE_COOKIES", &v)?;
        }
        if let Some(v) = env("SEAWALL_SESSION_DAYS") {
            self.session_days = parse("SEAWALL_SESSION_DAYS", v)?;
        }
        if let Some(v) = env("SEAWALL_INVITE_DAYS") {
            self.invite_days = parse("SEAWALL_INVITE_DAYS", v)?;
        }
        if let Some(v) = env("SEAWALL_LOG").or_else(|| env("RUST_LOG")) {
            self.log = v;
        }
        if let Some(v) = env("SEAWALL_LOG_JSON") {
            self.log_json = parse_bool("SEAWALL_LOG_JSON", &v)?;
        }
        if let Some(v) = env("SEAWALL_DEMO_PASSWORD") {
            self.demo_password = Some(v);
        }
        if let Some(v) = env("SEAWALL_SMTP_URL") {
            self.smtp_url = Some(v);
        }
        if let Some(v) = env("SEAWALL_MAIL_FROM") {
            self.mail_from = Some(v);
        }
        if let Some(v) = env("SEAWALL_UPLOAD_LIMIT_MB") {
            self.upload_limit_mb = parse("SEAWALL_UPLOAD_LIMIT_MB", v)?;
        }
        if let Some(v) = env("SEAWALL_LOGIN_ACCOUNT_LIMIT") {
            self.login_account_limit = parse("SEAWALL_LOGIN_ACCOUNT_LIMIT", v)?;
        }
        if let Some(v) = env("SEAWALL_LOGIN_ADDRESS_LIMIT") {
            self.login_address_limit = parse("SEAWALL_LOGIN_ADDRESS_LIMIT", v)?;
        }
        if let Some(v) = env("SEAWALL_LOGIN_LOCK_MINUTES") {
            self.login_lock_minutes = parse("SEAWALL_LOGIN_LOCK_MINUTES", v)?;
        }
        if let Some(v) = env("SEAWALL_TRUST_FORWARDED_FOR") {
            self.trust_forwarded_for = parse_bool("SEAWALL_TRUST_FORWARDED_FOR", &v)?;
        }
        Ok(())
    }

    fn check(&self) -> Result<(), String> {
        if self.max_connections == Some(0) {
            return Err("max_connections must be at least 1".into());
        }
        if !(1..=1024).contains(&self.upload_limit_mb) {
            return Err("upload_limit_mb must be between 1 and 1024".into());
        }
        if self.login_account_limit == 0 || self.login_address_limit == 0 {
            return Err("login_account_limit and login_address_limit must be at least 1".into());
        }
        if !(1..=1440).contains(&self.login_lock_minutes) {
            return Err("login_lock_minutes must be between 1 and 1440".into());
        }
        if !(1..=365).contains(&self.session_days) {
            return Err("session_days must be between 1 and 365".into());
        }
        if !(1..=90).contains(&self.invite_days) {
            return Err("invite_days must be between 1 and 90".into());
        }
        if let Some(url) = &self.public_url
            && !(url.starts_with("http://") || url.starts_with("https://"))
        {
            return Err("public_url must start with http:// or https://".into());
        }
        Ok(())
    }
}

fn parse_bool(name: &str, value: &str) -> Result<bool, String> {
    match value.trim().to_ascii_lowercase().as_str() {
        "1" | "true" | "yes" | "on" => Ok(true),
        "0" | "false" | "no" | "off" => Ok(false),
        _ => Err(format!("{name}: expected true or false, got {value:?}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    #[test]
    fn the_pool_size_defaults_by_database_and_a_configured_one_wins() {
        let sqlite = Settings::default();
        assert!((2..=8).contains(&sqlite.pool_size()));
        let postgres = Settings {
            database_url: "postgres://seawall@db/seawall".into(),
            ..Settings::default()
        };
        assert_eq!(postgres.pool_size(), 8);
        let configured = Settings {
            max_connections: Some(3),
            ..Settings::default()
        };
        assert_eq!(configured.pool_size(), 3);
    }

    #[test]
    fn database_passwords_are_redacted() {
        assert_eq!(
            redact_url("postgres://seawall:hunter2@db:5432/seawall"),
            "postgres://seawall:***@db:5432/seawall"
        );
        assert_eq!(
            redact_url("sqlite://./data/seawall.db"),
            "sqlite://./data/seawall.db"
        );
        let settings = Settings {
            database_url: "postgres://u:topsecret@h/d".into(),
            demo_password: Some("also-secret".into()),
            smtp_url: Some("smtps://mailer:mailsecret@mail.example.com".into()),
            ..Settings::default()
        };
        let printed = format!("{settings:?}");
        assert!(!printed.contains("topsecret") && !printed.contains("also-secret"));
        assert!(!printed.contains("mailsecret"), "{printed}");
    }

    #[test]
    fn environment_overrides_defaults_and_bad_values_are_named() {
        let vars: HashMap<&str, &str> = [
            ("SEAWALL_ADDR", "0.0.0.0:8080"),
            ("SEAWALL_SECURE_COOKIES", "yes"),
            ("DATABASE_URL", "postgres://localhost/seawall"),
        ]
        .into();
        let mut settings = Settings::default();
        settings
            .apply_env(|k| vars.get(k).map(|v| v.to_string()))
            .unwrap();
        assert_eq!(settings.addr.port(), 8080);
        assert!(settings.secure_cookies);
        assert_eq!(settings.database_url, "postgres://localhost/seawall");

        let mut settings = Settings::default();
        let err = settings
            .apply_env(|k| (k == "SEAWALL_SESSION_DAYS").then(|| "soon".to_string()))
            .unwrap_err();
        assert!(err.contains("SEAWALL_SESSION_DAYS"));
    }

    #[test]
    fn config_files_reject_unknown_keys() {
        let parsed: Result<Settings, _> = toml::from_str("adr = \"127.0.0.1:1\"");
        assert!(parsed.is_err());
        let parsed: Settings = toml::from_str("invite_days = 3").unwrap();
        assert_eq!(parsed.invite_days, 3);
        assert!(parsed.check().is_ok());
    }
}
