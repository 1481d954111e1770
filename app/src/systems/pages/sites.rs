//! DR sites: what kind of site each is, how failover works, how it is
//! activated, and which systems it hosts and recovers.

use super::common::SystemsNav;
use crate::systems::profile::{Failover, Readiness, SiteRole};
use crate::systems::{SaveDrSite, SiteList, SiteView, load_dr_sites};
use crate::ui::ActionForm;
use crate::ui::Erase;
use crate::ui::{ErrorNotice, FormError, SelectField, TextArea, TextField, last_error};
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn SitesPage() -> impl IntoView {
    let save = ServerAction::<SaveDrSite>::new();
    let data = Resource::new(move || save.version().get(), |_| load_dr_sites());
    view! {
        <Title text="DR sites" />
        <div class="page-head page-head-actions">
            <div>
                <h1>"DR sites"</h1>
                <p class="muted">"Primary and recovery sites and cloud regions: how ready each is, how failover works, and the steps to activate it."</p>
            </div>
            <SystemsNav />
        </div>
        <Transition fallback=|| view! { <p class="loading">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(list) => view! { <Sites list save /> }.erase(),
                    Err(error) => view! { <ErrorNotice error /> }.erase(),
                }
            })}
        </Transition>
    }
}

#[component]
fn Sites(list: SiteList, save: ServerAction<SaveDrSite>) -> AnyView {
    if list.sites.is_empty() {
        return view! {
            <section class="card">
                <p class="muted">"No sites yet. Add data centres, offices and cloud regions as sites under "<a href="/bia/resources">"BIA dependencies"</a>", then describe them here."</p>
            </section>
        }
        .erase();
    }
    let can_edit = list.can_edit;
    list.sites
        .into_iter()
        .map(|site| view! { <SiteCard site can_edit save /> })
        .collect_view()
        .erase()
}

fn names(nodes: &[crate::bia::NodeRef]) -> AnyView {
    if nodes.is_empty() {
        return view! { <span class="muted">"none"</span> }.erase();
    }
    nodes
        .iter()
        .enumerate()
        .map(|(i, n)| view! { {(i > 0).then_some(", ")}<a href=n.href()>{n.name.clone()}</a> })
        .collect_view()
        .erase()
}

#[component]
fn SiteCard(site: SiteView, can_edit: bool, save: ServerAction<SaveDrSite>) -> AnyView {
    let p = site.profile.clone();
    let id = site.site.id;
    // Only this card's form shows the last save's messages.
    let error = Signal::derive(move || {
        save.input()
            .get()
            .filter(|i| i.id == id)
            .and(last_error(save).get())
    });
    let steps: Vec<String> = p
        .activation
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(String::from)
        .collect();
    view! {
        <section class="card site-card" data-testid="site-card">
            <h2>
                <a href=site.site.href()>{site.site.name.clone()}</a>
                {site.profiled.then(|| view! {
                    " "<span class="badge badge-quiet">{format!("{} · {} · {}", p.role.label(), p.readiness.label(), p.failover.label())}</span>
                })}
            </h2>
            <p class="small muted">
                {(!site.category.is_empty()).then(|| format!("{} · ", site.category))}
                {if site.profiled { p.readiness.explain().to_string() } else { "DR profile not described yet.".into() }}
            </p>
            <p>"Hosts: "{names(&site.hosts)}</p>
            <p>"Recovers: "{names(&site.recovers)}</p>
            {(!steps.is_empty()).then(|| view! {
                <h3>"Activation"</h3>
                <ol class="steps">{steps.into_iter().map(|s| view! { <li>{s}</li> }).collect_view()}</ol>
            })}
            {can_edit.then(|| view! {
                <details class="edit-site">
                    <summary class="btn btn-small">"Describe this site"</summary>
                    <ActionForm action=save attr:class="stack" attr:novalidate=true>
                        <input type="hidden" name="id" value=id.to_string() />
                        <FormError error />
                        <div class="grid-3">
                            <SelectField label="Role" name="role" options=SiteRole::options() selected=p.role.as_str() error />
                            <SelectField label="Readiness" name="readiness" options=Readiness::options() selected=p.readiness.as_str() error />
                            <SelectField label="Failover" name="failover" options=Failover::options() selected=p.failover.as_str() error />
                        </div>
                        <TextField label="Location" name="location" value=p.location.clone() required=false maxlength=200 error />
                        <TextArea label="Activation steps (one per line)" name="activation" value=p.activation.clone() error rows=5 maxlength=4000 />
                        <div class="form-actions">
                            <button type="submit" class="btn btn-primary">"Save site"</button>
                        </div>
                    </ActionForm>
                </details>
            })}
        </section>
    }
    .erase()
}
