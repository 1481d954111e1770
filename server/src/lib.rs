//! Builds and runs the Seawall web server. `main.rs` only parses arguments;
//! tests start the same server on port 0 through [`start`].

#![recursion_limit = "512"]

mod assets;
mod guard;
mod health;
pub mod maintenance;
mod outage;
mod sessions;

use app::config::Settings;
use app::db::{self, ConnectOptions};
use app::live::{Live, LiveShutdown};
use app::state::AppState;
use axum::Router;
use leptos::prelude::*;
use leptos_axum::{LeptosRoutes, generate_route_list};
use std::net::SocketAddr;
use std::sync::{Arc, OnceLock};
use tokio::net::TcpListener;
use tower_http::trace::TraceLayer;

pub fn init_tracing(settings: &Settings) {
    use tracing_subscriber::{EnvFilter, fmt};
    let filter = EnvFilter::try_new(&settings.log).unwrap_or_else(|e| {
        eprintln!("seawall: ignoring the log filter {:?}: {e}", settings.log);
        EnvFilter::new("info")
    });
    let builder = fmt().with_env_filter(filter);
    let _ = if settings.log_json {
        builder.json().try_init()
    } else {
        builder.try_init()
    };
}

/// Where the compiled browser assets are, and what they are called. Set by
/// cargo-leptos when it runs the server; defaults match its output.
fn leptos_options(addr: SocketAddr) -> LeptosOptions {
    let env =
        |name: &str, default: &str| std::env::var(name).unwrap_or_else(|_| default.to_string());
    let mut options = LeptosOptions::builder()
        .output_name(env(
            "LEPTOS_OUTPUT_NAME",
            option_env!("LEPTOS_OUTPUT_NAME").unwrap_or("seawall"),
        ))
        .site_root(env("LEPTOS_SITE_ROOT", "target/site"))
        .site_pkg_dir(env("LEPTOS_SITE_PKG_DIR", "pkg"))
        .site_addr(addr)
        .build();
    if env("LEPTOS_ENV", "PROD").eq_ignore_ascii_case("DEV") {
        options.env = leptos::config::Env::DEV;
    }
    options
}

/// The application's routes, generated once per process. Generating them
/// runs the app with resource loading suppressed process-wide, so a page
/// rendered by another server in the same process at that moment (as when
/// tests start servers side by side) would wait forever for its data.
fn route_list() -> Vec<leptos_axum::AxumRouteListing> {
    static ROUTES: OnceLock<Vec<leptos_axum::AxumRouteListing>> = OnceLock::new();
    ROUTES.get_or_init(|| generate_route_list(app::App)).clone()
}

/// Connects to the database (running migrations), and builds the router.
/// The returned [`LiveShutdown`] ends the live event streams; trigger it when
/// shutting down so that open browsers do not hold the server up.
pub async fn build(
    settings: Settings,
) -> Result<(Router, AppState, LiveShutdown), Box<dyn std::error::Error>> {
    let mailer = app::mail::Mailer::from_settings(&settings)?;
    let db = db::connect(&ConnectOptions {
        url: settings.database_url.clone(),
        max_connections: settings.pool_size(),
    })
    .await?;
    // The shipped control catalogs are loaded (or upgraded) before serving.
    app::controls::ssr::catalogs::load_shipped(&db).await?;
    // Audit entries from before the hash chain existed are chained once.
    let sealed = app::audit::chain::seal_unsealed(&db).await?;
    if sealed > 0 {
        tracing::info!(sealed, "sealed earlier audit entries into the hash chain");
    }
    // What this server remembers between requests is trusted only while no
    // other server shares its database.
    let sole = Arc::new(app::db::Sole::for_database(&settings.database_url));
    let session_layer = sessions::layer(&db, &settings, sole.clone()).await?;
    let (live, live_shutdown) = Live::new();
    live.spawn_listener(&db);
    let state = AppState {
        db,
        settings: Arc::new(settings),
        mailer,
        live,
        memos: Arc::default(),
        callers: Arc::new(app::auth::ssr::Callers::new(sole)),
    };
    // The dummy hash that evens out sign-in timing is computed now, not
    // during the first failed sign-in.
    tokio::task::spawn_blocking(app::auth::ssr::password::warm_up).await?;

    let options = leptos_options(state.settings.addr);
    let routes = route_list();
    let context = {
        let state = state.clone();
        move || {
            provide_context(state.clone());
            provide_context(app::auth::ssr::Seen::default());
            // Pages carry the policy naming this response's script nonce,
            // which leptos puts on the hydration and streaming scripts.
            if let (Some(nonce), Some(response)) = (
                leptos::nonce::use_nonce(),
                use_context::<leptos_axum::ResponseOptions>(),
            ) && let Ok(policy) = axum::http::HeaderValue::from_str(&guard::page_policy(&nonce))
            {
                response.insert_header(axum::http::header::CONTENT_SECURITY_POLICY, policy);
            }
        }
    };
    let router = Router::new()
        .merge(health::router(state.db.clone()))
        .route(
            "/api/live/workshops/{id}",
            axum::routing::get({
                let state = state.clone();
                move |session: tower_sessions::Session,
                      axum::extract::Path(id): axum::extract::Path<uuid::Uuid>| {
                    app::workshops::stream::events(state.clone(), session, id)
                }
            }),
        )
        .route(
            "/bia/export.csv",
            axum::routing::get({
                let state = state.clone();
                move |session: tower_sessions::Session| {
                    app::bia::ssr::csv::export_handler(state.clone(), session)
                }
            }),
        )
        .route(
            "/systems/export.csv",
            axum::routing::get({
                let state = state.clone();
                move |session: tower_sessions::Session| {
                    app::systems::ssr::csv::export_handler(state.clone(), session)
                }
            }),
        )
        .route(
            "/drills/feed/{token}",
            axum::routing::get({
                let state = state.clone();
                move |axum::extract::Path(token): axum::extract::Path<String>,
                      headers: axum::http::HeaderMap| {
                    app::drills::ssr::feed::handler(state.clone(), token, headers)
                }
            }),
        )
        .route(
            "/evidence/upload",
            axum::routing::post({
                let state = state.clone();
                move |session: tower_sessions::Session,
                      headers: axum::http::HeaderMap,
                      multipart: Result<
                    axum::extract::Multipart,
                    axum::extract::multipart::MultipartRejection,
                >| {
                    app::evidence::ssr::upload::handler(state.clone(), session, headers, multipart)
                }
            })
            .layer(axum::extract::DefaultBodyLimit::max(
                state.settings.upload_limit_mb as usize * 1024 * 1024
                    + app::evidence::ssr::upload::FORM_OVERHEAD,
            )),
        )
        .route(
            "/evidence/file/{version}",
            axum::routing::get({
                let state = state.clone();
                move |session: tower_sessions::Session,
                      axum::extract::Path(version): axum::extract::Path<uuid::Uuid>| {
                    app::evidence::ssr::upload::download(state.clone(), session, version)
                }
            }),
        )
        .route(
            "/reports/file/{id}",
            axum::routing::get({
                let state = state.clone();
                move |session: tower_sessions::Session,
                      axum::extract::Path(id): axum::extract::Path<uuid::Uuid>| {
                    app::reports::ssr::routes::download(state.clone(), session, id, false)
                }
            }),
        )
        .route(
            "/reports/view/{id}",
            axum::routing::get({
                let state = state.clone();
                move |session: tower_sessions::Session,
                      axum::extract::Path(id): axum::extract::Path<uuid::Uuid>| {
                    app::reports::ssr::routes::download(state.clone(), session, id, true)
                }
            }),
        )
        .route(
            "/reports/signed/{id}",
            axum::routing::get({
                let state = state.clone();
                move |session: tower_sessions::Session,
                      axum::extract::Path(id): axum::extract::Path<uuid::Uuid>| {
                    app::reports::review::ssr::routes::signed(state.clone(), session, id, false)
                }
            }),
        )
        .route(
            "/reports/verify/upload",
            axum::routing::post({
                let state = state.clone();
                move |session: tower_sessions::Session,
                      headers: axum::http::HeaderMap,
                      multipart: Result<
                    axum::extract::Multipart,
                    axum::extract::multipart::MultipartRejection,
                >| {
                    app::reports::review::ssr::routes::verify(
                        state.clone(),
                        session,
                        headers,
                        multipart,
                    )
                }
            })
            .layer(axum::extract::DefaultBodyLimit::max(
                state.settings.upload_limit_mb as usize * 1024 * 1024
                    + app::evidence::ssr::upload::FORM_OVERHEAD,
            )),
        )
        .route(
            "/reports/oscal/assessment-results/{framework}",
            axum::routing::get({
                let state = state.clone();
                move |session: tower_sessions::Session,
                      axum::extract::Path(framework): axum::extract::Path<String>| {
                    app::reports::ssr::routes::oscal(
                        state.clone(),
                        session,
                        app::reports::ssr::routes::Oscal::AssessmentResults(framework),
                    )
                }
            }),
        )
        .route(
            "/reports/oscal/poam",
            axum::routing::get({
                let state = state.clone();
                move |session: tower_sessions::Session| {
                    app::reports::ssr::routes::oscal(
                        state.clone(),
                        session,
                        app::reports::ssr::routes::Oscal::Poam,
                    )
                }
            }),
        )
        .route(
            "/controls/import",
            axum::routing::post({
                let state = state.clone();
                move |session: tower_sessions::Session,
                      headers: axum::http::HeaderMap,
                      multipart: Result<
                    axum::extract::Multipart,
                    axum::extract::multipart::MultipartRejection,
                >| {
                    app::controls::ssr::import::handler(state.clone(), session, headers, multipart)
                }
            })
            .layer(axum::extract::DefaultBodyLimit::max(
                app::controls::ssr::import::LIMIT + 64 * 1024,
            )),
        )
        .leptos_routes_with_context(&options, routes, context.clone(), {
            let options = options.clone();
            move || app::shell(options.clone())
        })
        .fallback(leptos_axum::file_and_error_handler_with_context(
            context,
            app::shell,
        ))
        .with_state(options)
        .layer(axum::middleware::from_fn(guard::server_fn_status))
        .layer(axum::middleware::from_fn_with_state(
            state.settings.clone(),
            guard::same_origin_writes,
        ))
        .layer(session_layer)
        .layer(axum::middleware::from_fn_with_state(
            state.db.clone(),
            outage::database_outage,
        ))
        .layer(axum::middleware::from_fn(guard::security_headers))
        .layer(assets::layer())
        .layer(TraceLayer::new_for_http());
    Ok((router, state, live_shutdown))
}

/// A running server: its address and the task serving it.
pub struct Running {
    pub addr: SocketAddr,
    pub state: AppState,
    pub task: tokio::task::JoinHandle<std::io::Result<()>>,
}

/// Starts serving on `listener` until `shutdown` resolves; in-flight requests finish first.
pub async fn start(
    settings: Settings,
    listener: TcpListener,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> Result<Running, Box<dyn std::error::Error>> {
    let (router, state, live_shutdown) = build(settings).await?;
    let addr = listener.local_addr()?;
    let shutdown = async move {
        shutdown.await;
        live_shutdown.trigger();
    };
    let callers = state.callers.clone();
    let task = tokio::spawn(async move {
        let served = axum::serve(
            listener,
            router.into_make_service_with_connect_info::<SocketAddr>(),
        )
        .with_graceful_shutdown(shutdown)
        .await;
        // Background tasks may still hold the state; the file is free now.
        callers.sole().release();
        served
    });
    Ok(Running { addr, state, task })
}

pub async fn run(settings: Settings, demo: bool) -> Result<(), Box<dyn std::error::Error>> {
    tracing::info!(?settings, "starting Seawall");
    let listener = TcpListener::bind(settings.addr).await?;
    let running = start(settings, listener, shutdown_signal()).await?;
    tracing::info!(
        backend = running.state.db.backend(),
        "Seawall is listening on http://{}",
        running.addr
    );
    if demo {
        create_demo(&running.state).await;
    }
    running.task.await??;
    running.state.db.close().await;
    tracing::info!("Seawall stopped cleanly");
    Ok(())
}

async fn create_demo(state: &AppState) {
    use app::demo::ssr::{DEMO_PEOPLE, demo_exists, seed};
    match demo_exists(&state.db).await {
        Ok(true) => tracing::info!("the demo organisation already exists"),
        Ok(false) => match seed(&state.db, state.settings.demo_password.clone()).await {
            Ok(seed) => {
                let accounts: Vec<String> = DEMO_PEOPLE
                    .iter()
                    .map(|(_, email, role)| format!("{email} ({role})"))
                    .collect();
                tracing::info!(
                    accounts = %accounts.join(", "),
                    password = %seed.password,
                    "demo organisation created"
                );
            }
            Err(error) => tracing::error!(%error, "could not create the demo organisation"),
        },
        Err(error) => tracing::error!(%error, "could not look for the demo organisation"),
    }
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = terminate => {},
    }
    tracing::info!("shutting down: finishing requests in flight");
}
