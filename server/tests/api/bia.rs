//! The business impact analysis: what it derives from an assessment, how
//! requirements roll up through dependencies, the review cycle, the impact
//! scale, and who may do what. Each case is worked out by hand.

use crate::support::{Client, TestApp, field_error};
use reqwest::StatusCode;
use serde_json::{Value, json};

const DAY: i64 = 24 * 60;

/// Customer impact rising to 4 (the default threshold) at 24 h and 5 at
/// 48 h, with cumulative losses.
fn customer_4_at_24h() -> Value {
    json!({
        "ratings": {"customer": {"60": 1, "240": 2, "480": 3, "1440": 4, "2880": 5}},
        "losses": {"60": 1000, "1440": 50000, "2880": 120000},
    })
}

fn ok((status, body): (StatusCode, Value)) {
    assert_eq!(status, StatusCode::OK, "{body}");
}

/// Creates a process in Finance and returns its id.
async fn new_process(client: &Client, name: &str) -> String {
    let (status, body) = create_process(client, name, "").await;
    assert_eq!(status, StatusCode::OK, "creating {name}: {body}");
    let path = body.as_str().expect("the new process's page");
    path.strip_prefix("/bia/processes/")
        .unwrap_or_else(|| panic!("unexpected page {path}"))
        .to_string()
}

async fn create_process(client: &Client, name: &str, owner: &str) -> (StatusCode, Value) {
    client
        .call(
            "/api/bia/process/create",
            &[
                ("name", name),
                ("department", "Finance"),
                ("owner", owner),
                ("description", "Takes the customers' money."),
            ],
        )
        .await
}

/// Creates a system, supplier, site or role and returns its id.
async fn new_resource(client: &Client, kind: &str, name: &str, rto: &str) -> String {
    let (status, body) = client
        .call(
            "/api/bia/resource/create",
            &resource_form(kind, name, "", rto),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "creating {name}: {body}");
    body.as_str().expect("the new resource's id").to_string()
}

fn resource_form<'a>(
    kind: &'a str,
    name: &'a str,
    owner: &'a str,
    rto: &'a str,
) -> Vec<(&'a str, &'a str)> {
    vec![
        ("kind", kind),
        ("name", name),
        ("owner", owner),
        ("category", "SaaS"),
        ("contact", "ops@vendor.example"),
        ("rto", rto),
        ("rpo", ""),
        ("notes", ""),
    ]
}

async fn update_resource(
    client: &Client,
    id: &str,
    kind: &str,
    name: &str,
    rto: &str,
) -> (StatusCode, Value) {
    let mut form = resource_form(kind, name, "", rto);
    form.push(("id", id));
    client.call("/api/bia/resource/update", &form).await
}

async fn rate(client: &Client, id: &str, assessment: Value) -> (StatusCode, Value) {
    client
        .call_json(
            "/api/bia/process/assessment",
            &json!({"id": id, "assessment": assessment}),
        )
        .await
}

async fn objectives(
    client: &Client,
    id: &str,
    rto: &str,
    rpo: &str,
    wrt: &str,
) -> (StatusCode, Value) {
    client
        .call(
            "/api/bia/process/objectives",
            &[("id", id), ("rto", rto), ("rpo", rpo), ("wrt", wrt)],
        )
        .await
}

async fn depend(client: &Client, source: &str, target: &str) -> (StatusCode, Value) {
    client
        .call(
            "/api/bia/dependency/add",
            &[("source", source), ("target", target)],
        )
        .await
}

/// A read that must succeed.
async fn read(client: &Client, path: &str, form: &[(&str, &str)]) -> Value {
    let (status, body) = client.call(path, form).await;
    assert_eq!(status, StatusCode::OK, "{path}: {body}");
    body
}

async fn process(client: &Client, id: &str) -> Value {
    read(client, "/api/bia/process", &[("id", id)]).await
}

async fn overview(client: &Client) -> Value {
    read(client, "/api/bia/overview", &[]).await
}

async fn graph(client: &Client) -> Value {
    read(client, "/api/bia/graph", &[]).await
}

fn names(refs: &Value) -> Vec<&str> {
    refs.as_array()
        .unwrap()
        .iter()
        .map(|r| r["name"].as_str().unwrap())
        .collect()
}

/// Settings with the default buckets; `threshold` and `currency` vary.
async fn scale_settings(
    client: &Client,
    threshold: &str,
    currency: &str,
    buckets: &str,
) -> (StatusCode, Value) {
    client
        .call(
            "/api/bia/scale/settings",
            &[
                ("threshold", threshold),
                ("currency", currency),
                ("review_months", "12"),
                ("buckets", buckets),
            ],
        )
        .await
}

const DEFAULT_BUCKETS: &str = "1h, 4h, 8h, 24h, 48h, 72h, 1w, 2w, 1mo";

async fn audit_entries(client: &Client, action: &str) -> Vec<Value> {
    let log = read(client, "/api/audit/list", &[("action", action)]).await;
    log["page"]["entries"].as_array().unwrap().clone()
}

#[tokio::test]
async fn mtpd_tier_and_suggested_rto_follow_from_the_assessment() {
    let app = TestApp::spawn().await;
    let owner = app.signed_up("owner@example.com", "Org").await;
    let id = new_process(&owner, "Payments").await;

    let fresh = process(&owner, &id).await;
    assert!(fresh["derived"]["mtpd"].is_null());
    assert_eq!(
        fresh["derived"]["mtpd_reason"],
        "No MTPD yet: rate the impact over time first."
    );
    assert_eq!(fresh["derived"]["tier"], 5);

    assert_eq!(
        rate(&owner, &id, customer_4_at_24h()).await.0,
        StatusCode::OK
    );
    let detail = process(&owner, &id).await;
    assert_eq!(detail["assessment"], customer_4_at_24h());
    let derived = &detail["derived"];
    assert_eq!(derived["mtpd"], DAY);
    assert_eq!(
        derived["mtpd_reason"],
        "MTPD 24 h because customer impact reaches 4 at 24 h (threshold 4)."
    );
    assert_eq!(derived["tier"], 2);
    assert_eq!(
        derived["tier_reason"],
        "Tier 2 · critical because of its MTPD over 4 h, up to 24 h."
    );
    // Without a work-recovery time: the bucket below the MTPD, 8 h.
    assert_eq!(derived["suggested_rto"], 8 * 60);
    assert!(
        derived["suggested_reason"]
            .as_str()
            .unwrap()
            .contains("the step below the MTPD (24 h)"),
        "{derived}"
    );
    assert_eq!(
        derived["unrated"],
        json!([
            "Financial",
            "Operational",
            "Reputational",
            "Legal & regulatory",
            "Health & safety"
        ])
    );
    // The largest loss within the MTPD, not the one after it.
    assert_eq!(derived["loss_at_mtpd"], 50000);

    // An RTO as long as the MTPD is refused, with the reason, and not saved.
    let (status, body) = objectives(&owner, &id, "24h", "", "").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let message = field_error(&body, "rto").expect("a message on the RTO");
    assert!(
        message.contains("The RTO of 24 h is not shorter than the MTPD of 24 h"),
        "{message}"
    );
    assert!(process(&owner, &id).await["process"]["rto"].is_null());
    assert_eq!(
        app.count("audit_log WHERE action = 'bia.objectives.changed'")
            .await,
        0
    );

    // 8 h fits; a work-recovery time of 4 h leaves 20 h to restore.
    let (status, body) = objectives(&owner, &id, "8h", "1h", "4h").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let detail = process(&owner, &id).await;
    assert_eq!(detail["process"]["rto"], 8 * 60);
    assert_eq!(detail["process"]["rpo"], 60);
    assert_eq!(detail["process"]["wrt"], 4 * 60);
    assert!(detail["derived"]["rto_error"].is_null());
    assert!(detail["derived"]["rto_warning"].is_null());
    assert_eq!(detail["derived"]["suggested_rto"], 20 * 60);
    assert_eq!(
        detail["derived"]["suggested_reason"],
        "MTPD 24 h less the work-recovery time of 4 h leaves 20 h to restore."
    );

    // 20 h plus 8 h of catching up overruns the MTPD: allowed, with a warning.
    assert_eq!(
        objectives(&owner, &id, "20h", "", "8h").await.0,
        StatusCode::OK
    );
    assert_eq!(
        process(&owner, &id).await["derived"]["rto_warning"],
        "RTO 20 h plus work-recovery time 8 h exceeds the MTPD of 24 h."
    );

    // A later assessment that shortens the MTPD below the adopted RTO is
    // saved, and the RTO is then flagged as an error to fix.
    let sooner = json!({"ratings": {"customer": {"240": 4}}});
    assert_eq!(rate(&owner, &id, sooner).await.0, StatusCode::OK);
    let detail = process(&owner, &id).await;
    assert_eq!(detail["derived"]["mtpd"], 4 * 60);
    assert_eq!(detail["derived"]["tier"], 1);
    assert!(detail["derived"]["rto_error"].is_string(), "{detail}");
    assert_eq!(overview(&owner).await["processes"][0]["rto_error"], true);
}

#[tokio::test]
async fn assessments_whose_impact_falls_over_time_are_refused() {
    let app = TestApp::spawn().await;
    let owner = app.signed_up("owner@example.com", "Org").await;
    let id = new_process(&owner, "Payments").await;
    let first = json!({"ratings": {"customer": {"240": 2}}, "losses": {}});
    assert_eq!(rate(&owner, &id, first.clone()).await.0, StatusCode::OK);

    let falling = json!({"ratings": {"customer": {"240": 4, "1440": 2}}});
    let (status, body) = rate(&owner, &id, falling).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        field_error(&body, "customer").as_deref(),
        Some(
            "Customer impact drops from 4 at 4 h to 2 at 24 h; impact cannot decrease as an outage goes on."
        )
    );

    // Every other kind of bad row is refused too, keyed by its row.
    let cases = [
        (
            json!({"losses": {"60": 5000, "240": 1000}}),
            "loss",
            "cannot fall",
        ),
        (json!({"losses": {"60": -1}}), "loss", "negative"),
        (
            json!({"ratings": {"weather": {"60": 3}}}),
            "weather",
            "not a category",
        ),
        (
            json!({"ratings": {"customer": {"90": 3}}}),
            "customer",
            "1 h 30 min is not a time bucket",
        ),
        (
            json!({"ratings": {"customer": {"60": 6}}}),
            "customer",
            "from 1 to 5",
        ),
    ];
    for (assessment, key, expected) in cases {
        let (status, body) = rate(&owner, &id, assessment.clone()).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{assessment}");
        let message = field_error(&body, key).unwrap_or_else(|| panic!("{key}: {body}"));
        assert!(message.contains(expected), "{assessment}: {message}");
    }

    assert_eq!(process(&owner, &id).await["assessment"], first);
    assert_eq!(
        app.count("audit_log WHERE action = 'bia.assessment.changed'")
            .await,
        1
    );
}

#[tokio::test]
async fn a_dependency_slower_than_its_process_is_a_gap_until_it_is_fixed() {
    let app = TestApp::spawn().await;
    let owner = app.signed_up("owner@example.com", "Org").await;
    let payments = new_process(&owner, "Payments").await;
    assert_eq!(
        objectives(&owner, &payments, "4h", "", "").await.0,
        StatusCode::OK
    );
    let ledger = new_resource(&owner, "system", "Ledger", "24h").await;
    assert_eq!(depend(&owner, &payments, &ledger).await.0, StatusCode::OK);

    let g = graph(&owner).await;
    let gaps = g["gaps"].as_array().unwrap();
    assert_eq!(gaps.len(), 1, "{g}");
    assert_eq!(gaps[0]["node"]["id"], ledger.as_str());
    assert_eq!(gaps[0]["node"]["kind"], "system");
    assert_eq!(gaps[0]["objective"], "Rto");
    assert_eq!(gaps[0]["own"], DAY);
    assert_eq!(gaps[0]["required"], 4 * 60);
    assert_eq!(names(&gaps[0]["chain"]), ["Payments", "Ledger"]);
    assert_eq!(
        g["edges"],
        json!([{"from": payments, "to": ledger, "gap": true}])
    );
    let o = overview(&owner).await;
    assert_eq!(o["gap_count"], 1);
    assert_eq!(o["processes"][0]["gaps"], 1);
    assert_eq!(o["processes"][0]["dependencies"], 1);

    // The process page names the slow dependency; the resource page says
    // what is required of it and why.
    let detail = process(&owner, &payments).await;
    assert_eq!(
        detail["dependencies"][0]["gap"],
        "RTO 24 h is longer than the 4 h required"
    );
    let resource = read(&owner, "/api/bia/resource", &[("id", &ledger)]).await;
    assert_eq!(resource["required_rto"]["minutes"], 4 * 60);
    assert_eq!(
        names(&resource["required_rto"]["chain"]),
        ["Payments", "Ledger"]
    );
    assert_eq!(names(&resource["dependants"]), ["Payments"]);

    let (status, body) = update_resource(&owner, &ledger, "system", "Ledger", "2h").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let g = graph(&owner).await;
    assert!(g["gaps"].as_array().unwrap().is_empty(), "{g}");
    assert_eq!(g["edges"][0]["gap"], false);
    assert_eq!(overview(&owner).await["gap_count"], 0);
    assert!(process(&owner, &payments).await["dependencies"][0]["gap"].is_null());
}

#[tokio::test]
async fn requirements_roll_up_through_a_chain_of_dependencies() {
    let app = TestApp::spawn().await;
    let owner = app.signed_up("owner@example.com", "Org").await;
    // Payments (RTO 4 h) → Ledger (no RTO of its own) → Acme Hosting (SLA 8 h).
    let payments = new_process(&owner, "Payments").await;
    ok(objectives(&owner, &payments, "4h", "", "").await);
    let ledger = new_resource(&owner, "system", "Ledger", "").await;
    let hosting = new_resource(&owner, "supplier", "Acme Hosting", "8h").await;
    assert_eq!(depend(&owner, &payments, &ledger).await.0, StatusCode::OK);
    assert_eq!(depend(&owner, &ledger, &hosting).await.0, StatusCode::OK);

    let g = graph(&owner).await;
    let gaps = g["gaps"].as_array().unwrap();
    assert_eq!(gaps.len(), 1, "{g}");
    assert_eq!(gaps[0]["node"]["name"], "Acme Hosting");
    assert_eq!(gaps[0]["own"], 8 * 60);
    assert_eq!(gaps[0]["required"], 4 * 60);
    assert_eq!(
        names(&gaps[0]["chain"]),
        ["Payments", "Ledger", "Acme Hosting"]
    );
    let ledger_node = g["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["node"]["id"] == ledger.as_str())
        .unwrap();
    assert_eq!(ledger_node["required_rto"], 4 * 60);
    assert_eq!(ledger_node["gap"], false);
    let list = read(&owner, "/api/bia/resources", &[]).await;
    let supplier = list["resources"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["resource"]["id"] == hosting.as_str())
        .unwrap();
    assert_eq!(supplier["required_rto"], 4 * 60);
    assert_eq!(supplier["gap"], true);

    // Removing the middle link removes the requirement and the gap.
    assert_eq!(
        owner
            .call(
                "/api/bia/dependency/remove",
                &[("source", &ledger), ("target", &hosting)],
            )
            .await
            .0,
        StatusCode::OK
    );
    assert!(graph(&owner).await["gaps"].as_array().unwrap().is_empty());
    let resource = read(&owner, "/api/bia/resource", &[("id", &hosting)]).await;
    assert!(resource["required_rto"].is_null());
}

#[tokio::test]
async fn dependencies_that_would_close_a_cycle_are_refused() {
    let app = TestApp::spawn().await;
    let owner = app.signed_up("owner@example.com", "Org").await;
    let a = new_process(&owner, "Alpha").await;
    let b = new_process(&owner, "Bravo").await;
    let c = new_process(&owner, "Charlie").await;
    assert_eq!(depend(&owner, &a, &b).await.0, StatusCode::OK);

    let (status, body) = depend(&owner, &b, &a).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let message = field_error(&body, "target").expect("a message on the target");
    assert!(
        message.contains("cycle: Bravo → Alpha → Bravo"),
        "{message}"
    );
    assert_eq!(app.count("dependencies").await, 1);

    // Through a longer path, too.
    assert_eq!(depend(&owner, &b, &c).await.0, StatusCode::OK);
    let (status, body) = depend(&owner, &c, &a).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        field_error(&body, "target")
            .unwrap()
            .contains("Charlie → Alpha → Bravo → Charlie"),
        "{body}"
    );

    let (status, body) = depend(&owner, &a, &a).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        field_error(&body, "target")
            .unwrap()
            .contains("cannot depend on itself"),
        "{body}"
    );
    let (status, body) = depend(&owner, &a, &b).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        field_error(&body, "target")
            .unwrap()
            .contains("already depends on"),
        "{body}"
    );
    let (status, body) = depend(&owner, &a, "").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(field_error(&body, "target").is_some(), "{body}");

    assert_eq!(app.count("dependencies").await, 2);
    let g = graph(&owner).await;
    assert!(g["cycles"].as_array().unwrap().is_empty(), "{g}");
    assert_eq!(overview(&owner).await["cycle_count"], 0);
}

#[tokio::test]
async fn the_bia_is_submitted_approved_and_reopened_by_a_later_edit() {
    let app = TestApp::spawn().await;
    let owner = app.signed_up("owner@example.com", "Org").await;
    let editor = app.join(&owner, "editor@example.com", "editor").await;
    let executive = app.join(&owner, "exec@example.com", "executive").await;
    let id = new_process(&editor, "Payments").await;
    ok(rate(&editor, &id, customer_4_at_24h()).await);

    // Nothing to approve before it is submitted.
    assert_eq!(
        executive
            .status("/api/bia/review/approve", &[("comment", "")])
            .await,
        StatusCode::CONFLICT
    );
    assert!(read(&owner, "/api/bia/approved", &[]).await.is_null());

    assert_eq!(
        editor.status("/api/bia/review/submit", &[]).await,
        StatusCode::OK
    );
    assert_eq!(
        editor.status("/api/bia/review/submit", &[]).await,
        StatusCode::CONFLICT
    );
    let review = &overview(&owner).await["review"];
    assert_eq!(review["status"], "in_review");
    assert_eq!(review["submitted_by"], "editor@example.com");

    // Editors edit; they do not approve.
    assert_eq!(
        editor
            .status("/api/bia/review/approve", &[("comment", "")])
            .await,
        StatusCode::FORBIDDEN
    );
    let (status, body) = executive
        .call(
            "/api/bia/review/approve",
            &[("comment", "Agreed at the board.")],
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");

    let review = overview(&owner).await["review"].clone();
    assert_eq!(review["status"], "approved");
    assert_eq!(review["approved_by"], "exec@example.com");
    assert_eq!(review["approval_comment"], "Agreed at the board.");
    assert_eq!(review["has_approved_version"], true);
    assert_eq!(review["overdue"], false);
    let due: chrono::DateTime<chrono::Utc> =
        serde_json::from_value(review["next_review_due"].clone()).unwrap();
    let expected = chrono::Utc::now()
        .checked_add_months(chrono::Months::new(12))
        .unwrap();
    assert!(
        (expected - due).num_minutes().abs() < 5,
        "next review {due}, expected about {expected}"
    );

    let approved = read(&owner, "/api/bia/approved", &[]).await;
    assert_eq!(approved["approved_by"], "exec@example.com");
    assert_eq!(approved["comment"], "Agreed at the board.");
    assert_eq!(approved["currency"], "USD");
    assert_eq!(approved["processes"].as_array().unwrap().len(), 1);
    assert_eq!(approved["processes"][0]["name"], "Payments");
    assert_eq!(approved["processes"][0]["mtpd"], DAY);

    // A later edit reopens the BIA; the approved version stays as it was.
    let sooner = json!({"ratings": {"customer": {"240": 4}}});
    assert_eq!(rate(&editor, &id, sooner).await.0, StatusCode::OK);
    let now = overview(&owner).await;
    assert_eq!(now["review"]["status"], "draft");
    assert_eq!(now["review"]["has_approved_version"], true);
    assert_eq!(now["processes"][0]["mtpd"], 4 * 60);
    assert_eq!(read(&owner, "/api/bia/approved", &[]).await, approved);
    assert_eq!(audit_entries(&owner, "bia.reopened").await.len(), 1);

    // A draft cannot be approved, nor returned.
    assert_eq!(
        executive
            .status("/api/bia/review/approve", &[("comment", "")])
            .await,
        StatusCode::CONFLICT
    );
    assert_eq!(
        executive
            .status("/api/bia/review/return", &[("comment", "Why?")])
            .await,
        StatusCode::CONFLICT
    );

    // Returning needs a reason, and sends it back to draft.
    assert_eq!(
        editor.status("/api/bia/review/submit", &[]).await,
        StatusCode::OK
    );
    let (status, body) = executive
        .call("/api/bia/review/return", &[("comment", " ")])
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(field_error(&body, "comment").is_some(), "{body}");
    assert_eq!(
        executive
            .status(
                "/api/bia/review/return",
                &[("comment", "Check the 4 h rating.")]
            )
            .await,
        StatusCode::OK
    );
    assert_eq!(overview(&owner).await["review"]["status"], "draft");
    let returned = audit_entries(&owner, "bia.returned").await;
    assert!(
        returned[0]["after"]
            .as_str()
            .unwrap()
            .contains("Check the 4 h rating."),
        "{returned:?}"
    );
}

#[tokio::test]
async fn the_impact_scale_moves_the_mtpd_and_refuses_nonsense() {
    let app = TestApp::spawn().await;
    let owner = app.signed_up("owner@example.com", "Org").await;
    let id = new_process(&owner, "Payments").await;
    ok(rate(&owner, &id, customer_4_at_24h()).await);

    // At threshold 5 the customer row becomes intolerable at 48 h.
    let (status, body) = scale_settings(&owner, "5", "eur", DEFAULT_BUCKETS).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let derived = process(&owner, &id).await["derived"].clone();
    assert_eq!(derived["mtpd"], 2 * DAY);
    assert_eq!(
        derived["mtpd_reason"],
        "MTPD 48 h because customer impact reaches 5 at 48 h (threshold 5)."
    );
    assert_eq!(derived["tier"], 3);
    assert_eq!(overview(&owner).await["currency"], "EUR");

    let (before, can_edit) = {
        let body = read(&owner, "/api/bia/scale", &[]).await;
        (body[0].clone(), body[1].clone())
    };
    assert_eq!(before["threshold"], 5);
    assert_eq!(can_edit, json!(true));
    for (threshold, currency, buckets, field) in [
        ("5", "EUR", "4h, 1h", "buckets"),
        ("5", "EUR", "1h, 1h", "buckets"),
        ("5", "EUR", "1h, soon", "buckets"),
        ("5", "EUR", "", "buckets"),
        ("5", "dollars", DEFAULT_BUCKETS, "currency"),
        ("5", "", DEFAULT_BUCKETS, "currency"),
        ("1", "EUR", DEFAULT_BUCKETS, "threshold"),
        ("high", "EUR", DEFAULT_BUCKETS, "threshold"),
    ] {
        let (status, body) = scale_settings(&owner, threshold, currency, buckets).await;
        assert_eq!(
            status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{threshold} {currency} {buckets}: {body}"
        );
        assert!(field_error(&body, field).is_some(), "{field}: {body}");
    }
    assert_eq!(read(&owner, "/api/bia/scale", &[]).await[0], before);

    // Ratings are kept by bucket length: without the 48 h bucket the
    // rating there no longer counts, and it is back with the bucket.
    let (status, body) = scale_settings(&owner, "5", "EUR", "1h, 4h, 8h, 24h, 1w").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(process(&owner, &id).await["derived"]["mtpd"].is_null());
    ok(scale_settings(&owner, "4", "EUR", DEFAULT_BUCKETS).await);
    let detail = process(&owner, &id).await;
    assert_eq!(detail["derived"]["mtpd"], DAY);
    assert_eq!(detail["assessment"], customer_4_at_24h());

    // Categories can be added, renamed and removed.
    let levels = [
        ("level1", "No effect"),
        ("level2", "Local spill"),
        ("level3", "Reportable"),
        ("level4", "Prosecution possible"),
        ("level5", "Lasting damage"),
    ];
    let mut form = vec![("key", ""), ("label", "Environmental")];
    form.extend(levels);
    assert_eq!(
        owner.status("/api/bia/scale/category", &form).await,
        StatusCode::OK
    );
    let scale = read(&owner, "/api/bia/scale", &[]).await;
    assert!(
        scale[0]["categories"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["key"] == "environmental" && c["label"] == "Environmental"),
        "{scale}"
    );
    let (status, body) = owner.call("/api/bia/scale/category", &form).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(field_error(&body, "label").is_some(), "{body}");
    let mut missing_level = form.clone();
    missing_level[0] = ("key", "environmental");
    missing_level.retain(|(k, _)| *k != "level3");
    missing_level.push(("level3", ""));
    let (status, body) = owner.call("/api/bia/scale/category", &missing_level).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(field_error(&body, "level3").is_some(), "{body}");
    assert_eq!(
        owner
            .status(
                "/api/bia/scale/category/remove",
                &[("key", "environmental")]
            )
            .await,
        StatusCode::OK
    );
    assert_eq!(
        owner
            .status(
                "/api/bia/scale/category/remove",
                &[("key", "environmental")]
            )
            .await,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn only_editing_roles_change_the_bia_and_every_role_reads_it() {
    let app = TestApp::spawn().await;
    let owner = app.signed_up("owner@example.com", "Org").await;
    let mut clients = vec![("owner", owner.clone())];
    for role in ["admin", "editor", "contributor", "auditor", "executive"] {
        clients.push((
            role,
            app.join(&owner, &format!("{role}@example.com"), role).await,
        ));
    }
    let payments = new_process(&owner, "Payments").await;
    let ledger = new_resource(&owner, "system", "Ledger", "").await;
    let editing = ["owner", "admin", "editor"];
    let approving = ["owner", "admin", "executive"];

    for (role, client) in &clients {
        let may_edit = editing.contains(role);
        let (status, body) = create_process(client, &format!("Process of {role}"), "").await;
        let expected = if may_edit {
            StatusCode::OK
        } else {
            StatusCode::FORBIDDEN
        };
        assert_eq!(status, expected, "{role} creating a process: {body}");

        let o = overview(client).await;
        assert_eq!(o["can_edit"], may_edit, "{role}");
        assert_eq!(o["can_approve"], approving.contains(role), "{role}");
        assert_eq!(process(client, &payments).await["can_edit"], may_edit);
        for path in [
            "/api/bia/resources",
            "/api/bia/graph",
            "/api/bia/scale",
            "/api/bia/approved",
        ] {
            read(client, path, &[]).await;
        }
        read(client, "/api/bia/resource", &[("id", &ledger)]).await;

        if !may_edit {
            let refused = [
                objectives(client, &payments, "4h", "", "").await.0,
                rate(client, &payments, customer_4_at_24h()).await.0,
                depend(client, &payments, &ledger).await.0,
                client
                    .call(
                        "/api/bia/resource/create",
                        &resource_form("site", "Annex", "", ""),
                    )
                    .await
                    .0,
                scale_settings(client, "3", "USD", DEFAULT_BUCKETS).await.0,
                // Refused before the input is read: no field errors.
                scale_settings(client, "nine", "USD", "soon").await.0,
                client
                    .status(
                        "/api/bia/scale/category",
                        &[
                            ("key", ""),
                            ("label", ""),
                            ("level1", ""),
                            ("level2", ""),
                            ("level3", ""),
                            ("level4", ""),
                            ("level5", ""),
                        ],
                    )
                    .await,
                client.status("/api/bia/review/submit", &[]).await,
                client
                    .status("/api/bia/process/delete", &[("id", &payments)])
                    .await,
            ];
            assert!(
                refused.iter().all(|s| *s == StatusCode::FORBIDDEN),
                "{role}: {refused:?}"
            );
        }
    }
    assert_eq!(app.count("processes").await, 4);
    assert_eq!(app.count("resources").await, 1);
    assert_eq!(app.count("dependencies").await, 0);

    let signed_out = app.client();
    assert_eq!(
        signed_out.status("/api/bia/overview", &[]).await,
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn another_organisation_cannot_see_or_touch_the_bia() {
    let app = TestApp::spawn().await;
    let alice = app.signed_up("alice@a.example", "Org A").await;
    let payments = new_process(&alice, "Payments").await;
    ok(rate(&alice, &payments, customer_4_at_24h()).await);
    let ledger = new_resource(&alice, "system", "Ledger", "8h").await;
    ok(depend(&alice, &payments, &ledger).await);
    let before = (process(&alice, &payments).await, graph(&alice).await);

    let bob = app.signed_up("bob@b.example", "Org B").await;
    let bobs = new_process(&bob, "Bob's process").await;
    let not_found = [
        bob.call("/api/bia/process", &[("id", &payments)]).await,
        bob.call(
            "/api/bia/process/update",
            &[
                ("id", &payments),
                ("name", "Hijacked"),
                ("department", ""),
                ("owner", ""),
                ("description", ""),
                ("products", ""),
                ("peak_periods", ""),
                ("mbco", ""),
            ],
        )
        .await,
        objectives(&bob, &payments, "1h", "", "").await,
        rate(&bob, &payments, json!({})).await,
        bob.call("/api/bia/process/delete", &[("id", &payments)])
            .await,
        bob.call("/api/bia/resource", &[("id", &ledger)]).await,
        update_resource(&bob, &ledger, "system", "Hijacked", "").await,
        bob.call("/api/bia/resource/delete", &[("id", &ledger)])
            .await,
        depend(&bob, &payments, &ledger).await,
        bob.call(
            "/api/bia/dependency/remove",
            &[("source", &payments), ("target", &ledger)],
        )
        .await,
    ];
    for (i, (status, body)) in not_found.iter().enumerate() {
        assert_eq!(*status, StatusCode::NOT_FOUND, "call {i}: {body}");
        assert!(!body.to_string().contains("Payments"), "{body}");
    }
    // Bob's own process cannot depend on Alice's system either.
    let (status, body) = depend(&bob, &bobs, &ledger).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(field_error(&body, "target").is_some(), "{body}");

    let bobs_view = overview(&bob).await;
    assert_eq!(names(&bobs_view["processes"]), ["Bob's process"]);
    assert_eq!(bobs_view["gap_count"], 0);
    assert_eq!(graph(&bob).await["nodes"].as_array().unwrap().len(), 1);
    assert!(
        read(&bob, "/api/bia/resources", &[]).await["resources"]
            .as_array()
            .unwrap()
            .is_empty()
    );
    assert_eq!(
        (process(&alice, &payments).await, graph(&alice).await),
        before
    );
}

#[tokio::test]
async fn creating_and_assessing_a_process_is_audited() {
    let app = TestApp::spawn().await;
    let owner = app.signed_up("owner@example.com", "Org").await;
    let id = new_process(&owner, "Payments").await;

    let created = audit_entries(&owner, "bia.process.created").await;
    assert_eq!(created.len(), 1);
    assert_eq!(created[0]["actor_email"], "owner@example.com");
    assert_eq!(created[0]["entity_type"], "process");
    assert_eq!(created[0]["entity_id"], id.as_str());
    let after: Value = serde_json::from_str(created[0]["after"].as_str().unwrap()).unwrap();
    assert_eq!(after["name"], "Payments");
    assert_eq!(after["department"], "Finance");

    assert_eq!(
        rate(&owner, &id, customer_4_at_24h()).await.0,
        StatusCode::OK
    );
    let changed = audit_entries(&owner, "bia.assessment.changed").await;
    assert_eq!(changed.len(), 1);
    assert_eq!(changed[0]["entity_id"], id.as_str());
    let before: Value = serde_json::from_str(changed[0]["before"].as_str().unwrap()).unwrap();
    let after: Value = serde_json::from_str(changed[0]["after"].as_str().unwrap()).unwrap();
    assert_eq!(before["assessment"], json!({"ratings": {}, "losses": {}}));
    assert_eq!(after["assessment"], customer_4_at_24h());

    // Saving the same assessment again changes nothing and logs nothing.
    let entries = app.count("audit_log").await;
    assert_eq!(
        rate(&owner, &id, customer_4_at_24h()).await.0,
        StatusCode::OK
    );
    assert_eq!(app.count("audit_log").await, entries);

    let ledger = new_resource(&owner, "system", "Ledger", "").await;
    ok(depend(&owner, &id, &ledger).await);
    let added = audit_entries(&owner, "bia.dependency.added").await;
    assert_eq!(added.len(), 1);
    assert!(
        added[0]["after"].as_str().unwrap().contains("Ledger"),
        "{added:?}"
    );
    assert_eq!(audit_entries(&owner, "bia.resource.created").await.len(), 1);
}

#[tokio::test]
async fn bad_input_is_refused_field_by_field() {
    let app = TestApp::spawn().await;
    let owner = app.signed_up("owner@example.com", "Org").await;
    let editor = app.join(&owner, "editor@example.com", "editor").await;
    let editor_id = owner.member_id("editor@example.com").await;
    let stranger = app.signed_up("stranger@other.example", "Other").await;
    let stranger_id = stranger.member_id("stranger@other.example").await;
    let id = new_process(&owner, "Payments").await;

    // Names are unique regardless of case.
    let (status, body) = create_process(&owner, "  PAYMENTS ", "").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        field_error(&body, "name")
            .unwrap()
            .contains("already exists"),
        "{body}"
    );
    let (status, body) = create_process(&owner, "", "").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(field_error(&body, "name").is_some(), "{body}");
    let payroll = new_process(&owner, "Payroll").await;
    let (status, body) = owner
        .call(
            "/api/bia/process/update",
            &[
                ("id", &payroll),
                ("name", "payments"),
                ("department", "Finance"),
                ("owner", ""),
                ("description", ""),
                ("products", ""),
                ("peak_periods", ""),
                ("mbco", ""),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(field_error(&body, "name").is_some(), "{body}");

    // Owners are members of this organisation.
    let nobody = uuid::Uuid::new_v4().to_string();
    for owner_field in ["someone", nobody.as_str(), stranger_id.as_str()] {
        let (status, body) = create_process(&owner, "Treasury", owner_field).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{owner_field}");
        assert_eq!(
            field_error(&body, "owner").as_deref(),
            Some("Choose a member of this organisation."),
            "{owner_field}: {body}"
        );
        let (status, body) = owner
            .call(
                "/api/bia/resource/create",
                &resource_form("system", "Ledger", owner_field, ""),
            )
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{owner_field}");
        assert!(field_error(&body, "owner").is_some(), "{body}");
    }
    assert_eq!(app.count("processes").await, 2);
    assert_eq!(app.count("resources").await, 0);
    let (status, body) = create_process(&owner, "Treasury", &editor_id).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let treasury = body.as_str().unwrap().rsplit('/').next().unwrap();
    assert_eq!(
        process(&editor, treasury).await["process"]["owner"],
        "Editor"
    );

    // Durations people cannot mean.
    let (status, body) = objectives(&owner, &id, "soon", "4 parsecs", "-1h").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    for field in ["rto", "rpo", "wrt"] {
        assert!(field_error(&body, field).is_some(), "{field}: {body}");
    }
    assert_eq!(
        field_error(&body, "rto").as_deref(),
        Some("“soon” is not a duration. Write e.g. 4 h, 30 min or 2 weeks.")
    );
    let (status, body) = owner
        .call(
            "/api/bia/resource/create",
            &resource_form("system", "Ledger", "", "soon"),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(field_error(&body, "rto").is_some(), "{body}");

    // Resources: a known kind that does not change, unique per kind.
    let (status, body) = owner
        .call(
            "/api/bia/resource/create",
            &resource_form("process", "Ledger", "", ""),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(field_error(&body, "kind").is_some(), "{body}");
    let ledger = new_resource(&owner, "system", "Ledger", "").await;
    let (status, body) = owner
        .call(
            "/api/bia/resource/create",
            &resource_form("system", "LEDGER", "", ""),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(field_error(&body, "name").is_some(), "{body}");
    new_resource(&owner, "supplier", "Ledger", "").await;
    let (status, body) = update_resource(&owner, &ledger, "site", "Ledger", "").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(field_error(&body, "kind").is_some(), "{body}");

    // Identifiers that are not ids, or not anything's.
    assert_eq!(
        owner.status("/api/bia/process", &[("id", "42")]).await,
        StatusCode::BAD_REQUEST
    );
    assert_eq!(
        owner.status("/api/bia/process", &[("id", &nobody)]).await,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        owner
            .status("/api/bia/resource/delete", &[("id", &nobody)])
            .await,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        owner
            .status(
                "/api/bia/dependency/remove",
                &[("source", &id), ("target", &ledger)]
            )
            .await,
        StatusCode::NOT_FOUND
    );

    // Deleting a process takes its dependencies with it.
    ok(depend(&owner, &id, &ledger).await);
    assert_eq!(
        owner
            .status("/api/bia/process/delete", &[("id", &id)])
            .await,
        StatusCode::OK
    );
    assert_eq!(app.count("dependencies").await, 0);
    assert_eq!(
        owner.status("/api/bia/process", &[("id", &id)]).await,
        StatusCode::NOT_FOUND
    );
}
