//! leptos's `ActionForm`, with its content erased through [`Erase`].
//!
//! leptos's form takes `Children`, which erases the form's content with
//! `.into_any()` and so compiles an async hydration path for every form in
//! the app (see `erase.rs`). This component takes the content typed and
//! erases it itself. Markup, attributes (`attr:class=…`) and behaviour are
//! those of leptos's form.

use super::Erase;
use leptos::prelude::*;
use leptos::server_fn::client::Client;
use leptos::server_fn::codec::PostUrl;
use leptos::server_fn::request::ClientReq;
use leptos::server_fn::{Http, ServerFn};
use serde::de::DeserializeOwned;
use web_sys::FormData;

/// A form that calls `action`'s server function: with JavaScript through the
/// action (no page load), without it as an ordinary post.
#[component]
pub fn ActionForm<ServFn, OutputProtocol, C>(
    action: ServerAction<ServFn>,
    children: TypedChildren<C>,
) -> impl IntoView
where
    C: IntoView + 'static,
    ServFn: DeserializeOwned
        + ServerFn<Protocol = Http<PostUrl, OutputProtocol>>
        + Clone
        + Send
        + Sync
        + 'static,
    <<ServFn::Client as Client<ServFn::Error>>::Request as ClientReq<ServFn::Error>>::FormData:
        From<FormData>,
    ServFn::Output: Send + Sync + 'static,
    ServFn::Error: Send + Sync + 'static,
    <ServFn as ServerFn>::Client: Client<<ServFn as ServerFn>::Error>,
{
    let content = (children.into_inner())().erase();
    leptos::form::ActionForm(
        leptos::form::ActionFormProps::builder()
            .action(action)
            .children(Box::new(move || content))
            .build(),
    )
}
