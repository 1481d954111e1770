//! The drill calendar: a month grid and the agenda for the next 90 days,
//! with everything overdue flagged at the top.

use super::common::DrillsNav;
use crate::drills::{CalendarItem, CalendarView, load_calendar};
use crate::ui::Erase;
use crate::ui::ErrorNotice;
use chrono::{Datelike, Months};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn CalendarPage() -> impl IntoView {
    let query = use_query_map();
    let month = move || query.read().get("month").unwrap_or_default();
    let data = Resource::new(month, load_calendar);
    view! {
        <Title text="Drill calendar" />
        <div class="page-head page-head-actions">
            <div>
                <h1>"Drill calendar"</h1>
                <p class="muted">"Upcoming and overdue drills, and the BIA review when it falls due."</p>
            </div>
            <DrillsNav />
        </div>
        <Transition fallback=|| view! { <p class="loading">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(c) => view! { <Calendar c /> }.erase(),
                    Err(error) => view! { <ErrorNotice error /> }.erase(),
                }
            })}
        </Transition>
    }
}

fn month_link(month: chrono::NaiveDate, forward: bool) -> String {
    let other = if forward {
        month.checked_add_months(Months::new(1))
    } else {
        month.checked_sub_months(Months::new(1))
    }
    .unwrap_or(month);
    format!("/drills/calendar?month={}", other.format("%Y-%m"))
}

#[component]
fn Calendar(c: CalendarView) -> impl IntoView {
    let heading = c.month.format("%B %Y").to_string();
    view! {
        {(!c.overdue.is_empty()).then(|| view! {
            <section class="card card-alert" aria-label="Overdue">
                <h2>"Overdue"</h2>
                <ul class="agenda">
                    {c.overdue.iter().map(|i| view! { <AgendaItem i=i.clone() /> }).collect_view()}
                </ul>
            </section>
        })}
        <section class="card" aria-label="Month">
            <div class="calendar-head">
                <a class="btn btn-small" href=month_link(c.month, false) aria-label="Previous month">"‹ Previous"</a>
                <h2 data-testid="month">{heading}</h2>
                <a class="btn btn-small" href=month_link(c.month, true) aria-label="Next month">"Next ›"</a>
            </div>
            <div class="table-wrap">
                <table class="calendar">
                    <thead>
                        <tr>
                            {["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"].map(|d| view! { <th scope="col">{d}</th> }).collect_view()}
                        </tr>
                    </thead>
                    <tbody>
                        {c.weeks.iter().map(|week| view! {
                            <tr>
                                {week.iter().map(|day| view! {
                                    <td class:other-month=!day.in_month class:today=day.today>
                                        <span class="day-number">{day.date.day()}</span>
                                        {day.items.iter().map(|i| view! {
                                            <a class="cal-item" class:cal-overdue=i.overdue href=i.href.clone() data-testid="cal-item">
                                                <span class="cal-time">{i.time.split(' ').next().unwrap_or_default().to_string()}</span>
                                                " "{i.title.clone()}
                                            </a>
                                        }).collect_view()}
                                    </td>
                                }).collect_view()}
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        </section>
        <section class="card" aria-label="Agenda">
            <h2>"Next 90 days"</h2>
            {if c.agenda.is_empty() {
                view! { <p class="muted">"Nothing scheduled in the next 90 days."</p> }.erase()
            } else {
                view! {
                    <ul class="agenda">
                        {c.agenda.iter().map(|i| view! { <AgendaItem i=i.clone() /> }).collect_view()}
                    </ul>
                }.erase()
            }}
        </section>
    }
}

/// One line of an agenda; the dashboard's list of next drills uses it too.
#[component]
pub fn AgendaItem(i: CalendarItem) -> impl IntoView {
    view! {
        <li class="agenda-item" data-testid="agenda-item">
            <span class="agenda-date">{i.date.format("%a %-d %b %Y").to_string()}</span>
            <span class="agenda-time small muted">{i.time.clone()}</span>
            <a href=i.href.clone()>{i.title.clone()}</a>
            <span class="small muted">{format!(" {}", i.what)}</span>
            {i.overdue.then(|| view! { " "<span class="badge badge-danger">"Overdue"</span> })}
        </li>
    }
}
