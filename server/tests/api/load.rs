//! Many people at once: 64 simulated users in four organisations read pages
//! and write processes, control answers and evidence concurrently. Every
//! request must succeed, every acknowledged write must be in the database
//! afterwards, and every organisation's audit chain must still hold.
//!
//! CI runs it for a few seconds; `SEAWALL_LOAD_SECONDS=60` runs it for a
//! minute (the benchmark does, against a release build), and
//! `SEAWALL_LOAD_USERS` changes the number of users.

use crate::support::{Client, TestApp};
use app::with_db;
use reqwest::StatusCode;
use std::collections::HashMap;
use std::time::{Duration, Instant};

const ORGANISATIONS: usize = 4;

fn setting(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// What one user had acknowledged by the server.
#[derive(Default)]
struct Acknowledged {
    /// Process id → the description last saved.
    processes: HashMap<String, String>,
    /// SOC 2 criterion → the status last saved (each user answers its own).
    answers: HashMap<String, &'static str>,
    evidence: Vec<String>,
    requests: u64,
    errors: Vec<String>,
    slowest: Duration,
}

struct User {
    client: Client,
    org: usize,
    index: usize,
    /// The criteria this user alone answers.
    criteria: Vec<String>,
}

/// A small deterministic generator, so a failing run can be repeated.
struct Dice(u64);

impl Dice {
    fn roll(&mut self, sides: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % sides
    }
}

const STATUSES: [&str; 3] = ["implemented", "in_progress", "not_started"];

async fn act(user: &User, dice: &mut Dice, step: u64, ack: &mut Acknowledged) {
    let started = Instant::now();
    let c = &user.client;
    let tag = format!("u{}-{step}", user.index);
    let outcome: Result<(), String> = match dice.roll(100) {
        // Reads: the pages people open most, rendered in full.
        0..=29 => page(c, "/").await,
        30..=39 => page(c, "/controls/soc2").await,
        40..=49 => page(c, "/bia").await,
        50..=54 => expect_ok(c.call("/api/evidence", &[]).await),
        // Writes.
        55..=69 => {
            let (status, body) = c
                .call(
                    "/api/bia/process/create",
                    &[
                        ("name", &format!("Load process {tag}")),
                        ("department", "Operations"),
                        ("owner", ""),
                        ("description", ""),
                    ],
                )
                .await;
            // The answer is the new process's page: /bia/processes/{id}.
            match (status, body.as_str().and_then(|p| p.rsplit('/').next())) {
                (StatusCode::OK, Some(id)) => {
                    ack.processes.insert(id.to_string(), String::new());
                    Ok(())
                }
                _ => Err(format!("create process: {status} {body}")),
            }
        }
        70..=79 if !ack.processes.is_empty() => {
            let ids: Vec<&String> = ack.processes.keys().collect();
            let id = ids[dice.roll(ids.len() as u64) as usize].clone();
            let description = format!("Revised {tag}");
            let (status, body) = c
                .call(
                    "/api/bia/process/update",
                    &[
                        ("id", &id),
                        ("name", &format!("Load process {id}")),
                        ("department", "Operations"),
                        ("owner", ""),
                        ("description", &description),
                        ("products", ""),
                        ("peak_periods", ""),
                        ("mbco", ""),
                    ],
                )
                .await;
            if status == StatusCode::OK {
                ack.processes.insert(id, description);
                Ok(())
            } else {
                Err(format!("update process: {status} {body}"))
            }
        }
        70..=89 => {
            let criterion = &user.criteria[dice.roll(user.criteria.len() as u64) as usize];
            let status = STATUSES[dice.roll(3) as usize];
            let (got, body) = c
                .call(
                    "/api/controls/answer",
                    &[
                        ("framework", "soc2"),
                        ("id", criterion),
                        ("status", status),
                        ("notes", &format!("Answered {tag}")),
                    ],
                )
                .await;
            if got == StatusCode::OK {
                ack.answers.insert(criterion.clone(), status);
                Ok(())
            } else {
                Err(format!("answer {criterion}: {got} {body}"))
            }
        }
        _ => {
            let title = format!("Load evidence {tag}");
            let criterion = &user.criteria[0];
            let (status, body) = c
                .call(
                    "/api/evidence/record",
                    &[
                        ("title", &title),
                        ("kind", "link"),
                        ("url", "https://example.com/runbook"),
                        ("effective_on", "2026-06-01"),
                        ("framework", "soc2"),
                        ("control", criterion),
                    ],
                )
                .await;
            if status.is_success() {
                ack.evidence.push(title);
                Ok(())
            } else {
                Err(format!("record evidence: {status} {body}"))
            }
        }
    };
    ack.requests += 1;
    ack.slowest = ack.slowest.max(started.elapsed());
    if let Err(e) = outcome {
        ack.errors.push(format!("user {}: {e}", user.index));
    }
}

async fn page(c: &Client, path: &str) -> Result<(), String> {
    let response = c.get(path).await;
    let status = response.status();
    let html = response.text().await.unwrap_or_default();
    if status == StatusCode::OK && html.contains("</html>") && !html.contains("alert-error") {
        Ok(())
    } else {
        Err(format!("GET {path}: {status}"))
    }
}

fn expect_ok((status, body): (StatusCode, serde_json::Value)) -> Result<(), String> {
    if status == StatusCode::OK {
        Ok(())
    } else {
        Err(format!("{status} {body}"))
    }
}

async fn users(app: &TestApp, count: usize) -> (Vec<User>, Vec<Client>) {
    let mut owners = Vec::new();
    for o in 0..ORGANISATIONS {
        let owner = app
            .signed_up(&format!("owner{o}@load.example"), &format!("Load org {o}"))
            .await;
        let (status, body) = owner
            .call("/api/drills/frameworks", &[("soc2", "on")])
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        owners.push(owner);
    }
    let (_, checklist) = owners[0]
        .call("/api/controls/checklist", &[("framework", "soc2")])
        .await;
    let criteria: Vec<String> = checklist["rows"]
        .as_array()
        .expect("the SOC 2 checklist")
        .iter()
        .map(|r| r["id"].as_str().unwrap().to_string())
        .collect();
    let per_org = count.div_ceil(ORGANISATIONS);
    let mut out = Vec::new();
    for index in 0..count {
        let org = index % ORGANISATIONS;
        let client = app
            .join(&owners[org], &format!("user{index}@load.example"), "editor")
            .await;
        // Users of one organisation answer disjoint criteria, so the last
        // acknowledged answer of each criterion is known.
        let slot = index / ORGANISATIONS;
        let mine: Vec<String> = criteria
            .iter()
            .skip(slot)
            .step_by(per_org)
            .cloned()
            .collect();
        assert!(
            !mine.is_empty(),
            "more users per organisation than criteria"
        );
        out.push(User {
            client,
            org,
            index,
            criteria: mine,
        });
    }
    (out, owners)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn sixty_four_users_read_and_write_at_once() {
    let seconds = setting("SEAWALL_LOAD_SECONDS", 8);
    let count = setting("SEAWALL_LOAD_USERS", 64) as usize;
    let app = TestApp::spawn_with(|s| s.max_connections = Some(16)).await;
    let (users, owners) = users(&app, count).await;

    let deadline = Instant::now() + Duration::from_secs(seconds);
    let started = Instant::now();
    let tasks: Vec<_> = users
        .into_iter()
        .map(|user| {
            tokio::spawn(async move {
                let mut dice = Dice(0x9E37_79B9_7F4A_7C15 ^ (user.index as u64 + 1));
                let mut ack = Acknowledged::default();
                let mut step = 0;
                while Instant::now() < deadline {
                    act(&user, &mut dice, step, &mut ack).await;
                    step += 1;
                }
                (user.org, user.index, ack)
            })
        })
        .collect();
    let mut results = Vec::new();
    for task in tasks {
        results.push(task.await.expect("a simulated user panicked"));
    }
    let elapsed = started.elapsed();

    let requests: u64 = results.iter().map(|(_, _, a)| a.requests).sum();
    let errors: Vec<&String> = results.iter().flat_map(|(_, _, a)| &a.errors).collect();
    let slowest = results
        .iter()
        .map(|(_, _, a)| a.slowest)
        .max()
        .unwrap_or_default();
    let writes: usize = results
        .iter()
        .map(|(_, _, a)| a.processes.len() + a.answers.len() + a.evidence.len())
        .sum();
    println!(
        "load: {count} users, {:.1} s, {requests} requests ({:.0}/s), {writes} distinct writes acknowledged, \
         {} errors, slowest request {} ms",
        elapsed.as_secs_f64(),
        requests as f64 / elapsed.as_secs_f64(),
        errors.len(),
        slowest.as_millis()
    );
    assert!(
        errors.is_empty(),
        "{} requests failed: {errors:#?}",
        errors.len()
    );
    assert!(requests >= count as u64, "every user made a request");

    // Nothing acknowledged was lost, and what is stored is what was saved last.
    let mut org_ids = Vec::new();
    for owner in &owners {
        let id = owner.session().await["current"]["org_id"]
            .as_str()
            .unwrap()
            .to_string();
        org_ids.push(uuid::Uuid::parse_str(&id).unwrap());
    }
    let mut lost = Vec::new();
    for (org, index, ack) in &results {
        for (id, description) in &ack.processes {
            let stored: Option<String> = with_db!(&app.db, pool => sqlx::query_scalar(
                "SELECT description FROM processes WHERE id = $1",
            )
            .bind(uuid::Uuid::parse_str(id).unwrap())
            .fetch_optional(pool)
            .await)
            .unwrap();
            if stored.as_ref() != Some(description) {
                lost.push(format!(
                    "user {index}: process {id} holds {stored:?}, saved {description:?}"
                ));
            }
        }
        for (criterion, status) in &ack.answers {
            let stored: Option<String> = with_db!(&app.db, pool => sqlx::query_scalar(
                "SELECT status FROM control_answers WHERE org_id = $1 AND framework = 'soc2' AND ref = $2",
            )
            .bind(org_ids[*org])
            .bind(criterion)
            .fetch_optional(pool)
            .await)
            .unwrap();
            if stored.as_deref() != Some(*status) {
                lost.push(format!(
                    "user {index}: {criterion} holds {stored:?}, saved {status}"
                ));
            }
        }
        for title in &ack.evidence {
            let found: i64 = with_db!(&app.db, pool => sqlx::query_scalar(
                "SELECT COUNT(*) FROM evidence_items WHERE title = $1",
            )
            .bind(title)
            .fetch_one(pool)
            .await)
            .unwrap();
            if found != 1 {
                lost.push(format!(
                    "user {index}: evidence {title:?} stored {found} times"
                ));
            }
        }
    }
    assert!(lost.is_empty(), "acknowledged writes lost: {lost:#?}");

    for owner in &owners {
        let (status, chain) = owner.call("/api/audit/verify", &[]).await;
        assert_eq!(status, StatusCode::OK, "{chain}");
        assert!(
            chain["broken"].is_null() && chain["head"].is_string(),
            "{chain}"
        );
    }
}
