//! The preview back end: the document model as an HTML fragment for the desktop UI.
//! Everything is escaped here, so the UI can insert the fragment as is; styling lives in the UI
//! (class names below), so the fragment carries no inline styles or scripts.

use crate::sanitize::clean;
use secspec_core::{Block, Document, Span, SpanStyle};
use std::fmt::Write;

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in clean(text).chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

fn spans(out: &mut String, spans: &[Span]) {
    for s in spans {
        let text = escape(&s.text);
        let _ = match s.style {
            SpanStyle::Normal => write!(out, "{text}"),
            SpanStyle::Bold => write!(out, "<strong>{text}</strong>"),
            SpanStyle::Inserted => write!(out, "<ins>{text}</ins>"),
            SpanStyle::Deleted => write!(out, "<del>{text}</del>"),
        };
    }
}

fn label(out: &mut String, label: &str) {
    if !label.is_empty() {
        let _ = write!(out, "<span class=\"label\">{}</span>", escape(label));
    }
}

/// Renders the whole document (title block, body, footer line) as one `<article>`.
pub fn render_html(doc: &Document) -> String {
    let m = &doc.meta;
    let mut out = String::new();
    let _ = write!(out, "<article class=\"doc\" lang=\"{}\">", m.lang.code());
    let _ = write!(
        out,
        "<header class=\"title-block\"><h1>{}</h1>",
        escape(&m.title)
    );
    let _ = write!(
        out,
        "<p class=\"right\">{}</p><p class=\"right\">{}</p>",
        escape(&m.date_text),
        escape(&m.agency)
    );
    let _ = write!(out, "<p class=\"subject\">{}</p>", escape(&m.subject));
    if let Some(n) = &m.notice {
        let _ = write!(out, "<p class=\"notice\">{}</p>", escape(n));
    }
    out.push_str("</header>");
    for block in &doc.blocks {
        match block {
            Block::Heading {
                level,
                label: l,
                text,
            } => {
                let tag = if *level <= 1 { "h2" } else { "h3" };
                let _ = write!(out, "<{tag}>");
                label(&mut out, l);
                let _ = write!(out, "{}</{tag}>", escape(text));
            }
            Block::Paragraph {
                level,
                label: l,
                spans: s,
            } => {
                let _ = write!(out, "<p class=\"para level-{level}\">");
                label(&mut out, l);
                out.push_str("<span class=\"text\">");
                spans(&mut out, s);
                out.push_str("</span></p>");
            }
            Block::List {
                level,
                marker,
                items,
            } => {
                let _ = write!(
                    out,
                    "<ul class=\"list level-{level}\" data-marker=\"{}\">",
                    escape(marker)
                );
                for item in items {
                    out.push_str("<li>");
                    label(&mut out, marker);
                    out.push_str("<span class=\"text\">");
                    spans(&mut out, item);
                    out.push_str("</span></li>");
                }
                out.push_str("</ul>");
            }
            Block::Table { header, rows, .. } => {
                out.push_str("<table>");
                for (i, row) in rows.iter().enumerate() {
                    let cell = if *header && i == 0 { "th" } else { "td" };
                    out.push_str("<tr>");
                    for c in row {
                        let _ = write!(out, "<{cell}>{}</{cell}>", escape(c));
                    }
                    out.push_str("</tr>");
                }
                out.push_str("</table>");
            }
            Block::Note { spans: s } => {
                out.push_str("<p class=\"note\">");
                spans(&mut out, s);
                out.push_str("</p>");
            }
            Block::Spacer => out.push_str("<div class=\"spacer\"></div>"),
        }
    }
    let _ = write!(out, "<footer>{}</footer></article>", escape(&m.footer));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use secspec_core::{DocumentKind, Lang, Metadata};

    #[test]
    fn escapes_everything_and_marks_redlines() {
        let doc = Document {
            meta: Metadata {
                kind: DocumentKind::Specification,
                lang: Lang::Ja,
                document_id: "X".into(),
                title: "<b>題</b>".into(),
                subject: "件名 & \"引用\"".into(),
                agency: "デジタル庁".into(),
                date_text: "令和8年11月22日".into(),
                template_version: "1".into(),
                footer: "f".into(),
                page_label: "ページ".into(),
                notice: None,
            },
            blocks: vec![Block::Paragraph {
                level: 1,
                label: "（１）".into(),
                spans: vec![
                    Span::styled("<script>", SpanStyle::Deleted),
                    Span::styled("新", SpanStyle::Inserted),
                ],
            }],
        };
        let html = render_html(&doc);
        assert!(html.contains("&lt;b&gt;題&lt;/b&gt;"));
        assert!(html.contains("件名 &amp; &quot;引用&quot;"));
        assert!(html.contains("<del>&lt;script&gt;</del><ins>新</ins>"));
        assert!(!html.contains("<script>"));
    }
}
