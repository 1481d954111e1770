//! The iCalendar (RFC 5545) feed people subscribe to, so drills show up in
//! their own calendars.
//!
//! Each occurrence is its own event with a UTC start, rather than one event
//! with a repeat rule: RRULE skips the 31st in shorter months where Seawall
//! moves the drill to the month's last day, and UTC times need no time-zone
//! definitions in the file.

use chrono::{DateTime, Utc};

/// One drill occurrence in the feed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    /// Stable across feed refreshes, so calendars update instead of duplicating.
    pub uid: String,
    pub start: DateTime<Utc>,
    pub minutes: i64,
    pub summary: String,
    pub description: String,
    /// A link back to the drill in Seawall.
    pub url: Option<String>,
}

/// The whole feed. `stamp` is when it was produced (DTSTAMP).
pub fn calendar(name: &str, events: &[Event], stamp: DateTime<Utc>) -> String {
    let mut out = String::new();
    let mut line = |text: String| fold_into(&mut out, &text);
    line("BEGIN:VCALENDAR".into());
    line("VERSION:2.0".into());
    line("PRODID:-//Seawall//DR drills//EN".into());
    line("CALSCALE:GREGORIAN".into());
    line("METHOD:PUBLISH".into());
    line(format!("X-WR-CALNAME:{}", escape(name)));
    for e in events {
        line("BEGIN:VEVENT".into());
        line(format!("UID:{}", escape(&e.uid)));
        line(format!("DTSTAMP:{}", utc(stamp)));
        line(format!("DTSTART:{}", utc(e.start)));
        line(format!(
            "DTEND:{}",
            utc(e.start + chrono::Duration::minutes(e.minutes.max(1)))
        ));
        line(format!("SUMMARY:{}", escape(&e.summary)));
        if !e.description.is_empty() {
            line(format!("DESCRIPTION:{}", escape(&e.description)));
        }
        if let Some(url) = &e.url {
            line(format!("URL:{url}"));
        }
        line("END:VEVENT".into());
    }
    line("END:VCALENDAR".into());
    out
}

fn utc(t: DateTime<Utc>) -> String {
    t.format("%Y%m%dT%H%M%SZ").to_string()
}

/// Text values escape backslashes, semicolons, commas and newlines.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}

/// Appends a content line, folded so that no line is longer than 75 octets
/// (continuations start with a space), never splitting a character.
fn fold_into(out: &mut String, text: &str) {
    let mut width = 0;
    for c in text.chars() {
        let len = c.len_utf8();
        if width + len > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += len;
    }
    out.push_str("\r\n");
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn event(summary: &str, description: &str) -> Event {
        Event {
            uid: "3f2c@seawall".into(),
            start: Utc.with_ymd_and_hms(2027, 1, 15, 9, 0, 0).unwrap(),
            minutes: 120,
            summary: summary.into(),
            description: description.into(),
            url: Some("https://seawall.example/drills/3f2c".into()),
        }
    }

    fn stamp() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 12, 1, 12, 0, 0).unwrap()
    }

    #[test]
    fn a_feed_has_the_required_properties_in_crlf_lines() {
        let text = calendar("Harbourside drills", &[event("Restore test", "")], stamp());
        assert!(text.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:"));
        assert!(text.ends_with("END:VCALENDAR\r\n"));
        assert!(!text.replace("\r\n", "").contains('\n'), "bare line feeds");
        for needed in [
            "UID:3f2c@seawall",
            "DTSTAMP:20261201T120000Z",
            "DTSTART:20270115T090000Z",
            "DTEND:20270115T110000Z",
            "SUMMARY:Restore test",
        ] {
            assert!(
                text.contains(&format!("{needed}\r\n")),
                "{needed} in {text}"
            );
        }
        assert_eq!(text.matches("BEGIN:VEVENT").count(), 1);
    }

    #[test]
    fn text_is_escaped_and_long_lines_are_folded_on_character_boundaries() {
        let long = "Fail over the ERP, the warehouse system; then restore\nthe ledger — ".repeat(4);
        let text = calendar("Drills", &[event("ERP, WMS; ledger", &long)], stamp());
        assert!(text.contains("SUMMARY:ERP\\, WMS\\; ledger\r\n"));
        for line in text.split("\r\n") {
            assert!(line.len() <= 75, "{} octets: {line}", line.len());
        }
        // Unfolding gives the escaped text back.
        let unfolded = text.replace("\r\n ", "");
        assert!(unfolded.contains(&format!("DESCRIPTION:{}\r\n", escape(&long))));
        assert!(escape(&long).contains("\\n"));
    }

    #[test]
    fn an_empty_feed_is_still_a_calendar() {
        let text = calendar("Drills", &[], stamp());
        assert!(!text.contains("VEVENT"));
        assert!(text.contains("X-WR-CALNAME:Drills\r\n"));
    }
}
