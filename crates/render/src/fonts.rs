//! The bundled fonts: IPAex Mincho (body), IPAex Gothic (headings, bold) and IPAmj Mincho
//! (fallback for name characters IPAex lacks, e.g. 𠮷).
//!
//! A `FontSet` is loaded once per run and reused for every document. Loading reads every
//! table of each font except `glyf`, the outlines, which are ~94% of the files (the fallback
//! alone is 46 MB): layout needs only the small tables (cmap, metrics). A document reads the
//! outlines of the glyphs it prints when its PDF is written, and printpdf is handed a font
//! holding just those, so the cost follows the document, not the size of the fonts.

use crate::sfnt::{self, Table, GLYF};
use crate::RenderError;
use printpdf::ParsedFont;
use std::collections::{BTreeMap, BTreeSet};
use std::io::{Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::OnceLock;

/// File names inside the fonts folder.
pub const MINCHO_FILE: &str = "ipaexm.ttf";
pub const GOTHIC_FILE: &str = "ipaexg.ttf";
pub const FALLBACK_FILE: &str = "ipamjm.ttf";

/// Which bundled font. Order is the lookup order for a character with no preference.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum Role {
    Mincho,
    Gothic,
    Fallback,
}

impl Role {
    fn index(self) -> usize {
        self as usize
    }
}

/// Where a font's outlines (its glyf table) are read from.
enum Outlines {
    File {
        path: PathBuf,
        start: u64,
        length: u64,
    },
    Memory(Vec<u8>),
}

impl Outlines {
    fn len(&self) -> u64 {
        match self {
            Outlines::File { length, .. } => *length,
            Outlines::Memory(bytes) => bytes.len() as u64,
        }
    }
}

/// Reads glyph records out of the outlines (one open file for a whole document).
enum OutlineReader<'a> {
    File(std::fs::File, u64),
    Memory(&'a [u8]),
}

impl OutlineReader<'_> {
    fn read(&mut self, at: usize, len: usize) -> std::io::Result<Vec<u8>> {
        match self {
            OutlineReader::File(file, start) => {
                let mut glyph = vec![0u8; len];
                file.seek(SeekFrom::Start(*start + at as u64))?;
                file.read_exact(&mut glyph)?;
                Ok(glyph)
            }
            OutlineReader::Memory(bytes) => bytes
                .get(at..at + len)
                .map(<[u8]>::to_vec)
                .ok_or_else(|| std::io::ErrorKind::UnexpectedEof.into()),
        }
    }
}

struct FontFile {
    /// File name (or role) for error messages.
    name: String,
    /// Every table but glyf, written as a font of its own: all that layout reads.
    small: Vec<u8>,
    /// Start and end of each glyph within the outlines (from loca).
    offsets: Vec<usize>,
    outlines: Outlines,
    /// Characters with a glyph, worked out on the first question (input checks, font choice).
    coverage: OnceLock<Coverage>,
    /// Bytes of outlines read so far (the fallback's stay unread for ordinary documents).
    outline_bytes_read: AtomicU64,
}

impl FontFile {
    /// Reads the font at `path`, all but its outlines.
    fn open(path: &Path) -> Result<Self, String> {
        let mut file = std::fs::File::open(path).map_err(|e| e.to_string())?;
        let size = file.metadata().map_err(|e| e.to_string())?.len();
        let mut dir = vec![0u8; 12];
        file.read_exact(&mut dir)
            .map_err(|_| "not a font file (too short)".to_string())?;
        let len = sfnt::directory_len(&dir).ok_or("not a TrueType font")?;
        dir.resize(len, 0);
        file.read_exact(&mut dir[12..])
            .map_err(|_| "truncated table directory".to_string())?;
        let mut tables = Vec::new();
        let mut glyf = None;
        for record in sfnt::directory(&dir).ok_or("unreadable table directory")? {
            let tag = String::from_utf8_lossy(&record.tag).into_owned();
            if record.offset.saturating_add(record.length) > size {
                return Err(format!("table {tag} lies beyond the end of the file"));
            }
            if &record.tag == GLYF {
                glyf = Some((record.offset, record.length));
                continue;
            }
            let mut data = vec![0u8; usize::try_from(record.length).map_err(|e| e.to_string())?];
            file.seek(SeekFrom::Start(record.offset))
                .and_then(|_| file.read_exact(&mut data))
                .map_err(|e| format!("table {tag}: {e}"))?;
            tables.push(Table {
                tag: record.tag,
                data: data.into(),
            });
        }
        let (start, length) = glyf.ok_or("no glyf table")?;
        let outlines = Outlines::File {
            path: path.to_path_buf(),
            start,
            length,
        };
        Self::build(&path.display().to_string(), &dir[..4], &tables, outlines)
    }

    fn in_memory(name: &str, bytes: &[u8]) -> Result<Self, String> {
        let mut tables = sfnt::read_tables(bytes).ok_or("not a TrueType font")?;
        let glyf = sfnt::find(&tables, GLYF).ok_or("no glyf table")?.to_vec();
        tables.retain(|t| &t.tag != GLYF);
        let version = bytes.get(..4).ok_or("not a TrueType font")?;
        Self::build(name, version, &tables, Outlines::Memory(glyf))
    }

    fn build(
        name: &str,
        version: &[u8],
        tables: &[Table<'_>],
        outlines: Outlines,
    ) -> Result<Self, String> {
        let offsets = sfnt::loca_offsets(tables).ok_or("unreadable head, maxp or loca table")?;
        if offsets
            .iter()
            .max()
            .is_some_and(|end| *end as u64 > outlines.len())
        {
            return Err("loca points outside the glyf table".into());
        }
        let small = sfnt::write_for_layout(version, tables);
        ttf_parser::Face::parse(&small, 0).map_err(|e| e.to_string())?;
        Ok(FontFile {
            name: name.to_string(),
            small,
            offsets,
            outlines,
            coverage: OnceLock::new(),
            outline_bytes_read: AtomicU64::new(0),
        })
    }

    fn face(&self) -> Result<ttf_parser::Face<'_>, RenderError> {
        ttf_parser::Face::parse(&self.small, 0)
            .map_err(|e| RenderError::Font(format!("{}: {e}", self.name)))
    }

    fn coverage(&self) -> &Coverage {
        self.coverage.get_or_init(|| {
            let cmap = ttf_parser::Face::parse(&self.small, 0)
                .ok()
                .and_then(|face| face.tables().cmap);
            Coverage::of(cmap.as_ref())
        })
    }

    /// The whole outline table, read at once.
    fn all_outlines(&self) -> Result<Vec<u8>, RenderError> {
        let failed = |e: std::io::Error| RenderError::Font(format!("{}: {e}", self.name));
        match &self.outlines {
            Outlines::File {
                path,
                start,
                length,
            } => {
                let mut file = std::fs::File::open(path).map_err(failed)?;
                file.seek(SeekFrom::Start(*start)).map_err(failed)?;
                let mut out = vec![0; usize::try_from(*length).unwrap_or(0)];
                file.read_exact(&mut out).map_err(failed)?;
                Ok(out)
            }
            Outlines::Memory(bytes) => Ok(bytes.clone()),
        }
    }

    /// The outlines of `used`, .notdef and every glyph a composite among them is built from.
    fn glyphs(&self, used: &BTreeSet<u16>) -> Result<BTreeMap<u16, Vec<u8>>, RenderError> {
        let failed = |e: std::io::Error| RenderError::Font(format!("{}: {e}", self.name));
        let mut reader = match &self.outlines {
            Outlines::File { path, start, .. } => {
                OutlineReader::File(std::fs::File::open(path).map_err(failed)?, *start)
            }
            Outlines::Memory(bytes) => OutlineReader::Memory(bytes),
        };
        let mut out = BTreeMap::new();
        let mut todo: Vec<u16> = used.iter().rev().copied().chain([0]).collect();
        while let Some(gid) = todo.pop() {
            if out.contains_key(&gid) {
                continue;
            }
            let i = usize::from(gid);
            let glyph = match (self.offsets.get(i), self.offsets.get(i + 1)) {
                (Some(a), Some(b)) if b > a => reader.read(*a, b - a).map_err(failed)?,
                _ => Vec::new(),
            };
            self.outline_bytes_read
                .fetch_add(glyph.len() as u64, Ordering::Relaxed);
            todo.extend(sfnt::components(&glyph));
            out.insert(gid, glyph);
        }
        Ok(out)
    }

    /// printpdf's font for a document that prints the glyphs `used`.
    fn parsed_for(&self, used: &BTreeSet<u16>) -> Result<ParsedFont, RenderError> {
        let glyphs = self.glyphs(used)?;
        let glyphs: BTreeMap<u16, &[u8]> = glyphs.iter().map(|(g, b)| (*g, b.as_slice())).collect();
        let font = crate::pdf::dehint::embeddable_font(&self.small, &glyphs)
            .ok_or_else(|| RenderError::Font(format!("{}: cannot rebuild the font", self.name)))?;
        let mut warnings = Vec::new();
        ParsedFont::from_bytes(&font, 0, &mut warnings).ok_or_else(|| {
            RenderError::Font(format!("{}: printpdf cannot parse the font", self.name))
        })
    }
}

/// A bit per code point of planes 0–3 (every character the bundled fonts can have).
struct Coverage(Vec<u64>);

impl Coverage {
    const LIMIT: u32 = 0x4_0000;

    fn of(cmap: Option<&ttf_parser::cmap::Table<'_>>) -> Coverage {
        let mut bits = vec![0u64; (Self::LIMIT / 64) as usize];
        let unicode = cmap
            .into_iter()
            .flat_map(|c| c.subtables.into_iter())
            .filter(|t| t.is_unicode());
        for table in unicode {
            table.codepoints(|cp| {
                let has_glyph = table.glyph_index(cp).is_some_and(|g| g.0 != 0);
                if let (true, Some(word)) = (has_glyph, bits.get_mut((cp / 64) as usize)) {
                    *word |= 1 << (cp % 64);
                }
            });
        }
        Coverage(bits)
    }

    fn has(&self, c: char) -> bool {
        let cp = c as u32;
        self.0
            .get((cp / 64) as usize)
            .is_some_and(|word| word & (1 << (cp % 64)) != 0)
    }
}

/// The three bundled fonts: their small tables, and their outlines on demand.
pub struct FontSet {
    files: [FontFile; 3],
}

impl std::fmt::Debug for FontSet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut list = f.debug_list();
        for file in &self.files {
            list.entry(&file.name);
        }
        list.finish()
    }
}

impl FontSet {
    /// Reads `ipaexm.ttf`, `ipaexg.ttf` and `ipamjm.ttf` from `dir` (all but their outlines).
    pub fn load_dir(dir: &Path) -> Result<FontSet, RenderError> {
        let read = |name: &str| -> Result<FontFile, RenderError> {
            let path = dir.join(name);
            FontFile::open(&path).map_err(|e| {
                RenderError::Font(format!(
                    "{}: {e}（フォントファイル {name} が必要です / the font file {name} is required）",
                    path.display()
                ))
            })
        };
        Ok(FontSet {
            files: [read(MINCHO_FILE)?, read(GOTHIC_FILE)?, read(FALLBACK_FILE)?],
        })
    }

    /// Builds a set from font bytes already in memory (checked to be TrueType fonts).
    pub fn from_bytes(
        mincho: Vec<u8>,
        gothic: Vec<u8>,
        fallback: Vec<u8>,
    ) -> Result<FontSet, RenderError> {
        let read = |name: &str, bytes: &[u8]| {
            FontFile::in_memory(name, bytes).map_err(|e| RenderError::Font(format!("{name}: {e}")))
        };
        Ok(FontSet {
            files: [
                read("mincho", &mincho)?,
                read("gothic", &gothic)?,
                read("fallback", &fallback)?,
            ],
        })
    }

    /// True when any bundled font has a glyph for `c`.
    pub fn covers(&self, c: char) -> bool {
        self.files.iter().any(|f| f.coverage().has(c))
    }

    /// The first printable character of `text` that no bundled font has. Whitespace,
    /// controls and invisible format characters (variation selectors, ZWJ …) are ignored.
    pub fn first_missing(&self, text: &str) -> Option<char> {
        text.chars()
            .filter(|c| !is_ignorable(*c))
            .find(|c| !self.covers(*c))
    }

    /// Zero-copy ttf-parser faces over the small tables, for one rendering pass.
    pub(crate) fn faces(&self) -> Result<Faces<'_>, RenderError> {
        Ok(Faces {
            faces: [
                self.files[0].face()?,
                self.files[1].face()?,
                self.files[2].face()?,
            ],
        })
    }

    /// printpdf's font for `role`, holding the outlines of the glyphs `used`.
    pub(crate) fn parsed(
        &self,
        role: Role,
        used: &BTreeSet<u16>,
    ) -> Result<ParsedFont, RenderError> {
        self.files[role.index()].parsed_for(used)
    }

    /// Bytes of `role`'s outlines read so far.
    #[cfg(test)]
    fn outline_bytes_read(&self, role: Role) -> u64 {
        self.files[role.index()]
            .outline_bytes_read
            .load(Ordering::Relaxed)
    }
}

/// Characters that need no glyph: whitespace, controls and default-ignorable format
/// characters (they are skipped or drawn as blank space).
pub(crate) fn is_ignorable(c: char) -> bool {
    c.is_whitespace() || c.is_control() || is_invisible_format(c)
}

/// Variation selectors, zero-width characters and similar marks that change or join the
/// neighbouring glyph but print nothing of their own.
pub(crate) fn is_invisible_format(c: char) -> bool {
    matches!(c,
        '\u{00AD}' | '\u{034F}' | '\u{061C}' | '\u{180B}'..='\u{180F}' | '\u{200B}'..='\u{200F}'
        | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{206F}' | '\u{FE00}'..='\u{FE0F}'
        | '\u{FEFF}' | '\u{E0000}'..='\u{E0FFF}')
}

/// True for the variation selectors (VS1–16 and the ideographic VS17–256).
pub(crate) fn is_variation_selector(c: char) -> bool {
    matches!(c, '\u{FE00}'..='\u{FE0F}' | '\u{E0100}'..='\u{E01EF}')
}

/// The three faces, parsed for one pass (cheap: ttf-parser reads tables in place).
pub(crate) struct Faces<'a> {
    faces: [ttf_parser::Face<'a>; 3],
}

impl<'a> Faces<'a> {
    pub(crate) fn face(&self, role: Role) -> &ttf_parser::Face<'a> {
        &self.faces[role.index()]
    }

    /// Glyph id of `c` in `role`'s font, never the .notdef glyph 0.
    pub(crate) fn glyph(&self, role: Role, c: char) -> Option<u16> {
        self.face(role)
            .glyph_index(c)
            .map(|g| g.0)
            .filter(|g| *g != 0)
    }

    /// Glyph for an ideographic variation sequence (base + selector), if the font has one.
    pub(crate) fn variant_glyph(&self, role: Role, base: char, selector: char) -> Option<u16> {
        self.face(role)
            .glyph_variation_index(base, selector)
            .map(|g| g.0)
            .filter(|g| *g != 0)
    }

    /// Horizontal advance of `gid` at `size` points.
    pub(crate) fn advance(&self, role: Role, gid: u16, size: f32) -> f32 {
        let face = self.face(role);
        let upm = f32::from(face.units_per_em().max(1));
        let adv = face
            .glyph_hor_advance(ttf_parser::GlyphId(gid))
            .unwrap_or(0);
        f32::from(adv) * size / upm
    }
}

/// A whole font: its small tables, the start and end of each glyph, and the outlines.
pub(crate) struct WholeFont<'a> {
    pub small: &'a [u8],
    pub offsets: &'a [usize],
    pub glyf: Vec<u8>,
}

impl FontSet {
    /// The font of `role` with every outline read.
    pub(crate) fn whole(&self, role: Role) -> Result<WholeFont<'_>, RenderError> {
        let file = &self.files[role.index()];
        Ok(WholeFont {
            small: &file.small,
            offsets: &file.offsets,
            glyf: file.all_outlines()?,
        })
    }
}

/// The fonts committed in the repository, loaded once for unit tests.
#[cfg(test)]
pub(crate) fn bundled() -> &'static FontSet {
    static FONTS: OnceLock<FontSet> = OnceLock::new();
    FONTS.get_or_init(|| {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fonts");
        FontSet::load_dir(&dir).expect("bundled fonts")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ignorable_characters() {
        assert!(is_ignorable(' '));
        assert!(is_ignorable('\u{3000}'));
        assert!(is_ignorable('\u{E0100}'));
        assert!(!is_ignorable('吉'));
        assert!(is_variation_selector('\u{E0100}'));
        assert!(!is_variation_selector('\u{200B}'));
    }

    #[test]
    fn missing_dir_names_the_file() {
        let err = FontSet::load_dir(Path::new("/nonexistent-secspec-fonts")).unwrap_err();
        assert!(err.to_string().contains(MINCHO_FILE), "{err}");
    }

    #[test]
    fn font_set_can_be_shared_between_threads() {
        fn shared<T: Send + Sync>() {}
        shared::<FontSet>();
    }

    #[test]
    fn a_document_reads_only_the_outlines_it_prints() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fonts");
        let fonts = FontSet::load_dir(&dir).unwrap();
        assert!(fonts.covers('𠮷') && fonts.covers('吉') && !fonts.covers('\u{10FFFD}'));
        let faces = fonts.faces().unwrap();
        let gid = faces.glyph(Role::Mincho, '吉').unwrap();
        assert_eq!(faces.glyph(Role::Mincho, '𠮷'), None);
        fonts.parsed(Role::Mincho, &BTreeSet::from([gid])).unwrap();
        let read = fonts.outline_bytes_read(Role::Mincho);
        assert!(
            read > 0 && read < 4096,
            "{read} bytes for one glyph and .notdef"
        );
        assert_eq!(fonts.outline_bytes_read(Role::Fallback), 0);
        let rare = faces.glyph(Role::Fallback, '𠮷').unwrap();
        fonts
            .parsed(Role::Fallback, &BTreeSet::from([rare]))
            .unwrap();
        assert!(fonts.outline_bytes_read(Role::Fallback) > 0);
    }

    #[test]
    fn the_embedded_font_keeps_glyph_ids_metrics_and_outlines() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fonts");
        let original = std::fs::read(dir.join(GOTHIC_FILE)).unwrap();
        let fonts = FontSet::load_dir(&dir).unwrap();
        let a = ttf_parser::Face::parse(&original, 0).unwrap();
        let text = "情報セキュリティ要件ABCabc123、。";
        let used: BTreeSet<u16> = text.chars().map(|c| a.glyph_index(c).unwrap().0).collect();
        let file = &fonts.files[Role::Gothic.index()];
        let glyphs = file.glyphs(&used).unwrap();
        let glyphs: BTreeMap<u16, &[u8]> = glyphs.iter().map(|(g, b)| (*g, b.as_slice())).collect();
        let slim = crate::pdf::dehint::embeddable_font(&file.small, &glyphs).unwrap();
        assert!(slim.len() < original.len() / 10, "{}", slim.len());
        let b = ttf_parser::Face::parse(&slim, 0).unwrap();
        assert_eq!(a.number_of_glyphs(), b.number_of_glyphs());
        for c in text.chars() {
            let g = a.glyph_index(c).unwrap();
            assert_eq!(b.glyph_index(c), Some(g));
            assert_eq!(a.glyph_hor_advance(g), b.glyph_hor_advance(g));
            assert_eq!(a.glyph_bounding_box(g), b.glyph_bounding_box(g), "{c}");
        }
        // A glyph the text does not use keeps its id and advance, not its outline.
        let unused = a.glyph_index('鬱').unwrap();
        assert_eq!(a.glyph_hor_advance(unused), b.glyph_hor_advance(unused));
        assert!(b.glyph_bounding_box(unused).is_none());
    }

    #[test]
    fn a_file_that_is_not_a_font_is_refused_naming_it() {
        let dir = std::env::temp_dir().join(format!("secspec-fonts-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        for name in [MINCHO_FILE, GOTHIC_FILE, FALLBACK_FILE] {
            std::fs::write(dir.join(name), b"<html>not a font</html>").unwrap();
        }
        let err = FontSet::load_dir(&dir).unwrap_err().to_string();
        std::fs::remove_dir_all(&dir).unwrap();
        assert!(
            err.contains(MINCHO_FILE) && err.contains("not a TrueType"),
            "{err}"
        );
        let err = FontSet::from_bytes(b"OTTO".to_vec(), vec![], vec![]).unwrap_err();
        assert!(err.to_string().contains("not a TrueType"), "{err}");
    }

    #[test]
    fn garbage_bytes_are_an_error() {
        let err = FontSet::from_bytes(vec![0; 10], vec![], vec![]).unwrap_err();
        assert!(matches!(err, RenderError::Font(_)));
    }
}
