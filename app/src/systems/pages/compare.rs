//! Strategy options side by side, with what they cost and what the outage
//! they allow would cost, for one system or a group that fails together.

use super::common::{SystemsNav, objective};
use crate::bia::format_money;
use crate::systems::tiers::{self, Need};
use crate::systems::{CompareChoices, Comparison, compare_systems};
use crate::ui::Erase;
use crate::ui::ErrorNotice;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// How one row of the comparison shows an option.
type Cell = Box<dyn Fn(&crate::systems::cost::OptionCost) -> String>;

fn need_text(need: Need) -> String {
    match (need.rto, need.rpo) {
        (None, None) => {
            "No RTO or RPO is required or committed yet, so no option is marked as meeting it."
                .into()
        }
        (rto, rpo) => format!(
            "Must recover within RTO {} and RPO {} (the strictest of what the processes require and the targets).",
            objective(rto),
            objective(rpo)
        ),
    }
}

#[component]
pub fn ComparisonView(comparison: Comparison) -> AnyView {
    let c = comparison;
    let money = {
        let currency = c.currency.clone();
        move |v: i64| format!("{currency} {}", format_money(v))
    };
    let years = c.model.horizon_years;
    let processes = if c.processes.is_empty() {
        view! { <p class="muted small">"No process that depends on these systems has loss estimates, so outage costs are zero. Add losses in the BIA."</p> }.erase()
    } else {
        let m = money.clone();
        view! {
            <p class="small">
                "Outage costs come from the BIA losses of "
                {c.processes
                    .iter()
                    .map(|p| format!("{} ({} per hour over the first day)", p.process.name, m(p.per_hour)))
                    .collect::<Vec<_>>()
                    .join(", ")}
                "."
            </p>
        }
        .erase()
    };
    let unpriced = (!c.unpriced.is_empty()).then(|| {
        view! {
            <p class="small muted">
                "Without loss estimates (not counted): "
                {c.unpriced.iter().map(|p| p.name.clone()).collect::<Vec<_>>().join(", ")}
            </p>
        }
    });
    let rows: Vec<(&'static str, Cell)> = vec![
        ("Planned recovery time", Box::new(|o| objective(o.recovery))),
        (
            "Typical data loss",
            Box::new(|o| {
                tiers::info(o.tier)
                    .map(|t| t.rpo_text.to_string())
                    .unwrap_or_default()
            }),
        ),
        (
            "One-off cost",
            Box::new({
                let m = money.clone();
                move |o| m(o.one_off)
            }),
        ),
        (
            "Yearly cost",
            Box::new({
                let m = money.clone();
                move |o| m(o.yearly)
            }),
        ),
        (
            "Cost of one outage",
            Box::new({
                let m = money.clone();
                move |o| m(o.outage_cost)
            }),
        ),
        (
            "Outage cost per year",
            Box::new({
                let m = money.clone();
                move |o| m(o.yearly_risk)
            }),
        ),
    ];
    let options = c.options.clone();
    view! {
        <div class="comparison" data-testid="comparison">
            <p>{need_text(c.need)}</p>
            {processes}
            {unpriced}
            <div class="table-wrap">
                <table class="table comparison-table">
                    <thead>
                        <tr>
                            <th scope="col">"Option"</th>
                            {options
                                .iter()
                                .map(|o| {
                                    let info = tiers::info(o.tier);
                                    view! {
                                        <th scope="col" class:col-meets=o.meets>
                                            {format!("Tier {}", o.tier)}
                                            <div class="small">{info.map(|t| t.cloud).unwrap_or_default()}</div>
                                        </th>
                                    }
                                })
                                .collect_view()}
                        </tr>
                    </thead>
                    <tbody>
                        <tr>
                            <th scope="row">"Meets the requirement"</th>
                            {options
                                .iter()
                                .map(|o| {
                                    let mut marks = Vec::new();
                                    if c.current.contains(&o.tier) {
                                        marks.push(view! { <span class="badge badge-quiet">"current"</span> });
                                    }
                                    if c.recommended == Some(o.tier) {
                                        marks.push(view! { <span class="badge badge-ok">"recommended"</span> });
                                    }
                                    if c.cheapest == Some(o.tier) {
                                        marks.push(view! { <span class="badge badge-warn">"lowest total"</span> });
                                    }
                                    view! {
                                        <td class:col-meets=o.meets>
                                            {if o.meets { "Yes" } else { "No" }}
                                            <div class="marks">{marks}</div>
                                        </td>
                                    }
                                })
                                .collect_view()}
                        </tr>
                        {rows
                            .into_iter()
                            .map(|(label, cell)| view! {
                                <tr>
                                    <th scope="row">{label}</th>
                                    {options.iter().map(|o| view! { <td class:col-meets=o.meets>{cell(o)}</td> }).collect_view()}
                                </tr>
                            })
                            .collect_view()}
                        <tr class="total-row">
                            <th scope="row">{format!("Total over {years} year{}", if years == 1 { "" } else { "s" })}</th>
                            {options.iter().map(|o| view! { <td class:col-meets=o.meets data-testid="option-total"><strong>{money(o.total)}</strong></td> }).collect_view()}
                        </tr>
                    </tbody>
                </table>
            </div>
            <p class="small muted">
                {format!(
                    "Costs are the organisation's estimates per system ({} system{} here). A disaster is assumed once in {} years; each option's outage lasts its planned recovery time. ",
                    c.systems.len(),
                    if c.systems.len() == 1 { "" } else { "s" },
                    c.model.disaster_every_years
                )}
                <a href="/systems/costs">"Change the estimates"</a>
            </p>
        </div>
    }
    .erase()
}

#[component]
pub fn ComparePage() -> impl IntoView {
    let query = use_query_map();
    let ids = move || query.read().get_all("ids").unwrap_or_default().join(",");
    let data = Resource::new(ids, compare_systems);
    view! {
        <Title text="Compare DR strategies" />
        <div class="page-head page-head-actions">
            <div>
                <h1>"Compare DR strategies"</h1>
                <p class="muted">"Choose systems that would fail together (for example, everything in one data centre) and compare what each tier costs against what the outage would cost."</p>
            </div>
            <SystemsNav />
        </div>
        <Transition fallback=|| view! { <p class="loading">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(choices) => view! { <Choices choices /> }.erase(),
                    Err(error) => view! { <ErrorNotice error /> }.erase(),
                }
            })}
        </Transition>
    }
}

#[component]
fn Choices(choices: CompareChoices) -> AnyView {
    let chosen: Vec<uuid::Uuid> = choices
        .comparison
        .as_ref()
        .map(|c| c.systems.iter().map(|s| s.id).collect())
        .unwrap_or_default();
    view! {
        <section class="card" aria-label="Choose systems">
            <h2>"Systems"</h2>
            <form method="get" action="/systems/compare" class="stack">
                <div class="check-grid">
                    {choices
                        .systems
                        .iter()
                        .map(|s| {
                            let checked = chosen.contains(&s.id);
                            view! {
                                <label class="checkbox">
                                    <input type="checkbox" name="ids" value=s.id.to_string() checked=checked />
                                    " "{s.name.clone()}
                                </label>
                            }
                        })
                        .collect_view()}
                </div>
                <div class="form-actions">
                    <button type="submit" class="btn btn-primary">"Compare"</button>
                </div>
            </form>
        </section>
        {match choices.comparison {
            Some(comparison) => view! {
                <section class="card" aria-label="Comparison">
                    <h2>{comparison.systems.iter().map(|s| s.name.clone()).collect::<Vec<_>>().join(", ")}</h2>
                    <ComparisonView comparison />
                </section>
            }
            .erase(),
            None => view! { <p class="muted">"Tick one or more systems and choose Compare."</p> }.erase(),
        }}
    }
    .erase()
}
