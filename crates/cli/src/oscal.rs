//! `secspec checklist oscal ID --out DIR`: the applicable checklist as an OSCAL 1.1 catalog and
//! the answers as OSCAL assessment results, for agencies whose tooling reads OSCAL.

use crate::commands::{load, Ctx};
use crate::error::{CliError, CliResult};
use anyhow::{anyhow, Context};
use secspec_oscal::{ExportMeta, OscalError};
use std::path::Path;

pub fn export(ctx: &Ctx, id: i64, out: &Path) -> CliResult {
    let library = ctx.library()?;
    let store = ctx.store()?;
    let stored = load(&store, id)?;
    let meta = ExportMeta {
        project_id: stored.id.0,
        revision: stored.revision,
    };
    let files = secspec_oscal::export(&library, &stored.project, &meta).map_err(|e| match e {
        // A stored answer the checklist refuses is the project's data, not a program fault.
        OscalError::Score(_) => CliError::input(format!("案件 / project {id}: {e}")),
        other => CliError::Failure(anyhow!("{other}")),
    })?;
    std::fs::create_dir_all(out).with_context(|| {
        format!(
            "{}: フォルダを作成できません / cannot create folder",
            out.display()
        )
    })?;
    for f in &files {
        let path = out.join(&f.file_name);
        secspec_render::set::write_file(&path, &f.bytes)
            .with_context(|| format!("{}: 書き込めません / cannot write", path.display()))?;
        out!(
            "{}  {}",
            path.display(),
            secspec_oscal::sha256_hex(&f.bytes)
        );
    }
    Ok(())
}
