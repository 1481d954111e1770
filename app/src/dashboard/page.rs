//! The home dashboard.

use super::{BiaGlance, DashboardSummary, dashboard};
use crate::audit::action_label;
use crate::drills::{AgendaItem, DrillGlance, ReadinessTiles, RestoreChart};
use crate::ui::Erase;
use crate::ui::{ErrorNotice, format_date, format_time};
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn DashboardPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| dashboard());
    view! {
        <Title text="Dashboard" />
        <Suspense fallback=|| view! { <p class="loading">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(d) => view! { <DashboardBody d /> }.erase(),
                    Err(error) => view! { <ErrorNotice error /> }.erase(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn DashboardBody(d: DashboardSummary) -> impl IntoView {
    let members = d.member_count();
    let total_roles = d.members_by_role.len();
    view! {
        <div class="page-head">
            <h1>{d.org_name.clone()}</h1>
            <p class="muted">{format!("You are {} of this organisation.", article(d.my_role.label()))}</p>
        </div>
        {d.is_demo.then(|| view! {
            <div class="alert alert-info">
                "This is a demo organisation with one member of each role. Every demo account uses the "
                "password printed in the server log when the demo was created (or the one set in "
                <code>"SEAWALL_DEMO_PASSWORD"</code>")."
            </div>
        })}
        <div class="tiles">
            <BiaTiles bia=d.bia.clone() />
            <a class="tile" href="/members">
                <span class="tile-figure">{members}</span>
                <span class="tile-label">{if members == 1 { "member" } else { "members" }}</span>
                <span class="tile-note">{format!("in {total_roles} role{}", if total_roles == 1 { "" } else { "s" })}</span>
            </a>
            {d.pending_invites.map(|n| view! {
                <a class="tile" href="/members">
                    <span class="tile-figure">{n}</span>
                    <span class="tile-label">{if n == 1 { "open invitation" } else { "open invitations" }}</span>
                    <span class="tile-note">"waiting to be accepted"</span>
                </a>
            })}
        </div>
        <section class="card" aria-label="Disaster recovery">
            <h2><a href="/systems">"Disaster recovery"</a></h2>
            {if d.dr.systems == 0 {
                view! { <p class="muted">"No systems yet. "<a href="/systems">"Add the systems your processes depend on"</a>" to see which meet their RTO and RPO."</p> }.erase()
            } else {
                view! { <crate::systems::Glance glance=d.dr.clone() /> }.erase()
            }}
        </section>
        <DrillsSection drills=d.drills.clone() />
        <ComplianceSection o=d.controls.clone() more=d.more_expiring + d.more_expired />
        <div class="grid-2">
            <section class="card">
                <h2>"Team by role"</h2>
                <ul class="role-bars">
                    {d.members_by_role
                        .iter()
                        .map(|(role, n)| {
                            let width = format!("width: {}%", (n * 100 / members.max(1)).max(4));
                            view! {
                                <li>
                                    <span class=format!("role role-{}", role.as_str())>{role.label()}</span>
                                    <span class="bar"><span class="bar-fill" style=width></span></span>
                                    <span class="bar-figure">{*n}</span>
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
                {(members == 1).then(|| view! {
                    <p class="muted">"Continuity planning is a team effort. "<a href="/members">"Invite your colleagues"</a>"."</p>
                })}
            </section>
            {d.recent.clone().map(|entries| view! {
                <section class="card">
                    <h2>"Recent activity"</h2>
                    {if entries.is_empty() {
                        view! { <p class="muted">"Nothing has happened yet."</p> }.erase()
                    } else {
                        view! {
                            <ul class="activity">
                                {entries
                                    .into_iter()
                                    .map(|e| view! {
                                        <li>
                                            <span class="activity-what">{action_label(&e.action)}</span>
                                            <span class="activity-who">{e.actor_email.unwrap_or_else(|| "Seawall".into())}</span>
                                            <time class="activity-when" datetime=e.at.to_rfc3339()>{format_time(&e.at)}</time>
                                        </li>
                                    })
                                    .collect_view()}
                            </ul>
                            <a href="/settings/audit">"Open the audit log"</a>
                        }
                        .erase()
                    }}
                </section>
            })}
        </div>
    }
}

#[component]
fn DrillsSection(drills: DrillGlance) -> impl IntoView {
    let r = drills.readiness.clone();
    let has_trend = !r.trend.is_empty();
    view! {
        <section class="card" aria-label="DR drills">
            <h2><a href="/drills">"DR drills"</a></h2>
            {if r.plans == 0 && r.last_drill.is_none() {
                view! { <p class="muted">"No drills yet. "<a href="/drills">"Schedule a restore test or tabletop exercise"</a>" to prove your plans work."</p> }.erase()
            } else {
                view! {
                    <ReadinessTiles r=r.clone() />
                    <div class="grid-2">
                        <div>
                            <h3>"Next and overdue"</h3>
                            {if drills.next.is_empty() {
                                view! { <p class="muted">"Nothing scheduled."</p> }.erase()
                            } else {
                                view! {
                                    <ul class="agenda" data-testid="next-drills">
                                        {drills.next.iter().map(|i| view! { <AgendaItem i=i.clone() /> }).collect_view()}
                                    </ul>
                                    {(drills.more_overdue > 0).then(|| view! {
                                        <p class="small"><a href="/drills">{format!("and {} more overdue on the drills page", drills.more_overdue)}</a></p>
                                    })}
                                }.erase()
                            }}
                        </div>
                        {has_trend.then(|| view! {
                            <div>
                                <h3>"Restore time, latest drills"</h3>
                                <RestoreChart trend=r.trend.clone() />
                            </div>
                        })}
                    </div>
                }.erase()
            }}
        </section>
    }
}

#[component]
fn BiaTiles(bia: BiaGlance) -> impl IntoView {
    let review = bia.review.clone();
    let due = review.next_review_due.map(|d| format_date(&d));
    let review_note = match (&due, review.overdue) {
        (Some(d), true) => format!("review overdue since {d}"),
        (Some(d), false) => format!("next review due {d}"),
        (None, _) => "not yet approved".to_string(),
    };
    let has_gaps = bia.gaps > 0;
    view! {
        <a class="tile" class:tile-alert=review.overdue href="/bia" data-testid="bia-tile">
            <span class="tile-figure">{bia.processes}</span>
            <span class="tile-label">{format!("BIA processes · {}", review.status.label().to_lowercase())}</span>
            <span class="tile-note" class:overdue=review.overdue>{format!("{} assessed · {review_note}", bia.assessed)}</span>
        </a>
        <a class="tile" class:tile-alert=has_gaps href="/bia/graph">
            <span class="tile-figure">{bia.gaps}</span>
            <span class="tile-label">{if bia.gaps == 1 { "dependency gap" } else { "dependency gaps" }}</span>
            <span class="tile-note">
                {if bia.rto_errors > 0 { format!("and {} RTO not within its MTPD", bia.rto_errors) } else { "dependencies slower than what needs them".to_string() }}
            </span>
        </a>
    }
}

fn article(word: &str) -> String {
    let vowel = word
        .chars()
        .next()
        .is_some_and(|c| "AEIOUaeiou".contains(c));
    let lower = word.to_lowercase();
    if word == "Owner" {
        "an owner".into()
    } else if vowel {
        format!("an {lower}")
    } else {
        format!("a {lower}")
    }
}

#[cfg(test)]
mod tests {
    use super::article;

    #[test]
    fn roles_get_the_right_article() {
        assert_eq!(article("Owner"), "an owner");
        assert_eq!(article("Admin"), "an admin");
        assert_eq!(article("Editor"), "an editor");
        assert_eq!(article("Contributor"), "a contributor");
        assert_eq!(article("Executive"), "an executive");
    }
}

/// Framework readiness and the evidence that needs renewing.
#[component]
fn ComplianceSection(o: crate::controls::ControlsOverview, more: usize) -> impl IntoView {
    use crate::controls::ReadinessBar;
    use crate::evidence::FreshnessBadge;
    let active: Vec<_> = o.frameworks.iter().filter(|f| f.active).cloned().collect();
    view! {
        <section class="card" aria-label="Compliance">
            <h2><a href="/controls">"Compliance"</a></h2>
            {if active.is_empty() {
                view! { <p class="muted">"No framework active yet. "<a href="/controls">"Choose SOC 2, HIPAA or PCI DSS"</a>" to work through its controls."</p> }.erase()
            } else {
                view! {
                    <div class="grid-2">
                        <div>
                            <h3>"Framework readiness"</h3>
                            <ul class="framework-list" data-testid="dashboard-readiness">
                                {active.into_iter().map(|f| view! {
                                    <li><a href=f.href()>{f.name.clone()}</a><ReadinessBar tally=f.tally label=crate::controls::short_name(&f.key, &f.name) /></li>
                                }).collect_view()}
                            </ul>
                        </div>
                        <div>
                            <h3>"Evidence expiring soon"</h3>
                            {if o.expiring.is_empty() && o.expired.is_empty() {
                                view! { <p class="muted">"Nothing expires in the next 30 days."</p> }.erase()
                            } else {
                                view! {
                                    <ul class="link-list" data-testid="dashboard-expiring">
                                        {o.expiring.iter().map(|b| view! {
                                            <li><a href=b.href()>{b.title.clone()}</a>" "<FreshnessBadge freshness=b.freshness />" "<span class="small muted">{b.validity()}</span></li>
                                        }).collect_view()}
                                        {o.expired.iter().map(|c| view! {
                                            <li><a href=c.href()>{c.label()}</a>" "<span class="badge badge-danger">"Evidence expired"</span></li>
                                        }).collect_view()}
                                    </ul>
                                    {(more > 0).then(|| view! {
                                        <p class="small"><a href="/controls">{format!("and {more} more on the controls page")}</a></p>
                                    })}
                                }.erase()
                            }}
                        </div>
                    </div>
                }.erase()
            }}
        </section>
    }
}
