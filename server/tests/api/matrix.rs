//! Every server function, page and download, as each of the six roles of
//! one organisation, against the explicit table below: a role the table
//! does not name is refused with 403 and changes nothing; a role it names is
//! let through (whatever the call then answers: earlier calls may have
//! removed what it names). Together with `isolation.rs`, which calls the same
//! functions as another organisation's owner, this is the authorization
//! matrix: route × role × foreign organisation.

use crate::isolation::{World, b_state, get_table, json_table, table, world};
use crate::support::{Client, PASSWORD};
use reqwest::StatusCode;
use serde_json::Value;

/// The roles in the order they are tried: least able first, so that the
/// calls a role is refused are tried on data that more able roles have not
/// yet changed.
const ROLES: [(char, &str); 6] = [
    ('X', "executive"),
    ('U', "auditor"),
    ('C', "contributor"),
    ('E', "editor"),
    ('A', "admin"),
    ('O', "owner"),
];

/// Who may call each server function: O owner, A admin, E editor,
/// C contributor, U auditor, X executive; "*" for any signed-in user
/// whatever their role (the account's own session and organisations), and
/// "-" for no role (the call is refused for another reason, see `REFUSED`).
const MATRIX: &[(&str, &str)] = &[
    ("/api/audit/verify", "OAU"),
    ("/api/audit/list", "OAU"),
    ("/api/session", "*"),
    ("/api/auth/signup", "*"),
    ("/api/auth/login", "*"),
    ("/api/auth/logout", "*"),
    ("/api/bia/import", "OAE"),
    ("/api/bia/graph", "OAECUX"),
    ("/api/bia/overview", "OAECUX"),
    ("/api/bia/process/create", "OAE"),
    ("/api/bia/process", "OAECUX"),
    ("/api/bia/process/update", "OAE"),
    ("/api/bia/process/objectives", "OAE"),
    ("/api/bia/process/assessment", "OAE"),
    ("/api/bia/process/delete", "OAE"),
    ("/api/bia/resources", "OAECUX"),
    ("/api/bia/resource/create", "OAE"),
    ("/api/bia/resource", "OAECUX"),
    ("/api/bia/resource/update", "OAE"),
    ("/api/bia/resource/delete", "OAE"),
    ("/api/bia/dependency/add", "OAE"),
    ("/api/bia/dependency/remove", "OAE"),
    ("/api/bia/review/submit", "OAE"),
    ("/api/bia/review/approve", "OAX"),
    ("/api/bia/review/return", "OAX"),
    ("/api/bia/approved", "OAECUX"),
    ("/api/bia/scale", "OAECUX"),
    ("/api/bia/scale/settings", "OAE"),
    ("/api/bia/scale/category", "OAE"),
    ("/api/bia/scale/category/remove", "OAE"),
    ("/api/controls", "OAECUX"),
    ("/api/controls/checklist", "OAECUX"),
    ("/api/controls/control", "OAECUX"),
    ("/api/controls/answer", "OAE"),
    ("/api/controls/imports", "OAECUX"),
    ("/api/controls/import/remove", "OA"),
    ("/api/dashboard", "OAECUX"),
    ("/api/demo/available", "*"),
    ("/api/demo/create", "*"),
    ("/api/drills/plan/create", "OAE"),
    ("/api/drills/plan/update", "OAE"),
    ("/api/drills/plan/delete", "OAE"),
    ("/api/drills/plan/scope/add", "OAE"),
    ("/api/drills/plan/scope/remove", "OAE"),
    ("/api/drills/plan", "OAECUX"),
    ("/api/drills", "OAECUX"),
    ("/api/drills/calendar", "OAECUX"),
    ("/api/drills/feed/reset", "OA"),
    ("/api/drills/feed/revoke", "OA"),
    ("/api/drills/frameworks", "OA"),
    ("/api/drills/run/record", "OAEC"),
    ("/api/drills/run/update", "OAEC"),
    ("/api/drills/run/measure", "OAEC"),
    ("/api/drills/run/step/add", "OAEC"),
    ("/api/drills/run/step/remove", "OAEC"),
    ("/api/drills/action/add", "OAEC"),
    ("/api/drills/action/close", "OAEC"),
    ("/api/drills/run", "OAECUX"),
    ("/api/evidence", "OAECUX"),
    ("/api/evidence/item", "OAECUX"),
    ("/api/evidence/record", "OAEC"),
    ("/api/evidence/link", "OAEC"),
    ("/api/evidence/unlink", "OAEC"),
    ("/api/evidence/validity", "OAEC"),
    ("/api/evidence/drill", "OAEC"),
    ("/api/members/list", "OAECUX"),
    ("/api/members/role", "OA"),
    ("/api/members/remove", "OA"),
    ("/api/invites/create", "OA"),
    ("/api/invites/revoke", "OA"),
    ("/api/invites/details", "*"),
    ("/api/invites/accept", "*"),
    ("/api/orgs/switch", "*"),
    ("/api/orgs/create", "*"),
    ("/api/orgs/settings", "OA"),
    ("/api/orgs/rename", "OA"),
    ("/api/reports", "OAEUX"),
    ("/api/reports/generate", "OAEUX"),
    ("/api/reports/document", "OAEUX"),
    ("/api/reports/review/submit", "OAE"),
    ("/api/reports/review/decide", "X"),
    ("/api/reports/review/withdraw", "OAE"),
    ("/api/reports/verify", "OAEUX"),
    ("/api/systems/gaps", "OAECUX"),
    ("/api/systems/glance", "OAECUX"),
    ("/api/systems/compare", "OAECUX"),
    ("/api/systems/sites", "OAECUX"),
    ("/api/systems/site", "OAE"),
    ("/api/systems/costs", "OAECUX"),
    ("/api/systems/costs/save", "OAE"),
    ("/api/systems/import", "OAE"),
    ("/api/system/tier", "OAE"),
    ("/api/system/backup", "OAE"),
    ("/api/system/copy/add", "OAE"),
    ("/api/system/copy/remove", "OAE"),
    ("/api/system/delete", "OAE"),
    ("/api/systems", "OAECUX"),
    ("/api/systems/create", "OAE"),
    ("/api/systems/update", "OAE"),
    ("/api/system", "OAECUX"),
    ("/api/workshops/list", "OAECUX"),
    ("/api/workshops/create", "OAE"),
    ("/api/workshops/get", "OAECUX"),
    ("/api/workshops/join", "OAEC"),
    ("/api/workshops/propose", "OAEC"),
    ("/api/workshops/agree", "OAE"),
    ("/api/workshops/goto", "OAE"),
    ("/api/workshops/status", "OAE"),
    ("/api/workshops/note", "OAEC"),
];

/// Calls every role is refused in this world, and why: they are not about
/// the caller's role.
const REFUSED: &[(&str, &str)] = &[(
    "/api/invites/accept",
    "the invitation is for another email address (and is withdrawn by the time the owner tries)",
)];

/// Calls that change which account or organisation the session is in; each
/// role makes them last, since everything after them would run elsewhere.
const SESSION: &[&str] = &[
    "/api/orgs/create",
    "/api/demo/create",
    "/api/auth/signup",
    "/api/auth/login",
    "/api/auth/logout",
];

fn allowed(path: &str) -> &'static str {
    let row = MATRIX.iter().find(|(p, _)| *p == path);
    row.unwrap_or_else(|| panic!("{path} is missing from the matrix"))
        .1
}

fn may(path: &str, role: char) -> bool {
    if REFUSED.iter().any(|(p, _)| *p == path) {
        return false;
    }
    let who = allowed(path);
    who == "*" || who.contains(role)
}

/// One call: its path, how to make it, and the form or body it sends.
enum Call {
    Form(&'static str, Vec<(&'static str, String)>),
    Json(&'static str, Value),
    Get(&'static str, Vec<(&'static str, String)>),
}

impl Call {
    fn path(&self) -> &'static str {
        match self {
            Call::Form(p, _) | Call::Json(p, _) | Call::Get(p, _) => p,
        }
    }

    async fn send(&self, client: &Client) -> (StatusCode, Value) {
        match self {
            Call::Form(p, form) => {
                let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
                client.call(p, &form).await
            }
            Call::Json(p, body) => client.call_json(p, body).await,
            Call::Get(p, query) => {
                let query: Vec<(&str, &str)> =
                    query.iter().map(|(k, v)| (*k, v.as_str())).collect();
                client.call_get(p, &query).await
            }
        }
    }
}

/// Every call of the isolation tables, aimed at the organisation's own data.
fn calls(w: &World) -> Vec<Call> {
    let mut out: Vec<Call> = json_table(w)
        .into_iter()
        .map(|(p, body, _)| Call::Json(p, body))
        .collect();
    out.extend(table(w).into_iter().map(|(p, form, _)| Call::Form(p, form)));
    out.extend(get_table(w).into_iter().map(|(p, q, _)| Call::Get(p, q)));
    out
}

/// A member of B for each role; B's owner is `w.b`, its executive the one
/// the plan was submitted to.
async fn members(w: &World) -> Vec<(char, Client)> {
    let mut out = Vec::new();
    for (code, role) in ROLES {
        let client = match role {
            "owner" => w.b.clone(),
            "executive" => {
                let c = w.app.client();
                let (status, body) = c.login("ezra@b.example", PASSWORD).await;
                assert_eq!(status, StatusCode::OK, "{body}");
                c
            }
            _ => {
                w.app
                    .join(&w.b, &format!("matrix-{role}@b.example"), role)
                    .await
            }
        };
        out.push((code, client));
    }
    out
}

#[tokio::test]
async fn every_role_is_allowed_exactly_what_the_matrix_says() {
    let w = world().await;
    let members = members(&w).await;
    let calls = calls(&w);
    let mut wrong = Vec::new();
    for (role, client) in &members {
        // Refused calls first, on untouched data: each must be a 403 that
        // shows nothing and changes nothing.
        let before = b_state(&w).await;
        for call in calls.iter().filter(|c| !may(c.path(), *role)) {
            let (status, body) = call.send(client).await;
            let refused = if REFUSED.iter().any(|(p, _)| *p == call.path()) {
                status.is_client_error()
            } else {
                status == StatusCode::FORBIDDEN
            };
            if !refused {
                wrong.push(format!(
                    "{role} {}: expected 403, got {status} {body}",
                    call.path()
                ));
            }
        }
        if b_state(&w).await != before {
            wrong.push(format!(
                "{role}: refused calls changed the organisation's data"
            ));
        }
        let (session, other): (Vec<&Call>, Vec<&Call>) = calls
            .iter()
            .filter(|c| may(c.path(), *role))
            .partition(|c| SESSION.contains(&c.path()));
        for call in other.into_iter().chain(session) {
            let (status, body) = call.send(client).await;
            if status == StatusCode::FORBIDDEN || status == StatusCode::UNAUTHORIZED {
                wrong.push(format!(
                    "{role} {}: expected to be let through, got {status} {body}",
                    call.path()
                ));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "{} mismatches:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}

#[tokio::test]
async fn the_matrix_names_every_server_function_once() {
    let paths: Vec<&str> = server_fn::axum::server_fn_paths().map(|(p, _)| p).collect();
    let missing: Vec<_> = paths
        .iter()
        .filter(|p| !MATRIX.iter().any(|(m, _)| m == *p))
        .collect();
    let stale: Vec<_> = MATRIX.iter().filter(|(m, _)| !paths.contains(m)).collect();
    let mut seen = std::collections::HashSet::new();
    let twice: Vec<_> = MATRIX.iter().filter(|(m, _)| !seen.insert(*m)).collect();
    assert!(
        missing.is_empty() && stale.is_empty() && twice.is_empty(),
        "missing {missing:?}, stale {stale:?}, twice {twice:?}"
    );
    for (_, who) in MATRIX {
        assert!(
            *who == "*" || *who == "-" || who.chars().all(|c| "OAECUX".contains(c)),
            "unknown role code in {who:?}"
        );
    }
}

/// Pages: a page a role may not see says so (with a 200, as a page), and
/// every other page renders its content.
const PAGES: &[(&str, &str)] = &[
    ("/", "OAECUX"),
    ("/bia", "OAECUX"),
    ("/bia/processes/{process}", "OAECUX"),
    ("/bia/resources", "OAECUX"),
    ("/bia/resources/{resource}", "OAECUX"),
    ("/bia/graph", "OAECUX"),
    ("/bia/scale", "OAECUX"),
    ("/bia/approved", "OAECUX"),
    // The export half of the page is for everyone; roles that cannot
    // import see a note in place of the import form.
    ("/bia/import", "OAECUX"),
    ("/systems", "OAECUX"),
    ("/systems/gaps", "OAECUX"),
    ("/systems/compare", "OAECUX"),
    ("/systems/sites", "OAECUX"),
    ("/systems/costs", "OAECUX"),
    ("/systems/import", "OAECUX"),
    ("/systems/{system}", "OAECUX"),
    ("/drills", "OAECUX"),
    ("/drills/calendar", "OAECUX"),
    ("/drills/plans/{plan}", "OAECUX"),
    ("/drills/runs/{run}", "OAECUX"),
    ("/controls", "OAECUX"),
    ("/controls/import", "OAECUX"),
    ("/controls/pci", "OAECUX"),
    ("/controls/pci/control?id=12.10.2", "OAECUX"),
    ("/evidence", "OAECUX"),
    ("/evidence/{evidence}", "OAECUX"),
    ("/reports", "OAEUX"),
    // The form needs no data to show; checking a hash or a file is refused
    // to contributors by the server (`/api/reports/verify` above).
    ("/reports/verify", "OAECUX"),
    ("/reports/{document}", "OAEUX"),
    ("/workshops", "OAECUX"),
    ("/workshops/{workshop}", "OAECUX"),
    ("/workshops/{workshop}/summary", "OAECUX"),
    ("/members", "OAECUX"),
    ("/settings", "OA"),
    ("/settings/audit", "OAU"),
    ("/orgs/new", "OAECUX"),
];

/// Downloads and exports served outside the server functions.
const FILES: &[(&str, &str)] = &[
    ("/bia/export.csv", "OAECUX"),
    ("/systems/export.csv", "OAECUX"),
    ("/evidence/file/{version}", "OAEUX"),
    ("/reports/file/{document}", "OAEUX"),
    ("/reports/view/{document}", "OAEUX"),
    ("/reports/oscal/poam", "OAEUX"),
    ("/reports/oscal/assessment-results/pci", "OAEUX"),
];

fn fill(path: &str, w: &World) -> String {
    path.replace("{process}", &w.b_process_id)
        .replace("{resource}", &w.b_resource_id)
        .replace("{system}", &w.b_system_id)
        .replace("{plan}", &w.b_plan_id)
        .replace("{run}", &w.b_run_id)
        .replace("{evidence}", &w.b_evidence_id)
        .replace("{version}", &w.b_version_id)
        .replace("{document}", &w.b_document_id)
        .replace("{workshop}", &w.b_workshop_id)
}

const REFUSAL: &str = "Not available to your role";

#[tokio::test]
async fn every_role_sees_exactly_the_pages_and_files_the_matrix_says() {
    let w = world().await;
    let members = members(&w).await;
    let mut wrong = Vec::new();
    for (role, client) in &members {
        for (page, who) in PAGES {
            let path = fill(page, &w);
            let response = client.get(&path).await;
            let status = response.status();
            let html = response.text().await.unwrap_or_default();
            let refused = html.contains(REFUSAL);
            if status != StatusCode::OK || refused == who.contains(*role) {
                wrong.push(format!(
                    "{role} {page}: {status}, {} (expected {})",
                    if refused { "refused" } else { "shown" },
                    if who.contains(*role) {
                        "shown"
                    } else {
                        "refused"
                    }
                ));
            }
        }
        for (file, who) in FILES {
            let status = client.get(&fill(file, &w)).await.status();
            let expected_refusal = !who.contains(*role);
            if (status == StatusCode::FORBIDDEN) != expected_refusal
                || status == StatusCode::UNAUTHORIZED
            {
                wrong.push(format!(
                    "{role} {file}: {status}, expected {}",
                    if expected_refusal {
                        "403"
                    } else {
                        "to be let through"
                    }
                ));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "{} mismatches:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}
