//! One recorded run: the verdict per system with its margin, the forms to
//! enter what was measured, the step log, issues and lessons, and the
//! follow-up actions.

use super::common::{DrillsNav, Margin, VerdictBadge};
use super::overview::ActionList;
use crate::bia::duration::format as dur;
use crate::bia::people_options;
use crate::drills::{
    AddAction, AddStep, CloseAction, RecordMeasure, RemoveStep, RunDetail, SystemMeasure,
    UpdateRun, load_run,
};
use crate::error::AppError;
use crate::ui::{ErrorNotice, FormError, SelectField, TextArea, TextField, last_error};

use crate::ui::ActionForm;
use crate::ui::Erase;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;
use uuid::Uuid;

#[derive(Clone, Copy)]
struct Actions {
    update: ServerAction<UpdateRun>,
    measure: ServerAction<RecordMeasure>,
    add_step: ServerAction<AddStep>,
    remove_step: ServerAction<RemoveStep>,
    add_action: ServerAction<AddAction>,
    close: ServerAction<CloseAction>,
    /// The measurement form submitted last: each system has its own form,
    /// and only that one shows the errors. Kept here, above the forms, so
    /// it survives their re-render when the run reloads.
    last_measure: RwSignal<Option<Uuid>>,
}

#[component]
pub fn RunPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.read().get("id").and_then(|s| s.parse::<Uuid>().ok());
    let actions = Actions {
        update: ServerAction::new(),
        measure: ServerAction::new(),
        add_step: ServerAction::new(),
        remove_step: ServerAction::new(),
        add_action: ServerAction::new(),
        close: ServerAction::new(),
        last_measure: RwSignal::new(None),
    };
    Effect::new(move || {
        if let Some(input) = actions.measure.input().get() {
            actions.last_measure.set(Some(input.measure));
        }
    });
    let data = Resource::new(
        move || {
            (
                id(),
                actions.update.version().get(),
                actions.measure.version().get(),
                actions.add_step.version().get(),
                actions.remove_step.version().get(),
                actions.add_action.version().get(),
                actions.close.version().get(),
            )
        },
        |(id, ..)| async move {
            match id {
                Some(id) => load_run(id).await,
                None => Err(AppError::NotFound("Drill run".into())),
            }
        },
    );
    view! {
        <Transition fallback=|| view! { <p class="loading">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(r) => view! { <RunBody r actions /> }.erase(),
                    Err(error) => view! { <ErrorNotice error /> }.erase(),
                }
            })}
        </Transition>
    }
}

#[component]
fn RunBody(r: RunDetail, actions: Actions) -> impl IntoView {
    let title = format!(
        "{} · run of {}",
        r.plan_title,
        r.started_local.replace('T', " ")
    );
    let failed = r
        .systems
        .iter()
        .filter(|s| s.result.verdict == crate::drills::result::Verdict::Fail)
        .count();
    let summary = format!(
        "{} · {} · {} · recorded by {}",
        r.kind.label(),
        r.when,
        dur(r.elapsed_minutes.max(0)),
        r.recorded_by
            .clone()
            .unwrap_or_else(|| "a former member".into())
    );
    view! {
        <Title text=title />
        <nav class="breadcrumb" aria-label="Breadcrumb">
            <a href="/drills">"Drills"</a>" / "
            <a href=format!("/drills/plans/{}", r.plan_id)>{r.plan_title.clone()}</a>" / run"
        </nav>
        <div class="page-head page-head-actions">
            <div>
                <h1>{r.plan_title.clone()}" "<VerdictBadge verdict=r.verdict /></h1>
                <p class="muted">{summary}</p>
                {(failed > 0).then(|| view! { <p class="overdue" data-testid="failed-count">{format!("{failed} system{} failed against {}.", if failed == 1 { "" } else { "s" }, if failed == 1 { "its objectives" } else { "their objectives" })}</p> })}
            </div>
            <DrillsNav />
        </div>
        <Results r=r.clone() action=actions.measure last=actions.last_measure />
        <Steps r=r.clone() actions />
        <EvidenceFor r=r.clone() />
        <ActionList actions=r.actions.clone() close=actions.close can_close=r.can_record />
        {r.can_record.then(|| view! { <NewAction r=r.clone() action=actions.add_action /> })}
        {r.can_record.then(|| view! { <EditRun r=r.clone() action=actions.update /> })}
        {(!r.can_record).then(|| view! { <Findings r=r.clone() /> })}
    }
}

#[component]
fn Results(
    r: RunDetail,
    action: ServerAction<RecordMeasure>,
    last: RwSignal<Option<Uuid>>,
) -> impl IntoView {
    let run = r.id.to_string();
    let can = r.can_record;
    view! {
        <section class="card" aria-label="Results">
            <h2>"Results against RTO and RPO"</h2>
            {if r.systems.is_empty() {
                view! { <p class="muted">"No systems were measured in this run. Add systems to the plan's scope before recording a run that restores them."</p> }.erase()
            } else {
                view! {
                    <div class="table-wrap">
                        <table class="table results-table">
                            <thead>
                                <tr>
                                    <th scope="col">"System"</th>
                                    <th scope="col">"Recovery time"</th>
                                    <th scope="col">"Data loss"</th>
                                    <th scope="col">"Result"</th>
                                </tr>
                            </thead>
                            <tbody>
                                {r.systems.iter().map(|s| view! { <ResultRow s=s.clone() /> }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                    {can.then(|| view! {
                        <h3 class="section-gap">"Enter measurements"</h3>
                        <p class="small muted">"Recovery time runs from the start of the drill (or the declared outage) until the system is usable again. Data loss is how far back the restore point was: 0 if nothing was lost."</p>
                        {r.systems.iter().map(|s| view! { <MeasureForm run=run.clone() s=s.clone() action last /> }).collect_view()}
                    })}
                }.erase()
            }}
        </section>
    }
}

#[component]
fn ResultRow(s: SystemMeasure) -> impl IntoView {
    let name = match &s.system {
        Some(n) => view! { <a href=n.href()>{s.name.clone()}</a> }.erase(),
        None => view! { <span>{s.name.clone()}</span> }.erase(),
    };
    view! {
        <tr data-testid="result-row">
            <td>
                {name}
                {(!s.recovered).then(|| view! { <div class="small overdue">"Not recovered"</div> })}
                {(!s.notes.is_empty()).then(|| view! { <div class="small muted">{s.notes.clone()}</div> })}
            </td>
            <td>
                <strong>{s.recovery_minutes.map(dur).unwrap_or_else(|| "—".into())}</strong>
                <div class="small"><Margin check=s.result.rto what="RTO" /></div>
            </td>
            <td>
                <strong>{s.data_loss_minutes.map(dur).unwrap_or_else(|| "—".into())}</strong>
                <div class="small"><Margin check=s.result.rpo what="RPO" /></div>
            </td>
            <td><VerdictBadge verdict=s.result.verdict /></td>
        </tr>
    }
}

#[component]
fn MeasureForm(
    run: String,
    s: SystemMeasure,
    action: ServerAction<RecordMeasure>,
    last: RwSignal<Option<Uuid>>,
) -> impl IntoView {
    let error = last_error(action);
    let id = s.id.to_string();
    let mine = {
        let id = s.id;
        Signal::derive(move || error.get().filter(|_| last.get().is_none_or(|m| m == id)))
    };
    view! {
        <ActionForm action attr:class="measure-form" attr:novalidate=true attr:data-testid="measure-form">
            <input type="hidden" name="run" value=run />
            <input type="hidden" name="measure" value=id />
            <FormError error=mine />
            <div class="measure-grid">
                <strong class="measure-name">{s.name.clone()}</strong>
                <label class="check">
                    <input type="checkbox" name="recovered" value="on" checked=s.recovered />
                    " Recovered"
                </label>
                <MeasureField label="Recovery time" name="recovery" measure=s.id
                    value=s.recovery_minutes.map(dur).unwrap_or_default()
                    hint=s.rto.map(|t| format!("RTO {}", dur(t))).unwrap_or_else(|| "No RTO set".into()) error=mine />
                <MeasureField label="Data loss" name="data_loss" measure=s.id
                    value=s.data_loss_minutes.map(dur).unwrap_or_default()
                    hint=s.rpo.map(|t| format!("RPO {}", dur(t))).unwrap_or_else(|| "No RPO set".into()) error=mine />
                <MeasureField label="Notes" name="notes" measure=s.id value=s.notes.clone() hint=String::new() error=mine />
                <button type="submit" class="btn">"Save"</button>
            </div>
        </ActionForm>
    }
}

/// A field of one system's measurement form. Several of these forms share
/// a page, so each input's id carries the measurement's id.
#[component]
fn MeasureField(
    label: &'static str,
    name: &'static str,
    measure: Uuid,
    value: String,
    hint: String,
    error: Signal<Option<AppError>>,
) -> impl IntoView {
    let id = format!("{name}-{measure}");
    let message = move || error.get().and_then(|e| e.field_message(name));
    view! {
        <div class="field" class:field-invalid=move || message().is_some()>
            <label for=id.clone()>{label}</label>
            {(!hint.is_empty()).then(|| view! { <p class="field-hint">{hint.clone()}</p> })}
            <input id=id name=name type="text" maxlength="1000" value=value
                aria-invalid=move || message().is_some().to_string() />
            {move || message().map(|m| view! { <p class="field-error">{m}</p> })}
        </div>
    }
}

#[component]
fn Steps(r: RunDetail, actions: Actions) -> impl IntoView {
    let error = last_error(actions.add_step);
    let run = r.id;
    let can_record = r.can_record;
    let steps = r.steps.clone();
    view! {
        <section class="card" aria-label="Step log">
            <h2>"Step log"</h2>
            {if steps.is_empty() {
                view! { <p class="muted">"No steps logged yet."</p> }.erase()
            } else {
                view! {
                    <ol class="step-log">
                        {steps.into_iter().map(|s| view! {
                            <li data-testid="step">
                                <time datetime=s.at.to_rfc3339()>{s.local.clone()}</time>
                                <span class="step-who">{if s.who.is_empty() { "—".to_string() } else { s.who.clone() }}</span>
                                <span class="step-what">{s.what.clone()}</span>
                                {can_record.then(|| view! {
                                    <ActionForm action=actions.remove_step attr:class="inline-form">
                                        <input type="hidden" name="run" value=run.to_string() />
                                        <input type="hidden" name="step" value=s.id.to_string() />
                                        <button type="submit" class="btn btn-small btn-link">"Remove"</button>
                                    </ActionForm>
                                })}
                            </li>
                        }).collect_view()}
                    </ol>
                }.erase()
            }}
            {r.can_record.then(|| view! {
                <ActionForm action=actions.add_step attr:class="stack" attr:novalidate=true>
                    <FormError error />
                    <input type="hidden" name="run" value=run.to_string() />
                    <div class="grid-3">
                        <TextField label="When" name="at" kind="datetime-local" value=r.started_local.clone() error />
                        <TextField label="Who" name="who" required=false maxlength=100 error />
                        <TextField label="What was done" name="what" maxlength=1000 error />
                    </div>
                    <div class="form-actions"><button type="submit" class="btn">"Log step"</button></div>
                </ActionForm>
            })}
        </section>
    }
}

#[component]
fn NewAction(r: RunDetail, action: ServerAction<AddAction>) -> impl IntoView {
    let error = last_error(action);
    view! {
        <section class="card" aria-label="New follow-up action">
            <h2>"Add a follow-up action"</h2>
            <ActionForm action attr:class="stack" attr:novalidate=true>
                <FormError error />
                <input type="hidden" name="run" value=r.id.to_string() />
                <div class="grid-3">
                    <TextField label="What needs doing" name="title" maxlength=100 error />
                    <SelectField label="Owner" name="owner" options=people_options(&r.people) error />
                    <TextField label="Due" name="due_on" kind="date" error />
                </div>
                <div class="form-actions"><button type="submit" class="btn btn-primary">"Add action"</button></div>
            </ActionForm>
        </section>
    }
}

#[component]
fn EditRun(r: RunDetail, action: ServerAction<UpdateRun>) -> impl IntoView {
    let error = last_error(action);
    view! {
        <section class="card" aria-label="Run details">
            <h2>"Issues, lessons and times"</h2>
            <ActionForm action attr:class="stack" attr:novalidate=true>
                <FormError error />
                <input type="hidden" name="id" value=r.id.to_string() />
                <div class="grid-2">
                    <TextField label="Started" name="started" kind="datetime-local" value=r.started_local.clone() error />
                    <TextField label="Ended" name="ended" kind="datetime-local" value=r.ended_local.clone() error />
                </div>
                <TextArea label="Issues found" name="issues" rows=4 maxlength=5000 value=r.issues.clone() error />
                <TextArea label="Lessons learned" name="lessons" rows=4 maxlength=5000 value=r.lessons.clone() error />
                <div class="form-actions"><button type="submit" class="btn btn-primary">"Save"</button></div>
            </ActionForm>
        </section>
    }
}

/// The controls this run is evidence for, in the frameworks in use.
#[component]
fn EvidenceFor(r: RunDetail) -> impl IntoView {
    view! {
        <section class="card" aria-label="Evidence for">
            <h2>"Evidence for"</h2>
            {if r.evidence_for.is_empty() {
                view! { <p class="muted">"Choose the frameworks you work to on the "<a href="/drills">"drills page"</a>" to see which controls this run is evidence for."</p> }.erase()
            } else {
                view! {
                    <p class="small muted">"A recorded run, with its measurements, steps and lessons, shows auditors that the plan was tested:"</p>
                    <ul class="plain-list" data-testid="evidence-for">
                        {r.evidence_for.iter().map(|(control, what)| view! {
                            <li><strong>{control.clone()}</strong><span class="small muted">{what.clone()}</span></li>
                        }).collect_view()}
                    </ul>
                }.erase()
            }}
        </section>
    }
}

/// Issues and lessons for those who read rather than record.
#[component]
fn Findings(r: RunDetail) -> impl IntoView {
    view! {
        <section class="card" aria-label="Issues and lessons">
            <h2>"Issues and lessons"</h2>
            <h3>"Issues found"</h3>
            <p class="prewrap">{if r.issues.is_empty() { "None recorded.".to_string() } else { r.issues.clone() }}</p>
            <h3>"Lessons learned"</h3>
            <p class="prewrap">{if r.lessons.is_empty() { "None recorded.".to_string() } else { r.lessons.clone() }}</p>
        </section>
    }
}
