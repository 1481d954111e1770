//! Every organisation's data is its own: a member of organisation A, even its
//! owner, can neither read nor change anything of organisation B through any
//! server function. The table below names every server function; a new one
//! fails `every_server_function_is_covered` until it is added here.

use crate::support::{Client, TestApp};
use reqwest::StatusCode;
use serde_json::{Value, json};

pub(crate) struct World {
    pub(crate) app: TestApp,
    pub(crate) a: Client,
    pub(crate) b: Client,
    pub(crate) b_member_id: String,
    pub(crate) b_invite_id: String,
    pub(crate) b_invite_token: String,
    pub(crate) b_org_id: String,
    /// B's process "Bravo Payroll", which depends on B's system "Bravo Ledger".
    pub(crate) b_process_id: String,
    pub(crate) b_resource_id: String,
    pub(crate) a_process_id: String,
    /// B's workshop over "Bravo Payroll".
    pub(crate) b_workshop_id: String,
    /// B's system "Bravo Orders", hosted at B's site "Bravo DC", with a tier,
    /// a backup design and the backup copy "Bravo vault".
    pub(crate) b_system_id: String,
    pub(crate) b_site_id: String,
    pub(crate) b_copy_id: String,
    /// A's system "Alpha Shop".
    pub(crate) a_system_id: String,
    /// B's drill plan "Bravo restore" over "Bravo Orders", with a run of it,
    /// the run's measurement of the system, a logged step and an action.
    pub(crate) b_plan_id: String,
    pub(crate) b_run_id: String,
    pub(crate) b_measure_id: String,
    pub(crate) b_step_id: String,
    pub(crate) b_action_id: String,
    /// A's own plan and run, to aim B's identifiers at.
    pub(crate) a_plan_id: String,
    pub(crate) a_run_id: String,
    /// B's uploaded evidence "Bravo restore report", linked to PCI DSS
    /// 12.10.2 (answered by B), and its imported catalog "bravo-internal".
    pub(crate) b_evidence_id: String,
    pub(crate) b_version_id: String,
    /// B's generated plan, submitted to B's executive "Ezra" for sign-off.
    pub(crate) b_document_id: String,
    pub(crate) b_document_sha256: String,
    pub(crate) b_review_id: String,
    pub(crate) b_executive_id: String,
    /// A's own generated plan.
    pub(crate) a_document_id: String,
}

/// The fields of a drill plan; `id` for an update.
fn plan_form(id: Option<&str>, title: &str) -> Vec<(&'static str, String)> {
    let mut form: Vec<(&'static str, String)> = [
        ("title", title),
        ("kind", "backup_restore"),
        ("scenario", ""),
        ("owner", ""),
        ("participants", ""),
        ("first_on", "2026-01-05"),
        ("at_time", "09:00"),
        ("zone", "Europe/London"),
        ("duration", "4h"),
        ("repeat", "quarterly"),
    ]
    .into_iter()
    .map(|(k, v)| (k, v.to_string()))
    .collect();
    if let Some(id) = id {
        form.push(("id", id.to_string()));
    }
    form
}

/// Creates a plan over `system`, records a run of it, and returns the ids
/// of the plan, the run and the run's measurement of the system.
async fn drill(client: &Client, title: &str, system: &str) -> (String, String, String) {
    let plan = post(client, "/api/drills/plan/create", &plan_form(None, title))
        .await
        .as_str()
        .unwrap()
        .to_string();
    post(
        client,
        "/api/drills/plan/scope/add",
        &[("plan", plan.clone()), ("node", system.to_string())],
    )
    .await;
    let run = post(
        client,
        "/api/drills/run/record",
        &[
            ("plan", plan.clone()),
            ("occurrence", String::new()),
            ("started", "2026-06-01T09:00".into()),
            ("ended", "2026-06-01T13:00".into()),
        ],
    )
    .await
    .as_str()
    .unwrap()
    .to_string();
    let (_, detail) = client.call("/api/drills/run", &[("id", &run)]).await;
    let measure = detail["systems"][0]["id"].as_str().unwrap().to_string();
    (plan, run, measure)
}

/// Creates a process and returns its id.
async fn process(client: &Client, name: &str) -> String {
    let (status, body) = client
        .call(
            "/api/bia/process/create",
            &[
                ("name", name),
                ("department", ""),
                ("owner", ""),
                ("description", ""),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    body.as_str()
        .unwrap()
        .rsplit('/')
        .next()
        .unwrap()
        .to_string()
}

/// The fields of a system; `id` for an update.
fn system_form(id: Option<&str>, name: &str, site: &str) -> Vec<(&'static str, String)> {
    let mut form = vec![
        ("name", name.to_string()),
        ("owner", String::new()),
        ("component", "database".to_string()),
        ("environment", "production".to_string()),
        ("hosting", "cloud".to_string()),
        ("provider", String::new()),
        ("region", String::new()),
        ("data_class", "internal".to_string()),
        ("rto", "4h".to_string()),
        ("rpo", "1h".to_string()),
        ("primary_site", site.to_string()),
        ("recovery_site", String::new()),
        ("notes", String::new()),
    ];
    if let Some(id) = id {
        form.push(("id", id.to_string()));
    }
    form
}

fn backup_form(id: &str) -> Vec<(&'static str, String)> {
    [
        ("id", id),
        ("full_every", "1 week"),
        ("partial_kind", "incremental"),
        ("partial_every", "1h"),
        ("retention_days", "30"),
        ("archive_days", "365"),
        ("replication", "async"),
        ("replication_lag", "5 min"),
        ("restore_tested_on", ""),
        ("restore_minutes", ""),
        ("restore_errors", ""),
    ]
    .into_iter()
    .map(|(k, v)| (k, v.to_string()))
    .collect()
}

/// Calls a server function with a form of owned values.
async fn post(client: &Client, path: &str, form: &[(&'static str, String)]) -> Value {
    let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let (status, body) = client.call(path, &form).await;
    assert_eq!(status, StatusCode::OK, "{path}: {body}");
    body
}

pub(crate) async fn world() -> World {
    let app = TestApp::spawn().await;
    let a = app.signed_up("alice@a.example", "Org A").await;
    let b = app.signed_up("bob@b.example", "Org B").await;
    app.join(&b, "bea@b.example", "editor").await;
    let b_member_id = b.member_id("bea@b.example").await;
    let b_invite_token = b.invite("pending@b.example", "auditor").await;
    let (_, list) = b.call("/api/members/list", &[]).await;
    let b_invite_id = list["invites"][0]["id"].as_str().unwrap().to_string();
    let b_org_id = b.session().await["current"]["org_id"]
        .as_str()
        .unwrap()
        .to_string();
    let b_process_id = process(&b, "Bravo Payroll").await;
    let (_, id) = b
        .call(
            "/api/bia/resource/create",
            &[
                ("kind", "system"),
                ("name", "Bravo Ledger"),
                ("owner", ""),
                ("category", ""),
                ("contact", ""),
                ("rto", "24h"),
                ("rpo", ""),
                ("notes", ""),
            ],
        )
        .await;
    let b_resource_id = id.as_str().unwrap().to_string();
    let (status, _) = b
        .call(
            "/api/bia/dependency/add",
            &[("source", &b_process_id), ("target", &b_resource_id)],
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let a_process_id = process(&a, "Alpha Sales").await;
    let (status, path) = b
        .call_json(
            "/api/workshops/create",
            &json!({ "title": "Bravo workshop", "processes": [b_process_id] }),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{path}");
    let b_workshop_id = path
        .as_str()
        .unwrap()
        .rsplit('/')
        .next()
        .unwrap()
        .to_string();
    let b_site_id = post(
        &b,
        "/api/bia/resource/create",
        &[
            ("kind", "site".into()),
            ("name", "Bravo DC".into()),
            ("owner", String::new()),
            ("category", String::new()),
            ("contact", String::new()),
            ("rto", String::new()),
            ("rpo", String::new()),
            ("notes", String::new()),
        ],
    )
    .await
    .as_str()
    .unwrap()
    .to_string();
    post(
        &b,
        "/api/systems/site",
        &[
            ("id", b_site_id.clone()),
            ("role", "primary".into()),
            ("readiness", "hot".into()),
            ("failover", "active_passive".into()),
            ("location", "Bravo street".into()),
            ("activation", String::new()),
        ],
    )
    .await;
    let b_system_id = post(
        &b,
        "/api/systems/create",
        &system_form(None, "Bravo Orders", &b_site_id),
    )
    .await
    .as_str()
    .unwrap()
    .to_string();
    post(
        &b,
        "/api/bia/dependency/add",
        &[
            ("source", b_process_id.clone()),
            ("target", b_system_id.clone()),
        ],
    )
    .await;
    post(
        &b,
        "/api/system/tier",
        &[
            ("id", b_system_id.clone()),
            ("tier", "6".into()),
            ("reason", String::new()),
        ],
    )
    .await;
    post(&b, "/api/system/backup", &backup_form(&b_system_id)).await;
    post(
        &b,
        "/api/system/copy/add",
        &[
            ("system", b_system_id.clone()),
            ("label", "Bravo vault".into()),
            ("media", "tape".into()),
            ("location", String::new()),
            ("offsite", "on".into()),
        ],
    )
    .await;
    let (_, b_system) = b.call("/api/system", &[("id", &b_system_id)]).await;
    let b_copy_id = b_system["profile"]["design"]["copies"][0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let a_system_id = post(
        &a,
        "/api/systems/create",
        &system_form(None, "Alpha Shop", ""),
    )
    .await
    .as_str()
    .unwrap()
    .to_string();
    let (b_plan_id, b_run_id, b_measure_id) = drill(&b, "Bravo restore", &b_system_id).await;
    post(
        &b,
        "/api/drills/run/measure",
        &[
            ("run", b_run_id.clone()),
            ("measure", b_measure_id.clone()),
            ("recovered", "on".into()),
            ("recovery", "5h".into()),
            ("data_loss", "0".into()),
        ],
    )
    .await;
    post(
        &b,
        "/api/drills/run/step/add",
        &[
            ("run", b_run_id.clone()),
            ("at", "2026-06-01T09:30".into()),
            ("who", "Bea".into()),
            ("what", "Bravo restore started".into()),
        ],
    )
    .await;
    post(
        &b,
        "/api/drills/action/add",
        &[
            ("run", b_run_id.clone()),
            ("title", "Bravo follow-up".into()),
            ("owner", String::new()),
            ("due_on", "2026-07-01".into()),
        ],
    )
    .await;
    post(&b, "/api/drills/feed/reset", &[]).await;
    post(&b, "/api/drills/frameworks", &[("pci", "on".into())]).await;
    let (status, up) = b
        .upload(
            "/evidence/upload",
            &[
                ("title", "Bravo restore report"),
                ("effective_on", "2026-06-02"),
                ("valid_months", "12"),
                ("framework", "pci"),
                ("control", "12.10.2"),
            ],
            Some(("bravo.pdf", b"%PDF-1.4\nBravo\n%%EOF\n".to_vec())),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{up}");
    let b_evidence_id = up["evidence"].as_str().unwrap().to_string();
    let (_, item) = b
        .call("/api/evidence/item", &[("id", &b_evidence_id)])
        .await;
    let b_version_id = item["versions"][0]["id"].as_str().unwrap().to_string();
    post(
        &b,
        "/api/controls/answer",
        &[
            ("framework", "pci".into()),
            ("id", "12.10.2".into()),
            ("status", "implemented".into()),
            ("notes", "Bravo notes".into()),
        ],
    )
    .await;
    let (status, imported) = b
        .upload(
            "/controls/import",
            &[
                ("framework", "bravo-internal"),
                ("name", "Bravo internal"),
                ("version", "1"),
            ],
            Some(("bravo.csv", b"id,title\nBR-1,Bravo control\n".to_vec())),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{imported}");
    let (_, b_run) = b.call("/api/drills/run", &[("id", &b_run_id)]).await;
    let b_step_id = b_run["steps"][0]["id"].as_str().unwrap().to_string();
    let b_action_id = b_run["actions"][0]["id"].as_str().unwrap().to_string();
    let (a_plan_id, a_run_id, _) = drill(&a, "Alpha restore", &a_system_id).await;
    app.join(&b, "ezra@b.example", "executive").await;
    let b_executive_id = b.member_id("ezra@b.example").await;
    let b_document_id = crate::reports::generate(&b, &[("kind", "plan")]).await;
    let row = crate::reports::finished(&b, &b_document_id).await;
    assert_eq!(row["status"], "ready", "{row}");
    let b_document_sha256 = row["sha256"].as_str().unwrap().to_string();
    let (status, review) = b
        .call(
            "/api/reports/review/submit",
            &[("document", &b_document_id), ("signers[]", &b_executive_id)],
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{review}");
    let b_review_id = review.as_str().unwrap().to_string();
    let a_document_id = crate::reports::generate(&a, &[("kind", "plan")]).await;
    crate::reports::finished(&a, &a_document_id).await;
    World {
        a_document_id,
        b_document_id,
        b_document_sha256,
        b_review_id,
        b_executive_id,
        b_evidence_id,
        b_version_id,
        b_plan_id,
        b_run_id,
        b_measure_id,
        b_step_id,
        b_action_id,
        a_plan_id,
        a_run_id,
        app,
        a,
        b,
        b_member_id,
        b_invite_id,
        b_invite_token,
        b_org_id,
        b_process_id,
        b_resource_id,
        a_process_id,
        b_workshop_id,
        b_system_id,
        b_site_id,
        b_copy_id,
        a_system_id,
    }
}

/// What B looks like from B's side; must be unchanged after A's attempts.
pub(crate) async fn b_state(w: &World) -> (Value, Value, Value, Value, Value) {
    let members = w.b.call("/api/members/list", &[]).await.1;
    let settings = w.b.call("/api/orgs/settings", &[]).await.1;
    let log = w.b.call("/api/audit/list", &[]).await.1;
    let mut bia = Vec::new();
    for (path, form) in [
        ("/api/bia/overview", vec![]),
        ("/api/bia/graph", vec![]),
        ("/api/bia/scale", vec![]),
        ("/api/bia/approved", vec![]),
        ("/api/bia/process", vec![("id", w.b_process_id.as_str())]),
        ("/api/bia/resource", vec![("id", w.b_resource_id.as_str())]),
        ("/api/workshops/get", vec![("id", w.b_workshop_id.as_str())]),
    ] {
        bia.push(w.b.call(path, &form).await.1);
    }
    let mut systems = Vec::new();
    for (path, form) in [
        ("/api/systems", vec![]),
        ("/api/systems/gaps", vec![]),
        ("/api/systems/sites", vec![]),
        ("/api/systems/costs", vec![]),
        ("/api/system", vec![("id", w.b_system_id.as_str())]),
    ] {
        systems.push(w.b.call(path, &form).await.1);
    }
    let compared =
        w.b.call_get("/api/systems/compare", &[("ids", w.b_system_id.as_str())])
            .await
            .1;
    systems.push(compared);
    for (path, form) in [
        ("/api/drills", vec![]),
        ("/api/drills/calendar", vec![("month", "2026-06")]),
        ("/api/drills/plan", vec![("id", w.b_plan_id.as_str())]),
        ("/api/drills/run", vec![("id", w.b_run_id.as_str())]),
        ("/api/controls", vec![]),
        ("/api/controls/imports", vec![]),
        (
            "/api/controls/control",
            vec![("framework", "pci"), ("id", "12.10.2")],
        ),
        ("/api/evidence", vec![]),
        ("/api/evidence/item", vec![("id", w.b_evidence_id.as_str())]),
        (
            "/api/reports/document",
            vec![("id", w.b_document_id.as_str())],
        ),
    ] {
        systems.push(w.b.call(path, &form).await.1);
    }
    (
        members,
        settings,
        log,
        Value::Array(bia),
        Value::Array(systems),
    )
}

pub(crate) fn mentions_b(body: &Value, w: &World) -> bool {
    // Whoever holds an invitation's token may know whom it invites.
    let text = body.to_string().replace("pending@b.example", "");
    text.contains("b.example")
        || text.contains("Org B")
        || text.contains(&w.b_org_id)
        || text.contains(&w.b_member_id)
        || text.contains("Bravo")
        || text.contains(&w.b_process_id)
        || text.contains(&w.b_resource_id)
        || text.contains(&w.b_workshop_id)
        || text.contains(&w.b_system_id)
        || text.contains(&w.b_site_id)
        || text.contains(&w.b_copy_id)
        || text.contains(&w.b_plan_id)
        || text.contains(&w.b_run_id)
        || text.contains(&w.b_measure_id)
        || text.contains(&w.b_step_id)
        || text.contains(&w.b_action_id)
        || text.contains(&w.b_evidence_id)
        || text.contains(&w.b_version_id)
        || text.contains(&w.b_document_id)
        || text.contains(&w.b_review_id)
        || text.contains(&w.b_executive_id)
        || text.contains("bravo-internal")
}

/// Each server function, called by A's owner with B's identifiers.
/// `Deny(status)`: refused. `OwnOnly`: answers, but only with A's data.
/// `Public`: not organisation data (signing in, invitation by its secret token).
pub(crate) enum Expect {
    Deny(StatusCode),
    OwnOnly,
    Public,
}

/// A server function, the form A's owner sends it, and what must happen.
pub(crate) type Case = (&'static str, Vec<(&'static str, String)>, Expect);
/// The same for server functions that take a JSON body.
pub(crate) type JsonCase = (&'static str, Value, Expect);

pub(crate) fn table(w: &World) -> Vec<Case> {
    use Expect::*;
    vec![
        (
            "/api/orgs/switch",
            vec![("org_id", w.b_org_id.clone())],
            Deny(StatusCode::NOT_FOUND),
        ),
        (
            "/api/members/role",
            vec![("user_id", w.b_member_id.clone()), ("role", "admin".into())],
            Deny(StatusCode::NOT_FOUND),
        ),
        (
            "/api/members/remove",
            vec![("user_id", w.b_member_id.clone())],
            Deny(StatusCode::NOT_FOUND),
        ),
        (
            "/api/invites/revoke",
            vec![("invite_id", w.b_invite_id.clone())],
            Deny(StatusCode::NOT_FOUND),
        ),
        // Accepting B's invitation needs the invited address; A's owner is not it.
        (
            "/api/invites/accept",
            vec![("token", w.b_invite_token.clone())],
            Deny(StatusCode::FORBIDDEN),
        ),
        ("/api/members/list", vec![], OwnOnly),
        ("/api/reports", vec![], OwnOnly),
        (
            "/api/reports/generate",
            vec![("kind", "plan".into())],
            OwnOnly,
        ),
        // B's imported framework is not one A can make a pack for.
        (
            "/api/reports/generate",
            vec![
                ("kind", "pack".into()),
                ("framework", "bravo-internal".into()),
            ],
            Deny(StatusCode::UNPROCESSABLE_ENTITY),
        ),
        (
            "/api/reports/document",
            vec![("id", w.b_document_id.clone())],
            Deny(StatusCode::NOT_FOUND),
        ),
        (
            "/api/reports/review/submit",
            vec![
                ("document", w.b_document_id.clone()),
                ("signers[]", w.b_executive_id.clone()),
            ],
            Deny(StatusCode::NOT_FOUND),
        ),
        // B's executive is no one A can ask to sign.
        (
            "/api/reports/review/submit",
            vec![
                ("document", w.a_document_id.clone()),
                ("signers[]", w.b_executive_id.clone()),
            ],
            Deny(StatusCode::UNPROCESSABLE_ENTITY),
        ),
        // Only executives decide; A's executive is refused in reviews.rs.
        (
            "/api/reports/review/decide",
            vec![
                ("review", w.b_review_id.clone()),
                ("decision", "approve".into()),
                ("sha256", w.b_document_sha256.clone()),
            ],
            Deny(StatusCode::FORBIDDEN),
        ),
        (
            "/api/reports/review/withdraw",
            vec![("review", w.b_review_id.clone())],
            Deny(StatusCode::NOT_FOUND),
        ),
        // B's file is unknown to A: no match, nothing of B's named.
        (
            "/api/reports/verify",
            vec![("sha256", w.b_document_sha256.clone())],
            OwnOnly,
        ),
        ("/api/dashboard", vec![], OwnOnly),
        ("/api/audit/verify", vec![], OwnOnly),
        (
            "/api/audit/list",
            vec![("actor", "bob@b.example".into())],
            OwnOnly,
        ),
        ("/api/orgs/settings", vec![], OwnOnly),
        (
            "/api/orgs/rename",
            vec![("name", "Renamed A".into())],
            OwnOnly,
        ),
        (
            "/api/invites/create",
            vec![("email", "bea@b.example".into()), ("role", "admin".into())],
            OwnOnly,
        ),
        // The business impact analysis: B's process, its system, the edge.
        (
            "/api/bia/process",
            vec![("id", w.b_process_id.clone())],
            Deny(StatusCode::NOT_FOUND),
        ),
        (
            "/api/bia/process/update",
            vec![
                ("id", w.b_process_id.clone()),
                ("name", "Renamed".into()),
                ("department", "".into()),
                ("owner", "".into()),
                ("description", "".into()),
                ("products", "".into()),
                ("peak_periods", "".into()),
                ("mbco", "".into()),
            ],
            Deny(StatusCode::NOT_FOUND),
        ),
        (
            "/api/bia/process/objectives",
            vec![
                ("id", w.b_process_id.clone()),
                ("rto", "1h".into()),
                ("rpo", "".into()),
                ("wrt", "".into()),
            ],
            Deny(StatusCode::NOT_FOUND),
        ),
        (
            "/api/bia/process/delete",
            vec![("id", w.b_process_id.clone())],
            Deny(StatusCode::NOT_FOUND),
        ),
        (
            "/api/bia/resource",
            vec![("id", w.b_resource_id.clone())],
            Deny(StatusCode::NOT_FOUND),
        ),
        (
            "/api/bia/resource/update",
            resource_form(Some(&w.b_resource_id), "Renamed"),
            Deny(StatusCode::NOT_FOUND),
        ),
        (
            "/api/bia/resource/delete",
            vec![("id", w.b_resource_id.clone())],
            Deny(StatusCode::NOT_FOUND),
        ),
        (
            "/api/bia/dependency/add",
            vec![
                ("source", w.b_process_id.clone()),
                ("target", w.b_resource_id.clone()),
            ],
            Deny(StatusCode::NOT_FOUND),
        ),
        // A's own process cannot be made to depend on B's system.
        (
            "/api/bia/dependency/add",
            vec![
                ("source", w.a_process_id.clone()),
                ("target", w.b_resource_id.clone()),
            ],
            Deny(StatusCode::UNPROCESSABLE_ENTITY),
        ),
        (
            "/api/bia/dependency/remove",
            vec![
                ("source", w.b_process_id.clone()),
                ("target", w.b_resource_id.clone()),
            ],
            Deny(StatusCode::NOT_FOUND),
        ),
        ("/api/bia/overview", vec![], OwnOnly),
        ("/api/bia/resources", vec![], OwnOnly),
        ("/api/bia/graph", vec![], OwnOnly),
        ("/api/bia/scale", vec![], OwnOnly),
        ("/api/bia/approved", vec![], OwnOnly),
        (
            "/api/bia/process/create",
            vec![
                ("name", "Alpha Billing".into()),
                ("department", "".into()),
                ("owner", "".into()),
                ("description", "".into()),
            ],
            OwnOnly,
        ),
        (
            "/api/bia/resource/create",
            resource_form(None, "Alpha Ledger"),
            OwnOnly,
        ),
        (
            "/api/bia/scale/settings",
            vec![
                ("threshold", "3".into()),
                ("currency", "EUR".into()),
                ("review_months", "6".into()),
                ("buckets", "1h, 4h, 24h, 1w".into()),
            ],
            OwnOnly,
        ),
        (
            "/api/bia/scale/category",
            vec![
                ("key", "".into()),
                ("label", "Environmental".into()),
                ("level1", "None".into()),
                ("level2", "Minor".into()),
                ("level3", "Moderate".into()),
                ("level4", "Major".into()),
                ("level5", "Severe".into()),
            ],
            OwnOnly,
        ),
        (
            "/api/bia/scale/category/remove",
            vec![("key", "environmental".into())],
            OwnOnly,
        ),
        // A's own review cycle, in an order in which each step is allowed.
        ("/api/bia/review/submit", vec![], OwnOnly),
        (
            "/api/bia/review/return",
            vec![("comment", "Not yet.".into())],
            OwnOnly,
        ),
        ("/api/bia/review/submit", vec![], OwnOnly),
        (
            "/api/bia/review/approve",
            vec![("comment", "".into())],
            OwnOnly,
        ),
        // Systems and DR: B's system, its backup copy and B's site.
        (
            "/api/system",
            vec![("id", w.b_system_id.clone())],
            Deny(StatusCode::NOT_FOUND),
        ),
        (
            "/api/systems/update",
            system_form(Some(&w.b_system_id), "Renamed", ""),
            Deny(StatusCode::NOT_FOUND),
        ),
        (
            "/api/system/tier",
            vec![
                ("id", w.b_system_id.clone()),
                ("tier", "1".into()),
                ("reason", "Cheaper.".into()),
            ],
            Deny(StatusCode::NOT_FOUND),
        ),
        (
            "/api/system/backup",
            backup_form(&w.b_system_id),
            Deny(StatusCode::NOT_FOUND),
        ),
        (
            "/api/system/copy/add",
            vec![
                ("system", w.b_system_id.clone()),
                ("label", "Alpha's copy".into()),
                ("media", "disk".into()),
                ("location", String::new()),
            ],
            Deny(StatusCode::NOT_FOUND),
        ),
        (
            "/api/system/copy/remove",
            vec![("id", w.b_copy_id.clone())],
            Deny(StatusCode::NOT_FOUND),
        ),
        (
            "/api/system/delete",
            vec![("id", w.b_system_id.clone())],
            Deny(StatusCode::NOT_FOUND),
        ),
        (
            "/api/systems/site",
            vec![
                ("id", w.b_site_id.clone()),
                ("role", "secondary".into()),
                ("readiness", "cold".into()),
                ("failover", "active_active".into()),
                ("location", String::new()),
                ("activation", String::new()),
            ],
            Deny(StatusCode::NOT_FOUND),
        ),
        // A's systems cannot be placed at B's site, new or existing.
        (
            "/api/systems/create",
            system_form(None, "Alpha Billing", &w.b_site_id),
            Deny(StatusCode::UNPROCESSABLE_ENTITY),
        ),
        (
            "/api/systems/update",
            system_form(Some(&w.a_system_id), "Alpha Shop", &w.b_site_id),
            Deny(StatusCode::UNPROCESSABLE_ENTITY),
        ),
        ("/api/systems", vec![], OwnOnly),
        ("/api/systems/gaps", vec![], OwnOnly),
        ("/api/systems/glance", vec![], OwnOnly),
        ("/api/systems/sites", vec![], OwnOnly),
        ("/api/systems/costs", vec![], OwnOnly),
        (
            "/api/systems/create",
            system_form(None, "Alpha Billing", ""),
            OwnOnly,
        ),
        (
            "/api/systems/costs/save",
            vec![
                ("one_off[0]", "1".into()),
                ("one_off[1]", "2".into()),
                ("one_off[2]", "3".into()),
                ("one_off[3]", "4".into()),
                ("one_off[4]", "5".into()),
                ("one_off[5]", "6".into()),
                ("one_off[6]", "7".into()),
                ("yearly[0]", "1".into()),
                ("yearly[1]", "2".into()),
                ("yearly[2]", "3".into()),
                ("yearly[3]", "4".into()),
                ("yearly[4]", "5".into()),
                ("yearly[5]", "6".into()),
                ("yearly[6]", "7".into()),
                ("disaster_every_years", "5".into()),
                ("horizon_years", "2".into()),
                ("restore_test_months", "6".into()),
            ],
            OwnOnly,
        ),
        // Drills: B's plan, run, measurement, step and action.
        (
            "/api/drills/plan",
            vec![("id", w.b_plan_id.clone())],
            Deny(StatusCode::NOT_FOUND),
        ),
        (
            "/api/drills/plan/update",
            plan_form(Some(&w.b_plan_id), "Renamed"),
            Deny(StatusCode::NOT_FOUND),
        ),
        (
            "/api/drills/plan/delete",
            vec![("id", w.b_plan_id.clone())],
            Deny(StatusCode::NOT_FOUND),
        ),
        (
            "/api/drills/plan/scope/add",
            vec![
                ("plan", w.b_plan_id.clone()),
                ("node", w.a_system_id.clone()),
            ],
            Deny(StatusCode::NOT_FOUND),
        ),
        // A's plan cannot take in B's system.
        (
            "/api/drills/plan/scope/add",
            vec![
                ("plan", w.a_plan_id.clone()),
                ("node", w.b_system_id.clone()),
            ],
            Deny(StatusCode::UNPROCESSABLE_ENTITY),
        ),
        (
            "/api/drills/plan/scope/remove",
            vec![
                ("plan", w.b_plan_id.clone()),
                ("node", w.b_system_id.clone()),
            ],
            Deny(StatusCode::NOT_FOUND),
        ),
        (
            "/api/drills/run/record",
            vec![
                ("plan", w.b_plan_id.clone()),
                ("occurrence", String::new()),
                ("started", "2026-06-02T09:00".into()),
                ("ended", "2026-06-02T10:00".into()),
            ],
            Deny(StatusCode::NOT_FOUND),
        ),
        (
            "/api/drills/run",
            vec![("id", w.b_run_id.clone())],
            Deny(StatusCode::NOT_FOUND),
        ),
        (
            "/api/drills/run/update",
            vec![
                ("id", w.b_run_id.clone()),
                ("started", "2026-06-01T09:00".into()),
                ("ended", "2026-06-01T10:00".into()),
                ("issues", "From A".into()),
                ("lessons", String::new()),
            ],
            Deny(StatusCode::NOT_FOUND),
        ),
        (
            "/api/drills/run/measure",
            vec![
                ("run", w.b_run_id.clone()),
                ("measure", w.b_measure_id.clone()),
                ("recovery", "1 min".into()),
                ("data_loss", "0".into()),
            ],
            Deny(StatusCode::NOT_FOUND),
        ),
        // A's own run with B's measurement.
        (
            "/api/drills/run/measure",
            vec![
                ("run", w.a_run_id.clone()),
                ("measure", w.b_measure_id.clone()),
                ("recovery", "1 min".into()),
                ("data_loss", "0".into()),
            ],
            Deny(StatusCode::NOT_FOUND),
        ),
        (
            "/api/drills/run/step/add",
            vec![
                ("run", w.b_run_id.clone()),
                ("at", "2026-06-01T09:30".into()),
                ("who", "A".into()),
                ("what", "Meddling".into()),
            ],
            Deny(StatusCode::NOT_FOUND),
        ),
        (
            "/api/drills/run/step/remove",
            vec![("run", w.b_run_id.clone()), ("step", w.b_step_id.clone())],
            Deny(StatusCode::NOT_FOUND),
        ),
        (
            "/api/drills/run/step/remove",
            vec![("run", w.a_run_id.clone()), ("step", w.b_step_id.clone())],
            Deny(StatusCode::NOT_FOUND),
        ),
        (
            "/api/drills/action/add",
            vec![
                ("run", w.b_run_id.clone()),
                ("title", "From A".into()),
                ("owner", String::new()),
                ("due_on", "2026-07-01".into()),
            ],
            Deny(StatusCode::NOT_FOUND),
        ),
        (
            "/api/drills/action/close",
            vec![("id", w.b_action_id.clone()), ("closed", "true".into())],
            Deny(StatusCode::NOT_FOUND),
        ),
        ("/api/drills", vec![], OwnOnly),
        (
            "/api/drills/calendar",
            vec![("month", "2026-06".into())],
            OwnOnly,
        ),
        (
            "/api/drills/plan/create",
            plan_form(None, "Alpha tabletop"),
            OwnOnly,
        ),
        ("/api/drills/feed/reset", vec![], OwnOnly),
        ("/api/drills/feed/revoke", vec![], OwnOnly),
        (
            "/api/drills/frameworks",
            vec![("soc2", "on".into())],
            OwnOnly,
        ),
        ("/api/controls", vec![], OwnOnly),
        ("/api/controls/imports", vec![], OwnOnly),
        (
            "/api/controls/checklist",
            vec![
                ("framework", "pci".into()),
                ("status", "implemented".into()),
            ],
            OwnOnly,
        ),
        (
            "/api/controls/checklist",
            vec![("framework", "bravo-internal".into())],
            Deny(StatusCode::NOT_FOUND),
        ),
        (
            "/api/controls/control",
            vec![("framework", "pci".into()), ("id", "12.10.2".into())],
            OwnOnly,
        ),
        (
            "/api/controls/answer",
            vec![
                ("framework", "bravo-internal".into()),
                ("id", "BR-1".into()),
                ("status", "implemented".into()),
            ],
            Deny(StatusCode::NOT_FOUND),
        ),
        (
            "/api/controls/import/remove",
            vec![("framework", "bravo-internal".into())],
            Deny(StatusCode::NOT_FOUND),
        ),
        ("/api/evidence", vec![], OwnOnly),
        (
            "/api/evidence/item",
            vec![("id", w.b_evidence_id.clone())],
            Deny(StatusCode::NOT_FOUND),
        ),
        (
            "/api/evidence/record",
            vec![
                ("title", "Alpha runbook".into()),
                ("kind", "link".into()),
                ("url", "https://a.example/runbook".into()),
                ("effective_on", "2026-06-01".into()),
                ("framework", "bravo-internal".into()),
                ("control", "BR-1".into()),
            ],
            Deny(StatusCode::NOT_FOUND),
        ),
        (
            "/api/evidence/link",
            vec![
                ("item", w.b_evidence_id.clone()),
                ("target_type", "control".into()),
                ("target_id", "pci:12.10.1".into()),
            ],
            Deny(StatusCode::NOT_FOUND),
        ),
        (
            "/api/evidence/unlink",
            vec![
                ("item", w.b_evidence_id.clone()),
                ("target_type", "control".into()),
                ("target_id", "pci:12.10.2".into()),
            ],
            Deny(StatusCode::NOT_FOUND),
        ),
        (
            "/api/evidence/validity",
            vec![
                ("item", w.b_evidence_id.clone()),
                ("effective_on", "2020-01-01".into()),
                ("valid_months", "3".into()),
            ],
            Deny(StatusCode::NOT_FOUND),
        ),
        (
            "/api/evidence/drill",
            vec![
                ("run", w.b_run_id.clone()),
                ("framework", "pci".into()),
                ("control", "12.10.2".into()),
            ],
            Deny(StatusCode::NOT_FOUND),
        ),
        // Last: creating an organisation switches A's owner into it.
        ("/api/orgs/create", vec![("name", "Org A2".into())], OwnOnly),
        ("/api/session", vec![], OwnOnly),
        // The invitation's secret token is the permission to see it.
        (
            "/api/invites/details",
            vec![("token", w.b_invite_token.clone())],
            Public,
        ),
        ("/api/auth/signup", vec![], Public),
        ("/api/auth/login", vec![], Public),
        ("/api/auth/logout", vec![], Public),
        ("/api/demo/available", vec![], Public),
        ("/api/demo/create", vec![], Public),
        // Workshops: B's workshop is invisible and untouchable.
        ("/api/workshops/list", vec![], OwnOnly),
        (
            "/api/workshops/get",
            vec![("id", w.b_workshop_id.clone())],
            Deny(StatusCode::NOT_FOUND),
        ),
        (
            "/api/workshops/join",
            vec![("id", w.b_workshop_id.clone())],
            Deny(StatusCode::NOT_FOUND),
        ),
        (
            "/api/workshops/goto",
            vec![
                ("id", w.b_workshop_id.clone()),
                ("process", w.b_process_id.clone()),
                ("step", "financial".into()),
            ],
            Deny(StatusCode::NOT_FOUND),
        ),
        (
            "/api/workshops/status",
            vec![("id", w.b_workshop_id.clone()), ("status", "closed".into())],
            Deny(StatusCode::NOT_FOUND),
        ),
        (
            "/api/workshops/note",
            vec![
                ("id", w.b_workshop_id.clone()),
                ("process", String::new()),
                ("text", "A note from A".into()),
            ],
            Deny(StatusCode::NOT_FOUND),
        ),
    ]
}

/// Server functions that take a JSON body, as A's owner calls them.
pub(crate) fn json_table(w: &World) -> Vec<JsonCase> {
    use Expect::*;
    vec![
        (
            "/api/bia/process/assessment",
            json!({
                "id": w.b_process_id,
                "assessment": {"ratings": {"customer": {"60": 5}}, "losses": {}},
            }),
            Deny(StatusCode::NOT_FOUND),
        ),
        // A workshop of A cannot include B's process.
        (
            "/api/workshops/create",
            json!({ "title": "Borrowed", "processes": [w.b_process_id] }),
            Deny(StatusCode::UNPROCESSABLE_ENTITY),
        ),
        (
            "/api/workshops/propose",
            json!({
                "id": w.b_workshop_id, "process": w.b_process_id, "step": "financial",
                "values": [1, 1, 1, 1, 1, 1, 1, 1, 1], "comment": "",
            }),
            Deny(StatusCode::NOT_FOUND),
        ),
        (
            "/api/workshops/agree",
            json!({
                "id": w.b_workshop_id, "process": w.b_process_id, "step": "financial",
                "values": [1, 1, 1, 1, 1, 1, 1, 1, 1],
            }),
            Deny(StatusCode::NOT_FOUND),
        ),
        // Rows are matched by name within A only.
        (
            "/api/bia/import",
            json!({"csv": "name,department,rto\nAlpha Imported,Operations,4h\n"}),
            OwnOnly,
        ),
        (
            "/api/systems/import",
            json!({"csv": "name,component,target_rto\nAlpha Imported System,database,4h\n"}),
            OwnOnly,
        ),
    ]
}

/// Server functions that read their arguments from the query string (GET).
pub(crate) fn get_table(w: &World) -> Vec<Case> {
    use Expect::*;
    vec![
        (
            "/api/systems/compare",
            vec![("ids", w.b_system_id.clone())],
            Deny(StatusCode::NOT_FOUND),
        ),
        // Beside A's own system, B's is still unknown.
        (
            "/api/systems/compare",
            vec![("ids", format!("{},{}", w.a_system_id, w.b_system_id))],
            Deny(StatusCode::NOT_FOUND),
        ),
        (
            "/api/systems/compare",
            vec![("ids", String::new())],
            OwnOnly,
        ),
        (
            "/api/systems/compare",
            vec![("ids", w.a_system_id.clone())],
            OwnOnly,
        ),
    ]
}

/// The fields of a system; `id` for an update.
fn resource_form(id: Option<&str>, name: &str) -> Vec<(&'static str, String)> {
    let mut form = vec![
        ("kind", "system".to_string()),
        ("name", name.to_string()),
        ("owner", String::new()),
        ("category", String::new()),
        ("contact", String::new()),
        ("rto", "1h".to_string()),
        ("rpo", String::new()),
        ("notes", String::new()),
    ];
    if let Some(id) = id {
        form.push(("id", id.to_string()));
    }
    form
}

fn check(w: &World, path: &str, expect: &Expect, got: StatusCode, body: &Value) {
    match expect {
        Expect::Deny(status) => {
            assert_eq!(got, *status, "{path}: {body}");
            assert!(!mentions_b(body, w), "{path} leaked B's data: {body}");
        }
        Expect::OwnOnly => {
            assert!(
                got.is_success() || got.is_redirection() || got == StatusCode::UNPROCESSABLE_ENTITY,
                "{path}: {got} {body}"
            );
            assert!(
                !mentions_b(body, w) || path == "/api/invites/create",
                "{path} leaked B's data: {body}"
            );
        }
        Expect::Public => {}
    }
}

#[tokio::test]
async fn organisation_a_cannot_read_or_change_organisation_b() {
    let w = world().await;
    let before = b_state(&w).await;
    for (path, json, expect) in json_table(&w) {
        let (got, body) = w.a.call_json(path, &json).await;
        check(&w, path, &expect, got, &body);
    }
    // Before the table, which ends by moving A's owner to a new organisation.
    for (path, query, expect) in get_table(&w) {
        let query: Vec<(&str, &str)> = query.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let (got, body) = w.a.call_get(path, &query).await;
        check(&w, path, &expect, got, &body);
    }
    for (path, form, expect) in table(&w) {
        if matches!(expect, Expect::Public) {
            continue;
        }
        let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let (got, body) = w.a.call(path, &form).await;
        check(&w, path, &expect, got, &body);
    }
    // A's invitation to a B member's address is A's own business: it creates
    // an invitation in A and nothing in B.
    assert_eq!(
        b_state(&w).await.0,
        before.0,
        "B's members or invitations changed"
    );
    assert_eq!(b_state(&w).await.1, before.1, "B's settings changed");
    assert_eq!(
        b_state(&w).await.2["page"],
        before.2["page"],
        "B's audit log changed"
    );
    assert_eq!(b_state(&w).await.3, before.3, "B's BIA changed");
    assert_eq!(b_state(&w).await.4, before.4, "B's systems changed");
    let a_session = w.a.session().await;
    assert!(
        a_session["orgs"]
            .as_array()
            .unwrap()
            .iter()
            .all(|o| o["name"] != "Org B")
    );
    drop(w.app);
}

#[tokio::test]
async fn every_server_function_is_covered() {
    let w = world().await;
    let covered: Vec<&str> = table(&w)
        .iter()
        .map(|(p, _, _)| *p)
        .chain(json_table(&w).iter().map(|(p, _, _)| *p))
        .chain(get_table(&w).iter().map(|(p, _, _)| *p))
        .collect();
    let mut missing = Vec::new();
    for (path, _method) in server_fn::axum::server_fn_paths() {
        if !covered.contains(&path) {
            missing.push(path);
        }
    }
    assert!(
        missing.is_empty(),
        "server functions missing from the isolation table: {missing:?}"
    );
}
