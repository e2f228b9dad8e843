//! Messages in both languages as data. Errors of every layer say what went wrong in Japanese
//! and English as two strings, so a front end picks one without parsing a joined text.

use serde::{Deserialize, Serialize};

/// One message, Japanese first.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Message {
    pub ja: String,
    pub en: String,
}

impl Message {
    pub fn new(ja: impl Into<String>, en: impl Into<String>) -> Message {
        Message {
            ja: ja.into(),
            en: en.into(),
        }
    }

    /// The same message with `prefix` (a file name, a field) before both languages.
    pub fn prefixed(self, prefix: &str) -> Message {
        Message {
            ja: format!("{prefix}: {}", self.ja),
            en: format!("{prefix}: {}", self.en),
        }
    }
}

impl std::fmt::Display for Message {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} / {}", self.ja, self.en)
    }
}

/// Anything that can say what it is in both languages (every error type of SecSpec).
pub trait Bilingual {
    fn message(&self) -> Message;
}

impl Bilingual for Message {
    fn message(&self) -> Message {
        self.clone()
    }
}
