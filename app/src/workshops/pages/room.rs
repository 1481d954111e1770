//! The workshop room. It follows the facilitator's current step; every
//! change by anyone arrives as a server-sent event and the room refetches,
//! so proposals appear without reloading. Unsaved input is kept outside the
//! refetched view so that live updates never wipe what someone is typing.

use crate::bia::duration::format as dur;
use crate::bia::format_money;
use crate::error::AppError;
use crate::ui::Erase;
use crate::ui::{ErrorNotice, FormError, format_time};
use crate::workshops::{
    AddNote, Agree, CurrentStep, GotoStep, JoinWorkshop, Propose, SetWorkshopStatus,
    WorkshopStatus, WorkshopView, load_workshop,
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;
use uuid::Uuid;

/// Values someone is editing for one step.
#[derive(Clone, Debug, PartialEq)]
struct Editing {
    key: (Uuid, String),
    values: Vec<Option<i64>>,
    /// Set once the person changes a value: from then on live updates
    /// leave their values alone.
    touched: bool,
}

type Draft = RwSignal<Option<Editing>>;

#[derive(Clone, Copy)]
struct Room {
    propose: ServerAction<Propose>,
    agree: ServerAction<Agree>,
    goto: ServerAction<GotoStep>,
    status: ServerAction<SetWorkshopStatus>,
    note: ServerAction<AddNote>,
    join: ServerAction<JoinWorkshop>,
    mine: Draft,
    agreed: Draft,
}

#[component]
pub fn WorkshopPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.read().get("id").and_then(|s| s.parse::<Uuid>().ok());
    let room = Room {
        propose: ServerAction::new(),
        agree: ServerAction::new(),
        goto: ServerAction::new(),
        status: ServerAction::new(),
        note: ServerAction::new(),
        join: ServerAction::new(),
        mine: RwSignal::new(None),
        agreed: RwSignal::new(None),
    };
    let live = RwSignal::new(0u64);
    let connected = RwSignal::new(false);
    subscribe(id, live, connected);
    let data = Resource::new(
        move || (id(), live.get(), room.join.version().get()),
        |(id, ..)| async move {
            match id {
                Some(id) => load_workshop(id).await,
                None => Err(AppError::NotFound("Workshop".into())),
            }
        },
    );
    view! {
        <Transition fallback=|| view! { <p class="loading">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(w) => view! { <RoomBody w room connected /> }.erase(),
                    Err(error) => view! { <ErrorNotice error /> }.erase(),
                }
            })}
        </Transition>
    }
}

/// Opens the workshop's event stream in the browser. Each `changed` event,
/// and each (re)connection, bumps `live` so the room refetches.
fn subscribe(
    id: impl Fn() -> Option<Uuid> + 'static,
    live: RwSignal<u64>,
    connected: RwSignal<bool>,
) {
    use wasm_bindgen::JsCast;
    use wasm_bindgen::closure::Closure;
    Effect::new(move |started: Option<()>| {
        if started.is_some() {
            return;
        }
        let Some(id) = id() else { return };
        let Ok(source) = web_sys::EventSource::new(&format!("/api/live/workshops/{id}")) else {
            return;
        };
        let on_change = Closure::<dyn Fn()>::new(move || live.update(|v| *v += 1));
        let on_open = Closure::<dyn Fn()>::new(move || {
            connected.set(true);
            live.update(|v| *v += 1);
        });
        let on_error = Closure::<dyn Fn()>::new(move || connected.set(false));
        let _ =
            source.add_event_listener_with_callback("changed", on_change.as_ref().unchecked_ref());
        source.set_onopen(Some(on_open.as_ref().unchecked_ref()));
        source.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        let held = send_wrapper::SendWrapper::new((source, on_change, on_open, on_error));
        on_cleanup(move || held.0.close());
    });
}

#[component]
fn RoomBody(w: WorkshopView, room: Room, connected: RwSignal<bool>) -> impl IntoView {
    let open = w.status == WorkshopStatus::Open;
    let facilitate = w.can_facilitate;
    // Opening the room is joining it. An effect, so that it only happens
    // in the browser, once.
    let join = w.can_propose && !w.joined && w.status != WorkshopStatus::Closed;
    let wid = w.id;
    Effect::new(move || {
        if join && room.join.version().get_untracked() == 0 {
            room.join.dispatch(JoinWorkshop { id: wid });
        }
    });
    let status_error = Signal::derive(move || room.status.value().get().and_then(Result::err));
    let progress = w.decisions.len();
    let total = w.processes.len() * w.steps.len();
    view! {
        <Title text=w.title.clone() />
        <nav class="breadcrumb" aria-label="Breadcrumb"><a href="/workshops">"Workshops"</a>" / "{w.title.clone()}</nav>
        <div class="page-head page-head-actions">
            <div>
                <h1>{w.title.clone()}</h1>
                <p class="muted">
                    <span class="badge badge-quiet" data-testid="workshop-status">{w.status.label()}</span>
                    {format!(" Facilitated by {} · {progress} of {total} steps agreed · ", w.facilitator.clone().unwrap_or_else(|| "—".into()))}
                    <span class=move || if connected.get() { "live live-on" } else { "live" }>
                        {move || if connected.get() { "● live" } else { "○ connecting…" }}
                    </span>
                </p>
            </div>
            <div class="row-form">
                <a class="btn btn-small btn-ghost" href=format!("/workshops/{}/summary", w.id)>"Summary"</a>
                {(facilitate && w.status != WorkshopStatus::Closed).then(|| {
                    let id = w.id;
                    let next = if open { "paused" } else { "open" };
                    view! {
                        <button type="button" class="btn btn-small" on:click=move |_| { room.status.dispatch(SetWorkshopStatus { id, status: next.into() }); }>
                            {if open { "Pause" } else { "Resume" }}
                        </button>
                        <button type="button" class="btn btn-small btn-danger-quiet" on:click=move |_| { room.status.dispatch(SetWorkshopStatus { id, status: "closed".into() }); }>
                            "Close workshop"
                        </button>
                    }
                })}
            </div>
        </div>
        <FormError error=status_error />
        {(!open).then(|| view! {
            <div class="alert alert-info">
                {if w.status == WorkshopStatus::Paused { "The workshop is paused. Everything so far is saved; the facilitator can resume it at any time." } else { "The workshop is closed. Its decisions are part of the processes' assessments; see the summary." }}
            </div>
        })}
        {room_columns(&w, room, facilitate, open)}
    }
}

/// The process list and the current step. A separate, type-erased view keeps
/// the room's view type small enough for the compiler.
fn room_columns(w: &WorkshopView, room: Room, facilitate: bool, open: bool) -> AnyView {
    let w = w.clone();
    view! {
        <div class="workshop">
            <aside class="card workshop-steps" aria-label="Processes">
                <h2>"Processes"</h2>
                <ol>
                    {w.processes.iter().map(|p| {
                        let is_current = w.current.as_ref().is_some_and(|c| c.process_id == p.id);
                        let done = p.decided.len();
                        let pid = p.id;
                        let first = w.steps.first().map(|s| s.key.clone()).unwrap_or_default();
                        let wid = w.id;
                        view! {
                            <li class:current=is_current>
                                {if facilitate && open {
                                    view! {
                                        <button type="button" class="link-button" on:click=move |_| { room.goto.dispatch(GotoStep { id: wid, process: pid, step: first.clone() }); }>
                                            {p.name.clone()}
                                        </button>
                                    }.erase()
                                } else {
                                    view! { <span>{p.name.clone()}</span> }.erase()
                                }}
                                <span class="muted small">{format!(" {done}/{}", w.steps.len())}</span>
                            </li>
                        }
                    }).collect_view()}
                </ol>
                <h3>{format!("Participants ({})", w.participants.len())}</h3>
                <ul class="participants" data-testid="participants">
                    {w.participants.iter().map(|p| view! { <li>{p.name.clone()}</li> }).collect_view()}
                </ul>
            </aside>
            <div class="workshop-main">
                {match w.current.clone() {
                    Some(current) => view! { <StepCard w=w.clone() current room /> }.erase(),
                    None => view! { <section class="card"><p class="muted">"Every step has been covered."</p></section> }.erase(),
                }}
                <Notes w=w.clone() room />
            </div>
        </div>
    }
    .erase()
}

fn value_text(v: Option<i64>, loss: bool) -> String {
    match v {
        None => "–".into(),
        Some(v) if loss => format_money(v),
        Some(v) => v.to_string(),
    }
}

#[component]
fn StepCard(w: WorkshopView, current: CurrentStep, room: Room) -> impl IntoView {
    let loss = current.step.is_loss();
    let key = (current.process_id, current.step.key.clone());
    let buckets = w.buckets.clone();
    let open = w.status == WorkshopStatus::Open;
    let mine_saved = current
        .proposals
        .iter()
        .find(|p| p.user_id == w.me)
        .map(|p| p.values.clone());
    let start_mine = mine_saved
        .clone()
        .unwrap_or_else(|| current.current.clone());
    if room
        .mine
        .with_untracked(|d| d.as_ref().map(|e| &e.key) != Some(&key))
    {
        room.mine.set(Some(Editing {
            key: key.clone(),
            values: start_mine,
            touched: false,
        }));
    }
    let start_agreed = if current.proposals.is_empty() {
        current.current.clone()
    } else {
        current.median.clone()
    };
    // The agreed row follows the median of the proposals until the
    // facilitator edits it.
    if room.agreed.with_untracked(|d| {
        d.as_ref()
            .is_none_or(|e| e.key != key || (!e.touched && e.values != start_agreed))
    }) {
        room.agreed.set(Some(Editing {
            key: key.clone(),
            values: start_agreed,
            touched: false,
        }));
    }
    let propose_error = Signal::derive(move || room.propose.value().get().and_then(Result::err));
    let agree_error = Signal::derive(move || room.agree.value().get().and_then(Result::err));
    let comment = RwSignal::new(
        current
            .proposals
            .iter()
            .find(|p| p.user_id == w.me)
            .map(|p| p.comment.clone())
            .unwrap_or_default(),
    );
    let (wid, pid, step_key) = (w.id, current.process_id, current.step.key.clone());
    let step_for_propose = step_key.clone();
    let submit = move |_| {
        let values = room
            .mine
            .with_untracked(|d| d.as_ref().map(|e| e.values.clone()).unwrap_or_default());
        room.propose.dispatch(Propose {
            id: wid,
            process: pid,
            step: step_for_propose.clone(),
            values,
            comment: comment.get_untracked(),
        });
    };
    let step_for_agree = step_key.clone();
    let record = move |_| {
        let values = room
            .agreed
            .with_untracked(|d| d.as_ref().map(|e| e.values.clone()).unwrap_or_default());
        room.agree.dispatch(Agree {
            id: wid,
            process: pid,
            step: step_for_agree.clone(),
            values,
        });
    };
    let prev_next = neighbours(&w, &current);
    let threshold = w.threshold;
    view! {
        <section class="card step-card" aria-label="Current step" data-step=format!("{}:{}", current.process, current.step.key)>
            <div class="step-head">
                <div>
                    <p class="muted small">{format!("Step {} of {}", current.index + 1, current.total)}</p>
                    <h2 data-testid="step-title">{format!("{} · {}", current.process, current.step.label)}</h2>
                </div>
                {(w.can_facilitate && open).then(|| {
                    let (prev, next) = prev_next.clone();
                    view! {
                        <div class="row-form">
                            {prev.map(|(p, s)| view! { <button type="button" class="btn btn-small btn-ghost" on:click=move |_| { room.goto.dispatch(GotoStep { id: wid, process: p, step: s.clone() }); }>"← Previous"</button> })}
                            {next.map(|(p, s)| view! { <button type="button" class="btn btn-small" on:click=move |_| { room.goto.dispatch(GotoStep { id: wid, process: p, step: s.clone() }); }>"Next →"</button> })}
                        </div>
                    }
                })}
            </div>
            {(!loss).then(|| view! {
                <ol class="level-guide">
                    {current.step.levels.iter().enumerate().map(|(i, l)| view! {
                        <li class=format!("rating-{}", i + 1)><strong>{i + 1}</strong>" "{l.clone()}</li>
                    }).collect_view()}
                </ol>
                <p class="muted small">{format!("{threshold} or more is intolerable and sets the MTPD.")}</p>
            })}
            {loss.then(|| view! { <p class="muted small">{format!("Cumulative loss in {} if the process is down this long.", w.currency)}</p> })}
            <div class="table-wrap">
                <table class="table grid-table proposals">
                    <thead>
                        <tr>
                            <th scope="col">""</th>
                            {buckets.iter().map(|b| view! { <th scope="col">{dur(*b)}</th> }).collect_view()}
                            <th scope="col">"Comment"</th>
                        </tr>
                    </thead>
                    <tbody>
                        <tr class="current-row">
                            <th scope="row">"In the assessment now"</th>
                            {current.current.iter().map(|v| view! { <td class=cell_class(*v, loss)>{value_text(*v, loss)}</td> }).collect_view()}
                            <td></td>
                        </tr>
                        {current.proposals.iter().map(|p| view! {
                            <tr data-proposal=p.name.clone()>
                                <th scope="row">{p.name.clone()}</th>
                                {p.values.iter().map(|v| view! { <td class=cell_class(*v, loss)>{value_text(*v, loss)}</td> }).collect_view()}
                                <td class="small">{p.comment.clone()}</td>
                            </tr>
                        }).collect_view()}
                        {(!current.proposals.is_empty()).then(|| view! {
                            <tr class="spread-row">
                                <th scope="row">"Spread"</th>
                                {current.spread.iter().map(|s| {
                                    let wide = s.is_some_and(|(lo, hi)| if loss { hi > lo.saturating_mul(2) && hi - lo > 0 } else { hi - lo >= 2 });
                                    view! {
                                        <td class:disagree=wide title=if wide { "The group disagrees here: discuss before agreeing" } else { "" }>
                                            {s.map(|(lo, hi)| if lo == hi { value_text(Some(lo), loss) } else { format!("{}–{}", value_text(Some(lo), loss), value_text(Some(hi), loss)) }).unwrap_or_else(|| "–".into())}
                                        </td>
                                    }
                                }).collect_view()}
                                <td></td>
                            </tr>
                        })}
                        {(w.can_propose && open).then(|| view! {
                            <tr class="mine-row">
                                <th scope="row">"Your proposal"</th>
                                <ValueInputs buckets=buckets.clone() loss draft=room.mine label="Your proposal" />
                                <td><input type="text" class="comment-input" maxlength=500 aria-label="Comment" prop:value=move || comment.get() on:input=move |ev| comment.set(event_target_value(&ev)) /></td>
                            </tr>
                        })}
                        {(w.can_facilitate && open).then(|| view! {
                            <tr class="agreed-row">
                                <th scope="row">"Agreed values"</th>
                                <ValueInputs buckets=buckets.clone() loss draft=room.agreed label="Agreed" />
                                <td class="small muted">"Starts at the median proposal"</td>
                            </tr>
                        })}
                    </tbody>
                </table>
            </div>
            <div class="form-actions">
                {(w.can_propose && open).then(|| view! {
                    <button type="button" class="btn" on:click=submit disabled=move || room.propose.pending().get()>"Submit my proposal"</button>
                })}
                {(w.can_facilitate && open).then(|| view! {
                    <button type="button" class="btn btn-primary" on:click=record disabled=move || room.agree.pending().get()>"Record agreed values"</button>
                })}
            </div>
            {move || propose_error.get().map(|e| view! { <div class="alert alert-error" role="alert">{e.field_message("values").unwrap_or_else(|| e.to_string())}</div> })}
            {move || agree_error.get().map(|e| view! { <div class="alert alert-error" role="alert">{e.field_message("values").unwrap_or_else(|| e.to_string())}</div> })}
            {current.decision.clone().map(|d| view! {
                <p class="decision" data-testid="decision">
                    {format!("Agreed by {} at {}: ", d.agreed_by, format_time(&d.agreed_at))}
                    {d.values.iter().zip(&w.buckets).filter_map(|(v, b)| v.map(|v| format!("{} {}", dur(*b), value_text(Some(v), loss)))).collect::<Vec<_>>().join(" · ")}
                </p>
            })}
        </section>
    }
}

fn cell_class(v: Option<i64>, loss: bool) -> String {
    match v {
        Some(v) if !loss => format!("rating rating-{v}"),
        _ => String::new(),
    }
}

/// The steps before and after the current one, across processes.
type Neighbour = Option<(Uuid, String)>;

fn neighbours(w: &WorkshopView, current: &CurrentStep) -> (Neighbour, Neighbour) {
    let flat: Vec<(Uuid, String)> = w
        .processes
        .iter()
        .flat_map(|p| w.steps.iter().map(move |s| (p.id, s.key.clone())))
        .collect();
    let at = flat
        .iter()
        .position(|(p, s)| *p == current.process_id && *s == current.step.key);
    match at {
        Some(i) => (
            i.checked_sub(1).and_then(|j| flat.get(j).cloned()),
            flat.get(i + 1).cloned(),
        ),
        None => (None, None),
    }
}

#[component]
fn ValueInputs(buckets: Vec<i64>, loss: bool, draft: Draft, label: &'static str) -> impl IntoView {
    buckets
        .into_iter()
        .enumerate()
        .map(|(i, bucket)| {
            let value = move || draft.with(|d| d.as_ref().and_then(|e| e.values.get(i).copied().flatten()));
            let set = move |v: Option<i64>| {
                draft.update(|d| {
                    if let Some(editing) = d
                        && let Some(slot) = editing.values.get_mut(i)
                    {
                        *slot = v;
                        editing.touched = true;
                    }
                })
            };
            let aria = format!("{label} at {}", dur(bucket));
            if loss {
                view! {
                    <td>
                        <input type="number" min="0" step="1" class="loss-input" aria-label=aria
                            prop:value=move || value().map(|v| v.to_string()).unwrap_or_default()
                            on:input=move |ev| set(event_target_value(&ev).trim().parse::<i64>().ok()) />
                    </td>
                }
                .erase()
            } else {
                view! {
                    <td class=move || cell_class(value(), false)>
                        <select aria-label=aria on:change=move |ev| set(event_target_value(&ev).parse::<i64>().ok())>
                            <option value="" selected=move || value().is_none()>"–"</option>
                            {(1..=5).map(|r| view! { <option value=r.to_string() selected=move || value() == Some(r)>{r.to_string()}</option> }).collect_view()}
                        </select>
                    </td>
                }
                .erase()
            }
        })
        .collect_view()
}

#[component]
fn Notes(w: WorkshopView, room: Room) -> impl IntoView {
    let text = RwSignal::new(String::new());
    let error = Signal::derive(move || room.note.value().get().and_then(Result::err));
    Effect::new(move || {
        if let Some(Ok(())) = room.note.value().get() {
            text.set(String::new());
        }
    });
    let wid = w.id;
    let about = w
        .current
        .as_ref()
        .map(|c| c.process_id.to_string())
        .unwrap_or_default();
    view! {
        <section class="card" aria-label="Open questions and notes">
            <h2>"Open questions and notes"</h2>
            {if w.notes.is_empty() {
                view! { <p class="muted small">"Nothing noted yet."</p> }.erase()
            } else {
                view! {
                    <ul class="notes">
                        {w.notes.iter().map(|n| view! {
                            <li>
                                {n.process.clone().map(|p| view! { <strong>{p}": "</strong> })}
                                {n.text.clone()}
                                <span class="muted small">{format!(" — {}, {}", n.author, format_time(&n.created_at))}</span>
                            </li>
                        }).collect_view()}
                    </ul>
                }.erase()
            }}
            {(w.can_propose && w.status != WorkshopStatus::Closed).then(|| view! {
                <form class="row-form" on:submit=move |ev| {
                    ev.prevent_default();
                    room.note.dispatch(AddNote { id: wid, process: about.clone(), text: text.get_untracked() });
                }>
                    <input type="text" maxlength=1000 aria-label="Question or note" placeholder="An open question or a note for the summary"
                        prop:value=move || text.get() on:input=move |ev| text.set(event_target_value(&ev)) />
                    <button type="submit" class="btn btn-small">"Add"</button>
                </form>
                {move || error.get().map(|e| view! { <p class="field-error">{e.field_message("text").unwrap_or_else(|| e.to_string())}</p> })}
            })}
        </section>
    }
}
