//! The frameworks in use with their readiness, the choice of frameworks,
//! and the evidence about to expire.

use super::common::{ControlsNav, ReadinessBar};
use crate::controls::{ControlsOverview, load_controls};
use crate::drills::{FRAMEWORKS, SetFrameworks};
use crate::evidence::FreshnessBadge;
use crate::ui::ActionForm;
use crate::ui::Erase;
use crate::ui::{ErrorNotice, FormError, last_error};
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn ControlsPage() -> impl IntoView {
    let frameworks = ServerAction::<SetFrameworks>::new();
    let data = Resource::new(move || frameworks.version().get(), |_| load_controls());
    view! {
        <Title text="Controls" />
        <div class="page-head page-head-actions">
            <div>
                <h1>"Control checklists"</h1>
                <p class="muted">"Work through each framework's controls, attach evidence, and see how ready you are for the audit."</p>
            </div>
            <ControlsNav />
        </div>
        <Transition fallback=|| view! { <p class="loading">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(o) => view! { <Overview o action=frameworks /> }.erase(),
                    Err(error) => view! { <ErrorNotice error /> }.erase(),
                }
            })}
        </Transition>
    }
}

#[component]
fn Overview(o: ControlsOverview, action: ServerAction<SetFrameworks>) -> impl IntoView {
    let active: Vec<_> = o.frameworks.iter().filter(|f| f.active).cloned().collect();
    let inactive: Vec<_> = o.frameworks.iter().filter(|f| !f.active).cloned().collect();
    let error = last_error(action);
    view! {
        <section class="card" aria-label="Readiness">
            <h2>"Readiness"</h2>
            {if active.is_empty() {
                view! { <p class="muted">"No framework is active yet. Choose the ones you are audited against below."</p> }.erase()
            } else {
                view! {
                    <ul class="framework-list">
                        {active.into_iter().map(|f| view! {
                            <li data-testid="framework">
                                <a href=f.href() class="framework-name">{f.name.clone()}</a>
                                <span class="small muted">{format!(" {} · {} controls{}", f.version, f.tally.total, if f.imported { " · imported wording" } else { "" })}</span>
                                <ReadinessBar tally=f.tally label=crate::controls::short_name(&f.key, &f.name) />
                            </li>
                        }).collect_view()}
                    </ul>
                }.erase()
            }}
        </section>
        <div class="grid-2">
            <section class="card" aria-label="Needs attention">
                <h2>"Needs attention"</h2>
                {if o.expired.is_empty() && o.expiring.is_empty() {
                    view! { <p class="muted">"No evidence has expired or expires in the next 30 days."</p> }.erase()
                } else {
                    view! {
                        {(!o.expired.is_empty()).then(|| view! {
                            <h3>"Evidence expired"</h3>
                            <ul class="link-list" data-testid="expired-controls">
                                {o.expired.iter().map(|c| view! {
                                    <li><a href=c.href()>{c.label()}</a>" "<span class="small muted">{c.title.clone()}</span></li>
                                }).collect_view()}
                            </ul>
                        })}
                        {(!o.expiring.is_empty()).then(|| view! {
                            <h3>"Expiring within 30 days"</h3>
                            <ul class="link-list" data-testid="expiring-evidence">
                                {o.expiring.iter().map(|b| view! {
                                    <li><a href=b.href()>{b.title.clone()}</a>" "<FreshnessBadge freshness=b.freshness />" "<span class="small muted">{b.validity()}</span></li>
                                }).collect_view()}
                            </ul>
                        })}
                    }.erase()
                }}
            </section>
            <section class="card" aria-label="Frameworks">
                <h2>"Frameworks"</h2>
                {if o.can_manage {
                    view! {
                        <ActionForm action attr:class="stack">
                            <FormError error />
                            <input type="hidden" name="back" value="/controls" />
                            <fieldset class="checks">
                                <legend>"Frameworks you are audited against"</legend>
                                {FRAMEWORKS.iter().map(|(key, name)| {
                                    let checked = active_key(&o, key);
                                    view! {
                                        <label class="check">
                                            <input type="checkbox" name=*key value="on" checked=checked />
                                            " "{*name}
                                        </label>
                                    }
                                }).collect_view()}
                            </fieldset>
                            <p class="small muted">"Turning a framework off keeps its answers and evidence; they come back when you turn it on again. The same choice sets the minimum drill cadence."</p>
                            <div class="form-actions"><button type="submit" class="btn">"Save frameworks"</button></div>
                        </ActionForm>
                    }.erase()
                } else {
                    view! {
                        <p class="muted">"An owner or admin chooses the frameworks."</p>
                        <ul class="plain-list">
                            {inactive.iter().map(|f| view! { <li><a href=f.href()>{f.name.clone()}</a>" (not active)"</li> }).collect_view()}
                        </ul>
                    }.erase()
                }}
            </section>
        </div>
    }
}

fn active_key(o: &ControlsOverview, key: &str) -> bool {
    o.frameworks.iter().any(|f| f.key == key && f.active)
}
