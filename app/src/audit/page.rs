//! The audit log page: filters in the address bar (so a filtered view can be
//! bookmarked and works without JavaScript), newest entries first.

use super::{
    ACTIONS, AuditEntry, ChainCheck, ENTITY_TYPES, action_label, list_audit, verify_audit_chain,
};
use crate::ui::Erase;
use crate::ui::{ErrorNotice, FieldMessage, encode_query, format_time};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn AuditPageView() -> impl IntoView {
    let query = use_query_map();
    let param = move |key: &str| query.with(|q| q.get(key)).filter(|v| !v.trim().is_empty());
    let data = Resource::new(
        move || {
            (
                param("action"),
                param("entity_type"),
                param("actor"),
                param("from"),
                param("until"),
                param("before").and_then(|v| v.parse::<i64>().ok()),
            )
        },
        |(action, entity_type, actor, from, until, before)| {
            list_audit(action, entity_type, actor, from, until, before)
        },
    );
    view! {
        <Title text="Audit log" />
        <div class="page-head">
            <h1>"Audit log"</h1>
            <p class="muted">"Every change in this organisation: who made it, when, and what it was before and after. Entries cannot be edited."</p>
        </div>
        <ChainCard />
        <Transition fallback=|| view! { <p class="loading">"Loading…"</p> }>
            {move || Suspend::new(async move {
                let result = data.await;
                let error = Signal::derive({
                    let e = result.as_ref().err().cloned();
                    move || e.clone()
                });
                let actors = result.as_ref().map(|l| l.actors.clone()).unwrap_or_default();
                view! {
                    <form method="get" action="/settings/audit" class="card filters">
                        <div class="field">
                            <label for="f-action">"Action"</label>
                            <select id="f-action" name="action">
                                <option value="">"Any action"</option>
                                {ACTIONS.iter().map(|(key, label)| view! {
                                    <option value=*key selected=param("action").as_deref() == Some(*key)>{*label}</option>
                                }).collect_view()}
                            </select>
                        </div>
                        <div class="field">
                            <label for="f-entity">"Kind of record"</label>
                            <select id="f-entity" name="entity_type">
                                <option value="">"Any"</option>
                                {ENTITY_TYPES.iter().map(|(key, label)| view! {
                                    <option value=*key selected=param("entity_type").as_deref() == Some(*key)>{*label}</option>
                                }).collect_view()}
                            </select>
                        </div>
                        <div class="field">
                            <label for="f-actor">"Who"</label>
                            <select id="f-actor" name="actor">
                                <option value="">"Anyone"</option>
                                {actors.into_iter().map(|a| {
                                    let selected = param("actor").as_deref() == Some(a.as_str());
                                    view! { <option value=a.clone() selected=selected>{a.clone()}</option> }
                                }).collect_view()}
                            </select>
                        </div>
                        <div class="field">
                            <label for="from">"From"</label>
                            <input id="from" name="from" type="date" value=param("from").unwrap_or_default() />
                            <FieldMessage error field="from" />
                        </div>
                        <div class="field">
                            <label for="until">"Until"</label>
                            <input id="until" name="until" type="date" value=param("until").unwrap_or_default() />
                            <FieldMessage error field="until" />
                        </div>
                        <div class="form-actions">
                            <button type="submit" class="btn btn-primary">"Filter"</button>
                            <a class="btn btn-ghost" href="/settings/audit">"Clear"</a>
                        </div>
                    </form>
                    {match result {
                        Ok(listing) => {
                            let older = listing.page.older.map(|id| older_link(&query.get_untracked(), id));
                            view! {
                                <section class="card">
                                    <AuditTable entries=listing.page.entries />
                                    {older.map(|href| view! { <a class="btn" href=href>"Older entries →"</a> })}
                                </section>
                            }
                            .erase()
                        }
                        Err(crate::error::AppError::Validation(_)) => ().erase(),
                        Err(error) => view! { <ErrorNotice error /> }.erase(),
                    }}
                }
            })}
        </Transition>
    }
}

/// The integrity check of the hash chain. A plain GET form, so it runs with
/// or without JavaScript, and the answer can be linked to.
#[component]
fn ChainCard() -> impl IntoView {
    let query = use_query_map();
    let wanted = move || query.with(|q| q.get("check")).is_some();
    let check = Resource::new(wanted, |wanted| async move {
        if wanted {
            Some(verify_audit_chain().await)
        } else {
            None
        }
    });
    view! {
        <section class="card chain-card" data-testid="audit-chain">
            <div class="chain-head">
                <div>
                    <h2>"Integrity"</h2>
                    <p class="muted small">"Each entry carries a hash of the one before it, so an entry changed, removed or reordered behind Seawall's back breaks the chain from there on."</p>
                </div>
                <form method="get" action="/settings/audit">
                    <input type="hidden" name="check" value="1" />
                    <button type="submit" class="btn">"Check the chain"</button>
                </form>
            </div>
            <Transition fallback=|| view! { <p class="loading">"Checking…"</p> }>
                {move || Suspend::new(async move {
                    match check.await {
                        None => ().erase(),
                        Some(Ok(result)) => view! { <ChainAnswer result /> }.erase(),
                        Some(Err(error)) => view! { <ErrorNotice error /> }.erase(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn ChainAnswer(result: ChainCheck) -> impl IntoView {
    match (result.broken, result.head) {
        (Some(b), _) => view! {
            <div class="alert alert-error chain-answer" role="alert" data-testid="chain-broken">
                <strong>{format!("The chain is broken at entry #{}.", b.id)}</strong>
                {format!(
                    " That entry ({}, {}) {}. Entries before it are intact; from it on they cannot be trusted.",
                    action_label(&b.action),
                    format_time(&b.at),
                    b.problem,
                )}
            </div>
        }
        .erase(),
        (None, Some(head)) => view! {
            <div class="alert alert-ok chain-answer" role="status" data-testid="chain-intact">
                <strong>"The chain holds."</strong>
                {format!(" All {} entries are as they were written. ", result.entries)}
                "Newest entry's hash: " <code class="hash">{head}</code>
                <span class="small muted">" Note it down: if a later check still finds this entry in an intact chain, none of these entries was changed or removed since."</span>
            </div>
        }
        .erase(),
        (None, None) => view! { <p class="muted" data-testid="chain-intact">"The log has no entries yet."</p> }.erase(),
    }
}

fn older_link(query: &leptos_router::params::ParamsMap, before: i64) -> String {
    let mut parts: Vec<String> = ["action", "entity_type", "actor", "from", "until"]
        .iter()
        .filter_map(|k| {
            query
                .get(k)
                .filter(|v| !v.is_empty())
                .map(|v| format!("{k}={}", encode_query(&v)))
        })
        .collect();
    parts.push(format!("before={before}"));
    format!("/settings/audit?{}", parts.join("&"))
}

#[component]
fn AuditTable(entries: Vec<AuditEntry>) -> impl IntoView {
    if entries.is_empty() {
        return view! { <p class="muted">"No entries match these filters."</p> }.erase();
    }
    view! {
        <div class="table-wrap">
            <table class="table audit-table">
                <thead>
                    <tr>
                        <th scope="col">"When"</th>
                        <th scope="col">"Who"</th>
                        <th scope="col">"What"</th>
                        <th scope="col">"Before"</th>
                        <th scope="col">"After"</th>
                    </tr>
                </thead>
                <tbody>
                    {entries.into_iter().map(|e| view! {
                        <tr>
                            <td class="nowrap"><time datetime=e.at.to_rfc3339()>{format_time(&e.at)}</time></td>
                            <td>{e.actor_email.clone().unwrap_or_else(|| "Seawall".into())}</td>
                            <td>
                                <span class="audit-action">{action_label(&e.action)}</span>
                                <span class="muted small">{e.entity_type.clone()}</span>
                            </td>
                            <td><JsonCell json=e.before.clone() /></td>
                            <td><JsonCell json=e.after.clone() /></td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
    .erase()
}

/// Shows a flat JSON object as `key: value` lines, anything else as text.
#[component]
fn JsonCell(json: Option<String>) -> impl IntoView {
    let Some(text) = json else {
        return view! { <span class="muted">"—"</span> }.erase();
    };
    match serde_json::from_str::<serde_json::Map<String, serde_json::Value>>(&text) {
        Ok(map) => view! {
            <dl class="kv">
                {map.into_iter().map(|(k, v)| {
                    let v = match v {
                        serde_json::Value::String(s) => s,
                        other => other.to_string(),
                    };
                    view! { <dt>{k}</dt><dd>{v}</dd> }
                }).collect_view()}
            </dl>
        }
        .erase(),
        Err(_) => view! { <code>{text}</code> }.erase(),
    }
}
