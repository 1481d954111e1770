//! The members page: who belongs to the organisation, their roles, and
//! invitations. Everyone sees the list; owners and admins manage it.

use super::{
    ChangeRole, CreateInvite, CreatedInvite, Member, MembersView, PendingInvite, RemoveMember,
    RevokeInvite, list_members,
};
use crate::roles::{Permission, Role};
use crate::ui::ActionForm;
use crate::ui::Erase;
use crate::ui::{
    ErrorNotice, FieldMessage, FormError, TextField, format_date, format_time, last_error,
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[derive(Clone, Copy)]
struct Actions {
    change_role: ServerAction<ChangeRole>,
    remove: ServerAction<RemoveMember>,
    invite: ServerAction<CreateInvite>,
    revoke: ServerAction<RevokeInvite>,
}

#[component]
pub fn MembersPage() -> impl IntoView {
    let actions = Actions {
        change_role: ServerAction::new(),
        remove: ServerAction::new(),
        invite: ServerAction::new(),
        revoke: ServerAction::new(),
    };
    let data = Resource::new(
        move || {
            (
                actions.change_role.version().get(),
                actions.remove.version().get(),
                actions.invite.version().get(),
                actions.revoke.version().get(),
            )
        },
        |_| list_members(),
    );
    view! {
        <Title text="Members" />
        <div class="page-head">
            <h1>"Members"</h1>
        </div>
        <Transition fallback=|| view! { <p class="loading">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(view) => members_body(view, actions),
                    Err(error) => view! { <ErrorNotice error /> }.erase(),
                }
            })}
        </Transition>
    }
}

fn members_body(view: MembersView, actions: Actions) -> AnyView {
    let manage = view.my_role.can(Permission::ManageMembers);
    let role_error = last_error(actions.change_role);
    let remove_error = last_error(actions.remove);
    let revoke_error = last_error(actions.revoke);
    let count = view.members.len();
    let members = view.members.clone();
    let my_id = view.my_id;
    let my_role = view.my_role;
    view! {
        {manage.then(|| view! { <InviteCard actions link_base=view.link_base.clone() /> })}
        <section class="card">
            <h2>{format!("{count} member{}", if count == 1 { "" } else { "s" })}</h2>
            <FormError error=role_error />
            <FormError error=remove_error />
            <div class="table-wrap">
                <table class="table">
                    <thead>
                        <tr>
                            <th scope="col">"Name"</th>
                            <th scope="col">"Email"</th>
                            <th scope="col">"Role"</th>
                            <th scope="col">"Joined"</th>
                            {manage.then(|| view! { <th scope="col"><span class="visually-hidden">"Actions"</span></th> })}
                        </tr>
                    </thead>
                    <tbody>
                        {members
                            .into_iter()
                            .map(|m| {
                                let editable = manage && m.user_id != my_id && my_role.can_assign(m.role);
                                view! { <MemberRow member=m editable me=my_id my_role actions manage /> }
                            })
                            .collect_view()}
                    </tbody>
                </table>
            </div>
        </section>
        {manage.then(|| view! {
            <section class="card">
                <h2>"Pending invitations"</h2>
                <FormError error=revoke_error />
                <PendingInvites invites=view.invites.clone() revoke=actions.revoke />
            </section>
        })}
        <RoleGuide />
    }
    .erase()
}

#[component]
fn MemberRow(
    member: Member,
    editable: bool,
    me: uuid::Uuid,
    my_role: Role,
    actions: Actions,
    manage: bool,
) -> impl IntoView {
    let id = member.user_id.to_string();
    let remove_id = id.clone();
    let remove_prompt = format!("Remove {} from this organisation?", member.name);
    let select_label = format!("Role of {}", member.name);
    let is_me = member.user_id == me;
    view! {
        <tr>
            <td>
                {member.name.clone()}
                {is_me.then(|| view! { <span class="badge badge-quiet">"You"</span> })}
            </td>
            <td>{member.email.clone()}</td>
            <td>
                {if editable {
                    view! {
                        <ActionForm action=actions.change_role attr:class="row-form">
                            <input type="hidden" name="user_id" value=id.clone() />
                            <label class="visually-hidden" for=format!("role-{id}")>
                                {select_label}
                            </label>
                            <select name="role" id=format!("role-{id}")>
                                {Role::ALL
                                    .into_iter()
                                    .filter(|r| my_role.can_assign(*r))
                                    .map(|r| view! { <option value=r.as_str() selected=r == member.role>{r.label()}</option> })
                                    .collect_view()}
                            </select>
                            <button type="submit" class="btn btn-small">"Change"</button>
                        </ActionForm>
                    }
                        .erase()
                } else {
                    view! { <span class=format!("role role-{}", member.role.as_str())>{member.role.label()}</span> }.erase()
                }}
            </td>
            <td>{format_date(&member.joined_at)}</td>
            {manage.then(|| view! {
                <td class="actions">
                    {editable.then(|| view! {
                        // A second click to confirm, which also works without JavaScript.
                        <details class="confirm">
                            <summary class="btn btn-small btn-danger-quiet">"Remove…"</summary>
                            <ActionForm action=actions.remove attr:class="confirm-panel">
                                <input type="hidden" name="user_id" value=remove_id />
                                <p>{remove_prompt}</p>
                                <button type="submit" class="btn btn-small btn-danger">"Remove"</button>
                            </ActionForm>
                        </details>
                    })}
                </td>
            })}
        </tr>
    }
}

#[component]
fn InviteCard(actions: Actions, link_base: String) -> impl IntoView {
    let error = last_error(actions.invite);
    let created = Signal::derive(move || actions.invite.value().get().and_then(Result::ok));
    // Without JavaScript the created link comes back in the address.
    let from_query = use_query_map()
        .get_untracked()
        .get("created")
        .filter(|t| {
            t.len() == 43
                && t.chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        })
        .map(|token| format!("{link_base}/invite/{token}"));
    view! {
        <section class="card">
            <h2>"Invite someone"</h2>
            <ActionForm action=actions.invite attr:class="invite-form" attr:novalidate=true>
                <FormError error />
                <TextField label="Email address" name="email" kind="email" autocomplete="off" error />
                <div class="field">
                    <label for="invite-role">"Role"</label>
                    <p class="field-hint">"What each role can do is listed at the bottom of this page."</p>
                    <select name="role" id="invite-role">
                        {Role::ALL
                            .into_iter()
                            .filter(|r| *r != Role::Owner)
                            .map(|r| view! {
                                <option value=r.as_str() selected=r == Role::Contributor>{r.label()}</option>
                            })
                            .collect_view()}
                    </select>
                    <FieldMessage error field="role" />
                </div>
                <button type="submit" class="btn btn-primary">"Create invitation link"</button>
            </ActionForm>
            {move || match created.get() {
                Some(invite) => Some(view! { <CreatedLink invite /> }.erase()),
                None => from_query.clone().map(|link| view! { <LinkBox link note="Send this link to the person you invited.".into() /> }.erase()),
            }}
        </section>
    }
}

#[component]
fn CreatedLink(invite: CreatedInvite) -> impl IntoView {
    let sent = if invite.emailed {
        format!(
            "An email with this link is on its way to {}. ",
            invite.email
        )
    } else {
        format!("Send this link to {}. ", invite.email)
    };
    let note = format!(
        "{sent}It makes them {} and works once, until {}.",
        invite.role.label().to_lowercase(),
        format_time(&invite.expires_at)
    );
    view! { <LinkBox link=invite.link note /> }
}

#[component]
fn LinkBox(link: String, note: String) -> impl IntoView {
    let copied = RwSignal::new(false);
    let copy_text = link.clone();
    let copy = move |_| {
        let clipboard = window().navigator().clipboard();
        let _ = clipboard.write_text(&copy_text);
        copied.set(true);
    };
    view! {
        <div class="linkbox" role="status">
            <p>{note}</p>
            <div class="linkbox-row">
                <input type="text" readonly value=link aria-label="Invitation link" class="invite-link" />
                <button type="button" class="btn btn-small" on:click=copy>
                    {move || if copied.get() { "Copied" } else { "Copy" }}
                </button>
            </div>
            <p class="muted small">"Seawall shows this link only now. Anyone who has it can join as the invited address, so send it privately."</p>
        </div>
    }
}

#[component]
fn PendingInvites(
    invites: Vec<PendingInvite>,
    revoke: ServerAction<RevokeInvite>,
) -> impl IntoView {
    if invites.is_empty() {
        return view! { <p class="muted">"No invitations are waiting."</p> }.erase();
    }
    view! {
        <div class="table-wrap">
            <table class="table">
                <thead>
                    <tr>
                        <th scope="col">"Email"</th>
                        <th scope="col">"Role"</th>
                        <th scope="col">"Invited by"</th>
                        <th scope="col">"Valid until"</th>
                        <th scope="col"><span class="visually-hidden">"Actions"</span></th>
                    </tr>
                </thead>
                <tbody>
                    {invites
                        .into_iter()
                        .map(|i| view! {
                            <tr>
                                <td>{i.email.clone()}</td>
                                <td>{i.role.label()}</td>
                                <td>{i.invited_by.clone()}</td>
                                <td>
                                    {if i.expired {
                                        view! { <span class="badge badge-warn">"Expired"</span> }.erase()
                                    } else {
                                        view! { <span>{format_time(&i.expires_at)}</span> }.erase()
                                    }}
                                </td>
                                <td class="actions">
                                    <ActionForm action=revoke>
                                        <input type="hidden" name="invite_id" value=i.id.to_string() />
                                        <button type="submit" class="btn btn-small btn-danger-quiet" aria-label=format!("Revoke the invitation for {}", i.email)>
                                            "Revoke"
                                        </button>
                                    </ActionForm>
                                </td>
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
fn RoleGuide() -> impl IntoView {
    view! {
        <section class="card">
            <h2>"What each role can do"</h2>
            <dl class="role-guide">
                {Role::ALL
                    .into_iter()
                    .map(|r| view! {
                        <dt><span class=format!("role role-{}", r.as_str())>{r.label()}</span></dt>
                        <dd>{r.description()}</dd>
                    })
                    .collect_view()}
            </dl>
        </section>
    }
}
