//! Live updates: a change on one app server reaches every browser watching
//! it, on any app server. With PostgreSQL every publication goes through
//! `NOTIFY` and each server's listener fans it out to its own subscribers
//! (including the publishing server, so there is one path); with SQLite there
//! is only one server and the channel is local.

use crate::db::Db;
use tokio::sync::{broadcast, watch};

pub const CHANNEL: &str = "seawall_live";

/// A topic such as `workshop:<id>`; subscribers refetch what they show.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LiveEvent {
    pub topic: String,
}

#[derive(Clone, Debug)]
pub struct Live {
    sender: broadcast::Sender<LiveEvent>,
    closing: watch::Receiver<bool>,
}

/// Held by the server; dropping or triggering it ends every live stream so
/// that a graceful shutdown is not held open by browsers.
pub struct LiveShutdown(watch::Sender<bool>);

impl LiveShutdown {
    pub fn trigger(&self) {
        let _ = self.0.send(true);
    }
}

impl Live {
    pub fn new() -> (Live, LiveShutdown) {
        let (sender, _) = broadcast::channel(1024);
        let (close_tx, closing) = watch::channel(false);
        (Live { sender, closing }, LiveShutdown(close_tx))
    }

    pub fn subscribe(&self) -> broadcast::Receiver<LiveEvent> {
        self.sender.subscribe()
    }

    /// Resolves when the server starts shutting down.
    pub fn closing(&self) -> impl std::future::Future<Output = ()> + Send + 'static {
        let mut closing = self.closing.clone();
        async move {
            let _ = closing.wait_for(|closed| *closed).await;
        }
    }

    /// Announces a committed change. Failure to announce is logged, never
    /// fatal: the change is saved, and browsers catch up on reconnect.
    pub async fn publish(&self, db: &Db, topic: String) {
        match db {
            Db::Sqlite(_) => {
                let _ = self.sender.send(LiveEvent { topic });
            }
            Db::Postgres(pool) => {
                let sent = sqlx::query("SELECT pg_notify($1, $2)")
                    .bind(CHANNEL)
                    .bind(&topic)
                    .execute(pool)
                    .await;
                if let Err(error) = sent {
                    tracing::warn!(%error, "could not announce a change; delivering locally");
                    let _ = self.sender.send(LiveEvent { topic });
                }
            }
        }
    }

    /// With PostgreSQL, relays notifications from every app server to this
    /// one's subscribers until shutdown; reconnects after a dropped connection.
    pub fn spawn_listener(&self, db: &Db) {
        let Db::Postgres(pool) = db else { return };
        let pool = pool.clone();
        let sender = self.sender.clone();
        let closing = self.closing();
        tokio::spawn(async move {
            let relay = async move {
                loop {
                    match sqlx::postgres::PgListener::connect_with(&pool).await {
                        Ok(mut listener) => {
                            if let Err(error) = listener.listen(CHANNEL).await {
                                tracing::warn!(%error, "could not listen for live updates");
                            } else {
                                loop {
                                    match listener.recv().await {
                                        Ok(n) => {
                                            let _ = sender.send(LiveEvent {
                                                topic: n.payload().to_string(),
                                            });
                                        }
                                        Err(error) => {
                                            tracing::warn!(%error, "live update listener lost its connection");
                                            break;
                                        }
                                    }
                                }
                            }
                        }
                        Err(error) => {
                            tracing::warn!(%error, "could not connect the live update listener")
                        }
                    }
                    tokio::time::sleep(std::time::Duration::from_secs(1)).await;
                }
            };
            tokio::select! {
                _ = relay => {}
                _ = closing => {}
            }
        });
    }
}
