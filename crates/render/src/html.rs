//! The preview back end: the document model as an HTML fragment for the desktop UI.
//! Everything is escaped here, so the UI can insert the fragment as is; styling lives in the UI
//! (class names below), so the fragment carries no inline styles or scripts.

use crate::sanitize::clean;
use secspec_core::document::Bar;
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

/// A bar chart as a table of `<meter>` elements: the app's CSP (`style-src 'self'`) blocks
/// inline widths, and a meter draws its length (and, through low/high/optimum at the grade
/// boundaries 60 % and 80 %, its colour band) without any style.
fn bar_chart(out: &mut String, title: &str, bars: &[Bar]) {
    let _ = write!(
        out,
        "<figure class=\"bar-chart\"><figcaption>{}</figcaption><table class=\"bars\">",
        escape(title)
    );
    for bar in bars {
        let value = escape(&bar.value_label);
        let _ = write!(
            out,
            "<tr><th>{}</th><td class=\"bar\"><meter min=\"0\" max=\"1000\" low=\"600\" high=\"800\" optimum=\"1000\" value=\"{}\">{value}</meter></td><td class=\"value\">{value}</td></tr>",
            escape(&bar.label),
            bar.percent_tenths.min(1000),
        );
    }
    out.push_str("</table></figure>");
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
            Block::BarChart { title, bars } => bar_chart(&mut out, title, bars),
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
                word_font: Default::default(),
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

    #[test]
    fn bar_chart_is_meters_without_inline_style() {
        let mut out = String::new();
        bar_chart(
            &mut out,
            "区分別 <率>",
            &[Bar {
                label: "侵害対策".into(),
                percent_tenths: 875,
                value_label: "87.5% B".into(),
            }],
        );
        assert!(out.contains("<figcaption>区分別 &lt;率&gt;</figcaption>"));
        assert!(out.contains("value=\"875\">87.5% B</meter>"));
        assert!(!out.contains("style="));
    }
}
