//! The live event stream of a workshop (server-sent events). Browsers get a
//! `changed` event whenever something in the workshop changes and refetch
//! the workshop; the stream ends when the server shuts down.

use crate::auth::ssr::authorize_session;
use crate::roles::Permission;
use crate::state::AppState;
use axum::http::StatusCode;
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use futures::StreamExt;
use tokio_stream::wrappers::BroadcastStream;
use tower_sessions::Session;
use uuid::Uuid;

pub async fn events(state: AppState, session: Session, id: Uuid) -> Response {
    let caller = match authorize_session(state, &session, Permission::ViewOrganisation).await {
        Ok(caller) => caller,
        Err(error) => return refuse(&error),
    };
    if let Err(error) = super::ssr::find(&caller.state.db, caller.org_id, id).await {
        return refuse(&error);
    }
    let topic = super::topic(id);
    let events = BroadcastStream::new(caller.state.live.subscribe())
        .filter_map(move |event| {
            let wanted = match event {
                Ok(event) => event.topic == topic,
                // Missed events: tell the browser to refetch anyway.
                Err(_) => true,
            };
            std::future::ready(wanted.then(|| {
                Ok::<_, std::convert::Infallible>(Event::default().event("changed").data("changed"))
            }))
        })
        .take_until(caller.state.live.closing());
    Sse::new(events)
        .keep_alive(KeepAlive::default())
        .into_response()
}

fn refuse(error: &crate::error::AppError) -> Response {
    let status = StatusCode::from_u16(error.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    (status, error.to_string()).into_response()
}
