//! Error and not-found notices.

use crate::error::AppError;
use crate::ui::Erase;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Redirect;

/// Shows an error from loading a page's data in words a person can act on.
#[component]
pub fn ErrorNotice(error: AppError) -> impl IntoView {
    match error {
        AppError::Unauthenticated => {
            let here = leptos_router::hooks::use_location()
                .pathname
                .get_untracked();
            view! { <Redirect path=super::frame::login_path(&here) /> }.erase()
        }
        AppError::Forbidden(message) if message == crate::auth::NO_ORGANISATION => {
            view! { <super::frame::NoOrganisation /> }.erase()
        }
        AppError::Forbidden(message) => view! {
            <section class="card narrow notice">
                <h1>"Not available to your role"</h1>
                <p>{message}</p>
                <a class="btn" href="/">"Back to the dashboard"</a>
            </section>
        }
        .erase(),
        AppError::NotFound(what) => view! {
            <section class="card narrow notice">
                <h1>{format!("{what} not found")}</h1>
                <p>"It may have been removed, or it belongs to another organisation."</p>
                <a class="btn" href="/">"Back to the dashboard"</a>
            </section>
        }
        .erase(),
        other => view! {
            <div class="alert alert-error" role="alert">
                {other.to_string()}
            </div>
        }
        .erase(),
    }
}

#[component]
pub fn NotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(axum::http::StatusCode::NOT_FOUND);
    }
    view! {
        <Title text="Page not found" />
        <main class="page">
            <section class="card narrow notice">
                <h1>"Page not found"</h1>
                <p>"There is no page at this address. Check the link, or start from the dashboard."</p>
                <a class="btn btn-primary" href="/">"Go to the dashboard"</a>
            </section>
        </main>
    }
}
