//! `seawall backup` and `seawall restore`: a snapshot taken while the server
//! writes restores exactly what it held, and a damaged one is refused.

use crate::support::{Client, TempDir, TestApp, on_postgres};
use app::with_db;
use reqwest::StatusCode;
use server::maintenance::Failure;
use server::maintenance::backup::{self, DATABASE_FILE, MANIFEST_FILE};
use std::path::{Path, PathBuf};

fn scratch(name: &str) -> TempDir {
    TempDir(std::env::temp_dir().join(format!("seawall-{name}-{}", uuid::Uuid::new_v4().simple())))
}

fn pdf(text: &str) -> Vec<u8> {
    format!("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n% {text}\ntrailer << /Root 1 0 R >>\n%%EOF\n")
        .into_bytes()
}

async fn process(client: &Client, name: &str) -> StatusCode {
    client
        .call(
            "/api/bia/process/create",
            &[
                ("name", name),
                ("department", "Finance"),
                ("owner", ""),
                ("description", ""),
            ],
        )
        .await
        .0
}

async fn process_names(app: &TestApp) -> Vec<String> {
    with_db!(&app.db, pool => sqlx::query_scalar::<_, String>("SELECT name FROM processes ORDER BY name")
        .fetch_all(pool)
        .await)
    .unwrap()
}

fn sqlite_file(url: &str) -> PathBuf {
    app::db::sqlite_path(url).unwrap().to_path_buf()
}

#[tokio::test]
async fn a_backup_taken_while_writing_restores_exactly_what_it_held() {
    if on_postgres() {
        return; // PostgreSQL is backed up with pg_dump; see the refusal test.
    }
    let app = TestApp::spawn().await;
    let owner = app.signed_up("rosa@harbour.example", "Harbour").await;
    let report = pdf("restore test, November");
    let (status, body) = owner
        .upload(
            "/evidence/upload",
            &[
                ("title", "Restore report"),
                ("effective_on", &chrono::Utc::now().date_naive().to_string()),
                ("valid_months", "12"),
            ],
            Some(("restore.pdf", report.clone())),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let evidence = body["evidence"].as_str().unwrap().to_string();

    // Writers keep going while the snapshot is taken.
    let writer = {
        let owner = owner.clone();
        tokio::spawn(async move {
            let mut written = 0;
            for i in 0..40 {
                assert_eq!(
                    process(&owner, &format!("Process {i:02}")).await,
                    StatusCode::OK
                );
                written += 1;
            }
            written
        })
    };
    tokio::time::sleep(std::time::Duration::from_millis(150)).await;
    let target = scratch("backup");
    let manifest = backup::backup(&app.database_url, &target.0)
        .await
        .expect("backup while the server writes");
    assert_eq!(writer.await.unwrap(), 40);

    assert_eq!(manifest.format, backup::FORMAT);
    assert_eq!(manifest.files[0].name, DATABASE_FILE);
    let sha = server::maintenance::sha256_hex(&report);
    assert!(
        manifest.evidence.iter().any(|e| e.sha256 == sha),
        "{manifest:?}"
    );
    assert_eq!(manifest.audit.len(), 1);
    assert!(manifest.audit[0].intact);
    let held = manifest.tables["processes"];
    assert!(held <= 40);
    assert_eq!(manifest.tables["audit_log"], {
        // The snapshot's audit chain is whole: its entries are the ones
        // counted, and its head is the hash of the newest of them.
        manifest.audit[0].entries
    });
    // The manifest on disk is the one returned.
    let on_disk = backup::read_backup(&target.0).unwrap();
    assert_eq!(on_disk, manifest);

    // A change after the backup, then disaster: restore the backup.
    assert_eq!(process(&owner, "After the backup").await, StatusCode::OK);
    let url = app.database_url.clone();
    let data_dir = app.stop().await;
    let restored = backup::restore(&url, &target.0).await.expect("restore");
    let aside = restored.set_aside.expect("the replaced database is kept");

    let app = TestApp::start_on(&url, |_| {}).await;
    let names = process_names(&app).await;
    assert_eq!(names.len() as i64, held);
    assert!(!names.iter().any(|n| n == "After the backup"));
    let owner = app.client();
    assert_eq!(
        owner
            .login("rosa@harbour.example", crate::support::PASSWORD)
            .await
            .0,
        StatusCode::OK
    );
    let (_, item) = owner.call("/api/evidence/item", &[("id", &evidence)]).await;
    let version = item["versions"][0]["id"]
        .as_str()
        .expect("the evidence survived");
    let download = owner.get(&format!("/evidence/file/{version}")).await;
    assert_eq!(download.status(), StatusCode::OK);
    assert_eq!(download.bytes().await.unwrap().to_vec(), report);
    let (status, chain) = owner.call("/api/audit/verify", &[]).await;
    assert_eq!(status, StatusCode::OK, "{chain}");
    assert!(chain["broken"].is_null(), "{chain}");

    // Nothing is lost: the replaced database still holds the late change.
    let aside_url = format!("sqlite://{}", aside.display());
    let old = app::db::connect_existing(&app::db::ConnectOptions {
        url: aside_url,
        max_connections: 1,
    })
    .await
    .unwrap();
    let late: i64 = with_db!(&old, pool => sqlx::query_scalar(
        "SELECT COUNT(*) FROM processes WHERE name = 'After the backup'")
        .fetch_one(pool)
        .await)
    .unwrap();
    assert_eq!(late, 1);
    old.close().await;
    app.stop().await;
    drop(data_dir);
}

fn flip_byte(path: &Path, at: u64) {
    use std::io::{Read, Seek, SeekFrom, Write};
    let mut file = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open(path)
        .unwrap();
    let mut byte = [0u8];
    file.seek(SeekFrom::Start(at)).unwrap();
    file.read_exact(&mut byte).unwrap();
    file.seek(SeekFrom::Start(at)).unwrap();
    file.write_all(&[byte[0] ^ 0x55]).unwrap();
}

#[tokio::test]
async fn a_damaged_or_missing_backup_is_refused_and_the_database_is_untouched() {
    if on_postgres() {
        let app = TestApp::spawn().await;
        let target = scratch("backup-pg");
        let refused = backup::backup(&app.database_url, &target.0).await;
        assert!(matches!(refused, Err(Failure::Unsupported(ref m)) if m.contains("pg_dump")));
        assert!(!target.0.exists());
        return;
    }
    let app = TestApp::spawn().await;
    let owner = app.signed_up("tom@harbour.example", "Harbour").await;
    assert_eq!(process(&owner, "Payments").await, StatusCode::OK);
    let target = scratch("backup");
    backup::backup(&app.database_url, &target.0).await.unwrap();

    // A second backup into the same directory would overwrite the first.
    let again = backup::backup(&app.database_url, &target.0).await;
    assert!(matches!(again, Err(Failure::Refused(_))), "{again:?}");
    // A database that is not there is not created empty and backed up.
    let nowhere = scratch("nowhere");
    let missing = backup::backup(
        &format!("sqlite://{}", nowhere.0.join("seawall.db").display()),
        &scratch("unused").0,
    )
    .await;
    assert!(matches!(missing, Err(Failure::Missing(_))), "{missing:?}");
    assert!(!nowhere.0.exists());

    let url = app.database_url.clone();
    // Not while a server is using the database.
    match backup::restore(&url, &target.0).await {
        Err(Failure::Refused(message)) => assert!(message.contains("stop every server")),
        other => panic!("expected a refusal while the server runs, got {other:?}"),
    }
    let data_dir = app.stop().await;
    let live = sqlite_file(&url);
    let (_, before) = server::maintenance::file_sha256(&live).unwrap();

    // One byte changed in the snapshot: the manifest catches it.
    flip_byte(&target.0.join(DATABASE_FILE), 4_000);
    let damaged = backup::restore(&url, &target.0).await;
    match damaged {
        Err(Failure::Damaged(message)) => assert!(message.contains("differs from its manifest")),
        other => panic!("expected a refusal, got {other:?}"),
    }
    // A manifest that names a file outside the backup is refused too.
    let text = std::fs::read_to_string(target.0.join(MANIFEST_FILE)).unwrap();
    std::fs::write(
        target.0.join(MANIFEST_FILE),
        text.replace("\"seawall.db\"", "\"../seawall.db\""),
    )
    .unwrap();
    assert!(matches!(
        backup::restore(&url, &target.0).await,
        Err(Failure::Damaged(_))
    ));
    std::fs::remove_file(target.0.join(MANIFEST_FILE)).unwrap();
    assert!(matches!(
        backup::restore(&url, &target.0).await,
        Err(Failure::Missing(_))
    ));

    // The live database was never touched, and nothing was left beside it.
    assert_eq!(server::maintenance::file_sha256(&live).unwrap().1, before);
    let beside: Vec<_> = std::fs::read_dir(live.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("restoring") || n.contains("replaced"))
        .collect();
    assert!(beside.is_empty(), "{beside:?}");
    let app = TestApp::start_on(&url, |_| {}).await;
    assert_eq!(process_names(&app).await, ["Payments"]);
    app.stop().await;
    drop(data_dir);
}
