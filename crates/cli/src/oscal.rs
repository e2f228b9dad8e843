//! `secspec checklist oscal ID --out DIR`: the applicable checklist as an OSCAL 1.1 catalog and
//! the answers as OSCAL assessment results, for agencies whose tooling reads OSCAL.

use crate::commands::{load, Ctx};
use crate::error::{CliError, CliResult};
use anyhow::anyhow;
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
    crate::files::create_dir(out)?;
    for f in &files {
        crate::files::write_printed(&out.join(&f.file_name), &f.bytes)?;
    }
    Ok(())
}
