//! One framework's checklist: readiness per section, filters, and every
//! control with its status, owner, due date and evidence.

use super::common::{ControlsNav, ReadinessBar, StatusBadge};
use crate::controls::status::Effective;
use crate::controls::{Checklist, control_href, load_checklist};
use crate::ui::Erase;
use crate::ui::ErrorNotice;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

#[component]
pub fn ChecklistPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let data = Resource::new(
        move || {
            let q = query.read();
            let get = |k: &str| q.get(k).unwrap_or_default();
            (
                params.read().get("framework").unwrap_or_default(),
                get("status"),
                get("owner"),
                get("section"),
                q.get("continuity").is_some_and(|v| v == "on"),
            )
        },
        |(framework, status, owner, section, continuity)| {
            load_checklist(framework, status, owner, section, continuity)
        },
    );
    view! {
        <Transition fallback=|| view! { <p class="loading">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(c) => view! { <Body c /> }.erase(),
                    Err(error) => view! { <ErrorNotice error /> }.erase(),
                }
            })}
        </Transition>
    }
}

#[component]
fn Body(c: Checklist) -> impl IntoView {
    let name = c.card.name.clone();
    let key = c.card.key.clone();
    view! {
        <Title text=name.clone() />
        <nav class="breadcrumb" aria-label="Breadcrumb"><a href="/controls">"Controls"</a>" / "{name.clone()}</nav>
        <div class="page-head page-head-actions">
            <div>
                <h1>{name.clone()}</h1>
                <p class="muted">{format!("{} · {} controls", c.card.version, c.total)}</p>
                {(!c.card.active).then(|| view! {
                    <p class="alert alert-info">"This framework is not active, so it counts nowhere. An owner or admin can turn it on under "<a href="/controls">"Controls"</a>"."</p>
                })}
            </div>
            <ControlsNav />
        </div>
        <section class="card" aria-label="Readiness by section">
            <ReadinessBar tally=c.card.tally label="Overall" />
            <details class="section-gap" open={c.sections.len() <= 20}>
                <summary>"By section"</summary>
                <ul class="framework-list">
                    {c.sections.iter().map(|s| view! {
                        <li><ReadinessBar tally=s.tally label=format!("{} {}", s.id, s.title) /></li>
                    }).collect_view()}
                </ul>
            </details>
        </section>
        <Filters c=c.clone() />
        <section class="card" aria-label="Controls">
            <h2>{format!("Controls ({} of {})", c.rows.len(), c.total)}</h2>
            {if c.rows.is_empty() {
                view! { <p class="muted">"No control matches these filters."</p> }.erase()
            } else {
                view! {
                    <div class="table-wrap">
                        <table class="table controls-table">
                            <thead>
                                <tr>
                                    <th scope="col">"Control"</th>
                                    <th scope="col">"Status"</th>
                                    <th scope="col">"Owner"</th>
                                    <th scope="col">"Due"</th>
                                    <th scope="col" class="num">"Evidence"</th>
                                </tr>
                            </thead>
                            <tbody>
                                {c.rows.iter().map(|r| {
                                    let href = control_href(&key, &r.id);
                                    view! {
                                        <tr data-testid="control-row">
                                            <td>
                                                <a href=href class="control-id">{r.id.clone()}</a>" "
                                                <span>{r.title.clone()}</span>
                                                <div class="small muted">
                                                    {r.kind.clone().map(|k| view! { <span class="badge badge-quiet">{kind_label(&k)}</span>" " })}
                                                    {r.continuity.then(|| view! { <span class="badge badge-quiet">"Continuity"</span> })}
                                                </div>
                                            </td>
                                            <td><StatusBadge effective=r.effective /></td>
                                            <td>{r.owner.clone().unwrap_or_else(|| "—".into())}</td>
                                            <td class:overdue=r.overdue>{r.due_on.map(|d| d.format("%-d %b %Y").to_string()).unwrap_or_else(|| "—".into())}</td>
                                            <td class="num">{r.evidence}</td>
                                        </tr>
                                    }
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                }.erase()
            }}
        </section>
    }
}

pub fn kind_label(kind: &str) -> &'static str {
    match kind {
        "standard" => "Standard",
        "required" => "Required",
        "addressable" => "Addressable",
        _ => "Control",
    }
}

/// A plain GET form, so the filters are in the address and can be shared.
#[component]
fn Filters(c: Checklist) -> impl IntoView {
    let f = c.filter.clone();
    let statuses = [
        Effective::NotStarted,
        Effective::InProgress,
        Effective::Implemented,
        Effective::EvidenceExpired,
        Effective::NotApplicable,
    ];
    view! {
        <form method="get" class="card filters" aria-label="Filters">
            <div class="field">
                <label for="status">"Status"</label>
                <select id="status" name="status">
                    <option value="" selected={f.status.is_empty()}>"Any"</option>
                    {statuses.into_iter().map(|s| view! {
                        <option value=s.as_str() selected={f.status == s.as_str()}>{s.label()}</option>
                    }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="owner">"Owner"</label>
                <select id="owner" name="owner">
                    <option value="" selected={f.owner.is_empty()}>"Anyone"</option>
                    {c.people.iter().map(|p| view! {
                        <option value=p.id.to_string() selected={f.owner == p.id.to_string()}>{p.name.clone()}</option>
                    }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="section">"Section"</label>
                <select id="section" name="section">
                    <option value="" selected={f.section.is_empty()}>"All"</option>
                    {c.sections.iter().map(|s| view! {
                        <option value=s.id.clone() selected={f.section == s.id}>{format!("{} {}", s.id, s.title)}</option>
                    }).collect_view()}
                </select>
            </div>
            <label class="check">
                <input type="checkbox" name="continuity" value="on" checked=f.continuity />
                " Continuity-related only"
            </label>
            <div class="form-actions">
                <button type="submit" class="btn">"Filter"</button>
                <a href=c.card.href() class="btn btn-ghost">"Clear"</a>
            </div>
        </form>
    }
}
