//! What every request handler can reach: the database and the settings.

use crate::config::Settings;
use crate::db::Db;
use std::sync::Arc;

#[derive(Clone, Debug)]
pub struct AppState {
    pub db: Db,
    pub settings: Arc<Settings>,
    /// Set when SMTP is configured.
    pub mailer: Option<crate::mail::Mailer>,
    /// Live updates to browsers, across app servers.
    pub live: crate::live::Live,
    /// Figures derived from whole organisations, remembered per organisation.
    pub memos: Arc<crate::memo::Memos>,
    /// Callers' identities, remembered while this server is alone on its database.
    pub callers: Arc<crate::auth::ssr::Callers>,
}

impl AppState {
    /// The state of the current request, provided by the server as context.
    pub fn current() -> Result<AppState, crate::error::AppError> {
        leptos::prelude::use_context::<AppState>().ok_or_else(|| {
            tracing::error!("AppState missing from the request context");
            crate::error::AppError::Internal
        })
    }
}
