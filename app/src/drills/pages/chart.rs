//! Restore time per drill over time: each bar is a drill's slowest measured
//! recovery, the tick across it that system's RTO.

use crate::bia::duration::format as dur;
use crate::drills::readiness::TrendPoint;
use crate::drills::result::Verdict;
use leptos::prelude::*;

const BAR: f64 = 26.0;
const GAP: f64 = 12.0;
const HEIGHT: f64 = 110.0;
const TOP: f64 = 14.0;
const BASE: f64 = TOP + HEIGHT;

#[component]
pub fn RestoreChart(trend: Vec<TrendPoint>) -> impl IntoView {
    let max = trend
        .iter()
        .map(|p| p.recovery.max(p.rto.unwrap_or(0)))
        .max()
        .unwrap_or(1)
        .max(1) as f64;
    let width = trend.len() as f64 * (BAR + GAP) + GAP;
    let summary = trend
        .iter()
        .map(|p| {
            format!(
                "{}: {}{}",
                p.at.format("%-d %b %Y"),
                dur(p.recovery),
                p.rto
                    .map(|r| format!(" against {}", dur(r)))
                    .unwrap_or_default()
            )
        })
        .collect::<Vec<_>>()
        .join("; ");
    let label = format!("Slowest measured recovery per drill. {summary}.");
    let bars = trend
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let x = GAP + i as f64 * (BAR + GAP);
            let h = (p.recovery as f64 / max * HEIGHT).max(2.0);
            let class = if p.verdict == Verdict::Fail { "bar-gap" } else { "bar-ok" };
            let tick = p.rto.map(|r| {
                let y = BASE - r as f64 / max * HEIGHT;
                view! { <line class="rto-tick" x1=x - 3.0 x2=x + BAR + 3.0 y1=y y2=y /> }
            });
            view! {
                <g>
                    <title>{format!("{}: {}", p.at.format("%-d %b %Y"), dur(p.recovery))}</title>
                    <rect class=class x=x y=BASE - h width=BAR height=h />
                    {tick}
                    <text class="bar-label" x=x + BAR / 2.0 y=BASE + 14.0 text-anchor="middle">{p.at.format("%b %y").to_string()}</text>
                </g>
            }
        })
        .collect_view();
    view! {
        <figure class="tier-chart restore-chart">
            <svg viewBox=format!("0 0 {} {}", width.max(120.0), BASE + 20.0) role="img" aria-label=label>
                <line class="axis" x1=0 x2=width.max(120.0) y1=BASE y2=BASE />
                {bars}
            </svg>
            <figcaption class="small muted">
                "Slowest measured recovery per drill ("<span class="key key-ok"></span>" passed, "
                <span class="key key-gap"></span>" failed); the dark tick is that system's RTO."
            </figcaption>
        </figure>
    }
}
