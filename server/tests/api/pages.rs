//! Pages as a browser without JavaScript sees them, and the HTTP edges:
//! redirects, 404s, cross-site protection, probes and headers.

use crate::support::{PASSWORD, TestApp, serde_urlencoded};
use reqwest::StatusCode;
use reqwest::header::{ACCEPT, CONTENT_TYPE, LOCATION, ORIGIN, REFERER};

#[tokio::test]
async fn signed_out_visitors_are_sent_to_sign_in() {
    let app = TestApp::spawn().await;
    let client = app.client();
    let home = client.get("/").await;
    assert_eq!(home.status(), StatusCode::FOUND);
    assert_eq!(home.headers()[LOCATION], "/login");
    let members = client.get("/members").await;
    assert_eq!(members.headers()[LOCATION], "/login?next=/members");
    let login = client.get("/login").await;
    assert_eq!(login.status(), StatusCode::OK);
    let html = login.text().await.unwrap();
    assert!(
        html.contains("<form")
            && html.contains("name=\"email\"")
            && html.contains("action=\"/api/auth/login\"")
    );
    assert!(
        html.contains("Explore with demo data"),
        "an empty install offers the demo"
    );
}

#[tokio::test]
async fn unknown_pages_are_a_friendly_404() {
    let app = TestApp::spawn().await;
    let response = app.client().get("/no/such/page").await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    assert!(response.text().await.unwrap().contains("Page not found"));
}

#[tokio::test]
async fn forms_work_without_javascript() {
    let app = TestApp::spawn().await;
    app.signed_up("ada@example.com", "Org").await;
    let client = app.client();
    let post =
        |path: &'static str, form: Vec<(&'static str, &'static str)>, referer: &'static str| {
            let client = client.clone();
            let base = app.base.clone();
            async move {
                client
                    .http()
                    .post(format!("{base}{path}"))
                    .header(ACCEPT, "text/html,application/xhtml+xml")
                    .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
                    .header(REFERER, format!("{base}{referer}"))
                    .header(ORIGIN, base.clone())
                    .body(serde_urlencoded(&form))
                    .send()
                    .await
                    .unwrap()
            }
        };
    // A failed sign-in goes back to the form, which then shows the message.
    let failed = post(
        "/api/auth/login",
        vec![("email", "ada@example.com"), ("password", "wrong")],
        "/login",
    )
    .await;
    assert_eq!(failed.status(), StatusCode::FOUND);
    let back = failed.headers()[LOCATION].to_str().unwrap().to_string();
    assert!(back.contains("/login") && back.contains("__err"), "{back}");
    let path = back.trim_start_matches(&app.base);
    let page = client.get(path).await.text().await.unwrap();
    assert!(
        page.contains("The email address or password is incorrect."),
        "the error is shown"
    );

    // A good sign-in lands on the dashboard, which renders server-side.
    let ok = post(
        "/api/auth/login",
        vec![("email", "ada@example.com"), ("password", PASSWORD)],
        "/login",
    )
    .await;
    assert_eq!(ok.status(), StatusCode::FOUND);
    assert_eq!(ok.headers()[LOCATION], "/");
    let login = client.get("/login").await;
    assert_eq!(
        login.status(),
        StatusCode::FOUND,
        "signed-in visitors skip the sign-in page"
    );
    assert_eq!(login.headers()[LOCATION], "/");
    let dashboard = client.get("/").await;
    assert_eq!(dashboard.status(), StatusCode::OK);
    let html = dashboard.text().await.unwrap();
    assert!(
        html.contains("Org") && html.contains("Recent activity"),
        "dashboard content"
    );

    // Field messages come back beside the fields.
    let bad = post("/api/orgs/create", vec![("name", "")], "/orgs/new").await;
    let back = bad.headers()[LOCATION].to_str().unwrap().to_string();
    let page = client
        .get(back.trim_start_matches(&app.base))
        .await
        .text()
        .await
        .unwrap();
    assert!(
        page.contains("field-error") && page.contains("Enter a name for the organisation."),
        "field message shown"
    );

    let out = post("/api/auth/logout", vec![], "/").await;
    assert_eq!(out.headers()[LOCATION], "/login");
    assert_eq!(client.get("/").await.status(), StatusCode::FOUND);
}

#[tokio::test]
async fn cross_site_writes_are_refused() {
    let app = TestApp::spawn().await;
    let client = app.client();
    let form = serde_urlencoded(&[
        ("email", "a@example.com"),
        ("name", "A"),
        ("organisation", "O"),
        ("password", PASSWORD),
        ("password_confirm", PASSWORD),
    ]);
    for (header, value) in [
        (ORIGIN.as_str(), "https://evil.example"),
        ("sec-fetch-site", "cross-site"),
        ("sec-fetch-site", "same-site"),
    ] {
        let response = client
            .http()
            .post(format!("{}/api/auth/signup", app.base))
            .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header, value)
            .body(form.clone())
            .send()
            .await
            .unwrap();
        assert_eq!(
            response.status(),
            StatusCode::FORBIDDEN,
            "{header}: {value}"
        );
    }
    assert_eq!(app.count("users").await, 0);
    let same = client
        .http()
        .post(format!("{}/api/auth/signup", app.base))
        .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header("sec-fetch-site", "same-origin")
        .header(ORIGIN, app.base.clone())
        .body(form)
        .send()
        .await
        .unwrap();
    assert_eq!(same.status(), StatusCode::OK);
}

#[tokio::test]
async fn probes_and_security_headers() {
    let app = TestApp::spawn().await;
    let client = app.client();
    let health = client.get("/healthz").await;
    assert_eq!(health.status(), StatusCode::OK);
    assert_eq!(health.headers()["x-content-type-options"], "nosniff");
    assert_eq!(health.headers()["x-frame-options"], "DENY");
    assert_eq!(health.headers()["referrer-policy"], "same-origin");
    assert_eq!(
        health.headers()["content-security-policy"],
        "frame-ancestors 'none'"
    );
    let ready = client.get("/readyz").await;
    assert_eq!(ready.status(), StatusCode::OK);

    // Pages carry a policy whose script nonce is the one on their scripts,
    // fresh for every response.
    let nonce_of = |policy: &str| {
        policy
            .split("'nonce-")
            .nth(1)
            .and_then(|rest| rest.split('\'').next())
            .map(str::to_string)
            .expect("a script nonce in the policy")
    };
    let page = client.get("/login").await;
    let policy = page.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_string();
    assert!(policy.contains("default-src 'self'"), "{policy}");
    assert!(policy.contains("frame-ancestors 'none'"), "{policy}");
    assert!(policy.contains("object-src 'none'"), "{policy}");
    assert!(
        !policy.contains("'unsafe-inline' 'self'")
            && !policy.contains("script-src 'unsafe-inline'")
    );
    let nonce = nonce_of(&policy);
    let html = page.text().await.unwrap();
    assert!(
        html.contains(&format!("nonce=\"{nonce}\"")),
        "scripts carry the nonce"
    );
    let again = client.get("/login").await;
    assert_ne!(
        nonce_of(again.headers()["content-security-policy"].to_str().unwrap()),
        nonce
    );

    // The database goes away: signed-in pages and calls answer 503 with a
    // clear reason instead of a bare 500.
    let signed_in = app.signed_up("nadia@harbour.example", "Harbour").await;
    app.db.close().await;
    let ready = client.get("/readyz").await;
    assert_eq!(ready.status(), StatusCode::SERVICE_UNAVAILABLE);
    let page = signed_in.get("/").await;
    assert_eq!(page.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(page.headers()["retry-after"], "30");
    let text = page.text().await.unwrap();
    assert!(text.contains("Seawall cannot reach its database"), "{text}");
    let (status, body) = signed_in.call("/api/audit/verify", &[]).await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{body}");
    assert_eq!(body, serde_json::json!("Unavailable"));
}
