//! Small pieces the drills pages share.

use crate::bia::{Person, people_options};
use crate::drills::DrillKind;
use crate::drills::PlanFields;
use crate::drills::repeat::{Repeat, Unit};
use crate::drills::result::{Check, Verdict};
use crate::error::AppError;
use crate::ui::{FieldMessage, SelectField, TextArea, TextField};
use leptos::prelude::*;

/// The drills section's own navigation.
#[component]
pub fn DrillsNav() -> impl IntoView {
    view! {
        <nav class="subnav" aria-label="Drills">
            <a href="/drills">"Programme"</a>
            <a href="/drills/calendar">"Calendar"</a>
        </nav>
    }
}

#[component]
pub fn VerdictBadge(verdict: Verdict) -> impl IntoView {
    let class = match verdict {
        Verdict::Pass => "badge badge-ok",
        Verdict::Fail => "badge badge-danger",
        Verdict::NotMeasured => "badge badge-quiet",
    };
    view! { <span class=class data-testid="verdict">{verdict.label()}</span> }
}

/// "32 min inside the 4 h RTO" with the colour of its verdict.
#[component]
pub fn Margin(check: Check, what: &'static str) -> impl IntoView {
    let class = match check.verdict {
        Verdict::Pass => "margin margin-ok",
        Verdict::Fail => "margin margin-over",
        Verdict::NotMeasured => "margin muted",
    };
    let text = if check.measured.is_none() && check.objective.is_some() {
        "not measured yet".to_string()
    } else {
        check.describe(what)
    };
    view! { <span class=class>{text}</span> }
}

/// The plan form's fields, shared by "schedule a drill" and "edit".
#[component]
pub fn PlanFormFields(
    error: Signal<Option<AppError>>,
    people: Vec<Person>,
    #[prop(optional)] fields: Option<PlanFields>,
) -> impl IntoView {
    let f = fields.clone();
    let value = move |get: fn(&PlanFields) -> String, default: &str| {
        f.as_ref().map(get).unwrap_or_else(|| default.to_string())
    };
    let repeat = fields.as_ref().and_then(|f| f.repeat);
    let choice = if fields.is_some() {
        Repeat::choice(repeat)
    } else {
        "quarterly"
    };
    let (every, unit) = match repeat {
        Some(r) if Repeat::choice(Some(r)) == "custom" => (r.every.to_string(), r.unit.key()),
        _ => (String::new(), Unit::Month.key()),
    };
    let choices: Vec<(String, String)> = Repeat::CHOICES
        .iter()
        .map(|(k, l)| (k.to_string(), l.to_string()))
        .collect();
    let units: Vec<(String, String)> = [Unit::Day, Unit::Week, Unit::Month, Unit::Year]
        .iter()
        .map(|u| (u.key().to_string(), u.name(2).to_string()))
        .collect();
    let kind = fields
        .as_ref()
        .map(|f| f.kind)
        .unwrap_or(DrillKind::BackupRestore);
    let owner = fields
        .as_ref()
        .and_then(|f| f.owner_id)
        .map(|o| o.to_string())
        .unwrap_or_default();
    view! {
        <div class="grid-3">
            <TextField label="Title" name="title" maxlength=100 value=value(|f| f.title.clone(), "") error />
            <SelectField label="Kind of exercise" name="kind" options=DrillKind::options() selected=kind.key() error />
            <SelectField label="Owner" name="owner" options=people_options(&people) selected=owner error />
        </div>
        <div class="grid-3">
            <TextField label="First date" name="first_on" kind="date" value=value(|f| f.first_on.to_string(), "") error />
            <TextField label="Time" name="at_time" kind="time" value=value(|f| f.at_time.clone(), "09:00") error />
            <TextField label="Time zone" name="zone" maxlength=64 value=value(|f| f.zone.clone(), "UTC")
                hint="An IANA name, e.g. Europe/London or America/New_York" error />
        </div>
        <div class="grid-3">
            <SelectField label="Repeats" name="repeat" options=choices selected=choice error />
            <div class="field field-inline">
                <label for="every">"Custom interval: every"</label>
                <div class="inline-pair">
                    <input id="every" name="every" type="number" min="1" max="3653" value=every aria-describedby="every-error" />
                    <select id="unit" name="unit" aria-label="Unit">
                        {units.into_iter().map(|(k, l)| {
                            let selected = k == unit;
                            view! { <option value=k selected=selected>{l}</option> }
                        }).collect_view()}
                    </select>
                </div>
                <FieldMessage error field="every" />
            </div>
            <TextField label="Last date (optional)" name="until_on" kind="date" required=false value=value(|f| f.until_on.map(|d| d.to_string()).unwrap_or_default(), "") error />
        </div>
        <div class="grid-3">
            <TextField label="Planned duration" name="duration" maxlength=20 value=value(|f| crate::bia::duration::format(f.duration_minutes), "4 h") hint="e.g. 2 h, 1 d" error />
            <TextField label="Participants" name="participants" required=false maxlength=500 value=value(|f| f.participants.clone(), "") hint="Names or teams" error />
        </div>
        <TextArea label="Scenario and objectives" name="scenario" rows=3 value=value(|f| f.scenario.clone(), "")
            hint="What the exercise assumes has happened and what it sets out to prove" error />
    }
}
