//! Server-only parts of authentication: password hashing, the session, and the
//! one authorization check every server function goes through.

mod caller;
mod callers;
pub mod password;
pub mod throttle;
pub mod tokens;
pub mod users;

pub use caller::{
    Caller, Identity, Seen, SignedInUser, authorize, authorize_session, current_org_id,
    forget_head, identity, require_user, seen_head, session, set_current_org, sign_in,
};
pub use callers::Callers;

/// For plain HTML form posts (JavaScript off), send the browser on to `path`;
/// hydrated callers get the path back and navigate themselves.
pub fn redirect_form_post(path: &str) {
    use leptos::prelude::use_context;
    let plain_form =
        use_context::<axum::http::request::Parts>().is_some_and(|parts| wants_html(&parts.headers));
    if plain_form {
        leptos_axum::redirect(path);
    }
}

/// Whether the request came from a plain HTML form (it accepts HTML), so
/// its answer is a redirect rather than data.
pub fn wants_html(headers: &axum::http::HeaderMap) -> bool {
    headers
        .get(axum::http::header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("text/html"))
}

/// Only same-site paths may be used as a destination after signing in, so a
/// crafted link cannot bounce someone to another site.
pub fn safe_next(next: Option<&str>) -> String {
    match next.map(str::trim) {
        Some(path)
            if path.starts_with('/')
                && !path.starts_with("//")
                && !path.starts_with("/\\")
                && !path.starts_with("/api/")
                && !path.chars().any(char::is_control) =>
        {
            path.to_string()
        }
        _ => "/".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::safe_next;

    #[test]
    fn next_must_be_a_local_page() {
        assert_eq!(safe_next(Some("/members")), "/members");
        assert_eq!(safe_next(Some("//evil.example")), "/");
        assert_eq!(safe_next(Some("/\\evil.example")), "/");
        assert_eq!(safe_next(Some("https://evil.example")), "/");
        assert_eq!(safe_next(Some("/api/auth/logout")), "/");
        assert_eq!(safe_next(None), "/");
    }
}
