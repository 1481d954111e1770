//! Type erasure for views that hydrate synchronously.
//!
//! Pages are lazily loaded routes, so the browser hydrates the app through
//! tachys's asynchronous path (`hydrate_async`): the router has to wait for a
//! page's code to arrive. `AnyView` keeps a pointer to the async hydration of
//! whatever it erases, so every `.into_any()` compiles a second, much larger,
//! state-machine copy of its view's hydration code, even though nothing below
//! a page is ever loaded lazily and the synchronous copy would do.
//!
//! [`Erase::erase`] erases a view behind [`Synchronous`], whose async
//! hydration simply runs the synchronous one. The HTML, the DOM and the
//! reactive behaviour are exactly those of the wrapped view; only the browser
//! bundle shrinks.

use leptos::prelude::AnyView;
use leptos::tachys::html::attribute::Attribute;
use leptos::tachys::html::attribute::any_attribute::AnyAttribute;
use leptos::tachys::hydration::Cursor;
use leptos::tachys::ssr::StreamBuilder;
use leptos::tachys::view::add_attr::AddAnyAttr;
use leptos::tachys::view::any_view::IntoAny;
use leptos::tachys::view::{Position, PositionState, Render, RenderHtml};

/// A view whose hydration never needs to wait for code to load.
pub struct Synchronous<V>(V);

/// `.erase()` is `.into_any()` for views that contain no lazily loaded code:
/// everything below a page's route.
pub trait Erase: Sized {
    fn erase(self) -> AnyView;
}

impl<V: RenderHtml> Erase for V {
    // The one place that erases views directly.
    #[allow(clippy::disallowed_methods)]
    fn erase(self) -> AnyView {
        Synchronous(self).into_any()
    }
}

impl<V: Render> Render for Synchronous<V> {
    type State = V::State;

    fn build(self) -> Self::State {
        self.0.build()
    }

    fn rebuild(self, state: &mut Self::State) {
        self.0.rebuild(state)
    }
}

impl<V: AddAnyAttr> AddAnyAttr for Synchronous<V> {
    type Output<SomeNewAttr: Attribute> = Synchronous<V::Output<SomeNewAttr>>;

    fn add_any_attr<NewAttr: Attribute>(self, attr: NewAttr) -> Self::Output<NewAttr>
    where
        Self::Output<NewAttr>: RenderHtml,
    {
        Synchronous(self.0.add_any_attr(attr))
    }
}

impl<V: RenderHtml> RenderHtml for Synchronous<V> {
    type AsyncOutput = V::AsyncOutput;
    type Owned = Synchronous<V::Owned>;

    const MIN_LENGTH: usize = V::MIN_LENGTH;
    const EXISTS: bool = V::EXISTS;

    fn dry_resolve(&mut self) {
        self.0.dry_resolve();
    }

    async fn resolve(self) -> Self::AsyncOutput {
        self.0.resolve().await
    }

    fn html_len(&self) -> usize {
        self.0.html_len()
    }

    fn to_html_with_buf(
        self,
        buf: &mut String,
        position: &mut Position,
        escape: bool,
        mark_branches: bool,
        extra_attrs: Vec<AnyAttribute>,
    ) {
        self.0
            .to_html_with_buf(buf, position, escape, mark_branches, extra_attrs);
    }

    fn to_html_async_with_buf<const OUT_OF_ORDER: bool>(
        self,
        buf: &mut StreamBuilder,
        position: &mut Position,
        escape: bool,
        mark_branches: bool,
        extra_attrs: Vec<AnyAttribute>,
    ) where
        Self: Sized,
    {
        self.0.to_html_async_with_buf::<OUT_OF_ORDER>(
            buf,
            position,
            escape,
            mark_branches,
            extra_attrs,
        );
    }

    fn hydrate<const FROM_SERVER: bool>(
        self,
        cursor: &Cursor,
        position: &PositionState,
    ) -> Self::State {
        self.0.hydrate::<FROM_SERVER>(cursor, position)
    }

    // `hydrate_async` keeps the trait's default, which runs `hydrate`: that
    // default is the point of this type.

    fn into_owned(self) -> Self::Owned {
        Synchronous(self.0.into_owned())
    }
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;
    use leptos::prelude::*;

    fn card(rows: Vec<&'static str>) -> impl IntoView + use<> {
        view! {
            <section class="card">
                <h2>"Title"</h2>
                {(!rows.is_empty()).then(|| view! { <p class="muted">"Rows"</p> })}
                <ul>{rows.into_iter().map(|r| view! { <li>{r}</li> }).collect_view()}</ul>
            </section>
        }
    }

    // The server's HTML must be exactly what `.into_any()` produces, or the
    // browser's hydration would not find the nodes it expects.
    #[test]
    #[allow(clippy::disallowed_methods)]
    fn erased_views_render_the_same_html() {
        let owner = Owner::new();
        owner.set();
        for rows in [vec![], vec!["a"], vec!["a", "b <c>"]] {
            let erased = card(rows.clone()).erase();
            let plain = card(rows.clone()).into_any();
            assert_eq!(erased.html_len(), plain.html_len());
            let html = erased.to_html();
            assert!(
                html.starts_with("<section class=\"card\"><h2>Title</h2>"),
                "{html}"
            );
            assert_eq!(html, plain.to_html());
        }
    }
}
