//! Small pieces the systems pages share.

use crate::bia::NodeRef;
use crate::bia::duration::format as dur;
use crate::systems::tiers;
use crate::ui::Erase;
use leptos::prelude::*;

/// A duration, or a dash when there is none.
pub fn objective(minutes: Option<i64>) -> String {
    minutes.map(dur).unwrap_or_else(|| "—".into())
}

pub fn tier_text(tier: Option<u8>) -> String {
    match tier {
        Some(t) => format!("Tier {t}"),
        None => "No tier".into(),
    }
}

/// "Tier 4 · Pilot light".
pub fn tier_long(tier: u8) -> String {
    match tiers::info(tier) {
        Some(t) => format!("Tier {} · {}", t.tier, t.name),
        None => format!("Tier {tier}"),
    }
}

pub fn site_options(sites: &[NodeRef]) -> Vec<(String, String)> {
    std::iter::once((String::new(), "— none —".to_string()))
        .chain(sites.iter().map(|s| (s.id.to_string(), s.name.clone())))
        .collect()
}

pub fn tier_options() -> Vec<(String, String)> {
    std::iter::once((String::new(), "— not chosen —".to_string()))
        .chain(
            tiers::TIERS
                .iter()
                .map(|t| (t.tier.to_string(), format!("Tier {} · {}", t.tier, t.name))),
        )
        .collect()
}

/// The systems section's own navigation.
#[component]
pub fn SystemsNav() -> impl IntoView {
    view! {
        <nav class="subnav" aria-label="Systems">
            <a href="/systems">"Inventory"</a>
            <a href="/systems/gaps">"Gap analysis"</a>
            <a href="/systems/compare">"Compare strategies"</a>
            <a href="/systems/sites">"DR sites"</a>
            <a href="/systems/costs">"Cost estimates"</a>
            <a href="/systems/import">"Import / export CSV"</a>
        </nav>
    }
}

/// "OK", "Gap" or "—" for an objective that is or is not met.
#[component]
pub fn MeetsBadge(meets: Option<bool>) -> impl IntoView {
    match meets {
        Some(true) => view! { <span class="badge badge-ok">"Meets"</span> }.erase(),
        Some(false) => view! { <span class="badge badge-danger">"Gap"</span> }.erase(),
        None => view! { <span class="muted small">"No requirement"</span> }.erase(),
    }
}
