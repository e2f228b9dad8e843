//! CLI errors and their exit codes: 2 for bad input, 1 for everything else.

use std::fmt;

#[derive(Debug)]
pub enum CliError {
    /// The user's input (file, field, argument) is wrong.
    Input(String),
    /// Anything else (I/O, database, rendering).
    Failure(anyhow::Error),
    /// The command ran but found blocking problems (lint); details already printed.
    Blocked(String),
}

impl CliError {
    pub fn input(msg: impl Into<String>) -> Self {
        CliError::Input(msg.into())
    }

    pub fn exit_code(&self) -> i32 {
        match self {
            CliError::Input(_) => 2,
            CliError::Failure(_) | CliError::Blocked(_) => 1,
        }
    }
}

impl fmt::Display for CliError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CliError::Input(m) | CliError::Blocked(m) => f.write_str(m),
            // One line: the chain joined, outermost first.
            CliError::Failure(e) => {
                let parts: Vec<String> = e.chain().map(|c| c.to_string()).collect();
                f.write_str(&parts.join(": "))
            }
        }
    }
}

impl From<anyhow::Error> for CliError {
    fn from(e: anyhow::Error) -> Self {
        CliError::Failure(e)
    }
}

pub type CliResult<T = ()> = Result<T, CliError>;
