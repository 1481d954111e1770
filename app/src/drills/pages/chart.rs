//! Restore time per drill over time. Systems have very different RTOs, so
//! each bar is a drill's slowest recovery as a share of that system's RTO,
//! against a line at 100 %: a bar above the line missed its RTO.

use crate::bia::duration::format as dur;
use crate::drills::readiness::TrendPoint;
use crate::drills::result::Verdict;
use leptos::prelude::*;

// Wide enough apart that month labels ("Aug 26") never touch.
const BAR: f64 = 30.0;
const GAP: f64 = 24.0;
const LEFT: f64 = 34.0;
const HEIGHT: f64 = 120.0;
const TOP: f64 = 10.0;
const BASE: f64 = TOP + HEIGHT;

/// Percent of the RTO, or `None` when the system had no RTO.
fn share(p: &TrendPoint) -> Option<f64> {
    p.rto
        .filter(|r| *r > 0)
        .map(|r| p.recovery as f64 * 100.0 / r as f64)
}

#[component]
pub fn RestoreChart(trend: Vec<TrendPoint>) -> impl IntoView {
    let points: Vec<(TrendPoint, f64)> = trend
        .into_iter()
        .filter_map(|p| share(&p).map(|s| (p, s)))
        .collect();
    // The scale reaches at least 150 % so the RTO line sits inside it.
    let top = points.iter().map(|(_, s)| *s).fold(150.0, f64::max);
    let y = |percent: f64| BASE - percent / top * HEIGHT;
    let width = LEFT + points.len() as f64 * (BAR + GAP) + GAP;
    let summary = points
        .iter()
        .map(|(p, s)| {
            format!(
                "{}: {} against an RTO of {} ({:.0} %)",
                p.at.format("%-d %b %Y"),
                dur(p.recovery),
                p.rto.map(dur).unwrap_or_default(),
                s
            )
        })
        .collect::<Vec<_>>()
        .join("; ");
    let label = format!("Slowest recovery per drill as a share of its RTO. {summary}.");
    let bars = points
        .iter()
        .enumerate()
        .map(|(i, (p, s))| {
            let x = LEFT + GAP + i as f64 * (BAR + GAP);
            let h = (BASE - y(*s)).max(2.0);
            let class = if p.verdict == Verdict::Fail || *s > 100.0 {
                "bar-gap"
            } else {
                "bar-ok"
            };
            let tip = format!(
                "{}: {} of a {} RTO",
                p.at.format("%-d %b %Y"),
                dur(p.recovery),
                p.rto.map(dur).unwrap_or_default()
            );
            view! {
                <g>
                    <title>{tip}</title>
                    <rect class=class x=x y=BASE - h width=BAR height=h />
                    <text class="bar-label" x=x + BAR / 2.0 y=BASE + 13.0 text-anchor="middle">{p.at.format("%b %y").to_string()}</text>
                </g>
            }
        })
        .collect_view();
    let rto_y = y(100.0);
    view! {
        <figure class="tier-chart restore-chart">
            <svg viewBox=format!("0 0 {width} {}", BASE + 18.0) width=width height=BASE + 18.0 role="img" aria-label=label>
                <line class="axis" x1=LEFT x2=width y1=BASE y2=BASE />
                <line class="rto-line" x1=LEFT x2=width y1=rto_y y2=rto_y />
                <text class="bar-label" x=LEFT - 4.0 y=rto_y + 4.0 text-anchor="end">"RTO"</text>
                <text class="bar-label" x=LEFT - 4.0 y=BASE + 4.0 text-anchor="end">"0"</text>
                {bars}
            </svg>
            <figcaption class="small muted">
                "Each drill's slowest recovery as a share of that system's RTO ("<span class="key key-ok"></span>" inside, "
                <span class="key key-gap"></span>" over)."
            </figcaption>
        </figure>
    }
}
