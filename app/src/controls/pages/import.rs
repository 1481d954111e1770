//! Importing a catalog: the official wording an organisation holds a
//! licence for, or its own internal framework.

use super::common::ControlsNav;
use crate::controls::{ImportView, RemoveImport, load_imports};
use crate::ui::ActionForm;
use crate::ui::Erase;
use crate::ui::{ErrorNotice, FormError, last_error};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn CatalogImportPage() -> impl IntoView {
    let remove = ServerAction::<RemoveImport>::new();
    let data = Resource::new(move || remove.version().get(), |_| load_imports());
    view! {
        <Title text="Import a catalog" />
        <nav class="breadcrumb" aria-label="Breadcrumb"><a href="/controls">"Controls"</a>" / import"</nav>
        <div class="page-head page-head-actions">
            <div>
                <h1>"Import a catalog"</h1>
                <p class="muted">"Load the official wording of a framework you hold a licence for, or your own internal control set. Answers stay with the control identifiers, so importing a new version keeps them."</p>
            </div>
            <ControlsNav />
        </div>
        <Transition fallback=|| view! { <p class="loading">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(v) => view! { <Body v remove /> }.erase(),
                    Err(error) => view! { <ErrorNotice error /> }.erase(),
                }
            })}
        </Transition>
    }
}

#[component]
fn Body(v: ImportView, remove: ServerAction<RemoveImport>) -> impl IntoView {
    let query = use_query_map();
    let error = last_error(remove);
    view! {
        {move || query.read().get("imported").map(|k| view! {
            <p class="alert alert-info" role="status">"Catalog imported. "<a href=format!("/controls/{k}")>"Open its checklist"</a></p>
        })}
        {move || query.read().get("import_error").map(|e| view! {
            <div class="alert alert-error" role="alert" data-testid="import-error">
                <p>"Nothing was imported:"</p>
                <ul>{e.lines().map(|l| view! { <li>{l.to_string()}</li> }).collect_view()}</ul>
            </div>
        })}
        <div class="grid-2">
            {if v.can_manage {
                view! {
                    <section class="card" aria-label="Import">
                        <h2>"Upload a catalog"</h2>
                        <form method="post" action="/controls/import" enctype="multipart/form-data" class="stack" data-testid="import-form">
                            <div class="field">
                                <label for="catalog-file">"Catalog file"</label>
                                <p class="field-hint">"Seawall JSON, CSV or an OSCAL catalog in JSON; at most 10 MB."</p>
                                <input id="catalog-file" type="file" name="file" required accept=".json,.csv,application/json,text/csv" />
                            </div>
                            <div class="stack">
                                <div class="field">
                                    <label for="framework">"Framework key"</label>
                                    <p class="field-hint">"soc2, hipaa or pci to replace the wording of a shipped one; empty to take it from the file."</p>
                                    <input id="framework" name="framework" maxlength="32" />
                                </div>
                                <div class="field">
                                    <label for="name">"Name"</label>
                                    <p class="field-hint">"Needed for CSV."</p>
                                    <input id="name" name="name" maxlength="200" />
                                </div>
                                <div class="field">
                                    <label for="version">"Version"</label>
                                    <p class="field-hint">"Needed for CSV."</p>
                                    <input id="version" name="version" maxlength="100" />
                                </div>
                            </div>
                            <div class="form-actions"><button type="submit" class="btn btn-primary">"Import"</button></div>
                        </form>
                    </section>
                }.erase()
            } else {
                view! { <section class="card"><p class="muted">"An owner or admin imports catalogs."</p></section> }.erase()
            }}
            <section class="card" aria-label="Formats">
                <h2>"Formats"</h2>
                <p><strong>"CSV"</strong>": a header row with "<code>"id"</code>" and "<code>"title"</code>", and optionally "<code>"section"</code>", "<code>"section_title"</code>", "<code>"text"</code>", "<code>"guidance"</code>", "<code>"auditor_hint"</code>", "<code>"continuity"</code>" (yes/no) and "<code>"kind"</code>"."</p>
                <p><strong>"Seawall JSON"</strong>": "<code>"framework"</code>", "<code>"name"</code>", "<code>"version"</code>", "<code>"sections"</code>" [id, title] and "<code>"controls"</code>" [id, section, title, text, guidance, auditor_hint, continuity], as in the catalogs Seawall ships."</p>
                <p><strong>"OSCAL"</strong>": a NIST OSCAL catalog in JSON. Groups become sections; each control and enhancement becomes a control, named by its label."</p>
            </section>
        </div>
        <section class="card section-gap" aria-label="Imported catalogs">
            <h2>"Imported catalogs"</h2>
            <FormError error />
            {if v.imported.is_empty() {
                view! { <p class="muted">"Nothing imported yet: the checklists use Seawall's own wording."</p> }.erase()
            } else {
                view! {
                    <table class="table">
                        <thead><tr><th scope="col">"Catalog"</th><th scope="col">"Key"</th><th scope="col" class="num">"Controls"</th><th scope="col">"Imported"</th><th></th></tr></thead>
                        <tbody>
                            {v.imported.clone().into_iter().map(|c| view! {
                                <tr data-testid="imported-catalog">
                                    <td><a href=format!("/controls/{}", c.framework)>{c.name.clone()}</a>" "<span class="small muted">{c.version.clone()}</span>
                                        {c.overrides.then(|| view! { <div class="small muted">"Replaces the shipped wording"</div> })}</td>
                                    <td><code>{c.framework.clone()}</code></td>
                                    <td class="num">{c.controls}</td>
                                    <td>{crate::ui::format_date(&c.loaded_at)}</td>
                                    <td>{v.can_manage.then(|| {
                                        let key = c.framework.clone();
                                        view! {
                                        <ActionForm action=remove attr:class="inline-form">
                                            <input type="hidden" name="framework" value=key />
                                            <button type="submit" class="btn btn-small btn-danger-quiet">"Remove"</button>
                                        </ActionForm>
                                    }})}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                }.erase()
            }}
        </section>
    }
}
