//! Backups and replication of one system, the 3-2-1-1-0 check, and where
//! each backup copy lives.

use super::detail::Actions;
use crate::bia::duration::compact;
use crate::systems::SystemDetail;
use crate::systems::design::{BackupCopy, Media, PartialKind, Replication, RuleCheck};
use crate::ui::ActionForm;
use crate::ui::Erase;
use crate::ui::{FieldMessage, FormError, SelectField, TextField, last_error};
use leptos::prelude::*;

fn days(v: Option<i64>) -> String {
    v.map(|d| d.to_string()).unwrap_or_default()
}

#[component]
pub fn BackupCard(detail: SystemDetail, actions: Actions) -> AnyView {
    let d = detail.profile.design.clone();
    let id = detail.resource.id.to_string();
    let can_edit = detail.can_edit;
    let error = last_error(actions.backup);
    let saved = move || matches!(actions.backup.value().get(), Some(Ok(())));
    let summary = format!(
        "{}; replication: {}{}.",
        d.schedule_text(),
        d.replication.label().to_lowercase(),
        d.replication_lag
            .map(|l| format!(" (lag up to {})", crate::bia::duration::format(l)))
            .unwrap_or_default()
    );
    view! {
        <section class="card" aria-label="Backup and replication">
            <h2>"Backup and replication"</h2>
            <p>{summary}</p>
            <RuleChecks rule=detail.rule.clone() months=detail.restore_months />
            <CopyList copies=d.copies.clone() can_edit actions />
            {can_edit.then(|| view! { <NewCopy system=id.clone() actions /> })}
            {can_edit.then(|| view! {
                <h3>"Schedule, replication and restore tests"</h3>
                <ActionForm action=actions.backup attr:class="stack" attr:novalidate=true>
                    <input type="hidden" name="id" value=id.clone() />
                    <FormError error />
                    <div class="grid-3">
                        <TextField label="Full backup every" name="full_every" value=d.full_every.map(compact).unwrap_or_default() required=false hint="e.g. 1 week" maxlength=20 error />
                        <SelectField label="Between full backups" name="partial_kind" options=PartialKind::options() selected=d.partial_kind.as_str() error />
                        <TextField label="Partial backup every" name="partial_every" value=d.partial_every.map(compact).unwrap_or_default() required=false hint="e.g. 24 h" maxlength=20 error />
                    </div>
                    <div class="grid-3">
                        <TextField label="Online retention (days)" name="retention_days" value=days(d.retention_days) required=false maxlength=6 error />
                        <TextField label="Archive retention (days)" name="archive_days" value=days(d.archive_days) required=false maxlength=6 error />
                        <span></span>
                    </div>
                    <div class="grid-3">
                        <SelectField label="Replication" name="replication" options=Replication::options() selected=d.replication.as_str() error />
                        <TextField label="Expected lag (asynchronous)" name="replication_lag" value=d.replication_lag.map(compact).unwrap_or_default() required=false hint="e.g. 5 min" maxlength=20 error />
                        <span></span>
                    </div>
                    <div class="grid-3">
                        <TextField label="Last verified restore" name="restore_tested_on" kind="date" value=d.restore_tested_on.map(|x| x.to_string()).unwrap_or_default() required=false error />
                        <TextField label="Restore took" name="restore_minutes" value=d.restore_minutes.map(compact).unwrap_or_default() required=false hint="e.g. 3 h" maxlength=20 error />
                        <TextField label="Errors found when verifying" name="restore_errors" value=d.restore_errors.map(|x| x.to_string()).unwrap_or_default() required=false hint="0 if the data checked out" maxlength=10 error />
                    </div>
                    <div class="form-actions">
                        <button type="submit" class="btn btn-primary">"Save backup design"</button>
                        {move || saved().then(|| view! { <span class="saved" role="status">"Saved"</span> })}
                    </div>
                </ActionForm>
                <p class="small muted">"Replication is not a backup: it copies deletions and corruption too. The RPO comes from replication when there is one, otherwise from the most frequent backup."</p>
            })}
        </section>
    }
    .erase()
}

#[component]
fn RuleChecks(rule: Vec<RuleCheck>, months: u32) -> impl IntoView {
    let held = rule.iter().filter(|c| c.holds).count();
    view! {
        <div class="rule-32110" data-testid="rule-32110">
            <h3>{format!("3-2-1-1-0: {held} of {} conditions hold", rule.len())}</h3>
            <ul class="check-list">
                {rule
                    .into_iter()
                    .map(|c| view! {
                        <li class:holds=c.holds class:fails=!c.holds data-testid="rule-check">
                            <span class="check-digit" aria-hidden="true">{c.digit.clone()}</span>
                            <span>
                                <strong>{c.condition.clone()}</strong>
                                <span class="visually-hidden">{if c.holds { " (holds)" } else { " (not met)" }}</span>
                                " · "{c.detail.clone()}
                            </span>
                        </li>
                    })
                    .collect_view()}
            </ul>
            <p class="small muted">{format!("Three copies including the live data, on two kinds of media, one off-site, one offline or immutable, and zero errors in a verified restore within {months} months.")}</p>
        </div>
    }
}

#[component]
fn CopyList(copies: Vec<BackupCopy>, can_edit: bool, actions: Actions) -> AnyView {
    let remove_error = last_error(actions.remove_copy);
    if copies.is_empty() {
        return view! { <p class="muted">"No backup copies recorded."</p> }.erase();
    }
    view! {
        <FormError error=remove_error />
        <div class="table-wrap">
            <table class="table">
                <thead>
                    <tr>
                        <th scope="col">"Backup copy"</th>
                        <th scope="col">"Media"</th>
                        <th scope="col">"Location"</th>
                        <th scope="col">"Off-site"</th>
                        <th scope="col">"Offline / immutable"</th>
                        {can_edit.then(|| view! { <th scope="col"><span class="visually-hidden">"Actions"</span></th> })}
                    </tr>
                </thead>
                <tbody>
                    {copies
                        .into_iter()
                        .map(|c| view! {
                            <tr data-testid="backup-copy">
                                <td>{c.label.clone()}</td>
                                <td>{c.media.label()}</td>
                                <td>{if c.location.is_empty() { "—".to_string() } else { c.location.clone() }}</td>
                                <td>{if c.offsite { "Yes" } else { "No" }}</td>
                                <td>{if c.offline { "Yes" } else { "No" }}</td>
                                {can_edit.then(|| view! {
                                    <td class="actions">
                                        <ActionForm action=actions.remove_copy>
                                            <input type="hidden" name="id" value=c.id.to_string() />
                                            <button type="submit" class="btn btn-small btn-ghost" aria-label=format!("Remove {}", c.label)>"Remove"</button>
                                        </ActionForm>
                                    </td>
                                })}
                            </tr>
                        })
                        .collect_view()}
                </tbody>
            </table>
        </div>
    }
    .erase()
}

#[component]
fn NewCopy(system: String, actions: Actions) -> impl IntoView {
    let error = last_error(actions.add_copy);
    view! {
        <ActionForm action=actions.add_copy attr:class="row-form add-copy" attr:novalidate=true>
            <input type="hidden" name="system" value=system />
            <div class="field">
                <label for="copy-label">"Add a backup copy"</label>
                <input id="copy-label" name="label" maxlength="100" placeholder="e.g. Nightly tape set" />
                <FieldMessage error field="label" />
            </div>
            <div class="field">
                <label for="copy-media">"Media"</label>
                <select id="copy-media" name="media">
                    {Media::ALL.iter().map(|m| view! { <option value=m.as_str()>{m.label()}</option> }).collect_view()}
                </select>
                <FieldMessage error field="media" />
            </div>
            <div class="field">
                <label for="copy-location">"Location"</label>
                <input id="copy-location" name="location" maxlength="200" placeholder="e.g. Iron vault, Utrecht" />
                <FieldMessage error field="location" />
            </div>
            <label class="checkbox"><input type="checkbox" name="offsite" value="on" />" Off-site"</label>
            <label class="checkbox"><input type="checkbox" name="offline" value="on" />" Offline or immutable"</label>
            <button type="submit" class="btn">"Add copy"</button>
        </ActionForm>
        <FormError error />
    }
}
