//! Dependencies of a process or resource, the requirement that rolls down to
//! it, and the gaps it takes part in.

use crate::bia::duration::format as dur;
use crate::bia::rollup::NodeKind;
use crate::bia::{
    AddDependency, Candidates, DependencyView, GapView, NodeRef, RemoveDependency, RequirementView,
};
use crate::ui::ActionForm;
use crate::ui::Erase;
use crate::ui::{FieldMessage, FormError, last_error};
use leptos::prelude::*;
use uuid::Uuid;

/// "RTO 4 h, set by Dispatch → TMS → this".
#[component]
pub fn RequirementLine(label: &'static str, req: RequirementView) -> impl IntoView {
    view! {
        <span class="requirement">
            <strong>{format!("{label} {}", dur(req.minutes))}</strong>
            " via "
            <Chain chain=req.chain />
        </span>
    }
}

#[component]
pub fn Chain(chain: Vec<NodeRef>) -> impl IntoView {
    let last = chain.len().saturating_sub(1);
    view! {
        <span class="chain">
            {chain
                .into_iter()
                .enumerate()
                .map(|(i, n)| view! {
                    <a href=n.href()>{n.name.clone()}</a>
                    {(i < last).then_some(" → ")}
                })
                .collect_view()}
        </span>
    }
}

#[component]
pub fn GapList(gaps: Vec<GapView>) -> impl IntoView {
    view! {
        <ul class="gap-list">
            {gaps
                .into_iter()
                .map(|g| {
                    let remedy = g.remedy();
                    view! {
                        <li data-testid="gap">
                            <p>
                                <a href=g.node.href()><strong>{g.node.name.clone()}</strong></a>
                                {format!(
                                    " ({}) has an {} of {} but {} is required.",
                                    g.node.kind.label().to_lowercase(),
                                    g.objective.label(),
                                    dur(g.own),
                                    dur(g.required)
                                )}
                            </p>
                            <p class="small">"Chain: "<Chain chain=g.chain.clone() /></p>
                            <p class="small muted">{remedy}</p>
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
}

fn candidate_groups(candidates: &[NodeRef]) -> impl IntoView + use<> {
    let groups: Vec<(NodeKind, Vec<NodeRef>)> = [NodeKind::Process]
        .into_iter()
        .chain(NodeKind::RESOURCES)
        .map(|k| {
            (
                k,
                candidates
                    .iter()
                    .filter(|c| c.kind == k)
                    .cloned()
                    .collect::<Vec<_>>(),
            )
        })
        .filter(|(_, v)| !v.is_empty())
        .collect();
    groups
        .into_iter()
        .map(|(kind, nodes)| {
            view! {
                <optgroup label=kind.plural()>
                    {nodes.into_iter().map(|n| view! { <option value=n.id.to_string()>{n.name}</option> }).collect_view()}
                </optgroup>
            }
        })
        .collect_view()
}

#[allow(clippy::too_many_arguments)]
#[component]
pub fn DependencyCard(
    source: Uuid,
    kind: NodeKind,
    dependencies: Vec<DependencyView>,
    dependants: Vec<NodeRef>,
    candidates: Candidates,
    can_edit: bool,
    add: ServerAction<AddDependency>,
    remove: ServerAction<RemoveDependency>,
) -> impl IntoView {
    let add_error = last_error(add);
    let remove_error = last_error(remove);
    let noun = kind.label().to_lowercase();
    view! {
        <section class="card" aria-label="Dependencies">
            <h2>"Depends on"</h2>
            <FormError error=remove_error />
            {if dependencies.is_empty() {
                view! { <p class="muted">{format!("This {noun} has no recorded dependencies.")}</p> }.erase()
            } else {
                view! {
                    <div class="table-wrap">
                        <table class="table">
                            <thead>
                                <tr>
                                    <th scope="col">"Kind"</th>
                                    <th scope="col">"Name"</th>
                                    <th scope="col">"RTO / SLA"</th>
                                    <th scope="col">"RPO"</th>
                                    <th scope="col">"Status"</th>
                                    {can_edit.then(|| view! { <th scope="col"><span class="visually-hidden">"Actions"</span></th> })}
                                </tr>
                            </thead>
                            <tbody>
                                {dependencies
                                    .into_iter()
                                    .map(|dep| {
                                        let target = dep.node.id;
                                        view! {
                                            <tr class:row-gap=dep.gap.is_some()>
                                                <td>{dep.node.kind.label()}</td>
                                                <td><a href=dep.node.href()>{dep.node.name.clone()}</a></td>
                                                <td>{dep.rto.map(dur).unwrap_or_else(|| "unknown".into())}</td>
                                                <td>{dep.rpo.map(dur).unwrap_or_else(|| "—".into())}</td>
                                                <td>
                                                    {match dep.gap.clone() {
                                                        Some(g) => view! { <span class="badge badge-danger">"Gap"</span>" "<span class="small">{g}</span> }.erase(),
                                                        None => view! { <span class="muted small">"OK"</span> }.erase(),
                                                    }}
                                                </td>
                                                {can_edit.then(|| view! {
                                                    <td class="actions">
                                                        <ActionForm action=remove>
                                                            <input type="hidden" name="source" value=source.to_string() />
                                                            <input type="hidden" name="target" value=target.to_string() />
                                                            <button type="submit" class="btn btn-small btn-ghost" aria-label=format!("Remove {}", dep.node.name)>"Remove"</button>
                                                        </ActionForm>
                                                    </td>
                                                })}
                                            </tr>
                                        }
                                    })
                                    .collect_view()}
                            </tbody>
                        </table>
                    </div>
                }.erase()
            }}
            {(can_edit && candidates.needs_search()).then(|| {
                let found = candidates.shown.len();
                let note = match (candidates.find.is_empty(), found) {
                    (true, _) => format!("{} possible dependencies: search by name to choose one.", candidates.total),
                    (false, 0) => format!("Nothing named “{}”.", candidates.find),
                    (false, n) if n >= Candidates::LIMIT => format!("The first {n} named “{}”; search more precisely to see others.", candidates.find),
                    (false, n) => format!("{n} named “{}”.", candidates.find),
                };
                view! {
                    <form class="register-search dependency-search" method="get" role="search">
                        <label for="dependency-find">"Find a dependency by name"</label>
                        <input id="dependency-find" type="search" name="find" value=candidates.find.clone()
                            placeholder="Find a system, supplier, site, role or process" />
                        <button class="btn" type="submit">"Find"</button>
                    </form>
                    <p class="small muted" data-testid="candidate-note">{note}</p>
                }
            })}
            {(can_edit && !candidates.shown.is_empty()).then(|| view! {
                <ActionForm action=add attr:class="row-form add-dependency">
                    <input type="hidden" name="source" value=source.to_string() />
                    <div class="field">
                        <label for="target">"Add a dependency"</label>
                        <select id="target" name="target">
                            <option value="">"Choose…"</option>
                            {candidate_groups(&candidates.shown)}
                        </select>
                        <FieldMessage error=add_error field="target" />
                    </div>
                    <button type="submit" class="btn">"Add"</button>
                    <a class="small" href="/bia/resources">"New system, supplier, site or role…"</a>
                </ActionForm>
            })}
            <FormError error=Signal::derive(move || add_error.get().filter(|e| e.field_message("target").is_none())) />
            <h3>"Depended on by"</h3>
            {if dependants.is_empty() {
                view! { <p class="muted small">"Nothing depends on it."</p> }.erase()
            } else {
                view! {
                    <ul class="inline-list">
                        {dependants.into_iter().map(|n| view! { <li><a href=n.href()>{n.name.clone()}</a></li> }).collect_view()}
                    </ul>
                }.erase()
            }}
        </section>
    }
}
