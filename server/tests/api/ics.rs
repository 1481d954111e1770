//! An RFC 5545 check of calendar feeds, written from the RFC rather than
//! from Seawall's own writer: CRLF line ends, lines of at most 75 octets,
//! folding, balanced components, the required properties of a calendar and
//! its events, UTC date-times, and unique UIDs.

use std::collections::{HashMap, HashSet};

/// Checks `text` and returns each event's properties (name → value).
pub fn validate(text: &str) -> Vec<HashMap<String, String>> {
    assert!(text.ends_with("\r\n"), "the feed must end with CRLF");
    let physical: Vec<&str> = text[..text.len() - 2].split("\r\n").collect();
    for line in &physical {
        assert!(
            !line.contains('\n') && !line.contains('\r'),
            "bare line break in {line:?}"
        );
        assert!(line.len() <= 75, "line longer than 75 octets: {line:?}");
    }
    // Unfold: a line starting with a space continues the previous one.
    let mut lines: Vec<String> = Vec::new();
    for line in physical {
        match line.strip_prefix(' ') {
            Some(rest) => lines
                .last_mut()
                .expect("a continuation needs a line")
                .push_str(rest),
            None => lines.push(line.to_string()),
        }
    }
    assert_eq!(lines.first().map(String::as_str), Some("BEGIN:VCALENDAR"));
    assert_eq!(lines.last().map(String::as_str), Some("END:VCALENDAR"));
    let mut stack: Vec<String> = Vec::new();
    let mut calendar: HashMap<String, String> = HashMap::new();
    let mut events = Vec::new();
    let mut current: Option<HashMap<String, String>> = None;
    for line in &lines {
        let (name, value) = line
            .split_once(':')
            .unwrap_or_else(|| panic!("no colon in {line:?}"));
        let name = name.split(';').next().unwrap().to_ascii_uppercase();
        assert!(
            !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'),
            "bad property name in {line:?}"
        );
        match name.as_str() {
            "BEGIN" => {
                if value == "VEVENT" {
                    assert_eq!(stack.last().map(String::as_str), Some("VCALENDAR"));
                    current = Some(HashMap::new());
                }
                stack.push(value.to_string());
            }
            "END" => {
                assert_eq!(
                    stack.pop().as_deref(),
                    Some(value),
                    "unbalanced END:{value}"
                );
                if value == "VEVENT" {
                    events.push(current.take().unwrap());
                }
            }
            _ => {
                let props = current.as_mut().unwrap_or(&mut calendar);
                props.insert(name, value.to_string());
            }
        }
    }
    assert!(stack.is_empty(), "unclosed components: {stack:?}");
    assert_eq!(calendar.get("VERSION").map(String::as_str), Some("2.0"));
    assert!(calendar.contains_key("PRODID"));
    let utc = |v: &str| {
        v.len() == 16
            && v.ends_with('Z')
            && chrono::NaiveDateTime::parse_from_str(&v[..15], "%Y%m%dT%H%M%S").is_ok()
    };
    let mut uids = HashSet::new();
    for e in &events {
        for required in ["UID", "DTSTAMP", "DTSTART"] {
            assert!(e.contains_key(required), "event without {required}: {e:?}");
        }
        assert!(uids.insert(e["UID"].clone()), "duplicate UID {}", e["UID"]);
        for key in ["DTSTAMP", "DTSTART", "DTEND"] {
            if let Some(v) = e.get(key) {
                assert!(utc(v), "{key} is not a UTC date-time: {v}");
            }
        }
        if let (Some(start), Some(end)) = (e.get("DTSTART"), e.get("DTEND")) {
            assert!(end > start, "event ends before it starts: {e:?}");
        }
    }
    events
}
