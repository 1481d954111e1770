//! The organisation's cost estimates per DR tier and the assumptions of the
//! strategy comparison.

use super::common::SystemsNav;
use crate::bia::format_money;
use crate::systems::tiers;
use crate::systems::{CostSettings, SaveDrCosts, load_dr_costs};
use crate::ui::ActionForm;
use crate::ui::Erase;
use crate::ui::{ErrorNotice, FieldMessage, FormError, TextField, last_error};
use leptos::prelude::*;
use leptos_meta::Title;

/// Field names as the server reports errors against them.
const ONE_OFF: [&str; 7] = [
    "one_off_1",
    "one_off_2",
    "one_off_3",
    "one_off_4",
    "one_off_5",
    "one_off_6",
    "one_off_7",
];
const YEARLY: [&str; 7] = [
    "yearly_1", "yearly_2", "yearly_3", "yearly_4", "yearly_5", "yearly_6", "yearly_7",
];

#[component]
pub fn CostsPage() -> impl IntoView {
    let save = ServerAction::<SaveDrCosts>::new();
    let data = Resource::new(move || save.version().get(), |_| load_dr_costs());
    view! {
        <Title text="DR cost estimates" />
        <div class="page-head page-head-actions">
            <div>
                <h1>"Cost estimates"</h1>
                <p class="muted">"What one system costs at each DR tier, in your organisation's experience. The strategy comparison uses these figures."</p>
            </div>
            <SystemsNav />
        </div>
        <Transition fallback=|| view! { <p class="loading">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(settings) => view! { <CostForm settings save /> }.erase(),
                    Err(error) => view! { <ErrorNotice error /> }.erase(),
                }
            })}
        </Transition>
    }
}

#[component]
fn CostForm(settings: CostSettings, save: ServerAction<SaveDrCosts>) -> AnyView {
    let error = last_error(save);
    let saved = move || matches!(save.value().get(), Some(Ok(())));
    let m = settings.model.clone();
    let currency = settings.currency.clone();
    let disabled = !settings.can_edit;
    let rows = tiers::TIERS
        .iter()
        .skip(1)
        .enumerate()
        .map(|(i, t)| {
            let cost = m.tiers.get(i).copied();
            let one_off = cost.map(|c| format_money(c.one_off)).unwrap_or_default();
            let yearly = cost.map(|c| format_money(c.yearly)).unwrap_or_default();
            view! {
                <tr>
                    <th scope="row">{format!("Tier {} · {}", t.tier, t.name)}<div class="small muted">{t.cloud}</div></th>
                    <td>
                        <input name=format!("one_off[{i}]") value=one_off inputmode="numeric" aria-label=format!("One-off cost, tier {}", t.tier) disabled=disabled />
                        <FieldMessage error field=ONE_OFF[i] />
                    </td>
                    <td>
                        <input name=format!("yearly[{i}]") value=yearly inputmode="numeric" aria-label=format!("Yearly cost, tier {}", t.tier) disabled=disabled />
                        <FieldMessage error field=YEARLY[i] />
                    </td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section class="card" aria-label="Cost estimates">
            <ActionForm action=save attr:class="stack" attr:novalidate=true>
                <FormError error />
                <div class="table-wrap">
                    <table class="table cost-table">
                        <thead>
                            <tr>
                                <th scope="col">"Tier"</th>
                                <th scope="col">{format!("One-off per system ({currency})")}</th>
                                <th scope="col">{format!("Yearly per system ({currency})")}</th>
                            </tr>
                        </thead>
                        <tbody>{rows}</tbody>
                    </table>
                </div>
                <div class="grid-3">
                    <TextField label="A disaster once in (years)" name="disaster_every_years" value=m.disaster_every_years.to_string() hint="Spreads one outage's cost over the years between disasters" maxlength=4 error />
                    <TextField label="Compare over (years)" name="horizon_years" value=m.horizon_years.to_string() maxlength=2 error />
                    <TextField label="Restore tests expire after (months)" name="restore_test_months" value=m.restore_test_months.to_string() maxlength=2 error />
                </div>
                {settings.can_edit.then(|| view! {
                    <div class="form-actions">
                        <button type="submit" class="btn btn-primary">"Save estimates"</button>
                        {move || saved().then(|| view! { <span class="saved" role="status">"Saved"</span> })}
                    </div>
                })}
            </ActionForm>
        </section>
    }
    .erase()
}
