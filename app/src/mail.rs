//! Optional outgoing email. Without SMTP settings Seawall sends nothing and
//! shows links (invitations) to the person who created them.

use crate::config::Settings;
use chrono::{DateTime, Utc};
use lettre::message::Mailbox;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

#[derive(Clone)]
pub struct Mailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
}

impl std::fmt::Debug for Mailer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Mailer")
            .field("from", &self.from.to_string())
            .finish()
    }
}

pub struct Invitation<'a> {
    pub to: &'a str,
    pub organisation: &'a str,
    pub inviter: &'a str,
    pub role: &'a str,
    pub link: &'a str,
    pub expires_at: DateTime<Utc>,
}

impl Mailer {
    /// The mailer the settings describe, or `None` when no SMTP server is set.
    pub fn from_settings(settings: &Settings) -> Result<Option<Mailer>, String> {
        let Some(url) = &settings.smtp_url else {
            return Ok(None);
        };
        let from = settings
            .mail_from
            .as_deref()
            .ok_or("smtp_url is set but mail_from is not: say which address Seawall sends from")?
            .parse::<Mailbox>()
            .map_err(|e| format!("mail_from: {e}"))?;
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
            .map_err(|e| format!("smtp_url: {e}"))?
            .timeout(Some(std::time::Duration::from_secs(20)))
            .build();
        Ok(Some(Mailer { transport, from }))
    }

    fn invitation_message(&self, invite: &Invitation<'_>) -> Result<Message, String> {
        let to: Mailbox = invite.to.parse().map_err(|e| format!("recipient: {e}"))?;
        let body = format!(
            "Hello,\n\n\
             {inviter} invited you to join {org} on Seawall as {role}.\n\n\
             Accept the invitation here:\n{link}\n\n\
             The link works once and expires on {expires}.\n\
             If you did not expect this invitation, you can ignore this email.\n",
            inviter = invite.inviter,
            org = invite.organisation,
            role = invite.role,
            link = invite.link,
            expires = crate::ui::format_time(&invite.expires_at),
        );
        Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(format!(
                "{} invited you to {} on Seawall",
                invite.inviter, invite.organisation
            ))
            .body(body)
            .map_err(|e| e.to_string())
    }

    /// Sends the invitation in the background: a slow or failing mail server
    /// never delays or fails the request; failures are logged.
    pub fn send_invitation(&self, invite: Invitation<'_>) {
        let message = match self.invitation_message(&invite) {
            Ok(message) => message,
            Err(error) => {
                tracing::warn!(%error, "could not compose the invitation email");
                return;
            }
        };
        let transport = self.transport.clone();
        let to = invite.to.to_string();
        tokio::spawn(async move {
            match transport.send(message).await {
                Ok(_) => tracing::info!(%to, "invitation email sent"),
                Err(error) => tracing::warn!(%to, %error, "invitation email not sent"),
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings(url: Option<&str>, from: Option<&str>) -> Settings {
        Settings {
            smtp_url: url.map(str::to_string),
            mail_from: from.map(str::to_string),
            ..Settings::default()
        }
    }

    #[test]
    fn mail_is_optional_and_misconfiguration_is_explained() {
        assert!(
            Mailer::from_settings(&settings(None, None))
                .unwrap()
                .is_none()
        );
        let err =
            Mailer::from_settings(&settings(Some("smtp://localhost:2525"), None)).unwrap_err();
        assert!(err.contains("mail_from"), "{err}");
        let err =
            Mailer::from_settings(&settings(Some("ftp://x"), Some("a@b.example"))).unwrap_err();
        assert!(err.contains("smtp_url"), "{err}");
        assert!(
            Mailer::from_settings(&settings(
                Some("smtps://u:p@mail.example.com"),
                Some("Seawall <seawall@example.com>")
            ))
            .unwrap()
            .is_some()
        );
    }

    #[tokio::test]
    async fn invitation_emails_carry_the_link_and_expiry() {
        let mailer = Mailer::from_settings(&settings(
            Some("smtp://localhost:2525"),
            Some("seawall@example.com"),
        ))
        .unwrap()
        .unwrap();
        let at = DateTime::parse_from_rfc3339("2026-12-01T10:00:00Z")
            .unwrap()
            .to_utc();
        let message = mailer
            .invitation_message(&Invitation {
                to: "ada@example.com",
                organisation: "Harbour Ops",
                inviter: "Olivia",
                role: "auditor",
                link: "https://seawall.example.com/invite/abc",
                expires_at: at,
            })
            .unwrap();
        let text = String::from_utf8(message.formatted()).unwrap();
        assert!(text.contains("To: ada@example.com"), "{text}");
        assert!(
            text.contains("Subject: Olivia invited you to Harbour Ops on Seawall"),
            "{text}"
        );
        assert!(
            text.contains("https://seawall.example.com/invite/abc"),
            "{text}"
        );
        assert!(text.contains("1 Dec 2026, 10:00 UTC"), "{text}");
    }
}
