//! One drill plan: its schedule and what is still to do, its scope with the
//! objectives each system is measured against, its runs, the form to record
//! a run, and (for editors) the plan's own form.

use super::common::{DrillsNav, PlanFormFields, VerdictBadge};
use crate::bia::duration::format as dur;
use crate::drills::{
    AddScope, DeletePlan, PlanDetail, RecordRun, RemoveScope, UpdatePlan, load_plan,
};
use crate::error::AppError;
use crate::ui::ActionForm;
use crate::ui::Erase;
use crate::ui::{
    ErrorNotice, FieldMessage, FormError, SelectField, TextField, format_date, last_error,
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_navigate, use_params_map};
use uuid::Uuid;

#[derive(Clone, Copy)]
struct Actions {
    update: ServerAction<UpdatePlan>,
    delete: ServerAction<DeletePlan>,
    add: ServerAction<AddScope>,
    remove: ServerAction<RemoveScope>,
    record: ServerAction<RecordRun>,
}

#[component]
pub fn PlanPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.read().get("id").and_then(|s| s.parse::<Uuid>().ok());
    let actions = Actions {
        update: ServerAction::new(),
        delete: ServerAction::new(),
        add: ServerAction::new(),
        remove: ServerAction::new(),
        record: ServerAction::new(),
    };
    let navigate = use_navigate();
    Effect::new(move || {
        if let Some(Ok(())) = actions.delete.value().get() {
            navigate("/drills", Default::default());
        }
    });
    let navigate = use_navigate();
    Effect::new(move || {
        if let Some(Ok(run)) = actions.record.value().get() {
            navigate(&format!("/drills/runs/{run}"), Default::default());
        }
    });
    let data = Resource::new(
        move || {
            (
                id(),
                actions.update.version().get(),
                actions.add.version().get(),
                actions.remove.version().get(),
            )
        },
        |(id, ..)| async move {
            match id {
                Some(id) => load_plan(id).await,
                None => Err(AppError::NotFound("Drill plan".into())),
            }
        },
    );
    view! {
        <Transition fallback=|| view! { <p class="loading">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(d) => view! { <PlanBody d actions /> }.erase(),
                    Err(error) => view! { <ErrorNotice error /> }.erase(),
                }
            })}
        </Transition>
    }
}

#[component]
fn PlanBody(d: PlanDetail, actions: Actions) -> impl IntoView {
    let s = d.summary.clone();
    view! {
        <Title text=s.title.clone() />
        <nav class="breadcrumb" aria-label="Breadcrumb">
            <a href="/drills">"Drills"</a>" / "{s.title.clone()}
        </nav>
        <div class="page-head page-head-actions">
            <div>
                <h1>{s.title.clone()}" "<span class="badge badge-quiet">{s.kind.label()}</span></h1>
                <p class="muted" data-testid="schedule">{format!("{} · Owner: {}", s.schedule, s.owner.clone().unwrap_or_else(|| "nobody yet".into()))}</p>
            </div>
            <DrillsNav />
        </div>
        {(!d.fields.scenario.is_empty()).then(|| view! { <p class="lede">{d.fields.scenario.clone()}</p> })}
        <div class="grid-2">
            <section class="card" aria-label="Schedule">
                <h2>"Still to do"</h2>
                {if d.upcoming.is_empty() {
                    view! { <p class="muted">"The schedule has no more occurrences."</p> }.erase()
                } else {
                    view! {
                        <ul class="plain-list" data-testid="upcoming">
                            {d.upcoming.iter().map(|o| view! {
                                <li>
                                    {o.overdue.then(|| view! { <span class="badge badge-danger">"Overdue"</span>" " })}
                                    {o.local.clone()}
                                </li>
                            }).collect_view()}
                        </ul>
                    }.erase()
                }}
                {(!d.fields.participants.is_empty()).then(|| view! { <p class="small">{format!("Participants: {}", d.fields.participants)}</p> })}
                <p class="small muted">{format!("Planned duration {}", dur(d.fields.duration_minutes))}</p>
            </section>
            <Scope d=d.clone() actions />
        </div>
        {d.can_record.then(|| view! { <RecordForm d=d.clone() action=actions.record /> })}
        <section class="card" aria-label="Runs">
            <h2>"Runs"</h2>
            {if d.runs.is_empty() {
                view! { <p class="muted">"No runs recorded yet."</p> }.erase()
            } else {
                view! {
                    <ul class="plain-list">
                        {d.runs.iter().map(|r| view! {
                            <li data-testid="run-item">
                                <a href=r.href()>{format_date(&r.started_at)}</a>" "
                                <VerdictBadge verdict=r.verdict />
                                {(r.failed_systems > 0).then(|| view! { <span class="small muted">{format!(" {} system{} failed", r.failed_systems, if r.failed_systems == 1 { "" } else { "s" })}</span> })}
                            </li>
                        }).collect_view()}
                    </ul>
                }.erase()
            }}
        </section>
        {d.can_edit.then(|| view! { <EditPlan d=d.clone() actions /> })}
    }
}

#[component]
fn Scope(d: PlanDetail, actions: Actions) -> impl IntoView {
    let plan = d.summary.id.to_string();
    let error = last_error(actions.add);
    let options: Vec<(String, String)> = std::iter::once((String::new(), "— choose —".to_string()))
        .chain(
            d.candidates
                .iter()
                .map(|n| (n.id.to_string(), format!("{} ({})", n.name, n.kind.label()))),
        )
        .collect();
    let measures = d.summary.kind.measures_recovery();
    let can_edit = d.can_edit;
    let can_add = d.can_edit && !d.candidates.is_empty();
    let scope = d.scope.clone();
    view! {
        <section class="card" aria-label="Scope">
            <h2>"Scope"</h2>
            {if scope.is_empty() {
                view! { <p class="muted">"Nothing in scope yet. Add the systems this drill recovers, and the processes and sites it exercises."</p> }.erase()
            } else {
                view! {
                    <ul class="plain-list">
                        {scope.into_iter().map(|s| {
                            let plan = plan.clone();
                            let objectives = (s.node.kind == crate::bia::rollup::NodeKind::System).then(|| format!(
                                " · RTO {} · RPO {}",
                                s.rto.map(dur).unwrap_or_else(|| "none".into()),
                                s.rpo.map(dur).unwrap_or_else(|| "none".into())
                            ));
                            view! {
                                <li data-testid="scope-item">
                                    <a href=s.node.href()>{s.node.name.clone()}</a>
                                    <span class="small muted">{format!(" {}", s.node.kind.label())}{objectives}</span>
                                    {can_edit.then(|| view! {
                                        <ActionForm action=actions.remove attr:class="inline-form">
                                            <input type="hidden" name="plan" value=plan />
                                            <input type="hidden" name="node" value=s.node.id.to_string() />
                                            <button type="submit" class="btn btn-small btn-link">"Remove"</button>
                                        </ActionForm>
                                    })}
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.erase()
            }}
            {(!measures).then(|| view! { <p class="small muted">"This kind of exercise talks recovery through rather than performing it, so runs record no recovery times."</p> })}
            {can_add.then(|| view! {
                <ActionForm action=actions.add attr:class="inline-fields">
                    <input type="hidden" name="plan" value=plan.clone() />
                    <SelectField label="Add to scope" name="node" options=options error />
                    <button type="submit" class="btn">"Add"</button>
                </ActionForm>
            })}
        </section>
    }
}

#[component]
fn RecordForm(d: PlanDetail, action: ServerAction<RecordRun>) -> impl IntoView {
    let error = last_error(action);
    let mut options: Vec<(String, String)> = d
        .upcoming
        .iter()
        .map(|o| {
            let label = if o.overdue {
                format!("{} (overdue)", o.local)
            } else {
                o.local.clone()
            };
            (o.at.to_rfc3339(), label)
        })
        .collect();
    options.push((
        String::new(),
        "An extra run, not one of the scheduled dates".into(),
    ));
    let selected = d
        .upcoming
        .iter()
        .rfind(|o| o.overdue)
        .or(d.upcoming.first())
        .map(|o| o.at.to_rfc3339())
        .unwrap_or_default();
    view! {
        <section class="card" aria-label="Record a run">
            <h2>"Record a run"</h2>
            <p class="small muted">{format!("Times are in {}. After saving, enter each system's measured recovery time and data loss.", d.fields.zone)}</p>
            <ActionForm action attr:class="stack" attr:novalidate=true>
                <FormError error />
                <input type="hidden" name="plan" value=d.summary.id.to_string() />
                <div class="grid-3">
                    <SelectField label="Scheduled date carried out" name="occurrence" options selected error />
                    <TextField label="Started" name="started" kind="datetime-local" value=d.default_start.clone() error />
                    <TextField label="Ended" name="ended" kind="datetime-local" value=d.default_start.clone() error />
                </div>
                <div class="form-actions">
                    <button type="submit" class="btn btn-primary">"Record run"</button>
                </div>
            </ActionForm>
        </section>
    }
}

#[component]
fn EditPlan(d: PlanDetail, actions: Actions) -> impl IntoView {
    let error = last_error(actions.update);
    let delete_error = last_error(actions.delete);
    let id = d.summary.id;
    view! {
        <section class="card" aria-label="Edit the plan">
            <h2>"Edit the plan"</h2>
            <ActionForm action=actions.update attr:class="stack" attr:novalidate=true>
                <FormError error />
                <input type="hidden" name="id" value=id.to_string() />
                <PlanFormFields error people=d.people.clone() fields=d.fields.clone() />
                <div class="form-actions">
                    <button type="submit" class="btn btn-primary">"Save plan"</button>
                </div>
            </ActionForm>
            <ActionForm action=actions.delete attr:class="stack danger-zone">
                <p class="small muted">"A plan with recorded runs keeps them as its history and cannot be deleted; end its schedule with a last date instead."</p>
                <FormError error=delete_error />
                <FieldMessage error=delete_error field="id" />
                <input type="hidden" name="id" value=id.to_string() />
                <div class="form-actions">
                    <button type="submit" class="btn btn-danger">"Delete the plan"</button>
                </div>
            </ActionForm>
        </section>
    }
}
