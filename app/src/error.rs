//! The one error type of the application. It crosses the server-function wire
//! as JSON so that the browser can show field messages next to their inputs.

use serde::{Deserialize, Serialize};
use server_fn::codec::JsonEncoding;
use server_fn::error::{FromServerFnError, ServerFnErrorErr};

/// A message that belongs next to one input field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    pub field: String,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    /// Not signed in (or the session expired).
    #[error("Please sign in to continue.")]
    Unauthenticated,
    /// Sign-in failed: the same answer whether the email or the password was wrong.
    #[error("The email address or password is incorrect.")]
    InvalidCredentials,
    /// Signed in, but the role does not allow this.
    #[error("{0}")]
    Forbidden(String),
    /// The thing does not exist, or belongs to another organisation: the two
    /// are deliberately indistinguishable.
    #[error("{0} not found.")]
    NotFound(String),
    /// Input that failed validation, with a message per field.
    #[error("{}", summarise(.0))]
    Validation(Vec<FieldError>),
    /// The request conflicts with the current state (e.g. email already used).
    #[error("{0}")]
    Conflict(String),
    /// Too many failed attempts; the message says when to try again and is
    /// the same whether or not the account exists.
    #[error("{0}")]
    TooManyAttempts(String),
    /// A malformed request that no field can be blamed for.
    #[error("{0}")]
    BadRequest(String),
    /// The database is not answering. Seawall reconnects by itself; the
    /// request can be tried again unchanged.
    #[error(
        "Seawall cannot reach its database at the moment. Nothing was changed; it reconnects by itself, so try again in a minute."
    )]
    Unavailable,
    /// Anything unexpected. Details are logged on the server, never shown.
    #[error("Something went wrong on our side. Please try again.")]
    Internal,
}

fn summarise(errors: &[FieldError]) -> String {
    match errors {
        [] => "Please check the form.".to_string(),
        [one] => one.message.clone(),
        many => format!("Please correct the {} highlighted fields.", many.len()),
    }
}

impl AppError {
    pub fn field(field: &str, message: impl Into<String>) -> Self {
        AppError::Validation(vec![FieldError {
            field: field.to_string(),
            message: message.into(),
        }])
    }

    pub fn forbidden(message: impl Into<String>) -> Self {
        AppError::Forbidden(message.into())
    }

    /// The message for one field, if this is a validation error naming it.
    pub fn field_message(&self, field: &str) -> Option<String> {
        match self {
            AppError::Validation(errors) => errors
                .iter()
                .find(|e| e.field == field)
                .map(|e| e.message.clone()),
            _ => None,
        }
    }

    /// The HTTP status an API caller receives for this error.
    pub fn status(&self) -> u16 {
        match self {
            AppError::Unauthenticated | AppError::InvalidCredentials => 401,
            AppError::Forbidden(_) => 403,
            AppError::NotFound(_) => 404,
            AppError::Validation(_) => 422,
            AppError::Conflict(_) => 409,
            AppError::BadRequest(_) => 400,
            AppError::TooManyAttempts(_) => 429,
            AppError::Internal => 500,
            AppError::Unavailable => 503,
        }
    }
}

/// Collects field errors so that a form reports every problem at once.
#[derive(Debug, Default)]
pub struct FieldErrors(Vec<FieldError>);

impl FieldErrors {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn add(&mut self, field: &str, message: impl Into<String>) {
        if !self.0.iter().any(|e| e.field == field) {
            self.0.push(FieldError {
                field: field.to_string(),
                message: message.into(),
            });
        }
    }

    /// Records the outcome of a field check, keeping the value when it passed.
    pub fn check<T>(&mut self, field: &str, result: Result<T, String>) -> Option<T> {
        match result {
            Ok(value) => Some(value),
            Err(message) => {
                self.add(field, message);
                None
            }
        }
    }

    pub fn into_result(self) -> Result<(), AppError> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(AppError::Validation(self.0))
        }
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            // Arguments that do not deserialize are the caller's mistake.
            ServerFnErrorErr::Args(message) => {
                AppError::BadRequest(format!("The request was malformed: {message}"))
            }
            ServerFnErrorErr::MissingArg(arg) => {
                AppError::BadRequest(format!("The request is missing `{arg}`."))
            }
            ServerFnErrorErr::Request(_) | ServerFnErrorErr::Response(_) => {
                AppError::BadRequest("Seawall could not be reached. Check your connection.".into())
            }
            _ => AppError::Internal,
        }
    }
}

#[cfg(feature = "ssr")]
impl From<sqlx::Error> for AppError {
    fn from(error: sqlx::Error) -> Self {
        // Logged once here; the user only ever sees the generic message.
        tracing::error!(%error, "database error");
        if crate::db::is_connectivity(&error) {
            crate::db::note_connectivity_failure();
            AppError::Unavailable
        } else {
            AppError::Internal
        }
    }
}

#[cfg(feature = "ssr")]
impl From<tower_sessions::session::Error> for AppError {
    fn from(error: tower_sessions::session::Error) -> Self {
        tracing::error!(%error, "session store error");
        AppError::Internal
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validation_summary_names_one_message_or_counts_many() {
        let one = AppError::field("email", "Enter an email address.");
        assert_eq!(one.to_string(), "Enter an email address.");
        let mut errors = FieldErrors::new();
        errors.add("email", "bad");
        errors.add("name", "bad");
        errors.add("email", "ignored duplicate");
        let err = errors.into_result().unwrap_err();
        assert_eq!(err.to_string(), "Please correct the 2 highlighted fields.");
        assert_eq!(err.field_message("email").as_deref(), Some("bad"));
        assert_eq!(err.status(), 422);
    }

    #[test]
    fn errors_round_trip_through_the_wire_encoding() {
        let err = AppError::field("password", "Too short.");
        let decoded = AppError::de(err.ser());
        assert_eq!(decoded, err);
    }
}
