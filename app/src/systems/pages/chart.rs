//! A small bar chart of systems per DR tier: the part of each bar that meets
//! every requirement, and the part that does not.

use crate::systems::DrGlance;
use leptos::prelude::*;

const BAR: f64 = 34.0;
const GAP: f64 = 10.0;
const HEIGHT: f64 = 110.0;
const TOP: f64 = 16.0;
const BASE: f64 = TOP + HEIGHT;

#[component]
pub fn TierChart(glance: DrGlance) -> impl IntoView {
    let max = glance
        .by_tier
        .iter()
        .map(|t| t.total)
        .max()
        .unwrap_or(0)
        .max(1) as f64;
    let width = glance.by_tier.len() as f64 * (BAR + GAP) + GAP;
    let summary = glance
        .by_tier
        .iter()
        .filter(|t| t.total > 0)
        .map(|t| {
            format!(
                "{}: {} ({} meeting requirements)",
                t.tier
                    .map(|n| format!("tier {n}"))
                    .unwrap_or_else(|| "no tier".into()),
                t.total,
                t.meeting
            )
        })
        .collect::<Vec<_>>()
        .join("; ");
    let label = format!("Systems by DR tier. {summary}.");
    let bars = glance
        .by_tier
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let x = GAP + i as f64 * (BAR + GAP);
            let ok_h = t.meeting as f64 / max * HEIGHT;
            let bad_h = (t.total - t.meeting) as f64 / max * HEIGHT;
            let name = t.tier.map(|n| n.to_string()).unwrap_or_else(|| "—".into());
            view! {
                <g>
                    <rect class="bar-ok" x=x y=BASE - ok_h width=BAR height=ok_h />
                    <rect class="bar-gap" x=x y=BASE - ok_h - bad_h width=BAR height=bad_h />
                    {(t.total > 0).then(|| view! {
                        <text class="bar-value" x=x + BAR / 2.0 y=BASE - ok_h - bad_h - 4.0 text-anchor="middle">{t.total}</text>
                    })}
                    <text class="bar-label" x=x + BAR / 2.0 y=BASE + 14.0 text-anchor="middle">{name}</text>
                </g>
            }
        })
        .collect_view();
    view! {
        <figure class="tier-chart">
            <svg viewBox=format!("0 0 {width} {}", BASE + 20.0) role="img" aria-label=label>
                <line class="axis" x1=0 x2=width y1=BASE y2=BASE />
                {bars}
            </svg>
            <figcaption class="small muted">
                "Systems per DR tier ("<span class="key key-ok"></span>" meet their requirements, "
                <span class="key key-gap"></span>" do not; — no tier chosen)"
            </figcaption>
        </figure>
    }
}
