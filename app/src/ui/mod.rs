//! Pieces every page uses: the frame, form fields, error notices, formatting.

mod action_form;
mod erase;
mod forms;
mod frame;
mod notices;

pub use action_form::ActionForm;
pub use erase::Erase;
pub use forms::{
    FieldMessage, FormError, SelectField, TextArea, TextField, last_error, reload_on_success,
};
pub use frame::AppFrame;
pub use notices::{ErrorNotice, NotFound};

use chrono::{DateTime, Utc};

/// Dates are shown in UTC with the zone named, so nobody misreads a deadline.
pub fn format_time(at: &DateTime<Utc>) -> String {
    at.format("%-d %b %Y, %H:%M UTC").to_string()
}

pub fn format_date(at: &DateTime<Utc>) -> String {
    at.format("%-d %b %Y").to_string()
}

/// Percent-encodes a value for a query string.
pub fn encode_query(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for byte in value.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => {
                out.push(byte as char)
            }
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_values_are_encoded() {
        assert_eq!(encode_query("/settings/audit"), "/settings/audit");
        assert_eq!(encode_query("/a b?x=1&y"), "/a%20b%3Fx%3D1%26y");
        assert_eq!(encode_query("é"), "%C3%A9");
    }

    #[test]
    fn times_name_their_zone() {
        let at = DateTime::parse_from_rfc3339("2026-03-05T09:07:00Z")
            .unwrap()
            .to_utc();
        assert_eq!(format_time(&at), "5 Mar 2026, 09:07 UTC");
        assert_eq!(format_date(&at), "5 Mar 2026");
    }
}
