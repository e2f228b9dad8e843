//! Bounded access to ZIP containers (DOCX, ODT): entry counts, declared and actual sizes.

use crate::error::Problem;
use crate::Limits;
use std::io::{Cursor, Read};
use zip::ZipArchive;

pub struct Container<'a> {
    archive: ZipArchive<Cursor<&'a [u8]>>,
    limits: &'a Limits,
    /// Bytes expanded so far (all parts read).
    total: u64,
}

impl<'a> Container<'a> {
    pub fn open(bytes: &'a [u8], limits: &'a Limits) -> Result<Container<'a>, Problem> {
        let archive = ZipArchive::new(Cursor::new(bytes)).map_err(|e| Problem::BadZip {
            detail: e.to_string(),
        })?;
        if archive.len() > limits.max_entries {
            return Err(Problem::TooManyEntries {
                count: archive.len(),
                limit: limits.max_entries,
            });
        }
        Ok(Container {
            archive,
            limits,
            total: 0,
        })
    }

    pub fn names(&self) -> Vec<String> {
        let mut v: Vec<String> = self.archive.file_names().map(str::to_string).collect();
        v.sort();
        v
    }

    pub fn has(&self, name: &str) -> bool {
        self.archive.index_for_name(name).is_some()
    }

    /// The expanded bytes of entry `name`, or `None` when there is no such entry.
    pub fn read(&mut self, name: &str) -> Result<Option<Vec<u8>>, Problem> {
        let Some(index) = self.archive.index_for_name(name) else {
            return Ok(None);
        };
        let limits = self.limits;
        let mut file = self.archive.by_index(index).map_err(|e| Problem::BadZip {
            detail: format!("{name}: {e}"),
        })?;
        if file.encrypted() {
            return Err(Problem::OleFile);
        }
        let declared = file.size();
        let compressed = file.compressed_size().max(1);
        let bomb = |detail: String| Problem::ZipBomb {
            entry: name.to_string(),
            detail,
        };
        if declared > limits.max_part {
            return Err(bomb(format!(
                "{declared} bytes declared, limit {}",
                limits.max_part
            )));
        }
        if declared > limits.ratio_floor && declared / compressed > limits.max_ratio {
            return Err(bomb(format!(
                "compression ratio {}:1 over {}:1",
                declared / compressed,
                limits.max_ratio
            )));
        }
        let room = limits
            .max_total
            .saturating_sub(self.total)
            .min(limits.max_part);
        let mut out = Vec::with_capacity(declared.min(room) as usize);
        // Declared sizes can lie: read at most one byte more than allowed, and refuse if it came.
        (&mut file)
            .take(room + 1)
            .read_to_end(&mut out)
            .map_err(|e| Problem::BadZip {
                detail: format!("{name}: {e}"),
            })?;
        if out.len() as u64 > room {
            return Err(bomb(format!("expands beyond {room} bytes")));
        }
        self.total += out.len() as u64;
        Ok(Some(out))
    }
}
