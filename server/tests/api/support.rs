//! Starting a server for one test and talking to it like a browser would.

use app::config::Settings;
use app::db::Db;
use app::with_db;
use reqwest::StatusCode;
use reqwest::header::{ACCEPT, CONTENT_TYPE};
use serde_json::Value;
use std::path::PathBuf;
use std::sync::Arc;
use tokio::sync::oneshot;

pub const PASSWORD: &str = "tidal-harbour-42";

pub struct TestApp {
    pub base: String,
    pub db: Db,
    pub database_url: String,
    stop: Option<oneshot::Sender<()>>,
    task: Option<tokio::task::JoinHandle<std::io::Result<()>>>,
    _dir: Option<TempDir>,
}

/// A directory removed when the test ends.
pub struct TempDir(pub PathBuf);

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Whether this run is against PostgreSQL (`SEAWALL_TEST_POSTGRES_URL`).
pub fn on_postgres() -> bool {
    std::env::var_os("SEAWALL_TEST_POSTGRES_URL").is_some()
}

async fn fresh_database() -> (String, Option<TempDir>) {
    if let Ok(admin) = std::env::var("SEAWALL_TEST_POSTGRES_URL") {
        let name = format!("seawall_test_{}", uuid::Uuid::new_v4().simple());
        let pool = sqlx::PgPool::connect(&admin)
            .await
            .expect("connect to the PostgreSQL admin URL");
        sqlx::query(&format!("CREATE DATABASE {name}"))
            .execute(&pool)
            .await
            .expect("create a test database");
        pool.close().await;
        let base = admin.rsplit_once('/').map(|(b, _)| b).unwrap_or(&admin);
        (format!("{base}/{name}"), None)
    } else {
        let dir =
            std::env::temp_dir().join(format!("seawall-test-{}", uuid::Uuid::new_v4().simple()));
        std::fs::create_dir_all(&dir).unwrap();
        let url = format!("sqlite://{}", dir.join("seawall.db").display());
        (url, Some(TempDir(dir)))
    }
}

pub fn settings(database_url: &str) -> Settings {
    Settings {
        addr: "127.0.0.1:0".parse().unwrap(),
        database_url: database_url.to_string(),
        max_connections: Some(5),
        ..Settings::default()
    }
}

impl TestApp {
    pub async fn spawn() -> TestApp {
        Self::spawn_with(|_| {}).await
    }

    pub async fn spawn_with(adjust: impl FnOnce(&mut Settings)) -> TestApp {
        let (url, dir) = fresh_database().await;
        let mut app = Self::start_on(&url, adjust).await;
        app._dir = dir;
        app
    }

    /// Starts a server on an existing database (used to test restarts).
    pub async fn start_on(database_url: &str, adjust: impl FnOnce(&mut Settings)) -> TestApp {
        let mut settings = settings(database_url);
        adjust(&mut settings);
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let (stop, stopped) = oneshot::channel::<()>();
        let running = server::start(settings, listener, async {
            let _ = stopped.await;
        })
        .await
        .expect("server starts");
        TestApp {
            base: format!("http://{}", running.addr),
            db: running.state.db.clone(),
            database_url: database_url.to_string(),
            stop: Some(stop),
            task: Some(running.task),
            _dir: None,
        }
    }

    /// Stops the server, waiting for requests in flight, and closes its pool.
    pub async fn stop(mut self) -> Option<TempDir> {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(task) = self.task.take() {
            task.await.unwrap().unwrap();
        }
        self.db.close().await;
        self._dir.take()
    }

    pub fn client(&self) -> Client {
        Client {
            base: self.base.clone(),
            jar: Arc::new(reqwest::cookie::Jar::default()),
            http: None,
        }
        .build()
    }

    pub async fn count(&self, table: &str) -> i64 {
        let sql = format!("SELECT COUNT(*) FROM {table}");
        with_db!(&self.db, pool => sqlx::query_scalar::<_, i64>(&sql).fetch_one(pool).await)
            .unwrap()
    }

    pub async fn scalar_text(&self, sql: &str) -> Option<String> {
        with_db!(&self.db, pool => sqlx::query_scalar::<_, String>(sql).fetch_optional(pool).await)
            .unwrap()
    }

    /// Counts of every table that holds data, to prove a request wrote nothing.
    pub async fn snapshot(&self) -> Vec<i64> {
        let mut counts = Vec::new();
        for table in [
            "users",
            "organisations",
            "memberships",
            "invites",
            "audit_log",
        ] {
            counts.push(self.count(table).await);
        }
        counts
    }

    /// Signs up a new account with its own organisation and returns its client.
    pub async fn signed_up(&self, email: &str, org: &str) -> Client {
        let client = self.client();
        let (status, body) = client
            .call(
                "/api/auth/signup",
                &[
                    ("email", email),
                    ("name", &name_from(email)),
                    ("organisation", org),
                    ("password", PASSWORD),
                    ("password_confirm", PASSWORD),
                ],
            )
            .await;
        assert_eq!(status, StatusCode::OK, "sign-up of {email} failed: {body}");
        client
    }

    /// Invites `email` with `role` into the inviter's organisation and accepts
    /// it as a new account; returns the new member's client.
    pub async fn join(&self, inviter: &Client, email: &str, role: &str) -> Client {
        let token = inviter.invite(email, role).await;
        let client = self.client();
        let name = name_from(email);
        let (status, body) = client
            .call(
                "/api/invites/accept",
                &[
                    ("token", &token),
                    ("name", &name),
                    ("password", PASSWORD),
                    ("password_confirm", PASSWORD),
                ],
            )
            .await;
        assert_eq!(
            status,
            StatusCode::OK,
            "accepting the invitation for {email} failed: {body}"
        );
        client
    }
}

fn name_from(email: &str) -> String {
    let local = email.split('@').next().unwrap_or("someone");
    let mut name = local.replace(['.', '_'], " ");
    if let Some(first) = name.get_mut(0..1) {
        first.make_ascii_uppercase();
    }
    name
}

impl Drop for TestApp {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

#[derive(Clone)]
pub struct Client {
    pub base: String,
    pub jar: Arc<reqwest::cookie::Jar>,
    http: Option<reqwest::Client>,
}

impl Client {
    /// A fresh browser for a server started some other way (a child process).
    pub fn for_base(base: &str) -> Client {
        Client {
            base: base.to_string(),
            jar: Arc::new(reqwest::cookie::Jar::default()),
            http: None,
        }
        .build()
    }

    fn build(mut self) -> Client {
        self.http = Some(
            reqwest::Client::builder()
                .cookie_provider(self.jar.clone())
                .redirect(reqwest::redirect::Policy::none())
                // A request that never answers fails its test instead of
                // holding up the whole suite.
                .timeout(std::time::Duration::from_secs(60))
                .build()
                .unwrap(),
        );
        self
    }

    pub fn http(&self) -> &reqwest::Client {
        self.http.as_ref().unwrap()
    }

    /// Calls a server function the way the hydrated page does.
    pub async fn call(&self, path: &str, form: &[(&str, &str)]) -> (StatusCode, Value) {
        let response = self
            .http()
            .post(format!("{}{path}", self.base))
            .header(ACCEPT, "application/json")
            .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(serde_urlencoded(form))
            .send()
            .await
            .unwrap();
        let status = response.status();
        let text = response.text().await.unwrap();
        let body = serde_json::from_str(&text).unwrap_or(Value::String(text));
        (status, body)
    }

    /// Calls a server function that takes a JSON body.
    pub async fn call_json(&self, path: &str, body: &Value) -> (StatusCode, Value) {
        let response = self
            .http()
            .post(format!("{}{path}", self.base))
            .header(ACCEPT, "application/json")
            .header(CONTENT_TYPE, "application/json")
            .body(body.to_string())
            .send()
            .await
            .unwrap();
        let status = response.status();
        let text = response.text().await.unwrap();
        let body = serde_json::from_str(&text).unwrap_or(Value::String(text));
        (status, body)
    }

    /// Calls a server function that reads its arguments from the query string
    /// (`GetUrl`), the way the hydrated page does.
    pub async fn call_get(&self, path: &str, query: &[(&str, &str)]) -> (StatusCode, Value) {
        let url = if query.is_empty() {
            format!("{}{path}", self.base)
        } else {
            format!("{}{path}?{}", self.base, serde_urlencoded(query))
        };
        let response = self
            .http()
            .get(url)
            .header(ACCEPT, "application/json")
            .send()
            .await
            .unwrap();
        let status = response.status();
        let text = response.text().await.unwrap();
        let body = serde_json::from_str(&text).unwrap_or(Value::String(text));
        (status, body)
    }

    /// Posts a multipart form (an evidence upload or a catalog import) the
    /// way a script would, asking for JSON back.
    pub async fn upload(
        &self,
        path: &str,
        fields: &[(&str, &str)],
        file: Option<(&str, Vec<u8>)>,
    ) -> (StatusCode, Value) {
        let mut form = reqwest::multipart::Form::new();
        for (k, v) in fields {
            form = form.text(k.to_string(), v.to_string());
        }
        if let Some((name, bytes)) = file {
            form = form.part(
                "file",
                reqwest::multipart::Part::bytes(bytes)
                    .file_name(name.to_string())
                    // What a browser claims is not trusted; send a lie.
                    .mime_str("application/pdf")
                    .unwrap(),
            );
        }
        let response = self
            .http()
            .post(format!("{}{path}", self.base))
            .header(ACCEPT, "application/json")
            .header("Origin", self.base.clone())
            .multipart(form)
            .send()
            .await
            .unwrap();
        let status = response.status();
        let text = response.text().await.unwrap();
        let body = serde_json::from_str(&text).unwrap_or(Value::String(text));
        (status, body)
    }

    pub async fn status(&self, path: &str, form: &[(&str, &str)]) -> StatusCode {
        self.call(path, form).await.0
    }

    pub async fn set_role(&self, user_id: &str, role: &str) -> StatusCode {
        self.status("/api/members/role", &[("user_id", user_id), ("role", role)])
            .await
    }

    pub async fn remove(&self, user_id: &str) -> StatusCode {
        self.status("/api/members/remove", &[("user_id", user_id)])
            .await
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.http()
            .get(format!("{}{path}", self.base))
            .header(ACCEPT, "text/html")
            .send()
            .await
            .unwrap()
    }

    pub async fn session(&self) -> Value {
        let (status, body) = self.call("/api/session", &[]).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        body
    }

    pub async fn login(&self, email: &str, password: &str) -> (StatusCode, Value) {
        self.call(
            "/api/auth/login",
            &[("email", email), ("password", password)],
        )
        .await
    }

    /// Creates an invitation and returns its token.
    pub async fn invite(&self, email: &str, role: &str) -> String {
        let (status, body) = self
            .call("/api/invites/create", &[("email", email), ("role", role)])
            .await;
        assert_eq!(status, StatusCode::OK, "inviting {email}: {body}");
        let link = body["link"].as_str().unwrap();
        link.rsplit('/').next().unwrap().to_string()
    }

    pub async fn member_id(&self, email: &str) -> String {
        let (status, body) = self.call("/api/members/list", &[]).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        body["members"]
            .as_array()
            .unwrap()
            .iter()
            .find(|m| m["email"] == email)
            .unwrap_or_else(|| panic!("{email} is not a member: {body}"))["user_id"]
            .as_str()
            .unwrap()
            .to_string()
    }

    pub async fn session_cookie(&self) -> Option<String> {
        use reqwest::cookie::CookieStore;
        let url = self.base.parse().unwrap();
        let cookies = self.jar.cookies(&url)?;
        cookies
            .to_str()
            .ok()?
            .split("; ")
            .find_map(|c| c.strip_prefix("seawall_session=").map(str::to_string))
    }
}

pub fn serde_urlencoded(form: &[(&str, &str)]) -> String {
    form.iter()
        .map(|(k, v)| format!("{}={}", encode(k), encode(v)))
        .collect::<Vec<_>>()
        .join("&")
}

fn encode(value: &str) -> String {
    let mut out = String::new();
    for byte in value.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(byte as char)
            }
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

/// The message a validation error gives for `field`.
pub fn field_error(body: &Value, field: &str) -> Option<String> {
    body["Validation"]
        .as_array()?
        .iter()
        .find(|e| e["field"] == field)
        .and_then(|e| e["message"].as_str())
        .map(str::to_string)
}
