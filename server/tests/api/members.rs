//! Roles: who may manage whom, and what each role may do.

use crate::support::TestApp;
use reqwest::StatusCode;

/// A server function, its form, and the roles allowed to call it.
type Check<'a> = (&'a str, Vec<(&'a str, &'a str)>, &'a [&'a str]);

#[tokio::test]
async fn each_role_gets_exactly_its_permissions() {
    let app = TestApp::spawn().await;
    let owner = app.signed_up("owner@example.com", "Org").await;
    let mut clients = vec![("owner", owner.clone())];
    for role in ["admin", "editor", "contributor", "auditor", "executive"] {
        clients.push((
            role,
            app.join(&owner, &format!("{role}@example.com"), role).await,
        ));
    }
    // (path, form, roles allowed)
    let reads_everyone = [
        "owner",
        "admin",
        "editor",
        "contributor",
        "auditor",
        "executive",
    ];
    let checks: Vec<Check> = vec![
        ("/api/members/list", vec![], &reads_everyone),
        ("/api/dashboard", vec![], &reads_everyone),
        ("/api/orgs/settings", vec![], &["owner", "admin"]),
        ("/api/audit/list", vec![], &["owner", "admin", "auditor"]),
        (
            "/api/orgs/rename",
            vec![("name", "Org")],
            &["owner", "admin"],
        ),
    ];
    for (path, form, allowed) in &checks {
        for (role, client) in &clients {
            let (status, body) = client.call(path, form).await;
            let expected = if allowed.contains(role) {
                StatusCode::OK
            } else {
                StatusCode::FORBIDDEN
            };
            assert_eq!(status, expected, "{role} → {path}: {body}");
        }
    }
    // Inviting: only owners and admins, and only owners may invite owners.
    for (role, client) in &clients {
        let (status, _) = client
            .call(
                "/api/invites/create",
                &[
                    ("email", &format!("new-{role}@example.com")),
                    ("role", "editor"),
                ],
            )
            .await;
        let expected = if ["owner", "admin"].contains(role) {
            StatusCode::OK
        } else {
            StatusCode::FORBIDDEN
        };
        assert_eq!(status, expected, "{role} inviting");
    }
    let admin = &clients[1].1;
    let (status, _) = admin
        .call(
            "/api/invites/create",
            &[("email", "boss@example.com"), ("role", "owner")],
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        owner
            .call(
                "/api/invites/create",
                &[("email", "boss@example.com"), ("role", "owner")]
            )
            .await
            .0,
        StatusCode::OK
    );
}

#[tokio::test]
async fn owners_and_admins_manage_members_within_their_limits() {
    use StatusCode as S;
    let app = TestApp::spawn().await;
    let owner = app.signed_up("owner@example.com", "Org").await;
    let admin = app.join(&owner, "admin@example.com", "admin").await;
    let editor = app.join(&owner, "editor@example.com", "editor").await;
    let editor_id = owner.member_id("editor@example.com").await;
    let owner_id = owner.member_id("owner@example.com").await;
    let admin_id = owner.member_id("admin@example.com").await;

    // An admin can change an editor's role, but not touch the owner or make owners.
    assert_eq!(admin.set_role(&editor_id, "contributor").await, S::OK);
    assert_eq!(editor.session().await["current"]["role"], "contributor");
    assert_eq!(admin.set_role(&owner_id, "editor").await, S::FORBIDDEN);
    assert_eq!(admin.remove(&owner_id).await, S::FORBIDDEN);
    assert_eq!(
        admin.set_role(&editor_id, "owner").await,
        S::UNPROCESSABLE_ENTITY
    );
    // Nobody changes their own membership.
    assert_eq!(
        admin.set_role(&admin_id, "owner").await,
        S::UNPROCESSABLE_ENTITY
    );
    assert_eq!(owner.set_role(&owner_id, "editor").await, S::FORBIDDEN);
    assert_eq!(owner.remove(&owner_id).await, S::FORBIDDEN);
    // Bad input.
    assert_eq!(
        owner.set_role(&editor_id, "root").await,
        S::UNPROCESSABLE_ENTITY
    );
    assert_eq!(owner.set_role("42", "editor").await, S::BAD_REQUEST);
    let nobody = uuid::Uuid::new_v4().to_string();
    assert_eq!(owner.remove(&nobody).await, S::NOT_FOUND);

    // Removing a member ends their access to the organisation.
    assert_eq!(admin.remove(&editor_id).await, S::OK);
    assert_eq!(editor.status("/api/members/list", &[]).await, S::FORBIDDEN);
    assert!(editor.session().await["current"].is_null());

    let (_, log) = owner
        .call("/api/audit/list", &[("action", "member.role_changed")])
        .await;
    let entry = &log["page"]["entries"][0];
    assert!(
        entry["before"].as_str().unwrap().contains("\"editor\""),
        "{entry}"
    );
    assert!(
        entry["after"].as_str().unwrap().contains("\"contributor\""),
        "{entry}"
    );
}

#[tokio::test]
async fn the_last_owner_cannot_be_demoted_by_another_owner_leaving_none() {
    let app = TestApp::spawn().await;
    let first = app.signed_up("first@example.com", "Org").await;
    let second = app.join(&first, "second@example.com", "owner").await;
    let first_id = first.member_id("first@example.com").await;
    let second_id = first.member_id("second@example.com").await;
    assert_eq!(second.set_role(&first_id, "admin").await, StatusCode::OK);
    // Now `second` is the only owner; `first` (an admin) cannot touch them.
    assert_eq!(
        first.set_role(&second_id, "admin").await,
        StatusCode::FORBIDDEN
    );
    assert_eq!(app.count("memberships WHERE role = 'owner'").await, 1);
}

/// A server remembers who is calling between requests: a change to a
/// member or their organisation must still show on their very next one.
#[tokio::test]
async fn a_change_to_a_member_shows_on_their_next_request() {
    let app = TestApp::spawn().await;
    let owner = app.signed_up("owner@example.com", "Org").await;
    let editor = app.join(&owner, "editor@example.com", "editor").await;
    let editor_id = owner.member_id("editor@example.com").await;
    for _ in 0..3 {
        assert_eq!(editor.session().await["current"]["role"], "editor");
    }

    assert_eq!(owner.set_role(&editor_id, "auditor").await, StatusCode::OK);
    assert_eq!(editor.session().await["current"]["role"], "auditor");

    assert_eq!(
        owner
            .status("/api/orgs/rename", &[("name", "Renamed Org")])
            .await,
        StatusCode::OK
    );
    assert_eq!(editor.session().await["current"]["name"], "Renamed Org");

    assert_eq!(owner.remove(&editor_id).await, StatusCode::OK);
    assert!(editor.session().await["current"].is_null());
    assert_eq!(
        editor.status("/api/members/list", &[]).await,
        StatusCode::FORBIDDEN
    );
}
