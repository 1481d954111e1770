//! The BIA home: review status, the process register, and a new-process form.

use crate::bia::duration::format as dur;
use crate::bia::{
    ApproveBia, BiaOverview, BiaStatus, CreateProcess, Person, ProcessCounts, ProcessSummary,
    REGISTER_PAGE, ReturnBia, Review, SubmitBia, load_bia,
};
use crate::ui::ActionForm;
use crate::ui::Erase;
use crate::ui::{
    ErrorNotice, FormError, SelectField, TextArea, TextField, format_date, last_error,
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_navigate;

#[derive(Clone, Copy)]
struct ReviewActions {
    submit: ServerAction<SubmitBia>,
    approve: ServerAction<ApproveBia>,
    send_back: ServerAction<ReturnBia>,
}

#[component]
pub fn BiaPage() -> impl IntoView {
    let actions = ReviewActions {
        submit: ServerAction::new(),
        approve: ServerAction::new(),
        send_back: ServerAction::new(),
    };
    let params = leptos_router::hooks::use_query_map();
    let data = Resource::new(
        move || {
            let q = params.read();
            (
                actions.submit.version().get(),
                actions.approve.version().get(),
                actions.send_back.version().get(),
                q.get("q").unwrap_or_default(),
                q.get("page")
                    .and_then(|p| p.parse::<usize>().ok())
                    .unwrap_or(1),
            )
        },
        |(_, _, _, query, page)| load_bia(query, page),
    );
    view! {
        <Title text="Business impact analysis" />
        <div class="page-head page-head-actions">
            <div>
                <h1>"Business impact analysis"</h1>
                <p class="muted">"What each process needs, how fast, and what it depends on."</p>
            </div>
            <nav class="subnav" aria-label="BIA">
                <a href="/bia/graph">"Dependency graph"</a>
                <a href="/bia/resources">"Systems, suppliers, sites & roles"</a>
                <a href="/bia/scale">"Impact scale"</a>
                <a href="/bia/import">"Import / export CSV"</a>
            </nav>
        </div>
        <Transition fallback=|| view! { <p class="loading">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(overview) => view! { <Overview overview actions /> }.erase(),
                    Err(error) => view! { <ErrorNotice error /> }.erase(),
                }
            })}
        </Transition>
    }
}

#[component]
fn Overview(overview: BiaOverview, actions: ReviewActions) -> impl IntoView {
    let ProcessCounts {
        total,
        assessed,
        critical,
        rto_errors,
    } = overview.counts;
    let can_edit = overview.can_edit;
    let has_gaps = overview.gap_count > 0;
    view! {
        <ReviewCard review=overview.review.clone() can_edit can_approve=overview.can_approve actions />
        <div class="tiles">
            <div class="tile">
                <span class="tile-figure">{total}</span>
                <span class="tile-label">{if total == 1 { "process" } else { "processes" }}</span>
                <span class="tile-note">{format!("{assessed} assessed")}</span>
            </div>
            <div class="tile">
                <span class="tile-figure">{critical}</span>
                <span class="tile-label">"tier 1–2"</span>
                <span class="tile-note">"MTPD of 24 h or less"</span>
            </div>
            <a class="tile" class:tile-alert=has_gaps href="/bia/graph">
                <span class="tile-figure">{overview.gap_count}</span>
                <span class="tile-label">{if overview.gap_count == 1 { "dependency gap" } else { "dependency gaps" }}</span>
                <span class="tile-note">"dependencies slower than what needs them"</span>
            </a>
            {(rto_errors > 0).then(|| view! {
                <div class="tile tile-alert">
                    <span class="tile-figure">{rto_errors}</span>
                    <span class="tile-label">"RTO not within MTPD"</span>
                    <span class="tile-note">"open each process to fix it"</span>
                </div>
            })}
            {(overview.cycle_count > 0).then(|| view! {
                <a class="tile tile-alert" href="/bia/graph">
                    <span class="tile-figure">{overview.cycle_count}</span>
                    <span class="tile-label">"dependency cycles"</span>
                    <span class="tile-note">"a cycle has no recovery order"</span>
                </a>
            })}
        </div>
        <section class="card">
            <div class="card-head">
                <h2>"Processes"</h2>
                {(total > REGISTER_PAGE || !overview.query.is_empty()).then(|| view! {
                    <form class="register-search" method="get" action="/bia" role="search">
                        <label class="visually-hidden" for="process-search">"Search processes"</label>
                        <input id="process-search" type="search" name="q" value=overview.query.clone()
                            placeholder="Name, department or owner" />
                        <button class="btn" type="submit">"Search"</button>
                    </form>
                })}
            </div>
            {(!overview.query.is_empty()).then(|| view! {
                <p class="muted small" data-testid="search-result">
                    {format!("{} of {total} processes match “{}”. ", overview.matching, overview.query)}
                    <a href="/bia">"Show all"</a>
                </p>
            })}
            {if overview.processes.is_empty() && !overview.query.is_empty() {
                view! { <p class="muted">"No process matches. Search for part of a name, department or owner."</p> }.erase()
            } else {
                view! { <ProcessTable processes=overview.processes.clone() currency=overview.currency.clone() /> }.erase()
            }}
            <Pager page=overview.page pages=overview.pages query=overview.query.clone() />
        </section>
        {can_edit.then(|| view! { <NewProcess people=overview.people.clone() /> })}
    }
}

/// Links to the other pages of the register; plain links, so they work
/// before the page hydrates and without JavaScript.
#[component]
fn Pager(page: usize, pages: usize, query: String) -> impl IntoView {
    let href = move |p: usize| {
        let mut out = format!("/bia?page={p}");
        if !query.is_empty() {
            out.push_str("&q=");
            out.push_str(&crate::ui::encode_query(&query));
        }
        out
    };
    (pages > 1).then(|| {
        view! {
            <nav class="pager" aria-label="Pages of the register">
                {(page > 1).then(|| view! { <a rel="prev" href=href(page - 1)>"← Previous"</a> })}
                <span class="muted">{format!("Page {page} of {pages}")}</span>
                {(page < pages).then(|| view! { <a rel="next" href=href(page + 1)>"Next →"</a> })}
            </nav>
        }
    })
}

#[component]
fn ReviewCard(
    review: Review,
    can_edit: bool,
    can_approve: bool,
    actions: ReviewActions,
) -> impl IntoView {
    let submit_error = last_error(actions.submit);
    let approve_error = last_error(actions.approve);
    let return_error = last_error(actions.send_back);
    let status_class = match review.status {
        BiaStatus::Draft => "badge badge-quiet",
        BiaStatus::InReview => "badge badge-warn",
        BiaStatus::Approved => "badge badge-ok",
    };
    let due = review.next_review_due.map(|d| {
        let overdue = review.overdue;
        view! {
            <span class:overdue=overdue>
                {if overdue { "Review overdue since " } else { "Next review due " }}
                {format_date(&d)}
            </span>
        }
    });
    let approved = review.approved_at.map(|at| {
        format!(
            "Last approved by {} on {}.",
            review.approved_by.clone().unwrap_or_default(),
            format_date(&at)
        )
    });
    let in_review = review.status == BiaStatus::InReview;
    view! {
        <section class="card review-card" aria-label="Review status">
            <div class="review-head">
                <div>
                    <span class=status_class data-status=review.status.as_str()>{review.status.label()}</span>
                    " "
                    {due}
                    {review.next_review_due.is_none().then(|| view! {
                        <span class="muted">{format!("Not yet approved · reviewed every {} months once approved", review.review_months)}</span>
                    })}
                </div>
                {review.has_approved_version.then(|| view! { <a href="/bia/approved">"Approved version"</a> })}
            </div>
            {approved.map(|text| view! { <p class="muted small">{text}</p> })}
            {(review.status == BiaStatus::Draft && can_edit).then(|| view! {
                <ActionForm action=actions.submit attr:class="row-form">
                    <FormError error=submit_error />
                    <button type="submit" class="btn btn-primary btn-small">"Submit for review"</button>
                    <span class="muted small">"An owner, admin or executive then approves it."</span>
                </ActionForm>
            })}
            {in_review.then(|| view! {
                <p class="muted small">{format!("Submitted by {}.", review.submitted_by.clone().unwrap_or_default())}</p>
            })}
            {(in_review && can_approve).then(|| view! {
                <div class="grid-2">
                    <ActionForm action=actions.approve attr:class="stack">
                        <FormError error=approve_error />
                        <TextArea label="Approval comment (optional)" name="comment" error=approve_error rows=2 />
                        <button type="submit" class="btn btn-primary">"Approve the BIA"</button>
                    </ActionForm>
                    <ActionForm action=actions.send_back attr:class="stack">
                        <FormError error=return_error />
                        <TextArea label="What must change" name="comment" error=return_error rows=2 />
                        <button type="submit" class="btn">"Return to draft"</button>
                    </ActionForm>
                </div>
            })}
        </section>
    }
}

#[component]
fn ProcessTable(processes: Vec<ProcessSummary>, currency: String) -> impl IntoView {
    if processes.is_empty() {
        return view! {
            <p class="muted">"No processes yet. Add the activities that deliver your products and services, then rate the impact of losing each over time."</p>
        }
        .erase();
    }
    view! {
        <div class="table-wrap">
            <table class="table bia-table">
                <thead>
                    <tr>
                        <th scope="col">"Process"</th>
                        <th scope="col">"Department"</th>
                        <th scope="col">"Owner"</th>
                        <th scope="col">"MTPD"</th>
                        <th scope="col">"Tier"</th>
                        <th scope="col">"RTO"</th>
                        <th scope="col">"RPO"</th>
                        <th scope="col">{format!("Loss at MTPD ({currency})")}</th>
                        <th scope="col">"Dependencies"</th>
                    </tr>
                </thead>
                <tbody>
                    {processes
                        .into_iter()
                        .map(|p| {
                            view! {
                                <tr>
                                    <td><a href=format!("/bia/processes/{}", p.id)>{p.name.clone()}</a></td>
                                    <td>{p.department.clone()}</td>
                                    <td>{p.owner.clone().unwrap_or_else(|| "—".into())}</td>
                                    <td class="nowrap">
                                        {match (p.assessed, p.mtpd) {
                                            (false, _) => view! { <span class="muted">"not assessed"</span> }.erase(),
                                            (true, Some(m)) => dur(m).erase(),
                                            (true, None) => view! { <span class="muted">"beyond scale"</span> }.erase(),
                                        }}
                                    </td>
                                    <td>{p.assessed.then(|| view! { <span class=format!("tier tier-{}", p.tier.0)>{p.tier.0}</span> })}</td>
                                    <td class="nowrap">
                                        {p.rto.map(dur).unwrap_or_else(|| "—".into())}
                                        {p.rto_error.then(|| view! { <span class="badge badge-danger" title="The RTO is not shorter than the MTPD">"≥ MTPD"</span> })}
                                    </td>
                                    <td class="nowrap">{p.rpo.map(dur).unwrap_or_else(|| "—".into())}</td>
                                    <td class="num">{p.loss_at_mtpd.map(format_money).unwrap_or_else(|| "—".into())}</td>
                                    <td>
                                        {p.dependencies}
                                        {(p.gaps > 0).then(|| view! {
                                            <span class="badge badge-danger">{format!("{} gap{}", p.gaps, if p.gaps == 1 { "" } else { "s" })}</span>
                                        })}
                                    </td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        </div>
    }
    .erase()
}

/// 1234567 → "1,234,567".
pub fn format_money(amount: i64) -> String {
    let digits = amount.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    if amount < 0 { format!("-{out}") } else { out }
}

pub fn people_options(people: &[Person]) -> Vec<(String, String)> {
    std::iter::once((String::new(), "— nobody yet —".to_string()))
        .chain(people.iter().map(|p| (p.id.to_string(), p.name.clone())))
        .collect()
}

#[component]
fn NewProcess(people: Vec<Person>) -> impl IntoView {
    let action = ServerAction::<CreateProcess>::new();
    let error = last_error(action);
    let navigate = use_navigate();
    Effect::new(move || {
        if let Some(Ok(path)) = action.value().get() {
            navigate(&path, Default::default());
        }
    });
    view! {
        <section class="card">
            <h2>"Add a process"</h2>
            <ActionForm action attr:class="stack" attr:novalidate=true>
                <FormError error />
                <div class="grid-2 tight">
                    <TextField label="Name" name="name" maxlength=100 error />
                    <TextField label="Department or business unit" name="department" maxlength=100 required=false error />
                </div>
                <SelectField label="Owner" name="owner" options=people_options(&people) error />
                <TextArea label="Description" name="description" error rows=2 maxlength=4000 />
                <div class="form-actions">
                    <button type="submit" class="btn btn-primary">"Add process"</button>
                </div>
            </ActionForm>
        </section>
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn money_is_grouped_in_thousands() {
        assert_eq!(super::format_money(0), "0");
        assert_eq!(super::format_money(999), "999");
        assert_eq!(super::format_money(1_000), "1,000");
        assert_eq!(super::format_money(1_234_567), "1,234,567");
        assert_eq!(super::format_money(-45_000), "-45,000");
    }
}
