//! The authorization matrix: every server function, page, download and
//! upload, tried as a member of each of the six roles of one organisation
//! (and as a signed-out visitor), against the hand-written tables below.
//! `isolation.rs` adds the remaining column, another organisation's owner,
//! and supplies the calls: its tables give valid arguments for every server
//! function, aimed at organisation B's real records, so a refused call that
//! slipped through would really change something.
//!
//! A call a role is refused must answer exactly 403, show none of B's data
//! and change nothing. A call a role is let through must answer neither 401
//! nor 403; what it then answers (404, 409, 422) does not matter here, since
//! authorization comes before any lookup and earlier calls in the same run
//! may have removed what it names.

use crate::isolation::{World, b_state, get_table, json_table, mentions_b, table, world};
use crate::support::{Client, PASSWORD};
use app::roles::Role::{self, Admin, Auditor, Contributor, Editor, Executive, Owner};
use reqwest::StatusCode;
use serde_json::Value;
use std::collections::BTreeSet;

/// Who may make a call.
#[derive(Debug, Clone, Copy)]
enum Allow {
    /// Every member of the organisation, whatever their role.
    Members,
    /// Only members with one of these roles.
    Only(&'static [Role]),
    /// Any signed-in account, whatever its roles: the call is about the
    /// account itself and the organisations it belongs to, not about one
    /// organisation's data.
    SignedIn,
    /// Anyone, signed in or not.
    Public,
}

use Allow::{Members, Only, Public, SignedIn};

impl Allow {
    fn admits(self, role: Role) -> bool {
        match self {
            Only(roles) => roles.contains(&role),
            Members | SignedIn | Public => true,
        }
    }

    /// Whether the call belongs to the session part of a role's pass: it is
    /// not about the organisation's data, and may sign the caller in or out,
    /// or move them to another organisation.
    fn is_about_the_session(self) -> bool {
        matches!(self, SignedIn | Public)
    }

    fn describe(self) -> String {
        match self {
            Members => "every member".into(),
            Only(roles) => roles
                .iter()
                .map(|r| r.as_str())
                .collect::<Vec<_>>()
                .join(", "),
            SignedIn => "any signed-in account".into(),
            Public => "anyone".into(),
        }
    }
}

/// The roles that may download evidence, and so read generated documents.
const DOWNLOADERS: &[Role] = &[Owner, Admin, Editor, Auditor, Executive];

/// Every server function and who may call it.
const MATRIX: &[(&str, Allow)] = &[
    // The account and its session. Signing up and in is for anyone; the
    // session answers "nobody" when signed out; signing out always works.
    ("/api/session", Public),
    ("/api/auth/signup", Public),
    ("/api/auth/login", Public),
    ("/api/auth/logout", Public),
    // Organisations the account belongs to or creates: it is the owner of
    // a new one, and can only switch to one it is a member of.
    ("/api/orgs/create", SignedIn),
    ("/api/orgs/switch", SignedIn),
    ("/api/orgs/settings", Only(&[Owner, Admin])),
    ("/api/orgs/rename", Only(&[Owner, Admin])),
    // An invitation's secret token is the permission to read and accept it;
    // accepting also needs the invited address (signed in as it, or by
    // signing in or up as it).
    ("/api/invites/details", Public),
    ("/api/invites/accept", Public),
    ("/api/invites/create", Only(&[Owner, Admin])),
    ("/api/invites/revoke", Only(&[Owner, Admin])),
    // Every member reads the member list; only managers see the pending
    // invitations in it (see `HIDDEN`).
    ("/api/members/list", Members),
    ("/api/members/role", Only(&[Owner, Admin])),
    ("/api/members/remove", Only(&[Owner, Admin])),
    // The demo is offered only on an empty install, to whoever is there.
    ("/api/demo/available", Public),
    ("/api/demo/create", Public),
    ("/api/dashboard", Members),
    ("/api/audit/list", Only(&[Owner, Admin, Auditor])),
    ("/api/audit/verify", Only(&[Owner, Admin, Auditor])),
    // The business impact analysis.
    ("/api/bia/overview", Members),
    ("/api/bia/graph", Members),
    ("/api/bia/approved", Members),
    ("/api/bia/scale", Members),
    ("/api/bia/process", Members),
    ("/api/bia/resources", Members),
    ("/api/bia/resource", Members),
    ("/api/bia/import", Only(&[Owner, Admin, Editor])),
    ("/api/bia/process/create", Only(&[Owner, Admin, Editor])),
    ("/api/bia/process/update", Only(&[Owner, Admin, Editor])),
    ("/api/bia/process/objectives", Only(&[Owner, Admin, Editor])),
    ("/api/bia/process/assessment", Only(&[Owner, Admin, Editor])),
    ("/api/bia/process/delete", Only(&[Owner, Admin, Editor])),
    ("/api/bia/resource/create", Only(&[Owner, Admin, Editor])),
    ("/api/bia/resource/update", Only(&[Owner, Admin, Editor])),
    ("/api/bia/resource/delete", Only(&[Owner, Admin, Editor])),
    ("/api/bia/dependency/add", Only(&[Owner, Admin, Editor])),
    ("/api/bia/dependency/remove", Only(&[Owner, Admin, Editor])),
    ("/api/bia/scale/settings", Only(&[Owner, Admin, Editor])),
    ("/api/bia/scale/category", Only(&[Owner, Admin, Editor])),
    (
        "/api/bia/scale/category/remove",
        Only(&[Owner, Admin, Editor]),
    ),
    ("/api/bia/review/submit", Only(&[Owner, Admin, Editor])),
    ("/api/bia/review/approve", Only(&[Owner, Admin, Executive])),
    ("/api/bia/review/return", Only(&[Owner, Admin, Executive])),
    // Workshops: contributors take part, editors facilitate.
    ("/api/workshops/list", Members),
    ("/api/workshops/get", Members),
    ("/api/workshops/create", Only(&[Owner, Admin, Editor])),
    (
        "/api/workshops/join",
        Only(&[Owner, Admin, Editor, Contributor]),
    ),
    (
        "/api/workshops/propose",
        Only(&[Owner, Admin, Editor, Contributor]),
    ),
    (
        "/api/workshops/note",
        Only(&[Owner, Admin, Editor, Contributor]),
    ),
    ("/api/workshops/agree", Only(&[Owner, Admin, Editor])),
    ("/api/workshops/goto", Only(&[Owner, Admin, Editor])),
    ("/api/workshops/status", Only(&[Owner, Admin, Editor])),
    // Systems and disaster recovery.
    ("/api/systems", Members),
    ("/api/system", Members),
    ("/api/systems/gaps", Members),
    ("/api/systems/glance", Members),
    ("/api/systems/compare", Members),
    ("/api/systems/sites", Members),
    ("/api/systems/costs", Members),
    ("/api/systems/create", Only(&[Owner, Admin, Editor])),
    ("/api/systems/update", Only(&[Owner, Admin, Editor])),
    ("/api/systems/import", Only(&[Owner, Admin, Editor])),
    ("/api/systems/site", Only(&[Owner, Admin, Editor])),
    ("/api/systems/costs/save", Only(&[Owner, Admin, Editor])),
    ("/api/system/tier", Only(&[Owner, Admin, Editor])),
    ("/api/system/backup", Only(&[Owner, Admin, Editor])),
    ("/api/system/copy/add", Only(&[Owner, Admin, Editor])),
    ("/api/system/copy/remove", Only(&[Owner, Admin, Editor])),
    ("/api/system/delete", Only(&[Owner, Admin, Editor])),
    // Drills: editors plan them, contributors record how they went, and
    // the calendar feed and the frameworks followed are settings.
    ("/api/drills", Members),
    ("/api/drills/calendar", Members),
    ("/api/drills/plan", Members),
    ("/api/drills/run", Members),
    ("/api/drills/plan/create", Only(&[Owner, Admin, Editor])),
    ("/api/drills/plan/update", Only(&[Owner, Admin, Editor])),
    ("/api/drills/plan/delete", Only(&[Owner, Admin, Editor])),
    ("/api/drills/plan/scope/add", Only(&[Owner, Admin, Editor])),
    (
        "/api/drills/plan/scope/remove",
        Only(&[Owner, Admin, Editor]),
    ),
    (
        "/api/drills/run/record",
        Only(&[Owner, Admin, Editor, Contributor]),
    ),
    (
        "/api/drills/run/update",
        Only(&[Owner, Admin, Editor, Contributor]),
    ),
    (
        "/api/drills/run/measure",
        Only(&[Owner, Admin, Editor, Contributor]),
    ),
    (
        "/api/drills/run/step/add",
        Only(&[Owner, Admin, Editor, Contributor]),
    ),
    (
        "/api/drills/run/step/remove",
        Only(&[Owner, Admin, Editor, Contributor]),
    ),
    (
        "/api/drills/action/add",
        Only(&[Owner, Admin, Editor, Contributor]),
    ),
    (
        "/api/drills/action/close",
        Only(&[Owner, Admin, Editor, Contributor]),
    ),
    ("/api/drills/feed/reset", Only(&[Owner, Admin])),
    ("/api/drills/feed/revoke", Only(&[Owner, Admin])),
    ("/api/drills/frameworks", Only(&[Owner, Admin])),
    // Controls: editors answer them; imported catalogs are settings.
    ("/api/controls", Members),
    ("/api/controls/checklist", Members),
    ("/api/controls/control", Members),
    ("/api/controls/imports", Members),
    ("/api/controls/answer", Only(&[Owner, Admin, Editor])),
    ("/api/controls/import/remove", Only(&[Owner, Admin])),
    // Evidence: everyone reads the library, contributors add to it.
    ("/api/evidence", Members),
    ("/api/evidence/item", Members),
    (
        "/api/evidence/record",
        Only(&[Owner, Admin, Editor, Contributor]),
    ),
    (
        "/api/evidence/link",
        Only(&[Owner, Admin, Editor, Contributor]),
    ),
    (
        "/api/evidence/unlink",
        Only(&[Owner, Admin, Editor, Contributor]),
    ),
    (
        "/api/evidence/validity",
        Only(&[Owner, Admin, Editor, Contributor]),
    ),
    (
        "/api/evidence/drill",
        Only(&[Owner, Admin, Editor, Contributor]),
    ),
    // Generated documents carry evidence, so they follow its download
    // permission; editors submit them for sign-off.
    ("/api/reports", Only(DOWNLOADERS)),
    ("/api/reports/generate", Only(DOWNLOADERS)),
    ("/api/reports/document", Only(DOWNLOADERS)),
    ("/api/reports/verify", Only(DOWNLOADERS)),
    ("/api/reports/review/submit", Only(&[Owner, Admin, Editor])),
    (
        "/api/reports/review/withdraw",
        Only(&[Owner, Admin, Editor]),
    ),
    // Executives sign off, and of them only those the review asks: the
    // executive here is the one B's plan was submitted to. Another
    // executive passes the role check and is then refused by the review
    // itself (tried first in the test below).
    ("/api/reports/review/decide", Only(&[Executive])),
];

fn allow(path: &str) -> Allow {
    MATRIX
        .iter()
        .find(|(p, _)| *p == path)
        .unwrap_or_else(|| panic!("{path} has no row in the matrix"))
        .1
}

/// Least able first, so the calls a role is refused are tried on data that
/// abler roles have not yet changed or removed.
const PASSES: [Role; 6] = [Executive, Auditor, Contributor, Editor, Admin, Owner];

/// A member of organisation B in one of the roles.
struct Member {
    role: Role,
    email: String,
    client: Client,
}

/// One member of B per role, in the order of `PASSES`. B's owner and its
/// executive (the signer asked for B's plan) come from the world; the others
/// join for this test. Bea, B's editor in the world, is not used: the
/// isolation table changes her role and removes her.
async fn members(w: &World) -> Vec<Member> {
    let mut out = Vec::new();
    for role in PASSES {
        let (email, client) = match role {
            Owner => ("bob@b.example".to_string(), w.b.clone()),
            Executive => {
                let client = w.app.client();
                let (status, body) = client.login("ezra@b.example", PASSWORD).await;
                assert_eq!(status, StatusCode::OK, "{body}");
                ("ezra@b.example".to_string(), client)
            }
            _ => {
                let email = format!("matrix-{}@b.example", role.as_str());
                let client = w.app.join(&w.b, &email, role.as_str()).await;
                (email, client)
            }
        };
        let (_, session) = client.call("/api/session", &[]).await;
        assert_eq!(
            session["current"]["role"],
            role.as_str(),
            "{email} is not B's {role}: {session}"
        );
        out.push(Member {
            role,
            email,
            client,
        });
    }
    out
}

/// One server function call: its path, its encoding, and what it sends.
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

/// The calls of the isolation tables about the organisation's data, in the
/// order isolation makes them. Calls about the session are made per member
/// by `session_calls`, with arguments that fit the caller.
fn data_calls(w: &World) -> Vec<Call> {
    let json = json_table(w)
        .into_iter()
        .map(|(p, body, _)| Call::Json(p, body));
    let get = get_table(w).into_iter().map(|(p, q, _)| Call::Get(p, q));
    let form = table(w).into_iter().map(|(p, f, _)| Call::Form(p, f));
    // Approving B's plan is a conflict once its data has changed (members
    // join for this test), and that is checked before who was asked to
    // sign; rejecting it is not, so this decision reaches that check.
    let reject = Call::Form(
        "/api/reports/review/decide",
        vec![
            ("review", w.b_review_id.clone()),
            ("decision", "reject".into()),
            ("comment", "Not as it stands.".into()),
            ("sha256", w.b_document_sha256.clone()),
        ],
    );
    json.chain(get)
        .chain(form)
        .chain([reject])
        .filter(|c| !allow(c.path()).is_about_the_session())
        .collect()
}

/// The calls about the session, last in a member's pass since they move the
/// caller to other organisations and finally sign it out. `invitation` is a
/// token of an invitation to organisation A for the caller's own address.
fn session_calls(w: &World, email: &str, invitation: &str, n: usize) -> Vec<Call> {
    let form = |pairs: &[(&'static str, &str)]| -> Vec<(&'static str, String)> {
        pairs.iter().map(|(k, v)| (*k, v.to_string())).collect()
    };
    let newcomer = format!("matrix-newcomer-{n}@c.example");
    vec![
        Call::Form("/api/session", vec![]),
        Call::Form(
            "/api/invites/details",
            form(&[("token", &w.b_invite_token)]),
        ),
        Call::Form("/api/demo/available", vec![]),
        // Refused with 409 whoever asks: the install is not empty.
        Call::Form("/api/demo/create", vec![]),
        Call::Form("/api/orgs/switch", form(&[("org_id", &w.b_org_id)])),
        Call::Form("/api/invites/accept", form(&[("token", invitation)])),
        Call::Form(
            "/api/orgs/create",
            form(&[("name", &format!("Matrix org {n}"))]),
        ),
        Call::Form(
            "/api/auth/login",
            form(&[("email", email), ("password", PASSWORD)]),
        ),
        Call::Form(
            "/api/auth/signup",
            form(&[
                ("email", &newcomer),
                ("name", "Newcomer"),
                ("organisation", &format!("Newcomer org {n}")),
                ("password", PASSWORD),
                ("password_confirm", PASSWORD),
            ]),
        ),
        Call::Form("/api/auth/logout", vec![]),
    ]
}

/// The parts of B's state a refused call must leave as they were (the
/// audit log's list of actors aside, as in isolation.rs).
async fn b_snapshot(w: &World) -> Vec<Value> {
    let (members, settings, log, bia, systems) = b_state(w).await;
    vec![members, settings, log["page"].clone(), bia, systems]
}

fn short(body: &Value) -> String {
    let text = body.to_string();
    match text.char_indices().nth(240) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text,
    }
}

/// Collects what does not match the tables, to report every mismatch at once.
#[derive(Default)]
struct Mismatches(Vec<String>);

impl Mismatches {
    fn add(&mut self, who: &str, what: &str, expected: &str, got: impl std::fmt::Display) {
        self.0.push(format!(
            "{who:<11} {what}\n    expected {expected}, got {got}"
        ));
    }

    fn assert_none(self) {
        assert!(
            self.0.is_empty(),
            "{} mismatches with the matrix:\n{}",
            self.0.len(),
            self.0.join("\n")
        );
    }
}

fn is_refusal(status: StatusCode) -> bool {
    status == StatusCode::FORBIDDEN || status == StatusCode::UNAUTHORIZED
}

#[tokio::test]
async fn every_role_may_call_exactly_the_server_functions_the_matrix_says() {
    let w = world().await;
    let members = members(&w).await;
    let calls = data_calls(&w);
    let mut wrong = Mismatches::default();

    // An executive the review does not ask passes the role check of
    // reviews/decide and is then refused by the review itself.
    let unasked = w
        .app
        .join(&w.b, "matrix-unasked@b.example", "executive")
        .await;
    let (status, body) = unasked
        .call(
            "/api/reports/review/decide",
            &[
                ("review", &w.b_review_id),
                ("decision", "reject"),
                ("comment", "Not mine to sign."),
                ("sha256", &w.b_document_sha256),
            ],
        )
        .await;
    if status != StatusCode::FORBIDDEN {
        let got = format!("{status} {}", short(&body));
        wrong.add(
            "executive",
            "/api/reports/review/decide (not asked)",
            "403",
            got,
        );
    }

    // Every row is tried: the isolation tables or the session calls make
    // a call to each server function.
    let tried: BTreeSet<&str> = calls
        .iter()
        .chain(session_calls(&w, "", "", 0).iter())
        .map(Call::path)
        .collect();
    for (path, _) in MATRIX {
        if !tried.contains(path) {
            wrong.add("(all)", path, "a call to try", "none");
        }
    }

    // Signed out, everything but the public calls asks to sign in.
    let visitor = w.app.client();
    let before = b_snapshot(&w).await;
    for call in calls.iter().chain(session_calls(&w, "", "", 0).iter()) {
        if matches!(allow(call.path()), Public) {
            continue;
        }
        let (status, body) = call.send(&visitor).await;
        if status != StatusCode::UNAUTHORIZED || mentions_b(&body, &w) {
            let got = format!("{status} {}", short(&body));
            wrong.add("signed out", call.path(), "401", got);
        }
    }
    if b_snapshot(&w).await != before {
        wrong.add("signed out", "(refused calls)", "B unchanged", "B changed");
    }

    for (n, member) in members.iter().enumerate() {
        let role = member.role.as_str();
        // Refused calls first, on data the role's own calls have not yet
        // changed: each a plain 403 that shows and changes nothing.
        let before = b_snapshot(&w).await;
        for call in calls
            .iter()
            .filter(|c| !allow(c.path()).admits(member.role))
        {
            let (status, body) = call.send(&member.client).await;
            if status != StatusCode::FORBIDDEN || mentions_b(&body, &w) {
                let got = format!("{status} {}", short(&body));
                let expected = format!(
                    "403 showing nothing of B (only {})",
                    allow(call.path()).describe()
                );
                wrong.add(role, call.path(), &expected, got);
            }
        }
        if b_snapshot(&w).await != before {
            wrong.add(role, "(refused calls)", "B unchanged", "B changed");
        }
        // Then what the role may do, the session last.
        let invitation = w.a.invite(&member.email, "auditor").await;
        let session = session_calls(&w, &member.email, &invitation, n + 1);
        let admitted = calls.iter().filter(|c| allow(c.path()).admits(member.role));
        for call in admitted.chain(session.iter()) {
            let (status, body) = call.send(&member.client).await;
            if is_refusal(status) {
                let expected = format!("let through ({})", allow(call.path()).describe());
                wrong.add(
                    role,
                    call.path(),
                    &expected,
                    format!("{status} {}", short(&body)),
                );
            }
        }
    }
    wrong.assert_none();
}

#[test]
fn the_matrix_names_every_server_function_once() {
    let paths: BTreeSet<&str> = server_fn::axum::server_fn_paths().map(|(p, _)| p).collect();
    let named: Vec<&str> = MATRIX.iter().map(|(p, _)| *p).collect();
    let missing: Vec<_> = paths.iter().filter(|p| !named.contains(p)).collect();
    let stale: Vec<_> = named.iter().filter(|p| !paths.contains(*p)).collect();
    let mut seen = BTreeSet::new();
    let twice: Vec<_> = named.iter().filter(|p| !seen.insert(**p)).collect();
    assert!(
        missing.is_empty() && stale.is_empty() && twice.is_empty(),
        "server functions without a row: {missing:?}; rows without a server function: \
         {stale:?}; rows given twice: {twice:?}"
    );
}

/// Every page route of app.rs, the address visited for it (B's records for
/// its parameters), and who may see it. A page a role may not see is still
/// a page (200) saying "Not available to your role".
const PAGES: &[(&str, &str, Allow)] = &[
    // Outside the frame: signed-in visitors of the sign-in and sign-up
    // pages are sent on to the dashboard.
    ("/login", "/login", Public),
    ("/signup", "/signup", Public),
    ("/invite/:token", "/invite/{invite}", Public),
    ("/", "/", Members),
    ("/bia", "/bia", Members),
    ("/bia/processes/:id", "/bia/processes/{process}", Members),
    ("/bia/resources", "/bia/resources", Members),
    ("/bia/resources/:id", "/bia/resources/{resource}", Members),
    ("/bia/graph", "/bia/graph", Members),
    ("/bia/scale", "/bia/scale", Members),
    ("/bia/approved", "/bia/approved", Members),
    // The import pages show readers a note in place of the form; the
    // import itself is refused (bia/import, systems/import).
    ("/bia/import", "/bia/import", Members),
    ("/systems", "/systems", Members),
    ("/systems/gaps", "/systems/gaps", Members),
    ("/systems/compare", "/systems/compare?ids={system}", Members),
    ("/systems/sites", "/systems/sites", Members),
    ("/systems/costs", "/systems/costs", Members),
    ("/systems/import", "/systems/import", Members),
    ("/systems/:id", "/systems/{system}", Members),
    ("/drills", "/drills", Members),
    ("/drills/calendar", "/drills/calendar", Members),
    ("/drills/plans/:id", "/drills/plans/{plan}", Members),
    ("/drills/runs/:id", "/drills/runs/{run}", Members),
    ("/controls", "/controls", Members),
    ("/controls/import", "/controls/import", Members),
    ("/controls/:framework", "/controls/pci", Members),
    ("/controls/:framework", "/controls/bravo-internal", Members),
    (
        "/controls/:framework/control",
        "/controls/pci/control?id=12.10.2",
        Members,
    ),
    ("/evidence", "/evidence", Members),
    ("/evidence/:id", "/evidence/{evidence}", Members),
    ("/reports", "/reports", Only(DOWNLOADERS)),
    // The verify page asks nothing until given a hash.
    ("/reports/verify", "/reports/verify", Members),
    (
        "/reports/verify",
        "/reports/verify?sha256={sha256}",
        Only(DOWNLOADERS),
    ),
    ("/reports/:id", "/reports/{document}", Only(DOWNLOADERS)),
    ("/workshops", "/workshops", Members),
    ("/workshops/:id", "/workshops/{workshop}", Members),
    (
        "/workshops/:id/summary",
        "/workshops/{workshop}/summary",
        Members,
    ),
    ("/members", "/members", Members),
    ("/settings", "/settings", Only(&[Owner, Admin])),
    (
        "/settings/audit",
        "/settings/audit",
        Only(&[Owner, Admin, Auditor]),
    ),
    ("/orgs/new", "/orgs/new", SignedIn),
];

/// The plain axum routes of server/src/lib.rs, the address used, who may use
/// them, and what they answer those who may.
const ROUTES: &[(&str, &str, Allow, StatusCode)] = &[
    (
        "/bia/export.csv",
        "/bia/export.csv",
        Members,
        StatusCode::OK,
    ),
    (
        "/systems/export.csv",
        "/systems/export.csv",
        Members,
        StatusCode::OK,
    ),
    // The workshop's live event stream: only its status is read.
    (
        "/api/live/workshops/{id}",
        "/api/live/workshops/{workshop}",
        Members,
        StatusCode::OK,
    ),
    // The calendar feed's secret address is its permission (calendar
    // programs cannot sign in).
    (
        "/drills/feed/{token}",
        "/drills/feed/{feed}",
        Public,
        StatusCode::OK,
    ),
    (
        "/evidence/file/{version}",
        "/evidence/file/{version}",
        Only(DOWNLOADERS),
        StatusCode::OK,
    ),
    (
        "/reports/file/{id}",
        "/reports/file/{document}",
        Only(DOWNLOADERS),
        StatusCode::OK,
    ),
    (
        "/reports/view/{id}",
        "/reports/view/{document}",
        Only(DOWNLOADERS),
        StatusCode::OK,
    ),
    (
        "/reports/signed/{id}",
        "/reports/signed/{review}",
        Only(DOWNLOADERS),
        StatusCode::OK,
    ),
    (
        "/reports/oscal/poam",
        "/reports/oscal/poam",
        Only(DOWNLOADERS),
        StatusCode::OK,
    ),
    (
        "/reports/oscal/assessment-results/{framework}",
        "/reports/oscal/assessment-results/pci",
        Only(DOWNLOADERS),
        StatusCode::OK,
    ),
    // Uploads: multipart posts (see `visit`).
    (
        "/evidence/upload",
        "/evidence/upload",
        Only(&[Owner, Admin, Editor, Contributor]),
        StatusCode::CREATED,
    ),
    (
        "/reports/verify/upload",
        "/reports/verify/upload",
        Only(DOWNLOADERS),
        StatusCode::OK,
    ),
    (
        "/controls/import",
        "/controls/import",
        Only(&[Owner, Admin]),
        StatusCode::CREATED,
    ),
];

/// Parts of answers every member gets that only some roles see filled in:
/// the server function, where in its answer, and who sees it.
const HIDDEN: &[(&str, &str, Allow)] = &[
    // Pending invitations name outsiders' addresses.
    ("/api/members/list", "/invites", Only(&[Owner, Admin])),
    ("/api/dashboard", "/pending_invites", Only(&[Owner, Admin])),
    // The dashboard's recent activity is the audit log's head.
    ("/api/dashboard", "/recent", Only(&[Owner, Admin, Auditor])),
];

const REFUSAL: &str = "Not available to your role";
/// What a page says when the record it shows is not found.
const NOT_FOUND: &str = "It may have been removed, or it belongs to another organisation.";

/// B's records for the placeholders of `PAGES` and `ROUTES`.
struct Ids<'a> {
    w: &'a World,
    feed: &'a str,
}

impl Ids<'_> {
    fn fill(&self, address: &str) -> String {
        let w = self.w;
        address
            .replace("{invite}", &w.b_invite_token)
            .replace("{process}", &w.b_process_id)
            .replace("{resource}", &w.b_resource_id)
            .replace("{system}", &w.b_system_id)
            .replace("{plan}", &w.b_plan_id)
            .replace("{run}", &w.b_run_id)
            .replace("{evidence}", &w.b_evidence_id)
            .replace("{version}", &w.b_version_id)
            .replace("{document}", &w.b_document_id)
            .replace("{sha256}", &w.b_document_sha256)
            .replace("{workshop}", &w.b_workshop_id)
            .replace("{review}", &w.b_review_id)
            .replace("{feed}", self.feed)
    }
}

/// Sends a route of `ROUTES` and returns its status and body (not read for
/// the event stream, which does not end).
async fn visit(client: &Client, route: &str, address: &str, n: usize) -> (StatusCode, String) {
    let pdf = format!("%PDF-1.4\nMatrix {n}\n%%EOF\n").into_bytes();
    let (status, body) = match route {
        "/evidence/upload" => {
            let fields = [
                ("title", "Matrix restore report"),
                ("effective_on", "2026-06-02"),
                ("valid_months", "12"),
                ("framework", "pci"),
                ("control", "12.10.2"),
            ];
            client
                .upload(address, &fields, Some(("matrix.pdf", pdf)))
                .await
        }
        "/reports/verify/upload" => client.upload(address, &[], Some(("matrix.pdf", pdf))).await,
        "/controls/import" => {
            let framework = format!("matrix-{n}");
            let fields = [
                ("framework", framework.as_str()),
                ("name", "Matrix catalog"),
                ("version", "1"),
            ];
            let csv = b"id,title\nMX-1,Matrix control\n".to_vec();
            client
                .upload(address, &fields, Some(("matrix.csv", csv)))
                .await
        }
        _ => {
            let response = client.get(address).await;
            let status = response.status();
            if route.starts_with("/api/live/") {
                return (status, String::new());
            }
            let body = response.text().await.unwrap_or_default();
            (status, Value::String(body))
        }
    };
    let text = match body {
        Value::String(text) => text,
        other => other.to_string(),
    };
    (status, text)
}

#[tokio::test]
async fn every_role_sees_exactly_the_pages_routes_and_fields_the_matrix_says() {
    let w = world().await;
    // B's executive signs the plan, so its signed copy exists; before the
    // members below join, since that changes what the plan shows.
    let executive = w.app.client();
    executive.login("ezra@b.example", PASSWORD).await;
    let (status, body) = executive
        .call(
            "/api/reports/review/decide",
            &[
                ("review", &w.b_review_id),
                ("decision", "approve"),
                ("sha256", &w.b_document_sha256),
            ],
        )
        .await;
    assert_eq!(
        (status, body.as_str()),
        (StatusCode::OK, Some("approved")),
        "{body}"
    );
    let members = members(&w).await;
    let mut wrong = Mismatches::default();
    // A calendar address, since the world's was not kept.
    let (status, feed) = w.b.call("/api/drills/feed/reset", &[]).await;
    assert_eq!(status, StatusCode::OK, "{feed}");
    let feed = feed
        .as_str()
        .unwrap()
        .rsplit('/')
        .next()
        .unwrap()
        .to_string();
    let ids = Ids { w: &w, feed: &feed };

    // Signed out, only the public routes answer.
    let visitor = w.app.client();
    for (route, address, allow, _) in ROUTES {
        if matches!(allow, Public) {
            continue;
        }
        let (status, body) = visit(&visitor, route, &ids.fill(address), 0).await;
        if status != StatusCode::UNAUTHORIZED {
            wrong.add(
                "signed out",
                route,
                "401",
                format!("{status} {}", cut(&body)),
            );
        }
    }

    for (n, member) in members.iter().enumerate() {
        let (role, client) = (member.role.as_str(), &member.client);
        // Refused routes first: a 403 that changes nothing.
        let before = b_snapshot(&w).await;
        for (route, address, allow, _) in ROUTES {
            if allow.admits(member.role) {
                continue;
            }
            let (status, body) = visit(client, route, &ids.fill(address), n + 1).await;
            if status != StatusCode::FORBIDDEN {
                wrong.add(role, route, "403", format!("{status} {}", cut(&body)));
            }
        }
        if b_snapshot(&w).await != before {
            wrong.add(role, "(refused routes)", "B unchanged", "B changed");
        }
        for (route, address, allow, success) in ROUTES {
            if !allow.admits(member.role) {
                continue;
            }
            let (status, body) = visit(client, route, &ids.fill(address), n + 1).await;
            if status != *success {
                wrong.add(
                    role,
                    route,
                    success.as_str(),
                    format!("{status} {}", cut(&body)),
                );
            }
        }

        for (route, address, allow) in PAGES {
            let address = ids.fill(address);
            let response = client.get(&address).await;
            let status = response.status();
            let html = response.text().await.unwrap_or_default();
            let refused = html.contains(REFUSAL);
            let shown = if refused { "refused" } else { "shown" };
            match allow {
                Members | Only(_) => {
                    let expected = if allow.admits(member.role) {
                        "200, shown"
                    } else {
                        "200, refused"
                    };
                    if status != StatusCode::OK || refused == allow.admits(member.role) {
                        wrong.add(role, &address, expected, format!("{status}, {shown}"));
                    } else if !refused && html.contains(NOT_FOUND) {
                        wrong.add(role, &address, expected, format!("{status}, not found"));
                    }
                }
                SignedIn | Public => {
                    if is_refusal(status) || refused {
                        let expected = format!("not refused ({route})");
                        wrong.add(role, &address, &expected, format!("{status}, {shown}"));
                    }
                }
            }
        }

        for (path, pointer, allow) in HIDDEN {
            let (status, body) = client.call(path, &[]).await;
            let part = body.pointer(pointer).cloned().unwrap_or(Value::Null);
            let filled = match &part {
                Value::Null => false,
                Value::Array(items) => !items.is_empty(),
                _ => true,
            };
            if status != StatusCode::OK || filled != allow.admits(member.role) {
                let expected = if allow.admits(member.role) {
                    "filled in"
                } else {
                    "left out"
                };
                wrong.add(
                    role,
                    &format!("{path} {pointer}"),
                    expected,
                    format!("{status} {}", short(&part)),
                );
            }
        }
    }
    wrong.assert_none();
}

fn cut(text: &str) -> String {
    short(&Value::String(text.to_string()))
}

/// The route patterns declared in a source file: the first string literal
/// after each `marker`.
fn declared(source: &str, marker: &str) -> BTreeSet<String> {
    source
        .split(marker)
        .skip(1)
        .filter_map(|rest| rest.split('"').nth(1).map(str::to_string))
        .collect()
}

#[test]
fn the_tables_name_every_page_and_route() {
    let pages = declared(include_str!("../../../app/src/app.rs"), "path!(");
    let routes = declared(include_str!("../../src/lib.rs"), ".route(");
    // The frame around the pages is a route without a page of its own.
    let pages: BTreeSet<String> = pages.into_iter().filter(|p| !p.is_empty()).collect();
    let in_pages: BTreeSet<String> = PAGES.iter().map(|(r, _, _)| r.to_string()).collect();
    let in_routes: BTreeSet<String> = ROUTES.iter().map(|(r, _, _, _)| r.to_string()).collect();
    assert_eq!(in_pages, pages, "PAGES against the routes of app.rs");
    assert_eq!(
        in_routes, routes,
        "ROUTES against the routes of server/src/lib.rs"
    );
}
