//! What a failed command prints and its exit code: 2 for bad input (a file, a field, an
//! argument, an unknown project), 1 for everything else (including a document blocked by open
//! issues). Messages come from the service in both languages and are printed as one line.

use secspec_api::{ApiError, ErrorCode, Message};

#[derive(Debug)]
pub struct CliError {
    message: Message,
    input: bool,
    /// Lines printed before the error line (e.g. the blocking issues).
    details: Vec<String>,
}

impl CliError {
    /// A wrong command line.
    pub fn usage(ja: &str, en: &str) -> CliError {
        CliError {
            message: Message::new(ja, en),
            input: true,
            details: Vec::new(),
        }
    }

    /// The command ran and found problems (already printed), e.g. a blocking lint.
    pub fn blocked(message: Message) -> CliError {
        CliError {
            message,
            input: false,
            details: Vec::new(),
        }
    }

    /// Bad input with its message (e.g. rejected workbook cells, already listed).
    pub fn input(message: Message) -> CliError {
        CliError {
            message,
            input: true,
            details: Vec::new(),
        }
    }

    /// Adds a sentence for the command line to the message (e.g. which flag helps).
    pub fn hint(mut self, ja: &str, en: &str) -> CliError {
        self.message = Message::new(
            format!("{}。{ja}", self.message.ja),
            format!("{}; {en}", self.message.en),
        );
        self
    }

    pub fn exit_code(&self) -> i32 {
        if self.input {
            2
        } else {
            1
        }
    }

    pub fn report(&self) {
        for d in &self.details {
            warn(d);
        }
        warn(&self.message.to_string());
    }
}

impl From<ApiError> for CliError {
    fn from(e: ApiError) -> CliError {
        let input = matches!(e.code, ErrorCode::Invalid | ErrorCode::NotFound);
        // Every further issue on its own line; the first one is the error line itself.
        let details = e
            .issues
            .iter()
            .skip(usize::from(e.code == ErrorCode::Invalid))
            .map(|i| format!("{}  {i}", i.severity.label()))
            .collect();
        CliError {
            message: secspec_api::with_field(&e),
            input,
            details,
        }
    }
}

pub type CliResult<T = ()> = Result<T, CliError>;

/// One line on stderr, as [`warning`] shows it (the stderr counterpart of the `out!` macro).
pub fn warn(text: &str) {
    eprintln!("{}", warning(text));
}

/// A line for stderr: prefixed with the program's name and escaped like everything the CLI prints.
pub fn warning(text: &str) -> String {
    format!("secspec: {}", escape(text))
}

/// Text for the terminal: control, bidirectional and invisible characters (which could
/// rewrite or reorder what the terminal shows) are printed as `\u{…}` escapes; line breaks
/// and tabs stay.
pub fn escape(text: &str) -> String {
    escape_hidden(text, |c, out| {
        out.push_str(&format!("\\u{{{:04X}}}", c as u32))
    })
}

/// `text` with each hidden character (control, bidirectional, invisible; not line breaks or
/// tabs) written by `write` instead of itself.
pub fn escape_hidden(text: &str, write: impl Fn(char, &mut String)) -> String {
    let mut out = String::with_capacity(text.len());
    let mut buf = [0u8; 4];
    for c in text.chars() {
        let hidden = !matches!(c, '\n' | '\t')
            && secspec_core::validate::hidden_character(c.encode_utf8(&mut buf), false).is_some();
        if hidden {
            write(c, &mut out);
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn terminal_controls_are_escaped() {
        assert_eq!(escape("a\u{1b}[2Jb"), "a\\u{001B}[2Jb");
        assert_eq!(escape("x\u{202E}y\0"), "x\\u{202E}y\\u{0000}");
        assert_eq!(escape("案件\t一覧\n次"), "案件\t一覧\n次");
        assert_eq!(escape("上書き\r"), "上書き\\u{000D}");
    }
}
