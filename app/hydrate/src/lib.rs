#![recursion_limit = "512"]

//! The browser entry point: hydrates the server-rendered page. Pages are
//! lazily loaded routes, so hydration waits for the current page's code.

#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_lazy(app::App);
}
