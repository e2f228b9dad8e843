//! The bundled fonts: IPAex Mincho (body), IPAex Gothic (headings, bold) and IPAmj Mincho
//! (fallback for name characters IPAex lacks, e.g. 𠮷).
//!
//! A `FontSet` is loaded once per run and reused for every document. It keeps only the raw
//! bytes; `ttf_parser::Face` is zero-copy and re-created per use, while printpdf's
//! `ParsedFont` (expensive, and a full copy of the file) is built on first use and cached.
//! The 46 MB fallback is therefore only parsed for printpdf when a document needs it.

use crate::RenderError;
use printpdf::ParsedFont;
use std::path::{Path, PathBuf};
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

/// Where a font's bytes come from. Files are read when a document is first rendered, so an
/// idle app holds no font data (the fallback alone is 46 MB).
enum Source {
    File(PathBuf),
    Memory(Vec<u8>),
}

struct FontFile {
    /// File name (or role) for error messages.
    name: String,
    source: Source,
    loaded: OnceLock<Result<Vec<u8>, String>>,
    /// Characters with a glyph, computed once at load time (input checks need only this).
    coverage: Coverage,
    parsed: OnceLock<Result<ParsedFont, String>>,
}

impl FontFile {
    fn new(name: &str, source: Source, bytes: &[u8]) -> Result<Self, RenderError> {
        let face = ttf_parser::Face::parse(bytes, 0)
            .map_err(|e| RenderError::Font(format!("{name}: {e}")))?;
        Ok(FontFile {
            name: name.to_string(),
            coverage: Coverage::of(&face),
            source,
            loaded: OnceLock::new(),
            parsed: OnceLock::new(),
        })
    }

    fn bytes(&self) -> Result<&[u8], RenderError> {
        match &self.source {
            Source::Memory(bytes) => Ok(bytes),
            Source::File(path) => self
                .loaded
                .get_or_init(|| std::fs::read(path).map_err(|e| format!("{}: {e}", path.display())))
                .as_deref()
                .map_err(|e| RenderError::Font(e.clone())),
        }
    }

    fn face(&self) -> Result<ttf_parser::Face<'_>, RenderError> {
        ttf_parser::Face::parse(self.bytes()?, 0)
            .map_err(|e| RenderError::Font(format!("{}: {e}", self.name)))
    }

    fn parsed(&self) -> Result<&ParsedFont, RenderError> {
        let parsed = self.parsed.get_or_init(|| {
            let original = self.bytes().map_err(|e| e.to_string())?;
            // Embed without hinting (much smaller); same glyph ids and metrics.
            let stripped = crate::pdf::dehint::strip_hinting(original);
            let bytes = stripped.as_deref().unwrap_or(original);
            let mut warnings = Vec::new();
            ParsedFont::from_bytes(bytes, 0, &mut warnings)
                .ok_or_else(|| format!("{}: printpdf cannot parse the font", self.name))
        });
        parsed.as_ref().map_err(|e| RenderError::Font(e.clone()))
    }
}

/// A bit per code point of planes 0–3 (every character the bundled fonts can have).
struct Coverage(Vec<u64>);

impl Coverage {
    const LIMIT: u32 = 0x4_0000;

    fn of(face: &ttf_parser::Face<'_>) -> Coverage {
        let mut bits = vec![0u64; (Self::LIMIT / 64) as usize];
        if let Some(cmap) = face.tables().cmap {
            for table in cmap.subtables.into_iter().filter(|t| t.is_unicode()) {
                table.codepoints(|cp| {
                    let has_glyph = table.glyph_index(cp).is_some_and(|g| g.0 != 0);
                    if let (true, Some(word)) = (has_glyph, bits.get_mut((cp / 64) as usize)) {
                        *word |= 1 << (cp % 64);
                    }
                });
            }
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

/// The three bundled fonts, as bytes, with lazily parsed printpdf faces.
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
    /// Reads `ipaexm.ttf`, `ipaexg.ttf` and `ipamjm.ttf` from `dir`.
    pub fn load_dir(dir: &Path) -> Result<FontSet, RenderError> {
        let read = |name: &str| -> Result<FontFile, RenderError> {
            let path = dir.join(name);
            let bytes = std::fs::read(&path).map_err(|e| {
                RenderError::Font(format!(
                    "{}: {e}（フォントファイル {name} が必要です / the font file {name} is required）",
                    path.display()
                ))
            })?;
            // Checked and indexed now; the bytes are dropped and read again on first render.
            FontFile::new(
                &path.display().to_string(),
                Source::File(path.clone()),
                &bytes,
            )
        };
        Ok(FontSet {
            files: [read(MINCHO_FILE)?, read(GOTHIC_FILE)?, read(FALLBACK_FILE)?],
        })
    }

    /// Builds a set from font bytes already in memory (checked to be parsable fonts).
    pub fn from_bytes(
        mincho: Vec<u8>,
        gothic: Vec<u8>,
        fallback: Vec<u8>,
    ) -> Result<FontSet, RenderError> {
        Ok(FontSet {
            files: [
                FontFile::new("mincho", Source::Memory(mincho.clone()), &mincho)?,
                FontFile::new("gothic", Source::Memory(gothic.clone()), &gothic)?,
                FontFile::new("fallback", Source::Memory(fallback.clone()), &fallback)?,
            ],
        })
    }

    /// True when any bundled font has a glyph for `c`.
    pub fn covers(&self, c: char) -> bool {
        self.files.iter().any(|f| f.coverage.has(c))
    }

    /// The first printable character of `text` that no bundled font has. Whitespace,
    /// controls and invisible format characters (variation selectors, ZWJ …) are ignored.
    pub fn first_missing(&self, text: &str) -> Option<char> {
        text.chars()
            .filter(|c| !is_ignorable(*c))
            .find(|c| !self.covers(*c))
    }

    /// Zero-copy ttf-parser faces for one rendering pass.
    pub(crate) fn faces(&self) -> Result<Faces<'_>, RenderError> {
        Ok(Faces {
            faces: [
                self.files[0].face()?,
                self.files[1].face()?,
                self.files[2].face()?,
            ],
        })
    }

    /// printpdf's parsed font for `role`, parsed on first use and cached.
    pub(crate) fn parsed(&self, role: Role) -> Result<&ParsedFont, RenderError> {
        self.files[role.index()].parsed()
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
    fn garbage_bytes_are_an_error() {
        let err = FontSet::from_bytes(vec![0; 10], vec![], vec![]).unwrap_err();
        assert!(matches!(err, RenderError::Font(_)));
    }
}
