//! Checks an uploaded file before any spreadsheet parser sees it: size, zip structure, and how
//! much it expands (declared sizes first, so an honest bomb is refused at once; then the real
//! decompressed sizes, because declared sizes can lie).

use crate::error::XlsxError;
use std::io::{self, Cursor, Read};
use zip::ZipArchive;

/// The largest file accepted (20 MiB).
pub const MAX_FILE_BYTES: u64 = 20 * 1024 * 1024;
/// The most all entries may expand to together (100 MiB).
pub const MAX_UNCOMPRESSED_BYTES: u64 = 100 * 1024 * 1024;
/// The highest expansion ratio of an entry larger than [`RATIO_FLOOR`].
pub const MAX_ENTRY_RATIO: u64 = 250;
/// Small entries may compress very well (a sheet of blanks); the ratio only counts above this.
const RATIO_FLOOR: u64 = 4 * 1024 * 1024;
/// An xlsx has a few dozen entries; thousands mean something else.
const MAX_ENTRIES: usize = 2_000;

const MIB: u64 = 1024 * 1024;

fn bomb(entry: &str, detail_ja: String, detail_en: String) -> XlsxError {
    XlsxError::ZipBomb {
        entry: entry.to_string(),
        detail_ja,
        detail_en,
    }
}

/// Refuses files that are too large, not zips, damaged, or expand too much.
pub fn check(bytes: &[u8]) -> Result<(), XlsxError> {
    let size = bytes.len() as u64;
    if size > MAX_FILE_BYTES {
        return Err(XlsxError::TooLarge {
            size,
            limit: MAX_FILE_BYTES,
        });
    }
    if !bytes.starts_with(b"PK") {
        return Err(XlsxError::NotXlsx {
            detail_ja: "zip 形式ではありません".into(),
            detail_en: "not a zip archive".into(),
        });
    }
    let mut zip = ZipArchive::new(Cursor::new(bytes)).map_err(|e| XlsxError::Damaged {
        detail: e.to_string(),
    })?;
    if zip.len() > MAX_ENTRIES {
        return Err(bomb(
            "",
            format!("{} 個のファイルを含みます（上限 {MAX_ENTRIES}）", zip.len()),
            format!("{} entries (limit {MAX_ENTRIES})", zip.len()),
        ));
    }
    check_declared(&mut zip)?;
    check_actual(&mut zip)
}

fn damaged(e: impl std::fmt::Display) -> XlsxError {
    XlsxError::Damaged {
        detail: e.to_string(),
    }
}

fn check_declared(zip: &mut ZipArchive<Cursor<&[u8]>>) -> Result<(), XlsxError> {
    let mut total: u64 = 0;
    for i in 0..zip.len() {
        let entry = zip.by_index_raw(i).map_err(damaged)?;
        let (name, size, packed) = (
            entry.name().to_string(),
            entry.size(),
            entry.compressed_size(),
        );
        total = total.saturating_add(size);
        if total > MAX_UNCOMPRESSED_BYTES {
            return Err(bomb(
                &name,
                format!(
                    "展開後の合計が {} MiB を超えます（この項目だけで {} MiB）",
                    MAX_UNCOMPRESSED_BYTES / MIB,
                    size / MIB
                ),
                format!(
                    "expands to more than {} MiB in total ({} MiB for this entry)",
                    MAX_UNCOMPRESSED_BYTES / MIB,
                    size / MIB
                ),
            ));
        }
        if size > RATIO_FLOOR && size / packed.max(1) > MAX_ENTRY_RATIO {
            return Err(bomb(
                &name,
                format!(
                    "圧縮率が高すぎます（{} 倍、上限 {MAX_ENTRY_RATIO} 倍）",
                    size / packed.max(1)
                ),
                format!(
                    "compression ratio too high ({}:1, limit {MAX_ENTRY_RATIO}:1)",
                    size / packed.max(1)
                ),
            ));
        }
    }
    Ok(())
}

fn check_actual(zip: &mut ZipArchive<Cursor<&[u8]>>) -> Result<(), XlsxError> {
    let mut total: u64 = 0;
    for i in 0..zip.len() {
        let entry = zip.by_index(i).map_err(damaged)?;
        let name = entry.name().to_string();
        let declared = entry.size();
        let room = MAX_UNCOMPRESSED_BYTES - total;
        let read = io::copy(&mut entry.take(room + 1), &mut io::sink()).map_err(damaged)?;
        total += read;
        if total > MAX_UNCOMPRESSED_BYTES {
            return Err(bomb(
                &name,
                format!(
                    "展開後の合計が {} MiB を超えます",
                    MAX_UNCOMPRESSED_BYTES / MIB
                ),
                format!(
                    "expands to more than {} MiB in total",
                    MAX_UNCOMPRESSED_BYTES / MIB
                ),
            ));
        }
        // Declared sizes are what the checks above trusted; an entry that lies is refused.
        if read != declared {
            return Err(bomb(
                &name,
                format!(
                    "記録上の大きさ {declared} バイトに対し、展開すると {read} バイトになります"
                ),
                format!("declares {declared} bytes but expands to {read}"),
            ));
        }
    }
    Ok(())
}
