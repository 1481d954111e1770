//! A database outage answers 503 with a clear page instead of a bare 500.
//!
//! Failures surface in many places: the session store answers 500, a
//! server function answers its error, a page renders the error inline. When
//! a request ends in a 500 or met a connection failure, a quick ping tells
//! an outage from a bug (or from another server's outage in the same
//! process, as in tests). The pool reconnects on its own, so the
//! page refreshes itself and Seawall recovers without a restart.

use app::db::Db;
use app::error::AppError;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::time::Duration;

const RETRY_SECONDS: u64 = 30;

pub async fn database_outage(State(db): State<Db>, request: Request, next: Next) -> Response {
    let wants_json = request.uri().path().starts_with("/api/")
        || request
            .headers()
            .get(header::ACCEPT)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.contains("json"));
    let failures = app::db::connectivity_failures();
    let response = next.run(request).await;
    if response.status() != StatusCode::INTERNAL_SERVER_ERROR
        && app::db::connectivity_failures() == failures
    {
        return response;
    }
    let answering = matches!(
        tokio::time::timeout(Duration::from_secs(2), db.ping()).await,
        Ok(Ok(()))
    );
    if answering {
        return response;
    }
    tracing::warn!("answering 503: the database is not answering");
    let mut unavailable = if wants_json {
        (
            StatusCode::SERVICE_UNAVAILABLE,
            axum::Json(AppError::Unavailable),
        )
            .into_response()
    } else {
        (
            StatusCode::SERVICE_UNAVAILABLE,
            [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
            page(),
        )
            .into_response()
    };
    unavailable
        .headers_mut()
        .insert(header::RETRY_AFTER, HeaderValue::from(RETRY_SECONDS));
    unavailable
}

fn page() -> String {
    format!(
        r#"<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="refresh" content="{RETRY_SECONDS}">
<title>Seawall is reconnecting</title>
<link rel="stylesheet" href="/pkg/seawall.css">
</head>
<body>
<main class="outage">
<h1>Seawall cannot reach its database</h1>
<p>Nothing you sent was saved half-way: a change is either stored whole or not at all.</p>
<p>Seawall reconnects by itself. This page tries again every {RETRY_SECONDS} seconds; you can also
<a href="">reload it now</a>.</p>
<p class="muted">If this lasts, the person who runs Seawall can check <code>/readyz</code> and the database server.</p>
</main>
</body>
</html>
"#
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_page_refreshes_itself_and_needs_no_inline_script() {
        let page = super::page();
        assert!(page.contains(r#"http-equiv="refresh""#));
        assert!(!page.contains("<script"));
        assert!(!page.contains("style="));
    }
}
