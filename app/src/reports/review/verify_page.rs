//! `/reports/verify`: upload a PDF (or give its SHA-256) and Seawall says
//! whether it is a version it generated or a signed copy, which, and signed
//! by whom. The upload is a plain form post, hashed on arrival and not kept.

use super::{Outcome, ReviewStatus, Verification, verify_hash};
use crate::ui::Erase;
use crate::ui::{ErrorNotice, format_time};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn VerifyPage() -> impl IntoView {
    let query = use_query_map();
    let sha256 = move || query.read().get("sha256").unwrap_or_default();
    let name = move || query.read().get("name").unwrap_or_default();
    let error = move || query.read().get("error").filter(|e| !e.is_empty());
    let result = Resource::new(sha256, |sha256| async move {
        if sha256.trim().is_empty() {
            None
        } else {
            Some(verify_hash(sha256).await)
        }
    });
    view! {
        <Title text="Verify a PDF" />
        <nav class="breadcrumb" aria-label="Breadcrumb"><a href="/reports">"Reports"</a>" / Verify"</nav>
        <div class="page-head">
            <h1>"Verify a PDF"</h1>
            <p class="muted">"Check whether a copy of a document is exactly one this organisation generated or signed in Seawall. Any change to the file, even one byte, changes its SHA-256 and it will not match."</p>
        </div>
        <div class="grid-2 verify-forms">
            <section class="card" aria-label="Upload">
                <h2>"Upload the file"</h2>
                <form class="stack" method="post" action="/reports/verify/upload" enctype="multipart/form-data" data-testid="verify-upload">
                    <div class="field" class:field-invalid=move || error().is_some()>
                        <label for="file">"PDF"</label>
                        <input id="file" name="file" type="file" accept="application/pdf,.pdf" required />
                        {move || error().map(|e| view! { <p class="field-error" id="file-error">{e}</p> })}
                    </div>
                    <p class="field-hint">"The file is only hashed; it is not stored."</p>
                    <div class="form-actions"><button type="submit" class="btn btn-primary">"Verify"</button></div>
                </form>
            </section>
            <section class="card" aria-label="By SHA-256">
                <h2>"Or enter its SHA-256"</h2>
                <form class="stack" method="get" action="/reports/verify">
                    <div class="field">
                        <label for="sha256">"SHA-256"</label>
                        <input id="sha256" name="sha256" type="text" maxlength=64 spellcheck="false" autocomplete="off"
                            placeholder="64 hexadecimal digits" prop:value=sha256 />
                    </div>
                    <div class="form-actions"><button type="submit" class="btn">"Look it up"</button></div>
                </form>
            </section>
        </div>
        <Transition fallback=|| view! { <p class="loading">"Checking…"</p> }>
            {move || Suspend::new(async move {
                match result.await {
                    None => ().erase(),
                    Some(Ok(v)) => view! { <Answer v name=name() /> }.erase(),
                    Some(Err(error)) => view! { <ErrorNotice error /> }.erase(),
                }
            })}
        </Transition>
    }
}

#[component]
fn Answer(v: Verification, name: String) -> impl IntoView {
    let file = if name.is_empty() {
        "The file".to_string()
    } else {
        format!("“{name}”")
    };
    let hash =
        view! { <p class="small muted">"SHA-256 "<code class="hash">{v.sha256.clone()}</code></p> };
    let body = match v.outcome {
        Outcome::Signed {
            document_id,
            title,
            version,
            signed_at,
            signers,
            reviewed_sha256,
            stale,
        } => {
            let who = signers
                .iter()
                .map(|(name, at)| match at {
                    Some(at) => format!("{name} ({})", format_time(at)),
                    None => name.clone(),
                })
                .collect::<Vec<_>>()
                .join(", ");
            view! {
                <div class="alert alert-ok" role="status" data-testid="verify-result" data-match="signed">
                    <strong>{format!("{file} is the signed copy of {title}, version {version}.")}</strong>
                    <p>{format!("Approved by {who}.")}</p>
                    {signed_at.map(|t| view! { <p class="small">{format!("Signed copy made {}.", format_time(&t))}</p> })}
                    <p class="small">"The executives approved the file with SHA-256 "<code class="hash">{reviewed_sha256}</code>"; this copy adds their sign-off page."</p>
                </div>
                {stale.then(|| view! {
                    <div class="alert alert-warn" role="status" data-testid="verify-stale">
                        "The sign-off is stale: the data behind the document has changed since it was generated."
                    </div>
                })}
                <p><a href=format!("/reports/{document_id}")>"Open the document and its reviews"</a></p>
            }
            .erase()
        }
        Outcome::Generated {
            document_id,
            title,
            version,
            created_at,
            review,
        } => {
            let state = match review {
                None => "It has not been submitted for sign-off.",
                Some(ReviewStatus::Pending) => "It is waiting for sign-off.",
                Some(ReviewStatus::Approved) => {
                    "It was approved; the signed copy, with its sign-off page, is a separate file."
                }
                Some(ReviewStatus::Rejected) => "It was rejected at review.",
                Some(ReviewStatus::Withdrawn) => "Its review was withdrawn.",
            };
            view! {
                <div class="alert alert-info" role="status" data-testid="verify-result" data-match="generated">
                    <strong>{format!("{file} is {title}, version {version}, as generated {}.", format_time(&created_at))}</strong>
                    <p>{format!("It carries no signatures. {state}")}</p>
                </div>
                <p><a href=format!("/reports/{document_id}")>"Open the document and its reviews"</a></p>
            }
            .erase()
        }
        Outcome::None => view! {
            <div class="alert alert-error" role="status" data-testid="verify-result" data-match="none">
                <strong>{format!("{file} does not match any document generated or signed here.")}</strong>
                <p>"It is not a file Seawall produced for this organisation, or it has been changed since: even one changed byte gives a different SHA-256."</p>
            </div>
        }
        .erase(),
    };
    view! {
        <section class="card" aria-label="Result">
            <h2>"Result"</h2>
            {body}
            {hash}
        </section>
    }
}
