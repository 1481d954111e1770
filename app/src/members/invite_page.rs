//! Accepting an invitation: as the signed-in user, by signing in to the
//! invited account, or by creating it. Works without JavaScript.

use super::{AcceptInvite, InviteInfo, InviteState, invite_details};
use crate::ui::ActionForm;
use crate::ui::Erase;
use crate::ui::{ErrorNotice, FormError, TextField, format_time, last_error, reload_on_success};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

#[component]
pub fn InvitePage() -> impl IntoView {
    let token = use_params_map()
        .get_untracked()
        .get("token")
        .unwrap_or_default();
    let details = Resource::new(
        {
            let token = token.clone();
            move || token.clone()
        },
        invite_details,
    );
    view! {
        <Title text="Invitation" />
        <main class="auth">
            <a class="brand brand-large" href="/">
                <img src="/favicon.svg" alt="" width="36" height="36" />
                <span>"Seawall"</span>
            </a>
            <section class="card auth-card">
                <Suspense fallback=|| view! { <p class="loading">"Loading…"</p> }>
                    {move || {
                        let token = token.clone();
                        Suspend::new(async move {
                            match details.await {
                                Ok(info) => view! { <InviteBody info token /> }.erase(),
                                Err(error) => view! { <ErrorNotice error /> }.erase(),
                            }
                        })
                    }}
                </Suspense>
            </section>
        </main>
    }
}

#[component]
fn InviteBody(info: InviteInfo, token: String) -> impl IntoView {
    let headline = format!("Join {}", info.org_name);
    let summary = format!(
        "{} invited {} to join {} as {}.",
        info.invited_by,
        info.email,
        info.org_name,
        info.role.label().to_lowercase()
    );
    let closed = match info.state {
        InviteState::Open => None,
        InviteState::Expired => Some(format!(
            "This invitation expired on {}. Ask {} for a new one.",
            format_time(&info.expires_at),
            info.invited_by
        )),
        InviteState::Used => {
            Some("This invitation has already been used. Sign in to continue.".to_string())
        }
        InviteState::Revoked => Some("This invitation was withdrawn.".to_string()),
    };
    view! {
        <h1>{headline}</h1>
        <p>{summary}</p>
        {match closed {
            Some(message) => view! {
                <div class="alert alert-warn" role="alert">{message}</div>
                <a class="btn" href="/login">"Go to sign in"</a>
            }
            .erase(),
            None => view! { <AcceptForm info token /> }.erase(),
        }}
    }
}

#[component]
fn AcceptForm(info: InviteInfo, token: String) -> impl IntoView {
    let action = ServerAction::<AcceptInvite>::new();
    let error = last_error(action);
    reload_on_success(action);
    let button = move |label: &'static str| {
        view! {
            <button type="submit" class="btn btn-primary btn-block" disabled=move || action.pending().get()>
                {label}
            </button>
        }
    };
    let fields = match (&info.signed_in_as, info.account_exists) {
        (Some(me), _) if *me == info.email => view! {
            <p class="muted">{format!("You are signed in as {me}.")}</p>
            {button("Accept and join")}
        }
        .erase(),
        (Some(me), _) => view! {
            <div class="alert alert-warn" role="alert">
                {format!("This invitation is for {}, but you are signed in as {me}. Sign out, then open the link again.", info.email)}
            </div>
        }
        .erase(),
        (None, true) => view! {
            <p class="muted">{format!("{} already has a Seawall account. Enter its password to join.", info.email)}</p>
            <TextField label="Password" name="password" kind="password" autocomplete="current-password" maxlength=128 error />
            {button("Sign in and join")}
        }
        .erase(),
        (None, false) => view! {
            <p class="muted">{format!("Create your account for {}.", info.email)}</p>
            <TextField label="Your name" name="name" autocomplete="name" maxlength=100 error />
            <TextField
                label="Password"
                name="password"
                kind="password"
                autocomplete="new-password"
                hint=format!("At least {} characters.", crate::validate::PASSWORD_MIN)
                maxlength=128
                error
            />
            <TextField label="Repeat the password" name="password_confirm" kind="password" autocomplete="new-password" maxlength=128 error />
            {button("Create account and join")}
        }
        .erase(),
    };
    view! {
        <ActionForm action attr:class="stack" attr:novalidate=true>
            <FormError error />
            <input type="hidden" name="token" value=token />
            <input type="hidden" name="email" value=info.email.clone() autocomplete="username" />
            {fields}
        </ActionForm>
    }
}
