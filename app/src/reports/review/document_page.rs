//! `/reports/:id`: one generated version, its SHA-256 and its reviews; where
//! an editor submits it for sign-off and an executive, seeing that exact
//! file, approves or rejects it.

use super::{
    DecideReview, Decision, DocumentView, Review, ReviewStatus, SubmitReview, WithdrawReview,
    load_document,
};
use crate::reports::DocStatus;
use crate::ui::ActionForm;
use crate::ui::Erase;
use crate::ui::{ErrorNotice, FieldMessage, FormError, TextArea, format_time, last_error};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;
use uuid::Uuid;

#[derive(Clone, Copy)]
struct Actions {
    submit: ServerAction<SubmitReview>,
    decide: ServerAction<DecideReview>,
    withdraw: ServerAction<WithdrawReview>,
}

#[component]
pub fn DocumentPage() -> impl IntoView {
    let params = use_params_map();
    let actions = Actions {
        submit: ServerAction::new(),
        decide: ServerAction::new(),
        withdraw: ServerAction::new(),
    };
    let data = Resource::new(
        move || {
            (
                params.read().get("id").and_then(|s| s.parse::<Uuid>().ok()),
                actions.submit.version().get(),
                actions.decide.version().get(),
                actions.withdraw.version().get(),
            )
        },
        |(id, ..)| async move {
            match id {
                Some(id) => load_document(id).await,
                None => Err(crate::error::AppError::NotFound("Document".into())),
            }
        },
    );
    view! {
        <Transition fallback=|| view! { <p class="loading">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(v) => view! { <Body v actions /> }.erase(),
                    Err(error) => view! { <ErrorNotice error /> }.erase(),
                }
            })}
        </Transition>
    }
}

fn status_badge(r: &Review, stale: bool) -> impl IntoView + use<> {
    let (class, text) = r.badge(stale).label();
    view! { <span class=class data-testid="review-status">{text}</span> }
}

#[component]
fn Body(v: DocumentView, actions: Actions) -> impl IntoView {
    let d = v.document.clone();
    let title = format!("{}, version {}", d.title, d.version);
    let ready = d.status == DocStatus::Ready;
    let hash = d.sha256.clone().unwrap_or_default();
    let signed = v
        .reviews
        .iter()
        .find(|r| r.status == ReviewStatus::Approved)
        .cloned();
    let open = v.open().cloned();
    let can_submit = v.can_submit && ready && open.is_none() && signed.is_none() && !v.stale;
    let my_turn = v.my_turn().cloned();
    let generated = format!(
        "Generated {} by {} · figures as of {}",
        format_time(&d.created_at),
        d.created_by
            .clone()
            .unwrap_or_else(|| "a former member".into()),
        v.as_of.format("%-d %b %Y")
    );
    let detail = format!(
        "{} pages · {}",
        d.pages.unwrap_or(0),
        crate::reports::size_text(d.size.unwrap_or(0))
    );
    let stale_text = if signed.is_some() {
        "The data behind this version has changed since it was generated, so its sign-off is stale: it still stands \
         for what was reviewed, not for the data as it is now. "
    } else {
        "The data behind this version has changed since it was generated, so it can no longer be signed off. "
    };
    view! {
        <Title text=title.clone() />
        <nav class="breadcrumb" aria-label="Breadcrumb"><a href="/reports">"Reports"</a>" / "{title.clone()}</nav>
        <div class="page-head">
            <h1>{title}</h1>
            <p class="muted">{generated}</p>
        </div>
        {v.stale.then(|| view! {
            <div class="alert alert-warn" role="status" data-testid="stale">
                {stale_text}<a href="/reports">"Generate a new version"</a>" to review the current data."
            </div>
        })}
        <section class="card" aria-label="File">
            <h2>"The file"</h2>
            {if ready {
                view! {
                    <dl class="kv">
                        <dt>"SHA-256"</dt><dd><code class="hash" data-testid="document-sha256">{hash.clone()}</code></dd>
                        <dt>"Size"</dt><dd>{detail}</dd>
                    </dl>
                    <div class="form-actions">
                        <a class="btn" href=d.href() download="">"Download PDF"</a>
                        {signed.clone().map(|r| view! {
                            <a class="btn btn-primary" href=r.signed_href() download="" data-testid="signed-download">"Download the signed copy"</a>
                        })}
                        <a class="btn btn-ghost" href="/reports/verify">"Verify a copy"</a>
                    </div>
                }
                .erase()
            } else {
                view! { <p class="muted">"This version is not finished; it has no file to review."</p> }.erase()
            }}
        </section>
        {my_turn.map(|r| view! { <Decide r actions sha256=hash.clone() href=format!("/reports/view/{}", d.id) /> })}
        {can_submit.then(|| view! { <Submit document=d.id executives=v.executives.clone() action=actions.submit /> })}
        <section class="card" aria-label="Reviews">
            <h2>"Reviews"</h2>
            {if v.reviews.is_empty() {
                view! { <p class="muted">"Not submitted for review yet."</p> }.erase()
            } else {
                let stale = v.stale;
                let can_withdraw = v.can_submit;
                view! {
                    <div class="stack" data-testid="reviews">
                        {v.reviews.clone().into_iter().map(|r| view! { <ReviewCard r stale can_withdraw action=actions.withdraw /> }).collect_view()}
                    </div>
                }
                .erase()
            }}
        </section>
    }
}

#[component]
fn Decide(r: Review, actions: Actions, sha256: String, href: String) -> impl IntoView {
    let error = last_error(actions.decide);
    view! {
        <section class="card review-decide" aria-label="Your decision">
            <h2>"Your decision"</h2>
            <p>
                "You are asked to sign this version. Approving signs exactly the file below, whose SHA-256 is "
                <code class="hash">{sha256.clone()}</code>
                ". The signed copy adds a sign-off page with each executive's name, the time of their decision and this hash."
            </p>
            {(!r.message.is_empty()).then(|| view! {
                <blockquote class="review-message">
                    <span class="small muted">{format!("{} wrote:", r.submitted_by.clone().unwrap_or_else(|| "The editor".into()))}</span>
                    <p>{r.message.clone()}</p>
                </blockquote>
            })}
            <iframe class="pdf-frame" src=href.clone() title="The document to sign"></iframe>
            <p class="small muted">"If the document does not show here, "<a href=href target="_blank">"open it in a new tab"</a>"."</p>
            <ActionForm action=actions.decide attr:class="stack" attr:data-testid="decide">
                <FormError error />
                <input type="hidden" name="review" value=r.id.to_string() />
                <input type="hidden" name="sha256" value=sha256 />
                <TextArea label="Comment" name="comment" error hint="Required when you reject: say what needs to change." />
                <FieldMessage error field="decision" />
                <div class="form-actions">
                    <button type="submit" class="btn btn-primary" name="decision" value="approve">"Approve and sign"</button>
                    <button type="submit" class="btn btn-danger-quiet" name="decision" value="reject">"Reject"</button>
                </div>
            </ActionForm>
        </section>
    }
}

#[component]
fn Submit(
    document: Uuid,
    executives: Vec<(Uuid, String)>,
    action: ServerAction<SubmitReview>,
) -> impl IntoView {
    let error = last_error(action);
    let invalid = move || {
        error
            .get()
            .and_then(|e| e.field_message("signers"))
            .is_some()
    };
    view! {
        <section class="card" aria-label="Submit for sign-off">
            <h2>"Submit for sign-off"</h2>
            {if executives.is_empty() {
                view! {
                    <p class="muted">"The organisation has no executives yet. "<a href="/members">"Invite one"</a>" to sign off documents."</p>
                }
                .erase()
            } else {
                view! {
                    <ActionForm action attr:class="stack" attr:data-testid="submit-review">
                        <FormError error />
                        <input type="hidden" name="document" value=document.to_string() />
                        <fieldset class="field" class:field-invalid=invalid>
                            <legend>"Executives who sign"</legend>
                            <p class="field-hint">"Each sees this exact file and approves or rejects it; it is signed when all approve."</p>
                            <ul class="check-list">
                                {executives.into_iter().map(|(id, name)| view! {
                                    <li><label><input type="checkbox" name="signers[]" value=id.to_string() />" "{name}</label></li>
                                }).collect_view()}
                            </ul>
                            <FieldMessage error field="signers" />
                        </fieldset>
                        <TextArea label="Message to the executives (optional)" name="message" error />
                        <div class="form-actions"><button type="submit" class="btn btn-primary">"Submit for sign-off"</button></div>
                    </ActionForm>
                }
                .erase()
            }}
        </section>
    }
}

#[component]
fn ReviewCard(
    r: Review,
    stale: bool,
    can_withdraw: bool,
    action: ServerAction<WithdrawReview>,
) -> impl IntoView {
    let submitted = format!(
        "Submitted {} by {}",
        format_time(&r.submitted_at),
        r.submitted_by
            .clone()
            .unwrap_or_else(|| "a former member".into())
    );
    let pending = r.status == ReviewStatus::Pending;
    view! {
        <article class="review" data-review-status=r.status.as_str()>
            <header class="review-head">
                {status_badge(&r, stale)}
                <span class="small muted">{submitted}</span>
            </header>
            {(!r.message.is_empty()).then(|| view! { <p class="review-message">{r.message.clone()}</p> })}
            <table class="table">
                <thead><tr><th>"Executive"</th><th>"Decision"</th><th>"When"</th><th>"Comment"</th></tr></thead>
                <tbody>
                    {r.signers.iter().map(|s| {
                        let class = match s.decision {
                            Decision::Approved => "badge badge-ok",
                            Decision::Rejected => "badge badge-danger",
                            Decision::Pending => "badge badge-quiet",
                        };
                        view! {
                            <tr>
                                <td>{s.name.clone()}</td>
                                <td><span class=class>{s.decision.label()}</span></td>
                                <td class="small">{s.decided_at.as_ref().map(format_time).unwrap_or_default()}</td>
                                <td class="small">{s.comment.clone()}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
            <p class="small muted">"Reviewed file SHA-256 "<code class="hash">{r.reviewed_sha256.clone()}</code></p>
            {r.signed.clone().map(|s| view! {
                <p class="small">
                    "Signed copy: "<a href=r.signed_href() download="">{format!("{} pages, {}", s.pages, crate::reports::size_text(s.size))}</a>
                    " · SHA-256 "<code class="hash" data-testid="signed-sha256">{s.sha256.clone()}</code>
                </p>
            })}
            {(pending && can_withdraw).then(|| view! {
                <ActionForm action>
                    <input type="hidden" name="review" value=r.id.to_string() />
                    <button type="submit" class="btn btn-small btn-ghost">"Withdraw"</button>
                </ActionForm>
            })}
        </article>
    }
}
