//! The whole document set of a project, in memory: build each document once from the model,
//! print it with each requested back end, and fingerprint the bytes. Writing files and
//! recording generations is the caller's job (crates/api).

use crate::{docx, pdf, FontSet, RenderError};
use secspec_core::compose::Mode;
use secspec_core::document_set::{self, BuildError};
use secspec_core::Document;
pub use secspec_core::Format;
use secspec_core::ProjectRef;
use secspec_core::{DocumentKind, Library, Project};
use sha2::{Digest, Sha256};
use std::sync::atomic::{AtomicUsize, Ordering};

/// One generated file.
#[derive(Debug, Clone)]
pub struct Output {
    pub kind: DocumentKind,
    pub format: Format,
    pub file_name: String,
    pub bytes: Vec<u8>,
    pub sha256: String,
    pub template_versions: String,
}

#[derive(Debug, thiserror::Error)]
pub enum SetError {
    #[error(transparent)]
    Build(#[from] BuildError),
    #[error(transparent)]
    Render(#[from] RenderError),
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Renders the documents of the project in every requested format: the kinds asked for, or
/// every kind of its set when `kinds` is empty (nothing else is built or printed).
pub fn generate(
    project: &Project,
    library: &Library,
    fonts: &FontSet,
    ctx: ProjectRef,
    kinds: &[DocumentKind],
    formats: &[Format],
    mode: Mode,
) -> Result<Vec<Output>, SetError> {
    let wanted = |kind: &DocumentKind| kinds.is_empty() || kinds.contains(kind);
    let docs = document_set::document_kinds(project)
        .into_iter()
        .filter(wanted)
        .map(|kind| {
            let doc = document_set::build(project, library, kind, ctx, mode)?;
            let stem = document_set::file_stem(project, library, kind, ctx);
            Ok((
                doc,
                stem,
                document_set::template_versions(project, library, kind),
            ))
        })
        .collect::<Result<Vec<_>, BuildError>>()?;
    let jobs: Vec<_> = docs
        .iter()
        .flat_map(|(doc, stem, versions)| {
            formats
                .iter()
                .map(move |format| (doc, stem, versions, *format))
        })
        .collect();
    let print = |(doc, stem, versions, format): &(&Document, &String, &String, Format)| {
        render(doc, stem, versions, fonts, *format)
    };
    parallel_map(&jobs, print).into_iter().collect()
}

/// `f` applied to every item, on one worker per core (the items share only read-only data);
/// results come back in the items' order, exactly as a plain loop would give them.
fn parallel_map<T: Sync, R: Send>(
    items: &[T],
    f: impl Fn(&T) -> Result<R, SetError> + Sync,
) -> Vec<Result<R, SetError>> {
    let workers = std::thread::available_parallelism()
        .map_or(1, usize::from)
        .min(items.len());
    if workers <= 1 {
        return items.iter().map(f).collect();
    }
    let next = AtomicUsize::new(0);
    let mut out: Vec<Option<Result<R, SetError>>> = items.iter().map(|_| None).collect();
    let finished: Vec<(usize, Result<R, SetError>)> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..workers)
            .map(|_| {
                scope.spawn(|| {
                    let mut done = Vec::new();
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some(item) = items.get(i) else { break done };
                        done.push((i, f(item)));
                    }
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|handle| handle.join().unwrap_or_default())
            .collect()
    });
    for (i, result) in finished {
        if let Some(slot) = out.get_mut(i) {
            *slot = Some(result);
        }
    }
    // A worker that panicked returned nothing; its items are reported, not silently dropped.
    out.into_iter()
        .map(|r| {
            r.unwrap_or_else(|| {
                Err(RenderError::Pdf("a document could not be printed".into()).into())
            })
        })
        .collect()
}

/// One document printed by each requested back end and fingerprinted; files are `<stem>.<format>`.
pub fn render_formats(
    doc: &secspec_core::Document,
    stem: &str,
    template_versions: &str,
    fonts: &FontSet,
    formats: &[Format],
) -> Result<Vec<Output>, SetError> {
    formats
        .iter()
        .map(|format| render(doc, stem, template_versions, fonts, *format))
        .collect()
}

fn render(
    doc: &secspec_core::Document,
    stem: &str,
    template_versions: &str,
    fonts: &FontSet,
    format: Format,
) -> Result<Output, SetError> {
    let bytes = match format {
        Format::Docx => docx::render_docx(doc)?,
        Format::Pdf => pdf::render_pdf(doc, fonts)?,
    };
    Ok(Output {
        kind: doc.meta.kind,
        format,
        file_name: format!("{stem}.{}", format.code()),
        sha256: sha256_hex(&bytes),
        bytes,
        template_versions: template_versions.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parallel_results_keep_the_order_of_the_items() {
        let items: Vec<u32> = (0..25).collect();
        let out = parallel_map(&items, |n| {
            if n % 7 == 3 {
                Err(RenderError::Docx(format!("item {n}")).into())
            } else {
                Ok(n * 2)
            }
        });
        assert_eq!(out.len(), items.len());
        for (n, result) in items.iter().zip(&out) {
            match result {
                Ok(v) => assert_eq!(*v, n * 2),
                Err(e) => assert!(n % 7 == 3 && e.to_string().contains(&format!("item {n}"))),
            }
        }
    }
}
