//! The sign-in and sign-up pages. Both are plain forms that work without
//! JavaScript and are enhanced when the page is hydrated.

use super::{LogIn, SignUp};
use crate::app::SessionResource;
use crate::demo::{CreateDemo, demo_available};
use crate::ui::ActionForm;
use crate::ui::{FormError, TextField, last_error, reload_on_success};
use crate::validate::PASSWORD_MIN;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Redirect;
use leptos_router::hooks::use_query_map;

#[component]
fn AuthLayout(title: &'static str, children: Children) -> impl IntoView {
    view! {
        <Title text=title />
        <main class="auth">
            <a class="brand brand-large" href="/">
                <img src="/favicon.svg" alt="" width="36" height="36" />
                <span>"Seawall"</span>
            </a>
            <p class="tagline">"Continuity plans, DR readiness and compliance evidence in one place."</p>
            <section class="card auth-card">
                <h1>{title}</h1>
                {children()}
            </section>
        </main>
    }
}

#[component]
pub fn LoginPage() -> impl IntoView {
    let action = ServerAction::<LogIn>::new();
    let error = last_error(action);
    reload_on_success(action);
    let next = use_query_map()
        .get_untracked()
        .get("next")
        .unwrap_or_default();
    let demo = Resource::new(|| (), |_| demo_available());
    let session = expect_context::<SessionResource>();
    view! {
        // Someone already signed in has nothing to do here.
        <Suspense>
            {move || Suspend::new(async move {
                matches!(session.await, Ok(Some(_))).then(|| view! { <Redirect path="/" /> })
            })}
        </Suspense>
        <AuthLayout title="Sign in">
            <ActionForm action attr:class="stack" attr:novalidate=true>
                <FormError error />
                <input type="hidden" name="next" value=next />
                <TextField label="Email address" name="email" kind="email" autocomplete="username" error />
                <TextField
                    label="Password"
                    name="password"
                    kind="password"
                    autocomplete="current-password"
                    maxlength=128
                    error
                />
                <button type="submit" class="btn btn-primary btn-block" disabled=move || action.pending().get()>
                    {move || if action.pending().get() { "Signing in…" } else { "Sign in" }}
                </button>
            </ActionForm>
            <p class="auth-switch">"New to Seawall? " <a href="/signup">"Create an account"</a></p>
            <Suspense>
                {move || Suspend::new(async move {
                    matches!(demo.await, Ok(true)).then(|| view! { <DemoOffer /> })
                })}
            </Suspense>
        </AuthLayout>
    }
}

/// Offered only while the installation has no organisation at all.
#[component]
fn DemoOffer() -> impl IntoView {
    let action = ServerAction::<CreateDemo>::new();
    let error = last_error(action);
    reload_on_success(action);
    view! {
        <div class="demo-offer">
            <h2>"Just looking?"</h2>
            <p>
                "This installation is empty. Create a sample organisation with one member of each "
                "role and explore it as its owner."
            </p>
            <ActionForm action>
                <FormError error />
                <button type="submit" class="btn btn-block" disabled=move || action.pending().get()>
                    "Explore with demo data"
                </button>
            </ActionForm>
        </div>
    }
}

#[component]
pub fn SignupPage() -> impl IntoView {
    let action = ServerAction::<SignUp>::new();
    let error = last_error(action);
    reload_on_success(action);
    let hint = format!("At least {PASSWORD_MIN} characters. A few unrelated words work well.");
    view! {
        <AuthLayout title="Create your account">
            <ActionForm action attr:class="stack" attr:novalidate=true>
                <FormError error />
                <TextField label="Your name" name="name" autocomplete="name" maxlength=100 error />
                <TextField label="Work email" name="email" kind="email" autocomplete="email" error />
                <TextField
                    label="Organisation"
                    name="organisation"
                    autocomplete="organization"
                    hint="You will be its owner and can invite colleagues."
                    maxlength=100
                    error
                />
                <TextField
                    label="Password"
                    name="password"
                    kind="password"
                    autocomplete="new-password"
                    hint=hint
                    maxlength=128
                    error
                />
                <TextField
                    label="Repeat the password"
                    name="password_confirm"
                    kind="password"
                    autocomplete="new-password"
                    maxlength=128
                    error
                />
                <button type="submit" class="btn btn-primary btn-block" disabled=move || action.pending().get()>
                    {move || if action.pending().get() { "Creating your account…" } else { "Create account" }}
                </button>
            </ActionForm>
            <p class="auth-switch">"Already have an account? " <a href="/login">"Sign in"</a></p>
        </AuthLayout>
    }
}
