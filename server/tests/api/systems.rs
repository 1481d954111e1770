//! Systems and their disaster recovery: what the BIA requires of a system,
//! the DR tier and backup design that set what it can deliver, the gaps
//! between the two, the 3-2-1-1-0 rule, the strategy comparison with its
//! costs, DR sites, and who may change any of it. Each case is worked out
//! by hand from the tier table, the design rules and the cost model.

use crate::support::{Client, TestApp, field_error};
use chrono::{Days, Utc};
use reqwest::StatusCode;
use serde_json::{Value, json};

const HOUR: i64 = 60;
const DAY: i64 = 24 * HOUR;

/// A form whose values are built at run time.
type Form = Vec<(&'static str, String)>;

fn pairs(form: &Form) -> Vec<(&str, &str)> {
    form.iter().map(|(k, v)| (*k, v.as_str())).collect()
}

async fn post(client: &Client, path: &str, form: &Form) -> (StatusCode, Value) {
    client.call(path, &pairs(form)).await
}

fn ok((status, body): (StatusCode, Value)) {
    assert_eq!(status, StatusCode::OK, "{body}");
}

/// The request was refused with a message on `field`; returns the message.
fn refused((status, body): (StatusCode, Value), field: &str) -> String {
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{field}: {body}");
    field_error(&body, field).unwrap_or_else(|| panic!("no message on {field}: {body}"))
}

/// `form` with some fields replaced (or added).
fn with(mut form: Form, changes: &[(&'static str, &str)]) -> Form {
    for (key, value) in changes {
        match form.iter_mut().find(|(k, _)| k == key) {
            Some(entry) => entry.1 = value.to_string(),
            None => form.push((key, value.to_string())),
        }
    }
    form
}

fn form(fields: &[(&'static str, &str)]) -> Form {
    fields.iter().map(|(k, v)| (*k, v.to_string())).collect()
}

/// A production application in the cloud with no objectives and no sites.
fn system_form(name: &str) -> Form {
    form(&[
        ("name", name),
        ("owner", ""),
        ("component", "application"),
        ("environment", "production"),
        ("hosting", "cloud"),
        ("provider", "AWS"),
        ("region", "eu-west-1"),
        ("data_class", "confidential"),
        ("rto", ""),
        ("rpo", ""),
        ("primary_site", ""),
        ("recovery_site", ""),
        ("notes", ""),
    ])
}

async fn new_system(client: &Client, form: Form) -> String {
    let (status, body) = post(client, "/api/systems/create", &form).await;
    assert_eq!(status, StatusCode::OK, "creating a system: {body}");
    body.as_str().expect("the new system's id").to_string()
}

async fn update_system(client: &Client, id: &str, form: Form) -> (StatusCode, Value) {
    post(client, "/api/systems/update", &with(form, &[("id", id)])).await
}

/// Creates a process and returns its id.
async fn new_process(client: &Client, name: &str) -> String {
    let (status, body) = client
        .call(
            "/api/bia/process/create",
            &[
                ("name", name),
                ("department", "Sales"),
                ("owner", ""),
                ("description", ""),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::OK, "creating {name}: {body}");
    body.as_str()
        .and_then(|p| p.strip_prefix("/bia/processes/"))
        .unwrap_or_else(|| panic!("unexpected page {body}"))
        .to_string()
}

async fn objectives(client: &Client, id: &str, rto: &str, rpo: &str) {
    ok(client
        .call(
            "/api/bia/process/objectives",
            &[("id", id), ("rto", rto), ("rpo", rpo), ("wrt", "")],
        )
        .await);
}

async fn losses(client: &Client, id: &str, losses: Value) {
    ok(client
        .call_json(
            "/api/bia/process/assessment",
            &json!({"id": id, "assessment": {"ratings": {}, "losses": losses}}),
        )
        .await);
}

async fn depend(client: &Client, source: &str, target: &str) -> (StatusCode, Value) {
    client
        .call(
            "/api/bia/dependency/add",
            &[("source", source), ("target", target)],
        )
        .await
}

/// Creates a BIA resource of kind `site` and returns its id.
async fn new_site(client: &Client, name: &str) -> String {
    let (status, body) = client
        .call(
            "/api/bia/resource/create",
            &[
                ("kind", "site"),
                ("name", name),
                ("owner", ""),
                ("category", "Data centre"),
                ("contact", ""),
                ("rto", ""),
                ("rpo", ""),
                ("notes", ""),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::OK, "creating {name}: {body}");
    body.as_str().expect("the new site's id").to_string()
}

/// A read that must succeed.
async fn read(client: &Client, path: &str, form: &[(&str, &str)]) -> Value {
    let (status, body) = client.call(path, form).await;
    assert_eq!(status, StatusCode::OK, "{path}: {body}");
    body
}

async fn system(client: &Client, id: &str) -> Value {
    read(client, "/api/system", &[("id", id)]).await
}

async fn compare(client: &Client, ids: &str) -> (StatusCode, Value) {
    client
        .call_get("/api/systems/compare", &[("ids", ids)])
        .await
}

async fn set_tier(client: &Client, id: &str, tier: &str, reason: &str) -> (StatusCode, Value) {
    client
        .call(
            "/api/system/tier",
            &[("id", id), ("tier", tier), ("reason", reason)],
        )
        .await
}

/// No backups, no replication, no restore test.
fn backup_form(id: &str) -> Form {
    form(&[
        ("id", id),
        ("full_every", ""),
        ("partial_kind", "none"),
        ("partial_every", ""),
        ("retention_days", ""),
        ("archive_days", ""),
        ("replication", "none"),
        ("replication_lag", ""),
        ("restore_tested_on", ""),
        ("restore_minutes", ""),
        ("restore_errors", ""),
    ])
}

/// Weekly full backups with hourly incrementals.
fn hourly_backups(id: &str) -> Form {
    with(
        backup_form(id),
        &[
            ("full_every", "1 week"),
            ("partial_kind", "incremental"),
            ("partial_every", "1h"),
            ("retention_days", "30"),
            ("archive_days", "365"),
        ],
    )
}

async fn backup(client: &Client, form: Form) -> (StatusCode, Value) {
    post(client, "/api/system/backup", &form).await
}

async fn add_copy(
    client: &Client,
    system: &str,
    label: &str,
    media: &str,
    offsite: bool,
    offline: bool,
) -> (StatusCode, Value) {
    let mut form = vec![
        ("system", system),
        ("label", label),
        ("media", media),
        ("location", "Somewhere safe"),
    ];
    if offsite {
        form.push(("offsite", "on"));
    }
    if offline {
        form.push(("offline", "on"));
    }
    client.call("/api/system/copy/add", &form).await
}

async fn save_site(client: &Client, id: &str, role: &str, readiness: &str) -> (StatusCode, Value) {
    client
        .call(
            "/api/systems/site",
            &[
                ("id", id),
                ("role", role),
                ("readiness", readiness),
                ("failover", "active_passive"),
                ("location", "Docklands, London"),
                ("activation", "Call the duty manager\nFail over DNS"),
            ],
        )
        .await
}

const ONE_OFF: [&str; 7] = [
    "one_off[0]",
    "one_off[1]",
    "one_off[2]",
    "one_off[3]",
    "one_off[4]",
    "one_off[5]",
    "one_off[6]",
];
const YEARLY: [&str; 7] = [
    "yearly[0]",
    "yearly[1]",
    "yearly[2]",
    "yearly[3]",
    "yearly[4]",
    "yearly[5]",
    "yearly[6]",
];

fn costs_form(
    one_off: [&str; 7],
    yearly: [&str; 7],
    disaster_every_years: &str,
    horizon_years: &str,
    restore_test_months: &str,
) -> Form {
    let mut form: Form = Vec::new();
    for (key, value) in ONE_OFF.iter().zip(one_off) {
        form.push((key, value.to_string()));
    }
    for (key, value) in YEARLY.iter().zip(yearly) {
        form.push((key, value.to_string()));
    }
    form.push(("disaster_every_years", disaster_every_years.into()));
    form.push(("horizon_years", horizon_years.into()));
    form.push(("restore_test_months", restore_test_months.into()));
    form
}

fn names(refs: &Value) -> Vec<&str> {
    refs.as_array()
        .unwrap_or_else(|| panic!("not a list: {refs}"))
        .iter()
        .map(|r| r["name"].as_str().unwrap())
        .collect()
}

fn names_of_copies(copies: &[Value]) -> Vec<&str> {
    copies
        .iter()
        .map(|c| c["label"].as_str().unwrap())
        .collect()
}

/// (severity, topic) of each finding, in order.
fn topics(findings: &Value) -> Vec<(String, String)> {
    findings
        .as_array()
        .unwrap_or_else(|| panic!("not a list: {findings}"))
        .iter()
        .map(|f| {
            (
                f["severity"].as_str().unwrap().to_string(),
                f["topic"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn pairs_of(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(s, t)| (s.to_string(), t.to_string()))
        .collect()
}

fn has_topic(findings: &Value, topic: &str) -> bool {
    findings
        .as_array()
        .unwrap()
        .iter()
        .any(|f| f["topic"] == topic)
}

/// Which of the five 3-2-1-1-0 conditions hold.
fn rule_holds(detail: &Value) -> Vec<bool> {
    detail["rule"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["holds"].as_bool().unwrap())
        .collect()
}

fn column(options: &Value, field: &str) -> Vec<Value> {
    options
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o[field].clone())
        .collect()
}

fn ints(values: &[i64]) -> Vec<Value> {
    values.iter().map(|v| json!(v)).collect()
}

const BACKUP_RULE: [(&str, &str); 5] = [
    ("medium", "3-2-1-1-0"),
    ("medium", "3-2-1-1-0"),
    ("medium", "3-2-1-1-0"),
    ("medium", "3-2-1-1-0"),
    ("medium", "Restore test"),
];

#[tokio::test]
async fn a_system_meets_its_processes_objectives_once_its_tier_and_backups_do() {
    let app = TestApp::spawn().await;
    let owner = app.signed_up("owner@example.com", "Org").await;
    let payments = new_process(&owner, "Payments").await;
    objectives(&owner, &payments, "4h", "1h").await;
    // The owner commits to 4 h and, stricter than required, 30 min of data.
    let ledger = new_system(
        &owner,
        with(system_form("Ledger"), &[("rto", "4h"), ("rpo", "30 min")]),
    )
    .await;
    ok(depend(&owner, &payments, &ledger).await);

    let detail = system(&owner, &ledger).await;
    assert_eq!(detail["resource"]["kind"], "system");
    assert_eq!(detail["resource"]["category"], "Application");
    assert_eq!(detail["resource"]["rto"], 4 * HOUR);
    assert_eq!(detail["resource"]["rpo"], 30);
    assert_eq!(detail["profile"]["hosting"], "cloud");
    assert_eq!(detail["profile"]["provider"], "AWS");
    assert_eq!(detail["profile"]["data_class"], "confidential");
    assert!(detail["profile"]["tier"].is_null());
    assert_eq!(detail["can_edit"], true);
    assert_eq!(detail["required_rto"]["minutes"], 4 * HOUR);
    assert_eq!(
        names(&detail["required_rto"]["chain"]),
        ["Payments", "Ledger"]
    );
    assert_eq!(detail["required_rpo"]["minutes"], HOUR);
    assert_eq!(names(&detail["dependants"]), ["Payments"]);

    // Required 4 h / 1 h, committed 4 h / 30 min: the strictest is 4 h and
    // 30 min. Tier 5 recovers in up to 12 h; tier 6 in 4 h with no data loss.
    let recommendation = &detail["recommendation"];
    assert_eq!(recommendation["tier"], 6);
    assert_eq!(recommendation["beyond_scale"], false);
    assert_eq!(
        recommendation["reason"],
        "Tier 6 (zero or near-zero data loss) is the lowest tier that typically recovers within \
         an RTO of 4 h and an RPO of 30 min (minutes to hours, data loss near zero). \
         Tier 5 typically needs under 12 h to recover and loses last commit."
    );

    // Without a tier or backups nothing can be promised.
    assert!(detail["capability"]["rto"].is_null());
    assert!(detail["capability"]["rpo"].is_null());
    let mut expected = vec![("critical", "RTO"), ("critical", "RPO")];
    expected.extend(BACKUP_RULE);
    assert_eq!(topics(&detail["findings"]), pairs_of(&expected));
    let rto = &detail["findings"][0];
    assert_eq!(
        rto["problem"],
        "The processes that depend on it need it back within 4 h, but no recovery time can be \
         promised. No DR tier chosen yet."
    );
    assert_eq!(rto["remedy"], "Move to tier 6 or higher (Hot standby).");
    let rpo = &detail["findings"][1];
    assert_eq!(
        rpo["problem"],
        "The processes that depend on it can lose at most 1 h of data. No backups or replication \
         recorded: the data could be lost entirely."
    );
    assert_eq!(
        rpo["remedy"],
        "Back up at least every 1 h (e.g. incremental backups), or replicate asynchronously."
    );

    let gaps = read(&owner, "/api/systems/gaps", &[]).await;
    let rows = gaps["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 1, "{gaps}");
    assert_eq!(rows[0]["system"]["name"], "Ledger");
    assert!(rows[0]["tier"].is_null());
    assert_eq!(topics(&rows[0]["findings"]), topics(&detail["findings"]));
    assert_eq!(gaps["restore_months"], 12);
    let glance = read(&owner, "/api/systems/glance", &[]).await;
    assert_eq!(glance, gaps["glance"]);
    assert_eq!(
        (
            &glance["systems"],
            &glance["with_rto"],
            &glance["meeting_rto"],
            &glance["with_rpo"],
            &glance["meeting_rpo"],
            &glance["critical"],
        ),
        (
            &json!(1),
            &json!(1),
            &json!(0),
            &json!(1),
            &json!(0),
            &json!(1)
        )
    );
    assert_eq!(glance["by_tier"].as_array().unwrap().len(), 9);
    assert_eq!(
        glance["by_tier"][8],
        json!({"tier": null, "total": 1, "meeting": 0})
    );

    // The recommended tier needs no reason; it closes the RTO gap.
    ok(set_tier(&owner, &ledger, "6", "").await);
    let detail = system(&owner, &ledger).await;
    assert_eq!(detail["profile"]["tier"], 6);
    assert_eq!(detail["profile"]["tier_reason"], "");
    assert_eq!(detail["capability"]["rto"], 4 * HOUR);
    assert_eq!(
        detail["capability"]["rto_basis"],
        "Tier 6 (zero or near-zero data loss) typically recovers in minutes to hours."
    );
    let mut expected = vec![("critical", "RPO")];
    expected.extend(BACKUP_RULE);
    assert_eq!(topics(&detail["findings"]), pairs_of(&expected));
    let glance = read(&owner, "/api/systems/glance", &[]).await;
    assert_eq!(glance["meeting_rto"], 1);
    assert_eq!(glance["meeting_rpo"], 0);

    // Hourly incrementals meet the required hour but not the committed 30 min.
    ok(backup(&owner, hourly_backups(&ledger)).await);
    let detail = system(&owner, &ledger).await;
    assert_eq!(detail["capability"]["rpo"], HOUR);
    assert_eq!(
        detail["capability"]["rpo_basis"],
        "Backups (full every 1 week, incremental every 1 h) can lose up to 1 h of data."
    );
    let mut expected = vec![("high", "RPO")];
    expected.extend(BACKUP_RULE);
    assert_eq!(topics(&detail["findings"]), pairs_of(&expected));
    assert_eq!(
        detail["findings"][0]["problem"],
        "The design cannot keep the target RPO of 30 min: it delivers 1 h."
    );
    assert_eq!(
        detail["findings"][0]["remedy"],
        "Replicate asynchronously with a lag of at most 30 min."
    );
    let glance = read(&owner, "/api/systems/glance", &[]).await;
    assert_eq!(
        (&glance["meeting_rpo"], &glance["critical"]),
        (&json!(1), &json!(0))
    );

    // Asynchronous replication lagging 5 min keeps the commitment too.
    ok(backup(
        &owner,
        with(
            hourly_backups(&ledger),
            &[("replication", "async"), ("replication_lag", "5 min")],
        ),
    )
    .await);
    let detail = system(&owner, &ledger).await;
    assert_eq!(detail["profile"]["design"]["replication"], "async");
    assert_eq!(detail["profile"]["design"]["replication_lag"], 5);
    assert_eq!(detail["profile"]["design"]["full_every"], 7 * DAY);
    assert_eq!(detail["profile"]["design"]["partial_every"], HOUR);
    assert_eq!(detail["profile"]["design"]["retention_days"], 30);
    assert_eq!(detail["profile"]["design"]["archive_days"], 365);
    assert_eq!(detail["capability"]["rpo"], 5);
    assert_eq!(
        detail["capability"]["rpo_basis"],
        "Asynchronous replication lags up to 5 min."
    );
    assert_eq!(topics(&detail["findings"]), pairs_of(&BACKUP_RULE));

    // The gap report still lists the backup hygiene, but no RTO or RPO gap.
    let gaps = read(&owner, "/api/systems/gaps", &[]).await;
    let rows = gaps["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 1, "{gaps}");
    assert_eq!(rows[0]["tier"], 6);
    assert!(!has_topic(&rows[0]["findings"], "RTO"), "{gaps}");
    assert!(!has_topic(&rows[0]["findings"], "RPO"), "{gaps}");
    let glance = read(&owner, "/api/systems/glance", &[]).await;
    assert_eq!(
        (
            &glance["with_rto"],
            &glance["meeting_rto"],
            &glance["with_rpo"],
            &glance["meeting_rpo"],
            &glance["critical"],
            &glance["with_findings"],
        ),
        (
            &json!(1),
            &json!(1),
            &json!(1),
            &json!(1),
            &json!(0),
            &json!(1)
        )
    );
    assert_eq!(
        glance["by_tier"][6],
        json!({"tier": 6, "total": 1, "meeting": 1})
    );
    assert_eq!(glance["by_tier"][8]["total"], 0);

    // The inventory says the same.
    let list = read(&owner, "/api/systems", &[]).await;
    assert_eq!(list["can_edit"], true);
    let row = &list["systems"][0];
    assert_eq!(row["name"], "Ledger");
    assert_eq!(row["tier"], 6);
    assert_eq!(row["required"], json!({"rto": 4 * HOUR, "rpo": HOUR}));
    assert_eq!(row["target"], json!({"rto": 4 * HOUR, "rpo": 30}));
    assert_eq!(row["capability"]["rto"], 4 * HOUR);
    assert_eq!(row["capability"]["rpo"], 5);
    assert_eq!(row["findings"], 5);
    assert_eq!(row["worst"], "medium");

    // Every change is in the audit log.
    assert_eq!(
        app.count("audit_log WHERE action = 'system.tier.set'")
            .await,
        1
    );
    assert_eq!(
        app.count("audit_log WHERE action = 'system.backup.updated'")
            .await,
        2
    );
}

#[tokio::test]
async fn requirements_roll_up_through_systems_and_cycles_between_them_are_refused() {
    let app = TestApp::spawn().await;
    let owner = app.signed_up("owner@example.com", "Org").await;
    let payments = new_process(&owner, "Payments").await;
    objectives(&owner, &payments, "4h", "").await;
    // Payments → Storefront → Orders DB → SAN; the systems commit to
    // nothing stricter, so the process's 4 h reaches all the way down.
    let storefront = new_system(&owner, with(system_form("Storefront"), &[("rto", "8h")])).await;
    let database = new_system(
        &owner,
        with(system_form("Orders DB"), &[("component", "database")]),
    )
    .await;
    let san = new_system(
        &owner,
        with(
            system_form("SAN"),
            &[("component", "Storage"), ("hosting", "on_premises")],
        ),
    )
    .await;
    ok(depend(&owner, &payments, &storefront).await);
    ok(depend(&owner, &storefront, &database).await);
    ok(depend(&owner, &database, &san).await);

    let detail = system(&owner, &san).await;
    assert_eq!(detail["profile"]["component"], "storage");
    assert_eq!(detail["profile"]["hosting"], "on_premises");
    assert_eq!(detail["required_rto"]["minutes"], 4 * HOUR);
    assert_eq!(
        names(&detail["required_rto"]["chain"]),
        ["Payments", "Storefront", "Orders DB", "SAN"]
    );
    assert!(detail["required_rpo"].is_null());
    assert_eq!(names(&detail["dependants"]), ["Orders DB"]);
    // RTO 4 h alone: tier 6 is the first whose recovery fits.
    assert_eq!(detail["recommendation"]["tier"], 6);
    // The outage of the SAN stops Payments, which has no loss estimates.
    assert_eq!(names(&detail["comparison"]["unpriced"]), ["Payments"]);
    assert_eq!(
        detail["comparison"]["need"],
        json!({"rto": 4 * HOUR, "rpo": null})
    );

    let middle = system(&owner, &database).await;
    assert_eq!(
        names(&middle["required_rto"]["chain"]),
        ["Payments", "Storefront", "Orders DB"]
    );
    assert_eq!(names(&middle["dependants"]), ["Storefront"]);
    assert_eq!(
        middle["dependencies"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["node"]["name"].as_str().unwrap())
            .collect::<Vec<_>>(),
        ["SAN"]
    );
    // The storefront's own 8 h is slower than the 4 h required of it.
    let top = system(&owner, &storefront).await;
    assert_eq!(top["required_rto"]["minutes"], 4 * HOUR);
    assert!(
        top["findings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["severity"] == "high"
                && f["problem"]
                    == "The target RTO of 8 h is longer than the 4 h the processes that depend on it need."),
        "{}",
        top["findings"]
    );

    // The SAN cannot depend on the storefront: that would close a loop.
    let before = (app.count("dependencies").await, system(&owner, &san).await);
    assert_eq!(before.0, 3);
    let message = refused(depend(&owner, &san, &storefront).await, "target");
    assert!(
        message.contains("That would make a cycle: SAN → Storefront → Orders DB → SAN."),
        "{message}"
    );
    let message = refused(depend(&owner, &database, &storefront).await, "target");
    assert!(
        message.contains("Orders DB → Storefront → Orders DB"),
        "{message}"
    );
    assert_eq!(
        (app.count("dependencies").await, system(&owner, &san).await),
        before
    );
    let graph = read(&owner, "/api/bia/graph", &[]).await;
    assert!(graph["cycles"].as_array().unwrap().is_empty(), "{graph}");

    // Cutting the middle link takes the requirement away below it.
    ok(owner
        .call(
            "/api/bia/dependency/remove",
            &[("source", &storefront), ("target", &database)],
        )
        .await);
    let detail = system(&owner, &san).await;
    assert!(detail["required_rto"].is_null(), "{detail}");
    assert!(detail["recommendation"].is_null());
}

#[tokio::test]
async fn a_tier_other_than_the_recommended_one_needs_a_reason() {
    let app = TestApp::spawn().await;
    let owner = app.signed_up("owner@example.com", "Org").await;
    let payments = new_process(&owner, "Payments").await;
    objectives(&owner, &payments, "4h", "1h").await;
    let ledger = new_system(&owner, system_form("Ledger")).await;
    ok(depend(&owner, &payments, &ledger).await);
    assert_eq!(system(&owner, &ledger).await["recommendation"]["tier"], 6);

    let entries = app.count("audit_log").await;
    for reason in ["", "   "] {
        let message = refused(set_tier(&owner, &ledger, "4", reason).await, "reason");
        assert_eq!(
            message,
            "Say why tier 4 rather than the recommended tier 6."
        );
    }
    assert!(system(&owner, &ledger).await["profile"]["tier"].is_null());
    assert_eq!(app.count("audit_log").await, entries);

    let why = "Tier 6 costs more than Payments loses; accepted by the CFO.";
    ok(set_tier(&owner, &ledger, "Tier 4", why).await);
    let detail = system(&owner, &ledger).await;
    assert_eq!(detail["profile"]["tier"], 4);
    assert_eq!(detail["profile"]["tier_reason"], why);
    // Tier 4 recovers within a day, not 4 h: 500 % over. (Without backups
    // the RPO finding, which nothing bounds, comes first.)
    assert_eq!(detail["capability"]["rto"], DAY);
    let rto = detail["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["topic"] == "RTO" && f["severity"] == "critical")
        .unwrap_or_else(|| panic!("no RTO finding: {detail}"));
    assert_eq!(rto["shortfall"], 500);
    assert_eq!(
        rto["problem"],
        "Recovery can take up to 24 h, but the processes that depend on it need 4 h. \
         Tier 4 (point-in-time copies, active secondary) typically recovers in hours to a day."
    );
    let list = read(&owner, "/api/systems", &[]).await;
    assert_eq!(list["systems"][0]["tier"], 4);
    assert_eq!(list["glance"]["by_tier"][4]["total"], 1);
    assert_eq!(list["glance"]["by_tier"][4]["meeting"], 0);

    // Moving to the recommended tier drops the reason; clearing the tier too.
    ok(set_tier(&owner, &ledger, "6", "It was not accepted after all.").await);
    let detail = system(&owner, &ledger).await;
    assert_eq!(detail["profile"]["tier"], 6);
    assert_eq!(detail["profile"]["tier_reason"], "");
    ok(set_tier(&owner, &ledger, "", "Not decided yet.").await);
    assert!(system(&owner, &ledger).await["profile"]["tier"].is_null());

    // With nothing required any tier will do, without a reason. A system
    // added as a BIA dependency has no DR profile until one is saved.
    let (status, body) = owner
        .call(
            "/api/bia/resource/create",
            &[
                ("kind", "system"),
                ("name", "Spare"),
                ("owner", ""),
                ("category", "Mainframe"),
                ("contact", ""),
                ("rto", ""),
                ("rpo", ""),
                ("notes", ""),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let spare = body.as_str().unwrap().to_string();
    assert_eq!(app.count("system_profiles").await, 1);
    let detail = system(&owner, &spare).await;
    assert!(detail["recommendation"].is_null());
    assert_eq!(detail["profile"]["component"], "application");
    assert_eq!(detail["resource"]["category"], "Mainframe");
    ok(set_tier(&owner, &spare, "1", "").await);
    assert_eq!(system(&owner, &spare).await["profile"]["tier"], 1);
    assert_eq!(app.count("system_profiles").await, 2);
    let list = read(&owner, "/api/systems", &[]).await;
    assert_eq!(names(&list["systems"]), ["Ledger", "Spare"]);
    assert_eq!(
        app.count("audit_log WHERE action = 'system.tier.set'")
            .await,
        4
    );
}

#[tokio::test]
async fn bad_input_is_refused_field_by_field_and_nothing_is_half_saved() {
    let app = TestApp::spawn().await;
    let owner = app.signed_up("owner@example.com", "Org").await;
    let main = new_site(&owner, "Main DC").await;
    let other = new_system(&owner, system_form("Other")).await;
    let ledger = new_system(
        &owner,
        with(
            system_form("Ledger"),
            &[("rto", "24h"), ("primary_site", main.as_str())],
        ),
    )
    .await;
    ok(set_tier(&owner, &ledger, "3", "").await);
    ok(backup(&owner, hourly_backups(&ledger)).await);
    let before = system(&owner, &ledger).await;
    assert_eq!(before["profile"]["primary_site"]["name"], "Main DC");
    let counts = || async {
        (
            app.count("resources").await,
            app.count("system_profiles").await,
            app.count("backup_copies").await,
            app.count("audit_log").await,
        )
    };
    let counted = counts().await;
    // The site and two systems; two profiles; no copies.
    assert_eq!((counted.0, counted.1, counted.2), (3, 2, 0));

    // The inventory form, on creation and on update.
    let not_a_site = "Choose one of this organisation's sites.";
    // (fields changed, field blamed, message or "" for any)
    type Case<'a> = (&'a [(&'static str, &'a str)], &'a str, &'a str);
    let cases: [Case; 10] = [
        (&[("name", "  ")], "name", ""),
        (
            &[("component", "mainframe")],
            "component",
            "Choose what kind of component it is.",
        ),
        (
            &[("hosting", "basement")],
            "hosting",
            "Choose where it is hosted.",
        ),
        (
            &[("environment", "")],
            "environment",
            "Choose an environment.",
        ),
        (
            &[("rto", "-4h")],
            "rto",
            "“-4h” is not a duration. Write e.g. 4 h, 30 min or 2 weeks.",
        ),
        (
            &[("rpo", "2 years")],
            "rpo",
            "Unknown unit “years”. Use min, h, d, week or month.",
        ),
        (
            &[("rto", "400 days")],
            "rto",
            "A duration can be at most one year.",
        ),
        (
            &[
                ("primary_site", main.as_str()),
                ("recovery_site", main.as_str()),
            ],
            "recovery_site",
            "The recovery site must differ from the primary site.",
        ),
        (
            &[("recovery_site", "the annex")],
            "recovery_site",
            not_a_site,
        ),
        // A system is not a site: checked against the database, after the
        // resource row is written, so the whole request must roll back.
        (
            &[("primary_site", other.as_str())],
            "primary_site",
            not_a_site,
        ),
    ];
    for (changes, field, expected) in cases {
        let create = with(system_form("Treasury"), changes);
        let message = refused(post(&owner, "/api/systems/create", &create).await, field);
        assert!(message.contains(expected), "{changes:?}: {message}");
        let update = with(
            with(system_form("Ledger renamed"), &[("rto", "2h")]),
            changes,
        );
        let message = refused(update_system(&owner, &ledger, update).await, field);
        assert!(message.contains(expected), "{changes:?}: {message}");
        assert_eq!(counts().await, counted, "{changes:?}");
    }
    // Every bad field at once is reported at once.
    let (status, body) = post(
        &owner,
        "/api/systems/create",
        &with(
            system_form(""),
            &[("component", "x"), ("hosting", "y"), ("rto", "soon")],
        ),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    for field in ["name", "component", "hosting", "rto"] {
        assert!(field_error(&body, field).is_some(), "{field}: {body}");
    }
    assert_eq!(app.count("resources WHERE name = 'Treasury'").await, 0);

    // Tiers.
    for tier in ["8", "gold", "-1", "4.5"] {
        let message = refused(set_tier(&owner, &ledger, tier, "Because.").await, "tier");
        assert_eq!(
            message,
            format!("“{tier}” is not a DR tier: use a number from 0 to 7.")
        );
    }

    // The backup design.
    let today = Utc::now().date_naive();
    let soon = (today + Days::new(2)).format("%Y-%m-%d").to_string();
    let backups = || hourly_backups(&ledger);
    let cases: Vec<(Form, &str, &str)> = vec![
        (
            with(backups(), &[("full_every", "-4h")]),
            "full_every",
            "is not a duration",
        ),
        (
            with(backups(), &[("partial_every", "")]),
            "partial_every",
            "Enter how often incremental backups run.",
        ),
        (
            with(backups(), &[("partial_kind", "hourly")]),
            "partial_kind",
            "Choose incremental, differential or full backups only.",
        ),
        (
            with(backups(), &[("partial_every", "2 weeks")]),
            "partial_every",
            "Partial backups must run more often than full ones.",
        ),
        (
            with(backups(), &[("full_every", "")]),
            "full_every",
            "Partial backups need a full backup to start from",
        ),
        (
            with(backups(), &[("archive_days", "7")]),
            "archive_days",
            "it cannot be shorter",
        ),
        (
            with(backups(), &[("retention_days", "0")]),
            "retention_days",
            "Enter the online retention in days as a whole number from 1 to 36500.",
        ),
        (
            with(backups(), &[("replication", "async")]),
            "replication_lag",
            "Enter the expected lag of asynchronous replication, e.g. 5 min.",
        ),
        (
            with(backups(), &[("replication", "mirror")]),
            "replication",
            "Choose none, asynchronous or synchronous.",
        ),
        (
            with(
                backups(),
                &[("replication", "async"), ("replication_lag", "2 years")],
            ),
            "replication_lag",
            "Unknown unit",
        ),
        (
            with(
                backups(),
                &[
                    ("restore_tested_on", soon.as_str()),
                    ("restore_errors", "0"),
                ],
            ),
            "restore_tested_on",
            "The restore test date cannot be in the future.",
        ),
        (
            with(backups(), &[("restore_tested_on", "2024-13-01")]),
            "restore_tested_on",
            "Enter the date as YYYY-MM-DD.",
        ),
        (
            with(backups(), &[("restore_tested_on", "last Tuesday")]),
            "restore_tested_on",
            "Enter the date as YYYY-MM-DD.",
        ),
        (
            with(backups(), &[("restore_tested_on", "1985-06-01")]),
            "restore_tested_on",
            "Enter a date after 1990.",
        ),
        (
            with(
                backups(),
                &[
                    ("restore_tested_on", "2024-01-15"),
                    ("restore_errors", "-1"),
                ],
            ),
            "restore_errors",
            "Enter the number of errors as a whole number from 0 to 1000000000.",
        ),
        (
            with(backups(), &[("restore_minutes", "90 min")]),
            "restore_tested_on",
            "Enter the date of the restore test these results come from.",
        ),
    ];
    for (form, field, expected) in cases {
        let message = refused(backup(&owner, form.clone()).await, field);
        assert!(message.contains(expected), "{form:?}: {message}");
    }

    // Backup copies.
    let message = refused(
        add_copy(&owner, &ledger, "Vault", "floppy", true, true).await,
        "media",
    );
    assert_eq!(message, "Choose the kind of media.");
    refused(
        add_copy(&owner, &ledger, " ", "tape", true, true).await,
        "label",
    );

    // DR sites: a choice that does not exist, or a system that is not a site.
    refused(
        save_site(&owner, &main, "primary", "tepid").await,
        "readiness",
    );
    refused(save_site(&owner, &main, "tertiary", "hot").await, "role");
    assert_eq!(
        save_site(&owner, &ledger, "primary", "hot").await.0,
        StatusCode::NOT_FOUND
    );

    // Identifiers that are not ids, or not this organisation's systems.
    let nobody = uuid::Uuid::new_v4().to_string();
    for (path, field) in [
        ("/api/system", "id"),
        ("/api/system/delete", "id"),
        ("/api/system/copy/remove", "id"),
    ] {
        assert_eq!(
            owner.status(path, &[(field, "42")]).await,
            StatusCode::BAD_REQUEST,
            "{path}"
        );
        assert_eq!(
            owner.status(path, &[(field, &nobody)]).await,
            StatusCode::NOT_FOUND,
            "{path}"
        );
    }
    // A site is not a system.
    assert_eq!(
        owner.status("/api/system", &[("id", &main)]).await,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        set_tier(&owner, &main, "3", "").await.0,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        backup(&owner, backup_form(&main)).await.0,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        update_system(&owner, &main, system_form("Main DC")).await.0,
        StatusCode::NOT_FOUND
    );

    assert_eq!(system(&owner, &ledger).await, before);
    assert_eq!(counts().await, counted);
    assert_eq!(
        owner.call("/api/bia/resource", &[("id", &main)]).await.1["resource"]["name"],
        "Main DC"
    );
}

#[tokio::test]
async fn backups_follow_the_3_2_1_1_0_rule_until_a_copy_is_removed() {
    let app = TestApp::spawn().await;
    let owner = app.signed_up("owner@example.com", "Org").await;
    let ledger = new_system(
        &owner,
        with(system_form("Ledger"), &[("component", "database")]),
    )
    .await;
    let fresh = system(&owner, &ledger).await;
    assert_eq!(rule_holds(&fresh), [false; 5]);
    assert_eq!(
        fresh["rule"][0]["detail"],
        "1 copy (the live data and 0 backup copies)."
    );

    ok(add_copy(&owner, &ledger, "Backup appliance", "disk", false, false).await);
    ok(add_copy(&owner, &ledger, "Vault tapes", "Tape", true, true).await);
    let tested = (Utc::now().date_naive() - Days::new(30))
        .format("%Y-%m-%d")
        .to_string();
    ok(backup(
        &owner,
        with(
            hourly_backups(&ledger),
            &[
                ("restore_tested_on", tested.as_str()),
                ("restore_minutes", "90 min"),
                ("restore_errors", "0"),
            ],
        ),
    )
    .await);

    let detail = system(&owner, &ledger).await;
    let design = &detail["profile"]["design"];
    assert_eq!(design["restore_tested_on"], tested.as_str());
    assert_eq!(design["restore_minutes"], 90);
    assert_eq!(design["restore_errors"], 0);
    let copies = design["copies"].as_array().unwrap();
    assert_eq!(names_of_copies(copies), ["Backup appliance", "Vault tapes"]);
    assert_eq!(copies[0]["media"], "disk");
    assert_eq!(
        (&copies[0]["offsite"], &copies[0]["offline"]),
        (&json!(false), &json!(false))
    );
    assert_eq!(copies[1]["media"], "tape");
    assert_eq!(
        (&copies[1]["offsite"], &copies[1]["offline"]),
        (&json!(true), &json!(true))
    );
    assert_eq!(copies[1]["location"], "Somewhere safe");

    assert_eq!(rule_holds(&detail), [true; 5], "{}", detail["rule"]);
    let digits: Vec<&str> = detail["rule"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["digit"].as_str().unwrap())
        .collect();
    assert_eq!(digits, ["3", "2", "1", "1", "0"]);
    let details: Vec<&str> = detail["rule"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["detail"].as_str().unwrap())
        .collect();
    assert_eq!(
        details,
        [
            "3 copies (the live data and 2 backup copies).",
            "Disk, Tape.",
            "Off-site: Vault tapes.",
            "Offline or immutable: Vault tapes.",
            &format!("Restore verified on {tested} with no errors."),
        ]
    );
    // Nothing requires anything of it and its backups are sound.
    assert!(
        detail["findings"].as_array().unwrap().is_empty(),
        "{detail}"
    );
    assert!(
        read(&owner, "/api/systems/gaps", &[]).await["rows"]
            .as_array()
            .unwrap()
            .is_empty()
    );

    // Without the tapes: two copies, one medium, nothing off-site or offline.
    let tapes = copies[1]["id"].as_str().unwrap().to_string();
    ok(owner
        .call("/api/system/copy/remove", &[("id", &tapes)])
        .await);
    assert_eq!(
        owner
            .status("/api/system/copy/remove", &[("id", &tapes)])
            .await,
        StatusCode::NOT_FOUND
    );
    let detail = system(&owner, &ledger).await;
    assert_eq!(rule_holds(&detail), [false, false, false, false, true]);
    assert_eq!(
        detail["rule"][0]["detail"],
        "2 copies (the live data and 1 backup copy)."
    );
    assert_eq!(detail["rule"][2]["detail"], "No copy is kept off-site.");
    assert_eq!(
        topics(&detail["findings"]),
        pairs_of(&[("medium", "3-2-1-1-0"); 4])
    );
    let problems: Vec<&str> = detail["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["problem"].as_str().unwrap())
        .collect();
    assert_eq!(
        problems,
        [
            "Three copies of the data is not met: 2 copies (the live data and 1 backup copy).",
            "Two different kinds of media is not met: Disk.",
            "One copy off-site is not met: No copy is kept off-site.",
            "One copy offline or immutable is not met: Every copy can be reached (and deleted or \
             encrypted) from the network.",
        ]
    );
    let gaps = read(&owner, "/api/systems/gaps", &[]).await;
    assert_eq!(gaps["rows"][0]["system"]["name"], "Ledger");
    assert_eq!(gaps["rows"][0]["findings"].as_array().unwrap().len(), 4);

    // A restore older than the restore-test interval no longer counts.
    let stale = (Utc::now().date_naive() - Days::new(400))
        .format("%Y-%m-%d")
        .to_string();
    ok(backup(
        &owner,
        with(
            hourly_backups(&ledger),
            &[
                ("restore_tested_on", stale.as_str()),
                ("restore_errors", "0"),
            ],
        ),
    )
    .await);
    let detail = system(&owner, &ledger).await;
    assert!(!rule_holds(&detail)[4]);
    let last = detail["findings"]
        .as_array()
        .unwrap()
        .last()
        .unwrap()
        .clone();
    assert_eq!(last["topic"], "Restore test");
    assert_eq!(
        last["problem"],
        format!("The last verified restore was on {stale}, more than 12 months ago.")
    );
    // The copies survive a change of the backup design.
    assert_eq!(
        detail["profile"]["design"]["copies"]
            .as_array()
            .unwrap()
            .len(),
        1
    );

    // Network gear holds no data: the rule does not apply to it.
    let switch = new_system(
        &owner,
        with(system_form("Core switch"), &[("component", "network")]),
    )
    .await;
    assert!(
        system(&owner, &switch).await["findings"]
            .as_array()
            .unwrap()
            .is_empty()
    );

    // Deleting the system takes its profile and copies with it.
    ok(owner.call("/api/system/delete", &[("id", &ledger)]).await);
    assert_eq!(
        owner.status("/api/system", &[("id", &ledger)]).await,
        StatusCode::NOT_FOUND
    );
    assert_eq!(app.count("backup_copies").await, 0);
    assert_eq!(app.count("system_profiles").await, 1);
    assert_eq!(
        app.count("audit_log WHERE action = 'system.copy.added'")
            .await,
        2
    );
    assert_eq!(
        app.count("audit_log WHERE action = 'system.copy.removed'")
            .await,
        1
    );
}

#[tokio::test]
async fn strategies_are_compared_by_cost_and_the_losses_of_an_outage() {
    let app = TestApp::spawn().await;
    let owner = app.signed_up("owner@example.com", "Org").await;
    let orders = new_process(&owner, "Orders").await;
    objectives(&owner, &orders, "4h", "1h").await;
    // 1,000 lost in the first hour, 10,000 by 4 h, 50,000 by a day.
    losses(
        &owner,
        &orders,
        json!({"60": 1000, "240": 10000, "1440": 50000}),
    )
    .await;
    let shop = new_system(&owner, system_form("Shop")).await;
    let api = new_system(&owner, system_form("Payments API")).await;
    ok(depend(&owner, &orders, &shop).await);
    ok(depend(&owner, &orders, &api).await);
    ok(set_tier(&owner, &shop, "3", "Budget.").await);

    let (status, body) = compare(&owner, &shop).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(names(&body["systems"]), ["Payments API", "Shop"]);
    let c = &body["comparison"];
    assert_eq!(names(&c["systems"]), ["Shop"]);
    assert_eq!(c["need"], json!({"rto": 4 * HOUR, "rpo": HOUR}));
    assert_eq!(c["currency"], "USD");
    assert_eq!(c["current"], json!([3]));
    assert_eq!(c["processes"][0]["process"]["name"], "Orders");
    // 50,000 over the first day.
    assert_eq!(c["processes"][0]["per_hour"], 2083);
    assert!(c["unpriced"].as_array().unwrap().is_empty());

    // Each tier's outage lasts its planning RTO: two weeks, 48 h, 24 h, 24 h,
    // 12 h, 4 h, 15 min. Losses rise linearly between the estimates and
    // keep the last rate (40,000 over 20 h) beyond a day: at 48 h that is
    // 10,000 + 40,000 × 2,640 / 1,200 = 98,000; at 12 h 10,000 + 40,000 ×
    // 480 / 1,200 = 26,000; at 15 min a quarter of the first hour's 1,000.
    let options = &c["options"];
    assert_eq!(options.as_array().unwrap().len(), 7);
    assert_eq!(column(options, "tier"), ints(&[1, 2, 3, 4, 5, 6, 7]));
    assert_eq!(
        column(options, "recovery"),
        ints(&[14 * DAY, 48 * HOUR, DAY, DAY, 12 * HOUR, 4 * HOUR, 15])
    );
    assert_eq!(
        column(options, "meets"),
        [false, false, false, false, false, true, true].map(|b| json!(b))
    );
    assert_eq!(
        column(options, "outage_cost"),
        ints(&[674_000, 98_000, 50_000, 50_000, 26_000, 10_000, 250])
    );
    // A disaster once in ten years.
    assert_eq!(
        column(options, "yearly_risk"),
        ints(&[67_400, 9_800, 5_000, 5_000, 2_600, 1_000, 25])
    );
    // Default estimates, over three years: e.g. tier 2 is 10,000 one-off
    // plus 3 × (15,000 + 9,800).
    assert_eq!(
        column(options, "one_off"),
        ints(&[2_000, 10_000, 15_000, 40_000, 80_000, 150_000, 300_000])
    );
    assert_eq!(
        column(options, "total"),
        ints(&[213_200, 84_400, 90_000, 145_000, 267_800, 483_000, 900_075])
    );
    for o in options.as_array().unwrap() {
        let int = |f: &str| o[f].as_i64().unwrap();
        assert_eq!(
            int("total"),
            int("one_off") + 3 * (int("yearly") + int("outage_cost") / 10),
            "{o}"
        );
    }
    assert_eq!(c["recommended"], 6);
    assert_eq!(c["cheapest"], 2);
    // The system page shows the same comparison.
    assert_eq!(&system(&owner, &shop).await["comparison"], c);

    // Systems that fail together cost twice as much to protect; Orders
    // loses the same either way. Repeats count once.
    let both = format!("{shop},{api},{shop}");
    let (status, body) = compare(&owner, &both).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let c = &body["comparison"];
    assert_eq!(names(&c["systems"]), ["Shop", "Payments API"]);
    assert_eq!(c["processes"].as_array().unwrap().len(), 1);
    let t2 = &c["options"][1];
    assert_eq!(
        (&t2["one_off"], &t2["yearly"], &t2["outage_cost"]),
        (&json!(20_000), &json!(30_000), &json!(98_000))
    );
    // 20,000 + 3 × (30,000 + 9,800)
    assert_eq!(t2["total"], 139_400);
    assert_eq!(c["cheapest"], 2);

    // Without ids: only the choices.
    let (status, body) = compare(&owner, "").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(body["comparison"].is_null());
    assert_eq!(names(&body["systems"]), ["Payments API", "Shop"]);
    // Not an id, and not a system of this organisation.
    assert_eq!(compare(&owner, "42").await.0, StatusCode::BAD_REQUEST);
    assert_eq!(
        compare(&owner, &format!("{shop},{}", uuid::Uuid::new_v4()))
            .await
            .0,
        StatusCode::NOT_FOUND
    );
    assert_eq!(compare(&owner, &orders).await.0, StatusCode::NOT_FOUND);

    // The organisation's own estimates, a disaster every 5 years, over 2 years.
    let one_off = ["1,000", "2000", "3000", "4000", "5000", "6000", "7000"];
    let yearly = ["100", "200", "300", "400", "500", "600", "700"];
    ok(post(
        &owner,
        "/api/systems/costs/save",
        &costs_form(one_off, yearly, "5", "2", "6"),
    )
    .await);
    let costs = read(&owner, "/api/systems/costs", &[]).await;
    assert_eq!(
        costs["model"]["tiers"][0],
        json!({"one_off": 1000, "yearly": 100})
    );
    assert_eq!(
        costs["model"]["tiers"][6],
        json!({"one_off": 7000, "yearly": 700})
    );
    assert_eq!(costs["model"]["disaster_every_years"], 5);
    assert_eq!(costs["model"]["horizon_years"], 2);
    assert_eq!(costs["model"]["restore_test_months"], 6);
    assert_eq!(costs["currency"], "USD");
    assert_eq!(costs["can_edit"], true);

    let (_, body) = compare(&owner, &shop).await;
    let options = &body["comparison"]["options"];
    assert_eq!(
        column(options, "yearly_risk"),
        ints(&[134_800, 19_600, 10_000, 10_000, 5_200, 2_000, 50])
    );
    // E.g. tier 6: 6,000 + 2 × (600 + 2,000).
    assert_eq!(
        column(options, "total"),
        ints(&[270_800, 41_600, 23_600, 24_800, 16_400, 11_200, 8_500])
    );
    assert_eq!(body["comparison"]["cheapest"], 7);
    assert_eq!(body["comparison"]["recommended"], 6);
    assert_eq!(body["comparison"]["model"], costs["model"]);
    assert_eq!(system(&owner, &shop).await["restore_months"], 6);

    // Bad figures are named one by one and change nothing.
    let entries = app.count("audit_log").await;
    let bad_one_off = ["1000", "2000", "-5", "4000", "5000", "6000", "7000"];
    let bad_yearly = ["lots", "200", "300", "400", "500", "600", ""];
    let (status, body) = post(
        &owner,
        "/api/systems/costs/save",
        &costs_form(bad_one_off, bad_yearly, "often", "0", "61"),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(
        field_error(&body, "one_off_3").as_deref(),
        Some("Enter an amount from 0 to 1,000,000,000,000.")
    );
    assert_eq!(
        field_error(&body, "yearly_1").as_deref(),
        Some("“lots” is not a whole amount.")
    );
    assert_eq!(
        field_error(&body, "yearly_7").as_deref(),
        Some("Enter an amount (0 if none).")
    );
    assert_eq!(
        field_error(&body, "disaster_every_years").as_deref(),
        Some("Enter a number of years from 1 to 1000.")
    );
    assert_eq!(
        field_error(&body, "horizon_years").as_deref(),
        Some("Compare over 1 to 20 years.")
    );
    assert_eq!(
        field_error(&body, "restore_test_months").as_deref(),
        Some("Enter 1 to 60 months.")
    );
    for field in ["one_off_1", "one_off_2", "yearly_2"] {
        assert!(field_error(&body, field).is_none(), "{field}: {body}");
    }
    let huge = ["1000000000001", "0", "0", "0", "0", "0", "0"];
    let message = refused(
        post(
            &owner,
            "/api/systems/costs/save",
            &costs_form(huge, yearly, "5", "2", "6"),
        )
        .await,
        "one_off_1",
    );
    assert_eq!(message, "Enter an amount from 0 to 1,000,000,000,000.");
    // Six tiers instead of seven.
    let mut short = costs_form(one_off, yearly, "5", "2", "6");
    short.retain(|(k, _)| *k != "one_off[6]");
    assert_eq!(
        post(&owner, "/api/systems/costs/save", &short).await.0,
        StatusCode::BAD_REQUEST
    );
    assert_eq!(read(&owner, "/api/systems/costs", &[]).await, costs);
    assert_eq!(app.count("audit_log").await, entries);
}

#[tokio::test]
async fn dr_sites_show_what_they_host_and_recover() {
    let app = TestApp::spawn().await;
    let owner = app.signed_up("owner@example.com", "Org").await;
    let main = new_site(&owner, "Main DC").await;
    let standby = new_site(&owner, "Standby DC").await;
    let ledger = new_system(
        &owner,
        with(
            system_form("Ledger"),
            &[
                ("primary_site", main.as_str()),
                ("recovery_site", standby.as_str()),
            ],
        ),
    )
    .await;
    let crm = new_system(
        &owner,
        with(system_form("CRM"), &[("primary_site", main.as_str())]),
    )
    .await;

    // Before any DR profile is saved, sites show defaults.
    let sites = read(&owner, "/api/systems/sites", &[]).await;
    assert_eq!(sites["can_edit"], true);
    let views = sites["sites"].as_array().unwrap();
    assert_eq!(
        views
            .iter()
            .map(|v| v["site"]["name"].as_str().unwrap())
            .collect::<Vec<_>>(),
        ["Main DC", "Standby DC"]
    );
    assert_eq!(views[0]["profiled"], false);
    assert_eq!(views[0]["profile"]["readiness"], "cold");

    ok(save_site(&owner, &main, "primary", "hot").await);
    ok(save_site(&owner, &standby, "Secondary", "Warm").await);
    let sites = read(&owner, "/api/systems/sites", &[]).await;
    let main_view = &sites["sites"][0];
    assert_eq!(main_view["site"]["id"], main.as_str());
    assert_eq!(main_view["site"]["kind"], "site");
    assert_eq!(main_view["category"], "Data centre");
    assert_eq!(main_view["profiled"], true);
    assert_eq!(main_view["profile"]["role"], "primary");
    assert_eq!(main_view["profile"]["readiness"], "hot");
    assert_eq!(names(&main_view["hosts"]), ["CRM", "Ledger"]);
    assert!(main_view["recovers"].as_array().unwrap().is_empty());
    let standby_view = &sites["sites"][1];
    assert_eq!(
        standby_view["profile"],
        json!({
            "role": "secondary",
            "readiness": "warm",
            "failover": "active_passive",
            "location": "Docklands, London",
            "activation": "Call the duty manager\nFail over DNS",
        })
    );
    assert!(standby_view["hosts"].as_array().unwrap().is_empty());
    assert_eq!(names(&standby_view["recovers"]), ["Ledger"]);

    let detail = system(&owner, &ledger).await;
    assert_eq!(detail["profile"]["primary_site"]["name"], "Main DC");
    assert_eq!(detail["profile"]["recovery_site"]["name"], "Standby DC");
    assert_eq!(names(&detail["sites"]), ["Main DC", "Standby DC"]);
    let list = read(&owner, "/api/systems", &[]).await;
    assert_eq!(names(&list["sites"]), ["Main DC", "Standby DC"]);
    let ledger_row = list["systems"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["name"] == "Ledger")
        .unwrap();
    assert_eq!(ledger_row["recovery_site"], "Standby DC");

    // Moving CRM's recovery to the standby site.
    ok(update_system(
        &owner,
        &crm,
        with(
            system_form("CRM"),
            &[
                ("primary_site", main.as_str()),
                ("recovery_site", standby.as_str()),
            ],
        ),
    )
    .await);
    let sites = read(&owner, "/api/systems/sites", &[]).await;
    assert_eq!(names(&sites["sites"][1]["recovers"]), ["CRM", "Ledger"]);

    // Deleting the standby site leaves the systems without a recovery site.
    ok(owner
        .call("/api/bia/resource/delete", &[("id", &standby)])
        .await);
    let detail = system(&owner, &ledger).await;
    assert!(detail["profile"]["recovery_site"].is_null(), "{detail}");
    assert_eq!(detail["profile"]["primary_site"]["name"], "Main DC");
    assert_eq!(names(&detail["sites"]), ["Main DC"]);
    assert_eq!(
        app.count("system_profiles WHERE recovery_site_id IS NOT NULL")
            .await,
        0
    );
    assert_eq!(app.count("site_profiles").await, 1);
    let list = read(&owner, "/api/systems", &[]).await;
    assert!(
        list["systems"]
            .as_array()
            .unwrap()
            .iter()
            .all(|s| s["recovery_site"].is_null()),
        "{list}"
    );
    let sites = read(&owner, "/api/systems/sites", &[]).await;
    assert_eq!(sites["sites"].as_array().unwrap().len(), 1);
    // The system can still be edited and saved.
    ok(update_system(
        &owner,
        &ledger,
        with(system_form("Ledger"), &[("primary_site", main.as_str())]),
    )
    .await);
    assert_eq!(
        app.count("audit_log WHERE action = 'system.site.updated'")
            .await,
        2
    );
}

#[tokio::test]
async fn only_editing_roles_change_systems_and_every_role_reads_them() {
    let app = TestApp::spawn().await;
    let owner = app.signed_up("owner@example.com", "Org").await;
    let site = new_site(&owner, "Main DC").await;
    let ledger = new_system(&owner, system_form("Ledger")).await;
    ok(add_copy(&owner, &ledger, "Vault tapes", "tape", true, true).await);
    let copy = system(&owner, &ledger).await["profile"]["design"]["copies"][0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let editor = app.join(&owner, "editor@example.com", "editor").await;

    let reads = |client: Client| {
        let ledger = ledger.clone();
        async move {
            let mut can_edit = Vec::new();
            for path in ["/api/systems", "/api/systems/sites", "/api/systems/costs"] {
                can_edit.push(read(&client, path, &[]).await["can_edit"].clone());
            }
            can_edit.push(system(&client, &ledger).await["can_edit"].clone());
            read(&client, "/api/systems/gaps", &[]).await;
            read(&client, "/api/systems/glance", &[]).await;
            let (status, body) = compare(&client, &ledger).await;
            assert_eq!(status, StatusCode::OK, "{body}");
            can_edit
        }
    };
    assert_eq!(reads(editor.clone()).await, vec![json!(true); 4]);

    let counted = (
        app.count("resources").await,
        app.count("system_profiles").await,
        app.count("backup_copies").await,
        app.count("site_profiles").await,
        app.count("dr_settings").await,
        app.count("audit_log").await,
    );
    let before = system(&owner, &ledger).await;
    for role in ["auditor", "executive", "contributor"] {
        let client = app.join(&owner, &format!("{role}@example.com"), role).await;
        assert_eq!(reads(client.clone()).await, vec![json!(false); 4], "{role}");
        let mut refused = vec![
            post(&client, "/api/systems/create", &system_form("Mine")).await,
            update_system(&client, &ledger, system_form("Hijacked")).await,
            set_tier(&client, &ledger, "1", "Cheaper.").await,
            backup(&client, hourly_backups(&ledger)).await,
            add_copy(&client, &ledger, "USB stick", "removable", true, true).await,
            client
                .call("/api/system/copy/remove", &[("id", &copy)])
                .await,
            client.call("/api/system/delete", &[("id", &ledger)]).await,
            save_site(&client, &site, "primary", "hot").await,
        ];
        let zeros = ["0"; 7];
        refused.push(
            post(
                &client,
                "/api/systems/costs/save",
                &costs_form(zeros, zeros, "5", "2", "6"),
            )
            .await,
        );
        for (i, (status, body)) in refused.iter().enumerate() {
            assert_eq!(*status, StatusCode::FORBIDDEN, "{role}, call {i}: {body}");
        }
    }
    assert_eq!(system(&owner, &ledger).await["profile"], before["profile"]);
    assert_eq!(
        (
            app.count("resources").await,
            app.count("system_profiles").await,
            app.count("backup_copies").await,
            app.count("site_profiles").await,
            app.count("dr_settings").await,
        ),
        (counted.0, counted.1, counted.2, counted.3, counted.4)
    );
    // Joining adds audit entries of its own; none is about systems.
    assert_eq!(app.count("audit_log WHERE action LIKE 'system.%'").await, 2);

    // Editors may.
    ok(set_tier(&editor, &ledger, "2", "").await);
    ok(save_site(&editor, &site, "secondary", "warm").await);
    ok(editor
        .call("/api/system/copy/remove", &[("id", &copy)])
        .await);
    assert_eq!(system(&owner, &ledger).await["profile"]["tier"], 2);

    let signed_out = app.client();
    assert_eq!(
        signed_out.status("/api/systems", &[]).await,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        signed_out
            .call_get("/api/systems/compare", &[("ids", "")])
            .await
            .0,
        StatusCode::UNAUTHORIZED
    );
}
