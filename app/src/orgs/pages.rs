//! The organisation switcher, the new-organisation page and the settings page.

use super::{CreateOrg, RenameOrg, org_settings};
use crate::auth::SessionInfo;
use crate::ui::ActionForm;
use crate::ui::Erase;
use crate::ui::{ErrorNotice, FormError, TextField, last_error, reload_on_success};
use leptos::prelude::*;
use leptos_meta::Title;

/// Switching is a plain form post that reloads the page: everything on
/// screen belongs to one organisation, so nothing of the old one may linger.
#[component]
pub fn OrgSwitcher(info: SessionInfo) -> impl IntoView {
    let current = info.current.clone();
    let others: Vec<_> = info
        .orgs
        .iter()
        .filter(|m| Some(m.org_id) != current.as_ref().map(|c| c.org_id))
        .cloned()
        .collect();
    view! {
        <details class="menu orgmenu">
            <summary aria-label="Switch organisation">
                <span class="orgmenu-name">
                    {current.as_ref().map(|c| c.name.clone()).unwrap_or_else(|| "No organisation".into())}
                </span>
                {current.as_ref().filter(|c| c.is_demo).map(|_| view! { <span class="badge">"Demo"</span> })}
            </summary>
            <div class="menu-panel">
                {(!others.is_empty()).then(|| view! { <p class="menu-meta">"Switch to"</p> })}
                {others
                    .into_iter()
                    .map(|m| {
                        view! {
                            <form method="post" action="/api/orgs/switch">
                                <input type="hidden" name="org_id" value=m.org_id.to_string() />
                                <button type="submit" class="menu-item">
                                    {m.name}
                                    <span class="muted">{m.role.label()}</span>
                                </button>
                            </form>
                        }
                    })
                    .collect_view()}
                <a class="menu-item" href="/orgs/new">"+ New organisation"</a>
            </div>
        </details>
    }
}

#[component]
pub fn NewOrgPage() -> impl IntoView {
    let action = ServerAction::<CreateOrg>::new();
    let error = last_error(action);
    reload_on_success(action);
    view! {
        <Title text="New organisation" />
        <section class="card narrow">
            <h1>"New organisation"</h1>
            <p class="muted">
                "Each organisation keeps its own plans, members and evidence. You will be its owner."
            </p>
            <ActionForm action attr:class="stack" attr:novalidate=true>
                <FormError error />
                <TextField label="Name" name="name" autocomplete="organization" maxlength=100 error />
                <button type="submit" class="btn btn-primary">"Create organisation"</button>
            </ActionForm>
        </section>
    }
}

#[component]
pub fn SettingsPage() -> impl IntoView {
    let rename = ServerAction::<RenameOrg>::new();
    let error = last_error(rename);
    let settings = Resource::new(move || rename.version().get(), |_| org_settings());
    let saved = move || matches!(rename.value().get(), Some(Ok(())));
    view! {
        <Title text="Settings" />
        <div class="page-head">
            <h1>"Settings"</h1>
        </div>
        <Suspense fallback=|| view! { <p class="loading">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match settings.await {
                    Ok(current) => view! {
                        <section class="card">
                            <h2>"Organisation"</h2>
                            <ActionForm action=rename attr:class="stack inline-form" attr:novalidate=true>
                                <FormError error />
                                <TextField label="Name" name="name" value=current.name maxlength=100 error />
                                <div class="form-actions">
                                    <button type="submit" class="btn btn-primary">"Save"</button>
                                    {move || saved().then(|| view! { <span class="saved" role="status">"Saved"</span> })}
                                </div>
                            </ActionForm>
                        </section>
                        <section class="card">
                            <h2>"People and history"</h2>
                            <ul class="link-list">
                                <li><a href="/members">"Members and invitations"</a>" — who can see and change this organisation's plans"</li>
                                <li><a href="/settings/audit">"Audit log"</a>" — every change, who made it and when"</li>
                            </ul>
                        </section>
                    }
                    .erase(),
                    Err(error) => view! { <ErrorNotice error /> }.erase(),
                }
            })}
        </Suspense>
    }
}
