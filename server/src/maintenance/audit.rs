//! `seawall verify-audit`: walks every organisation's audit chain.

use super::Failure;
use app::audit::ChainCheck;
use app::audit::chain;
use app::db;

/// One organisation's answer.
pub struct Verdict {
    pub organisation: String,
    pub check: ChainCheck,
}

/// Checks every organisation's chain in the database named by
/// `database_url`. Reading only: nothing is sealed or changed.
pub async fn verify(database_url: &str) -> Result<Vec<Verdict>, Failure> {
    let db = db::connect_existing(&db::ConnectOptions {
        url: database_url.to_string(),
        max_connections: 2,
    })
    .await?;
    let mut verdicts = Vec::new();
    let result = async {
        for (org_id, organisation) in chain::organisations(&db).await? {
            let check = chain::check(&db, org_id).await?;
            verdicts.push(Verdict {
                organisation: format!("{organisation} ({org_id})"),
                check,
            });
        }
        Ok::<_, Failure>(())
    }
    .await;
    db.close().await;
    result.map(|()| verdicts)
}

/// The report printed for an operator, one line per organisation.
pub fn report(verdicts: &[Verdict]) -> String {
    let mut out = String::new();
    for v in verdicts {
        let line = match (&v.check.broken, &v.check.head) {
            (Some(b), _) => format!(
                "BROKEN  {}: entry {} ({}, {}) {}\n",
                v.organisation,
                b.id,
                b.action,
                b.at.format("%Y-%m-%d %H:%M:%S UTC"),
                b.problem
            ),
            (None, head) => format!(
                "intact  {}: {} entries, head {}\n",
                v.organisation,
                v.check.entries,
                head.as_deref().unwrap_or("-")
            ),
        };
        out.push_str(&line);
    }
    if verdicts.is_empty() {
        out.push_str("no organisation has audit entries yet\n");
    }
    out
}
