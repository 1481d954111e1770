//! The audit log: complete, filterable, paged and append-only.

use crate::support::{TestApp, field_error};
use app::with_db;
use reqwest::StatusCode;

#[tokio::test]
async fn every_change_is_logged_with_who_what_and_before_after() {
    let app = TestApp::spawn().await;
    let owner = app.signed_up("owner@example.com", "Before Name").await;
    assert_eq!(
        owner
            .call("/api/orgs/rename", &[("name", "After Name")])
            .await
            .0,
        StatusCode::OK
    );
    let (status, log) = owner
        .call("/api/audit/list", &[("action", "organisation.renamed")])
        .await;
    assert_eq!(status, StatusCode::OK);
    let entries = log["page"]["entries"].as_array().unwrap();
    assert_eq!(entries.len(), 1);
    let entry = &entries[0];
    assert_eq!(entry["actor_email"], "owner@example.com");
    assert_eq!(entry["entity_type"], "organisation");
    assert_eq!(entry["before"], r#"{"name":"Before Name"}"#);
    assert_eq!(entry["after"], r#"{"name":"After Name"}"#);
    // Renaming to the same name changes nothing and logs nothing.
    let before = app.count("audit_log").await;
    assert_eq!(
        owner
            .call("/api/orgs/rename", &[("name", "After Name")])
            .await
            .0,
        StatusCode::OK
    );
    assert_eq!(app.count("audit_log").await, before);
    assert_eq!(
        owner.call("/api/orgs/rename", &[("name", "")]).await.0,
        StatusCode::UNPROCESSABLE_ENTITY
    );
}

#[tokio::test]
async fn filters_and_pages_work_and_bad_filters_are_explained() {
    let app = TestApp::spawn().await;
    let owner = app.signed_up("owner@example.com", "Org").await;
    for i in 0..60 {
        owner
            .invite(&format!("person{i}@example.com"), "contributor")
            .await;
    }
    let (_, first) = owner
        .call("/api/audit/list", &[("action", "invite.created")])
        .await;
    let entries = first["page"]["entries"].as_array().unwrap();
    assert_eq!(entries.len(), 50);
    assert!(entries.iter().all(|e| e["action"] == "invite.created"));
    let older = first["page"]["older"].as_i64().expect("a next page");
    let (_, second) = owner
        .call(
            "/api/audit/list",
            &[
                ("action", "invite.created"),
                ("before_id", &older.to_string()),
            ],
        )
        .await;
    assert_eq!(second["page"]["entries"].as_array().unwrap().len(), 10);
    assert!(second["page"]["older"].is_null());

    let (_, by_actor) = owner
        .call("/api/audit/list", &[("actor", "nobody@example.com")])
        .await;
    assert!(by_actor["page"]["entries"].as_array().unwrap().is_empty());
    assert_eq!(first["actors"], serde_json::json!(["owner@example.com"]));
    let today = chrono::Utc::now().date_naive().to_string();
    let (_, by_date) = owner
        .call("/api/audit/list", &[("from", &today), ("until", &today)])
        .await;
    assert_eq!(by_date["page"]["entries"].as_array().unwrap().len(), 50);
    let (_, future) = owner
        .call("/api/audit/list", &[("from", "2999-01-01")])
        .await;
    assert!(future["page"]["entries"].as_array().unwrap().is_empty());

    let (status, body) = owner
        .call("/api/audit/list", &[("from", "yesterday")])
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(field_error(&body, "from").is_some());
    let (status, body) = owner
        .call(
            "/api/audit/list",
            &[("from", "2026-05-02"), ("until", "2026-05-01")],
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(field_error(&body, "until").is_some());
}

#[tokio::test]
async fn audit_entries_cannot_be_edited() {
    let app = TestApp::spawn().await;
    app.signed_up("owner@example.com", "Org").await;
    let result = with_db!(&app.db, pool => sqlx::query("UPDATE audit_log SET action = 'forged'")
        .execute(pool)
        .await
        .map(|_| ()));
    let error = result.expect_err("the database refuses to edit the audit log");
    assert!(error.to_string().contains("append-only"), "{error}");
}
