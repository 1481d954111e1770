//! Every organisation's data is its own: a member of organisation A, even its
//! owner, can neither read nor change anything of organisation B through any
//! server function. The table below names every server function; a new one
//! fails `every_server_function_is_covered` until it is added here.

use crate::support::{Client, TestApp};
use reqwest::StatusCode;
use serde_json::{Value, json};

struct World {
    app: TestApp,
    a: Client,
    b: Client,
    b_member_id: String,
    b_invite_id: String,
    b_invite_token: String,
    b_org_id: String,
    /// B's process "Bravo Payroll", which depends on B's system "Bravo Ledger".
    b_process_id: String,
    b_resource_id: String,
    a_process_id: String,
    /// B's workshop over "Bravo Payroll".
    b_workshop_id: String,
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

async fn world() -> World {
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
    World {
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
    }
}

/// What B looks like from B's side; must be unchanged after A's attempts.
async fn b_state(w: &World) -> (Value, Value, Value, Value) {
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
    (members, settings, log, Value::Array(bia))
}

fn mentions_b(body: &Value, w: &World) -> bool {
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
}

/// Each server function, called by A's owner with B's identifiers.
/// `Deny(status)`: refused. `OwnOnly`: answers, but only with A's data.
/// `Public`: not organisation data (signing in, invitation by its secret token).
enum Expect {
    Deny(StatusCode),
    OwnOnly,
    Public,
}

/// A server function, the form A's owner sends it, and what must happen.
type Case = (&'static str, Vec<(&'static str, String)>, Expect);
/// The same for server functions that take a JSON body.
type JsonCase = (&'static str, Value, Expect);

fn table(w: &World) -> Vec<Case> {
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
        ("/api/dashboard", vec![], OwnOnly),
        ("/api/audit/list", vec![], OwnOnly),
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
fn json_table(w: &World) -> Vec<JsonCase> {
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
