//! Checks for the values people type. Each returns the cleaned value or the
//! message shown next to the field, so forms and server functions agree.

use validator::{ValidateEmail, ValidateLength};

pub const PASSWORD_MIN: usize = 12;
pub const PASSWORD_MAX: usize = 128;
pub const NAME_MAX: usize = 100;
const EMAIL_MAX: usize = 254;

/// Passwords that meet the length rule yet appear at the top of every
/// breached-password list; refusing them costs nothing and stops the obvious.
const COMMON_PASSWORDS: &[&str] = &[
    "123456789012",
    "1234567890123",
    "12345678901234",
    "123456123456",
    "password1234",
    "password12345",
    "password123456",
    "passwordpassword",
    "qwertyuiop12",
    "qwertyuiopasdf",
    "qwerty123456",
    "iloveyou1234",
    "letmein12345",
    "welcome12345",
    "administrator",
    "changeme1234",
    "abcdefghijkl",
    "abc123abc123",
    "111111111111",
    "000000000000",
    "seawall12345",
    "correcthorsebatterystaple",
];

pub fn email(input: &str) -> Result<String, String> {
    let email = input.trim().to_lowercase();
    if email.is_empty() {
        return Err("Enter an email address.".into());
    }
    if !email.validate_length(None, Some(EMAIL_MAX as u64), None) {
        return Err(format!(
            "An email address has at most {EMAIL_MAX} characters."
        ));
    }
    if !email.validate_email() {
        return Err("Enter an email address like name@example.com.".into());
    }
    Ok(email)
}

/// A person's or an organisation's name: trimmed, not empty, no control characters.
pub fn name(input: &str, what: &str) -> Result<String, String> {
    let name = input.trim().to_string();
    if name.is_empty() {
        return Err(format!("Enter {what}."));
    }
    if !name.validate_length(None, Some(NAME_MAX as u64), None) {
        return Err(format!("Keep {what} to {NAME_MAX} characters or fewer."));
    }
    if name.chars().any(char::is_control) {
        return Err(format!(
            "Remove line breaks and control characters from {what}."
        ));
    }
    Ok(name)
}

/// Free text such as a description: trimmed, may be empty, line breaks
/// allowed but no other control characters.
pub fn text(input: &str, max: usize, what: &str) -> Result<String, String> {
    let text = input.trim().replace("\r\n", "\n");
    if text.chars().count() > max {
        return Err(format!("Keep {what} to {max} characters or fewer."));
    }
    if text
        .chars()
        .any(|c| c.is_control() && c != '\n' && c != '\t')
    {
        return Err(format!("Remove control characters from {what}."));
    }
    Ok(text)
}

/// A new password and its confirmation. `email` is refused as a password.
pub fn new_password(password: &str, confirm: &str, email: &str) -> Result<String, String> {
    let length = password.chars().count();
    if length < PASSWORD_MIN {
        return Err(format!(
            "Use at least {PASSWORD_MIN} characters; a short phrase is easy to remember."
        ));
    }
    if length > PASSWORD_MAX {
        return Err(format!("Use at most {PASSWORD_MAX} characters."));
    }
    let lowered = password.to_lowercase();
    let first = lowered.chars().next();
    if lowered.chars().all(|c| Some(c) == first)
        || COMMON_PASSWORDS.contains(&lowered.as_str())
        || (!email.is_empty() && lowered.contains(&email.trim().to_lowercase()))
    {
        return Err("This password is too easy to guess. Choose something less common.".into());
    }
    if password != confirm {
        return Err("The two passwords do not match.".into());
    }
    Ok(password.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_are_trimmed_lowercased_and_checked() {
        assert_eq!(email("  Ada@Example.COM ").unwrap(), "ada@example.com");
        assert!(email("").unwrap_err().contains("Enter an email"));
        assert!(email("not-an-email").is_err());
        assert!(email("a@b@c").is_err());
        let long = format!("{}@example.com", "a".repeat(250));
        assert!(email(&long).unwrap_err().contains("at most"));
    }

    #[test]
    fn names_refuse_empty_overlong_and_control_characters() {
        assert_eq!(
            name("  Ada Lovelace ", "your name").unwrap(),
            "Ada Lovelace"
        );
        assert_eq!(name("   ", "your name").unwrap_err(), "Enter your name.");
        assert!(name(&"x".repeat(101), "a name").is_err());
        assert!(name(&"é".repeat(100), "a name").is_ok());
        assert!(name("Ada\nLovelace", "a name").is_err());
    }

    #[test]
    fn passwords_need_length_variety_and_a_matching_confirmation() {
        let ok = "tidal-harbour-42";
        assert_eq!(new_password(ok, ok, "ada@example.com").unwrap(), ok);
        assert!(
            new_password("short", "short", "")
                .unwrap_err()
                .contains("at least 12")
        );
        assert!(new_password("aaaaaaaaaaaaaaa", "aaaaaaaaaaaaaaa", "").is_err());
        assert!(new_password("Password1234", "Password1234", "").is_err());
        assert!(new_password("ada@example.com!", "ada@example.com!", "ada@example.com").is_err());
        assert!(
            new_password(ok, "tidal-harbour-43", "")
                .unwrap_err()
                .contains("do not match")
        );
        let long = "x1".repeat(65);
        assert!(
            new_password(&long, &long, "")
                .unwrap_err()
                .contains("at most")
        );
    }
}
