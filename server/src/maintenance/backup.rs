//! `seawall backup DIR` and `seawall restore DIR` for the embedded SQLite
//! database: Seawall's own disaster recovery.
//!
//! Evidence files and generated documents live in the database, so one
//! consistent snapshot of it holds everything an organisation has. The
//! snapshot is taken with `VACUUM INTO`, which reads inside one transaction
//! and so sees a single moment even while the server keeps writing.

use super::{Failure, file_sha256, sha256_hex};
use app::audit::chain;
use app::db::{self, Db};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sqlx::SqlitePool;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

pub const FORMAT: &str = "seawall-backup/1";
pub const DATABASE_FILE: &str = "seawall.db";
pub const MANIFEST_FILE: &str = "manifest.json";

/// What a backup holds, written beside the snapshot as `manifest.json`.
/// The file hash proves the snapshot is the one that was taken; the rest
/// lets an operator see what is in it without opening it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Manifest {
    pub format: String,
    pub seawall_version: String,
    pub created_at: DateTime<Utc>,
    /// The newest migration applied to the snapshot.
    pub schema_version: i64,
    pub files: Vec<FileEntry>,
    /// Rows per table.
    pub tables: BTreeMap<String, i64>,
    /// Every stored evidence file, its hash checked against its content.
    pub evidence: Vec<Stored>,
    /// Every generated document's file, checked the same way.
    pub documents: Vec<Stored>,
    /// The head of each organisation's audit chain: an anchor kept outside
    /// the database, so a later truncation of the log can be shown.
    pub audit: Vec<AuditHead>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct FileEntry {
    pub name: String,
    pub size: u64,
    pub sha256: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Stored {
    pub org_id: String,
    pub key: String,
    pub size: i64,
    pub sha256: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct AuditHead {
    pub org_id: String,
    pub organisation: String,
    pub entries: i64,
    pub head: Option<String>,
    pub intact: bool,
}

/// What a restore did, for the operator.
#[derive(Debug)]
pub struct Restored {
    pub manifest: Manifest,
    pub database: PathBuf,
    /// Where the database that was replaced now is, if there was one.
    pub set_aside: Option<PathBuf>,
}

fn sqlite_file(database_url: &str) -> Result<PathBuf, Failure> {
    db::sqlite_path(database_url)
        .map(Path::to_path_buf)
        .ok_or_else(|| {
            Failure::Unsupported(
                "backup and restore work on the embedded SQLite database; for PostgreSQL use \
                 pg_dump and point-in-time recovery (see \"Backups\" in the README)"
                    .into(),
            )
        })
}

/// One connection to a database file in rollback-journal mode, so that the
/// snapshot stays a single self-contained file.
async fn open_file(path: &Path) -> Result<SqlitePool, Failure> {
    let options = SqliteConnectOptions::new()
        .filename(path)
        .create_if_missing(false)
        .journal_mode(SqliteJournalMode::Delete)
        .foreign_keys(true);
    Ok(SqlitePoolOptions::new()
        .max_connections(1)
        .connect_with(options)
        .await?)
}

/// Writes a snapshot of the database named by `database_url`, with its
/// manifest, into `dir`, which must be new or empty.
pub async fn backup(database_url: &str, dir: &Path) -> Result<Manifest, Failure> {
    let source = sqlite_file(database_url)?;
    if !source.is_file() {
        return Err(Failure::Missing(format!(
            "there is no database at {}",
            source.display()
        )));
    }
    if dir.exists() && std::fs::read_dir(dir)?.next().is_some() {
        return Err(Failure::Refused(format!(
            "{} already holds files; back up into a new directory so no earlier backup is overwritten",
            dir.display()
        )));
    }
    std::fs::create_dir_all(dir)?;
    let partial = dir.join(format!("{DATABASE_FILE}.partial"));
    let created_at = Utc::now();

    let live = db::connect_existing(&db::ConnectOptions {
        url: database_url.to_string(),
        max_connections: 1,
    })
    .await?;
    let taken = match &live {
        Db::Sqlite(pool) => {
            sqlx::query("VACUUM INTO $1")
                .bind(partial.to_string_lossy().into_owned())
                .execute(pool)
                .await
        }
        Db::Postgres(_) => unreachable!("sqlite_file refused PostgreSQL URLs"),
    };
    live.close().await;
    if let Err(error) = taken {
        let _ = std::fs::remove_file(&partial);
        return Err(error.into());
    }

    let snapshot = open_file(&partial).await?;
    let described = describe(&snapshot).await;
    snapshot.close().await;
    let (schema_version, tables, evidence, documents, audit) = match described {
        Ok(parts) => parts,
        Err(error) => {
            let _ = std::fs::remove_file(&partial);
            return Err(error);
        }
    };
    std::fs::File::open(&partial)?.sync_all()?;
    let database = dir.join(DATABASE_FILE);
    std::fs::rename(&partial, &database)?;
    let (size, sha256) = file_sha256(&database)?;
    let manifest = Manifest {
        format: FORMAT.into(),
        seawall_version: env!("CARGO_PKG_VERSION").into(),
        created_at,
        schema_version,
        files: vec![FileEntry {
            name: DATABASE_FILE.into(),
            size,
            sha256,
        }],
        tables,
        evidence,
        documents,
        audit,
    };
    write_manifest(dir, &manifest)?;
    Ok(manifest)
}

type Description = (
    i64,
    BTreeMap<String, i64>,
    Vec<Stored>,
    Vec<Stored>,
    Vec<AuditHead>,
);

/// Checks the snapshot (integrity, every stored file against its hash,
/// every audit chain) and lists what it holds.
async fn describe(pool: &SqlitePool) -> Result<Description, Failure> {
    integrity(pool, "the snapshot").await?;
    let schema_version: i64 =
        sqlx::query_scalar("SELECT COALESCE(MAX(version), 0) FROM _sqlx_migrations")
            .fetch_one(pool)
            .await?;
    let names: Vec<String> = sqlx::query_scalar(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' \
         ORDER BY name",
    )
    .fetch_all(pool)
    .await?;
    let mut tables = BTreeMap::new();
    for name in names {
        let quoted = name.replace('"', "\"\"");
        let rows: i64 = sqlx::query_scalar(&format!("SELECT COUNT(*) FROM \"{quoted}\""))
            .fetch_one(pool)
            .await?;
        tables.insert(name, rows);
    }
    let evidence = stored_files(
        pool,
        "SELECT rowid, org_id, sha256, sha256, size, content FROM evidence_blobs",
        "evidence file",
    )
    .await?;
    let documents = stored_files(
        pool,
        "SELECT rowid, org_id, lower(hex(id)), sha256, size, content FROM documents \
         WHERE content IS NOT NULL",
        "document",
    )
    .await?;
    let db = Db::Sqlite(pool.clone());
    let mut audit = Vec::new();
    for (org_id, organisation) in chain::organisations(&db).await? {
        let check = chain::check(&db, org_id).await?;
        audit.push(AuditHead {
            org_id: org_id.to_string(),
            organisation,
            entries: check.entries,
            head: check.head,
            intact: check.broken.is_none(),
        });
    }
    Ok((schema_version, tables, evidence, documents, audit))
}

pub(super) async fn integrity(pool: &SqlitePool, what: &str) -> Result<(), Failure> {
    let answer: Vec<String> = sqlx::query_scalar("PRAGMA integrity_check")
        .fetch_all(pool)
        .await?;
    if answer != ["ok"] {
        return Err(Failure::Damaged(format!(
            "{what} fails SQLite's integrity check: {}",
            answer.join("; ")
        )));
    }
    Ok(())
}

/// rowid, organisation, key, stored hash, stored size, content.
type StoredRow = (
    i64,
    uuid::Uuid,
    String,
    Option<String>,
    Option<i64>,
    Vec<u8>,
);

/// Reads stored files a page at a time (the content is the bulk of the
/// database) and checks each against the hash it was stored under.
async fn stored_files(pool: &SqlitePool, select: &str, what: &str) -> Result<Vec<Stored>, Failure> {
    const PAGE: i64 = 200;
    let sql = format!("{select} {} rowid > $1 ORDER BY rowid LIMIT {PAGE}", {
        if select.contains(" WHERE ") {
            "AND"
        } else {
            "WHERE"
        }
    });
    let mut listed = Vec::new();
    let mut after = 0i64;
    loop {
        let rows: Vec<StoredRow> = sqlx::query_as(&sql).bind(after).fetch_all(pool).await?;
        let Some(last) = rows.last() else { break };
        after = last.0;
        for (_, org_id, key, sha256, size, content) in rows {
            let actual = sha256_hex(&content);
            if sha256.as_deref() != Some(actual.as_str())
                || size.is_some_and(|s| s != content.len() as i64)
            {
                return Err(Failure::Damaged(format!(
                    "the {what} {key} of organisation {org_id} does not match its stored hash"
                )));
            }
            listed.push(Stored {
                org_id: org_id.to_string(),
                key,
                size: content.len() as i64,
                sha256: actual,
            });
        }
    }
    Ok(listed)
}

fn write_manifest(dir: &Path, manifest: &Manifest) -> Result<(), Failure> {
    let partial = dir.join(format!("{MANIFEST_FILE}.partial"));
    let json = serde_json::to_vec_pretty(manifest).map_err(|e| Failure::Damaged(e.to_string()))?;
    std::fs::write(&partial, json)?;
    std::fs::File::open(&partial)?.sync_all()?;
    std::fs::rename(&partial, dir.join(MANIFEST_FILE))?;
    sync_dir(dir);
    Ok(())
}

/// Makes renames in `dir` durable. Best effort: not every platform can open
/// a directory.
fn sync_dir(dir: &Path) {
    if let Ok(handle) = std::fs::File::open(dir) {
        let _ = handle.sync_all();
    }
}

/// Reads and checks a backup: the manifest's format and every file's size
/// and hash.
pub fn read_backup(dir: &Path) -> Result<Manifest, Failure> {
    let path = dir.join(MANIFEST_FILE);
    let text = std::fs::read(&path)
        .map_err(|e| Failure::Missing(format!("cannot read {}: {e}", path.display())))?;
    let manifest: Manifest = serde_json::from_slice(&text).map_err(|e| {
        Failure::Damaged(format!("{} is not a Seawall manifest: {e}", path.display()))
    })?;
    if manifest.format != FORMAT {
        return Err(Failure::Damaged(format!(
            "{} has format {:?}; this Seawall reads {FORMAT:?}",
            path.display(),
            manifest.format
        )));
    }
    for file in &manifest.files {
        if file.name.contains(['/', '\\']) || file.name.starts_with('.') {
            return Err(Failure::Damaged(format!(
                "the manifest names a file outside the backup: {:?}",
                file.name
            )));
        }
        let (size, sha256) = file_sha256(&dir.join(&file.name)).map_err(|e| {
            Failure::Missing(format!("cannot read {} from the backup: {e}", file.name))
        })?;
        if size != file.size || sha256 != file.sha256 {
            return Err(Failure::Damaged(format!(
                "{} in the backup differs from its manifest (SHA-256 {sha256}, expected {}): \
                 the backup was changed or damaged",
                file.name, file.sha256
            )));
        }
    }
    if !manifest.files.iter().any(|f| f.name == DATABASE_FILE) {
        return Err(Failure::Damaged("the manifest lists no database".into()));
    }
    Ok(manifest)
}

/// Replaces the database named by `database_url` with the backup in `dir`.
/// Every server using the database must be stopped first. The database it
/// replaces is set aside, with its write-ahead log, not deleted.
pub async fn restore(database_url: &str, dir: &Path) -> Result<Restored, Failure> {
    let target = sqlite_file(database_url)?;
    let manifest = read_backup(dir)?;
    let newest = sqlx::migrate!("../migrations/sqlite")
        .iter()
        .map(|m| m.version)
        .max()
        .unwrap_or(0);
    if manifest.schema_version > newest {
        return Err(Failure::Refused(format!(
            "the backup was made by a newer Seawall (schema {}, this one knows up to {newest}); \
             restore it with that version",
            manifest.schema_version
        )));
    }
    if let Some(parent) = target.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent)?;
    }
    // Checked once the directory exists, since the locks live in it. A
    // running server keeps its connections and remembered sessions on the
    // file being replaced; held until the end, so that a server started
    // meanwhile does not count itself alone on it either.
    let alone = db::Sole::for_database(database_url);
    if !alone.now() {
        return Err(Failure::Refused(format!(
            "a Seawall server is using {}; stop every server before restoring",
            target.display()
        )));
    }
    let incoming = with_suffix(&target, ".restoring");
    std::fs::copy(dir.join(DATABASE_FILE), &incoming)?;
    // The copy is checked again where it will live: a full disk or a bad
    // copy must not replace a working database.
    let checked = async {
        let (_, sha256) = file_sha256(&incoming)?;
        if Some(sha256.as_str())
            != manifest
                .files
                .iter()
                .find(|f| f.name == DATABASE_FILE)
                .map(|f| f.sha256.as_str())
        {
            return Err(Failure::Damaged(
                "the copied database differs from the backup".into(),
            ));
        }
        let pool = open_file(&incoming).await?;
        let result = integrity(&pool, "the backup").await;
        pool.close().await;
        result?;
        std::fs::File::open(&incoming)?.sync_all()?;
        Ok(())
    }
    .await;
    if let Err(error) = checked {
        let _ = std::fs::remove_file(&incoming);
        return Err(error);
    }

    let set_aside = if target.exists() {
        let aside = with_suffix(
            &target,
            &format!(".replaced-{}", Utc::now().format("%Y%m%dT%H%M%SZ")),
        );
        // SQLite finds the log by name, so the log moves with its database
        // and the set-aside copy keeps every committed transaction.
        for suffix in ["-wal", "-shm"] {
            let log = with_suffix(&target, suffix);
            if log.exists() {
                std::fs::rename(&log, with_suffix(&aside, suffix))?;
            }
        }
        std::fs::rename(&target, &aside)?;
        Some(aside)
    } else {
        None
    };
    std::fs::rename(&incoming, &target)?;
    if let Some(parent) = target.parent() {
        sync_dir(parent);
    }
    Ok(Restored {
        manifest,
        database: target,
        set_aside,
    })
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}
