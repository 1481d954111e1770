//! Invitation emails through a configured SMTP server (a small fake one here).

use crate::support::TestApp;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;
use tokio::sync::mpsc;

/// Accepts SMTP sessions and hands each received message to the channel.
async fn fake_smtp() -> (u16, mpsc::UnboundedReceiver<String>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let (sent, received) = mpsc::unbounded_channel();
    tokio::spawn(async move {
        while let Ok((socket, _)) = listener.accept().await {
            let sent = sent.clone();
            tokio::spawn(async move {
                let (read, mut write) = socket.into_split();
                let mut lines = BufReader::new(read).lines();
                write.write_all(b"220 fake ESMTP\r\n").await.unwrap();
                let mut data = None::<String>;
                while let Ok(Some(line)) = lines.next_line().await {
                    if let Some(body) = data.as_mut() {
                        if line == "." {
                            let _ = sent.send(data.take().unwrap());
                            write.write_all(b"250 queued\r\n").await.unwrap();
                        } else {
                            body.push_str(&line);
                            body.push('\n');
                        }
                        continue;
                    }
                    let reply: &[u8] =
                        match line.get(..4).unwrap_or("").to_ascii_uppercase().as_str() {
                            "EHLO" | "HELO" => b"250 fake\r\n",
                            "DATA" => {
                                data = Some(String::new());
                                b"354 go ahead\r\n"
                            }
                            "QUIT" => {
                                let _ = write.write_all(b"221 bye\r\n").await;
                                break;
                            }
                            _ => b"250 ok\r\n",
                        };
                    write.write_all(reply).await.unwrap();
                }
            });
        }
    });
    (port, received)
}

#[tokio::test]
async fn invitations_are_emailed_when_smtp_is_configured() {
    let (port, mut received) = fake_smtp().await;
    let app = TestApp::spawn_with(|s| {
        s.smtp_url = Some(format!("smtp://127.0.0.1:{port}"));
        s.mail_from = Some("Seawall <seawall@example.com>".into());
    })
    .await;
    let owner = app.signed_up("owner@example.com", "Harbour Ops").await;
    let (status, created) = owner
        .call(
            "/api/invites/create",
            &[("email", "new.person@example.com"), ("role", "auditor")],
        )
        .await;
    assert_eq!(status, reqwest::StatusCode::OK, "{created}");
    assert_eq!(created["emailed"], true);
    let message = tokio::time::timeout(std::time::Duration::from_secs(10), received.recv())
        .await
        .expect("the email arrives")
        .unwrap();
    assert!(message.contains("To: new.person@example.com"), "{message}");
    assert!(message.contains("Harbour Ops"), "{message}");
    assert!(
        message.contains(created["link"].as_str().unwrap()),
        "{message}"
    );
}

#[tokio::test]
async fn without_smtp_nothing_is_emailed_and_the_link_is_shown() {
    let app = TestApp::spawn().await;
    let owner = app.signed_up("owner@example.com", "Org").await;
    let (_, created) = owner
        .call(
            "/api/invites/create",
            &[("email", "x@example.com"), ("role", "editor")],
        )
        .await;
    assert_eq!(created["emailed"], false);
    assert!(created["link"].as_str().unwrap().contains("/invite/"));
}
