//! The drill programme: readiness figures, the plans and where their
//! schedules stand, open follow-up actions, the cadence the frameworks and
//! tiers call for, the calendar feed, and a form to schedule a drill.

use super::chart::RestoreChart;
use super::common::{DrillsNav, PlanFormFields, VerdictBadge};
use crate::bia::duration::format as dur;
use crate::drills::readiness::Readiness;
use crate::drills::{
    ActionView, CloseAction, CreatePlan, DrillsOverview, FRAMEWORKS, PlanSummary, ResetFeed,
    RevokeFeed, SetFrameworks, load_drills,
};
use crate::ui::ActionForm;
use crate::ui::Erase;
use crate::ui::{ErrorNotice, FormError, format_date, last_error};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_navigate, use_query_map};

#[derive(Clone, Copy)]
struct Actions {
    close: ServerAction<CloseAction>,
    reset: ServerAction<ResetFeed>,
    revoke: ServerAction<RevokeFeed>,
    frameworks: ServerAction<SetFrameworks>,
}

#[component]
pub fn DrillsPage() -> impl IntoView {
    let actions = Actions {
        close: ServerAction::new(),
        reset: ServerAction::new(),
        revoke: ServerAction::new(),
        frameworks: ServerAction::new(),
    };
    let data = Resource::new(
        move || {
            (
                actions.close.version().get(),
                actions.reset.version().get(),
                actions.revoke.version().get(),
                actions.frameworks.version().get(),
            )
        },
        |_| load_drills(),
    );
    view! {
        <Title text="DR drills" />
        <div class="page-head page-head-actions">
            <div>
                <h1>"DR drills and exercises"</h1>
                <p class="muted">"Schedule exercises, record what they measured against each system's RTO and RPO, and follow up what they found."</p>
            </div>
            <DrillsNav />
        </div>
        <Transition fallback=|| view! { <p class="loading">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(o) => view! { <Overview o actions /> }.erase(),
                    Err(error) => view! { <ErrorNotice error /> }.erase(),
                }
            })}
        </Transition>
    }
}

#[component]
fn Overview(o: DrillsOverview, actions: Actions) -> impl IntoView {
    let has_trend = !o.readiness.trend.is_empty();
    view! {
        <ReadinessTiles r=o.readiness.clone() />
        {has_trend.then(|| view! {
            <section class="card" aria-label="Restore time per drill">
                <h2>"Restore time per drill"</h2>
                <RestoreChart trend=o.readiness.trend.clone() />
            </section>
        })}
        <PlanTable plans=o.plans.clone() />
        <ActionList actions=o.actions.clone() close=actions.close can_close=o.can_record />
        <div class="grid-2">
            <Cadence o=o.clone() action=actions.frameworks />
            <Feed o=o.clone() actions />
        </div>
        {(!o.runs.is_empty()).then(|| view! {
            <section class="card" aria-label="Recent runs">
                <h2>"Recent runs"</h2>
                <ul class="plain-list">
                    {o.runs.iter().map(|r| view! {
                        <li>
                            <a href=r.href()>{r.plan_title.clone()}</a>
                            " · "{format_date(&r.started_at)}" "
                            <VerdictBadge verdict=r.verdict />
                        </li>
                    }).collect_view()}
                </ul>
            </section>
        })}
        {o.can_edit.then(|| view! { <NewPlan o=o.clone() /> })}
    }
}

/// The programme's figures; the dashboard shows the same tiles.
#[component]
pub fn ReadinessTiles(r: Readiness) -> impl IntoView {
    let since = match r.days_since_last {
        Some(0) => "today".to_string(),
        Some(1) => "1 day".to_string(),
        Some(d) => format!("{d} days"),
        None => "never".to_string(),
    };
    let stale = r.days_since_last.is_none_or(|d| d > 365);
    let rate = r
        .success_rate()
        .map(|p| format!("{p}%"))
        .unwrap_or_else(|| "—".into());
    // Past ten hours the minutes only crowd the tile; the note has the RTO.
    let restore = r
        .mean_recovery
        .map(|m| {
            if m >= 600 {
                format!("{} h", (m + 30) / 60)
            } else {
                dur(m)
            }
        })
        .unwrap_or_else(|| "—".into());
    let restore_note = match (r.mean_recovery, r.mean_rto) {
        (Some(_), Some(t)) => format!("average, against an average RTO of {}", dur(t)),
        _ => "no measured restores in the last 12 months".into(),
    };
    let slow = matches!((r.mean_recovery, r.mean_rto), (Some(m), Some(t)) if m > t);
    let rpo = r
        .rpo_adherence()
        .map(|p| format!("{p}%"))
        .unwrap_or_else(|| "—".into());
    let failing = r.passed < r.decided;
    let rpo_missed = r.rpo_met < r.rpo_checked;
    let overdue = r.overdue_actions > 0 || r.overdue_plans > 0;
    view! {
        <div class="tiles tiles-readiness">
            <a class="tile" class:tile-alert=stale href="/drills" data-testid="since-tile">
                <span class="tile-figure">{since}</span>
                <span class="tile-label">"since the last DR drill"</span>
                <span class="tile-note">{r.last_drill.map(|t| format!("last ended {}", format_date(&t))).unwrap_or_else(|| "none recorded yet".into())}</span>
            </a>
            <a class="tile" class:tile-alert=failing href="/drills" data-testid="success-tile">
                <span class="tile-figure">{rate}</span>
                <span class="tile-label">"drill success rate"</span>
                <span class="tile-note">{format!("{} of {} decided drills passed (12 months)", r.passed, r.decided)}</span>
            </a>
            <a class="tile" class:tile-alert=slow href="/drills" data-testid="restore-tile">
                <span class="tile-figure">{restore}</span>
                <span class="tile-label">"measured restore time"</span>
                <span class="tile-note">{restore_note}</span>
            </a>
            <a class="tile" class:tile-alert=rpo_missed href="/drills" data-testid="rpo-adherence-tile">
                <span class="tile-figure">{rpo}</span>
                <span class="tile-label">"RPO adherence"</span>
                <span class="tile-note">{format!("{} of {} measured data losses inside the RPO", r.rpo_met, r.rpo_checked)}</span>
            </a>
            <a class="tile" class:tile-alert=overdue href="/drills" data-testid="actions-tile">
                <span class="tile-figure">{r.open_actions}</span>
                <span class="tile-label">{if r.open_actions == 1 { "open follow-up action" } else { "open follow-up actions" }}</span>
                <span class="tile-note" class:overdue=overdue>{format!("{} overdue · {} of {} drills overdue", r.overdue_actions, r.overdue_plans, r.plans)}</span>
            </a>
        </div>
    }
}

#[component]
fn PlanTable(plans: Vec<PlanSummary>) -> impl IntoView {
    view! {
        <section class="card" aria-label="Drill plans">
            <h2>"Drill plans"</h2>
            {if plans.is_empty() {
                view! { <p class="muted">"No drills scheduled yet. Start with a quarterly backup restore test of your most critical system."</p> }.erase()
            } else {
                view! {
                    <div class="table-wrap">
                        <table class="table">
                            <thead>
                                <tr>
                                    <th scope="col">"Drill"</th>
                                    <th scope="col">"Repeats"</th>
                                    <th scope="col">"Next due"</th>
                                    <th scope="col">"Last run"</th>
                                    <th scope="col">"Owner"</th>
                                </tr>
                            </thead>
                            <tbody>
                                {plans.into_iter().map(|p| view! { <PlanRow p /> }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                }.erase()
            }}
        </section>
    }
}

#[component]
fn PlanRow(p: PlanSummary) -> impl IntoView {
    let next = match (&p.next_local, p.overdue) {
        (Some(t), true) => view! { <span class="badge badge-danger">"Overdue"</span>" "<span class="small">{format!("since {t}")}</span> }.erase(),
        (Some(t), false) => view! { <span>{t.clone()}</span> }.erase(),
        (None, _) => view! { <span class="muted">"Schedule finished"</span> }.erase(),
    };
    view! {
        <tr data-testid="plan-row">
            <td>
                <a href=p.href()><strong>{p.title.clone()}</strong></a>
                <div class="small muted">{format!("{} · {} in scope", p.kind.label(), p.scope)}</div>
            </td>
            <td>{p.cadence()}</td>
            <td>{next}</td>
            <td>{match p.last_run.clone() {
                Some(r) => view! { <a href=r.href()>{format_date(&r.started_at)}</a>" "<VerdictBadge verdict=r.verdict /> }.erase(),
                None => view! { <span class="muted">"Never run"</span> }.erase(),
            }}</td>
            <td>{p.owner.clone().unwrap_or_else(|| "—".into())}</td>
        </tr>
    }
}

#[component]
pub fn ActionList(
    actions: Vec<ActionView>,
    close: ServerAction<CloseAction>,
    can_close: bool,
) -> impl IntoView {
    let (open, closed): (Vec<_>, Vec<_>) = actions.into_iter().partition(|a| a.closed_at.is_none());
    let closed: Vec<_> = closed.into_iter().take(5).collect();
    view! {
        <section class="card" aria-label="Follow-up actions">
            <h2>"Follow-up actions"</h2>
            {if open.is_empty() {
                view! { <p class="muted">"No open follow-up actions."</p> }.erase()
            } else {
                view! {
                    <ul class="action-list">
                        {open.into_iter().map(|a| view! { <ActionItem a close can_close /> }).collect_view()}
                    </ul>
                }.erase()
            }}
            {(!closed.is_empty()).then(|| view! {
                <details>
                    <summary>"Recently closed"</summary>
                    <ul class="action-list">
                        {closed.into_iter().map(|a| view! { <ActionItem a close can_close /> }).collect_view()}
                    </ul>
                </details>
            })}
        </section>
    }
}

#[component]
fn ActionItem(a: ActionView, close: ServerAction<CloseAction>, can_close: bool) -> impl IntoView {
    let is_open = a.closed_at.is_none();
    let due = format!("due {}", a.due_on.format("%-d %b %Y"));
    view! {
        <li class="action-item" class:action-closed=!is_open data-testid="action-item">
            <div>
                <strong>{a.title.clone()}</strong>
                <div class="small muted">
                    {format!("{} · {} · ", a.plan_title, a.owner.clone().unwrap_or_else(|| "no owner".into()))}
                    <span class:overdue=a.overdue>{due}</span>
                    {a.overdue.then(|| view! { " "<span class="badge badge-danger">"Overdue"</span> })}
                    {a.closed_at.map(|t| view! { <span>{format!(" · closed {}", format_date(&t))}</span> })}
                    " · "<a href=format!("/drills/runs/{}", a.run_id)>"run"</a>
                </div>
            </div>
            {can_close.then(|| view! {
                <ActionForm action=close attr:class="inline-form">
                    <input type="hidden" name="id" value=a.id.to_string() />
                    <input type="hidden" name="closed" value=is_open.to_string() />
                    <button type="submit" class="btn btn-small">{if is_open { "Mark done" } else { "Reopen" }}</button>
                </ActionForm>
            })}
        </li>
    }
}

#[component]
fn Cadence(o: DrillsOverview, action: ServerAction<SetFrameworks>) -> impl IntoView {
    let error = last_error(action);
    let checks = o.cadence.clone();
    view! {
        <section class="card" aria-label="Required cadence">
            <h2>"Required cadence"</h2>
            {if checks.is_empty() {
                view! { <p class="muted">"Choose the frameworks you work to, and give your systems DR tiers, to see how often you must exercise."</p> }.erase()
            } else {
                view! {
                    <ul class="cadence-list">
                        {checks.into_iter().map(|c| view! {
                            <li data-testid="cadence-item">
                                <div>
                                    <strong>{format!("{}, {}", c.suggestion.kind.label(), c.suggestion.repeat.describe())}</strong>
                                    " "<span class="small muted">{c.suggestion.source.clone()}</span>
                                </div>
                                <div class="small">{c.suggestion.why.clone()}</div>
                                {match c.met_by {
                                    Some(t) => view! { <span class="badge badge-ok">{format!("Met by “{t}”")}</span> }.erase(),
                                    None => view! { <span class="badge badge-warn">"No plan meets this yet"</span> }.erase(),
                                }}
                            </li>
                        }).collect_view()}
                    </ul>
                }.erase()
            }}
            {o.can_manage.then(|| view! {
                <ActionForm action attr:class="stack">
                    <FormError error />
                    <fieldset class="checks">
                        <legend>"Frameworks you work to"</legend>
                        {FRAMEWORKS.iter().map(|(key, name)| {
                            let checked = o.frameworks.iter().any(|f| f == key);
                            view! {
                                <label class="check">
                                    <input type="checkbox" name=*key value="on" checked=checked />
                                    " "{*name}
                                </label>
                            }
                        }).collect_view()}
                    </fieldset>
                    <div class="form-actions"><button type="submit" class="btn">"Save frameworks"</button></div>
                </ActionForm>
            })}
        </section>
    }
}

#[component]
fn Feed(o: DrillsOverview, actions: Actions) -> impl IntoView {
    let query = use_query_map();
    let base = o.feed.base.clone();
    // With JavaScript the new address comes back from the action; without,
    // through the redirect's query string. Either way it is shown only now.
    let fresh = Signal::derive(move || {
        actions
            .reset
            .value()
            .get()
            .and_then(Result::ok)
            .or_else(|| {
                query
                    .read()
                    .get("feed")
                    .filter(|t| {
                        t.chars()
                            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
                    })
                    .map(|t| format!("{base}/drills/feed/{t}.ics"))
            })
    });
    let active = o.feed.active;
    view! {
        <section class="card" aria-label="Calendar feed">
            <h2>"Calendar feed"</h2>
            <p class="small">"Subscribe to the organisation's drills in Outlook, Google Calendar or Apple Calendar. The address is secret: anyone who has it can read the schedule, so replace it if it leaks."</p>
            {move || fresh.get().map(|url| view! {
                <div class="alert alert-info" data-testid="feed-url">
                    <p>"Your calendar address (copy it now; it is not shown again):"</p>
                    <code class="copyable">{url.clone()}</code>
                </div>
            })}
            {if active {
                view! { <p data-testid="feed-state">{format!("A feed address is active, created {}.", o.feed.created_at.map(|t| format_date(&t)).unwrap_or_default())}</p> }.erase()
            } else {
                view! { <p class="muted" data-testid="feed-state">"No feed address yet."</p> }.erase()
            }}
            {o.can_manage.then(|| view! {
                <div class="button-row">
                    <ActionForm action=actions.reset attr:class="inline-form">
                        <button type="submit" class="btn">{if active { "Replace the address" } else { "Create a feed address" }}</button>
                    </ActionForm>
                    {active.then(|| view! {
                        <ActionForm action=actions.revoke attr:class="inline-form">
                            <button type="submit" class="btn btn-danger">"Revoke"</button>
                        </ActionForm>
                    })}
                </div>
            })}
        </section>
    }
}

#[component]
fn NewPlan(o: DrillsOverview) -> impl IntoView {
    let action = ServerAction::<CreatePlan>::new();
    let error = last_error(action);
    let navigate = use_navigate();
    Effect::new(move || {
        if let Some(Ok(id)) = action.value().get() {
            navigate(&format!("/drills/plans/{id}"), Default::default());
        }
    });
    view! {
        <section class="card" aria-label="Schedule a drill">
            <h2>"Schedule a drill"</h2>
            <ActionForm action attr:class="stack" attr:novalidate=true>
                <FormError error />
                <PlanFormFields error people=o.people.clone() />
                <div class="form-actions">
                    <button type="submit" class="btn btn-primary">"Schedule drill"</button>
                </div>
            </ActionForm>
        </section>
    }
}
