//! The BIA as it was last approved, readable after later edits.

use super::format_money;
use crate::bia::duration::format as dur;
use crate::bia::load_approved_bia;
use crate::ui::Erase;
use crate::ui::{ErrorNotice, format_time};
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn ApprovedPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| load_approved_bia());
    view! {
        <Title text="Approved BIA" />
        <nav class="breadcrumb" aria-label="Breadcrumb"><a href="/bia">"BIA"</a>" / Approved version"</nav>
        <Suspense fallback=|| view! { <p class="loading">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(None) => view! {
                        <div class="page-head"><h1>"Approved version"</h1></div>
                        <p class="muted">"The BIA has not been approved yet."</p>
                    }.erase(),
                    Ok(Some(a)) => view! {
                        <div class="page-head">
                            <h1>"Approved version"</h1>
                            <p class="muted">{format!("Approved by {} on {}", a.approved_by, format_time(&a.approved_at))}</p>
                        </div>
                        {a.comment.clone().map(|c| view! { <blockquote class="card">{c}</blockquote> })}
                        <section class="card">
                            <div class="table-wrap">
                                <table class="table">
                                    <thead>
                                        <tr>
                                            <th scope="col">"Process"</th>
                                            <th scope="col">"Department"</th>
                                            <th scope="col">"Owner"</th>
                                            <th scope="col">"MTPD"</th>
                                            <th scope="col">"Tier"</th>
                                            <th scope="col">"RTO"</th>
                                            <th scope="col">"RPO"</th>
                                            <th scope="col">{format!("Loss at MTPD ({})", a.currency)}</th>
                                        </tr>
                                    </thead>
                                    <tbody>
                                        {a.processes.iter().map(|p| view! {
                                            <tr>
                                                <td>{p.name.clone()}</td>
                                                <td>{p.department.clone()}</td>
                                                <td>{p.owner.clone().unwrap_or_else(|| "—".into())}</td>
                                                <td>{p.mtpd.map(dur).unwrap_or_else(|| "—".into())}</td>
                                                <td>{p.assessed.then_some(p.tier.0)}</td>
                                                <td>{p.rto.map(dur).unwrap_or_else(|| "—".into())}</td>
                                                <td>{p.rpo.map(dur).unwrap_or_else(|| "—".into())}</td>
                                                <td class="num">{p.loss_at_mtpd.map(format_money).unwrap_or_else(|| "—".into())}</td>
                                            </tr>
                                        }).collect_view()}
                                    </tbody>
                                </table>
                            </div>
                        </section>
                    }.erase(),
                    Err(error) => view! { <ErrorNotice error /> }.erase(),
                }
            })}
        </Suspense>
    }
}
