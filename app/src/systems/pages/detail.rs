//! One system: what is required of it, what its design delivers, its DR tier,
//! backups and replication, the strategy comparison, its dependencies and its
//! details.

use super::backup::BackupCard;
use super::common::{MeetsBadge, SystemsNav, objective, site_options, tier_long, tier_text};
use super::compare::ComparisonView;
use crate::bia::duration::compact;
use crate::bia::{
    AddDependency, DependencyCard, RemoveDependency, RequirementLine, RequirementView,
    people_options,
};
use crate::systems::findings::Finding;
use crate::systems::profile::{Component, DataClass, Environment, Hosting};
use crate::systems::tiers::{self, TIERS};
use crate::systems::{
    AddBackupCopy, DeleteSystem, RemoveBackupCopy, SaveSystemBackup, SetSystemTier, SystemDetail,
    UpdateSystem, load_system,
};
use crate::ui::ActionForm;
use crate::ui::Erase;
use crate::ui::{ErrorNotice, FormError, SelectField, TextArea, TextField, last_error};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_navigate, use_params_map};
use uuid::Uuid;

#[derive(Clone, Copy)]
pub struct Actions {
    pub update: ServerAction<UpdateSystem>,
    pub delete: ServerAction<DeleteSystem>,
    pub tier: ServerAction<SetSystemTier>,
    pub backup: ServerAction<SaveSystemBackup>,
    pub add_copy: ServerAction<AddBackupCopy>,
    pub remove_copy: ServerAction<RemoveBackupCopy>,
    pub add: ServerAction<AddDependency>,
    pub remove: ServerAction<RemoveDependency>,
}

#[component]
pub fn SystemPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.read().get("id").and_then(|s| s.parse::<Uuid>().ok());
    let actions = Actions {
        update: ServerAction::new(),
        delete: ServerAction::new(),
        tier: ServerAction::new(),
        backup: ServerAction::new(),
        add_copy: ServerAction::new(),
        remove_copy: ServerAction::new(),
        add: ServerAction::new(),
        remove: ServerAction::new(),
    };
    let navigate = use_navigate();
    Effect::new(move || {
        if let Some(Ok(())) = actions.delete.value().get() {
            navigate("/systems", Default::default());
        }
    });
    let query = leptos_router::hooks::use_query_map();
    let data = Resource::new(
        move || {
            (
                id(),
                query.read().get("find").unwrap_or_default(),
                actions.update.version().get(),
                actions.tier.version().get(),
                actions.backup.version().get(),
                actions.add_copy.version().get(),
                actions.remove_copy.version().get(),
                actions.add.version().get(),
                actions.remove.version().get(),
            )
        },
        |(id, find, ..)| async move {
            match id {
                Some(id) => load_system(id, find).await,
                None => Err(crate::error::AppError::NotFound("System".into())),
            }
        },
    );
    view! {
        <Transition fallback=|| view! { <p class="loading">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(detail) => view! { <SystemBody detail actions /> }.erase(),
                    Err(error) => view! { <ErrorNotice error /> }.erase(),
                }
            })}
        </Transition>
    }
}

#[component]
fn SystemBody(detail: SystemDetail, actions: Actions) -> AnyView {
    let r = detail.resource.clone();
    let p = detail.profile.clone();
    let subtitle = format!(
        "{} · {} · {}{} · Owner: {}",
        p.component.label(),
        p.environment.label(),
        p.hosting.label(),
        [p.provider.as_str(), p.region.as_str()]
            .iter()
            .filter(|s| !s.is_empty())
            .map(|s| format!(" {s}"))
            .collect::<String>(),
        r.owner.clone().unwrap_or_else(|| "nobody yet".into())
    );
    view! {
        <Title text=r.name.clone() />
        <nav class="breadcrumb" aria-label="Breadcrumb">
            <a href="/systems">"Systems"</a>" / "{r.name.clone()}
        </nav>
        <div class="page-head page-head-actions">
            <div>
                <h1>{r.name.clone()}" "<span class="badge badge-quiet" data-testid="current-tier">{tier_text(p.tier)}</span></h1>
                <p class="muted">{subtitle}</p>
            </div>
            <SystemsNav />
        </div>
        <Objectives detail=detail.clone() />
        <Findings findings=detail.findings.clone() />
        <TierCard detail=detail.clone() action=actions.tier />
        <BackupCard detail=detail.clone() actions />
        <section class="card" aria-label="Strategy comparison">
            <h2>"Strategy comparison"</h2>
            <ComparisonView comparison=detail.comparison.clone() />
        </section>
        <DependencyCard
            source=r.id
            kind=r.kind
            dependencies=detail.dependencies.clone()
            dependants=detail.dependants.clone()
            candidates=detail.candidates.clone()
            can_edit=detail.can_edit
            add=actions.add
            remove=actions.remove
        />
        {detail.can_edit.then(|| view! { <EditSystem detail=detail.clone() actions /> })}
    }
    .erase()
}

fn requirement_cell(req: Option<RequirementView>, label: &'static str) -> AnyView {
    match req {
        Some(req) => view! { <RequirementLine label req /> }.erase(),
        None => view! { <span class="muted">"Nothing that depends on it sets one."</span> }.erase(),
    }
}

#[component]
fn Objectives(detail: SystemDetail) -> AnyView {
    let r = &detail.resource;
    let cap = &detail.capability;
    let meets = |cap: Option<i64>, req: &Option<RequirementView>| {
        req.as_ref().map(|q| cap.is_some_and(|c| c <= q.minutes))
    };
    let meets_rto = meets(cap.rto, &detail.required_rto);
    let meets_rpo = meets(cap.rpo, &detail.required_rpo);
    view! {
        <section class="card" aria-label="Recovery objectives">
            <h2>"Recovery objectives"</h2>
            <div class="table-wrap">
                <table class="table objectives-table">
                    <thead>
                        <tr>
                            <th scope="col"></th>
                            <th scope="col">"Required by the business"</th>
                            <th scope="col">"Target (committed)"</th>
                            <th scope="col">"What the design delivers"</th>
                            <th scope="col">"Status"</th>
                        </tr>
                    </thead>
                    <tbody>
                        <tr data-testid="rto-row">
                            <th scope="row">"RTO"</th>
                            <td>{requirement_cell(detail.required_rto.clone(), "RTO")}</td>
                            <td><strong>{objective(r.rto)}</strong></td>
                            <td><strong>{objective(cap.rto)}</strong><div class="small muted">{cap.rto_basis.clone()}</div></td>
                            <td><MeetsBadge meets=meets_rto /></td>
                        </tr>
                        <tr data-testid="rpo-row">
                            <th scope="row">"RPO"</th>
                            <td>{requirement_cell(detail.required_rpo.clone(), "RPO")}</td>
                            <td><strong>{objective(r.rpo)}</strong></td>
                            <td><strong>{objective(cap.rpo)}</strong><div class="small muted">{cap.rpo_basis.clone()}</div></td>
                            <td><MeetsBadge meets=meets_rpo /></td>
                        </tr>
                    </tbody>
                </table>
            </div>
        </section>
    }
    .erase()
}

#[component]
pub fn Findings(findings: Vec<Finding>) -> AnyView {
    if findings.is_empty() {
        return view! {
            <section class="card" aria-label="Gaps">
                <h2>"Gaps"</h2>
                <p class="ok-note" data-testid="no-findings">"No gaps: the design meets every requirement and target, and the backups follow 3-2-1-1-0."</p>
            </section>
        }
        .erase();
    }
    view! {
        <section class="card" aria-label="Gaps">
            <h2>{format!("Gaps ({})", findings.len())}</h2>
            <FindingList findings />
        </section>
    }
    .erase()
}

#[component]
pub fn FindingList(findings: Vec<Finding>) -> impl IntoView {
    view! {
        <ul class="finding-list">
            {findings
                .into_iter()
                .map(|f| view! {
                    <li data-testid="finding">
                        <p>
                            <span class=f.severity.class()>{f.severity.label()}</span>" "
                            <strong>{f.topic.clone()}</strong>" · "{f.problem.clone()}
                        </p>
                        <p class="small remedy">"To close it: "{f.remedy.clone()}</p>
                    </li>
                })
                .collect_view()}
        </ul>
    }
}

#[component]
fn TierCard(detail: SystemDetail, action: ServerAction<SetSystemTier>) -> AnyView {
    let error = last_error(action);
    let current = detail.profile.tier;
    let recommended = detail.recommendation.clone();
    let id = detail.resource.id.to_string();
    let can_edit = detail.can_edit;
    let rec_tier = recommended.as_ref().map(|r| r.tier);
    let take = match (rec_tier, can_edit) {
        (Some(rec), true) if Some(rec) != current => {
            let tier = rec.to_string();
            let label = format!("Take tier {rec}");
            let id = id.clone();
            Some(view! {
                <ActionForm action attr:class="inline-form">
                    <input type="hidden" name="id" value=id />
                    <input type="hidden" name="tier" value=tier />
                    <input type="hidden" name="reason" value="" />
                    <button type="submit" class="btn btn-primary" data-testid="take-recommended">{label}</button>
                </ActionForm>
            })
        }
        _ => None,
    };
    let recommendation = match recommended.clone() {
        Some(rec) => view! {
            <div class="recommendation" class:beyond=rec.beyond_scale data-testid="recommendation">
                <p><strong>{format!("Recommended: {}", tier_long(rec.tier))}</strong></p>
                <p class="small">{rec.reason.clone()}</p>
                {take}
            </div>
        }
        .erase(),
        None => view! {
            <p class="muted">"No recommendation yet: link the processes that depend on this system, or set a target RTO or RPO."</p>
        }
        .erase(),
    };
    let reason = (!detail.profile.tier_reason.is_empty()).then(|| {
        view! { <p class="small">"Why this tier: "{detail.profile.tier_reason.clone()}</p> }
    });
    view! {
        <section class="card" aria-label="DR tier">
            <h2>"DR tier"</h2>
            {recommendation}
            {reason}
            <div class="table-wrap">
                <table class="table tier-table">
                    <thead>
                        <tr>
                            <th scope="col">"SHARE tier"</th>
                            <th scope="col">"Typical RTO"</th>
                            <th scope="col">"Typical RPO"</th>
                            <th scope="col">"0–5 scale"</th>
                            <th scope="col">"Cloud strategy"</th>
                            <th scope="col">"Site"</th>
                        </tr>
                    </thead>
                    <tbody>
                        {TIERS
                            .iter()
                            .map(|t| {
                                let is_current = current == Some(t.tier);
                                let is_rec = rec_tier == Some(t.tier);
                                view! {
                                    <tr class:row-current=is_current class:row-recommended=is_rec>
                                        <td>
                                            {format!("{} · {}", t.tier, t.name)}
                                            {is_current.then(|| view! { " "<span class="badge badge-quiet">"current"</span> })}
                                            {is_rec.then(|| view! { " "<span class="badge badge-ok">"recommended"</span> })}
                                        </td>
                                        <td>{t.rto_text}</td>
                                        <td>{t.rpo_text}</td>
                                        <td>{t.simple}</td>
                                        <td>{t.cloud}</td>
                                        <td>{t.site}</td>
                                    </tr>
                                }
                            })
                            .collect_view()}
                    </tbody>
                </table>
            </div>
            {can_edit.then(|| view! {
                <ActionForm action attr:class="stack" attr:novalidate=true>
                    <input type="hidden" name="id" value=id.clone() />
                    <FormError error />
                    <div class="grid-2">
                        <SelectField label="Chosen tier" name="tier" options=super::common::tier_options() selected=current.map(|t| t.to_string()).unwrap_or_default() error />
                        <TextArea label="Why, if not the recommended tier" name="reason" value=detail.profile.tier_reason.clone() error rows=2 maxlength=1000 />
                    </div>
                    <div class="form-actions">
                        <button type="submit" class="btn">"Save tier"</button>
                    </div>
                </ActionForm>
            })}
            <p class="small muted">
                {format!(
                    "Planning figures: each tier counts at the slow end of its typical range (e.g. tier 4 at {}), so a tier only meets a requirement if even its slower recoveries do.",
                    objective(tiers::info(4).and_then(|t| t.rto))
                )}
            </p>
        </section>
    }
    .erase()
}

#[component]
fn EditSystem(detail: SystemDetail, actions: Actions) -> impl IntoView {
    let error = last_error(actions.update);
    let delete_error = last_error(actions.delete);
    let saved = move || matches!(actions.update.value().get(), Some(Ok(())));
    let r = detail.resource.clone();
    let p = detail.profile.clone();
    let site =
        |s: &Option<crate::bia::NodeRef>| s.as_ref().map(|n| n.id.to_string()).unwrap_or_default();
    let prompt = format!(
        "Delete “{}”, its DR design and every dependency on it?",
        r.name
    );
    view! {
        <section class="card" aria-label="Details">
            <h2>"Details"</h2>
            <ActionForm action=actions.update attr:class="stack" attr:novalidate=true>
                <input type="hidden" name="id" value=r.id.to_string() />
                <FormError error />
                <div class="grid-3">
                    <TextField label="Name" name="name" value=r.name.clone() maxlength=100 error />
                    <SelectField label="Kind" name="component" options=Component::options() selected=p.component.as_str() error />
                    <SelectField label="Owner" name="owner" options=people_options(&detail.people) selected=r.owner_id.map(|o| o.to_string()).unwrap_or_default() error />
                </div>
                <div class="grid-3">
                    <SelectField label="Environment" name="environment" options=Environment::options() selected=p.environment.as_str() error />
                    <SelectField label="Hosting" name="hosting" options=Hosting::options() selected=p.hosting.as_str() error />
                    <SelectField label="Data classification" name="data_class" options=DataClass::options() selected=p.data_class.as_str() error />
                </div>
                <div class="grid-3">
                    <TextField label="Provider" name="provider" value=p.provider.clone() required=false maxlength=100 error />
                    <TextField label="Region or location" name="region" value=p.region.clone() required=false maxlength=100 error />
                    <SelectField label="Primary site" name="primary_site" options=site_options(&detail.sites) selected=site(&p.primary_site) error />
                </div>
                <div class="grid-3">
                    <TextField label="Target RTO" name="rto" value=r.rto.map(compact).unwrap_or_default() required=false hint="What the owner commits to" maxlength=20 error />
                    <TextField label="Target RPO" name="rpo" value=r.rpo.map(compact).unwrap_or_default() required=false maxlength=20 error />
                    <SelectField label="Recovery site" name="recovery_site" options=site_options(&detail.sites) selected=site(&p.recovery_site) error />
                </div>
                <TextArea label="Notes" name="notes" value=r.notes.clone() error rows=2 />
                <div class="form-actions">
                    <button type="submit" class="btn btn-primary">"Save details"</button>
                    {move || saved().then(|| view! { <span class="saved" role="status">"Saved"</span> })}
                </div>
            </ActionForm>
            <details class="confirm danger-zone">
                <summary class="btn btn-small btn-danger-quiet">"Delete…"</summary>
                <ActionForm action=actions.delete attr:class="confirm-panel">
                    <FormError error=delete_error />
                    <input type="hidden" name="id" value=r.id.to_string() />
                    <p>{prompt}</p>
                    <button type="submit" class="btn btn-small btn-danger">"Delete"</button>
                </ActionForm>
            </details>
        </section>
    }
}
