//! The systems inventory: what each system must meet, what it can meet, and a
//! form for a new system.

use super::chart::TierChart;
use super::common::{MeetsBadge, SystemsNav, objective, site_options, tier_text};
use crate::bia::people_options;
use crate::systems::profile::{Component, DataClass, Environment, Hosting};
use crate::systems::{CreateSystem, DrGlance, SystemList, SystemSummary, load_systems};
use crate::ui::ActionForm;
use crate::ui::Erase;
use crate::ui::{ErrorNotice, FormError, SelectField, TextArea, TextField, last_error};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_navigate;

#[component]
pub fn SystemsPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| load_systems());
    view! {
        <Title text="Systems and DR" />
        <div class="page-head page-head-actions">
            <div>
                <h1>"Systems and disaster recovery"</h1>
                <p class="muted">"What each system must recover within, what its DR design can deliver, and where they differ."</p>
            </div>
            <SystemsNav />
        </div>
        <Transition fallback=|| view! { <p class="loading">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(list) => view! { <Inventory list /> }.erase(),
                    Err(error) => view! { <ErrorNotice error /> }.erase(),
                }
            })}
        </Transition>
    }
}

#[component]
fn Inventory(list: SystemList) -> impl IntoView {
    let can_edit = list.can_edit;
    let empty = list.systems.is_empty();
    view! {
        <Glance glance=list.glance.clone() />
        <section class="card" aria-label="Systems">
            <h2>"Inventory"</h2>
            {if empty {
                view! { <p class="muted">"No systems yet. Add the applications, databases, storage and network your processes run on."</p> }.erase()
            } else {
                view! { <SystemTable systems=list.systems.clone() /> }.erase()
            }}
        </section>
        {can_edit.then(|| view! { <NewSystem list=list.clone() /> })}
    }
}

#[component]
pub fn Glance(glance: DrGlance) -> AnyView {
    let note = |with: usize| {
        if with == 0 {
            "nothing requires one yet".to_string()
        } else {
            format!("of {with} with a requirement")
        }
    };
    let rto_alert = glance.meeting_rto < glance.with_rto;
    let rpo_alert = glance.meeting_rpo < glance.with_rpo;
    let critical = glance.critical > 0;
    view! {
        <div class="dr-glance">
            <div class="tiles">
                <a class="tile" class:tile-alert=rto_alert href="/systems/gaps" data-testid="rto-tile">
                    <span class="tile-figure">{glance.meeting_rto}</span>
                    <span class="tile-label">"meet their required RTO"</span>
                    <span class="tile-note">{note(glance.with_rto)}</span>
                </a>
                <a class="tile" class:tile-alert=rpo_alert href="/systems/gaps" data-testid="rpo-tile">
                    <span class="tile-figure">{glance.meeting_rpo}</span>
                    <span class="tile-label">"meet their required RPO"</span>
                    <span class="tile-note">{note(glance.with_rpo)}</span>
                </a>
                <a class="tile" class:tile-alert=critical href="/systems/gaps" data-testid="findings-tile">
                    <span class="tile-figure">{glance.with_findings}</span>
                    <span class="tile-label">{if glance.with_findings == 1 { "system with gaps" } else { "systems with gaps" }}</span>
                    <span class="tile-note">{format!("{} critical, of {} systems", glance.critical, glance.systems)}</span>
                </a>
            </div>
            {(glance.systems > 0).then(|| view! { <TierChart glance=glance.clone() /> })}
        </div>
    }
    .erase()
}

#[component]
fn SystemTable(systems: Vec<SystemSummary>) -> impl IntoView {
    view! {
        <div class="table-wrap">
            <table class="table systems-table">
                <thead>
                    <tr>
                        <th scope="col">"System"</th>
                        <th scope="col">"Tier"</th>
                        <th scope="col">"RTO required / target / can do"</th>
                        <th scope="col">"RPO required / target / can do"</th>
                        <th scope="col">"Recovers at"</th>
                        <th scope="col">"Status"</th>
                    </tr>
                </thead>
                <tbody>
                    {systems.into_iter().map(|s| view! { <SystemRow s /> }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

#[component]
fn SystemRow(s: SystemSummary) -> AnyView {
    let meets_rto = s.meets_rto();
    let meets_rpo = s.meets_rpo();
    let status = match s.worst {
        Some(w) => view! {
            <span class=w.class()>{format!("{} · {} finding{}", w.label(), s.findings, if s.findings == 1 { "" } else { "s" })}</span>
        }
        .erase(),
        None => view! { <span class="badge badge-ok">"OK"</span> }.erase(),
    };
    view! {
        <tr data-testid="system-row">
            <td>
                <a href=s.href()><strong>{s.name.clone()}</strong></a>
                <div class="small muted">{format!("{} · {}", s.component.label(), s.hosting.label())}</div>
            </td>
            <td>{tier_text(s.tier)}</td>
            <td>
                {format!("{} / {} / {} ", objective(s.required.rto), objective(s.target.rto), objective(s.capability.rto))}
                <MeetsBadge meets=meets_rto />
            </td>
            <td>
                {format!("{} / {} / {} ", objective(s.required.rpo), objective(s.target.rpo), objective(s.capability.rpo))}
                <MeetsBadge meets=meets_rpo />
            </td>
            <td>{s.recovery_site.clone().unwrap_or_else(|| "—".into())}</td>
            <td>{status}</td>
        </tr>
    }
    .erase()
}

#[component]
fn NewSystem(list: SystemList) -> impl IntoView {
    let action = ServerAction::<CreateSystem>::new();
    let error = last_error(action);
    let navigate = use_navigate();
    Effect::new(move || {
        if let Some(Ok(id)) = action.value().get() {
            navigate(&format!("/systems/{id}"), Default::default());
        }
    });
    view! {
        <section class="card" aria-label="New system">
            <h2>"Add a system"</h2>
            <ActionForm action attr:class="stack" attr:novalidate=true>
                <FormError error />
                <div class="grid-3">
                    <TextField label="Name" name="name" maxlength=100 error />
                    <SelectField label="Kind" name="component" options=Component::options() selected="application" error />
                    <SelectField label="Owner" name="owner" options=people_options(&list.people) error />
                </div>
                <div class="grid-3">
                    <SelectField label="Environment" name="environment" options=Environment::options() selected="production" error />
                    <SelectField label="Hosting" name="hosting" options=Hosting::options() selected="on_premises" error />
                    <SelectField label="Data classification" name="data_class" options=DataClass::options() selected="internal" error />
                </div>
                <div class="grid-3">
                    <TextField label="Provider" name="provider" required=false hint="e.g. AWS, your colocation firm" maxlength=100 error />
                    <TextField label="Region or location" name="region" required=false hint="e.g. eu-west-1" maxlength=100 error />
                    <SelectField label="Primary site" name="primary_site" options=site_options(&list.sites) error />
                </div>
                <div class="grid-3">
                    <TextField label="Target RTO" name="rto" required=false hint="What the owner commits to, e.g. 4 h" maxlength=20 error />
                    <TextField label="Target RPO" name="rpo" required=false hint="e.g. 15 min" maxlength=20 error />
                    <SelectField label="Recovery site" name="recovery_site" options=site_options(&list.sites) error />
                </div>
                <TextArea label="Notes" name="notes" error rows=2 />
                <div class="form-actions">
                    <button type="submit" class="btn btn-primary">"Add system"</button>
                </div>
            </ActionForm>
        </section>
    }
}
