//! Systems, suppliers, sites and key roles that processes depend on.

use super::deps::{DependencyCard, GapList, RequirementLine};
use super::people_options;
use crate::bia::duration::{compact, format as dur};
use crate::bia::rollup::NodeKind;
use crate::bia::{
    AddDependency, CreateResource, DeleteResource, Person, RemoveDependency, ResourceDetail,
    ResourceList, ResourceRecord, ResourceSummary, UpdateResource, list_resources, load_resource,
};
use crate::ui::ActionForm;
use crate::ui::Erase;
use crate::ui::{ErrorNotice, FormError, SelectField, TextArea, TextField, last_error};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_navigate, use_params_map};
use uuid::Uuid;

fn kind_options() -> Vec<(String, String)> {
    NodeKind::RESOURCES
        .iter()
        .map(|k| (k.as_str().to_string(), k.label().to_string()))
        .collect()
}

fn category_hint(kind: NodeKind) -> &'static str {
    match kind {
        NodeKind::System => "Application, database, storage, network, SaaS…",
        NodeKind::Supplier => "The service they provide",
        NodeKind::Site => "Office, warehouse, data centre…",
        NodeKind::Role => "Team or function",
        NodeKind::Process => "",
    }
}

#[component]
pub fn ResourcesPage() -> impl IntoView {
    let create = ServerAction::<CreateResource>::new();
    let data = Resource::new(move || create.version().get(), |_| list_resources());
    view! {
        <Title text="Dependencies" />
        <nav class="breadcrumb" aria-label="Breadcrumb"><a href="/bia">"BIA"</a>" / Systems, suppliers, sites & roles"</nav>
        <div class="page-head">
            <h1>"Systems, suppliers, sites & roles"</h1>
            <p class="muted">"What processes depend on. Each one's required RTO rolls down from the processes that need it."</p>
        </div>
        <Transition fallback=|| view! { <p class="loading">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(list) => view! { <ResourceLists list create /> }.erase(),
                    Err(error) => view! { <ErrorNotice error /> }.erase(),
                }
            })}
        </Transition>
    }
}

#[component]
fn ResourceLists(list: ResourceList, create: ServerAction<CreateResource>) -> impl IntoView {
    let groups: Vec<(NodeKind, Vec<ResourceSummary>)> = NodeKind::RESOURCES
        .into_iter()
        .map(|k| {
            (
                k,
                list.resources
                    .iter()
                    .filter(|r| r.resource.kind == k)
                    .cloned()
                    .collect(),
            )
        })
        .collect();
    view! {
        {list.can_edit.then(|| view! { <NewResource people=list.people.clone() create /> })}
        {groups
            .into_iter()
            .map(|(kind, items)| {
                view! {
                    <section class="card">
                        <h2>{kind.plural()}</h2>
                        {if items.is_empty() {
                            view! { <p class="muted">"None recorded."</p> }.erase()
                        } else {
                            view! { <ResourceTable kind items /> }.erase()
                        }}
                    </section>
                }
            })
            .collect_view()}
    }
}

#[component]
fn ResourceTable(kind: NodeKind, items: Vec<ResourceSummary>) -> impl IntoView {
    view! {
        <div class="table-wrap">
            <table class="table">
                <thead>
                    <tr>
                        <th scope="col">"Name"</th>
                        <th scope="col">"Type"</th>
                        <th scope="col">"Owner"</th>
                        <th scope="col">{kind.rto_name().to_string()}</th>
                        <th scope="col">"Required RTO"</th>
                        <th scope="col">"RPO / required"</th>
                        <th scope="col">"Used by"</th>
                    </tr>
                </thead>
                <tbody>
                    {items
                        .into_iter()
                        .map(|s| {
                            let r = s.resource;
                            view! {
                                <tr class:row-gap=s.gap>
                                    <td>
                                        <a href=crate::bia::NodeRef { id: r.id, kind: r.kind, name: String::new() }.href()>{r.name.clone()}</a>
                                        {s.gap.then(|| view! { " "<span class="badge badge-danger">"Gap"</span> })}
                                    </td>
                                    <td>{r.category.clone()}</td>
                                    <td>{r.owner.clone().unwrap_or_else(|| "—".into())}</td>
                                    <td class="nowrap">{r.rto.map(dur).unwrap_or_else(|| "unknown".into())}</td>
                                    <td class="nowrap">{s.required_rto.map(dur).unwrap_or_else(|| "—".into())}</td>
                                    <td class="nowrap">
                                        {r.rpo.map(dur).unwrap_or_else(|| "—".into())}
                                        " / "
                                        {s.required_rpo.map(dur).unwrap_or_else(|| "—".into())}
                                    </td>
                                    <td>{s.dependants}</td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        </div>
    }
}

#[component]
fn NewResource(people: Vec<Person>, create: ServerAction<CreateResource>) -> impl IntoView {
    let error = last_error(create);
    let created = move || matches!(create.value().get(), Some(Ok(_)));
    view! {
        <section class="card">
            <h2>"Add a system, supplier, site or role"</h2>
            <ActionForm action=create attr:class="stack" attr:novalidate=true>
                <FormError error />
                <div class="grid-3">
                    <SelectField label="Kind" name="kind" options=kind_options() error />
                    <TextField label="Name" name="name" maxlength=100 error />
                    <TextField label="Type" name="category" required=false hint="e.g. database, courier, warehouse" maxlength=100 error />
                </div>
                <div class="grid-3">
                    <SelectField label="Owner" name="owner" options=people_options(&people) error />
                    <TextField label="RTO or SLA" name="rto" required=false hint="How fast it is back: 4h, 2d" maxlength=20 error />
                    <TextField label="RPO" name="rpo" required=false hint="Data it may lose: 15m, 24h" maxlength=20 error />
                </div>
                <TextField label="Contact" name="contact" required=false maxlength=200 error />
                <input type="hidden" name="notes" value="" />
                <div class="form-actions">
                    <button type="submit" class="btn btn-primary">"Add"</button>
                    {move || created().then(|| view! { <span class="saved" role="status">"Added"</span> })}
                </div>
            </ActionForm>
        </section>
    }
}

#[derive(Clone, Copy)]
struct Actions {
    update: ServerAction<UpdateResource>,
    delete: ServerAction<DeleteResource>,
    add: ServerAction<AddDependency>,
    remove: ServerAction<RemoveDependency>,
}

#[component]
pub fn ResourcePage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.read().get("id").and_then(|s| s.parse::<Uuid>().ok());
    let actions = Actions {
        update: ServerAction::new(),
        delete: ServerAction::new(),
        add: ServerAction::new(),
        remove: ServerAction::new(),
    };
    let navigate = use_navigate();
    Effect::new(move || {
        if let Some(Ok(())) = actions.delete.value().get() {
            navigate("/bia/resources", Default::default());
        }
    });
    let query = leptos_router::hooks::use_query_map();
    let data = Resource::new(
        move || {
            (
                id(),
                query.read().get("find").unwrap_or_default(),
                actions.update.version().get(),
                actions.add.version().get(),
                actions.remove.version().get(),
            )
        },
        |(id, find, ..)| async move {
            match id {
                Some(id) => load_resource(id, find).await,
                None => Err(crate::error::AppError::NotFound("Dependency".into())),
            }
        },
    );
    view! {
        <Transition fallback=|| view! { <p class="loading">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(detail) => view! { <ResourceBody detail actions /> }.erase(),
                    Err(error) => view! { <ErrorNotice error /> }.erase(),
                }
            })}
        </Transition>
    }
}

#[component]
fn ResourceBody(detail: ResourceDetail, actions: Actions) -> impl IntoView {
    let r = detail.resource.clone();
    view! {
        <Title text=r.name.clone() />
        <nav class="breadcrumb" aria-label="Breadcrumb">
            <a href="/bia">"BIA"</a>" / "<a href="/bia/resources">{r.kind.plural()}</a>" / "{r.name.clone()}
        </nav>
        <div class="page-head">
            <h1>{r.name.clone()}</h1>
            <p class="muted">
                {r.kind.label()}
                {(!r.category.is_empty()).then(|| format!(" · {}", r.category))}
                {format!(" · Owner: {}", r.owner.clone().unwrap_or_else(|| "nobody yet".into()))}
            </p>
        </div>
        <section class="card" aria-label="Requirements">
            <h2>"What is required of it"</h2>
            <dl class="derived-list">
                <dt>{r.kind.rto_name().to_string()}</dt>
                <dd><strong>{r.rto.map(dur).unwrap_or_else(|| "unknown".into())}</strong></dd>
                <dt>"Required RTO"</dt>
                <dd>
                    {match detail.required_rto.clone() {
                        Some(req) => view! { <RequirementLine label="RTO" req /> }.erase(),
                        None => view! { <span class="muted">"Nothing that depends on it has an RTO yet."</span> }.erase(),
                    }}
                </dd>
                <dt>"Required RPO"</dt>
                <dd>
                    {match detail.required_rpo.clone() {
                        Some(req) => view! { <RequirementLine label="RPO" req /> }.erase(),
                        None => view! { <span class="muted">"—"</span> }.erase(),
                    }}
                </dd>
            </dl>
            {(!detail.gaps.is_empty()).then(|| view! { <GapList gaps=detail.gaps.clone() /> })}
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
        {detail.can_edit.then(|| view! { <EditResource r=r.clone() people=detail.people.clone() actions /> })}
    }
}

#[component]
fn EditResource(r: ResourceRecord, people: Vec<Person>, actions: Actions) -> impl IntoView {
    let error = last_error(actions.update);
    let delete_error = last_error(actions.delete);
    let saved = move || matches!(actions.update.value().get(), Some(Ok(())));
    let prompt = format!("Delete “{}” and every dependency on it?", r.name);
    view! {
        <section class="card">
            <h2>"Details"</h2>
            <ActionForm action=actions.update attr:class="stack" attr:novalidate=true>
                <input type="hidden" name="id" value=r.id.to_string() />
                <input type="hidden" name="kind" value=r.kind.as_str() />
                <FormError error />
                <div class="grid-3">
                    <TextField label="Name" name="name" value=r.name.clone() maxlength=100 error />
                    <TextField label="Type" name="category" value=r.category.clone() required=false hint=category_hint(r.kind) maxlength=100 error />
                    <SelectField label="Owner" name="owner" options=people_options(&people) selected=r.owner_id.map(|o| o.to_string()).unwrap_or_default() error />
                </div>
                <div class="grid-3">
                    <TextField label=rto_label(r.kind) name="rto" value=r.rto.map(compact).unwrap_or_default() required=false maxlength=20 error />
                    <TextField label="RPO" name="rpo" value=r.rpo.map(compact).unwrap_or_default() required=false maxlength=20 error />
                    <TextField label="Contact" name="contact" value=r.contact.clone() required=false maxlength=200 error />
                </div>
                <TextArea label="Notes" name="notes" value=r.notes.clone() error rows=2 />
                <div class="form-actions">
                    <button type="submit" class="btn btn-primary">"Save"</button>
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

fn rto_label(kind: NodeKind) -> &'static str {
    match kind {
        NodeKind::Supplier => "Contractual RTO (SLA)",
        NodeKind::Site => "Time to relocate",
        NodeKind::Role => "Time to cover",
        _ => "RTO",
    }
}
