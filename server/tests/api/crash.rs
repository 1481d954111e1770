//! kill -9 during concurrent writes: after a restart every acknowledged
//! write is there, the database passes its integrity check and the audit
//! chain still holds.

use crate::support::{Client, PASSWORD, TestApp, on_postgres};
use app::with_db;
use reqwest::StatusCode;
use reqwest::header::{ACCEPT, CONTENT_TYPE};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;
use tokio::io::{AsyncBufReadExt, BufReader};

/// Starts the real `seawall` binary and returns it with its address, read
/// from its start-up log.
async fn start_binary(database_url: &str) -> (tokio::process::Child, String) {
    let mut child = tokio::process::Command::new(env!("CARGO_BIN_EXE_seawall"))
        .env("SEAWALL_ADDR", "127.0.0.1:0")
        .env("SEAWALL_DATABASE_URL", database_url)
        .env("SEAWALL_LOG", "info")
        .env("SEAWALL_LOG_JSON", "true")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .expect("start the seawall binary");
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let addr = tokio::time::timeout(Duration::from_secs(120), async {
        while let Some(line) = lines.next_line().await.unwrap() {
            if let Some(at) = line.find("listening on http://") {
                let rest = &line[at + "listening on ".len()..];
                let end = rest.find(['"', ' ']).unwrap_or(rest.len());
                return rest[..end].to_string();
            }
        }
        panic!("the server exited before listening");
    })
    .await
    .expect("the server starts listening");
    // Keep reading so the child never blocks on a full pipe.
    tokio::spawn(async move { while let Ok(Some(_)) = lines.next_line().await {} });
    (child, addr)
}

/// Creates a process; `None` when the server did not answer at all.
async fn create(client: &Client, name: &str) -> Option<StatusCode> {
    let body = crate::support::serde_urlencoded(&[
        ("name", name),
        ("department", "Operations"),
        ("owner", ""),
        ("description", ""),
    ]);
    let response = client
        .http()
        .post(format!("{}/api/bia/process/create", client.base))
        .header(ACCEPT, "application/json")
        .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(body)
        .send()
        .await
        .ok()?;
    let status = response.status();
    // Acknowledged means the whole answer arrived.
    response.bytes().await.ok()?;
    Some(status)
}

#[tokio::test]
async fn killing_the_server_mid_write_loses_nothing_acknowledged() {
    let app = TestApp::spawn().await;
    app.signed_up("kai@harbour.example", "Harbour").await;
    let url = app.database_url.clone();
    let data_dir = app.stop().await;

    let (mut child, base) = start_binary(&url).await;
    let client = Client::for_base(&base);
    assert_eq!(
        client.login("kai@harbour.example", PASSWORD).await.0,
        StatusCode::OK
    );
    let acknowledged = Arc::new(tokio::sync::Mutex::new(Vec::<String>::new()));
    let refused = Arc::new(AtomicUsize::new(0));
    let mut writers = Vec::new();
    for writer in 0..8 {
        let client = client.clone();
        let acknowledged = acknowledged.clone();
        let refused = refused.clone();
        writers.push(tokio::spawn(async move {
            for i in 0.. {
                let name = format!("Writer {writer} process {i}");
                match create(&client, &name).await {
                    Some(StatusCode::OK) => acknowledged.lock().await.push(name),
                    Some(_) => {
                        refused.fetch_add(1, Ordering::Relaxed);
                    }
                    None => break,
                }
            }
        }));
    }
    // Kill once writes are flowing, in the middle of them.
    tokio::time::timeout(Duration::from_secs(60), async {
        while acknowledged.lock().await.len() < 60 {
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    })
    .await
    .expect("writes are acknowledged");
    child.start_kill().unwrap(); // SIGKILL: no shutdown code runs.
    child.wait().await.unwrap();
    for writer in writers {
        writer.await.unwrap();
    }
    assert_eq!(
        refused.load(Ordering::Relaxed),
        0,
        "writes were refused before the kill"
    );
    let acknowledged = acknowledged.lock().await.clone();

    let app = TestApp::start_on(&url, |_| {}).await;
    if !on_postgres() {
        let check: Vec<String> =
            with_db!(&app.db, pool => sqlx::query_scalar("PRAGMA integrity_check")
            .fetch_all(pool)
            .await)
            .unwrap();
        assert_eq!(check, ["ok"]);
    }
    let stored: std::collections::HashSet<String> =
        with_db!(&app.db, pool => sqlx::query_scalar::<_, String>(
        "SELECT name FROM processes")
        .fetch_all(pool)
        .await)
        .unwrap()
        .into_iter()
        .collect();
    let lost: Vec<&String> = acknowledged
        .iter()
        .filter(|n| !stored.contains(*n))
        .collect();
    assert!(lost.is_empty(), "acknowledged but lost: {lost:?}");
    // At most the writes in flight at the kill were stored unacknowledged.
    assert!(stored.len() <= acknowledged.len() + 8);
    for (org, _) in app::audit::chain::organisations(&app.db).await.unwrap() {
        let chain = app::audit::chain::check(&app.db, org).await.unwrap();
        assert!(chain.broken.is_none(), "{chain:?}");
    }
    app.stop().await;
    drop(data_dir);
}
