//! The audit log: complete, filterable, paged and append-only.

use crate::support::{PASSWORD, TestApp, field_error};
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

/// Runs raw SQL behind Seawall's back, as someone with database access
/// would; the append-only trigger is switched off first.
async fn tamper(app: &crate::support::TestApp, sql: &str) {
    use app::db::Db;
    match &app.db {
        Db::Sqlite(pool) => {
            sqlx::query("DROP TRIGGER IF EXISTS audit_log_no_update")
                .execute(pool)
                .await
                .unwrap();
            sqlx::query(sql).execute(pool).await.unwrap();
        }
        Db::Postgres(pool) => {
            sqlx::query("ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update")
                .execute(pool)
                .await
                .unwrap();
            sqlx::query(sql).execute(pool).await.unwrap();
        }
    }
}

async fn entry_ids(app: &crate::support::TestApp) -> Vec<i64> {
    with_db!(&app.db, pool => sqlx::query_scalar::<_, i64>("SELECT id FROM audit_log ORDER BY id")
        .fetch_all(pool)
        .await)
    .unwrap()
}

#[tokio::test]
async fn the_hash_chain_holds_and_shows_where_it_was_tampered_with() {
    let app = TestApp::spawn().await;
    let owner = app.signed_up("owner@example.com", "Chain Org").await;
    for i in 0..4 {
        owner
            .invite(&format!("person{i}@example.com"), "editor")
            .await;
    }
    let (status, check) = owner.call("/api/audit/verify", &[]).await;
    assert_eq!(status, StatusCode::OK);
    assert!(check["broken"].is_null(), "{check}");
    let ids = entry_ids(&app).await;
    assert_eq!(check["entries"], ids.len() as i64);
    let head = check["head"].as_str().unwrap().to_string();
    assert_eq!(head.len(), 64);
    assert_eq!(
        app.scalar_text(&format!(
            "SELECT entry_hash FROM audit_log WHERE id = {}",
            ids.last().unwrap()
        ))
        .await
        .as_deref(),
        Some(head.as_str())
    );

    // An entry changed in the database is found.
    let target = ids[2];
    let original = app
        .scalar_text(&format!(
            "SELECT after_json FROM audit_log WHERE id = {target}"
        ))
        .await
        .unwrap();
    tamper(
        &app,
        &format!(
            "UPDATE audit_log SET after_json = '{{\"email\":\"someone@else.example\"}}' WHERE id = {target}"
        ),
    )
    .await;
    let (_, check) = owner.call("/api/audit/verify", &[]).await;
    assert_eq!(check["broken"]["id"], target, "{check}");
    assert!(
        check["broken"]["problem"]
            .as_str()
            .unwrap()
            .contains("changed"),
        "{check}"
    );
    assert!(check["head"].is_null());

    // Put back exactly as it was, the chain holds again: the hash is of the content.
    tamper(
        &app,
        &format!(
            "UPDATE audit_log SET after_json = '{}' WHERE id = {target}",
            original.replace('\'', "''")
        ),
    )
    .await;
    let (_, check) = owner.call("/api/audit/verify", &[]).await;
    assert!(check["broken"].is_null(), "{check}");

    // A removed entry breaks the link of the one after it.
    tamper(
        &app,
        &format!("DELETE FROM audit_log WHERE id = {}", ids[1]),
    )
    .await;
    let (_, check) = owner.call("/api/audit/verify", &[]).await;
    assert_eq!(check["broken"]["id"], ids[2], "{check}");
    assert!(
        check["broken"]["problem"]
            .as_str()
            .unwrap()
            .contains("removed"),
        "{check}"
    );
}

#[tokio::test]
async fn concurrent_changes_keep_one_unbroken_chain() {
    let app = TestApp::spawn().await;
    let owner = app.signed_up("owner@example.com", "Busy Org").await;
    let mut tasks = Vec::new();
    for i in 0..24 {
        let owner = owner.clone();
        tasks.push(tokio::spawn(async move {
            owner
                .call(
                    "/api/invites/create",
                    &[
                        ("email", format!("p{i}@example.com").as_str()),
                        ("role", "contributor"),
                    ],
                )
                .await
                .0
        }));
    }
    for task in tasks {
        assert_eq!(task.await.unwrap(), StatusCode::OK);
    }
    let (_, check) = owner.call("/api/audit/verify", &[]).await;
    assert!(check["broken"].is_null(), "{check}");
    assert_eq!(check["entries"], entry_ids(&app).await.len() as i64);
}

#[tokio::test]
async fn entries_from_before_the_chain_are_sealed_at_start_up() {
    let app = TestApp::spawn().await;
    let owner = app.signed_up("owner@example.com", "Old Org").await;
    // An entry as an earlier version wrote it: no hashes.
    with_db!(&app.db, pool => sqlx::query(
        "INSERT INTO audit_log (org_id, actor_id, actor_email, action, entity_type, created_at) \
         SELECT org_id, actor_id, actor_email, 'organisation.renamed', 'organisation', created_at \
         FROM audit_log ORDER BY id LIMIT 1",
    )
    .execute(pool)
    .await
    .map(|_| ()))
    .unwrap();
    let (_, check) = owner.call("/api/audit/verify", &[]).await;
    assert!(
        check["broken"]["problem"]
            .as_str()
            .unwrap()
            .contains("never sealed"),
        "{check}"
    );
    let url = app.database_url.clone();
    let dir = app.stop().await;
    let app = TestApp::start_on(&url, |_| {}).await;
    let owner = app.client();
    let (status, _) = owner
        .call(
            "/api/auth/login",
            &[("email", "owner@example.com"), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let (_, check) = owner.call("/api/audit/verify", &[]).await;
    assert!(check["broken"].is_null(), "{check}");
    // Sealed entries are as fixed as any other.
    let result = with_db!(&app.db, pool => sqlx::query("UPDATE audit_log SET entry_hash = NULL")
        .execute(pool)
        .await
        .map(|_| ()));
    assert!(result.is_err());
    app.stop().await;
    drop(dir);
}

#[tokio::test]
async fn auditors_may_check_the_chain_and_editors_may_not() {
    let app = TestApp::spawn().await;
    let owner = app.signed_up("owner@example.com", "Org").await;
    let auditor = app.join(&owner, "audrey@example.com", "auditor").await;
    let editor = app.join(&owner, "eddie@example.com", "editor").await;
    assert_eq!(
        auditor.call("/api/audit/verify", &[]).await.0,
        StatusCode::OK
    );
    assert_eq!(
        editor.call("/api/audit/verify", &[]).await.0,
        StatusCode::FORBIDDEN
    );
}
