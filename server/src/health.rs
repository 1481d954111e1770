//! Probes for load balancers and orchestrators.

use app::db::Db;
use axum::Router;
use axum::http::StatusCode;
use axum::routing::get;

/// `/healthz`: the process is up. `/readyz`: and its database answers.
pub fn router<S: Clone + Send + Sync + 'static>(db: Db) -> Router<S> {
    Router::new()
        .route("/healthz", get(|| async { "ok" }))
        .route(
            "/readyz",
            get(move || {
                let db = db.clone();
                async move {
                    match db.ping().await {
                        Ok(()) => (StatusCode::OK, "ready"),
                        Err(error) => {
                            tracing::warn!(%error, "readiness check failed");
                            (StatusCode::SERVICE_UNAVAILABLE, "database unavailable")
                        }
                    }
                }
            }),
        )
}
