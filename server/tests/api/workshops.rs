//! BIA workshops: proposals, agreement into the assessment, roles, and live
//! delivery of changes to watching browsers, also across app servers.

use crate::support::{Client, TestApp, field_error};
use reqwest::StatusCode;
use serde_json::{Value, json};
use std::time::Duration;

/// One value per bucket of the default scale (1 h … 1 month).
fn row(values: [Option<i64>; 9]) -> Value {
    json!(values)
}

struct Setup {
    owner: Client,
    contributor: Client,
    process: String,
    workshop: String,
}

async fn setup(app: &TestApp) -> Setup {
    let owner = app.signed_up("fay@pier.example", "Pier Nine").await;
    let contributor = app.join(&owner, "colin@pier.example", "contributor").await;
    let (status, path) = owner
        .call(
            "/api/bia/process/create",
            &[
                ("name", "Dispatch"),
                ("department", "Operations"),
                ("owner", ""),
                ("description", ""),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{path}");
    let process = path
        .as_str()
        .unwrap()
        .rsplit('/')
        .next()
        .unwrap()
        .to_string();
    let (status, path) = owner
        .call_json(
            "/api/workshops/create",
            &json!({ "title": "Operations BIA", "processes": [process] }),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{path}");
    let workshop = path
        .as_str()
        .unwrap()
        .rsplit('/')
        .next()
        .unwrap()
        .to_string();
    Setup {
        owner,
        contributor,
        process,
        workshop,
    }
}

async fn view(client: &Client, workshop: &str) -> Value {
    let (status, body) = client.call("/api/workshops/get", &[("id", workshop)]).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    body
}

fn propose_body(s: &Setup, step: &str, values: Value) -> Value {
    json!({ "id": s.workshop, "process": s.process, "step": step, "values": values, "comment": "" })
}

#[tokio::test]
async fn proposals_are_agreed_into_the_process_assessment() {
    let app = TestApp::spawn().await;
    let s = setup(&app).await;
    let financial = row([
        Some(1),
        Some(2),
        None,
        Some(4),
        None,
        None,
        None,
        None,
        Some(5),
    ]);

    // The contributor proposes; everyone sees the proposal and its spread.
    let (status, body) = s
        .contributor
        .call_json(
            "/api/workshops/propose",
            &propose_body(&s, "financial", financial.clone()),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let w = view(&s.owner, &s.workshop).await;
    assert_eq!(w["current"]["step"]["key"], "financial");
    assert_eq!(w["current"]["proposals"].as_array().unwrap().len(), 1);
    assert_eq!(w["current"]["spread"][3], json!([4, 4]));
    assert_eq!(w["participants"].as_array().unwrap().len(), 2);

    // Falling ratings are refused with the reason.
    let falling = row([Some(4), Some(2), None, None, None, None, None, None, None]);
    let (status, body) = s
        .contributor
        .call_json(
            "/api/workshops/propose",
            &propose_body(&s, "financial", falling),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        field_error(&body, "values")
            .unwrap()
            .contains("cannot decrease"),
        "{body}"
    );
    let (status, _) = s
        .contributor
        .call_json(
            "/api/workshops/propose",
            &propose_body(&s, "financial", json!([1, 2])),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);

    // Only editors and above record agreement.
    let agree =
        json!({ "id": s.workshop, "process": s.process, "step": "financial", "values": financial });
    let (status, _) = s
        .contributor
        .call_json("/api/workshops/agree", &agree)
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, body) = s.owner.call_json("/api/workshops/agree", &agree).await;
    assert_eq!(status, StatusCode::OK, "{body}");

    // The agreed row is the assessment now; the workshop moved on.
    let (_, detail) = s
        .owner
        .call("/api/bia/process", &[("id", &s.process)])
        .await;
    assert_eq!(detail["derived"]["mtpd"], 1440);
    assert_eq!(
        detail["derived"]["mtpd_reason"],
        "MTPD 24 h because financial impact reaches 4 at 24 h (threshold 4)."
    );
    let w = view(&s.owner, &s.workshop).await;
    assert_eq!(w["current"]["step"]["key"], "operational");
    assert_eq!(w["decisions"][0]["agreed_by"], "fay@pier.example");
    let agreed = app
        .scalar_text("SELECT after_json FROM audit_log WHERE action = 'bia.assessment.agreed'")
        .await
        .unwrap();
    assert!(
        agreed.contains("Colin") && agreed.contains("\"workshop\""),
        "{agreed}"
    );

    // A paused workshop keeps everything and takes no proposals.
    let (status, _) = s
        .owner
        .call(
            "/api/workshops/status",
            &[("id", &s.workshop), ("status", "paused")],
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let (status, _) = s
        .contributor
        .call_json(
            "/api/workshops/propose",
            &propose_body(&s, "operational", row([None; 9])),
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT);
    let (status, _) = s
        .owner
        .call(
            "/api/workshops/status",
            &[("id", &s.workshop), ("status", "open")],
        )
        .await;
    assert_eq!(status, StatusCode::OK);

    // Notes and questions go to the summary.
    let (status, _) = s
        .contributor
        .call(
            "/api/workshops/note",
            &[
                ("id", &s.workshop),
                ("process", &s.process),
                ("text", "Who owns the backup route plan?"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let w = view(&s.contributor, &s.workshop).await;
    assert_eq!(w["notes"][0]["process"], "Dispatch");
}

#[tokio::test]
async fn other_organisations_cannot_see_or_join_a_workshop() {
    let app = TestApp::spawn().await;
    let s = setup(&app).await;
    let stranger = app.signed_up("sam@elsewhere.example", "Elsewhere").await;
    let (status, _) = stranger
        .call("/api/workshops/get", &[("id", &s.workshop)])
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = stranger
        .call("/api/workshops/join", &[("id", &s.workshop)])
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = stranger
        .call_json(
            "/api/workshops/propose",
            &propose_body(&s, "financial", row([None; 9])),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let response = stranger
        .http()
        .get(format!("{}/api/live/workshops/{}", app.base, s.workshop))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    // Nor can anyone use another organisation's process in their workshop.
    let (status, body) = stranger
        .call_json(
            "/api/workshops/create",
            &json!({ "title": "Borrowed", "processes": [s.process] }),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
}

/// Opens the workshop's event stream and waits for one `changed` event.
async fn next_change(mut stream: reqwest::Response) -> bool {
    let mut seen = String::new();
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    while tokio::time::Instant::now() < deadline {
        match tokio::time::timeout_at(deadline, stream.chunk()).await {
            Ok(Ok(Some(bytes))) => {
                seen.push_str(&String::from_utf8_lossy(&bytes));
                if seen.contains("event: changed") {
                    return true;
                }
            }
            _ => return false,
        }
    }
    false
}

async fn subscribe(client: &Client, base: &str, workshop: &str) -> reqwest::Response {
    let response = client
        .http()
        .get(format!("{base}/api/live/workshops/{workshop}"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()["content-type"], "text/event-stream");
    response
}

#[tokio::test]
async fn watchers_are_told_of_each_proposal() {
    let app = TestApp::spawn().await;
    let s = setup(&app).await;
    let stream = subscribe(&s.owner, &app.base, &s.workshop).await;
    let (status, _) = s
        .contributor
        .call_json(
            "/api/workshops/propose",
            &propose_body(&s, "financial", row([Some(1); 9])),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(next_change(stream).await, "no live event arrived");
}

/// With PostgreSQL, a change made through one app server reaches a browser
/// connected to another (LISTEN/NOTIFY). SQLite runs a single server.
#[tokio::test]
async fn live_updates_cross_app_servers() {
    let app = TestApp::spawn().await;
    if app.db.backend() != "postgres" {
        return;
    }
    let second = TestApp::start_on(&app.database_url, |_| {}).await;
    let s = setup(&app).await;
    // Sessions live in the shared database, so the owner's cookie works on
    // both servers (cookies do not depend on the port).
    let stream = subscribe(&s.owner, &second.base, &s.workshop).await;
    let (status, _) = s
        .contributor
        .call_json(
            "/api/workshops/propose",
            &propose_body(&s, "financial", row([Some(2); 9])),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        next_change(stream).await,
        "the second server did not relay the change"
    );
}
