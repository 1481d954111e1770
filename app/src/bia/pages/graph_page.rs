//! The dependency graph of the whole organisation, with its gaps and cycles.

use super::DependencyGraph;
use super::deps::{Chain, GapList};
use crate::bia::dependency_graph;
use crate::ui::Erase;
use crate::ui::ErrorNotice;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn GraphPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| dependency_graph());
    view! {
        <Title text="Dependency graph" />
        <nav class="breadcrumb" aria-label="Breadcrumb"><a href="/bia">"BIA"</a>" / Dependency graph"</nav>
        <div class="page-head">
            <h1>"Dependency graph"</h1>
            <p class="muted">"Processes on the left, what they depend on to the right. Red marks a gap: a dependency slower than what needs it. Click any box to open it."</p>
        </div>
        <Suspense fallback=|| view! { <p class="loading">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(graph) => {
                        let gaps = graph.gaps.clone();
                        let has_gaps = !gaps.is_empty();
                        let cycles = graph.cycles.clone();
                        view! {
                            <section class="card graph-card">
                                <DependencyGraph view=graph />
                            </section>
                            {(!cycles.is_empty()).then(|| view! {
                                <section class="card card-alert">
                                    <h2>"Cycles"</h2>
                                    <p class="muted">"Each of these depends on itself through others, so there is no order in which to recover them. Remove one dependency of each cycle."</p>
                                    <ul>
                                        {cycles.into_iter().map(|c| view! { <li data-testid="cycle"><Chain chain=c /></li> }).collect_view()}
                                    </ul>
                                </section>
                            })}
                            <section class="card" class:card-alert=has_gaps>
                                <h2>{format!("Gaps ({})", gaps.len())}</h2>
                                {if gaps.is_empty() {
                                    view! { <p class="muted">"Every dependency with a known RTO and RPO meets what depends on it."</p> }.erase()
                                } else {
                                    view! { <GapList gaps /> }.erase()
                                }}
                            </section>
                        }
                        .erase()
                    }
                    Err(error) => view! { <ErrorNotice error /> }.erase(),
                }
            })}
        </Suspense>
    }
}
