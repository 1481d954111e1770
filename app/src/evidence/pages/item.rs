//! One piece of evidence: its versions (never overwritten), its validity,
//! what it is linked to, and the mapped controls it could also count for.

use super::common::{FreshnessBadge, UploadForm, period_options};
use crate::evidence::{
    EvidenceDetail, EvidenceKind, LinkEvidence, SetValidity, UnlinkEvidence, load_evidence,
};
use crate::ui::ActionForm;
use crate::ui::Erase;
use crate::ui::{ErrorNotice, FormError, SelectField, TextField, last_error};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;
use uuid::Uuid;

#[derive(Clone, Copy)]
struct Actions {
    link: ServerAction<LinkEvidence>,
    unlink: ServerAction<UnlinkEvidence>,
    validity: ServerAction<SetValidity>,
}

#[component]
pub fn EvidenceItemPage() -> impl IntoView {
    let params = use_params_map();
    let actions = Actions {
        link: ServerAction::new(),
        unlink: ServerAction::new(),
        validity: ServerAction::new(),
    };
    let data = Resource::new(
        move || {
            (
                params.read().get("id").and_then(|s| s.parse::<Uuid>().ok()),
                actions.link.version().get(),
                actions.unlink.version().get(),
                actions.validity.version().get(),
            )
        },
        |(id, ..)| async move {
            match id {
                Some(id) => load_evidence(id).await,
                None => Err(crate::error::AppError::NotFound("Evidence".into())),
            }
        },
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

fn size_text(bytes: i64) -> String {
    match bytes {
        b if b >= 1024 * 1024 => format!("{:.1} MB", b as f64 / (1024.0 * 1024.0)),
        b if b >= 1024 => format!("{} KB", b / 1024),
        b => format!("{b} bytes"),
    }
}

#[component]
fn Body(d: EvidenceDetail, actions: Actions) -> impl IntoView {
    let b = d.brief.clone();
    let item = b.id;
    let back = format!("/evidence/{item}");
    let link_error = last_error(actions.link);
    let validity_error = last_error(actions.validity);
    let current = d.versions.first().cloned();
    let (options, selected) = period_options(current.as_ref().and_then(|v| v.valid_months));
    let dated = current
        .as_ref()
        .map(|v| v.effective_on.to_string())
        .unwrap_or_default();
    view! {
        <Title text=b.title.clone() />
        <nav class="breadcrumb" aria-label="Breadcrumb"><a href="/evidence">"Evidence"</a>" / "{b.title.clone()}</nav>
        <div class="page-head">
            <h1>{b.title.clone()}" "<FreshnessBadge freshness=b.freshness /></h1>
            <p class="muted" data-testid="validity">{format!("Version {} · dated {} · {}", b.version, b.effective_on.format("%-d %b %Y"), b.validity())}</p>
        </div>
        <section class="card" aria-label="Versions">
            <h2>"Versions"</h2>
            <p class="small muted">"A new file is always a new version; earlier versions stay here as they were."</p>
            <div class="table-wrap">
                <table class="table" data-testid="versions">
                    <thead><tr><th scope="col">"Version"</th><th scope="col">"Content"</th><th scope="col">"Dated"</th><th scope="col">"Validity"</th><th scope="col">"Added"</th></tr></thead>
                    <tbody>
                        {d.versions.iter().map(|v| {
                            let content = match v.kind {
                                EvidenceKind::File => {
                                    let meta = format!("{} · {} · SHA-256 {}", v.content_type, v.size.map(size_text).unwrap_or_default(), v.sha256.clone().unwrap_or_default());
                                    let name = v.file_name.clone();
                                    let link = if d.can_download {
                                        view! { <a href=format!("/evidence/file/{}", v.id) data-testid="download">{name}</a> }.erase()
                                    } else {
                                        view! { <span>{name}</span> }.erase()
                                    };
                                    view! { <div>{link}<div class="small muted sha">{meta}</div></div> }.erase()
                                }
                                EvidenceKind::Link => view! { <a href=v.url.clone() rel="noopener noreferrer" target="_blank">{v.url.clone()}</a> }.erase(),
                                EvidenceKind::Attestation => view! { <span class="prewrap">{v.statement.clone()}</span> }.erase(),
                                EvidenceKind::Drill => match v.run.clone() {
                                    Some((run, title)) => view! { <div><a href=format!("/drills/runs/{run}")>{format!("Drill: {title}")}</a><div class="small muted">{v.statement.clone()}</div></div> }.erase(),
                                    None => view! { <span>{v.statement.clone()}</span> }.erase(),
                                },
                            };
                            view! {
                                <tr data-testid="version">
                                    <td>{v.version}</td>
                                    <td>{content}</td>
                                    <td>{v.effective_on.format("%-d %b %Y").to_string()}</td>
                                    <td><FreshnessBadge freshness=v.freshness />" "<span class="small muted">{v.expires_on.map(|e| format!("until {}", e.format("%-d %b %Y"))).unwrap_or_else(|| "no expiry".into())}</span></td>
                                    <td class="small">{format!("{} by {}", crate::ui::format_time(&v.created_at), v.uploaded_by.clone().unwrap_or_else(|| "a former member".into()))}</td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        </section>
        <div class="grid-2">
            <section class="card" aria-label="Linked to">
                <h2>"Linked to"</h2>
                {if d.links.is_empty() {
                    view! { <p class="muted">"Not linked to anything yet, so it counts for no control."</p> }.erase()
                } else {
                    view! {
                        <ul class="plain-list" data-testid="links">
                            {d.links.clone().into_iter().map(|l| {
                                let unlink = d.can_contribute.then(|| {
                                    let (t, id, b) = (l.target_type.clone(), l.target_id.clone(), back.clone());
                                    view! {
                                        <ActionForm action=actions.unlink attr:class="inline-form">
                                            <input type="hidden" name="item" value=item.to_string() />
                                            <input type="hidden" name="target_type" value=t />
                                            <input type="hidden" name="target_id" value=id />
                                            <input type="hidden" name="back" value=b />
                                            <button type="submit" class="btn btn-small btn-link">"Unlink"</button>
                                        </ActionForm>
                                    }
                                });
                                view! { <li><a href=l.href.clone()>{l.label.clone()}</a>" "{unlink}</li> }
                            }).collect_view()}
                        </ul>
                    }.erase()
                }}
                {(!d.offers.is_empty()).then(|| view! {
                    <h3>"Also asked for by mapped controls"</h3>
                    <ul class="plain-list" data-testid="offers">
                        {d.offers.clone().into_iter().map(|(target, label, why)| {
                            let add = d.can_contribute.then(|| {
                                let b = back.clone();
                                view! {
                                    <ActionForm action=actions.link attr:class="inline-form">
                                        <input type="hidden" name="item" value=item.to_string() />
                                        <input type="hidden" name="target_type" value="control" />
                                        <input type="hidden" name="target_id" value=target />
                                        <input type="hidden" name="back" value=b />
                                        <button type="submit" class="btn btn-small">"Link"</button>
                                    </ActionForm>
                                }
                            });
                            view! { <li><span>{label}</span><div class="small muted">{why}</div>{add}</li> }
                        }).collect_view()}
                    </ul>
                })}
                {(d.can_contribute && !d.nodes.is_empty()).then(|| {
                    let options: Vec<(String, String)> = d.nodes.iter().map(|(i, l)| (i.to_string(), l.clone())).collect();
                    let b = back.clone();
                    view! {
                    <ActionForm action=actions.link attr:class="stack section-gap">
                        <FormError error=link_error />
                        <input type="hidden" name="item" value=item.to_string() />
                        <input type="hidden" name="target_type" value="node" />
                        <input type="hidden" name="back" value=b />
                        <SelectField label="Link to a process, system or site" name="target_id" error=link_error options />
                        <div class="form-actions"><button type="submit" class="btn">"Link"</button></div>
                    </ActionForm>
                    }
                })}
            </section>
            {d.can_contribute.then(|| view! {
                <section class="card" aria-label="Validity">
                    <h2>"Date and validity"</h2>
                    <ActionForm action=actions.validity attr:class="stack" attr:novalidate=true attr:data-testid="validity-form">
                        <FormError error=validity_error />
                        <input type="hidden" name="item" value=item.to_string() />
                        <TextField label="Dated" name="effective_on" kind="date" error=validity_error
                            value=dated />
                        <SelectField label="Valid for" name="valid_months" error=validity_error options selected />
                        <div class="form-actions"><button type="submit" class="btn">"Save"</button></div>
                    </ActionForm>
                    <h3 class="section-gap">"Upload a new version"</h3>
                    <UploadForm back=back.clone() item=item limit_mb=d.limit_mb />
                </section>
            })}
        </div>
    }
}
