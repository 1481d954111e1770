//! Evidence-pack generation at scale: generates a large organisation
//! (`--scale 1`: 1,000 processes, 500 systems, all three frameworks, 5,000
//! evidence records, 500 drills) in a fresh SQLite database, then builds the
//! auditor evidence pack of each framework the way the server does (read the
//! data, lay out, write the PDF) in a process of its own, so each pack's
//! peak memory is its own. Prints one table.
//!
//!     cargo bench -p server --bench pack -- --scale 1
//!
//! `--database URL` measures against an existing PostgreSQL (or SQLite)
//! database instead of a temporary SQLite file. `--keep DIR` generates into
//! `DIR/seawall.db` and keeps it, with `DIR/bench.env` naming the owner and
//! a process, for `scripts/bench.sh` to serve and load-test.

use app::db::{ConnectOptions, Db, connect};
use app::reports::doc::Meta;
use app::reports::{DocKind, Spec};
use std::process::Command;
use std::time::Instant;

const FRAMEWORKS: [&str; 3] = ["soc2", "hipaa", "pci"];

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().collect();
    let value = |flag: &str| {
        args.iter()
            .position(|a| a == flag)
            .and_then(|i| args.get(i + 1).cloned())
    };
    if let (Some(url), Some(org), Some(framework)) =
        (value("--child"), value("--org"), value("--framework"))
    {
        child(&url, &org, &framework).await;
        return;
    }
    let scale: usize = value("--scale")
        .and_then(|s| s.parse().ok())
        .filter(|s| *s > 0)
        .unwrap_or(1);
    let keep = value("--keep").map(std::path::PathBuf::from);
    let dir = keep.clone().unwrap_or_else(|| {
        std::env::temp_dir().join(format!("seawall-bench-{}", uuid::Uuid::new_v4()))
    });
    std::fs::create_dir_all(&dir).expect("a temporary directory");
    let url = value("--database")
        .unwrap_or_else(|| format!("sqlite://{}", dir.join("seawall.db").display()));
    let db = open(&url).await;
    let sizes = app::demo::large::Scale::times(scale);
    println!(
        "Evidence-pack benchmark, scale {scale}: {} processes, {} systems, {} evidence records, {} drills",
        sizes.processes, sizes.systems, sizes.evidence, sizes.drills
    );
    let started = Instant::now();
    let large = app::demo::large::generate(&db, sizes, "bench-password-123")
        .await
        .expect("the large organisation");
    println!(
        "Generating the organisation took {:.1} s.\n",
        started.elapsed().as_secs_f64()
    );
    if keep.is_some() {
        let process: uuid::Uuid = app::with_db!(&db, pool => sqlx::query_scalar(
            "SELECT id FROM processes WHERE org_id = $1 ORDER BY name LIMIT 1")
            .bind(large.org_id)
            .fetch_one(pool)
            .await)
        .expect("a process");
        std::fs::write(
            dir.join("bench.env"),
            format!(
                "ORG_ID={}\nOWNER_EMAIL={}\nPASSWORD=bench-password-123\nPROCESS_ID={process}\n",
                large.org_id, large.owner_email
            ),
        )
        .expect("bench.env");
    }
    db.close().await;

    let exe = std::env::current_exe().expect("the benchmark's own path");
    println!(
        "{:<10} {:>6} {:>9} {:>10} {:>11} {:>9} {:>10} {:>10}",
        "framework", "pages", "size", "read data", "layout+PDF", "total", "peak RSS", "baseline"
    );
    for framework in FRAMEWORKS {
        let out = Command::new(&exe)
            .args(["--child", &url, "--org", &large.org_id.to_string()])
            .args(["--framework", framework])
            .output()
            .expect("the measuring process");
        if !out.status.success() {
            eprintln!("{}", String::from_utf8_lossy(&out.stderr));
            panic!("measuring the {framework} pack failed");
        }
        print!("{}", String::from_utf8_lossy(&out.stdout));
    }
    println!("\nTargets: total < 1.5 s and peak RSS < 150 MB per pack (2-core machine).");
    if keep.is_none() {
        let _ = std::fs::remove_dir_all(&dir);
    }
}

async fn open(url: &str) -> Db {
    connect(&ConnectOptions {
        url: url.to_string(),
        max_connections: 4,
    })
    .await
    .expect("the database")
}

/// Resident memory now and at its peak, in MB, from /proc (Linux).
fn memory() -> (f64, f64) {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find(|l| l.starts_with(name))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|kb| kb.parse::<f64>().ok())
            .map(|kb| kb / 1024.0)
            .unwrap_or(0.0)
    };
    (field("VmRSS:"), field("VmHWM:"))
}

async fn child(url: &str, org: &str, framework: &str) {
    let org_id: uuid::Uuid = org.parse().expect("an organisation id");
    let db = open(url).await;
    let (baseline, _) = memory();
    let started = Instant::now();
    let as_of = chrono::Utc::now().date_naive();
    let sources = app::reports::ssr::load(&db, org_id, as_of)
        .await
        .expect("the organisation's data");
    let spec = Spec {
        kind: DocKind::Pack,
        framework: framework.to_string(),
        from: None,
        to: None,
    };
    let (title, subtitle) = app::reports::ssr::titles(&spec, &sources).expect("the titles");
    let read = started.elapsed();
    let meta = Meta {
        org: sources.org.clone(),
        title,
        subtitle,
        version: 1,
        as_of,
        generated_at: chrono::Utc::now(),
        generated_by: "Benchmark".into(),
    };
    let laid = Instant::now();
    let built = tokio::task::spawn_blocking(move || {
        app::reports::ssr::jobs::build(&spec, &sources, meta).expect("the pack")
    })
    .await
    .expect("the layout thread");
    let layout = laid.elapsed();
    let total = started.elapsed();
    let (_, peak) = memory();
    println!(
        "{:<10} {:>6} {:>9} {:>10} {:>11} {:>9} {:>10} {:>10}",
        framework,
        built.rendered.pages,
        app::reports::size_text(built.rendered.bytes.len() as i64),
        format!("{} ms", read.as_millis()),
        format!("{} ms", layout.as_millis()),
        format!("{} ms", total.as_millis()),
        format!("{peak:.0} MB"),
        format!("{baseline:.0} MB"),
    );
}
