//! One control: what it asks and what an auditor will want to see, the
//! organisation's answer, its evidence (with what mapped controls and
//! recorded drills offer), and the controls it maps to.

use super::checklist::kind_label;
use super::common::{ControlsNav, StatusBadge};
use crate::controls::status::Status;
use crate::controls::{ControlDetail, SaveAnswer, load_control};
use crate::evidence::{
    EvidenceRow, LinkDrill, LinkEvidence, RecordEvidence, RecordForm, UnlinkEvidence, UploadForm,
};
use crate::ui::ActionForm;
use crate::ui::Erase;
use crate::ui::{ErrorNotice, FormError, SelectField, TextArea, TextField, last_error};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

#[derive(Clone, Copy)]
struct Actions {
    answer: ServerAction<SaveAnswer>,
    link: ServerAction<LinkEvidence>,
    unlink: ServerAction<UnlinkEvidence>,
    drill: ServerAction<LinkDrill>,
    record: ServerAction<RecordEvidence>,
}

#[component]
pub fn ControlPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let actions = Actions {
        answer: ServerAction::new(),
        link: ServerAction::new(),
        unlink: ServerAction::new(),
        drill: ServerAction::new(),
        record: ServerAction::new(),
    };
    let data = Resource::new(
        move || {
            (
                params.read().get("framework").unwrap_or_default(),
                query.read().get("id").unwrap_or_default(),
                actions.answer.version().get(),
                actions.link.version().get(),
                actions.unlink.version().get(),
                actions.drill.version().get(),
                actions.record.version().get(),
            )
        },
        |(framework, id, ..)| load_control(framework, id),
    );
    view! {
        <Transition fallback=|| view! { <p class="loading">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(d) => view! { <Body d actions /> }.erase(),
                    Err(error) => view! { <ErrorNotice error /> }.erase(),
                }
            })}
        </Transition>
    }
}

#[component]
fn Body(d: ControlDetail, actions: Actions) -> impl IntoView {
    let c = d.control.clone();
    view! {
        <Title text=format!("{} · {}", c.label(), c.title) />
        <nav class="breadcrumb" aria-label="Breadcrumb">
            <a href="/controls">"Controls"</a>" / "
            <a href=format!("/controls/{}", c.framework)>{c.framework_name.clone()}</a>" / "{c.id.clone()}
        </nav>
        <div class="page-head page-head-actions">
            <div>
                <h1><span class="control-id">{c.id.clone()}</span>" "{c.title.clone()}</h1>
                <p class="muted">
                    {d.section.clone()}" "
                    {d.kind.clone().map(|k| view! { <span class="badge badge-quiet">{kind_label(&k)}</span>" " })}
                    {d.continuity.then(|| view! { <span class="badge badge-quiet">"Continuity"</span>" " })}
                    <StatusBadge effective=d.effective />
                </p>
            </div>
            <ControlsNav />
        </div>
        {(d.effective == crate::controls::status::Effective::EvidenceExpired).then(|| view! {
            <p class="alert alert-warn" role="status">"Marked implemented, but all of its evidence has expired, so it no longer counts. Attach current evidence or renew the expired piece."</p>
        })}
        <div class="grid-2">
            <section class="card" aria-label="What it asks">
                <h2>"What it asks"</h2>
                {(!d.body.is_empty()).then(|| view! { <blockquote class="regulation prewrap">{d.body.clone()}</blockquote> })}
                <p>{d.guidance.clone()}</p>
                <h3>"What an auditor will want to see"</h3>
                <p data-testid="auditor-hint">{d.auditor_hint.clone()}</p>
            </section>
            <AnswerCard d=d.clone() action=actions.answer />
        </div>
        <EvidenceCard d=d.clone() actions />
        <MappedCard d=d.clone() />
    }
}

#[component]
fn AnswerCard(d: ControlDetail, action: ServerAction<SaveAnswer>) -> impl IntoView {
    let error = last_error(action);
    let a = d.answer.clone();
    let updated = a.updated_at.map(|t| {
        format!(
            "Last changed {} by {}",
            crate::ui::format_date(&t),
            a.updated_by
                .clone()
                .unwrap_or_else(|| "a former member".into())
        )
    });
    if !d.can_edit {
        return view! {
            <section class="card" aria-label="Answer">
                <h2>"Answer"</h2>
                <dl class="kv">
                    <dt>"Status"</dt><dd>{a.status.label()}</dd>
                    {(!a.justification.is_empty()).then(|| view! { <dt>"Justification"</dt><dd>{a.justification.clone()}</dd> })}
                    <dt>"Due"</dt><dd>{a.due_on.map(|d| d.to_string()).unwrap_or_else(|| "—".into())}</dd>
                    {(!a.notes.is_empty()).then(|| view! { <dt>"Notes"</dt><dd class="prewrap">{a.notes.clone()}</dd> })}
                </dl>
                {updated.map(|u| view! { <p class="small muted">{u}</p> })}
            </section>
        }
        .erase();
    }
    let people = std::iter::once((String::new(), "No owner".to_string()))
        .chain(d.people.iter().map(|p| (p.id.to_string(), p.name.clone())))
        .collect::<Vec<_>>();
    view! {
        <section class="card" aria-label="Answer">
            <h2>"Answer"</h2>
            <ActionForm action attr:class="stack" attr:novalidate=true attr:data-testid="answer-form">
                <FormError error />
                <input type="hidden" name="framework" value=d.control.framework.clone() />
                <input type="hidden" name="id" value=d.control.id.clone() />
                <SelectField label="Status" name="status" error
                    options=Status::ALL.iter().map(|s| (s.as_str().to_string(), s.label().to_string())).collect()
                    selected=a.status.as_str() />
                <TextArea label="Justification" name="justification" error value=a.justification.clone()
                    hint="Required when the control does not apply: say why." rows=2 />
                <div class="grid-2">
                    <SelectField label="Owner" name="owner" error options=people
                        selected=a.owner_id.map(|o| o.to_string()).unwrap_or_default() />
                    <TextField label="Due" name="due_on" kind="date" required=false error
                        value=a.due_on.map(|d| d.to_string()).unwrap_or_default() />
                </div>
                <TextArea label="Notes" name="notes" error value=a.notes.clone() rows=3 maxlength=4000 />
                <div class="form-actions"><button type="submit" class="btn btn-primary">"Save answer"</button></div>
                {updated.map(|u| view! { <p class="small muted">{u}</p> })}
            </ActionForm>
        </section>
    }
    .erase()
}

/// The hidden fields naming the evidence, the control and the way back
/// without JavaScript, shared by the link and unlink buttons.
fn target_fields(item: String, target: String, back: String) -> impl IntoView {
    view! {
        <input type="hidden" name="item" value=item />
        <input type="hidden" name="target_type" value="control" />
        <input type="hidden" name="target_id" value=target />
        <input type="hidden" name="back" value=back />
    }
}

fn link_form(
    action: ServerAction<LinkEvidence>,
    item: String,
    target: String,
    back: String,
) -> impl IntoView {
    let fields = target_fields(item, target, back);
    view! {
        <ActionForm action attr:class="inline-form">
            {fields}
            <button type="submit" class="btn btn-small">"Link here"</button>
        </ActionForm>
    }
}

fn unlink_form(
    action: ServerAction<UnlinkEvidence>,
    item: String,
    target: String,
    back: String,
) -> impl IntoView {
    let fields = target_fields(item, target, back);
    view! {
        <ActionForm action attr:class="inline-form">
            {fields}
            <button type="submit" class="btn btn-small btn-link">"Unlink"</button>
        </ActionForm>
    }
}

#[component]
fn EvidenceCard(d: ControlDetail, actions: Actions) -> impl IntoView {
    let query = use_query_map();
    let framework = d.control.framework.clone();
    let id = d.control.id.clone();
    let target = format!("{framework}:{id}");
    let back = crate::controls::control_href(&framework, &id);
    let can = d.can_contribute;
    let link_error = last_error(actions.link);
    let linked = (!d.evidence.is_empty()).then(|| {
        let rows = d
            .evidence
            .iter()
            .map(|b| {
                let unlink = can.then(|| {
                    unlink_form(
                        actions.unlink,
                        b.id.to_string(),
                        target.clone(),
                        back.clone(),
                    )
                });
                view! { <EvidenceRow b=b.clone() extra=unlink.erase() /> }
            })
            .collect_view();
        view! { <ul class="evidence-list" data-testid="linked-evidence">{rows}</ul> }
    });
    let offered = (!d.offered.is_empty()).then(|| {
        let rows = d
            .offered
            .iter()
            .map(|o| {
                let add = can.then(|| {
                    link_form(actions.link, o.evidence.id.to_string(), target.clone(), back.clone())
                });
                let from = format!("from {}", o.from.join(", "));
                view! { <EvidenceRow b=o.evidence.clone() note=from extra=add.erase() /> }
            })
            .collect_view();
        view! {
            <h3>"Offered by mapped controls"</h3>
            <p class="small muted">"Evidence already linked to controls that ask for the same thing. Link it here if it shows this control too."</p>
            <ul class="evidence-list" data-testid="offered-evidence">{rows}</ul>
        }
    });
    let drills = (!d.drills.is_empty() && can).then(|| {
        let rows = d
            .drills
            .iter()
            .map(|r| {
                let (run, f, c) = (r.run_id.to_string(), framework.clone(), id.clone());
                view! {
                    <li>
                        <a href=format!("/drills/runs/{}", r.run_id)>{r.label.clone()}</a>" "
                        <ActionForm action=actions.drill attr:class="inline-form">
                            <input type="hidden" name="run" value=run />
                            <input type="hidden" name="framework" value=f />
                            <input type="hidden" name="control" value=c />
                            <button type="submit" class="btn btn-small">"Use as evidence"</button>
                        </ActionForm>
                    </li>
                }
            })
            .collect_view();
        view! {
            <h3>"Recorded drills that count here"</h3>
            <ul class="plain-list" data-testid="drill-offers">{rows}</ul>
        }
    });
    let library = (!d.library.is_empty()).then(|| {
        let options: Vec<(String, String)> = d
            .library
            .iter()
            .map(|(i, t)| (i.to_string(), t.clone()))
            .collect();
        let (t, b) = (target.clone(), back.clone());
        view! {
            <h3 class="section-gap">"Link evidence from the library"</h3>
            <ActionForm action=actions.link attr:class="stack">
                <FormError error=link_error />
                <input type="hidden" name="target_type" value="control" />
                <input type="hidden" name="target_id" value=t />
                <input type="hidden" name="back" value=b />
                <SelectField label="Evidence" name="item" error=link_error options />
                <div class="form-actions"><button type="submit" class="btn">"Link"</button></div>
            </ActionForm>
        }
    });
    let forms = can.then(|| {
        view! {
            <div class="grid-2 section-gap">
                <div>
                    <h3>"Upload a file"</h3>
                    <UploadForm back=back.clone() framework=framework.clone() control=id.clone() limit_mb=d.limit_mb />
                </div>
                <div>
                    <h3>"Record a link or attestation"</h3>
                    <RecordForm action=actions.record framework=framework.clone() control=id.clone() />
                    {library}
                </div>
            </div>
        }
    });
    view! {
        <section class="card" aria-label="Evidence">
            <h2>"Evidence"</h2>
            {move || query.read().get("uploaded").map(|_| view! { <p class="alert alert-info" role="status">"Evidence uploaded and linked."</p> })}
            {match linked {
                Some(v) => v.erase(),
                None => view! { <p class="muted">"No evidence linked yet."</p> }.erase(),
            }}
            {offered}
            {drills}
            {forms}
        </section>
    }
}

#[component]
fn MappedCard(d: ControlDetail) -> impl IntoView {
    view! {
        <section class="card" aria-label="Mapped controls">
            <h2>"Controls that ask for the same thing"</h2>
            {if d.mapped.is_empty() {
                view! { <p class="muted">"No mapping to other frameworks is recorded for this control."</p> }.erase()
            } else {
                view! {
                    <ul class="mapped-list" data-testid="mapped">
                        {d.mapped.iter().map(|m| view! {
                            <li>
                                <a href=m.control.href()>{m.control.label()}</a>" "{m.control.title.clone()}" "
                                {match m.effective {
                                    Some(e) => view! { <StatusBadge effective=e /> }.erase(),
                                    None => view! { <span class="badge badge-quiet">"Framework not active"</span> }.erase(),
                                }}
                                <div class="small muted">{format!("{} ({} match): {}", m.topic, m.strength, m.rationale)}</div>
                            </li>
                        }).collect_view()}
                    </ul>
                }.erase()
            }}
        </section>
    }
}
