//! One process: what it is, its impact over time, the derived MTPD and
//! suggested RTO with their reasoning, its objectives and its dependencies.

use super::deps::{DependencyCard, GapList, RequirementLine};
use super::{AssessmentEditor, AssessmentTable, ImpactChart, people_options};
use crate::bia::duration::{compact, format as dur};
use crate::bia::rollup::NodeKind;
use crate::bia::{
    AddDependency, DeleteProcess, ProcessDetail, RemoveDependency, SaveAssessment, SetObjectives,
    UpdateProcess, load_process,
};
use crate::ui::ActionForm;
use crate::ui::Erase;
use crate::ui::{
    ErrorNotice, FormError, SelectField, TextArea, TextField, format_time, last_error,
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_navigate, use_params_map};
use uuid::Uuid;

#[derive(Clone, Copy)]
struct Actions {
    update: ServerAction<UpdateProcess>,
    objectives: ServerAction<SetObjectives>,
    assessment: ServerAction<SaveAssessment>,
    add: ServerAction<AddDependency>,
    remove: ServerAction<RemoveDependency>,
    delete: ServerAction<DeleteProcess>,
}

#[component]
pub fn ProcessPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.read().get("id").and_then(|s| s.parse::<Uuid>().ok());
    let actions = Actions {
        update: ServerAction::new(),
        objectives: ServerAction::new(),
        assessment: ServerAction::new(),
        add: ServerAction::new(),
        remove: ServerAction::new(),
        delete: ServerAction::new(),
    };
    let navigate = use_navigate();
    Effect::new(move || {
        if let Some(Ok(())) = actions.delete.value().get() {
            navigate("/bia", Default::default());
        }
    });
    let query = leptos_router::hooks::use_query_map();
    let data = Resource::new(
        move || {
            (
                id(),
                query.read().get("find").unwrap_or_default(),
                actions.update.version().get(),
                actions.objectives.version().get(),
                actions.assessment.version().get(),
                actions.add.version().get(),
                actions.remove.version().get(),
            )
        },
        |(id, find, ..)| async move {
            match id {
                Some(id) => load_process(id, find).await,
                None => Err(crate::error::AppError::NotFound("Process".into())),
            }
        },
    );
    view! {
        <Transition fallback=|| view! { <p class="loading">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(detail) => view! { <ProcessBody detail actions /> }.erase(),
                    Err(error) => view! { <ErrorNotice error /> }.erase(),
                }
            })}
        </Transition>
    }
}

#[component]
fn ProcessBody(detail: ProcessDetail, actions: Actions) -> impl IntoView {
    let p = detail.process.clone();
    let d = detail.derived.clone();
    let can_edit = detail.can_edit;
    let objectives = crate::bia::derive::Objectives {
        rto: p.rto,
        rpo: p.rpo,
        wrt: p.wrt,
    };
    view! {
        <Title text=p.name.clone() />
        <nav class="breadcrumb" aria-label="Breadcrumb"><a href="/bia">"BIA"</a>" / "{p.name.clone()}</nav>
        <div class="page-head">
            <h1>{p.name.clone()}</h1>
            <p class="muted">
                {(!p.department.is_empty()).then(|| format!("{} · ", p.department))}
                {format!("Owner: {}", p.owner.clone().unwrap_or_else(|| "nobody yet".into()))}
                {format!(" · updated {}", format_time(&p.updated_at))}
            </p>
        </div>
        <div class="grid-2">
            {derived_card(&detail, actions)}
            <section class="card" aria-label="Impact over time">
                <h2>"Impact over time"</h2>
                <ImpactChart scale=detail.scale.clone() assessment=detail.assessment.clone() mtpd=d.mtpd />
            </section>
        </div>
        <section class="card" aria-label="Assessment">
            <h2>"Impact assessment"</h2>
            {if can_edit {
                view! { <AssessmentEditor process_id=p.id scale=detail.scale.clone() assessment=detail.assessment.clone() objectives action=actions.assessment /> }.erase()
            } else {
                view! { <AssessmentTable scale=detail.scale.clone() assessment=detail.assessment.clone() /> }.erase()
            }}
        </section>
        {(!detail.gaps.is_empty()).then(|| view! {
            <section class="card card-alert" aria-label="Gaps">
                <h2>"Gaps"</h2>
                <GapList gaps=detail.gaps.clone() />
            </section>
        })}
        <DependencyCard
            source=p.id
            kind=NodeKind::Process
            dependencies=detail.dependencies.clone()
            dependants=detail.dependants.clone()
            candidates=detail.candidates.clone()
            can_edit
            add=actions.add
            remove=actions.remove
        />
        <DetailsCard detail=detail.clone() actions />
    }
}

/// The derived MTPD, tier and suggested RTO with their reasons, and the
/// objectives form. Its own function (and type-erased view) keeps the page's
/// view type small enough for the compiler.
fn derived_card(detail: &ProcessDetail, actions: Actions) -> AnyView {
    let p = detail.process.clone();
    let d = detail.derived.clone();
    let can_edit = detail.can_edit;
    view! {
            <section class="card derived" aria-label="Derived values">
                <h2>"Recovery objectives"</h2>
                <dl class="derived-list">
                    <dt>"MTPD"</dt>
                    <dd>
                        <strong data-testid="mtpd">{d.mtpd.map(dur).unwrap_or_else(|| "—".into())}</strong>
                        <p class="reason" data-testid="mtpd-reason">{d.mtpd_reason.clone()}</p>
                    </dd>
                    <dt>"Criticality"</dt>
                    <dd>
                        <span class=format!("tier tier-{}", d.tier.0)>{d.tier.0}</span>" "{d.tier.label()}
                        <p class="reason">{d.tier_reason.clone()}</p>
                    </dd>
                    <dt>"Suggested RTO"</dt>
                    <dd>
                        <strong>{d.suggested_rto.map(dur).unwrap_or_else(|| "—".into())}</strong>
                        <p class="reason" data-testid="suggested-reason">{d.suggested_reason.clone()}</p>
                    </dd>
                    {detail.required_rto.clone().map(|r| view! {
                        <dt>"Needed by others"</dt>
                        <dd><RequirementLine label="RTO" req=r /></dd>
                    })}
                </dl>
                {d.rto_error.clone().map(|m| view! { <div class="alert alert-error" role="alert" data-testid="rto-error">{m}</div> })}
                {d.rto_warning.clone().map(|m| view! { <div class="alert alert-warn">{m}</div> })}
                {if can_edit {
                    view! { <ObjectivesForm id=p.id rto=p.rto rpo=p.rpo wrt=p.wrt suggested=d.suggested_rto action=actions.objectives /> }.erase()
                } else {
                    view! {
                        <dl class="kv">
                            <dt>"RTO"</dt><dd>{p.rto.map(dur).unwrap_or_else(|| "not set".into())}</dd>
                            <dt>"RPO"</dt><dd>{p.rpo.map(dur).unwrap_or_else(|| "not set".into())}</dd>
                            <dt>"Work recovery"</dt><dd>{p.wrt.map(dur).unwrap_or_else(|| "not set".into())}</dd>
                        </dl>
                    }.erase()
                }}
            </section>
    }
    .erase()
}

#[component]
fn ObjectivesForm(
    id: Uuid,
    rto: Option<i64>,
    rpo: Option<i64>,
    wrt: Option<i64>,
    suggested: Option<i64>,
    action: ServerAction<SetObjectives>,
) -> impl IntoView {
    let error = last_error(action);
    let saved = move || matches!(action.value().get(), Some(Ok(())));
    let hint = suggested.map(|s| format!("Suggested: {}", dur(s)));
    view! {
        <ActionForm action attr:class="stack" attr:novalidate=true>
            <input type="hidden" name="id" value=id.to_string() />
            <FormError error />
            <div class="grid-3">
                <TextField label="Adopted RTO" name="rto" value=rto.map(compact).unwrap_or_default() required=false hint=hint.unwrap_or_default() maxlength=20 error />
                <TextField label="RPO" name="rpo" value=rpo.map(compact).unwrap_or_default() required=false hint="Data loss it can bear" maxlength=20 error />
                <TextField label="Work-recovery time" name="wrt" value=wrt.map(compact).unwrap_or_default() required=false hint="Catch-up after restore" maxlength=20 error />
            </div>
            <div class="form-actions">
                <button type="submit" class="btn btn-primary">"Save objectives"</button>
                <span class="muted small">"Durations like 30m, 4h, 2d, 1w."</span>
                {move || saved().then(|| view! { <span class="saved" role="status">"Saved"</span> })}
            </div>
        </ActionForm>
    }
}

#[component]
fn DetailsCard(detail: ProcessDetail, actions: Actions) -> impl IntoView {
    let p = detail.process.clone();
    if !detail.can_edit {
        return view! {
            <section class="card">
                <h2>"Details"</h2>
                <dl class="kv">
                    <dt>"Description"</dt><dd>{p.description.clone()}</dd>
                    <dt>"Products and services"</dt><dd>{p.products.clone()}</dd>
                    <dt>"Peak periods"</dt><dd>{p.peak_periods.clone()}</dd>
                    <dt>"Minimum service level (MBCO)"</dt><dd>{p.mbco.clone()}</dd>
                </dl>
            </section>
        }
        .erase();
    }
    let error = last_error(actions.update);
    let delete_error = last_error(actions.delete);
    let saved = move || matches!(actions.update.value().get(), Some(Ok(())));
    let prompt = format!("Delete “{}” with its assessment and dependencies?", p.name);
    view! {
        <section class="card">
            <h2>"Details"</h2>
            <ActionForm action=actions.update attr:class="stack" attr:novalidate=true>
                <input type="hidden" name="id" value=p.id.to_string() />
                <FormError error />
                <div class="grid-2 tight">
                    <TextField label="Name" name="name" value=p.name.clone() maxlength=100 error />
                    <TextField label="Department or business unit" name="department" value=p.department.clone() required=false maxlength=100 error />
                </div>
                <SelectField label="Owner" name="owner" options=people_options(&detail.people) selected=p.owner_id.map(|o| o.to_string()).unwrap_or_default() error />
                <TextArea label="Description" name="description" value=p.description.clone() error maxlength=4000 />
                <TextArea label="Products and services it supports" name="products" value=p.products.clone() error rows=2 maxlength=1000 />
                <div class="grid-2 tight">
                    <TextArea label="Peak periods" name="peak_periods" value=p.peak_periods.clone() hint="e.g. month-end, Black Friday" error rows=2 maxlength=500 />
                    <TextArea label="Minimum service level (MBCO)" name="mbco" value=p.mbco.clone() hint="What must still work during disruption" error rows=2 maxlength=1000 />
                </div>
                <div class="form-actions">
                    <button type="submit" class="btn btn-primary">"Save details"</button>
                    {move || saved().then(|| view! { <span class="saved" role="status">"Saved"</span> })}
                </div>
            </ActionForm>
            <details class="confirm danger-zone">
                <summary class="btn btn-small btn-danger-quiet">"Delete process…"</summary>
                <ActionForm action=actions.delete attr:class="confirm-panel">
                    <FormError error=delete_error />
                    <input type="hidden" name="id" value=p.id.to_string() />
                    <p>{prompt}</p>
                    <button type="submit" class="btn btn-small btn-danger">"Delete"</button>
                </ActionForm>
            </details>
        </section>
    }
    .erase()
}
