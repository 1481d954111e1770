//! The evidence library: everything the organisation holds, with where it
//! stands, and a form to add more.

use super::common::{EvidenceRow, RecordForm, UploadForm};
use crate::controls::status::Freshness;
use crate::evidence::{EvidenceLibrary, RecordEvidence, load_library};
use crate::ui::Erase;
use crate::ui::ErrorNotice;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn EvidencePage() -> impl IntoView {
    let record = ServerAction::<RecordEvidence>::new();
    let data = Resource::new(move || record.version().get(), |_| load_library());
    view! {
        <Title text="Evidence" />
        <nav class="breadcrumb" aria-label="Breadcrumb"><a href="/controls">"Controls"</a>" / evidence"</nav>
        <div class="page-head">
            <h1>"Evidence"</h1>
            <p class="muted">"Files, links and attestations that show controls work. Each has a date and a validity period; expired evidence stops counting."</p>
        </div>
        <Transition fallback=|| view! { <p class="loading">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(l) => view! { <Body l record /> }.erase(),
                    Err(error) => view! { <ErrorNotice error /> }.erase(),
                }
            })}
        </Transition>
    }
}

#[component]
fn Body(l: EvidenceLibrary, record: ServerAction<RecordEvidence>) -> impl IntoView {
    let count = |f: Freshness| l.items.iter().filter(|b| b.freshness == f).count();
    let summary = format!(
        "{} pieces · {} valid · {} expiring within 30 days · {} expired",
        l.items.len(),
        count(Freshness::Valid),
        count(Freshness::ExpiringSoon),
        count(Freshness::Expired)
    );
    view! {
        <section class="card" aria-label="Library">
            <h2>"Library"</h2>
            <p class="small muted">{summary}</p>
            {if l.items.is_empty() {
                view! { <p class="muted">"No evidence yet. Upload it here or from a control's page, where it is linked at once."</p> }.erase()
            } else {
                view! {
                    <ul class="evidence-list" data-testid="library">
                        {l.items.iter().map(|b| {
                            let note = format!("linked to {} item{}", b.links, if b.links == 1 { "" } else { "s" });
                            view! { <EvidenceRow b=b.clone() note /> }
                        }).collect_view()}
                    </ul>
                }.erase()
            }}
        </section>
        {l.can_contribute.then(|| view! {
            <div class="grid-2">
                <section class="card" aria-label="Upload">
                    <h2>"Upload a file"</h2>
                    <UploadForm back="/evidence" limit_mb=l.limit_mb />
                </section>
                <section class="card" aria-label="Record">
                    <h2>"Record a link or attestation"</h2>
                    <RecordForm action=record />
                </section>
            </div>
        })}
    }
}
