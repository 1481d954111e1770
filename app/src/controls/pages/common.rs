//! Small pieces the checklist pages share.

use crate::controls::status::{Effective, Tally};
use leptos::prelude::*;

#[component]
pub fn ControlsNav() -> impl IntoView {
    view! {
        <nav class="subnav" aria-label="Controls">
            <a href="/controls">"Frameworks"</a>
            <a href="/evidence">"Evidence"</a>
            <a href="/controls/import">"Import a catalog"</a>
        </nav>
    }
}

#[component]
pub fn StatusBadge(effective: Effective) -> impl IntoView {
    let class = match effective {
        Effective::Implemented => "badge badge-ok",
        Effective::EvidenceExpired => "badge badge-danger",
        Effective::InProgress => "badge badge-warn",
        Effective::NotStarted | Effective::NotApplicable => "badge badge-quiet",
    };
    view! { <span class=class data-testid="control-status">{effective.label()}</span> }
}

/// Implemented over applicable, as a bar with its figures.
#[component]
pub fn ReadinessBar(tally: Tally, #[prop(into)] label: String) -> impl IntoView {
    let percent = tally.percent();
    let detail = {
        let mut parts = vec![format!(
            "{} of {} applicable implemented",
            tally.implemented,
            tally.applicable()
        )];
        if tally.expired > 0 {
            parts.push(format!("{} with expired evidence", tally.expired));
        }
        if tally.not_applicable > 0 {
            parts.push(format!("{} not applicable", tally.not_applicable));
        }
        parts.join(" · ")
    };
    view! {
        <div class="readiness" data-testid="readiness">
            <span class="readiness-label">{label.clone()}</span>
            <span class="bar" role="progressbar" aria-label=label aria-valuemin="0" aria-valuemax="100" aria-valuenow=percent.to_string()>
                <span class="bar-fill" style=format!("width: {percent}%")></span>
            </span>
            <span class="bar-figure" data-testid="readiness-percent">{format!("{percent}%")}</span>
            <span class="small muted readiness-detail">{detail}</span>
        </div>
    }
}
