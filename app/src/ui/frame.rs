//! The frame around every signed-in page: header, organisation switcher,
//! navigation and user menu.

use super::{ErrorNotice, encode_query};
use crate::app::SessionResource;
use crate::auth::SessionInfo;
use crate::orgs::OrgSwitcher;
use crate::roles::Permission;
use crate::ui::Erase;
use leptos::prelude::*;
use leptos_router::components::{Outlet, Redirect};
use leptos_router::hooks::use_location;

#[component]
pub fn AppFrame() -> impl IntoView {
    let session = expect_context::<SessionResource>();
    let location = use_location();
    // The page sits outside the header's Suspense: server-side rendering
    // polls a Suspense's content more than once, and a page created inside
    // it would load its data once per poll.
    view! {
        <Suspense fallback=|| view! { <p class="loading">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match session.await {
                    Ok(Some(info)) => view! { <Header info /> }.erase(),
                    Ok(None) => {
                        let path = login_path(&location.pathname.get_untracked());
                        view! { <Redirect path /> }.erase()
                    }
                    Err(error) => view! { <ErrorNotice error /> }.erase(),
                }
            })}
        </Suspense>
        <main class="page">
            <Outlet />
        </main>
    }
}

/// The sign-in page, coming back to `here` afterwards.
pub fn login_path(here: &str) -> String {
    if here == "/" {
        "/login".to_string()
    } else {
        format!("/login?next={}", encode_query(here))
    }
}

#[component]
fn Header(info: SessionInfo) -> impl IntoView {
    let nav = [
        ("/", "Dashboard", true),
        ("/bia", "BIA", true),
        ("/systems", "Systems", true),
        ("/drills", "Drills", true),
        ("/controls", "Controls", true),
        (
            "/reports",
            "Reports",
            info.can(Permission::DownloadEvidence),
        ),
        ("/workshops", "Workshops", true),
        ("/members", "Members", true),
        (
            "/settings",
            "Settings",
            info.can(Permission::ManageSettings),
        ),
        (
            "/settings/audit",
            "Audit log",
            info.can(Permission::ViewAuditLog),
        ),
    ];
    let role = info.current.as_ref().map(|m| m.role.label());
    // One reading of the location marks the current page's link; a router
    // link each would set up its own path resolution on every page load.
    let pathname = use_location().pathname;
    view! {
        <header class="topbar">
            <a class="brand" href="/">
                <img src="/favicon.svg" alt="" width="24" height="24" />
                <span>"Seawall"</span>
            </a>
            <OrgSwitcher info=info.clone() />
            <nav class="mainnav" aria-label="Main">
                {nav
                    .into_iter()
                    .filter(|(_, _, shown)| *shown)
                    .map(|(href, label, _)| {
                        let current = move || pathname.with(|p| (p == href).then_some("page"));
                        view! { <a href=href aria-current=current>{label}</a> }
                    })
                    .collect_view()}
            </nav>
            <details class="menu usermenu">
                <summary>
                    <span class="avatar" aria-hidden="true">{initials(&info.user.name)}</span>
                    <span class="usermenu-name">{info.user.name.clone()}</span>
                </summary>
                <div class="menu-panel">
                    <p class="menu-meta">
                        {info.user.email.clone()}
                        {role.map(|r| view! { <br /><span class="muted">{format!("Role: {r}")}</span> })}
                    </p>
                    <form method="post" action="/api/auth/logout">
                        <button type="submit" class="btn btn-ghost">"Sign out"</button>
                    </form>
                </div>
            </details>
        </header>
    }
}

fn initials(name: &str) -> String {
    name.split_whitespace()
        .filter_map(|w| w.chars().next())
        .take(2)
        .flat_map(char::to_uppercase)
        .collect()
}

/// What every page shows a user who belongs to no organisation (any more).
#[component]
pub fn NoOrganisation() -> impl IntoView {
    view! {
        <section class="card narrow">
            <h1>"You are not in an organisation"</h1>
            <p>
                "Your account is not a member of any organisation any more. "
                "Create a new one, or ask an owner to send you an invitation link."
            </p>
            <a class="btn btn-primary" href="/orgs/new">"Create an organisation"</a>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::initials;

    #[test]
    fn initials_take_the_first_two_words() {
        assert_eq!(initials("Ada Lovelace"), "AL");
        assert_eq!(initials("ada king lovelace"), "AK");
        assert_eq!(initials("Zoë"), "Z");
        assert_eq!(initials(""), "");
    }
}
