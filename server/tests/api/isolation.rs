//! Every organisation's data is its own: a member of organisation A, even its
//! owner, can neither read nor change anything of organisation B through any
//! server function. The table below names every server function; a new one
//! fails `every_server_function_is_covered` until it is added here.

use crate::support::{Client, TestApp};
use reqwest::StatusCode;
use serde_json::Value;

struct World {
    app: TestApp,
    a: Client,
    b: Client,
    b_member_id: String,
    b_invite_id: String,
    b_invite_token: String,
    b_org_id: String,
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
    World {
        app,
        a,
        b,
        b_member_id,
        b_invite_id,
        b_invite_token,
        b_org_id,
    }
}

/// What B looks like from B's side; must be unchanged after A's attempts.
async fn b_state(w: &World) -> (Value, Value, Value) {
    let members = w.b.call("/api/members/list", &[]).await.1;
    let settings = w.b.call("/api/orgs/settings", &[]).await.1;
    let log = w.b.call("/api/audit/list", &[]).await.1;
    (members, settings, log)
}

fn mentions_b(body: &Value, w: &World) -> bool {
    // Whoever holds an invitation's token may know whom it invites.
    let text = body.to_string().replace("pending@b.example", "");
    text.contains("b.example")
        || text.contains("Org B")
        || text.contains(&w.b_org_id)
        || text.contains(&w.b_member_id)
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
    ]
}

#[tokio::test]
async fn organisation_a_cannot_read_or_change_organisation_b() {
    let w = world().await;
    let before = b_state(&w).await;
    for (path, form, expect) in table(&w) {
        let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
        match expect {
            Expect::Deny(status) => {
                let (got, body) = w.a.call(path, &form).await;
                assert_eq!(got, status, "{path}: {body}");
                assert!(!mentions_b(&body, &w), "{path} leaked B's data: {body}");
            }
            Expect::OwnOnly => {
                let (got, body) = w.a.call(path, &form).await;
                assert!(
                    got.is_success()
                        || got.is_redirection()
                        || got == StatusCode::UNPROCESSABLE_ENTITY,
                    "{path}: {got} {body}"
                );
                assert!(
                    !mentions_b(&body, &w) || path == "/api/invites/create",
                    "{path} leaked B's data: {body}"
                );
            }
            Expect::Public => {}
        }
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
    let covered: Vec<&str> = table(&w).iter().map(|(p, _, _)| *p).collect();
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
