//! `/reports`: generate the plan, the executive summary or an evidence pack,
//! watch its progress, and download any version.

use super::{DocStatus, DocumentRow, GenerateDocument, ReportsOverview, load_reports};
use crate::ui::ActionForm;
use crate::ui::Erase;
use crate::ui::{ErrorNotice, FieldMessage, FormError, SelectField, format_time, last_error};
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn ReportsPage() -> impl IntoView {
    let generate = ServerAction::<GenerateDocument>::new();
    let data = Resource::new(move || generate.version().get(), |_| load_reports());
    // While a document is being generated, look again shortly.
    Effect::new(move || {
        let running = data
            .get()
            .and_then(Result::ok)
            .is_some_and(|o| o.documents.iter().any(|d| d.status == DocStatus::Running));
        if running {
            set_timeout(
                move || data.refetch(),
                std::time::Duration::from_millis(700),
            );
        }
    });
    view! {
        <Title text="Reports" />
        <div class="page-head page-head-actions">
            <div>
                <h1>"Reports"</h1>
                <p class="muted">"PDF documents for auditors and executives, generated from what is recorded now. Every generation is kept as a numbered version with its SHA-256; executives sign off the exact file they review."</p>
            </div>
            <a class="btn" href="/reports/verify">"Verify a PDF"</a>
        </div>
        <Transition fallback=|| view! { <p class="loading">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(o) => view! { <Body o generate /> }.erase(),
                    Err(error) => view! { <ErrorNotice error /> }.erase(),
                }
            })}
        </Transition>
    }
}

#[component]
fn Body(o: ReportsOverview, generate: ServerAction<GenerateDocument>) -> impl IntoView {
    let error = last_error(generate);
    let running = o.documents.iter().any(|d| d.status == DocStatus::Running);
    let frameworks = o.frameworks.clone();
    let exports = o.frameworks.clone();
    view! {
        {running.then(|| view! { <noscript><meta http-equiv="refresh" content="2" /></noscript> })}
        <FormError error />
        {(!o.awaiting.is_empty()).then(|| view! {
            <section class="card card-attention" aria-label="Awaiting your sign-off" data-testid="awaiting">
                <h2>"Awaiting your sign-off"</h2>
                <ul class="plain-list">
                    {o.awaiting.iter().map(|d| view! {
                        <li><a href=d.page()>{format!("{}, version {}", d.title, d.version)}</a></li>
                    }).collect_view()}
                </ul>
            </section>
        })}
        <div class="grid-3 report-kinds">
            <section class="card" aria-label="Continuity plan">
                <h2>"Business continuity plan"</h2>
                <p class="small muted">"Scope, roles and escalation, the BIA summary, systems with tiers and strategies, sites, gaps and accepted risks, the drill schedule."</p>
                <ActionForm action=generate attr:data-testid="generate-plan">
                    <input type="hidden" name="kind" value="plan" />
                    <button type="submit" class="btn">"Generate the plan"</button>
                </ActionForm>
            </section>
            <section class="card" aria-label="Executive summary">
                <h2>"Executive summary"</h2>
                <p class="small muted">"Two pages of figures and charts: readiness, gaps, exposure and drills."</p>
                <ActionForm action=generate attr:data-testid="generate-summary">
                    <input type="hidden" name="kind" value="summary" />
                    <button type="submit" class="btn">"Generate the summary"</button>
                </ActionForm>
            </section>
            <section class="card" aria-label="Evidence pack">
                <h2>"Auditor evidence pack"</h2>
                <ActionForm action=generate attr:class="stack" attr:novalidate=true attr:data-testid="generate-pack">
                    <input type="hidden" name="kind" value="pack" />
                    <SelectField label="Framework" name="framework" error options=frameworks />
                    <div class="field">
                            <label for="from">"Drills from"</label>
                            <input id="from" name="from" type="date" />
                            <FieldMessage error field="from" />
                        </div>
                        <div class="field">
                            <label for="to">"Drills up to"</label>
                            <input id="to" name="to" type="date" />
                            <FieldMessage error field="to" />
                        </div>
                    <p class="field-hint">"Leave the period empty for every drill on record."</p>
                    <div class="form-actions"><button type="submit" class="btn">"Generate the pack"</button></div>
                </ActionForm>
            </section>
        </div>
        <section class="card" aria-label="OSCAL exports">
            <h2>"OSCAL exports"</h2>
            <p class="small muted">"Machine-readable copies for GRC tools and assessors (OSCAL 1.2.1 JSON): control status as assessment results, with evidence hashes, and drill follow-up actions as a plan of action and milestones."</p>
            <ul class="inline-list" data-testid="oscal">
                {exports.into_iter().map(|(key, name)| {
                    let href = format!("/reports/oscal/assessment-results/{key}");
                    view! { <li><a href=href download="">{format!("{name} assessment results")}</a></li> }
                }).collect_view()}
                <li><a href="/reports/oscal/poam" download="">"Plan of action and milestones"</a></li>
            </ul>
        </section>
        <section class="card" aria-label="Documents">
            <h2>"Generated documents"</h2>
            {if o.documents.is_empty() {
                view! { <p class="muted">"Nothing generated yet."</p> }.erase()
            } else {
                view! {
                    <table class="table" data-testid="documents">
                        <thead><tr><th>"Document"</th><th>"Version"</th><th>"State"</th><th>"Sign-off"</th><th>"Generated"</th><th>"SHA-256"</th><th></th></tr></thead>
                        <tbody>{o.documents.into_iter().map(|d| view! { <Row d /> }).collect_view()}</tbody>
                    </table>
                }.erase()
            }}
        </section>
    }
}

#[component]
fn Row(d: DocumentRow) -> impl IntoView {
    let href = d.href();
    let generated = format!(
        "{} by {}",
        format_time(&d.created_at),
        d.created_by
            .clone()
            .unwrap_or_else(|| "a former member".into())
    );
    let hash = d.sha256.clone().unwrap_or_default();
    let short = hash.chars().take(12).collect::<String>();
    let state = match d.status {
        DocStatus::Running => view! {
            <div class="progress" role="progressbar" aria-valuemin="0" aria-valuemax="100" aria-valuenow=d.progress.to_string()>
                <span style=format!("width: {}%", d.progress.clamp(0, 100)) />
            </div>
            <span class="small muted">{format!("{} · {}%", d.stage, d.progress)}</span>
        }
        .erase(),
        DocStatus::Ready => {
            let detail = format!(
                "{} pages · {}",
                d.pages.unwrap_or(0),
                super::size_text(d.size.unwrap_or(0))
            );
            view! { <span class="badge badge-ok">"Ready"</span>" "<span class="small muted">{detail}</span> }.erase()
        }
        DocStatus::Failed => view! { <span class="badge badge-danger">"Failed"</span>" "<span class="small muted">{d.failure.clone()}</span> }.erase(),
    };
    let ready = d.status == DocStatus::Ready;
    let review = d.review.as_ref().map(|r| {
        let (class, text) = r.label();
        view! { <span class=class>{text}</span> }
    });
    view! {
        <tr data-status=format!("{:?}", d.status).to_lowercase()>
            <td><a href=d.page()>{d.title.clone()}</a></td>
            <td>{format!("v{}", d.version)}</td>
            <td>{state}</td>
            <td data-testid="sign-off">{review}</td>
            <td class="small">{generated}</td>
            <td><code title=hash.clone()>{short}</code></td>
            <td>{ready.then(|| view! { <a class="btn btn-small" href=href download="">"Download PDF"</a> })}</td>
        </tr>
    }
}
