//! Request guards: refuse cross-site writes, give server-function errors a
//! meaningful HTTP status, and set protective response headers.

use app::config::Settings;
use app::error::AppError;
use axum::body::{Body, to_bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::sync::Arc;

/// Cross-site request forgery protection. Browsers say where a request came
/// from (`Sec-Fetch-Site`, or at least `Origin`); a state-changing request
/// from another site is refused. This also covers plain HTML form posts, so
/// it works with JavaScript off. Requests without either header do not come
/// from a browser page and carry no ambient cookies worth forging.
pub async fn same_origin_writes(
    State(settings): State<Arc<Settings>>,
    request: Request,
    next: Next,
) -> Response {
    if matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    ) {
        return next.run(request).await;
    }
    let headers = request.headers();
    let allowed = match headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()) {
        Some(site) => site == "same-origin" || site == "none",
        None => match headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) {
            Some(origin) => {
                let host = headers.get(header::HOST).and_then(|v| v.to_str().ok());
                origin_matches(origin, host, settings.public_url.as_deref())
            }
            None => true,
        },
    };
    if allowed {
        next.run(request).await
    } else {
        tracing::warn!(path = %request.uri().path(), "refused a cross-site request");
        (
            StatusCode::FORBIDDEN,
            "This request came from another site and was refused. Reload Seawall and try again.",
        )
            .into_response()
    }
}

fn origin_matches(origin: &str, host: Option<&str>, public_url: Option<&str>) -> bool {
    let authority = |url: &str| {
        url.split_once("://")
            .map(|(_, rest)| rest.split('/').next().unwrap_or("").to_ascii_lowercase())
    };
    let Some(origin_authority) = authority(origin) else {
        return false;
    };
    host.is_some_and(|h| h.eq_ignore_ascii_case(&origin_authority))
        || public_url
            .and_then(authority)
            .is_some_and(|p| p == origin_authority)
}

/// Server functions answer every error with 500; this reads the error and
/// sets the status it deserves (422 for validation, 403 for a role, ...), so
/// API callers get a 4xx with a reason. Plain form posts are redirects and
/// pass through untouched.
pub async fn server_fn_status(request: Request, next: Next) -> Response {
    let response = next.run(request).await;
    if response.status() != StatusCode::INTERNAL_SERVER_ERROR
        || !response
            .headers()
            .contains_key(server_fn::error::SERVER_FN_ERROR_HEADER)
    {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = to_bytes(body, 1024 * 1024).await else {
        return (StatusCode::INTERNAL_SERVER_ERROR, "").into_response();
    };
    if let Ok(error) = serde_json::from_slice::<AppError>(&bytes) {
        parts.status =
            StatusCode::from_u16(error.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    }
    Response::from_parts(parts, Body::from(bytes))
}

/// Headers that close off content sniffing, framing and referrer leaks.
pub async fn security_headers(request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    headers
        .entry(header::X_CONTENT_TYPE_OPTIONS)
        .or_insert(HeaderValue::from_static("nosniff"));
    // Invitation links carry a token in the path: never send it onwards.
    headers
        .entry(header::REFERRER_POLICY)
        .or_insert(HeaderValue::from_static("same-origin"));
    let frames = headers
        .entry(header::X_FRAME_OPTIONS)
        .or_insert(HeaderValue::from_static("DENY"))
        .clone();
    // Pages set their own policy (with a script nonce); everything else
    // (files, server function answers, static assets) may only be framed
    // as its X-Frame-Options says.
    if !headers.contains_key(header::CONTENT_SECURITY_POLICY) {
        let ancestors = if frames == "SAMEORIGIN" {
            "frame-ancestors 'self'"
        } else {
            "frame-ancestors 'none'"
        };
        headers.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(ancestors),
        );
    }
    response
}

/// The Content Security Policy of a rendered page. Scripts run only from
/// Seawall itself and inline only with this response's nonce; WebAssembly
/// may be compiled (hydration). Inline `style` attributes stay allowed for
/// the computed widths of bars and graphs; style sheets come from Seawall.
pub fn page_policy(nonce: &str) -> String {
    format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; \
         style-src 'self'; style-src-attr 'unsafe-inline'; img-src 'self' data:; \
         connect-src 'self'; frame-src 'self'; object-src 'none'; base-uri 'none'; \
         form-action 'self'; frame-ancestors 'none'"
    )
}

#[cfg(test)]
mod tests {
    use super::origin_matches;

    #[test]
    fn origins_must_match_the_host_or_the_public_url() {
        assert!(origin_matches(
            "http://127.0.0.1:3000",
            Some("127.0.0.1:3000"),
            None
        ));
        assert!(!origin_matches(
            "https://evil.example",
            Some("127.0.0.1:3000"),
            None
        ));
        assert!(!origin_matches("null", Some("127.0.0.1:3000"), None));
        assert!(origin_matches(
            "https://seawall.example.com",
            Some("10.0.0.5:3000"),
            Some("https://seawall.example.com/")
        ));
        assert!(!origin_matches(
            "https://seawall.example.com.evil",
            Some("x"),
            Some("https://seawall.example.com")
        ));
    }
}
