//! DR drills: a quarterly restore test scheduled, a run recorded that misses
//! the RTO of one system, the verdict and its margin, a follow-up action,
//! the dashboard figures moving, the calendar and its feed, bad input, and
//! who may do what.

use crate::support::{Client, TestApp, field_error};
use chrono::{Datelike, Duration, Utc};
use reqwest::StatusCode;
use serde_json::Value;

type Form = Vec<(&'static str, String)>;

fn form(fields: &[(&'static str, &str)]) -> Form {
    fields.iter().map(|(k, v)| (*k, v.to_string())).collect()
}

async fn post(client: &Client, path: &str, form: &Form) -> (StatusCode, Value) {
    let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
    client.call(path, &pairs).await
}

fn ok((status, body): (StatusCode, Value)) -> Value {
    assert_eq!(status, StatusCode::OK, "{body}");
    body
}

fn refused((status, body): (StatusCode, Value), field: &str) -> String {
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{field}: {body}");
    field_error(&body, field).unwrap_or_else(|| panic!("no message on {field}: {body}"))
}

/// A production database with a target RTO and RPO.
async fn system(client: &Client, name: &str, rto: &str, rpo: &str) -> String {
    let body = ok(post(
        client,
        "/api/systems/create",
        &form(&[
            ("name", name),
            ("owner", ""),
            ("component", "database"),
            ("environment", "production"),
            ("hosting", "cloud"),
            ("provider", ""),
            ("region", ""),
            ("data_class", "confidential"),
            ("rto", rto),
            ("rpo", rpo),
            ("primary_site", ""),
            ("recovery_site", ""),
            ("notes", ""),
        ]),
    )
    .await);
    body.as_str().unwrap().to_string()
}

/// A quarterly restore test whose first date was `first` (YYYY-MM-DD).
fn plan(title: &str, first: &str) -> Form {
    form(&[
        ("title", title),
        ("kind", "backup_restore"),
        ("scenario", "The primary database cluster is lost."),
        ("owner", ""),
        ("participants", "DBA team"),
        ("first_on", first),
        ("at_time", "09:00"),
        ("zone", "Europe/London"),
        ("duration", "6h"),
        ("repeat", "quarterly"),
    ])
}

fn with(mut form: Form, changes: &[(&'static str, &str)]) -> Form {
    for (key, value) in changes {
        match form.iter_mut().find(|(k, _)| k == key) {
            Some(entry) => entry.1 = value.to_string(),
            None => form.push((key, value.to_string())),
        }
    }
    form
}

/// A date about `months` months ago, as the plan form writes it.
fn months_ago(months: u32) -> String {
    let d = Utc::now().date_naive() - Duration::days(i64::from(months) * 30);
    format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day())
}

/// A `datetime-local` value `days` ago at `time`.
fn days_ago(days: i64, time: &str) -> String {
    let d = Utc::now().date_naive() - Duration::days(days);
    format!("{d}T{time}")
}

#[tokio::test]
async fn a_restore_test_that_misses_one_rto_fails_with_its_margin_and_follows_up() {
    let app = TestApp::spawn().await;
    let owner = app.signed_up("olga@harbour.example", "Harbour").await;
    let orders = system(&owner, "Orders DB", "4h", "15 min").await;
    let ledger = system(&owner, "Ledger DB", "4h", "1h").await;

    // Scheduled quarterly from four months ago: the first date is overdue.
    let plan_id = ok(post(
        &owner,
        "/api/drills/plan/create",
        &plan("Quarterly restore test", &months_ago(4)),
    )
    .await)
    .as_str()
    .unwrap()
    .to_string();
    for node in [&orders, &ledger] {
        ok(post(
            &owner,
            "/api/drills/plan/scope/add",
            &form(&[("plan", &plan_id), ("node", node)]),
        )
        .await);
    }
    let (_, detail) = owner.call("/api/drills/plan", &[("id", &plan_id)]).await;
    assert_eq!(detail["summary"]["overdue"], true, "{detail}");
    assert_eq!(
        detail["summary"]["schedule"]
            .as_str()
            .unwrap()
            .split(' ')
            .next(),
        Some("Quarterly")
    );
    assert_eq!(detail["scope"].as_array().unwrap().len(), 2);
    assert_eq!(detail["scope"][0]["rto"], 240);
    // Two quarters have passed undone; the run carries out the latest.
    let upcoming = detail["upcoming"].as_array().unwrap();
    let overdue: Vec<&Value> = upcoming.iter().filter(|o| o["overdue"] == true).collect();
    assert_eq!(overdue.len(), 2, "{detail}");
    let due = overdue[1]["at"].as_str().unwrap().to_string();

    // The dashboard before any run: a plan, overdue, no drill yet.
    let (_, dash) = owner.call("/api/dashboard", &[]).await;
    let r = &dash["drills"]["readiness"];
    assert_eq!(r["plans"], 1);
    assert_eq!(r["overdue_plans"], 1);
    assert_eq!(r["days_since_last"], Value::Null);
    assert_eq!(dash["drills"]["next"][0]["overdue"], true);

    // The run took place five days ago.
    let run_id = ok(post(
        &owner,
        "/api/drills/run/record",
        &form(&[
            ("plan", &plan_id),
            ("occurrence", &due),
            ("started", &days_ago(5, "09:00")),
            ("ended", &days_ago(5, "16:00")),
        ]),
    )
    .await)
    .as_str()
    .unwrap()
    .to_string();
    let (_, run) = owner.call("/api/drills/run", &[("id", &run_id)]).await;
    let systems = run["systems"].as_array().unwrap();
    assert_eq!(systems.len(), 2);
    // Sorted by name: Ledger DB, then Orders DB; objectives snapshotted.
    assert_eq!(systems[0]["name"], "Ledger DB");
    assert_eq!(systems[0]["rpo"], 60);
    assert_eq!(run["verdict"], "not_measured");
    let ledger_m = systems[0]["id"].as_str().unwrap().to_string();
    let orders_m = systems[1]["id"].as_str().unwrap().to_string();

    // Ledger restored in 3 h 10 min losing 20 min; Orders took 6 h 30 min.
    for (m, recovery, loss) in [
        (&ledger_m, "3 h 10 min", "20 min"),
        (&orders_m, "6h 30 min", "0"),
    ] {
        ok(post(
            &owner,
            "/api/drills/run/measure",
            &form(&[
                ("run", &run_id),
                ("measure", m),
                ("recovered", "on"),
                ("recovery", recovery),
                ("data_loss", loss),
                ("notes", ""),
            ]),
        )
        .await);
    }
    let (_, run) = owner.call("/api/drills/run", &[("id", &run_id)]).await;
    assert_eq!(run["verdict"], "fail");
    let ledger_r = &run["systems"][0]["result"];
    assert_eq!(ledger_r["verdict"], "pass");
    assert_eq!(ledger_r["rto"]["margin"], 50, "50 min inside the 4 h RTO");
    assert_eq!(ledger_r["rpo"]["margin"], 40);
    let orders_r = &run["systems"][1]["result"];
    assert_eq!(orders_r["verdict"], "fail");
    assert_eq!(orders_r["rto"]["margin"], -150, "2 h 30 min over");
    assert_eq!(orders_r["rpo"]["verdict"], "pass");

    // The plan's next date moved on to the following quarter.
    let (_, detail) = owner.call("/api/drills/plan", &[("id", &plan_id)]).await;
    assert_ne!(detail["summary"]["next"].as_str().unwrap(), due);
    assert_eq!(detail["runs"][0]["verdict"], "fail");
    assert_eq!(detail["runs"][0]["failed_systems"], 1);

    // A step and a follow-up action due yesterday (so already overdue).
    ok(post(
        &owner,
        "/api/drills/run/step/add",
        &form(&[
            ("run", &run_id),
            ("at", &days_ago(5, "09:05")),
            ("who", "Olga"),
            ("what", "Restore of Orders DB started"),
        ]),
    )
    .await);
    let yesterday = (Utc::now().date_naive() - Duration::days(1)).to_string();
    ok(post(
        &owner,
        "/api/drills/action/add",
        &form(&[
            ("run", &run_id),
            ("title", "Move Orders DB to warm standby"),
            ("owner", ""),
            ("due_on", &yesterday),
        ]),
    )
    .await);
    let (_, run) = owner.call("/api/drills/run", &[("id", &run_id)]).await;
    assert_eq!(run["steps"][0]["who"], "Olga");
    assert_eq!(run["actions"][0]["overdue"], true);
    let action = run["actions"][0]["id"].as_str().unwrap().to_string();

    let (_, dash) = owner.call("/api/dashboard", &[]).await;
    let r = &dash["drills"]["readiness"];
    assert_eq!(r["days_since_last"], 5);
    assert_eq!(
        (r["passed"].as_i64(), r["decided"].as_i64()),
        (Some(0), Some(1))
    );
    // (190 + 390) / 2 = 290 against 240.
    assert_eq!(r["mean_recovery"], 290);
    assert_eq!(r["mean_rto"], 240);
    assert_eq!(
        (r["rpo_met"].as_i64(), r["rpo_checked"].as_i64()),
        (Some(2), Some(2))
    );
    assert_eq!(
        (r["open_actions"].as_i64(), r["overdue_actions"].as_i64()),
        (Some(1), Some(1))
    );
    assert_eq!(r["overdue_plans"], 0);
    assert_eq!(r["trend"][0]["recovery"], 390);

    ok(post(
        &owner,
        "/api/drills/action/close",
        &form(&[("id", &action), ("closed", "true")]),
    )
    .await);
    let (_, over) = owner.call("/api/drills", &[]).await;
    assert_eq!(over["readiness"]["open_actions"], 0);
    assert!(over["actions"][0]["closed_at"].is_string());

    // The calendar of the next occurrence's month shows it.
    let next = detail["summary"]["next"].as_str().unwrap();
    let (_, cal) = owner
        .call("/api/drills/calendar", &[("month", &next[..7])])
        .await;
    let items: Vec<&Value> = cal["weeks"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|w| w.as_array().unwrap())
        .flat_map(|d| d["items"].as_array().unwrap())
        .collect();
    assert!(
        items.iter().any(|i| i["title"] == "Quarterly restore test"),
        "{cal}"
    );
    assert!(
        cal["agenda"]
            .as_array()
            .unwrap()
            .iter()
            .all(|i| i["overdue"] == false)
    );
    let (status, _) = owner
        .call("/api/drills/calendar", &[("month", "March")])
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);

    // The audit log has every step, in the same organisation.
    for a in [
        "drill.plan.created",
        "drill.run.recorded",
        "drill.measure.updated",
        "drill.action.closed",
    ] {
        let (_, log) = owner.call("/api/audit/list", &[("action", a)]).await;
        assert!(
            !log["page"]["entries"].as_array().unwrap().is_empty(),
            "{a} missing: {log}"
        );
    }
}

#[tokio::test]
async fn the_calendar_feed_is_valid_icalendar_at_a_secret_revocable_address() {
    let app = TestApp::spawn().await;
    let owner = app
        .signed_up("olga@harbour.example", "Harbour, North; East")
        .await;
    ok(post(
        &owner,
        "/api/drills/plan/create",
        &plan("Restore, with commas; and semicolons", &months_ago(1)),
    )
    .await);
    let soon = Utc::now().date_naive() + Duration::days(30);
    let failover = with(
        plan("Yearly failover", &soon.to_string()),
        &[
            ("repeat", "yearly"),
            ("kind", "full_failover"),
            ("zone", "UTC"),
        ],
    );
    ok(post(&owner, "/api/drills/plan/create", &failover).await);

    let url = ok(post(&owner, "/api/drills/feed/reset", &form(&[])).await);
    let url = url.as_str().unwrap();
    let path = &url[url.find("/drills/feed/").unwrap()..];
    assert!(path.ends_with(".ics"));

    // Calendar apps cannot sign in: the address alone is enough.
    let anonymous = app.client();
    let response = anonymous.get(path).await;
    assert_eq!(response.status(), StatusCode::OK);
    let kind = response.headers()["content-type"]
        .to_str()
        .unwrap()
        .to_string();
    assert!(kind.starts_with("text/calendar"), "{kind}");
    let body = response.text().await.unwrap();

    let events = crate::ics::validate(&body);
    // One overdue restore and four more quarterly ones in the 400 days
    // ahead, and the yearly failover in 30 days and a year later.
    assert!(events.len() >= 7, "{body}");
    assert!(
        body.contains("SUMMARY:OVERDUE: Restore\\, with commas\\; and semicolons"),
        "{body}"
    );
    assert!(body.contains("X-WR-CALNAME:Harbour\\, North\\; East · DR drills"));
    let start = format!("DTSTART:{}T090000Z", soon.format("%Y%m%d"));
    assert!(body.contains(&start), "{start} missing: {body}");

    // Replacing the address stops the old one; revoking stops all.
    let newer = ok(post(&owner, "/api/drills/feed/reset", &form(&[])).await);
    assert_eq!(anonymous.get(path).await.status(), StatusCode::NOT_FOUND);
    let newer = newer.as_str().unwrap();
    let newer_path = &newer[newer.find("/drills/feed/").unwrap()..];
    assert_eq!(anonymous.get(newer_path).await.status(), StatusCode::OK);
    ok(post(&owner, "/api/drills/feed/revoke", &form(&[])).await);
    assert_eq!(
        anonymous.get(newer_path).await.status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        anonymous.get("/drills/feed/guess.ics").await.status(),
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn bad_input_gets_a_clear_error_and_stores_nothing() {
    let app = TestApp::spawn().await;
    let owner = app.signed_up("olga@harbour.example", "Harbour").await;
    let db = system(&owner, "Orders DB", "4h", "15 min").await;
    let plan_id = ok(post(
        &owner,
        "/api/drills/plan/create",
        &plan("Restore", &months_ago(1)),
    )
    .await)
    .as_str()
    .unwrap()
    .to_string();
    ok(post(
        &owner,
        "/api/drills/plan/scope/add",
        &form(&[("plan", &plan_id), ("node", &db)]),
    )
    .await);
    let before = (
        app.count("drill_plans").await,
        app.count("drill_runs").await,
        app.count("audit_log").await,
    );

    // Schedules that never fire or repeat nonsensically.
    let never = refused(
        post(
            &owner,
            "/api/drills/plan/create",
            &with(plan("Never", "2027-05-01"), &[("until_on", "2027-04-01")]),
        )
        .await,
        "until_on",
    );
    assert!(never.contains("never happen"), "{never}");
    let zero = refused(
        post(
            &owner,
            "/api/drills/plan/create",
            &with(
                plan("Zero", "2027-05-01"),
                &[("repeat", "custom"), ("every", "0"), ("unit", "week")],
            ),
        )
        .await,
        "every",
    );
    assert_eq!(zero, "Repeat every 1 to 522 weeks.");
    let zone = refused(
        post(
            &owner,
            "/api/drills/plan/create",
            &with(plan("Zone", "2027-05-01"), &[("zone", "Mars/Olympus")]),
        )
        .await,
        "zone",
    );
    assert!(zone.contains("Mars/Olympus"));
    refused(
        post(
            &owner,
            "/api/drills/plan/create",
            &with(plan("Date", "2027-05-01"), &[("first_on", "soon")]),
        )
        .await,
        "first_on",
    );
    refused(
        post(
            &owner,
            "/api/drills/plan/create",
            &with(plan("", "2027-05-01"), &[]),
        )
        .await,
        "title",
    );
    refused(
        post(
            &owner,
            "/api/drills/plan/create",
            &with(plan("Long", "2027-05-01"), &[("duration", "3 weeks")]),
        )
        .await,
        "duration",
    );

    // A run that ends before it starts, or in the future.
    let run = |started: &str, ended: &str, occurrence: &str| {
        form(&[
            ("plan", &plan_id),
            ("occurrence", occurrence),
            ("started", started),
            ("ended", ended),
        ])
    };
    let msg = refused(
        post(
            &owner,
            "/api/drills/run/record",
            &run(&days_ago(2, "12:00"), &days_ago(2, "09:00"), ""),
        )
        .await,
        "ended",
    );
    assert_eq!(msg, "The end must be after the start.");
    refused(
        post(
            &owner,
            "/api/drills/run/record",
            &run(&days_ago(2, "12:00"), &days_ago(-3, "09:00"), ""),
        )
        .await,
        "ended",
    );
    refused(
        post(
            &owner,
            "/api/drills/run/record",
            &run("yesterday", &days_ago(2, "09:00"), ""),
        )
        .await,
        "started",
    );
    // An occurrence the schedule does not have.
    refused(
        post(
            &owner,
            "/api/drills/run/record",
            &run(
                &days_ago(2, "09:00"),
                &days_ago(2, "12:00"),
                "2026-01-01T10:17:00Z",
            ),
        )
        .await,
        "occurrence",
    );
    assert_eq!(
        (
            app.count("drill_plans").await,
            app.count("drill_runs").await,
            app.count("audit_log").await
        ),
        before,
        "a refused request wrote something"
    );

    // One real run; a second for the same occurrence is refused.
    let (_, detail) = owner.call("/api/drills/plan", &[("id", &plan_id)]).await;
    let due = detail["upcoming"][0]["at"].as_str().unwrap().to_string();
    let run_id = ok(post(
        &owner,
        "/api/drills/run/record",
        &run(&days_ago(2, "09:00"), &days_ago(2, "12:00"), &due),
    )
    .await)
    .as_str()
    .unwrap()
    .to_string();
    let again = refused(
        post(
            &owner,
            "/api/drills/run/record",
            &run(&days_ago(1, "09:00"), &days_ago(1, "12:00"), &due),
        )
        .await,
        "occurrence",
    );
    assert!(again.starts_with("A run is already recorded"), "{again}");
    let (_, r) = owner.call("/api/drills/run", &[("id", &run_id)]).await;
    let m = r["systems"][0]["id"].as_str().unwrap().to_string();

    // Negative data loss, nonsense recovery time, a step outside the run.
    let measure = |recovery: &str, loss: &str| {
        form(&[
            ("run", &run_id),
            ("measure", &m),
            ("recovered", "on"),
            ("recovery", recovery),
            ("data_loss", loss),
        ])
    };
    let neg = refused(
        post(&owner, "/api/drills/run/measure", &measure("2h", "-5 min")).await,
        "data_loss",
    );
    assert_eq!(neg, "The data loss cannot be negative.");
    refused(
        post(&owner, "/api/drills/run/measure", &measure("quickly", "0")).await,
        "recovery",
    );
    let outside = refused(
        post(
            &owner,
            "/api/drills/run/step/add",
            &form(&[
                ("run", &run_id),
                ("at", &days_ago(3, "09:00")),
                ("who", ""),
                ("what", "Too early"),
            ]),
        )
        .await,
        "at",
    );
    assert!(
        outside.starts_with("A step must fall within the run"),
        "{outside}"
    );
    refused(
        post(
            &owner,
            "/api/drills/action/add",
            &form(&[
                ("run", &run_id),
                ("title", "Fix"),
                ("owner", ""),
                ("due_on", ""),
            ]),
        )
        .await,
        "due_on",
    );
    let (_, r) = owner.call("/api/drills/run", &[("id", &run_id)]).await;
    assert_eq!(
        r["systems"][0]["recovery_minutes"],
        Value::Null,
        "nothing was measured"
    );
    assert!(r["steps"].as_array().unwrap().is_empty());

    // A plan with runs keeps its history.
    let (status, body) = post(
        &owner,
        "/api/drills/plan/delete",
        &form(&[("id", &plan_id)]),
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    assert_eq!(app.count("drill_plans").await, 1);
    // Scope takes only this organisation's processes, systems and sites.
    refused(
        post(
            &owner,
            "/api/drills/plan/scope/add",
            &form(&[("plan", &plan_id), ("node", "not-an-id")]),
        )
        .await,
        "node",
    );
}

#[tokio::test]
async fn roles_decide_who_plans_who_records_and_who_only_reads() {
    let app = TestApp::spawn().await;
    let owner = app.signed_up("olga@harbour.example", "Harbour").await;
    let contributor = app
        .join(&owner, "carl@harbour.example", "contributor")
        .await;
    let auditor = app.join(&owner, "aude@harbour.example", "auditor").await;
    let tabletop = with(plan("Tabletop", &months_ago(1)), &[("kind", "tabletop")]);
    let plan_id = ok(post(&owner, "/api/drills/plan/create", &tabletop).await)
        .as_str()
        .unwrap()
        .to_string();

    let (status, _) = post(
        &contributor,
        "/api/drills/plan/create",
        &plan("Mine", "2027-01-01"),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let run = form(&[
        ("plan", &plan_id),
        ("occurrence", ""),
        ("started", &days_ago(1, "09:00")),
        ("ended", &days_ago(1, "10:00")),
    ]);
    let (status, body) = post(&contributor, "/api/drills/run/record", &run).await;
    assert_eq!(status, StatusCode::OK, "contributors record runs: {body}");
    let run_id = body.as_str().unwrap().to_string();

    let (status, _) = post(&auditor, "/api/drills/run/record", &run).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = post(&auditor, "/api/drills/feed/reset", &form(&[])).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, over) = auditor.call("/api/drills", &[]).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(over["can_edit"], false);
    assert_eq!(over["plans"][0]["title"], "Tabletop");

    // Frameworks in use set the cadence: PCI asks for a yearly test.
    ok(post(
        &owner,
        "/api/drills/frameworks",
        &form(&[("pci", "on"), ("hipaa", "on")]),
    )
    .await);
    let (_, over) = owner.call("/api/drills", &[]).await;
    assert_eq!(over["frameworks"], serde_json::json!(["hipaa", "pci"]));
    let cadence = over["cadence"].as_array().unwrap();
    let pci = cadence
        .iter()
        .find(|c| c["suggestion"]["source"] == "PCI DSS 12.10.2")
        .unwrap();
    assert_eq!(
        pci["met_by"], "Tabletop",
        "a quarterly tabletop meets a yearly test of the plan"
    );
    let restore = cadence
        .iter()
        .find(|c| c["suggestion"]["source"] == "PCI DSS 9.4.1.2")
        .unwrap();
    assert_eq!(restore["met_by"], Value::Null);
    // The tabletop's run is evidence for the controls that ask for a tested plan.
    let (_, r) = auditor.call("/api/drills/run", &[("id", &run_id)]).await;
    let controls: Vec<&str> = r["evidence_for"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c[0].as_str().unwrap())
        .collect();
    assert_eq!(controls, ["HIPAA 164.308(a)(7)(ii)(D)", "PCI DSS 12.10.2"]);
}
