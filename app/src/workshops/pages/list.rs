//! Workshops of the organisation and opening a new one.

use crate::ui::Erase;
use crate::ui::{ErrorNotice, FormError, format_time};
use crate::workshops::{CreateWorkshop, ProcessChoice, WorkshopList, list_workshops};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_navigate;
use uuid::Uuid;

#[component]
pub fn WorkshopsPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| list_workshops());
    view! {
        <Title text="Workshops" />
        <div class="page-head">
            <h1>"BIA workshops"</h1>
            <p class="muted">"Rate impact together: everyone proposes, everyone sees the proposals live, the facilitator records what the group agrees."</p>
        </div>
        <Suspense fallback=|| view! { <p class="loading">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(list) => view! { <ListBody list /> }.erase(),
                    Err(error) => view! { <ErrorNotice error /> }.erase(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn ListBody(list: WorkshopList) -> impl IntoView {
    view! {
        {list.can_facilitate.then(|| view! { <NewWorkshop processes=list.processes.clone() /> })}
        <section class="card">
            <h2>"Workshops"</h2>
            {if list.workshops.is_empty() {
                view! { <p class="muted">"No workshops yet."</p> }.erase()
            } else {
                view! {
                    <div class="table-wrap">
                        <table class="table">
                            <thead>
                                <tr>
                                    <th scope="col">"Workshop"</th>
                                    <th scope="col">"Status"</th>
                                    <th scope="col">"Facilitator"</th>
                                    <th scope="col">"Processes"</th>
                                    <th scope="col">"Decisions"</th>
                                    <th scope="col">"Opened"</th>
                                </tr>
                            </thead>
                            <tbody>
                                {list.workshops.iter().map(|w| view! {
                                    <tr>
                                        <td><a href=format!("/workshops/{}", w.id)>{w.title.clone()}</a></td>
                                        <td>{w.status.label()}</td>
                                        <td>{w.facilitator.clone().unwrap_or_else(|| "—".into())}</td>
                                        <td>{w.processes}</td>
                                        <td>{w.decisions}</td>
                                        <td>{format_time(&w.created_at)}</td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                }.erase()
            }}
        </section>
    }
}

#[component]
fn NewWorkshop(processes: Vec<ProcessChoice>) -> impl IntoView {
    let action = ServerAction::<CreateWorkshop>::new();
    let error = Signal::derive(move || action.value().get().and_then(Result::err));
    let title = RwSignal::new(String::new());
    let chosen = RwSignal::new(Vec::<Uuid>::new());
    let navigate = use_navigate();
    Effect::new(move || {
        if let Some(Ok(path)) = action.value().get() {
            navigate(&path, Default::default());
        }
    });
    let mut departments: Vec<String> = processes.iter().map(|p| p.department.clone()).collect();
    departments.sort();
    departments.dedup();
    let all = StoredValue::new(processes.clone());
    let message =
        move |field: &'static str| move || error.get().and_then(|e| e.field_message(field));
    if processes.is_empty() {
        return view! {
            <section class="card">
                <h2>"Open a workshop"</h2>
                <p class="muted">"Add processes on the "<a href="/bia">"BIA page"</a>" first; a workshop assesses them."</p>
            </section>
        }
        .erase();
    }
    view! {
        <section class="card">
            <h2>"Open a workshop"</h2>
            <form class="stack" on:submit=move |ev| {
                ev.prevent_default();
                action.dispatch(CreateWorkshop { title: title.get_untracked(), processes: chosen.get_untracked() });
            }>
                <FormError error />
                <div class="field" class:field-invalid=move || message("title")().is_some()>
                    <label for="title">"Title"</label>
                    <input id="title" name="title" type="text" maxlength=100 placeholder="e.g. Operations BIA, spring review"
                        prop:value=move || title.get() on:input=move |ev| title.set(event_target_value(&ev)) />
                    {move || message("title")().map(|m| view! { <p class="field-error">{m}</p> })}
                </div>
                <fieldset class="field" class:field-invalid=move || message("processes")().is_some()>
                    <legend>"Processes to assess"</legend>
                    <div class="row-form">
                        <span class="muted small">"Select a department:"</span>
                        {departments.into_iter().map(|d| {
                            let label = if d.is_empty() { "No department".to_string() } else { d.clone() };
                            view! {
                                <button type="button" class="btn btn-small btn-ghost" on:click=move |_| {
                                    let ids: Vec<Uuid> = all.with_value(|a| a.iter().filter(|p| p.department == d).map(|p| p.id).collect());
                                    chosen.set(ids);
                                }>{label}</button>
                            }
                        }).collect_view()}
                    </div>
                    <ul class="check-list">
                        {processes.into_iter().map(|p| {
                            let id = p.id;
                            view! {
                                <li>
                                    <label>
                                        <input type="checkbox" name="processes" value=id.to_string()
                                            prop:checked=move || chosen.with(|c| c.contains(&id))
                                            on:change=move |ev| {
                                                let on = event_target_checked(&ev);
                                                chosen.update(|c| {
                                                    c.retain(|x| *x != id);
                                                    if on { c.push(id); }
                                                });
                                            } />
                                        " "{p.name.clone()}
                                        {(!p.department.is_empty()).then(|| view! { <span class="muted small">{format!(" · {}", p.department)}</span> })}
                                    </label>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                    {move || message("processes")().map(|m| view! { <p class="field-error">{m}</p> })}
                </fieldset>
                <div class="form-actions">
                    <button type="submit" class="btn btn-primary" disabled=move || action.pending().get()>"Open workshop"</button>
                    <span class="muted small">{move || format!("{} selected", chosen.with(Vec::len))}</span>
                </div>
            </form>
        </section>
    }
    .erase()
}
