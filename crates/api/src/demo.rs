//! The sample document set: the example projects of `templates/examples/` in a temporary
//! database, every document of each written to a folder.

use crate::config::Config;
use crate::error::{ApiError, ApiResult, ErrorCode};
use crate::service::Service;
use crate::types::{GenerateRequest, GeneratedFile};

/// The example answers files the demo writes documents for.
pub const EXAMPLES: [&str; 2] = ["procurement", "subsidy"];

impl Service {
    /// Writes the whole document set of every example project into `dir`, using a temporary
    /// database (the user's own is not touched).
    pub fn demo(config: &Config, dir: &str) -> ApiResult<Vec<GeneratedFile>> {
        let tmp = tempfile::tempdir().map_err(|e| {
            ApiError::new(
                ErrorCode::Failure,
                format!("一時フォルダを作成できません: {e}"),
                format!("cannot create a temporary folder: {e}"),
            )
        })?;
        let config = Config {
            database: Some(tmp.path().join("demo.db")),
            ..config.clone()
        };
        let svc = Service::open(&config)?;
        let examples = config.templates_dir()?.join("examples");
        let mut written = Vec::new();
        for name in EXAMPLES {
            let path = examples.join(format!("{name}.toml"));
            let project = crate::answers::read_answers(&path)?;
            svc.check_project(&project)
                .map_err(|e| e.prefixed(&path.display().to_string()))?;
            let id = svc.create_project(project)?.id;
            written.extend(svc.generate(GenerateRequest {
                id,
                dir: dir.to_string(),
                kinds: Vec::new(),
                formats: Vec::new(),
                draft: false,
            })?);
        }
        Ok(written)
    }

    /// A commented answers file that is itself a complete, valid example.
    pub fn answers_template(&self) -> String {
        crate::answers::template(self.library())
    }
}
