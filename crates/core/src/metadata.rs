//! What every document of SecSpec shares: the title block, ids and footer, and the reasons a
//! document cannot be built.

use crate::checklist::ScoreError;
use crate::compose::{ComposeError, Mode};
use crate::document::{DocumentKind, Lang, Metadata};
use crate::issue::Issue;
use crate::library::{Layout, Library, LibraryError};
use crate::project::Project;
use crate::project_ref::ProjectRef;
use crate::wareki;

#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    #[error("{}", crate::Bilingual::message(self))]
    Blocked(Vec<Issue>),
    #[error(transparent)]
    Compose(#[from] ComposeError),
    #[error(transparent)]
    Library(#[from] LibraryError),
    #[error(transparent)]
    Date(#[from] wareki::WarekiError),
    #[error(
        "文書「{0}」はこの案件の対象ではありません / document {0} does not apply to this project"
    )]
    NotApplicable(&'static str),
    #[error(transparent)]
    Checklist(#[from] ScoreError),
}

/// Title block, ids and footer of a document of `kind` for `p`, in `lang`.
#[allow(clippy::too_many_arguments)]
pub(crate) fn metadata(
    p: &Project,
    library: &Library,
    layout: &Layout,
    kind: DocumentKind,
    ctx: ProjectRef,
    mode: Mode,
    voluntary: bool,
    lang: Lang,
) -> Result<Metadata, BuildError> {
    let text = layout.text(lang);
    let document_id = ctx.id_for(kind.code());
    let template_version = format!("{}/{}-{}", library.version, kind.code(), layout.version);
    let date_text = match lang {
        Lang::Ja => wareki::format(p.document_date)?,
        Lang::En => wareki::format_en(p.document_date)?,
    };
    let agency = [p.agency.trim(), p.bureau.trim()]
        .iter()
        .filter(|s| !s.is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join(" ");
    let mut notices = Vec::new();
    if mode == Mode::Draft {
        notices.push(text.draft_notice.clone().unwrap_or_else(|| match lang {
            Lang::Ja => "【案】未確定の項目を含みます。".into(),
            Lang::En => "[DRAFT] Contains unfinished items.".into(),
        }));
    }
    if voluntary {
        notices.push(text.voluntary_notice.clone());
    }
    let sep = if lang == Lang::Ja { "\u{3000}" } else { "  " };
    Ok(Metadata {
        kind,
        lang,
        footer: format!(
            "{} {document_id}{sep}{} {template_version}",
            text.footer_label, text.template_label
        ),
        document_id,
        title: text.title.clone(),
        subject: p.title.trim().to_string(),
        agency,
        date_text,
        template_version,
        page_label: text.page_label.clone(),
        notice: (!notices.is_empty()).then(|| notices.join(sep)),
        word_font: p.word_font,
    })
}

impl crate::Bilingual for BuildError {
    fn message(&self) -> crate::Message {
        match self {
            BuildError::Blocked(issues) => crate::Message::new(
                format!("最終版を作成できません（要対応 {} 件）", issues.len()),
                format!(
                    "cannot make a final document ({} blocking issue(s))",
                    issues.len()
                ),
            ),
            BuildError::Compose(e) => e.message(),
            BuildError::Library(e) => e.message(),
            BuildError::Date(e) => e.message(),
            BuildError::NotApplicable(kind) => crate::Message::new(
                format!("文書「{kind}」はこの案件の対象ではありません"),
                format!("document {kind} does not apply to this project"),
            ),
            BuildError::Checklist(e) => e.message(),
        }
    }
}
