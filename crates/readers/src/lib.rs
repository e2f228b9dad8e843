//! Reads a specification from outside into located text blocks for the clause verifier
//! (`secspec_core::verify`): DOCX, ODT, PDF with a text layer, plain text and Markdown.
//!
//! The format is told by the content (magic bytes), never by the file name: a DOCX renamed
//! `.pdf` is read as DOCX. Everything is bounded ([`Limits`]): file size, ZIP entry counts,
//! declared and actual expanded sizes, XML and PDF nesting depth, pages and characters. A file
//! that cannot be read gives one [`ReadError`] naming the file and the problem in Japanese and
//! English; no input makes this crate panic or recurse without bound.

mod container;
mod docx;
mod error;
mod numfmt;
mod odt;
mod outline;
mod pdf;
mod plain;
mod xml;

pub use error::{Problem, ReadError};
pub use secspec_core::verify::TextBlock;

use secspec_core::Message;
use std::io::Read;
use std::path::Path;

/// The formats read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SourceFormat {
    Docx,
    Odt,
    Pdf,
    Text,
    Markdown,
}

impl SourceFormat {
    pub fn code(self) -> &'static str {
        match self {
            SourceFormat::Docx => "docx",
            SourceFormat::Odt => "odt",
            SourceFormat::Pdf => "pdf",
            SourceFormat::Text => "text",
            SourceFormat::Markdown => "markdown",
        }
    }
}

/// Bounds on what one file may cost.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Limits {
    /// Largest file read, in bytes.
    pub max_file: u64,
    /// Most entries in a ZIP container.
    pub max_entries: usize,
    /// Largest expanded part (a ZIP entry or a PDF stream), in bytes.
    pub max_part: u64,
    /// Most bytes expanded from one container in all.
    pub max_total: u64,
    /// Entries declaring more than `ratio_floor` bytes may not expand more than this ratio.
    pub max_ratio: u64,
    pub ratio_floor: u64,
    /// Deepest XML element nesting, and PDF array/dictionary nesting.
    pub max_depth: usize,
    /// Most characters of text.
    pub max_chars: usize,
    pub max_pages: u32,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_file: 40 * 1024 * 1024,
            max_entries: 5_000,
            max_part: 64 * 1024 * 1024,
            max_total: 160 * 1024 * 1024,
            max_ratio: 100,
            ratio_floor: 4 * 1024 * 1024,
            max_depth: 512,
            max_chars: 8_000_000,
            max_pages: 5_000,
        }
    }
}

/// A document read: its format, its blocks in reading order, and what was noticed on the way.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadDocument {
    pub format: SourceFormat,
    pub blocks: Vec<TextBlock>,
    /// Pages, where the format has them (PDF).
    pub pages: Option<u32>,
    /// The text encoding of a text file (`UTF-8`, `Shift_JIS` …).
    pub encoding: Option<&'static str>,
    /// Notes for the user (e.g. the extension does not match the content).
    pub notes: Vec<Message>,
}

fn extension(name: &str) -> String {
    Path::new(name)
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default()
}

enum Kind {
    Zip,
    Pdf,
    Text,
}

fn sniff(bytes: &[u8]) -> Result<Kind, Problem> {
    let head = &bytes[..bytes.len().min(1024)];
    if bytes.starts_with(b"PK\x03\x04")
        || bytes.starts_with(b"PK\x05\x06")
        || bytes.starts_with(b"PK\x07\x08")
    {
        return Ok(Kind::Zip);
    }
    if head.windows(5).any(|w| w == b"%PDF-") {
        return Ok(Kind::Pdf);
    }
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        return Err(Problem::OleFile);
    }
    let unsupported = |what: &str| {
        Err(Problem::Unsupported {
            what: what.to_string(),
        })
    };
    if bytes.starts_with(b"{\\rtf") {
        return unsupported("RTF");
    }
    if bytes.starts_with(b"\x89PNG")
        || bytes.starts_with(&[0xFF, 0xD8, 0xFF])
        || bytes.starts_with(b"GIF8")
        || bytes.starts_with(b"II*\0")
        || bytes.starts_with(b"MM\0*")
    {
        return unsupported("画像 / image: OCR が必要 / needs OCR");
    }
    Ok(Kind::Text)
}

/// Reads `bytes`, the contents of the file called `file_name`, with the default limits.
pub fn read(bytes: &[u8], file_name: &str) -> Result<ReadDocument, ReadError> {
    read_with(bytes, file_name, &Limits::default())
}

/// Reads `bytes` with `limits`.
pub fn read_with(
    bytes: &[u8],
    file_name: &str,
    limits: &Limits,
) -> Result<ReadDocument, ReadError> {
    let fail = |p: Problem| ReadError::new(file_name, p);
    if bytes.len() as u64 > limits.max_file {
        return Err(fail(Problem::TooLarge {
            size: bytes.len() as u64,
            limit: limits.max_file,
        }));
    }
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(fail(Problem::Empty));
    }
    let ext = extension(file_name);
    let mut notes = Vec::new();
    let mut doc = match sniff(bytes).map_err(fail)? {
        Kind::Zip => {
            let probe = container::Container::open(bytes, limits).map_err(fail)?;
            let format = if probe.has("word/document.xml") {
                SourceFormat::Docx
            } else if probe.has("content.xml") {
                SourceFormat::Odt
            } else if probe.has("xl/workbook.xml") {
                return Err(fail(Problem::Unsupported {
                    what: "Excel (XLSX)".into(),
                }));
            } else if probe.has("ppt/presentation.xml") {
                return Err(fail(Problem::Unsupported {
                    what: "PowerPoint (PPTX)".into(),
                }));
            } else {
                return Err(fail(Problem::Unsupported { what: "ZIP".into() }));
            };
            drop(probe);
            let blocks = match format {
                SourceFormat::Docx => docx::read(bytes, limits),
                _ => odt::read(bytes, limits),
            }
            .map_err(fail)?;
            ReadDocument {
                format,
                blocks,
                pages: None,
                encoding: None,
                notes: Vec::new(),
            }
        }
        Kind::Pdf => {
            let (blocks, pages) = pdf::read(bytes, limits).map_err(fail)?;
            ReadDocument {
                format: SourceFormat::Pdf,
                blocks,
                pages: Some(pages),
                encoding: None,
                notes: Vec::new(),
            }
        }
        Kind::Text => {
            if matches!(ext.as_str(), "docx" | "odt" | "pdf" | "doc") {
                return Err(fail(Problem::Unsupported {
                    what: format!(".{ext} の名前ですが中身は {ext} ではありません / named .{ext} but not {ext} inside"),
                }));
            }
            let (text, encoding) = plain::decode(bytes).map_err(fail)?;
            if text.chars().count() > limits.max_chars {
                return Err(fail(Problem::TooMuchText {
                    limit: limits.max_chars,
                }));
            }
            let markdown = matches!(ext.as_str(), "md" | "markdown");
            let blocks = if markdown {
                plain::markdown_blocks(&text)
            } else {
                plain::text_blocks(&text)
            };
            let format = if markdown {
                SourceFormat::Markdown
            } else {
                SourceFormat::Text
            };
            ReadDocument {
                format,
                blocks,
                pages: None,
                encoding: Some(encoding),
                notes: Vec::new(),
            }
        }
    };
    let expected = match doc.format {
        SourceFormat::Docx => &["docx", "docm", "dotx"][..],
        SourceFormat::Odt => &["odt", "ott"][..],
        SourceFormat::Pdf => &["pdf"][..],
        SourceFormat::Text | SourceFormat::Markdown => &[][..],
    };
    if !expected.is_empty() && !expected.contains(&ext.as_str()) {
        let f = doc.format.code().to_uppercase();
        notes.push(Message::new(
            format!("{file_name}: 拡張子は .{ext} ですが、中身は {f} として読みました"),
            format!("{file_name}: named .{ext} but read as {f} by its content"),
        ));
    }
    doc.notes = notes;
    if doc.blocks.is_empty() {
        return Err(fail(match doc.format {
            SourceFormat::Pdf => Problem::NoTextLayer,
            _ => Problem::Empty,
        }));
    }
    outline::apply(&mut doc.blocks);
    Ok(doc)
}

/// Reads the file at `path`, refusing it before reading when it is over the size limit.
pub fn read_path(path: &Path) -> Result<ReadDocument, ReadError> {
    read_path_with(path, &Limits::default())
}

pub fn read_path_with(path: &Path, limits: &Limits) -> Result<ReadDocument, ReadError> {
    let name = path.display().to_string();
    let io = |e: std::io::Error| {
        ReadError::new(
            &name,
            Problem::Io {
                detail: e.to_string(),
            },
        )
    };
    let file = std::fs::File::open(path).map_err(io)?;
    let size = file.metadata().map_err(io)?.len();
    if size > limits.max_file {
        return Err(ReadError::new(
            &name,
            Problem::TooLarge {
                size,
                limit: limits.max_file,
            },
        ));
    }
    let mut bytes = Vec::with_capacity(size as usize);
    // The file may grow while read: never take more than the limit allows.
    file.take(limits.max_file + 1)
        .read_to_end(&mut bytes)
        .map_err(io)?;
    read_with(&bytes, &name, limits)
}
