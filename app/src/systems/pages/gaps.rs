//! Every system whose target or capability falls short of what the business
//! requires, or whose backups are unproven, worst first.

use super::common::{SystemsNav, tier_text};
use super::detail::FindingList;
use super::list::Glance;
use crate::systems::{GapReport, load_system_gaps};
use crate::ui::Erase;
use crate::ui::ErrorNotice;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn SystemGapsPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| load_system_gaps());
    view! {
        <Title text="DR gap analysis" />
        <div class="page-head page-head-actions">
            <div>
                <h1>"Gap analysis"</h1>
                <p class="muted">"Systems whose target or DR design does not meet what the processes need, or whose backups are unproven. Worst first, each with what would close it."</p>
            </div>
            <SystemsNav />
        </div>
        <Transition fallback=|| view! { <p class="loading">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(report) => view! { <Report report /> }.erase(),
                    Err(error) => view! { <ErrorNotice error /> }.erase(),
                }
            })}
        </Transition>
    }
}

#[component]
fn Report(report: GapReport) -> AnyView {
    let rows = report.rows;
    let body = if rows.is_empty() {
        view! {
            <section class="card">
                <p class="ok-note" data-testid="no-gaps">"No gaps: every system meets what is required of it, and every backup follows 3-2-1-1-0."</p>
            </section>
        }
        .erase()
    } else {
        rows.into_iter()
            .map(|row| {
                let owner = row.owner.clone().unwrap_or_else(|| "no owner".into());
                view! {
                    <section class="card gap-system" data-testid="gap-system">
                        <h2>
                            <a href=format!("/systems/{}", row.system.id)>{row.system.name.clone()}</a>
                            " "<span class="badge badge-quiet">{tier_text(row.tier)}</span>
                        </h2>
                        <p class="small muted">{format!("Owner: {owner}")}</p>
                        <FindingList findings=row.findings />
                    </section>
                }
            })
            .collect_view()
            .erase()
    };
    view! {
        <Glance glance=report.glance />
        {body}
        <p class="small muted">{format!("A restore counts as verified for {} months; change this under cost estimates.", report.restore_months)}</p>
    }
    .erase()
}
