//! Sign-up, sign-in, sign-out and sessions.

use crate::support::{PASSWORD, TestApp, field_error};
use reqwest::StatusCode;

#[tokio::test]
async fn sign_up_creates_the_account_an_organisation_and_a_session_as_its_owner() {
    let app = TestApp::spawn().await;
    let client = app.signed_up("ada@example.com", "Analytical Engines").await;
    let session = client.session().await;
    assert_eq!(session["user"]["email"], "ada@example.com");
    assert_eq!(session["current"]["name"], "Analytical Engines");
    assert_eq!(session["current"]["role"], "owner");
    assert_eq!(app.count("users").await, 1);
    assert_eq!(app.count("memberships").await, 1);
    let hash = app
        .scalar_text("SELECT password_hash FROM users")
        .await
        .unwrap();
    assert!(
        hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"),
        "{hash}"
    );
    assert!(!hash.contains(PASSWORD));
}

#[tokio::test]
async fn sign_up_rejects_bad_input_with_field_messages_and_writes_nothing() {
    let app = TestApp::spawn().await;
    let client = app.client();
    let long = "x".repeat(300);
    let cases: Vec<(Vec<(&str, &str)>, &str)> = vec![
        (
            vec![
                ("email", ""),
                ("name", "A"),
                ("organisation", "Org"),
                ("password", PASSWORD),
                ("password_confirm", PASSWORD),
            ],
            "email",
        ),
        (
            vec![
                ("email", "not-an-email"),
                ("name", "A"),
                ("organisation", "Org"),
                ("password", PASSWORD),
                ("password_confirm", PASSWORD),
            ],
            "email",
        ),
        (
            vec![
                ("email", "a@example.com"),
                ("name", "  "),
                ("organisation", "Org"),
                ("password", PASSWORD),
                ("password_confirm", PASSWORD),
            ],
            "name",
        ),
        (
            vec![
                ("email", "a@example.com"),
                ("name", &long),
                ("organisation", "Org"),
                ("password", PASSWORD),
                ("password_confirm", PASSWORD),
            ],
            "name",
        ),
        (
            vec![
                ("email", "a@example.com"),
                ("name", "A"),
                ("organisation", ""),
                ("password", PASSWORD),
                ("password_confirm", PASSWORD),
            ],
            "organisation",
        ),
        (
            vec![
                ("email", "a@example.com"),
                ("name", "A"),
                ("organisation", "Org"),
                ("password", "short"),
                ("password_confirm", "short"),
            ],
            "password",
        ),
        (
            vec![
                ("email", "a@example.com"),
                ("name", "A"),
                ("organisation", "Org"),
                ("password", "password1234"),
                ("password_confirm", "password1234"),
            ],
            "password",
        ),
        (
            vec![
                ("email", "a@example.com"),
                ("name", "A"),
                ("organisation", "Org"),
                ("password", PASSWORD),
                ("password_confirm", "tidal-harbour-43"),
            ],
            "password",
        ),
    ];
    for (form, field) in cases {
        let (status, body) = client.call("/api/auth/signup", &form).await;
        assert_eq!(
            status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{form:?} → {body}"
        );
        assert!(
            field_error(&body, field).is_some(),
            "no message for {field}: {body}"
        );
    }
    // A missing argument and a wrongly typed one are refused as malformed.
    let (status, body) = client
        .call("/api/auth/signup", &[("email", "a@example.com")])
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert_eq!(app.snapshot().await, vec![0, 0, 0, 0, 0]);
    assert!(client.session().await.is_null());
}

#[tokio::test]
async fn an_email_can_only_sign_up_once_whatever_its_case() {
    let app = TestApp::spawn().await;
    app.signed_up("ada@example.com", "First").await;
    let before = app.snapshot().await;
    let (status, body) = app
        .client()
        .call(
            "/api/auth/signup",
            &[
                ("email", "ADA@Example.com"),
                ("name", "Ada"),
                ("organisation", "Second"),
                ("password", PASSWORD),
                ("password_confirm", PASSWORD),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        field_error(&body, "email")
            .unwrap()
            .contains("already exists")
    );
    assert_eq!(app.snapshot().await, before);
}

#[tokio::test]
async fn unknown_email_and_wrong_password_get_the_same_answer() {
    let app = TestApp::spawn().await;
    app.signed_up("ada@example.com", "Org").await;
    let client = app.client();
    let wrong_password = client.login("ada@example.com", "not-the-password").await;
    let unknown_email = client.login("nobody@example.com", "not-the-password").await;
    assert_eq!(wrong_password.0, StatusCode::UNAUTHORIZED);
    assert_eq!(wrong_password, unknown_email);
    assert!(client.session().await.is_null());
    let (status, body) = client.login("", "").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(field_error(&body, "email").is_some() && field_error(&body, "password").is_some());
}

#[tokio::test]
async fn signing_in_rotates_the_session_id_and_signing_out_ends_it() {
    let app = TestApp::spawn().await;
    let client = app.signed_up("ada@example.com", "Org").await;
    let first = client
        .session_cookie()
        .await
        .expect("a session cookie after sign-up");
    let (status, body) = client.login("Ada@Example.com", PASSWORD).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body, "/");
    let second = client.session_cookie().await.unwrap();
    assert_ne!(first, second, "the session id must change at sign-in");
    // The server keeps sessions it has seen in memory; the replaced one must
    // be gone from there too.
    let planted = app.client();
    let url = app.base.parse().unwrap();
    planted
        .jar
        .add_cookie_str(&format!("seawall_session={first}"), &url);
    assert!(planted.session().await.is_null());

    let (status, _) = client.call("/api/auth/logout", &[]).await;
    assert!(status.is_success() || status.is_redirection(), "{status}");
    assert!(client.session().await.is_null());
    // The old session id is dead too.
    let replay = app.client();
    replay
        .jar
        .add_cookie_str(&format!("seawall_session={second}"), &url);
    assert!(replay.session().await.is_null());
}

#[tokio::test]
async fn session_cookies_are_http_only_lax_and_secure_when_configured() {
    for secure in [false, true] {
        let app = TestApp::spawn_with(|s| s.secure_cookies = secure).await;
        let response = app
            .client()
            .http()
            .post(format!("{}/api/auth/signup", app.base))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(crate::support::serde_urlencoded(&[
                ("email", "ada@example.com"),
                ("name", "Ada"),
                ("organisation", "Org"),
                ("password", PASSWORD),
                ("password_confirm", PASSWORD),
            ]))
            .send()
            .await
            .unwrap();
        let cookie = response.headers()["set-cookie"]
            .to_str()
            .unwrap()
            .to_string();
        assert!(cookie.starts_with("seawall_session="), "{cookie}");
        assert!(cookie.contains("HttpOnly"), "{cookie}");
        assert!(cookie.contains("SameSite=Lax"), "{cookie}");
        assert_eq!(cookie.contains("Secure"), secure, "{cookie}");
    }
}

#[tokio::test]
async fn sessions_and_data_survive_a_restart() {
    let app = TestApp::spawn().await;
    let client = app.signed_up("ada@example.com", "Durable Ltd").await;
    let url = app.database_url.clone();
    let dir = app.stop().await;

    let restarted = TestApp::start_on(&url, |_| {}).await;
    let again = restarted.client();
    let cookie = client.session_cookie().await.unwrap();
    again.jar.add_cookie_str(
        &format!("seawall_session={cookie}"),
        &restarted.base.parse().unwrap(),
    );
    let session = again.session().await;
    assert_eq!(session["user"]["email"], "ada@example.com");
    assert_eq!(session["current"]["name"], "Durable Ltd");
    drop(dir);
}

#[tokio::test]
async fn people_can_create_and_switch_between_organisations() {
    let app = TestApp::spawn().await;
    let client = app.signed_up("ada@example.com", "First").await;
    let (status, body) = client.call("/api/orgs/create", &[("name", "Second")]).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let session = client.session().await;
    assert_eq!(session["current"]["name"], "Second");
    assert_eq!(session["orgs"].as_array().unwrap().len(), 2);
    let first = session["orgs"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["name"] == "First")
        .unwrap()["org_id"]
        .as_str()
        .unwrap()
        .to_string();
    let (status, body) = client.call("/api/orgs/switch", &[("org_id", &first)]).await;
    assert!(
        status.is_success() || status.is_redirection(),
        "{status} {body}"
    );
    assert_eq!(client.session().await["current"]["name"], "First");

    let (status, body) = client.call("/api/orgs/create", &[("name", "")]).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(field_error(&body, "name").is_some());
    let (status, _) = client
        .call("/api/orgs/switch", &[("org_id", "not-a-uuid")])
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn the_demo_is_offered_only_on_an_empty_installation() {
    let app = TestApp::spawn_with(|s| s.demo_password = Some("demo-password-123".into())).await;
    let client = app.client();
    assert_eq!(client.call("/api/demo/available", &[]).await.1, true);
    let (status, body) = client.call("/api/demo/create", &[]).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let session = client.session().await;
    assert_eq!(session["current"]["role"], "owner");
    assert_eq!(session["current"]["is_demo"], true);
    let (_, members) = client.call("/api/members/list", &[]).await;
    let roles: Vec<&str> = members["members"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["role"].as_str().unwrap())
        .collect();
    for role in [
        "owner",
        "admin",
        "editor",
        "contributor",
        "auditor",
        "executive",
    ] {
        assert!(roles.contains(&role), "no {role} in {roles:?}");
    }
    // Every demo account signs in with the configured password.
    let auditor = app.client();
    assert_eq!(
        auditor
            .login("elena@harbourside.example", "demo-password-123")
            .await
            .0,
        StatusCode::OK
    );
    assert_eq!(auditor.session().await["current"]["role"], "auditor");

    assert_eq!(app.client().call("/api/demo/available", &[]).await.1, false);
    let before = app.snapshot().await;
    let (status, _) = app.client().call("/api/demo/create", &[]).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(app.snapshot().await, before);
}

#[tokio::test]
async fn a_session_works_on_every_app_server_sharing_the_database() {
    let first = TestApp::spawn().await;
    let client = first.signed_up("ada@example.com", "Shared Ltd").await;
    let cookie = client.session_cookie().await.unwrap();
    // A second server on the same database, as behind a load balancer.
    let second = TestApp::start_on(&first.database_url, |_| {}).await;
    let there = second.client();
    there.jar.add_cookie_str(
        &format!("seawall_session={cookie}"),
        &second.base.parse().unwrap(),
    );
    assert_eq!(there.session().await["current"]["name"], "Shared Ltd");
    // A change made through one server is visible through the other.
    assert_eq!(
        there
            .status("/api/orgs/rename", &[("name", "Renamed Ltd")])
            .await,
        StatusCode::OK
    );
    assert_eq!(client.session().await["current"]["name"], "Renamed Ltd");
    // Signing out on one ends the session on both.
    there.call("/api/auth/logout", &[]).await;
    assert!(client.session().await.is_null());
}

#[tokio::test]
async fn failed_sign_ins_lock_the_account_and_the_address_without_revealing_accounts() {
    let app = TestApp::spawn_with(|s| {
        s.login_account_limit = 3;
        s.login_address_limit = 10;
    })
    .await;
    app.signed_up("owner@example.com", "Org").await;
    app.signed_up("second@example.com", "Second").await;
    let client = app.client();
    let wrong = "not-the-password";

    // A successful sign-in clears the account's count.
    for _ in 0..2 {
        assert_eq!(
            client.login("second@example.com", wrong).await.0,
            StatusCode::UNAUTHORIZED
        );
    }
    assert_eq!(
        client.login("second@example.com", PASSWORD).await.0,
        StatusCode::OK
    );
    for _ in 0..2 {
        assert_eq!(
            client.login("second@example.com", wrong).await.0,
            StatusCode::UNAUTHORIZED
        );
    }

    // The third failure in a row locks the account, even for the right password.
    assert_eq!(
        client.login("owner@example.com", wrong).await.0,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        client.login("owner@example.com", wrong).await.0,
        StatusCode::UNAUTHORIZED
    );
    let locked = client.login("owner@example.com", wrong).await;
    assert_eq!(locked.0, StatusCode::TOO_MANY_REQUESTS);
    assert!(
        locked
            .1
            .to_string()
            .contains("Too many failed sign-in attempts"),
        "{}",
        locked.1
    );
    assert_eq!(client.login("owner@example.com", PASSWORD).await, locked);

    // An email with no account locks the same way with the same words, so
    // the lock says nothing about which emails are registered. This is the
    // tenth failure from this address, which locks the address too.
    assert_eq!(
        client.login("ghost@example.com", wrong).await.0,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        client.login("ghost@example.com", wrong).await.0,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(client.login("ghost@example.com", wrong).await, locked);

    // Now every account is refused from this address, whatever the password.
    assert_eq!(client.login("second@example.com", PASSWORD).await, locked);
    let keys = app
        .scalar_text(
            "SELECT CAST(COUNT(*) AS TEXT) FROM login_throttle WHERE locked_until IS NOT NULL",
        )
        .await;
    assert_eq!(keys.as_deref(), Some("3"), "owner, ghost and the address");
}

#[tokio::test]
async fn a_lock_ends_and_counting_starts_again() {
    let app = TestApp::spawn_with(|s| s.login_account_limit = 2).await;
    app.signed_up("owner@example.com", "Org").await;
    let client = app.client();
    client.login("owner@example.com", "wrong-one").await;
    let locked = client.login("owner@example.com", "wrong-two").await;
    assert_eq!(locked.0, StatusCode::TOO_MANY_REQUESTS);
    // Move the lock into the past, as if the time had passed.
    app::with_db!(&app.db, pool => sqlx::query("UPDATE login_throttle SET locked_until = $1, window_start = $1")
        .bind(chrono::Utc::now() - chrono::Duration::minutes(1))
        .execute(pool)
        .await
        .map(|_| ()))
    .unwrap();
    assert_eq!(
        client.login("owner@example.com", PASSWORD).await.0,
        StatusCode::OK
    );
}
