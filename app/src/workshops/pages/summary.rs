//! What a workshop covered and decided, for the record.

use crate::bia::duration::format as dur;
use crate::bia::format_money;
use crate::ui::Erase;
use crate::ui::{ErrorNotice, format_time};
use crate::workshops::{WorkshopView, load_workshop};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;
use uuid::Uuid;

#[component]
pub fn WorkshopSummaryPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.read().get("id").and_then(|s| s.parse::<Uuid>().ok());
    let data = Resource::new(id, |id| async move {
        match id {
            Some(id) => load_workshop(id).await,
            None => Err(crate::error::AppError::NotFound("Workshop".into())),
        }
    });
    view! {
        <Suspense fallback=|| view! { <p class="loading">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(w) => view! { <Summary w /> }.erase(),
                    Err(error) => view! { <ErrorNotice error /> }.erase(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Summary(w: WorkshopView) -> impl IntoView {
    let covered = w.processes.iter().filter(|p| !p.decided.is_empty()).count();
    let steps = w.steps.len();
    view! {
        <Title text=format!("{} · summary", w.title) />
        <nav class="breadcrumb" aria-label="Breadcrumb">
            <a href="/workshops">"Workshops"</a>" / "<a href=format!("/workshops/{}", w.id)>{w.title.clone()}</a>" / Summary"
        </nav>
        <div class="page-head">
            <h1>{format!("Summary: {}", w.title)}</h1>
            <p class="muted">
                {format!("{} · facilitated by {} · opened {}", w.status.label(), w.facilitator.clone().unwrap_or_else(|| "—".into()), format_time(&w.created_at))}
                {w.closed_at.map(|c| format!(" · closed {}", format_time(&c)))}
            </p>
        </div>
        <div class="grid-2">
            <section class="card">
                <h2>{format!("Participants ({})", w.participants.len())}</h2>
                <ul>{w.participants.iter().map(|p| view! { <li>{p.name.clone()}<span class="muted small">{format!(" · joined {}", format_time(&p.joined_at))}</span></li> }).collect_view()}</ul>
            </section>
            <section class="card">
                <h2>{format!("Processes covered ({covered} of {})", w.processes.len())}</h2>
                <ul>
                    {w.processes.iter().map(|p| view! {
                        <li>
                            <a href=format!("/bia/processes/{}", p.id)>{p.name.clone()}</a>
                            <span class="muted small">{format!(" · {} of {steps} steps agreed", p.decided.len())}</span>
                        </li>
                    }).collect_view()}
                </ul>
            </section>
        </div>
        <section class="card">
            <h2>{format!("Decisions ({})", w.decisions.len())}</h2>
            {if w.decisions.is_empty() {
                view! { <p class="muted">"Nothing agreed yet."</p> }.erase()
            } else {
                view! {
                    <div class="table-wrap">
                        <table class="table">
                            <thead><tr><th scope="col">"Process"</th><th scope="col">"Step"</th><th scope="col">"Agreed values"</th><th scope="col">"Agreed by"</th></tr></thead>
                            <tbody>
                                {w.decisions.iter().map(|d| {
                                    let loss = d.step == crate::bia::scale::LOSS_KEY;
                                    let values = d.values.iter().zip(&w.buckets)
                                        .filter_map(|(v, b)| v.map(|v| format!("{} {}", dur(*b), if loss { format_money(v) } else { v.to_string() })))
                                        .collect::<Vec<_>>()
                                        .join(" · ");
                                    view! {
                                        <tr>
                                            <td>{d.process.clone()}</td>
                                            <td>{d.step_label.clone()}</td>
                                            <td class="small">{values}</td>
                                            <td class="small">{format!("{}, {}", d.agreed_by, format_time(&d.agreed_at))}</td>
                                        </tr>
                                    }
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                }.erase()
            }}
        </section>
        <section class="card">
            <h2>{format!("Open questions and notes ({})", w.notes.len())}</h2>
            {if w.notes.is_empty() {
                view! { <p class="muted">"None recorded."</p> }.erase()
            } else {
                view! {
                    <ul>{w.notes.iter().map(|n| view! {
                        <li>{n.process.clone().map(|p| format!("{p}: "))}{n.text.clone()}<span class="muted small">{format!(" — {}", n.author)}</span></li>
                    }).collect_view()}</ul>
                }.erase()
            }}
        </section>
    }
}
