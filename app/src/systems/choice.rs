//! Closed lists of choices (hosting, media, site readiness…) stored by key,
//! shown by label, and read back from forms and CSV files by either.

/// Lower case with spaces, dashes and slashes folded to underscores, so
/// "Active-passive", "active passive" and "active_passive" read the same.
pub fn normalise(s: &str) -> String {
    s.trim()
        .to_lowercase()
        .chars()
        .map(|c| if matches!(c, ' ' | '-' | '/') { '_' } else { c })
        .collect()
}

#[macro_export]
macro_rules! choice {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident = $key:literal, $label:literal;)+ }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
        pub enum $name {
            $($(#[$vmeta])* #[serde(rename = $key)] $variant,)+
        }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant,)+];

            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $key,)+ }
            }

            pub fn label(self) -> &'static str {
                match self { $($name::$variant => $label,)+ }
            }

            /// Reads the key or the label.
            pub fn parse(s: &str) -> Option<$name> {
                let wanted = $crate::systems::choice::normalise(s);
                Self::ALL.iter().copied().find(|v| {
                    $crate::systems::choice::normalise(v.as_str()) == wanted
                        || $crate::systems::choice::normalise(v.label()) == wanted
                })
            }

            /// (key, label) pairs for a select field.
            pub fn options() -> Vec<(String, String)> {
                Self::ALL
                    .iter()
                    .map(|v| (v.as_str().to_string(), v.label().to_string()))
                    .collect()
            }
        }
    };
}
