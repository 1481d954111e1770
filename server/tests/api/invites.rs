//! Invitations: single-use, expiring, bound to one email address.

use crate::support::{PASSWORD, TestApp, field_error};
use app::with_db;
use reqwest::StatusCode;

#[tokio::test]
async fn an_invited_auditor_joins_reads_everything_and_changes_nothing() {
    let app = TestApp::spawn().await;
    let owner = app.signed_up("owner@example.com", "Harbour Ops").await;
    let token = owner.invite("audrey@example.com", "auditor").await;

    let guest = app.client();
    let (status, info) = guest
        .call("/api/invites/details", &[("token", &token)])
        .await;
    assert_eq!(status, StatusCode::OK, "{info}");
    assert_eq!(info["org_name"], "Harbour Ops");
    assert_eq!(info["role"], "auditor");
    assert_eq!(info["state"], "Open");
    assert_eq!(info["account_exists"], false);

    let (status, body) = guest
        .call(
            "/api/invites/accept",
            &[
                ("token", &token),
                ("name", "Audrey"),
                ("password", PASSWORD),
                ("password_confirm", PASSWORD),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let session = guest.session().await;
    assert_eq!(session["current"]["name"], "Harbour Ops");
    assert_eq!(session["current"]["role"], "auditor");

    // Reads work.
    assert_eq!(guest.call("/api/members/list", &[]).await.0, StatusCode::OK);
    assert_eq!(guest.call("/api/dashboard", &[]).await.0, StatusCode::OK);
    assert_eq!(guest.call("/api/audit/list", &[]).await.0, StatusCode::OK);
    // Changes are refused, and nothing is written.
    let before = app.snapshot().await;
    let owner_id = owner.member_id("owner@example.com").await;
    for (path, form) in [
        ("/api/orgs/rename", vec![("name", "Taken Over")]),
        ("/api/orgs/settings", vec![]),
        (
            "/api/invites/create",
            vec![("email", "x@example.com"), ("role", "admin")],
        ),
        (
            "/api/members/role",
            vec![("user_id", owner_id.as_str()), ("role", "auditor")],
        ),
        ("/api/members/remove", vec![("user_id", owner_id.as_str())]),
    ] {
        let (status, body) = guest.call(path, &form).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{path}: {body}");
    }
    assert_eq!(app.snapshot().await, before);

    // The owner sees both the invitation and its acceptance in the log.
    let (_, log) = owner.call("/api/audit/list", &[]).await;
    let actions: Vec<&str> = log["page"]["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert!(actions.contains(&"invite.created"), "{actions:?}");
    assert!(actions.contains(&"invite.accepted"), "{actions:?}");
    assert!(actions.contains(&"member.joined"), "{actions:?}");
}

#[tokio::test]
async fn an_invitation_works_once() {
    let app = TestApp::spawn().await;
    let owner = app.signed_up("owner@example.com", "Org").await;
    let token = owner.invite("bo@example.com", "editor").await;
    let first = app.client();
    let form = [
        ("token", token.as_str()),
        ("name", "Bo"),
        ("password", PASSWORD),
        ("password_confirm", PASSWORD),
    ];
    assert_eq!(
        first.call("/api/invites/accept", &form).await.0,
        StatusCode::OK
    );
    let before = app.snapshot().await;
    let (status, body) = app.client().call("/api/invites/accept", &form).await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    assert_eq!(app.snapshot().await, before);
    let (_, info) = app
        .client()
        .call("/api/invites/details", &[("token", &token)])
        .await;
    assert_eq!(info["state"], "Used");
}

#[tokio::test]
async fn expired_revoked_and_unknown_invitations_are_refused() {
    let app = TestApp::spawn().await;
    let owner = app.signed_up("owner@example.com", "Org").await;
    let expired = owner.invite("late@example.com", "editor").await;
    with_db!(&app.db, pool => sqlx::query("UPDATE invites SET expires_at = $1 WHERE email = $2")
        .bind(chrono::Utc::now() - chrono::Duration::hours(1))
        .bind("late@example.com")
        .execute(pool)
        .await
        .map(|_| ()))
    .unwrap();
    let revoked = owner.invite("gone@example.com", "editor").await;
    let (_, list) = owner.call("/api/members/list", &[]).await;
    let invite_id = list["invites"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["email"] == "gone@example.com")
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    let expired_flag = list["invites"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["email"] == "late@example.com")
        .unwrap()["expired"]
        .clone();
    assert_eq!(expired_flag, true);
    assert_eq!(
        owner
            .call("/api/invites/revoke", &[("invite_id", &invite_id)])
            .await
            .0,
        StatusCode::OK
    );

    let before = app.snapshot().await;
    for (token, expected) in [
        (expired.as_str(), StatusCode::CONFLICT),
        (revoked.as_str(), StatusCode::CONFLICT),
        ("made-up-token", StatusCode::NOT_FOUND),
    ] {
        let (status, body) = app
            .client()
            .call(
                "/api/invites/accept",
                &[
                    ("token", token),
                    ("name", "X"),
                    ("password", PASSWORD),
                    ("password_confirm", PASSWORD),
                ],
            )
            .await;
        assert_eq!(status, expected, "{body}");
    }
    assert_eq!(app.snapshot().await, before);
}

#[tokio::test]
async fn an_invitation_is_bound_to_its_email_address() {
    let app = TestApp::spawn().await;
    let owner = app.signed_up("owner@example.com", "Org").await;
    let other = app.signed_up("someone.else@example.com", "Theirs").await;
    let token = owner.invite("invited@example.com", "editor").await;
    let before = app.snapshot().await;
    let (status, body) = other
        .call("/api/invites/accept", &[("token", &token)])
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    assert_eq!(app.snapshot().await, before);
}

#[tokio::test]
async fn an_existing_account_joins_with_its_password() {
    let app = TestApp::spawn().await;
    let owner = app.signed_up("owner@example.com", "Org A").await;
    app.signed_up("carol@example.com", "Org C").await;
    let token = owner.invite("Carol@Example.com", "executive").await;
    let carol = app.client();
    let (_, info) = carol
        .call("/api/invites/details", &[("token", &token)])
        .await;
    assert_eq!(info["account_exists"], true);
    let (status, body) = carol
        .call(
            "/api/invites/accept",
            &[("token", &token), ("password", "wrong-password-1")],
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(field_error(&body, "password").is_some());
    let (status, body) = carol
        .call(
            "/api/invites/accept",
            &[("token", &token), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let session = carol.session().await;
    assert_eq!(session["current"]["name"], "Org A");
    assert_eq!(session["current"]["role"], "executive");
    assert_eq!(session["orgs"].as_array().unwrap().len(), 2);
}

#[tokio::test]
async fn invitations_validate_their_input_and_refuse_members() {
    let app = TestApp::spawn().await;
    let owner = app.signed_up("owner@example.com", "Org").await;
    let before = app.snapshot().await;
    for (form, field) in [
        (vec![("email", "nope"), ("role", "editor")], "email"),
        (
            vec![("email", "x@example.com"), ("role", "superuser")],
            "role",
        ),
        (
            vec![("email", "owner@example.com"), ("role", "editor")],
            "email",
        ),
    ] {
        let (status, body) = owner.call("/api/invites/create", &form).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert!(field_error(&body, field).is_some(), "{body}");
    }
    assert_eq!(app.snapshot().await, before);
    // A second invitation to the same address replaces the first.
    let first = owner.invite("twice@example.com", "editor").await;
    let second = owner.invite("twice@example.com", "auditor").await;
    let (_, info) = app
        .client()
        .call("/api/invites/details", &[("token", &first)])
        .await;
    assert_eq!(info["state"], "Revoked");
    let (_, info) = app
        .client()
        .call("/api/invites/details", &[("token", &second)])
        .await;
    assert_eq!(info["state"], "Open");
    assert_eq!(info["role"], "auditor");
}
